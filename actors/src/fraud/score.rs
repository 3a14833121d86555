//! A risk score from the stored counters: each signal compares one counter
//! of one subject over its window with the tenant's threshold. At half its
//! threshold a signal starts to count, at the threshold it adds 50, at twice
//! it 100; the score is the sum, at most 100, and the action follows the
//! tenant's `review_score` and `block_score`. A blacklisted subject scores 100.
//!
//! Windows slide: the last minute weighs the previous minute's attempts by
//! the part of it still inside the last 60 s; the hour and the day are the
//! last 60 and 1,440 whole minutes with the current one.

use std::collections::BTreeMap;

use chrono::{DateTime, Timelike, Utc};
use stampede_protocol::fraud::{Action, FraudSettings, Score, Signal, SubjectKind, Subjects};

use super::tally::minute_of;
use crate::records::fraud::{counts, WindowCounts};
use crate::records::{RecordError, Records};

const MINUTES_PER_HOUR: i64 = 60;
const MINUTES_PER_DAY: i64 = 1_440;

/// One subject's counters over its three windows.
struct Windows {
    minute: f64,
    hour: WindowCounts,
    day: WindowCounts,
}

async fn windows(
    records: &Records,
    tenant: &str,
    kind: SubjectKind,
    subject: &str,
    now: DateTime<Utc>,
) -> Result<Windows, RecordError> {
    let m = minute_of(now);
    let day = counts(
        records,
        tenant,
        kind,
        subject,
        (m - MINUTES_PER_DAY + 1, m + 1),
    )
    .await?;
    let hour = counts(
        records,
        tenant,
        kind,
        subject,
        (m - MINUTES_PER_HOUR + 1, m + 1),
    )
    .await?;
    let current = hour.per_minute.get(&m).copied().unwrap_or(0) as f64;
    let previous = hour.per_minute.get(&(m - 1)).copied().unwrap_or(0) as f64;
    let inside = 1.0 - f64::from(now.second()) / 60.0;
    Ok(Windows {
        minute: current + previous * inside,
        hour,
        day,
    })
}

/// What a signal at `value` of `threshold` adds to the score.
pub fn contribution(value: u64, threshold: u64) -> u8 {
    if threshold == 0 || value * 2 < threshold {
        return 0;
    }
    let scaled = (value as f64 / threshold as f64) * 50.0;
    scaled.round().min(100.0) as u8
}

fn signal(
    name: &str,
    kind: SubjectKind,
    subject: &str,
    window: &str,
    value: u64,
    threshold: u32,
) -> Signal {
    Signal {
        signal: name.to_owned(),
        subject_kind: kind,
        subject: subject.to_owned(),
        window: window.to_owned(),
        value,
        threshold: u64::from(threshold),
        contribution: contribution(value, u64::from(threshold)),
    }
}

/// A code's refusal ratio over the hour, in percent, once it had
/// `min_code_attempts_per_hour` attempts (0 before).
fn refusal_percent(w: &Windows, s: &FraudSettings) -> u64 {
    let attempts = w.hour.attempts;
    if attempts == 0 || attempts < u64::from(s.min_code_attempts_per_hour) {
        return 0;
    }
    w.hour.refusals.saturating_mul(100) / attempts
}

/// Every signal of one subject, those that add nothing included.
fn signals_of(kind: SubjectKind, subject: &str, w: &Windows, s: &FraudSettings) -> Vec<Signal> {
    if kind == SubjectKind::Code {
        let percent = refusal_percent(w, s);
        let threshold = s.max_refusal_percent_per_code;
        return vec![signal(
            "refusal_spike",
            kind,
            subject,
            "hour",
            percent,
            threshold,
        )];
    }
    let mut out = vec![
        signal(
            "attempts",
            kind,
            subject,
            "minute",
            w.minute.round() as u64,
            s.max_attempts_per_minute,
        ),
        signal(
            "refusals",
            kind,
            subject,
            "hour",
            w.hour.refusals,
            s.max_refusals_per_hour,
        ),
        signal(
            "code_guessing",
            kind,
            subject,
            "hour",
            w.hour.codes.len() as u64,
            s.max_distinct_codes_per_hour,
        ),
    ];
    let users = w.day.users.len() as u64;
    match kind {
        SubjectKind::Ip => out.push(signal(
            "shared_ip",
            kind,
            subject,
            "day",
            users,
            s.max_users_per_ip_per_day,
        )),
        SubjectKind::DeviceId => out.push(signal(
            "shared_device",
            kind,
            subject,
            "day",
            users,
            s.max_users_per_device_per_day,
        )),
        _ => {}
    }
    out
}

/// Scores `subjects` at `now`; `blacklisted` names a matching live entry.
pub async fn score(
    records: &Records,
    tenant: &str,
    subjects: &Subjects,
    settings: &FraudSettings,
    blacklisted: Option<(SubjectKind, String)>,
    now: DateTime<Utc>,
) -> Result<Score, RecordError> {
    let mut signals = Vec::new();
    let mut counters = BTreeMap::new();
    for (kind, subject) in subjects.each() {
        let w = windows(records, tenant, kind, &subject, now).await?;
        let all = signals_of(kind, &subject, &w, settings);
        let mut read = BTreeMap::new();
        for s in &all {
            read.insert(format!("{}.{}", s.signal, s.window), s.value);
        }
        read.insert(String::from("attempts.day"), w.day.attempts);
        counters.insert(format!("{}:{subject}", kind.as_str()), read);
        signals.extend(all.into_iter().filter(|s| s.contribution > 0));
    }
    if let Some((kind, reason)) = blacklisted {
        let subject = subjects
            .each()
            .into_iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, v)| v)
            .unwrap_or(reason);
        signals.push(Signal {
            signal: String::from("blacklisted"),
            subject_kind: kind,
            subject,
            window: String::from("now"),
            value: 1,
            threshold: 1,
            contribution: 100,
        });
    }
    let total: u32 = signals.iter().map(|s| u32::from(s.contribution)).sum();
    let score = total.min(100) as u8;
    Ok(Score {
        score,
        action: action(score, settings),
        signals,
        counters,
    })
}

pub fn action(score: u8, settings: &FraudSettings) -> Action {
    if score >= settings.block_score {
        Action::Block
    } else if score >= settings.review_score {
        Action::Review
    } else {
        Action::Allow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_counts_from_half_its_threshold() {
        assert_eq!(contribution(4, 10), 0);
        assert_eq!(contribution(5, 10), 25);
        assert_eq!(contribution(10, 10), 50);
        assert_eq!(contribution(20, 10), 100);
        assert_eq!(contribution(1_000, 10), 100);
    }
}
