//! API keys of a tenant: stored under the tenant and indexed by the key's hash,
//! so a request's key is found without knowing its tenant.

use stampede_protocol::api_key::ApiKeyRecord;
use stampede_protocol::event::Event;
use stampede_protocol::limits::MAX_API_KEYS_PER_TENANT;
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, StorageError, Transaction};

use super::codec::{decode, encode};
use super::events;
use super::{RecordError, Records};

/// Stores a new key and its hash index; refused when the tenant already has
/// [`MAX_API_KEYS_PER_TENANT`] keys.
pub async fn create(records: &Records, record: &ApiKeyRecord) -> Result<(), RecordError> {
    let stored = encode(record)?;
    let index = encode(&(&record.tenant_id, &record.id))?;
    let by = records.provenance();
    let full = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (stored, index, record) = (stored.clone(), index.clone(), record.clone());
        let by = by.clone();
        Box::pin(async move {
            let existing = tenant_keys(tx, &record.tenant_id, MAX_API_KEYS_PER_TENANT + 1).await?;
            let key = keys::api_key(&record.tenant_id, &record.id);
            if existing.len() >= MAX_API_KEYS_PER_TENANT && !existing.iter().any(|kv| kv.key == key)
            {
                return Ok(true);
            }
            tx.set(&key, &stored)?;
            tx.set(&keys::api_key_hash(&record.hash), &index)?;
            let event = Event::new("key.created", "key", &record.id, record.created_at)
                .after(shown(&record));
            events::record(tx, &record.tenant_id, event, &by)?;
            Ok::<bool, StorageError>(false)
        })
    })
    .await?;
    if full {
        return Err(RecordError::refused(
            ErrorCode::InvalidRequest,
            format!("a tenant has at most {MAX_API_KEYS_PER_TENANT} keys"),
        ));
    }
    Ok(())
}

async fn tenant_keys(
    tx: &mut dyn Transaction,
    tenant: &str,
    limit: usize,
) -> Result<Vec<stampede_storage::KeyValue>, StorageError> {
    let (begin, end) = keys::prefix_range(&keys::api_keys_prefix(tenant));
    tx.get_range(&RangeOptions {
        begin,
        end,
        limit,
        reverse: false,
    })
    .await
}

/// Every key of a tenant (at most [`MAX_API_KEYS_PER_TENANT`]), oldest first.
pub async fn list(records: &Records, tenant: &str) -> Result<Vec<ApiKeyRecord>, RecordError> {
    let mut tx = records.store().begin().await?;
    let rows = tenant_keys(tx.as_mut(), tenant, MAX_API_KEYS_PER_TENANT).await?;
    rows.iter()
        .map(|row| decode(&row.key, &row.value).map_err(RecordError::from))
        .collect()
}

/// A key of the tenant by id; `None` for an id no key can have.
pub async fn get(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<ApiKeyRecord>, RecordError> {
    super::by_id(records, id, || keys::api_key(tenant, id)).await
}

/// The key whose SHA-256 is `hash`, in whatever tenant.
pub async fn by_hash(records: &Records, hash: &str) -> Result<Option<ApiKeyRecord>, RecordError> {
    let mut tx = records.store().begin().await?;
    let index_key = keys::api_key_hash(hash);
    let Some(bytes) = tx.get_snapshot(&index_key).await? else {
        return Ok(None);
    };
    let (tenant, id): (String, String) = decode(&index_key, &bytes)?;
    let key = keys::api_key(&tenant, &id);
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}

/// Deletes a key and its hash index.
pub async fn delete(
    records: &Records,
    record: &ApiKeyRecord,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), RecordError> {
    let by = records.provenance();
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (record, by) = (record.clone(), by.clone());
        Box::pin(async move {
            tx.clear(&keys::api_key(&record.tenant_id, &record.id))?;
            tx.clear(&keys::api_key_hash(&record.hash))?;
            let event = Event::new("key.deleted", "key", &record.id, now).before(shown(&record));
            events::record(tx, &record.tenant_id, event, &by)?;
            Ok(())
        })
    })
    .await?;
    Ok(())
}

/// A key as its events show it: everything but the hash of its secret.
fn shown(record: &ApiKeyRecord) -> serde_json::Value {
    let mut json = serde_json::to_value(record).unwrap_or_default();
    if let Some(object) = json.as_object_mut() {
        object.remove("hash");
    }
    json
}
