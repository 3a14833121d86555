//! An analytics report (`POST /reports/exports`): an export job whose one
//! batch runs its analytics query ([`crate::analytics`], the same evaluation
//! as `POST /analytics/query`) and stores the rows as the file, CSV (one
//! column per dimension, then per metric) or NDJSON (one row object a line).
//! A query answers at most `MAX_QUERY_ROWS` rows, so one batch holds it.

use futures::future::BoxFuture;
use serde_json::Value;
use stampede_actors::records;
use stampede_actors::records::jobs::{Batch, BatchWrite};
use stampede_protocol::analytics::QueryResult;
use stampede_protocol::job::Job;

use super::export::{ExportBody, ExportFormat};
use crate::analytics;
use crate::error::ApiError;
use crate::AppState;

/// The worker of one report.
pub struct Report {
    state: AppState,
    tenant: String,
    spec: ExportBody,
}

impl Report {
    pub fn load(state: &AppState, tenant: &str, job: &Job) -> Result<Self, ApiError> {
        let spec: ExportBody = serde_json::from_value(job.spec.clone())
            .map_err(|err| ApiError::internal(format!("stored report spec: {err}")))?;
        Ok(Report {
            state: state.clone(),
            tenant: tenant.to_owned(),
            spec,
        })
    }
}

impl super::Runner for Report {
    fn next<'a>(&'a mut self, job: &'a Job) -> BoxFuture<'a, Result<BatchWrite, ApiError>> {
        Box::pin(batch(&self.state, &self.tenant, &self.spec, job))
    }
}

/// Runs the report's query and writes its file in one batch.
async fn batch(
    state: &AppState,
    tenant: &str,
    spec: &ExportBody,
    job: &Job,
) -> Result<BatchWrite, ApiError> {
    let query = spec
        .query
        .as_ref()
        .ok_or_else(|| ApiError::internal("an analytics export without its query"))?;
    let resolved = analytics::resolve(query, state.now())?;
    let result = analytics::evaluate(&state.records(), tenant, &resolved).await?;
    let bytes = render(spec.format, &result)?;
    let rows = result.rows.len() as u64;
    let batch = Batch {
        cursor: job.cursor + rows.max(1),
        processed: rows,
        created: rows,
        finished: true,
        ..Batch::default()
    };
    Ok(records::exports::write_page(
        tenant, job.cursor, bytes, batch,
    ))
}

/// The rows as a file.
pub fn render(format: ExportFormat, result: &QueryResult) -> Result<Vec<u8>, ApiError> {
    let failed = |err: &dyn std::fmt::Display| ApiError::internal(format!("report: {err}"));
    if format == ExportFormat::Ndjson {
        let mut out = Vec::new();
        for row in &result.rows {
            serde_json::to_writer(&mut out, row).map_err(|e| failed(&e))?;
            out.push(b'\n');
        }
        return Ok(out);
    }
    let columns: Vec<&str> = result
        .group_by
        .iter()
        .map(|d| d.as_str())
        .chain(result.metrics.iter().map(|m| m.as_str()))
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(&columns).map_err(|e| failed(&e))?;
    for row in &result.rows {
        let cells = columns.iter().map(|c| match row.get(*c) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        });
        writer.write_record(cells).map_err(|e| failed(&e))?;
    }
    writer.into_inner().map_err(|e| failed(&e))
}
