//! Event-triggered coupons (seed 002 `auto_generate`): a coupon (the
//! template) names a trigger, user events are ingested, and each occurrence of
//! the trigger makes one code of the template bound to its user.
//!
//! * [`AutoGenerate`], [`Trigger`], [`TriggerConfig`] — what a template says,
//!   with seed 002's field names, and its checks ([`AutoGenerate::check`]).
//! * [`UserEvent`] — one ingested event (`streak_day`, `achievement_completed`,
//!   `leaderboard_closed`, `purchase`), and its checks.
//! * [`EventOutcome`], [`GeneratedCode`] — what an event did: stored with the
//!   event's marker, answered again for a replay.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::validate::{identifier, Invalid};

/// Longest streak a milestone may ask for, in days: a ten-year streak is
/// already more than any loyalty programme runs.
pub const MAX_MILESTONE_THRESHOLD_DAYS: u32 = 3_650;
/// Deepest rank a leaderboard trigger may reward: its winners' codes are made
/// in the closing event's one transaction.
pub const MAX_RANK_THRESHOLD: u32 = 100;
/// Most purchases a `purchase_count` trigger may count to.
pub const MAX_PURCHASE_THRESHOLD: u32 = 100_000;
/// Events one `POST /events` request may carry: each is its own transaction,
/// so a batch's time stays within a request's.
pub const MAX_EVENTS_PER_BATCH: usize = 1_000;
/// Longest event id, in bytes (the id is a storage key).
pub const MAX_EVENT_ID_BYTES: usize = 128;
/// Rankings one `leaderboard_closed` event may list: the whole event is one
/// transaction (FoundationDB's 10 MB bound).
pub const MAX_RANKINGS_PER_EVENT: usize = 1_000;
/// Templates one trigger key (a streak, an achievement, a leaderboard) may
/// have: an event reads them all, and may make a code of each, in one
/// transaction.
pub const MAX_TEMPLATES_PER_TRIGGER_KEY: usize = 8;
/// Codes one event may make (about 2 KB each with its records and events:
/// well under the store's 10 MB transaction bound). An event past it is
/// refused whole, before anything is written.
pub const MAX_CODES_PER_EVENT: usize = 1_000;
/// Codes an event's stored outcome lists (about 300 bytes each: the outcome
/// stays under the store's 100 kB value bound); the rest of a large
/// leaderboard's codes are listed by `GET /coupons/{id}/generated`.
pub const MAX_OUTCOME_CODES: usize = 100;
/// Shortest and longest random part of a generated code (seed 002
/// `code_length`, 4–32).
pub const MIN_TRIGGER_CODE_LENGTH: usize = 4;
pub const MAX_TRIGGER_CODE_LENGTH: usize = 32;
/// Random characters of a generated code when the template names none.
pub const DEFAULT_TRIGGER_CODE_LENGTH: usize = 8;

/// What makes a template generate a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// `milestone_threshold` consecutive days of `streak_day` events.
    StreakMilestone,
    /// An `achievement_completed` event for `achievement_id`.
    AchievementCompleted,
    /// A rank of at most `rank_threshold` in a `leaderboard_closed` event.
    LeaderboardRank,
    /// Every `purchase_threshold`-th `purchase` event of a user.
    PurchaseCount,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StreakMilestone => "streak_milestone",
            Self::AchievementCompleted => "achievement_completed",
            Self::LeaderboardRank => "leaderboard_rank",
            Self::PurchaseCount => "purchase_count",
        }
    }
}

/// Seed 002's `trigger_config`: each trigger reads its own fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerConfig {
    /// `streak_milestone`: the streak counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streak_id: Option<String>,
    /// `streak_milestone`: consecutive days, 1–3,650.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone_threshold: Option<u32>,
    /// `achievement_completed`: the achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievement_id: Option<String>,
    /// `leaderboard_rank`: the leaderboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaderboard_id: Option<String>,
    /// `leaderboard_rank`: ranks 1..=this win, 1–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank_threshold: Option<u32>,
    /// `purchase_count`: the event type counted; only `purchase` (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// `purchase_count`: every this many purchases, 1–100,000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_threshold: Option<u32>,
}

/// Seed 002's `auto_generate` on a coupon (the template).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoGenerate {
    pub enabled: bool,
    /// Required when `enabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_config: Option<TriggerConfig>,
    /// Seed 002 `code_prefix`: the generated codes' prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_prefix: Option<String>,
    /// Seed 002 `code_length`: random characters after the prefix, 4–32
    /// (8 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_length: Option<usize>,
}

/// Where an enabled template is indexed: its trigger and the id an event
/// names (a streak, an achievement, a leaderboard; `purchase` for a
/// purchase count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerKey {
    pub trigger: Trigger,
    pub key: String,
}

const FIELD: &str = "auto_generate";

