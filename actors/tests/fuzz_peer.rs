//! Fuzzing the peer protocol past prost: frames a peer may send reach the
//! owner's `Gateway` actor, which decodes them (`codec`), maps the operation
//! from the wire (`CouponOp::from_wire`, the campaign mappings) and runs it on
//! the real actors (`serve::answer`) over an in-memory store — the whole path
//! a forwarded request takes. The corpus is built with the real encoders;
//! inputs are arbitrary bytes, those frames mutated as bytes, and those frames
//! with their fields edited (JSON payloads mutated as trees, strings, numbers
//! and enumerations replaced, operations swapped). Every frame is answered
//! with a reply that decodes, within a deadline, and nothing panics — in the
//! gateway, in an actor, or in a task. The replies, mutated the same ways, go
//! through the decoders the forwarding node runs on an answer.
//!
//! `FUZZ_CASES` scales the cases of every property (README, Fuzzing).

#[path = "support/mutate.rs"]
mod mutate;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use mutate::{ByteEdit, Dictionary, JsonEdit};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use prost::Message;
use ractor::rpc::CallResult;
use ractor::{Actor, ActorRef};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use stampede_actors::campaign::{CampaignChange, ChangeKind, Grant, LeaseReturn};
use stampede_actors::cluster::codec;
use stampede_actors::cluster::gateway::{Gateway, GatewayMsg};
use stampede_actors::command::{CouponUpdate, RedeemRequest, UpdateKind, VoidMode};
use stampede_actors::{ActorError, Shards, ShardsConfig};
use stampede_protocol::campaign::{
    Budget, Campaign, CampaignPatch, CampaignStatus, GateState, Quota,
};
use stampede_protocol::clock::SystemClock;
use stampede_protocol::event::Provenance;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::limit_set::{Day, LimitSet, LimitTarget, TimeWindow};
use stampede_protocol::wire::{self, PeerOp, PeerReply, PeerRequest, PeerResult};
use stampede_protocol::{
    CartItem, Context, Coupon, CouponPatch, CouponStatus, CouponType, ErrorCode,
};
use stampede_storage::{keys, run, MemStore, RetryPolicy, SharedStore};

const TENANT: &str = "t";
const CAMPAIGN: &str = "cmp_fuzz";
/// Stands for the id of the redemption the prelude committed.
const SUCCESS_ID: &str = "$SUCCESS";
/// Stands for the id of the reservation the prelude made.
const PENDING_ID: &str = "$PENDING";

/// How long one frame may take to be answered: far longer than any answer
/// over the in-memory store, even in a debug build on a busy machine. Past it
/// the gateway is taken to hang.
const ANSWER_DEADLINE: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------- the owner

fn campaign() -> Campaign {
    let now = Utc::now();
    Campaign {
        id: CAMPAIGN.to_owned(),
        name: String::from("fuzz"),
        description: None,
        status: CampaignStatus::Active,
        channels: Vec::new(),
        budget: Budget {
            max_redemptions: Some(100),
            money: BTreeMap::from([(String::from("GBP"), Decimal::from(1_000))]),
        },
        start: None,
        end: None,
        time_zone: Some(String::from("Europe/London")),
        metadata: BTreeMap::new(),
        granted: Quota::default(),
        created_at: now,
        updated_at: now,
        version: 1,
        commit_seq: 0,
        limits: None,
        daily: None,
    }
}

/// The coupons a case starts with: one spending its campaign's budget, a
/// fixed amount, and one in the engine's own shape.
fn coupons() -> Vec<Coupon> {
    let now = Utc::now();
    let base = Coupon {
        status: CouponStatus::Active,
        created_at: now,
        updated_at: now,
        version: 1,
        ..Coupon::default()
    };
    vec![
        Coupon {
            id: String::from("cpn_FUZZ"),
            code: String::from("FUZZ"),
            kind: CouponType::Percentage,
            value: Decimal::from(10),
            campaign_id: Some(CAMPAIGN.to_owned()),
            max_uses: Some(50),
            per_customer_limit: Some(5),
            ..base.clone()
        },
        Coupon {
            id: String::from("cpn_PLAIN"),
            code: String::from("PLAIN"),
            kind: CouponType::Fixed,
            value: Decimal::from(5),
            currency: Some(String::from("GBP")),
            ..base.clone()
        },
        Coupon {
            id: String::from("cpn_BOGO"),
            code: String::from("BOGO"),
            kind: CouponType::Percentage,
            discount: Some(
                serde_json::from_value(json!({"type": "buy_x_get_y", "buy": 1, "get": 1,
                    "off": {"percent": 50}}))
                .expect("a valid discount"),
            ),
            ..base
        },
    ]
}

async fn seed(store: &SharedStore) {
    run(store.as_ref(), RetryPolicy::default(), move |tx| {
        Box::pin(async move {
            let campaign = campaign();
            tx.set(
                &keys::campaign(TENANT, CAMPAIGN),
                &serde_json::to_vec(&campaign).unwrap(),
            )?;
            tx.set(
                &keys::campaign_gate(TENANT, CAMPAIGN),
                &serde_json::to_vec(&GateState::of(campaign.status)).unwrap(),
            )?;
            for coupon in coupons() {
                tx.set(&keys::code(TENANT, &coupon.code), coupon.id.as_bytes())?;
                tx.set(
                    &keys::coupon(TENANT, &coupon.id),
                    &serde_json::to_vec(&coupon).unwrap(),
                )?;
            }
            Ok(())
        })
    })
    .await
    .expect("the seed commits");
}

/// One owner node: its actors over a fresh store, and its gateway.
struct Owner {
    shards: Shards,
    gateway: ActorRef<GatewayMsg>,
    /// The ids the placeholders stand for.
    success_id: String,
    pending_id: String,
}

