//! `/campaigns/{campaign_id}/promotions`: promotions within a campaign (seed 001),
//! with the seed's fields, validation rules and error codes.
//!
//! A promotion is stored under its campaign; its code (unique in the tenant) and
//! its name (unique in the campaign) are claimed by index keys in the same
//! transaction. Auto-applied promotions are also filed in the `autoidx` index
//! under every product, SKU and category they target (or under `all`), which is
//! how `/preview` finds them for a cart without reading the tenant's promotions.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;
use stampede_actors::promo::campaign::{to_definition, RuleRef};
use stampede_actors::promo::Promotion;
use stampede_actors::records::idempotency::Done;
use stampede_actors::records::{self, RecordError};
use stampede_protocol::ids::PROMOTION_PREFIX;
use stampede_protocol::limits::{MAX_METADATA_BYTES, MAX_VALIDITY_HORIZON_YEARS};
use stampede_protocol::promotion::{
    CampaignPromotion, CurrentUsage, Discount, DiscountRules, EligibilityCriteria,
    PerformanceMetrics, PromotionStatus, PromotionType, Schedule, TimeRestrictions, UsageLimits,
};
use stampede_protocol::ErrorCode;
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, NoBody, QueryParams};
use crate::idempotency::{stored_response, CouponsWrite, Idempotent};
use crate::page::ListPage;
use crate::promo_store::{answer, created};
use crate::query::PageQuery;
use crate::{validate, AppState};

/// Seed 001: names of at most 100 characters.
pub const MAX_PROMOTION_NAME_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
/// Seed 001: codes of 4 to 20 alphanumeric characters.
pub const MIN_PROMOTION_CODE_CHARS: usize = 4;
pub const MAX_PROMOTION_CODE_CHARS: usize = 20;
/// Seed 001: at most 365 days from start to end.
pub const MAX_PROMOTION_DURATION_DAYS: i64 = 365;
/// Products, categories or excluded items in one promotion.
pub const MAX_PROMOTION_LIST_ITEMS: usize = 1_000;
/// Segments, tiers, regions or rules in the eligibility criteria.
pub const MAX_CRITERIA_ITEMS: usize = 100;
/// Generated codes tried with a numeric suffix before giving up.
const MAX_GENERATED_CODE_ATTEMPTS: u32 = 50;
/// Codes refused as reserved or offensive (seed 001 "reserved words"), compared
/// upper-case after removing digits.
const RESERVED_CODES: [&str; 10] = [
    "ADMIN",
    "NULL",
    "NONE",
    "TEST",
    "VOID",
    "ROOT",
    "SYSTEM",
    "UNDEFINED",
    "DAMN",
    "CRAP",
];

/// Body of `POST /campaigns/{campaign_id}/promotions` (seed 001 request fields).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePromotion {
    pub promotion_name: String,
    pub promotion_type: PromotionType,
    pub description: String,
    pub promotion_code: Option<String>,
    pub discount_rules: DiscountRules,
    #[serde(default)]
    pub eligibility_criteria: EligibilityCriteria,
    #[serde(default)]
    pub usage_limits: UsageLimits,
    pub schedule: Schedule,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub display_settings: Value,
    #[serde(default)]
    pub auto_apply: bool,
    #[serde(default)]
    pub stackable: bool,
    /// `draft` to create without publishing; otherwise derived from the schedule.
    pub status: Option<PromotionStatus>,
}

/// Body of `PATCH`: absent fields stay; type and code cannot change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchPromotion {
    pub version: Option<u64>,
    pub promotion_name: Option<String>,
    pub description: Option<String>,
    pub discount_rules: Option<DiscountRules>,
    pub eligibility_criteria: Option<EligibilityCriteria>,
    pub usage_limits: Option<UsageLimits>,
    pub schedule: Option<Schedule>,
    #[schema(value_type = Option<Object>)]
    pub display_settings: Option<Value>,
    pub auto_apply: Option<bool>,
    pub stackable: Option<bool>,
    /// `draft`, `paused` or `active` (published: scheduled or active by date).
    pub status: Option<PromotionStatus>,
}

