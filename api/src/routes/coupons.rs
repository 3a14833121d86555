//! `/coupons`: create (by the records layer, directly: no actor exists yet), read
//! (the committed record), and changes (through the owning actor, the only
//! writer of a coupon after creation).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use stampede_actors::records;
use stampede_actors::{engine, CouponUpdate, UpdateKind};
use stampede_protocol::ids::COUPON_PREFIX;
use stampede_protocol::limits::{
    MAX_APPLICABILITY_ENTRIES, MAX_COUPON_CURRENCIES, MAX_COUPON_DESCRIPTION_BYTES,
    MAX_COUPON_NAME_BYTES, MAX_RULES_PER_COUPON,
};
use stampede_protocol::promotion::{Discount, Money};
use stampede_protocol::{Applicability, Coupon, CouponPatch, CouponStatus, CouponType, ErrorCode};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, JsonOrEmpty, PathId, QueryParams};
use crate::idempotency::Keyed;
use crate::idempotency::{CouponsWrite, Idempotent};
use crate::{idempotency, validate, AppState};

/// Body of `POST /coupons` (seed 000 §1). A discount is given either in the
/// engine's shape (`discount`, `min_purchase`, `max_discount`: every kind) or
/// as the shorthand `type`/`value`/`currency`/`min_cart_value`/
/// `max_discount_amount` (percentage, fixed, free shipping, gift card).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCoupon {
    pub code: String,
    /// The kind; optional with `discount` (whose kind it must equal).
    #[serde(rename = "type")]
    pub kind: Option<CouponType>,
    /// Percent, amount or gift-card balance; optional for `free_shipping`.
    #[schema(value_type = Option<f64>)]
    pub value: Option<Decimal>,
    pub currency: Option<String>,
    /// The discount in the engine's shape (`{"type": "buy_x_get_y", …}`).
    #[schema(value_type = Option<Object>)]
    pub discount: Option<Discount>,
    /// Minimum whole-cart subtotal per currency (seed 003 `currencies[]`).
    pub min_purchase: Option<Vec<Money>>,
    /// Cap on the discount per currency.
    pub max_discount: Option<Vec<Money>>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// The caller's own id for the coupon (seed 003 `externalId`).
    pub external_id: Option<String>,
    pub campaign_id: Option<String>,
    /// `active` (default), `draft` or `paused`.
    pub status: Option<CouponStatus>,
    pub max_uses: Option<u64>,
    pub per_customer_limit: Option<u32>,
    /// RFC 3339, or without an offset: read in `localized_timezone` (UTC
    /// when absent). At most 100 years from now
    /// (`limits::MAX_VALIDITY_HORIZON_YEARS`).
    #[schema(value_type = Option<String>)]
    pub valid_from: Option<DateInput>,
    /// As `valid_from`; after now and after `valid_from`, at most 100 years
    /// from now.
    #[schema(value_type = Option<String>)]
    pub valid_until: Option<DateInput>,
    /// IANA zone that dates without an offset are read in (seed 003
    /// `localizedTimezone`).
    pub localized_timezone: Option<String>,
    /// The code matches only as written here (seed 002); off by default.
    pub case_sensitive: Option<bool>,
    pub applicability: Option<Applicability>,
    #[schema(value_type = Option<f64>)]
    pub min_cart_value: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub max_discount_amount: Option<Decimal>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<BTreeMap<String, serde_json::Value>>,
    /// Stored rules (by id) that must all hold for the coupon to apply.
    pub rule_ids: Option<Vec<String>>,
    /// Seed 002 `auto_generate`: events that make a code of this coupon for
    /// a user (`POST /events`).
    pub auto_generate: Option<stampede_protocol::trigger::AutoGenerate>,
    /// A reward item of the tenant (`rwd_…`, seed 002) each `success`
    /// redemption grants; an unknown one is 422 `reward_item_not_found`.
    pub reward_item_id: Option<String>,
}

