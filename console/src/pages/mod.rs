//! One module per console page. A page handler asks the API (through
//! [`crate::api`]) and composes the answer from the parts in [`crate::view`];
//! an action handler posts the form's fields to the API and moves on to the
//! next page ([`crate::view::go_to`]), or shows the page again with the API's
//! errors on the fields they name.

pub mod analytics;
pub mod audit;
pub mod campaigns;
pub mod coupon;
pub mod coupons;
pub mod fraud;
pub mod jobs;
pub mod live;
pub mod redemptions;
pub mod rules;
pub mod sign_in;
pub mod webhooks;

use std::collections::HashMap;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Number, Value};

use crate::session::Session;
use crate::view;
use crate::Console;

/// Fields of a console form, at most; the console's own forms have fewer.
const MAX_FORM_FIELDS: usize = 40;
/// Bytes of one form value, at most (a rule or discount in JSON).
const MAX_FORM_VALUE_BYTES: usize = 64 * 1024;

/// What a form sent: its fields by name, bounded.
pub type Sent = HashMap<String, String>;

/// The fields of a form, refused when there are too many or one is too long.
pub fn sent(form: Sent) -> Result<Sent, crate::api::Problem> {
    if form.len() > MAX_FORM_FIELDS {
        return Err(refusal("form", format!("at most {MAX_FORM_FIELDS} fields")));
    }
    if let Some((name, _)) = form.iter().find(|(_, v)| v.len() > MAX_FORM_VALUE_BYTES) {
        return Err(refusal(
            name,
            format!("at most {MAX_FORM_VALUE_BYTES} bytes"),
        ));
    }
    Ok(form)
}

/// Sends a form to the API: `body` makes the request from the form's fields,
/// posted to `path` with the form's idempotency key. The API's answer, or
/// the fields sent and the problem (to show the form again with it).
pub async fn submit<F>(
    console: &Console,
    session: &Session,
    form: Sent,
    path: &str,
    body: F,
) -> Result<Value, (Sent, crate::api::Problem)>
where
    F: FnOnce(&Sent) -> Result<Value, crate::api::Problem>,
{
    let form = sent(form).map_err(|problem| (Sent::new(), problem))?;
    let request = match body(&form) {
        Ok(request) => request,
        Err(problem) => return Err((form, problem)),
    };
    let once = opt(&form, "once");
    match console.post(session, path, request, once.as_deref()).await {
        Ok(answer) => Ok(answer),
        Err(problem) => Err((form, problem)),
    }
}

/// The body of an action that takes one optional text (a reason, a note).
pub fn with_text(sent: &Sent, name: &str) -> Result<Value, crate::api::Problem> {
    Ok(match opt(sent, name) {
        Some(text) => serde_json::json!({ name: text }),
        None => serde_json::json!({}),
    })
}

/// A problem the console finds itself, before asking the API.
pub fn refusal(field: &str, detail: String) -> crate::api::Problem {
    crate::api::Problem {
        status: 400,
        code: String::from("invalid_field"),
        title: String::from("A field is not valid"),
        detail,
        field: Some(field.to_owned()),
    }
}

/// A field's trimmed text, `None` when empty.
pub fn opt(sent: &Sent, name: &str) -> Option<String> {
    sent.get(name)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// A field as a JSON number when it reads as one, else as the text it is
/// (so the API names the field and says what it expects).
pub fn number(text: &str) -> Value {
    match text.parse::<Number>() {
        Ok(n) => Value::Number(n),
        Err(_) => Value::String(text.to_owned()),
    }
}

/// A field that holds JSON (a discount, a rule, a cart), parsed; text that is
/// not JSON is refused on that field.
pub fn json_field(sent: &Sent, name: &str) -> Result<Option<Value>, crate::api::Problem> {
    match opt(sent, name) {
        None => Ok(None),
        Some(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|err| refusal(name, format!("not valid JSON: {err}"))),
    }
}

/// The console page the browser was on (htmx's `HX-Current-URL`), to come
/// back to after an action; `fallback` when it is not a console page.
pub fn back(headers: &HeaderMap, fallback: String) -> String {
    headers
        .get("hx-current-url")
        .and_then(|v| v.to_str().ok())
        .and_then(|url| url.find("/console/").map(|at| &url[at..]))
        .filter(|path| !path.contains("//") && path.len() <= 2_000)
        .map_or(fallback, str::to_owned)
}

pub async fn not_found(session: Session) -> Response {
    let main = view::render(&view::Notice::error("There is no such console page."));
    let mut response = view::page(&session, "Not found", "", async { Ok(main) }).await;
    *response.status_mut() = StatusCode::NOT_FOUND;
    response.into_response()
}
