//! Wall-clock time and fresh ids behind a trait.
//!
//! Validity windows, expiry and `created_at` all read the clock through [`Clock`],
//! so a simulation or a test can move time instead of sleeping. Nothing in Stampede
//! calls `SystemTime::now()` or `Utc::now()` outside [`SystemClock`].
//!
//! Fresh ids come from the clock too ([`Clock::new_id`]): an id is a UUIDv7, made
//! of the time and of random bits, the two inputs a simulation must control for a
//! seed to replay. [`SystemClock`] uses the OS clock and randomness;
//! [`ManualClock`] its own time and a counter, so the same run mints the same ids.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

/// A source of wall-clock time.
pub trait Clock: Send + Sync + std::fmt::Debug + 'static {
    /// Current time, in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// A fresh id such as `cpn_0190f3c2…`: `prefix`, `_`, and a UUIDv7 (so ids
    /// sort by creation time and range scans list resources oldest first),
    /// unique among every id this clock mints.
    fn new_id(&self, prefix: &str) -> String;
}

/// Shared clock handle.
pub type SharedClock = Arc<dyn Clock>;

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn new_id(&self, prefix: &str) -> String {
        format!("{prefix}_{}", Uuid::now_v7().simple())
    }
}

/// A clock that only moves when told to; for tests.
#[derive(Debug)]
pub struct ManualClock {
    now_ms: AtomicI64,
    /// Ids minted so far: the UUIDv7's counter bits (RFC 9562 §6.2, method 1),
    /// which keep ids unique and ordered within one millisecond.
    minted: AtomicU64,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now_ms: AtomicI64::new(start.timestamp_millis()),
            minted: AtomicU64::new(0),
        }
    }

    /// Moves the clock forward (or backward, for a negative step).
    pub fn advance_ms(&self, step_ms: i64) {
        self.now_ms.fetch_add(step_ms, Ordering::SeqCst);
    }

    pub fn set(&self, to: DateTime<Utc>) {
        self.now_ms.store(to.timestamp_millis(), Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        let ms = self.now_ms.load(Ordering::SeqCst);
        Utc.timestamp_millis_opt(ms)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    fn new_id(&self, prefix: &str) -> String {
        let minted = self.minted.fetch_add(1, Ordering::SeqCst);
        // A clock set before 1970 has no UUIDv7 timestamp: it mints at the epoch.
        let ms = u64::try_from(self.now_ms.load(Ordering::SeqCst)).unwrap_or(0);
        let mut counter = [0u8; 10];
        counter[2..].copy_from_slice(&minted.to_be_bytes());
        let uuid = uuid::Builder::from_unix_timestamp_millis(ms, &counter).into_uuid();
        format!("{prefix}_{}", uuid.simple())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_manual_clock_mints_the_same_ids_every_run() {
        let mint = || {
            let clock = ManualClock::new(start());
            let mut ids = vec![clock.new_id("red"), clock.new_id("red")];
            clock.advance_ms(5);
            ids.push(clock.new_id("cpn"));
            ids
        };
        let first = mint();
        assert_eq!(first, mint());
        assert!(
            first[0] < first[1],
            "ids in one millisecond sort by mint order"
        );
        assert!(first[1][4..] < first[2][4..], "later ids sort later");
        let parsed = Uuid::parse_str(&first[2][4..]).unwrap();
        assert_eq!(parsed.get_version_num(), 7);
    }

    #[test]
    fn the_system_clock_mints_distinct_ids() {
        let clock = SystemClock;
        assert_ne!(clock.new_id("red"), clock.new_id("red"));
    }
}
