//! Conversions between the actors' types and the wire messages of
//! `stampede_protocol::wire`. Decoding a peer's bytes returns an error for anything
//! malformed; it never panics.

use std::collections::BTreeMap;
use std::str::FromStr;

use prost::Message;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use stampede_protocol::campaign::{Campaign, Quota};
use stampede_protocol::event::Provenance;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::limit_set::LimitSet;
use stampede_protocol::validate::{self as bounds, Invalid};
use stampede_protocol::wire::{
    self, Allocation, ExplainEntry, PeerError, PeerErrorKind, PeerReply, PeerRequest, PeerResult,
    UpdateKindWire, Validated,
};
use stampede_protocol::wire::{ChangeKindWire, VoidModeWire};
use stampede_protocol::{Context, Coupon, ErrorCode, Redemption};
use stampede_storage::StorageError;

use super::admit;
use crate::campaign::{CampaignChange, ChangeKind, Grant, LeaseReturn};
use crate::command::{CouponUpdate, RedeemRequest, UpdateKind, ValidateOutcome, VoidMode};
use crate::engine::{Evaluation, Explain};
use crate::error::ActorError;

/// Why a peer's frame could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("frame of {0} bytes is over the limit")]
    TooLarge(usize),
    #[error("malformed frame: {0}")]
    Malformed(String),
    #[error("frame is missing {0}")]
    Missing(&'static str),
    #[error("unexpected answer: {0}")]
    Unexpected(&'static str),
    /// A field out of the bounds the HTTP edge holds a client's request to.
    #[error("invalid field {0}")]
    Invalid(#[from] Invalid),
}

impl From<CodecError> for ActorError {
    fn from(err: CodecError) -> Self {
        ActorError::Unavailable(format!("peer: {err}"))
    }
}

pub fn decode_request(bytes: &[u8]) -> Result<PeerRequest, CodecError> {
    check_size(bytes)?;
    PeerRequest::decode(bytes).map_err(|err| CodecError::Malformed(err.to_string()))
}

pub fn decode_reply(bytes: &[u8]) -> Result<PeerReply, CodecError> {
    check_size(bytes)?;
    PeerReply::decode(bytes).map_err(|err| CodecError::Malformed(err.to_string()))
}

fn check_size(bytes: &[u8]) -> Result<(), CodecError> {
    if bytes.len() > wire::MAX_PEER_FRAME_BYTES {
        return Err(CodecError::TooLarge(bytes.len()));
    }
    Ok(())
}

pub fn json<T: Serialize>(value: &T) -> Vec<u8> {
    // Serializing our own plain records cannot fail (no non-string map keys).
    serde_json::to_vec(value).unwrap_or_default()
}

pub fn from_json<T: DeserializeOwned>(bytes: &[u8], what: &'static str) -> Result<T, CodecError> {
    serde_json::from_slice(bytes).map_err(|err| CodecError::Malformed(format!("{what}: {err}")))
}

/// A peer's checkout context, held to the bounds the edge holds a client's
/// to (`stampede_protocol::validate::context`). The engine's exact minor-unit
/// arithmetic is sized for those bounds, and a peer's frame never passed
/// through the edge: a line of 7.9e28 × 4294967295 overflowed it and panicked
/// the coupon actor (found by fuzzing, `tests/fuzz_peer.rs`).
pub fn context_from_json(bytes: &[u8]) -> Result<Context, CodecError> {
    let context: Context = from_json(bytes, "context")?;
    bounds::context("context", &context)?;
    Ok(context)
}

/// The quota a coupon asks its campaign for, one redemption's discount each,
/// within [`admit::needs`]' bounds.
pub fn needs_from_json(bytes: &[u8]) -> Result<Vec<Quota>, CodecError> {
    let needs: Vec<Quota> = from_json(bytes, "needs")?;
    admit::needs(&needs)?;
    Ok(needs)
}

/// A redemption's metadata, bounded as the edge bounds a client's.
fn metadata_from_json(bytes: &[u8]) -> Result<BTreeMap<String, Value>, CodecError> {
    let metadata = from_json(bytes, "metadata")?;
    bounds::metadata("metadata", &metadata)?;
    Ok(metadata)
}

pub fn idem_to_wire(idem: &Option<IdemSpec>) -> Option<wire::Idem> {
    idem.as_ref().map(|spec| wire::Idem {
        key: spec.key.clone(),
        fingerprint: spec.fingerprint.clone(),
    })
}

pub fn idem_from_wire(idem: Option<wire::Idem>) -> Option<IdemSpec> {
    idem.map(|wire| IdemSpec {
        key: wire.key,
        fingerprint: wire.fingerprint,
    })
}

pub fn provenance_to_wire(provenance: &Provenance) -> Option<wire::ProvenanceWire> {
    Some(wire::ProvenanceWire {
        actor: provenance.actor.clone(),
        request_id: provenance.request_id.clone(),
        correlation_id: provenance.correlation_id.clone(),
        reason: provenance.reason.clone(),
    })
}

/// A peer's provenance, bounded like a client's headers (absent in frames of
/// older nodes: the effect is recorded as the peer's).
pub fn provenance_from_wire(wire: Option<wire::ProvenanceWire>) -> Result<Provenance, CodecError> {
    let Some(wire) = wire else {
        return Ok(Provenance::system("peer"));
    };
    let provenance = Provenance {
        actor: wire.actor,
        reason: wire.reason,
        request_id: wire.request_id,
        correlation_id: wire.correlation_id,
    };
    if !provenance.is_bounded() {
        return Err(CodecError::Malformed(String::from(
            "provenance over its bounds",
        )));
    }
    Ok(provenance)
}

pub fn redeem_to_wire(request: &RedeemRequest) -> wire::RedeemOp {
    wire::RedeemOp {
        user_id: request.user_id.clone(),
        reference_type: request.reference_type.clone(),
        reference_id: request.reference_id.clone(),
        context_json: json(&request.context),
        metadata_json: json(&request.metadata),
        idem: idem_to_wire(&request.idem),
        redemption_client_id: request.redemption_client_id.clone(),
        reserve: request.reserve,
        combined_codes: u32::try_from(request.combined_codes).unwrap_or(u32::MAX),
        checkout_id: request.checkout_id.clone(),
        entered_code: request.entered_code.clone(),
        provenance: provenance_to_wire(&request.provenance),
    }
}

pub fn redeem_from_wire(op: wire::RedeemOp) -> Result<RedeemRequest, CodecError> {
    Ok(RedeemRequest {
        user_id: op.user_id,
        reference_type: op.reference_type,
        reference_id: op.reference_id,
        context: context_from_json(&op.context_json)?,
        metadata: metadata_from_json(&op.metadata_json)?,
        idem: idem_from_wire(op.idem),
        redemption_client_id: op.redemption_client_id,
        reserve: op.reserve,
        combined_codes: op.combined_codes as usize,
        checkout_id: op.checkout_id,
        entered_code: op.entered_code,
        provenance: provenance_from_wire(op.provenance)?,
        // The frame's envelope names the trace (see `cluster::serve`).
        trace: None,
    })
}

pub fn update_to_wire(update: &CouponUpdate) -> wire::UpdateOp {
    let kind = match update.kind {
        UpdateKind::Patch => UpdateKindWire::Patch,
        UpdateKind::Revoke => UpdateKindWire::Revoke,
        UpdateKind::SoftDelete => UpdateKindWire::SoftDelete,
        UpdateKind::HardDelete => UpdateKindWire::HardDelete,
    };
    wire::UpdateOp {
        kind: kind as i32,
        patch_json: json(&update.patch),
        reason: update.reason.clone(),
        idem: idem_to_wire(&update.idem),
        provenance: provenance_to_wire(&update.provenance),
    }
}

pub fn update_from_wire(op: wire::UpdateOp) -> Result<CouponUpdate, CodecError> {
    let kind = match UpdateKindWire::try_from(op.kind) {
        Ok(UpdateKindWire::Patch) => UpdateKind::Patch,
        Ok(UpdateKindWire::Revoke) => UpdateKind::Revoke,
        Ok(UpdateKindWire::SoftDelete) => UpdateKind::SoftDelete,
        Ok(UpdateKindWire::HardDelete) => UpdateKind::HardDelete,
        _ => return Err(CodecError::Missing("update kind")),
    };
    Ok(CouponUpdate {
        kind,
        patch: from_json(&op.patch_json, "patch")?,
        reason: op.reason,
        idem: idem_from_wire(op.idem),
        provenance: provenance_from_wire(op.provenance)?,
    })
}

pub fn void_mode_to_wire(mode: VoidMode) -> VoidModeWire {
    match mode {
        VoidMode::Void => VoidModeWire::Void,
        VoidMode::Release => VoidModeWire::Release,
        VoidMode::Expire => VoidModeWire::Expire,
    }
}

pub fn void_mode_from_wire(mode: i32) -> Result<VoidMode, CodecError> {
    match VoidModeWire::try_from(mode) {
        Ok(VoidModeWire::Void) => Ok(VoidMode::Void),
        Ok(VoidModeWire::Release) => Ok(VoidMode::Release),
        Ok(VoidModeWire::Expire) => Ok(VoidMode::Expire),
        Err(_) => Err(CodecError::Malformed(format!("void mode {mode}"))),
    }
}

pub fn validated_to_wire(outcome: &ValidateOutcome) -> Validated {
    let evaluation = &outcome.evaluation;
    Validated {
        coupon_id: outcome.coupon_id.clone(),
        campaign_id: outcome.campaign_id.clone(),
        lease_covers: outcome.lease_covers,
        reasons: evaluation
            .reasons
            .iter()
            .map(|code| code.as_str().to_owned())
            .collect(),
        discount: evaluation.discount.to_string(),
        currency: evaluation.currency.clone(),
        shipping_discount: evaluation.shipping_discount.to_string(),
        allocations: evaluation
            .allocations
            .iter()
            .map(|(line, amount)| Allocation {
                line: u32::try_from(*line).unwrap_or(u32::MAX),
                amount: amount.to_string(),
            })
            .collect(),
        eligible_subtotal: evaluation.eligible_subtotal.to_string(),
        effects_json: if evaluation.effects.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&evaluation.effects).unwrap_or_default()
        },
        explain: evaluation
            .explain
            .iter()
            .map(|entry| ExplainEntry {
                clause: entry.clause.clone(),
                matched: entry.matched,
                detail: entry.detail.clone(),
            })
            .collect(),
    }
}

