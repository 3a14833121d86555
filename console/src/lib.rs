//! The web console: the pages marketing and support staff use to run
//! promotions, served by every node at `/console` (`stampede serve` nests
//! [`router`]), with no separate install and no Node at run time.
//!
//! **Every page calls the public REST routes**, in process, with the key (or
//! JWT) the browser signed in with ([`api`], over
//! [`stampede_api::in_process`]). The console holds no credential and no
//! storage of its own, so it can never do what the key may not, and every
//! limit, validation and error code is the API's own: a form shows the
//! engine's `problem+json` answer on the field it names.
//!
//! **The credential lives in the browser session only.** `console.js` keeps it
//! in `sessionStorage` and sends it as a header (`X-API-Key`, or
//! `Authorization: Bearer` for a JWT) with every request htmx makes; it is
//! never a cookie, so a forged cross-site request carries nothing. A page
//! loaded without the header (a bookmark, a reload) answers a shell that
//! fetches itself again with it ([`view::page`]).
//!
//! **Simple to keep:** HTML rendered on the server by `askama` templates
//! (compiled in, escaping every value), with the vendored `htmx` for partial
//! updates and no build step. A strict Content-Security-Policy allows only the
//! console's own script and style ([`assets::secure`]).
//!
//! * [`router`] — the console's routes.
//! * [`assets`] — the vendored htmx, `console.js`, `console.css`, and the
//!   security headers of every answer.
//! * [`session`] — the credential headers a request carries.
//! * [`api`] — the REST routes called with them; [`api::Problem`] is an error
//!   answer.
//! * [`view`] — the layout and the parts pages are made of: tables, forms
//!   with field errors, facts, action buttons.
//! * [`pages`] — one module per page: sign-in, campaigns, coupons and codes,
//!   the live view of a code, jobs, rules and the simulate panel,
//!   redemptions, analytics, webhooks, audit, fraud alerts.

pub mod api;
pub mod assets;
pub mod pages;
pub mod session;
pub mod view;
pub mod view_form;

use axum::routing::{get, post};
use axum::Router;

/// Where `stampede serve` nests the console.
pub const PREFIX: &str = "/console";

/// What every console handler shares: the REST router it calls.
#[derive(Clone)]
pub struct Console {
    api: Router,
}

/// The console's routes, to nest at [`PREFIX`] beside `api`, the REST router
/// its pages call.
pub fn router(api: Router) -> Router {
    use pages::*;
    Router::new()
        .route("/", get(campaigns::index))
        .route("/sign-in", get(sign_in::page))
        .route("/campaigns", get(campaigns::list).post(campaigns::create))
        .route("/campaigns/{id}", get(campaigns::show))
        .route("/campaigns/{id}/{action}", post(campaigns::act))
        .route("/coupons", get(coupons::list).post(coupons::create))
        .route("/coupons/{id}", get(coupon::show))
        .route("/coupons/{id}/generate", post(coupon::generate))
        .route("/coupons/{id}/revoke", post(coupon::revoke))
        .route("/coupons/{id}/live", get(live::page))
        .route("/coupons/{id}/live/panel", get(live::panel))
        .route("/jobs", get(jobs::find))
        .route("/jobs/{id}", get(jobs::show))
        .route("/jobs/{id}/progress", get(jobs::progress))
        .route("/rules", get(rules::list).post(rules::create))
        .route("/rules/simulate", post(rules::simulate))
        .route("/redemptions", get(redemptions::find))
        .route("/redemptions/{id}/void", post(redemptions::void))
        .route("/analytics", get(analytics::page))
        .route("/webhooks", get(webhooks::list))
        .route("/webhooks/{id}", get(webhooks::show))
        .route("/audit", get(audit::list))
        .route("/fraud", get(fraud::list))
        .route("/fraud/{id}/{action}", post(fraud::act))
        .merge(assets::routes())
        .fallback(pages::not_found)
        .with_state(Console { api })
        .layer(axum::middleware::from_fn(assets::secure))
}
