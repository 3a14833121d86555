//! What a transaction accumulates before it commits, shared by the embedded backends
//! (`mem`, `redb`) so that both give exactly the same answers: the buffered writes
//! with their read-your-writes view, the read-conflict set, the size accounting
//! against FoundationDB's limits, and the argument checks FoundationDB makes.
//!
//! Size accounting: a transaction's size is the bytes of every mutation issued (keys
//! and values, counted when issued, even if a later write replaces it) plus the bytes
//! of its read-conflict keys and ranges. FoundationDB also counts write-conflict
//! ranges, so it reaches the limit slightly earlier; code that stays well under
//! [`MAX_TRANSACTION_BYTES`] behaves the same on both.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use crate::error::StorageError;
use crate::limits::{MAX_KEY_BYTES, MAX_TRANSACTION_BYTES, MAX_VALUE_BYTES};
use crate::store::{KeyValue, RangeOptions};

/// Length of a versionstamp: 8-byte big-endian commit version and 2-byte big-endian
/// batch order, as in FoundationDB.
pub const VERSIONSTAMP_BYTES: usize = 10;

/// A stored key and value, as a range scan yields them.
pub type Pair = (Vec<u8>, Vec<u8>);

/// Bytes an atomic add's operand occupies (a little-endian i64).
const ATOMIC_ADD_OPERAND_BYTES: usize = 8;

/// Keys from here on belong to FoundationDB's system keyspace, which a normal
/// transaction may neither read nor write; the embedded backends refuse them too so
/// that such code fails on the first test run rather than in production.
const SYSTEM_KEYSPACE_BEGIN: &[u8] = b"\xff";

/// The 10-byte versionstamp of a commit. Every transaction commits alone, so its
/// batch order is always 0 and all its versionstamped keys share one stamp (as they
/// would in FoundationDB); callers keep them distinct through the suffix.
pub fn versionstamp(commit_version: u64) -> [u8; VERSIONSTAMP_BYTES] {
    const BATCH_ORDER: u16 = 0;
    let mut stamp = [0u8; VERSIONSTAMP_BYTES];
    stamp[..8].copy_from_slice(&commit_version.to_be_bytes());
    stamp[8..].copy_from_slice(&BATCH_ORDER.to_be_bytes());
    stamp
}

/// FoundationDB's `ADD` on an 8-byte operand: the existing value is read as a
/// little-endian integer, zero-extended or truncated to 8 bytes (absent = 0), and the
/// sum wraps. Never fails, whatever bytes are stored.
pub fn apply_add(base: Option<&[u8]>, delta: i64) -> Vec<u8> {
    let mut bytes = [0u8; ATOMIC_ADD_OPERAND_BYTES];
    if let Some(base) = base {
        let n = base.len().min(ATOMIC_ADD_OPERAND_BYTES);
        bytes[..n].copy_from_slice(&base[..n]);
    }
    i64::from_le_bytes(bytes)
        .wrapping_add(delta)
        .to_le_bytes()
        .to_vec()
}

/// Checks a key that is about to be written.
pub fn check_write_key(key: &[u8]) -> Result<(), StorageError> {
    if key.len() > MAX_KEY_BYTES {
        return Err(StorageError::KeyTooLarge {
            len_bytes: key.len(),
            limit_bytes: MAX_KEY_BYTES,
        });
    }
    if key >= SYSTEM_KEYSPACE_BEGIN {
        return Err(StorageError::InvalidOperation(
            "key is in the system keyspace (starts with 0xFF)".to_string(),
        ));
    }
    Ok(())
}

/// Checks a key that is about to be read.
pub fn check_read_key(key: &[u8]) -> Result<(), StorageError> {
    if key >= SYSTEM_KEYSPACE_BEGIN {
        return Err(StorageError::InvalidOperation(
            "key is in the system keyspace (starts with 0xFF)".to_string(),
        ));
    }
    Ok(())
}

/// Checks `[begin, end)`; `Ok(false)` when the range is empty (valid, reads nothing).
pub fn check_range_bounds(begin: &[u8], end: &[u8]) -> Result<bool, StorageError> {
    if begin > end {
        return Err(StorageError::InvalidOperation(
            "range begin is after its end".to_string(),
        ));
    }
    if end > SYSTEM_KEYSPACE_BEGIN {
        return Err(StorageError::InvalidOperation(
            "range end is past 0xFF, in the system keyspace".to_string(),
        ));
    }
    if begin.len() > MAX_KEY_BYTES || end.len() > MAX_KEY_BYTES + 1 {
        return Err(StorageError::KeyTooLarge {
            len_bytes: begin.len().max(end.len()),
            limit_bytes: MAX_KEY_BYTES,
        });
    }
    Ok(begin < end)
}

