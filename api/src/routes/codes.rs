//! Codes of a coupon (seed 003's "coupon with many codes"): the coupon `{id}`
//! holds the terms (discount, limits, validity, campaign, stores, consumers,
//! segment, rules) and each code is a record of its own (`parent_id`), with its
//! own actor, counters and active flag, indexed under the coupon at
//! `keys::template_code`. A code reads every term live from its parent, so a
//! change to the coupon applies to all its codes at once, live actors included.
//!
//! `POST /coupons/{id}/codes` adds codes (given, or generated), `GET` lists them
//! with their redemption counts, `…/codes/{code}/activate|deactivate` switch one,
//! and `GET /coupons/{id}/redeemers` lists who redeemed the coupon or its codes.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rand::Rng;
use serde::{Deserialize, Serialize};
use stampede_actors::records::{self, codes::Added};
use stampede_actors::{CouponUpdate, UpdateKind};
use stampede_protocol::code_pattern::{Charset, CodePattern};
use stampede_protocol::ids::COUPON_PREFIX;
use stampede_protocol::limits::{
    MAX_CODES_PER_GENERATE, MAX_CODE_LEN_CHARS, MAX_GENERATED_CODE_LEN, MIN_GENERATED_CODE_LEN,
};
use stampede_protocol::{Coupon, CouponPatch, CouponStatus, ErrorCode};
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathId};
use crate::{validate, AppState};

/// Default length of a generated code's random part.
const DEFAULT_GENERATED_CODE_LEN: usize = 10;
/// Attempts to draw a free random code before giving up.
const MAX_GENERATE_ATTEMPTS: usize = 8;

/// Body of `POST /coupons/{id}/codes`: explicit `codes`, or `count` random ones.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddCodes {
    #[serde(default)]
    pub codes: Vec<String>,
    pub count: Option<usize>,
    pub prefix: Option<String>,
    pub length: Option<usize>,
    /// One code per listed customer, bound to them: anyone else is refused
    /// `not_eligible` (seed 002's bulk generation for users).
    #[serde(default)]
    pub user_ids: Vec<String>,
    /// `active` (default) or `draft`.
    pub status: Option<CouponStatus>,
}

/// One code of a template.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodeView {
    pub coupon_id: String,
    pub code: String,
    pub status: CouponStatus,
    pub uses_count: u64,
    pub max_uses: Option<u64>,
    /// The customer the code is bound to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CodeList {
    pub template_id: String,
    pub data: Vec<CodeView>,
    pub truncated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Redeemer {
    pub user_id: String,
    /// Uses held now (success or pending) across the coupon and its codes.
    pub redemptions: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RedeemerList {
    pub coupon_id: String,
    pub data: Vec<Redeemer>,
    pub truncated: bool,
}

fn path_value<'a>(path: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    path.get(name).map(String::as_str).unwrap_or_default()
}

async fn template(state: &AppState, tenant: &str, id: &str) -> Result<Coupon, ApiError> {
    records::coupons::get(&state.records(), tenant, id)
        .await?
        .filter(|c| c.deleted_at.is_none())
        .ok_or_else(|| ApiError::new(ErrorCode::CouponNotFound, "coupon not found"))
}

/// The coupon `id` as the parent of new codes: it exists, and it is a coupon,
/// not one of another coupon's codes (field `coupon_id`).
pub(crate) async fn parent_for_codes(
    state: &AppState,
    tenant: &str,
    id: &str,
) -> Result<Coupon, ApiError> {
    let template = records::coupons::get(&state.records(), tenant, id)
        .await?
        .filter(|c| c.deleted_at.is_none())
        .ok_or_else(|| {
            ApiError::field(ErrorCode::CouponNotFound, "coupon_id", "coupon not found")
        })?;
    if template.parent_id.is_some() {
        return Err(ApiError::invalid(
            "coupon_id",
            "codes are added to the coupon, not to one of its codes",
        ));
    }
    Ok(template)
}

