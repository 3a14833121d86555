//! FoundationDB's limits. Every backend enforces them so that code which runs on the
//! embedded store does not fail for the first time in production.

/// Largest key, in bytes.
pub const MAX_KEY_BYTES: usize = 10_000;
/// Largest value, in bytes.
pub const MAX_VALUE_BYTES: usize = 100_000;
/// Largest transaction: keys and values written plus conflict ranges, in bytes.
pub const MAX_TRANSACTION_BYTES: usize = 10_000_000;
/// A transaction older than this (since its first read) can no longer read or commit.
pub const MAX_TRANSACTION_AGE_MS: u64 = 5_000;
