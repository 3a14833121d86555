//! `POST /imports` (seed 000 §13) and seed 003's
//! `POST /coupons/{id}/codes/import`: coupons or codes imported by a job
//! ([`crate::jobs::import`]). `GET /imports/{id}` is the job; seed 003's
//! `GET /coupons/{id}/codes/import/{import_id}` answers it in seed 003's
//! shape (`codesImport` with processed/created/errors).
//!
//! The data comes as a multipart upload (a `file` or `import` part, options
//! as other parts or as one JSON `options` part), as a JSON body (options with
//! `rows`, or `data` holding CSV/NDJSON text), or as a raw `text/csv` or
//! `application/x-ndjson` body with options in the query string. Uploads may
//! be up to [`MAX_IMPORT_BYTES`].

use std::collections::BTreeMap;

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stampede_protocol::ids::JOB_PREFIX;
use stampede_protocol::job::{Job, JobKind, JobStatus, JobView};
use stampede_protocol::ErrorCode;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{PathId, RawBody};
use crate::idempotency::{CouponsWrite, Idempotent};
pub use crate::jobs::import::MAX_IMPORT_BYTES;
use crate::jobs::import::{self, DataFormat, ImportMode, ImportRow, ImportSpec, ImportType};
use crate::routes::codes::parent_for_codes;
use crate::{jobs, validate, AppState};

/// Options of an import, from a JSON body, multipart parts or the query.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportOptions {
    /// `coupons` (default) or `codes` (with `coupon_id`).
    #[serde(default, rename = "type", alias = "object")]
    pub kind: Option<ImportType>,
    #[serde(default)]
    pub coupon_id: Option<String>,
    #[serde(default)]
    pub campaign_id: Option<String>,
    #[serde(default)]
    pub mode: Option<ImportMode>,
    #[serde(default)]
    pub dry_run: Option<bool>,
    /// The data's format when it cannot be told from its content type.
    #[serde(default)]
    pub format: Option<DataFormat>,
    /// Target field → source column (`{"code": "Voucher Code"}`).
    #[serde(default)]
    pub mapping: Option<BTreeMap<String, String>>,
    /// The rows themselves (a JSON body).
    #[serde(default)]
    #[schema(value_type = Option<Vec<Object>>)]
    pub rows: Option<Vec<Value>>,
    /// CSV or NDJSON text (a JSON body; `format` says which).
    #[serde(default)]
    pub data: Option<String>,
    /// Remote sources (`s3://…`) are not fetched: upload the file.
    #[serde(default)]
    pub source: Option<String>,
}

/// An import request as read: options, and the data (bytes and format) if
/// uploaded rather than listed in `rows`.
pub struct Upload {
    pub options: ImportOptions,
    pub data: Option<(Bytes, Option<DataFormat>)>,
    raw: Bytes,
}

impl RawBody for Upload {
    fn raw(&self) -> &[u8] {
        &self.raw
    }
}

fn mime(req: &Request) -> String {
    let value = req.headers().get(header::CONTENT_TYPE);
    let value = value.and_then(|v| v.to_str().ok()).unwrap_or_default();
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn format_of(mime: &str, name: Option<&str>) -> Option<DataFormat> {
    let name = name.unwrap_or_default().to_ascii_lowercase();
    if mime.contains("csv") || name.ends_with(".csv") {
        Some(DataFormat::Csv)
    } else if mime.contains("ndjson")
        || mime.contains("jsonl")
        || name.ends_with(".ndjson")
        || name.ends_with(".jsonl")
    {
        Some(DataFormat::Ndjson)
    } else if mime.contains("json") || name.ends_with(".json") {
        Some(DataFormat::Json)
    } else {
        None
    }
}

fn too_large(err: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::PayloadTooLarge, format!("upload: {err}"))
}

