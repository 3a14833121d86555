//! JWT bearer tokens beside API keys: an identity provider (or a gateway) signs
//! who the caller is, and the node verifies it without a store read.
//!
//! HS256 with a shared secret, or RS256/ES256 with public keys from a JWKS.
//! `iss`, `aud`, `exp` and `nbf` are checked (with [`JWT_LEEWAY_SECS`] of
//! clock skew); the tenant and the scopes come from configurable claims, and
//! `sub` names the caller in audit records.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};
use stampede_protocol::api_key::Scope;
use stampede_protocol::ErrorCode;

use crate::error::ApiError;
use crate::validate;

/// Clock skew tolerated on `exp` and `nbf`, in seconds.
pub const JWT_LEEWAY_SECS: u64 = 30;
/// Longest accepted token, in bytes.
pub const MAX_JWT_LEN_BYTES: usize = 8 * 1024;
/// Longest accepted `sub`, in bytes.
pub const MAX_SUBJECT_LEN_BYTES: usize = 256;
/// Keys a JWKS may hold.
pub const MAX_JWKS_KEYS: usize = 64;
/// The default claim naming the tenant.
pub const DEFAULT_TENANT_CLAIM: &str = "tenant_id";
/// The default claim listing the scopes (space-separated string or array).
pub const DEFAULT_SCOPES_CLAIM: &str = "scope";

/// How tokens are verified.
#[derive(Debug, Clone, Default)]
pub struct JwtConfig {
    /// Verifies HS256 tokens.
    pub hs256_secret: Option<String>,
    /// Verifies RS256 and ES256 tokens.
    pub jwks: Option<JwkSet>,
    /// Required `iss`, when set.
    pub issuer: Option<String>,
    /// Required `aud`, when set.
    pub audience: Option<String>,
    pub tenant_claim: String,
    pub scopes_claim: String,
}

/// A public key of the JWKS.
struct PublicKey {
    kid: Option<String>,
    algorithm: Algorithm,
    key: DecodingKey,
}

/// Verifies tokens against the configured keys and claims.
pub struct JwtVerifier {
    hs256: Option<DecodingKey>,
    public: Vec<PublicKey>,
    issuer: Option<String>,
    audience: Option<String>,
    tenant_claim: String,
    scopes_claim: String,
}

/// What a verified token says about its caller.
#[derive(Debug, Clone)]
pub struct Verified {
    pub subject: String,
    pub tenant: String,
    pub scopes: Vec<Scope>,
}

