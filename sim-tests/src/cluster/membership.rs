//! Membership as the simulation's schedule dictates it.
//!
//! Every node polls its own entry of the [`Directory`] and adopts it as its ring.
//! The schedule changes entries one node at a time, so during a join or a leave
//! some nodes route by the old ring and some by the new one: two nodes may both
//! believe they own a key, which is exactly the window the owner fence exists for.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use stampede_actors::Shards;

/// How often a node re-reads its view.
pub const VIEW_POLL_MS: u64 = 20;

/// Each node's current view of the members.
#[derive(Clone, Default)]
pub struct Directory {
    views: Arc<Mutex<BTreeMap<String, BTreeSet<String>>>>,
}

impl Directory {
    pub fn set(&self, node: &str, members: &BTreeSet<String>) {
        self.lock().insert(node.to_owned(), members.clone());
    }

    pub fn get(&self, node: &str) -> BTreeSet<String> {
        self.lock().get(node).cloned().unwrap_or_default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, BTreeSet<String>>> {
        self.views
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Keeps `shards`' ring equal to the node's view, handing off moved keys.
pub async fn follow(shards: Shards, directory: Directory, node: String) {
    loop {
        let view = directory.get(&node);
        if !view.is_empty() && shards.cluster().set_members(view) {
            shards.hand_off();
        }
        tokio::time::sleep(Duration::from_millis(VIEW_POLL_MS)).await;
    }
}