fn discount_error(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::field(
        ErrorCode::InvalidDiscountRules,
        format!("discount_rules.{field}"),
        message,
    )
}

fn schedule_error(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::field(
        ErrorCode::InvalidSchedule,
        format!("schedule.{field}"),
        message,
    )
}

fn percent(field: &str, value: Option<Decimal>, required: bool) -> Result<(), ApiError> {
    match value {
        None if required => Err(discount_error(field, "is required for this promotion type")),
        None => Ok(()),
        Some(v) if v < Decimal::new(1, 2) => Err(discount_error(
            field,
            "Discount percentage must be at least 0.01%",
        )),
        Some(v) if v > Decimal::ONE_HUNDRED => Err(discount_error(
            field,
            "Discount percentage cannot exceed 100%",
        )),
        Some(_) => Ok(()),
    }
}

fn positive(field: &str, value: Option<Decimal>) -> Result<(), ApiError> {
    match value {
        Some(v) if v <= Decimal::ZERO => Err(discount_error(field, "must be a positive amount")),
        Some(v) => validate::amount(&format!("discount_rules.{field}"), v),
        None => Ok(()),
    }
}

fn bounded_list(field: &str, values: &[String], max: usize) -> Result<(), ApiError> {
    if values.len() > max {
        return Err(ApiError::invalid(field, format!("at most {max} entries")));
    }
    for (i, v) in values.iter().enumerate() {
        validate::identifier(&format!("{field}[{i}]"), v)?;
    }
    Ok(())
}

/// Seed 001 "Discount Rules Validation", per promotion type.
fn check_discount_rules(kind: PromotionType, r: &DiscountRules) -> Result<(), ApiError> {
    if let Some(currency) = &r.currency {
        validate::currency("discount_rules.currency", currency)
            .map_err(|e| discount_error("currency", e.detail))?;
    }
    positive("max_discount_amount", r.max_discount_amount)?;
    positive("min_purchase_amount", r.min_purchase_amount)?;
    for (name, list) in [
        ("applicable_categories", &r.applicable_categories),
        ("applicable_products", &r.applicable_products),
        ("excluded_items", &r.excluded_items),
        ("bundle_products", &r.bundle_products),
    ] {
        bounded_list(
            &format!("discount_rules.{name}"),
            list,
            MAX_PROMOTION_LIST_ITEMS,
        )?;
    }
    check_kind(kind, r)?;
    if matches!(kind, PromotionType::BuyXGetY | PromotionType::BundleDeal)
        && r.max_applications == Some(0)
    {
        return Err(discount_error(
            "max_applications",
            "must be a positive integer",
        ));
    }
    Ok(())
}

/// What each promotion type needs of its discount rules.
fn check_kind(kind: PromotionType, r: &DiscountRules) -> Result<(), ApiError> {
    match kind {
        PromotionType::PercentageDiscount => percent("discount_value", r.discount_value, true)?,
        PromotionType::FixedAmountDiscount => {
            let Some(value) = r.discount_value else {
                return Err(discount_error(
                    "discount_value",
                    "is required for this promotion type",
                ));
            };
            positive("discount_value", Some(value))?;
            if r.min_purchase_amount.is_some_and(|min| min <= value) {
                return Err(discount_error(
                    "min_purchase_amount",
                    "Minimum purchase amount must be greater than the discount amount",
                ));
            }
        }
        PromotionType::BuyXGetY => {
            for (name, q) in [
                ("buy_quantity", r.buy_quantity),
                ("get_quantity", r.get_quantity),
            ] {
                if q.is_none_or(|q| q == 0) {
                    return Err(discount_error(name, "must be a positive integer"));
                }
            }
            percent("discount_value", r.discount_value, false)?;
        }
        PromotionType::FreeShipping => percent("discount_value", r.discount_value, false)?,
        PromotionType::BundleDeal => {
            if r.bundle_products.len() < 2 {
                return Err(discount_error(
                    "bundle_products",
                    "a bundle needs at least two products",
                ));
            }
            match (r.bundle_price, r.discount_value) {
                (Some(price), None) => positive("bundle_price", Some(price))?,
                (None, Some(_)) => percent("discount_value", r.discount_value, true)?,
                _ => {
                    return Err(discount_error(
                        "bundle_price",
                        "give exactly one of bundle_price or discount_value",
                    ))
                }
            }
        }
        PromotionType::LoyaltyBonus => {
            if r.bonus_points.is_none() && r.points_per_unit.is_none() {
                return Err(discount_error(
                    "bonus_points",
                    "give bonus_points or points_per_unit",
                ));
            }
        }
    }
    Ok(())
}

