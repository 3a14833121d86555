//! Channels and creatives, as stored.
//!
//! The built-in channels are not stored: [`list`] and [`known`] put them
//! before the tenant's own, one record each under `(tenant, "channel", id)`.
//! A campaign's creatives live under `(tenant, "creative", campaign_id, id)`;
//! a creative is created in a transaction that reads its campaign and its
//! channel, so it never outlives a campaign deleted before it commits.

use chrono::{DateTime, Utc};
use stampede_protocol::channel::{
    builtin_channels, is_builtin, Channel, Creative, MAX_CREATIVES_PER_CAMPAIGN,
    MAX_CUSTOM_CHANNELS_PER_TENANT,
};
use stampede_protocol::event::Event;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::check_id;
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, StorageError, Transaction};

use super::codec::{decode, encode};
use super::events;
use super::idempotency::{Done, Once};
use super::mutation::{settle, stored_json};
use super::promotions::campaign_not_found;
use super::{RecordError, Records};

fn duplicate_channel(id: &str) -> RecordError {
    RecordError::field(
        ErrorCode::DuplicateChannel,
        "id",
        format!("a channel {id} exists"),
    )
}

/// Every row under `prefix`, at most `limit`.
async fn rows_under(
    tx: &mut dyn Transaction,
    prefix: &[u8],
    limit: usize,
) -> Result<Vec<stampede_storage::KeyValue>, StorageError> {
    let (begin, end) = keys::prefix_range(prefix);
    let options = RangeOptions {
        begin,
        end,
        limit,
        reverse: false,
    };
    tx.get_range(&options).await
}

/// The built-in channels, then the tenant's own (at most
/// [`MAX_CUSTOM_CHANNELS_PER_TENANT`]) in id order.
pub async fn list(records: &Records, tenant: &str) -> Result<Vec<Channel>, RecordError> {
    let mut tx = records.store().begin().await?;
    let prefix = keys::channels_prefix(tenant);
    let rows = rows_under(tx.as_mut(), &prefix, MAX_CUSTOM_CHANNELS_PER_TENANT).await?;
    let mut channels = builtin_channels();
    for row in &rows {
        channels.push(decode(&row.key, &row.value)?);
    }
    Ok(channels)
}

/// The ids of every channel the tenant knows: the built-in ones and its own.
pub async fn known(records: &Records, tenant: &str) -> Result<Vec<String>, RecordError> {
    Ok(list(records, tenant)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// Stores a tenant's own channel with its `channel.created` event (and, with
/// `spec`, its `201` response). Refused when the id is taken (built in or
/// not) or the tenant has [`MAX_CUSTOM_CHANNELS_PER_TENANT`].
pub async fn create(
    records: &Records,
    tenant: &str,
    channel: &Channel,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<Channel>, RecordError> {
    if is_builtin(&channel.id) {
        return Err(duplicate_channel(&channel.id));
    }
    let key = keys::channel(tenant, &channel.id);
    let target = ("channel", channel.id.as_str());
    let once =
        Once::new(records.clone(), tenant, spec, now).audited("channel.created", target, key);
    let done = once
        .run(
            |outcome| stored_json(201, outcome),
            |tx| {
                let (tenant, channel) = (tenant.to_owned(), channel.clone());
                Box::pin(async move { create_channel_in(tx, &tenant, channel).await })
            },
        )
        .await?;
    settle(done)
}

async fn create_channel_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    channel: Channel,
) -> Result<Result<Channel, RecordError>, StorageError> {
    let key = keys::channel(tenant, &channel.id);
    if tx.get(&key).await?.is_some() {
        return Ok(Err(duplicate_channel(&channel.id)));
    }
    let prefix = keys::channels_prefix(tenant);
    if rows_under(tx, &prefix, MAX_CUSTOM_CHANNELS_PER_TENANT)
        .await?
        .len()
        >= MAX_CUSTOM_CHANNELS_PER_TENANT
    {
        return Ok(Err(RecordError::refused(
            ErrorCode::InvalidRequest,
            format!("a tenant has at most {MAX_CUSTOM_CHANNELS_PER_TENANT} channels of its own"),
        )));
    }
    tx.set(&key, &encode(&channel)?)?;
    Ok(Ok(channel))
}

/// Deletes a tenant's own channel with its `channel.deleted` event; `false`
/// when there is none. A built-in channel is refused. Creatives that name the
/// channel keep it.
pub async fn delete(
    records: &Records,
    tenant: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, RecordError> {
    if is_builtin(id) {
        return Err(RecordError::field(
            ErrorCode::BuiltinChannel,
            "channel_id",
            format!("{id} is a built-in channel; it cannot be deleted"),
        ));
    }
    if check_id(id).is_err() {
        return Ok(false);
    }
    let by = records.provenance();
    let found = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, id, by) = (tenant.to_owned(), id.to_owned(), by.clone());
        Box::pin(async move {
            let key = keys::channel(&tenant, &id);
            let Some(bytes) = tx.get(&key).await? else {
                return Ok(false);
            };
            let channel: Channel = decode(&key, &bytes)?;
            tx.clear(&key)?;
            let event = Event::new("channel.deleted", "channel", &id, now)
                .before(serde_json::to_value(&channel).unwrap_or_default());
            events::record(tx, &tenant, event, &by)?;
            Ok::<bool, StorageError>(true)
        })
    })
    .await?;
    Ok(found)
}

