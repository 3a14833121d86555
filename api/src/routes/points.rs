//! Points → coupon (seed 004 "Generate from points").
//!
//! `PUT/GET /rewards/points-settings` holds the tenant's conversion;
//! `POST /coupons/from-points` turns a user's debited points into a personal
//! `fixed` coupon (`bound_user_id`, `max_uses: 1`, `per_customer_limit: 1`)
//! worth `points / points_per_unit`, rounded down to the currency's minor
//! unit. The coupon is made by the one coupon-creation path
//! ([`super::coupons::build_coupon`], `records::coupons::create`) with an id
//! and code derived from `debit_reference`: a replay finds that coupon and
//! answers it with `200`; the same reference with other points or another
//! user is `409 debit_reference_reused`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::TimeDelta;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use stampede_actors::records;
use stampede_protocol::ids::COUPON_PREFIX;
use stampede_protocol::money::floor_minor;
use stampede_protocol::points::{
    PointsSettings, MAX_DEBIT_REFERENCE_BYTES, MAX_POINTS, MAX_POINTS_PER_UNIT,
    MAX_POINTS_VALID_DAYS,
};
use stampede_protocol::{Coupon, ErrorCode};
use utoipa::ToSchema;

use super::coupons::{build_coupon, CreateCoupon};
use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::{validate, AppState};

/// Body of `PUT /rewards/points-settings`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutPointsSettings {
    /// Points worth one unit of `currency`: 1–1,000,000,000.
    pub points_per_unit: u64,
    pub currency: String,
    pub min_points: Option<u64>,
    /// At most 1,000,000,000,000.
    pub max_points: Option<u64>,
    /// 1–3,650 days.
    pub valid_days: Option<u32>,
}

/// Body of `POST /coupons/from-points`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FromPoints {
    pub user_id: String,
    /// Points debited: 1–1,000,000,000,000, within the settings' bounds.
    pub points: u64,
    /// The caller's ledger id of the debit (1–128 bytes): the idempotency key.
    pub debit_reference: String,
    /// Must be the settings' currency when given.
    pub currency: Option<String>,
}

fn check_settings(body: &PutPointsSettings) -> Result<(), ApiError> {
    if !(1..=MAX_POINTS_PER_UNIT).contains(&body.points_per_unit) {
        let detail = format!("must be 1–{MAX_POINTS_PER_UNIT}");
        return Err(ApiError::invalid("points_per_unit", detail));
    }
    validate::currency("currency", &body.currency)?;
    for (field, points) in [
        ("min_points", body.min_points),
        ("max_points", body.max_points),
    ] {
        if points.is_some_and(|p| p == 0 || p > MAX_POINTS) {
            return Err(ApiError::invalid(field, format!("must be 1–{MAX_POINTS}")));
        }
    }
    if let (Some(min), Some(max)) = (body.min_points, body.max_points) {
        if min > max {
            return Err(ApiError::invalid(
                "max_points",
                "must not be below min_points",
            ));
        }
    }
    if body
        .valid_days
        .is_some_and(|d| d == 0 || d > MAX_POINTS_VALID_DAYS)
    {
        let detail = format!("must be 1–{MAX_POINTS_VALID_DAYS}");
        return Err(ApiError::invalid("valid_days", detail));
    }
    Ok(())
}

#[utoipa::path(put, path = "/v1/promotions/rewards/points-settings", tag = "rewards", request_body = PutPointsSettings,
    responses((status = 200, body = PointsSettings),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown field, named"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write, or the user is blacklisted"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON")))]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<PutPointsSettings>,
) -> Result<Json<PointsSettings>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let body = body.value;
    check_settings(&body)?;
    let settings = PointsSettings {
        points_per_unit: body.points_per_unit,
        currency: body.currency.to_ascii_uppercase(),
        min_points: body.min_points,
        max_points: body.max_points,
        valid_days: body.valid_days,
        updated_at: state.now(),
    };
    records::points::put(&caller.records(&state), &caller.tenant, &settings).await?;
    Ok(Json(settings))
}

#[utoipa::path(get, path = "/v1/promotions/rewards/points-settings", tag = "rewards",
    responses((status = 200, body = PointsSettings),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no conversion set")))]
pub async fn get_settings(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<PointsSettings>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    records::points::get(&state.records(), &caller.tenant)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("points settings"))
}

/// What `points` are worth under `settings`, or why they are refused.
fn points_value(settings: &PointsSettings, points: u64) -> Result<Decimal, ApiError> {
    let out_of_range =
        |detail: String| ApiError::field(ErrorCode::PointsOutOfRange, "points", detail);
    let min = settings.min_points.unwrap_or(1);
    let max = settings.max_points.unwrap_or(MAX_POINTS).min(MAX_POINTS);
    if points < min || points > max {
        return Err(out_of_range(format!("must be {min}–{max}")));
    }
    let raw = Decimal::from(points) / Decimal::from(settings.points_per_unit);
    let value = floor_minor(raw, &settings.currency);
    if value <= Decimal::ZERO {
        return Err(out_of_range(format!(
            "worth less than one minor unit of {}",
            settings.currency
        )));
    }
    Ok(value)
}

/// The coupon id and code a debit reference makes: the same every time.
fn derived_identity(reference: &str) -> (String, String) {
    let hex = hex::encode(Sha256::digest(reference.as_bytes()));
    let id = format!("{COUPON_PREFIX}_{}", &hex[..32]);
    let code = format!("PTS{}", hex[..16].to_ascii_uppercase());
    (id, code)
}

