//! Edge checks of a template's `auto_generate` (seed 002), shared by coupon
//! create and PATCH: seed 002's rules answer `422 invalid_trigger` naming the
//! field (`auto_generate.trigger`, `auto_generate.trigger_config.streak_id`…),
//! and a trigger key holds at most `MAX_TEMPLATES_PER_TRIGGER_KEY` templates.

use stampede_actors::records;
use stampede_protocol::limits::MAX_CODE_LEN_CHARS;
use stampede_protocol::trigger::{
    AutoGenerate, DEFAULT_TRIGGER_CODE_LENGTH, MAX_TEMPLATES_PER_TRIGGER_KEY,
};
use stampede_protocol::ErrorCode;

use crate::error::ApiError;
use crate::{validate, AppState};

/// The checked `auto_generate`, its `code_prefix` normalized as codes are.
pub fn checked(auto: &AutoGenerate) -> Result<AutoGenerate, ApiError> {
    auto.check()
        .map_err(|err| ApiError::field(ErrorCode::InvalidTrigger, err.field, err.message))?;
    let mut auto = auto.clone();
    if let Some(prefix) = &auto.code_prefix {
        let field = "auto_generate.code_prefix";
        let prefix = validate::coupon_code(field, prefix)?;
        let length = auto.code_length.unwrap_or(DEFAULT_TRIGGER_CODE_LENGTH);
        if prefix.len() + length > MAX_CODE_LEN_CHARS {
            return Err(ApiError::field(
                ErrorCode::InvalidTrigger,
                field,
                format!("prefix and code_length exceed {MAX_CODE_LEN_CHARS} characters"),
            ));
        }
        auto.code_prefix = Some(prefix);
    }
    Ok(auto)
}

/// Refuses a template whose trigger key already has
/// [`MAX_TEMPLATES_PER_TRIGGER_KEY`] other templates (an event reads them
/// all in one transaction).
pub async fn room(
    state: &AppState,
    tenant: &str,
    coupon_id: &str,
    auto: &AutoGenerate,
) -> Result<(), ApiError> {
    let Some(key) = auto.index_key() else {
        return Ok(());
    };
    let others =
        records::triggers::index::others(&state.records(), tenant, &key, coupon_id).await?;
    if others >= MAX_TEMPLATES_PER_TRIGGER_KEY {
        return Err(ApiError::field(
            ErrorCode::InvalidTrigger,
            "auto_generate.trigger_config",
            format!(
                "{} {} has {MAX_TEMPLATES_PER_TRIGGER_KEY} templates already",
                key.trigger.as_str(),
                key.key
            ),
        ));
    }
    Ok(())
}