/// A date as a request may give it: with an offset, or local (seed 003).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
pub enum DateInput {
    Utc(DateTime<Utc>),
    Local(chrono::NaiveDateTime),
}

impl DateInput {
    /// The instant, reading a local date in `zone`.
    fn resolve(self, field: &str, zone: Option<chrono_tz::Tz>) -> Result<DateTime<Utc>, ApiError> {
        use chrono::TimeZone;
        match (self, zone) {
            (DateInput::Utc(at), _) => Ok(at),
            (DateInput::Local(local), None) => Ok(local.and_utc()),
            (DateInput::Local(local), Some(zone)) => zone
                .from_local_datetime(&local)
                .earliest()
                .map(|at| at.with_timezone(&Utc))
                .ok_or_else(|| ApiError::invalid(field, "does not exist in localized_timezone")),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    pub code: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeleteQuery {
    #[serde(default)]
    pub hard: bool,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeBody {
    pub reason: Option<String>,
    /// Optional optimistic-concurrency check.
    pub version: Option<u64>,
}

#[utoipa::path(post, path = "/v1/promotions/coupons", tag = "coupons", request_body = CreateCoupon,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 201, body = Coupon), (status = 409, body = crate::error::Problem, description = "duplicate_code"),
        (status = 400, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    request: Idempotent<JsonBody<CreateCoupon>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let caller = request.caller;
    let mut coupon = build_coupon(request.body.value, state.new_id(COUPON_PREFIX), state.now())?;
    coupon.created_by = caller
        .key_id
        .clone()
        .or_else(|| caller.root.then(|| "root".into()));
    check_rules(&state, &caller.tenant, &coupon.rule_ids).await?;
    if let Some(auto) = &coupon.auto_generate {
        crate::trigger_check::room(&state, &caller.tenant, &coupon.id, auto).await?;
    }
    check_reward_item(&state, &caller.tenant, coupon.reward_item_id.as_deref()).await?;
    let records = caller.records(&state);
    let done = records::coupons::create(
        &records,
        &caller.tenant,
        &coupon,
        &caller.provenance(),
        request.spec,
    )
    .await?;
    Ok(idempotency::created(done, &coupon))
}

pub(crate) fn build_coupon(
    body: CreateCoupon,
    id: String,
    now: DateTime<Utc>,
) -> Result<Coupon, ApiError> {
    let code = validate::coupon_code("code", &body.code)?;
    let kind = coupon_kind(&body)?;
    let rule_ids = body.rule_ids.clone().unwrap_or_default();
    check_rule_ids(&rule_ids)?;
    let value = coupon_value(&body, kind)?;
    if let Some(currency) = &body.currency {
        validate::currency("currency", currency)?;
    }
    validate::optional_identifier("campaign_id", body.campaign_id.as_deref())?;
    validate::optional_identifier("external_id", body.external_id.as_deref())?;
    validate::optional_identifier("reward_item_id", body.reward_item_id.as_deref())?;
    check_texts(body.name.as_deref(), body.description.as_deref())?;
    let status = initial_status(body.status)?;
    let applicability = body.applicability.clone().unwrap_or_default();
    check_applicability(&applicability)?;
    check_amounts(&body)?;
    let (valid_from, valid_until) = validity(&body)?;
    validate::validity_window(valid_from, valid_until, now)?;
    let metadata = body.metadata.clone().unwrap_or_default();
    validate::metadata("metadata", &metadata)?;
    let auto_generate = body.auto_generate.as_ref();
    let auto_generate = auto_generate
        .map(crate::trigger_check::checked)
        .transpose()?;
    let coupon = Coupon {
        id,
        code,
        name: body.name,
        description: body.description,
        external_id: body.external_id,
        kind,
        value,
        currency: body.currency,
        discount: body.discount,
        min_purchase: body.min_purchase.unwrap_or_default(),
        max_discount: body.max_discount.unwrap_or_default(),
        localized_timezone: body.localized_timezone,
        case_sensitive: body.case_sensitive.unwrap_or(false),
        exact_code: body
            .case_sensitive
            .unwrap_or(false)
            .then(|| body.code.trim().to_owned()),
        campaign_id: body.campaign_id,
        status,
        max_uses: body.max_uses,
        uses_count: 0,
        per_customer_limit: body.per_customer_limit,
        valid_from,
        valid_until,
        applicability,
        min_cart_value: body.min_cart_value,
        max_discount_amount: body.max_discount_amount,
        balance: (kind == CouponType::GiftCard).then_some(value),
        metadata,
        created_at: now,
        updated_at: now,
        version: 1,
        deleted_at: None,
        rule_ids,
        auto_generate,
        reward_item_id: body.reward_item_id,
        ..Default::default()
    };
    if let Some((field, message)) = engine::check_definition(&coupon).into_iter().next() {
        return Err(ApiError::invalid(field, message));
    }
    Ok(coupon)
}

/// A new coupon starts active (the default), as a draft, or paused.
fn initial_status(status: Option<CouponStatus>) -> Result<CouponStatus, ApiError> {
    let status = status.unwrap_or(CouponStatus::Active);
    match status {
        CouponStatus::Active | CouponStatus::Draft | CouponStatus::Paused => Ok(status),
        _ => Err(ApiError::invalid(
            "status",
            "a new coupon is active, draft or paused",
        )),
    }
}

/// A validity window: from, until (either may be open).
type Window = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// `valid_from` and `valid_until` as instants: a local date or time is read in
/// `localized_timezone`.
fn validity(body: &CreateCoupon) -> Result<Window, ApiError> {
    let zone = match &body.localized_timezone {
        Some(zone) => Some(validate::time_zone("localized_timezone", zone)?),
        None => None,
    };
    let valid_from = body
        .valid_from
        .map(|d| d.resolve("valid_from", zone))
        .transpose()?;
    let valid_until = body
        .valid_until
        .map(|d| d.resolve("valid_until", zone))
        .transpose()?;
    Ok((valid_from, valid_until))
}

/// The coupon's type: given, or the kind of its `discount` (a gift card in
/// the engine's shape becomes the shorthand, whose balance the actor keeps).
fn coupon_kind(body: &CreateCoupon) -> Result<CouponType, ApiError> {
    let kind = match (&body.discount, body.kind) {
        (Some(discount), Some(kind)) if CouponType::of_discount(discount) != kind => {
            return Err(ApiError::invalid(
                "type",
                format!(
                    "is {} but the discount is {}",
                    kind.as_str(),
                    discount.kind()
                ),
            ))
        }
        (Some(discount), _) => CouponType::of_discount(discount),
        (None, Some(kind)) => kind,
        (None, None) => return Err(ApiError::invalid("type", "give a type or a discount")),
    };
    if kind == CouponType::Promotion {
        return Err(ApiError::invalid(
            "type",
            "a promotion's code is created with its promotion (/campaigns/{id}/promotions)",
        ));
    }
    if body.discount.is_none() && !kind.is_shorthand() {
        return Err(ApiError::invalid(
            "discount",
            format!("is required for a {} coupon", kind.as_str()),
        ));
    }
    Ok(kind)
}

/// The shorthand's `value`; with a discount in the engine's shape it must be
/// absent (the shorthand and the shape are not mixed), except a gift card's.
fn coupon_value(body: &CreateCoupon, kind: CouponType) -> Result<Decimal, ApiError> {
    if let Some(discount) = &body.discount {
        for (field, given) in [
            ("value", body.value.is_some()),
            ("min_cart_value", body.min_cart_value.is_some()),
            ("max_discount_amount", body.max_discount_amount.is_some()),
        ] {
            if given {
                return Err(ApiError::invalid(
                    field,
                    "is the shorthand; with a discount use min_purchase and max_discount",
                ));
            }
        }
        if let Discount::GiftCard { .. } = discount {
            return Err(ApiError::invalid(
                "discount",
                "a gift card is given as type gift_card with value and currency",
            ));
        }
        return Ok(Decimal::ZERO);
    }
    let value = match (kind, body.value) {
        (_, Some(v)) => v,
        (CouponType::FreeShipping, None) => Decimal::ZERO,
        (_, None) => {
            return Err(ApiError::invalid(
                "value",
                "is required for this coupon type",
            ))
        }
    };
    validate::amount("value", value)?;
    Ok(value)
}

/// Name and description: bounded free text.
fn check_texts(name: Option<&str>, description: Option<&str>) -> Result<(), ApiError> {
    for (field, text, max) in [
        ("name", name, MAX_COUPON_NAME_BYTES),
        ("description", description, MAX_COUPON_DESCRIPTION_BYTES),
    ] {
        if let Some(text) = text {
            if text.trim().is_empty() || text.len() > max {
                return Err(ApiError::invalid(field, format!("must be 1–{max} bytes")));
            }
        }
    }
    Ok(())
}

/// Every amount of the body: non-negative, bounded, in known currencies.
fn check_amounts(body: &CreateCoupon) -> Result<(), ApiError> {
    for (field, amount) in [
        ("min_cart_value", body.min_cart_value),
        ("max_discount_amount", body.max_discount_amount),
    ] {
        if let Some(amount) = amount {
            validate::amount(field, amount)?;
        }
    }
    for (field, list) in [
        ("min_purchase", &body.min_purchase),
        ("max_discount", &body.max_discount),
    ] {
        check_money_list(field, list.as_deref().unwrap_or_default())?;
    }
    Ok(())
}

/// A per-currency list: bounded, each amount valid, each currency once.
fn check_money_list(field: &str, list: &[Money]) -> Result<(), ApiError> {
    if list.len() > MAX_COUPON_CURRENCIES {
        return Err(ApiError::invalid(
            field,
            format!("at most {MAX_COUPON_CURRENCIES} currencies"),
        ));
    }
    for (i, money) in list.iter().enumerate() {
        validate::amount(&format!("{field}[{i}].amount"), money.amount)?;
        validate::currency(&format!("{field}[{i}].currency"), &money.currency)?;
        if list[..i].iter().any(|m| m.currency == money.currency) {
            return Err(ApiError::invalid(
                format!("{field}[{i}]"),
                "currency listed twice",
            ));
        }
    }
    Ok(())
}

/// A coupon's rule list: bounded, well-formed ids, no repeats.
fn check_rule_ids(ids: &[String]) -> Result<(), ApiError> {
    validate::identifiers("rule_ids", ids, MAX_RULES_PER_COUPON, "rules")?;
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            return Err(ApiError::invalid(format!("rule_ids[{i}]"), "listed twice"));
        }
    }
    Ok(())
}

/// Every rule a coupon references must exist when it is set.
/// 422 `reward_item_not_found` (naming `reward_item_id`) unless `id` names a
/// live reward item of the tenant.
pub(crate) async fn check_reward_item(
    state: &AppState,
    tenant: &str,
    id: Option<&str>,
) -> Result<(), ApiError> {
    match id {
        Some(id) => Ok(records::rewards::require(&state.records(), tenant, id).await?),
        None => Ok(()),
    }
}

pub(crate) async fn check_rules(
    state: &AppState,
    tenant: &str,
    ids: &[String],
) -> Result<(), ApiError> {
    match records::coupons::first_missing_rule(&state.records(), tenant, ids).await? {
        Some(i) => Err(ApiError::invalid(format!("rule_ids[{i}]"), "no such rule")),
        None => Ok(()),
    }
}

fn check_applicability(applicability: &Applicability) -> Result<(), ApiError> {
    if applicability.entry_count() > MAX_APPLICABILITY_ENTRIES {
        return Err(ApiError::invalid(
            "applicability",
            format!("at most {MAX_APPLICABILITY_ENTRIES} entries in all"),
        ));
    }
    for (name, list) in applicability.lists() {
        for entry in list {
            validate::identifier(&format!("applicability.{name}"), entry)?;
        }
    }
    Ok(())
}

async fn coupon_or_404(state: &AppState, tenant: &str, id: &str) -> Result<Coupon, ApiError> {
    records::coupons::get(&state.records(), tenant, id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::CouponNotFound, "coupon not found"))
}

/// The coupon as a client sees it: `expired` once past `valid_until`.
pub(crate) fn view(mut coupon: Coupon, now: DateTime<Utc>) -> Coupon {
    coupon.status = coupon.effective_status(now);
    coupon
}

#[utoipa::path(get, path = "/v1/promotions/coupons/{coupon_id}", tag = "coupons",
    params(("coupon_id" = String, Path)), responses((status = 200, body = Coupon), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<Coupon>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let coupon = coupon_or_404(&state, &caller.tenant, id.as_str()).await?;
    let coupon =
        records::coupons::following(&caller.records(&state), &caller.tenant, coupon).await?;
    Ok(Json(view(coupon, state.now())))
}

#[utoipa::path(get, path = "/v1/promotions/coupons/lookup", tag = "coupons", params(LookupQuery),
    responses((status = 200, body = Coupon), (status = 404, body = crate::error::Problem)))]
