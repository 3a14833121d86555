//! Analytics: the tenant's overview (figures and redemptions per day), the
//! top coupons, and one coupon's series when `?coupon=` names it. Charts are
//! drawn by the API itself (`Accept: image/svg+xml`) and shown as images.

use axum::extract::{Query, State};
use axum::http::Method;
use axum::response::Response;
use chrono::{Duration, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::{encode, Problem};
use crate::session::Session;
use crate::view::{self, Cell, Chart, Facts, Table};
use crate::Console;

/// The days the overview covers.
const OVERVIEW_DAYS: i64 = 30;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Which {
    #[serde(default)]
    coupon: String,
}

pub async fn page(
    State(console): State<Console>,
    session: Session,
    Query(which): Query<Which>,
) -> Response {
    let build = async { main(&console, &session, which.coupon.trim()).await };
    view::page(&session, "Analytics", "analytics", build).await
}

async fn main(console: &Console, session: &Session, coupon: &str) -> Result<String, Problem> {
    let start = (Utc::now() - Duration::days(OVERVIEW_DAYS)).to_rfc3339();
    let mut main = String::new();
    if !coupon.is_empty() {
        let path = format!(
            "/coupons/{}/metrics?interval=day&start={}",
            encode(coupon),
            encode(&start)
        );
        let svg = console.svg(session, Method::GET, &path, None).await?;
        main.push_str(&view::render(&Chart::new(
            format!("Coupon {coupon}: redemptions, refusals and voids per day"),
            &svg,
        )));
    }
    let overview = console
        .get(
            session,
            &format!("/analytics/overview?start={}", encode(&start)),
        )
        .await?;
    main.push_str(&view::render(&overview_facts(&overview)));
    let per_day = json!({
        "start": start,
        "group_by": ["day"],
        "metrics": ["redemptions", "refusals"],
    });
    let svg = console
        .svg(session, Method::POST, "/analytics/query", Some(per_day))
        .await?;
    main.push_str(&view::render(&Chart::new(
        format!("Redemptions and refusals per day, last {OVERVIEW_DAYS} days"),
        &svg,
    )));
    main.push_str(&view::render(&top_coupons(&overview)));
    Ok(main)
}

fn overview_facts(overview: &Value) -> Facts {
    let at = super::campaigns::show_at;
    Facts {
        caption: format!("Last {OVERVIEW_DAYS} days"),
        items: vec![
            ("Redemptions", view::text(overview, "total_redemptions")),
            ("Refusals", view::text(overview, "refusals")),
            ("Redeem rate", view::text(overview, "redeem_rate")),
            ("Voids", view::text(overview, "voids")),
            ("Unique customers", view::text(overview, "unique_customers")),
            ("Validations", view::text(overview, "validations")),
            (
                "Discount given",
                at(overview, "/discount_by_currency", "none"),
            ),
            ("Revenue", at(overview, "/revenue_by_currency", "none")),
            ("Fraud suspicions", view::text(overview, "fraud_suspicions")),
            (
                "Refusals by reason",
                at(overview, "/refusals_by_reason", "none"),
            ),
        ],
    }
}

fn top_coupons(overview: &Value) -> Table {
    let rows = overview.get("top_coupons").and_then(Value::as_array);
    Table {
        caption: String::from("Top coupons"),
        columns: vec!["Coupon", "Redemptions", "Customers", "Discount", "Revenue"],
        rows: rows
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|top| {
                let id = view::text(top, "coupon_id");
                vec![
                    Cell::Link(
                        id.clone(),
                        format!("/console/analytics?coupon={}", encode(&id)),
                    ),
                    Cell::Text(view::text(top, "redemptions")),
                    Cell::Text(view::text(top, "unique_customers")),
                    Cell::Text(view::text(top, "discount")),
                    Cell::Text(view::text(top, "revenue")),
                ]
            })
            .collect(),
        empty: "No redemption in this range.",
    }
}
