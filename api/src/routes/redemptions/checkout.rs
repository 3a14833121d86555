//! Multi-code checkout: `POST /redemptions` with `coupon_codes` applies every code
//! or none.
//!
//! Each code belongs to its own actor, so no single transaction spans them. The
//! coordinator reserves on every owner first (a reservation holds its use against
//! every limit) and releases them all on the first refusal. When every code is
//! reserved, one transaction records the checkout's decision — the commit point —
//! after checking that every reservation is still pending; then each is confirmed.
//! A coordinator that dies before the decision leaves only reservations, which
//! expire; one that dies after it leaves a decided checkout, whose reservations the
//! expiry supervisor confirms instead of expiring (reservation commits re-read the
//! decision for real, so expiry and decision cannot both win). Per-code
//! idempotency keys and the checkout id derive from the request's key, so a retry
//! finds the same reservations and the same decision instead of taking new uses.
//!
//! A reserve that ends without an answer (a timeout, an actor that failed after
//! its commit, a forward that may have been delivered) may still hold its use.
//! When the checkout fails, the coordinator finds the reservation by that
//! reserve's key (every reserve has one: without a request key it derives from
//! the attempt's id) and releases it; the use comes back at once, not when the
//! reservation expires. A key of the attempt alone is closed in the same
//! transaction, so a reserve still in flight takes nothing; one derived from
//! the request's key stays open for the client's retry. The coordinator runs
//! as its own task, so a client that goes away mid-checkout leaves no
//! reservation behind either.

use futures::future::join_all;
use serde::Serialize;
use sha2::{Digest, Sha256};
use stampede_actors::records::locks::{LockPart, RedemptionLock};
use stampede_actors::records::{self, checkouts::Decision};
use stampede_actors::{ActorError, RedeemRequest, VoidMode, VoidRequest};
use stampede_protocol::event::Provenance;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::CHECKOUT_PREFIX;
use stampede_protocol::{ErrorCode, Redemption, RedemptionStatus};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::AppState;

/// The answer to a multi-code redemption.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderRedemptions {
    /// `success`, or `pending` when the request asked to reserve.
    pub status: RedemptionStatus,
    /// One redemption per code, in the order the codes were given.
    pub redemptions: Vec<Redemption>,
    /// A reserve's order-level lock (seed 004 `lockReference`): confirm or
    /// release every code at once at `/redemptions/locks/{lock_reference}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_reference: Option<String>,
}

/// Reserves every code, then confirms all or releases all. Runs as its own
/// task, so a client that goes away mid-checkout does not abandon it halfway:
/// it still ends confirmed or released.
pub async fn all_or_nothing(
    state: &AppState,
    tenant: &str,
    codes: &[String],
    entered: &[String],
    request: RedeemRequest,
) -> Result<OrderRedemptions, ApiError> {
    let order = Order {
        state: state.clone(),
        tenant: tenant.to_owned(),
        codes: codes.to_vec(),
        entered: entered.to_vec(),
        keyed: request.idem.is_some(),
    };
    tokio::spawn(async move { order.run(request).await })
        .await
        .map_err(|err| ApiError::internal(format!("the checkout stopped: {err}")))?
}

/// One multi-code checkout, owned by its task.
struct Order {
    state: AppState,
    tenant: String,
    codes: Vec<String>,
    entered: Vec<String>,
    /// The request named itself (`Idempotency-Key`, `redemption_client_id`):
    /// the per-code keys derive from its key, and a retry uses them again.
    keyed: bool,
}

/// What the reserves of every code came to.
struct Reserved {
    /// Reservations answered, with their codes.
    held: Vec<(String, Redemption)>,
    /// Codes whose reserve ended without an answer (the reservation may be
    /// stored), with the key it was made under.
    unknown: Vec<(String, IdemSpec)>,
    /// The first code that was not reserved, and why.
    failed: Option<(usize, ActorError)>,
}

