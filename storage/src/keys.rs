//! The key layout. Every key is a FoundationDB tuple with the tenant first, so one
//! tenant's data is one contiguous range and a range read can never cross tenants.
//!
//! | key | value |
//! |---|---|
//! | `(tenant, "coupon", coupon_id)` | coupon JSON |
//! | `(tenant, "code", CODE)` | coupon id |
//! | `(tenant, "owner", "coupon", CODE)` | owner epoch (u64 BE) — the fence |
//! | `(tenant, "cust", coupon_id, user_id)` | per-customer uses (i64 LE) |
//! | `(tenant, "redemption", redemption_id)` | redemption JSON |
//! | `(tenant, "cred", coupon_id, redemption_id)` | empty — redemptions by coupon |
//! | `(tenant, "idem", key)` | stored response of an idempotent mutation |
//! | `("_system", "idemidx", created_ms, tenant, key)` | empty — idempotency records by the time they were written, across tenants (the expiry sweeper's queue) |
//! | `(tenant, "apikey", key_id)` | API key record |
//! | `(tenant, "journal") ++ versionstamp ++ n` | the event of one effect: the audit log and the webhook outbox |
//! | `("_system", "owner", "supervisor", name)` | owner epoch of a ring-singleton supervisor |
//! | `("_system", "apikey_hash", sha256)` | `(tenant, key_id)` — key lookup before the tenant is known |
//! | `("_system", "root_key")` | SHA-256 of the generated root key (32 bytes): kept so a restart without `STAMPEDE_ADMIN_KEY` keeps the same key; replaced by `stampede rotate-root-key` |
//! | `(tenant, "campaign", campaign_id)` | campaign JSON (its existence means the campaign exists) |
//! | `(tenant, "owner", "campaign", campaign_id)` | owner epoch of the campaign actor |
//! | `(tenant, "cgate", campaign_id)` | campaign status, read by coupon commits (written only on lifecycle changes) |
//! | `(tenant, "lease", campaign_id, coupon_id)` | quota granted to a coupon (campaign actor) |
//! | `(tenant, "lspend", campaign_id, coupon_id)` | quota a coupon spent / returned |
//! | `(tenant, "ref", reference_id, redemption_id)` | empty — redemptions by reference (order) |
//! | `("_system", "resv", expires_ms, tenant, redemption_id)` | coupon code — reservation expiry queue |
//! | `(tenant, "limits", target, target_id)` | limit set JSON |
//! | `(tenant, "schedule", schedule_id)` | schedule JSON |
//! | `("_system", "home", tenant)` | the tenant's home region (UTF-8): where the ring places its keys |
//! | `(tenant, "ratelimits")` | the tenant's request rate limits JSON (`PUT /rate-limits`) |
//! | `(tenant, "tcode", template_id, coupon_id)` | code — the codes generated from a template coupon |
//! | `(tenant, "job", job_id)` | job JSON (kind, spec, cursor, counters, status) |
//! | `(tenant, "jobrows", job_id, n)` | a chunk of a job's input rows (until it ends) |
//! | `(tenant, "jobres", job_id, n)` | a chunk of a job's per-row results (bulk redemption) |
//! | `(tenant, "joberr", job_id, n)` | a chunk of a job's error report |
//! | `(tenant, "jobclaim", job_id)` | the worker holding a running job, and its heartbeat |
//! | `(tenant, "jobcancel", job_id)` | empty — the job was asked to stop |
//! | `("_system", "jobrun", job_id)` | tenant — running jobs, for take-over |
//! | `(tenant, "expart", job_id, n)` | a chunk of an export's file |
//! | `(tenant, "checkout", checkout_id)` | decision of a multi-code checkout: its reservations are confirmed |
//! | `(tenant, "consumer", coupon_id, user_id)` | empty — the consumers a coupon is limited to |
//! | `("_system", "sched", due_ms, tenant, schedule_id)` | empty — scheduler queue |
//! | `(tenant, "lcount", coupon_id, counter)` | usage per channel / store / day (i64 LE) |
//! | `(tenant, "rule", rule_id)` | rule JSON |
//! | `(tenant, "cpromo", campaign_id, promotion_id)` | campaign promotion JSON (seed 001) |
//! | `(tenant, "cpromo_id", promotion_id)` | campaign id of a promotion |
//! | `(tenant, "cpromo_code", CODE)` | promotion id — codes are unique within the tenant |
//! | `(tenant, "cpromo_name", campaign_id, lower-case name)` | promotion id — names unique within a campaign |
//! | `(tenant, "autoidx", kind, value, promotion_id)` | empty — auto-applied promotions by what they target |
//! | `(tenant, "segment", segment_id)` | segment JSON |
//! | `(tenant, "segname", name)` | segment id |
//! | `(tenant, "segmember", segment_id, user_id)` | empty — explicit membership, one key per member |
//! | `(tenant, "segcount", segment_id)` | member count (i64 LE) |
//! | `(tenant, "webhook", webhook_id)` | webhook endpoint JSON (with its secrets) |
//! | `(tenant, "whstate", webhook_id)` | the endpoint's delivery cursor and backoff |
//! | `(tenant, "whdelivery", webhook_id, event_id)` | one event's delivery attempts to the endpoint |
//! | `("_system", "whtenant", tenant)` | empty — tenants with webhook endpoints (the dispatcher's list) |
//! | `(tenant, "retention")` | the tenant's retention policy JSON |
//! | `(tenant, "channel", channel_id)` | a tenant's own channel JSON (the built-in ones are not stored) |
//! | `(tenant, "creative", campaign_id, creative_id)` | a campaign's creative JSON |
//! | `("_system", "rettenant", tenant)` | empty — tenants with a retention policy (the sweeper's list) |
//! | `(tenant, "experiment", experiment_id)` | experiment JSON |
//! | `(tenant, "expassign", experiment_id, subject)` | a subject's assignment JSON (its exposure) |
//! | `(tenant, "expexposed", experiment_id, variant_id)` | exposures of a variant (i64 LE, atomic add) |
//! | `("_system", "expq", due_ms, tenant, experiment_id)` | empty — the experiments worker's queue (a start or an end due) |
//! | `(tenant, "roll", scope, hour, channel, currency, campaign, coupon, metric)` | an hourly analytics counter (i64 LE); `scope` is `t`, `c:{coupon}` or `k:{campaign}` |
//! | `(tenant, "asettings")` | the tenant's analytics settings JSON (its time zone) |
//! | `(tenant, "rstamp", CODE)` | `{epoch}:{n}` of the last validation/refusal tally the code's commits added |
//! | `(tenant, "roll", scope, hour, channel, currency, campaign, coupon, "~customers:" + CODE)` | the customers of one code's row of an hour (exact set, or a sketch), beside the row's counters |
//! | `(tenant, "trgtpl", trigger, key, coupon_id)` | empty — templates with an enabled trigger, by what an event names (a streak, an achievement, a leaderboard, `purchase`) |
//! | `(tenant, "trgevent", event_id)` | an ingested user event's outcome JSON: its once-only marker |
//! | `(tenant, "trgstate", template_id, user_id)` | a user's trigger state for a template (streak run, purchase count) |
//! | `(tenant, "trgocc", template_id, user_id, occurrence)` | the code an occurrence made (JSON): at most one per occurrence |
//! | `(tenant, "trggen", template_id, coupon_id)` · `(tenant, "trggenu", template_id, user_id, coupon_id)` | a code a trigger made (JSON), by template and by template and user |

