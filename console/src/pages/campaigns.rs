//! Campaigns: the list with filters, creating one with its budget, and one
//! campaign's budget, usage, coupons and lifecycle actions
//! (activate, pause, resume, end).

use axum::extract::{Form as Posted, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Redirect, Response};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{number, opt, submit, Sent};
use crate::api::{encode, Problem};
use crate::session::Session;
use crate::view::{self, Button, Cell, Field, Form, Kind, Table};
use crate::Console;

const STATUSES: [(&str, &str); 6] = [
    ("", "Any status"),
    ("draft", "Draft"),
    ("active", "Active"),
    ("paused", "Paused"),
    ("ended", "Ended"),
    ("scheduled", "Scheduled"),
];
/// The lifecycle actions the API has (`POST /campaigns/{id}/{action}`).
const ACTIONS: [&str; 4] = ["activate", "pause", "resume", "end"];
/// Campaigns a page lists.
const PAGE_LIMIT: u32 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filters {
    #[serde(default)]
    status: String,
    #[serde(default)]
    cursor: String,
}

pub async fn index() -> Redirect {
    Redirect::to("/console/campaigns")
}

pub async fn list(
    State(console): State<Console>,
    session: Session,
    Query(filters): Query<Filters>,
) -> Response {
    let build = async { list_main(&console, &session, &filters, create_form()).await };
    view::page(&session, "Campaigns", "campaigns", build).await
}

async fn list_main(
    console: &Console,
    session: &Session,
    filters: &Filters,
    create: Form,
) -> Result<String, Problem> {
    let mut path = format!("/campaigns?limit={PAGE_LIMIT}");
    if !filters.status.is_empty() {
        path.push_str(&format!("&status={}", encode(&filters.status)));
    }
    if !filters.cursor.is_empty() {
        path.push_str(&format!("&cursor={}", encode(&filters.cursor)));
    }
    let answer = console.get(session, &path).await?;
    let mut filter = Form::get("filter", "Filter", String::from("/console/campaigns"))
        .submit("Filter")
        .field(Field::new(
            "status",
            "Status",
            Kind::Select(STATUSES.to_vec()),
        ));
    filter.fields[0].value.clone_from(&filters.status);
    let table = Table {
        caption: String::from("Campaigns"),
        columns: vec!["Name", "Status", "Starts", "Ends", "Redemption budget"],
        rows: view::rows(&answer).iter().map(row).collect(),
        empty: "No campaign matches.",
    };
    let mut main = view::render(&filter) + &view::render(&table);
    if let Some(next) = answer.get("next_cursor").and_then(Value::as_str) {
        let href = format!(
            "/console/campaigns?status={}&cursor={}",
            encode(&filters.status),
            encode(next)
        );
        main.push_str(&view::render(&view::Links::one("Next page", href)));
    }
    Ok(main + &view::render(&create))
}

fn row(campaign: &Value) -> Vec<Cell> {
    let id = view::text(campaign, "id");
    let budget = campaign
        .pointer("/budget/max_redemptions")
        .map(view::show)
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| String::from("none"));
    vec![
        Cell::Link(
            view::text(campaign, "name"),
            format!("/console/campaigns/{id}"),
        ),
        Cell::Text(view::text(campaign, "status")),
        Cell::Text(view::text(campaign, "start")),
        Cell::Text(view::text(campaign, "end")),
        Cell::Text(budget),
    ]
}

fn create_form() -> Form {
    Form::post(
        "new-campaign",
        "New campaign",
        String::from("/console/campaigns"),
    )
    .submit("Create campaign")
    .field(Field::new("name", "Name", Kind::Text))
    .field(Field::new("description", "Description", Kind::Text))
    .field(Field::new("start", "Starts", Kind::DateTime).help("RFC 3339; empty: now"))
    .field(Field::new("end", "Ends", Kind::DateTime).help("RFC 3339; empty: no end"))
    .field(
        Field::new("max_redemptions", "Redemption budget", Kind::Number)
            .json("budget.max_redemptions")
            .help("Redemptions allowed across all its coupons; empty: no limit"),
    )
    .field(
        Field::new("money", "Discount budget", Kind::Text)
            .json("budget.money")
            .help("Per currency, e.g. EUR 5000, USD 2500; empty: no limit"),
    )
    .field(Field::new("time_zone", "Time zone", Kind::Text).help("IANA name, e.g. Europe/Paris"))
}

/// The request body of a new campaign from the form.
fn campaign_body(sent: &Sent) -> Result<Value, Problem> {
    let mut body = Map::new();
    for name in ["name", "description", "start", "end", "time_zone"] {
        if let Some(value) = opt(sent, name) {
            body.insert(name.to_owned(), Value::String(value));
        }
    }
    let mut budget = Map::new();
    if let Some(max) = opt(sent, "max_redemptions") {
        budget.insert(String::from("max_redemptions"), number(&max));
    }
    if let Some(money) = opt(sent, "money") {
        budget.insert(String::from("money"), money_map(&money)?);
    }
    if !budget.is_empty() {
        body.insert(String::from("budget"), Value::Object(budget));
    }
    Ok(Value::Object(body))
}

