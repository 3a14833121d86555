//! Latency and outcome accounting.
//!
//! Workers record into a few mutex-guarded shards rather than one histogram each:
//! a 3-significant-figure histogram is ~170 KiB, which times 10 000 workers would be
//! more memory than the server under test. With a shard per few workers the locks
//! are uncontended on a small machine and the memory stays bounded.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use hdrhistogram::Histogram;

use crate::serve::BoxError;

/// Most shards; beyond a handful per core more only costs memory.
pub const MAX_SHARDS: usize = 32;
/// Highest latency the histogram resolves, in microseconds (longer ones are
/// clamped): well beyond the longest request timeout.
const MAX_LATENCY_MICROS: u64 = 600_000_000;
/// Most distinct outcome labels kept; the rest are counted under one label, so a
/// misbehaving server cannot grow the map without bound.
const MAX_LABELS: usize = 256;
const OTHER_LABEL: &str = "other (too many distinct outcomes)";

/// What a response means for the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The operation took effect (a 201 redemption, a 200 validation).
    Success,
    /// Known not to have taken effect: a 4xx, or a connection never made.
    Refused,
    /// Might or might not have taken effect: a timeout, a lost connection, a 5xx.
    Unknown,
}

impl Verdict {
    fn name(self) -> &'static str {
        match self {
            Verdict::Success => "success",
            Verdict::Refused => "refused",
            Verdict::Unknown => "unknown",
        }
    }
}

/// One classified response.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub verdict: Verdict,
    /// Status and problem code (`409 limit_reached`) or transport error kind.
    pub label: Cow<'static, str>,
}

/// Counts and latencies of part of a run.
#[derive(Debug, Clone)]
pub struct Tally {
    /// Every request of the run, warm-up included (the check needs them all).
    outcomes: BTreeMap<Cow<'static, str>, (Verdict, u64)>,
    /// Requests sent after warm-up.
    measured: u64,
    /// Successes among them.
    measured_successes: u64,
    /// Latency of each measured request, in microseconds.
    latency: Histogram<u64>,
}

impl Tally {
    fn new() -> Result<Self, BoxError> {
        Ok(Self {
            outcomes: BTreeMap::new(),
            measured: 0,
            measured_successes: 0,
            latency: Histogram::new_with_bounds(1, MAX_LATENCY_MICROS, 3)
                .map_err(|e| format!("cannot allocate a latency histogram: {e}"))?,
        })
    }

    fn record(&mut self, outcome: Outcome, latency: Duration, measured: bool) {
        let key =
            if self.outcomes.len() >= MAX_LABELS && !self.outcomes.contains_key(&outcome.label) {
                Cow::Borrowed(OTHER_LABEL)
            } else {
                outcome.label
            };
        self.outcomes.entry(key).or_insert((outcome.verdict, 0)).1 += 1;
        if measured {
            self.measured += 1;
            if outcome.verdict == Verdict::Success {
                self.measured_successes += 1;
            }
            let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
            self.latency.saturating_record(micros.max(1));
        }
    }

    fn merge(&mut self, other: &Tally) -> Result<(), BoxError> {
        for (label, (verdict, count)) in &other.outcomes {
            self.outcomes
                .entry(label.clone())
                .or_insert((*verdict, 0))
                .1 += count;
        }
        self.measured += other.measured;
        self.measured_successes += other.measured_successes;
        self.latency
            .add(&other.latency)
            .map_err(|e| format!("cannot merge latency histograms: {e}"))?;
        Ok(())
    }

    fn count(&self, verdict: Verdict) -> u64 {
        self.outcomes
            .values()
            .filter(|(v, _)| *v == verdict)
            .map(|(_, n)| n)
            .sum()
    }

    fn total(&self) -> u64 {
        self.outcomes.values().map(|(_, n)| n).sum()
    }
}

/// The shards workers record into.
pub struct Shards {
    shards: Vec<Mutex<Tally>>,
}

impl Shards {
    pub fn new(workers: usize) -> Result<Self, BoxError> {
        let count = workers.clamp(1, MAX_SHARDS);
        let shards = (0..count)
            .map(|_| Tally::new().map(Mutex::new))
            .collect::<Result<_, _>>()?;
        Ok(Self { shards })
    }

    /// Records one request of worker `worker`.
    pub fn record(&self, worker: usize, outcome: Outcome, latency: Duration, measured: bool) {
        let shard = &self.shards[worker % self.shards.len()];
        // A poisoned shard only means another worker panicked mid-record; the
        // counts are still usable.
        shard
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .record(outcome, latency, measured);
    }

    /// All shards added up.
    pub fn merge(self) -> Result<Tally, BoxError> {
        let mut total = Tally::new()?;
        for shard in self.shards {
            total.merge(&shard.into_inner().unwrap_or_else(PoisonError::into_inner))?;
        }
        Ok(total)
    }
}

/// The result of a rush.
pub struct Report {
    pub tally: Tally,
    /// From the end of warm-up until the last worker finished.
    pub measured_for: Duration,
    pub warmup: Duration,
    /// The generator's own CPU time over the rush (user + system), where
    /// the platform tells it.
    pub cpu: Option<Duration>,
}

