//! `Redeem` and `Reserve` (`POST /redemptions`, status `success` or
//! `pending`): one code, or several all or nothing. The request's
//! `idempotency_key` is the REST `Idempotency-Key`: a retry gets the same
//! answer and takes no second use.

use axum::http::Method;
use serde_json::{Map, Value};
use tonic::{Request, Response, Status};

use crate::convert::{answer, json, request};
use crate::edge::{Call, Edge};
use crate::ops::{reply, Incoming};
use crate::proto::{RedeemRequest, RedeemResponse};

/// Whether the redemptions are taken now or held until confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Redeem,
    Reserve,
}

pub async fn run(
    edge: &Edge,
    request: Request<RedeemRequest>,
    mode: Mode,
) -> Result<Response<RedeemResponse>, Status> {
    let incoming = Incoming::of(request);
    let message = &incoming.message;
    let call = Call {
        method: Method::POST,
        path: String::from("/v1/promotions/redemptions"),
        body: Some(body(message, mode)?),
        idempotency_key: Some(&message.idempotency_key),
    };
    let answer = incoming.ask(edge, call).await?;
    Ok(reply(response(&answer.body), answer.request_id))
}

/// The REST body of the request.
fn body(message: &RedeemRequest, mode: Mode) -> Result<Value, Status> {
    let mut body = Map::new();
    if !message.coupon_code.is_empty() {
        body.insert(
            String::from("coupon_code"),
            Value::String(message.coupon_code.clone()),
        );
    }
    request::put_list(&mut body, "coupon_codes", &message.coupon_codes);
    let status = match mode {
        Mode::Redeem => "success",
        Mode::Reserve => "pending",
    };
    body.insert(String::from("status"), Value::from(status));
    request::put(&mut body, "user_id", message.user_id.as_ref());
    request::put(&mut body, "reference_type", message.reference_type.as_ref());
    request::put(&mut body, "reference_id", message.reference_id.as_ref());
    if let Some(context) = &message.context {
        let context = request::context("context", context, "store_id")?;
        body.insert(String::from("context"), context);
    }
    if let Some(metadata) = &message.metadata {
        let metadata = json::object("metadata", metadata)?;
        body.insert(String::from("metadata"), metadata);
    }
    let client_id = message.redemption_client_id.as_ref();
    request::put(&mut body, "redemption_client_id", client_id);
    Ok(Value::Object(body))
}

/// One code answers a redemption; several answer an order of them.
fn response(body: &Value) -> RedeemResponse {
    if body.get("redemptions").is_some() {
        return RedeemResponse {
            status: body
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            redemptions: answer::redemptions(body, "redemptions"),
            lock_reference: body
                .get("lock_reference")
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
    }
    let redemption = answer::redemption(body);
    RedeemResponse {
        status: redemption.status.clone(),
        redemptions: vec![redemption],
        lock_reference: None,
    }
}
