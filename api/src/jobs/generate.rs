//! Code generation jobs (`POST /coupons/generate`, seed 000 §1; seed 002's
//! bulk generation): `count` codes of a coupon from a pattern, or the listed
//! `custom_codes`, optionally one per listed customer and bound to them.
//!
//! From a pattern, the job's cursor is the index of the next code in the
//! pattern's permutation ([`CodePattern::code`]): a batch makes codes from the
//! cursor on, skips those the tenant already has (read in the batch's
//! transaction, so a concurrent writer conflicts), and writes the rest with
//! the moved cursor. The codes of one job are distinct by construction, and a
//! resumed job continues the same sequence, so nothing is made twice or
//! missed. With `user_ids`, the `k`-th code made is bound to the `k`-th
//! customer (`k` is the job's `created` counter, recorded with each batch).
//! With `custom_codes`, the cursor is the row; a code already taken is a row
//! error (`duplicate_code`).

use std::collections::BTreeSet;
use std::sync::Arc;

use futures::future::BoxFuture;
use rand::Rng;
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_actors::records::generation::{self, Make, Plan, Source};
use stampede_actors::records::jobs::BatchWrite;
use stampede_protocol::code_pattern::{Charset, CodePattern};
use stampede_protocol::ids::COUPON_PREFIX;
use stampede_protocol::job::Job;
use stampede_protocol::limits::MAX_CODES_PER_JOB;
use stampede_protocol::{Coupon, CouponStatus, ErrorCode};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::routes::codes::copy_of;
use crate::{validate, AppState};

/// Customers (or custom codes) one generation may list (the body limit
/// bounds them too).
pub const MAX_LISTED_PER_GENERATE: usize = 20_000;

/// Which symbols fill a pattern's `{RAND:n}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CharsetName {
    Alphanumeric,
    Alphabetic,
    Numeric,
    /// Alphanumeric without `0 O 1 I` (the default).
    #[default]
    Unambiguous,
    /// The symbols of `custom_charset`.
    Custom,
}

/// Body of `POST /coupons/generate` (and `POST /coupons/{id}/generate`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateBody {
    /// The coupon whose codes these are (seed 000 calls it `template_id`).
    #[serde(default, alias = "template_id")]
    pub coupon_id: Option<String>,
    /// Codes to make; with `user_ids`, one per customer.
    #[serde(default)]
    pub count: Option<u64>,
    /// Literal characters and `{RAND:n}` placeholders, e.g. `SUMMER-{RAND:8}`.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Random characters when there is no pattern (default 8).
    #[serde(default, alias = "code_length")]
    pub length: Option<usize>,
    #[serde(default)]
    pub charset: Option<CharsetName>,
    /// The symbols of a `custom` charset.
    #[serde(default)]
    pub custom_charset: Option<String>,
    #[serde(default, alias = "code_prefix")]
    pub prefix: Option<String>,
    #[serde(default)]
    pub postfix: Option<String>,
    /// One code per customer, bound to them (seed 002).
    #[serde(default)]
    pub user_ids: Vec<String>,
    /// The codes to add instead of generated ones (seed 002).
    #[serde(default)]
    pub custom_codes: Vec<String>,
    /// Codes are always unique within the tenant; `false` is refused.
    #[serde(default)]
    pub unique: Option<bool>,
    /// `active` (default) or `draft`.
    #[serde(default)]
    pub status: Option<CouponStatus>,
}

/// What the job keeps of the request (the listed customers and codes are its
/// rows).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GenerateSpec {
    pub coupon_id: String,
    pub count: u64,
    pub pattern: Option<String>,
    pub length: Option<usize>,
    pub charset: CharsetName,
    pub custom_charset: Option<String>,
    pub prefix: String,
    pub postfix: String,
    /// Keys the pattern's permutation: the job's codes are its sequence.
    pub seed: u64,
    pub status: CouponStatus,
}

