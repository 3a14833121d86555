//! `GET /audit` and `GET /audit/{event_id}` (seed 000 §15): who changed what,
//! when, why, and what it looked like before and after.
//!
//! The audit log is the tenant's journal (`records::events`): every effect
//! appended exactly one event in the transaction that made it, so the log
//! holds each effect once — also when a commit whose result was unknown was
//! retried — and nothing that did not happen. Newest first.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use stampede_actors::records;
use stampede_actors::records::events::{Filter, MAX_AUDIT_PAGE};
use stampede_protocol::event::EventView;
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{PathId, QueryParams};
use crate::page::ListPage;
use crate::{validate, AppState};

/// Events on a page when `limit` is absent.
const DEFAULT_AUDIT_PAGE: usize = 50;

/// `GET /audit` query.
#[derive(Debug, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// The key id, `jwt:{subject}`, `root` or `system:{worker}` that acted.
    pub actor: Option<String>,
    /// An event type (`coupon.revoked`) or a family (`coupon`).
    pub action: Option<String>,
    pub target_id: Option<String>,
    /// `coupon`, `redemption`, `campaign`, `promotion`, `rule`, `segment`,
    /// `schedule`, `key`, `job`, `webhook`…
    pub target_type: Option<String>,
    /// Events at or after this instant.
    pub start: Option<DateTime<Utc>>,
    /// Events before this instant.
    pub end: Option<DateTime<Utc>>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1–200, default 50.
    pub limit: Option<usize>,
}

impl AuditQuery {
    fn filter(self) -> Result<(Filter, Option<String>, usize), ApiError> {
        for (field, value) in [
            ("actor", &self.actor),
            ("action", &self.action),
            ("target_id", &self.target_id),
            ("target_type", &self.target_type),
        ] {
            if let Some(value) = value {
                validate::identifier(field, value)?;
            }
        }
        if let (Some(start), Some(end)) = (self.start, self.end) {
            if end <= start {
                return Err(ApiError::invalid("end", "must be after start"));
            }
        }
        let limit = self.limit.unwrap_or(DEFAULT_AUDIT_PAGE);
        if !(1..=MAX_AUDIT_PAGE).contains(&limit) {
            return Err(ApiError::invalid(
                "limit",
                format!("must be 1–{MAX_AUDIT_PAGE}"),
            ));
        }
        let filter = Filter {
            actor: self.actor,
            action: self.action,
            target_id: self.target_id,
            target_type: self.target_type,
            from: self.start,
            to: self.end,
        };
        Ok((filter, self.cursor, limit))
    }
}

#[utoipa::path(get, path = "/v1/promotions/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = ListPage<EventView>, description = "newest first; a page may hold fewer events than `limit` when the filter matched few of the events read, with `next_cursor` to go on"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<AuditQuery>,
) -> Result<Json<ListPage<EventView>>, ApiError> {
    caller.require_admin()?;
    let (filter, cursor, limit) = query.filter()?;
    let records = state.records();
    let page =
        records::events::audit(&records, &caller.tenant, &filter, cursor.as_deref(), limit).await?;
    Ok(Json(page.into()))
}

#[utoipa::path(get, path = "/v1/promotions/audit/{event_id}", tag = "audit",
    params(("event_id" = String, Path)),
    responses((status = 200, body = EventView),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<EventView>, ApiError> {
    caller.require_admin()?;
    records::events::get(&state.records(), &caller.tenant, id.as_str())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("audit event"))
}
