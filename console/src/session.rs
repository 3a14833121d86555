//! The credential a console request carries: the headers `console.js` adds to
//! every request htmx makes, kept to pass on to the REST routes.

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use stampede_api::in_process::FORWARDED_HEADERS;

/// Bytes of one forwarded header, at most; a longer one is dropped (the REST
/// edge then refuses the call as unauthenticated).
const MAX_HEADER_BYTES: usize = 8 * 1024;

/// The credential headers of a request, and where it came from.
#[derive(Debug, Clone)]
pub struct Session {
    headers: Vec<(&'static str, Vec<u8>)>,
    pub peer: Option<SocketAddr>,
    /// The path and query the browser asked for (for a page that loads itself
    /// again with the credential).
    pub uri: String,
}

impl Session {
    /// Whether the request carries a key or token at all.
    pub fn signed_in(&self) -> bool {
        self.headers
            .iter()
            .any(|(name, _)| *name == "x-api-key" || *name == "authorization")
    }

    /// The headers to pass on, borrowed.
    pub fn forwarded(&self) -> Vec<(&'static str, &[u8])> {
        self.headers
            .iter()
            .map(|(name, value)| (*name, value.as_slice()))
            .collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let headers = FORWARDED_HEADERS
            .iter()
            .filter_map(|name| {
                let value = parts.headers.get(*name)?;
                (value.len() <= MAX_HEADER_BYTES && !value.is_empty())
                    .then(|| (*name, value.as_bytes().to_vec()))
            })
            .collect();
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0);
        // Under `nest`, the request's own URI has lost the console's prefix.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |original| &original.0);
        let uri = uri
            .path_and_query()
            .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned());
        Ok(Self { headers, peer, uri })
    }
}
