//! The cluster: which node owns a key, and how a request reaches it.
//!
//! * [`ring`] — placement of `(tenant, key)` on a `hashring` of live members.
//! * [`transport`] — the [`Transport`] trait: send a frame to a peer, get its answer.
//! * [`gateway`] — the `ractor_cluster` implementation: the `Gateway` actor peers
//!   call, and [`gateway::RactorTransport`] that calls theirs.
//! * [`detector`] — the failure detector: probes candidate peers, rebuilds the
//!   ring (and hands keys off) when the members change.
//! * [`membership`] — starts the `NodeServer` and keeps sessions to the
//!   configured peers: the production source of the detector's candidates.
//! * [`admit`] — a peer's request held to the edge's bounds before any actor
//!   sees it.
//! * [`codec`] — actors' types to and from the prost messages of
//!   `stampede_protocol::wire`.
//! * [`serve`] — the owner's side: answer a forwarded request with the local actor.
//! * [`singleton`] — supervisors that run on one node at a time, fenced.
//! * [`tls`] — mutual TLS of the sessions between nodes.
//!
//! Correctness never rests on the ring: two nodes that briefly disagree about an
//! owner are kept apart by the owner epoch each activation writes and each commit
//! re-reads (see `coupon::load`). The ring only decides where work usually goes.

pub mod admit;
pub mod codec;
pub mod detector;
pub mod gateway;
pub mod membership;
pub mod ring;
pub mod serve;
pub mod singleton;
pub mod tls;
pub mod transport;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use prost::Message;
use stampede_protocol::trace_context::TraceContext;
use stampede_protocol::wire::{NodeStats, PeerOp, PeerReply, PeerRequest, PeerResult, StatsOp};
use tracing::Instrument;

pub use membership::{ClusterConfig, ClusterNode};
pub use ring::{valid_region, Ring, DEFAULT_REGION};
pub use tls::{ClusterTls, TlsError, TlsFiles};
pub use transport::{Transport, TransportError};

use crate::error::ActorError;
use crate::telemetry;

/// How often the failure detector collects and probes candidates
/// ([`detector::follow`]); a leaving node waits on it too (`Shards::leave`).
pub const MEMBERSHIP_POLL_MS: u64 = 200;

/// How long a node waits for a peer to answer a forwarded request. Longer than a
/// commit under load (tens of ms) by far, shorter than a client's patience.
pub const FORWARD_TIMEOUT_MS: u64 = 5_000;

/// Attempts to route one request while the owner is unreachable (e.g. mid
/// membership change); only attempts that surely delivered nothing are repeated.
pub const MAX_FORWARD_ATTEMPTS: u32 = 5;

/// Wait before re-routing an undelivered request, times the attempt number.
pub const FORWARD_RETRY_BACKOFF_MS: u64 = 100;

/// Where a key's actor lives, as this node sees it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    Local,
    Remote(String),
}

/// A peer's answer to the failure detector's probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// Answered as itself: a member, in this region.
    Member(String),
    /// Answered as itself, leaving the ring: no longer a member.
    Leaving,
    /// No answer in time, or an answer from another node.
    Silent,
}

/// Whether a node should be sent traffic, as its readiness probe reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// A member of its ring, serving.
    Serving,
    /// Started, but its failure detector has not finished a first round: it
    /// does not know its peers yet, so it would own keys that are not its own.
    Joining,
    /// Shutting down: it has left (or is leaving) the ring and hands its keys
    /// off; new requests belong elsewhere.
    Leaving,
}

impl Readiness {
    fn from_u8(value: u8) -> Self {
        match value {
            READY_JOINING => Self::Joining,
            READY_LEAVING => Self::Leaving,
            _ => Self::Serving,
        }
    }
}

const READY_SERVING: u8 = 0;
const READY_JOINING: u8 = 1;
const READY_LEAVING: u8 = 2;

