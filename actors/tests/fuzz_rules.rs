//! Fuzzing the rule DSL compiler (`promo::compile`) and the evaluation of what
//! it accepts: arbitrary bytes, arbitrary JSON, valid rules mutated as trees
//! and as bytes, rules generated from the grammar, and nesting past the depth
//! bound. The compiler answers a compiled rule or a `RuleError` naming a path,
//! within a time bound; it never panics, and a rule it accepts evaluates
//! without panicking against any context within the edge's bounds.
//!
//! `FUZZ_CASES` scales the cases of every property (README, Fuzzing).

#[path = "support/mutate.rs"]
mod mutate;

use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use chrono::{DateTime, Utc};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};
use stampede_actors::cluster::codec;
use stampede_actors::promo::bounds::{
    MAX_RULE_CLAUSES, MAX_RULE_DEPTH_LEVELS, MAX_RULE_LIST_ITEMS, MAX_RULE_STRING_BYTES,
};
use stampede_actors::promo::{compile, explain, matches, CompiledRule, Facts, RuleError};
use stampede_protocol::promotion::PromoContext;
use stampede_protocol::Context;

/// Longer than any compile of a bounded rule takes, even in a debug build on a
/// busy machine: past it the compiler is taken to loop.
const COMPILE_DEADLINE: Duration = Duration::from_secs(20);

/// Valid rules covering every fact, operator and combinator.
fn rule_corpus() -> Vec<Value> {
    vec![
        json!({"all": [
            {"cart_total": {"gte": 50, "currency": "GBP"}},
            {"not": {"product_tags": ["clearance", "final_sale"]}},
            {"customer_segment": "new_customers"}
        ]}),
        json!({"any": [{"channel": "web"}, {"store": {"in": ["s1", "s2"]}}]}),
        json!({"item_count": {"gt": 2, "lte": 10}}),
        json!({"quantity": {"gte": 2, "sku": "A"}}),
        json!({"quantity": {"lt": 5, "product_id": "p1"}}),
        json!({"skus": {"contains": "A"}}),
        json!({"product_ids": {"in": ["p1", "p2"]}}),
        json!({"variant_ids": "v1"}),
        json!({"categories": {"contains": "fruit/apples"}}),
        json!({"collections": ["summer"]}),
        json!({"customer_id": {"ne": "u0"}}),
        json!({"first_time_customer": true}),
        json!({"loyalty_tier": {"in": ["gold", "silver"]}}),
        json!({"country": "GB"}),
        json!({"region": {"eq": "northeast"}}),
        json!({"currency": "EUR"}),
        json!({"day_of_week": {"in": ["saturday", "sunday"], "tz": "Europe/London"}}),
        json!({"time_of_day": {"gte": "08:00", "lt": "20:00", "tz": "America/New_York"}}),
        json!({"metadata.order.kind": "gift"}),
        json!({"customer.lifetime_spend": {"gte": 1000}}),
        json!({"lifetime_spend": {"lt": 10.5}}),
        json!({"not": {"any": [{"cart_total": {"lt": 0.01}}, {"all": [{"channel": "app"}]}]}}),
    ]
}

/// Words the mutations write besides those of the corpus: every fact,
/// operator and parameter name the compiler knows.
const RULE_WORDS: &[&str] = &[
    "all",
    "any",
    "not",
    "eq",
    "ne",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
    "contains",
    "currency",
    "tz",
    "sku",
    "product_id",
    "cart_total",
    "item_count",
    "skus",
    "product_ids",
    "variant_ids",
    "categories",
    "tags",
    "product_tags",
    "collections",
    "quantity",
    "customer_id",
    "user_id",
    "customer_segment",
    "segments",
    "first_time_customer",
    "loyalty_tier",
    "channel",
    "store",
    "country",
    "shipping_country",
    "region",
    "day_of_week",
    "time_of_day",
    "metadata.",
    "metadata..x",
    "customer.",
    "lifetime_spend",
    "monday",
    "sunday",
    "23:59",
    "24:00",
    "UTC",
];