/// Seed 001 "Schedule Validation". The start may not lie before today (UTC) when
/// the schedule is set; an unchanged schedule is not re-checked against the clock.
fn check_schedule(s: &Schedule, now: DateTime<Utc>) -> Result<(), ApiError> {
    let today = now.date_naive();
    if s.start_date.date_naive() < today {
        return Err(schedule_error(
            "start_date",
            "Start date must be in the future or the current date",
        ));
    }
    if s.end_date <= s.start_date {
        return Err(schedule_error(
            "end_date",
            "End date must be after start date",
        ));
    }
    if s.end_date - s.start_date > Duration::days(MAX_PROMOTION_DURATION_DAYS) {
        return Err(schedule_error(
            "end_date",
            format!("a promotion lasts at most {MAX_PROMOTION_DURATION_DAYS} days"),
        ));
    }
    for (field, date) in [("start_date", s.start_date), ("end_date", s.end_date)] {
        if date > validate::horizon(now) {
            return Err(schedule_error(
                field,
                format!("must be at most {MAX_VALIDITY_HORIZON_YEARS} years from now"),
            ));
        }
    }
    match &s.time_restrictions {
        Some(t) => check_time_restrictions(t),
        None => Ok(()),
    }
}

/// Days and hours a promotion runs in, checked by the engine as a window.
fn check_time_restrictions(t: &TimeRestrictions) -> Result<(), ApiError> {
    let window = stampede_protocol::promotion::Window {
        start: None,
        end: None,
        days_of_week: t.days_of_week.clone(),
        hours_of_day: t.hours_of_day.clone(),
        time_zone: t.time_zone.clone(),
    };
    let probe = stampede_protocol::promotion::PromotionDef {
        id: String::from("probe"),
        code: None,
        priority: 0,
        stacking: Default::default(),
        apply_on: Default::default(),
        discount: Discount::FreeShipping {
            percent: None,
            max_amount: Vec::new(),
        },
        target: Default::default(),
        min_purchase: Vec::new(),
        max_discount: Vec::new(),
        condition: None,
        window: Some(window),
        paused: false,
        usage_exhausted: false,
    };
    Promotion::new(probe).map_err(|e| {
        ApiError::field(
            ErrorCode::InvalidSchedule,
            e.path.replacen("$.window", "schedule.time_restrictions", 1),
            e.message,
        )
    })?;
    Ok(())
}

/// Seed 001 "Usage Limits Validation".
fn check_usage_limits(u: &UsageLimits) -> Result<(), ApiError> {
    for (name, value) in [
        ("total_usage_limit", u.total_usage_limit),
        ("per_customer_limit", u.per_customer_limit),
        ("daily_usage_limit", u.daily_usage_limit),
    ] {
        if value == Some(0) {
            return Err(ApiError::invalid(
                format!("usage_limits.{name}"),
                "must be a positive integer",
            ));
        }
    }
    if let (Some(per), Some(total)) = (u.per_customer_limit, u.total_usage_limit) {
        if per > total {
            return Err(ApiError::invalid(
                "usage_limits.per_customer_limit",
                "Per-customer limits cannot exceed total usage limits",
            ));
        }
    }
    Ok(())
}

/// Seed 001 "Code Validation": alphanumeric, 4–20 characters, no reserved words.
/// Returns the upper-case code.
fn check_code(raw: &str) -> Result<String, ApiError> {
    let code = raw.trim().to_ascii_uppercase();
    let length = code.chars().count();
    if !(MIN_PROMOTION_CODE_CHARS..=MAX_PROMOTION_CODE_CHARS).contains(&length)
        || !code.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(ApiError::invalid(
            "promotion_code",
            format!(
                "must be {MIN_PROMOTION_CODE_CHARS}–{MAX_PROMOTION_CODE_CHARS} letters or digits"
            ),
        ));
    }
    let letters: String = code.chars().filter(char::is_ascii_alphabetic).collect();
    if RESERVED_CODES.iter().any(|w| letters.contains(w)) {
        return Err(ApiError::invalid(
            "promotion_code",
            "contains a reserved or offensive word",
        ));
    }
    Ok(code)
}