use foundationdb_tuple::pack;

/// The pseudo-tenant for data that is looked up before a tenant is known. Tenant ids
/// are validated at the edge and never start with `_`.
pub const SYSTEM_TENANT: &str = "_system";

/// Half-open range `[begin, end)` covering every key that extends `prefix` as a tuple.
pub fn prefix_range(prefix: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut begin = prefix.to_vec();
    begin.push(0x00);
    let mut end = prefix.to_vec();
    end.push(0xFF);
    (begin, end)
}

/// The first key strictly after `key`: where the next page of a cursor scan starts.
pub fn key_after(key: &[u8]) -> Vec<u8> {
    let mut next = key.to_vec();
    next.push(0x00);
    next
}

pub fn coupon(tenant: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "coupon", coupon_id))
}

pub fn coupons_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "coupon"))
}

pub fn code(tenant: &str, normalized_code: &str) -> Vec<u8> {
    pack(&(tenant, "code", normalized_code))
}

/// The fence of a coupon actor: the epoch of its current owner activation.
pub fn coupon_owner(tenant: &str, normalized_code: &str) -> Vec<u8> {
    pack(&(tenant, "owner", "coupon", normalized_code))
}

pub fn customer_uses(tenant: &str, coupon_id: &str, user_id: &str) -> Vec<u8> {
    pack(&(tenant, "cust", coupon_id, user_id))
}

/// Every per-customer counter of one coupon: cleared with the coupon.
pub fn customer_uses_prefix(tenant: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "cust", coupon_id))
}

pub fn redemption(tenant: &str, redemption_id: &str) -> Vec<u8> {
    pack(&(tenant, "redemption", redemption_id))
}

pub fn redemptions_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "redemption"))
}

pub fn coupon_redemption(tenant: &str, coupon_id: &str, redemption_id: &str) -> Vec<u8> {
    pack(&(tenant, "cred", coupon_id, redemption_id))
}

pub fn coupon_redemptions_prefix(tenant: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "cred", coupon_id))
}

/// Recovers the redemption id from a `coupon_redemption` key.
pub fn redemption_id_of_index(key: &[u8]) -> Option<String> {
    let (_, _, _, id): (String, String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(id)
}

pub fn idempotency(tenant: &str, idempotency_key: &str) -> Vec<u8> {
    pack(&(tenant, "idem", idempotency_key))
}

/// An idempotency record's entry in the time index, written with the record:
/// ordered by when it was written, across tenants, so the records a retention
/// has outlived are one range at the front, read without scanning any tenant.
pub fn idempotency_index(created_ms: i64, tenant: &str, idempotency_key: &str) -> Vec<u8> {
    pack(&(
        SYSTEM_TENANT,
        "idemidx",
        created_ms,
        tenant,
        idempotency_key,
    ))
}

/// Every time-index entry of a record written strictly before `until_ms`.
pub fn idempotency_index_until(until_ms: i64) -> (Vec<u8>, Vec<u8>) {
    let (begin, _) = prefix_range(&pack(&(SYSTEM_TENANT, "idemidx")));
    (begin, pack(&(SYSTEM_TENANT, "idemidx", until_ms)))
}

/// Decodes `(created_ms, tenant, idempotency_key)` from a time-index key.
pub fn decode_idempotency_index(key: &[u8]) -> Option<(i64, String, String)> {
    let (_, _, ms, tenant, idem_key): (String, String, i64, String, String) =
        foundationdb_tuple::unpack(key).ok()?;
    Some((ms, tenant, idem_key))
}

pub fn api_key(tenant: &str, key_id: &str) -> Vec<u8> {
    pack(&(tenant, "apikey", key_id))
}

pub fn api_keys_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "apikey"))
}