pub fn validated_from_wire(wire: Validated) -> Result<ValidateOutcome, CodecError> {
    let reasons = wire
        .reasons
        .iter()
        .map(|code| error_code(code))
        .collect::<Result<Vec<_>, _>>()?;
    let allocations = wire
        .allocations
        .iter()
        .map(|a| Ok((a.line as usize, decimal(&a.amount)?)))
        .collect::<Result<Vec<_>, CodecError>>()?;
    Ok(ValidateOutcome {
        coupon_id: wire.coupon_id,
        campaign_id: wire.campaign_id,
        lease_covers: wire.lease_covers,
        evaluation: Evaluation {
            reasons,
            discount: decimal(&wire.discount)?,
            currency: wire.currency,
            shipping_discount: decimal(&wire.shipping_discount)?,
            allocations,
            eligible_subtotal: decimal(&wire.eligible_subtotal)?,
            effects: if wire.effects_json.is_empty() {
                Vec::new()
            } else {
                serde_json::from_str(&wire.effects_json)
                    .map_err(|e| CodecError::Malformed(format!("effects: {e}")))?
            },
            explain: wire
                .explain
                .into_iter()
                .map(|e| Explain {
                    clause: e.clause,
                    matched: e.matched,
                    detail: e.detail,
                })
                .collect(),
        },
    })
}

