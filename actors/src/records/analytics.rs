//! The analytics rollups as read back (seed 000 §11), and the customer rows
//! the coupon actors keep in them.
//!
//! The coupon actors write the rollups with their commits
//! (`coupon/rollup.rs`): hourly counters per (channel, currency, campaign,
//! coupon), each kept in three scopes — the tenant (`t`), the coupon
//! (`c:{id}`) and the campaign (`k:{id}`) — so a query reads only the scope it
//! filters on. A query never reads a redemption record: it sums counters in
//! a bounded range ([`MAX_ROLLUP_KEYS_SCANNED`]) and merges customer rows.
//! Metric definitions are `stampede_protocol::analytics`'.

use std::collections::{BTreeMap, HashSet};

use cardinality_estimator::CardinalityEstimator;
use chrono::{DateTime, Datelike, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use stampede_protocol::analytics::{AnalyticsSettings, Dimension, Filters};
use stampede_protocol::event::Event;
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, KeyValue, RangeOptions, RetryPolicy, StorageError};

use super::codec::{decode, encode};
use super::{events, RecordError, Records};
use crate::promo::units::{exponent, to_decimal};

/// Customers a code's row of an hour counts exactly (voids taken out) before
/// it turns into a sketch.
pub const EXACT_CUSTOMERS_PER_ROW: usize = 128;
/// Distinct customers a query unions exactly before it turns to a sketch.
pub const EXACT_CUSTOMERS_PER_QUERY: usize = 100_000;
/// Counter and customer keys one query reads at most; a wider query is
/// refused (narrow its range or filter by coupon or campaign).
pub const MAX_ROLLUP_KEYS_SCANNED: usize = 1_000_000;
/// Keys read per storage transaction while scanning.
const SCAN_CHUNK_KEYS: usize = 10_000;
/// Seconds in an hour: the rollups' bucket.
pub const HOUR_SECS: i64 = 3_600;

/// The HyperLogLog sketch: precision 10 (1,024 six-bit registers, 768 bytes,
/// about 3.3% standard error). A hot code's row is read and written with
/// every commit, so its size is paid on the flash-sale path (precision 12's
/// 3 kB cost about 3% of the rush's throughput on a 2-core machine).
pub type Sketch = CardinalityEstimator<str, wyhash::WyHash, 10, 6>;

/// The customers of one code's row of an hour: an exact count per customer
/// (by hash) while small, a sketch once larger.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Customers {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    exact: BTreeMap<u64, u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sketch: Option<Sketch>,
}

impl Customers {
    /// Counts one more use (`sign` 1) or one less (-1) by a customer. Returns
    /// whether the row changed (a sketch ignores `-1`).
    pub fn count(&mut self, hash: u64, sign: i64) -> bool {
        if let Some(sketch) = &mut self.sketch {
            if sign > 0 {
                sketch.insert_hash(hash);
            }
            return sign > 0;
        }
        if sign > 0 {
            *self.exact.entry(hash).or_insert(0) += 1;
            if self.exact.len() > EXACT_CUSTOMERS_PER_ROW {
                let mut sketch = Sketch::new();
                for hash in self.exact.keys() {
                    sketch.insert_hash(*hash);
                }
                self.exact.clear();
                self.sketch = Some(sketch);
            }
            return true;
        }
        match self.exact.get_mut(&hash) {
            Some(uses) if *uses > 1 => *uses -= 1,
            Some(_) => {
                self.exact.remove(&hash);
            }
            None => return false,
        }
        true
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.sketch.is_none()
    }
}

/// Distinct customers over many rows: exact until a row is a sketch or the
/// set passes [`EXACT_CUSTOMERS_PER_QUERY`].
#[derive(Debug, Default)]
pub struct CustomerUnion {
    exact: HashSet<u64>,
    sketch: Option<Sketch>,
}

impl CustomerUnion {
    pub fn add(&mut self, row: &Customers) {
        if let Some(sketch) = &row.sketch {
            self.sketch.get_or_insert_with(Sketch::new).merge(sketch);
        }
        self.exact.extend(row.exact.keys().copied());
        if self.exact.len() > EXACT_CUSTOMERS_PER_QUERY {
            let sketch = self.sketch.get_or_insert_with(Sketch::new);
            for hash in self.exact.drain() {
                sketch.insert_hash(hash);
            }
        }
    }

    /// How many distinct customers (an estimate once a sketch is involved).
    pub fn count(&self) -> u64 {
        let Some(sketch) = &self.sketch else {
            return self.exact.len() as u64;
        };
        let mut all = Sketch::new();
        all.merge(sketch);
        for hash in &self.exact {
            all.insert_hash(*hash);
        }
        all.estimate() as u64
    }
}

