//! Fraud controls (seed 000 §12): blacklist entries, the tenant's scoring
//! thresholds, scores and alerts.
//!
//! A blacklist entry names one subject — a `user_id`, an `email` (normalized
//! by [`normalize_email`]), an `ip` (an address or a CIDR network) or a
//! `device_id` — with an optional expiry. Every validate, reserve and
//! redemption whose context matches a live entry is refused `blacklisted`.
//! Scores and alerts read the per-subject counters the coupon actors keep
//! with their commits; [`FraudSettings`] holds the thresholds.

use std::collections::BTreeMap;
use std::net::IpAddr;

use chrono::{DateTime, Utc};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The prefix of a blacklist entry's id (`fbl_…`).
pub const BLACKLIST_PREFIX: &str = "fbl";
/// The prefix of an alert's id (`fal_…`).
pub const ALERT_PREFIX: &str = "fal";
/// Blacklist entries one tenant may hold: every node keeps the whole set in
/// memory to check requests without reading storage.
pub const MAX_BLACKLIST_ENTRIES_PER_TENANT: usize = 100_000;
/// Longest blacklisted value or context subject, in bytes (an email address
/// is at most 254).
pub const MAX_SUBJECT_BYTES: usize = 256;
/// Longest reason, in bytes.
pub const MAX_REASON_BYTES: usize = 1_024;
/// Longest automatic quarantine, in minutes (30 days).
pub const MAX_QUARANTINE_MINUTES: u32 = 43_200;
/// Largest threshold a setting may name: beyond it a signal could never fire.
pub const MAX_THRESHOLD: u32 = 1_000_000;

/// What a blacklist entry or a counter is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    UserId,
    Email,
    Ip,
    DeviceId,
    /// A code: scored and alerted on (its refusal ratio), never blacklisted.
    Code,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 5] = [
        Self::UserId,
        Self::Email,
        Self::Ip,
        Self::DeviceId,
        Self::Code,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::UserId => "user_id",
            Self::Email => "email",
            Self::Ip => "ip",
            Self::DeviceId => "device_id",
            Self::Code => "code",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Who put an entry on the blacklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntrySource {
    Manual,
    /// An alert's automatic quarantine (a temporary entry).
    Quarantine,
}

/// A blacklist entry as stored and returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BlacklistEntry {
    pub id: String,
    pub kind: SubjectKind,
    /// Normalized: a lowercase email without `+tag`, an IP as a network
    /// (`203.0.113.7/32`, `10.0.0.0/8`).
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When the entry stops applying; `None` keeps it until deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    pub source: EntrySource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl BlacklistEntry {
    /// Whether the entry applies at `now`.
    pub fn live_at(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_none_or(|until| now < until)
    }
}

/// A subject normalized for matching: `Err` names what is wrong with it.
pub fn normalize(kind: SubjectKind, value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value.len() > MAX_SUBJECT_BYTES {
        return Err(format!("must be 1–{MAX_SUBJECT_BYTES} bytes"));
    }
    if value.chars().any(char::is_control) {
        return Err(String::from("must not contain control characters"));
    }
    match kind {
        SubjectKind::UserId | SubjectKind::DeviceId => Ok(value.to_owned()),
        SubjectKind::Email => normalize_email(value),
        SubjectKind::Ip => parse_network(value).map(|net| net.to_string()),
        SubjectKind::Code => Err(String::from(
            "codes are not blacklisted: revoke or deactivate the code",
        )),
    }
}

/// An email address lowercased, with any `+tag` of its local part dropped
/// (`Ann+promo@Example.com` → `ann@example.com`), so one mailbox is one subject.
pub fn normalize_email(value: &str) -> Result<String, String> {
    let lower = value.trim().to_lowercase();
    let Some((local, domain)) = lower.rsplit_once('@') else {
        return Err(String::from("must be an email address"));
    };
    let local = local.split('+').next().unwrap_or(local);
    if local.is_empty() || domain.is_empty() || domain.contains('@') {
        return Err(String::from("must be an email address"));
    }
    Ok(format!("{local}@{domain}"))
}

/// An address (`203.0.113.7`, a network of one) or a CIDR network
/// (`10.0.0.0/8`), truncated to its network.
pub fn parse_network(value: &str) -> Result<IpNet, String> {
    if let Ok(net) = value.parse::<IpNet>() {
        return Ok(net.trunc());
    }
    value
        .parse::<IpAddr>()
        .map(IpNet::from)
        .map_err(|_| String::from("must be an IP address or a CIDR network"))
}

/// A context's subjects, normalized; a value that does not normalize is
/// refused at the edge, so here it is just absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subjects {
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub ip: Option<IpAddr>,
    pub device_id: Option<String>,
    /// The code tried (counted per code for its refusal ratio).
    pub code: Option<String>,
}

