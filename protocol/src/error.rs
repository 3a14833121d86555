//! Stable machine error codes.
//!
//! These strings are part of the public contract: clients branch on them. The HTTP
//! status for each lives in one place, `stampede_api::error`.

use serde::{Deserialize, Serialize};

/// Every machine-readable error code the service emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // Redemption refusals (the reasons of seed 000 §5).
    LimitReached,
    PerCustomerLimitReached,
    Expired,
    NotYetValid,
    Revoked,
    Inactive,
    NotEligible,
    MinCartValueNotMet,
    CurrencyMismatch,
    BalanceExhausted,
    CouponNotFound,
    // Resource errors.
    NotFound,
    DuplicateCode,
    VersionConflict,
    AlreadyVoided,
    RedemptionNotVoidable,
    // Request errors.
    InvalidRequest,
    InvalidField,
    MalformedJson,
    PayloadTooLarge,
    UnsupportedMediaType,
    /// The path exists, not with this method.
    MethodNotAllowed,
    IdempotencyKeyReused,
    IdempotencyKeyInFlight,
    // Auth.
    Unauthorized,
    Forbidden,
    // Capacity and internal.
    Overloaded,
    /// The caller's key, JWT subject or tenant spent its request budget
    /// (`/rate-limits`), or its source failed authentication too often.
    RateLimited,
    Unavailable,
    Internal,
    // Campaigns and reservations.
    CampaignInactive,
    CampaignLimitReached,
    CampaignNotActivatable,
    ReservationExpired,
    RedemptionNotPending,
    // Usage limits.
    ChannelLimitReached,
    StoreLimitReached,
    DailyLimitReached,
    OutsideTimeWindow,
    /// The customer is not in the segment the code is restricted to.
    NotInSegment,
    /// A rule the code references does not hold for the checkout.
    ConditionNotMet,
    // Campaign promotions: seed 001's error codes, spelled as the seed does.
    #[serde(rename = "INVALID_DISCOUNT_RULES")]
    InvalidDiscountRules,
    #[serde(rename = "DUPLICATE_PROMOTION_CODE")]
    DuplicatePromotionCode,
    #[serde(rename = "INVALID_SCHEDULE")]
    InvalidSchedule,
    #[serde(rename = "CAMPAIGN_NOT_FOUND")]
    CampaignNotFound,
    /// A rule or promotion definition refused by the engine's checks.
    InvalidRule,
    /// A job's result asked for before the job is done (an export's file).
    JobNotFinished,
    /// A channel with this id exists (built in or the tenant's own).
    DuplicateChannel,
    /// A built-in channel cannot be deleted.
    BuiltinChannel,
    // Experiments.
    /// Assignment asked of an experiment that is not running.
    ExperimentNotRunning,
    /// A change an experiment no longer allows (its variants or allocation
    /// once it runs, anything once it is over).
    ExperimentLocked,
    // Fraud.
    /// The context names a blacklisted user, email, IP address or device.
    Blacklisted,
    // Event-triggered coupons.
    /// Seed 002's `auto_generate` rules (an enabled trigger without its
    /// `trigger` or config fields), or an event a trigger cannot take.
    InvalidTrigger,
    // Rewards.
    /// A coupon's `reward_item_id` names no reward item of the tenant.
    RewardItemNotFound,
    /// A `debit_reference` already made a coupon from other points or for
    /// another user.
    DebitReferenceReused,
    /// Points worth less than one minor unit of the currency, or outside the
    /// tenant's `min_points`/`max_points`.
    PointsOutOfRange,
    /// No points conversion set (`PUT /rewards/points-settings`).
    PointsNotConfigured,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LimitReached => "limit_reached",
            Self::PerCustomerLimitReached => "per_customer_limit_reached",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::Revoked => "revoked",
            Self::Inactive => "inactive",
            Self::NotEligible => "not_eligible",
            Self::MinCartValueNotMet => "min_cart_value_not_met",
            Self::CurrencyMismatch => "currency_mismatch",
            Self::BalanceExhausted => "balance_exhausted",
            Self::CouponNotFound => "coupon_not_found",
            Self::NotFound => "not_found",
            Self::DuplicateCode => "duplicate_code",
            Self::VersionConflict => "version_conflict",
            Self::AlreadyVoided => "already_voided",
            Self::RedemptionNotVoidable => "redemption_not_voidable",
            Self::InvalidRequest => "invalid_request",
            Self::InvalidField => "invalid_field",
            Self::MalformedJson => "malformed_json",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::IdempotencyKeyInFlight => "idempotency_key_in_flight",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::Overloaded => "overloaded",
            Self::RateLimited => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
            Self::CampaignInactive => "campaign_inactive",
            Self::CampaignLimitReached => "campaign_limit_reached",
            Self::CampaignNotActivatable => "campaign_not_activatable",
            Self::ReservationExpired => "reservation_expired",
            Self::RedemptionNotPending => "redemption_not_pending",
            Self::ChannelLimitReached => "channel_limit_reached",
            Self::StoreLimitReached => "store_limit_reached",
            Self::DailyLimitReached => "daily_limit_reached",
            Self::OutsideTimeWindow => "outside_time_window",
            Self::NotInSegment => "not_in_segment",
            Self::ConditionNotMet => "condition_not_met",
            Self::InvalidDiscountRules => "INVALID_DISCOUNT_RULES",
            Self::DuplicatePromotionCode => "DUPLICATE_PROMOTION_CODE",
            Self::InvalidSchedule => "INVALID_SCHEDULE",
            Self::CampaignNotFound => "CAMPAIGN_NOT_FOUND",
            Self::InvalidRule => "invalid_rule",
            Self::JobNotFinished => "job_not_finished",
            Self::DuplicateChannel => "duplicate_channel",
            Self::BuiltinChannel => "builtin_channel",
            Self::ExperimentNotRunning => "experiment_not_running",
            Self::ExperimentLocked => "experiment_locked",
            Self::Blacklisted => "blacklisted",
            Self::InvalidTrigger => "invalid_trigger",
            Self::RewardItemNotFound => "reward_item_not_found",
            Self::DebitReferenceReused => "debit_reference_reused",
            Self::PointsOutOfRange => "points_out_of_range",
            Self::PointsNotConfigured => "points_not_configured",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
