//! Every bound of the promotion engine, as named constants with units.
//!
//! Rules and promotions are written by marketers but evaluated on every checkout,
//! so their size is limited when they are created, never discovered at run time.

/// Nesting of `all` / `any` / `not` in one rule, the root counting as 1.
pub const MAX_RULE_DEPTH_LEVELS: usize = 8;
/// Comparisons in one rule.
pub const MAX_RULE_CLAUSES: usize = 64;
/// Values in one `in` / `contains` list, and children of one `all` / `any`.
pub const MAX_RULE_LIST_ITEMS: usize = 256;
/// Length of one string in a rule (fact names, values, metadata paths).
pub const MAX_RULE_STRING_BYTES: usize = 256;
/// Codes whose best combination is searched exactly (2^5 subsets).
pub const MAX_COMBINATION_CODES: usize = 5;
/// Entries in one targeting list.
pub const MAX_TARGET_ENTRIES: usize = 1_000;
/// Components of a bundle, tiers of a tiered promotion, currencies of an amount list.
pub const MAX_PROMOTION_PARTS: usize = 32;
/// Largest `buy`, `get`, bundle component or free product quantity.
pub const MAX_PROMOTION_QUANTITY_UNITS: u32 = 10_000;
/// Decimal places of a percentage.
pub const MAX_PERCENT_SCALE_DIGITS: u32 = 4;
/// Points granted by one loyalty effect.
pub const MAX_LOYALTY_POINTS: u64 = 1_000_000_000;
