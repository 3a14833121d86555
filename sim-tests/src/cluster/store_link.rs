//! Each node's link to the shared store, which the schedule can cut: a node
//! cut off from the store (its FoundationDB client cannot reach the cluster)
//! still serves HTTP and its peers, but every transaction it begins times out.
//! A link may also be slow: a node in a region away from FoundationDB's
//! primary waits a round trip to it for each transaction.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use stampede_storage::{SharedStore, StorageError, Store, Transaction};

/// How long a cut-off node waits before its transaction gives up (1031).
const CUT_OFF_TIMEOUT_MS: u64 = 100;

/// The store links of every node of a run.
#[derive(Clone)]
pub struct StoreLinks {
    store: SharedStore,
    cut: Arc<Mutex<BTreeMap<String, Arc<AtomicBool>>>>,
    delay_ms: Arc<Mutex<BTreeMap<String, Arc<AtomicU64>>>>,
}

impl StoreLinks {
    pub fn new(store: SharedStore) -> Self {
        Self {
            store,
            cut: Arc::default(),
            delay_ms: Arc::default(),
        }
    }

    /// `node`'s view of the store: the shared one, unless its link is cut.
    pub fn store_for(&self, node: &str) -> SharedStore {
        Arc::new(Link {
            inner: self.store.clone(),
            cut: self.flag(node),
            delay_ms: self.delay_of(node),
        })
    }

    /// Cuts (`true`) or restores (`false`) `node`'s link.
    pub fn set_cut(&self, node: &str, cut: bool) {
        self.flag(node).store(cut, Ordering::SeqCst);
    }

    /// Makes every transaction `node` begins wait `delay` first (zero: none).
    pub fn set_delay(&self, node: &str, delay: Duration) {
        let ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.delay_of(node).store(ms, Ordering::SeqCst);
    }

    fn delay_of(&self, node: &str) -> Arc<AtomicU64> {
        let mut delays = self.delay_ms.lock().unwrap_or_else(|e| e.into_inner());
        delays.entry(node.to_owned()).or_default().clone()
    }

    fn flag(&self, node: &str) -> Arc<AtomicBool> {
        // A poisoned map only means another thread panicked mid-insert; the
        // flags in it are still whole.
        let mut cut = self.cut.lock().unwrap_or_else(|e| e.into_inner());
        cut.entry(node.to_owned()).or_default().clone()
    }
}

struct Link {
    inner: SharedStore,
    cut: Arc<AtomicBool>,
    delay_ms: Arc<AtomicU64>,
}

#[async_trait]
impl Store for Link {
    async fn begin(&self) -> Result<Box<dyn Transaction>, StorageError> {
        let delay = self.delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        if self.cut.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(CUT_OFF_TIMEOUT_MS)).await;
            return Err(StorageError::TransactionTimedOut);
        }
        self.inner.begin().await
    }

    fn backend_name(&self) -> &'static str {
        self.inner.backend_name()
    }
}
