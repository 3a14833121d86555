//! `/retention/policy` (seed 000 §15): how long a tenant's records are kept,
//! and `POST /retention/redact`: a user's identifiers removed on request.
//!
//! The retention sweeper (`stampede_actors::retention`) applies the policy in
//! bounded batches; counters are stored apart from the records they count, so
//! no count changes when a record goes.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_protocol::retention::{RetentionPolicy, MAX_RETENTION_DAYS};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::{validate, AppState};

/// A policy as answered: the tenant's, and the node's idempotency retention.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyView {
    #[serde(flatten)]
    pub policy: RetentionPolicy,
    /// How long idempotency records are kept: the node's setting
    /// (`--idempotency-retention-hours`), the same for every tenant.
    pub idempotency_hours: u64,
}

/// `POST /retention/policy`: days each kind of record is kept (absent: for
/// ever), 1–3650.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyBody {
    pub redemptions_days: Option<u32>,
    pub audit_days: Option<u32>,
    pub job_reports_days: Option<u32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedactBody {
    pub user_id: String,
    /// The `next_cursor` of the previous answer, to go on.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RedactView {
    /// What the user's id was replaced by (stable, not reversible).
    pub replaced_by: String,
    pub redemptions: usize,
    pub events: usize,
    /// Present when more redemptions remain to be read: send it back.
    pub next_cursor: Option<String>,
}

fn view(state: &AppState, policy: RetentionPolicy) -> PolicyView {
    let seconds = state.shards.config().idempotency_retention.as_secs();
    PolicyView {
        policy,
        idempotency_hours: seconds / 3_600,
    }
}

#[utoipa::path(get, path = "/v1/promotions/retention/policy", tag = "retention",
    responses((status = 200, body = PolicyView),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<PolicyView>, ApiError> {
    caller.require_admin()?;
    let policy = records::retention::get(&state.records(), &caller.tenant).await?;
    Ok(Json(view(&state, policy)))
}

#[utoipa::path(post, path = "/v1/promotions/retention/policy", tag = "retention", request_body = PolicyBody,
    responses((status = 200, body = PolicyView),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a value out of 1–3650, named"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "body too large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "not JSON"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON or an unknown field"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn set(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<PolicyBody>,
) -> Result<Json<PolicyView>, ApiError> {
    caller.require_admin()?;
    let body = body.value;
    let now = state.now();
    let policy = RetentionPolicy {
        redemptions_days: body.redemptions_days,
        audit_days: body.audit_days,
        job_reports_days: body.job_reports_days,
        updated_at: Some(now),
    };
    if let Some(field) = policy.out_of_bounds() {
        return Err(ApiError::invalid(
            field,
            format!("must be 1–{MAX_RETENTION_DAYS} days (absent: kept for ever)"),
        ));
    }
    records::retention::put(&caller.records(&state), &caller.tenant, &policy, now).await?;
    Ok(Json(view(&state, policy)))
}

#[utoipa::path(post, path = "/v1/promotions/retention/redact", tag = "retention", request_body = RedactBody,
    responses((status = 200, body = RedactView, description = "the user's id replaced by a stand-in in the redemptions read and the audit events naming it; counts unchanged"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad field"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "not JSON"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON or an unknown field"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn redact(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<RedactBody>,
) -> Result<Json<RedactView>, ApiError> {
    caller.require_admin()?;
    let body = body.value;
    validate::identifier("user_id", &body.user_id)?;
    validate::optional_identifier("cursor", body.cursor.as_deref())?;
    let records = caller.records(&state);
    let done = records::retention::redact(
        &records,
        &caller.tenant,
        &body.user_id,
        body.cursor.as_deref(),
    )
    .await?;
    Ok(Json(RedactView {
        replaced_by: records::retention::pseudonym(&caller.tenant, &body.user_id),
        redemptions: done.redemptions,
        events: done.events,
        next_cursor: done.next_cursor,
    }))
}
