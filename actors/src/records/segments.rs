//! Segments (`/segments`): audiences defined by a rule over customer
//! attributes, or by an explicit membership list stored one key per member
//! (with a counter), so a segment of millions costs nothing in memory. Every
//! change bumps the tenant's conditions epoch: codes' actors drop cached
//! memberships at their next batch.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;
use stampede_protocol::event::Event;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::check_id;
use stampede_protocol::promotion::PromoContext;
use stampede_protocol::segment::{MembersChanged, Segment, SegmentKind, SegmentView};
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, RetryPolicy, StorageError, Transaction};

use super::codec::{decode, encode};
use super::events;
use super::idempotency::{deleted, remember, Done, Once, Stored};
use super::mutation::{ok_200, settle, stale};
use super::page::{self, Page};
use super::{RecordError, Records};
use crate::promo::{compile, matches, Facts};

/// Stores a new segment under its unique name and, under the request's key,
/// its `201` response `shown`, in one transaction; a taken name is refused.
pub async fn create(
    records: &Records,
    tenant: &str,
    segment: &Segment,
    shown: &Value,
    spec: Option<&IdemSpec>,
    now: DateTime<Utc>,
) -> Result<(), RecordError> {
    let stored = encode(segment)?;
    let name_key = keys::segment_name(tenant, &segment.name);
    let key = keys::segment(tenant, &segment.id);
    let by = records.provenance();
    let taken = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (stored, name_key, key) = (stored.clone(), name_key.clone(), key.clone());
        let event = Event::new("segment.created", "segment", &segment.id, now).after(shown.clone());
        let by = by.clone();
        let (tenant, id, shown, spec) = (
            tenant.to_owned(),
            segment.id.clone(),
            shown.clone(),
            spec.cloned(),
        );
        Box::pin(async move {
            if tx.get(&name_key).await?.is_some() {
                return Ok(true);
            }
            tx.set(&name_key, id.as_bytes())?;
            tx.set(&key, &stored)?;
            tx.atomic_add(&keys::conditions_epoch(&tenant), 1)?;
            remember(tx, &tenant, spec.as_ref(), 201, &shown, now)?;
            events::record(tx, &tenant, event, &by)?;
            Ok::<bool, StorageError>(false)
        })
    })
    .await?;
    if taken {
        return Err(RecordError::invalid(
            "name",
            "a segment with this name exists",
        ));
    }
    Ok(())
}

