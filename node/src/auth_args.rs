//! The flags of the edge's gate: JWT verification, request rate limits and
//! failed authentications per source. Kept apart from the rest of `serve`'s
//! flags; [`AuthArgs::build`] turns them into the API's [`Auth`].

use std::time::Duration;

use clap::Args;
use stampede_api::auth::Auth;
use stampede_api::auth_failures::{
    AuthFailures, DEFAULT_AUTH_FAILURE_WINDOW_SECS, DEFAULT_MAX_AUTH_FAILURES,
};
use stampede_api::jwt::{self, JwtConfig, JwtVerifier, DEFAULT_SCOPES_CLAIM, DEFAULT_TENANT_CLAIM};
use stampede_api::rate_limit::Limiter;
use stampede_protocol::rate_limit::{ClassRates, MAX_RATE_PER_MINUTE};

/// How long fetching a JWKS URL at start may take.
pub const JWKS_FETCH_TIMEOUT_SECS: u64 = 10;
/// Largest JWKS document read, in bytes.
pub const MAX_JWKS_BYTES: usize = 256 * 1024;

fn rate() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(1..=i64::from(MAX_RATE_PER_MINUTE))
}

#[derive(Debug, Clone, Args)]
pub struct AuthArgs {
    /// Shared secret verifying HS256 JWT bearer tokens.
    #[arg(
        long,
        env = "STAMPEDE_JWT_HS256_SECRET",
        hide_env_values = true,
        hide = true
    )]
    pub jwt_hs256_secret: Option<String>,
    /// JWKS verifying RS256/ES256 tokens: a file path, or an http(s) URL read once at start.
    #[arg(long, env = "STAMPEDE_JWT_JWKS")]
    pub jwt_jwks: Option<String>,
    /// Required `iss` of JWTs.
    #[arg(long, env = "STAMPEDE_JWT_ISSUER")]
    pub jwt_issuer: Option<String>,
    /// Required `aud` of JWTs.
    #[arg(long, env = "STAMPEDE_JWT_AUDIENCE")]
    pub jwt_audience: Option<String>,
    /// The claim naming a JWT caller's tenant.
    #[arg(long, env = "STAMPEDE_JWT_TENANT_CLAIM", default_value = DEFAULT_TENANT_CLAIM)]
    pub jwt_tenant_claim: String,
    /// The claim listing a JWT caller's scopes (space-separated or an array).
    #[arg(long, env = "STAMPEDE_JWT_SCOPES_CLAIM", default_value = DEFAULT_SCOPES_CLAIM)]
    pub jwt_scopes_claim: String,
    /// Default per-key limit of validate-class requests, per minute (unset: none).
    #[arg(long, env = "STAMPEDE_RATE_LIMIT_KEY_VALIDATE", value_parser = rate())]
    pub rate_limit_key_validate: Option<u32>,
    /// Default per-key limit of redeem-class requests, per minute.
    #[arg(long, env = "STAMPEDE_RATE_LIMIT_KEY_REDEEM", value_parser = rate())]
    pub rate_limit_key_redeem: Option<u32>,
    /// Default per-key limit of admin-class requests, per minute.
    #[arg(long, env = "STAMPEDE_RATE_LIMIT_KEY_ADMIN", value_parser = rate())]
    pub rate_limit_key_admin: Option<u32>,
    /// Default per-tenant limit of validate-class requests, per minute.
    #[arg(long, env = "STAMPEDE_RATE_LIMIT_TENANT_VALIDATE", value_parser = rate())]
    pub rate_limit_tenant_validate: Option<u32>,
    /// Default per-tenant limit of redeem-class requests, per minute.
    #[arg(long, env = "STAMPEDE_RATE_LIMIT_TENANT_REDEEM", value_parser = rate())]
    pub rate_limit_tenant_redeem: Option<u32>,
    /// Default per-tenant limit of admin-class requests, per minute.
    #[arg(long, env = "STAMPEDE_RATE_LIMIT_TENANT_ADMIN", value_parser = rate())]
    pub rate_limit_tenant_admin: Option<u32>,
    /// Failed authentications one source address may make per minute before
    /// it is refused 429 (0: unlimited).
    #[arg(long, env = "STAMPEDE_AUTH_FAILURES_PER_MINUTE", default_value_t = DEFAULT_MAX_AUTH_FAILURES)]
    pub auth_failures_per_minute: u32,
}

impl AuthArgs {
    /// The API's gate for `root_key` with these flags; reads the JWKS.
    pub async fn build(&self, root_hash: [u8; 32]) -> Result<Auth, String> {
        let per_key = ClassRates {
            validate: self.rate_limit_key_validate,
            redeem: self.rate_limit_key_redeem,
            admin: self.rate_limit_key_admin,
        };
        let per_tenant = ClassRates {
            validate: self.rate_limit_tenant_validate,
            redeem: self.rate_limit_tenant_redeem,
            admin: self.rate_limit_tenant_admin,
        };
        let mut auth = Auth::with_root_hash(root_hash)
            .with_rate_limits(Limiter::new(per_key, per_tenant))
            .with_auth_failures(AuthFailures::new(
                self.auth_failures_per_minute,
                Duration::from_secs(DEFAULT_AUTH_FAILURE_WINDOW_SECS),
            ));
        let secret = self.jwt_hs256_secret.clone().filter(|s| !s.is_empty());
        if secret.is_some() || self.jwt_jwks.is_some() {
            let jwks = match &self.jwt_jwks {
                Some(source) => Some(jwt::parse_jwks(&read_jwks(source).await?)?),
                None => None,
            };
            let verifier = JwtVerifier::new(JwtConfig {
                hs256_secret: secret,
                jwks,
                issuer: self.jwt_issuer.clone(),
                audience: self.jwt_audience.clone(),
                tenant_claim: self.jwt_tenant_claim.clone(),
                scopes_claim: self.jwt_scopes_claim.clone(),
            })?;
            auth = auth.with_jwt(verifier);
        }
        Ok(auth)
    }
}

/// The JWKS document at `source`: an http(s) URL, else a file path.
async fn read_jwks(source: &str) -> Result<String, String> {
    let text = if source.starts_with("https://") || source.starts_with("http://") {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(JWKS_FETCH_TIMEOUT_SECS))
            .build()
            .map_err(|e| format!("--jwt-jwks: {e}"))?;
        let response = client
            .get(source)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| format!("--jwt-jwks {source}: {e}"))?;
        response
            .text()
            .await
            .map_err(|e| format!("--jwt-jwks {source}: {e}"))?
    } else {
        tokio::fs::read_to_string(source)
            .await
            .map_err(|e| format!("--jwt-jwks {source}: {e}"))?
    };
    if text.len() > MAX_JWKS_BYTES {
        return Err(format!("--jwt-jwks: larger than {MAX_JWKS_BYTES} bytes"));
    }
    Ok(text)
}
