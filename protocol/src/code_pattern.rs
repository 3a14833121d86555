//! Code patterns for bulk generation: `prefix` + pattern + `postfix`, where a
//! pattern is literal code characters and `{RAND:n}` placeholders, each filled
//! with `n` symbols of a charset (`SUMMER-{RAND:8}`).
//!
//! The `i`-th code of a generation is a pure function of the pattern, a seed
//! and `i`: the index goes through a keyed permutation of the pattern's whole
//! space (a Feistel network, cycle-walked into the space), then its digits in
//! the charset's base fill the placeholders. So the codes of one generation are
//! distinct by construction, and a job that stopped at row `k` makes exactly
//! the same codes from `k` on when it resumes — nothing is remembered but `k`.
//! Collisions with codes the tenant already has are the caller's to skip.

use crate::code::{self, CodeError};
use crate::limits::MAX_CODE_LEN_CHARS;

/// Fewest symbols one placeholder may draw (seed 002: random part 4–32).
pub const MIN_RANDOM_CHARS: usize = 1;
/// Most symbols one placeholder may draw.
pub const MAX_RANDOM_CHARS: usize = 32;
/// Random part when neither a pattern nor a length is given (seed 002).
pub const DEFAULT_RANDOM_CHARS: usize = 8;
/// Most symbols a custom charset may list.
pub const MAX_CHARSET_SYMBOLS: usize = 64;
/// Rounds of the Feistel network: enough to spread neighbouring indexes over
/// the whole space; the permutation is for unpredictability, not secrecy.
const FEISTEL_ROUNDS: u64 = 6;

/// Which symbols fill the placeholders. Codes are case-insensitive, so every
/// charset is upper-case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Charset {
    /// `A–Z` and `0–9`.
    Alphanumeric,
    /// `A–Z`.
    Alphabetic,
    /// `0–9`.
    Numeric,
    /// Alphanumeric without the symbols people misread: `0 O 1 I`.
    Unambiguous,
    /// The listed symbols (letters, digits, `-`, `_`; case is ignored).
    Custom(String),
}

/// Why a pattern cannot generate the codes asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("{0}")]
    Syntax(String),
    #[error(
        "a custom charset needs 2 to {MAX_CHARSET_SYMBOLS} distinct letters, digits, '-' or '_'"
    )]
    Charset,
    #[error("codes would be {0} characters, more than {MAX_CODE_LEN_CHARS}")]
    TooLong(usize),
    #[error("the pattern has no random part")]
    NoRandomPart,
    #[error("the pattern can make {capacity} distinct codes, fewer than the {count} asked for")]
    TooFew { capacity: u128, count: u64 },
    #[error("prefix or postfix: {0}")]
    Affix(CodeError),
}

impl Charset {
    /// The charset's symbols, upper-case, distinct, in a fixed order.
    pub fn symbols(&self) -> Result<Vec<u8>, PatternError> {
        const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const DIGITS: &[u8] = b"0123456789";
        let symbols: Vec<u8> = match self {
            Self::Alphanumeric => [LETTERS, DIGITS].concat(),
            Self::Alphabetic => LETTERS.to_vec(),
            Self::Numeric => DIGITS.to_vec(),
            Self::Unambiguous => [LETTERS, DIGITS]
                .concat()
                .into_iter()
                .filter(|b| !b"0O1I".contains(b))
                .collect(),
            Self::Custom(listed) => {
                let mut symbols: Vec<u8> = Vec::new();
                for b in listed.bytes().map(|b| b.to_ascii_uppercase()) {
                    let allowed = b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
                    if !allowed || listed.len() > 4 * MAX_CHARSET_SYMBOLS {
                        return Err(PatternError::Charset);
                    }
                    if !symbols.contains(&b) {
                        symbols.push(b);
                    }
                }
                symbols
            }
        };
        if !(2..=MAX_CHARSET_SYMBOLS).contains(&symbols.len()) {
            return Err(PatternError::Charset);
        }
        Ok(symbols)
    }
}

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Random(usize),
}

/// A parsed pattern with its charset: makes the `i`-th code of a seed.
#[derive(Debug, Clone)]
pub struct CodePattern {
    parts: Vec<Part>,
    symbols: Vec<u8>,
    random_chars: usize,
    /// Distinct codes the pattern can make, when that fits in a `u128`.
    capacity: Option<u128>,
}

