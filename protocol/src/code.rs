//! Coupon codes: 1–64 characters of ASCII letters, digits, `-` and `_`,
//! case-insensitive. The normalized (upper-case) form is what is stored and hashed.

use crate::limits::MAX_CODE_LEN_CHARS;

/// Why a code was refused; the API names the field and this reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("code must not be empty")]
    Empty,
    #[error("code must be at most {MAX_CODE_LEN_CHARS} characters")]
    TooLong,
    #[error("code may contain only letters, digits, '-' and '_'")]
    InvalidCharacter,
}

/// Validates and normalizes a code to its stored form.
pub fn normalize(code: &str) -> Result<String, CodeError> {
    if code.is_empty() {
        return Err(CodeError::Empty);
    }
    if code.len() > MAX_CODE_LEN_CHARS {
        return Err(CodeError::TooLong);
    }
    if !code
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(CodeError::InvalidCharacter);
    }
    Ok(code.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case() {
        assert_eq!(normalize("summer-10_x").unwrap(), "SUMMER-10_X");
    }

    #[test]
    fn refuses_bad_codes() {
        assert_eq!(normalize(""), Err(CodeError::Empty));
        assert_eq!(normalize(&"A".repeat(65)), Err(CodeError::TooLong));
        assert_eq!(normalize("A B"), Err(CodeError::InvalidCharacter));
        assert_eq!(normalize("ÄB"), Err(CodeError::InvalidCharacter));
        assert!(normalize(&"A".repeat(64)).is_ok());
    }
}