impl Owner {
    /// A fresh owner with one committed redemption and one reservation of
    /// `FUZZ`, so that voids and confirms can find theirs.
    async fn start() -> Self {
        let store: SharedStore = Arc::new(MemStore::new());
        seed(&store).await;
        let shards =
            Shards::without_supervisors(store, Arc::new(SystemClock), ShardsConfig::default());
        let (gateway, _) = Actor::spawn(None, Gateway, shards.clone())
            .await
            .expect("the gateway starts");
        let mut owner = Self {
            shards,
            gateway,
            success_id: String::new(),
            pending_id: String::new(),
        };
        owner.success_id = owner.prelude(redeem_request(false)).await;
        owner.pending_id = owner.prelude(redeem_request(true)).await;
        owner
    }

    async fn prelude(&self, request: RedeemRequest) -> String {
        let frame = request_frame("FUZZ", PeerOp::Redeem(codec::redeem_to_wire(&request)));
        let reply =
            codec::decode_reply(&self.call(frame).await.expect("answered")).expect("a reply");
        codec::redemption_of(reply).expect("the prelude redeems").id
    }

    /// `frame` through the gateway, as a peer's session delivers it.
    async fn call(&self, frame: Vec<u8>) -> Result<Vec<u8>, String> {
        let call = self.gateway.call(
            |reply| GatewayMsg::Forward(frame, reply),
            Some(ANSWER_DEADLINE),
        );
        match tokio::time::timeout(ANSWER_DEADLINE, call).await {
            Ok(Ok(CallResult::Success(answer))) => Ok(answer),
            Ok(Ok(CallResult::Timeout)) | Err(_) => {
                Err(format!("no answer within {ANSWER_DEADLINE:?}"))
            }
            Ok(Ok(CallResult::SenderError)) => {
                Err(String::from("the gateway dropped the reply port"))
            }
            Ok(Err(err)) => Err(format!("the gateway is gone: {err}")),
        }
    }

    /// Replaces the placeholders of a frame that decodes.
    fn resolve(&self, frame: Vec<u8>) -> Vec<u8> {
        let Ok(mut request) = PeerRequest::decode(frame.as_slice()) else {
            return frame;
        };
        let id = match &mut request.op {
            Some(PeerOp::Void(op)) => &mut op.redemption_id,
            Some(PeerOp::Confirm(op)) => &mut op.redemption_id,
            _ => return frame,
        };
        match id.as_str() {
            SUCCESS_ID => *id = self.success_id.clone(),
            PENDING_ID => *id = self.pending_id.clone(),
            _ => return frame,
        }
        request.encode_to_vec()
    }

    async fn stop(self) {
        self.gateway.stop(None);
        self.shards.shutdown(Duration::from_secs(5)).await;
    }
}

// ---------------------------------------------------------------- the corpus

fn context() -> Context {
    Context {
        user_id: Some(String::from("u1")),
        currency: Some(String::from("GBP")),
        items: vec![
            CartItem {
                sku: Some(String::from("A")),
                product_id: Some(String::from("p1")),
                quantity: 2,
                price: Decimal::new(1999, 2),
                ..CartItem::default()
            },
            CartItem {
                sku: Some(String::from("B")),
                categories: vec![String::from("fruit/apples")],
                quantity: 1,
                price: Decimal::new(500, 2),
                ..CartItem::default()
            },
        ],
        shipping_amount: Some(Decimal::new(495, 2)),
        channel: Some(String::from("web")),
        store_id: Some(String::from("s1")),
        metadata: BTreeMap::from([(String::from("order"), json!({"kind": "gift"}))]),
        ..Context::default()
    }
}

fn idem(key: &str) -> Option<IdemSpec> {
    Some(IdemSpec {
        key: format!("{TENANT}:{key}"),
        fingerprint: String::from("f0"),
    })
}

fn redeem_request(reserve: bool) -> RedeemRequest {
    RedeemRequest {
        provenance: Default::default(),
        user_id: Some(String::from("u1")),
        reference_type: Some(String::from("order")),
        reference_id: Some(String::from(if reserve { "o-2" } else { "o-1" })),
        context: context(),
        metadata: BTreeMap::from([(String::from("note"), json!("fuzz"))]),
        idem: idem(if reserve { "k2" } else { "k1" }),
        redemption_client_id: Some(String::from(if reserve { "c2" } else { "c1" })),
        reserve,
        combined_codes: usize::from(reserve),
        checkout_id: reserve.then(|| String::from("chk_1")),
        entered_code: Some(String::from("fuzz")),
        trace: None,
    }
}

fn request_frame(code: &str, op: PeerOp) -> Vec<u8> {
    request(code, op).encode_to_vec()
}

fn request(code: &str, op: PeerOp) -> PeerRequest {
    PeerRequest {
        tenant: TENANT.to_owned(),
        code: code.to_owned(),
        hops: 1,
        from_node: String::from("n2"),
        op: Some(op),
        trace: None,
    }
}

