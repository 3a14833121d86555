//! Coupons as stored: created here (no actor exists before the first
//! decision), read as committed. Every later change to a coupon goes through
//! its actor, the only writer of a coupon after creation.

use serde_json::Value;
use stampede_protocol::event::{Event, Provenance};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::{Coupon, ErrorCode};
use stampede_storage::{keys, RangeOptions, StorageError, Transaction};

use super::codec::{decode, encode};
use super::events;
use super::idempotency::{Done, Once, Stored};
use super::{RecordError, Records};

/// Rows read per storage round trip while scanning coupons.
const SCAN_CHUNK_ROWS: usize = 256;

/// A coupon by id, as committed; `None` for an id no coupon can have.
pub async fn get(records: &Records, tenant: &str, id: &str) -> Result<Option<Coupon>, RecordError> {
    super::by_id(records, id, || keys::coupon(tenant, id)).await
}

/// The coupon a normalized code names, through the code index.
pub async fn by_code(
    records: &Records,
    tenant: &str,
    code: &str,
) -> Result<Option<Coupon>, RecordError> {
    let key = keys::code(tenant, code);
    let id = {
        let mut tx = records.store().begin().await?;
        tx.get_snapshot(&key).await?
    };
    let Some(id) = id else { return Ok(None) };
    let id = String::from_utf8(id).map_err(|err| StorageError::Corrupt {
        key: String::from_utf8_lossy(&key).into_owned(),
        detail: err.to_string(),
    })?;
    get(records, tenant, &id).await
}

/// A code of a coupon as its actor decides it: with its parent's terms, read
/// live (a change to the parent applies to all its codes at once).
pub async fn following(
    records: &Records,
    tenant: &str,
    mut coupon: Coupon,
) -> Result<Coupon, RecordError> {
    if let Some(parent_id) = coupon.parent_id.clone() {
        if let Some(parent) = get(records, tenant, &parent_id).await? {
            coupon.follow(&parent);
        }
    }
    Ok(coupon)
}

