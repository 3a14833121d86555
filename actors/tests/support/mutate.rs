//! Inputs for the fuzz suites (`tests/fuzz_*.rs` here and in `stampede-api`):
//! arbitrary bytes, and mutations of valid examples — bytes flipped, inserted,
//! deleted, truncated or spliced from another example, and JSON trees with a
//! node replaced, removed, added, repeated past a bound, nested, grafted from
//! another example, or every number set to an extreme.
//!
//! Arbitrary bytes almost never get past the first parse; a mutated valid
//! example usually does, so the checks behind the parser get fuzzed too.
//!
//! Stable Rust has no `cargo fuzz`, so the suites are proptest properties over
//! these strategies, their cases set by [`fuzz_cases`] (a cheap property runs
//! a multiple of it, a costly one a fraction): a bounded run in `cargo test`,
//! a longer one with `FUZZ_CASES` set. The API's suite includes this file by
//! path: it needs only proptest and serde_json.

#![allow(dead_code)]

use std::panic;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value};

/// Cases when `FUZZ_CASES` is not set: enough to catch a shallow regression
/// while `cargo test` stays fast (the three suites take a few seconds).
pub const DEFAULT_FUZZ_CASES: u32 = 128;

/// The fuzzing budget: `FUZZ_CASES`, else [`DEFAULT_FUZZ_CASES`].
pub fn fuzz_cases() -> u32 {
    match std::env::var("FUZZ_CASES") {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("FUZZ_CASES must be a whole number, not {text:?}")),
        Err(_) => DEFAULT_FUZZ_CASES,
    }
}

/// A runner for `cases` cases. Failures are printed, not persisted: an input
/// that hit a bug becomes a named regression test instead. `PROPTEST_RNG_SEED`
/// still fixes the seed, to replay a run.
pub fn runner(cases: u32) -> TestRunner {
    install_panic_counter();
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    })
}

static PANICS: AtomicUsize = AtomicUsize::new(0);
static COUNTER: Once = Once::new();

/// Counts every panic in the process, on any thread: a panic inside an actor
/// or a spawned task is caught by its supervisor or runtime and would
/// otherwise only show as an error answer.
fn install_panic_counter() {
    COUNTER.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

/// Panics so far in this process (see [`install_panic_counter`]).
pub fn panics() -> usize {
    PANICS.load(Ordering::SeqCst)
}

// ---------------------------------------------------------------- bytes

/// Bytes a mutation likes to write: boundaries, JSON structure, invalid UTF-8.
const INTERESTING_BYTES: &[u8] = &[
    0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0xc0, 0xed, b'"', b'\\', b'{', b'}', b'[', b']', b',',
    b':', b'-', b'0', b'9', b'e', b'.', b' ', b'\n',
];

/// Fragments a mutation likes to insert: JSON tokens at their limits,
/// escapes, and protobuf varints at theirs.
const INTERESTING_CHUNKS: &[&[u8]] = &[
    b"null",
    b"true",
    b"-0",
    b"1e999",
    b"-1e999",
    b"1e-999",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"79228162514264337593543950336",
    b"0.0000000000000000000000000001",
    b"\"\"",
    b"\"\\u0000\"",
    b"\"\\ud800\"",
    b"\xef\xbb\xbf",
    b"{}",
    b"[]",
    b"[[[[[[[[",
    b"]]]]]]]]",
    b"{\"a\":",
    b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
    b"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80",
    b"\x0a\xff\xff\xff\x0f",
];

/// One edit of a byte string.
#[derive(Debug, Clone)]
pub enum ByteEdit {
    FlipBit(Index, u8),
    SetByte(Index, Index),
    Insert(Index, Vec<u8>),
    InsertChunk(Index, Index),
    Delete(Index, usize),
    Truncate(Index),
    /// Copies a piece of another example over this one's tail.
    Splice(Index, Index, Index, usize),
    /// Repeats a piece in place.
    Repeat(Index, usize, usize),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        3 => (any::<Index>(), 0u8..8).prop_map(|(at, bit)| ByteEdit::FlipBit(at, bit)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(at, b)| ByteEdit::SetByte(at, b)),
        1 => (any::<Index>(), vec(any::<u8>(), 1..8)).prop_map(|(at, b)| ByteEdit::Insert(at, b)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(at, c)| ByteEdit::InsertChunk(at, c)),
        2 => (any::<Index>(), 1usize..16).prop_map(|(at, n)| ByteEdit::Delete(at, n)),
        1 => any::<Index>().prop_map(ByteEdit::Truncate),
        2 => (any::<Index>(), any::<Index>(), any::<Index>(), 1usize..64)
            .prop_map(|(at, from, start, n)| ByteEdit::Splice(at, from, start, n)),
        1 => (any::<Index>(), 1usize..16, 1usize..64)
            .prop_map(|(at, n, times)| ByteEdit::Repeat(at, n, times)),
    ]
}