/// Stores a creative with its `creative.created` event (and, with `spec`, its
/// `201` response): refused when its campaign is gone, its channel unknown to
/// the tenant, or the campaign has [`MAX_CREATIVES_PER_CAMPAIGN`].
pub async fn create_creative(
    records: &Records,
    tenant: &str,
    creative: &Creative,
    spec: Option<IdemSpec>,
) -> Result<Done<Creative>, RecordError> {
    let key = keys::creative(tenant, &creative.campaign_id, &creative.id);
    let target = ("creative", creative.id.as_str());
    let once = Once::new(records.clone(), tenant, spec, creative.created_at).audited(
        "creative.created",
        target,
        key,
    );
    let done = once
        .run(
            |outcome| stored_json(201, outcome),
            |tx| {
                let (tenant, creative) = (tenant.to_owned(), creative.clone());
                Box::pin(async move { create_creative_in(tx, &tenant, creative).await })
            },
        )
        .await?;
    settle(done)
}

async fn create_creative_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    creative: Creative,
) -> Result<Result<Creative, RecordError>, StorageError> {
    let campaign_id = &creative.campaign_id;
    if tx
        .get(&keys::campaign(tenant, campaign_id))
        .await?
        .is_none()
    {
        return Ok(Err(campaign_not_found()));
    }
    let channel = &creative.channel;
    if !is_builtin(channel) && tx.get(&keys::channel(tenant, channel)).await?.is_none() {
        return Ok(Err(RecordError::invalid(
            "channel",
            format!("unknown channel {channel}; GET /channels lists the tenant's channels"),
        )));
    }
    let prefix = keys::creatives_prefix(tenant, campaign_id);
    if rows_under(tx, &prefix, MAX_CREATIVES_PER_CAMPAIGN)
        .await?
        .len()
        >= MAX_CREATIVES_PER_CAMPAIGN
    {
        return Ok(Err(RecordError::refused(
            ErrorCode::InvalidRequest,
            format!("a campaign has at most {MAX_CREATIVES_PER_CAMPAIGN} creatives"),
        )));
    }
    tx.set(
        &keys::creative(tenant, campaign_id, &creative.id),
        &encode(&creative)?,
    )?;
    Ok(Ok(creative))
}

/// A campaign's creative by id.
pub async fn creative(
    records: &Records,
    tenant: &str,
    campaign_id: &str,
    id: &str,
) -> Result<Option<Creative>, RecordError> {
    if check_id(campaign_id).is_err() {
        return Ok(None);
    }
    super::by_id(records, id, || keys::creative(tenant, campaign_id, id)).await
}

/// A campaign's creatives in id (creation) order, at most
/// [`MAX_CREATIVES_PER_CAMPAIGN`].
pub async fn creatives(
    records: &Records,
    tenant: &str,
    campaign_id: &str,
) -> Result<Vec<Creative>, RecordError> {
    let mut tx = records.store().begin().await?;
    creatives_in(tx.as_mut(), tenant, campaign_id).await
}

/// [`creatives`] in `tx` (the campaign's assets read them with the rest).
pub async fn creatives_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    campaign_id: &str,
) -> Result<Vec<Creative>, RecordError> {
    let prefix = keys::creatives_prefix(tenant, campaign_id);
    let rows = rows_under(tx, &prefix, MAX_CREATIVES_PER_CAMPAIGN).await?;
    rows.iter()
        .map(|row| decode(&row.key, &row.value).map_err(RecordError::from))
        .collect()
}

/// Deletes a campaign's creative with its `creative.deleted` event; `false`
/// when there is none.
pub async fn delete_creative(
    records: &Records,
    tenant: &str,
    (campaign_id, id): (&str, &str),
    now: DateTime<Utc>,
) -> Result<bool, RecordError> {
    if check_id(campaign_id).is_err() || check_id(id).is_err() {
        return Ok(false);
    }
    let by = records.provenance();
    let found = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, by) = (tenant.to_owned(), by.clone());
        let key = keys::creative(&tenant, campaign_id, id);
        Box::pin(async move {
            let Some(bytes) = tx.get(&key).await? else {
                return Ok(false);
            };
            let creative: Creative = decode(&key, &bytes)?;
            tx.clear(&key)?;
            let event = Event::new("creative.deleted", "creative", &creative.id, now)
                .before(serde_json::to_value(&creative).unwrap_or_default());
            events::record(tx, &tenant, event, &by)?;
            Ok::<bool, StorageError>(true)
        })
    })
    .await?;
    Ok(found)
}

/// Deletes every creative of a deleted campaign, each with its
/// `creative.deleted` event, in one transaction; how many there were.
pub async fn delete_creatives_of(
    records: &Records,
    tenant: &str,
    campaign_id: &str,
    now: DateTime<Utc>,
) -> Result<usize, RecordError> {
    let by = records.provenance();
    let deleted = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, campaign_id, by) = (tenant.to_owned(), campaign_id.to_owned(), by.clone());
        Box::pin(async move {
            let prefix = keys::creatives_prefix(&tenant, &campaign_id);
            let rows = rows_under(tx, &prefix, MAX_CREATIVES_PER_CAMPAIGN).await?;
            let mut n = 0u16;
            for row in &rows {
                let creative: Creative = decode(&row.key, &row.value)?;
                tx.clear(&row.key)?;
                let event = Event::new("creative.deleted", "creative", &creative.id, now)
                    .before(serde_json::to_value(&creative).unwrap_or_default())
                    .by(&by);
                events::append(tx, &tenant, &mut n, &event)?;
            }
            Ok::<usize, StorageError>(rows.len())
        })
    })
    .await?;
    Ok(deleted)
}
