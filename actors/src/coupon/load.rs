//! Activation: load the coupon and take ownership by bumping its owner epoch (the
//! fence). Any commit by an older activation then fails, because every commit reads
//! the owner record.

use std::collections::{HashMap, HashSet};

use stampede_protocol::limits::MAX_CONSUMERS_PER_COUPON;

use stampede_protocol::campaign::Campaign;
use stampede_protocol::limit_set::LimitSet;
use stampede_protocol::{Coupon, CouponStatus, ErrorCode, Redemption};
use stampede_storage::{keys, RangeOptions, SharedStore, StorageError, Transaction};

use crate::coupon::conditions::{self, Conditions};
use crate::records::decode;

/// A freshly activated coupon.
pub(crate) struct Activation {
    pub coupon: Coupon,
    /// This activation's owner epoch; commits carry it.
    pub epoch: u64,
}

/// The body of a claim: reads the code's coupon and takes the next owner
/// epoch. Writes nothing when the code does not exist. An activation's claim
/// shares its transaction with other actors' claims and commits (the node's
/// commit queue, `coupon/commit_queue.rs`).
pub(crate) async fn claim(
    tx: &mut dyn Transaction,
    tenant: &str,
    code: &str,
) -> Result<Option<Activation>, StorageError> {
    let code_key = keys::code(tenant, code);
    let Some(id) = tx.get(&code_key).await? else {
        return Ok(None);
    };
    let id = String::from_utf8(id).map_err(|err| StorageError::Corrupt {
        key: String::from_utf8_lossy(&code_key).into_owned(),
        detail: err.to_string(),
    })?;
    let coupon_key = keys::coupon(tenant, &id);
    let Some(bytes) = tx.get(&coupon_key).await? else {
        return Ok(None);
    };
    // A code of a coupon takes its parent's terms with its limits
    // ([`limits`]), from the read its commits check the version of.
    let coupon: Coupon = decode(&coupon_key, &bytes)?;
    let owner_key = keys::coupon_owner(tenant, code);
    let epoch = read_epoch(tx.get(&owner_key).await?, &owner_key)? + 1;
    tx.set(&owner_key, &keys::encode_epoch(epoch))?;
    Ok(Some(Activation { coupon, epoch }))
}

/// The coupon a code belongs to, when it is one of a coupon's codes and the
/// coupon is still stored (a snapshot read: the code re-checks its version
/// before every batch).
pub(crate) async fn parent(
    tx: &mut dyn Transaction,
    tenant: &str,
    coupon: &Coupon,
) -> Result<Option<Coupon>, StorageError> {
    let Some(parent_id) = &coupon.parent_id else {
        return Ok(None);
    };
    let key = keys::coupon(tenant, parent_id);
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}

/// The limit set stored for coupon `id` (a snapshot read).
async fn limit_set(
    tx: &mut dyn Transaction,
    tenant: &str,
    id: &str,
) -> Result<Option<LimitSet>, StorageError> {
    let key = keys::limit_set(tenant, "coupon", id);
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}

/// What a code under a coupon checks of its parent besides the terms it
/// takes: whether the parent is live, and the version its terms were read at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParentState {
    pub id: String,
    /// `None`: the parent is gone (hard-deleted).
    pub version: Option<u64>,
    pub status: CouponStatus,
    pub deleted: bool,
    /// The version of the parent's limit set (stores, consumers, segment,
    /// exclusive, caps), which changes apart from the coupon's own version.
    pub limits_version: Option<u64>,
    /// The parent as read, whose terms the code takes: one read serves the
    /// terms, the version the commit checks, and the status.
    pub terms: Option<Box<Coupon>>,
}

impl ParentState {
    pub(crate) fn of(id: &str, parent: Option<&Coupon>, set: Option<&LimitSet>) -> Self {
        ParentState {
            id: id.to_owned(),
            version: parent.map(|p| p.version),
            status: parent.map_or(CouponStatus::Revoked, |p| p.status),
            deleted: parent.is_none_or(|p| p.deleted_at.is_some()),
            limits_version: set.map(|s| s.version),
            terms: parent.map(|p| Box::new(p.clone())),
        }
    }