pub async fn lookup(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<LookupQuery>,
) -> Result<Json<Coupon>, ApiError> {
    if caller.require(Scope::CouponsRead).is_err() {
        caller.require(Scope::Validate)?;
    }
    let code = validate::coupon_code("code", &query.code)?;
    let records = caller.records(&state);
    let coupon = records::coupons::by_code(&records, &caller.tenant, &code)
        .await?
        .filter(|c| c.deleted_at.is_none())
        .ok_or_else(|| ApiError::new(ErrorCode::CouponNotFound, "coupon not found"))?;
    let coupon = records::coupons::following(&records, &caller.tenant, coupon).await?;
    Ok(Json(view(coupon, state.now())))
}

#[utoipa::path(patch, path = "/v1/promotions/coupons/{coupon_id}", tag = "coupons", request_body = CouponPatch,
    params(("coupon_id" = String, Path), ("If-Match" = Option<String>, Header, description = "alternative to body version")),
    responses((status = 200, body = Coupon), (status = 409, body = crate::error::Problem, description = "stale version")))]
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    id: PathId,
    body: Keyed<JsonBody<CouponPatch>>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let mut patch = body.value.clone();
    if patch.version.is_none() {
        patch.version = if_match_version(&headers)?;
    }
    check_patch(&patch, state.now())?;
    if let Some(Some(auto)) = patch.auto_generate.as_mut() {
        *auto = crate::trigger_check::checked(auto)?;
        crate::trigger_check::room(&state, &caller.tenant, id.as_str(), auto).await?;
    }
    if let Some(ids) = &patch.rule_ids {
        check_rule_ids(ids)?;
        check_rules(&state, &caller.tenant, ids).await?;
    }
    if let Some(Some(reward)) = &patch.reward_item_id {
        validate::identifier("reward_item_id", reward)?;
        check_reward_item(&state, &caller.tenant, Some(reward)).await?;
    }
    let idem = body.spec()?;
    let update = CouponUpdate {
        kind: UpdateKind::Patch,
        patch,
        reason: None,
        idem,
        provenance: caller.provenance(),
    };
    change(&state, &caller, id.as_str(), update).await
}