/// Where an edit lands in `len` bytes (any position, the end included).
fn at(index: &Index, len: usize) -> usize {
    index.index(len + 1)
}

/// Applies `edits` to `base`; `corpus` is what [`ByteEdit::Splice`] copies from.
pub fn apply_bytes(base: &[u8], edits: &[ByteEdit], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for edit in edits {
        let len = bytes.len();
        match edit {
            ByteEdit::FlipBit(i, bit) if len > 0 => bytes[i.index(len)] ^= 1 << bit,
            ByteEdit::SetByte(i, b) if len > 0 => {
                bytes[i.index(len)] = INTERESTING_BYTES[b.index(INTERESTING_BYTES.len())];
            }
            ByteEdit::Insert(i, new) => {
                let pos = at(i, len);
                bytes.splice(pos..pos, new.iter().copied());
            }
            ByteEdit::InsertChunk(i, c) => {
                let pos = at(i, len);
                let chunk = INTERESTING_CHUNKS[c.index(INTERESTING_CHUNKS.len())];
                bytes.splice(pos..pos, chunk.iter().copied());
            }
            ByteEdit::Delete(i, n) if len > 0 => {
                let pos = i.index(len);
                bytes.drain(pos..(pos + n).min(len));
            }
            ByteEdit::Truncate(i) => bytes.truncate(at(i, len)),
            ByteEdit::Splice(i, from, start, n) if !corpus.is_empty() => {
                let other = &corpus[from.index(corpus.len())];
                let begin = at(start, other.len());
                let piece = &other[begin..(begin + n).min(other.len())];
                bytes.truncate(at(i, len));
                bytes.extend_from_slice(piece);
            }
            ByteEdit::Repeat(i, n, times) if len > 0 => {
                let pos = i.index(len);
                let piece = bytes[pos..(pos + n).min(len)].to_vec();
                let repeated = piece.repeat(*times);
                bytes.splice(pos..pos, repeated);
            }
            _ => {}
        }
    }
    bytes
}

/// Arbitrary bytes, sometimes long.
pub fn arbitrary_bytes() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        4 => vec(any::<u8>(), 0..64),
        1 => vec(any::<u8>(), 0..2048),
    ]
    .boxed()
}

/// One to six byte edits, for [`apply_bytes`].
pub fn byte_edits() -> impl Strategy<Value = Vec<ByteEdit>> {
    vec(byte_edit(), 1..=6)
}

/// An example of `corpus` with one to six byte edits.
pub fn mutated_bytes(corpus: Arc<Vec<Vec<u8>>>) -> BoxedStrategy<Vec<u8>> {
    assert!(!corpus.is_empty(), "a mutation needs an example");
    (any::<Index>(), byte_edits())
        .prop_map(move |(pick, edits)| {
            let base = &corpus[pick.index(corpus.len())];
            apply_bytes(base, &edits, &corpus)
        })
        .boxed()
}

