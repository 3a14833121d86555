//! Configuration of `stampede serve`: every flag is also a `STAMPEDE_*` variable.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use stampede_actors::cluster::TlsFiles;
use stampede_actors::shards::DEFAULT_TENANT_LIVE_SHARE_PERCENT;
use stampede_protocol::limits::{
    DEFAULT_IDEMPOTENCY_RETENTION_HOURS, MAX_IDEMPOTENCY_RETENTION_HOURS,
    MIN_IDEMPOTENCY_RETENTION_HOURS,
};

/// Which storage backend a node runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    /// Embedded, durable, one file in `--data-dir` (the default).
    Redb,
    /// In memory: for demos and tests only; everything is lost at exit.
    Mem,
    /// FoundationDB: the cluster named by `--fdb-cluster-file`; nodes sharing one
    /// cluster share one store.
    #[cfg(feature = "fdb")]
    Fdb,
}

/// Where a node's store is: `stampede serve` and `stampede rotate-root-key`
/// open the same one.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// Directory of the embedded store.
    #[arg(long, env = "STAMPEDE_DATA_DIR", default_value = "./stampede-data")]
    pub data_dir: PathBuf,
    /// Storage backend.
    #[arg(long, env = "STAMPEDE_STORE", value_enum, default_value_t = StoreKind::Redb)]
    pub store: StoreKind,
    /// Memory the embedded store may use to cache its pages, in MiB. The
    /// node's resident memory is this plus its live actors.
    #[arg(long, env = "STAMPEDE_STORE_CACHE_MB", default_value_t = stampede_storage::redb::DEFAULT_CACHE_MIB,
        value_parser = clap::value_parser!(u64).range(stampede_storage::redb::MIN_CACHE_MIB..=stampede_storage::redb::MAX_CACHE_MIB))]
    pub store_cache_mb: u64,
    /// FoundationDB cluster file for `--store fdb`. When unset, FoundationDB's
    /// default: `$FDB_CLUSTER_FILE`, then `/etc/foundationdb/fdb.cluster`.
    #[cfg(feature = "fdb")]
    #[arg(long, env = "STAMPEDE_FDB_CLUSTER_FILE")]
    pub fdb_cluster_file: Option<PathBuf>,
}

/// `stampede rotate-root-key`: replaces the stored hash of the generated root
/// key with a new key's, printed once.
#[derive(Debug, Clone, Args)]
pub struct RotateRootKeyArgs {
    #[command(flatten)]
    pub storage: StoreArgs,
}

/// Distributed traces: exported over OTLP/gRPC only when an endpoint is set.
#[derive(Debug, Clone, Args)]
pub struct TraceArgs {
    /// OTLP/gRPC collector that receives this node's spans (e.g.
    /// `http://localhost:4317`); `OTEL_EXPORTER_OTLP_ENDPOINT` when unset.
    /// Neither set: no traces are exported and no span is opened.
    #[arg(long, env = "STAMPEDE_OTLP_ENDPOINT")]
    pub otlp_endpoint: Option<String>,
    /// The `service.name` of exported spans; `OTEL_SERVICE_NAME` when unset,
    /// else `stampede`.
    #[arg(long, env = "STAMPEDE_OTEL_SERVICE_NAME")]
    pub otel_service_name: Option<String>,
}

/// The variable OpenTelemetry SDKs read their collector's address from.
const OTEL_ENDPOINT_VAR: &str = "OTEL_EXPORTER_OTLP_ENDPOINT";
/// The variable OpenTelemetry SDKs read the service's name from.
const OTEL_SERVICE_NAME_VAR: &str = "OTEL_SERVICE_NAME";

impl TraceArgs {
    /// Where spans go, if anywhere: the flag, else OpenTelemetry's variable.
    pub fn endpoint(&self) -> Option<String> {
        let from_env = || std::env::var(OTEL_ENDPOINT_VAR).ok();
        self.otlp_endpoint
            .clone()
            .or_else(from_env)
            .map(|e| e.trim().to_owned())
            .filter(|e| !e.is_empty())
    }