/// The stable 64-bit hash a customer is counted by.
pub fn customer_hash(user_id: &str) -> u64 {
    let digest = Sha256::digest(user_id.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first)
}

/// Hours since the epoch of the hour holding `at`.
pub fn hour_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(HOUR_SECS)
}

/// The start of an hour bucket.
pub fn hour_start(hour: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(hour.saturating_mul(HOUR_SECS), 0).unwrap_or_default()
}

/// The label of the time bucket an hour falls in: RFC 3339 for an hour, the
/// local date for a day, the local date of the week's Monday for a week.
pub fn bucket_label(dim: Dimension, hour: i64, zone: Tz) -> String {
    let local = hour_start(hour).with_timezone(&zone);
    match dim {
        Dimension::Week => {
            let back = i64::from(local.weekday().num_days_from_monday());
            (local.date_naive() - TimeDelta::days(back)).to_string()
        }
        Dimension::Day => local.date_naive().to_string(),
        _ => hour_start(hour).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

/// The start (UTC) of the bucket labelled `label`; for filling empty buckets.
pub fn bucket_start(dim: Dimension, label: &str, zone: Tz) -> Option<DateTime<Utc>> {
    if dim == Dimension::Hour {
        return DateTime::parse_from_rfc3339(label).ok().map(|t| t.to_utc());
    }
    let date = chrono::NaiveDate::parse_from_str(label, "%Y-%m-%d").ok()?;
    let midnight = date.and_hms_opt(0, 0, 0)?;
    zone.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.to_utc())
}

/// What one query reads: hours `from..to`, its filters, its grouping.
#[derive(Debug, Clone)]
pub struct Scan {
    pub from_hour: i64,
    pub to_hour: i64,
    pub zone: Tz,
    pub filters: Filters,
    pub group_by: Vec<Dimension>,
    /// Whether to read customer rows (only when `unique_customers` is asked).
    pub customers: bool,
}

/// The sums of one group. Money is in minor units per currency.
#[derive(Debug, Default)]
pub struct Sums {
    pub redemptions: i64,
    pub voids: i64,
    pub validations: i64,
    pub valid_validations: i64,
    pub refusals: i64,
    pub refusals_by_reason: BTreeMap<String, i64>,
    pub discount: BTreeMap<String, i64>,
    pub revenue: BTreeMap<String, i64>,
    pub customers: CustomerUnion,
}

impl Sums {
    fn add(&mut self, metric: &str, currency: &str, value: i64) {
        match metric {
            "redemptions" => self.redemptions += value,
            "voids" => self.voids += value,
            "validations" => self.validations += value,
            "valid" => self.valid_validations += value,
            "discount" => *self.discount.entry(currency.to_owned()).or_insert(0) += value,
            "revenue" => *self.revenue.entry(currency.to_owned()).or_insert(0) += value,
            other => {
                if let Some(reason) = other.strip_prefix(REFUSED_PREFIX) {
                    self.refusals += value;
                    *self
                        .refusals_by_reason
                        .entry(reason.to_owned())
                        .or_insert(0) += value;
                }
            }
        }
    }

    /// An amount in major units, per currency (zero amounts left out).
    pub fn money(amounts: &BTreeMap<String, i64>) -> BTreeMap<String, Decimal> {
        amounts
            .iter()
            .filter(|(_, units)| **units != 0)
            .map(|(currency, units)| {
                let major = to_decimal(i128::from(*units), exponent(currency));
                (currency.clone(), major)
            })
            .collect()
    }

    /// `redemptions ÷ (redemptions + refusals)`, `None` without attempts.
    pub fn redeem_rate(&self) -> Option<f64> {
        let attempts = self.redemptions + self.refusals;
        (attempts > 0).then(|| self.redemptions as f64 / attempts as f64)
    }
}

/// Counter names as stored (a refusal is `refused:{reason}`).
pub const REFUSED_PREFIX: &str = "refused:";

/// A group's key: one value per `group_by` dimension, `None` where a row has
/// none (no reason for a redemption).
pub type GroupKey = Vec<Option<String>>;

/// Sums every matching row of the scan's range, grouped.
pub async fn scan(
    records: &Records,
    tenant: &str,
    scan: &Scan,
) -> Result<BTreeMap<GroupKey, Sums>, RecordError> {
    let mut groups: BTreeMap<GroupKey, Sums> = BTreeMap::new();
    let mut budget = MAX_ROLLUP_KEYS_SCANNED;
    for scope in scopes(&scan.filters) {
        let (begin, end) = keys::rollup_hours(tenant, "roll", &scope, scan.from_hour, scan.to_hour);
        for kv in read_range(records, begin, end, &mut budget).await? {
            let Some((row, metric)) = keys::rollup_of_key(&kv.key) else {
                continue;
            };
            if !matches(&scan.filters, &row) {
                continue;
            }
            if metric.starts_with(keys::ROLLUP_CUSTOMERS_PREFIX) {
                if scan.customers {
                    add_customers(scan, &row, &kv.value, &mut groups);
                }
                continue;
            }
            let Some(value) = keys::decode_counter(&kv.value) else {
                continue;
            };
            if value == 0 {
                continue;
            }
            let reason = metric.strip_prefix(REFUSED_PREFIX);
            let key = group_key(scan, &row, reason);
            groups
                .entry(key)
                .or_default()
                .add(&metric, &row.currency, value);
        }
    }
    Ok(groups)
}

/// Merges one customer row into its group.
fn add_customers(
    scan: &Scan,
    row: &keys::RollupKey,
    value: &[u8],
    groups: &mut BTreeMap<GroupKey, Sums>,
) {
    if let Ok(customers) = serde_json::from_slice::<Customers>(value) {
        let key = group_key(scan, row, None);
        groups.entry(key).or_default().customers.add(&customers);
    }
}

/// The scopes a query reads: its coupons', else its campaigns', else the tenant's.
fn scopes(filters: &Filters) -> Vec<String> {
    if !filters.coupon_ids.is_empty() {
        return filters
            .coupon_ids
            .iter()
            .map(|c| format!("c:{c}"))
            .collect();
    }
    if !filters.campaign_ids.is_empty() {
        return filters
            .campaign_ids
            .iter()
            .map(|k| format!("k:{k}"))
            .collect();
    }
    vec![String::from("t")]
}

fn matches(filters: &Filters, row: &keys::RollupKey) -> bool {
    let within = |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
    within(&filters.coupon_ids, &row.coupon)
        && within(&filters.campaign_ids, &row.campaign)
        && within(&filters.channels, &row.channel)
        && within(&filters.currencies, &row.currency)
}

fn group_key(scan: &Scan, row: &keys::RollupKey, reason: Option<&str>) -> GroupKey {
    let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    scan.group_by
        .iter()
        .map(|dim| match dim {
            Dimension::Hour | Dimension::Day | Dimension::Week => {
                Some(bucket_label(*dim, row.hour, scan.zone))
            }
            Dimension::Coupon => text(&row.coupon),
            Dimension::Campaign => text(&row.campaign),
            Dimension::Channel => text(&row.channel),
            Dimension::Currency => text(&row.currency),
            Dimension::Reason => reason.map(str::to_owned),
        })
        .collect()
}

/// Reads `[begin, end)` in chunks of [`SCAN_CHUNK_KEYS`], each chunk its own
/// read-only transaction; refused past the query's key budget.
async fn read_range(
    records: &Records,
    mut begin: Vec<u8>,
    end: Vec<u8>,
    budget: &mut usize,
) -> Result<Vec<KeyValue>, RecordError> {
    let mut out = Vec::new();
    loop {
        let options = RangeOptions {
            begin: begin.clone(),
            end: end.clone(),
            limit: SCAN_CHUNK_KEYS,
            reverse: false,
        };
        let chunk = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
            let options = options.clone();
            Box::pin(async move { tx.get_range(&options).await })
        })
        .await?;
        let full = chunk.len() == SCAN_CHUNK_KEYS;
        if chunk.len() > *budget {
            return Err(RecordError::refused(
                ErrorCode::InvalidRequest,
                format!(
                    "the query reads more than {MAX_ROLLUP_KEYS_SCANNED} rollup keys: \
                     narrow its range or filter by coupon or campaign"
                ),
            ));
        }
        *budget -= chunk.len();
        if let Some(last) = chunk.last() {
            begin = last.key.clone();
            begin.push(0x00);
        }
        out.extend(chunk);
        if !full {
            return Ok(out);
        }
    }
}

