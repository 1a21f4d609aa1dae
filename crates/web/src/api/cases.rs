//! Referral cases (docs/REFERRALS.md): `GET/POST /api/v1/cases`, `GET /api/v1/cases/{id}`
//! (with its log, comments, outcomes), `POST …/status`, `…/refer`, `…/comments`,
//! `…/outcomes`, `GET …/package?agency=` (the signed evidence zip, built by
//! `dragnet_store::referral::build_package` like `dragnet referral build`), and the public
//! `GET /.well-known/dragnet-referral-key?org=NAME` a recipient verifies packages with.
//!
//! Who sees what: analysts and org_admins their organisation's cases (read and write);
//! `le_liaison` users the cases referred to their agency, an agency being known by the
//! liaison's organisation name (a liaison of organisation `CBI` sees cases referred to
//! `CBI`), read-only except acknowledging, moving to `action`, commenting, recording
//! outcomes and downloading the package built for that agency; admins everything. A case the
//! caller may not see is answered 404, exactly like one that does not exist.

use crate::api::extract::{Json as JsonBody, Path, Query};
use crate::api::openapi::ErrorBody;
use crate::auth::Caller;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use dragnet_store::cases::NewOutcome;
use dragnet_store::{AuditEntry, Case, CaseFilter, CaseStatus, CaseStore, Role, Scope, SqlStore};
use serde_json::{Value, json};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cases", get(list).post(open))
        .route("/api/v1/cases/{id}", get(show))
        .route("/api/v1/cases/{id}/status", post(status))
        .route("/api/v1/cases/{id}/refer", post(refer))
        .route("/api/v1/cases/{id}/comments", post(comment))
        .route("/api/v1/cases/{id}/outcomes", post(outcome))
        .route("/api/v1/cases/{id}/package", get(package))
        .route("/api/v1/cases/{id}/assign", post(assign))
        .route("/api/v1/cases/{id}/attachments", post(attach))
        .route("/api/v1/cases/{id}/attachments/{name}", get(attachment))
        .route("/api/v1/cases/{id}/marks", post(mark))
        .route("/api/v1/cases/{id}/releases", post(release))
        .route("/api/v1/outcomes", get(totals))
        .route("/.well-known/dragnet-referral-key", get(referral_key))
}

/// This module's part of the OpenAPI document (see `api/openapi.rs`).
#[derive(OpenApi)]
#[openapi(paths(
    list, open, show, status, refer, comment, outcome, package, assign, attach, attachment, mark,
    release, totals
))]
pub struct Doc;

fn sql(state: &AppState) -> Result<&SqlStore, ApiError> {
    state.store.as_sql().ok_or_else(|| {
        ApiError::from(dragnet_store::StoreError::Invalid(
            "cases need the SQL store".into(),
        ))
    })
}

/// May see the case at all.
pub(crate) fn sees(caller: &Caller, c: &Case) -> bool {
    match caller.role {
        Role::Admin => true,
        Role::LeLiaison => c.agency.as_deref() == Some(caller.org.as_str()),
        Role::Analyst | Role::OrgAdmin => c.org_id == caller.org_id,
    }
}

/// Owns the case: may change it in every way.
pub(crate) fn owns(caller: &Caller, c: &Case) -> bool {
    caller.role == Role::Admin
        || (matches!(caller.role, Role::Analyst | Role::OrgAdmin) && c.org_id == caller.org_id)
}

/// The cases a caller's role lists: its organisation's, its agency's (liaisons), or all.
pub(crate) fn case_filter(caller: &Caller) -> CaseFilter {
    match caller.role {
        Role::Admin => CaseFilter::default(),
        Role::LeLiaison => CaseFilter {
            org_id: None,
            agency: Some(caller.org.clone()),
        },
        Role::Analyst | Role::OrgAdmin => CaseFilter {
            org_id: Some(caller.org_id),
            agency: None,
        },
    }
}

