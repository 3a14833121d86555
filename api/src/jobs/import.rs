//! Import jobs (`POST /imports`, seed 000 §13; seed 003's
//! `POST /coupons/{id}/codes/import`): coupons, or codes of one coupon, from
//! CSV (RFC 4180 with a header row, by the `csv` crate), NDJSON or a JSON
//! array, with an optional column mapping (`{"code": "Voucher Code"}`).
//!
//! The input is parsed and checked up front: a column the import does not
//! know is refused (400) before anything starts; a row that does not parse is
//! kept as a row error. The job then processes the rows in batches:
//!
//! * **codes** in the batch's own transaction (like generation,
//!   `records::generation`): each free code is written; a code the tenant has
//!   is a `duplicate_code` row error (`insert`), or skipped when it is already
//!   this coupon's (`upsert`, `replace`).
//! * **coupons** one by one through the same checks as `POST /coupons`, under
//!   the idempotency key `import:{job}:{row}`; an existing code is a row error
//!   (`insert`), patched with the row's fields through its actor (`upsert`),
//!   or given exactly the row's limits and validity, absent ones cleared
//!   (`replace`).
//!
//! With `dry_run`, every row is checked (codes against the store too) and the
//! counters say what would happen; nothing is written.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use stampede_actors::records;
use stampede_actors::records::generation::{self, Make, Plan, Source};
use stampede_actors::records::jobs::{recorded, Batch, BatchWrite};
use stampede_actors::{CouponUpdate, RedeemRequest, UpdateKind};
use stampede_protocol::event::Provenance;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::COUPON_PREFIX;
use stampede_protocol::job::{Job, JobError};
use stampede_protocol::{Context, Coupon, CouponPatch, CouponStatus, ErrorCode};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::routes::codes::copy_of;
use crate::routes::coupons::{build_coupon, CreateCoupon};
use crate::{validate, AppState};

/// Bytes one import may upload (its own body limit).
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;
/// Rows one import may hold.
pub const MAX_IMPORT_ROWS: usize = 500_000;
/// Columns one import's rows may have.
const MAX_IMPORT_COLUMNS: usize = 64;
/// Coupon rows processed per batch (each its own transaction).
const COUPON_ROWS_PER_BATCH: usize = 100;

/// What an import creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportType {
    Coupons,
    /// Codes of the coupon `coupon_id`.
    Codes,
    /// Redemptions, as an export writes them: each `success` row is redeemed
    /// again (its code for its customer and order) unless a redemption with
    /// its `id` exists already; other statuses are skipped.
    Redemptions,
}

/// What happens to a row whose code exists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// A row error (`duplicate_code`).
    #[default]
    Insert,
    /// The row's fields change the existing coupon; its other fields stay.
    Upsert,
    /// The existing coupon takes exactly the row's limits and validity.
    Replace,
}

/// How the uploaded data is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DataFormat {
    Csv,
    Ndjson,
    Json,
}

/// What the job keeps of the request (the parsed rows are its rows).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportSpec {
    #[serde(rename = "type")]
    pub kind: ImportType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_id: Option<String>,
    /// Coupons imported without a `campaign_id` join this campaign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
    pub mode: ImportMode,
    pub dry_run: bool,
    pub format: DataFormat,
    /// Target field → source column.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mapping: BTreeMap<String, String>,
}

/// One parsed input row: its fields, or why it did not parse.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImportRow {
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub fields: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Columns a code row may have: `code`, the customer it is bound to, its
/// status; the rest of an exported code's columns are its coupon's terms
/// and are ignored.
const CODE_COLUMNS: [&str; 3] = ["code", "user_id", "status"];
const CODE_EXPORT_ONLY: [&str; 12] = [
    "id",
    "coupon_id",
    "type",
    "value",
    "currency",
    "campaign_id",
    "max_uses",
    "uses_count",
    "per_customer_limit",
    "valid_from",
    "valid_until",
    "created_at",
];
/// Columns of an exported coupon that an import ignores (read-only ones).
const COUPON_EXPORT_ONLY: [&str; 5] = ["id", "coupon_id", "uses_count", "user_id", "created_at"];
/// Columns of a redemption (an export's, CSV or NDJSON).
const REDEMPTION_FIELDS: [&str; 22] = [
    "id",
    "coupon_id",
    "coupon_code",
    "user_id",
    "reference_type",
    "reference_id",
    "discount_amount",
    "currency",
    "status",
    "failure_reason",
    "metadata",
    "created_at",
    "voided_at",
    "void_reason",
    "redemption_client_id",
    "campaign_id",
    "checkout_id",
    "expires_at",
    "counters",
    "confirmed_at",
    "channel",
    "order_value",
];
/// `POST /coupons` fields whose CSV text is a number, a boolean or JSON.
const NUMBER_FIELDS: [&str; 5] = [
    "value",
    "max_uses",
    "per_customer_limit",
    "min_cart_value",
    "max_discount_amount",
];
const JSON_FIELDS: [&str; 7] = [
    "case_sensitive",
    "discount",
    "min_purchase",
    "max_discount",
    "applicability",
    "metadata",
    "rule_ids",
];

