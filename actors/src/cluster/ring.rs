//! Placement: which node owns a key.
//!
//! Every node builds the same ring from the same member list: members are hashed
//! onto a `hashring` with [`VIRTUAL_NODES_PER_MEMBER`] points each (SipHash with
//! fixed keys, so the placement is the same in every process), and a key belongs
//! to the member whose point follows the key's hash.
//!
//! Members carry a region. A key whose tenant has a home region belongs to a
//! member of that region (the region's own ring), so its actor, and the
//! commits it groups, stay next to the region's clients; a key with no home
//! region, or whose home region has no live member, belongs to a member of
//! the whole ring: a lost region's keys move to the regions that remain.

use std::collections::{BTreeMap, BTreeSet};

use hashring::HashRing;

/// Points per member on the ring. More points spread ownership more evenly (the
/// share of each of 3 members stays within a few percent of a third with 128).
pub const VIRTUAL_NODES_PER_MEMBER: u32 = 128;

/// Members a ring holds at most: a bound on membership state and on the cost of
/// rebuilding the ring.
pub const MAX_MEMBERS: usize = 256;

/// The region of a node started without `--region`.
pub const DEFAULT_REGION: &str = "default";

/// Longest region name, in bytes.
pub const MAX_REGION_BYTES: usize = 32;

/// Keys sampled to estimate each member's share of the ring.
const SHARE_SAMPLE_KEYS: u32 = 8_192;

/// Whether `region` is a region name: 1 to [`MAX_REGION_BYTES`] of `[a-z0-9-]`.
pub fn valid_region(region: &str) -> bool {
    !region.is_empty()
        && region.len() <= MAX_REGION_BYTES
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// One point of a member on the ring.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Point {
    member: String,
    replica: u32,
}

/// The ring over a fixed member list.
#[derive(Debug, Clone)]
pub struct Ring {
    /// Each member's region.
    members: BTreeMap<String, String>,
    ids: BTreeSet<String>,
    points: HashRing<Point>,
    /// Each region's own ring, over its members only.
    regions: BTreeMap<String, HashRing<Point>>,
}

impl Ring {
    /// A ring over `members`, all in [`DEFAULT_REGION`] (duplicates are
    /// ignored; at most [`MAX_MEMBERS`]).
    pub fn new(members: impl IntoIterator<Item = String>) -> Self {
        Self::in_regions(
            members
                .into_iter()
                .map(|member| (member, DEFAULT_REGION.to_owned())),
        )
    }

    /// A ring over `(member, region)` pairs (a member named twice keeps its
    /// last region; at most [`MAX_MEMBERS`] members).
    pub fn in_regions(members: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut by_id = BTreeMap::new();
        for (member, region) in members {
            if by_id.len() >= MAX_MEMBERS && !by_id.contains_key(&member) {
                break;
            }
            by_id.insert(member, region);
        }
        let mut points = HashRing::new();
        let mut regions: BTreeMap<String, HashRing<Point>> = BTreeMap::new();
        for (member, region) in &by_id {
            let ring = regions.entry(region.clone()).or_default();
            for replica in 0..VIRTUAL_NODES_PER_MEMBER {
                let point = Point {
                    member: member.clone(),
                    replica,
                };
                ring.add(point.clone());
                points.add(point);
            }
        }
        Self {
            ids: by_id.keys().cloned().collect(),
            members: by_id,
            points,
            regions,
        }
    }

    pub fn members(&self) -> &BTreeSet<String> {
        &self.ids
    }

    /// Each member's region.
    pub fn regions_of(&self) -> &BTreeMap<String, String> {
        &self.members
    }

    /// The regions that have a member.
    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.regions.keys().map(String::as_str)
    }

    /// The member that owns `(tenant, key)` on the whole ring; `None` only for
    /// an empty ring.
    pub fn owner(&self, tenant: &str, key: &str) -> Option<&str> {
        self.points
            .get(&(tenant, key))
            .map(|point| point.member.as_str())
    }

    /// The member that owns `(tenant, key)` for a tenant whose home region is
    /// `home`: a member of that region while it has one, else (no home, or
    /// none of its members live) of the whole ring.
    pub fn owner_in(&self, home: Option<&str>, tenant: &str, key: &str) -> Option<&str> {
        let regional = home
            .and_then(|home| self.regions.get(home))
            .and_then(|ring| ring.get(&(tenant, key)));
        match regional {
            Some(point) => Some(point.member.as_str()),
            None => self.owner(tenant, key),
        }
    }

    /// Each member's approximate share of the key space, from a fixed sample.
    pub fn shares(&self) -> BTreeMap<String, f64> {
        let mut counts: BTreeMap<String, u32> = self.ids.iter().map(|m| (m.clone(), 0)).collect();
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
    fn a_homed_key_belongs_to_its_region_while_the_region_has_members() {
        let pairs = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(m, r)| ((*m).to_owned(), (*r).to_owned()))
                .collect::<Vec<_>>()
        };
        let both = Ring::in_regions(pairs(&[
            ("e1", "east"),
            ("e2", "east"),
            ("w1", "west"),
            ("w2", "west"),
        ]));
        let west_only = Ring::in_regions(pairs(&[("w1", "west"), ("w2", "west")]));
        let mut unhomed_east = 0;
        for i in 0..1_000 {
            let code = format!("CODE{i}");
            let east = both.owner_in(Some("east"), "t", &code);
            assert!(matches!(east, Some("e1" | "e2")), "{east:?}");
            let west = both.owner_in(Some("west"), "t", &code);
            assert!(matches!(west, Some("w1" | "w2")), "{west:?}");
            // A region with no member: the whole ring.
            assert_eq!(
                both.owner_in(Some("north"), "t", &code),
                both.owner("t", &code)
            );
            if matches!(both.owner_in(None, "t", &code), Some("e1" | "e2")) {
                unhomed_east += 1;
            }
            // The east lost: its keys move to the west.
            let moved = west_only.owner_in(Some("east"), "t", &code);
            assert!(matches!(moved, Some("w1" | "w2")), "{moved:?}");
        }
        assert!((300..700).contains(&unhomed_east), "{unhomed_east}");
    }

    #[test]
    fn region_names_are_checked() {
        assert!(valid_region("eu-west-1"));
        assert!(!valid_region(""));
        assert!(!valid_region("EU"));
        assert!(!valid_region(&"a".repeat(MAX_REGION_BYTES + 1)));
    }

    #[test]
    fn an_empty_ring_owns_nothing() {
        assert_eq!(Ring::new(Vec::new()).owner("t", "X"), None);
    }
}