pub fn api_key_hash(hash_hex: &str) -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "apikey_hash", hash_hex))
}

/// The hash of the root key a node generated (when none is configured), kept
/// so that every restart and every node of the store accepts the same key.
pub fn root_key_hash() -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "root_key"))
}

/// The tenant's journal: events keyed by versionstamp (commit order) and their
/// number within the commit.
pub fn journal(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "journal"))
}

// ---- campaigns, leases, reservations, references --------------------------------

pub fn campaign(tenant: &str, campaign_id: &str) -> Vec<u8> {
    pack(&(tenant, "campaign", campaign_id))
}

pub fn campaigns_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "campaign"))
}

/// The fence of a campaign actor.
pub fn campaign_owner(tenant: &str, campaign_id: &str) -> Vec<u8> {
    pack(&(tenant, "owner", "campaign", campaign_id))
}

/// The campaign's status alone: a key written only on lifecycle changes, so
/// coupon commits can read it (a real read) without conflicting with grants.
pub fn campaign_gate(tenant: &str, campaign_id: &str) -> Vec<u8> {
    pack(&(tenant, "cgate", campaign_id))
}

pub fn campaign_lease(tenant: &str, campaign_id: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "lease", campaign_id, coupon_id))
}

pub fn campaign_leases_prefix(tenant: &str, campaign_id: &str) -> Vec<u8> {
    pack(&(tenant, "lease", campaign_id))
}

pub fn campaign_lease_spend(tenant: &str, campaign_id: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "lspend", campaign_id, coupon_id))
}

pub fn campaign_lease_spends_prefix(tenant: &str, campaign_id: &str) -> Vec<u8> {
    pack(&(tenant, "lspend", campaign_id))
}

pub fn reference_redemption(tenant: &str, reference_id: &str, redemption_id: &str) -> Vec<u8> {
    pack(&(tenant, "ref", reference_id, redemption_id))
}

pub fn reference_redemptions_prefix(tenant: &str, reference_id: &str) -> Vec<u8> {
    pack(&(tenant, "ref", reference_id))
}

/// Recovers the redemption id from a `reference_redemption` key.
pub fn redemption_id_of_reference(key: &[u8]) -> Option<String> {
    let (_, _, _, id): (String, String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(id)
}

/// A pending reservation in the expiry queue, ordered by expiry across tenants.
pub fn reservation_expiry(expires_ms: i64, tenant: &str, redemption_id: &str) -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "resv", expires_ms, tenant, redemption_id))
}

pub fn reservation_expiry_prefix() -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "resv"))
}

/// Every queue entry expiring strictly before `until_ms`.
pub fn reservation_expiry_until(until_ms: i64) -> (Vec<u8>, Vec<u8>) {
    let (begin, _) = prefix_range(&reservation_expiry_prefix());
    (begin, pack(&(SYSTEM_TENANT, "resv", until_ms)))
}

/// Decodes `(expires_ms, tenant, redemption_id)` from a queue key.
pub fn decode_reservation_expiry(key: &[u8]) -> Option<(i64, String, String)> {
    let (_, _, ms, tenant, id): (String, String, i64, String, String) =
        foundationdb_tuple::unpack(key).ok()?;
    Some((ms, tenant, id))
}

pub fn limit_set(tenant: &str, target: &str, target_id: &str) -> Vec<u8> {
    pack(&(tenant, "limits", target, target_id))
}

/// A usage counter of a coupon (`channel:web`, `store:s1`, `day:2030-03-10`).
pub fn limit_counter(tenant: &str, coupon_id: &str, counter: &str) -> Vec<u8> {
    pack(&(tenant, "lcount", coupon_id, counter))
}

pub fn limit_counters_prefix(tenant: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "lcount", coupon_id))
}

/// A statistic of one coupon kept by its actor's commits: `customers`
/// (distinct customers holding a use) and `validations` (valid checks of the
/// code), counters kept with atomic adds; `discount_total:<CUR>`, the minor
/// units given, an exact total ([`encode_total`]). `discount:<CUR>` is that
/// total as earlier versions kept it, an atomic-add counter.
pub fn coupon_stat(tenant: &str, coupon_id: &str, stat: &str) -> Vec<u8> {
    pack(&(tenant, "cstat", coupon_id, stat))
}

pub fn coupon_stats_prefix(tenant: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "cstat", coupon_id))
}

/// Recovers the counter name from a `limit_counter` key.
pub fn counter_of_key(key: &[u8]) -> Option<String> {
    let (_, _, _, name): (String, String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(name)
}

/// A tenant's home region. Kept under `_system` so that every node reads all
/// of them in one range (see `records::regions`).
pub fn home_region(tenant: &str) -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "home", tenant))
}

pub fn home_regions_prefix() -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "home"))
}

/// Recovers the tenant from a `home_region` key.
pub fn decode_home_region(key: &[u8]) -> Option<String> {
    let (_, _, tenant): (String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(tenant)
}

pub fn rate_limits(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "ratelimits"))
}

pub fn schedule(tenant: &str, schedule_id: &str) -> Vec<u8> {
    pack(&(tenant, "schedule", schedule_id))
}

pub fn schedules_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "schedule"))
}

/// A schedule's next event in the scheduler queue, ordered by due time.
pub fn schedule_due(due_ms: i64, tenant: &str, schedule_id: &str) -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "sched", due_ms, tenant, schedule_id))
}