    /// Reads the parent's state now (snapshot reads).
    pub(crate) async fn read(
        tx: &mut dyn Transaction,
        tenant: &str,
        code: &Coupon,
    ) -> Result<Option<Self>, StorageError> {
        let Some(id) = &code.parent_id else {
            return Ok(None);
        };
        let parent = parent(tx, tenant, code).await?;
        let set = limit_set(tx, tenant, id).await?;
        Ok(Some(Self::of(id, parent.as_ref(), set.as_ref())))
    }

    /// Why the parent refuses every use of its codes, if it does.
    pub(crate) fn refusal(&self) -> Option<(ErrorCode, String)> {
        let code = match (self.deleted, self.status) {
            (true, _) | (false, CouponStatus::Revoked) => ErrorCode::Revoked,
            (false, CouponStatus::Draft | CouponStatus::Paused) => ErrorCode::Inactive,
            (false, CouponStatus::Expired) => ErrorCode::Expired,
            (false, CouponStatus::Active) => return None,
        };
        Some((
            code,
            format!("the coupon {} is {}", self.id, self.status.as_str()),
        ))
    }
}

/// Decodes an owner record; absent means epoch 0.
pub(crate) fn read_epoch(bytes: Option<Vec<u8>>, key: &[u8]) -> Result<u64, StorageError> {
    match bytes {
        None => Ok(0),
        Some(bytes) => keys::decode_epoch(&bytes).ok_or_else(|| StorageError::Corrupt {
            key: String::from_utf8_lossy(key).into_owned(),
            detail: String::from("owner epoch is not 8 bytes"),
        }),
    }
}

/// Reads the committed per-customer counts of `users` in one snapshot.
///
/// Only called for users with no decision in flight, so what storage holds is
/// exactly what this actor last committed for them.
pub(crate) async fn customer_counts(
    store: &SharedStore,
    tenant: &str,
    coupon_id: &str,
    users: &[String],
) -> Result<HashMap<String, u64>, StorageError> {
    let mut tx = store.begin().await?;
    let mut counts = HashMap::with_capacity(users.len());
    for user in users {
        let key = keys::customer_uses(tenant, coupon_id, user);
        let count = match tx.get_snapshot(&key).await? {
            None => 0,
            Some(bytes) => keys::decode_counter(&bytes).ok_or_else(|| StorageError::Corrupt {
                key: String::from_utf8_lossy(&key).into_owned(),
                detail: String::from("counter is not 8 bytes"),
            })?,
        };
        counts.insert(user.clone(), u64::try_from(count).unwrap_or(0));
    }
    Ok(counts)
}

/// Reads one redemption record.
pub(crate) async fn redemption(
    store: &SharedStore,
    tenant: &str,
    redemption_id: &str,
) -> Result<Option<Redemption>, StorageError> {
    let mut tx = store.begin().await?;
    let key = keys::redemption(tenant, redemption_id);
    match tx.get_snapshot(&key).await? {
        None => Ok(None),
        Some(bytes) => decode(&key, &bytes).map(Some),
    }
}

/// Reads committed usage counters of a coupon in one snapshot (only for counters
/// with no decision in flight, like [`customer_counts`]).
pub(crate) async fn counter_values(
    store: &SharedStore,
    tenant: &str,
    coupon_id: &str,
    names: &[String],
) -> Result<HashMap<String, u64>, StorageError> {
    let mut tx = store.begin().await?;
    let mut counts = HashMap::with_capacity(names.len());
    for name in names {
        let key = keys::limit_counter(tenant, coupon_id, name);
        let count = match tx.get_snapshot(&key).await? {
            None => 0,
            Some(bytes) => keys::decode_counter(&bytes).ok_or_else(|| StorageError::Corrupt {
                key: String::from_utf8_lossy(&key).into_owned(),
                detail: String::from("counter is not 8 bytes"),
            })?,
        };
        counts.insert(name.clone(), u64::try_from(count).unwrap_or(0));
    }
    Ok(counts)
}

