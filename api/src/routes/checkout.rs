//! Multi-code checkout: `POST /redemptions` with `coupon_codes` applies every code
//! or none.
//!
//! Each code belongs to its own actor, so no single transaction spans them. The
//! coordinator reserves on every owner first (a reservation holds its use against
//! every limit), then confirms them all, or releases them all on the first refusal.
//! A coordinator that dies between the two phases leaves only reservations, which
//! the expiry supervisor releases on time. Per-code idempotency keys are derived
//! from the request's, so a retry finds the same reservations instead of taking
//! new uses.

use futures::future::join_all;
use serde::Serialize;
use stampede_actors::{ActorError, RedeemRequest, VoidMode};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::{Redemption, RedemptionStatus};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::AppState;

/// The answer to a multi-code redemption.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderRedemptions {
    /// `success`, or `pending` when the request asked to reserve.
    pub status: RedemptionStatus,
    /// One redemption per code, in the order the codes were given.
    pub redemptions: Vec<Redemption>,
}

/// Reserves every code, then confirms all or releases all.
pub async fn all_or_nothing(
    state: &AppState,
    tenant: &str,
    codes: &[String],
    request: RedeemRequest,
) -> Result<OrderRedemptions, ApiError> {
    let keep_pending = request.reserve;
    let reserves = codes.iter().map(|code| {
        let mut one = request.clone();
        one.reserve = true;
        one.combined_codes = codes.len() - 1;
        one.idem = request.idem.as_ref().map(|idem| per_code(idem, code));
        state.shards.redeem(tenant, code, one)
    });
    let answers = join_all(reserves).await;
    let mut held = Vec::new();
    let mut refusal = None;
    for (i, (code, answer)) in codes.iter().zip(answers).enumerate() {
        match answer {
            Ok(redemption) => held.push((code.clone(), redemption)),
            Err(err) if refusal.is_none() => refusal = Some((i, err)),
            Err(_) => {}
        }
    }
    if let Some((i, err)) = refusal {
        release_all(state, tenant, &held).await;
        let mut problem = ApiError::from(err);
        problem.field = Some(format!("coupon_codes[{i}]"));
        problem.detail = format!("{} ({}); no code was applied", problem.detail, codes[i]);
        return Err(problem);
    }
    if keep_pending {
        let redemptions = held.into_iter().map(|(_, r)| r).collect();
        return Ok(OrderRedemptions {
            status: RedemptionStatus::Pending,
            redemptions,
        });
    }
    confirm_all(state, tenant, held).await
}

async fn confirm_all(
    state: &AppState,
    tenant: &str,
    held: Vec<(String, Redemption)>,
) -> Result<OrderRedemptions, ApiError> {
    let confirms = held.iter().map(|(code, redemption)| {
        state
            .shards
            .confirm(tenant, code, redemption.id.clone(), None)
    });
    let answers = join_all(confirms).await;
    let mut confirmed = Vec::new();
    let mut failure: Option<ActorError> = None;
    for ((code, reserved), answer) in held.iter().zip(answers) {
        match answer {
            Ok(redemption) => confirmed.push((code.clone(), redemption)),
            Err(err) => {
                failure.get_or_insert(err);
                confirmed.push((code.clone(), reserved.clone()));
            }
        }
    }
    if let Some(err) = failure {
        // Undo the ones that did confirm and release the rest: nothing stays applied.
        let undo = confirmed.iter().map(|(code, redemption)| {
            state.shards.void_with(
                tenant,
                code,
                redemption.id.clone(),
                Some(String::from("checkout aborted")),
                None,
                VoidMode::Void,
            )
        });
        join_all(undo).await;
        let mut problem = ApiError::from(err);
        problem.detail = format!("{}; no code was applied", problem.detail);
        return Err(problem);
    }
    Ok(OrderRedemptions {
        status: RedemptionStatus::Success,
        redemptions: confirmed.into_iter().map(|(_, r)| r).collect(),
    })
}

async fn release_all(state: &AppState, tenant: &str, held: &[(String, Redemption)]) {
    let releases = held.iter().map(|(code, redemption)| {
        state.shards.void_with(
            tenant,
            code,
            redemption.id.clone(),
            Some(String::from("another code of the order was refused")),
            None,
            VoidMode::Release,
        )
    });
    for (answer, (code, _)) in join_all(releases).await.into_iter().zip(held) {
        if let Err(err) = answer {
            // The reservation stays pending and expires on time.
            tracing::warn!(code, error = %err, "release after a refused checkout failed");
        }
    }
}

/// The idempotency key of one code of a multi-code request.
fn per_code(idem: &IdemSpec, code: &str) -> IdemSpec {
    IdemSpec {
        key: format!("{}#{code}", idem.key),
        fingerprint: idem.fingerprint.clone(),
    }
}
