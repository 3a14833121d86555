//! Redemptions: find them by order reference or by code (and, among a code's
//! redemptions, by customer), and void one with a reason.
//!
//! The API lists redemptions by order reference (`GET /redemptions`) and by
//! coupon (`GET /coupons/{id}/redemptions`); it has no index by customer
//! alone, so a customer is searched for among one code's redemptions.

use axum::extract::{Form as Posted, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;

use super::{submit, with_text, Sent};
use crate::api::{encode, Problem};
use crate::session::Session;
use crate::view::{self, Button, Cell, Field, Form, Kind, Notice, Table};
use crate::Console;

pub const COLUMNS: [&str; 8] = [
    "Code",
    "Status",
    "Customer",
    "Order",
    "Discount",
    "Void",
    "When",
    "Redemption",
];
/// Redemptions of one code searched for a customer.
const CODE_PAGE_LIMIT: u32 = 100;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    #[serde(default)]
    reference: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    user: String,
}

/// A redemption as a table row; one that counts (succeeded or pending) has
/// a void button with a reason.
pub fn row(redemption: &Value) -> Vec<Cell> {
    let id = view::text(redemption, "id");
    let status = view::text(redemption, "status");
    let void = if status == "success" || status == "pending" {
        let mut button = Button::new(format!("/console/redemptions/{id}/void"), "Void");
        button.input = Some(("reason", "Reason"));
        Cell::Button(button)
    } else {
        Cell::Text(view::text(redemption, "void_reason"))
    };
    let discount = format!(
        "{} {}",
        view::text(redemption, "discount_amount"),
        view::text(redemption, "currency")
    );
    vec![
        Cell::Link(
            view::text(redemption, "coupon_code"),
            format!("/console/coupons/{}", view::text(redemption, "coupon_id")),
        ),
        Cell::Text(status),
        Cell::Text(view::text(redemption, "user_id")),
        Cell::Text(view::text(redemption, "reference_id")),
        Cell::Text(discount.trim().to_owned()),
        void,
        Cell::Text(view::text(redemption, "created_at")),
        Cell::Text(id),
    ]
}

pub async fn find(
    State(console): State<Console>,
    session: Session,
    Query(search): Query<Search>,
) -> Response {
    let build = async { find_main(&console, &session, &search).await };
    view::page(&session, "Redemptions", "redemptions", build).await
}

async fn find_main(
    console: &Console,
    session: &Session,
    search: &Search,
) -> Result<String, Problem> {
    let mut form = Form::get(
        "find",
        "Find redemptions",
        String::from("/console/redemptions"),
    )
    .field(Field::new("reference", "Order reference", Kind::Text))
    .field(Field::new("code", "Code", Kind::Text))
    .field(Field::new("user", "Customer", Kind::Text).help("Among the code's redemptions"));
    form.fields[0].value.clone_from(&search.reference);
    form.fields[1].value.clone_from(&search.code);
    form.fields[2].value.clone_from(&search.user);
    let found = search_api(console, session, search).await?;
    let result = match found {
        None => view::render(&Notice::info(
            "Enter an order reference, or a code (and a customer to narrow it).",
        )),
        Some(rows) => view::render(&Table {
            caption: String::from("Redemptions found"),
            columns: COLUMNS.to_vec(),
            rows: rows.iter().map(row).collect(),
            empty: "No redemption matches.",
        }),
    };
    Ok(view::render(&form) + &result)
}

/// The redemptions the search names, or `None` for an empty search.
async fn search_api(
    console: &Console,
    session: &Session,
    search: &Search,
) -> Result<Option<Vec<Value>>, Problem> {
    let (reference, code, user) = (
        search.reference.trim(),
        search.code.trim(),
        search.user.trim(),
    );
    let mut rows = if !reference.is_empty() {
        let answer = console
            .get(
                session,
                &format!("/redemptions?reference_id={}", encode(reference)),
            )
            .await?;
        view::rows(&answer).to_vec()
    } else if !code.is_empty() {
        let coupon = console
            .get(session, &format!("/coupons/lookup?code={}", encode(code)))
            .await?;
        let id = view::text(&coupon, "id");
        let path = format!(
            "/coupons/{}/redemptions?limit={CODE_PAGE_LIMIT}",
            encode(&id)
        );
        view::rows(&console.get(session, &path).await?).to_vec()
    } else if !user.is_empty() {
        return Err(super::refusal(
            "user",
            String::from("a customer is found among one code's redemptions: enter the code too"),
        ));
    } else {
        return Ok(None);
    };
    if !user.is_empty() {
        rows.retain(|r| r.get("user_id").and_then(Value::as_str) == Some(user));
    }
    if !code.is_empty() {
        rows.retain(|r| {
            r.get("coupon_code")
                .and_then(Value::as_str)
                .is_some_and(|c| c.eq_ignore_ascii_case(code))
        });
    }
    Ok(Some(rows))
}

pub async fn void(
    State(console): State<Console>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<String>,
    Posted(form): Posted<Sent>,
) -> Response {
    let back = super::back(&headers, String::from("/console/redemptions"));
    let path = format!("/redemptions/{}/void", encode(&id));
    let outcome = submit(&console, &session, form, &path, |form| {
        with_text(form, "reason")
    })
    .await;
    match outcome {
        Ok(_) => view::go_to(&back),
        Err((_, problem)) => {
            let build = async {
                let page = find_main(&console, &session, &Search::default()).await?;
                Ok(view::render(&view::problem_box(&problem)) + &page)
            };
            view::page(&session, "Redemptions", "redemptions", build).await
        }
    }
}
