//! The live view of one code during a flash sale: uses, what is left, the
//! rate, and refusals by reason, updated every second.
//!
//! The panel asks the API each second (the coupon for its uses and limit,
//! the analytics rollups for refusals by reason) and carries the previous
//! reading in its own next request, so the rate needs no state on the server.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{Duration, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::{encode, Problem};
use crate::session::Session;
use crate::view::{self, Cell, Table};
use crate::Console;

/// The window refusals are counted over, in hours.
const REFUSALS_WINDOW_HOURS: i64 = 24;
/// Reasons the panel lists, at most.
const MAX_REASONS: u32 = 20;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Previous {
    prev_uses: Option<u64>,
    prev_ms: Option<i64>,
}

#[derive(Template)]
#[template(path = "live_panel.html")]
struct Panel {
    id: String,
    uses: u64,
    remaining: String,
    rate: String,
    refusals: u64,
    status: String,
    reasons: String,
    at_ms: i64,
    updated: String,
}

pub async fn page(
    State(console): State<Console>,
    session: Session,
    Path(id): Path<String>,
) -> Response {
    let build = async {
        let coupon = console
            .get(&session, &format!("/coupons/{}", encode(&id)))
            .await?;
        let heading = view::Links {
            links: vec![(
                format!("Coupon {}", view::text(&coupon, "code")),
                format!("/console/coupons/{}", encode(&id)),
            )],
        };
        let panel = panel_html(&console, &session, &id, &Previous::default()).await?;
        Ok(view::render(&heading) + &panel)
    };
    view::page(&session, "Live view", "coupons", build).await
}

pub async fn panel(
    State(console): State<Console>,
    session: Session,
    Path(id): Path<String>,
    Query(previous): Query<Previous>,
) -> Response {
    let body = panel_html(&console, &session, &id, &previous).await;
    view::fragment(&session, body)
}

async fn panel_html(
    console: &Console,
    session: &Session,
    id: &str,
    previous: &Previous,
) -> Result<String, Problem> {
    let coupon = console
        .get(session, &format!("/coupons/{}", encode(id)))
        .await?;
    let now = Utc::now();
    let query = json!({
        "start": (now - Duration::hours(REFUSALS_WINDOW_HOURS)).to_rfc3339(),
        "filters": { "coupon_ids": [id] },
        "group_by": ["reason"],
        "metrics": ["refusals"],
        "limit": MAX_REASONS,
    });
    let by_reason = console
        .post(session, "/analytics/query", query, None)
        .await?;
    let rows = by_reason
        .get("rows")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let refused = |row: &Value| row.get("refusals").and_then(Value::as_u64).unwrap_or(0);
    let uses = coupon
        .get("uses_count")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let remaining = match coupon.get("max_uses").and_then(Value::as_u64) {
        Some(max) => max.saturating_sub(uses).to_string(),
        None => String::from("no limit"),
    };
    let at_ms = now.timestamp_millis();
    let rate = match (previous.prev_uses, previous.prev_ms) {
        (Some(before), Some(then)) if at_ms > then && uses >= before => {
            let per_sec = (uses - before) as f64 * 1000.0 / (at_ms - then) as f64;
            format!("{per_sec:.1}")
        }
        _ => String::from("…"),
    };
    let table = Table {
        caption: format!("Refusals by reason, last {REFUSALS_WINDOW_HOURS} hours"),
        columns: vec!["Reason", "Refusals"],
        rows: rows
            .iter()
            .filter(|row| refused(row) > 0)
            .map(|row| {
                vec![
                    Cell::Text(view::text(row, "reason")),
                    Cell::Text(refused(row).to_string()),
                ]
            })
            .collect(),
        empty: "No refusal.",
    };
    let panel = Panel {
        id: id.to_owned(),
        uses,
        remaining,
        rate,
        refusals: rows.iter().map(refused).sum(),
        status: view::text(&coupon, "status"),
        reasons: view::render(&table),
        at_ms,
        updated: now.format("%H:%M:%S UTC").to_string(),
    };
    Ok(view::render(&panel))
}
