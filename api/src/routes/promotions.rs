//! `/campaigns/{campaign_id}/promotions`: promotions within a campaign (seed 001),
//! with the seed's fields, validation rules and error codes.
//!
//! A promotion is stored under its campaign; its code (unique in the tenant) and
//! its name (unique in the campaign) are claimed by index keys in the same
//! transaction. Auto-applied promotions are also filed in the `autoidx` index
//! under every product, SKU and category they target (or under `all`), which is
//! how `/preview` finds them for a cart without reading the tenant's promotions.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stampede_actors::promo::campaign::{to_definition, RuleRef};
use stampede_actors::promo::Promotion;
use stampede_protocol::ids::{new_id, PROMOTION_PREFIX};
use stampede_protocol::limits::MAX_METADATA_BYTES;
use stampede_protocol::promotion::{
    CampaignPromotion, CurrentUsage, Discount, DiscountRules, EligibilityCriteria,
    PerformanceMetrics, PromotionStatus, PromotionType, Schedule, UsageLimits,
};
use stampede_protocol::rule::Rule;
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, RetryPolicy, StorageError};
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, QueryParams};
use crate::promo_store::{self, created, encode, read, read_in, remember};
use crate::query::PageQuery;
use crate::routes::promotion_usage;
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

#[derive(Debug, Serialize, ToSchema)]
pub struct PromotionPage {
    pub data: Vec<CampaignPromotion>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
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
    if let Some(t) = &s.time_restrictions {
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
    }
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
        let rule: Rule = read(state.store(), &keys::rule(tenant, id))
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

/// The status a client sees at `now`.
pub fn effective_status(p: &CampaignPromotion, now: DateTime<Utc>) -> PromotionStatus {
    match p.status {
        PromotionStatus::Draft | PromotionStatus::Paused => p.status,
        _ if now >= p.schedule.end_date => PromotionStatus::Expired,
        _ if now < p.schedule.start_date => PromotionStatus::Scheduled,
        _ => PromotionStatus::Active,
    }
}

fn view(mut p: CampaignPromotion, now: DateTime<Utc>) -> CampaignPromotion {
    p.status = effective_status(&p, now);
    p
}

/// Index entries of an auto-applied promotion: what it targets, or `all`.
pub fn index_entries(p: &CampaignPromotion) -> Vec<(&'static str, String)> {
    if !p.auto_apply {
        return Vec::new();
    }
    let r = &p.discount_rules;
    let mut entries: Vec<(&'static str, String)> = Vec::new();
    let products: &[String] = if p.promotion_type == PromotionType::BundleDeal
        && r.applicable_products.is_empty()
        && r.applicable_categories.is_empty()
    {
        &r.bundle_products
    } else {
        &r.applicable_products
    };
    for product in products {
        entries.push(("product", product.clone()));
        entries.push(("sku", product.clone()));
    }
    for category in &r.applicable_categories {
        entries.push(("category", category.clone()));
    }
    if entries.is_empty() {
        entries.push(("all", String::new()));
    }
    entries.sort();
    entries.dedup();
    entries
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
    ApiError::field(
        ErrorCode::CampaignNotFound,
        "campaign_id",
        "The specified campaign does not exist or is not accessible",
    )
}

enum Created {
    Done,
    NoCampaign,
    DuplicateCode(String),
    DuplicateName,
    Replay(stampede_protocol::idempotency::IdemRecord),
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/promotions", tag = "promotions",
    request_body = CreatePromotion, params(("campaign_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = CampaignPromotion),
        (status = 400, body = crate::error::Problem, description = "INVALID_DISCOUNT_RULES, INVALID_SCHEDULE, invalid_field"),
        (status = 404, body = crate::error::Problem, description = "CAMPAIGN_NOT_FOUND"),
        (status = 409, body = crate::error::Problem, description = "DUPLICATE_PROMOTION_CODE")))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonBody<CreatePromotion>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let (campaign_id, _) = path_ids(&path)?;
    let spec =
        match promo_store::idempotent_for(&state, &caller, &method, &uri, &headers, &body.raw)
            .await?
        {
            Ok(spec) => spec,
            Err(replayed) => return Ok(replayed),
        };
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
    let total = body.usage_limits.total_usage_limit;
    let mut promotion = CampaignPromotion {
        promotion_id: new_id(PROMOTION_PREFIX),
        campaign_id: campaign_id.clone(),
        promotion_name: body.promotion_name.trim().to_owned(),
        promotion_type: body.promotion_type,
        description: body.description,
        promotion_code: explicit_code.clone().unwrap_or_default(),
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
        created_by: caller.actor(),
        updated_at: now,
        version: 1,
    };
    check_engine(&promotion, &rules)?;
    let tenant = caller.tenant.clone();
    let name_key = keys::promotion_name(
        &tenant,
        &campaign_id,
        &promotion.promotion_name.to_lowercase(),
    );
    let shared = Arc::new((
        promotion.clone(),
        spec.clone(),
        explicit_code.clone(),
        name_key,
    ));
    let outcome = run(state.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, shared) = (tenant.clone(), shared.clone());
        Box::pin(async move {
            let (promotion, spec, explicit, name_key) = &*shared;
            let mut promotion = promotion.clone();
            if let Some(spec) = spec {
                if let Some(bytes) = tx.get(&keys::idempotency(&tenant, &spec.key)).await? {
                    return Ok(Created::Replay(promo_store::decode(&bytes)?));
                }
            }
            if tx
                .get(&keys::campaign(&tenant, &promotion.campaign_id))
                .await?
                .is_none()
            {
                return Ok(Created::NoCampaign);
            }
            if tx.get(name_key).await?.is_some() {
                return Ok(Created::DuplicateName);
            }
            promotion.promotion_code = match explicit {
                Some(code) => {
                    if promotion_usage::code_taken(tx, &tenant, code).await? {
                        return Ok(Created::DuplicateCode(code.clone()));
                    }
                    code.clone()
                }
                None => match free_code(tx, &tenant, &promotion).await? {
                    Some(code) => code,
                    None => {
                        return Ok(Created::DuplicateCode(generated_code(
                            &promotion.promotion_name,
                            promotion.promotion_type,
                            0,
                        )))
                    }
                },
            };
            write(tx, &tenant, &promotion, name_key)?;
            promotion_usage::write_code(tx, &tenant, &promotion)?;
            let json =
                serde_json::to_value(view(promotion.clone(), now)).map_err(promo_store::corrupt)?;
            remember(tx, &tenant, spec.as_ref(), 201, &json, now)?;
            Ok::<Created, StorageError>(Created::Done)
        })
    })
    .await?;
    match outcome {
        Created::Done => {
            let stored: CampaignPromotion = read(
                state.store(),
                &keys::campaign_promotion(&caller.tenant, &campaign_id, &promotion.promotion_id),
            )
            .await?
            .ok_or_else(|| ApiError::internal("promotion vanished after create"))?;
            promotion = stored;
            Ok(created(&view(promotion, now)))
        }
        Created::NoCampaign => Err(campaign_not_found()),
        Created::DuplicateName => Err(ApiError::invalid(
            "promotion_name",
            "Promotion names must be unique within the campaign",
        )),
        Created::DuplicateCode(code) => Err(ApiError::field(
            ErrorCode::DuplicatePromotionCode,
            "promotion_code",
            format!("The promotion code '{code}' is already in use"),
        )),
        Created::Replay(record) => {
            if spec.is_some_and(|s| s.fingerprint == record.fingerprint) {
                Ok(crate::idempotency::stored_response(&record))
            } else {
                Err(ApiError::field(
                    ErrorCode::IdempotencyKeyReused,
                    "Idempotency-Key",
                    "this key was used with a different request",
                ))
            }
        }
    }
}

