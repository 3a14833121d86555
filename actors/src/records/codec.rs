//! Stored records are JSON: readable with any FoundationDB tool, and forward
//! compatible through serde defaults. Decoding never panics: bad bytes are
//! [`StorageError::Corrupt`].

use serde::de::DeserializeOwned;
use serde::Serialize;
use stampede_storage::StorageError;

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StorageError> {
    serde_json::to_vec(value).map_err(|err| StorageError::Corrupt {
        key: String::from("<encode>"),
        detail: err.to_string(),
    })
}

pub fn decode<T: DeserializeOwned>(key: &[u8], bytes: &[u8]) -> Result<T, StorageError> {
    serde_json::from_slice(bytes).map_err(|err| StorageError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        detail: err.to_string(),
    })
}
