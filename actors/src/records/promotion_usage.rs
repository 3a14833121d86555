//! The redemption side of a campaign promotion (seed 001): the code record its
//! actor owns, and the `current_usage` and `performance_metrics` read back from
//! what that actor committed.
//!
//! A promotion's code is redeemed like any code (`POST /redemptions`,
//! `/validate`, checkout): the code's actor loads the promotion, computes the
//! discount with the promotion engine, and enforces `usage_limits` (total, per
//! customer, daily in the promotion's time zone) against its own counters, in
//! the same group commit and behind the same fence as coupons. The promotion
//! record stays the definition; the code record ([`CouponType::Promotion`])
//! holds the counters.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use stampede_protocol::promotion::{CampaignPromotion, CurrentUsage, PerformanceMetrics};
use stampede_protocol::{Applicability, Coupon, CouponStatus, CouponType};
use stampede_storage::{keys, RangeOptions, StorageError, Transaction};

use super::codec::{decode, encode};
use super::{RecordError, Records};
use crate::promo::units::exponent;

/// Stats rows of one code: `customers`, `validations` and one per currency.
const MAX_STAT_ROWS: usize = 64;
/// Places `conversion_rate` is rounded to.
const CONVERSION_RATE_DP: u32 = 4;

/// Whether `code` is free for a new promotion: no promotion and no coupon has it.
pub async fn code_taken(
    tx: &mut dyn Transaction,
    tenant: &str,
    code: &str,
) -> Result<bool, StorageError> {
    Ok(tx.get(&keys::promotion_code(tenant, code)).await?.is_some()
        || tx.get(&keys::code(tenant, code)).await?.is_some())
}

/// The code record a new promotion's actor will own.
fn code_record(p: &CampaignPromotion) -> Coupon {
    let mut coupon = Coupon {
        id: p.promotion_id.clone(),
        code: p.promotion_code.clone(),
        kind: CouponType::Promotion,
        value: Decimal::ZERO,
        // The promotion engine handles currencies, per cart.
        currency: None,
        campaign_id: Some(p.campaign_id.clone()),
        status: CouponStatus::Active,
        max_uses: None,
        uses_count: 0,
        per_customer_limit: None,
        valid_from: None,
        valid_until: None,
        applicability: Applicability::default(),
        min_cart_value: None,
        max_discount_amount: None,
        balance: None,
        metadata: BTreeMap::new(),
        rule_ids: Vec::new(),
        created_at: p.created_at,
        updated_at: p.created_at,
        version: 1,
        deleted_at: None,
        ..Default::default()
    };
    coupon.max_uses = p.usage_limits.total_usage_limit;
    coupon.per_customer_limit = p
        .usage_limits
        .per_customer_limit
        .map(|l| u32::try_from(l).unwrap_or(u32::MAX));
    coupon
}

/// Writes a new promotion's code record and code index (in the create
/// transaction, after [`code_taken`] said the code is free).
pub fn write_code(
    tx: &mut dyn Transaction,
    tenant: &str,
    p: &CampaignPromotion,
) -> Result<(), StorageError> {
    tx.set(
        &keys::coupon(tenant, &p.promotion_id),
        &encode(&code_record(p))?,
    )?;
    tx.set(
        &keys::code(tenant, &p.promotion_code),
        p.promotion_id.as_bytes(),
    )?;
    Ok(())
}

/// Removes a deleted promotion's code: a live actor finds the record gone at
/// its next commit and stops. Redemptions and counters stay, as history.
pub fn erase_code(
    tx: &mut dyn Transaction,
    tenant: &str,
    p: &CampaignPromotion,
) -> Result<(), StorageError> {
    tx.clear(&keys::coupon(tenant, &p.promotion_id))?;
    tx.clear(&keys::code(tenant, &p.promotion_code))?;
    Ok(())
}

