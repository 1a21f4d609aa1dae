//! Referral cases in the workspace (docs/REFERRALS.md): `GET /app/cases` (the cases the
//! caller may see, and what referrals led to), `POST /app/cases` (open a case from an
//! operation page), `GET /app/cases/{id}` (the case: workflow, operations, outcomes,
//! indicators acted upon, files, personal-data releases, the chain-of-custody log) and
//! `POST /app/cases/{id}/{step}` for each thing one does to a case, including building and
//! downloading the signed evidence package.
//!
//! Who may do what is decided by the same functions as the API's (`crate::api::cases`):
//! owners (the case's organisation's analysts and org admins, and admins) everything;
//! law-enforcement liaisons of the agency a case is referred to: acknowledge, move to action,
//! comment, record outcomes, mark indicators and download their own agency's package. A case
//! the caller may not see is "not found", as in the API.

use super::{Frame, Signed, check_csrf, encode, failure, problem, render, usd};
use crate::AppState;
use crate::api::cases::{
    mark_case_indicator, owns, parse_id, release_report, sees, visible as api_visible,
};
use crate::auth::Caller;
use crate::pages::{Pages, Visit};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use dragnet_store::cases::{NewOutcome, OUTCOME_KINDS, OutcomeTotals};
use dragnet_store::{Case, CaseStatus, CaseStore, Role, Scope, SqlStore};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Indicator types an action can be recorded against.
const MARK_TYPES: [&str; 8] = [
    "phone",
    "domain",
    "url",
    "email",
    "remote_access_id",
    "crypto_wallet",
    "iban",
    "gift_card",
];

fn sql(state: &AppState) -> Option<&SqlStore> {
    state.store.as_sql()
}

/// One figure of the outcome boxes.
#[derive(Debug, Clone)]
pub struct Figure {
    pub label: &'static str,
    pub value: String,
}