/// The case's operations as they are now (merged ones by their surviving id).
fn current_operations(engine: &dragnet_cluster::Engine, c: &Case) -> Vec<String> {
    c.operations
        .iter()
        .filter_map(|o| engine.resolve(o))
        .collect()
}

/// `CASE-0007` or `7`.
pub(crate) fn parse_id(s: &str) -> Option<i64> {
    s.trim()
        .trim_start_matches("CASE-")
        .trim_start_matches("case-")
        .parse()
        .ok()
}

/// The case, if the caller may see it; 404 otherwise (never telling which).
pub(crate) async fn visible(state: &AppState, caller: &Caller, id: &str) -> Result<Case, ApiError> {
    let not_found = || ApiError::not_found(&format!("case `{id}`"));
    let n = parse_id(id).ok_or_else(not_found)?;
    match sql(state)?.case(n).await? {
        Some(c) if sees(caller, &c) => Ok(c),
        _ => Err(not_found()),
    }
}

pub(crate) async fn audit(
    state: &AppState,
    caller: &Caller,
    c: &Case,
    action: &str,
    purpose: Option<String>,
) -> Result<(), ApiError> {
    state
        .accounts
        .audit(&AuditEntry {
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            org_id: Some(c.org_id),
            actor: caller.email.clone(),
            action: action.into(),
            target: c.reference.clone(),
            purpose,
        })
        .await?;
    Ok(())
}

/// A case (without log): `id`, `reference` (`CASE-0007`), `org`, `title`, `status`,
/// `operations`, `assignee`, `agency`, `agreement`, `referred_at`, `created_by`, times.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_store::Case")]
struct CaseView {
    id: i64,
    #[schema(example = "CASE-0007")]
    reference: String,
    org_id: i64,
    org: String,
    title: String,
    /// draft, ready, referred, acknowledged, action, closed.
    status: String,
    operations: Vec<String>,
    #[schema(nullable = false)]
    assignee: Option<String>,
    #[schema(nullable = false)]
    agency: Option<String>,
    #[schema(nullable = false)]
    agreement: Option<String>,
    #[schema(nullable = false)]
    referred_at: Option<String>,
    created_by: String,
    created_at: String,
    updated_at: String,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct CaseList {
    count: u64,
    cases: Vec<CaseView>,
}

/// One case with its log (chain of custody), comments, outcomes, files, indicator actions
/// and (owners only) releases of personal data.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct CaseDetail {
    #[schema(inline)]
    case: CaseView,
    #[schema(value_type = Vec<Object>)]
    log: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    comments: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    outcomes: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    attachments: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    actions: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    releases: Vec<Value>,
}

/// Cases the caller may see, oldest first.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases",
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Own organisation's cases (liaisons: referred to their agency; admins: all)", body = CaseList),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `read` scope", body = ErrorBody),
    ))]
async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    let filter = case_filter(&caller);
    let cases: Vec<Case> = sql(&state)?
        .list_cases(&filter)
        .await?
        .into_iter()
        .filter(|c| sees(&caller, c))
        .collect();
    Ok(Json(json!({"count": cases.len(), "cases": cases})))
}

#[derive(serde::Deserialize, ToSchema)]
struct OpenBody {
    /// Operation ids the caller may see.
    operations: Vec<String>,
    title: String,
}

/// Opens a case (draft) for the caller's organisation from one or more operations.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases",
    request_body = OpenBody,
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "The new case", body = CaseView),
        (status = 400, description = "No title or operations", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `write` scope, or a liaison", body = ErrorBody),
        (status = 404, description = "An operation the caller cannot see", body = ErrorBody),
    ))]
async fn open(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(b): JsonBody<OpenBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.need_scope(Scope::Write)?;
    caller.need_role(&[Role::Analyst, Role::OrgAdmin, Role::Admin])?;
    let mut ops = Vec::new();
    for op in &b.operations {
        let summary = {
            let engine = state.operations.read();
            engine.resolve(op).and_then(|c| engine.summary(&c))
        };
        let Some(s) =
            summary.and_then(|s| crate::api::clusters::visible_summary(&state, &caller, s, 2))
        else {
            return Err(ApiError::not_found(&format!("operation `{op}`")));
        };
        ops.push(s.cluster);
    }
    let c = sql(&state)?
        .open_case(caller.org_id, &caller.email, &b.title, &ops)
        .await?;
    audit(&state, &caller, &c, "open_case", None).await?;
    Ok((StatusCode::CREATED, Json(json!(c))))
}

