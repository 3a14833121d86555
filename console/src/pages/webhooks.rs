//! Webhooks: the endpoints, and one endpoint's deliveries with their
//! attempts.

use axum::extract::{Path, State};
use axum::response::Response;

use crate::api::encode;
use crate::session::Session;
use crate::view::{self, Cell, Table};
use crate::Console;

/// Deliveries one page shows.
const DELIVERIES_LIMIT: u32 = 50;

pub async fn list(State(console): State<Console>, session: Session) -> Response {
    let build = async {
        let hooks = console.get(&session, "/webhooks").await?;
        let table = Table {
            caption: String::from("Endpoints"),
            columns: vec!["URL", "Events", "Enabled", "Created"],
            rows: view::rows(&hooks)
                .iter()
                .map(|hook| {
                    let id = view::text(hook, "id");
                    vec![
                        Cell::Link(
                            view::text(hook, "url"),
                            format!("/console/webhooks/{}", encode(&id)),
                        ),
                        Cell::Text(view::text(hook, "events")),
                        Cell::Text(view::text(hook, "enabled")),
                        Cell::Text(view::text(hook, "created_at")),
                    ]
                })
                .collect(),
            empty: "No endpoint: add one with POST /v1/promotions/webhooks.",
        };
        Ok(view::render(&table))
    };
    view::page(&session, "Webhooks", "webhooks", build).await
}

pub async fn show(
    State(console): State<Console>,
    session: Session,
    Path(id): Path<String>,
) -> Response {
    let build = async {
        let hook = console
            .get(&session, &format!("/webhooks/{}", encode(&id)))
            .await?;
        let path = format!(
            "/webhooks/{}/deliveries?limit={DELIVERIES_LIMIT}",
            encode(&id)
        );
        let deliveries = console.get(&session, &path).await?;
        let facts = view::Facts {
            caption: view::text(&hook, "url"),
            items: vec![
                ("Events", view::text(&hook, "events")),
                ("Enabled", view::text(&hook, "enabled")),
                ("Id", view::text(&hook, "id")),
            ],
        };
        let table = Table {
            caption: String::from("Deliveries"),
            columns: vec!["Event", "Type", "Status", "Attempts", "Updated"],
            rows: view::rows(&deliveries)
                .iter()
                .map(|d| {
                    vec![
                        Cell::Text(view::text(d, "event_id")),
                        Cell::Text(view::text(d, "event_type")),
                        Cell::Text(view::text(d, "status")),
                        Cell::Text(view::text(d, "attempt_count")),
                        Cell::Text(view::text(d, "updated_at")),
                    ]
                })
                .collect(),
            empty: "Nothing delivered yet.",
        };
        Ok(view::render(&facts) + &view::render(&table))
    };
    view::page(&session, "Webhook", "webhooks", build).await
}