/// Outcome totals as figure boxes (zeros left out, except the case counts).
pub fn outcome_figures(t: &OutcomeTotals) -> Vec<Figure> {
    let mut v = vec![
        Figure {
            label: "Cases",
            value: t.cases.to_string(),
        },
        Figure {
            label: "Referred to law enforcement",
            value: t.referred.to_string(),
        },
    ];
    for (label, n) in [
        ("Raids", t.raids),
        ("Arrests", t.arrests),
        ("Accounts frozen", t.accounts_frozen),
        ("Numbers disconnected", t.numbers_disconnected),
        ("Domains taken down", t.domains_taken_down),
        ("Convictions", t.convictions),
    ] {
        if n > 0 {
            v.push(Figure {
                label,
                value: n.to_string(),
            });
        }
    }
    if !t.recovered.is_empty() {
        v.push(Figure {
            label: "Money recovered",
            value: t
                .recovered
                .iter()
                .map(|(c, a)| format!("{c} {a}"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    v
}

#[derive(Debug, Clone)]
struct CaseRow {
    reference: String,
    title: String,
    status: String,
    org: String,
    operations: String,
    agency: String,
    assignee: String,
    updated: String,
}

#[derive(Template)]
#[template(path = "analyst/cases.html")]
struct ListPage {
    f: Option<Frame>,
    rows: Vec<CaseRow>,
    own: Vec<Figure>,
    all: Vec<Figure>,
    liaison: bool,
}

/// The first ten characters of a timestamp: its date.
fn day(t: &str) -> String {
    t.chars().take(10).collect()
}

pub async fn list(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
) -> Response {
    let f = Frame::new(&caller, &v, &pages, "cases");
    let Some(s) = sql(&state) else {
        return no_cases(&v, f);
    };
    let filter = crate::api::cases::case_filter(&caller);
    let (cases, own, all) = match tokio::try_join!(
        s.list_cases(&filter),
        s.outcome_totals(Some(caller.org_id)),
        s.outcome_totals(None)
    ) {
        Ok(x) => x,
        Err(e) => return failure(&v, Some(f), e.into()),
    };
    let mut rows: Vec<CaseRow> = cases
        .into_iter()
        .filter(|c| sees(&caller, c))
        .map(|c| CaseRow {
            reference: c.reference,
            title: c.title,
            status: c.status.to_string(),
            org: c.org,
            operations: c.operations.join(", "),
            agency: c.agency.unwrap_or_default(),
            assignee: c.assignee.unwrap_or_default(),
            updated: day(&c.updated_at),
        })
        .collect();
    rows.reverse(); // newest first
    let liaison = caller.role == Role::LeLiaison;
    render(
        &v,
        StatusCode::OK,
        &ListPage {
            f: Some(f),
            rows,
            own: if liaison {
                Vec::new()
            } else {
                outcome_figures(&own)
            },
            all: outcome_figures(&all),
            liaison,
        },
    )
}

fn no_cases(v: &Visit, f: Frame) -> Response {
    problem(
        v,
        Some(f),
        StatusCode::NOT_IMPLEMENTED,
        "No cases here",
        "Referral cases need the SQL store (SQLite or PostgreSQL).",
    )
}

fn not_found(v: &Visit, f: Frame, id: &str) -> Response {
    problem(
        v,
        Some(f),
        StatusCode::NOT_FOUND,
        "No such case",
        &format!("There is no case `{id}` you may see."),
    )
}

#[derive(serde::Deserialize)]
pub struct OpenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    operation: String,
    #[serde(default)]
    title: String,
}

/// Opens a draft case from an operation (its page has the form).
pub async fn open(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Form(form): Form<OpenForm>,
) -> Response {
    let f = Frame::new(&caller, &v, &pages, "cases");
    if let Err(r) = check_csrf(&v, &pages, &f, &form.csrf) {
        return r;
    }
    if let Err(e) = caller
        .need_scope(Scope::Write)
        .and_then(|_| caller.need_role(&[Role::Analyst, Role::OrgAdmin, Role::Admin]))
    {
        return failure(&v, Some(f), e);
    }
    let Some(s) = sql(&state) else {
        return no_cases(&v, f);
    };
    let op = form.operation.trim();
    let summary = {
        let engine = state.operations.read();
        engine.resolve(op).and_then(|c| engine.summary(&c))
    };
    let Some(summary) =
        summary.and_then(|x| crate::api::clusters::visible_summary(&state, &caller, x, 2))
    else {
        return problem(
            &v,
            Some(f),
            StatusCode::NOT_FOUND,
            "No such operation",
            &format!("There is no operation `{op}` you may see."),
        );
    };
    let title = if form.title.trim().is_empty() {
        format!(
            "{} ({} victims)",
            summary
                .brands
                .first()
                .map_or("Operation", String::as_str)
                .to_string()
                + " impersonation, "
                + &summary.cluster,
            summary.victims
        )
    } else {
        form.title.trim().to_string()
    };
    match s
        .open_case(caller.org_id, &caller.email, &title, &[summary.cluster])
        .await
    {
        Ok(c) => {
            if let Err(e) = crate::api::cases::audit(&state, &caller, &c, "open_case", None).await {
                return failure(&v, Some(f), e);
            }
            Redirect::to(&format!("/app/cases/{}", c.reference)).into_response()
        }
        Err(e) => failure(&v, Some(f), e.into()),
    }
}

#[derive(Debug, Clone)]
struct Step {
    name: &'static str,
    done: bool,
    current: bool,
}

#[derive(Debug, Clone)]
struct OperationRow {
    id: String,
    victims: u32,
    reports: usize,
    loss: String,
    sources: String,
}

#[derive(Debug, Clone)]
struct Line {
    cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "analyst/case.html")]
struct CasePage {
    f: Option<Frame>,
    csrf: String,
    base: String,
    c: Case,
    notice: String,
    steps: Vec<Step>,
    /// Statuses the caller may move the case to now (besides referring).
    next: Vec<&'static str>,
    owner: bool,
    may_refer: bool,
    may_release: bool,
    package_agency: String,
    operations: Vec<OperationRow>,
    outcomes: Vec<Line>,
    actions: Vec<Line>,
    files: Vec<Line>,
    releases: Vec<Line>,
    log: Vec<Line>,
    kinds: &'static [&'static str],
    mark_types: &'static [&'static str],
    today: String,
}

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    done: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Response {
    let f = Frame::new(&caller, &v, &pages, "cases");
    if let Err(e) = caller.need_scope(Scope::Read) {
        return failure(&v, Some(f), e);
    }
    let c = match api_visible(&state, &caller, &id).await {
        Ok(c) => c,
        Err(e) if e.status == StatusCode::NOT_FOUND => return not_found(&v, f, &id),
        Err(e) => return failure(&v, Some(f), e),
    };
    if let Err(e) = crate::api::cases::audit(&state, &caller, &c, "view_case", None).await {
        return failure(&v, Some(f), e);
    }
    let notice = q.done.as_deref().map(notice_for).unwrap_or_default();
    match page(&state, &caller, f, &v, &pages, c, notice.to_string()).await {
        Ok(p) => render(&v, StatusCode::OK, &p),
        Err((f, e)) => failure(&v, Some(f), e),
    }
}

fn notice_for(done: &str) -> &'static str {
    match done {
        "status" => "The case moved on.",
        "refer" => "The case is referred.",
        "comment" => "Your comment is in the case's log.",
        "outcome" => "The outcome is recorded.",
        "mark" => "The indicator is marked as acted upon.",
        "assign" => "The case is assigned.",
        "release" => {
            "The release is recorded: the next package for this agency carries that victim's data."
        }
        _ => "",
    }
}

