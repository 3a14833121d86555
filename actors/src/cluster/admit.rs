//! Admission of a peer's request before any actor sees it. A forwarded frame
//! never passed through this node's HTTP edge, so its fields get the same
//! bounds a client's request gets there (`stampede_protocol::validate`, the
//! limits of `stampede_protocol::limits`): a tenant id, a normalized code,
//! identifiers, idempotency keys, reasons, counts and money, each refused
//! with the field it names. The JSON payloads (contexts, metadata, quota
//! needs, limit sets, consumers) are checked where they are decoded
//! (`codec`, the operations' `from_wire`), with the helpers here.

use stampede_protocol::code;
use stampede_protocol::limit_set::LimitSet;
use stampede_protocol::limits::{
    MAX_CODES_PER_REQUEST, MAX_CONSUMERS_PER_COUPON, MAX_LIMIT_ENTRIES, MAX_REASON_LEN_BYTES,
    MAX_STORED_IDEMPOTENCY_KEY_BYTES, MAX_TIME_WINDOWS, MAX_USES_LIMIT,
};
use stampede_protocol::validate::{self as bounds, Invalid};
use stampede_protocol::wire::{self, PeerOp, PeerRequest};
use stampede_protocol::Quota;

/// Checks a request's envelope and the plain fields of its operation.
pub fn check(request: &PeerRequest) -> Result<(), Invalid> {
    let Some(op) = &request.op else {
        // Answered as a missing operation by the caller.
        return Ok(());
    };
    if matches!(op, PeerOp::Stats(_)) {
        // A node's statistics name no tenant and no key.
        return Ok(());
    }
    bounds::tenant_id(&request.tenant).map_err(|err| Invalid::new("tenant", err.message))?;
    match op {
        PeerOp::CampaignGet(op) => bounds::identifier("campaign_id", &op.campaign_id),
        PeerOp::CampaignChange(op) => campaign_change(op),
        PeerOp::CampaignAcquire(op) => {
            campaign_coupon(&op.campaign_id, &op.coupon_id, &op.coupon_code)
        }
        PeerOp::CampaignProbe(op) => bounds::identifier("campaign_id", &op.campaign_id),
        PeerOp::CampaignReturn(op) => {
            campaign_coupon(&op.campaign_id, &op.coupon_id, &op.coupon_code)
        }
        coupon_op => {
            normalized_code("code", &request.code)?;
            coupon(coupon_op)
        }
    }
}

fn coupon(op: &PeerOp) -> Result<(), Invalid> {
    match op {
        PeerOp::Redeem(op) => redeem(op),
        PeerOp::Validate(op) => entered_code(op.entered_code.as_deref()),
        PeerOp::Void(op) => {
            bounds::identifier("redemption_id", &op.redemption_id)?;
            reason(op.reason.as_deref())?;
            idem(op.idem.as_ref())
        }
        PeerOp::Confirm(op) => {
            bounds::identifier("redemption_id", &op.redemption_id)?;
            idem(op.idem.as_ref())
        }
        PeerOp::Update(op) => {
            reason(op.reason.as_deref())?;
            idem(op.idem.as_ref())
        }
        PeerOp::LeaseRecall(op) => bounds::identifier("campaign_id", &op.campaign_id),
        _ => Ok(()),
    }
}

fn redeem(op: &wire::RedeemOp) -> Result<(), Invalid> {
    for (field, value) in [
        ("user_id", &op.user_id),
        ("reference_type", &op.reference_type),
        ("reference_id", &op.reference_id),
        ("redemption_client_id", &op.redemption_client_id),
        ("checkout_id", &op.checkout_id),
    ] {
        bounds::optional_identifier(field, value.as_deref())?;
    }
    // A checkout combines at most its request's codes: the others besides this.
    if op.combined_codes as usize >= MAX_CODES_PER_REQUEST {
        return Err(Invalid::new(
            "combined_codes",
            format!("must be below {MAX_CODES_PER_REQUEST}"),
        ));
    }
    entered_code(op.entered_code.as_deref())?;
    idem(op.idem.as_ref())
}

fn campaign_change(op: &wire::CampaignChangeOp) -> Result<(), Invalid> {
    bounds::identifier("campaign_id", &op.campaign_id)?;
    // Who changed it, for the audit trail; empty when no caller is known.
    if !op.actor.is_empty() {
        bounds::identifier("actor", &op.actor)?;
    }
    Ok(())
}