impl CodePattern {
    /// `prefix` + (`pattern`, or `{RAND:length}`) + `postfix`, filled from
    /// `charset`. Refused when the codes would not be valid codes.
    pub fn new(
        pattern: Option<&str>,
        length: Option<usize>,
        charset: &Charset,
        prefix: &str,
        postfix: &str,
    ) -> Result<Self, PatternError> {
        let symbols = charset.symbols()?;
        let mut parts = Vec::new();
        for affix in [prefix, postfix].into_iter().filter(|a| !a.is_empty()) {
            code::normalize(affix).map_err(PatternError::Affix)?;
        }
        parts.push(Part::Literal(prefix.to_ascii_uppercase()));
        match pattern {
            Some(pattern) => parts.extend(parse(pattern)?),
            None => parts.push(Part::Random(random_len(
                length.unwrap_or(DEFAULT_RANDOM_CHARS),
            )?)),
        }
        parts.push(Part::Literal(postfix.to_ascii_uppercase()));
        parts.retain(|p| *p != Part::Literal(String::new()));
        let len: usize = parts.iter().map(Part::len).sum();
        if len > MAX_CODE_LEN_CHARS {
            return Err(PatternError::TooLong(len));
        }
        let random_chars: usize = parts
            .iter()
            .map(|p| if let Part::Random(n) = p { *n } else { 0 })
            .sum();
        if random_chars == 0 {
            return Err(PatternError::NoRandomPart);
        }
        let exponent = u32::try_from(random_chars).map_err(|_| PatternError::TooLong(len))?;
        let capacity = (symbols.len() as u128).checked_pow(exponent);
        Ok(Self {
            parts,
            symbols,
            random_chars,
            capacity,
        })
    }

    /// Distinct codes the pattern can make (`None`: more than `u128::MAX`).
    pub fn capacity(&self) -> Option<u128> {
        self.capacity
    }

    /// Refuses a `count` the pattern cannot make distinct.
    pub fn check_count(&self, count: u64) -> Result<(), PatternError> {
        match self.capacity {
            Some(capacity) if capacity < u128::from(count) => {
                Err(PatternError::TooFew { capacity, count })
            }
            _ => Ok(()),
        }
    }

    /// The `index`-th code of the generation keyed by `seed`: distinct from
    /// every other index's (below the capacity), and the same on every call.
    pub fn code(&self, seed: u64, index: u64) -> String {
        debug_assert!(self.capacity.is_none_or(|c| u128::from(index) < c));
        let mut value = self.permute(seed, index);
        let base = self.symbols.len() as u128;
        let mut out = String::with_capacity(MAX_CODE_LEN_CHARS);
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Random(n) => {
                    for _ in 0..*n {
                        out.push(char::from(self.symbols[(value % base) as usize]));
                        value /= base;
                    }
                }
            }
        }
        out
    }

    /// A bijection of `[0, capacity)` (of `[0, 2^64)` when the space is that
    /// large or larger: every 64-bit value then maps to a distinct code).
    fn permute(&self, seed: u64, index: u64) -> u128 {
        let space = self.capacity.unwrap_or(u128::MAX);
        if space > u128::from(u64::MAX) {
            return u128::from(feistel(seed, index, 32));
        }
        // The smallest even bit width whose domain holds the space; cycle
        // walking stays in the space and takes under four steps on average.
        let bits = (128 - (space - 1).leading_zeros()).max(2).div_ceil(2) * 2;
        let mut value = index;
        loop {
            value = feistel(seed, value, bits / 2);
            if u128::from(value) < space {
                return u128::from(value);
            }
        }
    }

    /// Symbols drawn per code.
    pub fn random_chars(&self) -> usize {
        self.random_chars
    }
}

impl Part {
    fn len(&self) -> usize {
        match self {
            Part::Literal(text) => text.len(),
            Part::Random(n) => *n,
        }
    }
}

fn random_len(n: usize) -> Result<usize, PatternError> {
    if (MIN_RANDOM_CHARS..=MAX_RANDOM_CHARS).contains(&n) {
        return Ok(n);
    }
    Err(PatternError::Syntax(format!(
        "a random part is {MIN_RANDOM_CHARS} to {MAX_RANDOM_CHARS} characters, not {n}"
    )))
}

/// Literal code characters and `{RAND:n}` placeholders.
fn parse(pattern: &str) -> Result<Vec<Part>, PatternError> {
    if pattern.len() > MAX_CODE_LEN_CHARS * 2 {
        return Err(PatternError::TooLong(pattern.len()));
    }
    let mut parts = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            parts.push(literal(rest)?);
            break;
        };
        if open > 0 {
            parts.push(literal(&rest[..open])?);
        }
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| PatternError::Syntax(String::from("a '{' is never closed")))?;
        let inner = &rest[open + 1..open + close];
        let (name, n) = inner.split_once(':').unwrap_or((inner, ""));
        if !name.eq_ignore_ascii_case("RAND") {
            return Err(PatternError::Syntax(format!(
                "unknown placeholder {{{inner}}}: use {{RAND:n}}"
            )));
        }
        let n = n.parse::<usize>().map_err(|_| {
            PatternError::Syntax(format!("{{{inner}}}: the length must be a number"))
        })?;
        parts.push(Part::Random(random_len(n)?));
        rest = &rest[open + close + 1..];
    }
    Ok(parts)
}

fn literal(text: &str) -> Result<Part, PatternError> {
    match code::normalize(text) {
        Ok(upper) => Ok(Part::Literal(upper)),
        Err(_) => Err(PatternError::Syntax(format!(
            "'{text}': outside placeholders a pattern holds only letters, digits, '-' and '_'"
        ))),
    }
}

