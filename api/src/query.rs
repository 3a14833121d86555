//! Query parameters and request checks several route modules share, kept here
//! so that no route module imports another.

use serde::Deserialize;
use serde_json::Value;
use stampede_actors::promo::{compile, CompiledRule};
use stampede_protocol::ErrorCode;
use utoipa::IntoParams;

use crate::error::ApiError;

/// The cursor query of every plain list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

impl PageQuery {
    /// The checked cursor and page size ([`crate::validate::page`]).
    pub fn bounds(&self) -> Result<(Option<&str>, usize), ApiError> {
        crate::validate::page(self.cursor.as_deref(), self.limit)
    }
}

/// Compiles `condition`, reporting errors at `field` + the rule's own path: a
/// rule's, a segment's definition and a promotion's condition are checked the
/// same way.
pub fn compile_at(field: &str, condition: &Value) -> Result<CompiledRule, ApiError> {
    compile(condition).map_err(|e| {
        ApiError::field(
            ErrorCode::InvalidRule,
            e.path.replacen('$', field, 1),
            e.message,
        )
    })
}