fn config_field(name: &str) -> String {
    format!("{FIELD}.trigger_config.{name}")
}

fn required_id(name: &str, value: Option<&String>) -> Result<String, Invalid> {
    let value = value.ok_or_else(|| Invalid::new(config_field(name), "required"))?;
    identifier(&config_field(name), value)?;
    Ok(value.clone())
}

fn bounded(name: &str, value: Option<u32>, max: u32) -> Result<u32, Invalid> {
    match value {
        None => Err(Invalid::new(config_field(name), "required")),
        Some(n) if n == 0 || n > max => {
            Err(Invalid::new(config_field(name), format!("must be 1–{max}")))
        }
        Some(n) => Ok(n),
    }
}

impl AutoGenerate {
    /// Seed 002's rules: an enabled trigger names its `trigger` and the
    /// config fields that trigger reads, each bounded; the code's length is
    /// 4–32. A disabled one is kept as written (checked the same way when it
    /// names a trigger).
    pub fn check(&self) -> Result<(), Invalid> {
        if let Some(length) = self.code_length {
            let range = MIN_TRIGGER_CODE_LENGTH..=MAX_TRIGGER_CODE_LENGTH;
            if !range.contains(&length) {
                return Err(Invalid::new(
                    format!("{FIELD}.code_length"),
                    format!("must be {MIN_TRIGGER_CODE_LENGTH}–{MAX_TRIGGER_CODE_LENGTH}"),
                ));
            }
        }
        match self.trigger {
            None if self.enabled => Err(Invalid::new(
                format!("{FIELD}.trigger"),
                "required when enabled",
            )),
            None => Ok(()),
            Some(_) => self.key().map(|_| ()),
        }
    }

    /// The trigger's index key, checking the config fields it reads.
    fn key(&self) -> Result<Option<TriggerKey>, Invalid> {
        let Some(trigger) = self.trigger else {
            return Ok(None);
        };
        let empty = TriggerConfig::default();
        let config = self.trigger_config.as_ref().unwrap_or(&empty);
        let key = match trigger {
            Trigger::StreakMilestone => {
                bounded(
                    "milestone_threshold",
                    config.milestone_threshold,
                    MAX_MILESTONE_THRESHOLD_DAYS,
                )?;
                required_id("streak_id", config.streak_id.as_ref())?
            }
            Trigger::AchievementCompleted => {
                required_id("achievement_id", config.achievement_id.as_ref())?
            }
            Trigger::LeaderboardRank => {
                bounded("rank_threshold", config.rank_threshold, MAX_RANK_THRESHOLD)?;
                required_id("leaderboard_id", config.leaderboard_id.as_ref())?
            }
            Trigger::PurchaseCount => {
                bounded(
                    "purchase_threshold",
                    config.purchase_threshold,
                    MAX_PURCHASE_THRESHOLD,
                )?;
                match config.event_type.as_deref() {
                    None | Some("purchase") => String::from("purchase"),
                    Some(_) => {
                        return Err(Invalid::new(
                            config_field("event_type"),
                            "only purchase events are counted",
                        ))
                    }
                }
            }
        };
        Ok(Some(TriggerKey { trigger, key }))
    }

    /// Where the template is indexed: `None` unless enabled and valid.
    pub fn index_key(&self) -> Option<TriggerKey> {
        if !self.enabled {
            return None;
        }
        self.key().ok().flatten()
    }

    /// The config (absent fields read as absent).
    pub fn config(&self) -> TriggerConfig {
        self.trigger_config.clone().unwrap_or_default()
    }
}

/// What an ingested event reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserEventType {
    /// The user was active in a streak on `occurred_at`'s day.
    StreakDay,
    AchievementCompleted,
    /// A leaderboard closed with its final `rankings`.
    LeaderboardClosed,
    Purchase,
}

/// One user's place on a closed leaderboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Ranking {
    pub user_id: String,
    /// 1 is first.
    pub rank: u32,
}

/// One event of `POST /events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserEvent {
    /// The sender's id of the event, 1–128 bytes: a replay with the same id
    /// changes nothing and answers what the first answered.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: UserEventType,
    /// Required except for `leaderboard_closed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub occurred_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streak_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievement_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaderboard_id: Option<String>,
    /// `leaderboard_closed`: at most 1,000, each user once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rankings: Option<Vec<Ranking>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<BTreeMap<String, Value>>,
}

