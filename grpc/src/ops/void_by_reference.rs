//! `VoidByReference`: voids every redemption of an order reference
//! (`POST /redemptions/void-by-reference`).

use axum::http::Method;
use serde_json::{Map, Value};
use tonic::{Request, Response, Status};

use crate::convert::{answer, request};
use crate::edge::{Call, Edge};
use crate::ops::{reply, Incoming};
use crate::proto::{VoidByReferenceRequest, VoidByReferenceResponse};

pub async fn run(
    edge: &Edge,
    request: Request<VoidByReferenceRequest>,
) -> Result<Response<VoidByReferenceResponse>, Status> {
    let incoming = Incoming::of(request);
    let message = &incoming.message;
    let mut body = Map::new();
    body.insert(
        String::from("reference_id"),
        Value::String(message.reference_id.clone()),
    );
    request::put(&mut body, "reason", message.reason.as_ref());
    let call = Call {
        method: Method::POST,
        path: String::from("/v1/promotions/redemptions/void-by-reference"),
        body: Some(Value::Object(body)),
        idempotency_key: Some(&message.idempotency_key),
    };
    let answer = incoming.ask(edge, call).await?;
    let body = &answer.body;
    let reply_message = VoidByReferenceResponse {
        reference_id: body
            .get("reference_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        voided: answer::redemptions(body, "voided"),
        redemptions: answer::redemptions(body, "redemptions"),
    };
    Ok(reply(reply_message, answer.request_id))
}
