//! JSON rule → [`CompiledRule`], with every bound checked and every error naming
//! the JSON path it is about.

use std::str::FromStr;

use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::bounds::{
    MAX_RULE_CLAUSES, MAX_RULE_DEPTH_LEVELS, MAX_RULE_LIST_ITEMS, MAX_RULE_STRING_BYTES,
};
use super::rule::{Clause, CompiledRule, Fact, Node, Op, Operand, Scalar};

/// Why a rule was refused; `path` is the JSON path of the offending part (`$` is
/// the rule itself).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct RuleError {
    pub path: String,
    pub message: String,
}

fn err<T>(path: &str, message: impl Into<String>) -> Result<T, RuleError> {
    Err(RuleError {
        path: path.to_owned(),
        message: message.into(),
    })
}

/// Day names `day_of_week` observes.
pub const DAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Parameters a fact object may carry besides its comparisons.
const PARAMS: [&str; 4] = ["currency", "tz", "sku", "product_id"];

/// Compiles `rule`, refusing anything over the bounds of [`super::bounds`].
pub fn compile(rule: &Value) -> Result<CompiledRule, RuleError> {
    let mut counter = Counter::default();
    let root = node(rule, "$", 1, &mut counter)?;
    Ok(CompiledRule {
        root,
        clause_count: counter.clauses,
        depth: counter.depth,
    })
}

#[derive(Default)]
struct Counter {
    clauses: usize,
    depth: usize,
}

fn node(value: &Value, path: &str, depth: usize, counter: &mut Counter) -> Result<Node, RuleError> {
    if depth > MAX_RULE_DEPTH_LEVELS {
        return err(
            path,
            format!("rule nested deeper than {MAX_RULE_DEPTH_LEVELS} levels"),
        );
    }
    counter.depth = counter.depth.max(depth);
    let Some(object) = value.as_object() else {
        return err(path, "expected an object");
    };
    let mut entries = object.iter();
    let (Some((key, inner)), None) = (entries.next(), entries.next()) else {
        return err(
            path,
            "expected exactly one key: all, any, not, or a fact name",
        );
    };
    let inner_path = format!("{path}.{key}");
    match key.as_str() {
        "all" | "any" => {
            let children = children(inner, &inner_path, depth, counter)?;
            Ok(if key == "all" {
                Node::All { children }
            } else {
                Node::Any { children }
            })
        }
        "not" => Ok(Node::Not {
            child: Box::new(node(inner, &inner_path, depth + 1, counter)?),
        }),
        fact_name => fact_clauses(fact_name, inner, &inner_path, counter),
    }
}

fn children(
    value: &Value,
    path: &str,
    depth: usize,
    counter: &mut Counter,
) -> Result<Vec<Node>, RuleError> {
    let Some(items) = value.as_array() else {
        return err(path, "expected an array of rules");
    };
    if items.is_empty() {
        return err(path, "expected at least one rule");
    }
    if items.len() > MAX_RULE_LIST_ITEMS {
        return err(
            path,
            format!("more than {MAX_RULE_LIST_ITEMS} rules in one list"),
        );
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| node(item, &format!("{path}[{i}]"), depth + 1, counter))
        .collect()
}

/// `{"fact": {...}}` or the shorthand `{"fact": value}`; several comparisons in one
/// object all have to hold.
fn fact_clauses(
    name: &str,
    value: &Value,
    path: &str,
    counter: &mut Counter,
) -> Result<Node, RuleError> {
    let comparisons = match value {
        Value::Object(map) => map.clone(),
        shorthand => {
            let op = if shorthand.is_array() { "in" } else { "eq" };
            let mut map = Map::new();
            map.insert(op.to_owned(), shorthand.clone());
            map
        }
    };
    let fact = fact(name, &comparisons, path)?;
    let mut clauses = Vec::new();
    for (key, operand) in &comparisons {
        if PARAMS.contains(&key.as_str()) {
            continue;
        }
        let op_path = if value.is_object() {
            format!("{path}.{key}")
        } else {
            path.to_owned()
        };
        let Some(op) = Op::parse(key) else {
            return err(
                &op_path,
                format!("unknown operator {key:?}: expected eq, ne, gt, gte, lt, lte, in, contains or a parameter (currency, tz, sku, product_id)"),
            );
        };
        counter.clauses += 1;
        if counter.clauses > MAX_RULE_CLAUSES {
            return err(
                &op_path,
                format!("more than {MAX_RULE_CLAUSES} comparisons in one rule"),
            );
        }
        let operand = self::operand(op, operand, &op_path)?;
        check_operand(&fact, op, &operand, &op_path)?;
        clauses.push(Node::Clause(Clause {
            path: op_path,
            fact: fact.clone(),
            op,
            value: operand,
        }));
    }
    match clauses.len() {
        0 => err(path, "expected at least one comparison"),
        1 => Ok(clauses.remove(0)),
        _ => Ok(Node::All { children: clauses }),
    }
}