/// `p` with `current_usage` and `performance_metrics` as committed at `now`.
pub async fn with_usage(
    records: &Records,
    tenant: &str,
    mut p: CampaignPromotion,
    now: DateTime<Utc>,
) -> Result<CampaignPromotion, RecordError> {
    let mut tx = records.store().begin().await?;
    let tx: &mut dyn Transaction = tx.as_mut();
    let total_used = uses(tx, tenant, &p.promotion_id).await?;
    let zone = zone(tx, tenant, &p).await?;
    let day = crate::limits::day_counter(now, zone);
    let today_used = counter(tx, &keys::limit_counter(tenant, &p.promotion_id, &day)).await?;
    let stats = stats(tx, tenant, &p.promotion_id).await?;
    p.usage_limits.current_usage = Some(CurrentUsage {
        total_used,
        today_used,
        remaining_uses: p
            .usage_limits
            .total_usage_limit
            .map(|t| t.saturating_sub(total_used)),
    });
    p.performance_metrics = metrics(&p, total_used, &stats)?;
    Ok(p)
}

/// Whether `p`'s usage limits are used up for `user` at `now`, as committed:
/// the preview then reports it `usage_limit_reached` instead of promising a
/// discount its code's actor would refuse.
pub async fn exhausted(
    tx: &mut dyn Transaction,
    tenant: &str,
    p: &CampaignPromotion,
    user: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, RecordError> {
    let limits = &p.usage_limits;
    if let Some(total) = limits.total_usage_limit {
        if uses(tx, tenant, &p.promotion_id).await? >= total {
            return Ok(true);
        }
    }
    if let Some(daily) = limits.daily_usage_limit {
        let day = crate::limits::day_counter(now, zone(tx, tenant, p).await?);
        if counter(tx, &keys::limit_counter(tenant, &p.promotion_id, &day)).await? >= daily {
            return Ok(true);
        }
    }
    if let (Some(per_customer), Some(user)) = (limits.per_customer_limit, user) {
        let key = keys::customer_uses(tenant, &p.promotion_id, user);
        if counter(tx, &key).await? >= per_customer {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Uses of the promotion's code as its actor committed them.
async fn uses(tx: &mut dyn Transaction, tenant: &str, id: &str) -> Result<u64, RecordError> {
    let key = keys::coupon(tenant, id);
    Ok(match tx.get_snapshot(&key).await? {
        Some(bytes) => decode::<Coupon>(&key, &bytes)?.uses_count,
        None => 0,
    })
}

/// The zone days are counted in: the promotion's, else its campaign's, else UTC
/// (as the code's actor reads it).
async fn zone(
    tx: &mut dyn Transaction,
    tenant: &str,
    p: &CampaignPromotion,
) -> Result<Tz, RecordError> {
    let own = p
        .schedule
        .time_restrictions
        .as_ref()
        .and_then(|t| t.time_zone.clone());
    let name = match own {
        Some(name) => Some(name),
        None => {
            let key = keys::campaign(tenant, &p.campaign_id);
            match tx.get_snapshot(&key).await? {
                Some(bytes) => decode::<CampaignZone>(&key, &bytes)?.time_zone,
                None => None,
            }
        }
    };
    Ok(name.and_then(|n| n.parse::<Tz>().ok()).unwrap_or(Tz::UTC))
}

/// The one field of a campaign record the usage view reads.
#[derive(serde::Deserialize)]
struct CampaignZone {
    #[serde(default)]
    time_zone: Option<String>,
}

async fn counter(tx: &mut dyn Transaction, key: &[u8]) -> Result<u64, RecordError> {
    Ok(match tx.get_snapshot(key).await? {
        Some(bytes) => keys::decode_counter(&bytes)
            .and_then(|v| u64::try_from(v).ok())
            .unwrap_or(0),
        None => 0,
    })
}

/// The discount given in `currency` as earlier versions kept it: an i64 of
/// minor units moved by atomic adds, which wrap. Still read, and folded into
/// the exact total ([`discount_stat`]) by the next commit that moves it.
fn legacy_discount_stat(currency: &str) -> String {
    format!("discount:{currency}")
}

/// The discount given in `currency`: an exact i128 of minor units
/// ([`keys::encode_total`]).
fn discount_stat(currency: &str) -> String {
    format!("discount_total:{currency}")
}

/// Moves the discount given in `currency` by `minor` units times `sign` (a
/// redemption adds, a void takes back), in the code's commit. The exact total
/// and any total an earlier version left are read, summed with checked
/// arithmetic and written back as one exact total, so no sum wraps, is
/// clamped, or is lost to an earlier version's row. A total past what a figure
/// can report (a `Decimal` in the currency's minor units) is refused, failing
/// the commit: with every cart bounded at the edge, only a damaged row gets
/// there.
pub(crate) async fn add_discount(
    tx: &mut dyn Transaction,
    tenant: &str,
    coupon_id: &str,
    currency: &str,
    minor: i128,
    sign: i64,
) -> Result<(), StorageError> {
    let key = keys::coupon_stat(tenant, coupon_id, &discount_stat(currency));
    let legacy_key = keys::coupon_stat(tenant, coupon_id, &legacy_discount_stat(currency));
    let exact = match tx.get(&key).await? {
        Some(bytes) => decode_exact(&key, &bytes)?,
        None => 0,
    };
    let legacy = match tx.get(&legacy_key).await? {
        Some(bytes) => Some(decode_legacy(&legacy_key, &bytes)?),
        None => None,
    };
    let total = minor
        .checked_mul(i128::from(sign))
        .and_then(|delta| exact.checked_add(delta))
        .and_then(|sum| sum.checked_add(legacy.unwrap_or(0)))
        .filter(|total| reportable(*total, currency))
        .ok_or_else(|| StorageError::Corrupt {
            key: String::from_utf8_lossy(&key).into_owned(),
            detail: format!(
                "the discount total ({exact} + {} minor units) cannot move by {sign} × {minor}",
                legacy.unwrap_or(0)
            ),
        })?;
    tx.set(&key, &keys::encode_total(total))?;
    if legacy.is_some() {
        tx.clear(&legacy_key)?;
    }
    Ok(())
}

/// Whether `minor` units of `currency` make a `Decimal` a figure can carry.
fn reportable(minor: i128, currency: &str) -> bool {
    Decimal::try_from_i128_with_scale(minor, exponent(currency)).is_ok()
}

fn decode_exact(key: &[u8], bytes: &[u8]) -> Result<i128, StorageError> {
    keys::decode_total(bytes).ok_or_else(|| StorageError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        detail: String::from("a discount total is not 16 bytes"),
    })
}

fn decode_legacy(key: &[u8], bytes: &[u8]) -> Result<i128, StorageError> {
    keys::decode_counter(bytes)
        .map(i128::from)
        .ok_or_else(|| StorageError::Corrupt {
            key: String::from_utf8_lossy(key).into_owned(),
            detail: String::from("a counter is not 8 bytes"),
        })
}

/// What a code's stats rows hold.
#[derive(Debug, Default)]
struct Stats {
    customers: i64,
    validations: i64,
    /// Discount given per currency, in minor units (exact and earlier rows summed).
    discount: BTreeMap<String, i128>,
}

/// The code's stats rows, read as committed.
async fn stats(
    tx: &mut dyn Transaction,
    tenant: &str,
    promotion_id: &str,
) -> Result<Stats, RecordError> {
    let prefix = keys::coupon_stats_prefix(tenant, promotion_id);
    let (begin, end) = keys::prefix_range(&prefix);
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_STAT_ROWS,
            reverse: false,
        })
        .await?;
    let mut stats = Stats::default();
    for row in &rows {
        let Some(name) = keys::counter_of_key(&row.key) else {
            continue;
        };
        let (currency, minor) = if let Some(currency) = name.strip_prefix("discount_total:") {
            (currency, decode_exact(&row.key, &row.value)?)
        } else if let Some(currency) = name.strip_prefix("discount:") {
            (currency, decode_legacy(&row.key, &row.value)?)
        } else {
            let count = keys::decode_counter(&row.value).unwrap_or(0);
            match name.as_str() {
                "customers" => stats.customers = count,
                "validations" => stats.validations = count,
                _ => {}
            }
            continue;
        };
        let total = stats.discount.entry(currency.to_owned()).or_insert(0);
        *total = total
            .checked_add(minor)
            .ok_or_else(|| StorageError::Corrupt {
                key: String::from_utf8_lossy(&row.key).into_owned(),
                detail: String::from("the discount rows of one currency overflow"),
            })?;
    }
    Ok(stats)
}

/// Seed 001's figures. The discount is reported in the promotion's currency
/// (or the only one used); every currency is in `discount_by_currency`.
fn metrics(
    p: &CampaignPromotion,
    total_uses: u64,
    stats: &Stats,
) -> Result<PerformanceMetrics, StorageError> {
    let mut by_currency = BTreeMap::new();
    for (currency, minor) in &stats.discount {
        let amount = Decimal::try_from_i128_with_scale(*minor, exponent(currency))
            .map_err(|err| StorageError::Corrupt {
                key: format!("discount_total:{currency}"),
                detail: err.to_string(),
            })?
            .normalize();
        if !amount.is_zero() {
            by_currency.insert(currency.clone(), amount);
        }
    }
    let total_discount_given = match (&p.discount_rules.currency, by_currency.len()) {
        (Some(own), _) => by_currency.get(own).copied().unwrap_or_default(),
        (None, 1) => by_currency.values().copied().sum(),
        (None, _) => Decimal::ZERO,
    };
    let validations = u64::try_from(stats.validations).unwrap_or(0);
    let checks = validations.max(total_uses);
    let conversion_rate = if checks == 0 {
        Decimal::ZERO
    } else {
        (Decimal::from(total_uses) / Decimal::from(checks)).round_dp(CONVERSION_RATE_DP)
    };
    Ok(PerformanceMetrics {
        total_uses,
        unique_customers: u64::try_from(stats.customers).unwrap_or(0),
        total_discount_given,
        conversion_rate,
        discount_by_currency: by_currency,
    })
}

#[cfg(test)]
mod tests {
    use stampede_storage::{MemStore, Store};

    use super::*;

    async fn row(store: &MemStore, stat: &str) -> Option<Vec<u8>> {
        let mut tx = store.begin().await.unwrap();
        tx.get(&keys::coupon_stat("t", "p", stat)).await.unwrap()
    }

    #[tokio::test]
    async fn a_total_past_an_i64_stays_exact_and_folds_the_earlier_row() {
        let store = MemStore::new();
        let mut tx = store.begin().await.unwrap();
        let legacy = keys::coupon_stat("t", "p", "discount:GBP");
        tx.set(&legacy, &keys::encode_counter(i64::MAX - 100))
            .unwrap();
        add_discount(tx.as_mut(), "t", "p", "GBP", 800, 1)
            .await
            .unwrap();
        add_discount(tx.as_mut(), "t", "p", "GBP", 300, -1)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let exact = row(&store, "discount_total:GBP").await.unwrap();
        assert_eq!(keys::decode_total(&exact), Some(i128::from(i64::MAX) + 400));
        assert_eq!(row(&store, "discount:GBP").await, None);
    }

    #[tokio::test]
    async fn a_total_past_what_a_figure_carries_is_refused_not_wrapped() {
        let store = MemStore::new();
        let mut tx = store.begin().await.unwrap();
        // The largest Decimal mantissa: 2^96 - 1.
        let top = (1i128 << 96) - 1;
        let key = keys::coupon_stat("t", "p", "discount_total:GBP");
        tx.set(&key, &keys::encode_total(top - 5)).unwrap();
        add_discount(tx.as_mut(), "t", "p", "GBP", 5, 1)
            .await
            .unwrap();
        let refused = add_discount(tx.as_mut(), "t", "p", "GBP", 1, 1).await;
        assert!(matches!(refused, Err(StorageError::Corrupt { .. })));
        let stored = tx.get(&key).await.unwrap().unwrap();
        assert_eq!(keys::decode_total(&stored), Some(top));
    }
}
