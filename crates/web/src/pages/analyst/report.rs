//! `GET /app/reports/{source}/{id}`: one of the organisation's reports (narrative, fields,
//! indicators, operation), without the victim's personal data. The victim's name, e-mail
//! and phone appear only after `POST …/reporter` with a stated purpose, written to the audit
//! log before they are shown (as `GET /api/v1/reports/{id}/reporter?purpose=`). `POST …/erase`
//! erases them (erasure on request; the indicators stay), also audited.
//!
//! Another organisation's report answers 404 exactly like one that does not exist (as the
//! API): its existence is not the caller's to know. What may be known of it, its shared
//! values and counts, is on the operation page.

use super::{Frame, Signed, check_csrf, encode, failure, problem, render};
use crate::AppState;
use crate::auth::Caller;
use crate::pages::{Pages, Visit};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use dragnet_core::Reporter;
use dragnet_store::{AuditEntry, Scope, StoredReport};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct IndRow {
    pub ty: &'static str,
    pub value: String,
    pub raw: String,
    pub warning: String,
    pub search: String,
}

#[derive(Template)]
#[template(path = "analyst/report.html")]
struct ReportPage {
    f: Option<Frame>,
    r: StoredReport,
    base: String,
    loss: String,
    operation: String,
    indicators: Vec<IndRow>,
    reporter: Option<Reporter>,
    purpose: String,
    error: String,
    erased: bool,
    csrf: String,
}

async fn find(
    state: &AppState,
    caller: &Caller,
    source: &str,
    id: &str,
) -> Result<Option<StoredReport>, crate::ApiError> {
    Ok(state
        .store
        .get_reports(Some(source), id)
        .await?
        .into_iter()
        .find(|r| caller.sees_report(r)))
}

fn not_found(v: &Visit, f: Frame, source: &str, id: &str) -> Response {
    problem(
        v,
        Some(f),
        StatusCode::NOT_FOUND,
        "No such report",
        &format!("Your organisation has no report `{id}` from `{source}`."),
    )
}

fn page(
    state: &AppState,
    f: Frame,
    r: StoredReport,
    reporter: Option<Reporter>,
    purpose: String,
    error: String,
    erased: bool,
) -> ReportPage {
    let key = format!("{}/{}", r.source, r.id);
    let operation = state.operations.read().cluster_of(&key).unwrap_or_default();
    let loss = r
        .loss
        .as_ref()
        .map(|l| {
            format!(
                "{} {}",
                l["amount"].as_str().unwrap_or(""),
                l["currency"].as_str().unwrap_or("")
            )
        })
        .unwrap_or_default();
    let indicators = r
        .indicators
        .iter()
        .map(|i| IndRow {
            ty: i.ty.as_str(),
            value: i.value.clone(),
            raw: i.raw.clone(),
            warning: i.warning.clone().unwrap_or_default(),
            search: format!("/app/search?type={}&q={}", i.ty.as_str(), encode(&i.value)),
        })
        .collect();
    ReportPage {
        csrf: f.csrf.clone(),
        f: Some(f),
        base: format!("/app/reports/{}/{}", encode(&r.source), encode(&r.id)),
        r,
        loss,
        operation,
        indicators,
        reporter,
        purpose,
        error,
        erased,
    }
}

#[derive(serde::Deserialize, Default)]
pub struct ShowQuery {
    erased: Option<String>,
}

fn may_read(v: &Visit, f: &Frame, caller: &Caller) -> Result<(), Response> {
    if caller.role.reads_own_reports() {
        Ok(())
    } else {
        Err(problem(
            v,
            Some(f.clone()),
            StatusCode::FORBIDDEN,
            "Not available to your role",
            &format!(
                "The role `{}` does not read reports; operations show them as aggregates.",
                caller.role
            ),
        ))
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Path((source, id)): Path<(String, String)>,
    Query(q): Query<ShowQuery>,
) -> Response {
    let f = Frame::new(&caller, &v, &pages, "");
    if let Err(r) = may_read(&v, &f, &caller) {
        return r;
    }
    match find(&state, &caller, &source, &id).await {
        Ok(Some(r)) => {
            let erased = q.erased.as_deref() == Some("1");
            render(
                &v,
                StatusCode::OK,
                &page(&state, f, r, None, String::new(), String::new(), erased),
            )
        }
        Ok(None) => not_found(&v, f, &source, &id),
        Err(e) => failure(&v, Some(f), e),
    }
}

#[derive(serde::Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    csrf: String,
}

