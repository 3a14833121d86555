//! Mutual TLS of peer sessions. A peer session carries forwarded requests that
//! act on any tenant's coupons, and the cookie alone travels in the clear and
//! proves nothing about the host: with TLS every session, accepted or dialled,
//! is encrypted and both ends show a certificate issued by the cluster's own CA.
//! A host that can reach the cluster port without such a certificate never gets
//! a session, whatever cookie it knows.
//!
//! The crypto provider is aws-lc-rs, the one `ractor_cluster`'s `tokio-rustls`
//! already builds, named explicitly so that no second provider is ever chosen
//! implicitly.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, RootCertStore, ServerConfig};
use tokio_rustls::{TlsAcceptor, TlsConnector};

/// Largest certificate, key or CA file read, in bytes: a chain of a few
/// certificates is a few KiB, so anything this large is the wrong file.
pub const MAX_PEM_FILE_BYTES: u64 = 1024 * 1024;

/// Why a node's TLS identity could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is larger than {MAX_PEM_FILE_BYTES} bytes")]
    TooLarge { path: PathBuf },
    #[error("the {what} PEM holds no {expected}")]
    Empty {
        what: &'static str,
        expected: &'static str,
    },
    #[error("the {what} PEM is malformed: {detail}")]
    Pem { what: &'static str, detail: String },
    #[error("invalid cluster TLS configuration: {0}")]
    Config(String),
    #[error("peer address {0:?} names no host a certificate can be checked against")]
    ServerName(String),
}

/// Where a node's cluster identity is: its certificate chain, its private key
/// and the CA every peer's certificate must chain to (PEM files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub ca: PathBuf,
}

/// A node's TLS settings for both sides of a session: the acceptor of its
/// listener (client certificates required) and the connector it dials with
/// (presents its certificate, verifies the peer's).
#[derive(Clone)]
pub struct ClusterTls {
    acceptor: TlsAcceptor,
    connector: TlsConnector,
}

impl fmt::Debug for ClusterTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClusterTls { mutual }")
    }
}

impl ClusterTls {
    /// Loads the identity from PEM files.
    pub fn from_files(files: &TlsFiles) -> Result<Self, TlsError> {
        Self::from_pem(
            &read_pem(&files.cert)?,
            &read_pem(&files.key)?,
            &read_pem(&files.ca)?,
        )
    }

    /// Builds both sides from PEM text: `cert_pem` is the node's chain (its
    /// own certificate first), `key_pem` its private key, `ca_pem` one or more
    /// CA certificates that peers' certificates must chain to.
    pub fn from_pem(cert_pem: &[u8], key_pem: &[u8], ca_pem: &[u8]) -> Result<Self, TlsError> {
        let chain = certificates(cert_pem, "certificate")?;
        let key = PrivateKeyDer::from_pem_slice(key_pem).map_err(|err| match err {
            rustls::pki_types::pem::Error::NoItemsFound => TlsError::Empty {
                what: "key",
                expected: "private key",
            },
            other => TlsError::Pem {
                what: "key",
                detail: other.to_string(),
            },
        })?;
        let roots = Arc::new(trust_roots(ca_pem)?);
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let server = server_config(&provider, &roots, chain.clone(), key.clone_key())?;
        let client = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(config_error)?
            .with_root_certificates(roots)
            .with_client_auth_cert(chain, key)
            .map_err(config_error)?;
        Ok(Self {
            acceptor: TlsAcceptor::from(Arc::new(server)),
            connector: TlsConnector::from(Arc::new(client)),
        })
    }

    /// The listener's side: every accepted session must present a client
    /// certificate that chains to the CA.
    pub fn acceptor(&self) -> TlsAcceptor {
        self.acceptor.clone()
    }

    /// The dialling side: presents this node's certificate and checks the
    /// peer's against the CA and the host it was dialled at.
    pub fn connector(&self) -> TlsConnector {
        self.connector.clone()
    }
}

fn server_config(
    provider: &Arc<CryptoProvider>,
    roots: &Arc<RootCertStore>,
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<ServerConfig, TlsError> {
    // The verifier's builder requires a client certificate unless told
    // otherwise (`allow_unauthenticated`), which is never done here.
    let verifier = WebPkiClientVerifier::builder_with_provider(roots.clone(), provider.clone())
        .build()
        .map_err(config_error)?;
    ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(config_error)?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .map_err(config_error)
}

fn config_error(err: impl fmt::Display) -> TlsError {
    TlsError::Config(err.to_string())
}

/// The host of a peer address (`host:port`, `[v6]:port`) as the name its
/// certificate must carry (a DNS name or an IP address SAN).
pub fn server_name(peer: &str) -> Result<ServerName<'static>, TlsError> {
    let host = match peer.rsplit_once(':') {
        Some((host, port)) if port.parse::<u16>().is_ok() => host,
        _ => peer,
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    ServerName::try_from(host.to_owned()).map_err(|_| TlsError::ServerName(peer.to_owned()))
}

fn certificates(pem: &[u8], what: &'static str) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let chain = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| TlsError::Pem {
            what,
            detail: err.to_string(),
        })?;
    if chain.is_empty() {
        return Err(TlsError::Empty {
            what,
            expected: "certificate",
        });
    }
    Ok(chain)
}

fn trust_roots(ca_pem: &[u8]) -> Result<RootCertStore, TlsError> {
    let mut roots = RootCertStore::empty();
    for ca in certificates(ca_pem, "CA")? {
        roots.add(ca).map_err(|err| TlsError::Pem {
            what: "CA",
            detail: err.to_string(),
        })?;
    }
    Ok(roots)
}

/// Reads a PEM file of at most [`MAX_PEM_FILE_BYTES`].
fn read_pem(path: &Path) -> Result<Vec<u8>, TlsError> {
    let read_error = |source| TlsError::Read {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_PEM_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_PEM_FILE_BYTES {
        return Err(TlsError::TooLarge {
            path: path.to_owned(),
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::server_name;

    #[test]
    fn the_server_name_is_the_host_of_the_peer_address() {
        for (peer, host) in [
            ("127.0.0.1:7400", "127.0.0.1"),
            ("[::1]:7400", "::1"),
            ("node-0.peers.svc:7400", "node-0.peers.svc"),
        ] {
            let name = server_name(peer).unwrap();
            assert_eq!(name.to_str(), host, "{peer}");
        }
        assert!(server_name("bad host:7400").is_err());
    }
}