fn limit_set() -> LimitSet {
    let now = Utc::now();
    LimitSet {
        target: LimitTarget::Coupon,
        target_id: String::from("cpn_FUZZ"),
        per_channel: BTreeMap::from([(String::from("web"), 10)]),
        per_store: BTreeMap::from([(String::from("s1"), 5)]),
        daily_cap: Some(20),
        time_zone: Some(String::from("Europe/London")),
        windows: vec![TimeWindow {
            days: vec![Day::Mon, Day::Sat],
            start: "22:00:00".parse().unwrap(),
            end: "06:00:00".parse().unwrap(),
        }],
        reservation_ttl_secs: Some(60),
        stores: vec![String::from("s1")],
        exclusive: true,
        consumer_count: 0,
        segment: Some(String::from("vip")),
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

fn update(kind: UpdateKind) -> PeerOp {
    PeerOp::Update(codec::update_to_wire(&CouponUpdate {
        provenance: Default::default(),
        kind,
        patch: CouponPatch {
            version: Some(1),
            value: Some(Decimal::from(15)),
            max_uses: Some(Some(10)),
            per_customer_limit: Some(None),
            ..CouponPatch::default()
        },
        reason: Some(String::from("fuzz")),
        idem: idem("k3"),
    }))
}

fn change(kind: ChangeKind) -> PeerOp {
    PeerOp::CampaignChange(codec::change_to_wire(
        CAMPAIGN,
        &CampaignChange {
            kind,
            patch: CampaignPatch {
                version: Some(1),
                name: Some(String::from("renamed")),
                budget: Some(Budget {
                    max_redemptions: Some(200),
                    money: BTreeMap::from([(String::from("GBP"), Decimal::from(2_000))]),
                }),
                time_zone: Some(String::from("America/New_York")),
                ..CampaignPatch::default()
            },
            provenance: Provenance::system("fuzz"),
        },
    ))
}

fn needs() -> Vec<u8> {
    codec::json(&vec![
        Quota::one(Decimal::new(250, 2), Some("GBP")),
        Quota {
            redemptions: 3,
            money: BTreeMap::new(),
        },
    ])
}

/// Every operation a peer sends, each as the real encoder writes it.
fn request_corpus() -> Vec<PeerRequest> {
    let validate = |code: &str| {
        request(
            code,
            PeerOp::Validate(wire::ValidateOp {
                context_json: codec::json(&context()),
                entered_code: Some(code.to_lowercase()),
            }),
        )
    };
    let void = |id: &str, mode: VoidMode| {
        request(
            "FUZZ",
            PeerOp::Void(wire::VoidOp {
                redemption_id: id.to_owned(),
                reason: Some(String::from("order_cancelled")),
                idem: codec::idem_to_wire(&idem("k4")),
                mode: codec::void_mode_to_wire(mode) as i32,
                provenance: codec::provenance_to_wire(&Provenance::system("fuzz")),
            }),
        )
    };
    vec![
        request(
            "FUZZ",
            PeerOp::Redeem(codec::redeem_to_wire(&redeem_request(false))),
        ),
        request(
            "BOGO",
            PeerOp::Redeem(codec::redeem_to_wire(&redeem_request(true))),
        ),
        request(
            "PLAIN",
            PeerOp::Redeem(codec::redeem_to_wire(&RedeemRequest::default())),
        ),
        validate("FUZZ"),
        validate("PLAIN"),
        validate("BOGO"),
        void(SUCCESS_ID, VoidMode::Void),
        void(PENDING_ID, VoidMode::Release),
        void(PENDING_ID, VoidMode::Expire),
        request(
            "FUZZ",
            PeerOp::Confirm(wire::ConfirmOp {
                redemption_id: PENDING_ID.to_owned(),
                idem: codec::idem_to_wire(&idem("k5")),
                provenance: None,
            }),
        ),
        request(
            "FUZZ",
            PeerOp::SetLimits(wire::SetLimitsOp {
                set_json: codec::json(&Some(limit_set())),
                expected_version: None,
                consumers_json: Some(codec::json(&vec!["u1", "u2"])),
                provenance: codec::provenance_to_wire(&Provenance::system("fuzz")),
            }),
        ),
        request(
            "PLAIN",
            PeerOp::SetLimits(wire::SetLimitsOp {
                set_json: codec::json(&None::<LimitSet>),
                expected_version: Some(1),
                consumers_json: None,
                provenance: None,
            }),
        ),
        request("FUZZ", update(UpdateKind::Patch)),
        request("PLAIN", update(UpdateKind::Revoke)),
        request("BOGO", update(UpdateKind::SoftDelete)),
        request("PLAIN", update(UpdateKind::HardDelete)),
        request("FUZZ", PeerOp::Get(wire::GetOp {})),
        request(
            "FUZZ",
            PeerOp::LeaseRecall(wire::LeaseRecallOp {
                campaign_id: CAMPAIGN.to_owned(),
                waiting: false,
            }),
        ),
        request(
            "FUZZ",
            PeerOp::LeaseRecall(wire::LeaseRecallOp {
                campaign_id: CAMPAIGN.to_owned(),
                waiting: true,
            }),
        ),
        request(
            "campaign/cmp_fuzz",
            PeerOp::CampaignGet(wire::CampaignGetOp {
                campaign_id: CAMPAIGN.to_owned(),
            }),
        ),
        request("campaign/cmp_fuzz", change(ChangeKind::Patch)),
        request("campaign/cmp_fuzz", change(ChangeKind::Pause)),
        request("campaign/cmp_fuzz", change(ChangeKind::Resume)),
        request("campaign/cmp_fuzz", change(ChangeKind::Activate)),
        request("campaign/cmp_fuzz", change(ChangeKind::End)),
        request("campaign/cmp_fuzz", change(ChangeKind::Delete)),
        request(
            "campaign/cmp_fuzz",
            PeerOp::CampaignAcquire(wire::CampaignAcquireOp {
                campaign_id: CAMPAIGN.to_owned(),
                coupon_id: String::from("cpn_FUZZ"),
                coupon_code: String::from("FUZZ"),
                needs_json: needs(),
            }),
        ),
        request(
            "campaign/cmp_fuzz",
            PeerOp::CampaignProbe(wire::CampaignProbeOp {
                campaign_id: CAMPAIGN.to_owned(),
                needs_json: needs(),
            }),
        ),
        request(
            "campaign/cmp_fuzz",
            PeerOp::CampaignReturn(wire::CampaignReturnOp {
                campaign_id: CAMPAIGN.to_owned(),
                coupon_id: String::from("cpn_FUZZ"),
                coupon_code: String::from("FUZZ"),
                epoch: 1,
            }),
        ),
        request("", PeerOp::Stats(wire::StatsOp {})),
    ]
}

// ---------------------------------------------------------------- field edits

/// The fields of an operation an edit can reach, by kind.
#[derive(Default)]
struct Fields<'a> {
    json: Vec<&'a mut Vec<u8>>,
    texts: Vec<&'a mut String>,
    optional_texts: Vec<&'a mut Option<String>>,
    numbers: Vec<&'a mut u64>,
    enums: Vec<&'a mut i32>,
    flags: Vec<&'a mut bool>,
}

impl<'a> Fields<'a> {
    fn idem(&mut self, idem: &'a mut Option<wire::Idem>) {
        if let Some(idem) = idem {
            self.texts.push(&mut idem.key);
            self.texts.push(&mut idem.fingerprint);
        }
    }
}

fn fields(op: &mut PeerOp) -> Fields<'_> {
    let mut f = Fields::default();
    match op {
        PeerOp::Redeem(op) => {
            f.json.extend([&mut op.context_json, &mut op.metadata_json]);
            f.optional_texts.extend([
                &mut op.user_id,
                &mut op.reference_type,
                &mut op.reference_id,
                &mut op.redemption_client_id,
                &mut op.checkout_id,
                &mut op.entered_code,
            ]);
            f.flags.push(&mut op.reserve);
            f.idem(&mut op.idem);
        }
        PeerOp::Validate(op) => {
            f.json.push(&mut op.context_json);
            f.optional_texts.push(&mut op.entered_code);
        }
        PeerOp::Void(op) => {
            f.texts.push(&mut op.redemption_id);
            f.optional_texts.push(&mut op.reason);
            f.enums.push(&mut op.mode);
            f.idem(&mut op.idem);
        }
        PeerOp::Confirm(op) => {
            f.texts.push(&mut op.redemption_id);
            f.idem(&mut op.idem);
        }
        PeerOp::SetLimits(op) => {
            f.json.push(&mut op.set_json);
            if let Some(consumers) = &mut op.consumers_json {
                f.json.push(consumers);
            }
        }
        PeerOp::Update(op) => {
            f.json.push(&mut op.patch_json);
            f.optional_texts.push(&mut op.reason);
            f.enums.push(&mut op.kind);
            f.idem(&mut op.idem);
        }
        PeerOp::LeaseRecall(op) => {
            f.texts.push(&mut op.campaign_id);
            f.flags.push(&mut op.waiting);
        }
        PeerOp::CampaignGet(op) => f.texts.push(&mut op.campaign_id),
        PeerOp::CampaignChange(op) => {
            f.json.push(&mut op.patch_json);
            f.texts.extend([&mut op.campaign_id, &mut op.actor]);
            f.enums.push(&mut op.kind);
        }
        PeerOp::CampaignAcquire(op) => {
            f.json.push(&mut op.needs_json);
            f.texts
                .extend([&mut op.campaign_id, &mut op.coupon_id, &mut op.coupon_code]);
        }
        PeerOp::CampaignProbe(op) => {
            f.json.push(&mut op.needs_json);
            f.texts.push(&mut op.campaign_id);
        }
        PeerOp::CampaignReturn(op) => {
            f.texts
                .extend([&mut op.campaign_id, &mut op.coupon_id, &mut op.coupon_code]);
            f.numbers.push(&mut op.epoch);
        }
        PeerOp::Get(_) | PeerOp::Stats(_) => {}
    }
    f
}

