//! `cargo bench -p stampede-actors --bench actors`: a coupon actor's round
//! trip without HTTP or a disk — routing, the mailbox, the actor's message
//! loop, the verdict and (for redemptions) the group commit on the in-memory
//! store — with many callers at once on a two-worker runtime, as the node runs
//! it. The figure is time per operation across all callers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use stampede_actors::{RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::SystemClock;
use stampede_protocol::Context;
use stampede_storage::{MemStore, SharedStore};
use tokio::runtime::Runtime;

#[path = "../tests/support/mod.rs"]
#[allow(dead_code)]
mod support;

const TENANT: &str = "t";

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

fn node(rt: &Runtime, code: &str) -> Shards {
    let store: SharedStore = Arc::new(MemStore::with_seed(1));
    let config = ShardsConfig {
        idle_passivate: Duration::from_secs(600),
        ..ShardsConfig::default()
    };
    let shards = Shards::without_supervisors(store.clone(), Arc::new(SystemClock), config);
    rt.block_on(support::insert(
        &store,
        TENANT,
        &support::coupon(code, None, None),
    ));
    shards
}

/// Runs `iters` operations split over `callers` tasks; answers the wall time.
fn rush<F, Fut>(rt: &Runtime, iters: u64, callers: u64, op: F) -> Duration
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let op = Arc::new(op);
    rt.block_on(async move {
        let started = Instant::now();
        let tasks: Vec<_> = (0..callers)
            .map(|caller| {
                let op = op.clone();
                tokio::spawn(async move {
                    let mut i = caller;
                    while i < iters {
                        op(i).await;
                        i += callers;
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("a caller");
        }
        started.elapsed()
    })
}

fn validate(c: &mut Criterion) {
    let rt = runtime();
    let shards = node(&rt, "HOT");
    c.bench_function("validate, 64 callers", |b| {
        b.iter_custom(|iters| {
            let shards = shards.clone();
            rush(&rt, iters, 64, move |_| {
                let shards = shards.clone();
                async move {
                    let outcome = shards
                        .validate(TENANT, "HOT", None, Context::default())
                        .await;
                    assert!(outcome.is_ok());
                }
            })
        })
    });
}

fn redeem(c: &mut Criterion) {
    let rt = runtime();
    let shards = node(&rt, "RUSH");
    c.bench_function("redeem, 256 callers", |b| {
        b.iter_custom(|iters| {
            let shards = shards.clone();
            rush(&rt, iters, 256, move |i| {
                let shards = shards.clone();
                async move {
                    let request = RedeemRequest {
                        provenance: Default::default(),
                        user_id: Some(format!("u{i}")),
                        ..RedeemRequest::default()
                    };
                    assert!(shards.redeem(TENANT, "RUSH", request).await.is_ok());
                }
            })
        })
    });
}

criterion_group!(benches, validate, redeem);
criterion_main!(benches);
