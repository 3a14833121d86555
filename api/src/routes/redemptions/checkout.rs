//! Multi-code checkout: `POST /redemptions` with `coupon_codes` applies every code
//! or none.
//!
//! Each code belongs to its own actor, so no single transaction spans them. The
//! coordinator reserves on every owner first (a reservation holds its use against
//! every limit) and releases them all on the first refusal. When every code is
//! reserved, one transaction records the checkout's decision — the commit point —
//! after checking that every reservation is still pending; then each is confirmed.
//! A coordinator that dies before the decision leaves only reservations, which
//! expire; one that dies after it leaves a decided checkout, whose reservations the
//! expiry supervisor confirms instead of expiring (reservation commits re-read the
//! decision for real, so expiry and decision cannot both win). Per-code
//! idempotency keys and the checkout id derive from the request's key, so a retry
//! finds the same reservations and the same decision instead of taking new uses.

use futures::future::join_all;
use serde::Serialize;
use sha2::{Digest, Sha256};
use stampede_actors::records::{self, checkouts::Decision};
use stampede_actors::{RedeemRequest, VoidMode};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::CHECKOUT_PREFIX;
use stampede_protocol::{ErrorCode, Redemption, RedemptionStatus};
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
    entered: &[String],
    request: RedeemRequest,
) -> Result<OrderRedemptions, ApiError> {
    let keep_pending = request.reserve;
    // A pending order is confirmed code by code by its client: no decision.
    let checkout_id = (!keep_pending).then(|| checkout_id_for(state, request.idem.as_ref()));
    let reserves = codes.iter().enumerate().map(|(i, code)| {
        let mut one = request.clone();
        one.entered_code = entered.get(i).cloned();
        one.reserve = true;
        one.checkout_id = checkout_id.clone();
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
    let Some(checkout_id) = checkout_id else {
        let redemptions = held.into_iter().map(|(_, r)| r).collect();
        return Ok(OrderRedemptions {
            status: RedemptionStatus::Pending,
            redemptions,
        });
    };
    match decide(state, tenant, &checkout_id, &held).await? {
        Decision::Decided => confirm_all(state, tenant, held).await,
        Decision::Lapsed(i) => {
            release_all(state, tenant, &held).await;
            Err(ApiError::field(
                ErrorCode::ReservationExpired,
                format!("coupon_codes[{i}]"),
                format!(
                    "the reservation of {} lapsed before the order committed; no code was applied",
                    codes[i]
                ),
            ))
        }
    }
}

/// Confirms every reservation of a decided checkout. A failure leaves the
/// decision standing: a retry with the same key, or the expiry supervisor,
/// completes it; nothing is undone.
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
    let mut confirmed = Vec::with_capacity(held.len());
    for answer in join_all(confirms).await {
        match answer {
            Ok(redemption) => confirmed.push(redemption),
            Err(err) => {
                let mut problem = ApiError::from(err);
                problem.code = ErrorCode::Unavailable;
                problem.detail = format!(
                    "the order is committed but not every code is confirmed yet ({}); \
                     retry with the same Idempotency-Key, or it completes on its own",
                    problem.detail
                );
                return Err(problem);
            }
        }
    }
    Ok(OrderRedemptions {
        status: RedemptionStatus::Success,
        redemptions: confirmed,
    })
}

/// The commit point ([`records::checkouts::decide`]): records that the
/// checkout confirms, if every reservation is still pending.
async fn decide(
    state: &AppState,
    tenant: &str,
    checkout_id: &str,
    held: &[(String, Redemption)],
) -> Result<Decision, ApiError> {
    let parts: Vec<(String, String)> = held
        .iter()
        .map(|(code, r)| (code.clone(), r.id.clone()))
        .collect();
    let records = state.records();
    let now = state.now();
    Ok(records::checkouts::decide(&records, tenant, checkout_id, &parts, now).await?)
}

/// A checkout's id: derived from the idempotency key, so a retry finds the same
/// checkout (and its decision); fresh otherwise.
fn checkout_id_for(state: &AppState, idem: Option<&IdemSpec>) -> String {
    match idem {
        Some(idem) => {
            let digest = Sha256::digest(idem.key.as_bytes());
            format!("chk_{}", &hex::encode(digest)[..32])
        }
        None => state.new_id(CHECKOUT_PREFIX),
    }
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
