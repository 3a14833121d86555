//! The gRPC checkout edge: the checkout calls of the REST edge over tonic, on
//! their own port (`stampede serve --grpc-listen`).
//!
//! A gRPC call is answered by the REST edge's own route, called in process:
//! the same authentication, tenancy, scopes, rate limits, validation,
//! idempotency and verdict, routed to the owning shard the same way. gRPC adds
//! only the translation, so the two surfaces cannot drift apart.
//!
//! * [`proto`] — the code generated from `protocol/proto` (the published
//!   contract) by `build.rs`.
//! * [`server`] — the tonic server: the checkout service, `grpc.health.v1`
//!   health checking and server reflection, with the listener's bounds.
//! * [`service`] — the `Checkout` service: one line per call, into [`ops`].
//! * [`ops`] — one file per operation: what it asks the REST edge, and how
//!   the answer becomes the reply.
//! * [`edge`] — the in-process call of the REST router, carrying the call's
//!   metadata (keys, tenant, request ids, `traceparent`) as headers.
//! * [`status`] — a problem answer as a gRPC status: the code mapped by
//!   `stampede_api::error::grpc_code_of`, the stable error code in a
//!   `google.rpc.ErrorInfo` detail.
//! * [`convert`] — protobuf messages to and from the REST edge's JSON.
//! * [`incoming`] — the listener's connections, bounded in number.

pub mod convert;
pub mod edge;
pub mod incoming;
pub mod ops;
pub mod server;
pub mod service;
pub mod status;

/// The generated messages, the `Checkout` server and client, and the
/// descriptor set served by reflection.
pub mod proto {
    #![allow(clippy::all, missing_docs)]
    tonic::include_proto!("stampede.checkout.v1");

    /// The encoded `FileDescriptorSet` of `protocol/proto`, for reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/checkout_descriptor.bin"));
}

pub use server::{serve, GrpcLimits, DEFAULT_GRPC_LISTEN};
