//! Stampede's storage: a transactional, ordered key-value store shaped like
//! FoundationDB, so that what passes on the embedded store passes on FoundationDB.
//!
//! * [`store`] — the [`Store`] and [`Transaction`] traits and the [`run`] retry loop.
//! * [`error`] — [`StorageError`], with FoundationDB's error codes where they exist.
//! * [`limits`] — FoundationDB's limits, enforced by every backend.
//! * [`keys`] — the key layout, tuple-encoded, tenant first.
//! * [`mem`] — in-process backend with optimistic concurrency and fault injection,
//!   for unit tests and deterministic simulation.
//! * [`redb`] — the embedded durable default (one file, fsync on commit).
//! * [`fdb`] (feature `fdb`) — FoundationDB, the production backend.
//! * [`conformance`] — one test suite every backend must pass.
//!
//! `mem` and `redb` share their transaction buffer (read-your-writes, limits) and
//! their conflict resolver (private modules `buffer` and `resolver`), so the two
//! embedded backends cannot drift apart.

mod buffer;
pub mod conformance;
pub mod error;
#[cfg(feature = "fdb")]
pub mod fdb;
pub mod keys;
pub mod limits;
pub mod mem;
pub mod redb;
mod resolver;
pub mod store;

pub use buffer::VERSIONSTAMP_BYTES;
pub use error::StorageError;
#[cfg(feature = "fdb")]
pub use fdb::{FdbNetwork, FdbStore};
pub use mem::{MemFaultStats, MemFaults, MemStore};
pub use redb::RedbStore;
pub use store::{
    run, KeyValue, RangeOptions, RetryPolicy, SharedStore, Store, Transaction, TxnFuture,
};
