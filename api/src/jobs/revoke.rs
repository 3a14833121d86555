//! Bulk revoke jobs (`POST /coupons/bulk-revoke`, seed 000 §13): coupons
//! (or codes) named in a list, or every one a filter matches, revoked through
//! their actors under the idempotency key `revoke:{job}:{coupon}`, so a batch
//! redone after a crash changes nothing twice. With `release_reserved`, the
//! pending reservations of each revoked coupon are released too (their uses
//! return), each under its own key.
//!
//! A list is the job's rows (the cursor is the row); a filter walks the
//! tenant's coupons in key order a page at a time (the cursor counts coupons
//! read, the page's last key is kept in the job's `output`).

use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_actors::records::exports::{Progress, Record, Source};
use stampede_actors::records::jobs::{recorded, Batch, BatchWrite};
use stampede_actors::{CouponUpdate, UpdateKind, VoidMode, VoidRequest};
use stampede_protocol::event::Provenance;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::job::{Job, JobError};
use stampede_protocol::{Coupon, CouponPatch, CouponStatus, ErrorCode, RedemptionStatus};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::AppState;

/// Coupons revoked per batch.
const REVOKE_BATCH: usize = 100;
/// Pending redemptions of one coupon released per read.
const RELEASE_PAGE: usize = 200;
/// Coupons one list may name.
pub const MAX_REVOKE_LIST: usize = 10_000;

/// Which coupons a filtered bulk revoke takes; every filter given must match.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeFilters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
    /// The codes of this coupon (the coupon itself too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CouponStatus>,
    /// Created at or after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_from: Option<chrono::DateTime<chrono::Utc>>,
    /// Created before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_to: Option<chrono::DateTime<chrono::Utc>>,
}

/// Body of `POST /coupons/bulk-revoke`: a list (`coupon_ids` or `codes`) or
/// `filters`; kept as the job's spec (the list as its rows).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRevokeBody {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coupon_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<RevokeFilters>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Release the revoked coupons' pending reservations.
    #[serde(default)]
    pub release_reserved: bool,
}

/// One listed coupon: by id or by code (normalized).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Target {
    Id(String),
    Code(String),
}

/// The worker of one bulk revoke job.
pub struct Revoke {
    state: AppState,
    tenant: String,
    spec: BulkRevokeBody,
    targets: Vec<Target>,
}

impl Revoke {
    pub async fn load(state: &AppState, tenant: &str, job: &Job) -> Result<Self, ApiError> {
        let spec: BulkRevokeBody = serde_json::from_value(job.spec.clone())
            .map_err(|err| ApiError::internal(format!("stored bulk revoke spec: {err}")))?;
        let targets = records::jobs::rows(&state.records(), tenant, &job.id).await?;
        Ok(Revoke {
            state: state.clone(),
            tenant: tenant.to_owned(),
            spec,
            targets,
        })
    }
}

impl super::Runner for Revoke {
    fn next<'a>(&'a mut self, job: &'a Job) -> BoxFuture<'a, Result<BatchWrite, ApiError>> {
        Box::pin(async move {
            let batch = match self.spec.filters.clone() {
                Some(filters) => self.filtered(job, &filters).await?,
                None => self.listed(job).await,
            };
            Ok(recorded(job.cursor, batch))
        })
    }
}

impl Revoke {
    async fn listed(&self, job: &Job) -> Batch {
        let from = usize::try_from(job.cursor).unwrap_or(usize::MAX);
        let end = (from + REVOKE_BATCH).min(self.targets.len());
        let mut batch = Batch {
            cursor: end as u64,
            finished: end >= self.targets.len(),
            ..Batch::default()
        };
        for row in from..end {
            let Some(target) = self.targets.get(row) else {
                break;
            };
            let records = self.state.records();
            let found = match target {
                Target::Id(id) => records::coupons::get(&records, &self.tenant, id).await,
                Target::Code(code) => records::coupons::by_code(&records, &self.tenant, code).await,
            };
            let result = match found {
                Ok(Some(coupon)) if coupon.deleted_at.is_none() => {
                    self.revoke(&job.id, coupon).await
                }
                Ok(_) => Err(ApiError::new(ErrorCode::CouponNotFound, "no such coupon")),
                Err(err) => Err(err.into()),
            };
            count(&mut batch, row as u64, result);
        }
        batch
    }

