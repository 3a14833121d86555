//! Deterministic assignment: a subject's variant from a stable hash of the
//! experiment id and the subject, mapped to basis points and matched against
//! the cumulative allocation. The same inputs give the same variant on every
//! node, forever; the stored assignment keeps it when the allocation changes.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use stampede_protocol::experiment::{Experiment, ALLOCATION_BASIS_POINTS};

/// The subject key of a user or a session: `user:<id>` / `session:<id>`.
pub fn subject(user_id: Option<&str>, session_id: Option<&str>) -> Option<String> {
    match (user_id, session_id) {
        (Some(user), None) => Some(format!("user:{user}")),
        (None, Some(session)) => Some(format!("session:{session}")),
        _ => None,
    }
}

/// Where `subject` lands in `[0, ALLOCATION_BASIS_POINTS)` for `experiment_id`.
pub fn bucket(experiment_id: &str, subject: &str) -> u64 {
    let mut hash = Sha256::new();
    hash.update(experiment_id.as_bytes());
    hash.update([0u8]);
    hash.update(subject.as_bytes());
    let digest = hash.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % ALLOCATION_BASIS_POINTS
}

/// A percentage in basis points (`30.25` → 3025).
pub fn basis_points(percent: Decimal) -> u64 {
    (percent * Decimal::ONE_HUNDRED)
        .round()
        .to_u64()
        .unwrap_or(0)
}

/// The index of the variant `bucket` falls in: the first whose cumulative
/// allocation exceeds it (the last one takes any rounding remainder).
pub fn variant_at(allocation: &[Decimal], bucket: u64) -> usize {
    let mut cumulative = 0;
    for (i, share) in allocation.iter().enumerate() {
        cumulative += basis_points(*share);
        if bucket < cumulative {
            return i;
        }
    }
    allocation.len().saturating_sub(1)
}

/// The variant index the hash gives `subject` in `experiment`.
pub fn hashed_variant(experiment: &Experiment, subject: &str) -> usize {
    variant_at(&experiment.allocation, bucket(&experiment.id, subject))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_stable_and_spread() {
        assert_eq!(bucket("exp_1", "user:a"), bucket("exp_1", "user:a"));
        assert_ne!(bucket("exp_1", "user:a"), bucket("exp_2", "user:a"));
        let allocation = [Decimal::from(30), Decimal::from(70)];
        let first = (0..10_000)
            .filter(|i| variant_at(&allocation, bucket("exp_x", &format!("user:{i}"))) == 0)
            .count();
        assert!((2_800..=3_200).contains(&first), "{first}");
    }

    #[test]
    fn cumulative_allocation_bounds() {
        let allocation = [Decimal::new(3025, 2), Decimal::new(6975, 2)];
        assert_eq!(variant_at(&allocation, 0), 0);
        assert_eq!(variant_at(&allocation, 3024), 0);
        assert_eq!(variant_at(&allocation, 3025), 1);
        assert_eq!(variant_at(&allocation, 9_999), 1);
        assert_eq!(subject(Some("u"), None).as_deref(), Some("user:u"));
        assert_eq!(subject(None, Some("s")).as_deref(), Some("session:s"));
        assert_eq!(subject(Some("u"), Some("s")), None);
        assert_eq!(subject(None, None), None);
    }
}
