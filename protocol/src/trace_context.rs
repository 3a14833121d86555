//! W3C trace context: the `traceparent` a request arrives with, carried to the
//! coupon actor that decides it, across peer sessions, so one redemption is
//! one trace across nodes.
//!
//! A [`TraceContext`] is a small `Copy` value (no allocation to carry it).
//! Parsing is strict — lowercase hex, exact field widths, no all-zero ids,
//! version `ff` refused, a bounded length — and a context that fails it is
//! ignored by every receiver, never an error: a bad header or a peer's bad
//! field only means the work starts a trace of its own.
//!
//! `tracestate` is the edge's business alone (it is handed to the request's
//! span there, bounded by [`MAX_TRACESTATE_LEN_BYTES`]); it does not travel
//! between nodes.

use std::fmt;

use crate::limits::{MAX_TRACEPARENT_LEN_BYTES, MAX_TRACESTATE_LEN_BYTES};
use crate::wire::TraceParentWire;

/// The HTTP header of the parent context.
pub const TRACEPARENT_HEADER: &str = "traceparent";
/// The HTTP header of vendors' trace state.
pub const TRACESTATE_HEADER: &str = "tracestate";
/// The length of a version-00 `traceparent`.
const TRACEPARENT_V00_LEN: usize = 55;
/// The `sampled` bit of the trace flags.
const SAMPLED: u8 = 0x01;

/// The parent of the work a request causes: which trace, which span, and
/// whether the trace is sampled.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TraceContext {
    trace_id: [u8; 16],
    span_id: [u8; 8],
    flags: u8,
}

impl TraceContext {
    /// A context of these ids; `None` when either is all zeros (invalid in
    /// W3C trace context).
    pub fn new(trace_id: [u8; 16], span_id: [u8; 8], flags: u8) -> Option<Self> {
        let valid = trace_id != [0; 16] && span_id != [0; 8];
        valid.then_some(Self {
            trace_id,
            span_id,
            flags,
        })
    }

    /// Parses a `traceparent` header value (surrounding spaces allowed);
    /// `None` for anything that is not one.
    pub fn parse(header: &str) -> Option<Self> {
        let text = header.trim().as_bytes();
        if text.len() < TRACEPARENT_V00_LEN || text.len() > MAX_TRACEPARENT_LEN_BYTES {
            return None;
        }
        let [version] = hex_bytes::<1>(&text[0..2])?;
        // Version 00 has exactly four fields; a later one may add fields
        // after a dash, which this reader skips. Version ff is invalid.
        let exact = text.len() == TRACEPARENT_V00_LEN;
        if version == 0xff || (version == 0 && !exact) || (!exact && text[55] != b'-') {
            return None;
        }
        if text[2] != b'-' || text[35] != b'-' || text[52] != b'-' {
            return None;
        }
        let trace_id = hex_bytes::<16>(&text[3..35])?;
        let span_id = hex_bytes::<8>(&text[36..52])?;
        let [flags] = hex_bytes::<1>(&text[53..55])?;
        Self::new(trace_id, span_id, flags)
    }

    pub fn trace_id(&self) -> [u8; 16] {
        self.trace_id
    }

    pub fn span_id(&self) -> [u8; 8] {
        self.span_id
    }

    pub fn flags(&self) -> u8 {
        self.flags
    }

    /// Whether the caller records this trace.
    pub fn sampled(&self) -> bool {
        self.flags & SAMPLED != 0
    }

    /// As the optional field of a peer frame.
    pub fn to_wire(&self) -> TraceParentWire {
        let (hi, lo) = self.trace_id.split_at(8);
        TraceParentWire {
            trace_id_high: u64_of(hi),
            trace_id_low: u64_of(lo),
            span_id: u64::from_be_bytes(self.span_id),
            flags: u32::from(self.flags),
        }
    }

