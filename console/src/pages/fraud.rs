//! Fraud alerts: what the detectors raised, and acknowledging or resolving
//! one.

use axum::extract::{Form as Posted, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::{submit, with_text, Sent};
use crate::api::encode;
use crate::session::Session;
use crate::view::{self, Button, Cell, Field, Form, Kind, Table};
use crate::Console;

const STATUSES: [(&str, &str); 4] = [
    ("", "Any status"),
    ("open", "Open"),
    ("acknowledged", "Acknowledged"),
    ("resolved", "Resolved"),
];
/// What an alert can be told (`POST /fraud/alerts/{id}/{action}`).
const ACTIONS: [&str; 2] = ["acknowledge", "resolve"];
/// Alerts a page lists.
const PAGE_LIMIT: u32 = 100;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filters {
    #[serde(default)]
    status: String,
}

pub async fn list(
    State(console): State<Console>,
    session: Session,
    Query(filters): Query<Filters>,
) -> Response {
    let build = async {
        let mut path = format!("/fraud/alerts?limit={PAGE_LIMIT}");
        if !filters.status.is_empty() {
            path.push_str(&format!("&status={}", encode(&filters.status)));
        }
        let alerts = console.get(&session, &path).await?;
        let mut form = Form::get("filter", "Filter", String::from("/console/fraud"))
            .submit("Filter")
            .field(Field::new(
                "status",
                "Status",
                Kind::Select(STATUSES.to_vec()),
            ));
        form.fields[0].value.clone_from(&filters.status);
        let table = Table {
            caption: String::from("Alerts"),
            columns: vec![
                "Raised",
                "Signal",
                "Subject",
                "Score",
                "Status",
                "Action taken",
                "Act",
            ],
            rows: view::rows(&alerts).iter().map(row).collect(),
            empty: "No alert.",
        };
        Ok(view::render(&form) + &view::render(&table))
    };
    view::page(&session, "Fraud alerts", "fraud", build).await
}

fn row(alert: &serde_json::Value) -> Vec<Cell> {
    let id = view::text(alert, "id");
    let status = view::text(alert, "status");
    let next = match status.as_str() {
        "open" => Some(("acknowledge", "Acknowledge")),
        "acknowledged" => Some(("resolve", "Resolve")),
        _ => None,
    };
    let act = match next {
        Some((action, label)) => {
            let mut button = Button::new(format!("/console/fraud/{}/{action}", encode(&id)), label);
            button.input = Some(("note", "Note"));
            Cell::Button(button)
        }
        None => Cell::Text(String::new()),
    };
    let subject = format!(
        "{} {}",
        view::text(alert, "subject_kind"),
        view::text(alert, "subject")
    );
    vec![
        Cell::Text(view::text(alert, "created_at")),
        Cell::Text(view::text(alert, "signal")),
        Cell::Text(subject),
        Cell::Text(view::text(alert, "score")),
        Cell::Text(status),
        Cell::Text(view::text(alert, "action")),
        act,
    ]
}

pub async fn act(
    State(console): State<Console>,
    session: Session,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    Posted(form): Posted<Sent>,
) -> Response {
    let back = super::back(&headers, String::from("/console/fraud"));
    let outcome = if ACTIONS.contains(&action.as_str()) {
        let path = format!("/fraud/alerts/{}/{action}", encode(&id));
        submit(&console, &session, form, &path, |form| {
            with_text(form, "note")
        })
        .await
    } else {
        Err((
            Sent::new(),
            super::refusal("action", format!("unknown action `{action}`")),
        ))
    };
    match outcome {
        Ok(_) => view::go_to(&back),
        Err((_, problem)) => {
            let main = view::render(&view::problem_box(&problem));
            view::page(&session, "Fraud alerts", "fraud", async { Ok(main) }).await
        }
    }
}
