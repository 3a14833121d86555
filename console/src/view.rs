//! The layout every page shares and the parts pages are made of, each an
//! `askama` template (so every value printed is escaped): [`Table`], [`Form`]
//! with field errors, [`Facts`], [`Actions`], [`Notice`], [`Chart`] and the
//! problem box of a refused call.

use askama::Template;
use axum::http::{HeaderName, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;

use crate::api::Problem;
use crate::session::Session;

/// The pages of the main navigation: path under `/console` and label.
pub const NAV: [(&str, &str); 9] = [
    ("campaigns", "Campaigns"),
    ("coupons", "Coupons"),
    ("rules", "Rules"),
    ("redemptions", "Redemptions"),
    ("analytics", "Analytics"),
    ("jobs", "Jobs"),
    ("webhooks", "Webhooks"),
    ("audit", "Audit log"),
    ("fraud", "Fraud alerts"),
];

#[derive(Template)]
#[template(path = "layout.html")]
struct Layout<'a> {
    title: &'a str,
    active: &'a str,
    nav: &'a [(&'a str, &'a str)],
    /// The page loads itself again with the credential (see [`page`]).
    deferred: Option<&'a str>,
    main: &'a str,
}

/// A whole page: `title`, the navigation with `active` marked, and `main`.
///
/// A request without a credential (a bookmark, a reload) gets the shell, which
/// `console.js` and htmx fill by asking for the same page with it; `build`
/// then runs, and a refused call shows as the problem box.
pub async fn page<F>(session: &Session, title: &str, active: &str, build: F) -> Response
where
    F: std::future::Future<Output = Result<String, Problem>>,
{
    if !session.signed_in() {
        return render_page(title, active, Some(&session.uri), "");
    }
    let main = match build.await {
        Ok(main) => main,
        Err(problem) => render(&problem_box(&problem)),
    };
    render_page(title, active, None, &main)
}

/// The sign-in page's layout: no navigation, nothing fetched.
pub fn bare_page(title: &str, active: &str, main: &str) -> Response {
    render_page(title, active, None, main)
}

fn render_page(title: &str, active: &str, deferred: Option<&str>, main: &str) -> Response {
    let layout = Layout {
        title,
        active,
        nav: &NAV,
        deferred,
        main,
    };
    Html(render(&layout)).into_response()
}

/// A part of a page alone, for htmx to swap in (a live panel, a progress bar).
pub fn fragment(session: &Session, build: Result<String, Problem>) -> Response {
    let body = match (session.signed_in(), build) {
        (false, _) => render(&Notice::error("Not signed in: sign in again.")),
        (true, Ok(body)) => body,
        (true, Err(problem)) => render(&problem_box(&problem)),
    };
    Html(body).into_response()
}

/// Tells htmx to load `path` into the page (after a form succeeded), keeping
/// the credential header, and to put it in the address bar.
pub fn go_to(path: &str) -> Response {
    let location = serde_json::json!({ "path": path, "target": "body" }).to_string();
    match HeaderValue::from_str(&location) {
        Ok(value) => ([(HeaderName::from_static("hx-location"), value)], "").into_response(),
        Err(_) => Html(render(&Notice::error("Could not move to the next page."))).into_response(),
    }
}

/// A template rendered; a template that fails to render (it cannot, with
/// these types) shows an error in its place rather than a partial page.
pub fn render(template: &impl Template) -> String {
    template.render().unwrap_or_else(|err| {
        tracing::error!(%err, "a console template failed to render");
        String::from("<p class=\"error\">This part of the page could not be shown.</p>")
    })
}

#[derive(Template)]
#[template(path = "problem.html")]
pub struct ProblemBox<'a> {
    pub problem: &'a Problem,
}

pub fn problem_box(problem: &Problem) -> ProblemBox<'_> {
    ProblemBox { problem }
}

/// One cell of a [`Table`].
pub enum Cell {
    Text(String),
    Link(String, String),
    Button(Button),
}

/// A form of one button (an action), with at most one text input.
pub struct Button {
    pub action: String,
    pub label: String,
    /// Name and label of a text input sent with it (a void's reason).
    pub input: Option<(&'static str, &'static str)>,
    pub once: String,
}

impl Button {
    pub fn new(action: String, label: impl Into<String>) -> Self {
        Self {
            action,
            label: label.into(),
            input: None,
            once: once(),
        }
    }
}

#[derive(Template)]
#[template(path = "table.html")]
pub struct Table {
    pub caption: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    pub empty: &'static str,
}

#[derive(Template)]
#[template(path = "actions.html")]
pub struct Actions {
    pub buttons: Vec<Button>,
}

#[derive(Template)]
#[template(path = "facts.html")]
pub struct Facts {
    pub caption: String,
    pub items: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "notice.html")]
pub struct Notice {
    pub kind: &'static str,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            kind: "info",
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            kind: "error",
            text: text.into(),
        }
    }
}

/// A row of links (next page, related pages).
#[derive(Template)]
#[template(path = "links.html")]
pub struct Links {
    pub links: Vec<(String, String)>,
}

impl Links {
    pub fn one(text: impl Into<String>, href: String) -> Self {
        Self {
            links: vec![(text.into(), href)],
        }
    }
}

/// A chart the API drew as SVG, shown as an image (which runs no script).
#[derive(Template)]
#[template(path = "chart.html")]
pub struct Chart {
    pub caption: String,
    pub data: String,
}

impl Chart {
    pub fn new(caption: impl Into<String>, svg: &str) -> Self {
        use base64::Engine;
        Self {
            caption: caption.into(),
            data: base64::engine::general_purpose::STANDARD.encode(svg),
        }
    }
}

pub use crate::view_form::{once, Field, Form, Kind};

/// The text of `value[key]`: strings as they are, numbers and booleans
/// printed, absent or null as an empty string.
pub fn text(value: &Value, key: &str) -> String {
    show(value.get(key).unwrap_or(&Value::Null))
}

/// A JSON value as a person reads it.
pub fn show(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `data` array of a list answer (or the answer itself when it is one).
pub fn rows(answer: &Value) -> &[Value] {
    answer
        .get("data")
        .unwrap_or(answer)
        .as_array()
        .map_or(&[], Vec::as_slice)
}
