//! The FoundationDB client's network thread: selected API version and event loop.
//!
//! FoundationDB allows this once per process, in this order: select the API version,
//! start the network thread, use databases, stop the thread. It can never be started
//! again after it stopped, and a process that exits while it runs may crash in the C
//! library's destructors. [`FdbNetwork`] makes that a value: booting twice is an
//! error instead of the crate's panic, and dropping it stops and joins the thread, so
//! the owner (the `stampede serve` task, a test) stops it by letting it go out of scope
//! after everything that uses the database has finished.

use std::sync::atomic::{AtomicU8, Ordering};

use foundationdb::api::{FdbApiBuilder, NetworkAutoStop};

use crate::error::StorageError;

/// The API version selected at boot: 7.3, the version whose C header the `fdb-7_3`
/// feature of the `foundationdb` crate compiles against. A `libfdb_c` of 7.3 or later
/// serves it.
pub const API_VERSION: i32 = 730;

/// [`NETWORK_STATE`] before the first boot.
const NEVER_BOOTED: u8 = 0;
/// [`NETWORK_STATE`] while an [`FdbNetwork`] is alive.
const RUNNING: u8 = 1;
/// [`NETWORK_STATE`] after the network stopped, or after a boot failed part way:
/// FoundationDB cannot select its API version or run its network a second time.
const FINISHED: u8 = 2;

/// Where this process is in FoundationDB's one-way network life cycle.
static NETWORK_STATE: AtomicU8 = AtomicU8::new(NEVER_BOOTED);

/// The running network thread. Keep it alive while any
/// [`FdbStore`](super::FdbStore) is in use; dropping it stops the thread and waits
/// for it to exit.
pub struct FdbNetwork {
    /// Stops and joins the thread when dropped (the crate aborts the process if
    /// FoundationDB refuses to stop, as running on would be undefined behaviour).
    stop: Option<NetworkAutoStop>,
}

impl std::fmt::Debug for FdbNetwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FdbNetwork").finish_non_exhaustive()
    }
}

impl FdbNetwork {
    /// Selects API version [`API_VERSION`] and starts the network thread.
    ///
    /// Fails when the installed `libfdb_c` does not support it (error 2203), and
    /// when the network was booted before in this process — whether or not it is still
    /// running — because FoundationDB cannot boot it twice.
    ///
    /// Blocks until the thread runs (a few milliseconds): call it at startup.
    pub fn boot() -> Result<Self, StorageError> {
        if NETWORK_STATE
            .compare_exchange(NEVER_BOOTED, RUNNING, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return Err(StorageError::Backend(
                "FoundationDB network already booted in this process (it can run only once)"
                    .to_string(),
            ));
        }
        match Self::start() {
            Ok(stop) => Ok(Self { stop: Some(stop) }),
            Err(err) => {
                NETWORK_STATE.store(FINISHED, Ordering::Release);
                Err(StorageError::Backend(format!(
                    "cannot start the FoundationDB client (API {API_VERSION}): {err} ({})",
                    err.code()
                )))
            }
        }
    }

    fn start() -> Result<NetworkAutoStop, foundationdb::FdbError> {
        let builder = FdbApiBuilder::default()
            .set_runtime_version(API_VERSION)
            .build()?;
        // SAFETY: `boot` requires the returned guard to be dropped before the process
        // exits. It is owned by this `FdbNetwork`, whose `Drop` drops it, and the
        // documented contract of `FdbNetwork` is that its owner keeps it on the stack
        // of the task that runs the program, so it drops on return or unwinding.
        unsafe { builder.boot() }
    }

    /// Whether a network thread is running now, which opening a database requires.
    pub fn is_running() -> bool {
        NETWORK_STATE.load(Ordering::Acquire) == RUNNING
    }
}

impl Drop for FdbNetwork {
    fn drop(&mut self) {
        NETWORK_STATE.store(FINISHED, Ordering::Release);
        // Stops the event loop and joins its thread.
        drop(self.stop.take());
        tracing::info!("FoundationDB network stopped");
    }
}
