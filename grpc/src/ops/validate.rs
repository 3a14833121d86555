//! `Validate`: what each code would do to this cart (`POST /validate`).

use axum::http::Method;
use serde_json::{json, Map, Value};
use tonic::{Request, Response, Status};

use crate::convert::{answer, request};
use crate::edge::{Call, Edge};
use crate::ops::{reply, Incoming};
use crate::proto::{ValidateRequest, ValidateResponse};

pub async fn run(
    edge: &Edge,
    request: Request<ValidateRequest>,
) -> Result<Response<ValidateResponse>, Status> {
    let Incoming {
        metadata,
        peer,
        message,
    } = Incoming::of(request);
    let mut body = Map::new();
    request::put_list(&mut body, "codes", &message.codes);
    if let Some(context) = &message.context {
        body.insert(
            String::from("context"),
            request::context("context", context, "store_id")?,
        );
    }
    body.insert(
        String::from("options"),
        json!({
            "explain": message.explain,
            "simulate_best_combination": message.simulate_best_combination,
            "lock": message.lock,
        }),
    );
    let call = Call {
        method: Method::POST,
        path: String::from("/v1/promotions/validate"),
        body: Some(Value::Object(body)),
        idempotency_key: None,
    };
    let answer = edge.call(&metadata, peer, call).await?;
    Ok(reply(answer::validation(&answer.body), answer.request_id))
}