/// Whether a bearer value is shaped like a JWT: three non-empty base64url
/// segments. API keys never are.
pub fn looks_like_jwt(token: &str) -> bool {
    let segments: Vec<&str> = token.split('.').collect();
    segments.len() == 3
        && segments.iter().all(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Parses a JWKS document (`{"keys": [...]}`).
pub fn parse_jwks(text: &str) -> Result<JwkSet, String> {
    let set: JwkSet = serde_json::from_str(text).map_err(|e| format!("not a JWKS: {e}"))?;
    if set.keys.is_empty() || set.keys.len() > MAX_JWKS_KEYS {
        return Err(format!("a JWKS holds 1–{MAX_JWKS_KEYS} keys"));
    }
    Ok(set)
}

/// The algorithm a JWK verifies: its `alg`, else what its key type implies.
fn algorithm_of(jwk: &Jwk) -> Result<Algorithm, String> {
    let implied = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => Algorithm::RS256,
        AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => {
            Algorithm::ES256
        }
        _ => return Err(String::from("only RSA and P-256 keys are supported")),
    };
    let named = jwk
        .common
        .key_algorithm
        .and_then(|a| a.to_string().parse::<Algorithm>().ok());
    match named {
        Some(alg) if alg != implied => Err(format!("alg {alg:?} does not fit the key type")),
        _ => Ok(implied),
    }
}

impl JwtVerifier {
    /// A verifier, or why the configuration cannot verify anything.
    pub fn new(config: JwtConfig) -> Result<Self, String> {
        let hs256 = config
            .hs256_secret
            .filter(|s| !s.is_empty())
            .map(|s| DecodingKey::from_secret(s.as_bytes()));
        let mut public = Vec::new();
        for (i, jwk) in config.jwks.iter().flat_map(|s| s.keys.iter()).enumerate() {
            let algorithm = algorithm_of(jwk).map_err(|e| format!("JWKS key {i}: {e}"))?;
            let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("JWKS key {i}: {e}"))?;
            public.push(PublicKey {
                kid: jwk.common.key_id.clone(),
                algorithm,
                key,
            });
        }
        if hs256.is_none() && public.is_empty() {
            return Err(String::from("JWT needs an HS256 secret or a JWKS"));
        }
        Ok(Self {
            hs256,
            public,
            issuer: config.issuer,
            audience: config.audience,
            tenant_claim: config.tenant_claim,
            scopes_claim: config.scopes_claim,
        })
    }

    /// The caller a token names, or 401 saying what is wrong with it.
    pub fn verify(&self, token: &str) -> Result<Verified, ApiError> {
        if token.len() > MAX_JWT_LEN_BYTES {
            return Err(refused("the token is too long"));
        }
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| refused("the token's header is not a JWT header"))?;
        let key = self.key_for(header.alg, header.kid.as_deref())?;
        let mut validation = Validation::new(header.alg);
        validation.leeway = JWT_LEEWAY_SECS;
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "sub"]);
        if let Some(issuer) = &self.issuer {
            validation.set_issuer(&[issuer]);
            validation.required_spec_claims.insert(String::from("iss"));
        }
        match &self.audience {
            Some(audience) => {
                validation.set_audience(&[audience]);
                validation.required_spec_claims.insert(String::from("aud"));
            }
            None => validation.validate_aud = false,
        }
        let claims = jsonwebtoken::decode::<Map<String, Value>>(token, key, &validation)
            .map_err(|e| refused(&why(e.kind())))?
            .claims;
        self.caller_of(&claims)
    }

    fn key_for(&self, alg: Algorithm, kid: Option<&str>) -> Result<&DecodingKey, ApiError> {
        if alg == Algorithm::HS256 {
            return self
                .hs256
                .as_ref()
                .ok_or_else(|| refused("HS256 tokens are not accepted by this node"));
        }
        if !matches!(alg, Algorithm::RS256 | Algorithm::ES256) {
            return Err(refused("only HS256, RS256 and ES256 tokens are accepted"));
        }
        self.public
            .iter()
            .filter(|k| k.algorithm == alg)
            .find(|k| kid.is_none() || k.kid.as_deref() == kid)
            .map(|k| &k.key)
            .ok_or_else(|| refused("no key of the JWKS verifies this token (alg or kid)"))
    }

    fn caller_of(&self, claims: &Map<String, Value>) -> Result<Verified, ApiError> {
        let subject = claims
            .get("sub")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty() && s.len() <= MAX_SUBJECT_LEN_BYTES)
            .filter(|s| s.bytes().all(|b| b.is_ascii_graphic()))
            .ok_or_else(|| refused("the token's 'sub' must be 1–256 visible ASCII characters"))?;
        let tenant = claims
            .get(&self.tenant_claim)
            .and_then(Value::as_str)
            .ok_or_else(|| {
                refused(&format!(
                    "the token lacks the '{}' claim (its tenant)",
                    self.tenant_claim
                ))
            })?;
        validate::tenant_id(tenant).map_err(|_| {
            refused(&format!(
                "the token's '{}' claim is not a tenant id",
                self.tenant_claim
            ))
        })?;
        Ok(Verified {
            subject: subject.to_owned(),
            tenant: tenant.to_owned(),
            scopes: scopes_of(claims.get(&self.scopes_claim)),
        })
    }
}

/// The scopes a claim lists (a space-separated string or an array); names this
/// service does not know are ignored (a provider's token carries others too).
fn scopes_of(claim: Option<&Value>) -> Vec<Scope> {
    let names: Vec<&str> = match claim {
        Some(Value::String(text)) => text.split_ascii_whitespace().collect(),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut scopes = Vec::new();
    for name in names {
        if let Ok(scope) = serde_json::from_value::<Scope>(Value::from(name)) {
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
    }
    scopes
}

fn why(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::ExpiredSignature => String::from("the token has expired (exp)"),
        ErrorKind::ImmatureSignature => String::from("the token is not valid yet (nbf)"),
        ErrorKind::InvalidAudience => String::from("the token is for another audience (aud)"),
        ErrorKind::InvalidIssuer => String::from("the token is from another issuer (iss)"),
        ErrorKind::InvalidSignature => String::from("the token's signature does not verify"),
        ErrorKind::MissingRequiredClaim(claim) => format!("the token lacks the '{claim}' claim"),
        ErrorKind::InvalidAlgorithm => String::from("the token's algorithm does not fit its key"),
        _ => String::from("the token is not a valid JWT"),
    }
}

fn refused(detail: &str) -> ApiError {
    ApiError::new(ErrorCode::Unauthorized, detail)
}
