//! Runs the fault scenario over many seeds. `SIM_SEED=n` replays one seed,
//! `SIM_SEEDS=n` runs seeds `0..n` (default 40), `SIM_BASE=b` runs `b..b+n`.

use stampede_sim_tests::{run_seed, ScenarioConfig};

fn seeds() -> Vec<u64> {
    stampede_sim_tests::seeds(40)
}

#[test]
fn flash_sale_under_storage_faults_keeps_invariants() {
    let config = ScenarioConfig::default();
    let mut totals = (0usize, 0usize, 0usize);
    for seed in seeds() {
        match run_seed(seed, &config) {
            Ok(outcome) => {
                totals.0 += outcome.acknowledged;
                totals.1 += outcome.refused;
                totals.2 += outcome.gave_up;
            }
            Err(violation) => panic!(
                "seed {seed} violated an invariant: {violation}\nreplay with SIM_SEED={seed}"
            ),
        }
    }
    // The scenario must exercise both sides: successes and limit refusals.
    assert!(
        totals.0 > 0 && totals.1 > 0,
        "scenario exercised nothing: {totals:?}"
    );
}

#[test]
fn heavy_faults_keep_invariants() {
    let config = ScenarioConfig {
        fault_rate: 0.4,
        max_uses: 50,
        ..ScenarioConfig::default()
    };
    for seed in seeds().into_iter().take(10) {
        if let Err(violation) = run_seed(seed, &config) {
            panic!("seed {seed} violated an invariant: {violation}\nreplay with SIM_SEED={seed}");
        }
    }
}

/// Several sales at once: their actors' batches share commit transactions
/// (the node's commit queue), so an unknown or failed shared commit must
/// acknowledge none of its parts that did not land.
#[test]
fn many_codes_under_storage_faults_keep_invariants() {
    let config = ScenarioConfig {
        codes: 4,
        fault_rate: 0.2,
        max_uses: 40,
        ..ScenarioConfig::default()
    };
    let mut acknowledged = 0;
    for seed in seeds() {
        match run_seed(seed, &config) {
            Ok(outcome) => acknowledged += outcome.acknowledged,
            Err(violation) => panic!(
                "seed {seed} violated an invariant: {violation}\nreplay with SIM_SEED={seed}"
            ),
        }
    }
    assert!(acknowledged > 0, "the scenario sold nothing");
}
