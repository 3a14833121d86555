//! Coupons: search by code or name, and creating a coupon of any kind. The
//! shorthand kinds take a value (and a currency); the engine's structured
//! kinds take their `discount` as JSON. Whatever the API refuses is shown on
//! the field it names.

use axum::extract::{Form as Posted, Query, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{json_field, number, opt, submit, Sent};
use crate::api::{encode, Problem};
use crate::session::Session;
use crate::view::{self, Cell, Field, Form, Kind, Table};
use crate::Console;

/// Every coupon kind the API knows (`CouponType`).
const KINDS: [(&str, &str); 13] = [
    ("percentage", "Percentage off the cart"),
    ("fixed", "Fixed amount off the cart"),
    ("free_shipping", "Free shipping"),
    ("gift_card", "Gift card (a balance)"),
    (
        "product_percentage",
        "Percentage off products (discount JSON)",
    ),
    ("product_fixed", "Fixed amount off products (discount JSON)"),
    ("buy_x_get_y", "Buy X get Y (discount JSON)"),
    ("bundle", "Bundle (discount JSON)"),
    ("tiered", "Tiered (discount JSON)"),
    ("free_product", "Free product (discount JSON)"),
    ("loyalty_points", "Loyalty points"),
    ("custom", "Custom"),
    ("promotion", "Promotion (discount JSON)"),
];
const STATUSES: [(&str, &str); 5] = [
    ("", "Any status"),
    ("active", "Active"),
    ("draft", "Draft"),
    ("paused", "Paused"),
    ("revoked", "Revoked"),
];
/// Coupons a search shows.
const PAGE_LIMIT: u32 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: String,
}

pub async fn list(
    State(console): State<Console>,
    session: Session,
    Query(search): Query<Search>,
) -> Response {
    let build = async { list_main(&console, &session, &search, create_form()).await };
    view::page(&session, "Coupons", "coupons", build).await
}

async fn list_main(
    console: &Console,
    session: &Session,
    search: &Search,
    create: Form,
) -> Result<String, Problem> {
    let mut path = format!("/coupons?limit={PAGE_LIMIT}");
    for (name, value) in [
        ("code", &search.code),
        ("name", &search.name),
        ("status", &search.status),
    ] {
        if !value.trim().is_empty() {
            path.push_str(&format!("&{name}={}", encode(value.trim())));
        }
    }
    let answer = console.get(session, &path).await?;
    let mut form = Form::get("search", "Find coupons", String::from("/console/coupons"))
        .field(Field::new("code", "Code", Kind::Text))
        .field(Field::new("name", "Name", Kind::Text))
        .field(Field::new(
            "status",
            "Status",
            Kind::Select(STATUSES.to_vec()),
        ));
    form.fields[0].value.clone_from(&search.code);
    form.fields[1].value.clone_from(&search.name);
    form.fields[2].value.clone_from(&search.status);
    let table = Table {
        caption: String::from("Coupons"),
        columns: vec!["Code", "Name", "Kind", "Status", "Uses"],
        rows: view::rows(&answer).iter().map(row).collect(),
        empty: "No coupon matches.",
    };
    Ok(view::render(&form) + &view::render(&table) + &view::render(&create))
}

/// A coupon as a table row.
pub fn row(coupon: &Value) -> Vec<Cell> {
    let id = view::text(coupon, "id");
    let uses = match coupon.get("max_uses").filter(|v| !v.is_null()) {
        Some(max) => format!(
            "{} of {}",
            view::text(coupon, "uses_count"),
            view::show(max)
        ),
        None => view::text(coupon, "uses_count"),
    };
    vec![
        Cell::Link(view::text(coupon, "code"), format!("/console/coupons/{id}")),
        Cell::Text(view::text(coupon, "name")),
        Cell::Text(view::text(coupon, "type")),
        Cell::Text(view::text(coupon, "status")),
        Cell::Text(uses),
    ]
}

fn create_form() -> Form {
    Form::post("new-coupon", "New coupon", String::from("/console/coupons"))
        .submit("Create coupon")
        .field(Field::new("code", "Code", Kind::Text).help("What shoppers type"))
        .field(Field::new("name", "Name", Kind::Text))
        .field(Field::new("type", "Kind", Kind::Select(KINDS.to_vec())))
        .field(Field::new("value", "Value", Kind::Number).help("Percent, amount or balance"))
        .field(Field::new("currency", "Currency", Kind::Text).help("ISO 4217, for amounts"))
        .field(Field::new("max_uses", "Uses allowed", Kind::Number).help("Empty: no limit"))
        .field(Field::new("per_customer_limit", "Uses per customer", Kind::Number))
        .field(Field::new("min_cart_value", "Minimum cart value", Kind::Number))
        .field(Field::new("valid_from", "Valid from", Kind::DateTime))
        .field(Field::new("valid_until", "Valid until", Kind::DateTime))
        .field(Field::new("campaign_id", "Campaign id", Kind::Text))
        .field(
            Field::new("rule_ids", "Rule ids", Kind::Text).help("Comma-separated; all must hold"),
        )
        .field(Field::new("discount", "Discount (JSON)", Kind::TextArea).help(
            "For the structured kinds, e.g. {\"type\": \"product_percentage\", \"percent\": 20}",
        ))
}

/// The request body of a new coupon from the form.
fn coupon_body(sent: &Sent) -> Result<Value, Problem> {
    let mut body = Map::new();
    for name in [
        "code",
        "name",
        "type",
        "currency",
        "valid_from",
        "valid_until",
        "campaign_id",
    ] {
        if let Some(value) = opt(sent, name) {
            body.insert(name.to_owned(), Value::String(value));
        }
    }
    for name in ["value", "max_uses", "per_customer_limit", "min_cart_value"] {
        if let Some(value) = opt(sent, name) {
            body.insert(name.to_owned(), number(&value));
        }
    }
    if let Some(ids) = opt(sent, "rule_ids") {
        let ids = ids.split(',').map(|id| Value::String(id.trim().to_owned()));
        body.insert(String::from("rule_ids"), Value::Array(ids.collect()));
    }
    if let Some(discount) = json_field(sent, "discount")? {
        body.insert(String::from("discount"), discount);
        // The kind follows the discount when it names one.
        if body.get("discount").and_then(|d| d.get("type")).is_some() {
            body.remove("type");
        }
    }
    Ok(Value::Object(body))
}

pub async fn create(
    State(console): State<Console>,
    session: Session,
    Posted(form): Posted<Sent>,
) -> Response {
    let outcome = submit(&console, &session, form, "/coupons", coupon_body).await;
    match outcome {
        Ok(created) => view::go_to(&format!("/console/coupons/{}", view::text(&created, "id"))),
        Err((form, problem)) => {
            let create = create_form().filled(&form).with_problem(&problem);
            let none = Search::default();
            let build = list_main(&console, &session, &none, create);
            view::page(&session, "Coupons", "coupons", build).await
        }
    }
}