/// Every queued schedule event due strictly before `until_ms`.
pub fn schedule_due_until(until_ms: i64) -> (Vec<u8>, Vec<u8>) {
    let (begin, _) = prefix_range(&pack(&(SYSTEM_TENANT, "sched")));
    (begin, pack(&(SYSTEM_TENANT, "sched", until_ms)))
}

/// Decodes `(due_ms, tenant, schedule_id)` from a queue key.
pub fn decode_schedule_due(key: &[u8]) -> Option<(i64, String, String)> {
    let (_, _, ms, tenant, id): (String, String, i64, String, String) =
        foundationdb_tuple::unpack(key).ok()?;
    Some((ms, tenant, id))
}

pub fn template_code(tenant: &str, template_id: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "tcode", template_id, coupon_id))
}

pub fn template_codes_prefix(tenant: &str, template_id: &str) -> Vec<u8> {
    pack(&(tenant, "tcode", template_id))
}

/// Recovers the code's coupon id from a `template_code` key.
pub fn coupon_id_of_template_code(key: &[u8]) -> Option<String> {
    let (_, _, _, id): (String, String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(id)
}

/// Recovers the user id from a `customer_uses` key.
pub fn user_of_customer_uses(key: &[u8]) -> Option<String> {
    let (_, _, _, user): (String, String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(user)
}

pub fn consumer(tenant: &str, coupon_id: &str, user_id: &str) -> Vec<u8> {
    pack(&(tenant, "consumer", coupon_id, user_id))
}

pub fn consumers_prefix(tenant: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "consumer", coupon_id))
}

/// Recovers the user id from a `consumer` key.
pub fn user_of_consumer(key: &[u8]) -> Option<String> {
    let (_, _, _, user): (String, String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(user)
}

/// The commit point of a multi-code checkout.
pub fn checkout(tenant: &str, checkout_id: &str) -> Vec<u8> {
    pack(&(tenant, "checkout", checkout_id))
}

pub fn job(tenant: &str, job_id: &str) -> Vec<u8> {
    pack(&(tenant, "job", job_id))
}

/// One chunk of a job's input rows, kept until the job is done so another
/// node can finish it after a crash.
pub fn job_rows(tenant: &str, job_id: &str, chunk: u32) -> Vec<u8> {
    pack(&(tenant, "jobrows", job_id, i64::from(chunk)))
}

pub fn job_rows_prefix(tenant: &str, job_id: &str) -> Vec<u8> {
    pack(&(tenant, "jobrows", job_id))
}

/// One chunk of a job's per-row results (a whole report exceeds a value).
pub fn job_results(tenant: &str, job_id: &str, chunk: u32) -> Vec<u8> {
    pack(&(tenant, "jobres", job_id, i64::from(chunk)))
}

pub fn job_results_prefix(tenant: &str, job_id: &str) -> Vec<u8> {
    pack(&(tenant, "jobres", job_id))
}

/// One chunk of a job's error report (row, field, code, message lines).
pub fn job_errors(tenant: &str, job_id: &str, chunk: u64) -> Vec<u8> {
    pack(&(
        tenant,
        "joberr",
        job_id,
        i64::try_from(chunk).unwrap_or(i64::MAX),
    ))
}

pub fn job_errors_prefix(tenant: &str, job_id: &str) -> Vec<u8> {
    pack(&(tenant, "joberr", job_id))
}

/// Set when a job is asked to stop; a blind write, so asking never
/// conflicts with the batch in progress (which reads it).
pub fn job_cancel(tenant: &str, job_id: &str) -> Vec<u8> {
    pack(&(tenant, "jobcancel", job_id))
}

/// One chunk of an export's file, written by the export job in order.
pub fn export_part(tenant: &str, job_id: &str, part: u64) -> Vec<u8> {
    pack(&(
        tenant,
        "expart",
        job_id,
        i64::try_from(part).unwrap_or(i64::MAX),
    ))
}

pub fn export_parts_prefix(tenant: &str, job_id: &str) -> Vec<u8> {
    pack(&(tenant, "expart", job_id))
}

/// Who works on a running job, and when it last showed progress.
pub fn job_claim(tenant: &str, job_id: &str) -> Vec<u8> {
    pack(&(tenant, "jobclaim", job_id))
}

/// Every running job, across tenants (value: the tenant), so a node can
/// find the jobs a crashed node left.
pub fn running_job(job_id: &str) -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "jobrun", job_id))
}

pub fn running_jobs_prefix() -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "jobrun"))
}

/// The job id of a `running_job` key.
pub fn job_of_running(key: &[u8]) -> Option<String> {
    let (_, _, id): (String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(id)
}

/// Encodes an owner epoch.
pub fn encode_epoch(epoch: u64) -> [u8; 8] {
    epoch.to_be_bytes()
}

/// Decodes an owner epoch; `None` for bytes that are not one.
pub fn decode_epoch(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

/// Decodes a counter written by `atomic_add` or as an i64 LE.
pub fn decode_counter(bytes: &[u8]) -> Option<i64> {
    Some(i64::from_le_bytes(bytes.try_into().ok()?))
}

pub fn encode_counter(value: i64) -> [u8; 8] {
    value.to_le_bytes()
}

/// Decodes an exact total written by [`encode_total`]; `None` for bytes that
/// are not one.
pub fn decode_total(bytes: &[u8]) -> Option<i128> {
    Some(i128::from_le_bytes(bytes.try_into().ok()?))
}

/// An exact total: an i128, little-endian. Kept by reading and writing it
/// back, never by an atomic add, which wraps at an i64.
pub fn encode_total(value: i128) -> [u8; 16] {
    value.to_le_bytes()
}

// ---- Promotions, rules and segments ----

pub fn rule(tenant: &str, rule_id: &str) -> Vec<u8> {
    pack(&(tenant, "rule", rule_id))
}

pub fn rules_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "rule"))
}

