//! The bulk job worker's former home; it lives in [`crate::jobs`] (not a route
//! module). Kept so that `routes::bulk_jobs::…` paths still resolve.

pub use crate::jobs::*;
