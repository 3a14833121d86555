//! Starting a node's cluster side and keeping its view of the members current.
//!
//! A [`ClusterNode`] runs the `ractor_cluster::NodeServer` (cookie-authenticated
//! sessions), this node's gateway, and the failure detector's loop
//! ([`detector::follow`]) fed by [`SessionPeers`]: every
//! [`MEMBERSHIP_POLL_MS`] it (re)connects to configured peers, takes every peer
//! whose gateway is reachable through a session as a candidate, and keeps those
//! that answer probes as members. When the members change the ring is rebuilt
//! and the shards hand off the keys this node no longer owns: their actors stop
//! taking messages, commit what they hold and exit; the new owner activates from
//! the store, bumping the owner epoch so any late commit of the old owner fails.
//!
//! The listener binds one address ([`ClusterConfig::bind`], by default the
//! advertised host's), never every interface unless asked. With
//! [`ClusterConfig::tls`] every session is mutual TLS ([`super::tls`]); such
//! sessions are not transitive (`ractor_cluster` would dial the peers a session
//! names in plaintext), so every node dials the nodes in its own peer list.

use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use ractor::{Actor, ActorRef};
use ractor_cluster::node::NodeConnectionMode;
use ractor_cluster::{IncomingEncryptionMode, NodeServer, NodeServerMessage};
use tokio::task::JoinHandle;

use super::detector::{self, Peers, MEMBERSHIP_POLL_MS};
use super::gateway::{gateway_group, Gateway, GatewayMsg, RactorTransport, GATEWAY_GROUP_PREFIX};
use super::ring::MAX_MEMBERS;
use super::tls::{self, ClusterTls};
use crate::shards::Shards;

/// How long one dial of a peer may take.
pub const PEER_CONNECT_TIMEOUT_MS: u64 = 1_000;

/// Largest frame accepted from a peer session.
pub const MAX_SESSION_FRAME_BYTES: u64 =
    stampede_protocol::wire::MAX_PEER_FRAME_BYTES as u64 + 4_096;

/// Polls a session may stay open without its peer's gateway becoming visible
/// before it is closed and dialled again (a session that lost its mirror of the
/// peer's gateway is useless for routing).
pub const STALE_SESSION_POLLS: u32 = 10;

/// Smallest cookie accepted: without TLS the cookie is the only thing that
/// keeps strangers out of the cluster.
pub const MIN_COOKIE_BYTES: usize = 16;

/// How a node joins its cluster.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// This node's id: its name on the ring. Unique in the cluster.
    pub node_id: String,
    /// Port of this node's cluster listener.
    pub listen_port: u16,
    /// Host peers use to reach this node (told to peers for transitive joins).
    pub advertise_host: String,
    /// Address the listener binds; `None`: the advertised host's address
    /// (resolved at start). `0.0.0.0` or `::` listens on every interface.
    pub bind: Option<IpAddr>,
    /// `host:port` of other nodes' cluster listeners.
    pub peers: Vec<String>,
    /// Shared secret of the cluster's sessions.
    pub cookie: String,
    /// Mutual TLS of every session; `None`: plaintext (a warning is logged
    /// when there are peers).
    pub tls: Option<ClusterTls>,
}

/// Errors starting a node's cluster side.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("invalid cluster configuration: {0}")]
    Config(String),
    #[error("could not start {what}: {detail}")]
    Start { what: &'static str, detail: String },
    #[error("cannot bind the cluster listener to {host:?}: {detail}")]
    Bind { host: String, detail: String },
}

/// A running cluster side of one node.
pub struct ClusterNode {
    node_id: String,
    server: ActorRef<NodeServerMessage>,
    gateway: ActorRef<GatewayMsg>,
    poller: JoinHandle<()>,
}

impl ClusterConfig {
    fn check(&self) -> Result<(), ClusterError> {
        let id_ok = !self.node_id.is_empty()
            && self.node_id.len() <= 64
            && self
                .node_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok {
            return Err(ClusterError::Config(String::from(
                "node id must be 1-64 characters of [A-Za-z0-9_-]",
            )));
        }
        if self.cookie.len() < MIN_COOKIE_BYTES {
            return Err(ClusterError::Config(format!(
                "cluster cookie must be at least {MIN_COOKIE_BYTES} bytes"
            )));
        }
        if self.peers.len() >= MAX_MEMBERS {
            return Err(ClusterError::Config(format!(
                "at most {} peers",
                MAX_MEMBERS - 1
            )));
        }
        Ok(())
    }
}