pub fn campaign_promotion(tenant: &str, campaign_id: &str, promotion_id: &str) -> Vec<u8> {
    pack(&(tenant, "cpromo", campaign_id, promotion_id))
}

pub fn campaign_promotions_prefix(tenant: &str, campaign_id: &str) -> Vec<u8> {
    pack(&(tenant, "cpromo", campaign_id))
}

/// Where a promotion lives, by its id alone.
pub fn promotion_location(tenant: &str, promotion_id: &str) -> Vec<u8> {
    pack(&(tenant, "cpromo_id", promotion_id))
}

pub fn promotion_code(tenant: &str, normalized_code: &str) -> Vec<u8> {
    pack(&(tenant, "cpromo_code", normalized_code))
}

pub fn promotion_name(tenant: &str, campaign_id: &str, lower_name: &str) -> Vec<u8> {
    pack(&(tenant, "cpromo_name", campaign_id, lower_name))
}

/// One entry of the auto-applied promotion index: `kind` is `sku`, `product`,
/// `variant`, `category`, `collection`, `tag`, or `all` (untargeted, value `""`).
pub fn auto_index(tenant: &str, kind: &str, value: &str, promotion_id: &str) -> Vec<u8> {
    pack(&(tenant, "autoidx", kind, value, promotion_id))
}

pub fn auto_index_prefix(tenant: &str, kind: &str, value: &str) -> Vec<u8> {
    pack(&(tenant, "autoidx", kind, value))
}

/// The promotion id of an `auto_index` key.
pub fn promotion_id_of_auto_index(key: &[u8]) -> Option<String> {
    let (_, _, _, _, id): (String, String, String, String, String) =
        foundationdb_tuple::unpack(key).ok()?;
    Some(id)
}

/// Bumped (atomic add) by every change to a tenant's rules, segments or segment
/// members: a code's actor that loaded any of them reloads when it moves.
pub fn conditions_epoch(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "condepoch"))
}

pub fn segment(tenant: &str, segment_id: &str) -> Vec<u8> {
    pack(&(tenant, "segment", segment_id))
}

pub fn segments_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "segment"))
}

pub fn segment_name(tenant: &str, name: &str) -> Vec<u8> {
    pack(&(tenant, "segname", name))
}

pub fn segment_member(tenant: &str, segment_id: &str, user_id: &str) -> Vec<u8> {
    pack(&(tenant, "segmember", segment_id, user_id))
}

pub fn segment_members_prefix(tenant: &str, segment_id: &str) -> Vec<u8> {
    pack(&(tenant, "segmember", segment_id))
}

/// The user id of a `segment_member` key.
pub fn user_id_of_segment_member(key: &[u8]) -> Option<String> {
    let (_, _, _, user): (String, String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(user)
}

pub fn segment_count(tenant: &str, segment_id: &str) -> Vec<u8> {
    pack(&(tenant, "segcount", segment_id))
}

// ---- Cluster ----

/// Owner epoch of a ring-singleton supervisor (`reservations`, `scheduler`,
/// `idempotency`): the fence a supervisor claims when it starts leading and
/// re-reads before acting.
pub fn supervisor_owner(name: &str) -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "owner", "supervisor", name))
}

// ---- webhooks -------------------------------------------------------------------

pub fn webhook(tenant: &str, webhook_id: &str) -> Vec<u8> {
    pack(&(tenant, "webhook", webhook_id))
}

pub fn webhooks_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "webhook"))
}

pub fn webhook_state(tenant: &str, webhook_id: &str) -> Vec<u8> {
    pack(&(tenant, "whstate", webhook_id))
}

pub fn webhook_delivery(tenant: &str, webhook_id: &str, event_id: &str) -> Vec<u8> {
    pack(&(tenant, "whdelivery", webhook_id, event_id))
}

pub fn webhook_deliveries_prefix(tenant: &str, webhook_id: &str) -> Vec<u8> {
    pack(&(tenant, "whdelivery", webhook_id))
}

/// A tenant's entry in the list of tenants that have webhook endpoints.
pub fn webhook_tenant(tenant: &str) -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "whtenant", tenant))
}

pub fn webhook_tenants_prefix() -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "whtenant"))
}

/// Recovers the tenant from a `webhook_tenant` key.
pub fn decode_webhook_tenant(key: &[u8]) -> Option<String> {
    let (_, _, tenant): (String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(tenant)
}

// ---- channels and creatives ---------------------------------------------------------

pub fn channel(tenant: &str, channel_id: &str) -> Vec<u8> {
    pack(&(tenant, "channel", channel_id))
}

pub fn channels_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "channel"))
}

pub fn creative(tenant: &str, campaign_id: &str, creative_id: &str) -> Vec<u8> {
    pack(&(tenant, "creative", campaign_id, creative_id))
}

pub fn creatives_prefix(tenant: &str, campaign_id: &str) -> Vec<u8> {
    pack(&(tenant, "creative", campaign_id))
}

// ---- retention --------------------------------------------------------------------

pub fn retention_policy(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "retention"))
}

pub fn retention_tenant(tenant: &str) -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "rettenant", tenant))
}

pub fn retention_tenants_prefix() -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "rettenant"))
}

