//! Completes the generated document's answers in one place, instead of in each
//! handler's annotation: every operation lists every error status the edge can
//! answer it, each as `application/problem+json` ([`crate::error::Problem`]),
//! and the unauthenticated routes say they need no credential.
//!
//! What any request of `/v1/…` can be answered, whatever its route: the
//! [`crate::auth::Caller`] extractor and [`crate::routes::rate_limits::enforce`]
//! run before every handler (400 for a bad `X-Tenant-ID`, `X-Correlation-Id`
//! or `X-Reason`, 401, 403 for a token of another tenant, 404 for a key naming
//! another tenant than its own, 429, and 500/503 when the key cannot be read),
//! and [`crate::strict_query`] refuses a query parameter the route does not
//! read (400). A route with a body adds what [`crate::extract`] refuses (413,
//! 415); a mutation adds conflicts (409: versions, duplicates, spent limits, an
//! `Idempotency-Key` in flight) and refusals by state (422, and an
//! `Idempotency-Key` reused with another request).

use serde_json::{json, Map, Value};

/// Paths served without authentication ([`crate::routes::health`]).
pub const PUBLIC_PATHS: [&str; 4] = ["/healthz", "/readyz", "/metrics", "/openapi.json"];

/// The methods the service routes.
pub const METHODS: [&str; 5] = ["get", "put", "post", "patch", "delete"];

/// Statuses every authenticated operation can be answered.
const ANY_REQUEST: [(&str, &str); 7] = [
    (
        "400",
        "invalid_request, invalid_field or malformed_json: a value out of bounds, a query \
         parameter the route does not read, or a bad X-Tenant-ID, X-Correlation-Id or X-Reason \
         header (the problem's `field` names it)",
    ),
    (
        "401",
        "unauthorized: no, unknown, expired or unverifiable key or token",
    ),
    (
        "403",
        "forbidden: the key lacks this route's scope, a test key where only live keys may act, a \
         token for another tenant, or a blacklisted subject",
    ),
    (
        "404",
        "not_found: a record the route names does not exist, or the key names another tenant \
         than its own",
    ),
    (
        "429",
        "rate_limited or overloaded: a rate limit is spent, this address failed to authenticate \
         too often, or the coupon is contended; retry after Retry-After",
    ),
    ("500", "internal: an unexpected failure of the store"),
    (
        "503",
        "unavailable: the store or the cluster cannot answer now; retry after Retry-After",
    ),
];

/// Statuses of an operation that reads a body.
const WITH_BODY: [(&str, &str); 2] = [
    ("413", "payload_too_large: the body is larger than 1 MiB"),
    (
        "415",
        "unsupported_media_type: the body is not of the documented media type",
    ),
];

/// Statuses of a mutation.
const MUTATION: [(&str, &str); 2] = [
    (
        "409",
        "a conflict: a stale version, a duplicate, a spent limit, a state that forbids this \
         change, or the same Idempotency-Key still in flight",
    ),
    (
        "422",
        "refused by a record's state (expired, inactive, not eligible, …), or an \
         Idempotency-Key reused with another request",
    ),
];

/// Completes every operation of `doc` (the document as JSON).
pub fn complete(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let public = PUBLIC_PATHS.contains(&path.as_str());
        for method in METHODS {
            let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            if public {
                // Their answers are documented on the handlers (`/metrics`
                // answers text, not problems).
                operation.insert(String::from("security"), json!([]));
                continue;
            }
            add_edge_statuses(method, operation);
            as_problems(operation);
        }
    }
}

/// Adds the statuses the edge can answer `operation` that it does not list.
fn add_edge_statuses(method: &str, operation: &mut Map<String, Value>) {
    let has_body = operation.contains_key("requestBody");
    let mutation = method != "get";
    let responses = operation
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(responses) = responses else {
        return;
    };
    let extra = ANY_REQUEST
        .iter()
        .chain(WITH_BODY.iter().filter(|_| has_body))
        .chain(MUTATION.iter().filter(|_| mutation));
    for (status, description) in extra {
        responses
            .entry(*status)
            .or_insert_with(|| json!({ "description": description }));
    }
}

/// Every error answer of `operation` is a problem: its body
/// `application/problem+json` with the `Problem` schema; 429 and 503 carry
/// `Retry-After`.
fn as_problems(operation: &mut Map<String, Value>) {
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (status, response) in responses.iter_mut() {
        if !(status.starts_with('4') || status.starts_with('5')) {
            continue;
        }
        let Some(response) = response.as_object_mut() else {
            continue;
        };
        if response.contains_key("$ref") {
            continue;
        }
        response.insert(
            String::from("content"),
            json!({"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}),
        );
        if status == "429" || status == "503" {
            response.insert(
                String::from("headers"),
                json!({"Retry-After": {
                    "description": "seconds to wait before retrying",
                    "schema": {"type": "integer", "minimum": 0}
                }}),
            );
        }
    }
}