impl ClusterNode {
    /// Starts the node server and gateway, and begins joining `config.peers`.
    pub async fn start(shards: Shards, mut config: ClusterConfig) -> Result<Self, ClusterError> {
        config.check()?;
        // Every node may be given the same list; dialling oneself is pointless.
        let own = format!("{}:{}", config.advertise_host, config.listen_port);
        config.peers.retain(|peer| *peer != own);
        if shards.cluster().node_id() != config.node_id {
            return Err(ClusterError::Config(String::from(
                "shards were built for a different node id",
            )));
        }
        let server = spawn_server(&config).await?;
        let (gateway, _) = Actor::spawn(None, Gateway, shards.clone())
            .await
            .map_err(|err| ClusterError::Start {
                what: "gateway",
                detail: err.to_string(),
            })?;
        ractor::pg::join(gateway_group(&config.node_id), vec![gateway.get_cell()]);
        shards.cluster().set_transport(Arc::new(RactorTransport));
        let peers = SessionPeers {
            server: server.clone(),
            config: config.clone(),
            dialled: HashMap::new(),
            stale: HashMap::new(),
        };
        let poller = tokio::spawn(detector::follow(shards, peers));
        Ok(Self {
            node_id: config.node_id,
            server,
            gateway,
            poller,
        })
    }

    pub fn node_id(&self) -> &str {
        &self.node_id
    }

    /// The peers this node holds a session with, by the node id they gave in
    /// the handshake: who got in (a peer refused at the TLS handshake never
    /// appears).
    pub async fn session_peers(&self) -> BTreeSet<String> {
        match ractor::call_t!(self.server, NodeServerMessage::GetSessions, 500) {
            Ok(sessions) => sessions
                .values()
                .filter_map(|session| session.peer_name.as_ref())
                .map(|name| node_id_of(&name.name))
                .collect(),
            Err(_) => BTreeSet::new(),
        }
    }

    /// Leaves the cluster: peers stop routing here once the gateway is gone.
    pub async fn stop(self) {
        self.poller.abort();
        ractor::pg::leave(gateway_group(&self.node_id), vec![self.gateway.get_cell()]);
        self.gateway.stop(None);
        self.server.stop(None);
        tokio::time::sleep(Duration::from_millis(MEMBERSHIP_POLL_MS)).await;
    }
}

/// Starts the `NodeServer`: bound to the configured address (or the advertised
/// host's), TLS when configured.
async fn spawn_server(config: &ClusterConfig) -> Result<ActorRef<NodeServerMessage>, ClusterError> {
    let bind = match config.bind {
        Some(ip) => ip,
        None => resolve_host(&config.advertise_host, config.listen_port).await?,
    };
    let (encryption, mode) = match &config.tls {
        Some(tls) => (
            IncomingEncryptionMode::Tls(tls.acceptor()),
            NodeConnectionMode::Isolated,
        ),
        None => {
            if !config.peers.is_empty() {
                tracing::warn!(
                    "cluster sessions are plaintext: set --cluster-tls-cert, \
                     --cluster-tls-key and --cluster-tls-ca for mutual TLS"
                );
            }
            (IncomingEncryptionMode::Raw, NodeConnectionMode::Transitive)
        }
    };
    let server = NodeServer::new(
        config.listen_port,
        config.cookie.clone(),
        config.node_id.clone(),
        config.advertise_host.clone(),
        Some(encryption),
        Some(mode),
    )
    .with_listen_addr(bind)
    .with_max_inbound_frame_size(MAX_SESSION_FRAME_BYTES);
    let (server, _) = Actor::spawn(None, server, ())
        .await
        .map_err(|err| ClusterError::Start {
            what: "node server",
            detail: err.to_string(),
        })?;
    Ok(server)
}

/// The address `host` names: itself when it is an IP address, else the first
/// address it resolves to.
async fn resolve_host(host: &str, port: u16) -> Result<IpAddr, ClusterError> {
    if let Ok(ip) = host.trim_start_matches('[').trim_end_matches(']').parse() {
        return Ok(ip);
    }
    let bind_error = |detail: String| ClusterError::Bind {
        host: host.to_owned(),
        detail,
    };
    let timeout = Duration::from_millis(PEER_CONNECT_TIMEOUT_MS);
    let mut addrs = tokio::time::timeout(timeout, tokio::net::lookup_host((host, port)))
        .await
        .map_err(|_| bind_error(String::from("name lookup timed out")))?
        .map_err(|err| bind_error(err.to_string()))?;
    addrs
        .next()
        .map(|addr| addr.ip())
        .ok_or_else(|| bind_error(String::from("the name has no address")))
}

