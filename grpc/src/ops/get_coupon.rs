//! `GetCoupon`: a coupon with its uses, by id (`GET /coupons/{id}`) or by
//! code (`GET /coupons/lookup?code=`).

use std::net::SocketAddr;

use axum::http::Method;
use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status};

use crate::convert::answer;
use crate::edge::{Answer, Call, Edge};
use crate::ops::{reply, segment, Incoming};
use crate::proto::{get_coupon_request, watch_coupon_request, Coupon, GetCouponRequest};
use crate::status;

/// Which coupon: by id or by one of its codes.
#[derive(Debug, Clone)]
pub enum Key {
    Id(String),
    Code(String),
}

impl Key {
    pub fn of_get(key: Option<get_coupon_request::Key>) -> Result<Self, Status> {
        match key {
            Some(get_coupon_request::Key::CouponId(id)) => Ok(Key::Id(id)),
            Some(get_coupon_request::Key::Code(code)) => Ok(Key::Code(code)),
            None => Err(status::invalid(
                "coupon_id",
                "coupon_id or code is required",
            )),
        }
    }

    pub fn of_watch(key: Option<watch_coupon_request::Key>) -> Result<Self, Status> {
        match key {
            Some(watch_coupon_request::Key::CouponId(id)) => Ok(Key::Id(id)),
            Some(watch_coupon_request::Key::Code(code)) => Ok(Key::Code(code)),
            None => Err(status::invalid(
                "coupon_id",
                "coupon_id or code is required",
            )),
        }
    }

    fn path(&self) -> Result<String, Status> {
        match self {
            Key::Id(id) => Ok(format!(
                "/v1/promotions/coupons/{}",
                segment("coupon_id", id)?
            )),
            Key::Code(code) => {
                if code.is_empty() {
                    return Err(status::invalid("code", "is required"));
                }
                let query: String = form_urlencoded::Serializer::new(String::new())
                    .append_pair("code", code)
                    .finish();
                Ok(format!("/v1/promotions/coupons/lookup?{query}"))
            }
        }
    }
}

/// Reads the coupon through the REST edge.
pub async fn read(
    edge: &Edge,
    metadata: &MetadataMap,
    peer: Option<SocketAddr>,
    key: &Key,
) -> Result<(Coupon, Answer), Status> {
    let call = Call {
        method: Method::GET,
        path: key.path()?,
        body: None,
        idempotency_key: None,
    };
    let answer = edge.call(metadata, peer, call).await?;
    Ok((answer::coupon(&answer.body), answer))
}

pub async fn run(
    edge: &Edge,
    request: Request<GetCouponRequest>,
) -> Result<Response<Coupon>, Status> {
    let Incoming {
        metadata,
        peer,
        message,
    } = Incoming::of(request);
    let key = Key::of_get(message.key)?;
    let (coupon, answer) = read(edge, &metadata, peer, &key).await?;
    Ok(reply(coupon, answer.request_id))
}
