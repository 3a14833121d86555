//! Pure evaluation of a coupon's [`LimitSet`]: which usage counters a redemption
//! counts in, and whether the limits let it through. No I/O and no clock: the
//! coupon actor passes `now`, the time zone and its counts (committed plus
//! pending), so the same function answers redemptions, validations and
//! `/limits/check`.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use stampede_protocol::limit_set::{Day, LimitSet, TimeWindow};
use stampede_protocol::{Context, ErrorCode};

/// The counter of uses on channel `channel`.
pub fn channel_counter(channel: &str) -> String {
    format!("channel:{channel}")
}

pub fn store_counter(store: &str) -> String {
    format!("store:{store}")
}

/// The counter of uses on the local day of `now` in `zone`.
pub fn day_counter(now: DateTime<Utc>, zone: Tz) -> String {
    format!("day:{}", now.with_timezone(&zone).date_naive())
}

/// Every counter a redemption in `ctx` at `now` counts in. Channel and store are
/// counted even without a cap on them, so a cap added later sees past usage.
pub fn counters_for(ctx: &Context, now: DateTime<Utc>, zone: Tz) -> Vec<String> {
    let mut counters = vec![day_counter(now, zone)];
    counters.extend(ctx.channel.as_deref().map(channel_counter));
    counters.extend(ctx.store_id.as_deref().map(store_counter));
    counters
}

/// The time zone a limit set reads days and windows in.
pub fn zone_of(set: Option<&LimitSet>, campaign_zone: Option<&str>) -> Tz {
    set.and_then(|s| s.time_zone.as_deref())
        .or(campaign_zone)
        .and_then(|name| name.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC)
}

/// Whether `now` falls in one of `windows` (read in `zone`); no windows: always.
pub fn in_windows(windows: &[TimeWindow], now: DateTime<Utc>, zone: Tz) -> bool {
    if windows.is_empty() {
        return true;
    }
    let local = now.with_timezone(&zone);
    let day = Day::of(local.weekday());
    let previous = Day::of(local.weekday().pred());
    let time = local.time();
    windows.iter().any(|w| w.contains(day, previous, time))
}

/// Why the limits refuse a redemption in `ctx` at `now`, most important first;
/// empty when they allow it. `count` answers the current value of a counter;
/// `combined` is how many other codes the order applies with this one.
pub fn check(
    set: &LimitSet,
    ctx: &Context,
    now: DateTime<Utc>,
    zone: Tz,
    combined: usize,
    count: impl Fn(&str) -> u64,
) -> Vec<(ErrorCode, String)> {
    let mut refusals = Vec::new();
    if !in_windows(&set.windows, now, zone) {
        let local = now.with_timezone(&zone);
        refusals.push((
            ErrorCode::OutsideTimeWindow,
            format!("not redeemable at {} ({zone})", local.format("%a %H:%M")),
        ));
    }
    if set.exclusive && combined > 0 {
        refusals.push((
            ErrorCode::NotEligible,
            String::from("an exclusive code cannot be combined with other codes"),
        ));
    }
    if !set.stores.is_empty() {
        let listed = ctx
            .store_id
            .as_deref()
            .is_some_and(|store| set.stores.iter().any(|s| s == store));
        if !listed {
            refusals.push((
                ErrorCode::NotEligible,
                String::from("not redeemable in this store"),
            ));
        }
    }
    if let Some(channel) = ctx.channel.as_deref() {
        if let Some(cap) = set.per_channel.get(channel) {
            if count(&channel_counter(channel)) >= *cap {
                refusals.push((
                    ErrorCode::ChannelLimitReached,
                    format!("{cap} uses on channel {channel}"),
                ));
            }
        }
    }
    if let Some(store) = ctx.store_id.as_deref() {
        if let Some(cap) = set.per_store.get(store) {
            if count(&store_counter(store)) >= *cap {
                refusals.push((
                    ErrorCode::StoreLimitReached,
                    format!("{cap} uses in store {store}"),
                ));
            }
        }
    }
    if let Some(cap) = set.daily_cap {
        if count(&day_counter(now, zone)) >= cap {
            refusals.push((
                ErrorCode::DailyLimitReached,
                format!("{cap} uses today ({zone})"),
            ));
        }
    }
    refusals
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{NaiveTime, TimeZone};
    use stampede_protocol::limit_set::{LimitTarget, TimeWindow};

    use super::*;

    fn set() -> LimitSet {
        let now = Utc::now();
        LimitSet {
            target: LimitTarget::Coupon,
            target_id: String::from("cpn_1"),
            per_channel: BTreeMap::from([(String::from("web"), 1)]),
            per_store: BTreeMap::new(),
            daily_cap: Some(2),
            time_zone: None,
            windows: Vec::new(),
            reservation_ttl_secs: None,
            stores: Vec::new(),
            exclusive: false,
            consumer_count: 0,
            segment: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn days_are_local() {
        let zone: Tz = "America/New_York".parse().unwrap();
        let late = Utc.with_ymd_and_hms(2030, 3, 11, 3, 59, 0).unwrap();
        assert_eq!(day_counter(late, zone), "day:2030-03-10");
        assert_eq!(day_counter(late, Tz::UTC), "day:2030-03-11");
    }

    #[test]
    fn caps_refuse_at_the_limit() {
        let ctx = Context {
            channel: Some(String::from("web")),
            ..Context::default()
        };
        let now = Utc.with_ymd_and_hms(2030, 3, 11, 12, 0, 0).unwrap();
        assert!(check(&set(), &ctx, now, Tz::UTC, 0, |_| 0).is_empty());
        let codes: Vec<_> = check(&set(), &ctx, now, Tz::UTC, 0, |_| 2)
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        assert_eq!(
            codes,
            vec![ErrorCode::ChannelLimitReached, ErrorCode::DailyLimitReached]
        );
    }

    #[test]
    fn windows_span_midnight() {
        let mut limits = set();
        limits.daily_cap = None;
        limits.windows = vec![TimeWindow {
            days: vec![Day::Fri],
            start: NaiveTime::from_hms_opt(22, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(2, 0, 0).unwrap(),
        }];
        let ctx = Context::default();
        // 2030-03-15 is a Friday.
        let friday_night = Utc.with_ymd_and_hms(2030, 3, 15, 23, 0, 0).unwrap();
        let saturday_early = Utc.with_ymd_and_hms(2030, 3, 16, 1, 0, 0).unwrap();
        let saturday_night = Utc.with_ymd_and_hms(2030, 3, 16, 23, 0, 0).unwrap();
        assert!(check(&limits, &ctx, friday_night, Tz::UTC, 0, |_| 0).is_empty());
        assert!(check(&limits, &ctx, saturday_early, Tz::UTC, 0, |_| 0).is_empty());
        assert_eq!(
            check(&limits, &ctx, saturday_night, Tz::UTC, 0, |_| 0)[0].0,
            ErrorCode::OutsideTimeWindow
        );
    }
}