fn decimal(text: &str) -> Result<Decimal, CodecError> {
    Decimal::from_str(text).map_err(|err| CodecError::Malformed(format!("decimal {text:?}: {err}")))
}

fn error_code(text: &str) -> Result<ErrorCode, CodecError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| CodecError::Malformed(format!("unknown error code {text:?}")))
}

/// Fields an `Invalid` answer may name; anything else is reported as `definition`.
const KNOWN_INVALID_FIELDS: &[&str] = &[
    "version",
    "code",
    "value",
    "currency",
    "max_uses",
    "per_customer_limit",
    "valid_from",
    "valid_until",
    "applicability",
    "min_cart_value",
    "max_discount_amount",
    "balance",
    "status",
    "campaign_id",
    "metadata",
];

pub fn error_to_wire(err: &ActorError) -> PeerError {
    let mut wire = PeerError {
        detail: err.to_string(),
        ..PeerError::default()
    };
    let kind = match err {
        ActorError::Refused { code, detail } => {
            wire.code = code.as_str().to_owned();
            wire.detail = detail.clone();
            PeerErrorKind::Refused
        }
        ActorError::CouponNotFound => PeerErrorKind::CouponNotFound,
        ActorError::RedemptionNotFound => PeerErrorKind::RedemptionNotFound,
        ActorError::VersionConflict { current } => {
            wire.current_version = *current;
            PeerErrorKind::VersionConflict
        }
        ActorError::Invalid { field, message } => {
            wire.field = (*field).to_owned();
            wire.detail = message.clone();
            PeerErrorKind::Invalid
        }
        ActorError::IdempotencyKeyReused => PeerErrorKind::IdempotencyKeyReused,
        ActorError::Overloaded => PeerErrorKind::Overloaded,
        ActorError::Unavailable(detail) => {
            wire.detail = detail.clone();
            PeerErrorKind::Unavailable
        }
        ActorError::Stale => {
            wire.detail = err.to_string();
            PeerErrorKind::Unavailable
        }
        ActorError::Storage(_) => PeerErrorKind::Storage,
    };
    wire.kind = kind as i32;
    wire
}

