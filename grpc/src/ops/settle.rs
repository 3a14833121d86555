//! `Confirm`, `Release` and `Void` of one redemption
//! (`POST /redemptions/{id}/confirm|release|void`), each decided by the
//! coupon's actor.

use axum::http::Method;
use serde_json::json;
use tonic::{Request, Response, Status};

use crate::convert::answer;
use crate::edge::{Call, Edge};
use crate::ops::{reply, segment, Incoming};
use crate::proto::{Redemption, SettleRequest};

/// What becomes of the redemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// A reservation is burned.
    Confirm,
    /// A reservation is given back.
    Release,
    /// A redemption is undone and its use given back.
    Void,
}

impl Settle {
    fn action(self) -> &'static str {
        match self {
            Settle::Confirm => "confirm",
            Settle::Release => "release",
            Settle::Void => "void",
        }
    }
}

pub async fn run(
    edge: &Edge,
    request: Request<SettleRequest>,
    settle: Settle,
) -> Result<Response<Redemption>, Status> {
    let incoming = Incoming::of(request);
    let message = &incoming.message;
    let id = segment("redemption_id", &message.redemption_id)?;
    let body = message
        .reason
        .as_ref()
        .map(|reason| json!({ "reason": reason }));
    let call = Call {
        method: Method::POST,
        path: format!("/v1/promotions/redemptions/{id}/{}", settle.action()),
        body,
        idempotency_key: Some(&message.idempotency_key),
    };
    let answer = incoming.ask(edge, call).await?;
    Ok(reply(answer::redemption(&answer.body), answer.request_id))
}
