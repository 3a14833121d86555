//! The analytics query language evaluated (seed 000 §11): a query checked at
//! the edge ([`resolve`]), summed from the rollups by the records layer
//! (`records::analytics::scan`) and shaped into rows ([`evaluate`]). The
//! overview, the time series, report exports and the charts all go through
//! here, so they agree figure for figure.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stampede_actors::records::analytics::{
    self as rollups, bucket_label, bucket_start, hour_of, GroupKey, Scan, Sums,
};
use stampede_actors::records::Records;
use stampede_protocol::analytics::{
    AnalyticsQuery, Dimension, Filters, Metric, QueryResult, SortOrder, DEFAULT_QUERY_ROWS,
    DEFAULT_QUERY_SPAN_DAYS, MAX_FILTER_VALUES, MAX_QUERY_ROWS, MAX_QUERY_SPAN_DAYS,
    MAX_SERIES_POINTS,
};
use stampede_protocol::ErrorCode;

use crate::error::ApiError;
use crate::validate;

/// A query checked and resolved against the clock.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub zone: Tz,
    pub filters: Filters,
    pub group_by: Vec<Dimension>,
    pub metrics: Vec<Metric>,
    pub sort: Option<(Metric, SortOrder)>,
    pub limit: usize,
}

/// Checks a query at the edge; every refusal names its field.
pub fn resolve(query: &AnalyticsQuery, now: DateTime<Utc>) -> Result<Resolved, ApiError> {
    let (start, end) = range(query.start, query.end, now)?;
    let zone = match &query.time_zone {
        Some(name) => validate::time_zone("time_zone", name)?,
        None => Tz::UTC,
    };
    check_filters(&query.filters)?;
    let mut seen = BTreeSet::new();
    for dim in &query.group_by {
        if !seen.insert(*dim) {
            return Err(ApiError::invalid(
                "group_by",
                format!("'{}' twice", dim.as_str()),
            ));
        }
    }
    if query.group_by.iter().filter(|d| d.is_time()).count() > 1 {
        return Err(ApiError::invalid(
            "group_by",
            "at most one of hour, day, week",
        ));
    }
    let mut metrics: Vec<Metric> = Vec::new();
    for metric in &query.metrics {
        if !metrics.contains(metric) {
            metrics.push(*metric);
        }
    }
    if metrics.is_empty() {
        metrics = Metric::ALL.to_vec();
    }
    let sort = query.sort.as_ref().map(|s| (s.metric, s.order));
    if let Some((metric, _)) = sort {
        if !metrics.contains(&metric) {
            return Err(ApiError::invalid(
                "sort.metric",
                "must be one of the query's metrics",
            ));
        }
    }
    let limit = query.limit.unwrap_or(DEFAULT_QUERY_ROWS);
    if !(1..=MAX_QUERY_ROWS).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("must be 1–{MAX_QUERY_ROWS}"),
        ));
    }
    let filters = query.filters.clone();
    let group_by = query.group_by.clone();
    Ok(Resolved {
        start,
        end,
        zone,
        filters,
        group_by,
        metrics,
        sort,
        limit,
    })
}

/// `[start, end)` of a query: `end` defaults to now, `start` to 30 days before.
pub fn range(
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), ApiError> {
    let end = end.unwrap_or(now);
    let start = start.unwrap_or(end - TimeDelta::days(DEFAULT_QUERY_SPAN_DAYS));
    if end <= start {
        return Err(ApiError::invalid("end", "must be after start"));
    }
    if end - start > TimeDelta::days(MAX_QUERY_SPAN_DAYS) {
        return Err(ApiError::invalid(
            "end",
            format!("a query spans at most {MAX_QUERY_SPAN_DAYS} days"),
        ));
    }
    Ok((start, end))
}

fn check_filters(filters: &Filters) -> Result<(), ApiError> {
    for (field, list) in [
        ("filters.coupon_ids", &filters.coupon_ids),
        ("filters.campaign_ids", &filters.campaign_ids),
    ] {
        validate::identifiers(field, list, MAX_FILTER_VALUES, "ids")?;
    }
    for (field, list) in [
        ("filters.channels", &filters.channels),
        ("filters.currencies", &filters.currencies),
    ] {
        if list.len() > MAX_FILTER_VALUES {
            return Err(ApiError::invalid(
                field,
                format!("at most {MAX_FILTER_VALUES} values"),
            ));
        }
        for value in list.iter().filter(|v| !v.is_empty()) {
            validate::identifier(field, value)?;
        }
    }
    Ok(())
}

impl Resolved {
    fn scan(&self) -> Scan {
        Scan {
            from_hour: hour_of(self.start),
            to_hour: hour_of(self.end - TimeDelta::nanoseconds(1)) + 1,
            zone: self.zone,
            filters: self.filters.clone(),
            group_by: self.group_by.clone(),
            customers: self.metrics.contains(&Metric::UniqueCustomers),
        }
    }
}