pub fn error_from_wire(wire: PeerError) -> ActorError {
    match PeerErrorKind::try_from(wire.kind) {
        Ok(PeerErrorKind::Refused) => match error_code(&wire.code) {
            Ok(code) => ActorError::Refused {
                code,
                detail: wire.detail,
            },
            Err(err) => ActorError::Unavailable(format!("peer: {err}")),
        },
        Ok(PeerErrorKind::CouponNotFound) => ActorError::CouponNotFound,
        Ok(PeerErrorKind::RedemptionNotFound) => ActorError::RedemptionNotFound,
        Ok(PeerErrorKind::VersionConflict) => ActorError::VersionConflict {
            current: wire.current_version,
        },
        Ok(PeerErrorKind::Invalid) => ActorError::Invalid {
            field: KNOWN_INVALID_FIELDS
                .iter()
                .find(|known| **known == wire.field)
                .copied()
                .unwrap_or("definition"),
            message: wire.detail,
        },
        Ok(PeerErrorKind::IdempotencyKeyReused) => ActorError::IdempotencyKeyReused,
        Ok(PeerErrorKind::Overloaded) => ActorError::Overloaded,
        Ok(PeerErrorKind::Storage) => ActorError::Storage(StorageError::Backend(wire.detail)),
        Ok(PeerErrorKind::Unavailable) | Ok(PeerErrorKind::Unspecified) | Err(_) => {
            ActorError::Unavailable(wire.detail)
        }
    }
}

/// The reply for a result of the owner's actor.
pub fn reply<T>(result: Result<T, ActorError>, ok: impl FnOnce(T) -> PeerResult) -> PeerReply {
    PeerReply {
        result: Some(match result {
            Ok(value) => ok(value),
            Err(err) => PeerResult::Error(error_to_wire(&err)),
        }),
    }
}

pub fn error_reply(err: &ActorError) -> PeerReply {
    PeerReply {
        result: Some(PeerResult::Error(error_to_wire(err))),
    }
}

/// Splits a reply into the error it carries or its result.
pub fn result_of(reply: PeerReply) -> Result<PeerResult, ActorError> {
    match reply.result {
        Some(PeerResult::Error(err)) => Err(error_from_wire(err)),
        Some(result) => Ok(result),
        None => Err(CodecError::Missing("result").into()),
    }
}

pub fn redemption_of(reply: PeerReply) -> Result<Redemption, ActorError> {
    match result_of(reply)? {
        PeerResult::RedemptionJson(bytes) => Ok(from_json(&bytes, "redemption")?),
        _ => Err(CodecError::Unexpected("wanted a redemption").into()),
    }
}

pub fn coupon_of(reply: PeerReply) -> Result<Coupon, ActorError> {
    match result_of(reply)? {
        PeerResult::CouponJson(bytes) => Ok(from_json(&bytes, "coupon")?),
        _ => Err(CodecError::Unexpected("wanted a coupon").into()),
    }
}

pub fn validated_of(reply: PeerReply) -> Result<ValidateOutcome, ActorError> {
    match result_of(reply)? {
        PeerResult::Validated(validated) => Ok(validated_from_wire(validated)?),
        _ => Err(CodecError::Unexpected("wanted a validation").into()),
    }
}

pub fn limit_set_of(reply: PeerReply) -> Result<Option<LimitSet>, ActorError> {
    match result_of(reply)? {
        PeerResult::LimitSetJson(bytes) => Ok(from_json(&bytes, "limit set")?),
        _ => Err(CodecError::Unexpected("wanted a limit set").into()),
    }
}

