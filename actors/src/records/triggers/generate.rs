//! One occurrence's code. The code is a code of the template bound to the
//! user, made as every code is (`codes::copy_of`, `codes::is_free`,
//! `codes::put`), in the event's transaction beside the occurrence marker
//! `(tenant, "trgocc", template_id, user_id, occurrence)`: an occurrence has
//! at most one code. Its id and value derive from a hash of the template, user
//! and occurrence, so a retried transaction draws the same code.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use stampede_protocol::code_pattern::{Charset, CodePattern};
use stampede_protocol::event::{Event, Provenance};
use stampede_protocol::ids::COUPON_PREFIX;
use stampede_protocol::trigger::{GeneratedCode, Trigger, DEFAULT_TRIGGER_CODE_LENGTH};
use stampede_protocol::{Coupon, CouponStatus};
use stampede_storage::{keys, StorageError, Transaction};

use super::super::codec::{decode, encode};
use super::super::{codes, events};

/// Codes of the occurrence's sequence tried before giving up: each taken one
/// (another coupon has it) moves to the next, the same on every retry.
const MAX_CODE_DRAWS: u64 = 16;

/// What happened once, for whom, and by which event.
pub struct Occurrence<'a> {
    pub template: &'a Coupon,
    pub trigger: Trigger,
    pub user_id: &'a str,
    /// See [`GeneratedCode::occurrence`].
    pub key: String,
    pub event_id: &'a str,
    pub now: DateTime<Utc>,
}

/// Where one transaction's journal events are numbered, and by whom.
pub struct Journal<'a> {
    pub tenant: &'a str,
    pub n: u16,
    pub by: &'a Provenance,
    /// Users the tenant's blacklist bars from receiving coupons (seed 000
    /// §12): their occurrences make no code.
    pub barred: &'a BTreeSet<String>,
}

fn digest(occ: &Occurrence<'_>) -> [u8; 32] {
    let mut hash = Sha256::new();
    for part in [occ.template.id.as_str(), occ.user_id, occ.key.as_str()] {
        hash.update(part.len().to_be_bytes());
        hash.update(part.as_bytes());
    }
    hash.finalize().into()
}

/// The first free code of the occurrence's sequence.
async fn free_code(
    tx: &mut dyn Transaction,
    tenant: &str,
    occ: &Occurrence<'_>,
    seed: u64,
) -> Result<Option<String>, StorageError> {
    let auto = occ.template.auto_generate.clone().unwrap_or_default();
    let prefix = auto.code_prefix.unwrap_or_default();
    let length = auto.code_length.unwrap_or(DEFAULT_TRIGGER_CODE_LENGTH);
    let Ok(pattern) = CodePattern::new(None, Some(length), &Charset::Unambiguous, &prefix, "")
    else {
        return Ok(None);
    };
    for index in 0..MAX_CODE_DRAWS {
        let code = pattern.code(seed, index);
        if codes::is_free(tx, tenant, &code).await? {
            return Ok(Some(code));
        }
    }
    Ok(None)
}

/// Makes the occurrence's code unless it has one: `None` when it had one
/// already (or no free code could be drawn, which the pattern's size makes
/// practically impossible).
pub async fn once(
    tx: &mut dyn Transaction,
    journal: &mut Journal<'_>,
    occ: &Occurrence<'_>,
) -> Result<Option<GeneratedCode>, StorageError> {
    let tenant = journal.tenant;
    if journal.barred.contains(occ.user_id) {
        return Ok(None);
    }
    let template_id = occ.template.id.as_str();
    let marker = keys::trigger_occurrence(tenant, template_id, occ.user_id, &occ.key);
    if let Some(bytes) = tx.get(&marker).await? {
        let _: GeneratedCode = decode(&marker, &bytes)?;
        return Ok(None);
    }
    let hash = digest(occ);
    let mut seed = [0u8; 8];
    seed.copy_from_slice(&hash[..8]);
    let Some(code) = free_code(tx, tenant, occ, u64::from_be_bytes(seed)).await? else {
        return Ok(None);
    };
    let id = format!("{COUPON_PREFIX}_{}", hex::encode(&hash[8..24]));
    let mut coupon = codes::copy_of(occ.template, id, code, CouponStatus::Active, occ.now);
    coupon.bound_user_id = Some(occ.user_id.to_owned());
    codes::put(tx, tenant, template_id, &coupon)?;
    let generated = GeneratedCode {
        template_id: template_id.to_owned(),
        coupon_id: coupon.id.clone(),
        code: coupon.code.clone(),
        user_id: occ.user_id.to_owned(),
        trigger: occ.trigger,
        occurrence: occ.key.clone(),
        event_id: occ.event_id.to_owned(),
        created_at: occ.now,
    };
    let encoded = encode(&generated)?;
    tx.set(&marker, &encoded)?;
    tx.set(
        &keys::trigger_generated(tenant, template_id, &coupon.id),
        &encoded,
    )?;
    tx.set(
        &keys::trigger_generated_for(tenant, template_id, occ.user_id, &coupon.id),
        &encoded,
    )?;
    let event = Event::new("coupon.generated", "coupon", template_id, occ.now)
        .after(serde_json::to_value(&generated).unwrap_or_default())
        .by(journal.by);
    events::append(tx, tenant, &mut journal.n, &event)?;
    Ok(Some(generated))
}