fn param<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, RuleError> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if !s.is_empty() && s.len() <= MAX_RULE_STRING_BYTES => Ok(Some(s)),
        Some(_) => err(
            &format!("{path}.{key}"),
            format!("expected a non-empty string of at most {MAX_RULE_STRING_BYTES} bytes"),
        ),
    }
}

fn fact(name: &str, map: &Map<String, Value>, path: &str) -> Result<Fact, RuleError> {
    if name.len() > MAX_RULE_STRING_BYTES {
        return err(path, "fact name too long");
    }
    let currency = param(map, "currency", path)?.map(str::to_ascii_uppercase);
    let tz = match param(map, "tz", path)? {
        None => Tz::UTC,
        Some(zone) => Tz::from_str(zone)
            .or_else(|_| err(&format!("{path}.tz"), format!("unknown time zone {zone:?}")))?,
    };
    let item = param(map, "sku", path)?.or(param(map, "product_id", path)?);
    let fact = match name {
        "cart_total" => Fact::CartTotal { currency },
        "item_count" => Fact::ItemCount { currency },
        "skus" | "sku" => Fact::Skus,
        "product_ids" | "product_id" => Fact::ProductIds,
        "variant_ids" | "variant_id" => Fact::VariantIds,
        "categories" | "category" => Fact::Categories,
        "tags" | "product_tags" => Fact::Tags,
        "collections" | "collection" => Fact::Collections,
        "quantity" => match item {
            Some(item) => Fact::Quantity {
                item: item.to_owned(),
            },
            None => return err(path, "quantity needs a sku or product_id parameter"),
        },
        "customer_id" | "user_id" => Fact::CustomerId,
        "customer_segment" | "segments" | "segment" => Fact::Segments,
        "first_time_customer" => Fact::FirstTimeCustomer,
        "loyalty_tier" => Fact::LoyaltyTier,
        "channel" => Fact::Channel,
        "store" => Fact::Store,
        "country" | "shipping_country" => Fact::Country,
        "region" => Fact::Region,
        "currency" => Fact::Currency,
        "day_of_week" => Fact::DayOfWeek { tz },
        "time_of_day" => Fact::TimeOfDay { tz },
        other => {
            if let Some(rest) = other.strip_prefix("metadata.") {
                let path_parts: Vec<String> = rest.split('.').map(str::to_owned).collect();
                if path_parts.iter().any(String::is_empty) {
                    return err(path, "metadata path has an empty segment");
                }
                Fact::Metadata { path: path_parts }
            } else if let Some(attribute) = other.strip_prefix("customer.") {
                Fact::Customer {
                    attribute: attribute.to_owned(),
                }
            } else if other == "lifetime_spend" {
                Fact::Customer {
                    attribute: other.to_owned(),
                }
            } else {
                return err(path, format!("unknown fact {other:?}"));
            }
        }
    };
    Ok(fact)
}

fn scalar(value: &Value, path: &str) -> Result<Scalar, RuleError> {
    match value {
        Value::Bool(b) => Ok(Scalar::Bool(*b)),
        Value::Number(n) => Decimal::from_str(&n.to_string())
            .or_else(|_| Decimal::from_scientific(&n.to_string()))
            .map(Scalar::Number)
            .or_else(|_| err(path, "number out of range")),
        Value::String(s) if s.len() <= MAX_RULE_STRING_BYTES => Ok(Scalar::Str(s.clone())),
        Value::String(_) => err(
            path,
            format!("string longer than {MAX_RULE_STRING_BYTES} bytes"),
        ),
        _ => err(path, "expected a string, number or boolean"),
    }
}

