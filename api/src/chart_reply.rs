//! Analytics answered as charts: a client that sends `Accept: image/svg+xml`
//! to `POST /analytics/query` or `GET /coupons/{id}/metrics` gets an SVG
//! rendered by [`crate::chart`], for the console and e-mailed reports to embed.

use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use chrono_tz::Tz;
use serde_json::{Map, Value};
use stampede_protocol::analytics::{Dimension, Metric, QueryResult};

use crate::analytics::bucket_time;
use crate::chart::{self, Chart, Series};
use crate::error::ApiError;

/// Size of a rendered chart, in pixels.
const CHART_WIDTH_PX: u32 = 960;
const CHART_HEIGHT_PX: u32 = 480;
/// Series of a time series chart (`GET …/metrics`).
const SERIES_METRICS: [Metric; 3] = [Metric::Redemptions, Metric::Refusals, Metric::Voids];

/// Whether the client asked for SVG (and not JSON first).
pub fn wants_svg(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.split(';').next().unwrap_or("").trim())
        .find(|v| *v == "image/svg+xml" || *v == "application/json")
        .is_some_and(|v| v == "image/svg+xml")
}

fn svg(body: String) -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml")], body).into_response()
}

fn number(row: &Map<String, Value>, name: &str) -> f64 {
    row.get(name).and_then(Value::as_f64).unwrap_or(0.0)
}

/// A time series' counts as lines.
pub fn series_chart(
    target: &str,
    points: &[Map<String, Value>],
    interval: Dimension,
    zone: Tz,
) -> Result<Response, ApiError> {
    let series = SERIES_METRICS
        .iter()
        .map(|metric| Series {
            label: metric.as_str().to_owned(),
            points: points
                .iter()
                .filter_map(|p| {
                    let label = p.get("period")?.as_str()?;
                    let at = bucket_time(interval, label, zone)?;
                    Some((at, number(p, metric.as_str())))
                })
                .collect(),
        })
        .collect();
    let chart = Chart {
        title: format!("{target} per {}", interval.as_str()),
        y_label: String::from("count"),
        series,
    };
    let body = chart::render_line_svg(&chart, CHART_WIDTH_PX, CHART_HEIGHT_PX)
        .map_err(|err| ApiError::internal(format!("chart: {err}")))?;
    Ok(svg(body))
}

/// A query's rows: one line per metric over its time dimension, or bars of
/// its first metric per group when it has none.
pub fn query_chart(result: &QueryResult, zone: Tz) -> Result<Response, ApiError> {
    let Some(metric) = result.metrics.first() else {
        return Err(ApiError::invalid("metrics", "a chart needs a metric"));
    };
    let time = result.group_by.iter().find(|d| d.is_time()).copied();
    let others: Vec<Dimension> = result
        .group_by
        .iter()
        .filter(|d| !d.is_time())
        .copied()
        .collect();
    let label = |row: &Map<String, Value>| -> String {
        let parts: Vec<String> = others
            .iter()
            .map(|d| match row.get(d.as_str()) {
                Some(Value::String(s)) => s.clone(),
                _ => String::from("(none)"),
            })
            .collect();
        if parts.is_empty() {
            metric.as_str().to_owned()
        } else {
            parts.join(" / ")
        }
    };
    let body = match time {
        Some(dim) => {
            let mut lines: Vec<Series> = Vec::new();
            for row in &result.rows {
                let name = label(row);
                let Some(at) = row.get(dim.as_str()).and_then(Value::as_str) else {
                    continue;
                };
                let Some(at) = bucket_time(dim, at, zone) else {
                    continue;
                };
                let point = (at, number(row, metric.as_str()));
                match lines.iter_mut().find(|s| s.label == name) {
                    Some(line) => line.points.push(point),
                    None => lines.push(Series {
                        label: name,
                        points: vec![point],
                    }),
                }
            }
            for line in &mut lines {
                line.points.sort_by_key(|(at, _)| *at);
            }
            let chart = Chart {
                title: format!("{} per {}", metric.as_str(), dim.as_str()),
                y_label: metric.as_str().to_owned(),
                series: lines,
            };
            chart::render_line_svg(&chart, CHART_WIDTH_PX, CHART_HEIGHT_PX)
        }
        None => {
            let bars: Vec<(String, f64)> = result
                .rows
                .iter()
                .map(|row| (label(row), number(row, metric.as_str())))
                .collect();
            chart::render_bar_svg(
                metric.as_str(),
                metric.as_str(),
                &bars,
                CHART_WIDTH_PX,
                CHART_HEIGHT_PX,
            )
        }
    };
    body.map(svg)
        .map_err(|err| ApiError::invalid("Accept", format!("chart: {err}")))
}
