//! Analytics rollups, kept by the commits (read back by `records::analytics`).
//!
//! A redemption counts in the hour it was made: its commit adds to that row's
//! `redemptions`, `discount` and `revenue` counters and to its customers; a
//! void (release, expiry) takes exactly those back out of the same row and
//! counts a `voids` in the hour it happened. Validations and refusals write
//! nothing of their own: the actor tallies them in memory (`coupon/tally.rs`)
//! and the next commit adds them (a tally-only commit starts when none is in
//! flight), so a flood of refusals costs one small write per commit, never
//! one per request. A commit that fails drops its tally: statistics, not
//! limits.
//!
//! A batch first sums per row ([`Pending`]), then writes each row's counters
//! as `atomic_add`s (no read, no conflict between the codes of one coupon) in
//! its three scopes, and its customer rows — per code, so only this actor
//! writes them — read and written once per batch.

use stampede_protocol::Redemption;
use stampede_storage::{keys, StorageError};

use crate::coupon::commit::Batch;
use crate::coupon::tally::{Pending, RowSums, Tally};
use crate::promo::units::{exponent, to_units};
use crate::records::analytics::{customer_hash, hour_of, Customers, REFUSED_PREFIX};
use crate::records::{decode, encode};

impl Batch<'_> {
    /// Counts a redemption in (`sign` 1) or out (-1) of its row.
    pub(in crate::coupon) fn roll(&mut self, redemption: &Redemption, sign: i64) {
        let currency = redemption.currency.as_deref().unwrap_or("");
        let channel = redemption.channel.as_deref().unwrap_or("");
        let campaign = redemption
            .campaign_id
            .as_deref()
            .or(self.coupon.campaign_id.as_deref())
            .unwrap_or("");
        let minor = |amount| i64::try_from(to_units(amount, exponent(currency))).unwrap_or(0);
        let made = hour_of(redemption.created_at);
        let sums = self.rollup.row(made, channel, currency, campaign);
        sums.redemptions += sign;
        sums.discount += sign * minor(redemption.discount_amount);
        if let Some(value) = redemption.order_value {
            sums.revenue += sign * minor(value);
        }
        if let Some(user) = &redemption.user_id {
            sums.customers.push((customer_hash(user), sign));
        }
        if sign < 0 {
            let now = hour_of(self.now);
            self.rollup.row(now, channel, currency, campaign).voids += 1;
        }
    }

    /// Adds the actor's tally of validations and refusals, once: a retry of a
    /// commit whose result was unknown finds the tally's stamp stored.
    pub(in crate::coupon) async fn add_tally(&mut self, tally: &Tally) -> Result<(), StorageError> {
        if tally.is_empty() {
            return Ok(());
        }
        let stamp_key = keys::rollup_stamp(&self.owner.tenant, &self.owner.code);
        if self.tx.get(&stamp_key).await?.as_deref() == Some(tally.stamp.as_bytes()) {
            return Ok(());
        }
        self.tx.set(&stamp_key, tally.stamp.as_bytes())?;
        let campaign = self.coupon.campaign_id.clone().unwrap_or_default();
        for (key, counts) in &tally.rows {
            let sums = self
                .rollup
                .row(key.hour, &key.channel, &key.currency, &campaign);
            sums.validations += counts.validations;
            sums.valid += counts.valid;
            for (reason, n) in &counts.refusals {
                *sums.refusals.entry(reason).or_insert(0) += n;
            }
        }
        Ok(())
    }

    /// Writes the batch's summed rows: counters in every scope, and the
    /// customer rows they changed.
    pub(in crate::coupon) async fn write_rollup(&mut self) -> Result<(), StorageError> {
        let Pending { rows } = std::mem::take(&mut self.rollup);
        let coupon = self
            .coupon
            .parent_id
            .clone()
            .unwrap_or_else(|| self.coupon.id.clone());
        for (key, sums) in &rows {
            for scope in scopes(&coupon, &key.campaign) {
                let row = keys::RollupRow {
                    scope: &scope,
                    hour: key.hour,
                    channel: &key.channel,
                    currency: &key.currency,
                    campaign: &key.campaign,
                    coupon: &coupon,
                };
                self.add_counters(&row, sums)?;
                if !sums.customers.is_empty() {
                    self.count_customers(&row, &sums.customers).await?;
                }
            }
        }
        Ok(())
    }

    fn add_counters(
        &mut self,
        row: &keys::RollupRow<'_>,
        sums: &RowSums,
    ) -> Result<(), StorageError> {
        let tenant = &self.owner.tenant;
        for (metric, delta) in [
            ("redemptions", sums.redemptions),
            ("discount", sums.discount),
            ("revenue", sums.revenue),
            ("voids", sums.voids),
            ("validations", sums.validations),
            ("valid", sums.valid),
        ] {
            if delta != 0 {
                self.tx
                    .atomic_add(&keys::rollup(tenant, row, metric), delta)?;
            }
        }
        for (reason, n) in &sums.refusals {
            let metric = format!("{REFUSED_PREFIX}{reason}");
            self.tx
                .atomic_add(&keys::rollup(tenant, row, &metric), *n)?;
        }
        Ok(())
    }

    /// Applies a row's customer changes to this code's customer row.
    async fn count_customers(
        &mut self,
        row: &keys::RollupRow<'_>,
        changes: &[(u64, i64)],
    ) -> Result<(), StorageError> {
        let key = keys::rollup_customers(&self.owner.tenant, row, &self.owner.code);
        let mut customers = match self.tx.get(&key).await? {
            Some(bytes) => decode::<Customers>(&key, &bytes)?,
            None => Customers::default(),
        };
        let mut changed = false;
        for (hash, sign) in changes {
            changed |= customers.count(*hash, *sign);
        }
        match (changed, customers.is_empty()) {
            (false, _) => Ok(()),
            (true, true) => self.tx.clear(&key),
            (true, false) => self.tx.set(&key, &encode(&customers)?),
        }
    }
}

/// A row's copies: the tenant's, its coupon's and its campaign's.
fn scopes(coupon: &str, campaign: &str) -> Vec<String> {
    let mut scopes = vec![String::from("t"), format!("c:{coupon}")];
    if !campaign.is_empty() {
        scopes.push(format!("k:{campaign}"));
    }
    scopes
}