async fn detail(state: &AppState, caller: &Caller, c: Case) -> Result<Value, ApiError> {
    let s = sql(state)?;
    let log = s.case_events(c.id).await?;
    let comments: Vec<_> = log.iter().filter(|e| e.action == "comment").collect();
    let outcomes = s.outcomes(c.id).await?;
    let attachments = s.attachments(c.id).await?;
    let actions = s.indicator_actions(Some(c.id)).await?;
    let releases = if owns(caller, &c) {
        json!(s.releases(c.id).await?)
    } else {
        json!([])
    };
    Ok(json!({
        "case": c, "log": log, "comments": comments, "outcomes": outcomes,
        "attachments": attachments, "actions": actions, "releases": releases,
    }))
}

/// One case with its log, comments and outcomes (audited).
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7")),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The case", body = CaseDetail),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `read` scope", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
    ))]
async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    let c = visible(&state, &caller, &id).await?;
    audit(&state, &caller, &c, "view_case", None).await?;
    Ok(Json(detail(&state, &caller, c).await?))
}

#[derive(serde::Deserialize, ToSchema)]
struct StatusBody {
    /// ready, draft, acknowledged, action, closed (use `/refer` to refer).
    status: String,
}

/// Moves a case along its workflow. Liaisons: `acknowledged` and `action` only.
#[utoipa::path(post, path = "/api/v1/cases/{id}/status", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7")),
    request_body = StatusBody,
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The case", body = CaseView),
        (status = 400, description = "Not a status, or a step the workflow forbids", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `write` scope, or a step this role may not take", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
        (status = 409, description = "Changed meanwhile", body = ErrorBody),
    ))]
async fn status(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<StatusBody>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Write)?;
    let c = visible(&state, &caller, &id).await?;
    let to: CaseStatus = b
        .status
        .parse()
        .map_err(|e: String| ApiError::invalid_field("status", &e))?;
    if to == CaseStatus::Referred {
        return Err(ApiError::invalid_field(
            "status",
            "refer with POST /api/v1/cases/{id}/refer (it names the agency)",
        ));
    }
    let liaison_step = matches!(to, CaseStatus::Acknowledged | CaseStatus::Action);
    if !owns(&caller, &c) && !liaison_step {
        return Err(ApiError::forbidden(&format!(
            "the role `{}` may only acknowledge a case or move it to action",
            caller.role
        )));
    }
    let c = sql(&state)?
        .transition(c.id, &caller.email, to, None, None)
        .await?;
    Ok(Json(json!(c)))
}

#[derive(serde::Deserialize, ToSchema)]
struct ReferBody {
    agency: String,
    /// The agreement the referral is made under.
    agreement: Option<String>,
}

/// Refers a ready case to an agency (owners only).
#[utoipa::path(post, path = "/api/v1/cases/{id}/refer", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7")),
    request_body = ReferBody,
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The case, referred", body = CaseView),
        (status = 400, description = "Not ready, or no agency", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `write` scope, or not the owning organisation", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
        (status = 409, description = "Changed meanwhile", body = ErrorBody),
    ))]
async fn refer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<ReferBody>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Write)?;
    let c = visible(&state, &caller, &id).await?;
    if !owns(&caller, &c) {
        return Err(ApiError::forbidden(
            "only the owning organisation refers a case",
        ));
    }
    let c = sql(&state)?
        .transition(
            c.id,
            &caller.email,
            CaseStatus::Referred,
            Some(&b.agency),
            b.agreement.as_deref(),
        )
        .await?;
    Ok(Json(json!(c)))
}

