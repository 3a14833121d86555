//! Each node's link to the shared store, which the schedule can cut: a node
//! cut off from the store (its FoundationDB client cannot reach the cluster)
//! still serves HTTP and its peers, but every transaction it begins times out.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
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
}

impl StoreLinks {
    pub fn new(store: SharedStore) -> Self {
        Self {
            store,
            cut: Arc::default(),
        }
    }

    /// `node`'s view of the store: the shared one, unless its link is cut.
    pub fn store_for(&self, node: &str) -> SharedStore {
        Arc::new(Link {
            inner: self.store.clone(),
            cut: self.flag(node),
        })
    }

    /// Cuts (`true`) or restores (`false`) `node`'s link.
    pub fn set_cut(&self, node: &str, cut: bool) {
        self.flag(node).store(cut, Ordering::SeqCst);
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
}

#[async_trait]
impl Store for Link {
    async fn begin(&self) -> Result<Box<dyn Transaction>, StorageError> {
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