impl Subjects {
    /// `(kind, value)` of each subject present, IPs as plain addresses.
    pub fn each(&self) -> Vec<(SubjectKind, String)> {
        let mut out = Vec::with_capacity(4);
        if let Some(v) = &self.user_id {
            out.push((SubjectKind::UserId, v.clone()));
        }
        if let Some(v) = &self.email {
            out.push((SubjectKind::Email, v.clone()));
        }
        if let Some(v) = &self.ip {
            out.push((SubjectKind::Ip, v.to_string()));
        }
        if let Some(v) = &self.device_id {
            out.push((SubjectKind::DeviceId, v.clone()));
        }
        if let Some(v) = &self.code {
            out.push((SubjectKind::Code, v.clone()));
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.user_id.is_none()
            && self.email.is_none()
            && self.ip.is_none()
            && self.device_id.is_none()
            && self.code.is_none()
    }
}

/// The tenant's scoring thresholds (`PUT /fraud/settings`). A signal at its
/// threshold scores 50, at twice it 100; the score is the sum, at most 100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FraudSettings {
    /// Validations and redemption attempts by one subject in a minute.
    pub max_attempts_per_minute: u32,
    /// Refused attempts by one subject in an hour.
    pub max_refusals_per_hour: u32,
    /// Distinct codes one subject tried in an hour (code guessing).
    pub max_distinct_codes_per_hour: u32,
    /// Distinct users seen from one IP address in a day.
    pub max_users_per_ip_per_day: u32,
    /// Distinct users seen from one device in a day.
    pub max_users_per_device_per_day: u32,
    /// Percent of one code's attempts in an hour that were refused for a
    /// reason other than its being sold out (`limit_reached`,
    /// `campaign_limit_reached`): a spike of ineligible or abusive tries.
    pub max_refusal_percent_per_code: u32,
    /// Attempts at a code in an hour before its refusal ratio counts.
    pub min_code_attempts_per_hour: u32,
    /// Score from which the recommended action is `review`.
    pub review_score: u8,
    /// Score from which the recommended action is `block`.
    pub block_score: u8,
    /// An alert whose score reaches `block_score` blacklists its subject for
    /// `quarantine_minutes`.
    pub auto_quarantine: bool,
    pub quarantine_minutes: u32,
}

impl Default for FraudSettings {
    fn default() -> Self {
        Self {
            max_attempts_per_minute: 60,
            max_refusals_per_hour: 30,
            max_distinct_codes_per_hour: 10,
            max_users_per_ip_per_day: 20,
            max_users_per_device_per_day: 5,
            max_refusal_percent_per_code: 50,
            min_code_attempts_per_hour: 100,
            review_score: 50,
            block_score: 80,
            auto_quarantine: false,
            quarantine_minutes: 60,
        }
    }
}

