//! The tenant's blacklist as every node holds it in memory
//! ([`TenantBlacklist`]), and the node-wide cache the coupon actors ask
//! before deciding a batch ([`Blacklists`]).
//!
//! No request reads storage for it: an actor deciding a validation or a
//! redemption asks the cache, which answers from memory; once its copy is
//! [`BLACKLIST_RECHECK_MS`] old, a background task reads the tenant's
//! blacklist version (a counter every change raises) and reloads when it
//! moved. A change made through this node drops its copy at
//! once, so it applies to the next request here and within
//! [`BLACKLIST_RECHECK_MS`] everywhere else. Expiry is checked against the
//! service clock at each match, so an entry lapses on time without a reload.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use ipnet::IpNet;
use stampede_protocol::fraud::{BlacklistEntry, SubjectKind, Subjects};
use stampede_storage::{keys, SharedStore, StorageError};
use tokio::time::Instant;

/// How long a node answers from its copy of a tenant's blacklist before it
/// checks the version again: the staleness a change made on another node has.
pub const BLACKLIST_RECHECK_MS: u64 = 1_000;
/// Tenants whose blacklist one node keeps; past it the least recently checked
/// copy is dropped (and reloaded when needed).
pub const MAX_CACHED_TENANTS: usize = 10_000;

/// A tenant's live and future-expiring entries, indexed for matching.
#[derive(Debug, Default)]
pub struct TenantBlacklist {
    exact: HashMap<(SubjectKind, String), Vec<Expiry>>,
    networks: Vec<(IpNet, Expiry)>,
}

/// An entry's expiry and reason.
#[derive(Debug, Clone)]
struct Expiry {
    until: Option<DateTime<Utc>>,
    reason: Option<String>,
}

impl TenantBlacklist {
    pub fn new(entries: &[BlacklistEntry]) -> Self {
        let mut list = Self::default();
        for entry in entries {
            let expiry = Expiry {
                until: entry.expires_at,
                reason: entry.reason.clone(),
            };
            if entry.kind == SubjectKind::Ip {
                if let Ok(net) = entry.value.parse::<IpNet>() {
                    list.networks.push((net, expiry));
                }
            } else {
                let key = (entry.kind, entry.value.clone());
                list.exact.entry(key).or_default().push(expiry);
            }
        }
        list
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.networks.is_empty()
    }

    /// The first subject of `subjects` a live entry names, with its reason.
    pub fn matches(
        &self,
        subjects: &Subjects,
        now: DateTime<Utc>,
    ) -> Option<(SubjectKind, String)> {
        if self.is_empty() {
            return None;
        }
        let live = |e: &Expiry| e.until.is_none_or(|until| now < until);
        for (kind, value) in subjects.each() {
            if kind == SubjectKind::Ip {
                continue;
            }
            if let Some(hit) = self
                .exact
                .get(&(kind, value))
                .and_then(|es| es.iter().find(|e| live(e)))
            {
                return Some((kind, hit.reason.clone().unwrap_or_default()));
            }
        }
        let ip = subjects.ip?;
        self.networks
            .iter()
            .find(|(net, e)| net.contains(&ip) && live(e))
            .map(|(_, e)| (SubjectKind::Ip, e.reason.clone().unwrap_or_default()))
    }
}

struct Cached {
    version: i64,
    list: Arc<TenantBlacklist>,
    checked: Instant,
}

/// Every tenant's blacklist this node has needed.
pub struct Blacklists {
    store: SharedStore,
    tenants: Arc<Mutex<HashMap<String, Cached>>>,
}

