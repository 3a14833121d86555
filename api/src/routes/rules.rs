//! `/rules`: stored conditions in the rule DSL (seed 000 §3), plus `compile` (check
//! a rule and show its run-time form) and `simulate` (evaluate it against a sample
//! context with every clause explained).
//!
//! A rule's `priority` orders the rules a promotion references: higher first, ties
//! by id, both when they are evaluated and explained and, for a promotion with no
//! priority of its own, as the promotion's application order
//! (`stampede_actors::promo::campaign`). Every mutation honours `Idempotency-Key`
//! ([`crate::idempotency::Idempotent`], [`records::idempotency::Once`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stampede_actors::promo::{explain, ClauseExplain, CompiledRule, Facts};
use stampede_actors::records;
use stampede_protocol::ids::RULE_PREFIX;
use stampede_protocol::promotion::PromoContext;
use stampede_protocol::rule::Rule;
use stampede_protocol::ErrorCode;
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, NoBody, PathId, QueryParams};
use crate::idempotency::{CouponsWrite, Idempotent};
use crate::page::ListPage;
use crate::promo_store::{answer, created};
use crate::query::{compile_at, PageQuery};
use crate::{validate, AppState};

/// Longest rule `type`.
const MAX_RULE_TYPE_BYTES: usize = 64;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRule {
    pub name: String,
    #[serde(rename = "type", default = "default_kind")]
    pub kind: String,
    #[schema(value_type = Object)]
    pub condition: Value,
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub metadata: BTreeMap<String, Value>,
}