    /// The service name spans are exported under.
    pub fn service_name(&self) -> String {
        let from_env = || std::env::var(OTEL_SERVICE_NAME_VAR).ok();
        self.otel_service_name
            .clone()
            .or_else(from_env)
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| String::from("stampede"))
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address the HTTP API listens on.
    #[arg(long, env = "STAMPEDE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Address the gRPC checkout service (with health checking and
    /// reflection) listens on; `off` serves no gRPC.
    #[arg(long, env = "STAMPEDE_GRPC_LISTEN", default_value = stampede_grpc::DEFAULT_GRPC_LISTEN,
        value_parser = grpc_listen)]
    pub grpc_listen: GrpcListen,
    #[command(flatten)]
    pub storage: StoreArgs,
    /// Root API key, at least 32 bytes. When unset, a random key is generated
    /// and printed once on the first start, and its hash kept in the store:
    /// later starts accept the same key (`stampede rotate-root-key` replaces it).
    #[arg(long, env = "STAMPEDE_ADMIN_KEY", hide_env_values = true)]
    pub admin_key: Option<String>,
    /// Messages one coupon actor queues before refusing with 429.
    #[arg(long, env = "STAMPEDE_MAILBOX_CAPACITY", default_value_t = 8_192)]
    pub mailbox_capacity: usize,
    /// Coupon actors alive at once on this node.
    #[arg(long, env = "STAMPEDE_MAX_LIVE_ACTORS", default_value_t = 100_000)]
    pub max_live_actors: usize,
    /// Seconds an idle coupon actor stays alive.
    #[arg(long, env = "STAMPEDE_IDLE_PASSIVATE_SECS", default_value_t = 60)]
    pub idle_passivate_secs: u64,
    /// Log format.
    #[arg(long, env = "STAMPEDE_LOG_JSON", default_value_t = false)]
    pub log_json: bool,
    /// Seconds a client may take to send a request's head (method, path and
    /// headers) before its connection is closed.
    #[arg(long, env = "STAMPEDE_HEADER_READ_TIMEOUT_SECS", default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..=300))]
    pub header_read_timeout_secs: u64,
    /// Seconds a client may take to send a request's body.
    #[arg(long, env = "STAMPEDE_BODY_READ_TIMEOUT_SECS", default_value_t = 30,
        value_parser = clap::value_parser!(u64).range(1..=600))]
    pub body_read_timeout_secs: u64,
    /// HTTP connections open at once; past it the node stops accepting until
    /// one closes.
    #[arg(long, env = "STAMPEDE_MAX_CONNECTIONS", default_value_t = 10_000,
        value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
    /// Hours an idempotency key answers with its stored response. Past them
    /// the key is free (a request under it is a new one) and its record is
    /// deleted in the background.
    #[arg(long, env = "STAMPEDE_IDEMPOTENCY_RETENTION_HOURS",
        default_value_t = DEFAULT_IDEMPOTENCY_RETENTION_HOURS,
        value_parser = clap::value_parser!(u64)
            .range(MIN_IDEMPOTENCY_RETENTION_HOURS..=MAX_IDEMPOTENCY_RETENTION_HOURS))]
    pub idempotency_retention_hours: u64,
    /// Send webhooks to private, loopback and link-local addresses too. Off by
    /// default: a tenant's endpoint URL must not reach into the operator's
    /// network (SSRF). For tests and receivers on the same private network.
    #[arg(long, env = "STAMPEDE_WEBHOOKS_ALLOW_PRIVATE")]
    pub webhooks_allow_private: bool,
    /// Attempts at one event before its delivery is set aside as dead.
    #[arg(long, env = "STAMPEDE_WEBHOOK_MAX_ATTEMPTS", default_value_t = 8,
        value_parser = clap::value_parser!(u32).range(1..=50))]
    pub webhook_max_attempts: u32,
    /// Milliseconds of backoff after a failed delivery; doubles with each
    /// failure after (plus up to a quarter of jitter), at most an hour.
    #[arg(long, env = "STAMPEDE_WEBHOOK_BACKOFF_MS", default_value_t = 5_000,
        value_parser = clap::value_parser!(u64).range(10..=3_600_000))]
    pub webhook_backoff_ms: u64,
    /// Seconds to wait for in-flight work at shutdown.
    #[arg(long, env = "STAMPEDE_SHUTDOWN_GRACE_SECS", default_value_t = 30)]
    pub shutdown_grace_secs: u64,
    /// This node's id on the ring; unique in the cluster.
    #[arg(long, env = "STAMPEDE_NODE_ID", default_value = "node-1")]
    pub node_id: String,
    /// This node's region: 1-32 characters of `[a-z0-9-]`. A tenant's keys
    /// are placed on the nodes of its home region
    /// (`PUT /v1/promotions/cluster/home-region`).
    #[arg(long, env = "STAMPEDE_REGION", default_value = "default",
        value_parser = parse_region)]
    pub region: String,
    #[command(flatten)]
    pub traces: TraceArgs,
    /// Other nodes' cluster addresses (`host:port,…`). Empty: a cluster of one.
    #[arg(long, env = "STAMPEDE_PEERS", value_delimiter = ',')]
    pub peers: Vec<String>,
    /// Port of this node's cluster listener (peer sessions).
    #[arg(long, env = "STAMPEDE_CLUSTER_PORT", default_value_t = 7400)]
    pub cluster_port: u16,
    /// Host other nodes reach this node's cluster port at.
    #[arg(
        long,
        env = "STAMPEDE_CLUSTER_ADVERTISE_HOST",
        default_value = "127.0.0.1"
    )]
    pub cluster_advertise_host: String,
    /// Shared secret of the cluster's sessions. Setting it (or `--peers`) starts
    /// the cluster listener.
    #[arg(long, env = "STAMPEDE_CLUSTER_COOKIE", hide_env_values = true)]
    pub cluster_cookie: Option<String>,
    /// Address the cluster listener binds. Default: the advertise host's
    /// address; `0.0.0.0` (or `::`) listens on every interface, only when given.
    #[arg(long, env = "STAMPEDE_CLUSTER_BIND")]
    pub cluster_bind: Option<IpAddr>,
    /// This node's certificate chain (PEM) for mutual TLS between nodes. With
    /// `--cluster-tls-key` and `--cluster-tls-ca`, every peer session is TLS
    /// and both ends' certificates must chain to the CA.
    #[arg(long, env = "STAMPEDE_CLUSTER_TLS_CERT")]
    pub cluster_tls_cert: Option<PathBuf>,
    /// This node's private key (PEM) for `--cluster-tls-cert`.
    #[arg(long, env = "STAMPEDE_CLUSTER_TLS_KEY")]
    pub cluster_tls_key: Option<PathBuf>,
    /// The CA (PEM) every node's certificate is issued by.
    #[arg(long, env = "STAMPEDE_CLUSTER_TLS_CA")]
    pub cluster_tls_ca: Option<PathBuf>,
    /// Share of `--max-live-actors` one tenant's coupon actors may take, in
    /// percent; past it that tenant's activations are refused 503.
    #[arg(long, env = "STAMPEDE_TENANT_ACTOR_SHARE_PERCENT",
        default_value_t = DEFAULT_TENANT_LIVE_SHARE_PERCENT,
        value_parser = clap::value_parser!(u8).range(1..=100))]
    pub tenant_actor_share_percent: u8,
    /// JWT, rate limits and failed authentications.
    #[command(flatten)]
    pub auth: Box<crate::auth_args::AuthArgs>,
}

