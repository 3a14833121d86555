//! Sign-in: the key (or JWT) is kept by `console.js` in the browser session
//! only; this page sends nothing to the server.

use askama::Template;
use axum::response::Response;

use crate::view;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignIn;

pub async fn page() -> Response {
    view::bare_page("Sign in", "sign-in", &view::render(&SignIn))
}