fn audit_entry(caller: &Caller, action: &str, r: &StoredReport, purpose: String) -> AuditEntry {
    AuditEntry {
        at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        org_id: r.org_id,
        actor: caller.email.clone(),
        action: action.into(),
        target: format!("report {}/{}", r.source, r.id),
        purpose: Some(purpose),
    }
}

/// Shows the victim's personal data: the purpose is required and logged first.
pub async fn reveal(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Path((source, id)): Path<(String, String)>,
    Form(form): Form<RevealForm>,
) -> Response {
    let f = Frame::new(&caller, &v, &pages, "");
    if let Err(r) = may_read(&v, &f, &caller) {
        return r;
    }
    if let Err(r) = check_csrf(&v, &pages, &f, &form.csrf) {
        return r;
    }
    let r = match find(&state, &caller, &source, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(&v, f, &source, &id),
        Err(e) => return failure(&v, Some(f), e),
    };
    let purpose = form.purpose.trim().to_string();
    if purpose.is_empty() || purpose.chars().count() > 500 {
        let error = if purpose.is_empty() {
            "State why you need the victim's contact details (it is written to the audit log)."
        } else {
            "Keep the purpose under 500 characters."
        };
        return render(
            &v,
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&state, f, r, None, purpose, error.into(), false),
        );
    }
    if let Err(e) = state
        .accounts
        .audit(&audit_entry(
            &caller,
            "view_personal_data",
            &r,
            purpose.clone(),
        ))
        .await
    {
        return failure(&v, Some(f), e.into());
    }
    let reporter = match state.store.reporter(r.seq).await {
        Ok(x) => x,
        Err(e) => return failure(&v, Some(f), e.into()),
    };
    let mut p = page(&state, f, r, None, purpose, String::new(), false);
    p.reporter = Some(reporter.unwrap_or_default());
    render(&v, StatusCode::OK, &p)
}

#[derive(serde::Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    csrf: String,
}

/// Erasure on request: the personal data (and screenshots) go, the indicators stay.
pub async fn erase(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Path((source, id)): Path<(String, String)>,
    Form(form): Form<EraseForm>,
) -> Response {
    let f = Frame::new(&caller, &v, &pages, "");
    if let Err(r) = may_read(&v, &f, &caller) {
        return r;
    }
    if let Err(e) = caller.need_scope(Scope::Write) {
        return failure(&v, Some(f), e);
    }
    if let Err(r) = check_csrf(&v, &pages, &f, &form.csrf) {
        return r;
    }
    let r = match find(&state, &caller, &source, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(&v, f, &source, &id),
        Err(e) => return failure(&v, Some(f), e),
    };
    let reason = form.reason.trim().to_string();
    if form.confirm != "yes" || reason.is_empty() {
        return render(
            &v,
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(
                &state,
                f,
                r,
                None,
                String::new(),
                "To erase, tick the confirmation and give the reason (e.g. the victim's request)."
                    .into(),
                false,
            ),
        );
    }
    if let Err(e) = state.store.erase_reporter(r.seq).await {
        return failure(&v, Some(f), e.into());
    }
    if let Some(dir) = crate::pages::uploads_dir()
        && let Err(e) = crate::pages::upload::erase(&dir, &r.source, &r.id)
    {
        tracing::error!(error = %e, report = %r.id, "could not erase the report's screenshots");
        return failure(&v, Some(f), crate::ApiError::internal());
    }
    if let Err(e) = state
        .accounts
        .audit(&audit_entry(&caller, "erase_personal_data", &r, reason))
        .await
    {
        return failure(&v, Some(f), e.into());
    }
    Redirect::to(&format!(
        "/app/reports/{}/{}?erased=1",
        encode(&r.source),
        encode(&r.id)
    ))
    .into_response()
}