/// A balanced Feistel network on `2 × half_bits` bits, keyed by `seed`: a
/// bijection of `[0, 2^(2 × half_bits))`.
fn feistel(seed: u64, value: u64, half_bits: u32) -> u64 {
    debug_assert!((1..=32).contains(&half_bits));
    let mask = if half_bits == 32 {
        u64::from(u32::MAX)
    } else {
        (1u64 << half_bits) - 1
    };
    let (mut left, mut right) = ((value >> half_bits) & mask, value & mask);
    for round in 0..FEISTEL_ROUNDS {
        let mixed = mix(seed ^ round.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ right) & mask;
        (left, right) = (right, left ^ mixed);
    }
    (left << half_bits) | right
}

/// SplitMix64's finalizer: every input bit moves every output bit.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn pattern(p: &str, charset: Charset) -> CodePattern {
        CodePattern::new(Some(p), None, &charset, "", "").unwrap()
    }

    #[test]
    fn a_small_space_is_filled_exactly_once() {
        // 10^3 codes: every index makes a distinct code, so all of them appear.
        let p = pattern("N-{RAND:3}", Charset::Numeric);
        assert_eq!(p.capacity(), Some(1_000));
        let codes: HashSet<String> = (0..1_000).map(|i| p.code(7, i)).collect();
        assert_eq!(codes.len(), 1_000);
        assert!(codes.iter().all(|c| c.len() == 5 && c.starts_with("N-")));
    }

    #[test]
    fn a_hundred_thousand_codes_are_distinct_valid_codes() {
        let p =
            CodePattern::new(Some("SUMMER-{RAND:8}"), None, &Charset::Unambiguous, "", "").unwrap();
        let codes: HashSet<String> = (0..100_000).map(|i| p.code(42, i)).collect();
        assert_eq!(codes.len(), 100_000);
        for c in &codes {
            assert_eq!(code::normalize(c).as_deref(), Ok(c.as_str()));
            assert!(!c[7..].bytes().any(|b| b"0O1I".contains(&b)), "{c}");
        }
    }

    #[test]
    fn the_same_seed_and_index_make_the_same_code() {
        let p = pattern("{RAND:6}-{rand:4}", Charset::Alphanumeric);
        let first: Vec<String> = (0..50).map(|i| p.code(9, i)).collect();
        let again: Vec<String> = (0..50).map(|i| p.code(9, i)).collect();
        assert_eq!(first, again);
        let other: Vec<String> = (0..50).map(|i| p.code(10, i)).collect();
        assert_ne!(first, other);
    }

    #[test]
    fn huge_spaces_still_make_distinct_codes() {
        let p = pattern("{RAND:32}{RAND:30}", Charset::Alphanumeric);
        assert_eq!(p.capacity(), None);
        let codes: HashSet<String> = (0..10_000).map(|i| p.code(1, i)).collect();
        assert_eq!(codes.len(), 10_000);
    }

    #[test]
    fn a_count_the_pattern_cannot_hold_is_refused() {
        let p = pattern("X{RAND:2}", Charset::Numeric);
        assert_eq!(
            p.check_count(101),
            Err(PatternError::TooFew {
                capacity: 100,
                count: 101
            })
        );
        assert!(p.check_count(100).is_ok());
    }

    #[test]
    fn prefix_postfix_and_default_length() {
        let p = CodePattern::new(None, None, &Charset::Alphabetic, "wel-", "-x").unwrap();
        let c = p.code(3, 0);
        assert!(
            c.starts_with("WEL-") && c.ends_with("-X") && c.len() == 14,
            "{c}"
        );
        assert_eq!(p.random_chars(), DEFAULT_RANDOM_CHARS);
    }

    #[test]
    fn bad_patterns_are_refused_with_a_reason() {
        let bad = |p: &str| CodePattern::new(Some(p), None, &Charset::Numeric, "", "");
        assert!(matches!(bad("A-{RAND:8"), Err(PatternError::Syntax(_))));
        assert!(matches!(bad("{DATE:4}"), Err(PatternError::Syntax(_))));
        assert!(matches!(bad("{RAND:x}"), Err(PatternError::Syntax(_))));
        assert!(matches!(bad("{RAND:33}"), Err(PatternError::Syntax(_))));
        assert!(matches!(bad("A B{RAND:4}"), Err(PatternError::Syntax(_))));
        assert!(matches!(bad("ABC"), Err(PatternError::NoRandomPart)));
        assert!(matches!(
            bad("{RAND:32}{RAND:32}{RAND:1}"),
            Err(PatternError::TooLong(65))
        ));
        let charset = |c: &str| Charset::Custom(c.into()).symbols();
        assert_eq!(charset("aA"), Err(PatternError::Charset));
        assert_eq!(charset("A B"), Err(PatternError::Charset));
        assert_eq!(charset("abcA").unwrap(), b"ABC".to_vec());
    }
}
