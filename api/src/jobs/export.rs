//! Export jobs (`POST /exports`, seed 000 §13): coupons, codes, campaigns or
//! redemptions, filtered, as CSV (RFC 4180, by the `csv` crate) or NDJSON.
//!
//! Each batch reads one page of records in key order in a read-only
//! transaction ([`records::exports::page`]), keeps those the filters match,
//! renders them, and stores the bytes as the file's next parts with the moved
//! cursor ([`records::exports::write_page`]). The file is downloaded part by
//! part (`GET /exports/{id}/file`), so neither the job nor a download holds
//! more than a page in memory, whatever the size.

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_actors::records::exports::{Progress, Record, Source};
use stampede_actors::records::jobs::{Batch, BatchWrite};
use stampede_protocol::analytics::AnalyticsQuery;
use stampede_protocol::job::Job;
use stampede_protocol::{Campaign, Coupon, Redemption};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::AppState;

/// Records one batch reads.
pub const EXPORT_PAGE_RECORDS: usize = 1_000;

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportType {
    /// Coupons (not their codes).
    Coupons,
    /// Codes of coupons (`filters.coupon_id` names one coupon).
    Codes,
    Campaigns,
    Redemptions,
    /// The rows of an analytics query (`query`): `POST /reports/exports`.
    Analytics,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    #[default]
    Csv,
    Ndjson,
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Ndjson => "application/x-ndjson",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Ndjson => "ndjson",
        }
    }
}

/// Which records an export keeps; every filter given must match.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportFilters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
    /// A coupon: its codes (`codes`) or its redemptions (`redemptions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_id: Option<String>,
    /// The record's status (`active`, `revoked`, `success`, `voided`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Created at or after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
}

/// Body of `POST /exports`, kept as the job's spec.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportBody {
    #[serde(rename = "type", alias = "object")]
    pub kind: ExportType,
    #[serde(default)]
    pub format: ExportFormat,
    #[serde(default)]
    pub filters: ExportFilters,
    /// The analytics query of an `analytics` export (its range pinned when
    /// the job starts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<AnalyticsQuery>,
}

/// The worker of one export job.
pub struct Export {
    state: AppState,
    tenant: String,
    spec: ExportBody,
}

/// Whether a stored export job is an analytics report (`jobs::report`).
pub fn is_report(job: &Job) -> bool {
    job.spec.get("type").and_then(|t| t.as_str()) == Some("analytics")
}

impl Export {
    pub fn load(state: &AppState, tenant: &str, job: &Job) -> Result<Self, ApiError> {
        let spec: ExportBody = serde_json::from_value(job.spec.clone())
            .map_err(|err| ApiError::internal(format!("stored export spec: {err}")))?;
        Ok(Export {
            state: state.clone(),
            tenant: tenant.to_owned(),
            spec,
        })
    }
}

impl super::Runner for Export {
    fn next<'a>(&'a mut self, job: &'a Job) -> BoxFuture<'a, Result<BatchWrite, ApiError>> {
        Box::pin(async move {
            let progress: Progress = serde_json::from_value(job.output.clone()).unwrap_or_default();
            let source = match self.spec.kind {
                ExportType::Coupons | ExportType::Codes => Source::Coupons,
                ExportType::Campaigns => Source::Campaigns,
                ExportType::Redemptions => Source::Redemptions,
                ExportType::Analytics => {
                    return Err(ApiError::internal("an analytics export runs as a report"))
                }
            };
            let records = self.state.records();
            let (page, after, complete) = records::exports::page(
                &records,
                &self.tenant,
                source,
                progress.after.as_deref(),
                EXPORT_PAGE_RECORDS,
            )
            .await?;
            let read = page.len() as u64;
            let kept: Vec<Record> = page.into_iter().filter(|r| self.keeps(r)).collect();
            let header = self.spec.format == ExportFormat::Csv && job.cursor == 0;
            let bytes = render(self.spec.kind, self.spec.format, &kept, header)?;
            let batch = Batch {
                cursor: job.cursor + read,
                processed: read,
                created: kept.len() as u64,
                skipped: read - kept.len() as u64,
                output: serde_json::to_value(Progress {
                    after,
                    ..Progress::default()
                })
                .ok(),
                finished: complete,
                ..Batch::default()
            };
            Ok(records::exports::write_page(
                &self.tenant,
                job.cursor,
                bytes,
                batch,
            ))
        })
    }
}