/// A segment by id, read without a conflict range; `None` for an id no
/// segment can have.
pub async fn get(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<Segment>, RecordError> {
    super::by_id(records, id, || keys::segment(tenant, id)).await
}

/// A segment as answered: an explicit one with its member count.
pub async fn view(
    records: &Records,
    tenant: &str,
    segment: Segment,
) -> Result<SegmentView, RecordError> {
    let member_count = match segment.kind {
        SegmentKind::Explicit => {
            let mut tx = records.store().begin().await?;
            Some(count_in(tx.as_mut(), tenant, &segment.id).await?)
        }
        SegmentKind::Rule => None,
    };
    Ok(SegmentView {
        segment,
        member_count,
    })
}

/// Members of an explicit segment, read without a conflict (concurrent imports
/// only add to the counter).
async fn count_in(tx: &mut dyn Transaction, tenant: &str, id: &str) -> Result<i64, StorageError> {
    let bytes = tx.get_snapshot(&keys::segment_count(tenant, id)).await?;
    Ok(bytes
        .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
        .map_or(0, i64::from_le_bytes))
}

/// One page of the tenant's segments, by id.
pub async fn list(
    records: &Records,
    tenant: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page<Segment>, RecordError> {
    page::of(
        records,
        &keys::segments_prefix(tenant),
        cursor,
        |cursor| keys::segment(tenant, cursor),
        limit,
        |segment: &Segment| segment.id.clone(),
    )
    .await
}

/// The fields a patch may change; `version`, when given, must be current.
#[derive(Debug, Clone, Default)]
pub struct SegmentPatch {
    pub version: Option<u64>,
    pub description: Option<String>,
    /// Only a rule segment has one.
    pub definition: Option<Value>,
}

/// Changes a segment, bumping its version; the segment as answered is stored
/// under the key.
pub async fn patch(
    records: &Records,
    tenant: &str,
    id: &str,
    patch: SegmentPatch,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<SegmentView>, RecordError> {
    if check_id(id).is_err() {
        return Err(RecordError::NotFound("segment"));
    }
    let patch = Arc::new(patch);
    let once = Once::new(records.clone(), tenant, spec, now).audited(
        "segment.updated",
        ("segment", id),
        keys::segment(tenant, id),
    );
    let done = once
        .run(ok_200, |tx| {
            let (tenant, id, patch) = (tenant.to_owned(), id.to_owned(), patch.clone());
            Box::pin(async move { patch_in(tx, &tenant, &id, &patch, now).await })
        })
        .await?;
    settle(done)
}

/// The patch inside its transaction; a refusal is the inner error.
async fn patch_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    id: &str,
    patch: &SegmentPatch,
    now: DateTime<Utc>,
) -> Result<Result<SegmentView, RecordError>, StorageError> {
    let key = keys::segment(tenant, id);
    let Some(bytes) = tx.get(&key).await? else {
        return Ok(Err(RecordError::NotFound("segment")));
    };
    let mut segment: Segment = decode(&key, &bytes)?;
    if patch.version.is_some_and(|v| v != segment.version) {
        return Ok(Err(stale(segment.version)));
    }
    if patch.definition.is_some() && segment.kind == SegmentKind::Explicit {
        return Ok(Err(RecordError::invalid(
            "definition",
            "an explicit segment has no definition",
        )));
    }
    if let Some(description) = &patch.description {
        segment.description = Some(description.clone());
    }
    if let Some(definition) = &patch.definition {
        segment.definition = Some(definition.clone());
    }
    segment.updated_at = now;
    segment.version += 1;
    tx.set(&key, &encode(&segment)?)?;
    tx.atomic_add(&keys::conditions_epoch(tenant), 1)?;
    let member_count = match segment.kind {
        SegmentKind::Explicit => Some(count_in(tx, tenant, id).await?),
        SegmentKind::Rule => None,
    };
    Ok(Ok(SegmentView {
        segment,
        member_count,
    }))
}

/// Deletes a segment, its name, its counter and every member (one range clear,
/// however many).
pub async fn delete(
    records: &Records,
    tenant: &str,
    id: &str,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<()>, RecordError> {
    if check_id(id).is_err() {
        return Err(RecordError::NotFound("segment"));
    }
    let once = Once::new(records.clone(), tenant, spec, now).audited(
        "segment.deleted",
        ("segment", id),
        keys::segment(tenant, id),
    );
    let done = once
        .run(deleted, |tx| {
            let (tenant, id) = (tenant.to_owned(), id.to_owned());
            Box::pin(async move {
                let key = keys::segment(&tenant, &id);
                let Some(bytes) = tx.get(&key).await? else {
                    return Ok(false);
                };
                let segment: Segment = decode(&key, &bytes)?;
                tx.clear(&key)?;
                tx.clear(&keys::segment_name(&tenant, &segment.name))?;
                tx.clear(&keys::segment_count(&tenant, &id))?;
                tx.atomic_add(&keys::conditions_epoch(&tenant), 1)?;
                let (begin, end) = keys::prefix_range(&keys::segment_members_prefix(&tenant, &id));
                tx.clear_range(&begin, &end)?;
                Ok::<bool, StorageError>(true)
            })
        })
        .await?;
    match done {
        Done::Fresh(true) => Ok(Done::Fresh(())),
        Done::Fresh(false) => Err(RecordError::NotFound("segment")),
        Done::Replayed(record) => Ok(Done::Replayed(record)),
    }
}

/// Adds (`add`) or removes members of an explicit segment in one transaction;
/// the count moves by the number of keys that actually changed. The answer is
/// computed in that transaction, so an idempotent retry replays exactly what
/// was answered.
pub async fn change_members(
    records: &Records,
    tenant: &str,
    id: &str,
    user_ids: Vec<String>,
    add: bool,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<MembersChanged>, RecordError> {
    let users = Arc::new(user_ids);
    let kind = if add {
        "segment.members_added"
    } else {
        "segment.members_removed"
    };
    let once = Once::new(records.clone(), tenant, spec, now).audited(
        kind,
        ("segment", id),
        keys::segment(tenant, id),
    );
    let done = once
        .run(members_changed, |tx| {
            let (tenant, id, users) = (tenant.to_owned(), id.to_owned(), users.clone());
            Box::pin(async move { change_in(tx, &tenant, &id, &users, add).await })
        })
        .await?;
    match done {
        Done::Fresh(Some(changed)) => Ok(Done::Fresh(changed)),
        Done::Fresh(None) => Err(RecordError::NotFound("segment")),
        Done::Replayed(record) => Ok(Done::Replayed(record)),
    }
}

/// The member change inside its transaction; `None` when the segment is gone.
async fn change_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    id: &str,
    users: &[String],
    add: bool,
) -> Result<Option<MembersChanged>, StorageError> {
    if tx.get(&keys::segment(tenant, id)).await?.is_none() {
        return Ok(None);
    }
    let mut changed = 0i64;
    let mut seen = BTreeSet::new();
    for user in users.iter().filter(|u| seen.insert(u.as_str())) {
        let key = keys::segment_member(tenant, id, user);
        let present = tx.get(&key).await?.is_some();
        if add && !present {
            tx.set(&key, b"")?;
            changed += 1;
        } else if !add && present {
            tx.clear(&key)?;
            changed += 1;
        }
    }
    let delta = if add { changed } else { -changed };
    let before = count_in(tx, tenant, id).await?;
    tx.atomic_add(&keys::segment_count(tenant, id), delta)?;
    if changed > 0 {
        // Codes' actors drop cached memberships at their next batch.
        tx.atomic_add(&keys::conditions_epoch(tenant), 1)?;
    }
    let changed_users = usize::try_from(changed).unwrap_or(0);
    Ok(Some(MembersChanged {
        changed: changed_users,
        unchanged: users.len().saturating_sub(changed_users),
        member_count: before + delta,
    }))
}

/// What a member change stores under its key.
fn members_changed(answer: &Option<MembersChanged>) -> Result<Stored, serde_json::Error> {
    answer
        .as_ref()
        .map(|a| serde_json::to_value(a).map(|json| (200, json)))
        .transpose()
}

/// One page of an explicit segment's members (user ids, in order) after the
/// member `cursor`; a cursor that cannot be an id is refused, naming `cursor`.
pub async fn members(
    records: &Records,
    tenant: &str,
    id: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page<String>, RecordError> {
    let after = match cursor {
        Some(cursor) => {
            check_id(cursor).map_err(|err| RecordError::invalid("cursor", err.to_string()))?;
            Some(keys::segment_member(tenant, id, cursor))
        }
        None => None,
    };
    let prefix = keys::segment_members_prefix(tenant, id);
    let mut tx = records.store().begin().await?;
    let (rows, has_more) = page::rows(tx.as_mut(), &prefix, after, limit).await?;
    let data: Vec<String> = rows
        .iter()
        .filter_map(|kv| keys::user_id_of_segment_member(&kv.key))
        .collect();
    let next_cursor = has_more.then(|| data.last().cloned()).flatten();
    Ok(Page {
        data,
        next_cursor,
        has_more,
    })
}

/// Whether each context's customer is in each segment, and why: one answer
/// per (segment, context), segments outer, read in one snapshot.
pub async fn evaluate(
    records: &Records,
    tenant: &str,
    segments: &[Segment],
    users: &[PromoContext],
    now: DateTime<Utc>,
) -> Result<Vec<(bool, String)>, RecordError> {
    let mut tx = records.store().begin().await?;
    let mut out = Vec::with_capacity(segments.len() * users.len());
    for segment in segments {
        for ctx in users {
            out.push(is_member(tx.as_mut(), tenant, segment, ctx, now).await?);
        }
    }
    Ok(out)
}

/// Which of `names` the context's customer belongs to: listed in an explicit
/// segment, or matching a rule segment's definition.
pub async fn memberships(
    tx: &mut dyn Transaction,
    tenant: &str,
    ctx: &PromoContext,
    names: &BTreeSet<String>,
    now: DateTime<Utc>,
) -> Result<Vec<String>, RecordError> {
    let mut member_of = Vec::new();
    for name in names {
        let Some(id) = tx.get_snapshot(&keys::segment_name(tenant, name)).await? else {
            continue;
        };
        let id = String::from_utf8_lossy(&id).into_owned();
        let key = keys::segment(tenant, &id);
        let Some(bytes) = tx.get_snapshot(&key).await? else {
            continue;
        };
        let segment: Segment = decode(&key, &bytes)?;
        if is_member(tx, tenant, &segment, ctx, now).await?.0 {
            member_of.push(name.clone());
        }
    }
    Ok(member_of)
}

/// Whether the context's customer is in `segment`, and why.
async fn is_member(
    tx: &mut dyn Transaction,
    tenant: &str,
    segment: &Segment,
    ctx: &PromoContext,
    now: DateTime<Utc>,
) -> Result<(bool, String), RecordError> {
    match segment.kind {
        SegmentKind::Explicit => {
            let Some(user) = &ctx.user_id else {
                return Ok((false, String::from("no user_id given")));
            };
            let listed = tx
                .get_snapshot(&keys::segment_member(tenant, &segment.id, user))
                .await?
                .is_some();
            let reason = if listed { "listed" } else { "not_listed" };
            Ok((listed, String::from(reason)))
        }
        SegmentKind::Rule => {
            let Some(definition) = &segment.definition else {
                return Ok((false, String::from("no definition")));
            };
            let rule = compile(definition).map_err(|e| {
                RecordError::refused(ErrorCode::Internal, format!("stored segment rule: {e}"))
            })?;
            let holds = matches(&rule, &Facts::new(ctx, now));
            let reason = if holds {
                "rule_matched"
            } else {
                "rule_not_matched"
            };
            Ok((holds, String::from(reason)))
        }
    }
}
