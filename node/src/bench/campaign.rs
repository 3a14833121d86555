//! `stampede bench campaign`: a campaign with a redemption budget whose
//! `--codes` hot codes (8 by default, each its own coupon) are sold at once.
//! Every use spends campaign quota through its coupon's lease, so the run
//! measures the lease path under load. It ends by reading every code and the
//! campaign back: the uses counted must equal the successes answered, and
//! neither the uses nor the quota the campaign granted may exceed the budget.

use std::sync::Arc;

use super::rush::{self, Draw, RequestKind};
use super::{ceiling_of, check, many_codes, plan, print_batches, Api, CampaignArgs, NewCoupon};
use crate::serve::BoxError;

pub async fn run(args: CampaignArgs) -> Result<(), BoxError> {
    let common = &args.common;
    let api = Api::new(&common.target, &common.key, &common.tenant, common.timeout)?;
    let campaign = api.create_campaign(Some(args.budget)).await?;
    let mut codes = Vec::new();
    for _ in 0..args.codes {
        let coupon = api
            .create_coupon(&NewCoupon {
                prefix: "CAMPAIGN",
                max_uses: None,
                per_customer_limit: None,
                campaign_id: Some(campaign.clone()),
            })
            .await?;
        codes.push(coupon.code);
    }
    println!(
        "campaign {campaign}: budget {} redemptions over {} codes",
        args.budget,
        codes.len()
    );
    let codes = Arc::new(codes);
    let ceiling = ceiling_of(common).await?;
    let batches_before = api.batch_size_totals().await;
    let kind = RequestKind::RedeemAmong {
        codes: codes.clone(),
        draw: Draw::Uniform,
    };
    let report = rush::run(&api, plan(common, kind)).await?;
    report.print("redemptions");
    if let Some(ceiling) = &ceiling {
        super::ceiling::print_ratio("redemptions", &report, ceiling);
    }
    let counted = many_codes::read_back(&api, &codes).await?;
    print_batches(batches_before, api.batch_size_totals().await);
    super::print_node_memory(&api).await;
    let read = api
        .get_json(&format!("/v1/promotions/campaigns/{campaign}"))
        .await?;
    let granted = read["granted"]["redemptions"].as_u64().unwrap_or(0);
    println!("codes read back:    uses_count sum {counted}");
    println!("campaign read back: quota granted to its codes {granted}");
    let verdict =
        check(report.successes(), report.unknown(), counted, args.budget).and_then(|message| {
            if granted > args.budget {
                Err(format!(
                    "the campaign granted {granted} > budget {}",
                    args.budget
                ))
            } else {
                Ok(format!(
                    "{message}; granted {granted} <= budget {}",
                    args.budget
                ))
            }
        });
    super::conclude(verdict)
}
