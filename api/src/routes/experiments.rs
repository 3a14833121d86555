//! `/experiments` (seed 000 §10): A/B tests between coupons or promotions.
//!
//! `POST/GET /experiments`, `GET/PATCH/DELETE /experiments/{id}`,
//! `GET /experiments/{id}/assignment?user_id=…|session_id=…` (the subject's
//! variant, stored with its exposure the first time), `POST
//! /experiments/{id}/assign` (force a variant, for QA), `POST
//! /experiments/{id}/stop` (end it now, results frozen) and
//! `GET /experiments/{id}/results`. Starting and completing on time is the
//! experiments worker's (`stampede_actors::experiments`). Mutations honour
//! `Idempotency-Key` like every records-layer resource.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use stampede_actors::experiments::{self as run, assign};
use stampede_actors::records::{self, experiments::Transition, RecordError};
use stampede_protocol::experiment::{
    Assignment, Experiment, ExperimentResults, ExperimentStatus, Variant, EXPERIMENT_METRICS,
    EXPERIMENT_PREFIX, MAX_EXPERIMENT_DESCRIPTION_BYTES, MAX_EXPERIMENT_SPAN_DAYS,
    MAX_PLANNED_SAMPLE_PER_VARIANT, MAX_SUBJECT_BYTES, MAX_VARIANTS, MIN_VARIANTS,
};
use stampede_protocol::ErrorCode;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, NoBody, PathId, QueryParams};
use crate::idempotency::{CouponsWrite, Idempotent};
use crate::page::ListPage;
use crate::promo_store::{answer, created};
use crate::query::PageQuery;
use crate::{validate, AppState};

/// Decimal places an allocation percentage may have (basis points).
const MAX_ALLOCATION_DECIMALS: u32 = 2;
/// Times a stop re-reads an experiment that changed under it.
const STOP_ATTEMPTS: usize = 3;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateExperiment {
    pub name: String,
    pub description: Option<String>,
    /// 2–10 variants, the first being the control; each binds exactly one of
    /// `coupon_id` or `promotion_id`.
    pub variants: Vec<Variant>,
    /// Percent per variant (integers or up to two decimals), summing to 100.
    #[schema(value_type = Vec<f64>)]
    pub allocation: Vec<Decimal>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Any of `redeem_rate`, `revenue_lift`, `revenue_per_exposure`,
    /// `conversions`; default `["redeem_rate"]`.
    pub metrics: Option<Vec<String>>,
    /// Subjects per variant before a recommendation (default 1,000).
    pub planned_sample_per_variant: Option<u64>,
    /// ISO 4217 currency revenue is reported in.
    pub currency: Option<String>,
    /// `draft` to prepare it without launching; launched (scheduled or
    /// running by its start) when absent.
    pub status: Option<ExperimentStatus>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchExperiment {
    /// The version read; a stale one is refused with 409.
    pub version: Option<u64>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Refused once the experiment runs (`experiment_locked`).
    pub variants: Option<Vec<Variant>>,
    /// Refused once the experiment runs (`experiment_locked`).
    #[schema(value_type = Option<Vec<f64>>)]
    pub allocation: Option<Vec<Decimal>>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub metrics: Option<Vec<String>>,
    pub planned_sample_per_variant: Option<u64>,
    pub currency: Option<String>,
    /// `scheduled` launches a draft; `draft` takes a scheduled one back.
    pub status: Option<ExperimentStatus>,
}

/// `GET /experiments/{id}/assignment` query: exactly one subject.
#[derive(Debug, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SubjectQuery {
    pub user_id: Option<String>,
    pub session_id: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForceAssign {
    pub user_id: Option<String>,
    pub session_id: Option<String>,
    pub variant_id: String,
}

/// A subject's variant.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentView {
    pub experiment_id: String,
    /// `user:<id>` or `session:<id>`.
    pub subject: String,
    pub variant_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promotion_id: Option<String>,
    pub forced: bool,
}

