//! `stampede bench many-codes`: ordinary checkout traffic, where every order
//! brings its own code. Makes `--codes` codes of one fresh coupon (through
//! `POST /coupons/{id}/codes`, a thousand at a time), rushes redemptions of a
//! code drawn for each request (uniformly, or Zipf with `--zipf`), then reads
//! every code back and checks that the uses counted equal the successes
//! answered.

use std::sync::Arc;
use std::time::Instant;

use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::json;

use super::rush::{self, Draw, RequestKind};
use super::{ceiling_of, check, plan, print_batches, Api, ManyCodesArgs, NewCoupon};
use crate::serve::BoxError;

/// Codes one `POST /coupons/{id}/codes` makes (the route's bound).
const CODES_PER_CALL: usize = stampede_protocol::limits::MAX_CODES_PER_GENERATE;
/// Setup and read-back calls in flight at once.
const CONTROL_CONCURRENCY: usize = 8;

pub async fn run(args: ManyCodesArgs) -> Result<(), BoxError> {
    let common = &args.common;
    let api = Api::new(&common.target, &common.key, &common.tenant, common.timeout)?;
    let template = api
        .create_coupon(&NewCoupon {
            prefix: "MANY",
            max_uses: Some(args.max_uses),
            per_customer_limit: None,
            campaign_id: None,
        })
        .await?;
    let codes = Arc::new(make_codes(&api, &template.id, &template.code, args.codes).await?);
    let draw = match (args.zipf, args.sweep) {
        (Some(s), _) => Draw::Zipf(s),
        (None, true) => Draw::Sweep,
        (None, false) => Draw::Uniform,
    };
    println!(
        "many codes: {} codes of coupon {} ({}), max_uses {} each, drawn {draw:?}",
        codes.len(),
        template.code,
        template.id,
        args.max_uses
    );
    let ceiling = ceiling_of(common).await?;
    let batches_before = api.batch_size_totals().await;
    let kind = RequestKind::RedeemAmong {
        codes: codes.clone(),
        draw,
    };
    let report = rush::run(&api, plan(common, kind)).await?;
    report.print("redemptions");
    if let Some(ceiling) = &ceiling {
        super::ceiling::print_ratio("redemptions", &report, ceiling);
    }
    let counted = read_back(&api, &codes).await?;
    print_batches(batches_before, api.batch_size_totals().await);
    super::print_node_memory(&api).await;
    println!("codes read back:    uses_count sum {counted}");
    let cap = args.max_uses.saturating_mul(codes.len() as u64);
    super::conclude(check(report.successes(), report.unknown(), counted, cap))
}

/// Makes `count` codes of the coupon, named after its own code.
async fn make_codes(
    api: &Api,
    coupon_id: &str,
    stem: &str,
    count: u64,
) -> Result<Vec<String>, BoxError> {
    let started = Instant::now();
    let count = usize::try_from(count)?;
    let codes: Vec<String> = (0..count).map(|i| format!("{stem}-{i:07}")).collect();
    let path = format!("/v1/promotions/coupons/{coupon_id}/codes");
    stream::iter(codes.chunks(CODES_PER_CALL))
        .map(|chunk| {
            let body = json!({ "codes": chunk });
            let path = path.as_str();
            async move { api.post_expect(path, &body, 201).await.map(|_| ()) }
        })
        .buffer_unordered(CONTROL_CONCURRENCY)
        .try_collect::<()>()
        .await?;
    println!(
        "made {count} codes in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(codes)
}

/// The sum of every code's `uses_count`, read through `/coupons/lookup`.
pub(super) async fn read_back(api: &Api, codes: &[String]) -> Result<u64, BoxError> {
    stream::iter(codes)
        .map(|code| async move {
            let path = format!("/v1/promotions/coupons/lookup?code={code}");
            let coupon = api.get_json(&path).await?;
            Ok::<u64, BoxError>(coupon["uses_count"].as_u64().unwrap_or(0))
        })
        .buffer_unordered(CONTROL_CONCURRENCY * 4)
        .try_fold(0u64, |sum, uses| async move { Ok(sum + uses) })
        .await
}
