//! The journal: one [`Event`] per effect, appended in the effect's transaction.
//!
//! Keys are `(tenant, "journal") ++ versionstamp ++ n`: the store orders them
//! by commit, so the journal is read in the order its effects happened. The
//! audit API pages through it newest first with filters; webhook delivery
//! reads it oldest first after each endpoint's cursor.

use chrono::{DateTime, Utc};
use stampede_protocol::event::{event_id, event_position, Event, EventView};
use stampede_protocol::event::{Provenance, EVENT_POSITION_BYTES};
use stampede_storage::{keys, KeyValue, RangeOptions, StorageError, Transaction};

use super::codec::{decode, encode};
use super::{RecordError, Records};

/// Most events one audit page holds.
pub const MAX_AUDIT_PAGE: usize = 200;
/// Most journal entries one audit request reads while filtering: a filter that
/// matches rarely answers a short page with a cursor rather than scanning the
/// whole journal in one request.
pub const MAX_AUDIT_SCAN_EVENTS: usize = 5_000;
/// Journal entries read per range request while scanning.
const SCAN_CHUNK: usize = 500;

/// Appends `event` to the tenant's journal in `tx`; `n` numbers the events of
/// one transaction (each writer keeps its own counter, starting at 0).
pub fn append(
    tx: &mut dyn Transaction,
    tenant: &str,
    n: &mut u16,
    event: &Event,
) -> Result<(), StorageError> {
    *n = n.wrapping_add(1);
    debug_assert!(*n != 0, "more than u16::MAX events in one transaction");
    tx.set_versionstamped_key(&keys::journal(tenant), &n.to_be_bytes(), &encode(event)?)
}

/// Appends the one event of a records-layer mutation, by `provenance`.
pub fn record(
    tx: &mut dyn Transaction,
    tenant: &str,
    event: Event,
    provenance: &Provenance,
) -> Result<(), StorageError> {
    let mut n = 0;
    append(tx, tenant, &mut n, &event.by(provenance))
}

/// Appends `event` as the last of its transaction (number `u16::MAX`): for an
/// effect that closes a transaction other writers also append to (a job's
/// final batch after its batch's own events).
pub fn record_last(
    tx: &mut dyn Transaction,
    tenant: &str,
    event: Event,
    provenance: &Provenance,
) -> Result<(), StorageError> {
    let mut n = u16::MAX - 1;
    append(tx, tenant, &mut n, &event.by(provenance))
}

/// The event `id` names, `None` when there is none.
pub async fn get(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<EventView>, RecordError> {
    let Some(position) = event_position(id) else {
        return Ok(None);
    };
    let key = [keys::journal(tenant), position].concat();
    let mut tx = records.store().begin().await?;
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(view(&key, tenant, &bytes)?)),
        None => Ok(None),
    }
}

fn view(key: &[u8], tenant: &str, value: &[u8]) -> Result<EventView, StorageError> {
    let prefix_len = keys::journal(tenant).len();
    let position = key.get(prefix_len..).unwrap_or_default();
    if position.len() != EVENT_POSITION_BYTES {
        return Err(StorageError::Corrupt {
            key: String::from_utf8_lossy(key).into_owned(),
            detail: String::from("not a journal key"),
        });
    }
    Ok(EventView {
        id: event_id(position),
        event: decode(key, value)?,
    })
}

/// What an audit query keeps.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    /// An event type (`coupon.revoked`) or a family (`coupon`).
    pub action: Option<String>,
    pub target_id: Option<String>,
    pub target_type: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl Filter {
    fn keeps(&self, event: &Event) -> bool {
        let action = self.action.as_deref().is_none_or(|a| {
            event.kind == a
                || event
                    .kind
                    .strip_prefix(a)
                    .is_some_and(|rest| rest.starts_with('.'))
        });
        action
            && self
                .actor
                .as_ref()
                .is_none_or(|a| *a == event.provenance.actor)
            && self
                .target_id
                .as_ref()
                .is_none_or(|t| *t == event.target_id)
            && self
                .target_type
                .as_ref()
                .is_none_or(|t| *t == event.target_type)
            && self.from.is_none_or(|from| event.at >= from)
            && self.to.is_none_or(|to| event.at < to)
    }
}

/// One audit page: events newest first, after `cursor` (an event id), that
/// `filter` keeps. Reads at most [`MAX_AUDIT_SCAN_EVENTS`] entries; when it
/// stops there, `next_cursor` continues the scan.
pub async fn audit(
    records: &Records,
    tenant: &str,
    filter: &Filter,
    cursor: Option<&str>,
    limit: usize,
) -> Result<super::Page<EventView>, RecordError> {
    let prefix = keys::journal(tenant);
    let (begin, mut end) = keys::prefix_range(&prefix);
    if let Some(cursor) = cursor {
        let position = event_position(cursor)
            .ok_or_else(|| RecordError::invalid("cursor", "not an event id"))?;
        end = [prefix.clone(), position].concat();
    }
    let limit = limit.clamp(1, MAX_AUDIT_PAGE);
    let mut tx = records.store().begin().await?;
    let (mut data, mut scanned) = (Vec::new(), 0);
    loop {
        let options = RangeOptions {
            begin: begin.clone(),
            end: end.clone(),
            limit: SCAN_CHUNK,
            reverse: true,
        };
        let rows: Vec<KeyValue> = tx.get_range(&options).await?;
        let exhausted = rows.len() < SCAN_CHUNK;
        for row in &rows {
            scanned += 1;
            let event = view(&row.key, tenant, &row.value)?;
            let id = event.id.clone();
            end.clone_from(&row.key);
            if filter.keeps(&event.event) {
                data.push(event);
            }
            if data.len() == limit || scanned == MAX_AUDIT_SCAN_EVENTS {
                return Ok(page(data, Some(id), true));
            }
        }
        if exhausted {
            return Ok(page(data, None, false));
        }
    }
}

fn page(data: Vec<EventView>, last: Option<String>, more: bool) -> super::Page<EventView> {
    super::Page {
        data,
        next_cursor: if more { last } else { None },
        has_more: more,
    }
}

/// Up to `limit` events after journal `position` (from the start when
/// `None`), oldest first, each with its position.
pub async fn after(
    records: &Records,
    tenant: &str,
    position: Option<&[u8]>,
    limit: usize,
) -> Result<Vec<(Vec<u8>, EventView)>, RecordError> {
    let prefix = keys::journal(tenant);
    let (mut begin, end) = keys::prefix_range(&prefix);
    if let Some(position) = position {
        begin = keys::key_after(&[prefix.as_slice(), position].concat());
    }
    let options = RangeOptions {
        begin,
        end,
        limit: limit.max(1),
        reverse: false,
    };
    let mut tx = records.store().begin().await?;
    let rows = tx.get_range(&options).await?;
    rows.iter()
        .map(|row| {
            let event = view(&row.key, tenant, &row.value)?;
            Ok((row.key[prefix.len()..].to_vec(), event))
        })
        .collect()
}

/// The position of the tenant's newest event, as `tx` reads it.
pub async fn last_position(
    tx: &mut dyn Transaction,
    tenant: &str,
) -> Result<Option<Vec<u8>>, StorageError> {
    let prefix = keys::journal(tenant);
    let (begin, end) = keys::prefix_range(&prefix);
    let options = RangeOptions {
        begin,
        end,
        limit: 1,
        reverse: true,
    };
    let rows = tx.get_range(&options).await?;
    Ok(rows.first().map(|row| row.key[prefix.len()..].to_vec()))
}