/// `EUR 5000, USD 2500` as `{"EUR": 5000, "USD": 2500}`.
fn money_map(text: &str) -> Result<Value, Problem> {
    let mut money = Map::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((currency, amount)) = part.split_once(char::is_whitespace) else {
            return Err(super::refusal(
                "money",
                format!("`{part}`: a currency and an amount"),
            ));
        };
        money.insert(currency.trim().to_uppercase(), number(amount.trim()));
    }
    Ok(Value::Object(money))
}

pub async fn create(
    State(console): State<Console>,
    session: Session,
    Posted(form): Posted<Sent>,
) -> Response {
    let outcome = submit(&console, &session, form, "/campaigns", campaign_body).await;
    match outcome {
        Ok(created) => view::go_to(&format!(
            "/console/campaigns/{}",
            view::text(&created, "id")
        )),
        Err((form, problem)) => {
            let create = create_form().filled(&form).with_problem(&problem);
            let none = Filters::default();
            let build = list_main(&console, &session, &none, create);
            view::page(&session, "Campaigns", "campaigns", build).await
        }
    }
}

pub async fn show(
    State(console): State<Console>,
    session: Session,
    Path(id): Path<String>,
) -> Response {
    let build = async { show_main(&console, &session, &id).await };
    view::page(&session, "Campaign", "campaigns", build).await
}

async fn show_main(console: &Console, session: &Session, id: &str) -> Result<String, Problem> {
    let campaign = console
        .get(session, &format!("/campaigns/{}", encode(id)))
        .await?;
    let coupons = console
        .get(
            session,
            &format!("/coupons?campaign_id={}&limit=50", encode(id)),
        )
        .await?;
    let facts = view::Facts {
        caption: view::text(&campaign, "name"),
        items: vec![
            ("Status", view::text(&campaign, "status")),
            ("Starts", view::text(&campaign, "start")),
            ("Ends", view::text(&campaign, "end")),
            (
                "Redemption budget",
                show_at(&campaign, "/budget/max_redemptions", "no limit"),
            ),
            (
                "Discount budget",
                show_at(&campaign, "/budget/money", "no limit"),
            ),
            (
                "Redemptions spent",
                show_at(&campaign, "/usage/spent/redemptions", "0"),
            ),
            (
                "Discount spent",
                show_at(&campaign, "/usage/spent/money", "none"),
            ),
            (
                "Quota leased to coupons",
                show_at(&campaign, "/usage/leased/redemptions", "0"),
            ),
            (
                "Coupons holding a lease",
                show_at(&campaign, "/usage/coupons", "0"),
            ),
            ("Id", id.to_owned()),
        ],
    };
    let actions = view::Actions {
        buttons: ACTIONS
            .iter()
            .map(|action| {
                let label = format!("{}{}", action[..1].to_uppercase(), &action[1..]);
                Button::new(format!("/console/campaigns/{}/{action}", encode(id)), label)
            })
            .collect(),
    };
    let table = Table {
        caption: String::from("Coupons of this campaign"),
        columns: vec!["Code", "Name", "Kind", "Status", "Uses"],
        rows: view::rows(&coupons)
            .iter()
            .map(super::coupons::row)
            .collect(),
        empty: "No coupon yet: create one on the Coupons page with this campaign's id.",
    };
    Ok(view::render(&facts) + &view::render(&actions) + &view::render(&table))
}

/// The value at a JSON pointer, shown; `absent` when it is missing or empty.
pub fn show_at(value: &Value, pointer: &str, absent: &str) -> String {
    let shown = value.pointer(pointer).map(view::show).unwrap_or_default();
    if shown.is_empty() || shown == "{}" {
        absent.to_owned()
    } else {
        shown
    }
}

pub async fn act(
    State(console): State<Console>,
    session: Session,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    Posted(form): Posted<Sent>,
) -> Response {
    let back = super::back(&headers, format!("/console/campaigns/{}", encode(&id)));
    let outcome = if ACTIONS.contains(&action.as_str()) {
        let path = format!("/campaigns/{}/{action}", encode(&id));
        submit(&console, &session, form, &path, |_| Ok(json!({}))).await
    } else {
        Err((
            Sent::new(),
            super::refusal("action", format!("unknown action `{action}`")),
        ))
    };
    match outcome {
        Ok(_) => view::go_to(&back),
        Err((_, problem)) => {
            let build = async {
                let page = show_main(&console, &session, &id).await?;
                Ok(view::render(&view::problem_box(&problem)) + &page)
            };
            view::page(&session, "Campaign", "campaigns", build).await
        }
    }
}
