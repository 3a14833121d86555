//! The records layer: every stored record the actors do not own.
//!
//! The edge (`stampede-api`) never touches storage: it parses a request, calls
//! one function here and maps the answer. Each function is one typed operation
//! (create, get, list, patch, delete) on one kind of record, in one
//! transaction; a mutation that carries an idempotency key writes the response
//! it commits in that same transaction ([`idempotency::Once`]).
//!
//! * [`analytics`] — the hourly analytics rollups the coupon actors keep, as
//!   read back by queries, and the customer rows they count distinct users by.
//! * [`catalog`] — what a preview reads of the tenant, in one snapshot.
//! * [`codec`] — stored records are JSON; decoding never panics.
//! * [`error`] — [`RecordError`]: what a records operation refuses, each with
//!   its [`ErrorCode`](stampede_protocol::ErrorCode).
//! * [`events`] — the journal: one event per effect, appended in its
//!   transaction; the audit log and the webhook outbox read it.
//! * [`idempotency`] — stored responses: replay, the once-only transaction,
//!   their retention and the time index the expiry sweeper reads.
//! * [`page`] — the one cursor page every list answers.
//! * [`jobs`] — jobs of every kind: record, rows, results, error report,
//!   claim; batches recorded in the transaction that does their work.
//! * [`exports`] — an export's pages of records (read-only, no conflicts)
//!   and its file's parts.
//! * [`generation`] — one batch of a code generation job: codes drawn from a
//!   pattern (or listed), skipping the tenant's taken codes.
//! * [`keys`] — API keys, by tenant and by hash.
//! * [`root_key`] — the hash of a generated root key, kept across restarts.
//! * [`coupons`] — coupons: created with their code index, read by id or code,
//!   scanned for lists.
//! * [`campaigns`] — campaigns: created with their gate, read, listed, their
//!   usage and assets.
//! * [`channels`] — the tenant's own channels beside the built-in ones, and
//!   campaigns' creatives.
//! * [`codes`] — the codes of a coupon, added all or none, and who redeemed
//!   them.
//! * [`redemptions`] — redemptions as committed: by id, by coupon, by order.
//! * [`retention`] — a tenant's retention policy, the deletions it calls
//!   for, and redaction of a user's identifiers.
//! * [`limits`] — a coupon's limit set and usage counters.
//! * [`rate_limits`] — a tenant's request rate limits.
//! * [`regions`] — tenants' home regions, which the ring places their keys in.
//! * [`schedules`] — schedules, written with their scheduler queue entry.
//! * [`checkouts`] — the decision of a multi-code checkout.
//! * [`health`] — readiness: the store answers a read.
//! * [`mutation`] — what once-only changes of versioned records share (a stale
//!   version, a refusal decided in the transaction, the record's JSON stored
//!   as the response).
//! * [`promotions`] — campaign promotions, their code, name and auto-apply
//!   index keys.
//! * [`promotion_usage`] — the code record a promotion's actor owns, and the
//!   usage and metrics read back from what it committed.
//! * [`rules`] — stored rules that promotions reference.
//! * [`segments`] — segments, their explicit members, and membership.
//! * [`webhooks`] — webhook endpoints, their delivery cursor and deliveries.
//! * [`locks`] — order-level locks: the reservations one multi-code reserve
//!   holds, confirmed or released together.
//! * [`points`] — a tenant's points → coupon conversion.
//! * [`rewards`] — reward items, the grants coupon actors write with their
//!   redemptions, the points conversion, and order-level locks.
//! * [`experiments`] — experiments, their assignments and exposure counters,
//!   and the worker's queue of starts and ends.
//! * [`triggers`] — event-triggered coupons (seed 002 `auto_generate`): the
//!   template index, users' trigger state, ingested events and the codes
//!   their occurrences made.
//!
//! What the actors own (a coupon's counters, redemptions, leases) is written
//! only by its actor; reading it here is fine, writing it is not.

pub mod analytics;
pub mod campaigns;
pub mod catalog;
pub mod channels;
pub mod checkouts;
pub mod codec;
pub mod codes;
pub mod coupons;
pub mod error;
pub mod events;
pub mod experiments;
pub mod exports;
pub mod fraud;
pub mod generation;
pub mod health;
pub mod idempotency;
pub mod jobs;
pub mod keys;
pub mod limits;
pub mod locks;
pub mod mutation;
pub mod page;
pub mod points;
pub mod promotion_usage;
pub mod promotions;
pub mod rate_limits;
pub mod redemptions;
pub mod regions;
pub mod retention;
pub mod rewards;
pub mod root_key;
pub mod rules;
pub mod schedules;
pub mod segments;
pub mod triggers;
pub mod webhooks;

use chrono::TimeDelta;
use serde::de::DeserializeOwned;
use stampede_protocol::event::Provenance;
use stampede_protocol::ids::check_id;
use stampede_protocol::limits::DEFAULT_IDEMPOTENCY_RETENTION_HOURS;
use stampede_storage::SharedStore;

pub use codec::{decode, encode};
pub use error::RecordError;
pub use page::Page;

/// A committed record by id, read without a conflict range; `None` for an id
/// no record can have ([`check_id`]) and for an absent one alike.
pub(crate) async fn by_id<T: DeserializeOwned>(
    records: &Records,
    id: &str,
    key_of: impl FnOnce() -> Vec<u8>,
) -> Result<Option<T>, RecordError> {
    if check_id(id).is_err() {
        return Ok(None);
    }
    let key = key_of();
    let mut tx = records.store().begin().await?;
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}

/// The handle every records operation takes: the shared store, and how long
/// idempotency records are kept.
///
/// Cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct Records {
    store: SharedStore,
    idempotency_retention: TimeDelta,
    /// Who the mutations made through this handle are for: recorded with
    /// their events (see [`Records::by`]).
    by: Option<std::sync::Arc<Provenance>>,
}

impl Records {
    /// Records over `store`, keeping idempotency records for the default
    /// retention ([`DEFAULT_IDEMPOTENCY_RETENTION_HOURS`]).
    pub fn new(store: SharedStore) -> Self {
        let hours = i64::try_from(DEFAULT_IDEMPOTENCY_RETENTION_HOURS).unwrap_or(i64::MAX);
        Self {
            store,
            idempotency_retention: TimeDelta::try_hours(hours).unwrap_or(TimeDelta::MAX),
            by: None,
        }
    }

    /// The same records, making mutations on behalf of `provenance`: each
    /// audited mutation's event records it.
    pub fn by(mut self, provenance: Provenance) -> Self {
        self.by = Some(std::sync::Arc::new(provenance));
        self
    }

    /// Who mutations through this handle are for (`unknown` when no caller was
    /// named: a mutation is never left out of the journal for want of one).
    pub fn provenance(&self) -> Provenance {
        self.by.as_deref().cloned().unwrap_or_else(|| Provenance {
            actor: String::from("unknown"),
            ..Provenance::default()
        })
    }

    /// The same records, keeping idempotency records for `retention`.
    pub fn with_idempotency_retention(mut self, retention: TimeDelta) -> Self {
        self.idempotency_retention = retention;
        self
    }

    /// How long an idempotency record answers for its key.
    pub fn idempotency_retention(&self) -> TimeDelta {
        self.idempotency_retention
    }

    pub(crate) fn store(&self) -> &SharedStore {
        &self.store
    }

    /// The storage backend's name, for health reports.
    pub fn backend_name(&self) -> &'static str {
        self.store.backend_name()
    }
}
