//! Messages between nodes, in protobuf (prost).
//!
//! A node that receives a request for a key another node owns forwards it as a
//! [`PeerRequest`] and relays the owner's [`PeerReply`]. The envelope — routing,
//! operation, idempotency, errors and the evaluation — is protobuf, so a peer's bytes
//! decode into typed fields or fail with an error, never a panic. Domain records
//! (coupon, redemption, checkout context, patch) travel as their canonical JSON, the
//! same bytes the store holds, so a record has exactly one encoding to evolve.
//!
//! Field numbers are the wire contract: never reuse or renumber one.

/// The largest frame a node accepts from a peer. Bigger than any request the
/// edge accepts (1 MiB bodies) plus its envelope.
pub const MAX_PEER_FRAME_BYTES: usize = 4 * 1024 * 1024;

/// A request forwarded to the owner of `(tenant, code)`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct PeerRequest {
    #[prost(string, tag = "1")]
    pub tenant: String,
    /// Normalized coupon code: the key the ring places.
    #[prost(string, tag = "2")]
    pub code: String,
    /// How many nodes forwarded it already; a receiver never forwards it again.
    #[prost(uint32, tag = "3")]
    pub hops: u32,
    /// The sender's node id, for logs and metrics.
    #[prost(string, tag = "4")]
    pub from_node: String,
    #[prost(
        oneof = "PeerOp",
        tags = "10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24"
    )]
    pub op: Option<PeerOp>,
    /// The trace the request belongs to (see `trace_context`); absent from
    /// older senders and when the request has none. An invalid one is ignored.
    #[prost(message, optional, tag = "5")]
    pub trace: Option<TraceParentWire>,
}

/// A W3C trace context in a peer frame: the trace id as two big-endian
/// halves, the parent span id, and the trace flags.
#[derive(Clone, Copy, PartialEq, prost::Message)]
pub struct TraceParentWire {
    #[prost(fixed64, tag = "1")]
    pub trace_id_high: u64,
    #[prost(fixed64, tag = "2")]
    pub trace_id_low: u64,
    #[prost(fixed64, tag = "3")]
    pub span_id: u64,
    #[prost(uint32, tag = "4")]
    pub flags: u32,
}

/// The operation a [`PeerRequest`] carries.
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum PeerOp {
    #[prost(message, tag = "10")]
    Redeem(RedeemOp),
    #[prost(message, tag = "11")]
    Validate(ValidateOp),
    #[prost(message, tag = "12")]
    Void(VoidOp),
    #[prost(message, tag = "13")]
    Update(UpdateOp),
    #[prost(message, tag = "14")]
    Get(GetOp),
    /// Asks a node for its own statistics (live actors); `tenant`/`code` unused.
    #[prost(message, tag = "15")]
    Stats(StatsOp),
    #[prost(message, tag = "16")]
    Confirm(ConfirmOp),
    #[prost(message, tag = "17")]
    SetLimits(SetLimitsOp),
    /// The campaign asks a coupon to give back its unused lease of the campaign.
    #[prost(message, tag = "18")]
    LeaseRecall(LeaseRecallOp),
    /// Campaign operations: `code` carries the campaign's ring key.
    #[prost(message, tag = "20")]
    CampaignGet(CampaignGetOp),
    #[prost(message, tag = "21")]
    CampaignChange(CampaignChangeOp),
    #[prost(message, tag = "22")]
    CampaignAcquire(CampaignAcquireOp),
    #[prost(message, tag = "23")]
    CampaignReturn(CampaignReturnOp),
    #[prost(message, tag = "24")]
    CampaignProbe(CampaignProbeOp),
}

/// Asks the coupon (`code`) for the unused quota it holds of `campaign_id`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct LeaseRecallOp {
    #[prost(string, tag = "1")]
    pub campaign_id: String,
    /// The coupon's own acquire waits for this recall: nothing can be granted to
    /// it meanwhile, so it may re-read its lease first.
    #[prost(bool, tag = "2")]
    pub waiting: bool,
}

