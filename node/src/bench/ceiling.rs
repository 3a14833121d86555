//! The HTTP ceiling: what this machine's HTTP stack and this generator can do
//! with nothing behind them. An axum server, on a runtime of its own (as a
//! node would be), parses each redemption body and echoes it back `201`;
//! the same rush as every bench drives it. Each bench measures it in the
//! same run and prints its own figure as a ratio of it, so figures compare
//! across machines and days.

use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::rush::{self, Plan, RequestKind};
use super::stats::Report;
use super::Api;
use crate::serve::BoxError;

/// Worker threads of the ceiling server's runtime: a node's default on a
/// 2-core machine.
const SERVER_THREADS: usize = 2;

/// The redemption body, as a node reads it (the fields the rush sends).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Body {
    coupon_code: String,
    user_id: Option<String>,
    #[serde(default)]
    context: serde_json::Value,
}

async fn echo(Json(body): Json<Body>) -> (StatusCode, Json<Body>) {
    (StatusCode::CREATED, Json(body))
}

/// Rushes the echo server with `connections` workers for `duration` (after
/// `warmup`), and answers its report.
pub async fn measure(
    connections: usize,
    warmup: Duration,
    duration: Duration,
) -> Result<Report, BoxError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(SERVER_THREADS)
        .enable_all()
        .build()?;
    // Bound here, served on the server's runtime (a runtime cannot be
    // entered from this one's threads to bind there).
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let app = Router::new().route("/v1/promotions/redemptions", post(echo));
    let server = runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, app).await
    });
    let api = Api::new(&format!("http://{addr}"), "ceiling-key", "", 10)?;
    let plan = Plan {
        kind: RequestKind::Redeem {
            code: String::from("CEILING"),
        },
        connections,
        warmup,
        duration,
    };
    let report = rush::run(&api, plan).await;
    server.abort();
    // Dropping a runtime blocks: done off this runtime's threads.
    tokio::task::spawn_blocking(move || drop(runtime)).await?;
    report
}

/// Prints `report`'s rate as a share of the ceiling's.
pub fn print_ratio(noun: &str, report: &Report, ceiling: &Report) {
    let (rate, top) = (report.rate(), ceiling.rate());
    if top > 0.0 {
        println!(
            "ceiling:            {top:.0} requests/s (echo server, same run); {noun} at {:.0}% of it",
            100.0 * rate / top
        );
    }
}