/// A code from the name and type (`SPRINGFRESH20PCT`); a numeric suffix is added
/// when taken.
fn generated_code(name: &str, kind: PromotionType, attempt: u32) -> String {
    let tag = kind.code_tag();
    let suffix = if attempt == 0 {
        String::new()
    } else {
        attempt.to_string()
    };
    let room = MAX_PROMOTION_CODE_CHARS - tag.len() - suffix.len();
    let mut stem: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .take(room)
        .collect();
    if stem.is_empty() {
        stem.push_str("PROMO");
    }
    format!("{stem}{tag}{suffix}")
}

fn check_texts(name: &str, description: &str) -> Result<(), ApiError> {
    let chars = name.chars().count();
    if name.trim().is_empty()
        || chars > MAX_PROMOTION_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(ApiError::invalid(
            "promotion_name",
            format!("must be 1–{MAX_PROMOTION_NAME_CHARS} characters"),
        ));
    }
    if description.trim().is_empty() || description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(ApiError::invalid(
            "description",
            format!("must be 1–{MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    Ok(())
}

fn check_display(display: &Value) -> Result<(), ApiError> {
    if !(display.is_object() || display.is_null()) {
        return Err(ApiError::invalid("display_settings", "must be an object"));
    }
    if serde_json::to_vec(display).map_or(0, |v| v.len()) > MAX_METADATA_BYTES {
        return Err(ApiError::invalid(
            "display_settings",
            format!("at most {MAX_METADATA_BYTES} bytes"),
        ));
    }
    Ok(())
}

fn check_criteria(e: &EligibilityCriteria) -> Result<(), ApiError> {
    for (name, list) in [
        ("customer_segments", &e.customer_segments),
        ("loyalty_tier_requirements", &e.loyalty_tier_requirements),
        ("geographic_restrictions", &e.geographic_restrictions),
        ("rule_ids", &e.rule_ids),
    ] {
        bounded_list(
            &format!("eligibility_criteria.{name}"),
            list,
            MAX_CRITERIA_ITEMS,
        )?;
    }
    Ok(())
}

/// The stored rules a promotion references, with their priorities; all must exist.
pub async fn referenced_rules(
    state: &AppState,
    tenant: &str,
    ids: &[String],
) -> Result<Vec<RuleRef>, ApiError> {
    let mut conditions = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let rule = records::rules::get(&state.records(), tenant, id)
            .await?
            .ok_or_else(|| {
                ApiError::invalid(
                    format!("eligibility_criteria.rule_ids[{i}]"),
                    "no such rule",
                )
            })?;
        conditions.push(RuleRef {
            id: rule.id,
            priority: rule.priority,
            condition: rule.condition,
        });
    }
    Ok(conditions)
}

/// The engine must accept the converted promotion too (bounds of its condition).
fn check_engine(p: &CampaignPromotion, rules: &[RuleRef]) -> Result<(), ApiError> {
    let currency = p.discount_rules.currency.as_deref().unwrap_or("USD");
    let mut def = to_definition(p, currency, rules);
    if def.code.as_deref() == Some("") {
        // Generated in the create transaction; any valid code checks the same.
        def.code = Some(String::from("PENDING"));
    }
    Promotion::new(def).map_err(|e| {
        ApiError::field(
            ErrorCode::InvalidDiscountRules,
            e.path.replacen('$', "promotion", 1),
            e.message,
        )
    })?;
    Ok(())
}

/// The promotion as answered at `now`, with its effective status.
fn view(p: CampaignPromotion, now: DateTime<Utc>) -> CampaignPromotion {
    p.at(now)
}

fn path_ids(path: &BTreeMap<String, String>) -> Result<(String, Option<String>), ApiError> {
    let campaign = path.get("campaign_id").cloned().unwrap_or_default();
    validate::identifier("campaign_id", &campaign)?;
    let promotion = path.get("promotion_id").cloned();
    if let Some(id) = &promotion {
        validate::identifier("promotion_id", id)?;
    }
    Ok((campaign, promotion))
}

fn campaign_not_found() -> ApiError {
    records::promotions::campaign_not_found().into()
}

/// A check of the request made inside the records layer's transaction (a
/// patch is checked against the stored promotion): its refusal as is.
fn refusal(err: ApiError) -> RecordError {
    RecordError::Refused {
        code: err.code,
        field: err.field,
        detail: err.detail,
    }
}

/// A new promotion from its checked request: version 1, no use yet.
fn new_promotion(
    body: CreatePromotion,
    promotion_id: String,
    campaign_id: &str,
    code: String,
    status: PromotionStatus,
    created_by: String,
    now: DateTime<Utc>,
) -> CampaignPromotion {
    let total = body.usage_limits.total_usage_limit;
    CampaignPromotion {
        promotion_id,
        campaign_id: campaign_id.to_owned(),
        promotion_name: body.promotion_name.trim().to_owned(),
        promotion_type: body.promotion_type,
        description: body.description,
        promotion_code: code,
        status,
        discount_rules: body.discount_rules,
        eligibility_criteria: body.eligibility_criteria,
        usage_limits: UsageLimits {
            current_usage: Some(CurrentUsage {
                total_used: 0,
                today_used: 0,
                remaining_uses: total,
            }),
            ..body.usage_limits
        },
        schedule: body.schedule,
        display_settings: if body.display_settings.is_null() {
            Value::Object(Default::default())
        } else {
            body.display_settings
        },
        auto_apply: body.auto_apply,
        stackable: body.stackable,
        performance_metrics: PerformanceMetrics::default(),
        created_at: now,
        created_by,
        updated_at: now,
        version: 1,
    }
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/promotions", tag = "promotions",
    request_body = CreatePromotion, params(("campaign_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = CampaignPromotion),
        (status = 400, body = crate::error::Problem, description = "INVALID_DISCOUNT_RULES, INVALID_SCHEDULE, invalid_field"),
        (status = 404, body = crate::error::Problem, description = "CAMPAIGN_NOT_FOUND"),
        (status = 409, body = crate::error::Problem, description = "DUPLICATE_PROMOTION_CODE")))]
pub async fn create(
    State(state): State<AppState>,
    Path(path): Path<BTreeMap<String, String>>,
    request: Idempotent<JsonBody<CreatePromotion>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let (campaign_id, _) = path_ids(&path)?;
    let body = body.value;
    let now = state.now();
    check_texts(&body.promotion_name, &body.description)?;
    check_discount_rules(body.promotion_type, &body.discount_rules)?;
    check_criteria(&body.eligibility_criteria)?;
    check_usage_limits(&body.usage_limits)?;
    check_schedule(&body.schedule, now)?;
    check_display(&body.display_settings)?;
    let explicit_code = body.promotion_code.as_deref().map(check_code).transpose()?;
    let status = match body.status {
        None => PromotionStatus::Active,
        Some(PromotionStatus::Draft) => PromotionStatus::Draft,
        Some(_) => {
            return Err(ApiError::invalid(
                "status",
                "a new promotion is draft or published (absent)",
            ))
        }
    };
    let rules =
        referenced_rules(&state, &caller.tenant, &body.eligibility_criteria.rule_ids).await?;
    let code = explicit_code.clone().unwrap_or_default();
    let promotion = new_promotion(
        body,
        state.new_id(PROMOTION_PREFIX),
        &campaign_id,
        code,
        status,
        caller.actor(),
        now,
    );
    check_engine(&promotion, &rules)?;
    let codes = match explicit_code {
        Some(code) => vec![code],
        None => (0..MAX_GENERATED_CODE_ATTEMPTS)
            .map(|attempt| {
                generated_code(&promotion.promotion_name, promotion.promotion_type, attempt)
            })
            .collect(),
    };
    let records = caller.records(&state);
    let done =
        records::promotions::create(&records, &caller.tenant, promotion, codes, spec, now).await?;
    let promotion = match done {
        Done::Fresh(promotion) => promotion,
        Done::Replayed(record) => return Ok(stored_response(&record)),
    };
    let stored = records::promotions::get(
        &records,
        &caller.tenant,
        &campaign_id,
        &promotion.promotion_id,
    )
    .await?
    .ok_or_else(|| ApiError::internal("promotion vanished after create"))?;
    Ok(created(&view(stored, now)))
}

async fn campaign_exists(
    state: &AppState,
    tenant: &str,
    campaign_id: &str,
) -> Result<(), ApiError> {
    if records::promotions::campaign_exists(&state.records(), tenant, campaign_id).await? {
        Ok(())
    } else {
        Err(campaign_not_found())
    }
}

/// The promotion as answered: effective status, usage and metrics at `now`.
async fn with_usage(
    state: &AppState,
    tenant: &str,
    p: CampaignPromotion,
    now: DateTime<Utc>,
) -> Result<CampaignPromotion, ApiError> {
    let records = state.records();
    Ok(records::promotion_usage::with_usage(&records, tenant, view(p, now), now).await?)
}

#[utoipa::path(get, path = "/v1/promotions/campaigns/{campaign_id}/promotions/{promotion_id}", tag = "promotions",
    params(("campaign_id" = String, Path), ("promotion_id" = String, Path)),
    responses((status = 200, body = CampaignPromotion), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Json<CampaignPromotion>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let (campaign_id, promotion_id) = path_ids(&path)?;
    campaign_exists(&state, &caller.tenant, &campaign_id).await?;
    let promotion_id = promotion_id.unwrap_or_default();
    let records = caller.records(&state);
    let p = records::promotions::get(&records, &caller.tenant, &campaign_id, &promotion_id)
        .await?
        .ok_or_else(|| ApiError::not_found("promotion"))?;
    Ok(Json(
        with_usage(&state, &caller.tenant, p, state.now()).await?,
    ))
}

#[utoipa::path(get, path = "/v1/promotions/campaigns/{campaign_id}/promotions", tag = "promotions",
    params(("campaign_id" = String, Path), PageQuery), responses((status = 200, body = ListPage<CampaignPromotion>), (status = 404, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<ListPage<CampaignPromotion>>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let (campaign_id, _) = path_ids(&path)?;
    campaign_exists(&state, &caller.tenant, &campaign_id).await?;
    let (cursor, limit) = query.bounds()?;
    let records = caller.records(&state);
    let page =
        records::promotions::list(&records, &caller.tenant, &campaign_id, cursor, limit).await?;
    let now = state.now();
    let mut data: Vec<CampaignPromotion> = Vec::with_capacity(page.data.len());
    for p in page.data {
        data.push(with_usage(&state, &caller.tenant, p, now).await?);
    }
    Ok(Json(ListPage {
        data,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    }))
}

/// The patched promotion, checked like a new one (the schedule only when it changed).
fn patched(
    mut p: CampaignPromotion,
    body: &PatchPromotion,
    now: DateTime<Utc>,
) -> Result<CampaignPromotion, ApiError> {
    if let Some(name) = &body.promotion_name {
        p.promotion_name = name.trim().to_owned();
    }
    if let Some(description) = &body.description {
        p.description = description.clone();
    }
    if let Some(rules) = &body.discount_rules {
        p.discount_rules = rules.clone();
    }
    if let Some(criteria) = &body.eligibility_criteria {
        p.eligibility_criteria = criteria.clone();
    }
    if let Some(limits) = &body.usage_limits {
        let usage = p.usage_limits.current_usage.take().unwrap_or_default();
        p.usage_limits = UsageLimits {
            current_usage: Some(CurrentUsage {
                remaining_uses: limits
                    .total_usage_limit
                    .map(|t| t.saturating_sub(usage.total_used)),
                ..usage
            }),
            ..limits.clone()
        };
    }
    if let Some(schedule) = &body.schedule {
        check_schedule(schedule, now)?;
        p.schedule = schedule.clone();
    }
    if let Some(display) = &body.display_settings {
        check_display(display)?;
        p.display_settings = display.clone();
    }
    if let Some(auto) = body.auto_apply {
        p.auto_apply = auto;
    }
    if let Some(stackable) = body.stackable {
        p.stackable = stackable;
    }
    match body.status {
        None => {}
        Some(PromotionStatus::Draft | PromotionStatus::Paused | PromotionStatus::Active) => {
            p.status = body.status.unwrap_or(p.status);
        }
        Some(_) => return Err(ApiError::invalid(
            "status",
            "can be set to draft, paused or active; scheduled and expired follow from the schedule",
        )),
    }
    check_texts(&p.promotion_name, &p.description)?;
    check_discount_rules(p.promotion_type, &p.discount_rules)?;
    check_criteria(&p.eligibility_criteria)?;
    check_usage_limits(&p.usage_limits)?;
    p.updated_at = now;
    p.version += 1;
    Ok(p)
}

#[utoipa::path(patch, path = "/v1/promotions/campaigns/{campaign_id}/promotions/{promotion_id}", tag = "promotions",
    request_body = PatchPromotion, params(("campaign_id" = String, Path), ("promotion_id" = String, Path),
        ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = CampaignPromotion), (status = 400, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn patch(
    State(state): State<AppState>,
    Path(path): Path<BTreeMap<String, String>>,
    request: Idempotent<JsonBody<PatchPromotion>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let (campaign_id, promotion_id) = path_ids(&path)?;
    let promotion_id = promotion_id.unwrap_or_default();
    let body = body.value;
    let rule_ids = body
        .eligibility_criteria
        .as_ref()
        .map(|e| e.rule_ids.clone());
    let rules = match &rule_ids {
        Some(ids) => Some(referenced_rules(&state, &caller.tenant, ids).await?),
        None => None,
    };
    let now = state.now();
    let version = body.version;
    let change = move |old: CampaignPromotion| {
        let new = patched(old, &body, now).map_err(refusal)?;
        if let Some(rules) = &rules {
            check_engine(&new, rules).map_err(refusal)?;
        }
        Ok(new)
    };
    let ids = (campaign_id.as_str(), promotion_id.as_str());
    let records = caller.records(&state);
    let done =
        records::promotions::patch(&records, &caller.tenant, ids, version, change, spec, now)
            .await?;
    let p = match done {
        Done::Fresh(p) => p,
        Done::Replayed(record) => return Ok(stored_response(&record)),
    };
    let p = with_usage(&state, &caller.tenant, p, now).await?;
    Ok(Json(p).into_response())
}

#[utoipa::path(delete, path = "/v1/promotions/campaigns/{campaign_id}/promotions/{promotion_id}", tag = "promotions",
    params(("campaign_id" = String, Path), ("promotion_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    Path(path): Path<BTreeMap<String, String>>,
    request: Idempotent<NoBody, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent { caller, spec, .. } = request;
    let (campaign_id, promotion_id) = path_ids(&path)?;
    let promotion_id = promotion_id.unwrap_or_default();
    let ids = (campaign_id.as_str(), promotion_id.as_str());
    let records = caller.records(&state);
    let done =
        records::promotions::delete(&records, &caller.tenant, ids, spec, state.now()).await?;
    Ok(answer(done, |()| StatusCode::NO_CONTENT.into_response()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_fit_the_seed_rules() {
        let code = generated_code("Spring Fresh 20% Off", PromotionType::PercentageDiscount, 0);
        assert_eq!(code, "SPRINGFRESH20OFFPCT");
        assert!(check_code(&code).is_ok());
        let long = generated_code(
            "A very long promotion name indeed",
            PromotionType::BuyXGetY,
            12,
        );
        assert_eq!(long.len(), MAX_PROMOTION_CODE_CHARS);
        assert!(long.ends_with("BXGY12"));
        assert_eq!(
            generated_code("%%%", PromotionType::FreeShipping, 0),
            "PROMOSHIP"
        );
    }

    #[test]
    fn code_rules() {
        assert_eq!(check_code("spring20").unwrap(), "SPRING20");
        assert!(check_code("ab1").is_err());
        assert!(check_code("SPRING-20").is_err());
        assert!(check_code("ABCDEFGHIJKLMNOPQRSTU").is_err());
        assert!(check_code("TEST2025").is_err());
    }
}
