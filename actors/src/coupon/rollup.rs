//! Analytics rollups, kept by the commits (read back by `records::analytics`).
//!
//! A redemption counts in the hour it was made: its commit adds to that row's
//! `redemptions`, `discount` and `revenue` counters and to its customers; a
//! void (release, expiry) takes exactly those back out of the same row and
//! counts a `voids` in the hour it happened. Validations and refusals write
//! nothing of their own: the actor tallies them in memory ([`Tally`]) and the
//! next commit adds them (a tally-only commit starts when none is in flight),
//! so a flood of refusals costs one small write per commit, never one per
//! request. A commit that fails drops its tally: statistics, not limits.
//!
//! Every counter is an `atomic_add` (no read, no conflict between the codes
//! of one coupon); a batch sums its deltas first, so a batch of a thousand
//! redemptions of one row writes a handful of keys. Customer rows are per
//! code (only this actor writes them), read and written once per batch.

use stampede_protocol::Redemption;
use stampede_storage::{keys, StorageError};

use crate::coupon::commit::Batch;
use crate::coupon::tally::Tally;
use crate::promo::units::{exponent, to_units};
use crate::records::analytics::{customer_hash, hour_of, Customers, REFUSED_PREFIX};
use crate::records::{decode, encode};

/// One row of this coupon: where a counter or customer row goes.
struct Row {
    hour: i64,
    channel: String,
    currency: String,
    campaign: String,
    coupon: String,
}

impl Batch<'_> {
    /// Counts a redemption in (`sign` 1) or out (-1) of its row.
    pub(in crate::coupon) async fn roll(
        &mut self,
        redemption: &Redemption,
        sign: i64,
    ) -> Result<(), StorageError> {
        let currency = redemption.currency.as_deref().unwrap_or("");
        let campaign = redemption.campaign_id.as_deref();
        let made = hour_of(redemption.created_at);
        let row = self.row(made, redemption.channel.as_deref(), currency, campaign);
        self.add(&row, "redemptions", sign);
        let minor = |amount| i64::try_from(to_units(amount, exponent(currency))).unwrap_or(0);
        self.add(&row, "discount", sign * minor(redemption.discount_amount));
        if let Some(value) = redemption.order_value {
            self.add(&row, "revenue", sign * minor(value));
        }
        if let Some(user) = &redemption.user_id {
            self.count_customer(&row, customer_hash(user), sign).await?;
        }
        if sign < 0 {
            let now = hour_of(self.now);
            let row = self.row(now, redemption.channel.as_deref(), currency, campaign);
            self.add(&row, "voids", 1);
        }
        Ok(())
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
        for (key, counts) in &tally.rows {
            let row = self.row_at(key.hour, &key.channel, &key.currency, None);
            self.add(&row, "validations", counts.validations);
            self.add(&row, "valid", counts.valid);
            for (reason, n) in &counts.refusals {
                self.add(&row, &format!("{REFUSED_PREFIX}{reason}"), *n);
            }
        }
        Ok(())
    }

    /// Writes the batch's summed counters and changed customer rows.
    pub(in crate::coupon) fn write_rollup(&mut self) -> Result<(), StorageError> {
        let pending = std::mem::take(&mut self.rollup);
        for (key, delta) in pending.counters {
            if delta != 0 {
                self.tx.atomic_add(&key, delta)?;
            }
        }
        for (key, (customers, changed)) in pending.customers {
            match (changed, customers.is_empty()) {
                (false, _) => {}
                (true, true) => self.tx.clear(&key)?,
                (true, false) => self.tx.set(&key, &encode(&customers)?)?,
            }
        }
        Ok(())
    }

    fn row(&self, hour: i64, channel: Option<&str>, currency: &str, campaign: Option<&str>) -> Row {
        self.row_at(hour, channel.unwrap_or(""), currency, campaign)
    }

    fn row_at(&self, hour: i64, channel: &str, currency: &str, campaign: Option<&str>) -> Row {
        let coupon = self.coupon.parent_id.as_ref().unwrap_or(&self.coupon.id);
        let campaign = campaign.or(self.coupon.campaign_id.as_deref());
        Row {
            hour,
            channel: channel.to_owned(),
            currency: currency.to_owned(),
            campaign: campaign.unwrap_or("").to_owned(),
            coupon: coupon.clone(),
        }
    }

    /// The row's copies: the tenant's, the coupon's and the campaign's.
    fn scopes(row: &Row) -> Vec<String> {
        let mut scopes = vec![String::from("t"), format!("c:{}", row.coupon)];
        if !row.campaign.is_empty() {
            scopes.push(format!("k:{}", row.campaign));
        }
        scopes
    }

    fn add(&mut self, row: &Row, metric: &str, delta: i64) {
        if delta == 0 {
            return;
        }
        for scope in Self::scopes(row) {
            let at = keys_row(&scope, row);
            let key = keys::rollup(&self.owner.tenant, &at, metric);
            *self.rollup.counters.entry(key).or_insert(0) += delta;
        }
    }

    async fn count_customer(
        &mut self,
        row: &Row,
        hash: u64,
        sign: i64,
    ) -> Result<(), StorageError> {
        for scope in Self::scopes(row) {
            let at = keys_row(&scope, row);
            let key = keys::rollup_customers(&self.owner.tenant, &at, &self.owner.code);
            if !self.rollup.customers.contains_key(&key) {
                let stored = match self.tx.get(&key).await? {
                    Some(bytes) => decode::<Customers>(&key, &bytes)?,
                    None => Customers::default(),
                };
                self.rollup.customers.insert(key.clone(), (stored, false));
            }
            if let Some((customers, changed)) = self.rollup.customers.get_mut(&key) {
                *changed |= customers.count(hash, sign);
            }
        }
        Ok(())
    }
}

fn keys_row<'a>(scope: &'a str, row: &'a Row) -> keys::RollupRow<'a> {
    keys::RollupRow {
        scope,
        hour: row.hour,
        channel: &row.channel,
        currency: &row.currency,
        campaign: &row.campaign,
        coupon: &row.coupon,
    }
}
