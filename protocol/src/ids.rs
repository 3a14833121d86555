//! Identifiers: a short type prefix and a UUIDv7, so ids sort by creation time and
//! range scans over them list resources oldest first.

use uuid::Uuid;

/// A fresh id such as `cpn_0190f3c2…`.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", Uuid::now_v7().simple())
}

pub const COUPON_PREFIX: &str = "cpn";
pub const REDEMPTION_PREFIX: &str = "red";
pub const API_KEY_PREFIX: &str = "key";
pub const CAMPAIGN_PREFIX: &str = "cmp";
pub const SCHEDULE_PREFIX: &str = "sch";
pub const JOB_PREFIX: &str = "job";
pub const RULE_PREFIX: &str = "rul";
pub const SEGMENT_PREFIX: &str = "seg";
pub const PROMOTION_PREFIX: &str = "prm";
pub const CHECKOUT_PREFIX: &str = "chk";