fn default_kind() -> String {
    String::from("eligibility")
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchRule {
    /// The version read; a stale one is refused with 409.
    pub version: Option<u64>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub condition: Option<Value>,
    pub priority: Option<i32>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<BTreeMap<String, Value>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompileBody {
    #[schema(value_type = Object)]
    pub condition: Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Compiled {
    pub valid: bool,
    pub clause_count: usize,
    pub depth: usize,
    /// The run-time form: nodes and clauses with their JSON paths, facts resolved
    /// (time zones parsed, parameters attached) and operands typed.
    #[schema(value_type = Object)]
    pub compiled: CompiledRule,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulateBody {
    /// A rule to evaluate, or `rule_id` of a stored one.
    #[schema(value_type = Option<Object>)]
    pub condition: Option<Value>,
    pub rule_id: Option<String>,
    #[serde(default)]
    pub context: PromoContext,
    /// Evaluate as of this instant instead of now (day and time facts).
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Simulation {
    pub result: bool,
    /// Every clause, in rule order, with what the context held.
    #[schema(value_type = Vec<Object>)]
    pub clauses: Vec<ClauseExplain>,
}

fn check_texts(name: &str, kind: &str) -> Result<(), ApiError> {
    validate::identifier("name", name)?;
    if kind.is_empty() || kind.len() > MAX_RULE_TYPE_BYTES {
        return Err(ApiError::invalid(
            "type",
            format!("must be 1–{MAX_RULE_TYPE_BYTES} bytes"),
        ));
    }
    Ok(())
}

#[utoipa::path(post, path = "/v1/promotions/rules", tag = "rules", request_body = CreateRule,
    responses((status = 201, body = Rule), (status = 400, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    request: Idempotent<JsonBody<CreateRule>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let body = body.value;
    check_texts(&body.name, &body.kind)?;
    validate::metadata("metadata", &body.metadata)?;
    compile_at("condition", &body.condition)?;
    let now = state.now();
    let rule = Rule {
        id: state.new_id(RULE_PREFIX),
        name: body.name,
        kind: body.kind,
        condition: body.condition,
        priority: body.priority,
        metadata: body.metadata,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    records::rules::create(
        &caller.records(&state),
        &caller.tenant,
        &rule,
        spec.as_ref(),
        now,
    )
    .await?;
    Ok(created(&rule))
}

#[utoipa::path(get, path = "/v1/promotions/rules/{rule_id}", tag = "rules",
    params(("rule_id" = String, Path)), responses((status = 200, body = Rule), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<Rule>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    records::rules::get(&caller.records(&state), &caller.tenant, id.as_str())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("rule"))
}

#[utoipa::path(get, path = "/v1/promotions/rules", tag = "rules", params(PageQuery),
    responses((status = 200, body = ListPage<Rule>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<ListPage<Rule>>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let (cursor, limit) = query.bounds()?;
    let page = records::rules::list(&caller.records(&state), &caller.tenant, cursor, limit).await?;
    Ok(Json(page.into()))
}

#[utoipa::path(patch, path = "/v1/promotions/rules/{rule_id}", tag = "rules", request_body = PatchRule,
    params(("rule_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = Rule), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn patch(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<JsonBody<PatchRule>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let body = body.value;
    if let Some(name) = &body.name {
        validate::identifier("name", name)?;
    }
    if let Some(kind) = &body.kind {
        check_texts("name", kind)?;
    }
    if let Some(condition) = &body.condition {
        compile_at("condition", condition)?;
    }
    if let Some(metadata) = &body.metadata {
        validate::metadata("metadata", metadata)?;
    }
    let version = body.version;
    let body = Arc::new(body);
    let done = records::rules::patch(
        &caller.records(&state),
        &caller.tenant,
        id.as_str(),
        version,
        move |rule| apply_patch(rule, &body),
        spec,
        state.now(),
    )
    .await?;
    Ok(answer(done, |rule| Json(rule).into_response()))
}

fn apply_patch(rule: &mut Rule, body: &PatchRule) {
    if let Some(name) = &body.name {
        rule.name = name.clone();
    }
    if let Some(kind) = &body.kind {
        rule.kind = kind.clone();
    }
    if let Some(condition) = &body.condition {
        rule.condition = condition.clone();
    }
    if let Some(priority) = body.priority {
        rule.priority = priority;
    }
    if let Some(metadata) = &body.metadata {
        rule.metadata = metadata.clone();
    }
}

#[utoipa::path(delete, path = "/v1/promotions/rules/{rule_id}", tag = "rules",
    params(("rule_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<NoBody, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent { caller, spec, .. } = request;
    let done = records::rules::delete(
        &caller.records(&state),
        &caller.tenant,
        id.as_str(),
        spec,
        state.now(),
    )
    .await?;
    Ok(answer(done, |()| StatusCode::NO_CONTENT.into_response()))
}

#[utoipa::path(post, path = "/v1/promotions/rules/compile", tag = "rules", request_body = CompileBody,
    responses((status = 200, body = Compiled), (status = 400, body = crate::error::Problem, description = "invalid_rule, with the rule path in `field`")))]
pub async fn compile_rule(
    caller: Caller,
    body: JsonBody<CompileBody>,
) -> Result<Json<Compiled>, ApiError> {
    caller.require(Scope::Validate)?;
    let compiled = compile_at("condition", &body.value.condition)?;
    Ok(Json(Compiled {
        valid: true,
        clause_count: compiled.clause_count,
        depth: compiled.depth,
        compiled,
    }))
}

#[utoipa::path(post, path = "/v1/promotions/rules/simulate", tag = "rules", request_body = SimulateBody,
    responses((status = 200, body = Simulation), (status = 400, body = crate::error::Problem)))]
pub async fn simulate(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<SimulateBody>,
) -> Result<Json<Simulation>, ApiError> {
    caller.require(Scope::Validate)?;
    let body = body.value;
    let condition = match (&body.condition, &body.rule_id) {
        (Some(condition), None) => condition.clone(),
        (None, Some(id)) => {
            validate::identifier("rule_id", id)?;
            records::rules::get(&caller.records(&state), &caller.tenant, id)
                .await?
                .ok_or_else(|| ApiError::not_found("rule"))?
                .condition
        }
        _ => {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "give exactly one of condition or rule_id",
            ))
        }
    };
    let compiled = compile_at("condition", &condition)?;
    crate::promo_context::check("context", &body.context)?;
    let now = body.at.unwrap_or_else(|| state.now());
    let (result, clauses) = explain(&compiled, &Facts::new(&body.context, now));
    Ok(Json(Simulation { result, clauses }))
}
