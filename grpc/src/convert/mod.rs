//! Protobuf messages to and from the REST edge's JSON.
//!
//! * [`json`] — `google.protobuf.Struct`/`Value`/`Timestamp` and decimal
//!   strings, both ways.
//! * [`request`] — request messages as REST bodies (the checkout context).
//! * [`answer`] — REST answers as reply messages (redemptions, coupons,
//!   validation results).

pub mod answer;
pub mod json;
pub mod request;
