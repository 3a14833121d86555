//! Following a job on a running node: polls `GET /jobs/{id}` with a progress
//! bar until the job ends, and prints its summary (for `stampede bench
//! generate` and the job commands).

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;

use super::Api;
use crate::serve::BoxError;

/// Time between two looks at a running job.
const POLL_INTERVAL_MS: u64 = 250;
/// Longest a command follows one job, in seconds.
const MAX_FOLLOW_SECS: u64 = 24 * 3_600;

/// Polls the job until it ends, drawing its progress; answers the last view.
pub async fn follow(api: &Api, job: &Value, quiet: bool) -> Result<Value, BoxError> {
    let id = job["id"]
        .as_str()
        .ok_or("the answer names no job")?
        .to_owned();
    let total = job["total"].as_u64().unwrap_or(0);
    let bar = if quiet {
        ProgressBar::hidden()
    } else if total > 0 {
        ProgressBar::new(total)
    } else {
        ProgressBar::new_spinner()
    };
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {per_sec} eta {eta} {msg}",
    )?;
    bar.set_style(style);
    let started = Instant::now();
    loop {
        let view = api.get_json(&format!("/v1/promotions/jobs/{id}")).await?;
        bar.set_position(view["processed"].as_u64().unwrap_or(0));
        let failed = view["failed"].as_u64().unwrap_or(0);
        bar.set_message(format!("{failed} failed"));
        if view["status"] != "running" {
            bar.finish();
            return Ok(view);
        }
        if started.elapsed() > Duration::from_secs(MAX_FOLLOW_SECS) {
            return Err(format!("job {id} still running after {MAX_FOLLOW_SECS} s").into());
        }
        tokio::time::sleep(Duration::from_millis(POLL_INTERVAL_MS)).await;
    }
}

/// One line per counter of a final job.
pub fn summary(job: &Value) {
    let field = |name: &str| job[name].as_u64().unwrap_or(0);
    println!(
        "job {} {}: processed {}, created {}, skipped {}, failed {} ({} rows/s)",
        job["id"].as_str().unwrap_or_default(),
        job["status"].as_str().unwrap_or_default(),
        field("processed"),
        field("created"),
        field("skipped"),
        field("failed"),
        job["rate_per_second"],
    );
    if let Some(error) = job["error"].as_str() {
        println!("error: {error}");
    }
}
