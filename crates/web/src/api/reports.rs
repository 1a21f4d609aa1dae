//! `POST /api/v1/reports` (one report, or a JSON Lines batch) and
//! `GET /api/v1/reports/{id}`.
//!
//! A POST answers only after the reports are committed to the database, so an id in a
//! response is a promise that the report is stored. In a batch, bad lines are reported with
//! their line number and field and never keep the good lines from being stored.

use crate::auth::Caller;
use crate::{ApiError, AppState};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dragnet_core::{ReportInput, report::MAX_LINE_BYTES};
use dragnet_extract::Extractor;
use dragnet_store::{AuditEntry, Inserted, NewReport, Role, Scope, StoredReport};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/reports", post(create))
        .route("/api/v1/reports/{id}", get(show))
        .route(
            "/api/v1/reports/{id}/reporter",
            get(show_reporter).delete(erase_reporter),
        )
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
            let report = prepare(&state.extractor, input, &default_source).owned_by(owner);
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
                match ReportInput::from_json_line(line.trim_start_matches('\u{feff}')) {
                    Ok(input) => ready.push((
                        line_no,
                        prepare(&state.extractor, input, &default_source).owned_by(owner),
                    )),
                    Err(e) => results.push(json!({
                        "line": line_no, "status": "rejected", "field": e.field, "reason": e.reason
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

#[derive(serde::Deserialize)]
struct ShowQuery {
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

#[derive(serde::Deserialize)]
struct PersonalQuery {
    source: Option<String>,
    /// Why the victim's data is needed (recorded in the audit log).
    purpose: Option<String>,
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
