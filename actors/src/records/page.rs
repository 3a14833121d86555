//! The one cursor page every list answers.
//!
//! A page is the records of a key range after the cursor (the last id of the
//! previous page), at most `limit` of them, and whether more follow.

use serde::de::DeserializeOwned;
use stampede_protocol::ids::check_id;
use stampede_storage::{keys, KeyValue, RangeOptions, Transaction};

use super::codec::decode;
use super::{RecordError, Records};

/// One page of records.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub data: Vec<T>,
    /// The id to pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

impl<T> Page<T> {
    /// The same page with each record changed by `f`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            data: self.data.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
            has_more: self.has_more,
        }
    }
}

/// Rows of a key range after `after` (a full key): at most `limit`, and
/// whether more follow. Read without conflict ranges.
pub async fn rows(
    tx: &mut dyn Transaction,
    prefix: &[u8],
    after: Option<Vec<u8>>,
    limit: usize,
) -> Result<(Vec<KeyValue>, bool), RecordError> {
    let (mut begin, end) = keys::prefix_range(prefix);
    if let Some(after) = after {
        begin = keys::key_after(&after);
    }
    let options = RangeOptions {
        begin,
        end,
        limit: limit + 1,
        reverse: false,
    };
    let mut rows = tx.get_range(&options).await?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    Ok((rows, more))
}

/// One page of the JSON records under `prefix`, after the record whose key is
/// `key_of(cursor)`. A cursor that cannot be an id is refused, naming `cursor`.
pub async fn of<T: DeserializeOwned>(
    records: &Records,
    prefix: &[u8],
    cursor: Option<&str>,
    key_of: impl Fn(&str) -> Vec<u8>,
    limit: usize,
    id_of: impl Fn(&T) -> String,
) -> Result<Page<T>, RecordError> {
    let after = match cursor {
        Some(cursor) => {
            check_id(cursor).map_err(|err| RecordError::invalid("cursor", err.to_string()))?;
            Some(key_of(cursor))
        }
        None => None,
    };
    let mut tx = records.store().begin().await?;
    let (rows, has_more) = rows(tx.as_mut(), prefix, after, limit).await?;
    let data: Vec<T> = rows
        .iter()
        .map(|kv| decode(&kv.key, &kv.value))
        .collect::<Result<_, _>>()?;
    let next_cursor = has_more.then(|| data.last().map(&id_of)).flatten();
    Ok(Page {
        data,
        next_cursor,
        has_more,
    })
}
