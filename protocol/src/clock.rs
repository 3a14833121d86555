//! Wall-clock time behind a trait.
//!
//! Validity windows, expiry and `created_at` all read the clock through [`Clock`],
//! so a simulation or a test can move time instead of sleeping. Nothing in Stampede
//! calls `SystemTime::now()` or `Utc::now()` outside [`SystemClock`].

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

/// A source of wall-clock time.
pub trait Clock: Send + Sync + std::fmt::Debug + 'static {
    /// Current time, in UTC.
    fn now(&self) -> DateTime<Utc>;
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
}

/// A clock that only moves when told to; for tests.
#[derive(Debug)]
pub struct ManualClock {
    now_ms: AtomicI64,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now_ms: AtomicI64::new(start.timestamp_millis()),
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
}
