//! Finding the automatic promotions that could apply to a cart without scanning
//! them all: each targeted promotion is filed under every SKU, product, variant,
//! category path, collection and tag it includes (a bundle under its components'),
//! and only promotions with no include list at all are checked for every cart.
//! A lookup costs a few hash probes per line, independent of how many promotions
//! the tenant has.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use stampede_protocol::promotion::{Discount, PromoItem, Targeting};

use super::definition::Promotion;
use super::evaluate::category_prefixes;

/// Keys are the cart's own strings, probed a few hundred times per preview; a fast
/// non-cryptographic hash is enough since the keys come from the tenant's own
/// promotions and the map is never iterated for output.
type Map = HashMap<String, Vec<u32>, RandomState>;

#[derive(Debug, Clone, Default)]
pub struct AutoIndex {
    skus: Map,
    products: Map,
    variants: Map,
    categories: Map,
    collections: Map,
    tags: Map,
    /// Automatic promotions without an include list: candidates for every cart.
    everywhere: Vec<u32>,
    size: usize,
}

fn file(map: &mut Map, keys: &[String], id: u32) {
    for key in keys {
        let ids = map.entry(key.clone()).or_default();
        if ids.last() != Some(&id) {
            ids.push(id);
        }
    }
}

/// The include lists a promotion is found by; empty when it is untargeted.
fn targets(p: &Promotion) -> Vec<&Targeting> {
    match &p.def.discount {
        Discount::Bundle { components, .. } if !p.def.target.has_includes() => {
            components.iter().map(|c| &c.target).collect()
        }
        _ if p.def.target.has_includes() => vec![&p.def.target],
        _ => Vec::new(),
    }
}

impl AutoIndex {
    pub fn build(promotions: &[Promotion]) -> Self {
        let mut index = AutoIndex {
            size: promotions.len(),
            ..AutoIndex::default()
        };
        for (i, p) in promotions.iter().enumerate() {
            if !p.is_automatic() {
                continue;
            }
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            let targets = targets(p);
            if targets.is_empty() {
                index.everywhere.push(id);
            }
            for t in targets {
                file(&mut index.skus, &t.include_skus, id);
                file(&mut index.products, &t.include_products, id);
                file(&mut index.variants, &t.include_variants, id);
                file(&mut index.categories, &t.include_categories, id);
                file(&mut index.collections, &t.include_collections, id);
                file(&mut index.tags, &t.include_tags, id);
            }
        }
        index
    }

    /// Automatic promotions that could select a line of `items`, in catalog order,
    /// each with the lines that matched one of its include entries (in line order;
    /// empty for untargeted promotions).
    pub fn candidates(&self, items: &[PromoItem]) -> Vec<(usize, Vec<usize>)> {
        let mut seen = vec![false; self.size];
        let mut hits: Vec<Vec<usize>> = vec![Vec::new(); self.size];
        for &id in &self.everywhere {
            if let Some(slot) = seen.get_mut(id as usize) {
                *slot = true;
            }
        }
        for (line, item) in items.iter().enumerate() {
            let mut mark = |ids: Option<&Vec<u32>>| {
                for &id in ids.into_iter().flatten() {
                    let id = id as usize;
                    if let (Some(slot), Some(lines)) = (seen.get_mut(id), hits.get_mut(id)) {
                        *slot = true;
                        if lines.last() != Some(&line) {
                            lines.push(line);
                        }
                    }
                }
            };
            if let Some(sku) = &item.sku {
                mark(self.skus.get(sku));
            }
            if let Some(product) = &item.product_id {
                mark(self.products.get(product));
            }
            if let Some(variant) = &item.variant_id {
                mark(self.variants.get(variant));
            }
            for path in item.category.iter().chain(&item.categories) {
                for prefix in category_prefixes(path) {
                    mark(self.categories.get(prefix));
                }
            }
            for c in &item.collections {
                mark(self.collections.get(c));
            }
            for t in &item.tags {
                mark(self.tags.get(t));
            }
        }
        seen.iter()
            .zip(hits)
            .enumerate()
            .filter(|(_, (s, _))| **s)
            .map(|(i, (_, lines))| (i, lines))
            .collect()
    }
}
