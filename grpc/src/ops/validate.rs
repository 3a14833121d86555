//! `Validate`: what each code would do to this cart (`POST /validate`).

use axum::http::Method;
use serde_json::{json, Value};
use tonic::{Request, Response, Status};

use crate::convert::{answer, request};
use crate::edge::{Call, Edge};
use crate::ops::{reply, Incoming};
use crate::proto::{ValidateRequest, ValidateResponse};

pub async fn run(
    edge: &Edge,
    request: Request<ValidateRequest>,
) -> Result<Response<ValidateResponse>, Status> {
    let incoming = Incoming::of(request);
    let message = &incoming.message;
    let mut body =
        request::codes_and_context(&message.codes, message.context.as_ref(), "store_id")?;
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
    let answer = incoming.ask(edge, call).await?;
    Ok(reply(answer::validation(&answer.body), answer.request_id))
}
