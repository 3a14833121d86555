//! The public REST routes, called in process with the signed-in credential
//! ([`stampede_api::in_process`]). Every console page reads and writes
//! through here, and nothing else.

use axum::http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::Value;
use stampede_api::in_process::{self, Call};

use crate::session::Session;
use crate::Console;

/// Where the REST routes of the signed-in tenant live.
pub const BASE: &str = "/v1/promotions";

/// An error answer of the API (its `problem+json`), or of the call itself.
#[derive(Debug, Clone, Deserialize)]
pub struct Problem {
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub detail: String,
    /// The request field at fault, as a JSON path (`discount.percent`).
    #[serde(default)]
    pub field: Option<String>,
}

impl Problem {
    fn internal(detail: String) -> Self {
        Self {
            status: 500,
            code: String::from("internal"),
            title: String::from("The console could not call the API"),
            detail,
            field: None,
        }
    }

    /// Whether signing in again may help (no key, an unknown or expired one).
    pub fn unauthenticated(&self) -> bool {
        self.status == StatusCode::UNAUTHORIZED.as_u16()
    }
}

impl Console {
    /// `GET {BASE}{path}` as JSON.
    pub async fn get(&self, session: &Session, path: &str) -> Result<Value, Problem> {
        self.json(session, Method::GET, path, None, None).await
    }

    /// `POST {BASE}{path}` with a JSON body; `once` is its idempotency key, so
    /// a form sent twice (a double click, a retry) acts once.
    pub async fn post(
        &self,
        session: &Session,
        path: &str,
        body: Value,
        once: Option<&str>,
    ) -> Result<Value, Problem> {
        self.json(session, Method::POST, path, Some(body), once)
            .await
    }

    /// An analytics answer drawn as SVG (`Accept: image/svg+xml`).
    pub async fn svg(
        &self,
        session: &Session,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<String, Problem> {
        let mut headers = session.forwarded();
        headers.push(("accept", b"image/svg+xml"));
        let reply = self
            .call(session, method, path, body, headers, None)
            .await?;
        String::from_utf8(reply.to_vec()).map_err(|err| Problem::internal(err.to_string()))
    }

    async fn json(
        &self,
        session: &Session,
        method: Method,
        path: &str,
        body: Option<Value>,
        once: Option<&str>,
    ) -> Result<Value, Problem> {
        let headers = session.forwarded();
        let reply = self
            .call(session, method, path, body, headers, once)
            .await?;
        if reply.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&reply).map_err(|err| Problem::internal(err.to_string()))
    }

    async fn call(
        &self,
        session: &Session,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: Vec<(&'static str, &[u8])>,
        once: Option<&str>,
    ) -> Result<axum::body::Bytes, Problem> {
        let call = Call {
            method,
            path: format!("{BASE}{path}"),
            body,
            headers,
            idempotency_key: once,
            peer: session.peer,
        };
        let reply = in_process::call(&self.api, call)
            .await
            .map_err(|err| Problem::internal(err.to_string()))?;
        if reply.status.is_success() {
            return Ok(reply.body);
        }
        let mut problem: Problem = serde_json::from_slice(&reply.body).unwrap_or_else(|_| {
            Problem::internal(format!(
                "the API answered {} without a problem",
                reply.status
            ))
        });
        problem.status = reply.status.as_u16();
        Err(problem)
    }
}

/// `value` escaped for a path segment or query value.
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
