//! `GetRedemption`: a committed redemption (`GET /redemptions/{id}`).

use axum::http::Method;
use tonic::{Request, Response, Status};

use crate::convert::answer;
use crate::edge::{Call, Edge};
use crate::ops::{reply, segment, Incoming};
use crate::proto::{GetRedemptionRequest, Redemption};

pub async fn run(
    edge: &Edge,
    request: Request<GetRedemptionRequest>,
) -> Result<Response<Redemption>, Status> {
    let incoming = Incoming::of(request);
    let message = &incoming.message;
    let id = segment("redemption_id", &message.redemption_id)?;
    let call = Call {
        method: Method::GET,
        path: format!("/v1/promotions/redemptions/{id}"),
        body: None,
        idempotency_key: None,
    };
    let answer = incoming.ask(edge, call).await?;
    Ok(reply(answer::redemption(&answer.body), answer.request_id))
}
