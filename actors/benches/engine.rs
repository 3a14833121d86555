//! `cargo bench -p stampede-actors`: the cost of one verdict's engine work, what
//! a coupon actor does per redemption besides bookkeeping. The actor keeps the
//! coupon's compiled definition ([`Compiled`]) across decisions, as here; the
//! `cold` case compiles it every time (a code's first decision).

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion};
use rust_decimal::Decimal;
use stampede_actors::engine::{evaluate, evaluate_with, Compiled, Usage};
use stampede_protocol::{Applicability, CartItem, Context, Coupon, CouponStatus, CouponType};

fn coupon(kind: CouponType, applicability: Applicability) -> Coupon {
    let now = Utc::now();
    Coupon {
        id: String::from("cpn_bench"),
        code: String::from("BENCH"),
        kind,
        value: Decimal::from(15),
        currency: Some(String::from("GBP")),
        campaign_id: None,
        status: CouponStatus::Active,
        max_uses: Some(1_000_000),
        uses_count: 10,
        per_customer_limit: Some(1),
        valid_from: None,
        valid_until: None,
        applicability,
        min_cart_value: Some(Decimal::from(20)),
        max_discount_amount: Some(Decimal::from(100)),
        balance: None,
        metadata: BTreeMap::new(),
        created_at: now,
        updated_at: now,
        version: 1,
        deleted_at: None,
        rule_ids: Vec::new(),
        ..Default::default()
    }
}

fn cart(lines: usize) -> Context {
    Context {
        user_id: Some(String::from("u1")),
        currency: Some(String::from("GBP")),
        items: (0..lines)
            .map(|i| CartItem {
                sku: Some(format!("SKU-{i}")),
                category: Some(format!("cat-{}", i % 7)),
                quantity: 1 + (i % 3) as u32,
                price: Decimal::new(1999 + i as i64 * 37, 2),
                ..CartItem::default()
            })
            .collect(),
        ..Context::default()
    }
}

fn bench(c: &mut Criterion) {
    let now = Utc::now();
    let usage = Usage {
        uses_count: 10,
        customer_uses: 0,
        balance: None,
    };
    let plain = coupon(CouponType::Percentage, Applicability::default());
    let targeted = coupon(
        CouponType::Percentage,
        Applicability {
            include_categories: vec![String::from("cat-1"), String::from("cat-3")],
            exclude_products: (0..20).map(|i| format!("SKU-{}", i * 5)).collect(),
            ..Applicability::default()
        },
    );
    let one = cart(1);
    let fifty = cart(50);
    let mut compiled = Compiled::default();
    c.bench_function("percentage, 1-line cart", |b| {
        b.iter(|| {
            evaluate_with(
                &mut compiled,
                black_box(&plain),
                &usage,
                black_box(&one),
                now,
            )
        })
    });
    c.bench_function("percentage, 1-line cart, cold", |b| {
        b.iter(|| evaluate(black_box(&plain), &usage, black_box(&one), now))
    });
    let mut compiled = Compiled::default();
    c.bench_function("percentage, 50-line cart", |b| {
        b.iter(|| {
            evaluate_with(
                &mut compiled,
                black_box(&plain),
                &usage,
                black_box(&fifty),
                now,
            )
        })
    });
    let mut compiled = Compiled::default();
    c.bench_function("targeted percentage, 50-line cart", |b| {
        b.iter(|| {
            evaluate_with(
                &mut compiled,
                black_box(&targeted),
                &usage,
                black_box(&fifty),
                now,
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
