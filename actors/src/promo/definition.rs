//! Checking a [`PromotionDef`] once, when it is created, so that evaluation never
//! meets a value it cannot use. Every error names the JSON path of the field.

use chrono_tz::Tz;
use rust_decimal::Decimal;
use stampede_protocol::limits::{MAX_ID_LEN_BYTES, MAX_MONEY_MAJOR_UNITS};
use stampede_protocol::money::is_known_currency;
use stampede_protocol::promotion::{
    BundleComponent, Discount, Money, Off, PromotionDef, Targeting, Tier, Window,
};

use super::bounds::{
    MAX_LOYALTY_POINTS, MAX_PERCENT_SCALE_DIGITS, MAX_PROMOTION_PARTS,
    MAX_PROMOTION_QUANTITY_UNITS, MAX_TARGET_ENTRIES,
};
use super::compile::{compile, is_hh_mm, DAY_NAMES};
use super::rule::CompiledRule;

/// A promotion refused at creation; `path` is the JSON path of the offending field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DefinitionError {
    pub path: String,
    pub message: String,
}

type Checked<T = ()> = Result<T, DefinitionError>;

fn fail<T>(path: impl Into<String>, message: impl Into<String>) -> Checked<T> {
    Err(DefinitionError {
        path: path.into(),
        message: message.into(),
    })
}

/// Checks `def` and compiles its condition.
pub fn check(def: &PromotionDef) -> Checked<Option<CompiledRule>> {
    if def.id.is_empty() || def.id.len() > MAX_ID_LEN_BYTES {
        return fail("$.id", format!("expected 1 to {MAX_ID_LEN_BYTES} bytes"));
    }
    if let Some(code) = &def.code {
        if code.is_empty() || code.len() > MAX_ID_LEN_BYTES {
            return fail("$.code", format!("expected 1 to {MAX_ID_LEN_BYTES} bytes"));
        }
    }
    discount(&def.discount, "$.discount")?;
    targeting(&def.target, "$.target")?;
    amounts(&def.min_purchase, "$.min_purchase", true)?;
    amounts(&def.max_discount, "$.max_discount", true)?;
    if let Some(w) = &def.window {
        window(w, "$.window")?;
    }
    def.condition
        .as_ref()
        .map(|rule| {
            compile(rule).map_err(|e| DefinitionError {
                path: e.path.replacen('$', "$.condition", 1),
                message: e.message,
            })
        })
        .transpose()
}

/// A percentage in (0, 100] with at most four decimal places.
pub fn percent(value: Decimal, path: &str) -> Checked {
    if value <= Decimal::ZERO || value > Decimal::ONE_HUNDRED {
        return fail(path, "a percentage must be above 0 and at most 100");
    }
    if value.normalize().scale() > MAX_PERCENT_SCALE_DIGITS {
        return fail(
            path,
            format!("at most {MAX_PERCENT_SCALE_DIGITS} decimal places"),
        );
    }
    Ok(())
}

/// A positive amount within the service's money bound.
pub fn amount(value: Decimal, path: &str) -> Checked {
    if value <= Decimal::ZERO || value > Decimal::from(MAX_MONEY_MAJOR_UNITS) {
        return fail(
            path,
            format!("an amount must be above 0 and at most {MAX_MONEY_MAJOR_UNITS}"),
        );
    }
    Ok(())
}

fn amounts(list: &[Money], path: &str, may_be_empty: bool) -> Checked {
    if list.is_empty() && !may_be_empty {
        return fail(path, "expected at least one {amount, currency}");
    }
    if list.len() > MAX_PROMOTION_PARTS {
        return fail(path, format!("at most {MAX_PROMOTION_PARTS} currencies"));
    }
    for (i, m) in list.iter().enumerate() {
        if !is_known_currency(&m.currency) {
            return fail(
                format!("{path}[{i}].currency"),
                "expected an upper-case ISO 4217 code",
            );
        }
        if list[..i].iter().any(|o| o.currency == m.currency) {
            return fail(format!("{path}[{i}].currency"), "currency listed twice");
        }
        amount(m.amount, &format!("{path}[{i}].amount"))?;
    }
    Ok(())
}

fn quantity(value: u32, path: &str) -> Checked {
    if value == 0 || value > MAX_PROMOTION_QUANTITY_UNITS {
        return fail(
            path,
            format!("expected 1 to {MAX_PROMOTION_QUANTITY_UNITS}"),
        );
    }
    Ok(())
}

fn off(o: &Off, path: &str) -> Checked {
    match (o.percent, o.amounts.is_empty()) {
        (Some(p), true) => percent(p, &format!("{path}.percent")),
        (None, false) => amounts(&o.amounts, &format!("{path}.amounts"), false),
        _ => fail(path, "expected exactly one of percent or amounts"),
    }
}

fn repeat(limit: Option<u32>, path: &str) -> Checked {
    limit.map_or(Ok(()), |l| quantity(l, path))
}

