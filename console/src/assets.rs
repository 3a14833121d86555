//! The console's static files, compiled into the binary, and the headers
//! every console answer carries.
//!
//! htmx is vendored from its npm package (`static/VENDORED.md` gives the
//! version, source and checksum; `static/htmx-LICENSE.txt` its licence).

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::Console;

/// htmx 2.0.11, as published in `htmx.org`'s `dist/htmx.min.js`.
pub const HTMX: &str = include_str!("../static/htmx-2.0.11.min.js");
/// The console's own script: the credential in the session, sign-out.
pub const SCRIPT: &str = include_str!("../static/console.js");
pub const STYLE: &str = include_str!("../static/console.css");

/// Only the console's own files run or style a page: no inline script or
/// style, no `eval`, nothing from elsewhere; charts are `data:` SVG images.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// How long a browser may keep a static file, in seconds: the htmx file
/// name carries its version, the console's own files change with the binary.
const STATIC_MAX_AGE_SECS: u32 = 300;

pub fn routes() -> Router<Console> {
    Router::new()
        .route("/static/htmx.min.js", get(|| file(HTMX, "text/javascript")))
        .route(
            "/static/console.js",
            get(|| file(SCRIPT, "text/javascript")),
        )
        .route("/static/console.css", get(|| file(STYLE, "text/css")))
}

async fn file(body: &'static str, kind: &'static str) -> Response {
    let cache = format!("public, max-age={STATIC_MAX_AGE_SECS}");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_str(&cache).unwrap_or(HeaderValue::from_static("no-cache")),
            ),
        ],
        body,
    )
        .into_response()
}

/// Adds the security headers to every console answer: the CSP, no framing,
/// no MIME sniffing, no referrer, and no caching of pages (they hold a
/// tenant's data fetched with the signed-in key).
pub async fn secure(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // The page depends on the credential header, so a cache must not serve
    // a signed-in answer to a request without it.
    headers.insert(
        header::VARY,
        HeaderValue::from_static("X-API-Key, Authorization, X-Tenant-Id, HX-Request"),
    );
    response
}
