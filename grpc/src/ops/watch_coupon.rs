//! `WatchCoupon`: a coupon's uses and status as they change, for live
//! dashboards. The first message is sent at once; then the coupon is read
//! every `interval_ms` through the REST edge (so the key is checked on every
//! read, and a revoked key ends the watch) and a message is sent when its
//! uses, limit or status moved. The watch ends when the client goes away or
//! a read fails (the stream's last item is that error).
//!
//! Watches are bounded per node ([`MAX_WATCHES`]); past it a new one is
//! refused `overloaded`.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use stampede_protocol::ErrorCode;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};

use crate::convert::answer;
use crate::edge::Edge;
use crate::ops::get_coupon::{self, Key};
use crate::ops::{reply, Incoming};
use crate::proto::{CouponUsage, WatchCouponRequest};
use crate::status;

/// Watches open on a node at once, at most.
pub const MAX_WATCHES: usize = 1_024;
/// Bounds of `interval_ms`, and its value when the request leaves it 0.
pub const MIN_INTERVAL_MS: u32 = 100;
pub const MAX_INTERVAL_MS: u32 = 60_000;
pub const DEFAULT_INTERVAL_MS: u32 = 1_000;
/// Messages queued for a slow client before the watch waits for it.
const QUEUE_DEPTH: usize = 4;

/// The stream of a watch.
pub type UsageStream = ReceiverStream<Result<CouponUsage, Status>>;

/// The node's bound on open watches.
#[derive(Clone)]
pub struct Watches {
    open: Arc<Semaphore>,
}

impl Default for Watches {
    fn default() -> Self {
        Self {
            open: Arc::new(Semaphore::new(MAX_WATCHES)),
        }
    }
}

pub async fn run(
    edge: &Edge,
    watches: &Watches,
    request: Request<WatchCouponRequest>,
) -> Result<Response<UsageStream>, Status> {
    let Incoming {
        metadata,
        peer,
        message,
    } = Incoming::of(request);
    let interval = interval(message.interval_ms)?;
    let key = Key::of_watch(message.key)?;
    let permit = watches.open.clone().try_acquire_owned().map_err(|_| {
        let detail = format!("{MAX_WATCHES} coupon watches are open on this node");
        status::of(ErrorCode::Overloaded, detail, None)
    })?;
    let (coupon, answer) = get_coupon::read(edge, &metadata, peer, &key).await?;
    let (sender, receiver) = mpsc::channel(QUEUE_DEPTH);
    let first = answer::usage(&coupon, now());
    let watch = Watch {
        edge: edge.clone(),
        metadata,
        peer,
        key,
        interval,
        _permit: permit,
    };
    tokio::spawn(watch.run(first, sender));
    Ok(reply(ReceiverStream::new(receiver), answer.request_id))
}

fn interval(ms: u32) -> Result<Duration, Status> {
    let ms = if ms == 0 { DEFAULT_INTERVAL_MS } else { ms };
    if !(MIN_INTERVAL_MS..=MAX_INTERVAL_MS).contains(&ms) {
        let detail = format!("between {MIN_INTERVAL_MS} and {MAX_INTERVAL_MS} ms, or 0");
        return Err(status::invalid("interval_ms", detail));
    }
    Ok(Duration::from_millis(u64::from(ms)))
}

fn now() -> prost_types::Timestamp {
    prost_types::Timestamp::from(SystemTime::now())
}

/// One open watch, owned by its task.
struct Watch {
    edge: Edge,
    metadata: tonic::metadata::MetadataMap,
    peer: Option<std::net::SocketAddr>,
    key: Key,
    interval: Duration,
    _permit: OwnedSemaphorePermit,
}

impl Watch {
    async fn run(self, first: CouponUsage, sender: mpsc::Sender<Result<CouponUsage, Status>>) {
        let mut last = first.clone();
        if sender.send(Ok(first)).await.is_err() {
            return;
        }
        loop {
            tokio::select! {
                () = sender.closed() => return,
                () = tokio::time::sleep(self.interval) => {}
            }
            let read = get_coupon::read(&self.edge, &self.metadata, self.peer, &self.key).await;
            let usage = match read {
                Ok((coupon, _)) => answer::usage(&coupon, now()),
                Err(status) => {
                    let _ = sender.send(Err(status)).await;
                    return;
                }
            };
            let moved = (usage.uses_count, usage.max_uses, &usage.status)
                != (last.uses_count, last.max_uses, &last.status);
            if moved {
                last = usage.clone();
                if sender.send(Ok(usage)).await.is_err() {
                    return;
                }
            }
        }
    }
}