/// What a recalled coupon gave up, for its campaign to apply once: fenced by
/// the coupon's owner `epoch`, made idempotent by `seq`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct LeaseReturnMsg {
    #[prost(string, tag = "1")]
    pub coupon_id: String,
    #[prost(uint64, tag = "2")]
    pub epoch: u64,
    #[prost(uint64, tag = "3")]
    pub seq: u64,
    /// JSON of the quota given up.
    #[prost(bytes = "vec", tag = "4")]
    pub quota_json: Vec<u8>,
}

/// Would the campaign grant these quotas now? Grants nothing.
#[derive(Clone, PartialEq, prost::Message)]
pub struct CampaignProbeOp {
    #[prost(string, tag = "1")]
    pub campaign_id: String,
    /// JSON array of the quotas needed, in order.
    #[prost(bytes = "vec", tag = "2")]
    pub needs_json: Vec<u8>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CampaignGetOp {
    #[prost(string, tag = "1")]
    pub campaign_id: String,
}

/// The kind of a campaign change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum ChangeKindWire {
    Unspecified = 0,
    Patch = 1,
    Activate = 2,
    Pause = 3,
    Resume = 4,
    End = 5,
    Delete = 6,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CampaignChangeOp {
    #[prost(string, tag = "1")]
    pub campaign_id: String,
    #[prost(enumeration = "ChangeKindWire", tag = "2")]
    pub kind: i32,
    /// JSON of the campaign patch.
    #[prost(bytes = "vec", tag = "3")]
    pub patch_json: Vec<u8>,
    #[prost(string, tag = "4")]
    pub actor: String,
    #[prost(message, optional, tag = "5")]
    pub provenance: Option<ProvenanceWire>,
}

/// A coupon actor asks its campaign for quota.
#[derive(Clone, PartialEq, prost::Message)]
pub struct CampaignAcquireOp {
    #[prost(string, tag = "1")]
    pub campaign_id: String,
    #[prost(string, tag = "2")]
    pub coupon_id: String,
    #[prost(string, tag = "3")]
    pub coupon_code: String,
    /// JSON array of the quotas needed, in order.
    #[prost(bytes = "vec", tag = "4")]
    pub needs_json: Vec<u8>,
}

/// A passivating coupon gives its unused lease back.
#[derive(Clone, PartialEq, prost::Message)]
pub struct CampaignReturnOp {
    #[prost(string, tag = "1")]
    pub campaign_id: String,
    #[prost(string, tag = "2")]
    pub coupon_id: String,
    #[prost(string, tag = "3")]
    pub coupon_code: String,
    #[prost(uint64, tag = "4")]
    pub epoch: u64,
}

/// Quota granted for the first `count` needs.
#[derive(Clone, PartialEq, prost::Message)]
pub struct GrantMsg {
    #[prost(uint64, tag = "1")]
    pub count: u64,
    /// JSON of the quota granted.
    #[prost(bytes = "vec", tag = "2")]
    pub quota_json: Vec<u8>,
    #[prost(string, optional, tag = "3")]
    pub refusal_code: Option<String>,
    #[prost(string, tag = "4")]
    pub refusal_detail: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Ack {}

/// Idempotency key (already namespaced) and the request fingerprint.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Idem {
    #[prost(string, tag = "1")]
    pub key: String,
    #[prost(string, tag = "2")]
    pub fingerprint: String,
}

/// Who caused an effect and in which request (see `event::Provenance`); the
/// reason travels in the op's own `reason` field where it has one.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ProvenanceWire {
    #[prost(string, tag = "1")]
    pub actor: String,
    #[prost(string, optional, tag = "2")]
    pub request_id: Option<String>,
    #[prost(string, optional, tag = "3")]
    pub correlation_id: Option<String>,
    #[prost(string, optional, tag = "4")]
    pub reason: Option<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct RedeemOp {
    #[prost(string, optional, tag = "1")]
    pub user_id: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub reference_type: Option<String>,
    #[prost(string, optional, tag = "3")]
    pub reference_id: Option<String>,
    /// JSON of the checkout context.
    #[prost(bytes = "vec", tag = "4")]
    pub context_json: Vec<u8>,
    /// JSON object of the redemption's metadata.
    #[prost(bytes = "vec", tag = "5")]
    pub metadata_json: Vec<u8>,
    #[prost(message, optional, tag = "6")]
    pub idem: Option<Idem>,
    #[prost(string, optional, tag = "7")]
    pub redemption_client_id: Option<String>,
    /// Reserve (pending until confirmed) instead of redeem.
    #[prost(bool, tag = "8")]
    pub reserve: bool,
    /// Other codes applied in the same order.
    #[prost(uint32, tag = "9")]
    pub combined_codes: u32,
    /// The multi-code checkout this reservation belongs to.
    #[prost(string, optional, tag = "10")]
    pub checkout_id: Option<String>,
    /// The code as typed, for a case-sensitive coupon.
    #[prost(string, optional, tag = "11")]
    pub entered_code: Option<String>,
    #[prost(message, optional, tag = "12")]
    pub provenance: Option<ProvenanceWire>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct ValidateOp {
    #[prost(bytes = "vec", tag = "1")]
    pub context_json: Vec<u8>,
    /// The code as typed, for a case-sensitive coupon.
    #[prost(string, optional, tag = "2")]
    pub entered_code: Option<String>,
}

/// What a void does to the redemption.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum VoidModeWire {
    /// Void a success or pending redemption (field absent in older frames).
    Void = 0,
    /// Release a pending reservation.
    Release = 1,
    /// Expire a lapsed reservation.
    Expire = 2,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct VoidOp {
    #[prost(string, tag = "1")]
    pub redemption_id: String,
    #[prost(string, optional, tag = "2")]
    pub reason: Option<String>,
    #[prost(message, optional, tag = "3")]
    pub idem: Option<Idem>,
    #[prost(enumeration = "VoidModeWire", tag = "4")]
    pub mode: i32,
    #[prost(message, optional, tag = "5")]
    pub provenance: Option<ProvenanceWire>,
}

/// Burn a pending reservation.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ConfirmOp {
    #[prost(string, tag = "1")]
    pub redemption_id: String,
    #[prost(message, optional, tag = "2")]
    pub idem: Option<Idem>,
    #[prost(message, optional, tag = "3")]
    pub provenance: Option<ProvenanceWire>,
}

/// Replace (or, with JSON `null`, remove) a coupon's limit set.
#[derive(Clone, PartialEq, prost::Message)]
pub struct SetLimitsOp {
    #[prost(bytes = "vec", tag = "1")]
    pub set_json: Vec<u8>,
    #[prost(uint64, optional, tag = "2")]
    pub expected_version: Option<u64>,
    /// JSON array of the customers allowed (seed 003's `consumers`); absent =
    /// leave them as they are.
    #[prost(bytes = "vec", optional, tag = "3")]
    pub consumers_json: Option<Vec<u8>>,
    #[prost(message, optional, tag = "4")]
    pub provenance: Option<ProvenanceWire>,
}

/// The kind of a definition change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum UpdateKindWire {
    Unspecified = 0,
    Patch = 1,
    Revoke = 2,
    SoftDelete = 3,
    HardDelete = 4,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct UpdateOp {
    #[prost(enumeration = "UpdateKindWire", tag = "1")]
    pub kind: i32,
    /// JSON of the coupon patch.
    #[prost(bytes = "vec", tag = "2")]
    pub patch_json: Vec<u8>,
    #[prost(string, optional, tag = "3")]
    pub reason: Option<String>,
    #[prost(message, optional, tag = "4")]
    pub idem: Option<Idem>,
    #[prost(message, optional, tag = "5")]
    pub provenance: Option<ProvenanceWire>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct GetOp {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct StatsOp {}

/// The owner's answer.
#[derive(Clone, PartialEq, prost::Message)]
pub struct PeerReply {
    #[prost(oneof = "PeerResult", tags = "1, 2, 3, 4, 5, 6, 7, 8, 9, 10")]
    pub result: Option<PeerResult>,
}

#[derive(Clone, PartialEq, prost::Oneof)]
pub enum PeerResult {
    /// JSON of a redemption record.
    #[prost(bytes = "vec", tag = "1")]
    RedemptionJson(Vec<u8>),
    /// JSON of a coupon record.
    #[prost(bytes = "vec", tag = "2")]
    CouponJson(Vec<u8>),
    #[prost(message, tag = "3")]
    Validated(Validated),
    #[prost(message, tag = "4")]
    Error(PeerError),
    #[prost(message, tag = "5")]
    Stats(NodeStats),
    /// JSON of the limit set in force (`null` when none).
    #[prost(bytes = "vec", tag = "6")]
    LimitSetJson(Vec<u8>),
    /// JSON of a campaign record.
    #[prost(bytes = "vec", tag = "7")]
    CampaignJson(Vec<u8>),
    #[prost(message, tag = "8")]
    Grant(GrantMsg),
    #[prost(message, tag = "9")]
    Ack(Ack),
    #[prost(message, tag = "10")]
    LeaseReturn(LeaseReturnMsg),
}

/// A validate's answer: the coupon and the engine's evaluation.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Validated {
    #[prost(string, tag = "1")]
    pub coupon_id: String,
    /// Stable error codes, most important first; empty means valid.
    #[prost(string, repeated, tag = "2")]
    pub reasons: Vec<String>,
    /// Decimal amounts travel as their exact string form.
    #[prost(string, tag = "3")]
    pub discount: String,
    #[prost(string, optional, tag = "4")]
    pub currency: Option<String>,
    #[prost(string, tag = "5")]
    pub shipping_discount: String,
    #[prost(message, repeated, tag = "6")]
    pub allocations: Vec<Allocation>,
    #[prost(string, tag = "7")]
    pub eligible_subtotal: String,
    #[prost(message, repeated, tag = "8")]
    pub explain: Vec<ExplainEntry>,
    /// The campaign whose budget a redemption would spend.
    #[prost(string, optional, tag = "9")]
    pub campaign_id: Option<String>,
    /// Whether the coupon's own lease covers a redemption now.
    #[prost(bool, tag = "10")]
    pub lease_covers: bool,
    /// What the coupon grants besides money off, as the JSON array the API shows.
    #[prost(string, tag = "11")]
    pub effects_json: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Allocation {
    #[prost(uint32, tag = "1")]
    pub line: u32,
    #[prost(string, tag = "2")]
    pub amount: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct ExplainEntry {
    #[prost(string, tag = "1")]
    pub clause: String,
    #[prost(bool, tag = "2")]
    pub matched: bool,
    #[prost(string, tag = "3")]
    pub detail: String,
}

/// The class of an error answer; the receiver rebuilds its own error type from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum PeerErrorKind {
    Unspecified = 0,
    Refused = 1,
    CouponNotFound = 2,
    RedemptionNotFound = 3,
    VersionConflict = 4,
    Invalid = 5,
    IdempotencyKeyReused = 6,
    Overloaded = 7,
    Unavailable = 8,
    Storage = 9,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct PeerError {
    #[prost(enumeration = "PeerErrorKind", tag = "1")]
    pub kind: i32,
    /// Stable error code (for `Refused`).
    #[prost(string, tag = "2")]
    pub code: String,
    #[prost(string, tag = "3")]
    pub detail: String,
    /// Current version (for `VersionConflict`).
    #[prost(uint64, tag = "4")]
    pub current_version: u64,
    /// Offending field (for `Invalid`).
    #[prost(string, tag = "5")]
    pub field: String,
}

/// What a node reports about itself.
#[derive(Clone, PartialEq, prost::Message)]
pub struct NodeStats {
    #[prost(string, tag = "1")]
    pub node_id: String,
    #[prost(uint64, tag = "2")]
    pub live_actors: u64,
    /// The node's region (`--region`); empty from a node that predates
    /// regions, taken as the default region.
    #[prost(string, tag = "3")]
    pub region: String,
    /// The node is leaving the ring: its peers stop placing keys on it.
    #[prost(bool, tag = "4")]
    pub leaving: bool,
}
