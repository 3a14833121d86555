//! The client side of the HTTP API, as the load generator needs it.
//!
//! Nothing read from the network is trusted: bodies are read up to a cap, JSON is
//! parsed into optional fields, and every failure becomes an error message rather
//! than a panic.

use std::time::Duration;

use rand::Rng;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::{Client, Response, StatusCode, Url};
use serde::Deserialize;

use crate::serve::BoxError;

/// Largest response body read from the API (the server caps requests at 1 MiB;
/// its answers are far smaller).
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// Largest `/metrics` page read.
const MAX_METRICS_BYTES: usize = 16 << 20;
/// Longest problem `code` kept as an outcome label; anything longer is not a code.
const MAX_CODE_LABEL: usize = 64;
/// How long to wait for a TCP connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The metric whose sum/count is the average commit batch size.
const BATCH_SIZE_METRIC: &str = "stampede_commit_batch_size";

/// What the load generator needs of a coupon.
#[derive(Debug, Clone, Deserialize)]
pub struct CouponView {
    pub id: String,
    pub code: String,
    pub uses_count: u64,
}

/// The coupon a run creates.
pub struct NewCoupon {
    /// Code prefix; a random suffix makes every run's coupon fresh.
    pub prefix: &'static str,
    pub max_uses: Option<u64>,
    pub per_customer_limit: Option<u32>,
    /// The campaign the coupon spends from, if any.
    pub campaign_id: Option<String>,
}

/// A problem+json body: only the machine-readable code matters here.
#[derive(Debug, Deserialize)]
struct Problem {
    code: Option<String>,
    detail: Option<String>,
}

/// A node's API: base URL, credentials, and the settings every client shares.
#[derive(Clone)]
pub struct Api {
    base: String,
    headers: HeaderMap,
    timeout: Duration,
    control: Client,
}

