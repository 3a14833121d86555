//! What an export job reads and writes: records of one kind in key order, a
//! page at a time in a read-only transaction (an export never conflicts with
//! the traffic it reads), and its file as numbered parts written with the
//! batch that made them.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use stampede_protocol::campaign::Campaign;
use stampede_protocol::job::Job;
use stampede_protocol::{Coupon, Redemption};
use stampede_storage::{keys, RangeOptions};

use super::codec::decode;
use super::jobs::{Batch, BatchWrite};
use super::{RecordError, Records};

/// Bytes of one stored part of an export's file (under the value limit).
pub const EXPORT_PART_BYTES: usize = 64 * 1024;
/// Parts one read of a download takes (1 MiB in memory at most).
pub const EXPORT_PARTS_PER_READ: usize = 16;

/// The records an export reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Coupons,
    Campaigns,
    Redemptions,
}

/// One record read.
#[derive(Debug, Clone)]
pub enum Record {
    Coupon(Box<Coupon>),
    Campaign(Box<Campaign>),
    Redemption(Box<Redemption>),
}

/// Where an export stands, kept as the job's `output`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Progress {
    /// Parts of the file written.
    pub parts: u64,
    /// Bytes of the file written.
    pub bytes: u64,
    /// Records written to the file.
    pub rows: u64,
    /// The key of the last record read (hex), where the next page starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// Up to `limit` records of `source` after the key `after` (hex), read in one
/// read-only transaction: the records, the last key read, and whether the
/// records ran out.
pub async fn page(
    records: &Records,
    tenant: &str,
    source: Source,
    after: Option<&str>,
    limit: usize,
) -> Result<(Vec<Record>, Option<String>, bool), RecordError> {
    debug_assert!(limit > 0);
    let prefix = match source {
        Source::Coupons => keys::coupons_prefix(tenant),
        Source::Campaigns => keys::campaigns_prefix(tenant),
        Source::Redemptions => keys::redemptions_prefix(tenant),
    };
    let (mut begin, end) = keys::prefix_range(&prefix);
    if let Some(after) = after.and_then(|a| hex::decode(a).ok()) {
        begin = keys::key_after(&after);
    }
    let mut tx = records.store().begin().await?;
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit,
            reverse: false,
        })
        .await?;
    let complete = rows.len() < limit;
    let last = rows.last().map(|row| hex::encode(&row.key));
    let mut read = Vec::with_capacity(rows.len());
    for row in &rows {
        read.push(match source {
            Source::Coupons => Record::Coupon(Box::new(decode(&row.key, &row.value)?)),
            Source::Campaigns => Record::Campaign(Box::new(decode(&row.key, &row.value)?)),
            Source::Redemptions => Record::Redemption(Box::new(decode(&row.key, &row.value)?)),
        });
    }
    Ok((read, last.or_else(|| after.map(str::to_owned)), complete))
}

/// The batch write of an export page rendered to `bytes`: stores them as the
/// next parts of the file with the export's new `progress`, if the job is
/// still at `from` (else the page is already recorded).
pub fn write_page(tenant: &str, from: u64, bytes: Vec<u8>, batch: Batch) -> BatchWrite {
    let (tenant, bytes, batch) = (tenant.to_owned(), Arc::new(bytes), Arc::new(batch));
    Arc::new(move |tx, job: &Job| {
        let (tenant, bytes, batch) = (tenant.clone(), bytes.clone(), batch.clone());
        Box::pin(async move {
            if job.cursor != from {
                return Ok(Batch {
                    cursor: job.cursor,
                    ..Batch::default()
                });
            }
            let mut progress: Progress =
                serde_json::from_value(job.output.clone()).unwrap_or_default();
            for part in bytes.chunks(EXPORT_PART_BYTES) {
                tx.set(&keys::export_part(&tenant, &job.id, progress.parts), part)?;
                progress.parts += 1;
                progress.bytes += part.len() as u64;
            }
            let mut batch = (*batch).clone();
            progress.rows += batch.created;
            if let Some(Ok(mut output)) =
                batch.output.take().map(serde_json::from_value::<Progress>)
            {
                output.parts = progress.parts;
                output.bytes = progress.bytes;
                output.rows = progress.rows;
                progress = output;
            }
            batch.output = serde_json::to_value(&progress).ok();
            Ok(batch)
        })
    })
}

/// Parts `from..` of an export's file, at most [`EXPORT_PARTS_PER_READ`].
pub async fn parts(
    records: &Records,
    tenant: &str,
    id: &str,
    from: u64,
) -> Result<Vec<Vec<u8>>, RecordError> {
    let (_, end) = keys::prefix_range(&keys::export_parts_prefix(tenant, id));
    let mut tx = records.store().begin().await?;
    let rows = tx
        .get_range(&RangeOptions {
            begin: keys::export_part(tenant, id, from),
            end,
            limit: EXPORT_PARTS_PER_READ,
            reverse: false,
        })
        .await?;
    Ok(rows.into_iter().map(|row| row.value).collect())
}
