//! `POST /api/v1/reports` (one report, or a JSON Lines batch) and
//! `GET /api/v1/reports/{id}`.
//!
//! A POST answers only after the reports are committed to the database, so an id in a
//! response is a promise that the report is stored. In a batch, bad lines are reported with
//! their line number and field and never keep the good lines from being stored.

use crate::api::extract::{Path, Query};
use crate::api::openapi::{BatchLine, ErrorBody, IndicatorView, RawIndicatorView};
use crate::auth::Caller;
use crate::{ApiError, AppState};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dragnet_core::{ReportInput, report::MAX_LINE_BYTES};
use dragnet_extract::Extractor;
use dragnet_store::{AuditEntry, Inserted, NewReport, Role, Scope, StoredReport};
use serde_json::{Value, json};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/reports", post(create))
        .route("/api/v1/reports/{id}", get(show))
        .route(
            "/api/v1/reports/{id}/reporter",
            get(show_reporter).delete(erase_reporter),
        )
}

/// This module's part of the OpenAPI document (see `api/openapi.rs`).
#[derive(OpenApi)]
#[openapi(paths(create, show, show_reporter, erase_reporter))]
pub struct Doc;

/// A report as submitted (FORMATS.md §1). Only `narrative` is required.
#[derive(ToSchema)]
#[allow(
    dead_code,
    reason = "a schema only: dragnet_core::ReportInput parses this"
)]
struct ReportSubmission {
    /// The source's own id, unique per source (generated when absent).
    #[schema(nullable = false, example = "MS-2023-000123", max_length = 256)]
    id: Option<String>,
    /// Default: the caller's organisation.
    #[schema(nullable = false, example = "microsoft-dcu", max_length = 256)]
    source: Option<String>,
    /// RFC 3339.
    #[schema(nullable = false, format = DateTime)]
    received_at: Option<String>,
    #[schema(nullable = false)]
    reporter: Option<ReporterView>,
    #[schema(nullable = false)]
    contact_method: Option<ContactMethodName>,
    #[schema(nullable = false)]
    brand: Option<String>,
    #[schema(min_length = 1)]
    narrative: String,
    #[schema(nullable = false)]
    loss: Option<LossView>,
    #[schema(nullable = false)]
    payment_method: Option<String>,
    #[schema(nullable = false)]
    indicators: Option<Vec<RawIndicatorView>>,
    /// How far other organisations may see it (default: the server's `default_tlp`);
    /// `TLP:`-prefixed and upper-case forms are accepted too.
    #[schema(nullable = false)]
    tlp: Option<TlpName>,
}

/// A TLP 2.0 level (docs/SHARING.md, "TLP of contributions").
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_share::Tlp")]
pub enum TlpName {
    #[schema(rename = "clear")]
    Clear,
    #[schema(rename = "green")]
    Green,
    #[schema(rename = "amber")]
    Amber,
    #[schema(rename = "amber+strict")]
    AmberStrict,
    #[schema(rename = "red")]
    Red,
}

#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code, reason = "a schema only: dragnet_core::ContactMethod")]
enum ContactMethodName {
    PhoneCall,
    Popup,
    Email,
    Sms,
    WebAd,
    Social,
    Other,
}

/// Money lost: a decimal string and an ISO 4217 code.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_core::Money")]
struct LossView {
    #[schema(example = "499.00")]
    amount: String,
    #[schema(example = "EUR")]
    currency: String,
}

/// The victim's personal data (only on the audited `reporter` endpoint).
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_core::Reporter")]
struct ReporterView {
    /// ISO 3166-1 alpha-2.
    #[schema(nullable = false, example = "DE")]
    country: Option<String>,
    #[schema(nullable = false, example = "de")]
    language: Option<String>,
    #[schema(nullable = false)]
    name: Option<String>,
    #[schema(nullable = false)]
    email: Option<String>,
    #[schema(nullable = false)]
    phone: Option<String>,
}

/// Of the reporter, only what aggregates need.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct ReporterPublic {
    #[schema(nullable = false)]
    country: Option<String>,
    #[schema(nullable = false)]
    language: Option<String>,
}

#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code, reason = "a schema only")]
enum StoredStatus {
    Created,
    Duplicate,
}

/// The answer to one report.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: the handler builds this JSON")]
struct ReportStored {
    id: String,
    source: String,
    status: StoredStatus,
    indicators: Vec<IndicatorView>,
}

