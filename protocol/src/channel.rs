//! Channels (where a promotion displays) and creatives (what it displays
//! there), seed 000 §9.
//!
//! Every tenant has the built-in channels [`BUILTIN_CHANNELS`]; it may add its
//! own, named by a slug ([`check_channel_id`]). A creative belongs to one
//! campaign and names one channel the tenant knows.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::validate::Invalid;

/// The channels every tenant has: `(id, name)`. They cannot be deleted.
pub const BUILTIN_CHANNELS: [(&str, &str); 5] = [
    ("web", "Web"),
    ("email", "Email"),
    ("app", "App"),
    ("pos", "Point of sale"),
    ("affiliate", "Affiliate"),
];
/// Custom channels one tenant may add.
pub const MAX_CUSTOM_CHANNELS_PER_TENANT: usize = 100;
/// Longest channel id, in bytes.
pub const MAX_CHANNEL_ID_BYTES: usize = 32;
/// Longest channel name, in bytes.
pub const MAX_CHANNEL_NAME_BYTES: usize = 128;
/// Longest channel description, in bytes.
pub const MAX_CHANNEL_DESCRIPTION_BYTES: usize = 1_024;

/// The prefix of a creative's id (`crv_…`).
pub const CREATIVE_PREFIX: &str = "crv";
/// Creatives one campaign may have.
pub const MAX_CREATIVES_PER_CAMPAIGN: usize = 200;
/// Longest locale tag, in bytes (the length BCP 47 asks every implementation
/// to support).
pub const MAX_LOCALE_BYTES: usize = 35;
/// Longest subtag of a locale, in bytes.
const MAX_LOCALE_SUBTAG_BYTES: usize = 8;
/// Longest creative title, in bytes.
pub const MAX_CREATIVE_TITLE_BYTES: usize = 256;
/// Longest banner copy, in bytes.
pub const MAX_BANNER_COPY_BYTES: usize = 2_048;
/// Longest email subject, in bytes.
pub const MAX_EMAIL_SUBJECT_BYTES: usize = 256;
/// Longest creative body, in bytes.
pub const MAX_CREATIVE_BODY_BYTES: usize = 16 * 1024;
/// Longest deep link, in bytes.
pub const MAX_DEEP_LINK_BYTES: usize = 2_048;

/// A channel as the API shows it: a built-in one or one of the tenant's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Channel {
    /// A slug: lowercase ASCII letters, digits, `-` and `_`, 1–32 bytes.
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Built in: every tenant has it, and it cannot be deleted.
    pub builtin: bool,
    /// When the tenant added it (absent for a built-in channel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
}

/// The built-in channels, in their listed order.
pub fn builtin_channels() -> Vec<Channel> {
    BUILTIN_CHANNELS
        .iter()
        .map(|(id, name)| Channel {
            id: (*id).to_owned(),
            name: (*name).to_owned(),
            description: None,
            builtin: true,
            created_at: None,
        })
        .collect()
}

/// Whether `id` names a built-in channel.
pub fn is_builtin(id: &str) -> bool {
    BUILTIN_CHANNELS.iter().any(|(builtin, _)| *builtin == id)
}

/// A channel id: 1–[`MAX_CHANNEL_ID_BYTES`] bytes of lowercase ASCII
/// letters, digits, `-` and `_`.
pub fn check_channel_id(field: &str, id: &str) -> Result<(), Invalid> {
    let slug = id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if id.is_empty() || id.len() > MAX_CHANNEL_ID_BYTES || !slug {
        return Err(Invalid::new(
            field,
            format!("must be 1–{MAX_CHANNEL_ID_BYTES} bytes of lowercase letters, digits, - and _"),
        ));
    }
    Ok(())
}

/// A locale tag, BCP 47 in shape: a language of 2–3 letters, then subtags of
/// 1–8 letters or digits, separated by `-` (`en`, `en-GB`, `zh-Hant-TW`);
/// at most [`MAX_LOCALE_BYTES`].
pub fn check_locale(field: &str, locale: &str) -> Result<(), Invalid> {
    let refuse = || {
        Invalid::new(
            field,
            format!("must be a BCP 47 tag such as en or en-GB (at most {MAX_LOCALE_BYTES} bytes)"),
        )
    };
    if locale.is_empty() || locale.len() > MAX_LOCALE_BYTES {
        return Err(refuse());
    }
    let mut subtags = locale.split('-');
    let language = subtags.next().unwrap_or_default();
    if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(refuse());
    }
    for subtag in subtags {
        let fits = (1..=MAX_LOCALE_SUBTAG_BYTES).contains(&subtag.len());
        if !fits || !subtag.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(refuse());
        }
    }
    Ok(())
}

/// What a creative is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CreativeKind {
    Banner,
    Email,
    Push,
    DeepLink,
    Other,
}

/// Content a campaign displays on one channel: banner copy, an email subject,
/// a deep link…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Creative {
    /// `crv_…`.
    pub id: String,
    pub campaign_id: String,
    pub kind: CreativeKind,
    /// A channel the tenant knows (built in or its own).
    pub channel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner_copy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// An `http(s)` URL or an app-scheme URI (`myapp://offers/10`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deep_link: Option<String>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub metadata: BTreeMap<String, Value>,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_ids_are_slugs() {
        for good in ["web", "in-store_2", "a", &"x".repeat(MAX_CHANNEL_ID_BYTES)] {
            assert!(check_channel_id("id", good).is_ok(), "{good}");
        }
        let long = "x".repeat(MAX_CHANNEL_ID_BYTES + 1);
        for bad in ["", "Web", "in store", "é", "a/b", long.as_str()] {
            let err = check_channel_id("id", bad).unwrap_err();
            assert_eq!(err.field, "id", "{bad}");
        }
    }

    #[test]
    fn locales_are_bcp47_shaped() {
        for good in ["en", "en-GB", "zh-Hant-TW", "es-419", "fil"] {
            assert!(check_locale("locale", good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "e",
            "english",
            "en_GB",
            "en-",
            "en--GB",
            "en-abcdefghi",
            "1a",
        ] {
            assert!(check_locale("locale", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn builtins_are_listed_and_known() {
        let ids: Vec<String> = builtin_channels().into_iter().map(|c| c.id).collect();
        assert_eq!(ids, ["web", "email", "app", "pos", "affiliate"]);
        assert!(is_builtin("pos") && !is_builtin("kiosk"));
    }
}
