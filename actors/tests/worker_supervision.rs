//! Periodic workers run as ractor actors under a ractor supervisor: a round
//! that panics fails the worker, the supervisor starts a fresh one from its
//! factory, and rounds go on; a worker whose work is over stops for good.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use stampede_actors::workers::{self, Factory, Worker};

/// Counts its rounds; panics on the rounds listed, stops after `last`.
struct Flaky {
    rounds: Arc<AtomicUsize>,
    panics_on: &'static [usize],
    last: usize,
}

impl Worker for Flaky {
    fn name(&self) -> &'static str {
        "flaky"
    }

    fn period(&self) -> Duration {
        Duration::from_millis(5)
    }

    fn round(&mut self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            let round = self.rounds.fetch_add(1, Ordering::SeqCst) + 1;
            assert!(
                !self.panics_on.contains(&round),
                "injected panic in round {round}"
            );
            round < self.last
        })
    }
}

fn factory(
    rounds: Arc<AtomicUsize>,
    made: Arc<AtomicUsize>,
    panics_on: &'static [usize],
    last: usize,
) -> Factory {
    Arc::new(move || {
        made.fetch_add(1, Ordering::SeqCst);
        Box::new(Flaky {
            rounds: rounds.clone(),
            panics_on,
            last,
        })
    })
}

async fn until(what: impl Fn() -> bool) {
    for _ in 0..2_000 {
        if what() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("timed out");
}

#[tokio::test]
async fn a_failed_worker_is_restarted_and_rounds_go_on() {
    let (rounds, made) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let supervised = workers::supervise(factory(rounds.clone(), made.clone(), &[2, 4], 1_000_000))
        .await
        .unwrap();
    until(|| rounds.load(Ordering::SeqCst) >= 8).await;
    // Rounds 2 and 4 panicked: two restarts, each a fresh worker.
    assert_eq!(supervised.restarts(), 2);
    assert_eq!(made.load(Ordering::SeqCst), 3);
    supervised.stop();
}

#[tokio::test]
async fn a_worker_whose_work_is_over_is_not_restarted() {
    let (rounds, made) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let supervised = workers::supervise(factory(rounds.clone(), made.clone(), &[], 3))
        .await
        .unwrap();
    until(|| rounds.load(Ordering::SeqCst) >= 3).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(rounds.load(Ordering::SeqCst), 3, "no round after the last");
    assert_eq!(supervised.restarts(), 0);
    assert_eq!(made.load(Ordering::SeqCst), 1);
}
