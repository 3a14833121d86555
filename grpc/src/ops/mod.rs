//! One file per gRPC operation: the REST call it makes and the reply it
//! builds from the answer.
//!
//! * [`validate`] — `Validate` (`POST /validate`).
//! * [`preview`] — `Preview` (`POST /preview`).
//! * [`redeem`] — `Redeem` and `Reserve` (`POST /redemptions`).
//! * [`settle`] — `Confirm`, `Release` and `Void` of one redemption.
//! * [`void_by_reference`] — `VoidByReference`.
//! * [`get_coupon`] — `GetCoupon` (by id or by code).
//! * [`get_redemption`] — `GetRedemption`.
//! * [`watch_coupon`] — `WatchCoupon`, a stream of a coupon's usage.

pub mod get_coupon;
pub mod get_redemption;
pub mod preview;
pub mod redeem;
pub mod settle;
pub mod validate;
pub mod void_by_reference;
pub mod watch_coupon;

use std::net::SocketAddr;

use axum::http::HeaderValue;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status};

use crate::edge::{Answer, Call, Edge};
use crate::status;

/// What a path segment keeps unescaped: the unreserved characters of RFC 3986.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A request's metadata, peer address and message.
pub struct Incoming<T> {
    pub metadata: MetadataMap,
    pub peer: Option<SocketAddr>,
    pub message: T,
}

impl<T> Incoming<T> {
    /// Asks the REST edge, with this request's metadata and peer.
    pub async fn ask(&self, edge: &Edge, call: Call<'_>) -> Result<Answer, Status> {
        edge.call(&self.metadata, self.peer, call).await
    }

    pub fn of(request: Request<T>) -> Self {
        let peer = request.remote_addr();
        let (metadata, _, message) = request.into_parts();
        Self {
            metadata,
            peer,
            message,
        }
    }
}

/// An id as one escaped path segment, so no id can name another route;
/// empty is refused naming `field`. The REST route checks the id itself.
pub fn segment(field: &str, id: &str) -> Result<String, Status> {
    if id.is_empty() {
        return Err(status::invalid(field, "is required"));
    }
    Ok(utf8_percent_encode(id, SEGMENT).to_string())
}

/// The reply, with the REST edge's request id echoed as metadata.
pub fn reply<T>(message: T, request_id: Option<HeaderValue>) -> Response<T> {
    let mut response = Response::new(message);
    if let Some(id) = request_id.and_then(|v| v.to_str().ok().and_then(|s| s.parse().ok())) {
        response.metadata_mut().insert("x-request-id", id);
    }
    response
}