/// Parses `bytes` as `format` into rows, names mapped (`mapping`: target ←
/// source); refuses a column the import does not know.
pub fn parse(spec: &ImportSpec, bytes: &[u8]) -> Result<Vec<ImportRow>, ApiError> {
    let rows = match spec.format {
        DataFormat::Csv => parse_csv(spec, bytes)?,
        DataFormat::Ndjson => {
            let mut rows = Vec::new();
            for line in bytes.split(|b| *b == b'\n') {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                check_count(rows.len())?;
                rows.push(match serde_json::from_slice::<Value>(line) {
                    Ok(Value::Object(map)) => mapped(spec, map),
                    Ok(_) => bad("a line is one JSON object"),
                    Err(err) => bad(&format!("malformed JSON: {err}")),
                });
            }
            rows
        }
        DataFormat::Json => match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Array(values)) => json_rows(spec, values)?,
            _ => {
                return Err(ApiError::invalid(
                    "file",
                    "a JSON import is an array of objects",
                ))
            }
        },
    };
    if rows.is_empty() {
        return Err(ApiError::invalid("file", "no rows"));
    }
    check_columns(spec, &rows)?;
    Ok(rows)
}

/// Rows sent in a JSON body (`rows`), as parsed ones.
pub fn json_rows(spec: &ImportSpec, values: Vec<Value>) -> Result<Vec<ImportRow>, ApiError> {
    let mut rows = Vec::with_capacity(values.len());
    for value in values {
        check_count(rows.len())?;
        rows.push(match value {
            Value::Object(map) => mapped(spec, map),
            _ => bad("a row is a JSON object"),
        });
    }
    Ok(rows)
}

fn check_count(rows: usize) -> Result<(), ApiError> {
    if rows >= MAX_IMPORT_ROWS {
        return Err(ApiError::invalid(
            "file",
            format!("at most {MAX_IMPORT_ROWS} rows"),
        ));
    }
    Ok(())
}

fn bad(message: &str) -> ImportRow {
    ImportRow {
        fields: Map::new(),
        error: Some(message.to_owned()),
    }
}

/// A row's fields under their target names (mapping applied).
fn mapped(spec: &ImportSpec, map: Map<String, Value>) -> ImportRow {
    let mut fields = Map::new();
    for (name, value) in map {
        let target = (spec.mapping.iter())
            .find(|(_, source)| **source == name)
            .map_or(name, |(target, _)| target.clone());
        fields.insert(target, value);
    }
    ImportRow {
        fields,
        error: None,
    }
}

fn parse_csv(spec: &ImportSpec, bytes: &[u8]) -> Result<Vec<ImportRow>, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|err| ApiError::invalid("file", format!("CSV header row: {err}")))?
        .clone();
    if headers.len() > MAX_IMPORT_COLUMNS {
        return Err(ApiError::invalid(
            "file",
            format!("at most {MAX_IMPORT_COLUMNS} columns"),
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        check_count(rows.len())?;
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                rows.push(bad(&format!("CSV: {err}")));
                continue;
            }
        };
        let mut map = Map::new();
        for (name, value) in headers.iter().zip(record.iter()) {
            if !value.is_empty() {
                map.insert(name.to_owned(), Value::String(value.to_owned()));
            }
        }
        rows.push(mapped(spec, map));
    }
    Ok(rows)
}

/// Refuses a column (after mapping) the import does not know.
fn check_columns(spec: &ImportSpec, rows: &[ImportRow]) -> Result<(), ApiError> {
    let known = |name: &str| match spec.kind {
        ImportType::Codes => CODE_COLUMNS.contains(&name) || CODE_EXPORT_ONLY.contains(&name),
        ImportType::Coupons => COUPON_EXPORT_ONLY.contains(&name) || coupon_field(name),
        ImportType::Redemptions => REDEMPTION_FIELDS.contains(&name),
    };
    for row in rows {
        if let Some(name) = row.fields.keys().find(|name| !known(name)) {
            return Err(ApiError::invalid(
                "mapping",
                format!("unknown column '{name}': map it to a field or leave it out"),
            ));
        }
    }
    Ok(())
}