// ---------------------------------------------------------------- JSON

/// Words the JSON strategies write: the keys and string values of the valid
/// examples, plus any the caller adds (enum names, ids of planted records,
/// the field names of a schema).
#[derive(Debug, Clone)]
pub struct Dictionary {
    pub keys: Vec<String>,
    pub strings: Vec<String>,
}

impl Dictionary {
    /// The words of `corpus`, and `extra` as string values.
    pub fn of(corpus: &[Value], extra: &[&str]) -> Self {
        let mut keys = Vec::new();
        let mut strings: Vec<String> = extra.iter().map(|s| (*s).to_owned()).collect();
        for value in corpus {
            collect_words(value, &mut keys, &mut strings);
        }
        let mut dict = Self { keys, strings };
        dict.tidy();
        dict
    }

    /// Adds object keys and string values.
    pub fn extend(&mut self, keys: &[String], strings: &[String]) {
        self.keys.extend_from_slice(keys);
        self.strings.extend_from_slice(strings);
        self.tidy();
    }

    fn tidy(&mut self) {
        for words in [&mut self.keys, &mut self.strings] {
            words.sort();
            words.dedup();
            if words.is_empty() {
                words.push(String::from("a"));
            }
        }
    }
}

fn collect_words(value: &Value, keys: &mut Vec<String>, strings: &mut Vec<String>) {
    match value {
        Value::String(s) => strings.push(s.clone()),
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_words(item, keys, strings)),
        Value::Object(map) => {
            for (key, item) in map {
                keys.push(key.clone());
                collect_words(item, keys, strings);
            }
        }
        _ => {}
    }
}

/// Scalars at the edges of what decoders accept.
fn edge_scalars() -> Vec<Value> {
    let big = serde_json::Number::from_f64(1e308).map(Value::Number);
    let tiny = serde_json::Number::from_f64(1e-30).map(Value::Number);
    let mut values = vec![
        Value::Null,
        Value::Bool(true),
        Value::Bool(false),
        Value::from(0),
        Value::from(-1),
        Value::from(1),
        Value::from(2),
        Value::from(255),
        Value::from(256),
        Value::from(i32::MAX),
        Value::from(i64::from(i32::MAX) + 1),
        Value::from(u32::MAX),
        Value::from(i64::MAX),
        Value::from(i64::MIN),
        Value::from(u64::MAX),
        Value::from(0.5),
        Value::from(-0.01),
        Value::from(99.999),
        Value::from(1e12),
        Value::from(1e15 + 0.5),
        Value::from(""),
        Value::from(" "),
        Value::from("0"),
        Value::from("-1"),
        Value::from("NaN"),
        Value::from("1e999"),
        Value::from("\u{0}"),
        Value::from("é\u{1F600}"),
        Value::from("a/b"),
        Value::from("../.."),
        Value::from("2030-01-01T00:00:00Z"),
        Value::from("1970-01-01T00:00:00Z"),
        Value::from("9999-12-31T23:59:59Z"),
        Value::from("+262142-12-31T23:59:59Z"),
        Value::from("-262143-01-01T00:00:00Z"),
        Value::from("00:00"),
        Value::from("23:59:59"),
        Value::from("24:00"),
        Value::from("Europe/London"),
        Value::from("Mars/Base"),
        Value::from("0 0 * * * *"),
        Value::from("1d"),
        Value::from("99999999999d"),
    ];
    values.extend(big);
    values.extend(tiny);
    values
}

/// A leaf: an edge scalar, a dictionary string, a long string, or anything.
pub fn leaf(dict: &Dictionary) -> BoxedStrategy<Value> {
    let edges = edge_scalars();
    let strings = dict.strings.clone();
    prop_oneof![
        4 => proptest::sample::select(edges),
        4 => proptest::sample::select(strings).prop_map(Value::String),
        1 => (0usize..5000, any::<char>()).prop_map(|(n, c)| Value::String(c.to_string().repeat(n))),
        1 => any::<String>().prop_map(Value::String),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(Value::from),
        1 => Just(Value::Array(Vec::new())),
        1 => Just(Value::Object(Map::new())),
    ]
    .boxed()
}