impl Api {
    /// Checks the target URL and credentials, and builds the client used for
    /// set-up and read-back (the rush builds its own, see [`Api::load_client`]).
    pub fn new(target: &str, key: &str, tenant: &str, timeout_secs: u64) -> Result<Self, BoxError> {
        let url = Url::parse(target).map_err(|e| format!("--target {target:?}: {e}"))?;
        if url.scheme() != "http" {
            return Err(format!(
                "--target {target:?}: only http:// is supported (the client is built without TLS)"
            )
            .into());
        }
        if url.host_str().is_none() {
            return Err(format!("--target {target:?}: no host").into());
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("--target {target:?}: must not have a query or fragment").into());
        }
        let key = key.trim();
        if key.is_empty() {
            return Err("--key is empty".into());
        }
        let mut key_value =
            HeaderValue::from_str(key).map_err(|_| "--key must be visible ASCII")?;
        key_value.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(HeaderName::from_static("x-api-key"), key_value);
        if !tenant.is_empty() {
            let value =
                HeaderValue::from_str(tenant).map_err(|_| "--tenant must be visible ASCII")?;
            headers.insert(HeaderName::from_static("x-tenant-id"), value);
        }
        let timeout = Duration::from_secs(timeout_secs);
        let base = url.as_str().trim_end_matches('/').to_owned();
        let control = build_client(&headers, timeout, 4)?;
        Ok(Self {
            base,
            headers,
            timeout,
            control,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// `base` + `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client for the rush, meant to be shared by all workers: its pool keeps up
    /// to `connections` idle keep-alive connections, so every worker finds a warm
    /// one and none is closed and reopened between requests.
    pub fn load_client(&self, connections: usize) -> Result<Client, BoxError> {
        build_client(&self.headers, self.timeout, connections)
    }

    /// Creates a coupon with a random code (so each run starts from
    /// `uses_count == 0`).
    pub async fn create_coupon(&self, spec: &NewCoupon) -> Result<CouponView, BoxError> {
        let suffix: u64 = rand::rng().random();
        let code = format!("{}-{suffix:016x}", spec.prefix);
        let mut body = serde_json::json!({
            "code": code,
            "type": "percentage",
            "value": 10,
        });
        if let Some(max_uses) = spec.max_uses {
            body["max_uses"] = max_uses.into();
        }
        if let Some(limit) = spec.per_customer_limit {
            body["per_customer_limit"] = limit.into();
        }
        if let Some(campaign) = &spec.campaign_id {
            body["campaign_id"] = campaign.clone().into();
        }
        let response = self
            .control
            .post(self.url("/v1/promotions/coupons"))
            .json(&body)
            .send()
            .await
            .map_err(|e| format!("creating the coupon at {}: {}", self.base, describe(&e)))?;
        self.expect_json(response, StatusCode::CREATED, "creating the coupon")
            .await
    }

    /// Creates an active campaign, with a redemption budget when given.
    pub async fn create_campaign(&self, budget: Option<u64>) -> Result<String, BoxError> {
        let suffix: u64 = rand::rng().random();
        let mut body =
            serde_json::json!({"name": format!("bench-{suffix:016x}"), "status": "active"});
        if let Some(budget) = budget {
            body["budget"] = serde_json::json!({"max_redemptions": budget});
        }
        let response = self
            .control
            .post(self.url("/v1/promotions/campaigns"))
            .json(&body)
            .send()
            .await
            .map_err(|e| format!("creating the campaign at {}: {}", self.base, describe(&e)))?;
        let campaign: serde_json::Value = self
            .expect_json(response, StatusCode::CREATED, "creating the campaign")
            .await?;
        campaign["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| "creating the campaign: no id in the answer".into())
    }

    /// Creates a 10 % campaign promotion (seed 001) whose code the run redeems;
    /// the view is its code's record (the promotion's id).
    pub async fn create_promotion(
        &self,
        campaign_id: &str,
        spec: &NewCoupon,
    ) -> Result<CouponView, BoxError> {
        let suffix: u32 = rand::rng().random();
        let code = format!("{}{suffix:08X}", spec.prefix);
        let now = chrono::Utc::now();
        let body = serde_json::json!({
            "promotion_name": format!("bench {code}"),
            "promotion_type": "percentage_discount",
            "description": "load test",
            "promotion_code": code,
            "discount_rules": {"discount_value": 10},
            "usage_limits": {"total_usage_limit": spec.max_uses,
                "per_customer_limit": spec.per_customer_limit},
            "schedule": {"start_date": now, "end_date": now + chrono::Duration::days(30)},
            "auto_apply": false,
            "stackable": true
        });
        let path = format!("/v1/promotions/campaigns/{campaign_id}/promotions");
        let response = self
            .control
            .post(self.url(&path))
            .json(&body)
            .send()
            .await
            .map_err(|e| format!("creating the promotion at {}: {}", self.base, describe(&e)))?;
        let promotion: serde_json::Value = self
            .expect_json(response, StatusCode::CREATED, "creating the promotion")
            .await?;
        let field = |name: &str| {
            promotion[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("creating the promotion: no {name} in the answer"))
        };
        Ok(CouponView {
            id: field("promotion_id")?,
            code: field("promotion_code")?,
            uses_count: 0,
        })
    }

    /// Reads a coupon back (its committed `uses_count`).
    pub async fn get_coupon(&self, id: &str) -> Result<CouponView, BoxError> {
        let response = self
            .control
            .get(self.url(&format!("/v1/promotions/coupons/{id}")))
            .send()
            .await
            .map_err(|e| format!("reading coupon {id}: {}", describe(&e)))?;
        self.expect_json(response, StatusCode::OK, "reading the coupon back")
            .await
    }

    /// `(sum, count)` of the server's commit batch size histogram, summed over its
    /// label sets; `None` when `/metrics` is unreachable (metrics are a nicety:
    /// their absence does not fail a run).
    pub async fn batch_size_totals(&self) -> Option<(f64, f64)> {
        let response = self.control.get(self.url("/metrics")).send().await.ok()?;
        if !response.status().is_success() {
            return None;
        }
        let body = read_capped(response, MAX_METRICS_BYTES).await.ok()?;
        let text = String::from_utf8_lossy(&body);
        // Before its first commit a node has not registered the histogram yet: a
        // page without it counts as zero.
        let sum = metric_total(&text, &format!("{BATCH_SIZE_METRIC}_sum")).unwrap_or(0.0);
        let count = metric_total(&text, &format!("{BATCH_SIZE_METRIC}_count")).unwrap_or(0.0);
        Some((sum, count))
    }

    /// The node's resident memory in bytes, from its `/metrics`.
    pub async fn node_resident_bytes(&self) -> Option<f64> {
        let response = self.control.get(self.url("/metrics")).send().await.ok()?;
        let body = read_capped(response, MAX_METRICS_BYTES).await.ok()?;
        metric_total(
            &String::from_utf8_lossy(&body),
            "process_resident_memory_bytes",
        )
    }

    /// Sends a JSON body that starts a job: the `202` answer (the job).
    pub async fn send_json(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, BoxError> {
        let response = self.control.post(self.url(path)).json(body).send().await;
        let response = response.map_err(|e| format!("POST {path}: {}", describe(&e)))?;
        self.expect_json(response, StatusCode::ACCEPTED, &format!("POST {path}"))
            .await
    }

    /// Uploads `bytes` as `content_type` with `query` options to start a job.
    pub async fn send_bytes(
        &self,
        path: &str,
        query: &[(&str, String)],
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<serde_json::Value, BoxError> {
        let pairs = query.iter().map(|(k, v)| (*k, v.as_str()));
        let url =
            Url::parse_with_params(&self.url(path), pairs).map_err(|e| format!("{path}: {e}"))?;
        let request = self.control.post(url);
        let request = request.header("content-type", content_type).body(bytes);
        let response = request
            .send()
            .await
            .map_err(|e| format!("POST {path}: {}", describe(&e)))?;
        self.expect_json(response, StatusCode::ACCEPTED, &format!("POST {path}"))
            .await
    }

    /// `GET path`, expecting `200` and JSON.
    /// `POST path` with a JSON body, expecting `status`.
    pub async fn post_expect(
        &self,
        path: &str,
        body: &serde_json::Value,
        status: u16,
    ) -> Result<serde_json::Value, BoxError> {
        let response = self.control.post(self.url(path)).json(body).send().await;
        let response = response.map_err(|e| format!("POST {path}: {}", describe(&e)))?;
        let status = StatusCode::from_u16(status)?;
        self.expect_json(response, status, &format!("POST {path}"))
            .await
    }

    pub async fn get_json(&self, path: &str) -> Result<serde_json::Value, BoxError> {
        let response = self.control.get(self.url(path)).send().await;
        let response = response.map_err(|e| format!("GET {path}: {}", describe(&e)))?;
        self.expect_json(response, StatusCode::OK, &format!("GET {path}"))
            .await
    }

    /// Streams `GET path` into the file `out`, chunk by chunk (bounded memory
    /// whatever the size); answers the bytes written.
    pub async fn download(&self, path: &str, out: &std::path::Path) -> Result<u64, BoxError> {
        use tokio::io::AsyncWriteExt;
        let request = self.control.get(self.url(path)).timeout(DOWNLOAD_TIMEOUT);
        let mut response = request
            .send()
            .await
            .map_err(|e| format!("GET {path}: {}", describe(&e)))?;
        if response.status() != StatusCode::OK {
            return Err(format!("GET {path}: HTTP {}", response.status()).into());
        }
        let mut file = tokio::fs::File::create(out).await?;
        let mut written = 0u64;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| format!("GET {path}: {}", describe(&e)))?
        {
            file.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        file.flush().await?;
        Ok(written)
    }

    async fn expect_json<T: serde::de::DeserializeOwned>(
        &self,
        response: Response,
        expected: StatusCode,
        what: &str,
    ) -> Result<T, BoxError> {
        let status = response.status();
        let body = read_capped(response, MAX_BODY_BYTES)
            .await
            .map_err(|e| format!("{what}: reading the response: {e}"))?;
        if status != expected {
            let problem = serde_json::from_slice::<Problem>(&body).ok();
            let code = problem.as_ref().and_then(|p| p.code.as_deref());
            let detail = problem.as_ref().and_then(|p| p.detail.as_deref());
            return Err(format!(
                "{what}: HTTP {status}{}{}",
                code.map(|c| format!(" {}", label(c))).unwrap_or_default(),
                detail
                    .map(|d| format!(": {}", d.chars().take(200).collect::<String>()))
                    .unwrap_or_default()
            )
            .into());
        }
        serde_json::from_slice(&body)
            .map_err(|e| format!("{what}: unexpected response body: {e}").into())
    }
}

/// Longest download of an export's file or a job's error report.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(3_600);

/// A client carrying the credentials as default headers.
fn build_client(
    headers: &HeaderMap,
    timeout: Duration,
    max_idle: usize,
) -> Result<Client, BoxError> {
    Client::builder()
        .default_headers(headers.clone())
        // HTTP/1.1 keep-alive, as storefront backends talk to a coupon service.
        .http1_only()
        .pool_max_idle_per_host(max_idle)
        .pool_idle_timeout(Duration::from_secs(90))
        .tcp_nodelay(true)
        .connect_timeout(CONNECT_TIMEOUT.min(timeout))
        .timeout(timeout)
        // A redemption is not idempotent: a retry hidden inside the client would
        // make an unknown outcome look like a known one.
        .retry(reqwest::retry::never())
        // The target is given explicitly; an environment proxy would measure the
        // proxy.
        .no_proxy()
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}").into())
}

/// Reads a response body, refusing one larger than `cap` bytes.
pub async fn read_capped(mut response: Response, cap: usize) -> Result<Vec<u8>, String> {
    if response
        .content_length()
        .is_some_and(|len| len > cap as u64)
    {
        return Err(format!("body larger than {cap} bytes"));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
        if body.len() + chunk.len() > cap {
            return Err(format!("body larger than {cap} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Whether a response declares a JSON body (`application/json` or
/// `application/problem+json`).
pub fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
}

/// The problem `code` of an error response body, if it has a plausible one.
pub fn problem_code(body: &[u8], is_json: bool) -> Option<String> {
    if !is_json {
        return None;
    }
    let code = serde_json::from_slice::<Problem>(body).ok()?.code?;
    Some(label(&code))
}

/// A label safe to print and to use as a map key: short, and only code-like
/// characters.
fn label(raw: &str) -> String {
    raw.chars()
        .take(MAX_CODE_LABEL)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// A transport error in a few words (reqwest's `Display` hides the cause).
pub fn describe(err: &reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        "timeout"
    } else if err.is_connect() {
        "connect error"
    } else if err.is_body() {
        "body error"
    } else if err.is_request() {
        "request error"
    } else {
        "error"
    };
    let mut text = String::from(kind);
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Sum of every sample of `name` in a Prometheus text page (any labels).
fn metric_total(text: &str, name: &str) -> Option<f64> {
    let mut total = None;
    for line in text.lines() {
        let Some(rest) = line.strip_prefix(name) else {
            continue;
        };
        let value = if let Some(labelled) = rest.strip_prefix('{') {
            labelled.split_once('}').map(|(_, v)| v)
        } else if rest.starts_with([' ', '\t']) {
            Some(rest)
        } else {
            // A longer metric name sharing the prefix.
            None
        };
        let Some(value) = value.and_then(|v| v.split_whitespace().next()) else {
            continue;
        };
        if let Ok(v) = value.parse::<f64>() {
            if v.is_finite() {
                *total.get_or_insert(0.0) += v;
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::{label, metric_total};

    #[test]
    fn sums_a_metric_over_label_sets() {
        let page = "# TYPE stampede_commit_batch_size histogram\n\
                    stampede_commit_batch_size_bucket{le=\"1\"} 3\n\
                    stampede_commit_batch_size_sum 120\n\
                    stampede_commit_batch_size_count 4\n\
                    stampede_commit_batch_size_count_other 99\n\
                    x_sum{a=\"b\"} 1\n";
        assert_eq!(
            metric_total(page, "stampede_commit_batch_size_sum"),
            Some(120.0)
        );
        assert_eq!(
            metric_total(page, "stampede_commit_batch_size_count"),
            Some(4.0)
        );
        assert_eq!(metric_total(page, "x_sum"), Some(1.0));
        assert_eq!(metric_total(page, "missing"), None);
    }

    #[test]
    fn labels_are_tame() {
        assert_eq!(label("limit_reached"), "limit_reached");
        assert_eq!(label("a b\n"), "a?b?");
        assert_eq!(label(&"x".repeat(500)).len(), 64);
    }
}