async fn page(
    state: &AppState,
    caller: &Caller,
    f: Frame,
    v: &Visit,
    pages: &Pages,
    c: Case,
    notice: String,
) -> Result<CasePage, (Frame, crate::ApiError)> {
    let Some(s) = sql(state) else {
        return Err((f, crate::ApiError::not_found("cases")));
    };
    let owner = owns(caller, &c);
    let loaded = tokio::try_join!(
        s.case_events(c.id),
        s.outcomes(c.id),
        s.attachments(c.id),
        s.indicator_actions(Some(c.id)),
        s.releases(c.id),
    );
    let (log, outcomes, files, actions, releases) = match loaded {
        Ok(x) => x,
        Err(e) => return Err((f, e.into())),
    };
    let at = CaseStatus::ALL
        .iter()
        .position(|x| *x == c.status)
        .unwrap_or(0);
    let steps = CaseStatus::ALL
        .iter()
        .enumerate()
        .map(|(i, x)| Step {
            name: x.as_str(),
            done: i < at,
            current: i == at,
        })
        .collect();
    let next: Vec<&'static str> = CaseStatus::ALL
        .iter()
        .filter(|to| **to != CaseStatus::Referred && c.status.may_become(**to))
        .filter(|to| owner || matches!(to, CaseStatus::Acknowledged | CaseStatus::Action))
        .map(|to| to.as_str())
        .collect();
    let operations = {
        let engine = state.operations.read();
        c.operations
            .iter()
            .filter_map(|o| engine.resolve(o).and_then(|r| engine.summary(&r)))
            .filter_map(|x| crate::api::clusters::visible_summary(state, caller, x, 2))
            .map(|x| OperationRow {
                id: x.cluster.clone(),
                victims: x.victims,
                reports: x.reports.len(),
                loss: x
                    .loss
                    .amount
                    .parse::<Decimal>()
                    .map(usd)
                    .unwrap_or_else(|_| x.loss.amount.clone()),
                sources: x.sources.join(", "),
            })
            .collect()
    };
    let line = |cells: Vec<String>| Line { cells };
    let csrf = v.csrf_token(pages);
    let base = format!("/app/cases/{}", encode(&c.reference));
    Ok(CasePage {
        f: Some(f),
        csrf,
        base,
        notice,
        steps,
        next,
        owner,
        may_refer: owner && c.status == CaseStatus::Ready,
        may_release: owner && c.agency.is_some(),
        package_agency: if caller.role == Role::LeLiaison {
            caller.org.clone()
        } else {
            c.agency.clone().unwrap_or_default()
        },
        operations,
        outcomes: outcomes
            .into_iter()
            .map(|o| {
                let n = &o.outcome;
                let figure = match (&n.count, &n.amount, &n.currency) {
                    (Some(k), _, _) => k.to_string(),
                    (None, Some(a), Some(cur)) => format!("{cur} {a}"),
                    (None, Some(a), None) => a.clone(),
                    _ => String::new(),
                };
                line(vec![
                    n.date.clone(),
                    n.kind.replace('_', " "),
                    n.place.clone().unwrap_or_default(),
                    figure,
                    n.note.clone().unwrap_or_default(),
                    o.recorded_by,
                ])
            })
            .collect(),
        actions: actions
            .into_iter()
            .map(|a| line(vec![a.date, a.ty, a.value, a.action, a.recorded_by]))
            .collect(),
        files: files
            .into_iter()
            .map(|a| {
                line(vec![
                    a.name,
                    a.bytes.to_string(),
                    a.sha256,
                    a.added_by,
                    day(&a.added_at),
                ])
            })
            .collect(),
        releases: if owner {
            releases
                .into_iter()
                .map(|r| {
                    line(vec![
                        format!("{}/{}", r.source, r.report_id),
                        r.agency,
                        r.reason,
                        r.released_by,
                        day(&r.released_at),
                    ])
                })
                .collect()
        } else {
            Vec::new()
        },
        log: log
            .into_iter()
            .map(|e| {
                line(vec![
                    e.at.chars().take(19).collect::<String>().replace('T', " "),
                    e.actor,
                    e.action,
                    e.detail,
                ])
            })
            .collect(),
        c,
        kinds: &OUTCOME_KINDS,
        mark_types: &MARK_TYPES,
        today: chrono::Utc::now().format("%Y-%m-%d").to_string(),
    })
}