/// The production source of candidates: peers whose gateway a session shows.
/// Each round it also closes sessions that stayed useless and dials configured
/// peers that have none, so a restarted peer is found again.
struct SessionPeers {
    server: ActorRef<NodeServerMessage>,
    config: ClusterConfig,
    dialled: HashMap<String, SocketAddr>,
    stale: HashMap<String, u32>,
}

#[async_trait]
impl Peers for SessionPeers {
    async fn candidates(&mut self) -> BTreeSet<String> {
        let live = live_peers(&self.config.node_id);
        close_stale_sessions(&self.server, &live, &mut self.stale).await;
        if live.len() < self.config.peers.len() {
            let tls = self.config.tls.as_ref();
            dial_missing(&self.server, &self.config.peers, tls, &mut self.dialled).await;
        }
        live
    }
}

/// Peers whose gateway is reachable through a session.
pub fn live_peers(node_id: &str) -> BTreeSet<String> {
    ractor::pg::which_groups()
        .into_iter()
        .filter_map(|group| {
            let peer = group.strip_prefix(GATEWAY_GROUP_PREFIX)?.to_owned();
            let reachable = ractor::pg::get_members(&group)
                .iter()
                .any(|cell| !cell.get_id().is_local());
            (reachable && peer != node_id).then_some(peer)
        })
        .take(MAX_MEMBERS)
        .collect()
}

/// The node id in a session's peer name (`node_id@host`).
fn node_id_of(name: &str) -> String {
    name.split('@').next().unwrap_or_default().to_owned()
}

/// Closes sessions whose peer's gateway has stayed invisible for
/// [`STALE_SESSION_POLLS`] polls, so that the peer is dialled afresh.
async fn close_stale_sessions(
    server: &ActorRef<NodeServerMessage>,
    live: &BTreeSet<String>,
    stale: &mut HashMap<String, u32>,
) {
    let Ok(sessions) = ractor::call_t!(server, NodeServerMessage::GetSessions, 500) else {
        return;
    };
    for session in sessions.values() {
        let Some(name) = session.peer_name.as_ref() else {
            continue;
        };
        let peer = node_id_of(&name.name);
        if live.contains(&peer) {
            stale.remove(&peer);
            continue;
        }
        let polls = stale.entry(peer.clone()).or_insert(0);
        *polls += 1;
        if *polls >= STALE_SESSION_POLLS {
            tracing::info!(%peer, "closing a session that shows no gateway");
            session.actor.stop(Some(String::from("stale session")));
            *polls = 0;
        }
    }
}

/// Dials every configured peer that has no outbound session yet.
async fn dial_missing(
    server: &ActorRef<NodeServerMessage>,
    peers: &[String],
    tls: Option<&ClusterTls>,
    dialled: &mut HashMap<String, SocketAddr>,
) {
    let open: BTreeSet<String> = match ractor::call_t!(server, NodeServerMessage::GetSessions, 500)
    {
        Ok(sessions) => sessions
            .values()
            .filter(|session| !session.is_server)
            .map(|session| session.peer_addr.clone())
            .collect(),
        Err(_) => return,
    };
    for peer in peers {
        if dialled
            .get(peer)
            .is_some_and(|addr| open.contains(&addr.to_string()))
        {
            continue;
        }
        let timeout = Duration::from_millis(PEER_CONNECT_TIMEOUT_MS);
        let Ok(Ok(mut addrs)) = tokio::time::timeout(timeout, tokio::net::lookup_host(peer)).await
        else {
            continue;
        };
        let Some(addr) = addrs.next() else { continue };
        if open.contains(&addr.to_string()) {
            dialled.insert(peer.clone(), addr);
            continue;
        }
        match tokio::time::timeout(timeout, dial(server, peer, addr, tls)).await {
            Ok(Ok(())) => {
                dialled.insert(peer.clone(), addr);
            }
            Ok(Err(err)) => tracing::debug!(%peer, error = %err, "peer not reachable yet"),
            Err(_) => tracing::debug!(%peer, "peer dial timed out"),
        }
    }
}

/// Opens a session to `peer` at `addr`: TLS, checking the peer's certificate
/// against the CA and the host named in `peer`, when configured.
async fn dial(
    server: &ActorRef<NodeServerMessage>,
    peer: &str,
    addr: SocketAddr,
    tls: Option<&ClusterTls>,
) -> Result<(), String> {
    let Some(tls) = tls else {
        return ractor_cluster::client_connect(server, addr)
            .await
            .map_err(|err| err.to_string());
    };
    let name = tls::server_name(peer).map_err(|err| err.to_string())?;
    ractor_cluster::client_connect_enc(server, addr, tls.connector(), name)
        .await
        .map_err(|err| err.to_string())
}