/// Checks a range read's options; `Ok(false)` when the range is empty.
pub fn check_range_options(range: &RangeOptions) -> Result<bool, StorageError> {
    if range.limit == 0 {
        return Err(StorageError::InvalidOperation(
            "range limit must be at least 1".to_string(),
        ));
    }
    check_range_bounds(&range.begin, &range.end)
}

fn check_value(value: &[u8]) -> Result<(), StorageError> {
    if value.len() > MAX_VALUE_BYTES {
        return Err(StorageError::ValueTooLarge {
            len_bytes: value.len(),
            limit_bytes: MAX_VALUE_BYTES,
        });
    }
    Ok(())
}

/// The last buffered write to one key, already folded: a set followed by an add is
/// the summed set, so reads and the commit each see one operation per key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingOp {
    Set(Vec<u8>),
    Clear,
    /// Add to the value committed in the store (only ever on keys this transaction
    /// has neither set nor cleared, so the store's value is the right base).
    Add(i64),
}

/// A versionstamped write whose key is only known at commit.
#[derive(Debug, Clone)]
pub struct StampedWrite {
    pub prefix: Vec<u8>,
    pub suffix: Vec<u8>,
    pub value: Vec<u8>,
}

impl StampedWrite {
    /// The final key once the commit version is known.
    pub fn key(&self, stamp: &[u8; VERSIONSTAMP_BYTES]) -> Vec<u8> {
        let mut key =
            Vec::with_capacity(self.prefix.len() + VERSIONSTAMP_BYTES + self.suffix.len());
        key.extend_from_slice(&self.prefix);
        key.extend_from_slice(stamp);
        key.extend_from_slice(&self.suffix);
        key
    }
}

/// A set of disjoint half-open ranges, kept merged so membership is one lookup.
#[derive(Debug, Clone, Default)]
pub struct RangeSet {
    /// begin → end, disjoint and non-adjacent.
    ranges: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl RangeSet {
    pub fn insert(&mut self, begin: &[u8], end: &[u8]) {
        if begin >= end {
            return;
        }
        let mut new_begin = begin.to_vec();
        let mut new_end = end.to_vec();
        if let Some((b, e)) = self
            .ranges
            .range::<[u8], _>((Bound::Unbounded, Bound::Included(begin)))
            .next_back()
        {
            if e.as_slice() >= begin {
                new_begin = b.clone();
                if *e > new_end {
                    new_end = e.clone();
                }
            }
        }
        let absorbed: Vec<Vec<u8>> = self
            .ranges
            .range::<[u8], _>((
                Bound::Included(new_begin.as_slice()),
                Bound::Included(new_end.as_slice()),
            ))
            .map(|(b, _)| b.clone())
            .collect();
        for b in absorbed {
            if let Some(e) = self.ranges.remove(&b) {
                if e > new_end {
                    new_end = e;
                }
            }
        }
        debug_assert!(new_begin < new_end);
        self.ranges.insert(new_begin, new_end);
    }

    pub fn contains(&self, key: &[u8]) -> bool {
        self.ranges
            .range::<[u8], _>((Bound::Unbounded, Bound::Included(key)))
            .next_back()
            .is_some_and(|(_, end)| key < end.as_slice())
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        self.ranges
            .iter()
            .map(|(b, e)| (b.as_slice(), e.as_slice()))
    }

    /// Whether any range intersects `[begin, end)`.
    pub fn intersects(&self, begin: &[u8], end: &[u8]) -> bool {
        if begin >= end {
            return false;
        }
        // The last range starting before `end` is the only candidate: earlier ones end
        // before it starts.
        self.ranges
            .range::<[u8], _>((Bound::Unbounded, Bound::Excluded(end)))
            .next_back()
            .is_some_and(|(_, e)| e.as_slice() > begin)
    }
}

/// The read-conflict set: keys and ranges read with `get` / `get_range`.
#[derive(Debug, Clone, Default)]
pub struct ReadSet {
    points: BTreeSet<Vec<u8>>,
    ranges: RangeSet,
    /// Bytes counted against the transaction size limit.
    bytes: usize,
}

impl ReadSet {
    pub fn add_point(&mut self, key: &[u8]) {
        if self.ranges.contains(key) || self.points.contains(key) {
            return;
        }
        self.bytes += key.len();
        self.points.insert(key.to_vec());
    }