/// Every field any of the case's forms sends.
#[derive(serde::Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    agreement: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    count: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    note: String,
    #[serde(default, rename = "type")]
    ty: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    report: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    tlp: String,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// `POST /app/cases/{id}/{step}`: one step on a case, then back to the case (or the zip).
pub async fn step(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Path((id, what)): Path<(String, String)>,
    Form(form): Form<StepForm>,
) -> Response {
    let f = Frame::new(&caller, &v, &pages, "cases");
    if let Err(r) = check_csrf(&v, &pages, &f, &form.csrf) {
        return r;
    }
    let scope = if what == "package" {
        Scope::Read
    } else {
        Scope::Write
    };
    if let Err(e) = caller.need_scope(scope) {
        return failure(&v, Some(f), e);
    }
    if parse_id(&id).is_none() {
        return not_found(&v, f, &id);
    }
    let c = match api_visible(&state, &caller, &id).await {
        Ok(c) => c,
        Err(e) if e.status == StatusCode::NOT_FOUND => return not_found(&v, f, &id),
        Err(e) => return failure(&v, Some(f), e),
    };
    let Some(s) = sql(&state) else {
        return no_cases(&v, f);
    };
    let forbidden = |why: &str| Err(crate::ApiError::forbidden(why));
    let owner = owns(&caller, &c);
    let result: Result<(), crate::ApiError> = match what.as_str() {
        "status" => match form.status.parse::<CaseStatus>() {
            Err(e) => Err(crate::ApiError::invalid_field("status", &e)),
            Ok(CaseStatus::Referred) => Err(crate::ApiError::invalid_field(
                "status",
                "refer with the referral form (it names the agency)",
            )),
            Ok(to) if !owner && !matches!(to, CaseStatus::Acknowledged | CaseStatus::Action) => {
                forbidden("your role may only acknowledge a case or move it to action")
            }
            Ok(to) => s
                .transition(c.id, &caller.email, to, None, None)
                .await
                .map(|_| ())
                .map_err(Into::into),
        },
        "refer" if !owner => forbidden("only the owning organisation refers a case"),
        "refer" => s
            .transition(
                c.id,
                &caller.email,
                CaseStatus::Referred,
                Some(form.agency.trim()),
                opt(&form.agreement).as_deref(),
            )
            .await
            .map(|_| ())
            .map_err(Into::into),
        "comment" => s
            .comment(c.id, &caller.email, &form.text)
            .await
            .map_err(Into::into),
        "outcome" => {
            let count = match opt(&form.count).map(|n| n.parse::<i64>()) {
                Some(Err(_)) => {
                    return failure(
                        &v,
                        Some(f),
                        crate::ApiError::invalid_field("count", "a whole number"),
                    );
                }
                Some(Ok(n)) => Some(n),
                None => None,
            };
            let o = NewOutcome {
                kind: form.kind.trim().to_string(),
                date: form.date.trim().to_string(),
                place: opt(&form.place),
                count,
                amount: opt(&form.amount),
                currency: opt(&form.currency).map(|c| c.to_uppercase()),
                note: opt(&form.note),
            };
            s.record_outcome(c.id, &caller.email, &o)
                .await
                .map_err(Into::into)
        }
        "mark" => {
            mark_case_indicator(
                &state,
                &caller,
                &c,
                form.ty.trim(),
                &form.value,
                &form.action,
                form.date.trim(),
            )
            .await
        }
        "assign" if !owner => forbidden("only the owning organisation assigns a case"),
        "assign" => s
            .assign(c.id, &caller.email, &form.assignee)
            .await
            .map_err(Into::into),
        "release" => {
            let (source, report) = form.report.trim().split_once('/').unwrap_or(("", ""));
            release_report(&state, &caller, &c, source, report, &form.reason).await
        }
        "package" => return package(&state, &caller, &v, f, &c, &form).await,
        _ => {
            return problem(
                &v,
                Some(f),
                StatusCode::NOT_FOUND,
                "No such step",
                &format!("A case has no step `{what}`."),
            );
        }
    };
    match result {
        Ok(()) => Redirect::to(&format!(
            "/app/cases/{}?done={}",
            encode(&c.reference),
            encode(&what)
        ))
        .into_response(),
        Err(e) => problem(
            &v,
            Some(f),
            e.status,
            "That could not be done",
            &format!("{} Go back to {} and try again.", e.message, c.reference),
        ),
    }
}

