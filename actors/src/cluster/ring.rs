//! Placement: which node owns a key.
//!
//! Every node builds the same ring from the same member list: members are hashed
//! onto a `hashring` with [`VIRTUAL_NODES_PER_MEMBER`] points each (SipHash with
//! fixed keys, so the placement is the same in every process), and a key belongs
//! to the member whose point follows the key's hash.

use std::collections::{BTreeMap, BTreeSet};

use hashring::HashRing;

/// Points per member on the ring. More points spread ownership more evenly (the
/// share of each of 3 members stays within a few percent of a third with 128).
pub const VIRTUAL_NODES_PER_MEMBER: u32 = 128;

/// Members a ring holds at most: a bound on membership state and on the cost of
/// rebuilding the ring.
pub const MAX_MEMBERS: usize = 256;

/// Keys sampled to estimate each member's share of the ring.
const SHARE_SAMPLE_KEYS: u32 = 8_192;

/// One point of a member on the ring.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Point {
    member: String,
    replica: u32,
}

/// The ring over a fixed member list.
#[derive(Debug, Clone)]
pub struct Ring {
    members: BTreeSet<String>,
    points: HashRing<Point>,
}

impl Ring {
    /// A ring over `members` (duplicates are ignored; at most [`MAX_MEMBERS`]).
    pub fn new(members: impl IntoIterator<Item = String>) -> Self {
        let members: BTreeSet<String> = members.into_iter().take(MAX_MEMBERS).collect();
        let mut points = HashRing::new();
        for member in &members {
            for replica in 0..VIRTUAL_NODES_PER_MEMBER {
                points.add(Point {
                    member: member.clone(),
                    replica,
                });
            }
        }
        Self { members, points }
    }

    pub fn members(&self) -> &BTreeSet<String> {
        &self.members
    }

    /// The member that owns `(tenant, key)`; `None` only for an empty ring.
    pub fn owner(&self, tenant: &str, key: &str) -> Option<&str> {
        self.points
            .get(&(tenant, key))
            .map(|point| point.member.as_str())
    }

    /// Each member's approximate share of the key space, from a fixed sample.
    pub fn shares(&self) -> BTreeMap<String, f64> {
        let mut counts: BTreeMap<String, u32> =
            self.members.iter().map(|m| (m.clone(), 0)).collect();
        for i in 0..SHARE_SAMPLE_KEYS {
            let key = format!("sample-{i}");
            if let Some(owner) = self.owner("_ring", &key) {
                if let Some(count) = counts.get_mut(owner) {
                    *count += 1;
                }
            }
        }
        counts
            .into_iter()
            .map(|(member, count)| (member, f64::from(count) / f64::from(SHARE_SAMPLE_KEYS)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(names: &[&str]) -> Ring {
        Ring::new(names.iter().map(|n| n.to_string()))
    }

    #[test]
    fn placement_is_the_same_whatever_order_members_join_in() {
        let a = ring(&["n1", "n2", "n3"]);
        let b = ring(&["n3", "n1", "n2"]);
        for i in 0..1_000 {
            let code = format!("CODE{i}");
            assert_eq!(a.owner("t", &code), b.owner("t", &code));
        }
    }

    #[test]
    fn shares_are_balanced() {
        let shares = ring(&["n1", "n2", "n3"]).shares();
        assert_eq!(shares.len(), 3);
        for share in shares.values() {
            assert!((0.25..0.42).contains(share), "share {share}");
        }
    }

    #[test]
    fn removing_a_member_moves_only_its_keys() {
        let before = ring(&["n1", "n2", "n3"]);
        let after = ring(&["n1", "n2"]);
        let mut moved = 0;
        for i in 0..3_000 {
            let code = format!("CODE{i}");
            let old = before.owner("t", &code).map(str::to_owned);
            let new = after.owner("t", &code).map(str::to_owned);
            if old.as_deref() != Some("n3") {
                assert_eq!(old, new, "a key of a surviving member moved");
            } else {
                moved += 1;
            }
        }
        assert!(moved > 0);
    }

    #[test]
    fn an_empty_ring_owns_nothing() {
        assert_eq!(Ring::new(Vec::new()).owner("t", "X"), None);
    }
}