fn if_match_version(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let Some(value) = headers.get("if-match") else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("").trim().trim_matches('"');
    text.parse::<u64>()
        .map(Some)
        .map_err(|_| ApiError::invalid("If-Match", "must be the coupon's version number"))
}

fn check_patch(patch: &CouponPatch, now: DateTime<Utc>) -> Result<(), ApiError> {
    if let Some(value) = patch.value {
        validate::amount("value", value)?;
    }
    validate::validity_window(patch.valid_from.flatten(), patch.valid_until.flatten(), now)?;
    if let Some(status) = patch.status {
        if !matches!(
            status,
            CouponStatus::Active | CouponStatus::Draft | CouponStatus::Paused
        ) {
            return Err(ApiError::invalid(
                "status",
                "set active, draft or paused; use /revoke to revoke",
            ));
        }
    }
    validate::optional_identifier(
        "external_id",
        patch.external_id.as_ref().and_then(Option::as_deref),
    )?;
    check_texts(
        patch.name.as_ref().and_then(Option::as_deref),
        patch.description.as_ref().and_then(Option::as_deref),
    )?;
    for (field, list) in [
        ("min_purchase", &patch.min_purchase),
        ("max_discount", &patch.max_discount),
    ] {
        check_money_list(field, list.as_deref().unwrap_or_default())?;
    }
    for (field, amount) in [
        ("min_cart_value", patch.min_cart_value),
        ("max_discount_amount", patch.max_discount_amount),
    ] {
        if let Some(Some(amount)) = amount {
            validate::amount(field, amount)?;
        }
    }
    if let Some(Some(campaign)) = &patch.campaign_id {
        validate::identifier("campaign_id", campaign)?;
    }
    if let Some(applicability) = &patch.applicability {
        check_applicability(applicability)?;
    }
    if let Some(metadata) = &patch.metadata {
        validate::metadata("metadata", metadata)?;
    }
    Ok(())
}

