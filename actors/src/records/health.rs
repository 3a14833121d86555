//! Readiness: whether the store answers a read.

use stampede_protocol::ErrorCode;

use super::{RecordError, Records};

/// A key no record uses: reading it costs one round trip and finds nothing.
const READY_PROBE_KEY: &[u8] = b"\x02_system\x00\x02ready\x00";

/// Reads one key. A store that cannot begin a transaction fails as storage
/// (503 when retryable); one that cannot read is refused as `unavailable`,
/// "store not ready".
pub async fn ready(records: &Records) -> Result<(), RecordError> {
    let mut tx = records.store().begin().await?;
    tx.get_snapshot(READY_PROBE_KEY).await.map_err(|err| {
        RecordError::refused(ErrorCode::Unavailable, format!("store not ready: {err}"))
    })?;
    Ok(())
}
