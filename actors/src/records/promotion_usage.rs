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
    p.performance_metrics = metrics(&p, total_used, &stats);
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

/// The code's stats rows by name.
async fn stats(
    tx: &mut dyn Transaction,
    tenant: &str,
    promotion_id: &str,
) -> Result<BTreeMap<String, i64>, RecordError> {
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
    Ok(rows
        .iter()
        .filter_map(|row| {
            let name = keys::counter_of_key(&row.key)?;
            Some((name, keys::decode_counter(&row.value)?))
        })
        .collect())
}

/// Seed 001's figures. The discount is reported in the promotion's currency
/// (or the only one used); every currency is in `discount_by_currency`.
fn metrics(
    p: &CampaignPromotion,
    total_uses: u64,
    stats: &BTreeMap<String, i64>,
) -> PerformanceMetrics {
    let by_currency: BTreeMap<String, Decimal> = stats
        .iter()
        .filter_map(|(name, minor)| {
            let currency = name.strip_prefix("discount:")?;
            Some((
                currency.to_owned(),
                Decimal::new(*minor, exponent(currency)).normalize(),
            ))
        })
        .filter(|(_, amount)| !amount.is_zero())
        .collect();
    let total_discount_given = match (&p.discount_rules.currency, by_currency.len()) {
        (Some(own), _) => by_currency.get(own).copied().unwrap_or_default(),
        (None, 1) => by_currency.values().copied().sum(),
        (None, _) => Decimal::ZERO,
    };
    let validations = stats.get("validations").copied().unwrap_or(0).max(0) as u64;
    let checks = validations.max(total_uses);
    let conversion_rate = if checks == 0 {
        Decimal::ZERO
    } else {
        (Decimal::from(total_uses) / Decimal::from(checks)).round_dp(CONVERSION_RATE_DP)
    };
    PerformanceMetrics {
        total_uses,
        unique_customers: stats.get("customers").copied().unwrap_or(0).max(0) as u64,
        total_discount_given,
        conversion_rate,
        discount_by_currency: by_currency,
    }
}
