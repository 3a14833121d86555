//! The hash of the root API key a node generated because none was configured.
//! A generated key is printed once; keeping its SHA-256 (never the key) lets a
//! restart, or another node on the same store, accept the same key instead of
//! minting one nobody knows. Rotation replaces the hash explicitly.

use stampede_storage::{keys, run, RetryPolicy, StorageError};

use super::{RecordError, Records};

/// Bytes of a SHA-256 digest: the stored value.
pub const ROOT_KEY_HASH_BYTES: usize = 32;

/// What [`keep_first`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// No hash was stored: the offered one is now.
    Stored([u8; ROOT_KEY_HASH_BYTES]),
    /// A hash was already stored (an earlier start, or another node first):
    /// the offered one was not kept.
    Existing([u8; ROOT_KEY_HASH_BYTES]),
}

/// The stored hash, if any.
pub async fn get(records: &Records) -> Result<Option<[u8; ROOT_KEY_HASH_BYTES]>, RecordError> {
    let key = keys::root_key_hash();
    let mut tx = records.store().begin().await?;
    match tx.get(&key).await? {
        Some(bytes) => Ok(Some(hash_of(&key, &bytes)?)),
        None => Ok(None),
    }
}

/// Stores `offered` unless a hash is stored already, in one transaction, so
/// that nodes starting together on one store agree on one key.
pub async fn keep_first(
    records: &Records,
    offered: [u8; ROOT_KEY_HASH_BYTES],
) -> Result<Kept, RecordError> {
    let key = keys::root_key_hash();
    let kept = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let key = key.clone();
        Box::pin(async move {
            if let Some(bytes) = tx.get(&key).await? {
                return Ok::<Kept, StorageError>(Kept::Existing(hash_of(&key, &bytes)?));
            }
            tx.set(&key, &offered)?;
            Ok(Kept::Stored(offered))
        })
    })
    .await?;
    Ok(kept)
}

/// Replaces the stored hash (rotation): the previous key stops working on
/// every node that starts after this.
pub async fn replace(
    records: &Records,
    hash: [u8; ROOT_KEY_HASH_BYTES],
) -> Result<(), RecordError> {
    let key = keys::root_key_hash();
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let key = key.clone();
        Box::pin(async move { tx.set(&key, &hash) })
    })
    .await?;
    Ok(())
}

fn hash_of(key: &[u8], bytes: &[u8]) -> Result<[u8; ROOT_KEY_HASH_BYTES], StorageError> {
    <[u8; ROOT_KEY_HASH_BYTES]>::try_from(bytes).map_err(|_| StorageError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        detail: format!(
            "a root key hash is {ROOT_KEY_HASH_BYTES} bytes, not {}",
            bytes.len()
        ),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use stampede_storage::MemStore;

    use super::*;

    #[tokio::test]
    async fn the_first_hash_is_kept_until_replaced() {
        let records = Records::new(Arc::new(MemStore::new()));
        assert_eq!(get(&records).await.unwrap(), None);
        assert_eq!(
            keep_first(&records, [1; 32]).await.unwrap(),
            Kept::Stored([1; 32])
        );
        assert_eq!(
            keep_first(&records, [2; 32]).await.unwrap(),
            Kept::Existing([1; 32])
        );
        replace(&records, [3; 32]).await.unwrap();
        assert_eq!(get(&records).await.unwrap(), Some([3; 32]));
    }
}
