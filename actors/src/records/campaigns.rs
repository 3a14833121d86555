//! Campaigns as stored: created here (no actor exists yet), read as
//! committed, with usage summed from the coupons' lease records. Every later
//! change goes through the campaign's actor.

use stampede_protocol::event::{Event, Provenance};
use std::collections::BTreeSet;

use serde_json::Value;
use stampede_protocol::campaign::{Campaign, GateState, LeaseSpend, Quota};
use stampede_protocol::channel::Creative;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::promotion::CampaignPromotion;
use stampede_protocol::rule::Rule;
use stampede_protocol::segment::Segment;
use stampede_protocol::{Coupon, CouponType};
use stampede_storage::{keys, RangeOptions, StorageError, Transaction};

use super::codec::{decode, encode};
use super::coupons::forward;
use super::events;
use super::idempotency::{Done, Once, Stored};
use super::{RecordError, Records};

/// Leases read when summing a campaign's usage; past it usage is partial.
pub const MAX_USAGE_LEASES_READ: usize = 10_000;
/// Rows scanned when listing campaigns or a campaign's assets.
pub const MAX_SCAN_ROWS: usize = 10_000;
/// Rows read per storage round trip while scanning.
const SCAN_CHUNK_ROWS: usize = 256;

/// A campaign by id, as committed; `None` for an id no campaign can have.
pub async fn get(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<Campaign>, RecordError> {
    super::by_id(records, id, || keys::campaign(tenant, id)).await
}

/// Stores a new campaign with its gate, its `campaign.created` event and audit
/// entry, and (with `spec`) its `201` response, in one transaction.
pub async fn create(
    records: &Records,
    tenant: &str,
    campaign: &Campaign,
    by: &Provenance,
    spec: Option<IdemSpec>,
) -> Result<Done<()>, RecordError> {
    let tenant = tenant.to_owned();
    let body = serde_json::to_value(campaign)?;
    let once = Once::new(records.clone(), &tenant, spec, campaign.created_at);
    // `false`: a retry after an unknown commit result found its own campaign.
    let respond = |written: &bool| -> Result<Stored, serde_json::Error> {
        Ok(written.then(|| (201, body.clone())))
    };
    let done = once
        .run(respond, |tx| {
            let (tenant, body) = (tenant.clone(), body.clone());
            let (campaign, by) = (campaign.clone(), by.clone());
            Box::pin(async move { insert(tx, &tenant, &campaign, &body, &by).await })
        })
        .await?;
    Ok(match done {
        Done::Fresh(_) => Done::Fresh(()),
        Done::Replayed(record) => Done::Replayed(record),
    })
}

/// One attempt of [`create`]'s transaction; `false` when the campaign exists.
async fn insert(
    tx: &mut dyn Transaction,
    tenant: &str,
    campaign: &Campaign,
    body: &Value,
    by: &Provenance,
) -> Result<bool, StorageError> {
    let key = keys::campaign(tenant, &campaign.id);
    if tx.get(&key).await?.is_some() {
        return Ok(false);
    }
    tx.set(&key, &encode(campaign)?)?;
    let gate = GateState::of(campaign.status);
    tx.set(&keys::campaign_gate(tenant, &campaign.id), &encode(&gate)?)?;
    let event = Event::new(
        "campaign.created",
        "campaign",
        &campaign.id,
        campaign.created_at,
    )
    .after(body.clone());
    events::record(tx, tenant, event, by)?;
    Ok(true)
}

/// What a campaign's coupons spent, from their lease records.
#[derive(Debug, Clone, Default)]
pub struct Spent {
    pub spent: Quota,
    /// Coupons holding a lease.
    pub coupons: usize,
}

/// Sums the lease records of a campaign (at most [`MAX_USAGE_LEASES_READ`]).
pub async fn spent(
    records: &Records,
    tenant: &str,
    campaign_id: &str,
) -> Result<Spent, RecordError> {
    let (begin, end) = keys::prefix_range(&keys::campaign_lease_spends_prefix(tenant, campaign_id));
    let mut tx = records.store().begin().await?;
    let rows = tx
        .get_range(&forward(&begin, &end, MAX_USAGE_LEASES_READ))
        .await?;
    let mut spent = Quota::default();
    for row in &rows {
        let spend: LeaseSpend = decode(&row.key, &row.value)?;
        spent.add(&spend.spent);
    }
    Ok(Spent {
        spent,
        coupons: rows.len(),
    })
}

/// A page of campaigns in id order after `cursor`: at most `limit` that
/// `keep` keeps, reading at most [`MAX_SCAN_ROWS`] (a short page then says
/// `has_more`, with the last id read as its cursor).
pub async fn list(
    records: &Records,
    tenant: &str,
    cursor: Option<&str>,
    limit: usize,
    keep: impl Fn(&Campaign) -> bool,
) -> Result<super::Page<Campaign>, RecordError> {
    let (mut begin, end) = keys::prefix_range(&keys::campaigns_prefix(tenant));
    if let Some(cursor) = cursor {
        begin = keys::key_after(&keys::campaign(tenant, cursor));
    }
    let mut tx = records.store().begin().await?;
    let mut data = Vec::with_capacity(limit);
    let (mut scanned, mut has_more, mut last_id) = (0usize, false, None);
    'scan: while scanned < MAX_SCAN_ROWS {
        let rows = tx
            .get_range(&forward(&begin, &end, SCAN_CHUNK_ROWS))
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            if data.len() == limit {
                has_more = true;
                break 'scan;
            }
            scanned += 1;
            begin = keys::key_after(&row.key);
            let campaign: Campaign = decode(&row.key, &row.value)?;
            last_id = Some(campaign.id.clone());
            if keep(&campaign) {
                data.push(campaign);
            }
        }
    }
    has_more |= scanned >= MAX_SCAN_ROWS;
    Ok(super::Page {
        data,
        next_cursor: if has_more { last_id } else { None },
        has_more,
    })
}