fn discount(d: &Discount, path: &str) -> Checked {
    let at = |field: &str| format!("{path}.{field}");
    match d {
        Discount::CartPercentage { percent: p } | Discount::ProductPercentage { percent: p } => {
            percent(*p, &at("percent"))
        }
        Discount::CartFixed { amounts: a } | Discount::ProductFixed { amounts: a } => {
            amounts(a, &at("amounts"), false)
        }
        Discount::BuyXGetY {
            buy,
            get,
            off: o,
            repeat_limit,
            get_target,
        } => {
            quantity(*buy, &at("buy"))?;
            quantity(*get, &at("get"))?;
            off(o, &at("off"))?;
            repeat(*repeat_limit, &at("repeat_limit"))?;
            get_target
                .as_ref()
                .map_or(Ok(()), |t| targeting(t, &at("get_target")))
        }
        Discount::Bundle {
            components,
            off: o,
            repeat_limit,
        } => {
            bundle(components, path)?;
            off(o, &at("off"))?;
            repeat(*repeat_limit, &at("repeat_limit"))
        }
        Discount::Tiered { tiers } => tiered(tiers, path),
        Discount::FreeShipping {
            percent: p,
            max_amount,
        } => {
            p.map_or(Ok(()), |p| percent(p, &at("percent")))?;
            amounts(max_amount, &at("max_amount"), true)
        }
        Discount::FreeProduct {
            sku,
            product_id,
            quantity: q,
        } => {
            if sku.is_none() && product_id.is_none() {
                return fail(path, "a free product needs a sku or a product_id");
            }
            quantity(*q, &at("quantity"))
        }
        Discount::GiftCard { balance } => amounts(balance, &at("balance"), false),
        Discount::LoyaltyPoints {
            points,
            points_per_unit,
        } => loyalty(*points, *points_per_unit, path),
        Discount::Custom { .. } => Ok(()),
    }
}

/// A bundle's components: 1 to [`MAX_PROMOTION_PARTS`], each including
/// something, in a positive quantity.
fn bundle(components: &[BundleComponent], path: &str) -> Checked {
    if components.is_empty() || components.len() > MAX_PROMOTION_PARTS {
        return fail(
            format!("{path}.components"),
            format!("expected 1 to {MAX_PROMOTION_PARTS} components"),
        );
    }
    for (i, c) in components.iter().enumerate() {
        let cpath = format!("{path}.components[{i}]");
        if !c.target.has_includes() {
            return fail(
                format!("{cpath}.target"),
                "a component must include something",
            );
        }
        targeting(&c.target, &format!("{cpath}.target"))?;
        quantity(c.quantity, &format!("{cpath}.quantity"))?;
    }
    Ok(())
}

/// Loyalty points: a fixed number, a rate per unit of currency, or both.
fn loyalty(points: Option<u64>, points_per_unit: Option<Decimal>, path: &str) -> Checked {
    if points.is_none() && points_per_unit.is_none() {
        return fail(path, "expected points or points_per_unit");
    }
    if points.is_some_and(|p| p == 0 || p > MAX_LOYALTY_POINTS) {
        return fail(
            format!("{path}.points"),
            format!("expected 1 to {MAX_LOYALTY_POINTS}"),
        );
    }
    if points_per_unit.is_some_and(|p| p <= Decimal::ZERO || p > Decimal::from(MAX_LOYALTY_POINTS))
    {
        return fail(
            format!("{path}.points_per_unit"),
            "expected a positive number",
        );
    }
    Ok(())
}

/// Tiers: 1 to [`MAX_PROMOTION_PARTS`], each a threshold and what it takes off.
fn tiered(tiers: &[Tier], path: &str) -> Checked {
    if tiers.is_empty() || tiers.len() > MAX_PROMOTION_PARTS {
        return fail(
            format!("{path}.tiers"),
            format!("expected 1 to {MAX_PROMOTION_PARTS} tiers"),
        );
    }
    for (i, t) in tiers.iter().enumerate() {
        let tpath = format!("{path}.tiers[{i}]");
        amounts(&t.min_subtotal, &format!("{tpath}.min_subtotal"), false)?;
        off(&t.off, &format!("{tpath}.off"))?;
    }
    Ok(())
}

fn targeting(t: &Targeting, path: &str) -> Checked {
    for (name, list) in t.lists() {
        if list.len() > MAX_TARGET_ENTRIES {
            return fail(
                format!("{path}.{name}"),
                format!("at most {MAX_TARGET_ENTRIES} entries"),
            );
        }
        if let Some(i) = list
            .iter()
            .position(|e| e.is_empty() || e.len() > MAX_ID_LEN_BYTES)
        {
            return fail(
                format!("{path}.{name}[{i}]"),
                format!("expected 1 to {MAX_ID_LEN_BYTES} bytes"),
            );
        }
    }
    Ok(())
}

fn window(w: &Window, path: &str) -> Checked {
    if let (Some(start), Some(end)) = (w.start, w.end) {
        if end <= start {
            return fail(format!("{path}.end"), "end must be after start");
        }
    }
    if let Some(i) = w
        .days_of_week
        .iter()
        .position(|d| !DAY_NAMES.contains(&d.as_str()))
    {
        return fail(
            format!("{path}.days_of_week[{i}]"),
            "expected a lower-case day name (monday … sunday)",
        );
    }
    if let Some(hours) = &w.hours_of_day {
        for (name, value) in [("start", &hours.start), ("end", &hours.end)] {
            if !is_hh_mm(value) {
                return fail(format!("{path}.hours_of_day.{name}"), "expected HH:MM");
            }
        }
    }
    if let Some(zone) = &w.time_zone {
        if zone.parse::<Tz>().is_err() {
            return fail(format!("{path}.time_zone"), "unknown IANA time zone");
        }
    }
    Ok(())
}

/// A checked promotion with its compiled condition.
#[derive(Debug, Clone)]
pub struct Promotion {
    pub def: PromotionDef,
    pub rule: Option<CompiledRule>,
    /// Upper-case code; `None` for automatic promotions.
    pub code: Option<String>,
}

impl Promotion {
    pub fn new(def: PromotionDef) -> Result<Self, DefinitionError> {
        let rule = check(&def)?;
        let code = def.code.as_ref().map(|c| c.trim().to_ascii_uppercase());
        Ok(Promotion { def, rule, code })
    }

    pub fn is_automatic(&self) -> bool {
        self.code.is_none()
    }
}
