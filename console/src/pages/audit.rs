//! The audit log: who changed what, when and why, filtered by actor, action
//! or target.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::api::encode;
use crate::session::Session;
use crate::view::{self, Cell, Field, Form, Kind, Links, Table};
use crate::Console;

/// Events a page lists.
const PAGE_LIMIT: u32 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filters {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    target_id: String,
    #[serde(default)]
    cursor: String,
}

pub async fn list(
    State(console): State<Console>,
    session: Session,
    Query(filters): Query<Filters>,
) -> Response {
    let build = async {
        let mut query = format!("limit={PAGE_LIMIT}");
        let given = [
            ("actor", &filters.actor),
            ("action", &filters.action),
            ("target_id", &filters.target_id),
            ("cursor", &filters.cursor),
        ];
        for (name, value) in given {
            if !value.trim().is_empty() {
                query.push_str(&format!("&{name}={}", encode(value.trim())));
            }
        }
        let events = console.get(&session, &format!("/audit?{query}")).await?;
        let mut form = Form::get("filter", "Filter", String::from("/console/audit"))
            .submit("Filter")
            .field(Field::new("actor", "Actor", Kind::Text).help("A key id, or a worker"))
            .field(Field::new("action", "Action", Kind::Text).help("e.g. coupon.created"))
            .field(Field::new("target_id", "Target id", Kind::Text));
        form.fields[0].value.clone_from(&filters.actor);
        form.fields[1].value.clone_from(&filters.action);
        form.fields[2].value.clone_from(&filters.target_id);
        let table = Table {
            caption: String::from("Events, newest first"),
            columns: vec!["When", "Action", "Target", "Actor", "Reason", "Request"],
            rows: view::rows(&events)
                .iter()
                .map(|event| {
                    let target = format!(
                        "{} {}",
                        view::text(event, "target_type"),
                        view::text(event, "target_id")
                    );
                    vec![
                        Cell::Text(view::text(event, "at")),
                        Cell::Text(view::text(event, "type")),
                        Cell::Text(target),
                        Cell::Text(view::text(event, "actor")),
                        Cell::Text(view::text(event, "reason")),
                        Cell::Text(view::text(event, "request_id")),
                    ]
                })
                .collect(),
            empty: "No event matches.",
        };
        let mut main = view::render(&form) + &view::render(&table);
        if let Some(next) = events
            .get("next_cursor")
            .and_then(serde_json::Value::as_str)
        {
            let href = format!(
                "/console/audit?actor={}&action={}&target_id={}&cursor={}",
                encode(&filters.actor),
                encode(&filters.action),
                encode(&filters.target_id),
                encode(next)
            );
            main.push_str(&view::render(&Links::one("Older events", href)));
        }
        Ok(main)
    };
    view::page(&session, "Audit log", "audit", build).await
}
