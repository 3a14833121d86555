//! The `Checkout` service: each call goes to its operation in [`crate::ops`].

use tonic::{Request, Response, Status};

use crate::edge::Edge;
use crate::ops::redeem::Mode;
use crate::ops::settle::Settle;
use crate::ops::watch_coupon::{UsageStream, Watches};
use crate::ops::{
    get_coupon, get_redemption, preview, redeem, settle, validate, void_by_reference, watch_coupon,
};
use crate::proto::checkout_server::Checkout;
use crate::proto::*;

/// The checkout service of one node.
#[derive(Clone)]
pub struct CheckoutService {
    edge: Edge,
    watches: Watches,
}

impl CheckoutService {
    /// The service answering through the REST router of this node.
    pub fn new(router: axum::Router) -> Self {
        Self {
            edge: Edge::new(router),
            watches: Watches::default(),
        }
    }
}

#[tonic::async_trait]
impl Checkout for CheckoutService {
    async fn validate(
        &self,
        request: Request<ValidateRequest>,
    ) -> Result<Response<ValidateResponse>, Status> {
        validate::run(&self.edge, request).await
    }

    async fn preview(
        &self,
        request: Request<PreviewRequest>,
    ) -> Result<Response<PreviewResponse>, Status> {
        preview::run(&self.edge, request).await
    }

    async fn redeem(
        &self,
        request: Request<RedeemRequest>,
    ) -> Result<Response<RedeemResponse>, Status> {
        redeem::run(&self.edge, request, Mode::Redeem).await
    }

    async fn reserve(
        &self,
        request: Request<RedeemRequest>,
    ) -> Result<Response<RedeemResponse>, Status> {
        redeem::run(&self.edge, request, Mode::Reserve).await
    }

    async fn confirm(
        &self,
        request: Request<SettleRequest>,
    ) -> Result<Response<Redemption>, Status> {
        settle::run(&self.edge, request, Settle::Confirm).await
    }

    async fn release(
        &self,
        request: Request<SettleRequest>,
    ) -> Result<Response<Redemption>, Status> {
        settle::run(&self.edge, request, Settle::Release).await
    }

    async fn void(&self, request: Request<SettleRequest>) -> Result<Response<Redemption>, Status> {
        settle::run(&self.edge, request, Settle::Void).await
    }

    async fn void_by_reference(
        &self,
        request: Request<VoidByReferenceRequest>,
    ) -> Result<Response<VoidByReferenceResponse>, Status> {
        void_by_reference::run(&self.edge, request).await
    }

    async fn get_coupon(
        &self,
        request: Request<GetCouponRequest>,
    ) -> Result<Response<Coupon>, Status> {
        get_coupon::run(&self.edge, request).await
    }

    async fn get_redemption(
        &self,
        request: Request<GetRedemptionRequest>,
    ) -> Result<Response<Redemption>, Status> {
        get_redemption::run(&self.edge, request).await
    }

    type WatchCouponStream = UsageStream;

    async fn watch_coupon(
        &self,
        request: Request<WatchCouponRequest>,
    ) -> Result<Response<UsageStream>, Status> {
        watch_coupon::run(&self.edge, &self.watches, request).await
    }
}
