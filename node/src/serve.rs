//! Startup and graceful shutdown of a node.
//!
//! Shutdown on SIGTERM or SIGINT: stop accepting connections, let in-flight
//! requests finish (each waits for its commit), then let every actor drain and exit.

use std::sync::Arc;
use std::time::Duration;

use stampede_actors::cluster::{Cluster, ClusterConfig, ClusterNode, ClusterTls};
use stampede_actors::records::Records;
use stampede_actors::webhooks::WebhookSettings;
use stampede_actors::{Shards, ShardsConfig};
use stampede_api::webhook_http::HttpSender;
use stampede_api::AppState;
use stampede_protocol::clock::SystemClock;
use stampede_storage::mem::MemStore;
use stampede_storage::redb::RedbStore;
use stampede_storage::SharedStore;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

use crate::config::{GrpcListen, RotateRootKeyArgs, ServeArgs, StoreArgs, StoreKind};
use crate::http_server::{self, ConnectionLimits};
use crate::otel::Traces;
use crate::root_key::{self, RootKey};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Name of the store file inside `--data-dir`.
pub const STORE_FILE: &str = "stampede.redb";

pub async fn run(args: ServeArgs) -> Result<(), BoxError> {
    let traces = init_logging(&args)?;
    let served = serve(args).await;
    if let Some(traces) = traces {
        traces.shutdown().await;
    }
    served
}

async fn serve(args: ServeArgs) -> Result<(), BoxError> {
    args.check()?;
    // Refused before anything is opened: a short key is a configuration error.
    if let Some(key) = args.admin_key.as_deref().filter(|key| !key.is_empty()) {
        root_key::check(key)?;
    }
    // Declared before everything that uses the store, so that it drops last: the
    // FoundationDB network thread stops on every way out of this function, after
    // the actors drained (on success) or as the error unwinds the rest.
    #[cfg(feature = "fdb")]
    let fdb_network = boot_fdb_network(&args.storage)?;
    let store = open_store(&args.storage)?;
    let root = root_key::settle(&Records::new(store.clone()), args.admin_key.as_deref()).await?;
    announce(&root);
    let config = shards_config(&args)?;
    let cluster = Cluster::single_in(args.node_id.clone(), args.region.clone());
    let shards = Shards::with_cluster(store, Arc::new(SystemClock), config, cluster);
    let cluster_node = start_cluster(&args, &shards).await?;
    let state = AppState {
        shards: shards.clone(),
        auth: Arc::new(args.auth.build(root.hash()).await?),
        metrics: stampede_api::telemetry::prometheus(),
    };
    // Finishes bulk jobs a crashed node left running (on any node of a cluster).
    let resumer = stampede_api::jobs::spawn_resumer(state.clone()).await?;
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    tracing::info!(addr = %listener.local_addr()?, store = ?args.storage.store, "stampede listening");
    let limits = ConnectionLimits {
        header_read_timeout: Duration::from_secs(args.header_read_timeout_secs),
        body_read_timeout: Duration::from_secs(args.body_read_timeout_secs),
        max_connections: usize::try_from(args.max_connections)?,
    };
    let stop = Stop::on_signal();
    let router = stampede_api::router(state);
    let grpc_limits = stampede_grpc::GrpcLimits {
        max_connections: limits.max_connections,
        ..stampede_grpc::GrpcLimits::default()
    };
    let grpc = start_grpc(args.grpc_listen, router.clone(), grpc_limits, stop.clone()).await?;
    // The web console beside the REST routes; its pages call them in process.
    let served = router
        .clone()
        .nest(stampede_console::PREFIX, stampede_console::router(router));
    // From the stop signal on, /readyz answers 503 and the node leaves the
    // ring (if `preStop` has not already made it leave).
    let leaving = async {
        stop.wait().await;
        if shards.cluster().begin_leaving() {
            shards.hand_off();
        }
    };
    http_server::serve(listener, served, limits, leaving).await?;
    if let Some(grpc) = grpc {
        grpc.await??;
    }
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

/// The shutdown signal, awaited by both listeners.
#[derive(Clone)]
struct Stop(tokio::sync::watch::Receiver<bool>);

impl Stop {
    fn on_signal() -> Self {
        let (sender, receiver) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = sender.send(true);
        });
        Stop(receiver)
    }

    /// Resolves once the signal came (or can no longer come).
    async fn wait(mut self) {
        let _ = self.0.wait_for(|stopped| *stopped).await;
    }
}

/// Binds the gRPC listener (a failure to bind fails the start, as HTTP's
/// does) and serves the checkout service on it until `stop`.
async fn start_grpc(
    listen: GrpcListen,
    router: axum::Router,
    limits: stampede_grpc::GrpcLimits,
    stop: Stop,
) -> Result<Option<tokio::task::JoinHandle<Result<(), BoxError>>>, BoxError> {
    let GrpcListen::On(addr) = listen else {
        return Ok(None);
    };
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(addr = %listener.local_addr()?, "gRPC listening");
    Ok(Some(tokio::spawn(async move {
        stampede_grpc::serve(listener, router, limits, stop.wait())
            .await
            .map_err(BoxError::from)
    })))
}

