//! The rush: `connections` closed-loop workers against one URL until the clock
//! runs out.
//!
//! All workers share one `reqwest::Client` whose pool holds `connections` idle
//! keep-alive connections. Each worker has at most one request in flight, so the
//! pool settles at one connection per worker, each reused for the whole run. On two
//! cores shared with the server, one client per worker (each with a pool of one)
//! measured the same throughput within noise; the shared client is kept because
//! it costs one pool and resolver instead of thousands, and its pool lock is
//! uncontended with a couple of runtime threads.
//!
//! Requests started during the warm-up count for the check (they may redeem) but
//! not for latency or throughput. When the clock runs out no new request is sent;
//! those in flight finish (or time out) and are counted.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::{Client, StatusCode};
use serde::Deserialize;
use tokio::task::JoinSet;

use super::http::{is_json, problem_code, read_capped, Api, MAX_BODY_BYTES};
use super::stats::{self, Outcome, Report, Shards, Verdict};
use crate::serve::BoxError;

/// How long a worker whose connection attempt failed waits before the next
/// attempt, so that a down server is not hammered in a tight loop.
const CONNECT_BACKOFF: Duration = Duration::from_millis(50);

/// What each request does.
#[derive(Debug, Clone)]
pub enum RequestKind {
    /// `POST /redemptions` of `code`, each by a new buyer.
    Redeem { code: String },
    /// `POST /validate` of `code`, each for a new buyer.
    Validate { code: String },
    /// `POST /redemptions` of a code drawn from `codes` for each request (each
    /// order brings its own code), each by a new buyer.
    RedeemAmong { codes: Arc<Vec<String>>, draw: Draw },
}

/// How a code is drawn from many.
#[derive(Debug, Clone, Copy)]
pub enum Draw {
    Uniform,
    /// Zipf with this exponent: a few codes are hot, most are cold.
    Zipf(f64),
    /// Every code in turn, across all workers: the run touches each code
    /// once before any twice (the memory of a node whose every code woke).
    Sweep,
}

/// Draws code indexes for one worker.
enum Picker {
    One,
    Uniform(usize),
    Zipf(rand_distr::Zipf<f64>),
    /// The next code, shared by every worker.
    Sweep(Arc<std::sync::atomic::AtomicUsize>, usize),
}

impl Picker {
    fn new(
        kind: &RequestKind,
        next: &Arc<std::sync::atomic::AtomicUsize>,
    ) -> Result<Self, BoxError> {
        Ok(match kind {
            RequestKind::RedeemAmong { codes, draw } => match draw {
                Draw::Uniform => Picker::Uniform(codes.len()),
                Draw::Zipf(s) => Picker::Zipf(rand_distr::Zipf::new(codes.len() as f64, *s)?),
                Draw::Sweep => Picker::Sweep(Arc::clone(next), codes.len().max(1)),
            },
            _ => Picker::One,
        })
    }

    /// The index of the next code (0 for a single code).
    fn pick(&self, rng: &mut rand::rngs::SmallRng) -> usize {
        use rand::Rng;
        match self {
            Picker::One => 0,
            Picker::Uniform(n) => rng.random_range(0..*n),
            // Zipf draws 1..=n; rank 1 is the hottest code.
            Picker::Zipf(zipf) => (rng.sample(zipf) as usize).saturating_sub(1),
            Picker::Sweep(next, n) => next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % n,
        }
    }
}

/// How hard and for how long.
#[derive(Debug, Clone)]
pub struct Plan {
    pub kind: RequestKind,
    pub connections: usize,
    pub warmup: Duration,
    pub duration: Duration,
}

/// A request body with a per-request buyer id in the middle: the fixed parts are
/// built (and JSON-escaped) once, so a request costs one small allocation.
struct Template {
    head: String,
    tail: String,
    /// With many codes: each code as its JSON body prefix, built once.
    heads: Vec<String>,
}

/// The cart every request carries: one line, so the discount engine has work to do.
const CONTEXT_ITEMS: &str = r#""currency":"GBP","items":[{"sku":"S1","quantity":1,"price":20}]"#;

