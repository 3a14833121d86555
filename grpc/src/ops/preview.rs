//! `Preview`: the whole cart with codes and automatic promotions
//! (`POST /preview`); writes nothing.

use axum::http::Method;
use serde_json::{Map, Value};
use tonic::{Request, Response, Status};

use crate::convert::{json, request};
use crate::edge::{Call, Edge};
use crate::ops::{reply, Incoming};
use crate::proto::{PreviewRequest, PreviewResponse};

pub async fn run(
    edge: &Edge,
    request: Request<PreviewRequest>,
) -> Result<Response<PreviewResponse>, Status> {
    let incoming = Incoming::of(request);
    let message = &incoming.message;
    let mut body = request::codes_and_context(&message.codes, message.context.as_ref(), "store")?;
    let mut options = Map::new();
    options.insert(String::from("explain"), Value::Bool(message.explain));
    if let Some(at) = &message.at {
        options.insert(String::from("at"), json::rfc3339("at", at)?);
    }
    body.insert(String::from("options"), Value::Object(options));
    let call = Call {
        method: Method::POST,
        path: String::from("/v1/promotions/preview"),
        body: Some(Value::Object(body)),
        idempotency_key: None,
    };
    let answer = incoming.ask(edge, call).await?;
    let report = json::to_struct(&answer.body);
    Ok(reply(PreviewResponse { report }, answer.request_id))
}