/// Whether `POST /coupons` takes a field of this name.
fn coupon_field(name: &str) -> bool {
    const FIELDS: [&str; 23] = [
        "code",
        "type",
        "value",
        "currency",
        "discount",
        "min_purchase",
        "max_discount",
        "name",
        "description",
        "external_id",
        "campaign_id",
        "status",
        "max_uses",
        "per_customer_limit",
        "valid_from",
        "valid_until",
        "localized_timezone",
        "case_sensitive",
        "applicability",
        "min_cart_value",
        "max_discount_amount",
        "metadata",
        "rule_ids",
    ];
    FIELDS.contains(&name)
}

/// The worker of one import job.
pub struct Import {
    state: AppState,
    tenant: String,
    spec: ImportSpec,
    rows: Arc<Vec<ImportRow>>,
    template: Option<Coupon>,
}

impl Import {
    pub async fn load(state: &AppState, tenant: &str, job: &Job) -> Result<Self, ApiError> {
        let spec: ImportSpec = serde_json::from_value(job.spec.clone())
            .map_err(|err| ApiError::internal(format!("stored import spec: {err}")))?;
        let rows: Vec<ImportRow> = records::jobs::rows(&state.records(), tenant, &job.id).await?;
        let template = match &spec.coupon_id {
            Some(id) => Some(
                records::coupons::get(&state.records(), tenant, id)
                    .await?
                    .filter(|c| c.deleted_at.is_none())
                    .ok_or_else(|| {
                        ApiError::new(ErrorCode::CouponNotFound, "the coupon was deleted")
                    })?,
            ),
            None => None,
        };
        Ok(Import {
            state: state.clone(),
            tenant: tenant.to_owned(),
            spec,
            rows: Arc::new(rows),
            template,
        })
    }
}

impl super::Runner for Import {
    fn next<'a>(&'a mut self, job: &'a Job) -> BoxFuture<'a, Result<BatchWrite, ApiError>> {
        Box::pin(async move {
            match (self.spec.kind, self.template.clone()) {
                (ImportType::Codes, Some(template)) => Ok(self.codes(template)),
                (ImportType::Codes, None) => {
                    Err(ApiError::invalid("coupon_id", "codes need a coupon"))
                }
                (ImportType::Coupons | ImportType::Redemptions, _) => self.one_by_one(job).await,
            }
        })
    }
}

impl Import {
    /// Every batch of a codes import: the rows' codes, written in the
    /// batch's transaction.
    fn codes(&self, template: Coupon) -> BatchWrite {
        let mut seen = std::collections::HashSet::new();
        let codes = (self.rows.iter().map(code_of))
            .map(|code| match code {
                // A code listed twice in one file: the later row is refused
                // here, so a dry run finds it too.
                Ok(code) if !seen.insert(code.clone()) => Err((
                    String::from("code"),
                    format!("{code} is listed on an earlier row"),
                )),
                other => other,
            })
            .collect();
        let (state, rows) = (self.state.clone(), self.rows.clone());
        let template = Arc::new(template);
        let template_id = template.id.clone();
        let make: Make = Arc::new(move |code, row| {
            let row = usize::try_from(row).ok().and_then(|r| rows.get(r));
            let field = |name: &str| row.and_then(|r| r.fields.get(name)).and_then(Value::as_str);
            let status = match field("status") {
                Some("draft") => CouponStatus::Draft,
                _ => CouponStatus::Active,
            };
            let id = state.new_id(COUPON_PREFIX);
            let mut coupon = copy_of(&template, id, code, status, state.now());
            coupon.bound_user_id = field("user_id").map(str::to_owned);
            coupon
        });
        generation::batch(Arc::new(Plan {
            tenant: self.tenant.clone(),
            coupon_id: template_id,
            source: Source::Listed {
                codes,
                keep_own: self.spec.mode != ImportMode::Insert,
                code_field: String::from("code"),
            },
            make,
            dry_run: self.spec.dry_run,
        }))
    }