/// Checkout contexts the accepted rules are evaluated against, mutated too.
fn context_corpus() -> Vec<Value> {
    vec![
        json!({}),
        json!({"user_id": "u1", "currency": "GBP", "channel": "web", "store": "s1",
            "shipping_country": "GB", "region": "northeast", "shipping_amount": 4.95,
            "customer": {"segments": ["new_customers"], "first_time": true, "loyalty_tier": "gold",
                "attributes": {"lifetime_spend": 1500}},
            "metadata": {"order": {"kind": "gift"}},
            "items": [{"sku": "A", "product_id": "p1", "variant_id": "v1", "categories": ["fruit/apples"],
                "collections": ["summer"], "tags": ["clearance"], "quantity": 3, "price": 19.99}]}),
        json!({"currency": "JPY", "cart_total": 12000}),
        json!({"currency": "BHD", "items": [{"sku": "B", "quantity": 1000000, "price": 1000000000000u64}]}),
    ]
}

/// `compile` on a thread of its own, so that a compile that never returns fails
/// the case instead of hanging the suite.
fn compile_bounded(rule: Value) -> Result<Result<CompiledRule, RuleError>, String> {
    let (send, receive) = mpsc::channel();
    thread::Builder::new()
        .name(String::from("compile"))
        .stack_size(8 << 20)
        .spawn(move || {
            let _ = send.send(compile(&rule));
        })
        .map_err(|err| format!("cannot spawn the compile thread: {err}"))?;
    match receive.recv_timeout(COMPILE_DEADLINE) {
        Ok(result) => Ok(result),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(format!("compile ran over {COMPILE_DEADLINE:?}"))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(String::from("compile panicked")),
    }
}

fn now() -> DateTime<Utc> {
    "2025-08-16T23:30:00Z".parse().unwrap()
}

/// What every answer of the compiler must satisfy: an accepted rule within the
/// bounds, and evaluating (and explaining) it on each context; a refusal naming
/// a path of the rule.
fn check_compile(rule: Value, contexts: &[PromoContext]) -> Result<(), TestCaseError> {
    match compile_bounded(rule).map_err(TestCaseError::fail)? {
        Ok(compiled) => {
            prop_assert!(compiled.depth >= 1 && compiled.depth <= MAX_RULE_DEPTH_LEVELS);
            prop_assert!(compiled.clause_count >= 1 && compiled.clause_count <= MAX_RULE_CLAUSES);
            for ctx in contexts {
                let facts = Facts::new(ctx, now());
                let (matched, clauses) = explain(&compiled, &facts);
                prop_assert_eq!(matched, matches(&compiled, &facts));
                prop_assert!(clauses.len() <= compiled.clause_count);
                prop_assert!(serde_json::to_string(&compiled).is_ok());
            }
        }
        Err(err) => {
            prop_assert!(err.path.starts_with('$'), "a refusal names a path: {err}");
            prop_assert!(!err.message.is_empty(), "a refusal says why: {err}");
        }
    }
    Ok(())
}

/// Whether `ctx` is within the bounds every caller of the engine holds a
/// checkout context to (the edge's checks, and the peer codec's, which is
/// the one reachable from here): the engine's exact arithmetic is sized for
/// them.
fn within_bounds(ctx: &PromoContext) -> bool {
    let context = serde_json::to_vec(&Context::from_promo(ctx)).expect("a context serializes");
    codec::context_from_json(&context).is_ok()
}

/// Contexts that deserialize and are within bounds, from the corpus and its
/// mutations.
fn contexts() -> impl Strategy<Value = Vec<PromoContext>> {
    let corpus = context_corpus();
    let dict = mutate::Dictionary::of(&corpus, &[]);
    let mutated = mutate::mutated_json(Arc::new(corpus.clone()), &dict);
    let valid: Vec<PromoContext> = corpus
        .iter()
        .map(|v| serde_json::from_value(v.clone()).expect("the context corpus is valid"))
        .collect();
    vec(mutated, 0..4).prop_map(move |values| {
        let mut out = valid.clone();
        out.extend(
            values
                .into_iter()
                .filter_map(|v| serde_json::from_value(v).ok())
                .filter(within_bounds),
        );
        out
    })
}

/// Every input a client can send as a condition: the body's bytes as the edge
/// parses them (a document that does not parse never reaches the compiler).
/// Compiling is cheap: four times the budget.
#[test]
fn the_compiler_answers_any_document_without_panicking() {
    let corpus = rule_corpus();
    let dict = mutate::Dictionary::of(&corpus, RULE_WORDS);
    let inputs = (mutate::json_document(corpus, &dict), contexts());
    mutate::runner(mutate::fuzz_cases() * 4)
        .run(&inputs, |(bytes, contexts)| {
            let Ok(rule) = serde_json::from_slice::<Value>(&bytes) else {
                return Ok(());
            };
            check_compile(rule, &contexts)
        })
        .unwrap();
}