/// The customers to bind codes to, checked: distinct, at most
/// [`MAX_CODES_PER_GENERATE`], and as many as `count` when both are sent.
fn bound_users(body: &AddCodes) -> Result<Vec<String>, ApiError> {
    if body.user_ids.is_empty() {
        return Ok(Vec::new());
    }
    if body.user_ids.len() > MAX_CODES_PER_GENERATE {
        return Err(ApiError::invalid(
            "user_ids",
            format!("at most {MAX_CODES_PER_GENERATE} customers"),
        ));
    }
    if !body.codes.is_empty() || body.count.is_some_and(|n| n != body.user_ids.len()) {
        return Err(ApiError::invalid(
            "user_ids",
            "one code is made per customer: send no codes, and no count or the same count",
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, user) in body.user_ids.iter().enumerate() {
        let field = format!("user_ids[{i}]");
        validate::identifier(&field, user)?;
        if !seen.insert(user.as_str()) {
            return Err(ApiError::invalid(field, "listed twice"));
        }
    }
    Ok(body.user_ids.clone())
}

/// The requested codes, normalized, or `count` random ones (one per bound
/// customer when `user_ids` is sent).
fn wanted_codes(body: &AddCodes, users: usize) -> Result<Vec<String>, ApiError> {
    let count = if users > 0 { Some(users) } else { body.count };
    match (body.codes.is_empty(), count) {
        (false, None) => {
            if body.codes.len() > MAX_CODES_PER_GENERATE {
                return Err(ApiError::invalid(
                    "codes",
                    format!("at most {MAX_CODES_PER_GENERATE} codes"),
                ));
            }
            let mut seen = BTreeSet::new();
            let mut codes = Vec::with_capacity(body.codes.len());
            for (i, raw) in body.codes.iter().enumerate() {
                let code = validate::coupon_code(&format!("codes[{i}]"), raw)?;
                if !seen.insert(code.clone()) {
                    return Err(ApiError::invalid(format!("codes[{i}]"), "listed twice"));
                }
                codes.push(code);
            }
            Ok(codes)
        }
        (true, Some(count)) => {
            if count == 0 || count > MAX_CODES_PER_GENERATE {
                return Err(ApiError::invalid(
                    "count",
                    format!("must be 1–{MAX_CODES_PER_GENERATE}"),
                ));
            }
            let length = body.length.unwrap_or(DEFAULT_GENERATED_CODE_LEN);
            if !(MIN_GENERATED_CODE_LEN..=MAX_GENERATED_CODE_LEN).contains(&length) {
                return Err(ApiError::invalid(
                    "length",
                    format!("must be {MIN_GENERATED_CODE_LEN}–{MAX_GENERATED_CODE_LEN}"),
                ));
            }
            let prefix = match &body.prefix {
                Some(prefix) => validate::coupon_code("prefix", prefix)?,
                None => String::new(),
            };
            if prefix.len() + length > MAX_CODE_LEN_CHARS {
                return Err(ApiError::invalid(
                    "prefix",
                    format!("prefix and length exceed {MAX_CODE_LEN_CHARS} characters"),
                ));
            }
            // Upper-case letters and digits without the ambiguous 0/O and 1/I;
            // a fresh seed per draw, so a draw that collided is not repeated.
            let pattern = CodePattern::new(None, Some(length), &Charset::Unambiguous, &prefix, "")
                .map_err(|err| ApiError::invalid("length", err.to_string()))?;
            pattern
                .check_count(count as u64)
                .map_err(|err| ApiError::invalid("count", err.to_string()))?;
            let seed: u64 = rand::rng().random();
            Ok((0..count as u64).map(|i| pattern.code(seed, i)).collect())
        }
        (false, Some(_)) => Err(ApiError::invalid(
            "count",
            "send either codes or count, not both",
        )),
        (true, None) => Err(ApiError::invalid("codes", "send codes or a count")),
    }
}

/// A code's record (one way to make one, shared with the generation and
/// import jobs and with event triggers).
pub(crate) use stampede_actors::records::codes::copy_of;

#[utoipa::path(post, path = "/v1/promotions/coupons/{coupon_id}/codes", tag = "codes", request_body = AddCodes,
    params(("coupon_id" = String, Path)),
    responses((status = 201, body = CodeList), (status = 409, body = crate::error::Problem, description = "duplicate_code")))]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: JsonBody<AddCodes>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let body = body.value;
    let status = body.status.unwrap_or(CouponStatus::Active);
    if !matches!(status, CouponStatus::Active | CouponStatus::Draft) {
        return Err(ApiError::invalid("status", "a new code is active or draft"));
    }
    let template = parent_for_codes(&state, &caller.tenant, id.as_str()).await?;
    let users = bound_users(&body)?;
    let generated = body.count.is_some() || !users.is_empty();
    let now = state.now();
    for _ in 0..MAX_GENERATE_ATTEMPTS {
        let mut coupons: Vec<Coupon> = wanted_codes(&body, users.len())?
            .into_iter()
            .map(|code| copy_of(&template, state.new_id(COUPON_PREFIX), code, status, now))
            .collect();
        for (coupon, user) in coupons.iter_mut().zip(&users) {
            coupon.bound_user_id = Some(user.clone());
        }
        let records = caller.records(&state);
        match records::codes::add(
            &records,
            &caller.tenant,
            &template.id,
            &coupons,
            &caller.provenance(),
        )
        .await?
        {
            Added::Done => {
                let data = coupons.iter().map(view).collect();
                let list = CodeList {
                    template_id: template.id,
                    data,
                    truncated: false,
                };
                return Ok((StatusCode::CREATED, Json(list)).into_response());
            }
            // A random code collided with an existing one: draw again.
            Added::Taken(_) if generated => continue,
            Added::Taken(code) => {
                return Err(ApiError::field(
                    ErrorCode::DuplicateCode,
                    "codes",
                    format!("a coupon with code {code} already exists; no code was added"),
                ))
            }
        }
    }
    Err(ApiError::new(
        ErrorCode::Unavailable,
        "could not draw free codes; retry",
    ))
}

