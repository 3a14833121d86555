//! `stampede generate | import | export`: start a job on a running node and
//! follow it with a progress bar until it ends, then print a summary (and,
//! for an export, download its file; for an import, its error report).
//!
//! Each command is one call of the public API (`POST /coupons/generate`,
//! `POST /imports`, `POST /exports`) and polls `GET /jobs/{id}`; the command
//! can do nothing a client with the same key could not.

use std::path::PathBuf;

use clap::Args;
use serde_json::{json, Value};

use crate::bench::job::{follow, summary};
use crate::bench::Api;
use crate::serve::BoxError;

/// Largest file `stampede import` uploads (the node's own limit).
const MAX_UPLOAD_BYTES: u64 = 32 * 1024 * 1024;

/// Which node, as whom.
#[derive(Debug, Clone, Args)]
pub struct Target {
    /// Base URL of the node, e.g. `http://127.0.0.1:8080`.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub target: String,
    /// API key (the root key with `--tenant`, or a tenant's key).
    #[arg(long, env = "STAMPEDE_ADMIN_KEY", hide_env_values = true)]
    pub key: String,
    /// Tenant sent as `X-Tenant-ID` (empty: none, for a tenant key).
    #[arg(long, default_value = "default")]
    pub tenant: String,
    /// Do not draw a progress bar (logs and CI).
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub target: Target,
    /// The coupon whose codes these are.
    #[arg(long)]
    pub coupon_id: String,
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub count: u64,
    /// e.g. `SUMMER-{RAND:8}`.
    #[arg(long)]
    pub pattern: Option<String>,
    /// alphanumeric, alphabetic, numeric, unambiguous (default) or custom.
    #[arg(long)]
    pub charset: Option<String>,
    #[arg(long)]
    pub custom_charset: Option<String>,
    #[arg(long)]
    pub prefix: Option<String>,
    #[arg(long)]
    pub postfix: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub target: Target,
    /// A CSV (with a header row), NDJSON (`.ndjson`, `.jsonl`) or JSON file.
    pub file: PathBuf,
    /// `coupons` or `codes` (with `--coupon-id`).
    #[arg(long = "type", default_value = "coupons")]
    pub kind: String,
    #[arg(long)]
    pub coupon_id: Option<String>,
    #[arg(long)]
    pub campaign_id: Option<String>,
    /// insert, upsert or replace.
    #[arg(long, default_value = "insert")]
    pub mode: String,
    /// Check every row, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the error report (CSV) here.
    #[arg(long)]
    pub errors: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub target: Target,
    /// coupons, codes, campaigns or redemptions.
    #[arg(long = "type")]
    pub kind: String,
    /// csv or ndjson.
    #[arg(long, default_value = "csv")]
    pub format: String,
    #[arg(long)]
    pub coupon_id: Option<String>,
    #[arg(long)]
    pub campaign_id: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    /// Where to write the file.
    #[arg(long)]
    pub out: PathBuf,
}

fn api(target: &Target) -> Result<Api, BoxError> {
    Api::new(&target.target, &target.key, &target.tenant, 60)
}

pub async fn generate(args: GenerateArgs) -> Result<(), BoxError> {
    let api = api(&args.target)?;
    let mut body = json!({"coupon_id": args.coupon_id, "count": args.count});
    for (name, value) in [
        ("pattern", &args.pattern),
        ("charset", &args.charset),
        ("custom_charset", &args.custom_charset),
        ("prefix", &args.prefix),
        ("postfix", &args.postfix),
    ] {
        if let Some(value) = value {
            body[name] = json!(value);
        }
    }
    let job = api
        .send_json("/v1/promotions/coupons/generate", &body)
        .await?;
    let done = follow(&api, &job, args.target.quiet).await?;
    summary(&done);
    Ok(())
}

pub async fn import(args: ImportArgs) -> Result<(), BoxError> {
    let api = api(&args.target)?;
    let size = std::fs::metadata(&args.file)?.len();
    if size > MAX_UPLOAD_BYTES {
        return Err(format!(
            "{}: larger than {MAX_UPLOAD_BYTES} bytes",
            args.file.display()
        )
        .into());
    }
    let bytes = tokio::fs::read(&args.file).await?;
    let name = args.file.to_string_lossy().to_ascii_lowercase();
    let content_type = if name.ends_with(".ndjson") || name.ends_with(".jsonl") {
        "application/x-ndjson"
    } else if name.ends_with(".json") {
        "application/json"
    } else {
        "text/csv"
    };
    let mut query = vec![("type", args.kind.clone()), ("mode", args.mode.clone())];
    query.push(("dry_run", args.dry_run.to_string()));
    for (name, value) in [
        ("coupon_id", &args.coupon_id),
        ("campaign_id", &args.campaign_id),
    ] {
        if let Some(value) = value {
            query.push((name, value.clone()));
        }
    }
    let job = if content_type == "application/json" {
        let rows: Value = serde_json::from_slice(&bytes)?;
        let mut body: serde_json::Map<String, Value> = query
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        body.insert("dry_run".into(), json!(args.dry_run));
        body.insert("rows".into(), rows);
        api.send_json("/v1/promotions/imports", &Value::Object(body))
            .await?
    } else {
        api.send_bytes("/v1/promotions/imports", &query, content_type, bytes)
            .await?
    };
    let done = follow(&api, &job, args.target.quiet).await?;
    summary(&done);
    if let Some(path) = &args.errors {
        let id = done["id"].as_str().unwrap_or_default();
        let url = format!("/v1/promotions/jobs/{id}/errors?format=csv");
        let written = api.download(&url, path).await?;
        println!("error report: {} ({written} bytes)", path.display());
    }
    Ok(())
}

pub async fn export(args: ExportArgs) -> Result<(), BoxError> {
    let api = api(&args.target)?;
    let mut filters = serde_json::Map::new();
    for (name, value) in [
        ("coupon_id", &args.coupon_id),
        ("campaign_id", &args.campaign_id),
        ("status", &args.status),
    ] {
        if let Some(value) = value {
            filters.insert(name.into(), json!(value));
        }
    }
    let body = json!({"type": args.kind, "format": args.format, "filters": filters});
    let job = api.send_json("/v1/promotions/exports", &body).await?;
    let done = follow(&api, &job, args.target.quiet).await?;
    summary(&done);
    if done["status"] == "done" {
        let id = done["id"].as_str().unwrap_or_default();
        let written = api
            .download(&format!("/v1/promotions/exports/{id}/file"), &args.out)
            .await?;
        println!("file: {} ({written} bytes)", args.out.display());
    }
    Ok(())
}