/// One edit of a request's fields.
#[derive(Debug, Clone)]
enum FieldEdit {
    Tenant(String),
    Code(String),
    Hops(u32),
    /// A JSON payload, mutated as a tree (it is re-encoded).
    Json(Index, Vec<JsonEdit>),
    /// A JSON payload, mutated as bytes.
    JsonBytes(Index, Vec<ByteEdit>),
    Text(Index, String),
    OptionalText(Index, Option<String>),
    Number(Index, u64),
    Enum(Index, i32),
    Flip(Index),
    /// The operation of another request of the corpus, under this one's key.
    SwapOp(Index),
    DropOp,
}

/// Strings an edit writes: the corpus's keys and ids, the placeholders, and
/// edge cases.
fn text(dict: &Dictionary) -> BoxedStrategy<String> {
    let mut words = dict.strings.clone();
    words.extend(
        [
            "FUZZ",
            "PLAIN",
            "BOGO",
            "fuzz",
            "cpn_FUZZ",
            CAMPAIGN,
            "campaign/cmp_fuzz",
            SUCCESS_ID,
            PENDING_ID,
            "",
            "t",
            "other-tenant",
            "red_0",
            "\u{0}",
            "x/y",
        ]
        .map(String::from),
    );
    prop_oneof![
        6 => select(words),
        1 => any::<String>(),
        1 => (0usize..2_000).prop_map(|n| "A".repeat(n)),
    ]
    .boxed()
}

