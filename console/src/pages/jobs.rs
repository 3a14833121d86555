//! Jobs (code generation, imports, bulk redemptions, exports): one job's
//! figures with a progress bar that updates every second until it ends.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::Value;

use crate::api::{encode, Problem};
use crate::session::Session;
use crate::view::{self, Field, Form, Kind};
use crate::Console;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Find {
    #[serde(default)]
    id: String,
}

#[derive(Template)]
#[template(path = "job_progress.html")]
struct Progress {
    id: String,
    running: bool,
    status: String,
    processed: u64,
    total: u64,
    created: u64,
    failed: u64,
    rate: String,
    eta: String,
    error: String,
}

/// A job by id: the form, or the job's page.
pub async fn find(session: Session, Query(find): Query<Find>) -> Response {
    let id = find.id.trim();
    if !id.is_empty() {
        return Redirect::to(&format!("/console/jobs/{}", encode(id))).into_response();
    }
    let form = Form::get("find-job", "Find a job", String::from("/console/jobs"))
        .submit("Show")
        .field(
            Field::new("id", "Job id", Kind::Text)
                .help("Generating codes, imports and bulk redemptions answer with their job's id"),
        );
    let main = view::render(&form);
    view::page(&session, "Jobs", "jobs", async { Ok(main) }).await
}

pub async fn show(
    State(console): State<Console>,
    session: Session,
    Path(id): Path<String>,
) -> Response {
    let build = async { progress_html(&console, &session, &id).await };
    view::page(&session, "Job", "jobs", build).await
}

pub async fn progress(
    State(console): State<Console>,
    session: Session,
    Path(id): Path<String>,
) -> Response {
    let body = progress_html(&console, &session, &id).await;
    view::fragment(&session, body)
}

async fn progress_html(console: &Console, session: &Session, id: &str) -> Result<String, Problem> {
    let job = console
        .get(session, &format!("/jobs/{}", encode(id)))
        .await?;
    let count = |name: &str| job.get(name).and_then(Value::as_u64).unwrap_or(0);
    let status = view::text(&job, "status");
    let progress = Progress {
        id: view::text(&job, "id"),
        running: status == "running",
        processed: count("processed"),
        total: count("total"),
        created: count("created"),
        failed: count("failed"),
        rate: view::text(&job, "rate_per_second"),
        eta: view::text(&job, "eta_seconds"),
        error: view::text(&job, "error"),
        status,
    };
    Ok(view::render(&view::Facts {
        caption: format!("Job {}", view::text(&job, "kind")),
        items: vec![
            ("Id", progress.id.clone()),
            ("Started", view::text(&job, "created_at")),
            ("Finished", view::text(&job, "finished_at")),
        ],
    }) + &view::render(&progress))
}