    /// One batch of a coupons or redemptions import, row by row through the
    /// records layer and the coupons' actors; then recorded.
    async fn one_by_one(&self, job: &Job) -> Result<BatchWrite, ApiError> {
        let from = usize::try_from(job.cursor).unwrap_or(usize::MAX);
        let end = (from + COUPON_ROWS_PER_BATCH).min(self.rows.len());
        let mut batch = Batch {
            cursor: end as u64,
            processed: end.saturating_sub(from) as u64,
            finished: end >= self.rows.len(),
            ..Batch::default()
        };
        for row in from..end {
            let outcome = match self.spec.kind {
                ImportType::Redemptions => self.redemption_row(&job.id, row).await,
                _ => self.coupon_row(&job.id, row).await,
            };
            match outcome {
                Ok(Outcome::Created) => batch.created += 1,
                Ok(Outcome::Updated) => batch.created += 1,
                Ok(Outcome::Skipped) => batch.skipped += 1,
                Err(err) => {
                    batch.failed += 1;
                    batch.errors.push(JobError {
                        row: row as u64,
                        field: err.field.clone(),
                        code: err.code.as_str().to_owned(),
                        message: err.detail,
                    });
                }
            }
        }
        Ok(recorded(job.cursor, batch))
    }

    async fn coupon_row(&self, job_id: &str, row: usize) -> Result<Outcome, ApiError> {
        let Some(input) = self.rows.get(row) else {
            return Err(ApiError::internal("row out of range"));
        };
        if let Some(error) = &input.error {
            return Err(ApiError::new(ErrorCode::InvalidRequest, error.clone()));
        }
        let mut fields = typed(&input.fields)?;
        if let (Some(campaign), false) =
            (&self.spec.campaign_id, fields.contains_key("campaign_id"))
        {
            fields.insert(String::from("campaign_id"), Value::String(campaign.clone()));
        }
        let body: CreateCoupon = serde_json::from_value(Value::Object(fields.clone()))
            .map_err(|err| ApiError::new(ErrorCode::InvalidField, err.to_string()))?;
        let mut coupon = build_coupon(body, self.state.new_id(COUPON_PREFIX), self.state.now())?;
        coupon.created_by = Some(format!("import:{job_id}"));
        crate::routes::coupons::check_rules(&self.state, &self.tenant, &coupon.rule_ids).await?;
        let reward = coupon.reward_item_id.as_deref();
        crate::routes::coupons::check_reward_item(&self.state, &self.tenant, reward).await?;
        let records = self.state.records();
        let existing = records::coupons::by_code(&records, &self.tenant, &coupon.code)
            .await?
            .filter(|c| c.deleted_at.is_none());
        let idem = IdemSpec {
            key: format!("import:{job_id}:{row}"),
            fingerprint: format!("import:{job_id}:{row}"),
        };
        match (existing, self.spec.mode) {
            (None, _) if self.spec.dry_run => Ok(Outcome::Created),
            (None, _) => {
                let by = Provenance::job(job_id);
                records::coupons::create(&records, &self.tenant, &coupon, &by, Some(idem)).await?;
                Ok(Outcome::Created)
            }
            (Some(_), ImportMode::Insert) => Err(ApiError::field(
                ErrorCode::DuplicateCode,
                "code",
                format!("a coupon with code {} already exists", coupon.code),
            )),
            (Some(_), _) if self.spec.dry_run => Ok(Outcome::Updated),
            (Some(existing), mode) => {
                let patch = patch_of(&existing, &coupon, &fields, mode);
                let update = CouponUpdate {
                    kind: UpdateKind::Patch,
                    patch,
                    reason: Some(format!("import {job_id}")),
                    idem: Some(idem),
                    provenance: Provenance::job(job_id),
                };
                self.state
                    .shards
                    .update(&self.tenant, &existing.code, update)
                    .await?;
                Ok(Outcome::Updated)
            }
        }
    }
}

enum Outcome {
    Created,
    Updated,
    Skipped,
}