/// Incarnations handed out in this process (see [`Cluster::incarnation`]).
static INCARNATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// This node's view of the cluster.
pub struct Cluster {
    node_id: String,
    /// This node's region (`--region`).
    region: String,
    incarnation: u64,
    ring: RwLock<Arc<Ring>>,
    /// Each tenant's home region, as last read from the store (tenants with
    /// none are absent): where the ring places the tenant's keys.
    homes: RwLock<Arc<BTreeMap<String, String>>>,
    transport: RwLock<Option<Arc<dyn Transport>>>,
    /// [`Readiness`], as one of the `READY_*` values.
    readiness: std::sync::atomic::AtomicU8,
}

impl Cluster {
    /// A cluster of one, in [`DEFAULT_REGION`]: every key is local.
    pub fn single(node_id: impl Into<String>) -> Arc<Self> {
        Self::single_in(node_id, DEFAULT_REGION)
    }

    /// A cluster of one in `region` (a [`valid_region`] name): every key is
    /// local until peers join.
    pub fn single_in(node_id: impl Into<String>, region: impl Into<String>) -> Arc<Self> {
        let (node_id, region) = (node_id.into(), region.into());
        debug_assert!(valid_region(&region), "region {region:?}");
        Arc::new(Self {
            ring: RwLock::new(Arc::new(Ring::in_regions([(
                node_id.clone(),
                region.clone(),
            )]))),
            homes: RwLock::new(Arc::default()),
            node_id,
            region,
            incarnation: INCARNATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            transport: RwLock::new(None),
            readiness: std::sync::atomic::AtomicU8::new(READY_SERVING),
        })
    }

    /// Whether this node should be sent traffic now.
    pub fn readiness(&self) -> Readiness {
        Readiness::from_u8(self.readiness.load(std::sync::atomic::Ordering::SeqCst))
    }

    /// The failure detector started: not ready until its first round ends
    /// ([`Cluster::joined`]). A leaving node stays leaving.
    pub fn begin_joining(&self) {
        let _ = self.readiness.compare_exchange(
            READY_SERVING,
            READY_JOINING,
            std::sync::atomic::Ordering::SeqCst,
            std::sync::atomic::Ordering::SeqCst,
        );
    }

    /// The failure detector knows the members: ready, unless leaving.
    pub fn joined(&self) {
        let _ = self.readiness.compare_exchange(
            READY_JOINING,
            READY_SERVING,
            std::sync::atomic::Ordering::SeqCst,
            std::sync::atomic::Ordering::SeqCst,
        );
    }

    /// The node is leaving (its `preStop`, or shutting down): never ready
    /// again, its probes answer "leaving" so that peers drop it from their
    /// rings, and its own ring no longer holds it, so it places every key on
    /// its peers. Returns whether its ring changed (keys to hand off).
    pub fn begin_leaving(&self) -> bool {
        self.readiness
            .store(READY_LEAVING, std::sync::atomic::Ordering::SeqCst);
        let mut ring = self
            .ring
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !ring.members().contains(&self.node_id) {
            return false;
        }
        let mut members = ring.regions_of().clone();
        members.remove(&self.node_id);
        *ring = Arc::new(Ring::in_regions(members));
        true
    }

    pub fn node_id(&self) -> &str {
        &self.node_id
    }

    /// This node's region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Distinguishes this start of the node from its earlier ones in the same
    /// process (a simulated restart); with the process's own start, a claim
    /// names the node's life that made it (see `records::jobs::take_over`).
    pub fn incarnation(&self) -> u64 {
        self.incarnation
    }