#[derive(serde::Deserialize, ToSchema)]
struct CommentBody {
    text: String,
}

/// Adds a comment (logged).
#[utoipa::path(post, path = "/api/v1/cases/{id}/comments", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7")),
    request_body = CommentBody,
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Recorded", body = Object),
        (status = 400, description = "An empty or too long comment", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `write` scope", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
    ))]
async fn comment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<CommentBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.need_scope(Scope::Write)?;
    let c = visible(&state, &caller, &id).await?;
    sql(&state)?.comment(c.id, &caller.email, &b.text).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"case": c.reference, "comment": b.text})),
    ))
}

/// An outcome: `kind` (raid, arrests, accounts_frozen, numbers_disconnected,
/// domains_taken_down, money_recovered, conviction), `date` (YYYY-MM-DD), `place`, `count`,
/// `amount`, `currency`, `note`.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_store::cases::NewOutcome")]
struct OutcomeBody {
    kind: String,
    date: String,
    place: Option<String>,
    count: Option<i64>,
    amount: Option<String>,
    currency: Option<String>,
    note: Option<String>,
}

/// Records an outcome (owners, and the liaison of the agency it was referred to).
#[utoipa::path(post, path = "/api/v1/cases/{id}/outcomes", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7")),
    request_body = OutcomeBody,
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Recorded", body = Object),
        (status = 400, description = "A bad kind, date or figure", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `write` scope", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
    ))]
async fn outcome(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(o): JsonBody<NewOutcome>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.need_scope(Scope::Write)?;
    let c = visible(&state, &caller, &id).await?;
    sql(&state)?.record_outcome(c.id, &caller.email, &o).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"case": c.reference, "outcome": o})),
    ))
}

#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PackageQuery {
    /// The agency the package is for (the case's, once referred; a liaison's own).
    agency: String,
    /// TLP 2.0 marking: clear, green, amber (default), amber+strict, red.
    tlp: Option<String>,
}

/// `Accept: application/json`: the manifest and the zip in base64.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct PackageJson {
    #[schema(value_type = Object)]
    manifest: Value,
    /// The zip, base64.
    zip_base64: String,
    public_key: String,
    fingerprint: String,
}

/// Builds and downloads the case's signed evidence package (audited, logged in the case).
#[utoipa::path(get, path = "/api/v1/cases/{id}/package", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7"), PackageQuery),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The zip (`application/zip`), or with `Accept: application/json` its manifest and bytes",
            content((Vec<u8> = "application/zip"), (PackageJson = "application/json"))),
        (status = 400, description = "Another agency than the case's, or a bad marking", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `read` scope, or a liaison asking for another agency", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
    ))]
async fn package(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<PackageQuery>,
) -> Result<Response, ApiError> {
    caller.need_scope(Scope::Read)?;
    let c = visible(&state, &caller, &id).await?;
    if !owns(&caller, &c) && q.agency != caller.org {
        return Err(ApiError::forbidden(
            "a liaison downloads only the package built for its own agency",
        ));
    }
    let tlp: dragnet_share::Tlp = q
        .tlp
        .as_deref()
        .unwrap_or("amber")
        .parse()
        .map_err(|e: String| ApiError::invalid_parameter(&format!("tlp: {e}")))?;
    let built = dragnet_store::referral::build_package(
        sql(&state)?,
        &state.operations,
        &c,
        &q.agency,
        &caller.email,
        tlp,
        "download_referral",
    )
    .await?;
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if wants_json {
        return Ok(Json(json!({
            "manifest": built.package.manifest,
            "zip_base64": base64::engine::general_purpose::STANDARD.encode(&built.package.zip),
            "public_key": built.key.to_string(),
            "fingerprint": built.key.fingerprint(),
        }))
        .into_response());
    }
    Ok(zip_download(&c, &q.agency, built.package.zip))
}