/// The tenant's analytics settings, if it set any.
pub async fn settings(
    records: &Records,
    tenant: &str,
) -> Result<Option<AnalyticsSettings>, RecordError> {
    let mut tx = records.store().begin().await?;
    let key = keys::analytics_settings(tenant);
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}

/// Stores the tenant's analytics settings, with their event.
pub async fn set_settings(
    records: &Records,
    tenant: &str,
    settings: &AnalyticsSettings,
) -> Result<(), RecordError> {
    let stored = encode(settings)?;
    let key = keys::analytics_settings(tenant);
    let by = records.provenance();
    let after = serde_json::to_value(settings).unwrap_or_default();
    let at = settings.updated_at.unwrap_or_default();
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (key, stored, by, after) = (key.clone(), stored.clone(), by.clone(), after.clone());
        let tenant = tenant.to_owned();
        Box::pin(async move {
            let before = match tx.get(&key).await? {
                Some(bytes) => decode::<serde_json::Value>(&key, &bytes)?,
                None => serde_json::Value::Null,
            };
            tx.set(&key, &stored)?;
            let event = Event::new(
                "analytics.settings_updated",
                "analytics_settings",
                &tenant,
                at,
            )
            .before(before)
            .after(after);
            events::record(tx, &tenant, event, &by)?;
            Ok::<(), StorageError>(())
        })
    })
    .await?;
    Ok(())
}

