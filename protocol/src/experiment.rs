//! Experiments (seed 000 §10): A/B tests between coupons or promotions.
//!
//! An experiment splits subjects (a `user_id` or a `session_id`) between 2–10
//! variants by allocation percentages; each variant is bound to exactly one
//! coupon or promotion. A subject's variant is decided by a stable hash and
//! stored the first time it is seen (its exposure), so it never moves. The
//! results compare each variant with the first one (the control).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Id prefix of experiments (`exp_…`).
pub const EXPERIMENT_PREFIX: &str = "exp";
/// Fewest and most variants an experiment has.
pub const MIN_VARIANTS: usize = 2;
pub const MAX_VARIANTS: usize = 10;
/// Longest experiment, from start to end, in days.
pub const MAX_EXPERIMENT_SPAN_DAYS: i64 = 366;
/// Largest `planned_sample_per_variant`, in subjects.
pub const MAX_PLANNED_SAMPLE_PER_VARIANT: u64 = 100_000_000;
/// Subjects per variant the results wait for when no sample was planned.
pub const DEFAULT_MIN_SAMPLE_PER_VARIANT: u64 = 1_000;
/// The assignment space: a subject's hash lands on one of this many basis
/// points, matched against the cumulative allocation.
pub const ALLOCATION_BASIS_POINTS: u64 = 10_000;
/// Longest subject (`user_id` or `session_id`), in bytes.
pub const MAX_SUBJECT_BYTES: usize = 256;
/// Longest description, in bytes.
pub const MAX_EXPERIMENT_DESCRIPTION_BYTES: usize = 2_048;
/// Metrics an experiment may report.
pub const EXPERIMENT_METRICS: [&str; 4] = [
    "redeem_rate",
    "revenue_lift",
    "revenue_per_exposure",
    "conversions",
];
/// Significance level of the comparisons.
pub const SIGNIFICANCE_LEVEL: f64 = 0.05;
/// A sample-ratio check below this p-value flags a mismatch.
pub const SRM_P_VALUE: f64 = 0.001;

/// One arm of an experiment: bound to exactly one coupon or promotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_id: Option<String>,
}

impl Variant {
    /// The coupon id its redemptions are counted under (a promotion's id is
    /// the coupon id of its code).
    pub fn target(&self) -> &str {
        self.coupon_id
            .as_deref()
            .or(self.promotion_id.as_deref())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExperimentStatus {
    /// Being prepared: never starts by itself.
    Draft,
    /// Starts at `start`.
    Scheduled,
    /// Assigning subjects until `end`.
    Running,
    /// Ended early by hand; its results are frozen.
    Stopped,
    /// Reached `end`; its results are frozen.
    Completed,
}

impl ExperimentStatus {
    /// Whether it is over (results frozen, nothing changes any more).
    pub fn is_final(self) -> bool {
        matches!(self, Self::Stopped | Self::Completed)
    }
}

/// An experiment as stored and returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Experiment {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub variants: Vec<Variant>,
    /// Percent of subjects per variant, in variant order; sums to 100.
    #[schema(value_type = Vec<f64>)]
    pub allocation: Vec<Decimal>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub metrics: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_sample_per_variant: Option<u64>,
    /// The currency revenue is reported in (ISO 4217); when absent, the one
    /// currency the variants' redemptions have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub status: ExperimentStatus,
    /// The results as of the end (set when it completes or is stopped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen_results: Option<ExperimentResults>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: u64,
}

impl Experiment {
    /// The status it has at `now` once launched: running inside its window,
    /// scheduled before it.
    pub fn launched_status(&self, now: DateTime<Utc>) -> ExperimentStatus {
        if self.start <= now {
            ExperimentStatus::Running
        } else {
            ExperimentStatus::Scheduled
        }
    }

    /// Subjects per variant the results wait for.
    pub fn minimum_sample(&self) -> u64 {
        self.planned_sample_per_variant
            .unwrap_or(DEFAULT_MIN_SAMPLE_PER_VARIANT)
    }
}

/// A stored assignment of one subject to a variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Assignment {
    pub experiment_id: String,
    /// `user:<id>` or `session:<id>`.
    pub subject: String,
    pub variant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_id: Option<String>,
    /// Set by hand (QA), not by the hash.
    pub forced: bool,
    pub assigned_at: DateTime<Utc>,
}

/// One variant's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VariantResult {
    pub variant_id: String,
    #[schema(value_type = f64)]
    pub allocation: Decimal,
    /// Subjects assigned (each counted once).
    pub exposures: u64,
    /// Distinct customers who redeemed the variant's coupon in the window,
    /// counted up to the exposures.
    pub conversions: u64,
    /// `conversions / exposures` (0 with no exposure).
    pub redeem_rate: f64,
    /// Order value of those redemptions in the reported currency.
    #[schema(value_type = String)]
    pub revenue: Decimal,
    #[schema(value_type = String)]
    pub revenue_per_exposure: Decimal,
    /// Order value per currency, as redeemed.
    #[schema(value_type = Object)]
    pub revenue_by_currency: BTreeMap<String, Decimal>,
}

/// A variant against the control (the first variant).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Comparison {
    pub variant_id: String,
    pub control_id: String,
    /// Redeem rate of the variant minus the control's.
    pub difference: f64,
    /// 95% confidence interval of the difference (unpooled normal interval).
    pub ci_low: f64,
    pub ci_high: f64,
    /// Two-proportion z statistic (pooled) and its two-sided p-value.
    pub z: f64,
    pub p_value: f64,
    /// `p_value < 0.05`.
    pub significant: bool,
    /// Revenue per exposure relative to the control's (`0.1` = +10%);
    /// `None` when the control has none.
    pub revenue_lift: Option<f64>,
}

/// Chi-square goodness of fit of the exposures against the allocation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SampleRatio {
    pub chi_square: f64,
    pub p_value: f64,
    /// `p_value < 0.001`: the split is not what was allocated.
    pub mismatch: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// Some variant has fewer subjects than the planned sample.
    KeepRunning,
    /// A variant beats the control significantly (`recommended_variant`).
    ShipVariant,
    /// No variant differs significantly from the control.
    NoDifference,
    /// The split does not match the allocation: the results are suspect.
    InvestigateSrm,
}

/// An experiment's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExperimentResults {
    pub experiment_id: String,
    pub status: ExperimentStatus,
    /// The currency `revenue` is in, when there is one.
    pub currency: Option<String>,
    /// Redemptions counted were made in `[from, to)`.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub computed_at: DateTime<Utc>,
    /// Frozen at the end: these numbers no longer change.
    pub frozen: bool,
    pub minimum_sample_per_variant: u64,
    pub variants: Vec<VariantResult>,
    pub comparisons: Vec<Comparison>,
    pub sample_ratio: Option<SampleRatio>,
    pub recommendation: Recommendation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommended_variant: Option<String>,
}
