//! The failure detector: which peers are members of this node's ring.
//!
//! A session (or a socket) that is open says little: a paused process, a node
//! whose gateway no longer answers, or one behind a one-way partition all keep
//! their sessions for a while. So membership is decided by asking. Every
//! [`MEMBERSHIP_POLL_MS`] the [`follow`] loop takes the candidate peers from a
//! [`Peers`] source (production: the peers whose gateway a `ractor_cluster`
//! session shows; the simulation: the nodes it was configured with), and probes
//! each of them at once with a stats request through the node's
//! [`Transport`](super::Transport). A candidate becomes a member with its first
//! answer that carries its own id, and stops being one after
//! [`SUSPECT_AFTER_MISSES`] rounds in a row without one, or at once when it
//! answers that it is leaving. Each answer names the member's region. When the
//! member set changes, the ring is rebuilt and keys this node no longer owns
//! are handed off. Every [`HOME_REFRESH_POLLS`] rounds the loop also reads the
//! tenants' home regions from the store, which move keys too.
//!
//! The detector only moves work: two nodes that disagree about an owner are kept
//! apart by the owner epoch (see `coupon::load`), never by membership.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use async_trait::async_trait;
use futures::future::join_all;

use super::ring::MAX_MEMBERS;
use super::{Cluster, Probe};
use crate::records::regions;
use crate::shards::Shards;

pub use super::MEMBERSHIP_POLL_MS;

/// How long one probe may take. A node answers its stats without touching a
/// coupon actor or the store, so only a stalled node or a lossy link is slower.
pub const PROBE_TIMEOUT_MS: u64 = 500;

/// Rounds in a row a member may miss before it is no longer one: one lost probe
/// must not move every key it owns.
pub const SUSPECT_AFTER_MISSES: u32 = 3;

/// Rounds between two reads of the tenants' home regions: a home region set
/// on another node takes effect here within this many polls.
pub const HOME_REFRESH_POLLS: u32 = 5;

/// Where the candidate peers come from.
#[async_trait]
pub trait Peers: Send + 'static {
    /// The peers to probe this round (this node's own id may be among them).
    async fn candidates(&mut self) -> BTreeSet<String>;
}

/// Members as probes have found them.
#[derive(Debug, Default)]
pub struct Detector {
    /// Consecutive missed rounds of each member.
    misses: BTreeMap<String, u32>,
    /// Each member's region, from its last answer.
    regions: BTreeMap<String, String>,
}

impl Detector {
    pub fn new() -> Self {
        Self::default()
    }

    /// The current members and their regions (peers only; this node is not
    /// among them).
    pub fn members(&self) -> BTreeMap<String, String> {
        debug_assert!(self.misses.keys().eq(self.regions.keys()));
        self.regions.clone()
    }

    /// Probes every candidate at once and returns the members after the round.
    /// A member that is no longer a candidate (its session is gone) leaves at
    /// once; one that stays a candidate leaves after missing
    /// [`SUSPECT_AFTER_MISSES`] rounds in a row; one that answers it is
    /// leaving, at once.
    pub async fn round(
        &mut self,
        cluster: &Cluster,
        candidates: &BTreeSet<String>,
    ) -> BTreeMap<String, String> {
        let own = cluster.node_id();
        let probed: Vec<&String> = candidates
            .iter()
            .filter(|peer| peer.as_str() != own)
            .take(MAX_MEMBERS)
            .collect();
        let timeout = Duration::from_millis(PROBE_TIMEOUT_MS);
        let answers = join_all(probed.iter().map(|peer| cluster.probe(peer, timeout))).await;
        self.misses.retain(|peer, _| candidates.contains(peer));
        self.regions.retain(|peer, _| candidates.contains(peer));
        for (peer, answer) in probed.into_iter().zip(answers) {
            match answer {
                Probe::Member(region) => {
                    self.misses.insert(peer.clone(), 0);
                    self.regions.insert(peer.clone(), region);
                }
                Probe::Leaving => self.forget(peer),
                Probe::Silent => {
                    let Some(missed) = self.misses.get_mut(peer) else {
                        continue;
                    };
                    *missed += 1;
                    if *missed >= SUSPECT_AFTER_MISSES {
                        tracing::info!(node = %own, %peer, "peer stopped answering probes");
                        self.forget(peer);
                    }
                }
            }
        }
        debug_assert!(self.misses.len() < MAX_MEMBERS);
        self.members()
    }

    fn forget(&mut self, peer: &str) {
        self.misses.remove(peer);
        self.regions.remove(peer);
    }
}

/// Keeps `shards`' ring equal to the detector's members, for ever.
///
/// The node reports itself joining (not ready) until the first round ends, so
/// traffic reaches it only once it knows which keys are its own.
pub async fn follow(shards: Shards, mut peers: impl Peers) {
    let mut detector = Detector::new();
    shards.cluster().begin_joining();
    let mut round: u32 = 0;
    loop {
        let candidates = peers.candidates().await;
        let members = detector.round(shards.cluster(), &candidates).await;
        let mut moved = shards.cluster().set_members(members);
        if round.is_multiple_of(HOME_REFRESH_POLLS) {
            moved |= refresh_homes(&shards).await;
        }
        round = round.wrapping_add(1);
        if moved {
            shards.hand_off();
        }
        shards.cluster().joined();
        tokio::time::sleep(Duration::from_millis(MEMBERSHIP_POLL_MS)).await;
    }
}

