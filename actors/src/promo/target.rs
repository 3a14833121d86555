//! Which cart lines a promotion's targeting selects.

use stampede_protocol::promotion::{PromoItem, Targeting};

use super::evaluate::category_prefixes;

fn has(list: &[String], value: Option<&String>) -> bool {
    value.is_some_and(|v| list.iter().any(|x| x == v))
}

fn any_of(list: &[String], values: &[String]) -> bool {
    !list.is_empty() && values.iter().any(|v| list.contains(v))
}

/// The line's category paths (its single `category` included).
fn categories(item: &PromoItem) -> impl Iterator<Item = &String> {
    item.category.iter().chain(item.categories.iter())
}

/// Whether a category path list matches a line: an entry matches a line path
/// equal to it or below it (`apparel` matches `apparel/shoes`).
fn category_match(list: &[String], item: &PromoItem) -> bool {
    !list.is_empty()
        && categories(item).any(|path| category_prefixes(path).any(|p| list.iter().any(|x| x == p)))
}

fn included(t: &Targeting, item: &PromoItem) -> bool {
    has(&t.include_products, item.product_id.as_ref())
        || has(&t.include_skus, item.sku.as_ref())
        || has(&t.include_variants, item.variant_id.as_ref())
        || category_match(&t.include_categories, item)
        || any_of(&t.include_collections, &item.collections)
        || any_of(&t.include_tags, &item.tags)
}

fn excluded(t: &Targeting, item: &PromoItem) -> bool {
    has(&t.exclude_products, item.product_id.as_ref())
        || has(&t.exclude_skus, item.sku.as_ref())
        || has(&t.exclude_variants, item.variant_id.as_ref())
        || category_match(&t.exclude_categories, item)
        || any_of(&t.exclude_collections, &item.collections)
        || any_of(&t.exclude_tags, &item.tags)
}

/// Whether `item` is selected: included (or no include list) and not excluded.
/// Lines with quantity 0 are never selected.
pub fn selects(t: &Targeting, item: &PromoItem) -> bool {
    item.quantity > 0
        && (!t.has_includes() || included(t, item))
        && !(t.has_excludes() && excluded(t, item))
}

/// The selected lines among `candidates`, lines already known to match an include
/// entry (found through the index): only quantities and excludes are left to check.
pub fn selected_among(t: &Targeting, items: &[PromoItem], candidates: &[usize]) -> Vec<usize> {
    let has_excludes = t.has_excludes();
    candidates
        .iter()
        .copied()
        .filter(|&l| items[l].quantity > 0 && !(has_excludes && excluded(t, &items[l])))
        .collect()
}

/// Indices of the selected lines.
pub fn selected_lines(t: &Targeting, items: &[PromoItem]) -> Vec<usize> {
    let (includes, excludes) = (t.has_includes(), t.has_excludes());
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| {
            item.quantity > 0
                && (!includes || included(t, item))
                && !(excludes && excluded(t, item))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(sku: &str, category: &str, tags: &[&str]) -> PromoItem {
        PromoItem {
            sku: Some(sku.into()),
            product_id: Some(format!("P-{sku}")),
            variant_id: Some(format!("V-{sku}")),
            categories: vec![category.into()],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            collections: vec!["summer".into()],
            quantity: 1,
            ..PromoItem::default()
        }
    }

    #[test]
    fn includes_and_excludes() {
        let shoe = item("S1", "apparel/shoes", &["new"]);
        let hat = item("H1", "apparel/hats", &["clearance"]);
        let t = |f: fn(&mut Targeting)| {
            let mut t = Targeting::default();
            f(&mut t);
            t
        };
        let everything = Targeting::default();
        assert!(selects(&everything, &shoe) && selects(&everything, &hat));
        let apparel = t(|t| t.include_categories = vec!["apparel".into()]);
        assert!(selects(&apparel, &shoe) && selects(&apparel, &hat));
        let shoes = t(|t| t.include_categories = vec!["apparel/shoes".into()]);
        assert!(selects(&shoes, &shoe) && !selects(&shoes, &hat));
        let no_clearance = t(|t| t.exclude_tags = vec!["clearance".into()]);
        assert!(selects(&no_clearance, &shoe) && !selects(&no_clearance, &hat));
        let exclude_wins = t(|t| {
            t.include_skus = vec!["S1".into()];
            t.exclude_products = vec!["P-S1".into()];
        });
        assert!(!selects(&exclude_wins, &shoe));
        let variant = t(|t| t.include_variants = vec!["V-H1".into()]);
        assert_eq!(
            selected_lines(&variant, &[shoe.clone(), hat.clone()]),
            vec![1]
        );
        let collection = t(|t| t.include_collections = vec!["summer".into()]);
        assert_eq!(
            selected_lines(&collection, &[shoe.clone(), hat.clone()]),
            vec![0, 1]
        );
        let mut empty = shoe;
        empty.quantity = 0;
        assert!(!selects(&everything, &empty));
    }
}