/// The package as a download: `CASE-0007-CBI.zip`, never cached.
pub(crate) fn zip_download(c: &Case, agency: &str, zip: Vec<u8>) -> Response {
    let name = format!(
        "{}-{}.zip",
        c.reference,
        agency.replace(|ch: char| !ch.is_ascii_alphanumeric(), "_")
    );
    (
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        zip,
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct KeyQuery {
    org: String,
    /// `json` for `{org, public_key, fingerprint}`; plain text otherwise.
    format: Option<String>,
}

/// `GET /.well-known/dragnet-referral-key?org=NAME[&format=json]`: the organisation's public
/// referral-signing key, no credentials needed (it is meant to be published). Text:
/// `ed25519:BASE64` then `fingerprint …`.
async fn referral_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<KeyQuery>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::not_found(&format!("a referral key of organisation `{}`", q.org));
    let org = state
        .accounts
        .org_by_name(&q.org)
        .await?
        .ok_or_else(not_found)?;
    let key = sql(&state)?
        .org_public_key(org.id)
        .await?
        .ok_or_else(not_found)?;
    let json = q.format.as_deref() == Some("json")
        || headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("application/json"));
    if json {
        return Ok(Json(json!({
            "org": org.name, "public_key": key.to_string(), "fingerprint": key.fingerprint(),
        }))
        .into_response());
    }
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{key}\nfingerprint {}\n", key.fingerprint()),
    )
        .into_response())
}

/// Files attached to a case are evidence, not bulk data: at most 10 MiB each.
pub(crate) const MAX_ATTACHMENT_BYTES: usize = 10 << 20;

#[derive(serde::Deserialize, ToSchema)]
struct AssignBody {
    /// Who works the case (an e-mail address or a name).
    assignee: String,
}

/// Assigns the case (owners only; logged).
#[utoipa::path(post, path = "/api/v1/cases/{id}/assign", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7")),
    request_body = AssignBody,
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The case", body = CaseView),
        (status = 400, description = "An empty or too long assignee", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `write` scope, or not the owning organisation", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
    ))]
async fn assign(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<AssignBody>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Write)?;
    let c = visible(&state, &caller, &id).await?;
    if !owns(&caller, &c) {
        return Err(ApiError::forbidden(
            "only the owning organisation assigns a case",
        ));
    }
    let s = sql(&state)?;
    s.assign(c.id, &caller.email, &b.assignee).await?;
    let c = s
        .case(c.id)
        .await?
        .ok_or_else(|| ApiError::not_found(&format!("case `{id}`")))?;
    Ok(Json(json!(c)))
}

#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct AttachQuery {
    /// The file's name (no `/`, `\` or `..`), unique within the case.
    name: String,
}

/// An attached file: `name`, `sha256`, `bytes`, `added_by`, `added_at`.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_store::CaseAttachment")]
struct AttachmentView {
    name: String,
    sha256: String,
    bytes: u64,
    added_by: String,
    added_at: String,
}

/// Attaches a file (the request body, any type, at most 10 MiB) to the case, with its
/// SHA-256 in the case's log; it travels in the evidence package. Owners only.
#[utoipa::path(post, path = "/api/v1/cases/{id}/attachments", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7"), AttachQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Attached", body = AttachmentView),
        (status = 400, description = "A bad file name", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `write` scope, or not the owning organisation", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
        (status = 409, description = "The case has a file of that name", body = ErrorBody),
        (status = 413, description = "Over 10 MiB", body = ErrorBody),
    ))]
async fn attach(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<AttachQuery>,
    body: axum::body::Body,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.need_scope(Scope::Write)?;
    let c = visible(&state, &caller, &id).await?;
    if !owns(&caller, &c) {
        return Err(ApiError::forbidden(
            "only the owning organisation attaches files to a case",
        ));
    }
    let bytes = axum::body::to_bytes(body, MAX_ATTACHMENT_BYTES)
        .await
        .map_err(|_| ApiError::too_large(MAX_ATTACHMENT_BYTES))?;
    let a = sql(&state)?
        .attach(c.id, &caller.email, &q.name, &bytes)
        .await?;
    Ok((StatusCode::CREATED, Json(json!(a))))
}