/// The first generated code not taken yet.
async fn free_code(
    tx: &mut dyn stampede_storage::Transaction,
    tenant: &str,
    p: &CampaignPromotion,
) -> Result<Option<String>, StorageError> {
    for attempt in 0..MAX_GENERATED_CODE_ATTEMPTS {
        let code = generated_code(&p.promotion_name, p.promotion_type, attempt);
        if !promotion_usage::code_taken(tx, tenant, &code).await? {
            return Ok(Some(code));
        }
    }
    Ok(None)
}

/// Writes a promotion with its code, name, location and index keys.
fn write(
    tx: &mut dyn stampede_storage::Transaction,
    tenant: &str,
    p: &CampaignPromotion,
    name_key: &[u8],
) -> Result<(), StorageError> {
    let id = p.promotion_id.as_bytes();
    tx.set(
        &keys::campaign_promotion(tenant, &p.campaign_id, &p.promotion_id),
        &encode(p)?,
    )?;
    tx.set(
        &keys::promotion_location(tenant, &p.promotion_id),
        p.campaign_id.as_bytes(),
    )?;
    tx.set(&keys::promotion_code(tenant, &p.promotion_code), id)?;
    tx.set(name_key, id)?;
    for (kind, value) in index_entries(p) {
        tx.set(
            &keys::auto_index(tenant, kind, &value, &p.promotion_id),
            b"",
        )?;
    }
    Ok(())
}