impl FromRequest<AppState> for Upload {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let mime = mime(&req);
        let query = req.uri().query().unwrap_or_default().to_owned();
        if mime == "multipart/form-data" {
            return multipart(req, state).await;
        }
        let raw = Bytes::from_request(req, state).await.map_err(too_large)?;
        if mime == "application/json" {
            let options: ImportOptions = serde_json::from_slice(&raw).map_err(|err| {
                ApiError::new(ErrorCode::MalformedJson, format!("malformed JSON: {err}"))
            })?;
            return Ok(Upload {
                options,
                data: None,
                raw,
            });
        }
        let Some(format) = format_of(&mime, None) else {
            return Err(ApiError::field(
                ErrorCode::UnsupportedMediaType,
                "Content-Type",
                "expected multipart/form-data, application/json, text/csv or application/x-ndjson",
            ));
        };
        let options: ImportOptions = serde_urlencoded::from_str(&query)
            .map_err(|err| ApiError::new(ErrorCode::InvalidRequest, format!("query: {err}")))?;
        Ok(Upload {
            options,
            data: Some((raw.clone(), Some(format))),
            raw,
        })
    }
}

/// Reads a multipart upload: the data part (`file`, `import` or `data`) and
/// options, one per part or as one JSON `options` part.
async fn multipart(req: Request, state: &AppState) -> Result<Upload, ApiError> {
    let mut form = Multipart::from_request(req, state)
        .await
        .map_err(|err| ApiError::invalid("body", err.to_string()))?;
    let (mut options, mut fields) = (Value::Object(Default::default()), serde_json::Map::new());
    let (mut data, mut raw) = (None, Vec::new());
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| ApiError::invalid("body", e.to_string()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let format = format_of(field.content_type().unwrap_or_default(), field.file_name());
        let bytes = field.bytes().await.map_err(too_large)?;
        raw.extend_from_slice(name.as_bytes());
        raw.extend_from_slice(&bytes);
        match name.as_str() {
            "file" | "import" | "data" => data = Some((bytes, format)),
            "options" => {
                options = serde_json::from_slice(&bytes)
                    .map_err(|err| ApiError::invalid("options", err.to_string()))?;
            }
            _ => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let value = match name.as_str() {
                    "dry_run" => match text.trim() {
                        "true" => Value::Bool(true),
                        "false" => Value::Bool(false),
                        _ => return Err(ApiError::invalid("dry_run", "true or false")),
                    },
                    "mapping" => serde_json::from_str(&text)
                        .map_err(|e| ApiError::invalid("mapping", e.to_string()))?,
                    _ => Value::String(text),
                };
                fields.insert(name, value);
            }
        }
    }
    if let Value::Object(map) = &mut options {
        map.extend(fields);
    }
    let options: ImportOptions = serde_json::from_value(options)
        .map_err(|err| ApiError::invalid("options", err.to_string()))?;
    Ok(Upload {
        options,
        data,
        raw: raw.into(),
    })
}

