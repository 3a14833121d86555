//! Group commit across actors (`coupon/commit_queue.rs`): many codes each
//! with a decision or two share storage transactions, and under injected
//! faults a shared transaction never acknowledges a decision it did not
//! make durable, nor counts one twice.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use stampede_actors::{ActorError, RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::SystemClock;
use stampede_storage::{MemFaults, MemStore, SharedStore};

mod support;

const TENANT: &str = "t";

fn request(user: String) -> RedeemRequest {
    RedeemRequest {
        provenance: Default::default(),
        user_id: Some(user),
        ..RedeemRequest::default()
    }
}

fn shards(store: &SharedStore) -> Shards {
    Shards::new(
        store.clone(),
        Arc::new(SystemClock),
        ShardsConfig::default(),
    )
}

async fn codes(store: &SharedStore, count: usize, max_uses: u64) -> Vec<String> {
    let mut codes = Vec::with_capacity(count);
    for i in 0..count {
        let code = format!("C{i:04}");
        support::insert(store, TENANT, &support::coupon(&code, Some(max_uses), None)).await;
        codes.push(code);
    }
    codes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_codes_share_transactions() {
    const CODES: usize = 200;
    let mem = MemStore::with_seed(1);
    let store: SharedStore = Arc::new(mem.clone());
    let codes = codes(&store, CODES, 10).await;
    let shards = shards(&store);
    // Slow commits, as a disk's fsync is: what arrives meanwhile waits for
    // the next transaction, whichever actor it comes from.
    mem.set_faults(MemFaults {
        commit_latency: Some(Duration::from_millis(5)),
        ..MemFaults::default()
    });
    // Activations' claims of their codes share transactions too.
    let before = mem.committed_version();
    let reads = codes.iter().map(|code| {
        let (shards, code) = (shards.clone(), code.clone());
        tokio::spawn(async move { shards.get(TENANT, &code).await })
    });
    for read in futures::future::join_all(reads).await {
        read.unwrap().unwrap();
    }
    let claims = mem.committed_version() - before;
    assert!(
        claims < (CODES / 4) as u64,
        "{CODES} activations took {claims} transactions"
    );
    let before = mem.committed_version();
    let redeems = codes.iter().enumerate().map(|(i, code)| {
        let (shards, code) = (shards.clone(), code.clone());
        tokio::spawn(async move { shards.redeem(TENANT, &code, request(format!("u{i}"))).await })
    });
    for redeem in futures::future::join_all(redeems).await {
        redeem.unwrap().unwrap();
    }
    let transactions = mem.committed_version() - before;
    assert!(
        transactions < (CODES / 4) as u64,
        "{CODES} actors' commits took {transactions} transactions"
    );
    for code in &codes {
        let (coupon, successes) = support::stored(&store, TENANT, &format!("cpn_{code}")).await;
        assert_eq!((coupon.uses_count, successes.len()), (1, 1), "{code}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_transactions_under_faults_never_acknowledge_falsely() {
    for seed in 0..4u64 {
        let mem = MemStore::with_seed(seed);
        let store: SharedStore = Arc::new(mem.clone());
        let codes = codes(&store, 40, 5).await;
        mem.set_faults(MemFaults {
            not_committed: 0.15,
            commit_unknown_result: 0.15,
            transaction_too_old: 0.02,
            commit_latency: Some(Duration::from_millis(2)),
            commit_latency_jitter: Duration::from_millis(2),
        });
        let shards = shards(&store);
        let attempts = (0..400).map(|i| {
            let (shards, code) = (shards.clone(), codes[i % codes.len()].clone());
            tokio::spawn(async move {
                let answer = shards.redeem(TENANT, &code, request(format!("u{i}"))).await;
                (code, answer)
            })
        });
        let mut acknowledged = HashSet::new();
        for attempt in futures::future::join_all(attempts).await {
            match attempt.unwrap() {
                (_, Ok(redemption)) => assert!(acknowledged.insert(redemption.id)),
                (_, Err(ActorError::Refused { .. } | ActorError::Unavailable(_))) => {}
                (code, Err(other)) => panic!("{code}: unexpected {other:?}"),
            }
        }
        mem.set_faults(MemFaults::default());
        let mut stored_ids = HashSet::new();
        for code in &codes {
            let (coupon, successes) = support::stored(&store, TENANT, &format!("cpn_{code}")).await;
            assert_eq!(
                coupon.uses_count as usize,
                successes.len(),
                "seed {seed}: {code}"
            );
            assert!(coupon.uses_count <= 5, "seed {seed}: {code} over max_uses");
            stored_ids.extend(successes.into_iter().map(|r| r.id));
        }
        assert!(
            acknowledged.is_subset(&stored_ids),
            "seed {seed}: an acknowledged redemption is missing"
        );
    }
}