impl Template {
    fn new(kind: &RequestKind) -> Result<Self, BoxError> {
        Ok(match kind {
            RequestKind::Redeem { code } => Self {
                head: redeem_head(code)?,
                tail: format!(r#"","context":{{{CONTEXT_ITEMS}}}}}"#),
                heads: Vec::new(),
            },
            RequestKind::Validate { code } => Self {
                head: format!(
                    r#"{{"codes":[{}],"context":{{"user_id":"u-"#,
                    serde_json::to_string(code)?
                ),
                tail: format!(r#"",{CONTEXT_ITEMS}}}}}"#),
                heads: Vec::new(),
            },
            RequestKind::RedeemAmong { codes, .. } => Self {
                head: String::new(),
                tail: format!(r#"","context":{{{CONTEXT_ITEMS}}}}}"#),
                heads: codes
                    .iter()
                    .map(|code| redeem_head(code))
                    .collect::<Result<_, _>>()?,
            },
        })
    }

    /// The body for request `seq` of worker `worker`: buyer `u-<worker>-<seq>`,
    /// distinct across the run; with many codes, of code `code`.
    fn body(&self, worker: usize, seq: u64, code: usize) -> String {
        let head = self.heads.get(code).unwrap_or(&self.head);
        format!("{head}{worker}-{seq}{}", self.tail)
    }
}

fn redeem_head(code: &str) -> Result<String, BoxError> {
    Ok(format!(
        r#"{{"coupon_code":{},"user_id":"u-"#,
        serde_json::to_string(code)?
    ))
}

/// Runs the plan and returns the merged figures.
pub async fn run(api: &Api, plan: Plan) -> Result<Report, BoxError> {
    let cpu_before = stats::own_cpu();
    let connections = plan.connections.max(1);
    let client = api.load_client(connections)?;
    let shards = Arc::new(Shards::new(connections)?);
    let template = Arc::new(Template::new(&plan.kind)?);
    let (url, success_status) = match plan.kind {
        RequestKind::Redeem { .. } | RequestKind::RedeemAmong { .. } => {
            (api.url("/v1/promotions/redemptions"), StatusCode::CREATED)
        }
        RequestKind::Validate { .. } => (api.url("/v1/promotions/validate"), StatusCode::OK),
    };
    let url: Arc<str> = url.into();
    let is_validate = matches!(plan.kind, RequestKind::Validate { .. });

    let started = Instant::now();
    let measure_from = started + plan.warmup;
    let stop_at = measure_from + plan.duration;
    let mut workers = JoinSet::new();
    let sweep = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for worker in 0..connections {
        let worker_ctx = Worker {
            id: worker,
            client: client.clone(),
            url: Arc::clone(&url),
            template: Arc::clone(&template),
            picker: Picker::new(&plan.kind, &sweep)?,
            shards: Arc::clone(&shards),
            success_status,
            is_validate,
            measure_from,
            stop_at,
        };
        workers.spawn(worker_ctx.run());
    }
    let mut failed = None;
    while let Some(joined) = workers.join_next().await {
        if let Err(err) = joined {
            failed.get_or_insert(err);
        }
    }
    let finished = Instant::now();
    if let Some(err) = failed {
        return Err(format!("a load worker failed: {err}").into());
    }
    let shards = Arc::into_inner(shards).ok_or("load workers still hold the statistics")?;
    Ok(Report {
        cpu: stats::own_cpu()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before)),
        tally: shards.merge()?,
        measured_for: finished.saturating_duration_since(measure_from),
        warmup: plan.warmup,
    })
}

/// One closed-loop worker.
struct Worker {
    id: usize,
    client: Client,
    url: Arc<str>,
    template: Arc<Template>,
    picker: Picker,
    shards: Arc<Shards>,
    success_status: StatusCode,
    is_validate: bool,
    measure_from: Instant,
    stop_at: Instant,
}

impl Worker {
    async fn run(self) {
        let content_type = HeaderValue::from_static("application/json");
        let mut rng = <rand::rngs::SmallRng as rand::SeedableRng>::seed_from_u64(self.id as u64);
        let mut seq: u64 = 0;
        loop {
            let sent = Instant::now();
            if sent >= self.stop_at {
                break;
            }
            seq += 1;
            let code = self.picker.pick(&mut rng);
            let body = self.template.body(self.id, seq, code);
            let result = self
                .client
                .post(&*self.url)
                .header(CONTENT_TYPE, content_type.clone())
                .body(body)
                .send()
                .await;
            let outcome = match result {
                Ok(response) => self.classify(response).await,
                Err(err) => transport_outcome(&err),
            };
            let backoff = outcome.label == CONNECT_ERROR;
            self.shards
                .record(self.id, outcome, sent.elapsed(), sent >= self.measure_from);
            if backoff {
                tokio::time::sleep(CONNECT_BACKOFF).await;
            }
        }
    }