impl Export {
    fn keeps(&self, record: &Record) -> bool {
        let f = &self.spec.filters;
        let matches = |want: &Option<String>, have: Option<&str>| {
            want.as_deref().is_none_or(|w| have == Some(w))
        };
        let in_range = |at: DateTime<Utc>| {
            f.from.is_none_or(|from| at >= from) && f.to.is_none_or(|to| at < to)
        };
        match record {
            Record::Coupon(c) => {
                let is_code = c.parent_id.is_some();
                c.deleted_at.is_none()
                    && is_code == (self.spec.kind == ExportType::Codes)
                    && matches(&f.campaign_id, c.campaign_id.as_deref())
                    && (self.spec.kind != ExportType::Codes
                        || matches(&f.coupon_id, c.parent_id.as_deref()))
                    && matches(&f.status, Some(name(&c.status).as_str()))
                    && matches(&f.user_id, c.bound_user_id.as_deref())
                    && in_range(c.created_at)
            }
            Record::Campaign(c) => {
                matches(&f.status, Some(name(&c.status).as_str())) && in_range(c.created_at)
            }
            Record::Redemption(r) => {
                matches(&f.campaign_id, r.campaign_id.as_deref())
                    && matches(&f.coupon_id, Some(r.coupon_id.as_str()))
                    && matches(&f.status, Some(name(&r.status).as_str()))
                    && matches(&f.user_id, r.user_id.as_deref())
                    && in_range(r.created_at)
            }
        }
    }
}

/// A unit enum's JSON name (`active`, `success`, …).
fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// CSV columns of coupons and codes (the import reads the same columns).
pub const COUPON_COLUMNS: [&str; 15] = [
    "id",
    "code",
    "coupon_id",
    "type",
    "value",
    "currency",
    "campaign_id",
    "status",
    "max_uses",
    "uses_count",
    "per_customer_limit",
    "valid_from",
    "valid_until",
    "user_id",
    "created_at",
];
const CAMPAIGN_COLUMNS: [&str; 7] = [
    "id",
    "name",
    "status",
    "start",
    "end",
    "channels",
    "created_at",
];
/// CSV columns of redemptions.
pub const REDEMPTION_COLUMNS: [&str; 11] = [
    "id",
    "coupon_id",
    "coupon_code",
    "user_id",
    "status",
    "discount_amount",
    "currency",
    "reference_type",
    "reference_id",
    "campaign_id",
    "created_at",
];

fn render(
    kind: ExportType,
    format: ExportFormat,
    records: &[Record],
    header: bool,
) -> Result<Vec<u8>, ApiError> {
    let failed = |err: &dyn std::fmt::Display| ApiError::internal(format!("export: {err}"));
    if format == ExportFormat::Ndjson {
        let mut out = Vec::new();
        for record in records {
            match record {
                Record::Coupon(c) => serde_json::to_writer(&mut out, c),
                Record::Campaign(c) => serde_json::to_writer(&mut out, c),
                Record::Redemption(r) => serde_json::to_writer(&mut out, r),
            }
            .map_err(|e| failed(&e))?;
            out.push(b'\n');
        }
        return Ok(out);
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    if header {
        let columns: &[&str] = match kind {
            ExportType::Coupons | ExportType::Codes => &COUPON_COLUMNS,
            ExportType::Campaigns => &CAMPAIGN_COLUMNS,
            ExportType::Redemptions => &REDEMPTION_COLUMNS,
            ExportType::Analytics => &[],
        };
        writer.write_record(columns).map_err(|e| failed(&e))?;
    }
    for record in records {
        let row = match record {
            Record::Coupon(c) => coupon_row(c),
            Record::Campaign(c) => campaign_row(c),
            Record::Redemption(r) => redemption_row(r),
        };
        writer.write_record(&row).map_err(|e| failed(&e))?;
    }
    writer.into_inner().map_err(|e| failed(&e))
}

fn text<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn time(at: &Option<DateTime<Utc>>) -> String {
    at.map(|t| t.to_rfc3339()).unwrap_or_default()
}

fn coupon_row(c: &Coupon) -> Vec<String> {
    vec![
        c.id.clone(),
        c.code.clone(),
        text(&c.parent_id),
        name(&c.kind),
        c.value.to_string(),
        text(&c.currency),
        text(&c.campaign_id),
        name(&c.status),
        text(&c.max_uses),
        c.uses_count.to_string(),
        text(&c.per_customer_limit),
        time(&c.valid_from),
        time(&c.valid_until),
        text(&c.bound_user_id),
        c.created_at.to_rfc3339(),
    ]
}

fn campaign_row(c: &Campaign) -> Vec<String> {
    vec![
        c.id.clone(),
        c.name.clone(),
        name(&c.status),
        time(&c.start),
        time(&c.end),
        c.channels.join(";"),
        c.created_at.to_rfc3339(),
    ]
}

fn redemption_row(r: &Redemption) -> Vec<String> {
    vec![
        r.id.clone(),
        r.coupon_id.clone(),
        r.coupon_code.clone(),
        text(&r.user_id),
        name(&r.status),
        r.discount_amount.to_string(),
        text(&r.currency),
        text(&r.reference_type),
        text(&r.reference_id),
        text(&r.campaign_id),
        r.created_at.to_rfc3339(),
    ]
}