/// Says which root key is in use: a generated key is printed this once (the
/// only way to learn it); a stored one is never shown again.
fn announce(root: &RootKey) {
    match root {
        RootKey::Configured(_) => {}
        RootKey::Generated { key, .. } => println!("STAMPEDE_ADMIN_KEY={key}"),
        RootKey::Stored(_) => println!(
            "a stored root key is in use (generated on an earlier start; \
             `stampede rotate-root-key` replaces it)"
        ),
    }
}

/// The actor system's tunables from the flags.
fn shards_config(args: &ServeArgs) -> Result<ShardsConfig, BoxError> {
    Ok(ShardsConfig {
        mailbox_capacity: args.mailbox_capacity.max(1),
        max_live_actors: args.max_live_actors.max(1),
        tenant_live_share_percent: args.tenant_actor_share_percent,
        idle_passivate: Duration::from_secs(args.idle_passivate_secs.max(1)),
        idempotency_retention: Duration::from_secs(
            args.idempotency_retention_hours.saturating_mul(60 * 60),
        ),
        webhooks: webhook_settings(args)?,
    })
}

/// Joins the cluster when peers or a cookie are configured: sessions are
/// mutual TLS when the TLS files are given.
async fn start_cluster(args: &ServeArgs, shards: &Shards) -> Result<Option<ClusterNode>, BoxError> {
    let tls = match args.tls_files()? {
        Some(files) => Some(ClusterTls::from_files(&files)?),
        None => None,
    };
    if !args.clustered() {
        if tls.is_some() {
            tracing::warn!("--cluster-tls-* ignored: this node has no peers and no cookie");
        }
        return Ok(None);
    }
    let config = ClusterConfig {
        node_id: args.node_id.clone(),
        listen_port: args.cluster_port,
        advertise_host: args.cluster_advertise_host.clone(),
        bind: args.cluster_bind,
        peers: args.peers.clone(),
        cookie: args.cluster_cookie.clone().unwrap_or_default(),
        tls: tls.clone(),
    };
    let node = ClusterNode::start(shards.clone(), config).await?;
    tracing::info!(node = %args.node_id, port = args.cluster_port, peers = ?args.peers,
        tls = tls.is_some(), "cluster listener started");
    Ok(Some(node))
}

/// `stampede rotate-root-key`: a new root key replaces the stored hash and is
/// printed once. Nodes that run without `STAMPEDE_ADMIN_KEY` accept it (and
/// stop accepting the old one) from their next start.
pub async fn rotate_root_key(args: RotateRootKeyArgs) -> Result<(), BoxError> {
    if args.storage.store == StoreKind::Mem {
        return Err("an in-memory store keeps no root key to rotate".into());
    }
    #[cfg(feature = "fdb")]
    let fdb_network = boot_fdb_network(&args.storage)?;
    let store = open_store(&args.storage)?;
    let key = root_key::rotate(&Records::new(store.clone())).await?;
    drop(store);
    #[cfg(feature = "fdb")]
    drop(fdb_network);
    println!("STAMPEDE_ADMIN_KEY={key}");
    eprintln!(
        "the stored root key was replaced: restart the nodes that run without \
         STAMPEDE_ADMIN_KEY; until then they accept the previous key"
    );
    Ok(())
}

fn open_store(args: &StoreArgs) -> Result<SharedStore, BoxError> {
    match args.store {
        StoreKind::Mem => {
            tracing::warn!("running on the in-memory store: nothing survives a restart");
            Ok(Arc::new(MemStore::new()))
        }
        StoreKind::Redb => {
            std::fs::create_dir_all(&args.data_dir)?;
            let path = args.data_dir.join(STORE_FILE);
            let cache = usize::try_from(args.store_cache_mb << 20)?;
            Ok(Arc::new(RedbStore::open_with_cache(&path, cache)?))
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
fn boot_fdb_network(args: &StoreArgs) -> Result<Option<stampede_storage::FdbNetwork>, BoxError> {
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

/// Installs the log output (filtered by `STAMPEDE_LOG`) and, when an OTLP
/// endpoint is configured, the trace exporter beside it.
fn init_logging(args: &ServeArgs) -> Result<Option<Traces>, BoxError> {
    let filter =
        || EnvFilter::try_from_env("STAMPEDE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let (plain, json) = if args.log_json {
        (None, Some(fmt::layer().json().with_filter(filter())))
    } else {
        (Some(fmt::layer().with_filter(filter())), None)
    };
    let (otel, traces) = match Traces::start(&args.traces, &args.node_id)? {
        Some((layer, traces)) => (Some(layer), Some(traces)),
        None => (None, None),
    };
    let installed = tracing_subscriber::registry()
        .with(plain)
        .with(json)
        .with(otel)
        .try_init()
        .is_ok();
    if installed && traces.is_some() {
        stampede_actors::traces::enable();
        tracing::info!(service = %args.traces.service_name(), "exporting traces over OTLP");
    }
    Ok(traces)
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

/// Webhook delivery over HTTP, with the flags' attempts, backoff and SSRF
/// guard.
fn webhook_settings(args: &ServeArgs) -> Result<WebhookSettings, BoxError> {
    let sender = HttpSender::new(args.webhooks_allow_private)?;
    Ok(WebhookSettings {
        sender: Some(Arc::new(sender)),
        max_attempts: args.webhook_max_attempts,
        base_backoff: Duration::from_millis(args.webhook_backoff_ms),
        ..WebhookSettings::default()
    })
}