fn field_edit(dict: &Dictionary) -> impl Strategy<Value = FieldEdit> {
    let text = text(dict);
    prop_oneof![
        1 => text.clone().prop_map(FieldEdit::Tenant),
        1 => text.clone().prop_map(FieldEdit::Code),
        1 => any::<u32>().prop_map(FieldEdit::Hops),
        12 => (any::<Index>(), mutate::json_edits(dict)).prop_map(|(i, e)| FieldEdit::Json(i, e)),
        2 => (any::<Index>(), mutate::byte_edits()).prop_map(|(i, e)| FieldEdit::JsonBytes(i, e)),
        2 => (any::<Index>(), text.clone()).prop_map(|(i, t)| FieldEdit::Text(i, t)),
        2 => (any::<Index>(), proptest::option::of(text)).prop_map(|(i, t)| FieldEdit::OptionalText(i, t)),
        1 => (any::<Index>(), prop_oneof![Just(0u64), Just(1), Just(u64::MAX), any::<u64>()])
            .prop_map(|(i, n)| FieldEdit::Number(i, n)),
        1 => (any::<Index>(), prop_oneof![-1i32..8, any::<i32>()]).prop_map(|(i, n)| FieldEdit::Enum(i, n)),
        1 => any::<Index>().prop_map(FieldEdit::Flip),
        1 => any::<Index>().prop_map(FieldEdit::SwapOp),
        1 => Just(FieldEdit::DropOp),
    ]
}