/// Recovers the tenant from a `retention_tenant` key.
pub fn decode_retention_tenant(key: &[u8]) -> Option<String> {
    let (_, _, tenant): (String, String, String) = foundationdb_tuple::unpack(key).ok()?;
    Some(tenant)
}

// ---- experiments ------------------------------------------------------------------

pub fn experiment(tenant: &str, experiment_id: &str) -> Vec<u8> {
    pack(&(tenant, "experiment", experiment_id))
}

pub fn experiments_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "experiment"))
}

pub fn experiment_assignment(tenant: &str, experiment_id: &str, subject: &str) -> Vec<u8> {
    pack(&(tenant, "expassign", experiment_id, subject))
}

pub fn experiment_assignments_prefix(tenant: &str, experiment_id: &str) -> Vec<u8> {
    pack(&(tenant, "expassign", experiment_id))
}

pub fn experiment_exposures(tenant: &str, experiment_id: &str, variant_id: &str) -> Vec<u8> {
    pack(&(tenant, "expexposed", experiment_id, variant_id))
}

pub fn experiment_exposures_prefix(tenant: &str, experiment_id: &str) -> Vec<u8> {
    pack(&(tenant, "expexposed", experiment_id))
}

/// The experiments worker's entry for a start or an end due at `due_ms`.
pub fn experiment_due(due_ms: i64, tenant: &str, experiment_id: &str) -> Vec<u8> {
    pack(&(SYSTEM_TENANT, "expq", due_ms, tenant, experiment_id))
}

/// The worker's entries due before `until_ms` (exclusive).
pub fn experiment_due_until(until_ms: i64) -> (Vec<u8>, Vec<u8>) {
    let (begin, _) = prefix_range(&pack(&(SYSTEM_TENANT, "expq")));
    (begin, pack(&(SYSTEM_TENANT, "expq", until_ms)))
}

/// Recovers `(due_ms, tenant, experiment_id)` from an `experiment_due` key.
pub fn decode_experiment_due(key: &[u8]) -> Option<(i64, String, String)> {
    let (_, kind, due, tenant, id): (String, String, i64, String, String) =
        foundationdb_tuple::unpack(key).ok()?;
    (kind == "expq").then_some((due, tenant, id))
}

/// Every job record of the tenant, by id (ids are time-ordered).
pub fn jobs_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "job"))
}

/// Dimensions of one hourly rollup row: what the analytics group by.
#[derive(Debug, Clone, Copy)]
pub struct RollupRow<'a> {
    /// `t` (the tenant), `c:{coupon_id}` or `k:{campaign_id}`: which copy of
    /// the row, so a query reads only its scope.
    pub scope: &'a str,
    /// Hours since the Unix epoch (UTC).
    pub hour: i64,
    pub channel: &'a str,
    pub currency: &'a str,
    pub campaign: &'a str,
    pub coupon: &'a str,
}

/// One hourly analytics counter of a row.
pub fn rollup(tenant: &str, row: &RollupRow<'_>, metric: &str) -> Vec<u8> {
    let r = row;
    pack(&(
        tenant, "roll", r.scope, r.hour, r.channel, r.currency, r.campaign, r.coupon, metric,
    ))
}

/// Recovers a rollup counter's row and metric from its key.
pub fn rollup_of_key(key: &[u8]) -> Option<(RollupKey, String)> {
    type Unpacked = (
        String,
        String,
        String,
        i64,
        String,
        String,
        String,
        String,
        String,
    );
    let (_, _, _, hour, channel, currency, campaign, coupon, metric): Unpacked =
        foundationdb_tuple::unpack(key).ok()?;
    let row = RollupKey {
        hour,
        channel,
        currency,
        campaign,
        coupon,
    };
    Some((row, metric))
}

/// A tenant's analytics settings (its time zone).
pub fn analytics_settings(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "asettings"))
}

/// The stamp of the last tally a code's commit added to the rollups: a commit
/// retried after an unknown result finds it and does not add the tally twice.
pub fn rollup_stamp(tenant: &str, code: &str) -> Vec<u8> {
    pack(&(tenant, "rstamp", code))
}

/// The customers of one code's row of an hour (written only by that code's actor).
pub fn rollup_customers(tenant: &str, row: &RollupRow<'_>, code: &str) -> Vec<u8> {
    let r = row;
    pack(&(
        tenant,
        "roll",
        r.scope,
        r.hour,
        r.channel,
        r.currency,
        r.campaign,
        r.coupon,
        format!("{ROLLUP_CUSTOMERS_PREFIX}{code}"),
    ))
}

/// The last element of a customer row's key, before its code: a customer row
/// sits beside its row's counters (one page of the store for both), and a
/// reader tells them apart by it.
pub const ROLLUP_CUSTOMERS_PREFIX: &str = "~customers:";

/// Recovers the row of a `rollup_customers` key; `None` for a counter's.
pub fn rollup_customers_of_key(key: &[u8]) -> Option<RollupKey> {
    rollup_of_key(key)
        .filter(|(_, last)| last.starts_with(ROLLUP_CUSTOMERS_PREFIX))
        .map(|(row, _)| row)
}

/// A rollup row's dimensions as read back from a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupKey {
    pub hour: i64,
    pub channel: String,
    pub currency: String,
    pub campaign: String,
    pub coupon: String,
}

/// `[begin, end)` of a scope's counters (`kind` `roll`) or customer rows
/// (`rsk`) for the hours `from..to`.
pub fn rollup_hours(
    tenant: &str,
    kind: &str,
    scope: &str,
    from: i64,
    to: i64,
) -> (Vec<u8>, Vec<u8>) {
    (
        pack(&(tenant, kind, scope, from)),
        pack(&(tenant, kind, scope, to)),
    )
}