impl Order {
    async fn run(self, request: RedeemRequest) -> Result<OrderRedemptions, ApiError> {
        let keep_pending = request.reserve;
        let attempt = checkout_id_for(&self.state, request.idem.as_ref());
        // A pending order is confirmed code by code by its client: no decision.
        let checkout_id = (!keep_pending).then(|| attempt.clone());
        let reserved = self.reserve(request, &attempt, checkout_id.as_ref()).await;
        let Reserved {
            held,
            unknown,
            failed,
        } = reserved;
        if let Some((i, err)) = failed {
            self.give_up(&held, &unknown).await;
            let mut problem = ApiError::from(err);
            problem.field = Some(format!("coupon_codes[{i}]"));
            let code = &self.codes[i];
            problem.detail = format!("{} ({code}); no code was applied", problem.detail);
            return Err(problem);
        }
        let Some(checkout_id) = checkout_id else {
            return self.lock(attempt, held).await;
        };
        let (state, tenant) = (&self.state, self.tenant.as_str());
        match decide(state, tenant, &checkout_id, &held).await? {
            Decision::Decided => confirm_all(state, tenant, held).await,
            Decision::Lapsed(i) => {
                release_all(state, tenant, &held).await;
                Err(ApiError::field(
                    ErrorCode::ReservationExpired,
                    format!("coupon_codes[{i}]"),
                    format!(
                        "the reservation of {} lapsed before the order committed; no code was applied",
                        self.codes[i]
                    ),
                ))
            }
        }
    }

    /// Records the order-level lock of a reserve that holds every code; when
    /// it cannot be stored, releases them all (nothing is left held without
    /// a lock to settle it by).
    async fn lock(
        &self,
        reference: String,
        held: Vec<(String, Redemption)>,
    ) -> Result<OrderRedemptions, ApiError> {
        let parts = held
            .iter()
            .map(|(code, r)| LockPart {
                code: code.clone(),
                redemption_id: r.id.clone(),
            })
            .collect();
        let lock = RedemptionLock {
            lock_reference: reference.clone(),
            parts,
            created_at: self.state.now(),
        };
        let records = self.state.records();
        if let Err(err) = records::locks::put(&records, &self.tenant, &lock).await {
            release_all(&self.state, &self.tenant, &held).await;
            return Err(err.into());
        }
        Ok(OrderRedemptions {
            status: RedemptionStatus::Pending,
            redemptions: held.into_iter().map(|(_, r)| r).collect(),
            lock_reference: Some(reference),
        })
    }

    /// Reserves every code at once, each under its own key (derived from the
    /// request's key, or from this attempt's id without one), so a reserve
    /// whose answer is lost can still be found and released by its key.
    async fn reserve(
        &self,
        request: RedeemRequest,
        attempt: &str,
        checkout_id: Option<&String>,
    ) -> Reserved {
        let keys: Vec<IdemSpec> = self
            .codes
            .iter()
            .map(|code| per_code(request.idem.as_ref(), attempt, code))
            .collect();
        let reserves = self
            .codes
            .iter()
            .zip(&keys)
            .enumerate()
            .map(|(i, (code, key))| {
                let mut one = request.clone();
                one.entered_code = self.entered.get(i).cloned();
                one.reserve = true;
                one.checkout_id = checkout_id.cloned();
                one.combined_codes = self.codes.len() - 1;
                one.idem = Some(key.clone());
                self.state.shards.redeem(&self.tenant, code, one)
            });
        let answers = join_all(reserves).await;
        let mut reserved = Reserved {
            held: Vec::new(),
            unknown: Vec::new(),
            failed: None,
        };
        for (i, ((code, key), answer)) in self.codes.iter().zip(keys).zip(answers).enumerate() {
            match answer {
                Ok(redemption) => reserved.held.push((code.clone(), redemption)),
                Err(err) => {
                    if outcome_unknown(&err) {
                        reserved.unknown.push((code.clone(), key));
                    }
                    reserved.failed.get_or_insert((i, err));
                }
            }
        }
        reserved
    }

    /// Gives back everything a failed checkout may hold: the reservations it
    /// was answered, and any stored under the keys of reserves it never heard
    /// back from ([`abandon`]).
    async fn give_up(&self, held: &[(String, Redemption)], unknown: &[(String, IdemSpec)]) {
        let (state, tenant) = (&self.state, self.tenant.as_str());
        let abandons = unknown
            .iter()
            .map(|(code, key)| abandon(state, tenant, code, key, self.keyed));
        futures::join!(release_all(state, tenant, held), join_all(abandons));
    }
}

/// Whether a reserve's error leaves its outcome unknown: the reservation may
/// have been stored although no answer said so. Refusals, a missing coupon, a
/// reused key and a full mailbox took nothing.
fn outcome_unknown(err: &ActorError) -> bool {
    matches!(err, ActorError::Unavailable(_) | ActorError::Storage(_))
}