/// Runs a query: its groups as rows, sorted and cut at its limit.
pub async fn evaluate(
    records: &Records,
    tenant: &str,
    query: &Resolved,
) -> Result<QueryResult, ApiError> {
    let groups = rollups::scan(records, tenant, &query.scan()).await?;
    let mut rows = Vec::with_capacity(groups.len());
    for (key, sums) in &groups {
        rows.push(row(query, key, sums)?);
    }
    if let Some((metric, order)) = query.sort {
        let name = metric.as_str();
        let value = |row: &Map<String, Value>| row.get(name).and_then(Value::as_f64);
        rows.sort_by(|a, b| {
            let ordering = value(a)
                .partial_cmp(&value(b))
                .unwrap_or(std::cmp::Ordering::Equal);
            match order {
                SortOrder::Asc => ordering,
                SortOrder::Desc => ordering.reverse(),
            }
        });
    }
    let truncated = rows.len() > query.limit;
    rows.truncate(query.limit);
    Ok(QueryResult {
        start: query.start,
        end: query.end,
        time_zone: query.zone.name().to_owned(),
        group_by: query.group_by.clone(),
        metrics: query.metrics.clone(),
        rows,
        truncated,
    })
}

/// One group as a flat row: its dimensions, then its metrics.
fn row(query: &Resolved, key: &GroupKey, sums: &Sums) -> Result<Map<String, Value>, ApiError> {
    let mut row = Map::new();
    for (dim, value) in query.group_by.iter().zip(key) {
        let value = value.clone().map_or(Value::Null, Value::String);
        row.insert(dim.as_str().to_owned(), value);
    }
    for metric in &query.metrics {
        row.insert(
            metric.as_str().to_owned(),
            metric_value(*metric, sums, &row)?,
        );
    }
    Ok(row)
}

/// A metric of a group, as JSON (money in major units of its one currency).
pub fn metric_value(
    metric: Metric,
    sums: &Sums,
    row: &Map<String, Value>,
) -> Result<Value, ApiError> {
    let number = |x: f64| serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number);
    Ok(match metric {
        Metric::Redemptions => Value::from(sums.redemptions),
        Metric::Refusals => Value::from(sums.refusals),
        Metric::Voids => Value::from(sums.voids),
        Metric::Validations => Value::from(sums.validations),
        Metric::ValidValidations => Value::from(sums.valid_validations),
        Metric::UniqueCustomers => Value::from(sums.customers.count()),
        Metric::RedeemRate => sums.redeem_rate().map_or(Value::Null, number),
        Metric::Discount => money(&single(&sums.discount, row)?),
        Metric::Revenue => money(&single(&sums.revenue, row)?),
        Metric::AvgOrderValue => {
            let revenue = single(&sums.revenue, row)?;
            if sums.redemptions <= 0 {
                Value::Null
            } else {
                let avg = revenue / Decimal::from(sums.redemptions);
                money(&avg.round_dp(4))
            }
        }
    })
}

fn money(amount: &Decimal) -> Value {
    serde_json::to_value(amount).unwrap_or(Value::Null)
}

/// The one currency's amount of a group; a group mixing currencies has no
/// single figure.
fn single(amounts: &BTreeMap<String, i64>, row: &Map<String, Value>) -> Result<Decimal, ApiError> {
    let money = Sums::money(amounts);
    if money.len() > 1 {
        let names: Vec<&str> = money.keys().map(String::as_str).collect();
        let group = serde_json::to_string(row).unwrap_or_default();
        return Err(ApiError::new(
            ErrorCode::CurrencyMismatch,
            format!(
                "the group {group} mixes currencies ({}): filter by one currency or group by currency",
                names.join(", ")
            ),
        ));
    }
    Ok(money.into_values().next().unwrap_or(Decimal::ZERO))
}

/// Every bucket label of `[start, end)` for a time dimension, in order, so a
/// time series has a point for each (zero where nothing happened).
pub fn buckets(dim: Dimension, start: DateTime<Utc>, end: DateTime<Utc>, zone: Tz) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    let mut hour = hour_of(start);
    let last = hour_of(end - TimeDelta::nanoseconds(1));
    while hour <= last && labels.len() <= MAX_SERIES_POINTS {
        let label = bucket_label(dim, hour, zone);
        if labels.last() != Some(&label) {
            labels.push(label);
        }
        hour += 1;
    }
    labels
}

/// Whether a series of `dim` over the range stays within [`MAX_SERIES_POINTS`].
pub fn check_points(
    dim: Dimension,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<(), ApiError> {
    let hours = (end - start).num_hours() + 1;
    let points = match dim {
        Dimension::Hour => hours,
        Dimension::Day => hours / 24 + 1,
        _ => hours / (24 * 7) + 1,
    };
    if points > MAX_SERIES_POINTS as i64 {
        return Err(ApiError::invalid(
            "interval",
            format!("a series has at most {MAX_SERIES_POINTS} points: pick a coarser interval"),
        ));
    }
    Ok(())
}

/// The start of a bucket, for charts (the label itself when unparsable).
pub fn bucket_time(dim: Dimension, label: &str, zone: Tz) -> Option<DateTime<Utc>> {
    bucket_start(dim, label, zone)
}
