//! TEMPORARY STAND-IN for the analytics rollups (coupon totals over a time
//! window), which land separately: this file only fixes the signature the
//! experiments' results read, and answers zeros. Replace it with the real
//! module when it is merged.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::{RecordError, Records};

/// What one coupon's (or promotion's) successful redemptions add up to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CouponTotals {
    pub redemptions: u64,
    pub unique_customers: u64,
    pub revenue: BTreeMap<String, Decimal>,
    pub discount: BTreeMap<String, Decimal>,
}

/// The coupon's totals over `[from, to)`. Stand-in: always zeros.
pub async fn coupon_totals(
    _records: &Records,
    _tenant: &str,
    _coupon_id: &str,
    _from: DateTime<Utc>,
    _to: DateTime<Utc>,
) -> Result<CouponTotals, RecordError> {
    Ok(CouponTotals::default())
}
