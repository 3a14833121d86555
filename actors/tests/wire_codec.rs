//! Peer frames: everything the actors exchange survives the wire exactly, and
//! bytes from a peer never panic the decoder or the owner's gateway.

use std::collections::BTreeMap;
use std::sync::Arc;

use proptest::prelude::*;
use prost::Message;
use rust_decimal::Decimal;
use stampede_actors::cluster::{codec, serve};
use stampede_actors::engine::{Evaluation, Explain};
use stampede_actors::{
    ActorError, CouponUpdate, RedeemRequest, Shards, ShardsConfig, UpdateKind, ValidateOutcome,
};
use stampede_protocol::clock::SystemClock;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::wire::{PeerOp, PeerReply, PeerRequest, PeerResult};
use stampede_protocol::{CartItem, Context, CouponPatch, ErrorCode};
use stampede_storage::{MemStore, SharedStore};

fn context() -> Context {
    Context {
        user_id: Some(String::from("u1")),
        currency: Some(String::from("EUR")),
        items: vec![CartItem {
            product_id: Some(String::from("p1")),
            quantity: 3,
            price: Decimal::new(1999, 2),
            ..CartItem::default()
        }],
        shipping_amount: Some(Decimal::new(495, 2)),
        channel: Some(String::from("web")),
        ..Context::default()
    }
}

#[test]
fn a_redeem_request_survives_the_wire() {
    let mut metadata = BTreeMap::new();
    metadata.insert(String::from("order"), serde_json::json!({"n": 1}));
    let request = RedeemRequest {
        provenance: Default::default(),
        user_id: Some(String::from("u1")),
        reference_type: Some(String::from("order")),
        reference_id: Some(String::from("o-1")),
        context: context(),
        metadata,
        idem: Some(IdemSpec {
            key: String::from("k:abc"),
            fingerprint: String::from("f"),
        }),
        redemption_client_id: Some(String::from("c-1")),
        reserve: true,
        combined_codes: 2,
        checkout_id: Some(String::from("chk_1")),
        entered_code: Some(String::from("Summer10")),
        trace: None,
    };
    let bytes = codec::redeem_to_wire(&request).encode_to_vec();
    let back = codec::redeem_from_wire(Message::decode(bytes.as_slice()).unwrap()).unwrap();
    assert_eq!(back.context, request.context);
    assert_eq!(back.metadata, request.metadata);
    assert_eq!(back.idem, request.idem);
    assert_eq!(back.reference_id, request.reference_id);
    assert_eq!(back.redemption_client_id, request.redemption_client_id);
    assert!(back.reserve);
    assert_eq!(back.combined_codes, 2);
    assert_eq!(back.checkout_id, request.checkout_id);
    assert_eq!(back.entered_code, request.entered_code);
}

#[test]
fn a_patch_keeps_absent_and_cleared_fields_apart() {
    let update = CouponUpdate {
        provenance: Default::default(),
        kind: UpdateKind::Patch,
        patch: CouponPatch {
            version: Some(3),
            max_uses: Some(None),
            per_customer_limit: Some(Some(2)),
            ..CouponPatch::default()
        },
        reason: Some(String::from("why")),
        idem: None,
    };
    let back = codec::update_from_wire(codec::update_to_wire(&update)).unwrap();
    assert_eq!(back.patch, update.patch);
    assert_eq!(back.kind, UpdateKind::Patch);
    assert_eq!(back.patch.valid_until, None, "absent stays absent");
    assert_eq!(back.patch.max_uses, Some(None), "null stays a clear");
}

#[test]
fn an_evaluation_survives_exactly() {
    let outcome = ValidateOutcome {
        coupon_id: String::from("cpn_1"),
        campaign_id: Some(String::from("cmp_1")),
        lease_covers: true,
        evaluation: Evaluation {
            reasons: vec![ErrorCode::LimitReached, ErrorCode::Expired],
            discount: Decimal::new(123_456_789, 4),
            currency: Some(String::from("JPY")),
            shipping_discount: Decimal::new(1, 2),
            allocations: vec![(0, Decimal::new(5, 1)), (7, Decimal::new(33, 2))],
            eligible_subtotal: Decimal::new(99_999, 2),
            effects: vec![stampede_actors::promo::Effect::LoyaltyPoints {
                promotion_id: String::from("cpn_1"),
                points: 120,
            }],
            explain: vec![Explain {
                clause: String::from("max_uses"),
                matched: false,
                detail: String::from("5 of 5 used"),
            }],
        },
    };
    let back = codec::validated_from_wire(codec::validated_to_wire(&outcome)).unwrap();
    assert_eq!(back.evaluation, outcome.evaluation);
    assert_eq!(back.coupon_id, outcome.coupon_id);
    assert_eq!(back.campaign_id, outcome.campaign_id);
    assert!(back.lease_covers);
}

