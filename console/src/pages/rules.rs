//! Rules: the stored conditions (the rule DSL, as JSON), creating one, and the
//! simulate panel: a rule, or a condition typed in, checked against a cart,
//! with every clause explained (`POST /rules/simulate`).

use axum::extract::{Form as Posted, State};
use axum::response::Response;
use serde_json::{Map, Value};

use super::{json_field, number, opt, sent, submit, Sent};
use crate::api::Problem;
use crate::session::Session;
use crate::view::{self, Cell, Field, Form, Kind, Notice, Table};
use crate::Console;

/// Rules a page lists.
const PAGE_LIMIT: u32 = 100;
const EXAMPLE_CONTEXT: &str =
    r#"{"currency": "EUR", "items": [{"sku": "SKU-1", "price": 40, "quantity": 2}]}"#;

pub async fn list(State(console): State<Console>, session: Session) -> Response {
    let build = async { main(&console, &session, create_form(), simulate_form(), "").await };
    view::page(&session, "Rules", "rules", build).await
}

async fn main(
    console: &Console,
    session: &Session,
    create: Form,
    simulate: Form,
    result: &str,
) -> Result<String, Problem> {
    let rules = console
        .get(session, &format!("/rules?limit={PAGE_LIMIT}"))
        .await?;
    let table = Table {
        caption: String::from("Rules"),
        columns: vec!["Name", "Id", "Priority", "Condition"],
        rows: view::rows(&rules)
            .iter()
            .map(|rule| {
                vec![
                    Cell::Text(view::text(rule, "name")),
                    Cell::Text(view::text(rule, "id")),
                    Cell::Text(view::text(rule, "priority")),
                    Cell::Text(view::text(rule, "condition")),
                ]
            })
            .collect(),
        empty: "No rule yet.",
    };
    Ok(view::render(&simulate) + result + &view::render(&table) + &view::render(&create))
}

fn create_form() -> Form {
    Form::post("new-rule", "New rule", String::from("/console/rules"))
        .submit("Create rule")
        .field(Field::new("name", "Name", Kind::Text))
        .field(Field::new("priority", "Priority", Kind::Number).help("Higher is evaluated first"))
        .field(
            Field::new("condition", "Condition (rule DSL, JSON)", Kind::TextArea).help(
                "e.g. {\"all\": [{\"fact\": \"cart.total\", \"op\": \"gte\", \"value\": 50}]}",
            ),
        )
}

fn simulate_form() -> Form {
    let mut form = Form::post(
        "simulate",
        "Simulate against a cart",
        String::from("/console/rules/simulate"),
    )
    .submit("Simulate")
    .field(Field::new("rule_id", "Rule id", Kind::Text).help("A stored rule, or…"))
    .field(Field::new(
        "condition",
        "…a condition (JSON)",
        Kind::TextArea,
    ))
    .field(Field::new(
        "context",
        "Cart and customer (JSON)",
        Kind::TextArea,
    ));
    form.once = None;
    form.fields[2].value = String::from(EXAMPLE_CONTEXT);
    form
}

pub async fn create(
    State(console): State<Console>,
    session: Session,
    Posted(form): Posted<Sent>,
) -> Response {
    let outcome = submit(&console, &session, form, "/rules", rule_body).await;
    match outcome {
        Ok(_) => view::go_to("/console/rules"),
        Err((form, problem)) => {
            let create = create_form().filled(&form).with_problem(&problem);
            let build = main(&console, &session, create, simulate_form(), "");
            view::page(&session, "Rules", "rules", build).await
        }
    }
}

fn rule_body(sent: &Sent) -> Result<Value, Problem> {
    let mut body = Map::new();
    if let Some(name) = opt(sent, "name") {
        body.insert(String::from("name"), Value::String(name));
    }
    if let Some(priority) = opt(sent, "priority") {
        body.insert(String::from("priority"), number(&priority));
    }
    if let Some(condition) = json_field(sent, "condition")? {
        body.insert(String::from("condition"), condition);
    }
    Ok(Value::Object(body))
}

pub async fn simulate(
    State(console): State<Console>,
    session: Session,
    Posted(form): Posted<Sent>,
) -> Response {
    let (form, outcome) = match sent(form) {
        Err(problem) => (Sent::new(), Err(problem)),
        Ok(form) => {
            let outcome = match simulate_body(&form) {
                Ok(body) => console.post(&session, "/rules/simulate", body, None).await,
                Err(problem) => Err(problem),
            };
            (form, outcome)
        }
    };
    let (simulate, result) = match outcome {
        Ok(simulation) => (simulate_form().filled(&form), explained(&simulation)),
        Err(problem) => (
            simulate_form().filled(&form).with_problem(&problem),
            String::new(),
        ),
    };
    let build = main(&console, &session, create_form(), simulate, &result);
    view::page(&session, "Rules", "rules", build).await
}

fn simulate_body(sent: &Sent) -> Result<Value, Problem> {
    let mut body = Map::new();
    if let Some(id) = opt(sent, "rule_id") {
        body.insert(String::from("rule_id"), Value::String(id));
    }
    if let Some(condition) = json_field(sent, "condition")? {
        body.insert(String::from("condition"), condition);
    }
    let context = json_field(sent, "context")?.unwrap_or_else(|| Value::Object(Map::new()));
    body.insert(String::from("context"), context);
    Ok(Value::Object(body))
}

/// The verdict and each clause's explanation.
fn explained(simulation: &Value) -> String {
    let holds = simulation.get("result").and_then(Value::as_bool) == Some(true);
    let verdict = if holds {
        Notice::info("The condition holds for this cart.")
    } else {
        Notice::error("The condition does not hold for this cart.")
    };
    let clauses = simulation.get("clauses").and_then(Value::as_array);
    let table = Table {
        caption: String::from("Each clause"),
        columns: vec!["Clause", "Path", "What the cart held", "Holds"],
        rows: clauses
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|clause| {
                let matched = clause.get("matched").and_then(Value::as_bool) == Some(true);
                vec![
                    Cell::Text(view::text(clause, "clause")),
                    Cell::Text(view::text(clause, "path")),
                    Cell::Text(view::show(clause.get("observed").unwrap_or(&Value::Null))),
                    Cell::Text(String::from(if matched { "yes" } else { "no" })),
                ]
            })
            .collect(),
        empty: "No clause.",
    };
    view::render(&verdict) + &view::render(&table)
}
