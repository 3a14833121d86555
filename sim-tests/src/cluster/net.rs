//! The simulated network: the real HTTP API and the real peer protocol, carried by
//! turmoil's TCP so partitions, latency and crashes apply to them.
//!
//! * [`SimListener`] lets `axum::serve` accept turmoil connections.
//! * [`post_json`] is a minimal HTTP/1.1 client (hyper) for simulated clients;
//!   [`get_status`] probes a node (`/readyz`).
//! * [`SimTransport`] / [`serve_peers`] carry `PeerRequest`/`PeerReply` frames
//!   between nodes, length-prefixed, one connection per request. Production uses
//!   `ractor_cluster` sessions instead (see `actors::cluster::gateway`); its
//!   session code draws OS randomness and binds real sockets, which a
//!   deterministic simulation cannot contain. Everything above the transport —
//!   routing, the codec, the owner's serving path, handoff, fencing — is the
//!   production code.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use async_trait::async_trait;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use stampede_actors::cluster::membership::PEER_CONNECT_TIMEOUT_MS;
use stampede_actors::cluster::{serve, Transport, TransportError};
use stampede_actors::Shards;
use stampede_protocol::wire::MAX_PEER_FRAME_BYTES;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use turmoil::net::{TcpListener, TcpStream};

/// Port of every node's HTTP API.
pub const HTTP_PORT: u16 = 8080;
/// Port of every node's peer listener.
pub const PEER_PORT: u16 = 7400;

/// `axum::serve` over turmoil connections.
pub struct SimListener(pub TcpListener);

impl axum::serve::Listener for SimListener {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.0.accept().await {
                Ok(accepted) => return accepted,
                Err(_) => tokio::time::sleep(Duration::from_millis(1)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// The answer of one HTTP call.
pub struct HttpReply {
    pub status: u16,
    pub body: serde_json::Value,
}

/// POSTs `body` to `http://{host}:8080{path}` as the root key on `tenant`.
pub async fn post_json(
    host: &str,
    path: &str,
    tenant: &str,
    root_key: &str,
    idempotency_key: Option<&str>,
    body: &serde_json::Value,
) -> Result<HttpReply, String> {
    let stream = TcpStream::connect((host, HTTP_PORT))
        .await
        .map_err(|e| format!("connect {host}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake {host}: {e}"))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let mut request = hyper::Request::post(path)
        .header("host", host)
        .header("content-type", "application/json")
        .header("x-api-key", root_key)
        .header("x-tenant-id", tenant);
    if let Some(key) = idempotency_key {
        request = request.header("idempotency-key", key);
    }
    let request = request
        .body(Full::new(Bytes::from(body.to_string())))
        .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("request {host}: {e}"))?;
    let status = response.status().as_u16();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("body {host}: {e}"))?
        .to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    Ok(HttpReply { status, body })
}

/// The status of `GET http://{host}:8080{path}` (a probe: `/readyz`).
pub async fn get_status(host: &str, path: &str) -> Result<u16, String> {
    let stream = TcpStream::connect((host, HTTP_PORT))
        .await
        .map_err(|e| format!("connect {host}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake {host}: {e}"))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let request = hyper::Request::get(path)
        .header("host", host)
        .body(Full::new(Bytes::new()))
        .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("request {host}: {e}"))?;
    Ok(response.status().as_u16())
}

/// Reaches peers' [`serve_peers`] listeners over turmoil TCP.
pub struct SimTransport;

#[async_trait]
impl Transport for SimTransport {
    async fn call(
        &self,
        peer: &str,
        frame: Vec<u8>,
        timeout: Duration,
    ) -> Result<Vec<u8>, TransportError> {
        // Connecting proves nothing was delivered yet; anything after may have been.
        // A dial is bounded like production's (a partition drops the SYN).
        let dial = timeout.min(Duration::from_millis(PEER_CONNECT_TIMEOUT_MS));
        let connect = tokio::time::timeout(dial, TcpStream::connect((peer, PEER_PORT))).await;
        let Ok(Ok(mut stream)) = connect else {
            return Err(TransportError::NotDelivered(peer.to_owned()));
        };
        let exchange = async {
            write_frame(&mut stream, &frame).await?;
            read_frame(&mut stream).await
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(_)) => Err(TransportError::Lost(peer.to_owned())),
            Err(_) => Err(TransportError::Timeout(peer.to_owned())),
        }
    }
}

/// Answers peers' frames with the local shards, one task per connection.
pub async fn serve_peers(shards: Shards) -> io::Result<()> {
    let listener = TcpListener::bind(("0.0.0.0", PEER_PORT)).await?;
    loop {
        let (mut stream, _) = listener.accept().await?;
        let shards = shards.clone();
        tokio::spawn(async move {
            let Ok(frame) = read_frame(&mut stream).await else {
                return;
            };
            let answer = serve::handle(&shards, &frame).await;
            let _ = write_frame(&mut stream, &answer).await;
        });
    }
}

async fn write_frame(stream: &mut TcpStream, frame: &[u8]) -> io::Result<()> {
    let len = u32::try_from(frame.len()).map_err(|_| io::Error::other("frame too large"))?;
    stream.write_all(&len.to_be_bytes()).await?;
    stream.write_all(frame).await?;
    stream.flush().await
}

async fn read_frame(stream: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    stream.read_exact(&mut len).await?;
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_PEER_FRAME_BYTES {
        return Err(io::Error::other("frame over the limit"));
    }
    let mut frame = vec![0u8; len];
    stream.read_exact(&mut frame).await?;
    Ok(frame)
}