impl ServeArgs {
    /// Whether this node joins a cluster (listens for and dials peers).
    pub fn clustered(&self) -> bool {
        !self.peers.is_empty() || self.cluster_cookie.is_some()
    }

    /// Refuses configurations that would be unsafe rather than fail later: nodes of
    /// one cluster must share one store, or the owner fence means nothing.
    pub fn check(&self) -> Result<(), String> {
        self.tls_files()?;
        if !self.clustered() {
            return Ok(());
        }
        if self.cluster_cookie.is_none() {
            return Err(String::from("--peers needs --cluster-cookie"));
        }
        match self.storage.store {
            #[cfg(feature = "fdb")]
            StoreKind::Fdb => Ok(()),
            _ => Err(String::from(
                "a cluster needs a store all nodes share: run with --store fdb \
                 (redb and mem are one node's own)",
            )),
        }
    }
}

/// A `--region` value, checked as the ring checks it.
fn parse_region(value: &str) -> Result<String, String> {
    if stampede_actors::cluster::valid_region(value) {
        Ok(value.to_owned())
    } else {
        Err(String::from("a region is 1-32 characters of [a-z0-9-]"))
    }
}

impl ServeArgs {
    /// The TLS files of the cluster sessions: all three flags or none.
    pub fn tls_files(&self) -> Result<Option<TlsFiles>, String> {
        match (
            &self.cluster_tls_cert,
            &self.cluster_tls_key,
            &self.cluster_tls_ca,
        ) {
            (None, None, None) => Ok(None),
            (Some(cert), Some(key), Some(ca)) => Ok(Some(TlsFiles {
                cert: cert.clone(),
                key: key.clone(),
                ca: ca.clone(),
            })),
            _ => Err(String::from(
                "--cluster-tls-cert, --cluster-tls-key and --cluster-tls-ca go together",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::ServeArgs;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }

    fn parse(args: &[&str]) -> Result<ServeArgs, clap::Error> {
        let argv = std::iter::once("stampede").chain(args.iter().copied());
        Cli::try_parse_from(argv).map(|cli| cli.serve)
    }

    #[test]
    fn tls_flags_go_together_and_the_bind_address_is_explicit() {
        let none = parse(&[]).unwrap();
        assert_eq!(none.tls_files(), Ok(None));
        assert_eq!(none.cluster_bind, None);
        let all = parse(&[
            "--cluster-tls-cert=c.pem",
            "--cluster-tls-key=k.pem",
            "--cluster-tls-ca=ca.pem",
            "--cluster-bind=0.0.0.0",
        ])
        .unwrap();
        assert!(matches!(all.tls_files(), Ok(Some(files)) if files.ca.ends_with("ca.pem")));
        assert_eq!(all.cluster_bind, Some([0, 0, 0, 0].into()));
        let partial = parse(&["--cluster-tls-cert=c.pem"]).unwrap();
        assert!(partial.tls_files().is_err());
        assert!(partial.check().is_err());
    }

    fn retention(args: &[&str]) -> Result<u64, clap::Error> {
        let argv = std::iter::once("stampede").chain(args.iter().copied());
        Cli::try_parse_from(argv).map(|cli| cli.serve.idempotency_retention_hours)
    }

    #[test]
    fn idempotency_retention_defaults_to_a_day_and_is_range_checked() {
        assert_eq!(retention(&[]).unwrap(), 24);
        assert_eq!(
            retention(&["--idempotency-retention-hours", "1"]).unwrap(),
            1
        );
        assert_eq!(
            retention(&["--idempotency-retention-hours", "720"]).unwrap(),
            720
        );
        for refused in ["0", "721", "-1", "day"] {
            assert!(
                retention(&["--idempotency-retention-hours", refused]).is_err(),
                "{refused}"
            );
        }
    }
}

/// Where the gRPC edge listens, or that there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrpcListen {
    Off,
    On(SocketAddr),
}

fn grpc_listen(text: &str) -> Result<GrpcListen, String> {
    if text == "off" {
        return Ok(GrpcListen::Off);
    }
    text.parse()
        .map(GrpcListen::On)
        .map_err(|err| format!("an address (127.0.0.1:8081) or `off`: {err}"))
}