#[test]
fn errors_keep_their_meaning() {
    let cases = vec![
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
    for err in cases {
        let back = codec::error_from_wire(codec::error_to_wire(&err));
        assert_eq!(back.to_string(), err.to_string());
        assert_eq!(back.is_retryable(), err.is_retryable());
    }
}

#[test]
fn an_unknown_error_code_from_a_peer_is_retryable_not_a_panic() {
    let mut wire = codec::error_to_wire(&ActorError::refused(ErrorCode::LimitReached, "x"));
    wire.code = String::from("no_such_code");
    assert!(codec::error_from_wire(wire).is_retryable());
}

fn shards() -> Shards {
    let store: SharedStore = Arc::new(MemStore::new());
    Shards::new(store, Arc::new(SystemClock), ShardsConfig::default())
}

fn error_of(frame: &[u8]) -> Option<ActorError> {
    match PeerReply::decode(frame).unwrap().result {
        Some(PeerResult::Error(err)) => Some(codec::error_from_wire(err)),
        _ => None,
    }
}

#[tokio::test]
async fn the_gateway_answers_garbage_with_an_error() {
    let shards = shards();
    let answer = serve::handle(&shards, b"\xff\xff\xff\xff garbage").await;
    assert!(error_of(&answer).is_some_and(|err| err.is_retryable()));

    // Well-formed envelope, malformed JSON inside.
    let request = PeerRequest {
        tenant: String::from("t"),
        code: String::from("X"),
        hops: 1,
        from_node: String::from("n2"),
        op: Some(PeerOp::Validate(stampede_protocol::wire::ValidateOp {
            context_json: b"{not json".to_vec(),
            entered_code: None,
        })),
        trace: None,
    };
    let answer = serve::handle(&shards, &request.encode_to_vec()).await;
    assert!(error_of(&answer).is_some());

    // No operation at all.
    let empty = PeerRequest::default().encode_to_vec();
    assert!(error_of(&serve::handle(&shards, &empty).await).is_some());
}

#[tokio::test]
async fn a_forwarded_request_for_an_unknown_code_is_answered_not_found() {
    let shards = shards();
    let request = PeerRequest {
        tenant: String::from("t"),
        code: String::from("NOPE"),
        hops: 1,
        from_node: String::from("n2"),
        op: Some(PeerOp::Validate(stampede_protocol::wire::ValidateOp {
            context_json: codec::json(&context()),
            entered_code: Some(String::from("nope")),
        })),
        trace: None,
    };
    let answer = serve::handle(&shards, &request.encode_to_vec()).await;
    assert!(matches!(
        error_of(&answer),
        Some(ActorError::CouponNotFound)
    ));
}

#[test]
fn every_peer_operation_decodes_as_itself() {
    use stampede_protocol::wire::{self, LeaseRecallOp};
    let ops = [
        PeerOp::CampaignProbe(wire::CampaignProbeOp {
            campaign_id: String::from("cmp_1"),
            needs_json: b"[]".to_vec(),
        }),
        PeerOp::LeaseRecall(LeaseRecallOp {
            campaign_id: String::from("cmp_1"),
            waiting: true,
        }),
        PeerOp::CampaignReturn(wire::CampaignReturnOp {
            campaign_id: String::from("cmp_1"),
            coupon_id: String::from("cpn_1"),
            coupon_code: String::from("A"),
            epoch: 7,
        }),
    ];
    for op in ops {
        let request = PeerRequest {
            tenant: String::from("t"),
            code: String::from("A"),
            hops: 1,
            from_node: String::from("n2"),
            op: Some(op),
            trace: None,
        };
        let decoded = codec::decode_request(&request.encode_to_vec()).unwrap();
        assert_eq!(decoded, request);
    }
}

#[test]
fn a_lease_return_survives_the_wire() {
    use stampede_actors::campaign::LeaseReturn;
    use stampede_protocol::campaign::Quota;
    let back = LeaseReturn {
        coupon_id: String::from("cpn_1"),
        code: String::new(),
        epoch: 3,
        seq: 9,
        quota: Quota {
            redemptions: 4,
            money: BTreeMap::from([(String::from("GBP"), Decimal::new(1_234, 2))]),
        },
    };
    let reply = PeerReply {
        result: Some(PeerResult::LeaseReturn(codec::lease_return_to_wire(&back))),
    };
    let decoded = PeerReply::decode(reply.encode_to_vec().as_slice()).unwrap();
    assert_eq!(codec::lease_return_of(decoded).unwrap(), back);
}

/// Found by fuzzing the peer frames (`tests/fuzz_peer.rs`): a context the
/// edge would refuse (a line of 7.9e28 × 4294967295) reached the engine from a
/// peer's frame and overflowed its arithmetic, panicking the coupon actor.
#[test]
fn a_peer_context_past_the_edge_bounds_is_refused() {
    let past = |item: serde_json::Value| {
        serde_json::to_vec(&serde_json::json!({"currency": "GBP", "items": [item]})).unwrap()
    };
    let refused = [
        past(serde_json::json!({"quantity": u32::MAX, "price": 7.9e28})),
        past(serde_json::json!({"quantity": 1, "price": 1_000_000_000_001u64})),
        past(serde_json::json!({"quantity": 1, "price": -1})),
        past(serde_json::json!({"quantity": 1_000_001, "price": 1})),
        serde_json::to_vec(&serde_json::json!({"cart_total": 1e13})).unwrap(),
        serde_json::to_vec(&serde_json::json!({"items":
            vec![serde_json::json!({"quantity": 1, "price": 1}); 501]}))
        .unwrap(),
    ];
    for context_json in refused {
        let op = stampede_protocol::wire::RedeemOp {
            context_json: context_json.clone(),
            metadata_json: b"{}".to_vec(),
            ..Default::default()
        };
        let err = codec::redeem_from_wire(op).expect_err("refused");
        assert!(err.to_string().contains("context"), "{err}");
    }
    for edge in [
        past(serde_json::json!({"quantity": 1_000_000, "price": 1})),
        past(serde_json::json!({"quantity": 1, "price": 1_000_000_000_000u64})),
    ] {
        let decoded = codec::context_from_json(&edge);
        assert!(decoded.is_ok(), "{decoded:?}");
    }
    assert!(codec::context_from_json(&codec::json(&context())).is_ok());
}

/// A campaign's needs from a peer are each a redemption's discount: never
/// negative, which would shrink the campaign's granted total.
#[test]
fn negative_peer_needs_are_refused() {
    let needs = br#"[{"redemptions":1,"money":{"GBP":2.5}},{"redemptions":1,"money":{"EUR":1e9}}]"#;
    assert!(codec::needs_from_json(needs).is_ok());
    let needs = br#"[{"redemptions":1},{"redemptions":1,"money":{"GBP":-0.01}}]"#;
    let err = codec::needs_from_json(needs).expect_err("refused");
    assert!(err.to_string().contains("needs[1].money.GBP"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = codec::decode_request(&bytes);
        let _ = codec::decode_reply(&bytes);
    }
}

/// A frame as a node from before trace contexts wrote and read it.
#[derive(Clone, PartialEq, prost::Message)]
struct FrameBeforeTraces {
    #[prost(string, tag = "1")]
    tenant: String,
    #[prost(string, tag = "2")]
    code: String,
    #[prost(uint32, tag = "3")]
    hops: u32,
    #[prost(string, tag = "4")]
    from_node: String,
}

#[test]
fn a_frames_trace_context_survives_the_wire_and_old_frames_still_decode() {
    use stampede_protocol::trace_context::TraceContext;
    let trace = TraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    let request = PeerRequest {
        tenant: String::from("t"),
        code: String::from("A"),
        hops: 1,
        from_node: String::from("n2"),
        op: Some(PeerOp::Get(stampede_protocol::wire::GetOp {})),
        trace: trace.map(|t| t.to_wire()),
    };
    let decoded = codec::decode_request(&request.encode_to_vec()).unwrap();
    let carried = decoded.trace.as_ref().and_then(TraceContext::from_wire);
    assert_eq!(carried, trace);
    // An older node skips the field; a frame from one decodes without it.
    let old = FrameBeforeTraces::decode(request.encode_to_vec().as_slice()).unwrap();
    assert_eq!((old.tenant.as_str(), old.hops), ("t", 1));
    let from_old = FrameBeforeTraces {
        tenant: String::from("t"),
        code: String::from("A"),
        hops: 1,
        from_node: String::from("n0"),
    };
    let decoded = codec::decode_request(&from_old.encode_to_vec()).unwrap();
    assert_eq!(decoded.trace, None);
}

#[tokio::test]
async fn an_invalid_trace_context_in_a_frame_is_ignored() {
    let shards = shards();
    let request = PeerRequest {
        tenant: String::from("t"),
        code: String::from("NOPE"),
        hops: 1,
        from_node: String::from("n2"),
        op: Some(PeerOp::Validate(stampede_protocol::wire::ValidateOp {
            context_json: codec::json(&context()),
            entered_code: None,
        })),
        // All-zero ids and flags past a byte: not a trace context.
        trace: Some(stampede_protocol::wire::TraceParentWire {
            flags: 4096,
            ..Default::default()
        }),
    };
    let answer = serve::handle(&shards, &request.encode_to_vec()).await;
    assert!(matches!(
        error_of(&answer),
        Some(ActorError::CouponNotFound)
    ));
}