    pub fn add_range(&mut self, begin: &[u8], end: &[u8]) {
        if begin >= end {
            return;
        }
        self.bytes += begin.len() + end.len();
        self.ranges.insert(begin, end);
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty() && self.ranges.is_empty()
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Whether a commit that wrote `writes` invalidates these reads.
    pub fn conflicts_with(&self, writes: &WriteSet) -> bool {
        for key in &self.points {
            if writes.touches_key(key) {
                return true;
            }
        }
        self.ranges
            .iter()
            .any(|(begin, end)| writes.touches_range(begin, end))
    }
}

/// What one commit wrote, kept by the resolver to check later commits' reads.
#[derive(Debug, Clone, Default)]
pub struct WriteSet {
    /// Written keys, sorted and unique.
    points: Vec<Vec<u8>>,
    ranges: RangeSet,
    /// Heap bytes held, so the resolver can bound its memory.
    bytes: usize,
}

impl WriteSet {
    pub fn new(mut points: Vec<Vec<u8>>, ranges: RangeSet) -> Self {
        points.sort_unstable();
        points.dedup();
        let bytes = points.iter().map(Vec::len).sum::<usize>()
            + ranges.iter().map(|(b, e)| b.len() + e.len()).sum::<usize>();
        Self {
            points,
            ranges,
            bytes,
        }
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    fn touches_key(&self, key: &[u8]) -> bool {
        self.points
            .binary_search_by(|p| p.as_slice().cmp(key))
            .is_ok()
            || self.ranges.contains(key)
    }

    fn touches_range(&self, begin: &[u8], end: &[u8]) -> bool {
        let first = self.points.partition_point(|p| p.as_slice() < begin);
        self.points.get(first).is_some_and(|p| p.as_slice() < end)
            || self.ranges.intersects(begin, end)
    }
}

/// What a point read finds in the buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The buffer decides the answer.
    Value(Option<Vec<u8>>),
    /// Read the store.
    Store,
    /// Read the store and add this to it.
    AddToStore(i64),
}

/// One transaction's buffered writes and reads.
#[derive(Debug, Default)]
pub struct TxnBuffer {
    ops: BTreeMap<Vec<u8>, PendingOp>,
    cleared: RangeSet,
    stamped: Vec<StampedWrite>,
    reads: ReadSet,
    /// Bytes of every mutation issued.
    mutation_bytes: usize,
}

impl TxnBuffer {
    /// Whether the transaction wrote nothing (its commit is a no-op).
    pub fn is_read_only(&self) -> bool {
        self.ops.is_empty() && self.cleared.is_empty() && self.stamped.is_empty()
    }

    /// Current size, as counted against [`MAX_TRANSACTION_BYTES`].
    pub fn size_bytes(&self) -> usize {
        self.mutation_bytes + self.reads.bytes()
    }

    /// Refuses the commit of a transaction whose reads pushed it past the limit.
    pub fn check_size(&self) -> Result<(), StorageError> {
        let len_bytes = self.size_bytes();
        if len_bytes > MAX_TRANSACTION_BYTES {
            return Err(StorageError::TransactionTooLarge {
                len_bytes,
                limit_bytes: MAX_TRANSACTION_BYTES,
            });
        }
        Ok(())
    }

    fn reserve(&mut self, bytes: usize) -> Result<(), StorageError> {
        let len_bytes = self.size_bytes() + bytes;
        if len_bytes > MAX_TRANSACTION_BYTES {
            return Err(StorageError::TransactionTooLarge {
                len_bytes,
                limit_bytes: MAX_TRANSACTION_BYTES,
            });
        }
        self.mutation_bytes += bytes;
        Ok(())
    }

    pub fn reads(&self) -> &ReadSet {
        &self.reads
    }

    pub fn add_read_key(&mut self, key: &[u8]) {
        self.reads.add_point(key);
    }