    /// A peer frame's field; `None` (ignored) when it is not a valid context.
    pub fn from_wire(wire: &TraceParentWire) -> Option<Self> {
        let flags = u8::try_from(wire.flags).ok()?;
        let mut trace_id = [0; 16];
        trace_id[..8].copy_from_slice(&wire.trace_id_high.to_be_bytes());
        trace_id[8..].copy_from_slice(&wire.trace_id_low.to_be_bytes());
        Self::new(trace_id, wire.span_id.to_be_bytes(), flags)
    }
}

/// The `traceparent` header value (version 00).
impl fmt::Display for TraceContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("00-")?;
        write_hex(f, &self.trace_id)?;
        f.write_str("-")?;
        write_hex(f, &self.span_id)?;
        write!(f, "-{:02x}", self.flags)
    }
}

impl fmt::Debug for TraceContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TraceContext({self})")
    }
}

fn write_hex(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
}

/// A big-endian `u64` of exactly eight bytes (zero otherwise, never reached).
fn u64_of(bytes: &[u8]) -> u64 {
    <[u8; 8]>::try_from(bytes).map_or(0, u64::from_be_bytes)
}

/// `2 * N` lowercase hex digits as `N` bytes; `None` for any other input.
fn hex_bytes<const N: usize>(text: &[u8]) -> Option<[u8; N]> {
    if text.len() != 2 * N {
        return None;
    }
    let mut out = [0; N];
    for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

/// Whether `value` may be handed on as a `tracestate`: bounded, visible ASCII
/// and spaces only (the members' own syntax is the tracing library's to check).
pub fn is_tracestate(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_TRACESTATE_LEN_BYTES
        && value.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    #[test]
    fn a_traceparent_round_trips() {
        let parsed = TraceContext::parse(GOOD).expect("a valid traceparent");
        assert_eq!(parsed.to_string(), GOOD);
        assert!(parsed.sampled());
        assert_eq!(
            parsed.span_id(),
            [0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7]
        );
        assert_eq!(TraceContext::from_wire(&parsed.to_wire()), Some(parsed));
        let unsampled = TraceContext::parse(&GOOD.replace("-01", "-00")).expect("valid");
        assert!(!unsampled.sampled());
        assert_eq!(TraceContext::parse(&format!("  {GOOD} ")), Some(parsed));
    }

    #[test]
    fn a_later_version_may_append_fields() {
        let later = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever";
        let parsed = TraceContext::parse(later).expect("future versions parse");
        assert_eq!(parsed.to_string(), GOOD);
    }

    #[test]
    fn bad_traceparents_are_refused() {
        let long = format!(
            "cc-{}-00f067aa0ba902b7-01-{}",
            "a".repeat(32),
            "x".repeat(300)
        );
        let bad = [
            "",
            "00",
            // Uppercase hex.
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            // All-zero trace id, then span id.
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            // Version ff, and version 00 with a trailing field.
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            // A later version whose extra part does not start with a dash.
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
            // Short ids, wrong separators, not hex.
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
            "00-4bf92f3577b34da6a3ce929d0e0e47zz-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-+0f067aa0ba902b7-01",
            // Multi-byte characters where hex digits belong.
            "00-4bf92f3577b34da6a3ce929d0e0e47é-00f067aa0ba902b7-01",
            long.as_str(),
        ];
        for header in bad {
            assert_eq!(TraceContext::parse(header), None, "{header:?}");
        }
    }

    #[test]
    fn a_bad_wire_context_is_ignored() {
        let good = TraceContext::parse(GOOD).expect("valid");
        let mut wire = good.to_wire();
        wire.flags = 256;
        assert_eq!(TraceContext::from_wire(&wire), None);
        let zero = TraceParentWire::default();
        assert_eq!(TraceContext::from_wire(&zero), None);
        let mut no_span = good.to_wire();
        no_span.span_id = 0;
        assert_eq!(TraceContext::from_wire(&no_span), None);
    }

    #[test]
    fn tracestate_is_bounded() {
        assert!(is_tracestate("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"));
        assert!(!is_tracestate(""));
        assert!(!is_tracestate("a=\u{7}"));
        assert!(!is_tracestate(&"a".repeat(MAX_TRACESTATE_LEN_BYTES + 1)));
    }
}