/// The answer to a JSON Lines batch.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: the handler builds this JSON")]
struct BatchStored {
    created: u64,
    duplicates: u64,
    rejected: u64,
    /// One per non-empty line, in line order.
    results: Vec<BatchLine>,
}

/// One report, or a batch.
#[derive(ToSchema)]
#[serde(untagged)]
#[allow(dead_code, reason = "a schema only")]
enum ReportsPosted {
    One(ReportStored),
    Batch(BatchStored),
}

/// A stored report without the victim's personal data.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: report_json builds this")]
struct ReportView {
    id: String,
    source: String,
    #[schema(nullable = false)]
    received_at: Option<String>,
    imported_at: String,
    #[schema(nullable = false)]
    contact_method: Option<String>,
    #[schema(nullable = false)]
    brand: Option<String>,
    #[schema(nullable = false)]
    payment_method: Option<String>,
    #[schema(nullable = false)]
    loss: Option<LossView>,
    narrative: String,
    /// Indicators as the source stated them.
    #[schema(nullable = false)]
    submitted: Option<Vec<RawIndicatorView>>,
    indicators: Vec<IndicatorView>,
    /// A (sealed) reporter block is stored.
    has_reporter: bool,
    /// The operation it belongs to.
    #[schema(nullable = false)]
    cluster: Option<String>,
    #[schema(nullable = false)]
    reporter: Option<ReporterPublic>,
    tlp: TlpName,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct ReporterAnswer {
    id: String,
    source: String,
    /// Null when there is none or it was erased.
    reporter: Option<ReporterView>,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct Erased {
    id: String,
    source: String,
    erased: bool,
}

/// Parses a report and extracts its indicators, ready to store.
pub fn prepare(extractor: &Extractor, input: ReportInput, default_source: &str) -> NewReport {
    let extraction = extractor.extract_report(&input);
    NewReport::new(input, extraction.indicators, default_source)
}

enum BodyKind {
    Single,
    Lines,
}

fn body_kind(headers: &HeaderMap) -> Result<BodyKind, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Ok(BodyKind::Single),
        "application/x-ndjson"
        | "application/jsonl"
        | "application/jsonlines"
        | "application/json-seq" => Ok(BodyKind::Lines),
        _ => Err(ApiError::unsupported_media_type(if ct.is_empty() {
            "(none)"
        } else {
            &ct
        })),
    }
}

async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        // to_bytes fails for an over-limit body or a broken connection; only the first is
        // the client's doing worth a 413.
        let mut src: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(s) = src {
            if s.is::<http_body_util::LengthLimitError>() {
                return ApiError::too_large(limit);
            }
            src = s.source();
        }
        ApiError::malformed(format!("could not read the request body: {e}"))
    })
}