impl Blacklists {
    pub fn new(store: SharedStore) -> Self {
        Self {
            store,
            tenants: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// The tenant's blacklist. A copy confirmed within
    /// [`BLACKLIST_RECHECK_MS`] answers as is; an older one answers too, while
    /// a background task checks the version (and reloads when it moved), so
    /// no decision waits on storage for it. Only a tenant this node holds no
    /// copy of is loaded inline.
    pub async fn current(&self, tenant: &str) -> Result<Arc<TenantBlacklist>, StorageError> {
        let recheck = Duration::from_millis(BLACKLIST_RECHECK_MS);
        let known = self.tenants.lock().ok().and_then(|mut tenants| {
            let cached = tenants.get_mut(tenant)?;
            let stale = cached.checked.elapsed() >= recheck;
            if stale {
                // One check per period, however many ask meanwhile.
                cached.checked = Instant::now();
            }
            Some((cached.version, cached.list.clone(), stale))
        });
        match known {
            Some((_, list, false)) => Ok(list),
            Some((version, list, true)) => {
                let (store, tenants) = (self.store.clone(), self.tenants.clone());
                let tenant = tenant.to_owned();
                tokio::spawn(async move {
                    if let Err(err) = refresh(&store, &tenants, &tenant, Some(version)).await {
                        tracing::debug!(%tenant, error = %err, "blacklist check failed");
                    }
                });
                Ok(list)
            }
            None => refresh(&self.store, &self.tenants, tenant, None).await,
        }
    }

    /// Drops the tenant's copy: a change was just made through this node, so
    /// the next decision loads it anew.
    pub fn invalidate(&self, tenant: &str) {
        if let Ok(mut tenants) = self.tenants.lock() {
            tenants.remove(tenant);
        }
    }
}

/// Reads the tenant's version and, unless it is `known`, its entries; keeps
/// the copy.
async fn refresh(
    store: &SharedStore,
    tenants: &Mutex<HashMap<String, Cached>>,
    tenant: &str,
    known: Option<i64>,
) -> Result<Arc<TenantBlacklist>, StorageError> {
    let mut tx = store.begin().await?;
    let version_key = keys::fraud_blacklist_version(tenant);
    let version = tx
        .get_snapshot(&version_key)
        .await?
        .and_then(|bytes| keys::decode_counter(&bytes))
        .unwrap_or(0);
    let current = tenants
        .lock()
        .ok()
        .and_then(|t| t.get(tenant).map(|c| c.list.clone()));
    let list = match current {
        Some(list) if known == Some(version) => list,
        _ => Arc::new(load(tx.as_mut(), tenant).await?),
    };
    keep(tenants, tenant, version, list.clone());
    Ok(list)
}

fn keep(
    tenants: &Mutex<HashMap<String, Cached>>,
    tenant: &str,
    version: i64,
    list: Arc<TenantBlacklist>,
) {
    let Ok(mut tenants) = tenants.lock() else {
        return;
    };
    if tenants.len() >= MAX_CACHED_TENANTS && !tenants.contains_key(tenant) {
        let oldest = tenants
            .iter()
            .min_by_key(|(_, c)| c.checked)
            .map(|(t, _)| t.clone());
        if let Some(oldest) = oldest {
            tenants.remove(&oldest);
        }
    }
    let checked = Instant::now();
    tenants.insert(
        tenant.to_owned(),
        Cached {
            version,
            list,
            checked,
        },
    );
}

/// Reads every entry of the tenant (bounded by
/// `MAX_BLACKLIST_ENTRIES_PER_TENANT`, which the API enforces on create).
async fn load(
    tx: &mut dyn stampede_storage::Transaction,
    tenant: &str,
) -> Result<TenantBlacklist, StorageError> {
    let entries = crate::records::fraud::read_entries(tx, tenant).await?;
    Ok(TenantBlacklist::new(&entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use stampede_protocol::fraud::EntrySource;

    fn entry(kind: SubjectKind, value: &str, until: Option<DateTime<Utc>>) -> BlacklistEntry {
        BlacklistEntry {
            id: String::from("fbl_1"),
            kind,
            value: value.to_owned(),
            reason: Some(String::from("abuse")),
            expires_at: until,
            source: EntrySource::Manual,
            alert_id: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn matches_users_networks_and_lapses() {
        let now = Utc::now();
        let later = now + chrono::Duration::minutes(5);
        let list = TenantBlacklist::new(&[
            entry(SubjectKind::UserId, "u1", Some(later)),
            entry(SubjectKind::Ip, "10.0.0.0/8", None),
        ]);
        let user = Subjects {
            user_id: Some(String::from("u1")),
            ..Subjects::default()
        };
        assert_eq!(
            list.matches(&user, now).map(|m| m.0),
            Some(SubjectKind::UserId)
        );
        assert_eq!(list.matches(&user, later), None, "lapsed at its expiry");
        let inside = Subjects {
            ip: "10.20.30.40".parse().ok(),
            ..Subjects::default()
        };
        assert_eq!(
            list.matches(&inside, later).map(|m| m.0),
            Some(SubjectKind::Ip)
        );
        let outside = Subjects {
            ip: "11.0.0.1".parse().ok(),
            ..Subjects::default()
        };
        assert_eq!(list.matches(&outside, now), None);
    }
}