/// Clears what [`write`] wrote.
fn erase(
    tx: &mut dyn stampede_storage::Transaction,
    tenant: &str,
    p: &CampaignPromotion,
) -> Result<(), StorageError> {
    tx.clear(&keys::campaign_promotion(
        tenant,
        &p.campaign_id,
        &p.promotion_id,
    ))?;
    tx.clear(&keys::promotion_location(tenant, &p.promotion_id))?;
    tx.clear(&keys::promotion_code(tenant, &p.promotion_code))?;
    tx.clear(&keys::promotion_name(
        tenant,
        &p.campaign_id,
        &p.promotion_name.to_lowercase(),
    ))?;
    for (kind, value) in index_entries(p) {
        tx.clear(&keys::auto_index(tenant, kind, &value, &p.promotion_id))?;
    }
    Ok(())
}

async fn campaign_exists(
    state: &AppState,
    tenant: &str,
    campaign_id: &str,
) -> Result<(), ApiError> {
    let mut tx = state.store().begin().await?;
    match tx
        .get_snapshot(&keys::campaign(tenant, campaign_id))
        .await?
    {
        Some(_) => Ok(()),
        None => Err(campaign_not_found()),
    }
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
    let key = keys::campaign_promotion(
        &caller.tenant,
        &campaign_id,
        &promotion_id.unwrap_or_default(),
    );
    let p: CampaignPromotion = read(state.store(), &key)
        .await?
        .ok_or_else(|| ApiError::not_found("promotion"))?;
    let now = state.now();
    let p = promotion_usage::with_usage(&state, &caller.tenant, view(p, now), now).await?;
    Ok(Json(p))
}

