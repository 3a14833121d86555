//! Identifiers: a short type prefix and a UUIDv7, so ids sort by creation time and
//! range scans over them list resources oldest first. Fresh ones are minted by
//! the injected clock ([`Clock::new_id`](crate::clock::Clock::new_id)), so a
//! simulated run mints the same ids every time.

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
pub const REQUEST_PREFIX: &str = "req";
pub const WEBHOOK_PREFIX: &str = "whk";

/// Why a string cannot be an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("must be 1–{} bytes", crate::limits::MAX_ID_LEN_BYTES)]
    Length,
    #[error("must not contain control characters")]
    Control,
}

/// Checks a client-supplied id (a path segment, a cursor, a field): 1 to
/// [`MAX_ID_LEN_BYTES`](crate::limits::MAX_ID_LEN_BYTES) bytes, no control
/// characters. The one length limit of every id.
pub fn check_id(value: &str) -> Result<(), IdError> {
    if value.is_empty() || value.len() > crate::limits::MAX_ID_LEN_BYTES {
        return Err(IdError::Length);
    }
    if value.chars().any(char::is_control) {
        return Err(IdError::Control);
    }
    Ok(())
}
