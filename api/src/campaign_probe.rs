//! The campaign's side of a validation: whether the campaign would grant the
//! quota a coupon's own lease cannot cover. Shared by `/validate` and
//! `/limits/check`, so both answer a campaign's refusal the same way.

use stampede_protocol::campaign::Quota;
use stampede_protocol::ErrorCode;

use crate::error::ApiError;
use crate::AppState;

/// Folds the campaign's answer into a validation of one of its coupons: when the
/// coupon's own lease cannot cover the redemption, would the campaign grant it
/// now (budget, daily cap, windows, status)? Grants nothing.
pub async fn check_campaign(
    state: &AppState,
    tenant: &str,
    outcome: &mut stampede_actors::ValidateOutcome,
) -> Result<(), ApiError> {
    let evaluation = &mut outcome.evaluation;
    if !evaluation.is_valid() || outcome.lease_covers {
        return Ok(());
    }
    let Some(campaign_id) = &outcome.campaign_id else {
        return Ok(());
    };
    let need = Quota::one(evaluation.discount, evaluation.currency.as_deref());
    let refusal = match state
        .shards
        .campaigns()
        .probe(tenant, campaign_id, vec![need])
        .await
    {
        Ok(grant) if grant.count == 0 => grant.refusal,
        Ok(_) => None,
        Err(stampede_actors::ActorError::Refused {
            code: ErrorCode::NotFound,
            ..
        }) => Some((
            ErrorCode::CampaignInactive,
            String::from("the campaign was deleted"),
        )),
        Err(err) => return Err(err.into()),
    };
    if let Some((code, detail)) = refusal {
        evaluation.reasons.push(code);
        evaluation.explain.push(stampede_actors::engine::Explain {
            clause: String::from(code.as_str()),
            matched: false,
            detail,
        });
        evaluation.clear_amounts();
    }
    Ok(())
}
