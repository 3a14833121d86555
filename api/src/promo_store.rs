//! Responses shared by the promotion, rule and segment routes.
//!
//! Every mutation of these routes honours `Idempotency-Key` the same way: the
//! stored response is looked up before the request is checked
//! ([`crate::idempotency::Idempotent`]), and again inside the mutation's
//! transaction, which the records layer runs once only and which writes the
//! response it commits under the key
//! ([`stampede_actors::records::idempotency::Once`]), so a retry racing its
//! original, or following a commit whose result was lost, never repeats the
//! effect. [`answer`] turns what such a mutation did into its response.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use stampede_actors::records::idempotency::Done;

use crate::idempotency::stored_response;

/// The response of a once-only mutation: `fresh` of what it did now, or the
/// response stored when it first ran.
pub fn answer<T>(done: Done<T>, fresh: impl FnOnce(T) -> Response) -> Response {
    match done {
        Done::Fresh(value) => fresh(value),
        Done::Replayed(record) => stored_response(&record),
    }
}

/// `201 Created` with a JSON body.
pub fn created<T: Serialize>(value: &T) -> Response {
    (StatusCode::CREATED, Json(value)).into_response()
}
