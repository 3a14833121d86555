//! One batch of a code generation job, in the transaction that records it
//! (see `records::jobs::advance`).
//!
//! From a pattern, the job's cursor is the index of the next code in the
//! pattern's permutation (`CodePattern::code`): a batch makes codes from the
//! cursor on, skips those the tenant already has (read in the batch's
//! transaction, so a concurrent writer of the same code conflicts), and writes
//! the rest. The codes of one job are distinct by construction and a resumed
//! job continues the same sequence, so nothing is made twice or missed. From a
//! list of codes, the cursor is the row, and a code already taken is a row
//! error (`duplicate_code`).

use stampede_protocol::event::Provenance;
use std::sync::Arc;

use stampede_protocol::code_pattern::CodePattern;
use stampede_protocol::job::{Job, JobError};
use stampede_protocol::{Coupon, ErrorCode};
use stampede_storage::{StorageError, Transaction};

use super::codes;
use super::jobs::{Batch, BatchWrite};

/// Codes one batch writes (about 4.5 MB in one transaction, under the 10 MB
/// limit): fewer, larger commits amortize the store's per-commit page writes.
pub const GENERATE_BATCH_CODES: u64 = 5_000;
/// Fewest batches a job is cut into (when it has enough codes), so even a
/// small job shows progress and resumes mid-way.
const MIN_BATCHES_PER_JOB: u64 = 20;
/// Fewest codes per batch.
const MIN_BATCH_CODES: u64 = 50;

/// Codes per batch of a job of `count` codes.
pub fn batch_codes(count: u64) -> u64 {
    (count / MIN_BATCHES_PER_JOB).clamp(MIN_BATCH_CODES, GENERATE_BATCH_CODES)
}

/// Makes the record of a new code; the second argument is `k`, the code's
/// rank among those the job made (for binding to the `k`-th customer).
pub type Make = Arc<dyn Fn(String, u64) -> Coupon + Send + Sync>;

/// Where a job's codes come from.
pub enum Source {
    /// `count` codes of the pattern's sequence keyed by `seed`.
    Pattern {
        pattern: CodePattern,
        seed: u64,
        count: u64,
    },
    /// The listed codes, one per row: normalized, or why the row is refused
    /// (field, message). A code the tenant has already is a row error, or,
    /// with `keep_own`, skipped when it is already one of this coupon's codes.
    Listed {
        codes: Vec<Result<String, (String, String)>>,
        keep_own: bool,
        /// The field a taken code is reported under; `{row}` is replaced by
        /// the row (`custom_codes[{row}]`).
        code_field: String,
    },
}

/// What every batch of one job needs.
pub struct Plan {
    pub tenant: String,
    pub coupon_id: String,
    pub source: Source,
    pub make: Make,
    /// Check every row, write nothing (an import's `dry_run`).
    pub dry_run: bool,
}

/// The batch write of a generation job's next batch.
pub fn batch(plan: Arc<Plan>) -> BatchWrite {
    Arc::new(move |tx, job| {
        let plan = plan.clone();
        Box::pin(async move {
            let batch = match &plan.source {
                Source::Pattern {
                    pattern,
                    seed,
                    count,
                } => drawn(&plan, tx, job, pattern, *seed, *count).await?,
                Source::Listed {
                    codes,
                    keep_own,
                    code_field,
                } => listed(&plan, tx, job, codes, *keep_own, code_field).await?,
            };
            Ok(batch)
        })
    })
}

