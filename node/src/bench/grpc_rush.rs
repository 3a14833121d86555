//! The rush over gRPC: the same closed-loop workers, clock and statistics as
//! [`super::rush`], calling the checkout service's `Redeem` instead of
//! `POST /redemptions`.
//!
//! gRPC multiplexes calls over HTTP/2, so workers share connections: one per
//! [`WORKERS_PER_CONNECTION`] workers (256 workers make 8 connections), as a
//! checkout service's client pool would. Each worker still has one call in
//! flight at a time.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Instant;

use stampede_grpc::proto::checkout_client::CheckoutClient;
use stampede_grpc::proto::{CartItem, Context, RedeemRequest};
use tokio::task::JoinSet;
use tonic::metadata::MetadataValue;
use tonic::transport::{Channel, Endpoint};
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

use super::rush::Plan;
use super::stats::{self, Outcome, Report, Shards, Verdict};
use crate::serve::BoxError;

/// Workers sharing one HTTP/2 connection.
pub const WORKERS_PER_CONNECTION: usize = 32;

/// Where and as whom the calls go.
pub struct Target {
    /// e.g. `http://127.0.0.1:8081`.
    pub url: String,
    pub key: String,
    /// Sent as `x-tenant-id` unless empty.
    pub tenant: String,
    pub timeout: std::time::Duration,
}

/// Runs the plan's redemptions of `code` over gRPC.
pub async fn run(target: &Target, code: &str, plan: Plan) -> Result<Report, BoxError> {
    let cpu_before = stats::own_cpu();
    let connections = plan.connections.max(1);
    let channels = open_channels(target, connections.div_ceil(WORKERS_PER_CONNECTION)).await?;
    let shards = Arc::new(Shards::new(connections)?);
    let auth: MetadataValue<_> = format!("Bearer {}", target.key).parse()?;
    let tenant: Option<MetadataValue<_>> = match target.tenant.as_str() {
        "" => None,
        tenant => Some(tenant.parse()?),
    };
    let started = Instant::now();
    let measure_from = started + plan.warmup;
    let stop_at = measure_from + plan.duration;
    let mut workers = JoinSet::new();
    for id in 0..connections {
        let worker = Worker {
            id,
            client: CheckoutClient::new(channels[id % channels.len()].clone()),
            code: code.to_owned(),
            auth: auth.clone(),
            tenant: tenant.clone(),
            shards: Arc::clone(&shards),
            measure_from,
            stop_at,
        };
        workers.spawn(worker.run());
    }
    while let Some(joined) = workers.join_next().await {
        joined.map_err(|err| format!("a load worker failed: {err}"))?;
    }
    let finished = Instant::now();
    let shards = Arc::into_inner(shards).ok_or("load workers still hold the statistics")?;
    Ok(Report {
        cpu: stats::own_cpu()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before)),
        tally: shards.merge()?,
        measured_for: finished.saturating_duration_since(measure_from),
        warmup: plan.warmup,
    })
}

async fn open_channels(target: &Target, count: usize) -> Result<Vec<Channel>, BoxError> {
    let mut channels = Vec::with_capacity(count);
    for _ in 0..count {
        let endpoint = Endpoint::from_shared(target.url.clone())?
            .timeout(target.timeout)
            .tcp_nodelay(true);
        channels.push(endpoint.connect().await?);
    }
    Ok(channels)
}

/// One closed-loop worker.
struct Worker {
    id: usize,
    client: CheckoutClient<Channel>,
    code: String,
    auth: MetadataValue<tonic::metadata::Ascii>,
    tenant: Option<MetadataValue<tonic::metadata::Ascii>>,
    shards: Arc<Shards>,
    measure_from: Instant,
    stop_at: Instant,
}

impl Worker {
    async fn run(mut self) {
        let mut seq: u64 = 0;
        loop {
            let sent = Instant::now();
            if sent >= self.stop_at {
                break;
            }
            seq += 1;
            let request = self.request(seq);
            let outcome = match self.client.redeem(request).await {
                Ok(_) => Outcome {
                    verdict: Verdict::Success,
                    label: Cow::Borrowed("OK"),
                },
                Err(status) => outcome_of(&status),
            };
            self.shards
                .record(self.id, outcome, sent.elapsed(), sent >= self.measure_from);
        }
    }

    /// Redemption `seq` of this worker, by buyer `u-<worker>-<seq>`, with the
    /// one-line cart the REST rush sends.
    fn request(&self, seq: u64) -> Request<RedeemRequest> {
        let message = RedeemRequest {
            coupon_code: self.code.clone(),
            user_id: Some(format!("u-{}-{seq}", self.id)),
            context: Some(Context {
                currency: Some(String::from("GBP")),
                items: vec![CartItem {
                    sku: Some(String::from("S1")),
                    quantity: 1,
                    price: String::from("20"),
                    ..CartItem::default()
                }],
                ..Context::default()
            }),
            ..RedeemRequest::default()
        };
        let mut request = Request::new(message);
        let metadata = request.metadata_mut();
        metadata.insert("authorization", self.auth.clone());
        if let Some(tenant) = &self.tenant {
            metadata.insert("x-tenant-id", tenant.clone());
        }
        request
    }
}

/// A refusal is labelled by its error code; a status that may come after the
/// decision was made (unavailable, deadline, internal, unknown) is an unknown
/// outcome, as a REST 5xx or timeout is.
fn outcome_of(status: &Status) -> Outcome {
    let reason = status
        .get_details_error_info()
        .map(|info| info.reason)
        .unwrap_or_else(|| format!("{:?}", status.code()));
    let unknown = matches!(
        status.code(),
        Code::Unavailable
            | Code::DeadlineExceeded
            | Code::Internal
            | Code::Unknown
            | Code::Cancelled
    );
    Outcome {
        verdict: if unknown {
            Verdict::Unknown
        } else {
            Verdict::Refused
        },
        label: Cow::Owned(format!("{:?} {reason}", status.code())),
    }
}