/// Builds, signs and sends the evidence package (logged in the case, audited).
async fn package(
    state: &AppState,
    caller: &Caller,
    v: &Visit,
    f: Frame,
    c: &Case,
    form: &StepForm,
) -> Response {
    let agency = form.agency.trim();
    if !owns(caller, c) && agency != caller.org {
        return failure(
            v,
            Some(f),
            crate::ApiError::forbidden("a liaison downloads only its own agency's package"),
        );
    }
    let tlp: dragnet_share::Tlp = match opt(&form.tlp).as_deref().unwrap_or("amber").parse() {
        Ok(t) => t,
        Err(e) => {
            return failure(v, Some(f), crate::ApiError::invalid_field("tlp", &e));
        }
    };
    let Some(s) = sql(state) else {
        return no_cases(v, f);
    };
    let built = match dragnet_store::referral::build_package(
        s,
        &state.operations,
        c,
        agency,
        &caller.email,
        tlp,
        "download_referral",
    )
    .await
    {
        Ok(b) => b,
        Err(e) => return failure(v, Some(f), e.into()),
    };
    crate::api::cases::zip_download(c, agency, built.package.zip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_boxes_leave_out_zeros_but_not_the_case_counts() {
        let mut t = OutcomeTotals {
            cases: 3,
            referred: 1,
            arrests: 21,
            ..OutcomeTotals::default()
        };
        t.recovered.insert("INR".into(), "150000".into());
        let f = outcome_figures(&t);
        let labels: Vec<&str> = f.iter().map(|x| x.label).collect();
        assert_eq!(
            labels,
            [
                "Cases",
                "Referred to law enforcement",
                "Arrests",
                "Money recovered"
            ]
        );
        assert_eq!(f[2].value, "21");
        assert_eq!(f[3].value, "INR 150000");
    }
}
