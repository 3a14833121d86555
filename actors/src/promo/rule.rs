//! The rule DSL (seed 000 §3) and its compiled form.
//!
//! A rule is JSON: `{"all": [..]}`, `{"any": [..]}`, `{"not": rule}`, or a fact
//! with its comparisons, `{"cart_total": {"gte": 50, "currency": "GBP"}}`. A bare
//! value is shorthand: `{"customer_segment": "vip"}` is `eq` (membership for list
//! facts) and `{"product_tags": ["a", "b"]}` is `in`. Compiling checks every fact,
//! operator, value and bound once and names the offending JSON path, so evaluation
//! never fails.

use std::fmt;

use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

/// A checked rule, ready to evaluate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompiledRule {
    pub root: Node,
    pub clause_count: usize,
    pub depth: usize,
}

impl CompiledRule {
    /// Segment names the rule compares membership with, so that a caller can
    /// resolve stored memberships before evaluating it.
    pub fn segment_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        collect_segments(&self.root, &mut names);
        names.sort();
        names.dedup();
        names
    }
}

fn collect_segments(node: &Node, out: &mut Vec<String>) {
    match node {
        Node::All { children } | Node::Any { children } => {
            children.iter().for_each(|c| collect_segments(c, out))
        }
        Node::Not { child } => collect_segments(child, out),
        Node::Clause(clause) if clause.fact == Fact::Segments => {
            let values: &[Scalar] = match &clause.value {
                Operand::One(s) => std::slice::from_ref(s),
                Operand::List(list) => list,
            };
            out.extend(values.iter().filter_map(|v| match v {
                Scalar::Str(s) => Some(s.clone()),
                _ => None,
            }));
        }
        Node::Clause(_) => {}
    }
}

/// One node of a compiled rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "node", rename_all = "snake_case")]
pub enum Node {
    All { children: Vec<Node> },
    Any { children: Vec<Node> },
    Not { child: Box<Node> },
    Clause(Clause),
}

/// One comparison: `fact op value`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clause {
    /// JSON path of the comparison in the source rule.
    pub path: String,
    pub fact: Fact,
    pub op: Op,
    pub value: Operand,
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.fact, self.op, self.value)
    }
}

/// What a clause observes in the context.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Fact {
    /// Goods subtotal; absent when `currency` differs from the cart's.
    CartTotal {
        currency: Option<String>,
    },
    /// Units in the cart; absent when `currency` differs from the cart's.
    ItemCount {
        currency: Option<String>,
    },
    Skus,
    ProductIds,
    VariantIds,
    /// Category paths of the lines and every prefix of them.
    Categories,
    Tags,
    Collections,
    /// Units of the lines with this SKU or product id.
    Quantity {
        item: String,
    },
    CustomerId,
    Segments,
    FirstTimeCustomer,
    LoyaltyTier,
    Channel,
    Store,
    Country,
    Region,
    Currency,
    /// Lower-case English day name in `tz`.
    DayOfWeek {
        tz: Tz,
    },
    /// `HH:MM` in `tz`.
    TimeOfDay {
        tz: Tz,
    },
    /// A field of the context's metadata, by dotted path.
    Metadata {
        path: Vec<String>,
    },
    /// A customer attribute (`lifetime_spend`).
    Customer {
        attribute: String,
    },
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fact::CartTotal { currency: Some(c) } => write!(f, "cart_total[{c}]"),
            Fact::ItemCount { currency: Some(c) } => write!(f, "item_count[{c}]"),
            Fact::CartTotal { .. } => f.write_str("cart_total"),
            Fact::ItemCount { .. } => f.write_str("item_count"),
            Fact::Skus => f.write_str("skus"),
            Fact::ProductIds => f.write_str("product_ids"),
            Fact::VariantIds => f.write_str("variant_ids"),
            Fact::Categories => f.write_str("categories"),
            Fact::Tags => f.write_str("tags"),
            Fact::Collections => f.write_str("collections"),
            Fact::Quantity { item } => write!(f, "quantity[{item}]"),
            Fact::CustomerId => f.write_str("customer_id"),
            Fact::Segments => f.write_str("customer_segment"),
            Fact::FirstTimeCustomer => f.write_str("first_time_customer"),
            Fact::LoyaltyTier => f.write_str("loyalty_tier"),
            Fact::Channel => f.write_str("channel"),
            Fact::Store => f.write_str("store"),
            Fact::Country => f.write_str("country"),
            Fact::Region => f.write_str("region"),
            Fact::Currency => f.write_str("currency"),
            Fact::DayOfWeek { tz } => write!(f, "day_of_week[{tz}]"),
            Fact::TimeOfDay { tz } => write!(f, "time_of_day[{tz}]"),
            Fact::Metadata { path } => write!(f, "metadata.{}", path.join(".")),
            Fact::Customer { attribute } => write!(f, "customer.{attribute}"),
        }
    }
}

/// Whether a fact observes a list (membership semantics) or one value.
impl Fact {
    pub fn is_list(&self) -> bool {
        matches!(
            self,
            Fact::Skus
                | Fact::ProductIds
                | Fact::VariantIds
                | Fact::Categories
                | Fact::Tags
                | Fact::Collections
                | Fact::Segments
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    Contains,
}

impl Op {
    pub fn parse(name: &str) -> Option<Op> {
        Some(match name {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "gt" => Op::Gt,
            "gte" => Op::Gte,
            "lt" => Op::Lt,
            "lte" => Op::Lte,
            "in" => Op::In,
            "contains" => Op::Contains,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::In => "in",
            Op::Contains => "contains",
        }
    }

    pub fn is_ordering(self) -> bool {
        matches!(self, Op::Gt | Op::Gte | Op::Lt | Op::Lte)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A literal a clause compares with.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Number(#[serde(with = "rust_decimal::serde::float")] Decimal),
    Str(String),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Number(n) => write!(f, "{n}"),
            Scalar::Str(s) => write!(f, "{s:?}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Operand {
    One(Scalar),
    List(Vec<Scalar>),
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::One(s) => write!(f, "{s}"),
            Operand::List(items) => {
                f.write_str("[")?;
                for (i, s) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{s}")?;
                }
                f.write_str("]")
            }
        }
    }
}
