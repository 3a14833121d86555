//! The HTTP listener: hyper's HTTP/1 connections over the API router, with
//! the bounds a public edge needs.
//!
//! * **Header read timeout** — a client that opens a connection and sends its
//!   request head slowly (or half of it, and stops) is cut off after
//!   `header_read_timeout` instead of holding a connection forever.
//! * **Connection cap** — at most `max_connections` at once; past it the
//!   listener stops accepting (new clients wait in the kernel's backlog) rather
//!   than growing without bound.
//! * **Graceful shutdown** — on the signal, the listener stops accepting, each
//!   connection finishes the request it is serving and closes, and `serve`
//!   returns once all have closed.
//!
//! * **Body read timeout** — a request body that does not arrive within
//!   `body_read_timeout` fails its read, and the request is refused, so a slow
//!   upload cannot hold a connection either.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

/// Bounds on the listener's connections.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_read_timeout: Duration,
    pub body_read_timeout: Duration,
    pub max_connections: usize,
}

/// `router` with every request body's read bounded by `timeout`.
fn with_body_timeout(router: axum::Router, timeout: Duration) -> axum::Router {
    router.layer(axum::middleware::map_request(
        move |request: axum::extract::Request| async move {
            request.map(|body| axum::body::Body::new(TimeoutBody::new(timeout, body)))
        },
    ))
}

/// Serves `router` on `listener` until `shutdown` resolves, then drains.
pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let router = with_body_timeout(router, limits.body_read_timeout);
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: back off, keep serving.
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // Reap finished connections so the set stays as small as the live ones.
        while connections.try_join_next().is_some() {}
        // The peer's address, for the failed-authentication limit per source.
        let service = TowerToHyperService::new(router.clone().map_request(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            },
        ));
        let mut stop = stop_rx.clone();
        let header_timeout = limits.header_read_timeout;
        connections.spawn(async move {
            let _permit = permit;
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(err) = result {
                tracing::debug!(%peer, error = %err, "connection ended with an error");
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    use super::*;

    async fn start(limits: ConnectionLimits) -> std::net::SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let addr = listener.local_addr().expect("an address");
        let router = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
        tokio::spawn(serve(listener, router, limits, std::future::pending()));
        addr
    }

    fn limits(max_connections: usize) -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: Duration::from_millis(300),
            body_read_timeout: Duration::from_millis(300),
            max_connections,
        }
    }

    /// Reads until the server closes the connection; answers what it sent.
    async fn read_to_close(stream: &mut TcpStream) -> String {
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer));
        read.await
            .expect("closed within the bound")
            .expect("a read");
        String::from_utf8_lossy(&answer).into_owned()
    }

    #[tokio::test]
    async fn a_half_sent_request_head_is_cut_off() {
        let addr = start(limits(16)).await;
        let mut slow = TcpStream::connect(addr).await.expect("a connection");
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .expect("a write");
        let started = Instant::now();
        let answer = read_to_close(&mut slow).await;
        assert!(started.elapsed() < Duration::from_secs(3), "{answer}");
        assert!(!answer.contains("200 OK"), "{answer}");
    }

    #[tokio::test]
    async fn a_whole_request_is_served_and_the_cap_frees_on_close() {
        let addr = start(limits(1)).await;
        for _ in 0..3 {
            // With one connection allowed, each can be served only once the
            // one before has closed.
            let mut client = TcpStream::connect(addr).await.expect("a connection");
            client
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .await
                .expect("a write");
            let answer = read_to_close(&mut client).await;
            assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
        }
    }
}