impl Report {
    /// Successes over the whole run, warm-up included.
    pub fn successes(&self) -> u64 {
        self.tally.count(Verdict::Success)
    }

    /// Requests whose effect is unknown, over the whole run.
    pub fn unknown(&self) -> u64 {
        self.tally.count(Verdict::Unknown)
    }

    /// Measured requests per second (after the warm-up).
    pub fn rate(&self) -> f64 {
        let secs = self.measured_for.as_secs_f64();
        if secs > 0.0 {
            self.tally.measured as f64 / secs
        } else {
            0.0
        }
    }

    /// Prints what the generator itself cost: with the node on the same
    /// cores, every figure is shared with it.
    pub fn print_cost(&self) {
        let total: u64 = self.tally.outcomes.values().map(|(_, n)| n).sum();
        match self.cpu {
            Some(cpu) if total > 0 => println!(
                "generator CPU:      {:.2} s for {total} requests ({:.1} µs each)",
                cpu.as_secs_f64(),
                cpu.as_secs_f64() * 1e6 / total as f64
            ),
            _ => println!("generator CPU:      not measured on this platform"),
        }
    }

    /// Prints the figures; `noun` names a success (`redemptions`).
    pub fn print(&self, noun: &str) {
        let tally = &self.tally;
        let secs = self.measured_for.as_secs_f64();
        let rate = |n: u64| if secs > 0.0 { n as f64 / secs } else { 0.0 };
        let ms = |micros: u64| micros as f64 / 1000.0;
        let latency = &tally.latency;
        println!();
        println!(
            "duration:           {secs:.2} s measured (after {} s warm-up)",
            self.warmup.as_secs()
        );
        println!(
            "requests:           {} measured, {} in all",
            tally.measured,
            tally.total()
        );
        println!(
            "successes:          {} measured, {} in all",
            tally.measured_successes,
            self.successes()
        );
        println!(
            "throughput:         {:.0} requests/s, {:.0} successful {noun}/s",
            rate(tally.measured),
            rate(tally.measured_successes)
        );
        if latency.is_empty() {
            println!("latency:            no measured requests");
        } else {
            println!(
                "latency (ms):       p50 {:.3}  p95 {:.3}  p99 {:.3}  p99.9 {:.3}  max {:.3}  mean {:.3}",
                ms(latency.value_at_quantile(0.50)),
                ms(latency.value_at_quantile(0.95)),
                ms(latency.value_at_quantile(0.99)),
                ms(latency.value_at_quantile(0.999)),
                ms(latency.max()),
                latency.mean() / 1000.0,
            );
        }
        println!("outcomes (whole run, warm-up included):");
        for (label, (verdict, count)) in &tally.outcomes {
            println!("  {label:<36} {count:>10}  {}", verdict.name());
        }
        let unknown = self.unknown();
        if unknown > 0 {
            println!("unknown outcomes:   {unknown} (timeouts, lost connections or 5xx)");
        }
        self.print_cost();
    }
}

/// This process's CPU time so far (user + system), on Linux.
pub fn own_cpu() -> Option<Duration> {
    #[cfg(target_os = "linux")]
    {
        let stat = procfs::process::Process::myself().ok()?.stat().ok()?;
        let ticks = procfs::ticks_per_second();
        let micros = (stat.utime + stat.stime).checked_mul(1_000_000)? / ticks.max(1);
        Some(Duration::from_micros(micros))
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(verdict: Verdict, label: &'static str) -> Outcome {
        Outcome {
            verdict,
            label: Cow::Borrowed(label),
        }
    }

    #[test]
    fn merges_shards_and_separates_warmup() {
        let shards = Shards::new(3).unwrap();
        let ms = Duration::from_millis(1);
        shards.record(0, outcome(Verdict::Success, "201"), ms, false);
        shards.record(1, outcome(Verdict::Success, "201"), ms, true);
        shards.record(2, outcome(Verdict::Refused, "409 limit_reached"), ms, true);
        shards.record(3, outcome(Verdict::Unknown, "timeout"), ms * 10, true);
        let report = Report {
            cpu: None,
            tally: shards.merge().unwrap(),
            measured_for: Duration::from_secs(1),
            warmup: Duration::ZERO,
        };
        assert_eq!(report.successes(), 2);
        assert_eq!(report.unknown(), 1);
        assert_eq!(report.tally.total(), 4);
        assert_eq!(report.tally.measured, 3);
        assert_eq!(report.tally.measured_successes, 1);
        assert_eq!(report.tally.latency.len(), 3);
    }

    #[test]
    fn labels_are_bounded() {
        let mut tally = Tally::new().unwrap();
        for i in 0..(MAX_LABELS + 10) {
            let label = Cow::Owned(format!("{i}"));
            tally.record(
                Outcome {
                    verdict: Verdict::Refused,
                    label,
                },
                Duration::ZERO,
                false,
            );
        }
        assert_eq!(tally.outcomes.len(), MAX_LABELS + 1);
        assert_eq!(tally.total(), (MAX_LABELS + 10) as u64);
    }
}
