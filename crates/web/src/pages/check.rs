//! `GET /check` (the form; `?q=` runs a check straight away, for links and browser
//! extensions) and `POST /check` (a pasted number, link or message; posted so that a
//! message never lands in an address bar or a log).
//!
//! The verdict comes from `dragnet_detect` over what the store knows: a first pass collects
//! the indicator keys the check wants to look up, the store is asked about each (reports
//! carrying it, and how many distinct operations), and a second pass gives the verdict.
//! It is shown in `id="verdict"` with `data-verdict` = `scam`, `suspicious`, `official` or
//! `unknown`.

use super::{Chrome, Pages, Visit, now_secs};
use crate::AppState;
use crate::pages::i18n::Tr;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Form};
use dragnet_core::IndicatorType;
use dragnet_detect::{CheckInput, Detector, Knowledge, Lang, Matches, Verdict, VerdictKind};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Longest text accepted in the check box (a long e-mail fits).
pub const MAX_QUERY_BYTES: usize = 32 * 1024;
/// Most indicators of one check looked up in the store.
const MAX_LOOKUPS: usize = 32;

/// What the result section shows.
#[derive(Debug, Clone)]
pub struct Shown {
    pub kind: &'static str,
    pub headline: String,
    pub summary: String,
    pub reasons: Vec<String>,
    pub guidance: Vec<String>,
    pub indicators: Vec<String>,
}

#[derive(Template)]
#[template(path = "check.html")]
pub struct CheckPage {
    pub c: Chrome,
    pub t: Tr,
    pub csrf: String,
    pub q: String,
    pub error: String,
    pub result: Option<Shown>,
}

#[derive(serde::Deserialize)]
pub struct CheckQuery {
    q: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct CheckForm {
    #[serde(default)]
    q: String,
    #[serde(default)]
    csrf: String,
}

fn kind_str(k: VerdictKind) -> &'static str {
    match k {
        VerdictKind::Scam => "scam",
        VerdictKind::Suspicious => "suspicious",
        VerdictKind::Official => "official",
        VerdictKind::Unknown => "unknown",
    }
}

/// The verdict for `q` with what the store knows. `Err` carries a message for the reader.
pub async fn verdict(
    state: &AppState,
    q: &str,
    lang: Lang,
    region: Option<dragnet_core::Country>,
) -> Result<Verdict, String> {
    let input = CheckInput::Value(q.to_string());
    let det = Detector::builtin();
    let keys = wanted_keys(det, &input, lang, region)?;
    let mut known: HashMap<String, Matches> = HashMap::new();
    for key in keys {
        let Some((ty, value)) = key.split_once(':') else {
            continue;
        };
        let Ok(ty) = ty.parse::<IndicatorType>() else {
            continue;
        };
        match state.store.reports_with_indicator(ty, value).await {
            Ok(hits) => {
                let operations: BTreeSet<&str> =
                    hits.iter().filter_map(|h| h.cluster.as_deref()).collect();
                known.insert(
                    key.clone(),
                    Matches {
                        reports: hits.len() as u64,
                        operations: operations.len() as u64,
                    },
                );
            }
            Err(e) => tracing::warn!(error = %e, "check: store lookup failed; judging without it"),
        }
    }
    let lookup = |key: &str| known.get(key).copied().unwrap_or_default();
    det.check_with(&input, lang, region, &lookup as &dyn Knowledge)
        .map_err(|e| e.reason)
}

/// The indicator keys a check of `input` asks the store about (a dry run that knows
/// nothing). Kept out of the async caller: the recorder is not `Send`.
fn wanted_keys(
    det: &Detector,
    input: &CheckInput,
    lang: Lang,
    region: Option<dragnet_core::Country>,
) -> Result<Vec<String>, String> {
    let wanted: RefCell<BTreeSet<String>> = RefCell::new(BTreeSet::new());
    let record = |key: &str| {
        wanted.borrow_mut().insert(key.to_string());
        Matches::default()
    };
    det.check_with(input, lang, region, &record)
        .map_err(|e| e.reason)?;
    Ok(wanted.into_inner().into_iter().take(MAX_LOOKUPS).collect())
}

