//! What a coupon actor tallies for the analytics between commits
//! ([`Tally`]: validations and refusals), and what one batch adds to the
//! rollups ([`Pending`]); `coupon/rollup.rs` writes both with the commit.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use stampede_protocol::ErrorCode;

use crate::records::analytics::{hour_of, Customers};

/// Rows (hour × channel × currency) one actor tallies between commits; past
/// it, new channels count under [`OVERFLOW_CHANNEL`].
pub const MAX_TALLY_ROWS: usize = 256;
/// The channel of tallies past [`MAX_TALLY_ROWS`].
pub const OVERFLOW_CHANNEL: &str = "other";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(in crate::coupon) struct TallyKey {
    pub(in crate::coupon) hour: i64,
    pub(in crate::coupon) channel: String,
    pub(in crate::coupon) currency: String,
}

#[derive(Debug, Clone, Default)]
pub(in crate::coupon) struct TallyRow {
    pub(in crate::coupon) validations: i64,
    pub(in crate::coupon) valid: i64,
    pub(in crate::coupon) refusals: BTreeMap<&'static str, i64>,
}

/// Validations and refusals since the last commit.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    pub(in crate::coupon) rows: HashMap<TallyKey, TallyRow>,
    /// `{epoch}:{n}`: which tally of which activation this is, stored with it
    /// so a retried commit adds it once.
    pub(in crate::coupon) stamp: String,
}

impl Tally {
    /// Takes the tally for a commit, stamped with the activation's epoch and
    /// the commit's number.
    pub(crate) fn take(&mut self, epoch: u64, n: u64) -> Tally {
        let mut taken = std::mem::take(self);
        taken.stamp = format!("{epoch}:{n}");
        taken
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Counts a check of the code.
    pub(crate) fn validation(
        &mut self,
        at: DateTime<Utc>,
        channel: Option<&str>,
        currency: Option<&str>,
        valid: bool,
    ) {
        let row = self.row(at, channel, currency);
        row.validations += 1;
        row.valid += i64::from(valid);
    }

    /// Counts a refused redemption attempt.
    pub(crate) fn refusal(
        &mut self,
        at: DateTime<Utc>,
        channel: Option<&str>,
        currency: Option<&str>,
        reason: ErrorCode,
    ) {
        let row = self.row(at, channel, currency);
        *row.refusals.entry(reason.as_str()).or_insert(0) += 1;
    }

    fn row(
        &mut self,
        at: DateTime<Utc>,
        channel: Option<&str>,
        currency: Option<&str>,
    ) -> &mut TallyRow {
        let mut key = TallyKey {
            hour: hour_of(at),
            channel: channel.unwrap_or("").to_owned(),
            currency: currency.unwrap_or("").to_owned(),
        };
        if self.rows.len() >= MAX_TALLY_ROWS && !self.rows.contains_key(&key) {
            key.channel = String::from(OVERFLOW_CHANNEL);
        }
        self.rows.entry(key).or_default()
    }
}

/// A batch's rollup writes, summed before they are written.
#[derive(Default)]
pub(in crate::coupon) struct Pending {
    pub(in crate::coupon) counters: HashMap<Vec<u8>, i64>,
    /// Customer rows read this batch: (row, changed).
    pub(in crate::coupon) customers: HashMap<Vec<u8>, (Customers, bool)>,
}