impl FraudSettings {
    /// Refuses settings out of bounds: the field and what is wrong.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        for (field, value) in [
            ("max_attempts_per_minute", self.max_attempts_per_minute),
            ("max_refusals_per_hour", self.max_refusals_per_hour),
            (
                "max_distinct_codes_per_hour",
                self.max_distinct_codes_per_hour,
            ),
            ("max_users_per_ip_per_day", self.max_users_per_ip_per_day),
            (
                "max_users_per_device_per_day",
                self.max_users_per_device_per_day,
            ),
            (
                "min_code_attempts_per_hour",
                self.min_code_attempts_per_hour,
            ),
        ] {
            if value == 0 || value > MAX_THRESHOLD {
                return Err((field, format!("must be 1–{MAX_THRESHOLD}")));
            }
        }
        if self.max_refusal_percent_per_code == 0 || self.max_refusal_percent_per_code > 100 {
            return Err((
                "max_refusal_percent_per_code",
                String::from("must be 1–100"),
            ));
        }
        if self.review_score == 0 || self.review_score > 100 {
            return Err(("review_score", String::from("must be 1–100")));
        }
        if self.block_score < self.review_score || self.block_score > 100 {
            return Err(("block_score", String::from("must be review_score–100")));
        }
        if self.quarantine_minutes == 0 || self.quarantine_minutes > MAX_QUARANTINE_MINUTES {
            return Err((
                "quarantine_minutes",
                format!("must be 1–{MAX_QUARANTINE_MINUTES}"),
            ));
        }
        Ok(())
    }
}

/// The recommended action of a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Allow,
    Review,
    Block,
}

/// One signal that contributed to a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Signal {
    /// `attempts`, `refusals`, `code_guessing`, `shared_ip`, `shared_device`,
    /// `refusal_spike` (a code) or `blacklisted`.
    pub signal: String,
    pub subject_kind: SubjectKind,
    pub subject: String,
    /// `minute`, `hour` or `day` (sliding: the last 60 s, 60 min, 24 h).
    pub window: String,
    pub value: u64,
    pub threshold: u64,
    /// What this signal adds to the score (0–100).
    pub contribution: u8,
}

/// The answer of `POST /fraud/score`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Score {
    /// 0–100.
    pub score: u8,
    pub action: Action,
    pub signals: Vec<Signal>,
    /// Every counter read, per subject and window (`"user_id:u1"` →
    /// `{"attempts.minute": 3, …}`), including those that contributed nothing.
    #[schema(value_type = Object)]
    pub counters: BTreeMap<String, BTreeMap<String, u64>>,
}

/// An alert's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    Open,
    Acknowledged,
    Resolved,
}

/// A flagged subject: raised by the fraud supervisor when a signal reaches its
/// threshold. One per subject, signal and window period (its id derives from
/// them, so nodes raising it together write one alert).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Alert {
    pub id: String,
    pub subject_kind: SubjectKind,
    pub subject: String,
    pub signal: String,
    pub window: String,
    pub score: u8,
    pub action: Action,
    /// The signals and counters that raised it.
    pub evidence: Vec<Signal>,
    pub status: AlertStatus,
    /// The blacklist entry its automatic quarantine made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quarantine_entry_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_normalize() {
        assert_eq!(
            normalize_email("Ann+promo@Example.COM"),
            Ok("ann@example.com".into())
        );
        assert!(normalize_email("nobody").is_err());
        assert_eq!(
            normalize(SubjectKind::Ip, "10.1.2.3/8"),
            Ok("10.0.0.0/8".into())
        );
        assert_eq!(
            normalize(SubjectKind::Ip, "203.0.113.7"),
            Ok("203.0.113.7/32".into())
        );
        assert!(normalize(SubjectKind::Ip, "not-an-ip").is_err());
        assert!(normalize(SubjectKind::UserId, "").is_err());
    }

    #[test]
    fn settings_are_bounded() {
        assert!(FraudSettings::default().check().is_ok());
        let bad = FraudSettings {
            block_score: 10,
            ..FraudSettings::default()
        };
        assert_eq!(bad.check().map_err(|e| e.0), Err("block_score"));
    }
}
