//! API keys: what a key may do, and the record stored for it (the plaintext is
//! never stored, only its SHA-256).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum Scope {
    #[serde(rename = "coupons:read")]
    CouponsRead,
    #[serde(rename = "coupons:write")]
    CouponsWrite,
    #[serde(rename = "redemptions:read")]
    RedemptionsRead,
    #[serde(rename = "redemptions:write")]
    RedemptionsWrite,
    #[serde(rename = "validate")]
    Validate,
    /// Everything within the key's tenant, including keys and hard deletes.
    #[serde(rename = "admin")]
    Admin,
}

/// Where a key's requests land: `live` data, or the tenant's isolated
/// sandbox (`test`), which never reads or writes live data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    #[default]
    Live,
    Test,
}

/// The suffix of a tenant's sandbox: `{tenant}~test`. The edge refuses `~` in a
/// tenant id a client names, so the sandbox is reached only with a test key.
pub const SANDBOX_SUFFIX: &str = "~test";

/// The sandbox tenant of `tenant`.
pub fn sandbox_tenant(tenant: &str) -> String {
    format!("{tenant}{SANDBOX_SUFFIX}")
}

/// A stored API key (the plaintext is never stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ApiKeyRecord {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub scopes: Vec<Scope>,
    /// Hex SHA-256 of the key.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    #[schema(ignore)]
    pub hash: String,
    /// First characters of the key, to recognize it in lists.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    /// `test` keys act on the tenant's sandbox (absent in records written
    /// before modes existed: `live`).
    #[serde(default)]
    pub mode: KeyMode,
}