/// Downloads an attached file (audited).
#[utoipa::path(get, path = "/api/v1/cases/{id}/attachments/{name}", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7"),
        ("name" = String, Path, description = "The file's name")),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The file", content((Vec<u8> = "application/octet-stream"))),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `read` scope", body = ErrorBody),
        (status = 404, description = "No such case or file the caller may see", body = ErrorBody),
    ))]
async fn attachment(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    caller.need_scope(Scope::Read)?;
    let c = visible(&state, &caller, &id).await?;
    let Some(a) = sql(&state)?
        .attachments(c.id)
        .await?
        .into_iter()
        .find(|a| a.name == name)
    else {
        return Err(ApiError::not_found(&format!(
            "file `{name}` of {}",
            c.reference
        )));
    };
    audit(
        &state,
        &caller,
        &c,
        "download_attachment",
        Some(a.name.clone()),
    )
    .await?;
    let safe = a.name.replace(
        |ch: char| !(ch.is_ascii_alphanumeric() || ".-_".contains(ch)),
        "_",
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        a.content,
    )
        .into_response())
}

#[derive(serde::Deserialize, ToSchema)]
struct MarkBody {
    /// phone, domain, url, email, remote_access_id, crypto_wallet, iban, gift_card…
    #[serde(rename = "type")]
    ty: String,
    /// The normalised value (as the operation lists it).
    value: String,
    /// What was done: "number disconnected", "domain taken down", "account frozen"…
    action: String,
    /// YYYY-MM-DD.
    date: String,
}

/// Marks one of the case's indicators as acted upon ("number disconnected on 2023-10-20");
/// the mark shows wherever the indicator does. Owners and the agency's liaisons.
#[utoipa::path(post, path = "/api/v1/cases/{id}/marks", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7")),
    request_body = MarkBody,
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Recorded", body = Object),
        (status = 400, description = "A bad type, date, or a value not in the case's operations", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `write` scope", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
    ))]
async fn mark(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<MarkBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.need_scope(Scope::Write)?;
    let c = visible(&state, &caller, &id).await?;
    mark_case_indicator(&state, &caller, &c, &b.ty, &b.value, &b.action, &b.date).await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({"case": c.reference, "type": b.ty, "value": b.value.trim(),
            "action": b.action.trim(), "date": b.date}),
        ),
    ))
}

/// Marks an indicator of the case's operations as acted upon: the value must be one the
/// operations hold (written the way they hold it, or in a form the extractor normalises
/// to it), so that a typo does not mark nothing.
pub(crate) async fn mark_case_indicator(
    state: &AppState,
    caller: &Caller,
    c: &Case,
    ty: &str,
    value: &str,
    action: &str,
    date: &str,
) -> Result<(), ApiError> {
    let t: dragnet_core::IndicatorType = ty
        .parse()
        .map_err(|e: String| ApiError::invalid_field("type", &e))?;
    // As the operation lists it, or as the extractor writes it (`1-888-555-0147` is
    // `+18885550147`).
    let value = {
        let raw = dragnet_core::RawIndicator {
            ty: t,
            value: value.trim().to_string(),
        };
        let held = !state
            .operations
            .read()
            .value_operations(t, &raw.value)
            .is_empty();
        match state
            .extractor
            .normalise(&raw, &dragnet_extract::Context::default())
        {
            Ok(i) if !held => i.value,
            _ => raw.value,
        }
    };
    let value = value.as_str();
    let held = {
        let engine = state.operations.read();
        let ops = current_operations(&engine, c);
        engine
            .value_operations(t, value)
            .iter()
            .filter_map(|o| engine.resolve(o))
            .any(|o| ops.contains(&o))
    };
    if !held {
        return Err(ApiError::invalid_field(
            "value",
            &format!(
                "`{value}` is not a {ty} of the case's operations ({}); use the value as the operation lists it",
                c.operations.join(", ")
            ),
        ));
    }
    sql(state)?
        .mark_indicator(c.id, &caller.email, ty, value, action, date)
        .await?;
    Ok(())
}