fn check_from_points(body: &FromPoints) -> Result<(), ApiError> {
    validate::identifier("user_id", &body.user_id)?;
    validate::identifier("debit_reference", &body.debit_reference)?;
    if body.debit_reference.len() > MAX_DEBIT_REFERENCE_BYTES {
        let detail = format!("at most {MAX_DEBIT_REFERENCE_BYTES} bytes");
        return Err(ApiError::invalid("debit_reference", detail));
    }
    if body.points == 0 || body.points > MAX_POINTS {
        let detail = format!("must be 1–{MAX_POINTS}");
        return Err(ApiError::field(
            ErrorCode::PointsOutOfRange,
            "points",
            detail,
        ));
    }
    Ok(())
}

/// `200` with the coupon a reference made, when it was made of these points
/// for this user; `409 debit_reference_reused` otherwise.
fn replayed(coupon: Coupon, body: &FromPoints) -> Result<Response, ApiError> {
    let same = coupon.bound_user_id.as_deref() == Some(body.user_id.as_str())
        && coupon.metadata.get("points") == Some(&json!(body.points));
    if !same {
        return Err(ApiError::field(
            ErrorCode::DebitReferenceReused,
            "debit_reference",
            "this reference already made a coupon of other points or for another user",
        ));
    }
    Ok(Json(coupon).into_response())
}

/// Refuses a user the tenant's blacklist bars from receiving coupons (seed
/// 000 §12): `403 blacklisted`.
async fn barred(state: &AppState, tenant: &str, user: &str) -> Result<(), ApiError> {
    let blacklist = state.blacklist(tenant).await?;
    let subjects = stampede_protocol::fraud::Subjects {
        user_id: Some(user.to_owned()),
        ..Default::default()
    };
    match blacklist.matches(&subjects, state.now()) {
        Some(_) => Err(ApiError::new(
            ErrorCode::Blacklisted,
            "the user is blacklisted: no coupon is made for them",
        )),
        None => Ok(()),
    }
}

#[utoipa::path(post, path = "/v1/promotions/coupons/from-points", tag = "rewards", request_body = FromPoints,
    responses((status = 201, body = Coupon, description = "a personal fixed coupon worth the points"),
        (status = 200, body = Coupon, description = "a replay: the coupon this debit_reference made"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown field, named (a currency other than the settings')"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write, or the user is blacklisted"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "debit_reference_reused: other points or user under this reference; points_not_configured: no conversion set"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "points_out_of_range (naming points): outside the settings' bounds or worth under one minor unit; malformed JSON")))]
pub async fn from_points(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<FromPoints>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let body = body.value;
    check_from_points(&body)?;
    barred(&state, &caller.tenant, &body.user_id).await?;
    let records = caller.records(&state);
    let settings = records::points::get(&records, &caller.tenant)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::PointsNotConfigured,
                "no points conversion: PUT /rewards/points-settings first",
            )
        })?;
    if body
        .currency
        .as_ref()
        .is_some_and(|c| !c.eq_ignore_ascii_case(&settings.currency))
    {
        let detail = format!("the points convert to {} only", settings.currency);
        return Err(ApiError::invalid("currency", detail));
    }
    let (id, code) = derived_identity(&body.debit_reference);
    if let Some(made) = records::coupons::get(&records, &caller.tenant, &id).await? {
        return replayed(made, &body);
    }
    let coupon = points_coupon(&state, &caller, &settings, &body, (id.clone(), code))?;
    let created = records::coupons::create(
        &records,
        &caller.tenant,
        &coupon,
        &caller.provenance(),
        None,
    )
    .await;
    match created {
        Ok(_) => Ok((StatusCode::CREATED, Json(coupon)).into_response()),
        // A concurrent request under the same reference made it first.
        Err(err) if err.code() == ErrorCode::DuplicateCode => {
            match records::coupons::get(&records, &caller.tenant, &id).await? {
                Some(made) => replayed(made, &body),
                None => Err(err.into()),
            }
        }
        Err(err) => Err(err.into()),
    }
}

/// The coupon `body`'s points make, through the one coupon builder.
fn points_coupon(
    state: &AppState,
    caller: &Caller,
    settings: &PointsSettings,
    body: &FromPoints,
    (id, code): (String, String),
) -> Result<Coupon, ApiError> {
    let value = points_value(settings, body.points)?;
    let now = state.now();
    let until = settings
        .valid_days
        .map(|days| now + TimeDelta::days(i64::from(days)));
    let request = json!({"code": code, "type": "fixed", "value": value,
        "currency": settings.currency, "max_uses": 1, "per_customer_limit": 1,
        "valid_until": until, "name": "Points coupon",
        "metadata": {"source": "points", "points": body.points,
            "debit_reference": body.debit_reference}});
    let request: CreateCoupon = serde_json::from_value(request)
        .map_err(|err| ApiError::internal(format!("a points coupon: {err}")))?;
    let mut coupon = build_coupon(request, id, now)?;
    coupon.bound_user_id = Some(body.user_id.clone());
    coupon.created_by = caller
        .key_id
        .clone()
        .or_else(|| caller.root.then(|| "root".into()));
    Ok(coupon)
}
