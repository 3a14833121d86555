//! Store helpers shared by the promotion, rule and segment routes: JSON records,
//! cursor pages, idempotent mutations.
//!
//! Every mutation of these routes honours `Idempotency-Key` the same way: the
//! stored response is looked up before the request is checked (a plain replay),
//! and again inside the mutation's transaction, which writes the response it
//! commits under the key ([`Once::run`]), so a retry racing its original, or
//! following a commit whose result was lost, never repeats the effect.

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use stampede_protocol::idempotency::IdemSpec;
use stampede_storage::store::TxnFuture;
use stampede_storage::{keys, KeyValue, RangeOptions, SharedStore, StorageError, Transaction};

use stampede_actors::records;

use crate::error::ApiError;
use crate::idempotency;

pub fn corrupt(err: serde_json::Error) -> StorageError {
    StorageError::Corrupt {
        key: String::from("<json>"),
        detail: err.to_string(),
    }
}

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StorageError> {
    serde_json::to_vec(value).map_err(corrupt)
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StorageError> {
    serde_json::from_slice(bytes).map_err(corrupt)
}

/// A committed record, read without a conflict range.
pub async fn read<T: DeserializeOwned>(
    store: &SharedStore,
    key: &[u8],
) -> Result<Option<T>, ApiError> {
    let mut tx = store.begin().await?;
    match tx.get_snapshot(key).await? {
        Some(bytes) => Ok(Some(decode(&bytes)?)),
        None => Ok(None),
    }
}

/// Reads a record inside a transaction (with a conflict range).
pub async fn read_in<T: DeserializeOwned>(
    tx: &mut dyn Transaction,
    key: &[u8],
) -> Result<Option<T>, StorageError> {
    match tx.get(key).await? {
        Some(bytes) => Ok(Some(decode(&bytes)?)),
        None => Ok(None),
    }
}

/// One page of a key range after `cursor` (the last key of the previous page, as
/// a full key); returns the pairs and whether more follow.
pub async fn page(
    store: &SharedStore,
    prefix: &[u8],
    after: Option<Vec<u8>>,
    limit: usize,
) -> Result<(Vec<KeyValue>, bool), ApiError> {
    let (mut begin, end) = keys::prefix_range(prefix);
    if let Some(after) = after {
        begin = keys::key_after(&after);
    }
    let mut tx = store.begin().await?;
    let mut rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: limit + 1,
            reverse: false,
        })
        .await?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    Ok((rows, more))
}

/// One page of records: what a list endpoint answers.
pub struct RecordPage<T> {
    pub data: Vec<T>,
    /// The id to pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

/// One page of the JSON records under `prefix`, after the record whose key
/// `key_of(cursor)` is (the cursor is the last id of the previous page).
pub async fn records_page<T: serde::de::DeserializeOwned>(
    store: &SharedStore,
    prefix: &[u8],
    cursor: Option<&str>,
    key_of: impl Fn(&str) -> Vec<u8>,
    limit: usize,
    id_of: impl Fn(&T) -> String,
) -> Result<RecordPage<T>, ApiError> {
    let after = match cursor {
        Some(cursor) => {
            crate::validate::identifier("cursor", cursor)?;
            Some(key_of(cursor))
        }
        None => None,
    };
    let (rows, has_more) = page(store, prefix, after, limit).await?;
    let data: Vec<T> = rows
        .iter()
        .map(|kv| decode(&kv.value))
        .collect::<Result<_, _>>()?;
    let next_cursor = has_more.then(|| data.last().map(&id_of)).flatten();
    Ok(RecordPage {
        data,
        next_cursor,
        has_more,
    })
}

/// The idempotency spec of a mutation, or the stored response of its earlier run.
pub async fn idempotent(
    state: &crate::AppState,
    tenant: &str,
    headers: &HeaderMap,
    method: &Method,
    path: &str,
    body: &[u8],
) -> Result<Result<Option<IdemSpec>, Response>, ApiError> {
    let spec = idempotency::from_header(headers, method, path, body)?;
    if let Some(spec) = &spec {
        if let Some(replayed) = idempotency::replay(state, tenant, spec).await? {
            return Ok(Err(replayed));
        }
    }
    Ok(Ok(spec))
}

/// [`idempotent`] for a handler's request parts.
pub async fn idempotent_for(
    state: &crate::AppState,
    caller: &crate::auth::Caller,
    method: &Method,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    raw: &[u8],
) -> Result<Result<Option<IdemSpec>, Response>, ApiError> {
    idempotent(state, &caller.tenant, headers, method, uri.path(), raw).await
}

pub use stampede_actors::records::idempotency::remember;
pub use stampede_actors::records::idempotency::Stored;

/// A mutation's transaction bound to the request's idempotency key
/// ([`records::idempotency::Once`]), answering a replay as the stored response.
pub struct Once(records::idempotency::Once);

impl Once {
    pub fn new(
        state: &crate::AppState,
        tenant: &str,
        spec: Option<IdemSpec>,
        now: DateTime<Utc>,
    ) -> Self {
        Once(records::idempotency::Once::new(
            state.records(),
            tenant,
            spec,
            now,
        ))
    }

    /// [`records::idempotency::Once::run`]; `Err` is the earlier response.
    pub async fn run<T, F, R>(self, respond: R, body: F) -> Result<Result<T, Response>, ApiError>
    where
        T: Send,
        F: for<'a> FnMut(&'a mut dyn Transaction) -> TxnFuture<'a, T> + Send,
        R: Fn(&T) -> Result<Stored, serde_json::Error> + Sync,
    {
        match self.0.run(respond, body).await? {
            records::idempotency::Done::Fresh(value) => Ok(Ok(value)),
            records::idempotency::Done::Replayed(record) => {
                Ok(Err(idempotency::stored_response(&record)))
            }
        }
    }
}

pub use stampede_actors::records::idempotency::deleted;

/// `201 Created` with a JSON body.
pub fn created<T: Serialize>(value: &T) -> Response {
    (StatusCode::CREATED, Json(value)).into_response()
}

/// The response of a once-only mutation: `fresh` of what it did now, or the
/// response stored when it first ran.
pub fn answer<T>(
    done: records::idempotency::Done<T>,
    fresh: impl FnOnce(T) -> Response,
) -> Response {
    match done {
        records::idempotency::Done::Fresh(value) => fresh(value),
        records::idempotency::Done::Replayed(record) => idempotency::stored_response(&record),
    }
}
