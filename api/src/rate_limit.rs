//! Request rate limits (seed 000 §17): token buckets per key (or JWT subject)
//! and per tenant, one for each scope class, so a storefront hammering
//! `/validate` cannot starve redemptions or administration, and one key cannot
//! spend its whole tenant's budget unnoticed.
//!
//! A limit is requests per minute: a bucket holds that many and refills evenly
//! over the minute ([`governor`]'s GCRA). Node defaults come from flags; a
//! tenant overrides them with `PUT /rate-limits` (read through a short cache).
//! Memory is bounded: at most [`MAX_TRACKED_BUCKETS`] buckets; a bucket idle
//! for a minute is whole again and is dropped first.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::Method;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::Quota;
use serde::Serialize;
use stampede_protocol::rate_limit::{ClassRates, RateLimitRecord};
use utoipa::ToSchema;

/// Buckets tracked at most (per key and per tenant, all classes).
pub const MAX_TRACKED_BUCKETS: usize = 100_000;
/// How long a tenant's stored limits are trusted before they are read again;
/// a change on this node applies at once.
pub const TENANT_LIMITS_CACHE_TTL_MS: u64 = 5_000;
/// Tenants whose stored limits are cached at most.
pub const MAX_CACHED_TENANT_LIMITS: usize = 10_000;
/// The period a limit counts requests in.
const PERIOD: Duration = Duration::from_secs(60);

/// Which budget a request spends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Validate, preview, eligibility and limit checks, code lookups.
    Validate,
    /// Redemptions, reservations, confirm, release, void.
    Redeem,
    /// Everything else.
    Admin,
}

impl Class {
    pub const ALL: [Class; 3] = [Class::Validate, Class::Redeem, Class::Admin];

    /// The class of a route, from its path below `/promotions` (`/validate`,
    /// `/redemptions/{redemption_id}/void`…).
    pub fn of_route(method: &Method, route: &str) -> Class {
        const VALIDATE: &[&str] = &[
            "/validate",
            "/preview",
            "/eligibility/check",
            "/limits/check",
            "/test/validate",
            "/test/preview",
        ];
        if (*method == Method::POST && VALIDATE.contains(&route)) || route == "/coupons/lookup" {
            Class::Validate
        } else if route == "/redemptions" || route.starts_with("/redemptions/") {
            Class::Redeem
        } else {
            Class::Admin
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Validate => "validate",
            Class::Redeem => "redeem",
            Class::Admin => "admin",
        }
    }

    /// This class's rate in `rates`.
    pub fn rate(self, rates: &ClassRates) -> Option<u32> {
        match self {
            Class::Validate => rates.validate,
            Class::Redeem => rates.redeem,
            Class::Admin => rates.admin,
        }
    }
}

/// A bucket's state: what the `RateLimit-*` headers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Budget {
    /// Requests per minute.
    pub limit: u32,
    /// Requests that would be admitted now.
    pub remaining: u32,
    /// Seconds until the bucket is whole again.
    pub reset_secs: u64,
}

impl Budget {
    fn of(limit: u32, remaining: u32) -> Self {
        let missing = u64::from(limit.saturating_sub(remaining));
        let reset_secs = (missing * PERIOD.as_secs()).div_ceil(u64::from(limit.max(1)));
        Self {
            limit,
            remaining,
            reset_secs,
        }
    }
}

/// Whether a request is admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Admitted(Budget),
    /// Over the limit: retry after this many seconds.
    Refused {
        budget: Budget,
        retry_after_secs: u64,
    },
}

type Bucket =
    governor::RateLimiter<NotKeyed, InMemoryState, DefaultClock, StateInformationMiddleware>;

struct Entry {
    per_minute: u32,
    bucket: Bucket,
    /// Remaining after the last request, and when.
    remaining: u32,
    at: Instant,
}

/// The node's buckets, its default limits and the tenants' stored limits.
pub struct Limiter {
    per_key: ClassRates,
    per_tenant: ClassRates,
    clock: DefaultClock,
    buckets: Mutex<HashMap<String, Entry>>,
    tenants: Mutex<HashMap<String, (Option<RateLimitRecord>, Instant)>>,
}

impl Default for Limiter {
    /// No default limits: only what tenants set applies.
    fn default() -> Self {
        Self::new(ClassRates::default(), ClassRates::default())
    }
}

impl Limiter {
    /// With the node's default limits per key and per tenant.
    pub fn new(per_key: ClassRates, per_tenant: ClassRates) -> Self {
        Self {
            per_key,
            per_tenant,
            clock: DefaultClock::default(),
            buckets: Mutex::new(HashMap::new()),
            tenants: Mutex::new(HashMap::new()),
        }
    }