/// What is attached to a campaign.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Its coupons (not deleted, not promotions' codes).
    pub coupons: Vec<Coupon>,
    pub promotions: Vec<CampaignPromotion>,
    /// Rules and segments the promotions' eligibility criteria name.
    pub rules: Vec<Rule>,
    pub segments: Vec<Segment>,
    /// Its creatives (at most `channel::MAX_CREATIVES_PER_CAMPAIGN`).
    pub creatives: Vec<Creative>,
    /// The coupon scan stopped at [`MAX_SCAN_ROWS`] before seeing every coupon.
    pub truncated: bool,
}

/// The assets of a campaign, read in one transaction. The coupons are found
/// by a bounded scan of the tenant's coupons (there is no index by campaign).
pub async fn assets(records: &Records, tenant: &str, id: &str) -> Result<Assets, RecordError> {
    let (mut begin, end) = keys::prefix_range(&keys::coupons_prefix(tenant));
    let mut tx = records.store().begin().await?;
    let mut coupons = Vec::new();
    let mut scanned = 0usize;
    loop {
        let rows = tx
            .get_range(&forward(&begin, &end, SCAN_CHUNK_ROWS))
            .await?;
        if rows.is_empty() || scanned >= MAX_SCAN_ROWS {
            break;
        }
        for row in &rows {
            scanned += 1;
            begin = keys::key_after(&row.key);
            let coupon: Coupon = decode(&row.key, &row.value)?;
            if coupon.campaign_id.as_deref() == Some(id)
                && coupon.deleted_at.is_none()
                && coupon.kind != CouponType::Promotion
            {
                coupons.push(coupon);
            }
        }
    }
    let promotions = promotions_of(tx.as_mut(), tenant, id).await?;
    let (rules, segments) = referenced(tx.as_mut(), tenant, &promotions).await?;
    let creatives = super::channels::creatives_in(tx.as_mut(), tenant, id).await?;
    Ok(Assets {
        coupons,
        promotions,
        rules,
        segments,
        creatives,
        truncated: scanned >= MAX_SCAN_ROWS,
    })
}

/// The promotions of a campaign (at most [`MAX_SCAN_ROWS`]).
async fn promotions_of(
    tx: &mut dyn Transaction,
    tenant: &str,
    campaign_id: &str,
) -> Result<Vec<CampaignPromotion>, RecordError> {
    let (begin, end) = keys::prefix_range(&keys::campaign_promotions_prefix(tenant, campaign_id));
    let options = RangeOptions {
        begin,
        end,
        limit: MAX_SCAN_ROWS,
        reverse: false,
    };
    let rows = tx.get_range(&options).await?;
    rows.iter()
        .map(|row| decode(&row.key, &row.value).map_err(RecordError::from))
        .collect()
}

/// The rules and segments the promotions' eligibility criteria name, each
/// once. A criterion may name a segment that is only a label (no record).
async fn referenced(
    tx: &mut dyn Transaction,
    tenant: &str,
    promotions: &[CampaignPromotion],
) -> Result<(Vec<Rule>, Vec<Segment>), RecordError> {
    let criteria = promotions.iter().map(|p| &p.eligibility_criteria);
    let rule_ids: BTreeSet<&str> = criteria
        .clone()
        .flat_map(|c| c.rule_ids.iter().map(String::as_str))
        .collect();
    let segment_ids: BTreeSet<&str> = criteria
        .flat_map(|c| c.customer_segments.iter().map(String::as_str))
        .collect();
    let mut rules = Vec::new();
    for id in rule_ids.into_iter().take(MAX_SCAN_ROWS) {
        let key = keys::rule(tenant, id);
        if let Some(bytes) = tx.get_snapshot(&key).await? {
            rules.push(decode(&key, &bytes)?);
        }
    }
    let mut segments = Vec::new();
    for id in segment_ids.into_iter().take(MAX_SCAN_ROWS) {
        let key = keys::segment(tenant, id);
        if let Some(bytes) = tx.get_snapshot(&key).await? {
            segments.push(decode(&key, &bytes)?);
        }
    }
    Ok((rules, segments))
}