/// Arbitrary JSON whose keys are mostly the dictionary's, so objects often
/// pass `deny_unknown_fields` and reach the checks behind it.
pub fn arbitrary_json(dict: &Dictionary) -> BoxedStrategy<Value> {
    let keys = dict.keys.clone();
    let key = prop_oneof![
        8 => proptest::sample::select(keys),
        1 => "[a-z_]{0,12}",
    ];
    leaf(dict)
        .prop_recursive(5, 48, 6, move |inner| {
            prop_oneof![
                vec(inner.clone(), 0..6).prop_map(Value::Array),
                vec((key.clone(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
        .boxed()
}

/// One edit of a JSON tree; `Index`es pick the node it applies to.
#[derive(Debug, Clone)]
pub enum JsonEdit {
    Replace(Index, Value),
    Remove(Index),
    Add(Index, Index, Value),
    /// Repeats an array's element (or a string's text) this many times: past
    /// every list bound the decoders know.
    Repeat(Index, usize),
    /// Wraps the node `depth` times in `[…]` or `{"key": …}`.
    Nest(Index, usize, Option<Index>),
    /// Replaces the node with one of another example.
    Graft(Index, Index, Index),
    /// Swaps the node with one of the same tree.
    Swap(Index, Index),
    /// Sets every whole number of the tree to one extreme and every other
    /// number to another: counts and amounts at their limits at once, where
    /// arithmetic overflows, while each still decodes as its type.
    AllNumbers(Value, Value),
}

/// Whole numbers at the limits of the integer types decoders map to.
fn extreme_integers() -> Vec<Value> {
    [u64::MAX, u64::from(u32::MAX), 1_000_000_000_000, 2, 0]
        .into_iter()
        .map(Value::from)
        .chain([Value::from(i64::MIN)])
        .collect()
}

/// Fractional numbers at the limits of `Decimal` and beyond.
fn extreme_fractions() -> Vec<Value> {
    [7.9e28, -7.9e28, 1e20, 1e12, 1e-28, -0.5]
        .into_iter()
        .filter_map(serde_json::Number::from_f64)
        .map(Value::Number)
        .collect()
}

fn json_edit(dict: &Dictionary) -> impl Strategy<Value = JsonEdit> {
    let value = prop_oneof![4 => leaf(dict), 1 => arbitrary_json(dict)];
    prop_oneof![
        5 => (any::<Index>(), value.clone()).prop_map(|(at, v)| JsonEdit::Replace(at, v)),
        3 => any::<Index>().prop_map(JsonEdit::Remove),
        3 => (any::<Index>(), any::<Index>(), value).prop_map(|(at, k, v)| JsonEdit::Add(at, k, v)),
        1 => (any::<Index>(), proptest::sample::select(vec![2usize, 9, 17, 21, 33, 65, 257, 501, 1001]))
            .prop_map(|(at, n)| JsonEdit::Repeat(at, n)),
        1 => (any::<Index>(), 1usize..140, proptest::option::of(any::<Index>()))
            .prop_map(|(at, depth, key)| JsonEdit::Nest(at, depth, key)),
        2 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(at, from, node)| JsonEdit::Graft(at, from, node)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| JsonEdit::Swap(a, b)),
        3 => (proptest::sample::select(extreme_integers()), proptest::sample::select(extreme_fractions()))
            .prop_map(|(whole, fraction)| JsonEdit::AllNumbers(whole, fraction)),
    ]
}

/// A step from a node to one of its children.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Pos(usize),
}

/// The path of every node of `value`, root first.
fn paths(value: &Value) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let mut stack = vec![(value, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        match node {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let mut child = path.clone();
                    child.push(Step::Pos(i));
                    stack.push((item, child));
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    let mut child = path.clone();
                    child.push(Step::Key(key.clone()));
                    stack.push((item, child));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

fn node_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |node, step| match step {
        Step::Key(key) => &mut node[key.as_str()],
        Step::Pos(i) => &mut node[*i],
    })
}

fn node<'a>(value: &'a Value, path: &[Step]) -> &'a Value {
    path.iter().fold(value, |node, step| match step {
        Step::Key(key) => &node[key.as_str()],
        Step::Pos(i) => &node[*i],
    })
}

fn pick(value: &Value, index: &Index) -> Vec<Step> {
    let all = paths(value);
    all[index.index(all.len())].clone()
}

/// Serialized JSON larger than this is not grown further: past the edge's 1 MiB
/// body limit nothing but the limit is tested, and building it is slow.
const MAX_MUTATED_JSON_BYTES: usize = 1 << 20;

/// Applies `edits` to `base`; `corpus` is what [`JsonEdit::Graft`] takes from.
pub fn apply_json(base: &Value, edits: &[JsonEdit], corpus: &[Value], dict: &Dictionary) -> Value {
    let mut value = base.clone();
    for edit in edits {
        let before = value.clone();
        apply_one(&mut value, edit, corpus, dict);
        if serde_json::to_vec(&value).map_or(true, |v| v.len() > MAX_MUTATED_JSON_BYTES) {
            value = before;
        }
    }
    value
}

fn apply_one(value: &mut Value, edit: &JsonEdit, corpus: &[Value], dict: &Dictionary) {
    match edit {
        JsonEdit::Replace(at, with) => *node_mut(value, &pick(value, at)) = with.clone(),
        JsonEdit::Remove(at) => {
            let mut path = pick(value, at);
            let Some(last) = path.pop() else {
                *value = Value::Null;
                return;
            };
            match (node_mut(value, &path), last) {
                (Value::Object(map), Step::Key(key)) => {
                    map.remove(&key);
                }
                (Value::Array(items), Step::Pos(i)) => {
                    items.remove(i);
                }
                _ => {}
            }
        }
        JsonEdit::Add(at, key, with) => match node_mut(value, &pick(value, at)) {
            Value::Object(map) => {
                map.insert(dict.keys[key.index(dict.keys.len())].clone(), with.clone());
            }
            Value::Array(items) => {
                let pos = key.index(items.len() + 1);
                items.insert(pos, with.clone());
            }
            other => *other = with.clone(),
        },
        JsonEdit::Repeat(at, times) => match node_mut(value, &pick(value, at)) {
            Value::Array(items) if !items.is_empty() => {
                let first = items[0].clone();
                items.extend(std::iter::repeat_n(first, *times));
            }
            Value::String(s) => *s = s.repeat(*times),
            other => *other = Value::Array(vec![other.clone(); *times]),
        },
        JsonEdit::Nest(at, depth, key) => {
            let target = node_mut(value, &pick(value, at));
            let mut nested = target.take();
            for _ in 0..*depth {
                nested = match key {
                    Some(k) => {
                        let mut map = Map::new();
                        map.insert(dict.keys[k.index(dict.keys.len())].clone(), nested);
                        Value::Object(map)
                    }
                    None => Value::Array(vec![nested]),
                };
            }
            *target = nested;
        }
        JsonEdit::Graft(at, from, inner) if !corpus.is_empty() => {
            let donor = &corpus[from.index(corpus.len())];
            let piece = node(donor, &pick(donor, inner)).clone();
            *node_mut(value, &pick(value, at)) = piece;
        }
        JsonEdit::Swap(a, b) => {
            let (pa, pb) = (pick(value, a), pick(value, b));
            // A node cannot swap with its own ancestor or descendant.
            if pa.starts_with(&pb) || pb.starts_with(&pa) {
                return;
            }
            let na = node(value, &pa).clone();
            let nb = std::mem::replace(node_mut(value, &pb), na);
            *node_mut(value, &pa) = nb;
        }
        JsonEdit::AllNumbers(whole, fraction) => set_numbers(value, whole, fraction),
        _ => {}
    }
}

/// One to four tree edits, for [`apply_json`]; mostly one, since every
/// further edit makes it likelier that the decoder refuses the document
/// before what is behind it runs.
pub fn json_edits(dict: &Dictionary) -> impl Strategy<Value = Vec<JsonEdit>> {
    prop_oneof![
        3 => vec(json_edit(dict), 1..=1),
        1 => vec(json_edit(dict), 2..=4),
    ]
}

fn set_numbers(value: &mut Value, whole: &Value, fraction: &Value) {
    match value {
        Value::Number(n) if n.is_f64() => *value = fraction.clone(),
        Value::Number(_) => *value = whole.clone(),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| set_numbers(v, whole, fraction)),
        Value::Object(map) => map
            .values_mut()
            .for_each(|v| set_numbers(v, whole, fraction)),
        _ => {}
    }
}

/// An example of `corpus` with one to four tree edits.
pub fn mutated_json(corpus: Arc<Vec<Value>>, dict: &Dictionary) -> BoxedStrategy<Value> {
    assert!(!corpus.is_empty(), "a mutation needs an example");
    let dict = Arc::new(dict.clone());
    (any::<Index>(), json_edits(&dict))
        .prop_map(move |(pick, edits)| {
            let base = &corpus[pick.index(corpus.len())];
            apply_json(base, &edits, &corpus, &dict)
        })
        .boxed()
}

/// JSON-looking token soup: keys, values and punctuation in any order, which
/// reaches the parser's error paths that arbitrary bytes rarely do.
pub fn token_soup(dict: &Dictionary) -> BoxedStrategy<Vec<u8>> {
    let mut tokens: Vec<Vec<u8>> = [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "0", "-1", "1.5e3", " ",
    ]
    .iter()
    .map(|t| t.as_bytes().to_vec())
    .collect();
    tokens.extend(INTERESTING_CHUNKS.iter().map(|c| c.to_vec()));
    tokens.extend(dict.keys.iter().map(|k| format!("\"{k}\"").into_bytes()));
    tokens.extend(dict.strings.iter().map(|s| format!("\"{s}\"").into_bytes()));
    vec(proptest::sample::select(tokens), 0..40)
        .prop_map(|parts| parts.concat())
        .boxed()
}

/// Every kind of input for a decoder of JSON documents, as bytes: arbitrary
/// bytes, token soup, arbitrary JSON, valid examples mutated as trees and as
/// bytes, and the valid examples themselves.
pub fn json_document(corpus: Vec<Value>, dict: &Dictionary) -> BoxedStrategy<Vec<u8>> {
    let corpus = Arc::new(corpus);
    let bytes: Arc<Vec<Vec<u8>>> = Arc::new(
        corpus
            .iter()
            .map(|v| serde_json::to_vec(v).expect("a JSON value serializes"))
            .collect(),
    );
    let to_bytes = |v: Value| serde_json::to_vec(&v).expect("a JSON value serializes");
    prop_oneof![
        1 => arbitrary_bytes(),
        1 => token_soup(dict),
        2 => arbitrary_json(dict).prop_map(to_bytes),
        6 => mutated_json(corpus.clone(), dict).prop_map(to_bytes),
        3 => mutated_bytes(bytes.clone()),
        1 => proptest::sample::select((*bytes).clone()),
    ]
    .boxed()
}

/// `inner` wrapped `depth` times by `wrap`.
pub fn nested(depth: usize, inner: Value, wrap: impl Fn(Value) -> Value) -> Value {
    (0..depth).fold(inner, |v, _| wrap(v))
}