/// Releases the reservation stored under the key of a reserve whose outcome
/// is unknown, if one is: its use comes back now rather than when it expires.
/// A key of this attempt alone is closed as well
/// ([`records::checkouts::abandon`]), so a reserve still in flight finds it
/// taken and holds nothing; a key derived from the request's is only read
/// ([`records::checkouts::reserved_under`]), so a retry under the request's
/// key may still reserve that code.
async fn abandon(state: &AppState, tenant: &str, code: &str, key: &IdemSpec, keyed: bool) {
    let (records, now) = (state.records(), state.now());
    let found = if keyed {
        records::checkouts::reserved_under(&records, tenant, key, now).await
    } else {
        records::checkouts::abandon(&records, tenant, key, now).await
    };
    match found {
        Ok(None) => {}
        Ok(Some(id)) => {
            let reason = "the order failed before this code's reservation was answered";
            release(state, tenant, code, id, reason).await;
        }
        Err(err) => {
            // The reservation, if stored, stays pending and expires on time.
            tracing::warn!(code, error = %err, "closing an unanswered reserve failed");
        }
    }
}

/// Confirms every reservation of a decided checkout. A failure leaves the
/// decision standing: a retry with the same key, or the expiry supervisor,
/// completes it; nothing is undone.
async fn confirm_all(
    state: &AppState,
    tenant: &str,
    held: Vec<(String, Redemption)>,
) -> Result<OrderRedemptions, ApiError> {
    // The checkout's own follow-up: its reservations carry the caller.
    let by = Provenance::system("checkout");
    let confirms = held.iter().map(|(code, redemption)| {
        state
            .shards
            .confirm(tenant, code, redemption.id.clone(), None, &by)
    });
    let mut confirmed = Vec::with_capacity(held.len());
    for answer in join_all(confirms).await {
        match answer {
            Ok(redemption) => confirmed.push(redemption),
            Err(err) => {
                let mut problem = ApiError::from(err);
                problem.code = ErrorCode::Unavailable;
                problem.detail = format!(
                    "the order is committed but not every code is confirmed yet ({}); \
                     retry with the same Idempotency-Key, or it completes on its own",
                    problem.detail
                );
                return Err(problem);
            }
        }
    }
    Ok(OrderRedemptions {
        status: RedemptionStatus::Success,
        redemptions: confirmed,
        lock_reference: None,
    })
}

/// The commit point ([`records::checkouts::decide`]): records that the
/// checkout confirms, if every reservation is still pending.
async fn decide(
    state: &AppState,
    tenant: &str,
    checkout_id: &str,
    held: &[(String, Redemption)],
) -> Result<Decision, ApiError> {
    let parts: Vec<(String, String)> = held
        .iter()
        .map(|(code, r)| (code.clone(), r.id.clone()))
        .collect();
    let records = state.records();
    let now = state.now();
    Ok(records::checkouts::decide(&records, tenant, checkout_id, &parts, now).await?)
}

/// A checkout's id: derived from the idempotency key, so a retry finds the same
/// checkout (and its decision); fresh otherwise.
fn checkout_id_for(state: &AppState, idem: Option<&IdemSpec>) -> String {
    match idem {
        Some(idem) => {
            let digest = Sha256::digest(idem.key.as_bytes());
            format!("chk_{}", &hex::encode(digest)[..32])
        }
        None => state.new_id(CHECKOUT_PREFIX),
    }
}

/// Releases every reservation of a checkout that failed.
async fn release_all(state: &AppState, tenant: &str, held: &[(String, Redemption)]) {
    let releases = held.iter().map(|(code, redemption)| {
        let reason = "another code of the order was refused";
        release(state, tenant, code, redemption.id.clone(), reason)
    });
    join_all(releases).await;
}

/// Releases one reservation of a failed checkout; a second release of it
/// releases nothing.
async fn release(state: &AppState, tenant: &str, code: &str, redemption_id: String, why: &str) {
    let request = VoidRequest {
        redemption_id,
        reason: Some(why.to_owned()),
        idem: None,
        mode: VoidMode::Release,
        provenance: Provenance::system("checkout"),
    };
    let released = state.shards.void_with(tenant, code, request).await;
    if let Err(err) = released {
        // The reservation stays pending and expires on time.
        tracing::warn!(code, error = %err, "release after a refused checkout failed");
    }
}

/// The idempotency key of one code of a multi-code request: derived from the
/// request's key, so a retry finds the same reservation; without one, from
/// the attempt's own checkout id (a namespace no client key reaches), so this
/// attempt can still find a reservation whose answer it lost.
fn per_code(idem: Option<&IdemSpec>, attempt: &str, code: &str) -> IdemSpec {
    match idem {
        Some(idem) => IdemSpec {
            key: format!("{}#{code}", idem.key),
            fingerprint: idem.fingerprint.clone(),
        },
        None => IdemSpec {
            key: format!("{attempt}#{code}"),
            fingerprint: attempt.to_owned(),
        },
    }
}
