//! Failed authentications per source: a peer that keeps presenting bad keys
//! or tokens is answered 429 before its key is even looked at, so guessing
//! keys costs a window per few attempts and no store reads.
//!
//! Counted per peer IP address in fixed windows; the table is bounded
//! ([`MAX_TRACKED_SOURCES`]): when full, expired windows are dropped, then
//! the whole table if that is not enough.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed authentications a source may make in one window.
pub const DEFAULT_MAX_AUTH_FAILURES: u32 = 20;
/// The window failed authentications are counted in, in seconds.
pub const DEFAULT_AUTH_FAILURE_WINDOW_SECS: u64 = 60;
/// Sources tracked at most.
pub const MAX_TRACKED_SOURCES: usize = 50_000;

/// Per-source failure counts.
pub struct AuthFailures {
    max_failures: u32,
    window: Duration,
    sources: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl Default for AuthFailures {
    fn default() -> Self {
        Self::new(
            DEFAULT_MAX_AUTH_FAILURES,
            Duration::from_secs(DEFAULT_AUTH_FAILURE_WINDOW_SECS),
        )
    }
}

impl AuthFailures {
    /// At most `max_failures` per `window` (`0` disables the check).
    pub fn new(max_failures: u32, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            sources: Mutex::new(HashMap::new()),
        }
    }

    /// Seconds until `source` may try again, if it spent its failures.
    pub fn blocked_for(&self, source: IpAddr) -> Option<u64> {
        if self.max_failures == 0 {
            return None;
        }
        let sources = self.sources.lock().unwrap_or_else(|p| p.into_inner());
        let (start, count) = sources.get(&source)?;
        let elapsed = start.elapsed();
        if elapsed >= self.window || *count < self.max_failures {
            return None;
        }
        Some((self.window - elapsed).as_secs().max(1))
    }

    /// Counts one failed authentication of `source`.
    pub fn record(&self, source: IpAddr) {
        if self.max_failures == 0 {
            return;
        }
        let mut sources = self.sources.lock().unwrap_or_else(|p| p.into_inner());
        if sources.len() >= MAX_TRACKED_SOURCES && !sources.contains_key(&source) {
            let window = self.window;
            sources.retain(|_, (start, _)| start.elapsed() < window);
            if sources.len() >= MAX_TRACKED_SOURCES {
                sources.clear();
            }
        }
        let entry = sources.entry(source).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= self.window {
            *entry = (Instant::now(), 0);
        }
        entry.1 = entry.1.saturating_add(1);
    }
}