/// What a coupon (or a promotion) sold over a window: for experiments.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CouponTotals {
    pub redemptions: u64,
    pub unique_customers: u64,
    /// Order value per currency, in major units.
    pub revenue: BTreeMap<String, Decimal>,
    pub discount: BTreeMap<String, Decimal>,
}

/// Totals of a coupon's redemptions made in `[from, to)` (whole hours: `from`
/// rounded down, `to` up), voids taken out.
pub async fn coupon_totals(
    records: &Records,
    tenant: &str,
    coupon_id: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<CouponTotals, RecordError> {
    let scan = Scan {
        from_hour: hour_of(from),
        to_hour: hour_of(to - TimeDelta::nanoseconds(1)) + 1,
        zone: Tz::UTC,
        filters: Filters {
            coupon_ids: vec![coupon_id.to_owned()],
            ..Filters::default()
        },
        group_by: Vec::new(),
        customers: true,
    };
    let groups = self::scan(records, tenant, &scan).await?;
    let Some(sums) = groups.get(&Vec::new()) else {
        return Ok(CouponTotals::default());
    };
    Ok(CouponTotals {
        redemptions: u64::try_from(sums.redemptions).unwrap_or(0),
        unique_customers: sums.customers.count(),
        revenue: Sums::money(&sums.revenue),
        discount: Sums::money(&sums.discount),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_stay_exact_with_voids_until_the_bound() {
        let mut row = Customers::default();
        assert!(row.count(customer_hash("a"), 1));
        assert!(row.count(customer_hash("a"), 1));
        assert!(row.count(customer_hash("b"), 1));
        assert!(row.count(customer_hash("a"), -1));
        let mut union = CustomerUnion::default();
        union.add(&row);
        assert_eq!(union.count(), 2);
        assert!(row.count(customer_hash("a"), -1));
        assert!(!row.count(customer_hash("zz"), -1), "never counted");
        let mut union = CustomerUnion::default();
        union.add(&row);
        assert_eq!(union.count(), 1);
    }

    #[test]
    fn a_large_row_becomes_a_sketch_that_estimates_closely() {
        let mut row = Customers::default();
        for i in 0..20_000 {
            row.count(customer_hash(&format!("user-{i}")), 1);
        }
        assert!(row.sketch.is_some() && row.exact.is_empty());
        let bytes = serde_json::to_vec(&row).unwrap();
        let back: Customers = serde_json::from_slice(&bytes).unwrap();
        let mut union = CustomerUnion::default();
        union.add(&back);
        let mut small = Customers::default();
        small.count(customer_hash("user-1"), 1);
        small.count(customer_hash("someone-else"), 1);
        union.add(&small);
        let estimate = union.count() as f64;
        assert!((estimate - 20_001.0).abs() / 20_001.0 < 0.1, "{estimate}");
    }

    #[test]
    fn buckets_follow_the_time_zone() {
        let zone: Tz = "America/New_York".parse().unwrap();
        // 2026-12-01T03:00Z is still November 30th in New York.
        let hour = hour_of("2026-12-01T03:00:00Z".parse().unwrap());
        assert_eq!(bucket_label(Dimension::Day, hour, zone), "2026-11-30");
        assert_eq!(bucket_label(Dimension::Day, hour, Tz::UTC), "2026-12-01");
        assert_eq!(bucket_label(Dimension::Week, hour, Tz::UTC), "2026-11-30");
        let start = bucket_start(Dimension::Day, "2026-11-30", zone).unwrap();
        assert_eq!(start.to_rfc3339(), "2026-11-30T05:00:00+00:00");
    }
}