    async fn filtered(&self, job: &Job, filters: &RevokeFilters) -> Result<Batch, ApiError> {
        let progress: Progress = serde_json::from_value(job.output.clone()).unwrap_or_default();
        let records = self.state.records();
        let (page, after, complete) = records::exports::page(
            &records,
            &self.tenant,
            Source::Coupons,
            progress.after.as_deref(),
            REVOKE_BATCH,
        )
        .await?;
        let mut batch = Batch {
            cursor: job.cursor + page.len() as u64,
            finished: complete,
            output: serde_json::to_value(Progress {
                after,
                ..Progress::default()
            })
            .ok(),
            ..Batch::default()
        };
        for (i, record) in page.into_iter().enumerate() {
            let Record::Coupon(coupon) = record else {
                continue;
            };
            if !matches(&coupon, filters) {
                continue;
            }
            let result = self.revoke(&job.id, *coupon).await;
            count(&mut batch, job.cursor + i as u64, result);
        }
        Ok(batch)
    }

    /// Revokes one coupon (and releases its reservations when asked);
    /// `Ok(false)`: it was revoked already.
    async fn revoke(&self, job_id: &str, coupon: Coupon) -> Result<bool, ApiError> {
        let fresh = coupon.status != CouponStatus::Revoked;
        if fresh {
            let update = CouponUpdate {
                kind: UpdateKind::Revoke,
                patch: CouponPatch::default(),
                reason: self.spec.reason.clone(),
                idem: Some(key(format!("revoke:{job_id}:{}", coupon.id))),
                provenance: Provenance::job(job_id),
            };
            self.state
                .shards
                .update(&self.tenant, &coupon.code, update)
                .await?;
        }
        if self.spec.release_reserved {
            self.release(job_id, &coupon).await?;
        }
        Ok(fresh)
    }

    /// Releases every pending reservation of `coupon`.
    async fn release(&self, job_id: &str, coupon: &Coupon) -> Result<(), ApiError> {
        let records = self.state.records();
        let mut cursor: Option<String> = None;
        loop {
            let page = records::redemptions::of_coupon(
                &records,
                &self.tenant,
                &coupon.id,
                cursor.as_deref(),
                RELEASE_PAGE,
            )
            .await?;
            for redemption in page
                .data
                .iter()
                .filter(|r| r.status == RedemptionStatus::Pending)
            {
                let idem = key(format!("revoke:{job_id}:{}", redemption.id));
                let request = VoidRequest {
                    redemption_id: redemption.id.clone(),
                    reason: Some(String::from("coupon revoked")),
                    idem: Some(idem),
                    mode: VoidMode::Release,
                    provenance: Provenance::job(job_id),
                };
                let released = self
                    .state
                    .shards
                    .void_with(&self.tenant, &coupon.code, request)
                    .await;
                if let Err(err) = released {
                    let err = ApiError::from(err);
                    if err.code != ErrorCode::RedemptionNotPending {
                        return Err(err);
                    }
                }
            }
            match page.next_cursor {
                Some(next) if page.has_more => cursor = Some(next),
                _ => return Ok(()),
            }
        }
    }
}

fn key(key: String) -> IdemSpec {
    IdemSpec {
        fingerprint: key.clone(),
        key,
    }
}

fn count(batch: &mut Batch, row: u64, result: Result<bool, ApiError>) {
    batch.processed += 1;
    match result {
        Ok(true) => batch.created += 1,
        Ok(false) => batch.skipped += 1,
        Err(err) => {
            batch.failed += 1;
            batch.errors.push(JobError {
                row,
                field: err.field.clone(),
                code: err.code.as_str().to_owned(),
                message: err.detail,
            });
        }
    }
}

fn matches(coupon: &Coupon, f: &RevokeFilters) -> bool {
    let is =
        |want: &Option<String>, have: Option<&str>| want.as_deref().is_none_or(|w| have == Some(w));
    coupon.deleted_at.is_none()
        && is(&f.campaign_id, coupon.campaign_id.as_deref())
        && f.coupon_id
            .as_deref()
            .is_none_or(|id| coupon.id == id || coupon.parent_id.as_deref() == Some(id))
        && f.status.is_none_or(|s| coupon.status == s)
        && f.created_from.is_none_or(|t| coupon.created_at >= t)
        && f.created_to.is_none_or(|t| coupon.created_at < t)
}