// ---- fraud ------------------------------------------------------------------

/// A blacklist entry.
pub fn fraud_blacklist(tenant: &str, entry_id: &str) -> Vec<u8> {
    pack(&(tenant, "fbl", entry_id))
}

pub fn fraud_blacklist_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "fbl"))
}

/// A counter raised by every blacklist change: nodes re-read the set when it moves.
pub fn fraud_blacklist_version(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "fblv"))
}

/// The tenant's fraud thresholds.
pub fn fraud_settings(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "fset"))
}

pub fn fraud_alert(tenant: &str, alert_id: &str) -> Vec<u8> {
    pack(&(tenant, "falert", alert_id))
}

pub fn fraud_alerts_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "falert"))
}

/// One per-minute fraud counter of a subject: `tag` `c` (attempts at `member`,
/// a code), `r` (refusals at a code) or `u` (attempts by `member`, a user).
/// The subject comes first, so a window of any length is one range read.
pub fn fraud_count(
    tenant: &str,
    kind: &str,
    subject: &str,
    minute: i64,
    tag: &str,
    member: &str,
) -> Vec<u8> {
    pack(&(tenant, "fw", kind, subject, minute, tag, member))
}

/// The counters of a subject from minute `from` up to, not including, `to`.
pub fn fraud_counts_between(
    tenant: &str,
    kind: &str,
    subject: &str,
    from: i64,
    to: i64,
) -> (Vec<u8>, Vec<u8>) {
    (
        pack(&(tenant, "fw", kind, subject, from)),
        pack(&(tenant, "fw", kind, subject, to)),
    )
}

/// A subject that counted in `hour`: the fraud sweep forgets its counters
/// once the hour is a day old. Time first (a system queue, like
/// [`idempotency_index`]), so the sweep reads what is due in one range.
pub fn fraud_gc(hour: i64, tenant: &str, kind: &str, subject: &str) -> Vec<u8> {
    pack(&("_fraud", "gc", hour, tenant, kind, subject))
}

/// The queue's entries of hours before `hour`.
pub fn fraud_gc_until(hour: i64) -> (Vec<u8>, Vec<u8>) {
    (
        pack(&("_fraud", "gc", i64::MIN)),
        pack(&("_fraud", "gc", hour)),
    )
}

/// Recovers `(hour, tenant, kind, subject)` from a queue key.
pub fn decode_fraud_gc(key: &[u8]) -> Option<(i64, String, String, String)> {
    let (_, _, hour, tenant, kind, subject): (String, String, i64, String, String, String) =
        foundationdb_tuple::unpack(key).ok()?;
    Some((hour, tenant, kind, subject))
}

/// Recovers `(minute, tag, member)` from a fraud counter's key.
pub fn fraud_count_of_key(key: &[u8]) -> Option<(i64, String, String)> {
    type Unpacked = (String, String, String, String, i64, String, String);
    let (_, _, _, _, minute, tag, member): Unpacked = foundationdb_tuple::unpack(key).ok()?;
    Some((minute, tag, member))
}

/// A template indexed under what its enabled trigger listens to.
pub fn trigger_template(tenant: &str, trigger: &str, key: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "trgtpl", trigger, key, coupon_id))
}

pub fn trigger_templates_prefix(tenant: &str, trigger: &str, key: &str) -> Vec<u8> {
    pack(&(tenant, "trgtpl", trigger, key))
}

/// Recovers the template's id from a `trigger_template` key.
pub fn coupon_id_of_trigger_template(key: &[u8]) -> Option<String> {
    let (_, _, _, _, id): (String, String, String, String, String) =
        foundationdb_tuple::unpack(key).ok()?;
    Some(id)
}

/// The once-only marker (and stored outcome) of an ingested user event.
pub fn trigger_event(tenant: &str, event_id: &str) -> Vec<u8> {
    pack(&(tenant, "trgevent", event_id))
}

/// A user's trigger state for one template.
pub fn trigger_state(tenant: &str, template_id: &str, user_id: &str) -> Vec<u8> {
    pack(&(tenant, "trgstate", template_id, user_id))
}

/// The marker of one occurrence of a template's trigger.
pub fn trigger_occurrence(
    tenant: &str,
    template_id: &str,
    user_id: &str,
    occurrence: &str,
) -> Vec<u8> {
    pack(&(tenant, "trgocc", template_id, user_id, occurrence))
}

/// A code a template's trigger made, by the code's coupon id.
pub fn trigger_generated(tenant: &str, template_id: &str, coupon_id: &str) -> Vec<u8> {
    pack(&(tenant, "trggen", template_id, coupon_id))
}

pub fn trigger_generated_prefix(tenant: &str, template_id: &str) -> Vec<u8> {
    pack(&(tenant, "trggen", template_id))
}

/// A code a template's trigger made for one user.
pub fn trigger_generated_for(
    tenant: &str,
    template_id: &str,
    user_id: &str,
    coupon_id: &str,
) -> Vec<u8> {
    pack(&(tenant, "trggenu", template_id, user_id, coupon_id))
}

pub fn trigger_generated_for_prefix(tenant: &str, template_id: &str, user_id: &str) -> Vec<u8> {
    pack(&(tenant, "trggenu", template_id, user_id))
}

// ---- rewards, points conversion and order locks ---------------------------------

pub fn reward_item(tenant: &str, item_id: &str) -> Vec<u8> {
    pack(&(tenant, "reward_item", item_id))
}