/// The index of the first of `ids` that names no stored rule: a coupon only
/// references rules that exist when it is set.
pub async fn first_missing_rule(
    records: &Records,
    tenant: &str,
    ids: &[String],
) -> Result<Option<usize>, RecordError> {
    if ids.is_empty() {
        return Ok(None);
    }
    let mut tx = records.store().begin().await?;
    for (i, id) in ids.iter().enumerate() {
        if tx.get_snapshot(&keys::rule(tenant, id)).await?.is_none() {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// What one create transaction did.
enum Inserted {
    New,
    /// A retry after an unknown commit result found its own coupon: nothing
    /// written again (the key's response, if any, was stored with it).
    Again,
    Duplicate,
}

/// Stores a new coupon with its code index, its `coupon.created` event and
/// audit entry, and (with `spec`) its `201` response, in one transaction.
/// Refused with `duplicate_code` when another coupon holds the code.
pub async fn create(
    records: &Records,
    tenant: &str,
    coupon: &Coupon,
    by: &Provenance,
    spec: Option<IdemSpec>,
) -> Result<Done<()>, RecordError> {
    let tenant = tenant.to_owned();
    let body = serde_json::to_value(coupon)?;
    let encoded = encode(coupon)?;
    let once = Once::new(records.clone(), &tenant, spec, coupon.created_at);
    let respond = |done: &Inserted| -> Result<Stored, serde_json::Error> {
        Ok(matches!(done, Inserted::New).then(|| (201, body.clone())))
    };
    let done = once
        .run(respond, |tx| {
            let (tenant, body, encoded) = (tenant.clone(), body.clone(), encoded.clone());
            let (coupon, by) = (coupon.clone(), by.clone());
            Box::pin(async move { insert(tx, &tenant, &coupon, &encoded, &body, &by).await })
        })
        .await?;
    match done {
        Done::Fresh(Inserted::Duplicate) => Err(RecordError::field(
            ErrorCode::DuplicateCode,
            "code",
            format!("a coupon with code {} already exists", coupon.code),
        )),
        Done::Fresh(_) => Ok(Done::Fresh(())),
        Done::Replayed(record) => Ok(Done::Replayed(record)),
    }
}

/// One attempt of [`create`]'s transaction.
async fn insert(
    tx: &mut dyn Transaction,
    tenant: &str,
    coupon: &Coupon,
    encoded: &[u8],
    body: &Value,
    by: &Provenance,
) -> Result<Inserted, StorageError> {
    let code_key = keys::code(tenant, &coupon.code);
    if let Some(existing) = tx.get(&code_key).await? {
        if existing == coupon.id.as_bytes() {
            return Ok(Inserted::Again);
        }
        return Ok(Inserted::Duplicate);
    }
    tx.set(&code_key, coupon.id.as_bytes())?;
    tx.set(&keys::coupon(tenant, &coupon.id), encoded)?;
    let auto = coupon.auto_generate.as_ref();
    super::triggers::index::reindex(tx, tenant, &coupon.id, None, auto)?;
    let event =
        Event::new("coupon.created", "coupon", &coupon.id, coupon.created_at).after(body.clone());
    events::record(tx, tenant, event, by)?;
    Ok(Inserted::New)
}

/// What a bounded scan of a tenant's coupons found.
#[derive(Debug)]
pub struct Scanned<T> {
    /// The coupons `keep` kept, in id order.
    pub data: Vec<T>,
    /// The id of the last coupon read (kept or not): a cursor to go on from.
    pub last_id: Option<String>,
    /// Whether the coupons ran out (nothing more to read).
    pub complete: bool,
}

/// Reads coupons in id order after `cursor` until `limit` are kept or
/// `max_rows` are read, in one transaction: a filtered list never reads the
/// whole tenant in one request.
pub async fn scan<T>(
    records: &Records,
    tenant: &str,
    cursor: Option<&str>,
    limit: usize,
    max_rows: usize,
    mut keep: impl FnMut(Coupon) -> Option<T>,
) -> Result<Scanned<T>, RecordError> {
    let (mut begin, end) = keys::prefix_range(&keys::coupons_prefix(tenant));
    if let Some(cursor) = cursor {
        begin = keys::key_after(&keys::coupon(tenant, cursor));
    }
    let mut data = Vec::new();
    let (mut scanned, mut last_id) = (0usize, None);
    let mut tx = records.store().begin().await?;
    while data.len() < limit && scanned < max_rows {
        let rows = tx
            .get_range(&forward(&begin, &end, SCAN_CHUNK_ROWS))
            .await?;
        for row in &rows {
            scanned += 1;
            begin = keys::key_after(&row.key);
            let coupon: Coupon = decode(&row.key, &row.value)?;
            last_id = Some(coupon.id.clone());
            if let Some(kept) = keep(coupon) {
                data.push(kept);
                if data.len() == limit {
                    break;
                }
            }
        }
        if rows.len() < SCAN_CHUNK_ROWS && data.len() < limit {
            return Ok(Scanned {
                data,
                last_id,
                complete: true,
            });
        }
    }
    let probe = tx.get_range(&forward(&begin, &end, 1)).await?;
    Ok(Scanned {
        data,
        last_id,
        complete: probe.is_empty(),
    })
}

/// At most `limit` rows from `begin` (inclusive) to `end`, in key order.
pub(crate) fn forward(begin: &[u8], end: &[u8], limit: usize) -> RangeOptions {
    RangeOptions {
        begin: begin.to_vec(),
        end: end.to_vec(),
        limit,
        reverse: false,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use stampede_storage::MemStore;

    use super::*;

    fn coupon(id: &str, code: &str) -> Coupon {
        Coupon {
            id: id.into(),
            code: code.into(),
            version: 1,
            ..Coupon::default()
        }
    }

    #[tokio::test]
    async fn a_coupon_is_created_once_and_its_code_stays_its_own() {
        let records = Records::new(Arc::new(MemStore::new()));
        let spec = IdemSpec {
            key: "k:one".into(),
            fingerprint: "f".into(),
        };
        let root = Provenance::system("test");
        let first = coupon("cpn_1", "SAVE10");
        let done = create(&records, "t", &first, &root, Some(spec.clone())).await;
        assert!(matches!(done, Ok(Done::Fresh(()))));
        let again = create(&records, "t", &first, &root, Some(spec)).await;
        assert!(matches!(again, Ok(Done::Replayed(record)) if record.status == 201));
        let taken = create(&records, "t", &coupon("cpn_2", "SAVE10"), &root, None).await;
        assert!(matches!(taken, Err(err) if err.code() == ErrorCode::DuplicateCode));
        let found = by_code(&records, "t", "SAVE10").await.unwrap();
        assert_eq!(found.map(|c| c.id).as_deref(), Some("cpn_1"));
        assert!(get(&records, "other", "cpn_1").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn an_id_no_coupon_can_have_is_absent() {
        let records = Records::new(Arc::new(MemStore::new()));
        assert!(get(&records, "t", "").await.unwrap().is_none());
        assert!(get(&records, "t", &"x".repeat(4096))
            .await
            .unwrap()
            .is_none());
        assert!(get(&records, "t", "a\u{7}b").await.unwrap().is_none());
    }
}