#[derive(serde::Deserialize, ToSchema)]
struct ReleaseBody {
    /// The report's source (organisation's source name) and id.
    source: String,
    report_id: String,
    /// Why the victim's personal data goes to the agency (recorded in the case's log).
    reason: String,
}

/// Releases one of the organisation's own reports' personal data for the agency the case
/// is referred to: the evidence package then carries that victim's name and contact details.
/// Owners only; only their own reports in the case's operations; audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/releases", tag = "cases",
    params(("id" = String, Path, description = "CASE-0007 or 7")),
    request_body = ReleaseBody,
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Recorded", body = Object),
        (status = 400, description = "Not referred yet, no reason, or a report not in the case", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `write` scope, or not the owning organisation", body = ErrorBody),
        (status = 404, description = "No such case the caller may see", body = ErrorBody),
    ))]
async fn release(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(b): JsonBody<ReleaseBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.need_scope(Scope::Write)?;
    let c = visible(&state, &caller, &id).await?;
    release_report(&state, &caller, &c, &b.source, &b.report_id, &b.reason).await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({"case": c.reference, "source": b.source, "report_id": b.report_id,
            "agency": c.agency}),
        ),
    ))
}

/// Records a release after checking who may make it and of which report.
pub(crate) async fn release_report(
    state: &AppState,
    caller: &Caller,
    c: &Case,
    source: &str,
    report_id: &str,
    reason: &str,
) -> Result<(), ApiError> {
    if !owns(caller, c) {
        return Err(ApiError::forbidden(
            "only the owning organisation releases its victims' data",
        ));
    }
    let Some(agency) = c.agency.clone() else {
        return Err(ApiError::invalid_field(
            "agency",
            "the case is not referred yet: personal data is released for the agency it goes to",
        ));
    };
    let key = format!("{}/{}", source.trim(), report_id.trim());
    let in_case = {
        let engine = state.operations.read();
        let ops = current_operations(&engine, c);
        engine
            .cluster_of(&key)
            .and_then(|o| engine.resolve(&o))
            .is_some_and(|o| ops.contains(&o))
    };
    // Another organisation's report is answered exactly like a missing one.
    if !in_case || state.operations.owner_of(&key) != Some(c.org_id) {
        return Err(ApiError::invalid_field(
            "report_id",
            &format!("no report `{key}` of {} in the case's operations", c.org),
        ));
    }
    sql(state)?
        .release(
            c.id,
            &caller.email,
            source.trim(),
            report_id.trim(),
            &agency,
            reason,
        )
        .await?;
    audit(
        state,
        caller,
        c,
        "release_personal_data",
        Some(format!("{key} for {agency}: {}", reason.trim())),
    )
    .await
}

/// Outcome figures: `own` over the caller's organisation's cases (liaisons: the cases
/// referred to their agency are not summed here), `all` over every organisation's.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_store::OutcomeTotals")]
struct OutcomeFigures {
    cases: i64,
    referred: i64,
    raids: i64,
    arrests: i64,
    accounts_frozen: i64,
    numbers_disconnected: i64,
    domains_taken_down: i64,
    convictions: i64,
    /// Money recovered per currency (decimal strings).
    #[schema(value_type = Object)]
    recovered: std::collections::BTreeMap<String, String>,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct OutcomesView {
    own: OutcomeFigures,
    all: OutcomeFigures,
}

/// What referrals led to: raids, arrests, accounts frozen, numbers disconnected, domains
/// taken down, money recovered, convictions; for the caller's organisation and overall.
#[utoipa::path(get, path = "/api/v1/outcomes", tag = "cases",
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Own and overall figures", body = OutcomesView),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `read` scope", body = ErrorBody),
    ))]
async fn totals(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    let s = sql(&state)?;
    let own = s.outcome_totals(Some(caller.org_id)).await?;
    let all = s.outcome_totals(None).await?;
    Ok(Json(json!({"own": own, "all": all})))
}