impl From<Assignment> for AssignmentView {
    fn from(a: Assignment) -> Self {
        Self {
            experiment_id: a.experiment_id,
            subject: a.subject,
            variant_id: a.variant_id,
            coupon_id: a.coupon_id,
            promotion_id: a.promotion_id,
            forced: a.forced,
        }
    }
}

fn refusal(err: ApiError) -> RecordError {
    RecordError::Refused {
        code: err.code,
        field: err.field,
        detail: err.detail,
    }
}

fn check_variants(variants: &[Variant]) -> Result<(), ApiError> {
    if !(MIN_VARIANTS..=MAX_VARIANTS).contains(&variants.len()) {
        return Err(ApiError::invalid(
            "variants",
            format!("{MIN_VARIANTS}–{MAX_VARIANTS} variants"),
        ));
    }
    let mut ids = BTreeSet::new();
    for (i, v) in variants.iter().enumerate() {
        validate::identifier(&format!("variants[{i}].id"), &v.id)?;
        validate::optional_identifier(&format!("variants[{i}].name"), v.name.as_deref())?;
        if !ids.insert(v.id.as_str()) {
            return Err(ApiError::invalid(
                format!("variants[{i}].id"),
                "variant ids are unique",
            ));
        }
        match (&v.coupon_id, &v.promotion_id) {
            (Some(id), None) => validate::identifier(&format!("variants[{i}].coupon_id"), id)?,
            (None, Some(id)) => validate::identifier(&format!("variants[{i}].promotion_id"), id)?,
            _ => {
                return Err(ApiError::invalid(
                    format!("variants[{i}]"),
                    "exactly one of coupon_id or promotion_id",
                ))
            }
        }
    }
    Ok(())
}

fn check_allocation(allocation: &[Decimal], variants: usize) -> Result<(), ApiError> {
    if allocation.len() != variants {
        return Err(ApiError::invalid(
            "allocation",
            format!("one percentage per variant ({variants})"),
        ));
    }
    for (i, share) in allocation.iter().enumerate() {
        let out_of_range = *share <= Decimal::ZERO || *share > Decimal::ONE_HUNDRED;
        if out_of_range || share.normalize().scale() > MAX_ALLOCATION_DECIMALS {
            return Err(ApiError::invalid(
                format!("allocation[{i}]"),
                format!("a percentage in (0, 100] with at most {MAX_ALLOCATION_DECIMALS} decimals"),
            ));
        }
    }
    let sum: Decimal = allocation.iter().sum();
    if sum != Decimal::ONE_HUNDRED {
        return Err(ApiError::invalid(
            "allocation",
            format!("the percentages sum to {sum}, not 100"),
        ));
    }
    Ok(())
}

fn check_window(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    validate::within_horizon("start", start, now)?;
    validate::within_horizon("end", end, now)?;
    if end <= start {
        return Err(ApiError::invalid("end", "must be after start"));
    }
    if end - start > TimeDelta::days(MAX_EXPERIMENT_SPAN_DAYS) {
        return Err(ApiError::invalid(
            "end",
            format!("at most {MAX_EXPERIMENT_SPAN_DAYS} days after start"),
        ));
    }
    Ok(())
}

fn check_fields(
    name: Option<&str>,
    description: Option<&str>,
    metrics: Option<&[String]>,
    sample: Option<u64>,
    currency: Option<&str>,
) -> Result<(), ApiError> {
    if let Some(name) = name {
        validate::identifier("name", name)?;
    }
    if description.is_some_and(|d| d.len() > MAX_EXPERIMENT_DESCRIPTION_BYTES) {
        return Err(ApiError::invalid(
            "description",
            format!("at most {MAX_EXPERIMENT_DESCRIPTION_BYTES} bytes"),
        ));
    }
    for (i, metric) in metrics.unwrap_or_default().iter().enumerate() {
        if !EXPERIMENT_METRICS.contains(&metric.as_str()) {
            return Err(ApiError::invalid(
                format!("metrics[{i}]"),
                format!("one of {}", EXPERIMENT_METRICS.join(", ")),
            ));
        }
    }
    if sample.is_some_and(|n| n == 0 || n > MAX_PLANNED_SAMPLE_PER_VARIANT) {
        return Err(ApiError::invalid(
            "planned_sample_per_variant",
            format!("1–{MAX_PLANNED_SAMPLE_PER_VARIANT}"),
        ));
    }
    if let Some(currency) = currency {
        validate::currency("currency", currency)?;
    }
    Ok(())
}