    /// The limits in effect per key and per tenant: the tenant's, else the
    /// node's.
    pub fn effective(&self, record: Option<&RateLimitRecord>) -> (ClassRates, ClassRates) {
        let merge = |set: Option<ClassRates>, default: ClassRates| {
            let set = set.unwrap_or_default();
            ClassRates {
                validate: set.validate.or(default.validate),
                redeem: set.redeem.or(default.redeem),
                admin: set.admin.or(default.admin),
            }
        };
        (
            merge(record.map(|r| r.per_key), self.per_key),
            merge(record.map(|r| r.per_tenant), self.per_tenant),
        )
    }

    /// Spends one request of the bucket `name` limited to `per_minute`.
    pub fn check(&self, name: &str, per_minute: u32) -> Decision {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_TRACKED_BUCKETS && !buckets.contains_key(name) {
            evict(&mut buckets);
        }
        let entry = buckets
            .entry(name.to_owned())
            .or_insert_with(|| new_entry(per_minute));
        if entry.per_minute != per_minute {
            *entry = new_entry(per_minute);
        }
        entry.at = Instant::now();
        match entry.bucket.check() {
            Ok(snapshot) => {
                entry.remaining = snapshot.remaining_burst_capacity();
                Decision::Admitted(Budget::of(per_minute, entry.remaining))
            }
            Err(not_until) => {
                entry.remaining = 0;
                let wait = not_until.wait_time_from(self.clock.now());
                Decision::Refused {
                    budget: Budget::of(per_minute, 0),
                    retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
                }
            }
        }
    }

    /// The bucket `name`'s state now, without spending anything.
    pub fn peek(&self, name: &str, per_minute: u32) -> Budget {
        let buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let remaining = match buckets.get(name) {
            Some(entry) if entry.per_minute == per_minute => {
                let refilled =
                    entry.at.elapsed().as_secs_f64() * f64::from(per_minute) / PERIOD.as_secs_f64();
                let refilled = refilled.floor().min(f64::from(per_minute)) as u32;
                entry.remaining.saturating_add(refilled).min(per_minute)
            }
            _ => per_minute,
        };
        Budget::of(per_minute, remaining)
    }

    /// The tenant's stored limits if read recently (`Some(None)`: it has none).
    pub fn cached_tenant(&self, tenant: &str) -> Option<Option<RateLimitRecord>> {
        let tenants = self.tenants.lock().unwrap_or_else(|p| p.into_inner());
        let (record, at) = tenants.get(tenant)?;
        (at.elapsed() < Duration::from_millis(TENANT_LIMITS_CACHE_TTL_MS)).then(|| record.clone())
    }

    /// Remembers the tenant's stored limits (just read, or just written).
    pub fn remember_tenant(&self, tenant: &str, record: Option<RateLimitRecord>) {
        let mut tenants = self.tenants.lock().unwrap_or_else(|p| p.into_inner());
        if tenants.len() >= MAX_CACHED_TENANT_LIMITS && !tenants.contains_key(tenant) {
            tenants.clear();
        }
        tenants.insert(tenant.to_owned(), (record, Instant::now()));
    }
}

fn new_entry(per_minute: u32) -> Entry {
    let rate = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
    Entry {
        per_minute,
        bucket: governor::RateLimiter::direct(Quota::per_minute(rate))
            .with_middleware::<StateInformationMiddleware>(),
        remaining: per_minute,
        at: Instant::now(),
    }
}

/// Makes room: drops buckets idle for a whole period (they are whole again, so
/// nothing is lost), then the least recently used half if that was not enough.
fn evict(buckets: &mut HashMap<String, Entry>) {
    buckets.retain(|_, entry| entry.at.elapsed() < PERIOD);
    if buckets.len() < MAX_TRACKED_BUCKETS {
        return;
    }
    let mut ages: Vec<(Instant, String)> = buckets
        .iter()
        .map(|(name, entry)| (entry.at, name.clone()))
        .collect();
    ages.sort_unstable();
    for (_, name) in ages.into_iter().take(MAX_TRACKED_BUCKETS / 2) {
        buckets.remove(&name);
    }
    tracing::warn!("rate-limit buckets full: the least recently used half was dropped");
}

/// The bucket of one key (or subject) of a tenant for one class.
pub fn key_bucket(tenant: &str, who: &str, class: Class) -> String {
    format!("k\u{1f}{tenant}\u{1f}{who}\u{1f}{}", class.as_str())
}

/// The bucket of a whole tenant for one class.
pub fn tenant_bucket(tenant: &str, class: Class) -> String {
    format!("t\u{1f}{tenant}\u{1f}{}", class.as_str())
}