/// One batch of codes drawn from the pattern, from the cursor on.
async fn drawn(
    plan: &Plan,
    tx: &mut dyn Transaction,
    job: &Job,
    pattern: &CodePattern,
    seed: u64,
    count: u64,
) -> Result<Batch, StorageError> {
    debug_assert!(job.created <= count);
    let capacity = pattern.capacity().unwrap_or(u128::MAX);
    let size = batch_codes(count);
    let wanted = (count - job.created).min(size);
    let mut batch = Batch {
        cursor: job.cursor,
        ..Batch::default()
    };
    let mut made = Vec::with_capacity(usize::try_from(wanted).unwrap_or(0));
    while batch.created < wanted
        // A batch whose every draw is taken moves on after four times its size.
        && batch.cursor - job.cursor < 4 * size
        && u128::from(batch.cursor) < capacity
    {
        let code = pattern.code(seed, batch.cursor);
        batch.cursor += 1;
        if !codes::is_free(tx, &plan.tenant, &code).await? {
            batch.skipped += 1;
            continue;
        }
        batch.created += 1;
        if plan.dry_run {
            continue;
        }
        let coupon = (plan.make)(code, job.created + batch.created - 1);
        codes::put(tx, &plan.tenant, &plan.coupon_id, &coupon)?;
        made.push(coupon);
    }
    batch.processed = batch.created;
    let total = job.created + batch.created;
    if total < count && u128::from(batch.cursor) >= capacity {
        // Every code of the pattern is taken: the rest cannot be made.
        batch.failed = count - total;
        batch.errors.push(JobError {
            row: total,
            field: Some(String::from("pattern")),
            code: String::from("pattern_exhausted"),
            message: format!(
                "the pattern has no free code left; {} not made",
                batch.failed
            ),
        });
    }
    batch.finished = total + batch.failed >= count;
    event(plan, tx, job, &made)?;
    Ok(batch)
}

/// One batch of listed codes, from the cursor (a row) on.
async fn listed(
    plan: &Plan,
    tx: &mut dyn Transaction,
    job: &Job,
    listed: &[Result<String, (String, String)>],
    keep_own: bool,
    code_field: &str,
) -> Result<Batch, StorageError> {
    let end = (job.cursor + batch_codes(listed.len() as u64)).min(listed.len() as u64);
    let mut batch = Batch {
        cursor: end,
        processed: end - job.cursor,
        ..Batch::default()
    };
    let mut made = Vec::new();
    for row in job.cursor..end {
        let Some(listed) = usize::try_from(row).ok().and_then(|r| listed.get(r)) else {
            continue;
        };
        let code = match listed {
            Ok(code) => code.clone(),
            Err((field, message)) => {
                batch.failed += 1;
                batch.errors.push(row_error(
                    row,
                    field,
                    ErrorCode::InvalidField,
                    message.clone(),
                ));
                continue;
            }
        };
        match codes::owner(tx, &plan.tenant, &code).await? {
            None => {}
            Some(owner)
                if keep_own
                    && codes::is_code_of(tx, &plan.tenant, &plan.coupon_id, &owner).await? =>
            {
                batch.skipped += 1;
                continue;
            }
            Some(_) => {
                batch.failed += 1;
                let message = format!("a coupon with code {code} already exists");
                let field = code_field.replace("{row}", &row.to_string());
                batch
                    .errors
                    .push(row_error(row, &field, ErrorCode::DuplicateCode, message));
                continue;
            }
        }
        batch.created += 1;
        if plan.dry_run {
            continue;
        }
        let coupon = (plan.make)(code, row);
        codes::put(tx, &plan.tenant, &plan.coupon_id, &coupon)?;
        made.push(coupon);
    }
    batch.finished = end >= listed.len() as u64;
    event(plan, tx, job, &made)?;
    Ok(batch)
}

fn row_error(row: u64, field: &str, code: ErrorCode, message: String) -> JobError {
    JobError {
        row,
        field: Some(field.to_owned()),
        code: code.as_str().to_owned(),
        message,
    }
}

/// One `coupon.codes_added` event for the batch's codes.
fn event(
    plan: &Plan,
    tx: &mut dyn Transaction,
    job: &Job,
    made: &[Coupon],
) -> Result<(), StorageError> {
    let Some(first) = made.first() else {
        return Ok(());
    };
    let codes: Vec<&str> = made.iter().map(|c| c.code.as_str()).collect();
    let by = Provenance::job(&job.id);
    codes::added_event(
        tx,
        &plan.tenant,
        &plan.coupon_id,
        &codes,
        first.created_at,
        &by,
    )
}
