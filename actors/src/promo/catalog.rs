//! A tenant's promotions, checked and indexed for previews.
//!
//! Codes are found by exact (upper-case) lookup. Automatic promotions are found
//! through [`AutoIndex`] by what they target, so a cart only meets the promotions
//! that could select one of its lines, plus the untargeted ones.

use std::collections::HashMap;

use stampede_protocol::promotion::PromotionDef;

use super::definition::DefinitionError;
pub use super::definition::Promotion;
use super::index::AutoIndex;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CatalogError {
    #[error("promotion {index}: {source}")]
    Invalid {
        index: usize,
        source: DefinitionError,
    },
    #[error("code {0} is used by two promotions")]
    DuplicateCode(String),
    #[error("id {0} is used by two promotions")]
    DuplicateId(String),
}

/// Promotions of one tenant, ready for previews.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub promotions: Vec<Promotion>,
    by_code: HashMap<String, usize>,
    pub index: AutoIndex,
}

impl Catalog {
    pub fn new(promotions: Vec<Promotion>) -> Result<Self, CatalogError> {
        let mut by_code = HashMap::new();
        let mut ids = std::collections::HashSet::new();
        for (i, p) in promotions.iter().enumerate() {
            if !ids.insert(p.def.id.as_str()) {
                return Err(CatalogError::DuplicateId(p.def.id.clone()));
            }
            if let Some(code) = &p.code {
                if by_code.insert(code.clone(), i).is_some() {
                    return Err(CatalogError::DuplicateCode(code.clone()));
                }
            }
        }
        let index = AutoIndex::build(&promotions);
        Ok(Catalog {
            promotions,
            by_code,
            index,
        })
    }

    /// Checks and indexes definitions.
    pub fn from_defs(defs: Vec<PromotionDef>) -> Result<Self, CatalogError> {
        let promotions = defs
            .into_iter()
            .enumerate()
            .map(|(index, def)| {
                Promotion::new(def).map_err(|source| CatalogError::Invalid { index, source })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(promotions)
    }

    /// The promotion redeemed with `code` (case-insensitive).
    pub fn by_code(&self, code: &str) -> Option<usize> {
        self.by_code.get(&code.trim().to_ascii_uppercase()).copied()
    }
}
