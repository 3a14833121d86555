//! Unique `operationId`s. utoipa names an operation after its handler, and
//! several resources have a `create`, `list` or `get_one`; client generators
//! name their methods after the id, so two operations sharing one overwrite
//! each other. An id used once is kept; a shared one becomes
//! `{tag}_{handler}` (`campaigns_create`), and where that is still shared
//! (two routes of one tag with handlers of one name), `{method}_{path}`
//! (`post_redemptions_locks_lock_reference_confirm`).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::openapi_errors::METHODS;

/// The prefix every operation's path starts with, left out of derived ids.
const PATH_PREFIX: &str = "/v1/promotions/";

/// Makes every operation's id unique in `doc` (the document as JSON).
pub fn make_unique(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let operations: Vec<(String, &str, String, String)> = paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS.iter().filter_map(move |method| {
                let operation = item.get(*method)?;
                let id = operation.get("operationId")?.as_str()?.to_owned();
                let tag = operation
                    .pointer("/tags/0")
                    .and_then(Value::as_str)
                    .unwrap_or("api")
                    .to_owned();
                Some((path.clone(), *method, id, tag))
            })
        })
        .collect();
    let renamed = renames(&operations);
    for ((path, method), id) in renamed {
        if let Some(operation) = paths.get_mut(&path).and_then(|item| item.get_mut(method)) {
            operation["operationId"] = Value::String(id);
        }
    }
}

/// The new id of each operation whose id is shared, by path and method.
fn renames(
    ops: &[(String, &'static str, String, String)],
) -> BTreeMap<(String, &'static str), String> {
    let uses = counts(ops.iter().map(|(_, _, id, _)| id.clone()));
    let shared: Vec<_> = ops.iter().filter(|(_, _, id, _)| uses[id] > 1).collect();
    let tagged = counts(shared.iter().map(|(_, _, id, tag)| format!("{tag}_{id}")));
    shared
        .into_iter()
        .map(|(path, method, id, tag)| {
            let by_tag = format!("{tag}_{id}");
            let new = if tagged[&by_tag] == 1 && !uses.contains_key(&by_tag) {
                by_tag
            } else {
                by_path(method, path)
            };
            ((path.clone(), *method), new)
        })
        .collect()
}

fn counts(ids: impl Iterator<Item = String>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for id in ids {
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

/// `{method}_{path}` with every run of other characters than letters and
/// digits as one `_`.
fn by_path(method: &str, path: &str) -> String {
    let path = path.strip_prefix(PATH_PREFIX).unwrap_or(path);
    let mut id = String::from(method);
    for part in path.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !part.is_empty() {
            id.push('_');
            id.push_str(part);
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_in_the_document_is_unique() {
        let doc = crate::openapi::document();
        let mut seen = std::collections::BTreeSet::new();
        for item in doc["paths"].as_object().unwrap().values() {
            for method in METHODS {
                if let Some(id) = item.get(method).and_then(|o| o["operationId"].as_str()) {
                    assert!(seen.insert(id.to_owned()), "operationId {id} is used twice");
                }
            }
        }
        assert!(seen.contains("redeem"), "a unique id is kept");
        assert!(seen.contains("campaigns_create"), "{seen:?}");
    }

    #[test]
    fn ids_from_paths() {
        assert_eq!(
            by_path(
                "post",
                "/v1/promotions/redemptions/locks/{lock_reference}/confirm"
            ),
            "post_redemptions_locks_lock_reference_confirm"
        );
    }
}
