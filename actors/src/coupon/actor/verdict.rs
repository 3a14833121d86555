//! The one verdict: whether and how much a code applies to a cart, with every
//! reason, decided against the actor's state (counters with pending decisions,
//! status, limits, conditions, the campaign's gate).
//!
//! `/validate`, `/preview` and `/eligibility/check` (through validate), limit
//! checks, reservations and redemptions all ask this one function, so the same
//! cart in the same state gets the same answer everywhere. A redemption adds
//! only what a preview cannot know: how many codes its checkout combines.
//!
//! A code under a coupon decides on its parent's terms (taken at activation and
//! again whenever the parent's version moves, `refresh_flow.rs`) and is refused
//! while its parent is not active.

use super::*;

impl CouponActor {
    /// Decides `context` at `now` for the code as `entered` (when the caller
    /// typed it); `combined` is the number of codes redeemed together in one
    /// checkout (0 when not a redemption).
    pub(in crate::coupon) fn verdict(
        &mut self,
        context: &Context,
        entered: Option<&str>,
        now: DateTime<Utc>,
        combined: usize,
    ) -> Evaluation {
        if !self.state.projected.accepts(entered) {
            // Another spelling of a case-sensitive code names no coupon.
            return Evaluation::refused(ErrorCode::CouponNotFound, "code spelled otherwise");
        }
        let mut evaluation = self.state.evaluate(context, now);
        self.limits.conditions.apply(&mut evaluation, context, now);
        let parent = self.limits.parent.as_ref().and_then(|p| p.refusal());
        let mut refusals: Vec<(ErrorCode, String)> = [
            parent,
            self.blacklist_refusal(context, now),
            self.bound_user_refusal(context),
            self.channel_refusal(context),
            self.consumer_refusal(context),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(set) = &self.limits.set {
            let zone = self.limits.zone();
            refusals.extend(limits::check(set, context, now, zone, combined, |name| {
                self.state.counter(name)
            }));
        }
        if self
            .lease
            .as_ref()
            .is_some_and(|l| l.gate != GateState::Open)
        {
            refusals.push((
                ErrorCode::CampaignInactive,
                String::from("the campaign is not running"),
            ));
        }
        add_limit_reasons(&mut evaluation, refusals);
        if !evaluation.is_valid() {
            evaluation.clear_amounts();
        }
        evaluation
    }
}
