//! The retention sweeper: deletes what tenants' retention policies have
//! outlived (settled redemptions, audit events every webhook has settled,
//! job reports), a bounded batch per tenant and kind each round, on the one
//! node the ring places it on. Time comes from the clock, so tests move a
//! `ManualClock` and call [`sweep`].

use std::sync::Weak;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use futures::future::BoxFuture;
use stampede_protocol::retention::RetentionPolicy;
use stampede_storage::StorageError;

use crate::cluster::singleton::{sweeper, Fence};
use crate::records::{self, RecordError, Records};
use crate::shards::{Inner, Shards};
use crate::workers::Factory;

/// How often the sweeper runs.
pub const RETENTION_SWEEP_INTERVAL_MS: u64 = 5_000;
/// Tenants with a policy handled per round.
pub const MAX_RETENTION_TENANTS_PER_ROUND: usize = 1_000;
/// Counter of records deleted by retention.
pub const RETENTION_DELETED_TOTAL: &str = "stampede_retention_deleted_total";

/// One round over every tenant with a policy; answers how many records it
/// deleted.
pub async fn sweep(shards: &Shards) -> Result<usize, StorageError> {
    let records = shards.records();
    let now = shards.clock().now();
    let tenants = records::retention::tenants(&records, MAX_RETENTION_TENANTS_PER_ROUND)
        .await
        .map_err(storage)?;
    let mut deleted = 0;
    for tenant in tenants {
        let policy = records::retention::get(&records, &tenant)
            .await
            .map_err(storage)?;
        deleted += tenant_round(&records, &tenant, &policy, now)
            .await
            .map_err(storage)?;
    }
    metrics::counter!(RETENTION_DELETED_TOTAL).increment(deleted as u64);
    Ok(deleted)
}

async fn tenant_round(
    records: &Records,
    tenant: &str,
    policy: &RetentionPolicy,
    now: DateTime<Utc>,
) -> Result<usize, RecordError> {
    let cutoff = |days: Option<u32>| {
        days.and_then(|d| now.checked_sub_signed(TimeDelta::days(i64::from(d))))
    };
    let mut deleted = 0;
    if let Some(cutoff) = cutoff(policy.redemptions_days) {
        deleted += records::retention::sweep_redemptions(records, tenant, cutoff).await?;
    }
    if let Some(cutoff) = cutoff(policy.audit_days) {
        deleted += records::retention::sweep_journal(records, tenant, cutoff).await?;
    }
    if let Some(cutoff) = cutoff(policy.job_reports_days) {
        deleted += records::retention::sweep_job_reports(records, tenant, cutoff).await?;
    }
    Ok(deleted)
}

fn storage(err: RecordError) -> StorageError {
    StorageError::Backend(err.to_string())
}

/// The sweeper worker: [`sweep`] every [`RETENTION_SWEEP_INTERVAL_MS`] on the
/// node that leads it.
pub(crate) fn worker(shards: Weak<Inner>) -> Factory {
    let period = Duration::from_millis(RETENTION_SWEEP_INTERVAL_MS);
    sweeper("retention", period, shards, round)
}

fn round<'a>(shards: &'a Shards, _: &'a Fence) -> BoxFuture<'a, Result<usize, StorageError>> {
    Box::pin(sweep(shards))
}