/// The coupon's limit set, its conditions, and its campaign's time zone and
/// channels, read at activation (the actor re-checks the campaign's version and
/// the promotion's before each batch: `actor/refresh_flow.rs`).
pub(crate) async fn limits(
    store: &SharedStore,
    tenant: &str,
    coupon: &Coupon,
) -> Result<Limits, StorageError> {
    let mut tx = store.begin().await?;
    // A code under a coupon is limited by its parent's set and consumers.
    let limited_id = coupon.parent_id.as_deref().unwrap_or(&coupon.id);
    let mut set = limit_set(tx.as_mut(), tenant, limited_id).await?;
    let parent = match &coupon.parent_id {
        Some(id) => {
            let stored = parent(tx.as_mut(), tenant, coupon).await?;
            Some(ParentState::of(id, stored.as_ref(), set.as_ref()))
        }
        None => None,
    };
    // The rules and campaign are the parent's, as of this very read.
    let mut followed = None;
    if let Some(terms) = parent.as_ref().and_then(|p| p.terms.as_deref()) {
        let mut code = coupon.clone();
        code.follow(terms);
        followed = Some(code);
    }
    let coupon = followed.as_ref().unwrap_or(coupon);
    let conditions = conditions::load(tx.as_mut(), tenant, coupon, set.as_ref()).await?;
    if let Some(promotion_set) = conditions.promotion_limit_set(coupon) {
        // A promotion's limits are its `usage_limits`; `/limits` refuses its code.
        set = Some(promotion_set);
    }
    let mut campaign_zone = None;
    let mut campaign_channels = Vec::new();
    let mut campaign_version = None;
    if let Some(campaign_id) = &coupon.campaign_id {
        let key = keys::campaign(tenant, campaign_id);
        if let Some(bytes) = tx.get_snapshot(&key).await? {
            let campaign = decode::<Campaign>(&key, &bytes)?;
            campaign_zone = campaign.time_zone;
            campaign_channels = campaign.channels;
            campaign_version = Some(campaign.version);
        }
    }
    let mut consumers = HashSet::new();
    if set.as_ref().is_some_and(|s| s.consumer_count > 0) {
        let (begin, end) = keys::prefix_range(&keys::consumers_prefix(tenant, limited_id));
        let rows = tx
            .get_range(&RangeOptions {
                begin,
                end,
                limit: MAX_CONSUMERS_PER_COUPON,
                reverse: false,
            })
            .await?;
        consumers.extend(
            rows.iter()
                .filter_map(|row| keys::user_of_consumer(&row.key)),
        );
    }
    Ok(Limits {
        set,
        campaign_zone,
        campaign_channels,
        campaign_version,
        consumers,
        conditions,
        parent,
    })
}

/// A coupon's limits as its actor holds them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Limits {
    pub set: Option<LimitSet>,
    pub campaign_zone: Option<String>,
    /// The campaign's channels; empty: every channel.
    pub campaign_channels: Vec<String>,
    /// The campaign version `campaign_zone` and `campaign_channels` were read
    /// from; re-checked before each batch.
    pub campaign_version: Option<u64>,
    /// The consumers the coupon is limited to, when its set names any.
    pub consumers: HashSet<String>,
    /// Rules, segment restriction and the promotion behind the code.
    pub conditions: Conditions,
    /// The coupon this code belongs to, re-checked before every batch.
    pub parent: Option<ParentState>,
}

impl Limits {
    pub(crate) fn zone(&self) -> chrono_tz::Tz {
        crate::limits::zone_of(self.set.as_ref(), self.campaign_zone.as_deref())
    }
}