/// Submits one report (`application/json`) or a JSON Lines batch (`application/x-ndjson`,
/// at most 10,000 lines); answers after the commit.
#[utoipa::path(post, path = "/api/v1/reports", tag = "reports",
    request_body(content(
        (ReportSubmission = "application/json"),
        (String = "application/x-ndjson"),
    )),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Stored", body = ReportStored),
        (status = 200, description = "A duplicate of a stored report, or a batch's outcome", body = ReportsPosted),
        (status = 400, description = "Invalid report, malformed body, or no good line", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `write` scope, or a le_liaison", body = ErrorBody),
        (status = 413, description = "Over 256 KiB (one) or 16 MiB (batch)", body = ErrorBody),
        (status = 415, description = "Another content type", body = ErrorBody),
        (status = 503, description = "The database is unavailable; nothing was stored", body = ErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    caller.need_scope(Scope::Write)?;
    caller.need_role(&[Role::Analyst, Role::OrgAdmin, Role::Admin])?;
    let owner = Some(caller.org_id);
    // Reports that name no source are filed under the organisation's name.
    let default_source = caller.org.clone();
    let kind = body_kind(&headers)?;
    match kind {
        BodyKind::Single => {
            let bytes = read_body(body, MAX_LINE_BYTES).await?;
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| ApiError::malformed("the body is not valid UTF-8"))?;
            let input = ReportInput::from_json_line(text)
                .map_err(|e| ApiError::invalid_field(&e.field, &e.reason))?;
            let tlp = crate::tlp::of_line(text).map_err(|e| ApiError::invalid_field("tlp", &e))?;
            let report = prepare(&state.extractor, input, &default_source)
                .owned_by(owner)
                .marked(tlp.as_str());
            let outcome = state
                .operations
                .store_and_link(state.store.as_ref(), std::slice::from_ref(&report))
                .await?;
            let (status, word) = match outcome.first() {
                Some(Inserted::New(_)) => (StatusCode::CREATED, "created"),
                _ => (StatusCode::OK, "duplicate"),
            };
            Ok((
                status,
                Json(json!({
                    "id": report.id, "source": report.source, "status": word,
                    "indicators": report.indicators,
                })),
            )
                .into_response())
        }
        BodyKind::Lines => {
            let bytes = read_body(body, state.limits.max_body_bytes).await?;
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| ApiError::malformed("the body is not valid UTF-8"))?;
            let mut results: Vec<Value> = Vec::new();
            let mut ready: Vec<(usize, NewReport)> = Vec::new();
            for (n, line) in text.lines().enumerate() {
                let line_no = n + 1;
                if line.trim().is_empty() {
                    continue;
                }
                if ready.len() + results.len() >= state.limits.max_batch_reports {
                    return Err(ApiError::malformed(format!(
                        "a batch holds at most {} reports; split it",
                        state.limits.max_batch_reports
                    )));
                }
                let line = line.trim_start_matches('\u{feff}');
                match (ReportInput::from_json_line(line), crate::tlp::of_line(line)) {
                    (Ok(input), Ok(tlp)) => ready.push((
                        line_no,
                        prepare(&state.extractor, input, &default_source)
                            .owned_by(owner)
                            .marked(tlp.as_str()),
                    )),
                    (Err(e), _) => results.push(json!({
                        "line": line_no, "status": "rejected", "field": e.field, "reason": e.reason
                    })),
                    (Ok(_), Err(reason)) => results.push(json!({
                        "line": line_no, "status": "rejected", "field": "tlp", "reason": reason
                    })),
                }
            }
            if ready.is_empty() {
                return Err(ApiError::batch_rejected(Value::Array(results)));
            }
            let reports: Vec<NewReport> = ready.iter().map(|(_, r)| r.clone()).collect();
            let outcome = state
                .operations
                .store_and_link(state.store.as_ref(), &reports)
                .await?;
            let (mut created, mut dups) = (0usize, 0usize);
            for ((line_no, r), o) in ready.iter().zip(outcome) {
                let word = match o {
                    Inserted::New(_) => {
                        created += 1;
                        "created"
                    }
                    Inserted::Duplicate => {
                        dups += 1;
                        "duplicate"
                    }
                };
                results
                    .push(json!({"line": line_no, "status": word, "id": r.id, "source": r.source}));
            }
            results.sort_by_key(|v| v["line"].as_u64().unwrap_or(0));
            let rejected = results.len() - created - dups;
            Ok((
                StatusCode::OK,
                Json(json!({
                    "created": created, "duplicates": dups, "rejected": rejected, "results": results
                })),
            )
                .into_response())
        }
    }
}

#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ShowQuery {
    /// The source, when several use the id.
    source: Option<String>,
}

/// The public JSON form of a stored report: its body and indicators, never the reporter's
/// personal data (only country and language, which aggregate views need).
pub fn report_json(r: &StoredReport) -> Value {
    let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
    if let Value::Object(o) = &mut v {
        let mut reporter = serde_json::Map::new();
        if let Some(c) = o.remove("country") {
            reporter.insert("country".into(), c);
        }
        if let Some(l) = o.remove("language") {
            reporter.insert("language".into(), l);
        }
        if !reporter.is_empty() {
            o.insert("reporter".into(), Value::Object(reporter));
        }
    }
    v
}