/// One listed customer or custom code.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Listed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl GenerateSpec {
    fn charset(&self) -> Charset {
        match self.charset {
            CharsetName::Alphanumeric => Charset::Alphanumeric,
            CharsetName::Alphabetic => Charset::Alphabetic,
            CharsetName::Numeric => Charset::Numeric,
            CharsetName::Unambiguous => Charset::Unambiguous,
            CharsetName::Custom => Charset::Custom(self.custom_charset.clone().unwrap_or_default()),
        }
    }

    pub(crate) fn pattern(&self) -> Result<CodePattern, ApiError> {
        let field = if self.pattern.is_some() {
            "pattern"
        } else {
            "length"
        };
        CodePattern::new(
            self.pattern.as_deref(),
            self.length,
            &self.charset(),
            &self.prefix,
            &self.postfix,
        )
        .map_err(|err| ApiError::invalid(field, err.to_string()))
    }
}

/// Checks a request: answers the spec and the listed rows (customers and/or
/// custom codes), or the first field at fault.
pub fn check(
    body: &GenerateBody,
    coupon_id: String,
) -> Result<(GenerateSpec, Vec<Listed>), ApiError> {
    if body.unique == Some(false) {
        return Err(ApiError::invalid(
            "unique",
            "codes are always unique within the tenant",
        ));
    }
    let status = body.status.unwrap_or(CouponStatus::Active);
    if !matches!(status, CouponStatus::Active | CouponStatus::Draft) {
        return Err(ApiError::invalid("status", "a new code is active or draft"));
    }
    let listed = listed(body)?;
    let count = match (body.count, listed.len()) {
        (Some(count), 0) => count,
        (None, 0) => {
            return Err(ApiError::invalid(
                "count",
                "send a count, user_ids or custom_codes",
            ))
        }
        (None, n) => n as u64,
        (Some(count), n) if count == n as u64 => count,
        (Some(_), _) => {
            return Err(ApiError::invalid(
                "count",
                "one code per listed customer or code: send no count, or the same count",
            ))
        }
    };
    if count == 0 || count > MAX_CODES_PER_JOB {
        return Err(ApiError::invalid(
            "count",
            format!("must be 1–{MAX_CODES_PER_JOB}"),
        ));
    }
    if body.charset == Some(CharsetName::Custom) && body.custom_charset.is_none() {
        return Err(ApiError::invalid(
            "custom_charset",
            "a custom charset lists its symbols",
        ));
    }
    if body.custom_charset.is_some() && body.charset != Some(CharsetName::Custom) {
        return Err(ApiError::invalid(
            "charset",
            "custom_charset needs charset: custom",
        ));
    }
    let spec = GenerateSpec {
        coupon_id,
        count,
        pattern: body.pattern.clone(),
        length: body.length,
        charset: body.charset.unwrap_or_default(),
        custom_charset: body.custom_charset.clone(),
        prefix: body.prefix.clone().unwrap_or_default(),
        postfix: body.postfix.clone().unwrap_or_default(),
        seed: rand::rng().random(),
        status,
    };
    if body.custom_codes.is_empty() {
        let pattern = spec.pattern()?;
        pattern
            .check_count(count)
            .map_err(|err| ApiError::invalid("count", err.to_string()))?;
    }
    Ok((spec, listed))
}