/// Applies `edits` to `request`; `corpus` lends operations to swap in and
/// JSON to graft.
fn apply_fields(
    request: &mut PeerRequest,
    edits: &[FieldEdit],
    corpus: &[PeerRequest],
    payloads: &[Value],
    dict: &Dictionary,
) {
    fn pick<'v, T>(items: &'v mut [T], index: &Index) -> Option<&'v mut T> {
        if items.is_empty() {
            return None;
        }
        let at = index.index(items.len());
        items.get_mut(at)
    }
    for edit in edits {
        match edit {
            FieldEdit::Tenant(t) => request.tenant = t.clone(),
            FieldEdit::Code(c) => request.code = c.clone(),
            FieldEdit::Hops(h) => request.hops = *h,
            FieldEdit::SwapOp(i) => request.op = corpus[i.index(corpus.len())].op.clone(),
            FieldEdit::DropOp => request.op = None,
            other => {
                let Some(op) = request.op.as_mut() else {
                    continue;
                };
                let mut f = fields(op);
                match other {
                    FieldEdit::Json(i, e) => {
                        if let Some(bytes) = pick(&mut f.json, i) {
                            let value = serde_json::from_slice(bytes).unwrap_or(Value::Null);
                            **bytes =
                                serde_json::to_vec(&mutate::apply_json(&value, e, payloads, dict))
                                    .expect("a JSON value serializes");
                        }
                    }
                    FieldEdit::JsonBytes(i, e) => {
                        if let Some(bytes) = pick(&mut f.json, i) {
                            **bytes = mutate::apply_bytes(bytes, e, &[]);
                        }
                    }
                    FieldEdit::Text(i, t) => {
                        if let Some(field) = pick(&mut f.texts, i) {
                            **field = t.clone();
                        }
                    }
                    FieldEdit::OptionalText(i, t) => {
                        if let Some(field) = pick(&mut f.optional_texts, i) {
                            **field = t.clone();
                        }
                    }
                    FieldEdit::Number(i, n) => {
                        if let Some(field) = pick(&mut f.numbers, i) {
                            **field = *n;
                        }
                    }
                    FieldEdit::Enum(i, n) => {
                        if let Some(field) = pick(&mut f.enums, i) {
                            **field = *n;
                        }
                    }
                    FieldEdit::Flip(i) => {
                        if let Some(field) = pick(&mut f.flags, i) {
                            **field = !**field;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The JSON payloads of the corpus, as values (what tree edits graft from).
fn payloads(corpus: &mut [PeerRequest]) -> Vec<Value> {
    corpus
        .iter_mut()
        .filter_map(|r| r.op.as_mut())
        .flat_map(|op| {
            fields(op)
                .json
                .into_iter()
                .filter_map(|bytes| serde_json::from_slice::<Value>(bytes).ok())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Frames a peer may send: arbitrary bytes, the corpus's frames mutated as
/// bytes, the corpus's requests with fields edited, and the corpus as is.
fn frames() -> BoxedStrategy<Vec<u8>> {
    let mut corpus = request_corpus();
    let payloads = Arc::new(payloads(&mut corpus));
    let dict = Arc::new(Dictionary::of(
        &payloads,
        &[
            "GBP",
            "EUR",
            "JPY",
            "BHD",
            "web",
            "u1",
            "percentage",
            "buy_x_get_y",
            "pending",
        ],
    ));
    let corpus = Arc::new(corpus);
    let encoded: Arc<Vec<Vec<u8>>> = Arc::new(corpus.iter().map(Message::encode_to_vec).collect());
    let edited = {
        let (corpus, payloads, dict) = (corpus.clone(), payloads.clone(), dict.clone());
        let byte_edits = prop_oneof![4 => Just(None), 1 => mutate::byte_edits().prop_map(Some)];
        (any::<Index>(), vec(field_edit(&dict), 1..=3), byte_edits).prop_map(
            move |(pick, edits, bytes)| {
                let mut request = corpus[pick.index(corpus.len())].clone();
                apply_fields(&mut request, &edits, &corpus, &payloads, &dict);
                let frame = request.encode_to_vec();
                match bytes {
                    Some(bytes) => mutate::apply_bytes(&frame, &bytes, &[]),
                    None => frame,
                }
            },
        )
    };
    prop_oneof![
        1 => mutate::arbitrary_bytes(),
        3 => mutate::mutated_bytes(encoded.clone()),
        7 => edited,
        1 => select((*encoded).clone()),
    ]
    .boxed()
}

/// Requests of the corpus with their JSON payloads (checkout contexts, patches,
/// limit sets, quotas) mutated as trees: frames that always decode, so every
/// input reaches the actors and the engine behind the codec.
fn payload_frames() -> BoxedStrategy<Vec<u8>> {
    let mut corpus = request_corpus();
    let payloads = Arc::new(payloads(&mut corpus));
    let dict = Arc::new(Dictionary::of(
        &payloads,
        &["GBP", "JPY", "BHD", "web", "u1"],
    ));
    corpus.retain_mut(|r| r.op.as_mut().is_some_and(|op| !fields(op).json.is_empty()));
    let corpus = Arc::new(corpus);
    let edit = (any::<Index>(), mutate::json_edits(&dict)).prop_map(|(i, e)| FieldEdit::Json(i, e));
    (any::<Index>(), vec(edit, 1..=2))
        .prop_map(move |(pick, edits)| {
            let mut request = corpus[pick.index(corpus.len())].clone();
            apply_fields(&mut request, &edits, &corpus, &payloads, &dict);
            request.encode_to_vec()
        })
        .boxed()
}

/// A frame as a failure report shows it: the request it decodes to, with its
/// JSON payloads as text, or else its bytes.
#[derive(Clone)]
struct Frame(Vec<u8>);

impl fmt::Debug for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Ok(mut request) = PeerRequest::decode(self.0.as_slice()) else {
            return write!(f, "undecodable {:02x?}", self.0);
        };
        let payloads: Vec<String> = request
            .op
            .as_mut()
            .map(|op| {
                fields(op)
                    .json
                    .into_iter()
                    .map(|bytes| String::from_utf8_lossy(&std::mem::take(bytes)).into_owned())
                    .collect()
            })
            .unwrap_or_default();
        write!(f, "{request:?} whose JSON payloads read {payloads:?}")
    }
}

// ---------------------------------------------------------------- the checks

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// What every answer must be: a reply that decodes and carries a result.
fn check_answer(answer: &[u8]) -> Result<PeerReply, TestCaseError> {
    let reply = codec::decode_reply(answer)
        .map_err(|err| TestCaseError::fail(format!("the answer does not decode: {err}")))?;
    prop_assert!(reply.result.is_some(), "an answer without a result");
    Ok(reply)
}

/// Runs each case's frames against a fresh owner (so a failing case replays
/// the same way alone): every frame answered within the deadline with a reply
/// that decodes, and no panic anywhere in the process meanwhile.
fn serve_cases(cases: u32, frames: BoxedStrategy<Vec<u8>>) {
    let runtime = runtime();
    mutate::runner(cases)
        .run(&vec(frames.prop_map(Frame), 1..=3), |frames| {
            let panics = mutate::panics();
            runtime.block_on(async {
                let owner = Owner::start().await;
                for Frame(frame) in frames {
                    let frame = owner.resolve(frame);
                    let answer = owner.call(frame).await.map_err(TestCaseError::fail)?;
                    check_answer(&answer)?;
                }
                owner.stop().await;
                Ok::<(), TestCaseError>(())
            })?;
            prop_assert_eq!(
                mutate::panics(),
                panics,
                "something panicked (stderr has it)"
            );
            Ok(())
        })
        .unwrap();
}

/// Any frame: arbitrary, mutated as bytes, or edited field by field. Half as
/// many cases as the budget: each starts an owner and sends up to 3 frames.
#[test]
fn the_gateway_answers_any_frame_without_panicking() {
    serve_cases((mutate::fuzz_cases() / 2).max(1), frames());
}

/// Frames that decode, with mutated payloads: what reaches the actors.
#[test]
fn the_owner_answers_any_payload_without_panicking() {
    serve_cases((mutate::fuzz_cases() / 2).max(1), payload_frames());
}

// ---------------------------------------------------------------- replies

/// Every decoder a forwarding node runs on an answer, whatever it asked.
fn decode_every_way(reply: &PeerReply) {
    let _ = codec::result_of(reply.clone());
    let _ = codec::redemption_of(reply.clone());
    let _ = codec::coupon_of(reply.clone());
    let _ = codec::validated_of(reply.clone());
    let _ = codec::limit_set_of(reply.clone());
    let _ = codec::campaign_of(reply.clone());
    let _ = codec::grant_of(reply.clone());
    let _ = codec::ack_of(reply.clone());
    let _ = codec::lease_return_of(reply.clone());
}

/// Replies as the real owner answers the corpus, plus one of every error and
/// result kind the owner can send.
fn reply_corpus(runtime: &tokio::runtime::Runtime) -> Vec<PeerReply> {
    let mut replies = runtime.block_on(async {
        let owner = Owner::start().await;
        let mut replies = Vec::new();
        for request in request_corpus() {
            let frame = owner.resolve(request.encode_to_vec());
            let answer = owner.call(frame).await.expect("answered");
            replies.push(codec::decode_reply(&answer).expect("a reply"));
        }
        owner.stop().await;
        replies
    });
    let errors = [
        ActorError::refused(ErrorCode::LimitReached, "5 of 5"),
        ActorError::CouponNotFound,
        ActorError::RedemptionNotFound,
        ActorError::VersionConflict { current: 9 },
        ActorError::Invalid {
            field: "max_uses",
            message: String::from("below uses"),
        },
        ActorError::IdempotencyKeyReused,
        ActorError::Overloaded,
        ActorError::Unavailable(String::from("commit failed")),
    ];
    replies.extend(errors.iter().map(codec::error_reply));
    let grant = Grant {
        count: 1,
        quota: Quota::one(Decimal::new(250, 2), Some("GBP")),
        refusal: Some((ErrorCode::CampaignLimitReached, String::from("spent"))),
    };
    let back = LeaseReturn {
        coupon_id: String::from("cpn_FUZZ"),
        code: String::new(),
        epoch: 3,
        seq: 9,
        quota: Quota::one(Decimal::new(1, 2), Some("EUR")),
    };
    replies.extend(
        [
            PeerResult::Grant(codec::grant_to_wire(&grant)),
            PeerResult::LeaseReturn(codec::lease_return_to_wire(&back)),
            PeerResult::Ack(wire::Ack {}),
            PeerResult::LimitSetJson(codec::json(&Some(limit_set()))),
            PeerResult::CampaignJson(codec::json(&campaign())),
        ]
        .map(|result| PeerReply {
            result: Some(result),
        }),
    );
    replies
}

/// The JSON payloads of a reply, for tree edits.
fn reply_json(reply: &mut PeerReply) -> Option<&mut Vec<u8>> {
    match reply.result.as_mut()? {
        PeerResult::RedemptionJson(bytes)
        | PeerResult::CouponJson(bytes)
        | PeerResult::LimitSetJson(bytes)
        | PeerResult::CampaignJson(bytes) => Some(bytes),
        PeerResult::Grant(grant) => Some(&mut grant.quota_json),
        PeerResult::LeaseReturn(back) => Some(&mut back.quota_json),
        _ => None,
    }
}

/// The text fields of a reply: error codes, decimals, effects.
fn reply_texts(reply: &mut PeerReply) -> Vec<&mut String> {
    match reply.result.as_mut() {
        Some(PeerResult::Validated(v)) => {
            let mut texts = vec![
                &mut v.discount,
                &mut v.shipping_discount,
                &mut v.eligible_subtotal,
                &mut v.effects_json,
            ];
            texts.extend(v.reasons.iter_mut());
            texts.extend(v.allocations.iter_mut().map(|a| &mut a.amount));
            texts
        }
        Some(PeerResult::Error(e)) => vec![&mut e.code, &mut e.field, &mut e.detail],
        Some(PeerResult::Grant(g)) => g.refusal_code.iter_mut().collect(),
        _ => Vec::new(),
    }
}

/// Any reply a forwarding node may get back decodes or fails with an error,
/// whichever answer it asked for. Decoding only: four times the budget.
#[test]
fn answers_from_a_peer_decode_or_fail_cleanly() {
    let runtime = runtime();
    let mut corpus = reply_corpus(&runtime);
    let payloads: Vec<Value> = corpus
        .iter_mut()
        .filter_map(|r| reply_json(r).and_then(|b| serde_json::from_slice(b).ok()))
        .collect();
    let dict = Arc::new(Dictionary::of(
        &payloads,
        &["limit_reached", "1e30", "-0.5", "NaN"],
    ));
    let payloads = Arc::new(payloads);
    let corpus = Arc::new(corpus);
    let encoded: Arc<Vec<Vec<u8>>> = Arc::new(corpus.iter().map(Message::encode_to_vec).collect());
    let edited = {
        let (corpus, payloads, dict) = (corpus.clone(), payloads.clone(), dict.clone());
        (
            any::<Index>(),
            mutate::json_edits(&dict),
            any::<Index>(),
            text(&dict),
            proptest::option::of(mutate::byte_edits()),
        )
            .prop_map(move |(pick, edits, which, text, bytes)| {
                let mut reply = corpus[pick.index(corpus.len())].clone();
                if let Some(json) = reply_json(&mut reply) {
                    let value = serde_json::from_slice(json).unwrap_or(Value::Null);
                    *json =
                        serde_json::to_vec(&mutate::apply_json(&value, &edits, &payloads, &dict))
                            .expect("a JSON value serializes");
                }
                let mut texts = reply_texts(&mut reply);
                if !texts.is_empty() {
                    let at = which.index(texts.len());
                    *texts[at] = text;
                }
                let frame = reply.encode_to_vec();
                match bytes {
                    Some(bytes) => mutate::apply_bytes(&frame, &bytes, &[]),
                    None => frame,
                }
            })
    };
    let inputs = prop_oneof![
        1 => mutate::arbitrary_bytes(),
        2 => mutate::mutated_bytes(encoded.clone()),
        4 => edited,
    ];
    mutate::runner(mutate::fuzz_cases() * 4)
        .run(&inputs, |frame| {
            if let Ok(reply) = codec::decode_reply(&frame) {
                decode_every_way(&reply);
            }
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------- regressions

/// Frames the fuzzer found panicking an actor, each answered now.
async fn answered_without_panicking(frames: Vec<Vec<u8>>) -> Vec<PeerReply> {
    let _ = mutate::runner(1); // counts panics
    let panics = mutate::panics();
    let owner = Owner::start().await;
    let mut replies = Vec::new();
    for frame in frames {
        let answer = owner.call(frame).await.expect("answered");
        replies.push(codec::decode_reply(&answer).expect("a reply"));
    }
    owner.stop().await;
    assert_eq!(
        mutate::panics(),
        panics,
        "something panicked (stderr has it)"
    );
    replies
}

/// A checkout line whose `price × quantity` is past `Decimal`'s range
/// (7.9e28 × 4294967295) panicked the coupon actor evaluating it: a peer's
/// context is now held to the edge's bounds when it is decoded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regression_a_line_total_past_the_decimal_range() {
    let context = json!({"currency": "GBP", "items": [
        {"sku": "A", "quantity": u32::MAX, "price": 7.9e28},
        {"sku": "B", "quantity": 2, "price": 7.9e28}]});
    let context_json = serde_json::to_vec(&context).unwrap();
    let mut frames = Vec::new();
    for code in ["FUZZ", "PLAIN", "BOGO"] {
        frames.push(request_frame(
            code,
            PeerOp::Validate(wire::ValidateOp {
                context_json: context_json.clone(),
                entered_code: None,
            }),
        ));
        frames.push(request_frame(
            code,
            PeerOp::Redeem(wire::RedeemOp {
                context_json: context_json.clone(),
                metadata_json: b"{}".to_vec(),
                user_id: Some(String::from("u9")),
                ..wire::RedeemOp::default()
            }),
        ));
    }
    for reply in answered_without_panicking(frames).await {
        let err = codec::result_of(reply).expect_err("refused");
        assert!(err.to_string().contains("context.items[0].price"), "{err}");
    }
}

/// Quota asked for at the edges of `Decimal` panicked the campaign actor: a
/// tiny fraction of a minor unit when it sized its prefetch (the share divided
/// by the amount overflowed), and twice an amount near `Decimal::MAX` of a
/// currency the budget does not cap when it added up what it granted. Such an
/// amount (past any amount the edge accepts) and a negative one are now
/// refused when decoded; the tiny fraction is still granted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regression_campaign_needs_at_the_decimal_limits() {
    let acquire = |needs: &str| {
        request_frame(
            "campaign/cmp_fuzz",
            PeerOp::CampaignAcquire(wire::CampaignAcquireOp {
                campaign_id: CAMPAIGN.to_owned(),
                coupon_id: String::from("cpn_FUZZ"),
                coupon_code: String::from("FUZZ"),
                needs_json: needs.as_bytes().to_vec(),
            }),
        )
    };
    let huge = r#"[{"money":{"EUR":7.9e28},"redemptions":1}]"#;
    let frames = vec![
        acquire(r#"[{"money":{"GBP":1e-28},"redemptions":2},{"money":{},"redemptions":2}]"#),
        acquire(huge),
        acquire(huge),
        acquire(r#"[{"redemptions":1},{"money":{"GBP":-5},"redemptions":1}]"#),
    ];
    let replies = answered_without_panicking(frames).await;
    let grant = codec::grant_of(replies[0].clone()).expect("a grant");
    assert!(grant.count >= 1, "{grant:?}");
    for (reply, field) in replies[1..].iter().zip([
        "needs[0].money.EUR",
        "needs[0].money.EUR",
        "needs[1].money.GBP",
    ]) {
        let err = codec::result_of(reply.clone()).expect_err("refused");
        assert!(err.to_string().contains(field), "{err}");
    }
}

/// A peer's frame is held to the bounds the HTTP edge holds a client's
/// request to before any actor sees it: each frame below breaks one bound and
/// is answered with an error naming the field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frames_out_of_the_edges_bounds_are_refused_naming_the_field() {
    let redeem = |edit: fn(&mut wire::RedeemOp)| {
        let mut op = codec::redeem_to_wire(&redeem_request(false));
        edit(&mut op);
        request_frame("FUZZ", PeerOp::Redeem(op))
    };
    let mut system = request("FUZZ", PeerOp::Get(wire::GetOp {}));
    system.tenant = String::from("_system");
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (system.encode_to_vec(), "tenant"),
        (request_frame("fuzz", PeerOp::Get(wire::GetOp {})), "code"),
        (redeem(|op| op.user_id = Some("u".repeat(300))), "user_id"),
        (
            redeem(|op| op.reference_id = Some(String::from("o\n1"))),
            "reference_id",
        ),
        (redeem(|op| op.combined_codes = 1_000), "combined_codes"),
        (
            redeem(|op| op.entered_code = Some(String::from("no spaces"))),
            "entered_code",
        ),
        (redeem(|op| op.idem = Some(wire::Idem::default())), "idem"),
        (
            redeem(|op| {
                op.metadata_json = serde_json::to_vec(&json!({"x": "m".repeat(20_000)})).unwrap()
            }),
            "metadata",
        ),
        (
            redeem(|op| op.context_json = br#"{"currency":"gbp"}"#.to_vec()),
            "context.currency",
        ),
        (
            request_frame(
                "FUZZ",
                PeerOp::Void(wire::VoidOp {
                    redemption_id: String::from("red_1"),
                    reason: Some("r".repeat(2_000)),
                    ..wire::VoidOp::default()
                }),
            ),
            "reason",
        ),
        (
            request_frame(
                "FUZZ",
                PeerOp::SetLimits(wire::SetLimitsOp {
                    set_json: b"null".to_vec(),
                    consumers_json: Some(br#"["ok", ""]"#.to_vec()),
                    ..wire::SetLimitsOp::default()
                }),
            ),
            "consumers[1]",
        ),
        (
            request_frame(
                "campaign/cmp_fuzz",
                PeerOp::CampaignAcquire(wire::CampaignAcquireOp {
                    campaign_id: CAMPAIGN.to_owned(),
                    coupon_id: String::from("cpn_FUZZ"),
                    coupon_code: String::from("fuzz"),
                    needs_json: b"[]".to_vec(),
                }),
            ),
            "coupon_code",
        ),
        (
            request_frame(
                "campaign/cmp_fuzz",
                PeerOp::CampaignProbe(wire::CampaignProbeOp {
                    campaign_id: CAMPAIGN.to_owned(),
                    needs_json: br#"[{"money":{"ZZZ":1},"redemptions":1}]"#.to_vec(),
                }),
            ),
            "needs[0].money.ZZZ",
        ),
    ];
    let (frames, fields): (Vec<_>, Vec<_>) = cases.into_iter().unzip();
    let replies = answered_without_panicking(frames).await;
    for (reply, field) in replies.into_iter().zip(fields) {
        let err = codec::result_of(reply).expect_err(field);
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
}