impl Import {
    /// Redeems a redemption row again unless it exists (see [`ImportType`]),
    /// under the idempotency key `import:{id}` so it is never redeemed twice.
    async fn redemption_row(&self, job_id: &str, row: usize) -> Result<Outcome, ApiError> {
        let Some(input) = self.rows.get(row) else {
            return Err(ApiError::internal("row out of range"));
        };
        if let Some(error) = &input.error {
            return Err(ApiError::new(ErrorCode::InvalidRequest, error.clone()));
        }
        let text = |name: &str| {
            input
                .fields
                .get(name)
                .and_then(Value::as_str)
                .filter(|v| !v.is_empty())
        };
        let records = self.state.records();
        if let Some(id) = text("id") {
            validate::identifier("id", id)?;
            if records::redemptions::get(&records, &self.tenant, id)
                .await?
                .is_some()
            {
                return Ok(Outcome::Skipped);
            }
        }
        if text("status").is_some_and(|s| s != "success") {
            return Ok(Outcome::Skipped);
        }
        let code = validate::coupon_code("coupon_code", text("coupon_code").unwrap_or_default())?;
        for field in ["user_id", "reference_id", "reference_type"] {
            validate::optional_identifier(field, text(field))?;
        }
        if let Some(currency) = text("currency") {
            validate::currency("currency", currency)?;
        }
        let metadata = match input.fields.get("metadata") {
            Some(Value::Object(map)) => map.clone().into_iter().collect(),
            Some(Value::String(json)) if !json.is_empty() => serde_json::from_str(json)
                .map_err(|_| ApiError::invalid("metadata", "not a JSON object"))?,
            _ => BTreeMap::new(),
        };
        validate::metadata("metadata", &metadata)?;
        if self.spec.dry_run {
            records::coupons::by_code(&records, &self.tenant, &code)
                .await?
                .ok_or_else(|| {
                    ApiError::field(ErrorCode::CouponNotFound, "coupon_code", "no such code")
                })?;
            return Ok(Outcome::Created);
        }
        let origin = text("id").map_or_else(|| format!("{job_id}:{row}"), str::to_owned);
        let request = RedeemRequest {
            user_id: text("user_id").map(str::to_owned),
            reference_type: text("reference_type").map(str::to_owned),
            reference_id: text("reference_id").map(str::to_owned),
            context: Context {
                user_id: text("user_id").map(str::to_owned),
                currency: text("currency").map(str::to_owned),
                ..Context::default()
            },
            metadata,
            idem: Some(IdemSpec {
                key: format!("import:{origin}"),
                fingerprint: String::from("import"),
            }),
            ..RedeemRequest::default()
        };
        self.state
            .shards
            .redeem(&self.tenant, &code, request)
            .await?;
        Ok(Outcome::Created)
    }
}

/// The normalized code of a codes-import row, or why the row is refused.
fn code_of(row: &ImportRow) -> Result<String, (String, String)> {
    if let Some(error) = &row.error {
        return Err((String::from("row"), error.clone()));
    }
    let Some(code) = row.fields.get("code").and_then(Value::as_str) else {
        return Err((String::from("code"), String::from("missing")));
    };
    if let Some(user) = row.fields.get("user_id") {
        let user = user.as_str().unwrap_or_default();
        validate::identifier("user_id", user).map_err(|e| (String::from("user_id"), e.detail))?;
    }
    if let Some(status) = row.fields.get("status").and_then(Value::as_str) {
        if !matches!(status, "active" | "draft") {
            return Err((
                String::from("status"),
                String::from("a new code is active or draft"),
            ));
        }
    }
    validate::coupon_code("code", code).map_err(|e| (String::from("code"), e.detail))
}

/// A coupon row's fields with CSV text turned into the types `POST /coupons`
/// takes (numbers, booleans, JSON); read-only export columns dropped.
fn typed(fields: &Map<String, Value>) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    for (name, value) in fields {
        if COUPON_EXPORT_ONLY.contains(&name.as_str()) {
            continue;
        }
        let value = match value {
            Value::String(text) if NUMBER_FIELDS.contains(&name.as_str()) => {
                serde_json::from_str::<serde_json::Number>(text)
                    .map(Value::Number)
                    .map_err(|_| ApiError::invalid(name.clone(), "not a number"))?
            }
            Value::String(text) if JSON_FIELDS.contains(&name.as_str()) => {
                serde_json::from_str(text)
                    .map_err(|_| ApiError::invalid(name.clone(), "not JSON"))?
            }
            other => other.clone(),
        };
        out.insert(name.clone(), value);
    }
    Ok(out)
}

/// The change an `upsert` (the row's fields) or `replace` (the row's limits
/// and validity exactly, absent ones cleared) makes to `existing`.
fn patch_of(
    existing: &Coupon,
    row: &Coupon,
    fields: &Map<String, Value>,
    mode: ImportMode,
) -> CouponPatch {
    let given = |name: &str| mode == ImportMode::Replace || fields.contains_key(name);
    CouponPatch {
        version: Some(existing.version),
        value: fields.contains_key("value").then_some(row.value),
        status: fields.contains_key("status").then_some(row.status),
        max_uses: given("max_uses").then_some(row.max_uses),
        per_customer_limit: given("per_customer_limit").then_some(row.per_customer_limit),
        valid_from: given("valid_from").then_some(row.valid_from),
        valid_until: given("valid_until").then_some(row.valid_until),
        campaign_id: fields
            .contains_key("campaign_id")
            .then(|| row.campaign_id.clone()),
        ..CouponPatch::default()
    }
}