fn shown(t: Tr, v: &Verdict) -> Shown {
    let kind = kind_str(v.verdict);
    Shown {
        kind,
        headline: t.s(&format!("verdict-{kind}")),
        summary: t.s(&format!("verdict-{kind}-summary")),
        reasons: v.reasons.iter().map(|r| r.text.clone()).collect(),
        guidance: v.guidance.clone(),
        indicators: v
            .indicators
            .iter()
            .map(|i| {
                let kind = t.s(&format!("ind-{}", i.ty.as_str().replace('_', "-")));
                t.a2("check-indicator", "type", &kind, "value", &i.value)
            })
            .collect(),
    }
}

async fn run(state: &AppState, pages: &Pages, v: &Visit, q: String) -> Response {
    let t = v.tr();
    let mut page = CheckPage {
        c: v.chrome("/check", "check"),
        t,
        csrf: v.csrf_token(pages),
        q: String::new(),
        error: String::new(),
        result: None,
    };
    let trimmed = q.trim();
    if trimmed.is_empty() {
        page.error = t.s("err-check-empty");
        return v.page(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    if q.len() > MAX_QUERY_BYTES {
        page.error = t.a(
            "err-check-long",
            "max",
            &(MAX_QUERY_BYTES / 1024).to_string(),
        );
        page.q = q;
        return v.page(StatusCode::PAYLOAD_TOO_LARGE, &page);
    }
    match verdict(state, trimmed, v.lang, v.region).await {
        Ok(verdict) => {
            page.result = Some(shown(t, &verdict));
            page.q = q;
            v.page(StatusCode::OK, &page)
        }
        Err(reason) => {
            page.error = format!("{} ({reason})", t.s("err-check-invalid"));
            page.q = q;
            v.page(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Query(query): Query<CheckQuery>,
) -> Response {
    match query.q {
        Some(q) if !q.trim().is_empty() => {
            if let Some(r) = super::rate_limited(&pages, &v, "/check") {
                return r;
            }
            run(&state, &pages, &v, q).await
        }
        _ => {
            let page = CheckPage {
                c: v.chrome("/check", "check"),
                t: v.tr(),
                csrf: v.csrf_token(&pages),
                q: String::new(),
                error: String::new(),
                result: None,
            };
            v.page(StatusCode::OK, &page)
        }
    }
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    headers: HeaderMap,
    form: Result<Form<CheckForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    if let Some(r) = super::rate_limited(&pages, &v, "/check") {
        return r;
    }
    let form = match form {
        Ok(Form(f)) => f,
        Err(rejection) => {
            let too_large = rejection.status() == StatusCode::PAYLOAD_TOO_LARGE;
            return super::problem(
                &v,
                rejection.status(),
                "/check",
                if too_large {
                    "problem-large-title"
                } else {
                    "problem-bad-title"
                },
                if too_large {
                    "problem-large-body"
                } else {
                    "problem-bad-body"
                },
            );
        }
    };
    let nonce = v.had_nonce.then_some(v.nonce.as_str());
    if let Err(e) = pages.secret.verify(nonce, &form.csrf, now_secs()) {
        tracing::info!(reason = ?e, "check form refused: CSRF token");
        if e != super::csrf::CsrfError::NoCookie && super::same_origin(&headers) {
            // Our own page with a stale token: keep the text, give a fresh token.
            let page = CheckPage {
                c: v.chrome("/check", "check"),
                t: v.tr(),
                csrf: v.csrf_token(&pages),
                q: form.q,
                error: v.tr().s("form-expired"),
                result: None,
            };
            return v.page(StatusCode::FORBIDDEN, &page);
        }
        return super::csrf_refused(&v, "/check");
    }
    run(&state, &pages, &v, form.q).await
}
