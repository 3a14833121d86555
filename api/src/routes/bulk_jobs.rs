//! The bulk job worker's former home; jobs live in [`crate::jobs`] (not a
//! route module). Kept so that `routes::bulk_jobs::…` paths still resolve.

pub use crate::jobs::redeem::*;
pub use crate::jobs::*;
