//! A user's trigger state for one template, `(tenant, "trgstate",
//! template_id, user_id)`, and the pure steps that move it. Kept per template
//! because each template reads days in its own `localized_timezone` and
//! counts from when it was created.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use stampede_protocol::Coupon;

/// What a template remembers of one user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// First day of the current streak run (its occurrence key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streak_start: Option<NaiveDate>,
    /// Last day the run counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streak_last: Option<NaiveDate>,
    /// Consecutive days of the current run.
    #[serde(default)]
    pub streak_days: u32,
    /// Purchases counted.
    #[serde(default)]
    pub purchases: u64,
}

/// The calendar day of `at` for `template`: in its `localized_timezone`, else
/// UTC (an unknown zone reads as UTC; the edge refuses one on create).
pub fn day_of(template: &Coupon, at: DateTime<Utc>) -> NaiveDate {
    match template
        .localized_timezone
        .as_deref()
        .and_then(|zone| zone.parse::<chrono_tz::Tz>().ok())
    {
        Some(zone) => at.with_timezone(&zone).date_naive(),
        None => at.date_naive(),
    }
}

impl Progress {
    /// Counts `day` in the streak: the same day again counts once, the next
    /// day extends the run, a later day starts a new run, an earlier day (a
    /// late event) changes nothing. `Some(start)` when this step makes the
    /// run reach `threshold` days (the occurrence: the run that got there).
    pub fn streak_day(&mut self, day: NaiveDate, threshold: u32) -> Option<NaiveDate> {
        match self.streak_last {
            Some(last) if day <= last => return None,
            Some(last) if last.succ_opt() == Some(day) => {
                self.streak_days = self.streak_days.saturating_add(1);
            }
            _ => {
                self.streak_start = Some(day);
                self.streak_days = 1;
            }
        }
        self.streak_last = Some(day);
        (self.streak_days == threshold)
            .then_some(self.streak_start)
            .flatten()
    }

    /// Counts one purchase; `Some(count)` when the count reaches a multiple
    /// of `threshold` (each multiple is one occurrence).
    pub fn purchase(&mut self, threshold: u32) -> Option<u64> {
        self.purchases = self.purchases.saturating_add(1);
        let threshold = u64::from(threshold.max(1));
        self.purchases
            .is_multiple_of(threshold)
            .then_some(self.purchases)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).unwrap_or_default()
    }

    #[test]
    fn a_streak_reaches_its_threshold_once_per_run() {
        let mut p = Progress::default();
        assert_eq!(p.streak_day(day(1), 3), None);
        assert_eq!(p.streak_day(day(1), 3), None, "same day counts once");
        assert_eq!(p.streak_day(day(2), 3), None);
        assert_eq!(p.streak_day(day(3), 3), Some(day(1)));
        assert_eq!(p.streak_day(day(4), 3), None, "past the threshold");
        assert_eq!(p.streak_day(day(2), 3), None, "a late day changes nothing");
        assert_eq!(p.streak_day(day(6), 3), None, "a gap restarts the run");
        assert_eq!(p.streak_days, 1);
        assert_eq!(p.streak_day(day(7), 3), None);
        assert_eq!(
            p.streak_day(day(8), 3),
            Some(day(6)),
            "a new run, a new occurrence"
        );
    }

    #[test]
    fn purchases_count_to_each_multiple() {
        let mut p = Progress::default();
        let hits: Vec<u64> = (0..7).filter_map(|_| p.purchase(3)).collect();
        assert_eq!(hits, [3, 6]);
    }
}