fn check_create(body: &CreateExperiment, now: DateTime<Utc>) -> Result<(), ApiError> {
    check_fields(
        Some(&body.name),
        body.description.as_deref(),
        body.metrics.as_deref(),
        body.planned_sample_per_variant,
        body.currency.as_deref(),
    )?;
    check_variants(&body.variants)?;
    check_allocation(&body.allocation, body.variants.len())?;
    check_window(body.start, body.end, now)?;
    if body.end <= now {
        return Err(ApiError::invalid("end", "must be in the future"));
    }
    if body.status.is_some_and(|s| s != ExperimentStatus::Draft) {
        return Err(ApiError::invalid("status", "only draft may be asked for"));
    }
    Ok(())
}

fn new_experiment(state: &AppState, body: CreateExperiment, now: DateTime<Utc>) -> Experiment {
    let mut experiment = Experiment {
        id: state.new_id(EXPERIMENT_PREFIX),
        name: body.name,
        description: body.description,
        variants: body.variants,
        allocation: body.allocation,
        start: body.start,
        end: body.end,
        metrics: body
            .metrics
            .unwrap_or_else(|| vec![String::from("redeem_rate")]),
        planned_sample_per_variant: body.planned_sample_per_variant,
        currency: body.currency,
        status: ExperimentStatus::Draft,
        frozen_results: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    if body.status.is_none() {
        experiment.status = experiment.launched_status(now);
    }
    experiment
}

#[utoipa::path(post, path = "/v1/promotions/experiments", tag = "experiments", request_body = CreateExperiment,
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = Experiment, description = "scheduled, running (start has come) or draft"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad field, named"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "a variant's coupon or promotion does not exist (field named)"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON, or the idempotency key reused")))]
pub async fn create(
    State(state): State<AppState>,
    request: Idempotent<JsonBody<CreateExperiment>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let now = state.now();
    check_create(&body.value, now)?;
    let experiment = new_experiment(&state, body.value, now);
    let records = caller.records(&state);
    let done =
        records::experiments::create(&records, &caller.tenant, &experiment, spec, now).await?;
    Ok(answer(done, |e| created(&e)))
}

#[utoipa::path(get, path = "/v1/promotions/experiments", tag = "experiments", params(PageQuery),
    responses((status = 200, body = ListPage<Experiment>),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter")))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<ListPage<Experiment>>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let (cursor, limit) = query.bounds()?;
    let records = caller.records(&state);
    let page = records::experiments::list(&records, &caller.tenant, cursor, limit).await?;
    Ok(Json(page.into()))
}

async fn read(state: &AppState, caller: &Caller, id: &str) -> Result<Experiment, ApiError> {
    records::experiments::get(&caller.records(state), &caller.tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("experiment"))
}

#[utoipa::path(get, path = "/v1/promotions/experiments/{experiment_id}", tag = "experiments",
    params(("experiment_id" = String, Path)),
    responses((status = 200, body = Experiment),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<Experiment>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    Ok(Json(read(&state, &caller, id.as_str()).await?))
}

fn check_patch(body: &PatchExperiment) -> Result<(), ApiError> {
    check_fields(
        body.name.as_deref(),
        body.description.as_deref(),
        body.metrics.as_deref(),
        body.planned_sample_per_variant,
        body.currency.as_deref(),
    )?;
    if let Some(variants) = &body.variants {
        check_variants(variants)?;
    }
    if body
        .status
        .is_some_and(|s| !matches!(s, ExperimentStatus::Draft | ExperimentStatus::Scheduled))
    {
        return Err(ApiError::invalid(
            "status",
            "draft or scheduled (use /stop to end it)",
        ));
    }
    Ok(())
}

fn locked(field: &str, why: &str) -> ApiError {
    ApiError::field(ErrorCode::ExperimentLocked, field, why)
}

/// Refuses what the experiment's status no longer allows to change.
fn check_lock(e: &Experiment, body: &PatchExperiment) -> Result<(), ApiError> {
    if e.status.is_final() {
        return Err(locked("status", "the experiment is over"));
    }
    if e.status == ExperimentStatus::Running {
        let frozen = [
            ("variants", body.variants.is_some()),
            ("allocation", body.allocation.is_some()),
            ("start", body.start.is_some()),
            ("status", body.status.is_some()),
        ];
        if let Some((field, _)) = frozen.iter().find(|(_, given)| *given) {
            return Err(locked(field, "cannot change once the experiment runs"));
        }
    }
    Ok(())
}

fn set<T: Clone>(target: &mut T, value: &Option<T>) {
    if let Some(value) = value {
        *target = value.clone();
    }
}

fn apply_patch(
    e: &mut Experiment,
    body: &PatchExperiment,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    check_lock(e, body)?;
    set(&mut e.name, &body.name);
    set(&mut e.variants, &body.variants);
    set(&mut e.allocation, &body.allocation);
    set(&mut e.start, &body.start);
    set(&mut e.end, &body.end);
    set(&mut e.metrics, &body.metrics);
    if body.description.is_some() {
        e.description = body.description.clone();
    }
    if body.planned_sample_per_variant.is_some() {
        e.planned_sample_per_variant = body.planned_sample_per_variant;
    }
    if body.currency.is_some() {
        e.currency = body.currency.clone();
    }
    match body.status {
        Some(ExperimentStatus::Draft) => e.status = ExperimentStatus::Draft,
        Some(_) => e.status = e.launched_status(now),
        None if e.status == ExperimentStatus::Scheduled => e.status = e.launched_status(now),
        None => {}
    }
    check_allocation(&e.allocation, e.variants.len())?;
    check_window(e.start, e.end, now)?;
    if e.status != ExperimentStatus::Draft && e.end <= now {
        return Err(ApiError::invalid("end", "must be in the future"));
    }
    Ok(())
}

#[utoipa::path(patch, path = "/v1/promotions/experiments/{experiment_id}", tag = "experiments", request_body = PatchExperiment,
    params(("experiment_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = Experiment),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad field, named"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "a stale version, or experiment_locked: variants, allocation or start of a running experiment, anything of one that is over"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn patch(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<JsonBody<PatchExperiment>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    check_patch(&body.value)?;
    let (version, now) = (body.value.version, state.now());
    let body = Arc::new(body.value);
    let apply = move |e: &mut Experiment| apply_patch(e, &body, now).map_err(refusal);
    let records = caller.records(&state);
    let done = records::experiments::patch(
        &records,
        &caller.tenant,
        id.as_str(),
        version,
        apply,
        spec,
        now,
    )
    .await?;
    Ok(answer(done, |e| Json(e).into_response()))
}

#[utoipa::path(delete, path = "/v1/promotions/experiments/{experiment_id}", tag = "experiments",
    params(("experiment_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204, description = "deleted with its assignments"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn delete(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<NoBody, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent { caller, spec, .. } = request;
    let records = caller.records(&state);
    let done =
        records::experiments::delete(&records, &caller.tenant, id.as_str(), spec, state.now())
            .await?;
    Ok(answer(done, |()| StatusCode::NO_CONTENT.into_response()))
}

fn subject_of(user_id: Option<&str>, session_id: Option<&str>) -> Result<String, ApiError> {
    for (field, value) in [("user_id", user_id), ("session_id", session_id)] {
        if value.is_some_and(|v| v.len() > MAX_SUBJECT_BYTES) {
            return Err(ApiError::invalid(
                field,
                format!("at most {MAX_SUBJECT_BYTES} bytes"),
            ));
        }
        validate::optional_identifier(field, value)?;
    }
    assign::subject(user_id, session_id).ok_or_else(|| {
        ApiError::field(
            ErrorCode::InvalidRequest,
            "user_id",
            "give exactly one of user_id or session_id",
        )
    })
}

#[utoipa::path(get, path = "/v1/promotions/experiments/{experiment_id}/assignment", tag = "experiments",
    params(("experiment_id" = String, Path), SubjectQuery),
    responses((status = 200, body = AssignmentView, description = "the subject's variant; its exposure is counted the first time"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "not exactly one subject, or an unknown parameter"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "experiment_not_running")))]
pub async fn assignment(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    QueryParams(query): QueryParams<SubjectQuery>,
) -> Result<Json<AssignmentView>, ApiError> {
    caller.require(Scope::Validate)?;
    let subject = subject_of(query.user_id.as_deref(), query.session_id.as_deref())?;
    let records = caller.records(&state);
    let now = state.now();
    let found =
        records::experiments::assign(&records, &caller.tenant, id.as_str(), &subject, None, now)
            .await?;
    Ok(Json(found.into()))
}

#[utoipa::path(post, path = "/v1/promotions/experiments/{experiment_id}/assign", tag = "experiments", request_body = ForceAssign,
    params(("experiment_id" = String, Path)),
    responses((status = 200, body = AssignmentView, description = "the subject now gets this variant (forced); it is counted once"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such experiment or variant"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "experiment_not_running")))]
pub async fn force_assign(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: JsonBody<ForceAssign>,
) -> Result<Json<AssignmentView>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let body = body.value;
    validate::identifier("variant_id", &body.variant_id)?;
    let subject = subject_of(body.user_id.as_deref(), body.session_id.as_deref())?;
    let records = caller.records(&state);
    let forced = Some(body.variant_id.as_str());
    let now = state.now();
    let found =
        records::experiments::assign(&records, &caller.tenant, id.as_str(), &subject, forced, now)
            .await?;
    Ok(Json(found.into()))
}

#[utoipa::path(post, path = "/v1/promotions/experiments/{experiment_id}/stop", tag = "experiments",
    params(("experiment_id" = String, Path)),
    responses((status = 200, body = Experiment, description = "stopped now, its results frozen"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "experiment_not_running: it is a draft or over already; or it kept changing")))]
pub async fn stop(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<Experiment>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let records = caller.records(&state);
    for _ in 0..STOP_ATTEMPTS {
        let experiment = read(&state, &caller, id.as_str()).await?;
        if !matches!(
            experiment.status,
            ExperimentStatus::Running | ExperimentStatus::Scheduled
        ) {
            return Err(ApiError::new(
                ErrorCode::ExperimentNotRunning,
                "only a scheduled or running experiment can be stopped",
            ));
        }
        let now = state.now();
        let status = ExperimentStatus::Stopped;
        let frozen = run::freeze(&records, &caller.tenant, &experiment, status, now).await?;
        let change = Transition {
            version: experiment.version,
            status,
            frozen: Some(&frozen),
            event: "experiment.stopped",
        };
        let tenant = &caller.tenant;
        let done =
            records::experiments::transition(&records, tenant, &experiment.id, &change, None, now)
                .await?;
        if let Some(stopped) = done {
            return Ok(Json(stopped));
        }
    }
    Err(ApiError::new(
        ErrorCode::VersionConflict,
        "the experiment kept changing; retry",
    ))
}

#[utoipa::path(get, path = "/v1/promotions/experiments/{experiment_id}/results", tag = "experiments",
    params(("experiment_id" = String, Path)),
    responses((status = 200, body = ExperimentResults, description = "live, or frozen once it is over"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn results(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<ExperimentResults>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let experiment = read(&state, &caller, id.as_str()).await?;
    if let Some(frozen) = experiment.frozen_results {
        return Ok(Json(frozen));
    }
    let records = caller.records(&state);
    let live = run::results::compute(&records, &caller.tenant, &experiment, state.now()).await?;
    Ok(Json(live))
}