/// The spec and rows of an import request, checked.
fn read(
    upload: Upload,
    coupon_id: Option<String>,
) -> Result<(ImportSpec, Vec<ImportRow>), ApiError> {
    let Upload { options, data, .. } = upload;
    if options.source.is_some() {
        return Err(ApiError::invalid(
            "source",
            "remote sources are not fetched: upload the file",
        ));
    }
    let kind = match (coupon_id.is_some(), options.kind) {
        (true, None | Some(ImportType::Codes)) => ImportType::Codes,
        (true, Some(ImportType::Coupons | ImportType::Redemptions)) => {
            return Err(ApiError::invalid("type", "this route imports codes"))
        }
        (false, kind) => kind.unwrap_or(ImportType::Coupons),
    };
    let coupon_id = coupon_id.or(options.coupon_id.clone());
    if kind == ImportType::Codes && coupon_id.is_none() {
        return Err(ApiError::invalid(
            "coupon_id",
            "codes are imported into a coupon",
        ));
    }
    validate::optional_identifier("coupon_id", coupon_id.as_deref())?;
    validate::optional_identifier("campaign_id", options.campaign_id.as_deref())?;
    let mapping = options.mapping.clone().unwrap_or_default();
    if mapping.len() > 64 {
        return Err(ApiError::invalid("mapping", "at most 64 columns"));
    }
    let (bytes, format) = match (data, options.data.clone(), options.rows.clone()) {
        (Some((bytes, format)), None, None) => (Some(bytes), options.format.or(format)),
        (None, Some(text), None) => (Some(Bytes::from(text)), options.format),
        (None, None, Some(_)) => (None, Some(DataFormat::Json)),
        (None, None, None) => {
            return Err(ApiError::invalid(
                "file",
                "send the data: a file, data or rows",
            ))
        }
        _ => {
            return Err(ApiError::invalid(
                "file",
                "send the data once: a file, data or rows",
            ))
        }
    };
    let spec = ImportSpec {
        kind,
        coupon_id,
        campaign_id: options.campaign_id.clone(),
        mode: options.mode.unwrap_or_default(),
        dry_run: options.dry_run.unwrap_or(false),
        format: format.unwrap_or(DataFormat::Csv),
        mapping,
    };
    let rows = match (bytes, options.rows) {
        (Some(bytes), _) => import::parse(&spec, &bytes)?,
        (None, Some(rows)) => import::json_rows(&spec, rows)?,
        (None, None) => Vec::new(),
    };
    if rows.is_empty() {
        return Err(ApiError::invalid("rows", "no rows"));
    }
    Ok((spec, rows))
}

async fn start(
    state: AppState,
    request: Idempotent<Upload, CouponsWrite>,
    coupon_id: Option<String>,
    location: impl Fn(&str) -> String,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let (import, rows) = read(body, coupon_id)?;
    if let Some(id) = &import.coupon_id {
        parent_for_codes(&state, &caller.tenant, id).await?;
    }
    let id = state.new_id(JOB_PREFIX);
    let shown = serde_json::to_value(&import).map_err(|e| ApiError::internal(e.to_string()))?;
    let job = Job::new(
        id.clone(),
        JobKind::Import,
        rows.len() as u64,
        shown,
        state.now(),
    );
    jobs::start(&state, &caller, job, &rows, spec, location(&id)).await
}

