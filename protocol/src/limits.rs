//! Every bound Stampede enforces, in one place. Units are the last word of a name.

/// Longest coupon code, in characters (codes are ASCII, so also bytes).
pub const MAX_CODE_LEN_CHARS: usize = 64;
/// Longest free-form identifier a client supplies (user ids, reference ids, names).
pub const MAX_ID_LEN_BYTES: usize = 256;
/// Longest idempotency key.
pub const MAX_IDEMPOTENCY_KEY_LEN_BYTES: usize = 255;
/// Longest idempotency key or request fingerprint the service stores, in
/// bytes: a client's key (at most [`MAX_IDEMPOTENCY_KEY_LEN_BYTES`]) or a
/// job's row name, with the namespace and code suffixes the service adds.
pub const MAX_STORED_IDEMPOTENCY_KEY_BYTES: usize = 1024;
/// How long an idempotency key keeps its stored response when the node sets no
/// retention of its own: a day, as Stripe keeps them — clients retry for
/// minutes, and a key reused after a day names a new request.
pub const DEFAULT_IDEMPOTENCY_RETENTION_HOURS: u64 = 24;
/// Bounds of a node's idempotency retention (`--idempotency-retention-hours`):
/// at least an hour, longer than any retry loop or request still in flight;
/// at most 30 days, since the records and their time index grow with it.
pub const MIN_IDEMPOTENCY_RETENTION_HOURS: u64 = 1;
pub const MAX_IDEMPOTENCY_RETENTION_HOURS: u64 = 30 * 24;
/// Request bodies larger than this are refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Items in one checkout context.
pub const MAX_CART_ITEMS: usize = 500;
/// Codes in one validate request.
pub const MAX_CODES_PER_REQUEST: usize = 20;
/// Products or categories listed in one applicability filter.
pub const MAX_APPLICABILITY_ENTRIES: usize = 1_000;
/// Bytes of a coupon's `name`.
pub const MAX_COUPON_NAME_BYTES: usize = 256;
/// Bytes of a coupon's `description`.
pub const MAX_COUPON_DESCRIPTION_BYTES: usize = 4_096;
/// Currencies one coupon lists minimums or caps in.
pub const MAX_COUPON_CURRENCIES: usize = 32;
/// Stored rules one coupon may reference (`rule_ids`).
pub const MAX_RULES_PER_COUPON: usize = 16;
/// Serialized size of a `metadata` object.
pub const MAX_METADATA_BYTES: usize = 16 * 1024;
/// Page size bounds for list endpoints.
pub const MAX_PAGE_LIMIT: usize = 500;
pub const DEFAULT_PAGE_LIMIT: usize = 50;
/// Largest money amount accepted anywhere (prices, shipping, coupon values,
/// minimums, caps, budgets), in major units.
pub const MAX_MONEY_MAJOR_UNITS: i64 = 1_000_000_000_000;
/// Largest quantity of one cart line, in units.
pub const MAX_ITEM_QUANTITY: u32 = 1_000_000;
/// Largest price × quantity of one cart line, in major units: a line is one
/// amount, so it is held to the bound of any amount.
pub const MAX_LINE_TOTAL_MAJOR_UNITS: i64 = MAX_MONEY_MAJOR_UNITS;
/// Largest goods total of one cart (the sum of its lines' price × quantity, or
/// its `cart_total`), in major units. No larger than one amount, so every
/// figure derived from a cart (subtotal, discount, the total with shipping) is
/// one the service accepts elsewhere, and stays far inside an i64 of minor
/// units even in a currency of four decimal places.
pub const MAX_CART_TOTAL_MAJOR_UNITS: i64 = MAX_MONEY_MAJOR_UNITS;
/// Largest `max_uses` a coupon may declare.
pub const MAX_USES_LIMIT: u64 = 1_000_000_000_000;
/// Reason strings on voids and revokes.
pub const MAX_REASON_LEN_BYTES: usize = 1024;
/// Request, correlation and actor ids recorded with an event.
pub const MAX_REQUEST_ID_LEN_BYTES: usize = 128;
/// The longest `traceparent` header read: a version-00 header is 55 bytes; a
/// later version may append fields, which are ignored, up to this bound.
pub const MAX_TRACEPARENT_LEN_BYTES: usize = 256;
/// The longest `tracestate` header handed on (the W3C limit of 32 members
/// fits); a longer one is ignored.
pub const MAX_TRACESTATE_LEN_BYTES: usize = 512;
/// API keys per tenant.
pub const MAX_API_KEYS_PER_TENANT: usize = 1_000;
/// Scopes on one API key.
pub const MAX_SCOPES_PER_KEY: usize = 32;
/// Channels one campaign may name.
pub const MAX_CAMPAIGN_CHANNELS: usize = 32;
/// Currencies one campaign budget may cap.
pub const MAX_BUDGET_CURRENCIES: usize = 32;
/// Longest campaign description.
pub const MAX_DESCRIPTION_LEN_BYTES: usize = 4 * 1024;
/// How far after now a coupon's validity window or a campaign's dates may
/// reach, in years. A date past it is a typo or a "never" in disguise (a
/// coupon valid until 99999); an open end (no date) says "never" plainly.
pub const MAX_VALIDITY_HORIZON_YEARS: u32 = 100;
/// How long a reservation (pending redemption) holds its use when the coupon sets
/// no TTL of its own.
pub const DEFAULT_RESERVATION_TTL_MS: i64 = 15 * 60 * 1000;
/// Bounds of a coupon's own reservation TTL.
pub const MIN_RESERVATION_TTL_MS: i64 = 1_000;
pub const MAX_RESERVATION_TTL_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// Channels or stores one limit set may cap.
pub const MAX_LIMIT_ENTRIES: usize = 256;
/// Time windows one limit set may list.
pub const MAX_TIME_WINDOWS: usize = 32;
/// Usage counters one `GET /limits` reports.
pub const MAX_USAGE_COUNTERS_READ: usize = 1_000;
/// Codes one request may add to a template coupon.
pub const MAX_CODES_PER_GENERATE: usize = 1_000;
/// Codes one generation job may make (`POST /coupons/generate`).
pub const MAX_CODES_PER_JOB: u64 = 10_000_000;
/// Codes a template may have listed or scanned in one request.
pub const MAX_TEMPLATE_CODES_READ: usize = 10_000;
/// Length bounds of a generated code's random part.
pub const MIN_GENERATED_CODE_LEN: usize = 6;
pub const MAX_GENERATED_CODE_LEN: usize = 32;
/// Consumers one coupon may be limited to (seed 003 `consumers`).
pub const MAX_CONSUMERS_PER_COUPON: usize = 10_000;
/// Categories, collections, tags or segments on one cart line or customer.
pub const MAX_CONTEXT_LIST_ITEMS: usize = 64;
/// Rows in one bulk redemption job.
pub const MAX_BULK_ROWS: usize = 1_000;