    /// The current ring.
    pub fn ring(&self) -> Arc<Ring> {
        self.ring
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Replaces the member list (each member's region); returns whether it
    /// changed. This node is a member of its own ring, in its region, until
    /// it begins leaving.
    pub fn set_members(&self, mut members: BTreeMap<String, String>) -> bool {
        if self.readiness() == Readiness::Leaving {
            members.remove(&self.node_id);
        } else {
            members.insert(self.node_id.clone(), self.region.clone());
        }
        let mut ring = self
            .ring
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if ring.regions_of() == &members {
            return false;
        }
        tracing::info!(node = %self.node_id, ?members, "ring membership changed");
        metrics::gauge!(telemetry::CLUSTER_MEMBERS).set(members.len() as f64);
        *ring = Arc::new(Ring::in_regions(members));
        true
    }

    /// Replaces every tenant's home region; returns whether any changed.
    pub fn set_homes(&self, homes: BTreeMap<String, String>) -> bool {
        let mut current = self
            .homes
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if **current == homes {
            return false;
        }
        tracing::info!(node = %self.node_id, tenants = homes.len(), "home regions changed");
        *current = Arc::new(homes);
        true
    }

    /// Sets (or, `None`, clears) one tenant's home region; returns whether it
    /// changed.
    pub fn set_home(&self, tenant: &str, region: Option<&str>) -> bool {
        let mut homes = (*self.homes()).clone();
        match region {
            Some(region) => homes.insert(tenant.to_owned(), region.to_owned()),
            None => homes.remove(tenant),
        };
        self.set_homes(homes)
    }

    /// Every tenant's home region, as this node knows it.
    pub fn homes(&self) -> Arc<BTreeMap<String, String>> {
        self.homes
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The tenant's home region, if it has one.
    pub fn home_of(&self, tenant: &str) -> Option<String> {
        self.homes().get(tenant).cloned()
    }

    /// Installs how peers are reached (set once the node's sessions exist).
    pub fn set_transport(&self, transport: Arc<dyn Transport>) {
        *self
            .transport
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(transport);
    }

    fn transport(&self) -> Option<Arc<dyn Transport>> {
        self.transport
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Who owns `(tenant, code)` now.
    pub fn placement(&self, tenant: &str, code: &str) -> Placement {
        let ring = self.ring();
        let homes = self.homes();
        let home = homes.get(tenant).map(String::as_str);
        match ring.owner_in(home, tenant, code) {
            Some(owner) if owner != self.node_id && self.transport().is_some() => {
                Placement::Remote(owner.to_owned())
            }
            _ => Placement::Local,
        }
    }

    /// Sends `op` for `(tenant, code)` to `peer` and returns its answer.
    pub(crate) async fn forward(
        &self,
        peer: &str,
        tenant: &str,
        code: &str,
        op: PeerOp,
    ) -> Result<PeerReply, TransportError> {
        let timeout = Duration::from_millis(FORWARD_TIMEOUT_MS);
        self.forward_within(peer, tenant, code, (op, None), timeout)
            .await
    }

    /// Sends `op`, part of the trace `trace`, with a frame that names the trace.
    async fn forward_within(
        &self,
        peer: &str,
        tenant: &str,
        code: &str,
        (op, trace): (PeerOp, Option<TraceContext>),
        timeout: Duration,
    ) -> Result<PeerReply, TransportError> {
        let Some(transport) = self.transport() else {
            return Err(TransportError::NotDelivered(peer.to_owned()));
        };
        let request = PeerRequest {
            tenant: tenant.to_owned(),
            code: code.to_owned(),
            hops: 1,
            from_node: self.node_id.clone(),
            op: Some(op),
            trace: trace.map(|trace| trace.to_wire()),
        };
        metrics::counter!(telemetry::PEER_REQUESTS_FORWARDED_TOTAL).increment(1);
        let frame = transport
            .call(peer, request.encode_to_vec(), timeout)
            .await?;
        codec::decode_reply(&frame).map_err(|err| {
            tracing::warn!(%peer, error = %err, "malformed answer from a peer");
            TransportError::Lost(peer.to_owned())
        })
    }
}

impl Cluster {
    /// A peer's own statistics (live actors), asked over its session.
    pub async fn peer_stats(&self, peer: &str) -> Result<NodeStats, ActorError> {
        let reply = self
            .forward(peer, "", "", PeerOp::Stats(StatsOp {}))
            .await?;
        match codec::result_of(reply)? {
            PeerResult::Stats(stats) => Ok(stats),
            _ => Err(codec::CodecError::Unexpected("wanted node stats").into()),
        }
    }
}

impl Cluster {
    /// What `peer` answers, as itself, within `timeout` (the failure
    /// detector's probe).
    pub async fn probe(&self, peer: &str, timeout: Duration) -> Probe {
        let reply = self
            .forward_within(peer, "", "", (PeerOp::Stats(StatsOp {}), None), timeout)
            .await;
        let stats = match reply.map(codec::result_of) {
            Ok(Ok(PeerResult::Stats(stats))) if stats.node_id == peer => stats,
            _ => return Probe::Silent,
        };
        if stats.leaving {
            return Probe::Leaving;
        }
        match stats.region.as_str() {
            "" => Probe::Member(DEFAULT_REGION.to_owned()),
            region if valid_region(region) => Probe::Member(region.to_owned()),
            _ => Probe::Silent,
        }
    }
}

/// The ring key of a campaign's actor: campaigns and coupon codes share the ring
/// but never a key.
pub fn campaign_ring_key(campaign_id: &str) -> String {
    format!("campaign/{campaign_id}")
}

/// Runs a request on the owner of `(tenant, key)`: `local` here, or `op` forwarded
/// to the owner node and its answer decoded. A forward that surely delivered
/// nothing (no session to the owner, e.g. while membership changes) is routed
/// again after a short wait, at most [`MAX_FORWARD_ATTEMPTS`] times; any other
/// failure is answered as retryable, because the owner may have acted on it.
pub(crate) async fn route<T, F, Fut>(
    cluster: &Cluster,
    tenant: &str,
    key: &str,
    op: impl Fn() -> PeerOp,
    local: F,
    decode: fn(PeerReply) -> Result<T, ActorError>,
) -> Result<T, ActorError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, ActorError>>,
{
    route_traced(cluster, tenant, key, (op, None), local, decode).await
}

/// [`route`] for a request of the trace `trace`: a forward runs in a
/// `peer.forward` span and its frame names that span as the owner's parent.
pub(crate) async fn route_traced<T, F, Fut>(
    cluster: &Cluster,
    tenant: &str,
    key: &str,
    (op, trace): (impl Fn() -> PeerOp, Option<TraceContext>),
    local: F,
    decode: fn(PeerReply) -> Result<T, ActorError>,
) -> Result<T, ActorError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, ActorError>>,
{
    for attempt in 1..=MAX_FORWARD_ATTEMPTS {
        let peer = match cluster.placement(tenant, key) {
            Placement::Local => return local().await,
            Placement::Remote(peer) => peer,
        };
        let (span, sent) = crate::traces::peer_forward(trace);
        let timeout = Duration::from_millis(FORWARD_TIMEOUT_MS);
        let forward = cluster.forward_within(&peer, tenant, key, (op(), sent), timeout);
        match forward.instrument(span).await {
            Ok(reply) => return decode(reply),
            Err(TransportError::NotDelivered(_)) => {
                metrics::counter!(telemetry::PEER_FORWARD_RETRIES_TOTAL).increment(1);
                let backoff = FORWARD_RETRY_BACKOFF_MS * u64::from(attempt);
                tokio::time::sleep(Duration::from_millis(backoff)).await;
            }
            Err(err) => return Err(err.into()),
        }
    }
    Err(ActorError::Unavailable(String::from(
        "the key's owner is unreachable; retry",
    )))
}

impl From<TransportError> for ActorError {
    fn from(err: TransportError) -> Self {
        ActorError::Unavailable(err.to_string())
    }
}
