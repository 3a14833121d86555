//! Startup and graceful shutdown of a node.
//!
//! Shutdown on SIGTERM or SIGINT: stop accepting connections, let in-flight
//! requests finish (each waits for its commit), then let every actor drain and exit.

use std::sync::Arc;
use std::time::Duration;

use stampede_actors::cluster::{Cluster, ClusterConfig, ClusterNode};
use stampede_actors::{Shards, ShardsConfig};
use stampede_api::auth::generate_key;
use stampede_api::AppState;
use stampede_protocol::clock::SystemClock;
use stampede_storage::mem::MemStore;
use stampede_storage::redb::RedbStore;
use stampede_storage::SharedStore;
use tracing_subscriber::EnvFilter;

use crate::config::{ServeArgs, StoreKind};
use crate::http_server::{self, ConnectionLimits};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Name of the store file inside `--data-dir`.
pub const STORE_FILE: &str = "stampede.redb";

pub async fn run(args: ServeArgs) -> Result<(), BoxError> {
    init_logging(args.log_json);
    args.check()?;
    // Declared before everything that uses the store, so that it drops last: the
    // FoundationDB network thread stops on every way out of this function, after
    // the actors drained (on success) or as the error unwinds the rest.
    #[cfg(feature = "fdb")]
    let fdb_network = boot_fdb_network(&args)?;
    let store = open_store(&args)?;
    let admin_key = match args.admin_key.clone().filter(|k| !k.is_empty()) {
        Some(key) => key,
        None => {
            let key = generate_key();
            // Printed once, on purpose: this is the only way to learn a generated key.
            println!("STAMPEDE_ADMIN_KEY={key}");
            key
        }
    };
    let config = shards_config(&args);
    let cluster = Cluster::single(args.node_id.clone());
    let shards = Shards::with_cluster(store, Arc::new(SystemClock), config, cluster);
    let cluster_node = if args.clustered() {
        let config = ClusterConfig {
            node_id: args.node_id.clone(),
            listen_port: args.cluster_port,
            advertise_host: args.cluster_advertise_host.clone(),
            peers: args.peers.clone(),
            cookie: args.cluster_cookie.clone().unwrap_or_default(),
        };
        let node = ClusterNode::start(shards.clone(), config).await?;
        tracing::info!(node = %args.node_id, port = args.cluster_port, peers = ?args.peers, "cluster listener started");
        Some(node)
    } else {
        None
    };
    let state = AppState {
        shards: shards.clone(),
        auth: Arc::new(args.auth.build(&admin_key).await?),
        metrics: stampede_api::telemetry::prometheus(),
    };
    // Finishes bulk jobs a crashed node left running (on any node of a cluster).
    let resumer = stampede_api::jobs::spawn_resumer(state.clone()).await?;
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    tracing::info!(addr = %listener.local_addr()?, store = ?args.store, "stampede listening");
    let limits = ConnectionLimits {
        header_read_timeout: Duration::from_secs(args.header_read_timeout_secs),
        body_read_timeout: Duration::from_secs(args.body_read_timeout_secs),
        max_connections: usize::try_from(args.max_connections)?,
    };
    http_server::serve(
        listener,
        stampede_api::router(state),
        limits,
        shutdown_signal(),
    )
    .await?;
    resumer.stop();
    if let Some(node) = cluster_node {
        tracing::info!("leaving the cluster");
        node.stop().await;
    }
    tracing::info!("draining actors");
    shards
        .shutdown(Duration::from_secs(args.shutdown_grace_secs))
        .await;
    #[cfg(feature = "fdb")]
    {
        drop(shards);
        drop(fdb_network);
    }
    tracing::info!("stopped");
    Ok(())
}

/// The actor system's tunables from the flags.
fn shards_config(args: &ServeArgs) -> ShardsConfig {
    ShardsConfig {
        mailbox_capacity: args.mailbox_capacity.max(1),
        max_live_actors: args.max_live_actors.max(1),
        tenant_live_share_percent: args.tenant_actor_share_percent,
        idle_passivate: Duration::from_secs(args.idle_passivate_secs.max(1)),
        idempotency_retention: Duration::from_secs(
            args.idempotency_retention_hours.saturating_mul(60 * 60),
        ),
    }
}

fn open_store(args: &ServeArgs) -> Result<SharedStore, BoxError> {
    match args.store {
        StoreKind::Mem => {
            tracing::warn!("running on the in-memory store: nothing survives a restart");
            Ok(Arc::new(MemStore::new()))
        }
        StoreKind::Redb => {
            std::fs::create_dir_all(&args.data_dir)?;
            let path = args.data_dir.join(STORE_FILE);
            Ok(Arc::new(RedbStore::open(&path)?))
        }
        #[cfg(feature = "fdb")]
        StoreKind::Fdb => Ok(Arc::new(stampede_storage::FdbStore::open(
            args.fdb_cluster_file.as_deref(),
        )?)),
    }
}

/// Starts FoundationDB's network thread when the node runs on it (once per process;
/// the returned guard stops it when dropped).
#[cfg(feature = "fdb")]
fn boot_fdb_network(args: &ServeArgs) -> Result<Option<stampede_storage::FdbNetwork>, BoxError> {
    match args.store {
        StoreKind::Fdb => Ok(Some(stampede_storage::FdbNetwork::boot()?)),
        StoreKind::Redb | StoreKind::Mem => {
            if args.fdb_cluster_file.is_some() {
                tracing::warn!(store = ?args.store, "--fdb-cluster-file ignored: not on FoundationDB");
            }
            Ok(None)
        }
    }
}

fn init_logging(json: bool) {
    let filter = EnvFilter::try_from_env("STAMPEDE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %err, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
