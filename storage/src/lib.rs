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
//! * [`conformance`] — one test suite every backend must pass.

pub mod conformance;
pub mod error;
pub mod keys;
pub mod limits;
pub mod mem;
pub mod redb;
pub mod store;

pub use error::StorageError;
pub use store::{run, KeyValue, RangeOptions, RetryPolicy, SharedStore, Store, Transaction};
