//! One coupon: its figures, its codes, generating more codes as a job (whose
//! page shows a live progress bar), revoking it, and its latest redemptions,
//! each with a void button.

use axum::extract::{Form as Posted, Path, State};
use axum::response::Response;
use serde_json::{Map, Value};

use super::{number, opt, submit, with_text, Sent};
use crate::api::{encode, Problem};
use crate::session::Session;
use crate::view::{self, Button, Cell, Field, Form, Kind, Links, Table};
use crate::Console;

/// Codes and redemptions shown on a coupon's page.
const SHOWN_ROWS: usize = 20;

pub async fn show(
    State(console): State<Console>,
    session: Session,
    Path(id): Path<String>,
) -> Response {
    let build = async { show_main(&console, &session, &id, generate_form(&id)).await };
    view::page(&session, "Coupon", "coupons", build).await
}

async fn show_main(
    console: &Console,
    session: &Session,
    id: &str,
    generate: Form,
) -> Result<String, Problem> {
    let coupon = console
        .get(session, &format!("/coupons/{}", encode(id)))
        .await?;
    let codes = console
        .get(session, &format!("/coupons/{}/codes", encode(id)))
        .await?;
    let redemptions = console
        .get(
            session,
            &format!("/coupons/{}/redemptions?limit={SHOWN_ROWS}", encode(id)),
        )
        .await?;
    let links = Links {
        links: vec![
            (
                String::from("Live view"),
                format!("/console/coupons/{id}/live"),
            ),
            (
                String::from("Analytics"),
                format!("/console/analytics?coupon={id}"),
            ),
            (
                String::from("Find its redemptions"),
                format!(
                    "/console/redemptions?code={}",
                    encode(&view::text(&coupon, "code"))
                ),
            ),
        ],
    };
    let mut revoke = Button::new(format!("/console/coupons/{id}/revoke"), "Revoke");
    revoke.input = Some(("reason", "Reason"));
    let code_rows = view::rows(&codes).iter().take(SHOWN_ROWS).map(code_row);
    let codes = Table {
        caption: format!("Codes (first {SHOWN_ROWS})"),
        columns: vec!["Code", "Status", "Uses", "Customer"],
        rows: code_rows.collect(),
        empty: "No generated codes: this coupon is its own code.",
    };
    let redemptions = Table {
        caption: String::from("Latest redemptions"),
        columns: super::redemptions::COLUMNS.to_vec(),
        rows: view::rows(&redemptions)
            .iter()
            .map(super::redemptions::row)
            .collect(),
        empty: "No redemption yet.",
    };
    Ok(view::render(&facts(&coupon))
        + &view::render(&links)
        + &view::render(&view::Actions {
            buttons: vec![revoke],
        })
        + &view::render(&generate)
        + &view::render(&codes)
        + &view::render(&redemptions))
}

fn facts(coupon: &Value) -> view::Facts {
    let at = super::campaigns::show_at;
    view::Facts {
        caption: view::text(coupon, "code"),
        items: vec![
            ("Name", view::text(coupon, "name")),
            ("Kind", view::text(coupon, "type")),
            ("Value", view::text(coupon, "value")),
            ("Currency", view::text(coupon, "currency")),
            ("Status", view::text(coupon, "status")),
            ("Uses", view::text(coupon, "uses_count")),
            ("Uses allowed", at(coupon, "/max_uses", "no limit")),
            (
                "Per customer",
                at(coupon, "/per_customer_limit", "no limit"),
            ),
            ("Valid from", view::text(coupon, "valid_from")),
            ("Valid until", view::text(coupon, "valid_until")),
            ("Campaign", view::text(coupon, "campaign_id")),
            ("Id", view::text(coupon, "id")),
        ],
    }
}

fn code_row(code: &Value) -> Vec<Cell> {
    vec![
        Cell::Text(view::text(code, "code")),
        Cell::Text(view::text(code, "status")),
        Cell::Text(view::text(code, "uses_count")),
        Cell::Text(view::text(code, "user_id")),
    ]
}

fn generate_form(id: &str) -> Form {
    Form::post(
        "generate",
        "Generate codes",
        format!("/console/coupons/{id}/generate"),
    )
    .submit("Generate")
    .field(Field::new("count", "How many", Kind::Number))
    .field(
        Field::new("length", "Length", Kind::Number).help("Characters besides prefix and postfix"),
    )
    .field(Field::new("prefix", "Prefix", Kind::Text))
    .field(Field::new("postfix", "Postfix", Kind::Text))
    .field(
        Field::new("pattern", "Pattern", Kind::Text).help("e.g. SALE-####-####; # is a character"),
    )
}

fn generate_body(sent: &Sent) -> Value {
    let mut body = Map::new();
    for name in ["count", "length"] {
        if let Some(value) = opt(sent, name) {
            body.insert(name.to_owned(), number(&value));
        }
    }
    for name in ["prefix", "postfix", "pattern"] {
        if let Some(value) = opt(sent, name) {
            body.insert(name.to_owned(), Value::String(value));
        }
    }
    Value::Object(body)
}

pub async fn generate(
    State(console): State<Console>,
    session: Session,
    Path(id): Path<String>,
    Posted(form): Posted<Sent>,
) -> Response {
    let path = format!("/coupons/{}/generate", encode(&id));
    let outcome = submit(&console, &session, form, &path, |form| {
        Ok(generate_body(form))
    })
    .await;
    match outcome {
        Ok(job) => view::go_to(&format!(
            "/console/jobs/{}",
            encode(&view::text(&job, "id"))
        )),
        Err((form, problem)) => {
            let generate = generate_form(&id).filled(&form).with_problem(&problem);
            let build = show_main(&console, &session, &id, generate);
            view::page(&session, "Coupon", "coupons", build).await
        }
    }
}

pub async fn revoke(
    State(console): State<Console>,
    session: Session,
    Path(id): Path<String>,
    Posted(form): Posted<Sent>,
) -> Response {
    let path = format!("/coupons/{}/revoke", encode(&id));
    let outcome = submit(&console, &session, form, &path, |form| {
        with_text(form, "reason")
    })
    .await;
    match outcome {
        Ok(_) => view::go_to(&format!("/console/coupons/{}", encode(&id))),
        Err((_, problem)) => {
            let build = async {
                let page = show_main(&console, &session, &id, generate_form(&id)).await?;
                Ok(view::render(&view::problem_box(&problem)) + &page)
            };
            view::page(&session, "Coupon", "coupons", build).await
        }
    }
}