pub fn change_to_wire(campaign_id: &str, change: &CampaignChange) -> wire::CampaignChangeOp {
    let kind = match change.kind {
        ChangeKind::Patch => ChangeKindWire::Patch,
        ChangeKind::Activate => ChangeKindWire::Activate,
        ChangeKind::Pause => ChangeKindWire::Pause,
        ChangeKind::Resume => ChangeKindWire::Resume,
        ChangeKind::End => ChangeKindWire::End,
        ChangeKind::Delete => ChangeKindWire::Delete,
    };
    wire::CampaignChangeOp {
        campaign_id: campaign_id.to_owned(),
        kind: kind as i32,
        patch_json: json(&change.patch),
        actor: change.provenance.actor.clone(),
        provenance: provenance_to_wire(&change.provenance),
    }
}

pub fn change_from_wire(op: &wire::CampaignChangeOp) -> Result<CampaignChange, CodecError> {
    let kind = match ChangeKindWire::try_from(op.kind) {
        Ok(ChangeKindWire::Patch) => ChangeKind::Patch,
        Ok(ChangeKindWire::Activate) => ChangeKind::Activate,
        Ok(ChangeKindWire::Pause) => ChangeKind::Pause,
        Ok(ChangeKindWire::Resume) => ChangeKind::Resume,
        Ok(ChangeKindWire::End) => ChangeKind::End,
        Ok(ChangeKindWire::Delete) => ChangeKind::Delete,
        _ => return Err(CodecError::Missing("change kind")),
    };
    Ok(CampaignChange {
        kind,
        patch: from_json(&op.patch_json, "campaign patch")?,
        provenance: provenance_from_wire(op.provenance.clone())?,
    })
}

pub fn grant_to_wire(grant: &Grant) -> wire::GrantMsg {
    wire::GrantMsg {
        count: grant.count as u64,
        quota_json: json(&grant.quota),
        refusal_code: grant
            .refusal
            .as_ref()
            .map(|(code, _)| code.as_str().to_owned()),
        refusal_detail: grant
            .refusal
            .as_ref()
            .map(|(_, detail)| detail.clone())
            .unwrap_or_default(),
    }
}

pub fn grant_from_wire(msg: wire::GrantMsg) -> Result<Grant, CodecError> {
    let refusal = match msg.refusal_code {
        Some(code) => Some((error_code(&code)?, msg.refusal_detail)),
        None => None,
    };
    Ok(Grant {
        count: usize::try_from(msg.count)
            .map_err(|_| CodecError::Malformed(String::from("count")))?,
        quota: from_json(&msg.quota_json, "quota")?,
        refusal,
    })
}

pub fn campaign_of(reply: PeerReply) -> Result<Campaign, ActorError> {
    match result_of(reply)? {
        PeerResult::CampaignJson(bytes) => Ok(from_json(&bytes, "campaign")?),
        _ => Err(CodecError::Unexpected("wanted a campaign").into()),
    }
}

pub fn grant_of(reply: PeerReply) -> Result<Grant, ActorError> {
    match result_of(reply)? {
        PeerResult::Grant(grant) => Ok(grant_from_wire(grant)?),
        _ => Err(CodecError::Unexpected("wanted a grant").into()),
    }
}

pub fn ack_of(reply: PeerReply) -> Result<(), ActorError> {
    match result_of(reply)? {
        PeerResult::Ack(_) => Ok(()),
        _ => Err(CodecError::Unexpected("wanted an acknowledgement").into()),
    }
}

pub fn lease_return_to_wire(back: &LeaseReturn) -> wire::LeaseReturnMsg {
    wire::LeaseReturnMsg {
        coupon_id: back.coupon_id.clone(),
        epoch: back.epoch,
        seq: back.seq,
        quota_json: json(&back.quota),
    }
}

/// A recalled coupon's answer. The code is not on the wire: the caller knows
/// which code it asked and fills it in.
pub fn lease_return_of(reply: PeerReply) -> Result<LeaseReturn, ActorError> {
    match result_of(reply)? {
        PeerResult::LeaseReturn(msg) => Ok(LeaseReturn {
            coupon_id: msg.coupon_id,
            code: String::new(),
            epoch: msg.epoch,
            seq: msg.seq,
            quota: from_json(&msg.quota_json, "quota")?,
        }),
        _ => Err(CodecError::Unexpected("wanted a lease return").into()),
    }
}