impl UserEvent {
    /// The event's own fields, named under `at` (`events[3]`, or empty).
    pub fn check(&self, at: &str) -> Result<(), Invalid> {
        let field = |name: &str| {
            if at.is_empty() {
                name.to_owned()
            } else {
                format!("{at}.{name}")
            }
        };
        if self.id.is_empty() || self.id.len() > MAX_EVENT_ID_BYTES {
            return Err(Invalid::new(
                field("id"),
                format!("must be 1–{MAX_EVENT_ID_BYTES} bytes"),
            ));
        }
        identifier(&field("id"), &self.id)?;
        let needs = |name: &str, value: &Option<String>| match value {
            None => Err(Invalid::new(field(name), "required for this event type")),
            Some(v) => identifier(&field(name), v),
        };
        if self.kind != UserEventType::LeaderboardClosed {
            needs("user_id", &self.user_id)?;
        }
        match self.kind {
            UserEventType::StreakDay => needs("streak_id", &self.streak_id),
            UserEventType::AchievementCompleted => needs("achievement_id", &self.achievement_id),
            UserEventType::LeaderboardClosed => {
                needs("leaderboard_id", &self.leaderboard_id)?;
                self.check_rankings(&field("rankings"))
            }
            UserEventType::Purchase => Ok(()),
        }
    }

    fn check_rankings(&self, field: &str) -> Result<(), Invalid> {
        let Some(rankings) = &self.rankings else {
            return Err(Invalid::new(field, "required for leaderboard_closed"));
        };
        if rankings.len() > MAX_RANKINGS_PER_EVENT {
            return Err(Invalid::new(
                field,
                format!("at most {MAX_RANKINGS_PER_EVENT} rankings"),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, ranking) in rankings.iter().enumerate() {
            identifier(&format!("{field}[{i}].user_id"), &ranking.user_id)?;
            if ranking.rank == 0 {
                return Err(Invalid::new(format!("{field}[{i}].rank"), "starts at 1"));
            }
            if !seen.insert(ranking.user_id.as_str()) {
                return Err(Invalid::new(
                    format!("{field}[{i}].user_id"),
                    "listed twice",
                ));
            }
        }
        Ok(())
    }
}

/// A code a trigger made: one per occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GeneratedCode {
    /// The template coupon.
    pub template_id: String,
    /// The code's own coupon record (a code of the template).
    pub coupon_id: String,
    pub code: String,
    pub user_id: String,
    pub trigger: Trigger,
    /// What happened once: `streak:{streak_id}:{first day of the run}`,
    /// `achievement:{achievement_id}`, `leaderboard:{event_id}`,
    /// `purchase:{count}`.
    pub occurrence: String,
    /// The event that made it.
    pub event_id: String,
    pub created_at: DateTime<Utc>,
}

/// Whether an event was taken now or seen before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    Accepted,
    /// Its id was ingested before: nothing changed, and the first answer is
    /// repeated.
    Duplicate,
}

/// What one event did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EventOutcome {
    pub id: String,
    pub status: EventStatus,
    /// The codes it made (none is common: most events move a count), at
    /// most [`MAX_OUTCOME_CODES`].
    pub generated: Vec<GeneratedCode>,
    /// How many codes it made in all.
    pub generated_count: usize,
    pub received_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enabled(trigger: Option<Trigger>, config: TriggerConfig) -> AutoGenerate {
        AutoGenerate {
            enabled: true,
            trigger,
            trigger_config: Some(config),
            ..AutoGenerate::default()
        }
    }

    #[test]
    fn enabled_needs_a_trigger_and_its_fields() {
        let err = enabled(None, TriggerConfig::default()).check().unwrap_err();
        assert_eq!(err.field, "auto_generate.trigger");
        let streak = enabled(Some(Trigger::StreakMilestone), TriggerConfig::default());
        let err = streak.check().unwrap_err();
        assert_eq!(
            err.field,
            "auto_generate.trigger_config.milestone_threshold"
        );
        let config = TriggerConfig {
            milestone_threshold: Some(7),
            ..TriggerConfig::default()
        };
        let err = enabled(Some(Trigger::StreakMilestone), config)
            .check()
            .unwrap_err();
        assert_eq!(err.field, "auto_generate.trigger_config.streak_id");
        let config = TriggerConfig {
            rank_threshold: Some(MAX_RANK_THRESHOLD + 1),
            leaderboard_id: Some("lb".into()),
            ..TriggerConfig::default()
        };
        let err = enabled(Some(Trigger::LeaderboardRank), config)
            .check()
            .unwrap_err();
        assert_eq!(err.field, "auto_generate.trigger_config.rank_threshold");
        assert!(AutoGenerate::default().check().is_ok());
    }

    #[test]
    fn only_enabled_valid_templates_are_indexed() {
        let config = TriggerConfig {
            achievement_id: Some("a1".into()),
            ..TriggerConfig::default()
        };
        let mut auto = enabled(Some(Trigger::AchievementCompleted), config);
        let key = auto.index_key().unwrap();
        assert_eq!(
            (key.trigger, key.key.as_str()),
            (Trigger::AchievementCompleted, "a1")
        );
        auto.enabled = false;
        assert!(auto.index_key().is_none());
    }
}