/// Sends a definition change to the coupon's owner.
async fn change(
    state: &AppState,
    caller: &Caller,
    id: &str,
    update: CouponUpdate,
) -> Result<Response, ApiError> {
    if let Some(spec) = &update.idem {
        if let Some(replayed) = idempotency::replay(state, &caller.tenant, spec).await? {
            return Ok(replayed);
        }
    }
    let coupon = coupon_or_404(state, &caller.tenant, id).await?;
    let kind = update.kind;
    let updated = state
        .shards
        .update(&caller.tenant, &coupon.code, update)
        .await?;
    if kind == UpdateKind::HardDelete || kind == UpdateKind::SoftDelete {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    Ok(Json(view(updated, state.now())).into_response())
}

#[utoipa::path(delete, path = "/v1/promotions/coupons/{coupon_id}", tag = "coupons",
    params(("coupon_id" = String, Path), DeleteQuery), responses((status = 204), (status = 403, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    id: PathId,
    QueryParams(query): QueryParams<DeleteQuery>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let kind = if query.hard {
        caller.require_admin()?;
        UpdateKind::HardDelete
    } else {
        UpdateKind::SoftDelete
    };
    let idem = idempotency::from_header(&headers, &method, uri.path(), b"")?;
    let update = CouponUpdate {
        kind,
        patch: CouponPatch::default(),
        reason: None,
        idem,
        provenance: caller.provenance(),
    };
    change(&state, &caller, id.as_str(), update).await
}

#[utoipa::path(post, path = "/v1/promotions/coupons/{coupon_id}/revoke", tag = "coupons", request_body = Option<RevokeBody>,
    params(("coupon_id" = String, Path)), responses((status = 200, body = Coupon)))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: Keyed<JsonOrEmpty<RevokeBody>>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    if let Some(reason) = &body.value.reason {
        validate::identifier("reason", reason)?;
    }
    let idem = body.spec()?;
    let patch = CouponPatch {
        version: body.value.version,
        ..CouponPatch::default()
    };
    let update = CouponUpdate {
        kind: UpdateKind::Revoke,
        patch,
        reason: body.value.reason.clone(),
        idem,
        provenance: caller.provenance(),
    };
    change(&state, &caller, id.as_str(), update).await
}