/// A generated rule: mostly well-formed, often near a bound or just past it,
/// so the compiler's checks (not only its first `expected an object`) run.
fn grammar_rule() -> impl Strategy<Value = Value> {
    let fact = select(vec![
        "cart_total",
        "item_count",
        "skus",
        "product_ids",
        "categories",
        "tags",
        "collections",
        "quantity",
        "customer_id",
        "customer_segment",
        "first_time_customer",
        "loyalty_tier",
        "channel",
        "country",
        "currency",
        "day_of_week",
        "time_of_day",
        "metadata.a.b",
        "customer.lifetime_spend",
        "bogus",
    ]);
    let op = select(vec![
        "eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "like",
    ]);
    let scalar = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        select(vec![
            "monday", "sunday", "08:00", "23:59", "24:00", "GBP", "web", "vip", ""
        ])
        .prop_map(Value::from),
        (0usize..=MAX_RULE_STRING_BYTES + 1).prop_map(|n| Value::from("x".repeat(n))),
    ];
    let operand = prop_oneof![
        3 => scalar.clone(),
        2 => vec(scalar.clone(), 0..4).prop_map(Value::Array),
        1 => (MAX_RULE_LIST_ITEMS - 1..=MAX_RULE_LIST_ITEMS + 1)
            .prop_map(|n| Value::Array((0..n).map(|i| Value::from(i.to_string())).collect())),
    ];
    let param = prop_oneof![
        Just(None),
        select(vec![
            ("currency", "GBP"),
            ("currency", ""),
            ("tz", "Europe/London"),
            ("tz", "Mars/Base"),
            ("sku", "A"),
            ("product_id", "p1"),
        ])
        .prop_map(Some),
    ];
    let clause = (fact, vec((op, operand.clone()), 0..3), param, operand).prop_map(
        |(fact, comparisons, param, bare)| {
            if comparisons.is_empty() {
                return json!({ fact: bare });
            }
            let mut map: serde_json::Map<String, Value> = comparisons
                .into_iter()
                .map(|(op, v)| (op.to_owned(), v))
                .collect();
            if let Some((key, value)) = param {
                map.insert(key.to_owned(), Value::from(value));
            }
            json!({ fact: map })
        },
    );
    clause.prop_recursive(MAX_RULE_DEPTH_LEVELS as u32 + 3, 256, 8, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..8).prop_map(|children| json!({"all": children})),
            vec(inner.clone(), 0..8).prop_map(|children| json!({"any": children})),
            inner.prop_map(|child| json!({"not": child})),
        ]
    })
}

/// Rules from the grammar, mostly well-formed: four times the budget.
#[test]
fn the_compiler_checks_generated_rules_without_panicking() {
    mutate::runner(mutate::fuzz_cases() * 4)
        .run(&(grammar_rule(), contexts()), |(rule, contexts)| {
            check_compile(rule, &contexts)
        })
        .unwrap();
}

/// Nesting past the bound is refused at the first level past it, naming that
/// level's path — never by exhausting the stack, however deep the document.
#[test]
fn deep_nesting_is_refused_at_the_bound() {
    // Built by hand: `json!` would serialize the inner value at each level,
    // recursively, on this thread's stack.
    fn object(key: &str, value: Value) -> Value {
        Value::Object([(key.to_owned(), value)].into_iter().collect())
    }
    type Wrap = fn(Value) -> Value;
    let wraps: [(&str, Wrap); 3] = [
        ("not", |v| object("not", v)),
        ("all", |v| object("all", Value::Array(vec![v]))),
        ("any", |v| {
            object("any", Value::Array(vec![json!({"channel": "web"}), v]))
        }),
    ];
    for (name, wrap) in wraps {
        for depth in [
            MAX_RULE_DEPTH_LEVELS - 1,
            MAX_RULE_DEPTH_LEVELS,
            100,
            127,
            5_000,
        ] {
            let rule = mutate::nested(depth, json!({"channel": "web"}), wrap);
            let result = compile_bounded(rule).unwrap();
            if depth < MAX_RULE_DEPTH_LEVELS {
                assert!(result.is_ok(), "{name} × {depth}: {result:?}");
                continue;
            }
            let err = result.unwrap_err();
            assert!(
                err.message
                    .contains(&format!("deeper than {MAX_RULE_DEPTH_LEVELS} levels")),
                "{name} × {depth}: {err}"
            );
            let levels = err.path.matches(name).count();
            assert_eq!(levels, MAX_RULE_DEPTH_LEVELS, "{name} × {depth}: {err}");
        }
    }
}
