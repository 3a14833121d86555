//! `GET /coupons`: the filters of seeds 000 and 003. Cursor pages walk the
//! coupons in id order; `page` (with `sort`) numbers the pages of the matching
//! coupons and reports their `total`. Every parameter is known or refused.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_protocol::{Coupon, CouponStatus, CouponType};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::{validate, AppState};

/// Rows a single list request may scan before returning a short page with a
/// cursor; a `page` request that would need more is refused (narrow the filters).
const MAX_LIST_SCAN_ROWS: usize = 10_000;
/// Entries of a comma-separated filter (`type`, `kind`, `name`).
const MAX_FILTER_VALUES: usize = 32;

/// A page of coupons.
#[derive(Debug, Serialize, ToSchema)]
pub struct CouponPage {
    pub data: Vec<Coupon>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    pub has_more: bool,
    /// Coupons matching the filters, with `page` (seed 003).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Exact code.
    pub code: Option<String>,
    /// Part of the name, any case; comma-separated for several.
    pub name: Option<String>,
    pub campaign_id: Option<String>,
    pub status: Option<CouponStatus>,
    /// `true`: active now; `false`: anything else.
    pub active: Option<bool>,
    /// Comma-separated coupon types.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The same as `type` (seed 003 `kind[]`; repeats are read as a list).
    #[serde(rename = "kind")]
    pub kind_alias: Option<String>,
    /// The key id that created the coupon (`root` for the root key).
    pub created_by: Option<String>,
    /// Created at or after.
    pub start: Option<DateTime<Utc>>,
    /// Created before.
    pub end: Option<DateTime<Utc>>,
    /// `created_at`, `updated_at`, `code` or `name`; `-` first for descending.
    pub sort: Option<String>,
    /// 1-based page number; answers with `total`.
    pub page: Option<usize>,
    pub cursor: Option<String>,
    pub limit: Option<usize>,
    #[serde(default)]
    pub include_deleted: bool,
}

/// The filters, checked once.
struct Filter {
    names: Vec<String>,
    kinds: Vec<CouponType>,
    query: ListQuery,
}

impl Filter {
    fn new(query: ListQuery) -> Result<Self, ApiError> {
        let names = split("name", query.name.as_deref())?
            .into_iter()
            .map(|n| n.to_lowercase())
            .collect();
        let mut kinds = Vec::new();
        for (field, list) in [("type", &query.kind), ("kind", &query.kind_alias)] {
            for raw in split(field, list.as_deref())? {
                let kind: CouponType = serde_json::from_value(serde_json::Value::from(raw.clone()))
                    .map_err(|_| ApiError::invalid(field, format!("unknown type {raw}")))?;
                kinds.push(kind);
            }
        }
        if let (Some(start), Some(end)) = (query.start, query.end) {
            if end <= start {
                return Err(ApiError::invalid("end", "must be after start"));
            }
        }
        validate::optional_identifier("created_by", query.created_by.as_deref())?;
        validate::optional_identifier("campaign_id", query.campaign_id.as_deref())?;
        Ok(Filter {
            names,
            kinds,
            query,
        })
    }

    fn matches(&self, c: &Coupon, now: DateTime<Utc>) -> bool {
        let q = &self.query;
        let name = c.name.as_deref().unwrap_or_default().to_lowercase();
        (q.include_deleted || c.deleted_at.is_none())
            && q.campaign_id.as_ref().is_none_or(|id| c.campaign_id.as_ref() == Some(id))
            && q.status.is_none_or(|s| c.status == s)
            && q.active.is_none_or(|a| a == (c.effective_status(now) == CouponStatus::Active))
            // Promotions' codes are listed with their promotions unless asked for.
            && match self.kinds.is_empty() {
                true => c.kind != CouponType::Promotion,
                false => self.kinds.contains(&c.kind),
            }
            && (self.names.is_empty() || self.names.iter().any(|n| name.contains(n.as_str())))
            && q.created_by.as_ref().is_none_or(|by| c.created_by.as_ref() == Some(by))
            && q.start.is_none_or(|start| c.created_at >= start)
            && q.end.is_none_or(|end| c.created_at < end)
    }
}

/// A comma-separated parameter, bounded.
fn split(field: &str, raw: Option<&str>) -> Result<Vec<String>, ApiError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    let values: Vec<String> = raw
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect();
    if values.len() > MAX_FILTER_VALUES {
        return Err(ApiError::invalid(
            field,
            format!("at most {MAX_FILTER_VALUES} values"),
        ));
    }
    for value in &values {
        validate::identifier(field, value)?;
    }
    Ok(values)
}

