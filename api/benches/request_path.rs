//! `cargo bench -p stampede-api --bench request_path`: one request through the
//! whole edge without the network — the body decoded, authenticated, routed
//! to the code's actor, decided, committed (for a redemption) and encoded —
//! on the node's router over the in-memory store, many requests at once on a
//! two-worker runtime as the node runs. The figure is time per request across
//! all callers; beside `stampede bench ceiling`'s echo rate it says how much
//! of the node's request cost is the HTTP stack's.
//!
//! * `redeem_hot_code` — distinct buyers redeeming one code (group commit).
//! * `redeem_sold_out` — one code with no use left: every answer a refusal
//!   from the actor's state, nothing written.
//! * `validate` — `POST /validate` of one code.
//!
//! CI runs it briefly in the test profile (`--profile dev`), as a report
//! that shows regressions, never as a timed assertion.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use criterion::{criterion_group, criterion_main, Criterion};
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::SystemClock;
use tokio::runtime::Runtime;
use tower::ServiceExt;

const ROOT_KEY: &str = "bench-root-key";
const TENANT: &str = "bench";
/// Requests in flight at once, as a loaded node has.
const CALLERS: u64 = 64;
const CART: &str = r#""currency":"GBP","items":[{"sku":"S1","quantity":1,"price":20}]"#;

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

fn router() -> Router {
    let config = ShardsConfig {
        idle_passivate: Duration::from_secs(600),
        ..ShardsConfig::default()
    };
    let shards = Shards::new(testing::memory_store(), Arc::new(SystemClock), config);
    stampede_api::router(AppState {
        shards,
        auth: Arc::new(Auth::new(ROOT_KEY)),
        metrics: stampede_api::telemetry::prometheus(),
    })
}

fn request(path: &str, body: String) -> Request<Body> {
    Request::post(path)
        .header("authorization", format!("Bearer {ROOT_KEY}"))
        .header("x-tenant-id", TENANT)
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("a request")
}

/// Sends one request; answers its status.
async fn send(app: &Router, path: &str, body: String) -> StatusCode {
    let response = app
        .clone()
        .oneshot(request(path, body))
        .await
        .expect("the router answers");
    let status = response.status();
    axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("a body");
    status
}

/// Creates a coupon with code `code` and `max_uses`.
fn coupon(rt: &Runtime, app: &Router, code: &str, max_uses: u64) {
    let body =
        format!(r#"{{"code":"{code}","type":"percentage","value":10,"max_uses":{max_uses}}}"#);
    let status = rt.block_on(send(app, "/v1/promotions/coupons", body));
    assert_eq!(status, StatusCode::CREATED, "creating {code}");
}

/// Runs `iters` requests split over [`CALLERS`] tasks, each sending the body
/// `make(n)` and expecting `expect`; answers the wall time.
fn rush(
    rt: &Runtime,
    app: &Router,
    iters: u64,
    path: &'static str,
    expect: StatusCode,
    make: fn(u64) -> String,
) -> Duration {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let started = Instant::now();
    rt.block_on(async {
        let tasks: Vec<_> = (0..CALLERS)
            .map(|caller| {
                let app = app.clone();
                let share = iters / CALLERS + u64::from(caller < iters % CALLERS);
                tokio::spawn(async move {
                    for _ in 0..share {
                        let n = NEXT.fetch_add(1, Ordering::Relaxed);
                        assert_eq!(send(&app, path, make(n)).await, expect);
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("a caller");
        }
    });
    started.elapsed()
}

fn redeem_body(code: &str, n: u64) -> String {
    format!(r#"{{"coupon_code":"{code}","user_id":"u-{n}","context":{{{CART}}}}}"#)
}

fn request_path(c: &mut Criterion) {
    let rt = runtime();
    let app = router();
    coupon(&rt, &app, "HOT", 1_000_000_000);
    coupon(&rt, &app, "GONE", 1);
    let first = rt.block_on(send(
        &app,
        "/v1/promotions/redemptions",
        redeem_body("GONE", 0),
    ));
    assert_eq!(first, StatusCode::CREATED);
    let mut group = c.benchmark_group("request_path");
    group.bench_function("redeem_hot_code", |b| {
        b.iter_custom(|iters| {
            let path = "/v1/promotions/redemptions";
            rush(&rt, &app, iters, path, StatusCode::CREATED, |n| {
                redeem_body("HOT", n)
            })
        })
    });
    group.bench_function("redeem_sold_out", |b| {
        b.iter_custom(|iters| {
            let path = "/v1/promotions/redemptions";
            rush(&rt, &app, iters, path, StatusCode::CONFLICT, |n| {
                redeem_body("GONE", n)
            })
        })
    });
    group.bench_function("validate", |b| {
        b.iter_custom(|iters| {
            rush(
                &rt,
                &app,
                iters,
                "/v1/promotions/validate",
                StatusCode::OK,
                |n| format!(r#"{{"codes":["HOT"],"context":{{"user_id":"u-{n}",{CART}}}}}"#),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, request_path);
criterion_main!(benches);