    /// Records a range read's conflict range, narrowed to what was actually read when
    /// the limit cut it short (FoundationDB does the same).
    pub fn add_read_range(&mut self, range: &RangeOptions, result: &[KeyValue]) {
        let cut_short = result.len() >= range.limit;
        match result.last() {
            Some(last) if cut_short && !range.reverse => {
                let mut end = last.key.clone();
                end.push(0x00);
                self.reads.add_range(&range.begin, &end);
            }
            Some(last) if cut_short => self.reads.add_range(&last.key, &range.end),
            _ => self.reads.add_range(&range.begin, &range.end),
        }
    }

    pub fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), StorageError> {
        check_write_key(key)?;
        check_value(value)?;
        self.reserve(key.len() + value.len())?;
        self.ops
            .insert(key.to_vec(), PendingOp::Set(value.to_vec()));
        Ok(())
    }

    pub fn clear(&mut self, key: &[u8]) -> Result<(), StorageError> {
        check_write_key(key)?;
        self.reserve(key.len())?;
        self.ops.insert(key.to_vec(), PendingOp::Clear);
        Ok(())
    }

    pub fn clear_range(&mut self, begin: &[u8], end: &[u8]) -> Result<(), StorageError> {
        if !check_range_bounds(begin, end)? {
            return Ok(());
        }
        self.reserve(begin.len() + end.len())?;
        // Drop buffered writes inside the range: the clear supersedes them.
        let mut from_begin = self.ops.split_off(begin);
        let mut from_end = from_begin.split_off(end);
        self.ops.append(&mut from_end);
        self.cleared.insert(begin, end);
        Ok(())
    }

    pub fn atomic_add(&mut self, key: &[u8], delta: i64) -> Result<(), StorageError> {
        check_write_key(key)?;
        self.reserve(key.len() + ATOMIC_ADD_OPERAND_BYTES)?;
        let folded = match self.ops.get(key) {
            Some(PendingOp::Set(value)) => PendingOp::Set(apply_add(Some(value), delta)),
            Some(PendingOp::Clear) => PendingOp::Set(apply_add(None, delta)),
            Some(PendingOp::Add(previous)) => PendingOp::Add(previous.wrapping_add(delta)),
            None if self.cleared.contains(key) => PendingOp::Set(apply_add(None, delta)),
            None => PendingOp::Add(delta),
        };
        self.ops.insert(key.to_vec(), folded);
        Ok(())
    }

    pub fn set_versionstamped_key(
        &mut self,
        prefix: &[u8],
        suffix: &[u8],
        value: &[u8],
    ) -> Result<(), StorageError> {
        let key_len = prefix.len() + VERSIONSTAMP_BYTES + suffix.len();
        if key_len > MAX_KEY_BYTES {
            return Err(StorageError::KeyTooLarge {
                len_bytes: key_len,
                limit_bytes: MAX_KEY_BYTES,
            });
        }
        // The stamp's first byte is the top of the commit version: never 0xFF in
        // practice, so only the prefix can put the key in the system keyspace.
        if !prefix.is_empty() {
            check_write_key(prefix)?;
        }
        check_value(value)?;
        self.reserve(key_len + value.len())?;
        self.stamped.push(StampedWrite {
            prefix: prefix.to_vec(),
            suffix: suffix.to_vec(),
            value: value.to_vec(),
        });
        Ok(())
    }

    /// What a point read of `key` finds in the buffer.
    pub fn lookup(&self, key: &[u8]) -> Lookup {
        match self.ops.get(key) {
            Some(PendingOp::Set(value)) => Lookup::Value(Some(value.clone())),
            Some(PendingOp::Clear) => Lookup::Value(None),
            Some(PendingOp::Add(delta)) => Lookup::AddToStore(*delta),
            None if self.cleared.contains(key) => Lookup::Value(None),
            None => Lookup::Store,
        }
    }

    /// The point writes, in key order.
    pub fn ops(&self) -> impl Iterator<Item = (&[u8], &PendingOp)> {
        self.ops.iter().map(|(k, op)| (k.as_slice(), op))
    }

    /// The cleared ranges, applied before the point writes.
    pub fn cleared(&self) -> &RangeSet {
        &self.cleared
    }

    /// The versionstamped writes, applied last.
    pub fn stamped(&self) -> &[StampedWrite] {
        &self.stamped
    }

    /// The write-conflict set of this transaction once committed at `commit_version`.
    pub fn write_set(&self, stamp: &[u8; VERSIONSTAMP_BYTES]) -> WriteSet {
        let points = self
            .ops
            .keys()
            .cloned()
            .chain(self.stamped.iter().map(|w| w.key(stamp)))
            .collect();
        WriteSet::new(points, self.cleared.clone())
    }

