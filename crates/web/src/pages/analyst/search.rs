//! `GET /app/search?q=…[&type=…&country=…]`: the indicator search of
//! `GET /api/v1/search` as a page. Results link to the caller's own reports and to the
//! operations; other organisations' reports are only counted.

use super::{Frame, Signed, encode, failure, render};
use crate::AppState;
use crate::api::search::{self, Hit, SearchQuery};
use crate::pages::{Pages, Visit};
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct ResultRow {
    pub ty: &'static str,
    pub value: String,
    pub exact: bool,
    pub warning: String,
    pub total: i64,
    pub others: i64,
    pub own: Vec<(String, String, String)>,
    pub own_more: i64,
    /// The caller's reports carrying it.
    pub yours: i64,
    pub operations: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct TypeOpt {
    pub value: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "analyst/search.html")]
struct SearchPage {
    f: Option<Frame>,
    q: String,
    country: String,
    types: Vec<TypeOpt>,
    searched: bool,
    error: String,
    normalised: String,
    prefix: String,
    results: Vec<ResultRow>,
    /// Partners' values (`crate::partner`): key, partner, TLP, since, feed.
    partners: Vec<[String; 5]>,
}

fn result_row(h: Hit) -> ResultRow {
    let m = h.indicator;
    ResultRow {
        ty: m.ty.as_str(),
        exact: m.exact,
        warning: m.warning.unwrap_or_default(),
        total: m.reports_total,
        others: h.reports_other,
        own_more: m.reports_visible - m.reports.len() as i64,
        yours: m.reports_visible,
        own: m
            .reports
            .iter()
            .map(|r| {
                (
                    format!("/app/reports/{}/{}", encode(&r.source), encode(&r.id)),
                    format!("{}/{}", r.source, r.id),
                    r.received_at
                        .as_deref()
                        .map(|t| t.chars().take(10).collect())
                        .unwrap_or_default(),
                )
            })
            .collect(),
        operations: h.operations,
        value: m.value,
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Query(q): Query<SearchQuery>,
) -> Response {
    let frame = Frame::new(&caller, &v, &pages, "search");
    let ty = q.ty.clone().unwrap_or_default();
    let mut page = SearchPage {
        f: Some(frame.clone()),
        q: q.q.clone(),
        country: q.country.clone().unwrap_or_default(),
        types: [
            "any",
            "phone",
            "domain",
            "url",
            "email",
            "remote_access_id",
            "crypto_wallet",
            "iban",
            "gift_card",
            "ip",
        ]
        .iter()
        .map(|t| TypeOpt {
            value: t,
            selected: *t == ty || (ty.is_empty() && *t == "any"),
        })
        .collect(),
        searched: false,
        error: String::new(),
        normalised: String::new(),
        prefix: String::new(),
        results: Vec::new(),
        partners: Vec::new(),
    };
    if q.q.trim().is_empty() {
        return render(&v, StatusCode::OK, &page);
    }
    page.searched = true;
    match search::run(&state, &caller, &q).await {
        Ok(Ok(answer)) => {
            page.normalised = answer
                .normalised
                .iter()
                .map(|r| format!("{} {}", r.ty.as_str(), r.value))
                .collect::<Vec<_>>()
                .join(", ");
            page.prefix = answer.prefix.unwrap_or_default();
            page.results = answer.results.into_iter().map(result_row).collect();
            let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            page.partners = answer
                .partner_intel
                .iter()
                .map(|p| {
                    let feed = &p["feed"];
                    let feed = match feed["kind"].as_str() {
                        Some("taxii") => {
                            format!("{} ({})", text(&feed["url"]), text(&feed["collection"]))
                        }
                        Some(_) => text(&feed["name"]),
                        None => String::new(),
                    };
                    [
                        text(&p["key"]),
                        p["partner"].as_str().unwrap_or("a partner").to_string(),
                        text(&p["tlp"]).to_uppercase(),
                        text(&p["since"]),
                        feed,
                    ]
                })
                .collect();
            render(&v, StatusCode::OK, &page)
        }
        Ok(Err(e)) => {
            page.error = format!("{}: {}", e.field, e.reason);
            render(&v, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => failure(&v, Some(frame), e),
    }
}
