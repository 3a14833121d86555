//! `/redemptions/locks/{lock_reference}` (seed 004 "Validate and Lock",
//! burn, release): the order-level lock a multi-code reserve answers
//! (`POST /redemptions` with `coupon_codes` and `status: pending`).
//!
//! `GET` shows the lock's redemptions as they now stand; `POST …/confirm`
//! (seed 004's burn) and `POST …/release` settle every reservation of the
//! lock through the same per-code path as `/redemptions/{id}/confirm` and
//! `/release` ([`super::redemptions::settle_one`]). Both are idempotent: a
//! second confirm answers the confirmed redemptions again, a second release
//! the released ones. Codes are settled one by one, not atomically: when one
//! is refused (it expired first, or was settled the other way) the others
//! are still settled and the refusal names `redemptions[i]`.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use stampede_actors::records;
use stampede_actors::records::locks::RedemptionLock;
use stampede_protocol::limits::MAX_REASON_LEN_BYTES;
use stampede_protocol::{Redemption, RedemptionStatus};
use utoipa::ToSchema;

use super::redemptions::{settle_one, Settle, VoidBody};
use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonOrEmpty, PathId};
use crate::AppState;

/// An order-level lock and its redemptions.
#[derive(Debug, Serialize, ToSchema)]
pub struct LockView {
    /// Seed 004 `lockReference`.
    pub lock_reference: String,
    /// `pending`, `success` or `voided` when every redemption of the lock
    /// is; `mixed` otherwise.
    pub status: String,
    /// One per code, in the order the codes were reserved.
    pub redemptions: Vec<Redemption>,
    pub created_at: DateTime<Utc>,
}

/// The aggregate status of a lock's redemptions.
fn status_of(redemptions: &[Redemption]) -> String {
    let all = |s: &[RedemptionStatus]| redemptions.iter().all(|r| s.contains(&r.status));
    if all(&[RedemptionStatus::Pending]) {
        "pending".into()
    } else if all(&[RedemptionStatus::Success]) {
        "success".into()
    } else if all(&[RedemptionStatus::Voided, RedemptionStatus::Expired]) {
        "voided".into()
    } else {
        "mixed".into()
    }
}

async fn read_lock(state: &AppState, tenant: &str, id: &str) -> Result<RedemptionLock, ApiError> {
    records::locks::get(&state.records(), tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("lock"))
}

/// The lock's redemptions as stored now.
async fn current(
    state: &AppState,
    tenant: &str,
    lock: &RedemptionLock,
) -> Result<Vec<Redemption>, ApiError> {
    let mut redemptions = Vec::with_capacity(lock.parts.len());
    for part in &lock.parts {
        let stored = records::redemptions::get(&state.records(), tenant, &part.redemption_id)
            .await?
            .ok_or_else(|| ApiError::not_found("redemption"))?;
        redemptions.push(stored);
    }
    Ok(redemptions)
}

fn view(lock: RedemptionLock, redemptions: Vec<Redemption>) -> LockView {
    LockView {
        status: status_of(&redemptions),
        lock_reference: lock.lock_reference,
        redemptions,
        created_at: lock.created_at,
    }
}

#[utoipa::path(get, path = "/v1/promotions/redemptions/locks/{lock_reference}", tag = "redemptions",
    params(("lock_reference" = String, Path)),
    responses((status = 200, body = LockView),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks redemptions:read"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such lock")))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<LockView>, ApiError> {
    if caller.require(Scope::RedemptionsRead).is_err() {
        caller.require(Scope::RedemptionsWrite)?;
    }
    let lock = read_lock(&state, &caller.tenant, id.as_str()).await?;
    let redemptions = current(&state, &caller.tenant, &lock).await?;
    Ok(Json(view(lock, redemptions)))
}

/// Confirms or releases every redemption of the lock, one by one.
async fn settle_lock(
    state: &AppState,
    caller: &Caller,
    id: &str,
    reason: Option<String>,
    confirm: bool,
) -> Result<Json<LockView>, ApiError> {
    caller.require(Scope::RedemptionsWrite)?;
    let lock = read_lock(state, &caller.tenant, id).await?;
    let mut settled = Vec::with_capacity(lock.parts.len());
    let mut refused = None;
    for (i, redemption) in current(state, &caller.tenant, &lock)
        .await?
        .into_iter()
        .enumerate()
    {
        let action = if confirm {
            Settle::Confirm
        } else {
            Settle::Release(reason.clone())
        };
        match settle_one(state, caller, None, redemption.clone(), action).await {
            Ok(done) => settled.push(done),
            Err(mut problem) => {
                problem.field = Some(format!("redemptions[{i}]"));
                refused.get_or_insert(problem);
                settled.push(redemption);
            }
        }
    }
    match refused {
        Some(problem) => Err(problem),
        None => Ok(Json(view(lock, settled))),
    }
}

#[utoipa::path(post, path = "/v1/promotions/redemptions/locks/{lock_reference}/confirm", tag = "redemptions",
    params(("lock_reference" = String, Path)),
    responses((status = 200, body = LockView, description = "every redemption confirmed (again, for a repeat)"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown field"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks redemptions:write"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such lock"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "reservation_expired or redemption_not_pending, naming redemptions[i]; the others were confirmed"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn confirm(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: JsonOrEmpty<VoidBody>,
) -> Result<Json<LockView>, ApiError> {
    if body.value.reason.is_some() {
        return Err(ApiError::invalid("reason", "a confirm takes no reason"));
    }
    settle_lock(&state, &caller, id.as_str(), None, true).await
}

#[utoipa::path(post, path = "/v1/promotions/redemptions/locks/{lock_reference}/release", tag = "redemptions", request_body = Option<VoidBody>,
    params(("lock_reference" = String, Path)),
    responses((status = 200, body = LockView, description = "every redemption released (again, for a repeat); their uses are back"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown field, or a reason too long"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks redemptions:write"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such lock"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "redemption_not_pending, naming redemptions[i] (it was confirmed); the others were released"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn release(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: JsonOrEmpty<VoidBody>,
) -> Result<Json<LockView>, ApiError> {
    let reason = body.value.reason;
    if reason
        .as_ref()
        .is_some_and(|r| r.len() > MAX_REASON_LEN_BYTES)
    {
        return Err(ApiError::invalid(
            "reason",
            format!("at most {MAX_REASON_LEN_BYTES} bytes"),
        ));
    }
    settle_lock(&state, &caller, id.as_str(), reason, false).await
}