#[utoipa::path(get, path = "/v1/promotions/campaigns/{campaign_id}/promotions", tag = "promotions",
    params(("campaign_id" = String, Path), PageQuery), responses((status = 200, body = PromotionPage), (status = 404, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<PromotionPage>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let (campaign_id, _) = path_ids(&path)?;
    campaign_exists(&state, &caller.tenant, &campaign_id).await?;
    let limit = validate::page_limit(query.limit)?;
    let after = match &query.cursor {
        Some(cursor) => {
            validate::identifier("cursor", cursor)?;
            Some(keys::campaign_promotion(
                &caller.tenant,
                &campaign_id,
                cursor,
            ))
        }
        None => None,
    };
    let prefix = keys::campaign_promotions_prefix(&caller.tenant, &campaign_id);
    let (rows, has_more) = promo_store::page(state.store(), &prefix, after, limit).await?;
    let now = state.now();
    let mut data: Vec<CampaignPromotion> = Vec::with_capacity(rows.len());
    for kv in &rows {
        let p = view(promo_store::decode(&kv.value)?, now);
        data.push(promotion_usage::with_usage(&state, &caller.tenant, p, now).await?);
    }
    let next_cursor = has_more
        .then(|| data.last().map(|p| p.promotion_id.clone()))
        .flatten();
    Ok(Json(PromotionPage {
        data,
        next_cursor,
        has_more,
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

enum Changed {
    Done(Box<CampaignPromotion>),
    NoCampaign,
    Missing,
    Stale(u64),
    DuplicateName,
    Invalid(ApiError),
}

#[utoipa::path(patch, path = "/v1/promotions/campaigns/{campaign_id}/promotions/{promotion_id}", tag = "promotions",
    request_body = PatchPromotion, params(("campaign_id" = String, Path), ("promotion_id" = String, Path),
        ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = CampaignPromotion), (status = 400, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonBody<PatchPromotion>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let (campaign_id, promotion_id) = path_ids(&path)?;
    let spec =
        match promo_store::idempotent_for(&state, &caller, &method, &uri, &headers, &body.raw)
            .await?
        {
            Ok(spec) => spec,
            Err(replayed) => return Ok(replayed),
        };
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
    let tenant = caller.tenant.clone();
    let shared = Arc::new((body, rules));
    let once = promo_store::Once::new(&state, &caller.tenant, spec, now);
    let outcome = promo_store::Once::run(once, patched_response(now), |tx| {
        let (tenant, campaign_id, promotion_id, shared) = (
            tenant.clone(),
            campaign_id.clone(),
            promotion_id.clone(),
            shared.clone(),
        );
        Box::pin(async move {
            let (body, rules) = &*shared;
            if tx
                .get(&keys::campaign(&tenant, &campaign_id))
                .await?
                .is_none()
            {
                return Ok(Changed::NoCampaign);
            }
            let key = keys::campaign_promotion(&tenant, &campaign_id, &promotion_id);
            let Some(old) = read_in::<CampaignPromotion>(tx, &key).await? else {
                return Ok(Changed::Missing);
            };
            if body.version.is_some_and(|v| v != old.version) {
                return Ok(Changed::Stale(old.version));
            }
            let new = match patched(old.clone(), body, now) {
                Ok(new) => new,
                Err(e) => return Ok(Changed::Invalid(e)),
            };
            if let Some(rules) = rules {
                if let Err(e) = check_engine(&new, rules) {
                    return Ok(Changed::Invalid(e));
                }
            }
            let name_key =
                keys::promotion_name(&tenant, &campaign_id, &new.promotion_name.to_lowercase());
            if new.promotion_name.to_lowercase() != old.promotion_name.to_lowercase()
                && tx.get(&name_key).await?.is_some()
            {
                return Ok(Changed::DuplicateName);
            }
            erase(tx, &tenant, &old)?;
            write(tx, &tenant, &new, &name_key)?;
            Ok::<Changed, StorageError>(Changed::Done(Box::new(new)))
        })
    })
    .await?;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(replayed) => return Ok(replayed),
    };
    match outcome {
        Changed::Done(p) => {
            let p = promotion_usage::with_usage(&state, &caller.tenant, view(*p, now), now).await?;
            Ok(Json(p).into_response())
        }
        Changed::NoCampaign => Err(campaign_not_found()),
        Changed::Missing => Err(ApiError::not_found("promotion")),
        Changed::Stale(current) => Err(ApiError::field(
            ErrorCode::VersionConflict,
            "version",
            format!("stale version; the current version is {current}"),
        )),
        Changed::DuplicateName => Err(ApiError::invalid(
            "promotion_name",
            "Promotion names must be unique within the campaign",
        )),
        Changed::Invalid(e) => Err(e),
    }
}

#[utoipa::path(delete, path = "/v1/promotions/campaigns/{campaign_id}/promotions/{promotion_id}", tag = "promotions",
    params(("campaign_id" = String, Path), ("promotion_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let (campaign_id, promotion_id) = path_ids(&path)?;
    let promotion_id = promotion_id.unwrap_or_default();
    let spec =
        match promo_store::idempotent_for(&state, &caller, &method, &uri, &headers, b"").await? {
            Ok(spec) => spec,
            Err(replayed) => return Ok(replayed),
        };
    let tenant = caller.tenant.clone();
    let once = promo_store::Once::new(&state, &caller.tenant, spec, state.now());
    let outcome = promo_store::Once::run(once, deleted_response, |tx| {
        let (tenant, campaign_id, promotion_id) =
            (tenant.clone(), campaign_id.clone(), promotion_id.clone());
        Box::pin(async move {
            if tx
                .get(&keys::campaign(&tenant, &campaign_id))
                .await?
                .is_none()
            {
                return Ok(Err(campaign_not_found()));
            }
            let key = keys::campaign_promotion(&tenant, &campaign_id, &promotion_id);
            let Some(old) = read_in::<CampaignPromotion>(tx, &key).await? else {
                return Ok(Err(ApiError::not_found("promotion")));
            };
            erase(tx, &tenant, &old)?;
            promotion_usage::erase_code(tx, &tenant, &old)?;
            Ok::<Result<(), ApiError>, StorageError>(Ok(()))
        })
    })
    .await?;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(replayed) => return Ok(replayed),
    };
    outcome.map(|()| StatusCode::NO_CONTENT.into_response())
}

// ---- Idempotency of patch and delete (`Idempotency-Key`, see `promo_store`) ----

/// What a patch stores under its key: the promotion as answered at `now`.
fn patched_response(
    now: DateTime<Utc>,
) -> impl Fn(&Changed) -> Result<promo_store::Stored, serde_json::Error> + Sync {
    move |outcome| match outcome {
        Changed::Done(p) => {
            serde_json::to_value(view((**p).clone(), now)).map(|json| Some((200, json)))
        }
        _ => Ok(None),
    }
}

/// What a delete stores under its key: `204` once deleted.
fn deleted_response(
    outcome: &Result<(), ApiError>,
) -> Result<promo_store::Stored, serde_json::Error> {
    Ok(outcome.is_ok().then_some((204, Value::Null)))
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
