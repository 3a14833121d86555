//! Reading back what triggers did: an event's stored outcome, and the codes
//! a template's trigger made (all, or one user's), a cursor page at a time.

use stampede_protocol::trigger::{EventOutcome, GeneratedCode};
use stampede_storage::keys;

use super::super::page::{self, Page};
use super::super::{RecordError, Records};

/// The stored outcome of the event `id`, if it was ingested.
pub async fn outcome(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<EventOutcome>, RecordError> {
    super::super::by_id(records, id, || keys::trigger_event(tenant, id)).await
}

/// One page of the codes `template_id`'s trigger made, in coupon id order;
/// with `user_id`, only theirs. The cursor is the last coupon id read.
pub async fn generated(
    records: &Records,
    tenant: &str,
    template_id: &str,
    user_id: Option<&str>,
    (cursor, limit): (Option<&str>, usize),
) -> Result<Page<GeneratedCode>, RecordError> {
    let id_of = |g: &GeneratedCode| g.coupon_id.clone();
    match user_id {
        Some(user) => {
            let prefix = keys::trigger_generated_for_prefix(tenant, template_id, user);
            let key_of = |c: &str| keys::trigger_generated_for(tenant, template_id, user, c);
            page::of(records, &prefix, cursor, key_of, limit, id_of).await
        }
        None => {
            let prefix = keys::trigger_generated_prefix(tenant, template_id);
            let key_of = |c: &str| keys::trigger_generated(tenant, template_id, c);
            page::of(records, &prefix, cursor, key_of, limit, id_of).await
        }
    }
}