    /// Merges a store range scan with the buffered writes (read-your-writes).
    ///
    /// `store` yields the store's pairs inside the range in the read's direction.
    /// Buffered sets and adds appear, buffered clears and cleared ranges hide store
    /// pairs, and the result stops at the limit without draining `store`.
    pub fn merge_range<I>(
        &self,
        range: &RangeOptions,
        store: I,
    ) -> Result<Vec<KeyValue>, StorageError>
    where
        I: Iterator<Item = Result<Pair, StorageError>>,
    {
        let bounds = (
            Bound::Included(range.begin.as_slice()),
            Bound::Excluded(range.end.as_slice()),
        );
        let mut ops: Box<dyn Iterator<Item = (&Vec<u8>, &PendingOp)>> = if range.reverse {
            Box::new(self.ops.range::<[u8], _>(bounds).rev())
        } else {
            Box::new(self.ops.range::<[u8], _>(bounds))
        };
        let mut store = store;
        let next_store = |store: &mut I| -> Result<Option<Pair>, StorageError> {
            for item in store.by_ref() {
                let (key, value) = item?;
                if !self.cleared.contains(&key) {
                    return Ok(Some((key, value)));
                }
            }
            Ok(None)
        };

        let mut out = Vec::new();
        let mut stored = next_store(&mut store)?;
        let mut op = ops.next();
        while out.len() < range.limit {
            let stored_key = stored.as_ref().map(|(key, _)| key.as_slice());
            let op_key = op.map(|(key, _)| key.as_slice());
            let Some(next) = next_source(stored_key, op_key, range.reverse) else {
                break;
            };
            let merged = match (next, stored.take(), op.take()) {
                (Next::Store, Some((key, value)), pending) => {
                    op = pending;
                    Some((key, Some(value)))
                }
                (Next::Buffer, base, Some((key, pending))) => {
                    stored = base;
                    Some((key.clone(), resolve(pending, None)))
                }
                // Same key in both: the buffer decides, on top of the stored value.
                (Next::Both, Some((_, base)), Some((key, pending))) => {
                    Some((key.clone(), resolve(pending, Some(&base))))
                }
                _ => None,
            };
            debug_assert!(merged.is_some(), "next_source names a present side");
            if !matches!(next, Next::Buffer) {
                stored = next_store(&mut store)?;
            }
            if !matches!(next, Next::Store) {
                op = ops.next();
            }
            if let Some((key, Some(value))) = merged {
                out.push(KeyValue { key, value });
            }
        }
        debug_assert!(out.len() <= range.limit);
        Ok(out)
    }
}

/// Which side of a merged range scan comes next in the read's direction.
#[derive(Debug, Clone, Copy)]
enum Next {
    Store,
    Buffer,
    /// The same key on both sides.
    Both,
}

fn next_source(stored: Option<&[u8]>, op: Option<&[u8]>, reverse: bool) -> Option<Next> {
    match (stored, op) {
        (None, None) => None,
        (Some(_), None) => Some(Next::Store),
        (None, Some(_)) => Some(Next::Buffer),
        (Some(stored), Some(op)) => {
            let order = stored.cmp(op);
            let order = if reverse { order.reverse() } else { order };
            Some(match order {
                std::cmp::Ordering::Less => Next::Store,
                std::cmp::Ordering::Greater => Next::Buffer,
                std::cmp::Ordering::Equal => Next::Both,
            })
        }
    }
}

/// The value a buffered op gives a key whose stored value is `base`.
fn resolve(op: &PendingOp, base: Option<&[u8]>) -> Option<Vec<u8>> {
    match op {
        PendingOp::Set(value) => Some(value.clone()),
        PendingOp::Clear => None,
        PendingOp::Add(delta) => Some(apply_add(base, *delta)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(begin: &[u8], end: &[u8], limit: usize, reverse: bool) -> RangeOptions {
        RangeOptions {
            begin: begin.to_vec(),
            end: end.to_vec(),
            limit,
            reverse,
        }
    }

    fn store_iter(
        pairs: &[(&[u8], &[u8])],
        reverse: bool,
    ) -> impl Iterator<Item = Result<(Vec<u8>, Vec<u8>), StorageError>> {
        let mut v: Vec<_> = pairs
            .iter()
            .map(|(k, v)| Ok((k.to_vec(), v.to_vec())))
            .collect();
        if reverse {
            v.reverse();
        }
        v.into_iter()
    }

    fn keys(kvs: &[KeyValue]) -> Vec<&[u8]> {
        kvs.iter().map(|kv| kv.key.as_slice()).collect()
    }

    #[test]
    fn range_set_merges_overlaps() {
        let mut set = RangeSet::default();
        set.insert(b"b", b"d");
        set.insert(b"f", b"h");
        set.insert(b"c", b"g");
        assert_eq!(set.iter().count(), 1);
        assert!(set.contains(b"b") && set.contains(b"gz") && !set.contains(b"h"));
        set.insert(b"h", b"i");
        assert_eq!(set.iter().count(), 1);
        assert!(set.intersects(b"a", b"c"));
        assert!(!set.intersects(b"a", b"b"));
        assert!(!set.intersects(b"i", b"z"));
    }

    #[test]
    fn add_follows_fdb_semantics() {
        assert_eq!(apply_add(None, 5), 5i64.to_le_bytes().to_vec());
        assert_eq!(apply_add(Some(&[1]), 1), 2i64.to_le_bytes().to_vec());
        let long = [1u8, 0, 0, 0, 0, 0, 0, 0, 9, 9];
        assert_eq!(apply_add(Some(&long), 1), 2i64.to_le_bytes().to_vec());
        assert_eq!(
            apply_add(Some(&i64::MAX.to_le_bytes()), 1),
            i64::MIN.to_le_bytes().to_vec()
        );
    }

    #[test]
    fn merge_applies_buffer_in_both_directions() {
        let mut buf = TxnBuffer::default();
        buf.set(b"b", b"B").unwrap();
        buf.clear(b"c").unwrap();
        buf.atomic_add(b"d", 2).unwrap();
        buf.clear_range(b"e", b"g").unwrap();
        buf.set(b"f", b"F").unwrap();
        let stored: &[(&[u8], &[u8])] = &[
            (b"a", b"1"),
            (b"c", b"3"),
            (b"d", &[1, 0, 0, 0, 0, 0, 0, 0]),
            (b"e", b"5"),
            (b"h", b"8"),
        ];
        let fwd = buf
            .merge_range(&range(b"a", b"z", 100, false), store_iter(stored, false))
            .unwrap();
        assert_eq!(keys(&fwd), vec![&b"a"[..], b"b", b"d", b"f", b"h"]);
        assert_eq!(fwd[2].value, 3i64.to_le_bytes().to_vec());
        let rev = buf
            .merge_range(&range(b"a", b"z", 3, true), store_iter(stored, true))
            .unwrap();
        assert_eq!(keys(&rev), vec![&b"h"[..], b"f", b"d"]);
    }

    #[test]
    fn read_conflict_narrowed_when_limited() {
        let mut buf = TxnBuffer::default();
        let r = range(b"a", b"z", 1, false);
        let result = vec![KeyValue {
            key: b"b".to_vec(),
            value: vec![],
        }];
        buf.add_read_range(&r, &result);
        let beyond = WriteSet::new(vec![b"c".to_vec()], RangeSet::default());
        let inside = WriteSet::new(vec![b"a".to_vec()], RangeSet::default());
        assert!(!buf.reads().conflicts_with(&beyond));
        assert!(buf.reads().conflicts_with(&inside));
    }

    #[test]
    fn transaction_size_exactly_at_limit() {
        const WRITES: usize = 100;
        let per_write = MAX_TRANSACTION_BYTES / WRITES;
        let mut buf = TxnBuffer::default();
        for i in 0..WRITES {
            let key = format!("k{i:08}");
            let value = vec![0u8; per_write - key.len()];
            buf.set(key.as_bytes(), &value).unwrap();
        }
        assert_eq!(buf.size_bytes(), MAX_TRANSACTION_BYTES);
        buf.set(b"", b"").unwrap();
        assert!(matches!(
            buf.set(b"x", b""),
            Err(StorageError::TransactionTooLarge { .. })
        ));
        assert_eq!(buf.size_bytes(), MAX_TRANSACTION_BYTES);
    }

    #[test]
    fn system_keys_refused() {
        let mut buf = TxnBuffer::default();
        assert!(matches!(
            buf.set(b"\xff/x", b""),
            Err(StorageError::InvalidOperation(_))
        ));
        assert!(buf.clear_range(b"a", b"\xff").is_ok());
        assert!(buf.clear_range(b"a", b"\xff\x00").is_err());
    }
}