pub fn reward_items_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "reward_item"))
}

/// A grant, keyed by the redemption that made it: one per redemption.
pub fn reward_grant(tenant: &str, redemption_id: &str) -> Vec<u8> {
    pack(&(tenant, "reward_grant", redemption_id))
}

pub fn reward_grants_prefix(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "reward_grant"))
}

pub fn points_settings(tenant: &str) -> Vec<u8> {
    pack(&(tenant, "points_settings"))
}

/// The coupon a points debit reference made.
pub fn points_debit(tenant: &str, reference: &str) -> Vec<u8> {
    pack(&(tenant, "points_debit", reference))
}

/// The redemptions an order-level lock holds.
pub fn redemption_lock(tenant: &str, lock_reference: &str) -> Vec<u8> {
    pack(&(tenant, "redemption_lock", lock_reference))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_ranges_do_not_overlap() {
        let (a_begin, a_end) = prefix_range(&coupons_prefix("a"));
        let k = coupon("ab", "x");
        assert!(!(k >= a_begin && k < a_end));
        let own = coupon("a", "x");
        assert!(own >= a_begin && own < a_end);
    }

    #[test]
    fn rollup_keys_round_trip_and_order_by_hour() {
        let row = |hour| RollupRow {
            scope: "t",
            hour,
            channel: "web",
            currency: "EUR",
            campaign: "",
            coupon: "cpn_1",
        };
        let k = rollup("t", &row(5), "redemptions");
        let (back, metric) = rollup_of_key(&k).unwrap();
        assert_eq!(
            (back.hour, back.coupon.as_str(), metric.as_str()),
            (5, "cpn_1", "redemptions")
        );
        let (begin, end) = rollup_hours("t", "roll", "t", 5, 6);
        assert!(k >= begin && k < end);
        assert!(rollup("t", &row(6), "redemptions") >= end);
        assert!(rollup("t", &row(-1), "redemptions") < begin);
        let c = rollup_customers("t", &row(5), "CODE");
        assert_eq!(rollup_customers_of_key(&c).unwrap().hour, 5);
        assert!(
            rollup_customers_of_key(&k).is_none(),
            "a counter is no customer row"
        );
        let (begin, end) = rollup_hours("t", "roll", "t", 5, 6);
        assert!(c >= begin && c < end);
    }

    #[test]
    fn index_key_round_trips() {
        let k = coupon_redemption("t", "cpn_1", "red_2");
        assert_eq!(redemption_id_of_index(&k).as_deref(), Some("red_2"));
        assert_eq!(redemption_id_of_index(b"\xff\xff"), None);
    }

    #[test]
    fn promotion_keys_round_trip() {
        let k = auto_index("t", "sku", "S1", "prm_1");
        assert_eq!(promotion_id_of_auto_index(&k).as_deref(), Some("prm_1"));
        let (begin, end) = prefix_range(&auto_index_prefix("t", "sku", "S1"));
        assert!(k >= begin && k < end);
        let (begin, end) = prefix_range(&auto_index_prefix("t", "sku", "S"));
        assert!(!(k >= begin && k < end));
        let m = segment_member("t", "seg_1", "u9");
        assert_eq!(user_id_of_segment_member(&m).as_deref(), Some("u9"));
    }

    #[test]
    fn idempotency_index_orders_by_time_and_round_trips() {
        let early = idempotency_index(1_000, "b", "k:x");
        let late = idempotency_index(2_000, "a", "k:a");
        assert!(early < late, "time first, then tenant");
        assert_eq!(
            decode_idempotency_index(&late),
            Some((2_000, String::from("a"), String::from("k:a")))
        );
        let (begin, end) = idempotency_index_until(2_000);
        assert!(early >= begin && early < end);
        assert!(late >= end, "the bound is exclusive");
        assert!(
            idempotency_index(-5, "t", "k") >= begin,
            "before the epoch too"
        );
        assert_eq!(decode_idempotency_index(&idempotency("t", "k")), None);
    }

    #[test]
    fn experiment_queue_orders_by_time_and_round_trips() {
        let early = experiment_due(1_000, "b", "exp_2");
        let late = experiment_due(2_000, "a", "exp_1");
        assert!(early < late, "time first, then tenant");
        assert_eq!(
            decode_experiment_due(&late),
            Some((2_000, String::from("a"), String::from("exp_1")))
        );
        let (begin, end) = experiment_due_until(2_000);
        assert!(early >= begin && early < end);
        assert!(late >= end, "the bound is exclusive");
        assert_eq!(decode_experiment_due(&idempotency_index(1, "t", "k")), None);
    }

    #[test]
    fn fraud_counts_of_a_window_are_one_range() {
        let inside = fraud_count("t", "ip", "10.0.0.1", 100, "c", "CODE");
        let (begin, end) = fraud_counts_between("t", "ip", "10.0.0.1", 100, 101);
        assert!(inside >= begin && inside < end);
        let later = fraud_count("t", "ip", "10.0.0.1", 101, "c", "CODE");
        assert!(later >= end, "the bound is exclusive");
        let other = fraud_count("t", "ip", "10.0.0.10", 100, "c", "CODE");
        assert!(other < begin || other >= end, "another subject");
        assert_eq!(
            fraud_count_of_key(&inside),
            Some((100, String::from("c"), String::from("CODE")))
        );
    }

    #[test]
    fn ids_sort_within_prefix() {
        assert!(coupon("t", "cpn_1") < coupon("t", "cpn_2"));
    }
}