/// Orders coupons by `sort` (`created_at` when absent); ties by id.
fn sort(coupons: &mut [Coupon], sort: Option<&str>) -> Result<(), ApiError> {
    let raw = sort.unwrap_or("created_at");
    let (descending, field) = match raw.strip_prefix('-') {
        Some(field) => (true, field),
        None => (false, raw),
    };
    match field {
        "created_at" => {
            coupons.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)))
        }
        "updated_at" => {
            coupons.sort_by(|a, b| a.updated_at.cmp(&b.updated_at).then(a.id.cmp(&b.id)))
        }
        "code" => coupons.sort_by(|a, b| a.code.cmp(&b.code).then(a.id.cmp(&b.id))),
        "name" => coupons.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id))),
        _ => {
            return Err(ApiError::invalid(
                "sort",
                "one of created_at, updated_at, code, name (- for descending)",
            ))
        }
    }
    if descending {
        coupons.reverse();
    }
    Ok(())
}

#[utoipa::path(get, path = "/v1/promotions/coupons", tag = "coupons", params(ListQuery),
    responses((status = 200, body = CouponPage),
        (status = 400, body = crate::error::Problem, description = "an unknown parameter or a bad filter, named in `field`"),
        (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<ListQuery>,
) -> Result<Json<CouponPage>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let limit = validate::page_limit(query.limit)?;
    let now = state.now();
    if let Some(cursor) = &query.cursor {
        validate::identifier("cursor", cursor)?;
        if query.page.is_some() || query.sort.is_some() {
            return Err(ApiError::invalid(
                "cursor",
                "send cursor or page/sort, not both",
            ));
        }
    }
    if query.page == Some(0) {
        return Err(ApiError::invalid("page", "pages are numbered from 1"));
    }
    let filter = Filter::new(query)?;
    if let Some(code) = &filter.query.code {
        let code = validate::coupon_code("code", code)?;
        let found = records::coupons::by_code(&state.records(), &caller.tenant, &code).await?;
        let data: Vec<Coupon> = found
            .map(|c| view(c, now))
            .into_iter()
            .filter(|c| filter.matches(c, now))
            .collect();
        let total = filter.query.page.map(|_| data.len());
        return Ok(Json(CouponPage {
            data,
            next_cursor: None,
            has_more: false,
            total,
            page: filter.query.page,
        }));
    }
    if filter.query.page.is_some() || filter.query.sort.is_some() {
        return numbered_page(&state, &caller.tenant, &filter, limit, now).await;
    }
    cursor_page(&state, &caller.tenant, &filter, limit, now).await
}

/// Every matching coupon, sorted, cut to page `page` of `limit`.
async fn numbered_page(
    state: &AppState,
    tenant: &str,
    filter: &Filter,
    limit: usize,
    now: DateTime<Utc>,
) -> Result<Json<CouponPage>, ApiError> {
    let (all, complete) = scan(state, tenant, filter, None, usize::MAX, now).await?;
    if !complete {
        return Err(ApiError::invalid(
            "page",
            format!("more than {MAX_LIST_SCAN_ROWS} coupons to number: narrow the filters or page by cursor"),
        ));
    }
    let mut all = all.0;
    sort(&mut all, filter.query.sort.as_deref())?;
    let page = filter.query.page.unwrap_or(1);
    let total = all.len();
    let skip = (page - 1).saturating_mul(limit);
    let data: Vec<Coupon> = all.into_iter().skip(skip).take(limit).collect();
    Ok(Json(CouponPage {
        has_more: skip.saturating_add(data.len()) < total,
        data,
        next_cursor: None,
        total: Some(total),
        page: Some(page),
    }))
}

/// The next `limit` matching coupons in id order after the cursor.
async fn cursor_page(
    state: &AppState,
    tenant: &str,
    filter: &Filter,
    limit: usize,
    now: DateTime<Utc>,
) -> Result<Json<CouponPage>, ApiError> {
    let cursor = filter.query.cursor.as_deref();
    let ((data, last_id), complete) = scan(state, tenant, filter, cursor, limit, now).await?;
    let has_more = !complete;
    Ok(Json(CouponPage {
        data,
        next_cursor: if has_more { last_id } else { None },
        has_more,
        total: None,
        page: None,
    }))
}

/// The coupon as a client sees it: `expired` once past `valid_until`.
fn view(mut coupon: Coupon, now: DateTime<Utc>) -> Coupon {
    coupon.status = coupon.effective_status(now);
    coupon
}

type Scanned = (Vec<Coupon>, Option<String>);

/// Reads coupons in id order after `cursor` until `limit` match or the scan
/// bound is reached. Returns the matches, the last id read, and whether the
/// coupons ran out (nothing more to read).
async fn scan(
    state: &AppState,
    tenant: &str,
    filter: &Filter,
    cursor: Option<&str>,
    limit: usize,
    now: DateTime<Utc>,
) -> Result<(Scanned, bool), ApiError> {
    let keep = |coupon: Coupon| {
        let coupon = view(coupon, now);
        filter.matches(&coupon, now).then_some(coupon)
    };
    let records = state.records();
    let scanned =
        records::coupons::scan(&records, tenant, cursor, limit, MAX_LIST_SCAN_ROWS, keep).await?;
    Ok(((scanned.data, scanned.last_id), scanned.complete))
}