    async fn classify(&self, response: reqwest::Response) -> Outcome {
        let status = response.status();
        let json = is_json(response.headers());
        // The body is always read to the end so the connection can be reused.
        let body = read_capped(response, MAX_BODY_BYTES).await;
        if status == self.success_status {
            // The status line says the operation took effect, even if the body
            // was then lost.
            let label = match (&body, self.is_validate) {
                (Ok(body), true) => validate_label(body),
                (Ok(_), false) => Cow::Owned(format!("{} created", status.as_u16())),
                (Err(_), _) => Cow::Owned(format!("{} (body lost)", status.as_u16())),
            };
            return Outcome {
                verdict: Verdict::Success,
                label,
            };
        }
        let code = body.as_deref().ok().and_then(|b| problem_code(b, json));
        let label = match code {
            Some(code) => format!("{} {code}", status.as_u16()),
            None => status.as_u16().to_string(),
        };
        Outcome {
            // A 5xx may come after the decision was made (a commit whose result is
            // unknown): it may have taken effect. Anything else was refused.
            verdict: if status.is_server_error() {
                Verdict::Unknown
            } else {
                Verdict::Refused
            },
            label: Cow::Owned(label),
        }
    }
}

const CONNECT_ERROR: &str = "connect error";

/// A request that got no response. A connect error means nothing was sent, so
/// nothing happened; any other failure (timeout, connection lost) may have come
/// after the server acted on the request.
fn transport_outcome(err: &reqwest::Error) -> Outcome {
    let (verdict, label) = if err.is_connect() {
        (Verdict::Refused, CONNECT_ERROR)
    } else if err.is_timeout() {
        (Verdict::Unknown, "timeout")
    } else if err.is_body() {
        (Verdict::Unknown, "body error")
    } else {
        (Verdict::Unknown, "transport error")
    };
    Outcome {
        verdict,
        label: Cow::Borrowed(label),
    }
}

/// `200 valid` or `200 invalid <reasons>` for a validate answer.
fn validate_label(body: &[u8]) -> Cow<'static, str> {
    #[derive(Deserialize)]
    struct Answer {
        #[serde(default)]
        results: Vec<CodeResult>,
    }
    #[derive(Deserialize)]
    struct CodeResult {
        #[serde(default)]
        valid: bool,
        #[serde(default)]
        reasons: Vec<String>,
    }
    let Ok(answer) = serde_json::from_slice::<Answer>(body) else {
        return Cow::Borrowed("200 (unreadable body)");
    };
    match answer.results.first() {
        Some(r) if r.valid => Cow::Borrowed("200 valid"),
        Some(r) => {
            let reasons: Vec<&str> = r.reasons.iter().take(4).map(|s| truncate(s)).collect();
            Cow::Owned(format!("200 invalid {}", reasons.join(",")))
        }
        None => Cow::Borrowed("200 (no result)"),
    }
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(48) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_valid_json_with_distinct_buyers() {
        let redeem = Template::new(&RequestKind::Redeem {
            code: "FLASH-1".into(),
        })
        .unwrap();
        let a: serde_json::Value = serde_json::from_str(&redeem.body(3, 7, 0)).unwrap();
        assert_eq!(a["coupon_code"], "FLASH-1");
        assert_eq!(a["user_id"], "u-3-7");
        assert_eq!(a["context"]["items"][0]["price"], 20);
        let validate = Template::new(&RequestKind::Validate {
            code: "FLASH-1".into(),
        })
        .unwrap();
        let b: serde_json::Value = serde_json::from_str(&validate.body(1, 2, 0)).unwrap();
        assert_eq!(b["codes"][0], "FLASH-1");
        assert_eq!(b["context"]["user_id"], "u-1-2");
        assert_eq!(b["context"]["currency"], "GBP");
    }

    #[test]
    fn validate_labels() {
        let valid = br#"{"results":[{"code":"X","valid":true,"reasons":[]}]}"#;
        assert_eq!(validate_label(valid), "200 valid");
        let invalid = br#"{"results":[{"code":"X","valid":false,"reasons":["limit_reached"]}]}"#;
        assert_eq!(validate_label(invalid), "200 invalid limit_reached");
        assert_eq!(validate_label(b"nonsense"), "200 (unreadable body)");
    }
}