/// Reads every tenant's home region; returns whether any changed. A failed
/// read keeps the homes this node knows (logged): placement may lag, but
/// correctness never rests on it.
async fn refresh_homes(shards: &Shards) -> bool {
    match regions::homes(&shards.records()).await {
        Ok(homes) => shards.cluster().set_homes(homes),
        Err(err) => {
            tracing::warn!(error = %err, "could not read the tenants' home regions");
            false
        }
    }
}

/// A fixed list of peers (the simulation's configured nodes, a static cluster).
pub struct StaticPeers(pub BTreeSet<String>);

#[async_trait]
impl Peers for StaticPeers {
    async fn candidates(&mut self) -> BTreeSet<String> {
        self.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use prost::Message;
    use stampede_protocol::wire::{NodeStats, PeerReply, PeerResult};

    use super::*;
    use crate::cluster::{Transport, TransportError};

    /// Answers probes of the peers in `up`, as `answer_as` when set.
    #[derive(Default)]
    struct Probed {
        up: Mutex<BTreeSet<String>>,
        answer_as: Mutex<Option<String>>,
        leaving: Mutex<BTreeSet<String>>,
    }

    #[async_trait]
    impl Transport for Probed {
        async fn call(
            &self,
            peer: &str,
            _frame: Vec<u8>,
            _timeout: Duration,
        ) -> Result<Vec<u8>, TransportError> {
            let up = self
                .up
                .lock()
                .map_err(|_| TransportError::Lost(peer.into()))?;
            if !up.contains(peer) {
                return Err(TransportError::Timeout(peer.to_owned()));
            }
            let name = self
                .answer_as
                .lock()
                .map_err(|_| TransportError::Lost(peer.into()))?;
            let stats = NodeStats {
                node_id: name.clone().unwrap_or_else(|| peer.to_owned()),
                live_actors: 0,
                region: String::from("east"),
                leaving: self
                    .leaving
                    .lock()
                    .map_err(|_| TransportError::Lost(peer.into()))?
                    .contains(peer),
            };
            let reply = PeerReply {
                result: Some(PeerResult::Stats(stats)),
            };
            Ok(reply.encode_to_vec())
        }
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn ids(members: BTreeMap<String, String>) -> BTreeSet<String> {
        members.into_keys().collect()
    }

    fn cluster() -> (Arc<Cluster>, Arc<Probed>) {
        let cluster = Cluster::single("n1");
        let probed = Arc::new(Probed::default());
        cluster.set_transport(probed.clone());
        (cluster, probed)
    }

    #[tokio::test]
    async fn a_peer_joins_on_its_first_answer_and_leaves_after_missed_rounds() {
        let (cluster, probed) = cluster();
        *probed.up.lock().unwrap() = set(&["n2", "n3"]);
        let mut detector = Detector::new();
        let candidates = set(&["n1", "n2", "n3"]);
        assert_eq!(
            ids(detector.round(&cluster, &candidates).await),
            set(&["n2", "n3"])
        );
        probed.up.lock().unwrap().remove("n3");
        for _ in 1..SUSPECT_AFTER_MISSES {
            assert_eq!(
                ids(detector.round(&cluster, &candidates).await),
                set(&["n2", "n3"])
            );
        }
        assert_eq!(
            ids(detector.round(&cluster, &candidates).await),
            set(&["n2"])
        );
        probed.up.lock().unwrap().insert("n3".into());
        assert_eq!(
            ids(detector.round(&cluster, &candidates).await),
            set(&["n2", "n3"])
        );
    }

    #[tokio::test]
    async fn one_answer_resets_the_missed_rounds() {
        let (cluster, probed) = cluster();
        let candidates = set(&["n2"]);
        *probed.up.lock().unwrap() = candidates.clone();
        let mut detector = Detector::new();
        ids(detector.round(&cluster, &candidates).await);
        for _ in 0..3 {
            probed.up.lock().unwrap().clear();
            for _ in 1..SUSPECT_AFTER_MISSES {
                assert_eq!(ids(detector.round(&cluster, &candidates).await), candidates);
            }
            *probed.up.lock().unwrap() = candidates.clone();
            assert_eq!(ids(detector.round(&cluster, &candidates).await), candidates);
        }
    }

    #[tokio::test]
    async fn a_peer_that_is_no_longer_a_candidate_leaves_at_once() {
        let (cluster, probed) = cluster();
        *probed.up.lock().unwrap() = set(&["n2", "n3"]);
        let mut detector = Detector::new();
        detector.round(&cluster, &set(&["n2", "n3"])).await;
        assert_eq!(
            ids(detector.round(&cluster, &set(&["n2"])).await),
            set(&["n2"])
        );
    }

    #[tokio::test]
    async fn a_leaving_peer_leaves_at_once_and_members_carry_their_region() {
        let (cluster, probed) = cluster();
        *probed.up.lock().unwrap() = set(&["n2", "n3"]);
        let mut detector = Detector::new();
        let members = detector.round(&cluster, &set(&["n2", "n3"])).await;
        assert_eq!(members.get("n2").map(String::as_str), Some("east"));
        probed.leaving.lock().unwrap().insert("n3".into());
        assert_eq!(
            ids(detector.round(&cluster, &set(&["n2", "n3"])).await),
            set(&["n2"])
        );
    }

    #[tokio::test]
    async fn an_answer_from_another_node_is_a_miss() {
        let (cluster, probed) = cluster();
        *probed.up.lock().unwrap() = set(&["n2"]);
        *probed.answer_as.lock().unwrap() = Some("n9".into());
        let mut detector = Detector::new();
        assert!(detector.round(&cluster, &set(&["n2"])).await.is_empty());
    }
}
