//! JWT bearer tokens beside API keys: HS256 and ES256 (JWKS) tokens work; a
//! wrong audience, an expired token and one for another tenant are refused;
//! API keys keep working.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::Method;
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use serde_json::{json, Value};
use stampede_api::auth::Auth;
use stampede_api::jwt::{parse_jwks, JwtConfig, JwtVerifier};

const SECRET: &str = "a-shared-secret-of-some-length";
const AUDIENCE: &str = "stampede";
const ISSUER: &str = "https://idp.example";

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn claims(tenant: &str, aud: &str, exp: i64) -> Value {
    json!({"sub": "user-42", "tenant_id": tenant, "scope": "coupons:read coupons:write",
        "aud": aud, "iss": ISSUER, "exp": exp, "nbf": now() - 10})
}

fn hs256(claims: &Value) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap()
}

/// An ES256 key pair: the JWKS file (written to `dir`) and the signing key.
fn es256_key(dir: &std::path::Path) -> (std::path::PathBuf, EncodingKey) {
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
    let pair =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
    let point = pair.public_key().as_ref();
    assert_eq!(point.len(), 65, "an uncompressed P-256 point");
    let jwks = json!({"keys": [{"kty": "EC", "crv": "P-256", "kid": "k1", "alg": "ES256", "use": "sig",
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..])}]});
    let path = dir.join("jwks.json");
    std::fs::write(&path, jwks.to_string()).unwrap();
    (path, EncodingKey::from_ec_der(pkcs8.as_ref()))
}

async fn server(jwks_file: &std::path::Path) -> common::Server {
    let jwks = parse_jwks(&std::fs::read_to_string(jwks_file).unwrap()).unwrap();
    let verifier = JwtVerifier::new(JwtConfig {
        hs256_secret: Some(SECRET.into()),
        jwks: Some(jwks),
        issuer: Some(ISSUER.into()),
        audience: Some(AUDIENCE.into()),
        tenant_claim: "tenant_id".into(),
        scopes_claim: "scope".into(),
    })
    .unwrap();
    common::start_with_auth(Auth::new(common::ROOT_KEY).with_jwt(verifier)).await
}

async fn list(server: &common::Server, token: &str, tenant_path: &str) -> (u16, Value) {
    let response = server
        .with_key(Method::GET, token, &format!("{tenant_path}/coupons"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn valid_tokens_work_and_bad_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (jwks, es_key) = es256_key(dir.path());
    let server = server(&jwks).await;
    server
        .create_coupon(
            "acme",
            json!({"code": "JWT10", "type": "percentage", "value": 10}),
        )
        .await;

    let good = hs256(&claims("acme", AUDIENCE, now() + 600));
    let (status, body) = list(&server, &good, "/v1/promotions").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    assert_eq!(list(&server, &good, "/v1/acme/promotions").await.0, 200);

    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some("k1".into());
    let es = encode(&header, &claims("acme", AUDIENCE, now() + 600), &es_key).unwrap();
    let (status, body) = list(&server, &es, "/v1/promotions").await;
    assert_eq!(status, 200, "ES256 via JWKS: {body}");

    let wrong_aud = hs256(&claims("acme", "someone-else", now() + 600));
    let (status, body) = list(&server, &wrong_aud, "/v1/promotions").await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    assert!(
        body["detail"].as_str().unwrap().contains("audience"),
        "{body}"
    );

    let expired = hs256(&claims("acme", AUDIENCE, now() - 3600));
    let (status, body) = list(&server, &expired, "/v1/promotions").await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    assert!(
        body["detail"].as_str().unwrap().contains("expired"),
        "{body}"
    );

    let (status, body) = list(&server, &good, "/v1/other/promotions").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("forbidden")),
        "{body}"
    );

    let forged = encode(
        &Header::new(Algorithm::HS256),
        &claims("acme", AUDIENCE, now() + 600),
        &EncodingKey::from_secret(b"not-the-secret"),
    )
    .unwrap();
    assert_eq!(list(&server, &forged, "/v1/promotions").await.0, 401);
}

#[tokio::test]
async fn scopes_come_from_the_claim_and_api_keys_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let (jwks, _) = es256_key(dir.path());
    let server = server(&jwks).await;
    let mut validate_only = claims("acme", AUDIENCE, now() + 600);
    validate_only["scope"] = json!(["validate"]);
    let (status, body) = list(&server, &hs256(&validate_only), "/v1/promotions").await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));

    let key = server.create_key("acme", &["coupons:read"]).await;
    assert_eq!(list(&server, &key, "/v1/promotions").await.0, 200);
    let response = server
        .client
        .get(server.url("/v1/promotions/coupons"))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // A JWT's caller spends its own budget, named by its subject.
    let token = hs256(&claims("acme", AUDIENCE, now() + 600));
    let response = server
        .with_key(Method::GET, &token, "/v1/promotions/rate-limits")
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["caller"], "jwt:user-42", "{body}");
}

#[tokio::test]
async fn tokens_are_refused_when_the_node_has_no_jwt_configured() {
    let server = common::start().await;
    let token = hs256(&claims("acme", AUDIENCE, now() + 600));
    let (status, body) = list(&server, &token, "/v1/promotions").await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
}