fn campaign_coupon(campaign_id: &str, coupon_id: &str, code: &str) -> Result<(), Invalid> {
    bounds::identifier("campaign_id", campaign_id)?;
    bounds::identifier("coupon_id", coupon_id)?;
    normalized_code("coupon_code", code)
}

/// A code in its stored form: what the edge made of a client's code.
fn normalized_code(field: &str, value: &str) -> Result<(), Invalid> {
    match code::normalize(value) {
        Ok(normalized) if normalized == value => Ok(()),
        Ok(_) => Err(Invalid::new(field, "must be upper case (normalized)")),
        Err(err) => Err(Invalid::new(field, err.to_string())),
    }
}

/// The code as a client typed it: any case, otherwise a valid code.
fn entered_code(value: Option<&str>) -> Result<(), Invalid> {
    match value.map(code::normalize) {
        Some(Err(err)) => Err(Invalid::new("entered_code", err.to_string())),
        _ => Ok(()),
    }
}

fn reason(value: Option<&str>) -> Result<(), Invalid> {
    if value.is_some_and(|reason| reason.len() > MAX_REASON_LEN_BYTES) {
        return Err(Invalid::new(
            "reason",
            format!("must be at most {MAX_REASON_LEN_BYTES} bytes"),
        ));
    }
    Ok(())
}

fn idem(idem: Option<&wire::Idem>) -> Result<(), Invalid> {
    let Some(idem) = idem else { return Ok(()) };
    let fits = |text: &str| text.len() <= MAX_STORED_IDEMPOTENCY_KEY_BYTES;
    if idem.key.is_empty() || !fits(&idem.key) || !fits(&idem.fingerprint) {
        return Err(Invalid::new(
            "idem",
            format!("key and fingerprint must be 1–{MAX_STORED_IDEMPOTENCY_KEY_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// Quota needs of a coupon, one redemption's each: counts within a coupon's
/// largest `max_uses`, money in known currencies and within the bounds of any
/// amount (never negative, which would shrink what the campaign handed out).
pub fn needs(needs: &[Quota]) -> Result<(), Invalid> {
    for (i, need) in needs.iter().enumerate() {
        if need.redemptions > MAX_USES_LIMIT {
            return Err(Invalid::new(
                format!("needs[{i}].redemptions"),
                format!("must be at most {MAX_USES_LIMIT}"),
            ));
        }
        for (currency, amount) in &need.money {
            let field = format!("needs[{i}].money.{currency}");
            bounds::currency(&field, currency)?;
            bounds::amount(&field, *amount)?;
        }
    }
    Ok(())
}

/// The consumers a coupon is limited to: as many as a coupon may have, each
/// an identifier.
pub fn consumers(list: &[String]) -> Result<(), Invalid> {
    if list.len() > MAX_CONSUMERS_PER_COUPON {
        return Err(Invalid::new(
            "consumers",
            format!("at most {MAX_CONSUMERS_PER_COUPON} consumers"),
        ));
    }
    for (i, user) in list.iter().enumerate() {
        bounds::identifier(&format!("consumers[{i}]"), user)?;
    }
    Ok(())
}

/// A limit set's lists within the bounds the edge sets, its names identifiers.
pub fn limit_set(set: &LimitSet) -> Result<(), Invalid> {
    bounds::identifier("target_id", &set.target_id)?;
    let entries = [
        ("per_channel", set.per_channel.len()),
        ("per_store", set.per_store.len()),
        ("stores", set.stores.len()),
    ];
    for (field, count) in entries {
        if count > MAX_LIMIT_ENTRIES {
            return Err(Invalid::new(
                field,
                format!("at most {MAX_LIMIT_ENTRIES} entries"),
            ));
        }
    }
    if set.windows.len() > MAX_TIME_WINDOWS {
        return Err(Invalid::new(
            "windows",
            format!("at most {MAX_TIME_WINDOWS} windows"),
        ));
    }
    let names = set.per_channel.keys().chain(set.per_store.keys());
    for name in names.chain(set.stores.iter()) {
        bounds::identifier("limits", name)?;
    }
    Ok(())
}