/// The one report `id` (in `source`) this caller may see. Reports of other organisations
/// answer 404 as if they did not exist: their existence is not the caller's business.
async fn visible_report(
    state: &AppState,
    caller: &Caller,
    id: &str,
    source: Option<&str>,
) -> Result<StoredReport, ApiError> {
    if !caller.role.reads_own_reports() {
        return Err(ApiError::forbidden(&format!(
            "the role `{}` does not read reports",
            caller.role
        )));
    }
    let found: Vec<StoredReport> = state
        .store
        .get_reports(source, id)
        .await?
        .into_iter()
        .filter(|r| caller.sees_report(r))
        .collect();
    match found.len() {
        0 => Err(ApiError::not_found(&format!("report `{id}`"))),
        1 => Ok(found
            .into_iter()
            .next()
            .unwrap_or_else(|| unreachable!("one element"))),
        n => Err(ApiError::ambiguous(format!(
            "{n} sources have a report `{id}`; add ?source= one of: {}",
            found
                .iter()
                .map(|r| r.source.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// One report of the caller's organisation (admins: any), without the victim's data.
#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "reports",
    params(("id" = String, Path, description = "The source's report id"), ShowQuery),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The report", body = ReportView),
        (status = 400, description = "A bad parameter", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "The role reads no reports, or no `read` scope", body = ErrorBody),
        (status = 404, description = "No such report the caller may see", body = ErrorBody),
        (status = 409, description = "Several sources use the id: add `source`", body = ErrorBody),
    ))]
async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    let r = visible_report(&state, &caller, &id, q.source.as_deref()).await?;
    Ok(Json(report_json(&r)))
}

#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PersonalQuery {
    /// The source, when several use the id.
    source: Option<String>,
    /// Why the victim's data is needed (recorded in the audit log).
    purpose: Option<String>,
}

/// The query of `GET …/reporter`, where the purpose is required (documentation only: the
/// handler reads [`PersonalQuery`] and answers a missing purpose with `invalid_field`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "a schema only")]
struct ViewQuery {
    /// The source, when several use the id.
    source: Option<String>,
    /// Why the victim's data is needed (recorded in the audit log).
    #[param(required = true, min_length = 1)]
    purpose: String,
}

fn audit_entry(
    caller: &Caller,
    action: &str,
    r: &StoredReport,
    purpose: Option<String>,
) -> AuditEntry {
    AuditEntry {
        at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        org_id: r.org_id,
        actor: caller.email.clone(),
        action: action.into(),
        target: format!("report {}/{}", r.source, r.id),
        purpose,
    }
}

/// The victim's personal data of one report: own organisation only, with a stated purpose,
/// logged before it is shown.
#[utoipa::path(get, path = "/api/v1/reports/{id}/reporter", tag = "reports",
    params(("id" = String, Path, description = "The source's report id"), ViewQuery),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The victim's personal data (audited)", body = ReporterAnswer),
        (status = 400, description = "No purpose, or a bad parameter", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "The role reads no reports, or no `read` scope", body = ErrorBody),
        (status = 404, description = "No such report the caller may see", body = ErrorBody),
        (status = 409, description = "Several sources use the id: add `source`", body = ErrorBody),
    ))]
async fn show_reporter(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<PersonalQuery>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    let purpose = q.purpose.filter(|p| !p.trim().is_empty()).ok_or_else(|| {
        ApiError::invalid_field("purpose", "state why the victim's personal data is needed")
    })?;
    let r = visible_report(&state, &caller, &id, q.source.as_deref()).await?;
    state
        .accounts
        .audit(&audit_entry(
            &caller,
            "view_personal_data",
            &r,
            Some(purpose),
        ))
        .await?;
    let reporter = state.store.reporter(r.seq).await?;
    Ok(Json(
        json!({"id": r.id, "source": r.source, "reporter": reporter}),
    ))
}

/// Erasure on request: removes the victim's personal data, keeps the indicators.
#[utoipa::path(delete, path = "/api/v1/reports/{id}/reporter", tag = "reports",
    params(("id" = String, Path, description = "The source's report id"), PersonalQuery),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Erased (audited); indicators stay", body = Erased),
        (status = 400, description = "A bad parameter", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "The role reads no reports, or no `write` scope", body = ErrorBody),
        (status = 404, description = "No such report the caller may see", body = ErrorBody),
        (status = 409, description = "Several sources use the id: add `source`", body = ErrorBody),
    ))]
async fn erase_reporter(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<PersonalQuery>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Write)?;
    let r = visible_report(&state, &caller, &id, q.source.as_deref()).await?;
    state.store.erase_reporter(r.seq).await?;
    if let Some(dir) = crate::pages::uploads_dir()
        && let Err(e) = crate::pages::upload::erase(&dir, &r.source, &r.id)
    {
        tracing::error!(error = %e, report = %r.id, "could not erase the report's screenshots");
        return Err(ApiError::internal());
    }
    state
        .accounts
        .audit(&audit_entry(&caller, "erase_personal_data", &r, q.purpose))
        .await?;
    Ok(Json(
        json!({"id": r.id, "source": r.source, "erased": true}),
    ))
}