/// The listed customers and custom codes, checked: distinct, bounded, and
/// as many of each when both are sent.
fn listed(body: &GenerateBody) -> Result<Vec<Listed>, ApiError> {
    let (users, codes) = (&body.user_ids, &body.custom_codes);
    for (field, n) in [("user_ids", users.len()), ("custom_codes", codes.len())] {
        if n > MAX_LISTED_PER_GENERATE {
            return Err(ApiError::invalid(
                field,
                format!("at most {MAX_LISTED_PER_GENERATE}"),
            ));
        }
    }
    if !users.is_empty() && !codes.is_empty() && users.len() != codes.len() {
        return Err(ApiError::invalid(
            "custom_codes",
            "one custom code per listed customer",
        ));
    }
    if !codes.is_empty()
        && (body.pattern.is_some() || body.length.is_some() || body.charset.is_some())
    {
        return Err(ApiError::invalid(
            "custom_codes",
            "custom codes take no pattern, length or charset",
        ));
    }
    let (mut seen_users, mut seen_codes) = (BTreeSet::new(), BTreeSet::new());
    let mut rows = vec![Listed::default(); users.len().max(codes.len())];
    for (i, user) in users.iter().enumerate() {
        let field = format!("user_ids[{i}]");
        validate::identifier(&field, user)?;
        if !seen_users.insert(user.as_str()) {
            return Err(ApiError::invalid(field, "listed twice"));
        }
        rows[i].user_id = Some(user.clone());
    }
    for (i, code) in codes.iter().enumerate() {
        let field = format!("custom_codes[{i}]");
        let code = validate::coupon_code(&field, code)?;
        if !seen_codes.insert(code.clone()) {
            return Err(ApiError::invalid(field, "listed twice"));
        }
        rows[i].code = Some(code);
    }
    Ok(rows)
}

/// The worker of one generation job.
pub struct Generate {
    inner: Arc<Shared>,
}

/// What every batch of a job reads.
struct Shared {
    state: AppState,
    tenant: String,
    spec: GenerateSpec,
    template: Coupon,
    pattern: Option<CodePattern>,
    listed: Vec<Listed>,
}

impl Generate {
    pub async fn load(state: &AppState, tenant: &str, job: &Job) -> Result<Self, ApiError> {
        let spec: GenerateSpec = serde_json::from_value(job.spec.clone())
            .map_err(|err| ApiError::internal(format!("stored generation spec: {err}")))?;
        let template = records::coupons::get(&state.records(), tenant, &spec.coupon_id)
            .await?
            .filter(|c| c.deleted_at.is_none())
            .ok_or_else(|| ApiError::new(ErrorCode::CouponNotFound, "the coupon was deleted"))?;
        let listed: Vec<Listed> = records::jobs::rows(&state.records(), tenant, &job.id).await?;
        let custom = listed.iter().any(|l| l.code.is_some());
        let pattern = if custom { None } else { Some(spec.pattern()?) };
        Ok(Generate {
            inner: Arc::new(Shared {
                state: state.clone(),
                tenant: tenant.to_owned(),
                spec,
                template,
                pattern,
                listed,
            }),
        })
    }
}

impl super::Runner for Generate {
    fn next<'a>(&'a mut self, _job: &'a Job) -> BoxFuture<'a, Result<BatchWrite, ApiError>> {
        let shared = self.inner.clone();
        Box::pin(async move {
            let inner = shared.clone();
            let make: Make = Arc::new(move |code, k| inner.code(code, k));
            let source = match &shared.pattern {
                Some(pattern) => Source::Pattern {
                    pattern: pattern.clone(),
                    seed: shared.spec.seed,
                    count: shared.spec.count,
                },
                None => Source::Listed {
                    codes: (shared.listed.iter())
                        .map(|l| {
                            l.code.clone().ok_or_else(|| {
                                (String::from("custom_codes"), String::from("no code"))
                            })
                        })
                        .collect(),
                    keep_own: false,
                    code_field: String::from("custom_codes[{row}]"),
                },
            };
            let plan = Arc::new(Plan {
                tenant: shared.tenant.clone(),
                coupon_id: shared.spec.coupon_id.clone(),
                source,
                make,
                dry_run: false,
            });
            Ok(generation::batch(plan))
        })
    }
}

impl Shared {
    /// A new code's record, bound to the `k`-th listed customer if any.
    fn code(&self, code: String, k: u64) -> Coupon {
        let now = self.state.now();
        let id = self.state.new_id(COUPON_PREFIX);
        let mut coupon = copy_of(&self.template, id, code, self.spec.status, now);
        let user = usize::try_from(k).ok().and_then(|k| self.listed.get(k));
        coupon.bound_user_id = user.and_then(|l| l.user_id.clone());
        coupon
    }
}
