//! What a coupon actor tallies for the analytics between commits
//! ([`Tally`]: validations and refusals), and what one batch adds to the
//! rollups ([`Pending`]); `coupon/rollup.rs` writes both with the commit.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use stampede_protocol::ErrorCode;

use crate::records::analytics::hour_of;

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

/// A row of this batch's coupon (the coupon itself is the batch's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::coupon) struct RowKey {
    pub(in crate::coupon) hour: i64,
    pub(in crate::coupon) channel: String,
    pub(in crate::coupon) currency: String,
    pub(in crate::coupon) campaign: String,
}

/// What a batch adds to one row (money in minor units).
#[derive(Debug, Default)]
pub(in crate::coupon) struct RowSums {
    pub(in crate::coupon) redemptions: i64,
    pub(in crate::coupon) discount: i64,
    pub(in crate::coupon) revenue: i64,
    pub(in crate::coupon) voids: i64,
    pub(in crate::coupon) validations: i64,
    pub(in crate::coupon) valid: i64,
    pub(in crate::coupon) refusals: BTreeMap<&'static str, i64>,
    /// (customer hash, +1 a use in, -1 a use out), in order.
    pub(in crate::coupon) customers: Vec<(u64, i64)>,
}

/// A batch's rollup writes, summed per row before any key is built: a batch
/// of a thousand redemptions of one row writes a handful of keys.
#[derive(Debug, Default)]
pub(in crate::coupon) struct Pending {
    /// Few rows per batch (usually one): a list beats a map.
    pub(in crate::coupon) rows: Vec<(RowKey, RowSums)>,
}

impl Pending {
    /// The sums of a row, added on first use.
    pub(in crate::coupon) fn row(
        &mut self,
        hour: i64,
        channel: &str,
        currency: &str,
        campaign: &str,
    ) -> &mut RowSums {
        let found = self.rows.iter().position(|(k, _)| {
            k.hour == hour
                && k.channel == channel
                && k.currency == currency
                && k.campaign == campaign
        });
        let index = match found {
            Some(index) => index,
            None => {
                let key = RowKey {
                    hour,
                    channel: channel.to_owned(),
                    currency: currency.to_owned(),
                    campaign: campaign.to_owned(),
                };
                self.rows.push((key, RowSums::default()));
                self.rows.len() - 1
            }
        };
        &mut self.rows[index].1
    }
}