fn operand(op: Op, value: &Value, path: &str) -> Result<Operand, RuleError> {
    match value {
        Value::Array(items) => {
            if !matches!(op, Op::In | Op::Contains) {
                return err(path, format!("{op} takes a single value, not a list"));
            }
            if items.is_empty() || items.len() > MAX_RULE_LIST_ITEMS {
                return err(
                    path,
                    format!("list must have 1 to {MAX_RULE_LIST_ITEMS} values"),
                );
            }
            let list = items
                .iter()
                .enumerate()
                .map(|(i, v)| scalar(v, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?;
            Ok(Operand::List(list))
        }
        one => {
            if op == Op::In {
                return err(path, "in takes a list");
            }
            Ok(Operand::One(scalar(one, path)?))
        }
    }
}

/// Refuses comparisons that could never be meaningful for the fact.
fn check_operand(fact: &Fact, op: Op, operand: &Operand, path: &str) -> Result<(), RuleError> {
    let scalars: Vec<&Scalar> = match operand {
        Operand::One(s) => vec![s],
        Operand::List(list) => list.iter().collect(),
    };
    let numeric = matches!(
        fact,
        Fact::CartTotal { .. } | Fact::ItemCount { .. } | Fact::Quantity { .. }
    );
    if numeric && scalars.iter().any(|s| !matches!(s, Scalar::Number(_))) {
        return err(path, format!("{fact} compares with numbers"));
    }
    if op.is_ordering() && fact.is_list() {
        return err(path, format!("{op} does not apply to the list fact {fact}"));
    }
    match fact {
        Fact::DayOfWeek { .. } => {
            for s in &scalars {
                match s {
                    Scalar::Str(day) if DAY_NAMES.contains(&day.as_str()) => {}
                    _ => return err(path, "expected a lower-case day name (monday … sunday)"),
                }
            }
            if op.is_ordering() {
                return err(path, "days of week compare with eq, ne or in");
            }
        }
        Fact::TimeOfDay { .. } => {
            for s in &scalars {
                match s {
                    Scalar::Str(time) if is_hh_mm(time) => {}
                    _ => return err(path, "expected a time of day as HH:MM (00:00–23:59)"),
                }
            }
        }
        Fact::FirstTimeCustomer if scalars.iter().any(|s| !matches!(s, Scalar::Bool(_))) => {
            return err(path, "first_time_customer compares with true or false");
        }
        _ => {}
    }
    Ok(())
}

/// Whether `s` is a zero-padded 24-hour `HH:MM`.
pub fn is_hh_mm(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit)
        && s[..2] < *"24"
        && s[3..] < *"60"
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error_path(rule: Value) -> String {
        compile(&rule).unwrap_err().path
    }

    #[test]
    fn compiles_the_seed_example() {
        let rule = compile(&json!({"all": [
            {"cart_total": {"gte": 50, "currency": "GBP"}},
            {"not": {"product_tags": ["clearance", "final_sale"]}},
            {"customer_segment": "new_customers"}
        ]}))
        .unwrap();
        assert_eq!(rule.clause_count, 3);
        assert_eq!(rule.depth, 3);
        let Node::All { children } = &rule.root else {
            panic!("expected all")
        };
        let Node::Clause(first) = &children[0] else {
            panic!("expected clause")
        };
        assert_eq!(first.path, "$.all[0].cart_total.gte");
        assert_eq!(first.to_string(), "cart_total[GBP] gte 50");
    }

    #[test]
    fn errors_name_the_path() {
        assert_eq!(
            error_path(json!({"all": [{"cart_totl": {"gte": 1}}]})),
            "$.all[0].cart_totl"
        );
        assert_eq!(
            error_path(json!({"any": [{"channel": "web"}, {"cart_total": {"gte": "x"}}]})),
            "$.any[1].cart_total.gte"
        );
        assert_eq!(
            error_path(json!({"all": [{"channel": {"like": "w"}}]})),
            "$.all[0].channel.like"
        );
        assert_eq!(
            error_path(json!({"day_of_week": {"in": ["monday", "funday"], "tz": "Europe/London"}})),
            "$.day_of_week.in"
        );
        assert_eq!(
            error_path(json!({"time_of_day": {"gte": "8:00"}})),
            "$.time_of_day.gte"
        );
        assert_eq!(
            error_path(json!({"time_of_day": {"gte": "08:00", "tz": "Mars/Base"}})),
            "$.time_of_day.tz"
        );
        assert_eq!(error_path(json!({"all": []})), "$.all");
        assert_eq!(error_path(json!({"all": [{"a": 1}], "any": []})), "$");
        assert_eq!(error_path(json!({"quantity": {"gte": 2}})), "$.quantity");
        assert_eq!(error_path(json!({"skus": {"gt": "A"}})), "$.skus.gt");
        assert_eq!(
            error_path(json!({"channel": {"in": "web"}})),
            "$.channel.in"
        );
    }

    #[test]
    fn refuses_rules_over_the_bounds() {
        let mut deep = json!({"channel": "web"});
        for _ in 0..MAX_RULE_DEPTH_LEVELS {
            deep = json!({"not": deep});
        }
        let e = compile(&deep).unwrap_err();
        assert!(e.message.contains("deeper"), "{e}");
        let many: Vec<Value> = (0..=MAX_RULE_CLAUSES)
            .map(|i| json!({"channel": format!("c{i}")}))
            .collect();
        let e = compile(&json!({"any": many})).unwrap_err();
        assert_eq!(e.path, format!("$.any[{MAX_RULE_CLAUSES}].channel"));
        let list: Vec<Value> = (0..=MAX_RULE_LIST_ITEMS)
            .map(|i| json!(i.to_string()))
            .collect();
        let e = compile(&json!({"skus": {"in": list}})).unwrap_err();
        assert_eq!(e.path, "$.skus.in");
        // Exactly at the bounds compiles.
        let mut deep = json!({"channel": "web"});
        for _ in 1..MAX_RULE_DEPTH_LEVELS {
            deep = json!({"not": deep});
        }
        assert_eq!(compile(&deep).unwrap().depth, MAX_RULE_DEPTH_LEVELS);
    }

    #[test]
    fn hh_mm() {
        assert!(is_hh_mm("00:00") && is_hh_mm("23:59"));
        assert!(!is_hh_mm("24:00") && !is_hh_mm("12:60") && !is_hh_mm("1:00"));
    }
}