fn view(coupon: &Coupon) -> CodeView {
    CodeView {
        coupon_id: coupon.id.clone(),
        code: coupon.code.clone(),
        status: coupon.status,
        uses_count: coupon.uses_count,
        max_uses: coupon.max_uses,
        user_id: coupon.bound_user_id.clone(),
    }
}

#[utoipa::path(get, path = "/v1/promotions/coupons/{coupon_id}/codes", tag = "codes",
    params(("coupon_id" = String, Path)), responses((status = 200, body = CodeList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<CodeList>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let template = template(&state, &caller.tenant, id.as_str()).await?;
    let (mut codes, truncated) =
        records::codes::of(&caller.records(&state), &caller.tenant, &template.id).await?;
    for code in codes.iter_mut().filter(|c| c.parent_id.is_some()) {
        code.follow(&template);
    }
    Ok(Json(CodeList {
        template_id: template.id,
        data: codes.iter().map(view).collect(),
        truncated,
    }))
}

async fn switch(
    state: AppState,
    caller: Caller,
    path: BTreeMap<String, String>,
    status: CouponStatus,
) -> Result<Json<CodeView>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let template = template(&state, &caller.tenant, path_value(&path, "coupon_id")).await?;
    let code = validate::coupon_code("code", path_value(&path, "code"))?;
    let coupon = records::coupons::by_code(&caller.records(&state), &caller.tenant, &code)
        .await?
        .filter(|c| c.deleted_at.is_none())
        .ok_or_else(|| ApiError::new(ErrorCode::CouponNotFound, "no such code"))?;
    let records = caller.records(&state);
    let belongs =
        records::codes::belongs(&records, &caller.tenant, &template.id, &coupon.id).await?;
    if !belongs {
        return Err(ApiError::new(
            ErrorCode::CouponNotFound,
            "the code is not one of this coupon's codes",
        ));
    }
    if coupon.status == status {
        return Ok(Json(view(&coupon)));
    }
    let update = CouponUpdate {
        kind: UpdateKind::Patch,
        patch: CouponPatch {
            version: Some(coupon.version),
            status: Some(status),
            ..CouponPatch::default()
        },
        reason: None,
        idem: None,
        provenance: caller.provenance(),
    };
    let updated = state
        .shards
        .update(&caller.tenant, &coupon.code, update)
        .await?;
    Ok(Json(view(&updated)))
}

#[utoipa::path(post, path = "/v1/promotions/coupons/{coupon_id}/codes/{code}/activate", tag = "codes",
    params(("coupon_id" = String, Path), ("code" = String, Path)), responses((status = 200, body = CodeView)))]
pub async fn activate(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Json<CodeView>, ApiError> {
    switch(state, caller, path, CouponStatus::Active).await
}

#[utoipa::path(post, path = "/v1/promotions/coupons/{coupon_id}/codes/{code}/deactivate", tag = "codes",
    params(("coupon_id" = String, Path), ("code" = String, Path)), responses((status = 200, body = CodeView)))]
pub async fn deactivate(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Json<CodeView>, ApiError> {
    switch(state, caller, path, CouponStatus::Draft).await
}

#[utoipa::path(get, path = "/v1/promotions/coupons/{coupon_id}/redeemers", tag = "codes",
    params(("coupon_id" = String, Path)), responses((status = 200, body = RedeemerList)))]
pub async fn redeemers(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<RedeemerList>, ApiError> {
    if caller.require(Scope::RedemptionsRead).is_err() {
        caller.require(Scope::CouponsRead)?;
    }
    let coupon = template(&state, &caller.tenant, id.as_str()).await?;
    let records = caller.records(&state);
    let (codes, codes_truncated) = records::codes::of(&records, &caller.tenant, &coupon.id).await?;
    let ids: Vec<&str> = std::iter::once(coupon.id.as_str())
        .chain(codes.iter().map(|c| c.id.as_str()))
        .collect();
    let (counts, counts_truncated) =
        records::codes::redeemers(&records, &caller.tenant, &ids).await?;
    let truncated = codes_truncated || counts_truncated;
    Ok(Json(RedeemerList {
        coupon_id: coupon.id,
        data: counts
            .into_iter()
            .map(|(user_id, redemptions)| Redeemer {
                user_id,
                redemptions,
            })
            .collect(),
        truncated,
    }))
}