#[utoipa::path(post, path = "/v1/promotions/imports", tag = "jobs", request_body(content = ImportOptions,
        description = "JSON options with `rows` or `data`; or multipart/form-data (a `file` part and options); or text/csv / application/x-ndjson with options in the query"),
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 202, body = JobView, description = "the import job"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json"), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json"), (status = 415, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_in_flight"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_reused"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn create(
    State(state): State<AppState>,
    request: Idempotent<Upload, CouponsWrite>,
) -> Result<Response, ApiError> {
    start(state, request, None, |id| {
        format!("/v1/promotions/imports/{id}")
    })
    .await
}

#[utoipa::path(get, path = "/v1/promotions/imports/{job_id}", tag = "jobs",
    params(("job_id" = String, Path)),
    responses((status = 200, body = JobView), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<JobView>, ApiError> {
    let job = jobs::find_of(&state, &caller, id.as_str(), JobKind::Import, "import").await?;
    Ok(Json(job.view(state.now())))
}

/// Seed 003's import of a coupon's codes: a CSV of codes (a header row
/// naming `code`, or one code per line without one).
#[utoipa::path(post, path = "/v1/promotions/coupons/{coupon_id}/codes/import", tag = "codes",
    request_body(content = String, content_type = "multipart/form-data", description = "an `import` (or `file`) part: a CSV of codes"),
    params(("coupon_id" = String, Path)),
    responses((status = 202, body = CodesImportView), (status = 400, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"), (status = 413, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_in_flight"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_reused"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn codes_import(
    State(state): State<AppState>,
    id: PathId,
    mut request: Idempotent<Upload, CouponsWrite>,
) -> Result<Response, ApiError> {
    if let Some((bytes, format)) = &mut request.body.data {
        if format.is_none_or(|f| f == DataFormat::Csv) && !has_code_header(bytes) {
            let mut with_header = b"code\n".to_vec();
            with_header.extend_from_slice(bytes);
            *bytes = with_header.into();
        }
    }
    let coupon_id = id.as_str().to_owned();
    let tenant = request.caller.tenant.clone();
    let location = {
        let coupon_id = coupon_id.clone();
        move |job: &str| format!("/v1/promotions/coupons/{coupon_id}/codes/import/{job}")
    };
    let response = start(state.clone(), request, Some(coupon_id), location).await?;
    if response.status().as_u16() != 202 {
        return Ok(response);
    }
    let location = response.headers().get(header::LOCATION).cloned();
    let job_id = location
        .as_ref()
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.rsplit('/').next())
        .unwrap_or_default()
        .to_owned();
    let job = jobs::find(&state, &tenant, &job_id).await?;
    let mut answer = (
        axum::http::StatusCode::ACCEPTED,
        Json(codes_view(&job, id.as_str())),
    )
        .into_response();
    if let Some(location) = location {
        answer.headers_mut().insert(header::LOCATION, location);
    }
    Ok(answer)
}

fn has_code_header(bytes: &[u8]) -> bool {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    first
        .split(',')
        .any(|c| c.trim().trim_matches('"').eq_ignore_ascii_case("code"))
}

#[utoipa::path(get, path = "/v1/promotions/coupons/{coupon_id}/codes/import/{import_id}", tag = "codes",
    params(("coupon_id" = String, Path), ("import_id" = String, Path)),
    responses((status = 200, body = CodesImportView), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn codes_import_get(
    State(state): State<AppState>,
    caller: Caller,
    axum::extract::Path(path): axum::extract::Path<BTreeMap<String, String>>,
) -> Result<Json<CodesImportView>, ApiError> {
    let coupon_id = path.get("coupon_id").cloned().unwrap_or_default();
    let import_id = path.get("import_id").cloned().unwrap_or_default();
    let job = jobs::find(&state, &caller.tenant, &import_id).await?;
    let spec: Option<ImportSpec> = serde_json::from_value(job.spec.clone()).ok();
    let belongs = spec
        .and_then(|s| s.coupon_id)
        .is_some_and(|c| c == coupon_id);
    if job.kind != JobKind::Import || !belongs {
        return Err(ApiError::not_found("import"));
    }
    jobs::may_read(&caller, job.kind)?;
    Ok(Json(codes_view(&job, &coupon_id)))
}

/// Seed 003's import resource.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodesImportView {
    pub links: BTreeMap<String, String>,
    #[serde(rename = "codesImport")]
    pub codes_import: CodesImport,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CodesImport {
    pub id: String,
    /// `CREATED` (nothing processed yet), `PROCESSING`, `COMPLETED`,
    /// `CANCELLED` or `FAILED`.
    pub status: String,
    pub processed: u64,
    pub created: u64,
    pub errors: u64,
    #[serde(rename = "updatedAt")]
    pub updated_at: String,
}

fn codes_view(job: &Job, coupon_id: &str) -> CodesImportView {
    let status = match job.status {
        JobStatus::Running if job.processed == 0 => "CREATED",
        JobStatus::Running => "PROCESSING",
        JobStatus::Done => "COMPLETED",
        JobStatus::Cancelled => "CANCELLED",
        JobStatus::Failed => "FAILED",
    };
    let link = format!("/v1/promotions/coupons/{coupon_id}/codes/import/{}", job.id);
    CodesImportView {
        links: BTreeMap::from([(String::from("self"), link)]),
        codes_import: CodesImport {
            id: job.id.clone(),
            status: status.to_owned(),
            processed: job.processed,
            created: job.created,
            errors: job.failed,
            updated_at: job
                .updated_at
                .format("%Y-%m-%d %H:%M:%S%.3f %z UTC")
                .to_string(),
        },
    }
}
