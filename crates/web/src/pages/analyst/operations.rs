//! `GET /app/operations` (sorted, filtered, paginated), `GET /app/operations/{id}` (summary,
//! timeline, victims by country, network picture, reports, suppressed hubs) and
//! `GET /app/explain?a=&b=` (why two reports are, or are not, in one operation).
//!
//! Other organisations' reports are counted and their shared values shown; they are never
//! named or linked (the API's `reports_hidden`).

use super::chart::{self, Chart, Datum};
use super::network::{self, Graph, NetReport, NodeKind, Options};
use super::{Frame, Signed, encode, failure, problem, render, usd};
use crate::AppState;
use crate::api::clusters::report_key;
use crate::auth::Caller;
use crate::pages::{Pages, Visit};
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dragnet_cluster::{Blocked, ClusterSummary, Via};
use dragnet_core::IndicatorType;
use dragnet_store::Role;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// Operations per page of the list.
pub const PAGE_SIZE: usize = 25;
/// Own reports listed on an operation's page (all with `?all=1`).
pub const OWN_LISTED: usize = 100;

const OTHER_ORG: &str = "(another organisation's report)";

#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub reports: usize,
    pub own: usize,
    pub victims: u32,
    pub loss: String,
    pub loss_value: Decimal,
    pub sources: String,
    pub orgs: usize,
    pub brands: String,
    pub countries: String,
    pub first: String,
    pub last: String,
}

fn day(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "–".into())
}

fn top_countries(c: &BTreeMap<String, u32>, n: usize) -> String {
    let mut v: Vec<(&String, &u32)> = c.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    v.iter()
        .take(n)
        .map(|(c, k)| format!("{c} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn own_count(state: &AppState, caller: &Caller, s: &ClusterSummary) -> usize {
    s.report_keys
        .iter()
        .filter(|k| caller.sees_owner(state.operations.owner_of(k)))
        .count()
}

fn row(state: &AppState, caller: &Caller, s: &ClusterSummary) -> Row {
    let loss_value: Decimal = s.loss.amount.parse().unwrap_or_default();
    Row {
        id: s.cluster.clone(),
        reports: s.reports.len(),
        own: own_count(state, caller, s),
        victims: s.victims,
        loss: usd(loss_value),
        loss_value,
        sources: s.sources.join(", "),
        orgs: s.sources.len(),
        brands: s
            .brands
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        countries: top_countries(&s.countries, 3),
        first: day(s.first_seen),
        last: day(s.last_seen),
    }
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub sort: Option<String>,
    #[serde(default)]
    pub shared: Option<String>,
    #[serde(default)]
    pub mine: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub page: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct SortLink {
    pub key: &'static str,
    pub label: &'static str,
    pub current: bool,
    pub href: String,
}

#[derive(Template)]
#[template(path = "analyst/operations.html")]
struct ListPage {
    f: Option<Frame>,
    rows: Vec<Row>,
    total: usize,
    matching: usize,
    page: usize,
    pages: usize,
    first_shown: usize,
    last_shown: usize,
    sorts: Vec<SortLink>,
    sort_label: &'static str,
    q: String,
    shared: bool,
    mine: bool,
    prev: String,
    next: String,
}

const SORTS: [(&str, &str); 5] = [
    ("victims", "Victims"),
    ("loss", "Loss"),
    ("recent", "Most recent"),
    ("orgs", "Cross-organisation"),
    ("reports", "Reports"),
];

/// Orders operations by `sort` (unknown: by victims, the engine's order).
pub fn sort_rows(rows: &mut [Row], last_seen: &dyn Fn(&str) -> String, sort: &str) {
    match sort {
        "loss" => rows.sort_by(|a, b| {
            b.loss_value
                .cmp(&a.loss_value)
                .then(b.victims.cmp(&a.victims))
        }),
        "recent" => rows.sort_by_cached_key(|r| std::cmp::Reverse(last_seen(&r.id))),
        "orgs" => rows.sort_by(|a, b| b.orgs.cmp(&a.orgs).then(b.victims.cmp(&a.victims))),
        "reports" => rows.sort_by_key(|r| std::cmp::Reverse(r.reports)),
        _ => rows.sort_by(|a, b| b.victims.cmp(&a.victims).then(b.reports.cmp(&a.reports))),
    }
}

fn list_href(q: &ListQuery, sort: &str, page: usize) -> String {
    let mut s = format!("/app/operations?sort={sort}");
    if q.shared.as_deref() == Some("1") {
        s.push_str("&shared=1");
    }
    if q.mine.as_deref() == Some("1") {
        s.push_str("&mine=1");
    }
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        s.push_str("&q=");
        s.push_str(&encode(text.trim()));
    }
    if page > 1 {
        s.push_str(&format!("&page={page}"));
    }
    s
}

/// True when the operation matches the filter text: its id, a source, brand, country or
/// indicator value containing it (case-insensitive).
fn matches(s: &ClusterSummary, text: &str) -> bool {
    let t = text.to_lowercase();
    s.cluster.to_lowercase() == t
        || s.sources.iter().any(|x| x.to_lowercase().contains(&t))
        || s.brands.iter().any(|x| x.to_lowercase().contains(&t))
        || s.countries.keys().any(|c| c.to_lowercase() == t)
        || s.indicators
            .iter()
            .any(|i| i.value.to_lowercase().contains(&t))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let frame = Frame::new(&caller, &v, &pages, "operations");
    let sort = q
        .sort
        .as_deref()
        .filter(|s| SORTS.iter().any(|(k, _)| k == s))
        .unwrap_or("victims")
        .to_string();
    let shared = q.shared.as_deref() == Some("1");
    let mine = q.mine.as_deref() == Some("1");
    let text = q.q.clone().unwrap_or_default().trim().to_string();
    let (total, mut rows, last_seen) = {
        let engine = state.operations.read();
        let all = engine.summaries(2);
        let total = all.len();
        let mut last_seen = std::collections::HashMap::new();
        let rows: Vec<Row> = all
            .iter()
            .filter(|s| !shared || s.is_shared())
            .filter(|s| text.is_empty() || matches(s, &text))
            .map(|s| row(&state, &caller, s))
            .filter(|r| !mine || r.own > 0)
            .collect();
        for s in &all {
            last_seen.insert(
                s.cluster.clone(),
                s.last_seen.map(|t| t.to_rfc3339()).unwrap_or_default(),
            );
        }
        (total, rows, last_seen)
    };
    sort_rows(
        &mut rows,
        &|id| last_seen.get(id).cloned().unwrap_or_default(),
        &sort,
    );
    let matching = rows.len();
    let pages_n = matching.div_ceil(PAGE_SIZE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages_n);
    let start = (page - 1) * PAGE_SIZE;
    let shown: Vec<Row> = rows.into_iter().skip(start).take(PAGE_SIZE).collect();
    let page_view = ListPage {
        f: Some(frame),
        first_shown: if shown.is_empty() { 0 } else { start + 1 },
        last_shown: start + shown.len(),
        rows: shown,
        total,
        matching,
        page,
        pages: pages_n,
        sorts: SORTS
            .iter()
            .map(|(k, l)| SortLink {
                key: k,
                label: l,
                current: *k == sort,
                href: list_href(&q, k, 1),
            })
            .collect(),
        sort_label: SORTS
            .iter()
            .find(|(k, _)| *k == sort)
            .map_or("Victims", |(_, l)| l),
        q: text,
        shared,
        mine,
        prev: if page > 1 {
            list_href(&q, &sort, page - 1)
        } else {
            String::new()
        },
        next: if page < pages_n {
            list_href(&q, &sort, page + 1)
        } else {
            String::new()
        },
    };
    render(&v, StatusCode::OK, &page_view)
}

#[derive(Debug, Clone)]
pub struct ReportRow {
    pub source: String,
    pub id: String,
    pub href: String,
    pub received: String,
    pub country: String,
    pub brand: String,
    pub contact: String,
    pub loss: String,
    pub explain: String,
}

#[derive(Debug, Clone)]
pub struct IndicatorRow {
    pub ty: &'static str,
    pub value: String,
    pub reports: usize,
    pub hub: bool,
    pub search: String,
}

#[derive(Debug, Clone)]
pub struct HubRow {
    pub ty: &'static str,
    pub value: String,
    pub reports: usize,
    pub sources: usize,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct GroupRow {
    pub reports: usize,
    pub own: Vec<(String, String)>,
    pub own_more: usize,
    pub others: usize,
    pub values: String,
}

#[derive(Debug, Clone)]
pub struct TypeBox {
    pub ty: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "analyst/operation.html")]
struct OperationPage {
    f: Option<Frame>,
    s: ClusterSummary,
    requested: String,
    loss: String,
    by_currency: String,
    own: Vec<ReportRow>,
    /// Own reports not listed (the list shows [`OWN_LISTED`] unless `?all=1`).
    own_more: usize,
    own_total: usize,
    hidden: usize,
    indicators: Vec<IndicatorRow>,
    hubs: Vec<HubRow>,
    timeline: Chart,
    countries: Chart,
    g: Graph,
    edges: Vec<(f64, f64, f64, f64, String, String)>,
    groups: Vec<GroupRow>,
    types: Vec<TypeBox>,
    max_ind: usize,
    show_hubs: bool,
    grouping: &'static str,
    /// The caller may open a referral case from this operation.
    may_open_case: bool,
    /// Cases (reference, title, status) holding this operation that the caller may see.
    cases: Vec<(String, String, String)>,
}

/// The network options from the query string: `t=phone&t=domain` (types, repeated),
/// `n=30` (most indicator nodes), `hubs=1`.
pub fn net_options(raw: Option<&str>) -> Options {
    let mut o = Options::default();
    for kv in raw.unwrap_or("").split('&') {
        let Some((k, val)) = kv.split_once('=') else {
            continue;
        };
        match k {
            "t" => {
                if let Ok(t) = val.parse::<IndicatorType>()
                    && !o.types.contains(&t)
                {
                    o.types.push(t);
                }
            }
            "n" => {
                if let Ok(n) = val.parse::<usize>() {
                    o.max_indicators = n.clamp(5, 100);
                }
            }
            "hubs" => o.show_hubs = val == "1",
            _ => {}
        }
    }
    o
}

/// Reports over time: per day for up to two months, else per month.
fn timeline(times: &[chrono::DateTime<chrono::Utc>]) -> Chart {
    let (Some(first), Some(last)) = (times.iter().min(), times.iter().max()) else {
        return chart::columns("timeline", "Reports over time", "Date", "Reports", vec![]);
    };
    let by_day = (*last - *first).num_days() <= 62;
    let mut buckets: BTreeMap<String, u64> = BTreeMap::new();
    if by_day {
        let mut d = first.date_naive();
        while d <= last.date_naive() {
            buckets.insert(d.format("%Y-%m-%d").to_string(), 0);
            d = d.succ_opt().unwrap_or(d);
            if d == d.pred_opt().unwrap_or(d) {
                break;
            }
        }
    }
    for t in times {
        let k = if by_day {
            t.format("%Y-%m-%d").to_string()
        } else {
            t.format("%Y-%m").to_string()
        };
        *buckets.entry(k).or_default() += 1;
    }
    chart::columns(
        "timeline",
        if by_day {
            "Reports per day"
        } else {
            "Reports per month"
        },
        if by_day { "Day" } else { "Month" },
        "Reports",
        buckets
            .into_iter()
            .map(|(k, n)| Datum::count(k, n))
            .collect(),
    )
}

fn ind_str(t: IndicatorType) -> &'static str {
    t.as_str()
}

pub async fn show(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let frame = Frame::new(&caller, &v, &pages, "operations");
    let (summary, hubs_all) = {
        let engine = state.operations.read();
        let s = engine.resolve(&id).and_then(|c| engine.summary(&c));
        (s, engine.hubs())
    };
    let Some(s) = summary else {
        return problem(
            &v,
            Some(frame),
            StatusCode::NOT_FOUND,
            "No such operation",
            &format!("There is no operation `{id}` (it may have split since)."),
        );
    };
    let stored = match state.store.operation_reports(&s.cluster).await {
        Ok(r) => r,
        Err(e) => return failure(&v, Some(frame), e.into()),
    };
    let members: HashSet<&str> = s.report_keys.iter().map(String::as_str).collect();
    let stored: Vec<_> = stored
        .into_iter()
        .filter(|r| members.contains(r.key().as_str()))
        .collect();
    let sees = |k: &str| caller.sees_owner(state.operations.owner_of(k));
    let anchor = stored.iter().find(|r| sees(&r.key())).map(|r| r.key());
    let own: Vec<ReportRow> = stored
        .iter()
        .filter(|r| sees(&r.key()))
        .map(|r| ReportRow {
            href: format!("/app/reports/{}/{}", encode(&r.source), encode(&r.id)),
            explain: match &anchor {
                Some(a) if *a != r.key() => {
                    format!("/app/explain?a={}&b={}", encode(a), encode(&r.key()))
                }
                _ => String::new(),
            },
            source: r.source.clone(),
            id: r.id.clone(),
            received: r
                .received_at
                .as_deref()
                .map(|t| t.chars().take(10).collect())
                .unwrap_or_else(|| "–".into()),
            country: r.country.clone().unwrap_or_default(),
            brand: r.brand.clone().unwrap_or_default(),
            contact: r
                .contact_method
                .clone()
                .unwrap_or_default()
                .replace('_', " "),
            loss: r
                .loss
                .as_ref()
                .map(|(a, c)| format!("{a} {c}"))
                .unwrap_or_default(),
        })
        .collect();
    let hidden = s.report_keys.len() - s.report_keys.iter().filter(|k| sees(k)).count();
    let own_total = own.len();
    let list_all = raw
        .as_deref()
        .unwrap_or("")
        .split('&')
        .any(|kv| kv == "all=1");
    let mut own = own;
    if !list_all {
        own.truncate(OWN_LISTED);
    }
    let own_more = own_total - own.len();
    let times: Vec<chrono::DateTime<chrono::Utc>> = stored
        .iter()
        .filter_map(|r| r.received_at.as_deref())
        .filter_map(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
        .collect();
    let mut countries: Vec<(&String, &u32)> = s.countries.iter().collect();
    countries.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let countries = chart::bars(
        "victim-countries",
        "Victims by country",
        "Country",
        "Victims",
        countries
            .into_iter()
            .map(|(c, n)| Datum::count(c.clone(), u64::from(*n)))
            .collect(),
    );
    let opt = net_options(raw.as_deref());
    let hub_set: HashSet<(IndicatorType, String)> = s
        .indicators
        .iter()
        .filter(|i| i.hub)
        .map(|i| (i.ty, i.value.clone()))
        .chain(hubs_all.iter().map(|h| (h.ty, h.value.clone())))
        .collect();
    let net_reports: Vec<NetReport> = stored
        .iter()
        .map(|r| NetReport {
            key: r.key(),
            own: sees(&r.key()),
            indicators: r
                .indicators
                .iter()
                .map(|i| (i.ty, i.value.clone(), i.warning.is_some()))
                .collect(),
        })
        .collect();
    let g = network::build(&net_reports, &hub_set, &opt);
    let edges = g
        .edges
        .iter()
        .map(|e| {
            let (a, b) = (&g.nodes[e.a], &g.nodes[e.b]);
            (
                a.x,
                a.y,
                b.x,
                b.y,
                format!("{:.1}", (1.0 + (e.weight as f64).sqrt()).min(6.0)),
                if e.hub { "edge hub" } else { "edge" }.to_string(),
            )
        })
        .collect();
    let groups: Vec<GroupRow> = g
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(gi, n)| match &n.kind {
            NodeKind::Group { own, others } => {
                let values: Vec<String> = g
                    .edges
                    .iter()
                    .filter(|e| e.b == gi)
                    .filter_map(|e| match &g.nodes[e.a].kind {
                        NodeKind::Indicator { ty, value, .. } => {
                            Some(format!("{} {value}", ty.as_str()))
                        }
                        _ => None,
                    })
                    .collect();
                Some(GroupRow {
                    reports: own.len() + others,
                    own: own
                        .iter()
                        .take(8)
                        .map(|k| {
                            let (src, rid) = k.split_once('/').unwrap_or(("", k));
                            (
                                format!("/app/reports/{}/{}", encode(src), encode(rid)),
                                rid.to_string(),
                            )
                        })
                        .collect(),
                    own_more: own.len().saturating_sub(8),
                    others: *others,
                    values: values.join(", "),
                })
            }
            _ => None,
        })
        .collect();
    let indicators = s
        .indicators
        .iter()
        .map(|i| IndicatorRow {
            ty: ind_str(i.ty),
            value: i.value.clone(),
            reports: i.reports,
            hub: i.hub,
            search: format!("/app/search?type={}&q={}", i.ty.as_str(), encode(&i.value)),
        })
        .collect();
    let hubs = hubs_all
        .iter()
        .filter(|h| {
            s.indicators
                .iter()
                .any(|i| i.hub && i.ty == h.ty && i.value == h.value)
        })
        .map(|h| HubRow {
            ty: ind_str(h.ty),
            value: h.value.clone(),
            reports: h.reports,
            sources: h.sources.len(),
            reason: if h.reason == "policy" {
                "declared in the policy".into()
            } else {
                format!(
                    "hub rule: on {} reports next to {} other established values",
                    h.reports, h.partners
                )
            },
        })
        .collect();
    let loss = usd(s.loss.amount.parse().unwrap_or_default());
    let by_currency = s
        .loss
        .by_currency
        .iter()
        .map(|(c, a)| format!("{a} {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let types = [
        IndicatorType::Phone,
        IndicatorType::Domain,
        IndicatorType::Url,
        IndicatorType::Email,
        IndicatorType::RemoteAccessId,
        IndicatorType::CryptoWallet,
        IndicatorType::Iban,
        IndicatorType::GiftCard,
    ]
    .iter()
    .map(|t| TypeBox {
        ty: t.as_str(),
        checked: opt.types.is_empty() || opt.types.contains(t),
    })
    .collect();
    let grouping = match g.grouping {
        network::Grouping::Signature => "reports with the same shared values",
        network::Grouping::Primary => "reports by their most widespread shared value",
    };
    let cases = cases_of(&state, &caller, &s.cluster).await;
    let may_open_case = matches!(caller.role, Role::Analyst | Role::OrgAdmin | Role::Admin)
        && caller.need_scope(dragnet_store::Scope::Write).is_ok()
        && state.store.as_sql().is_some();
    let page = OperationPage {
        may_open_case,
        cases,
        f: Some(frame),
        requested: id,
        loss,
        by_currency,
        own,
        own_more,
        own_total,
        hidden,
        indicators,
        hubs,
        timeline: timeline(&times),
        countries,
        edges,
        groups,
        types,
        max_ind: opt.max_indicators,
        show_hubs: opt.show_hubs,
        grouping,
        g,
        s,
    };
    render(&v, StatusCode::OK, &page)
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ExplainQuery {
    #[serde(default)]
    a: String,
    #[serde(default)]
    b: String,
}

#[derive(Debug, Clone)]
pub struct HopRow {
    pub from: String,
    pub from_href: String,
    pub to: String,
    pub to_href: String,
    pub via: String,
    pub blocked: String,
}

#[derive(Template)]
#[template(path = "analyst/explain.html")]
struct ExplainPage {
    f: Option<Frame>,
    a: String,
    b: String,
    error: String,
    answered: bool,
    joined: bool,
    reason: String,
    cluster_a: String,
    cluster_b: String,
    hops: Vec<HopRow>,
}

fn report_href(key: &str) -> String {
    match key.split_once('/') {
        Some((s, i)) => format!("/app/reports/{}/{}", encode(s), encode(i)),
        None => String::new(),
    }
}

pub async fn explain(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Query(q): Query<ExplainQuery>,
) -> Response {
    let frame = Frame::new(&caller, &v, &pages, "operations");
    let mut page = ExplainPage {
        f: Some(frame),
        a: q.a.trim().to_string(),
        b: q.b.trim().to_string(),
        error: String::new(),
        answered: false,
        joined: false,
        reason: String::new(),
        cluster_a: String::new(),
        cluster_b: String::new(),
        hops: Vec::new(),
    };
    if page.a.is_empty() || page.b.is_empty() {
        if !(page.a.is_empty() && page.b.is_empty()) {
            page.error = "Give two reports of your organisation (SOURCE/ID or ID).".into();
        }
        return render(&v, StatusCode::OK, &page);
    }
    let keys = match (
        report_key(state.store.as_ref(), &caller, &page.a).await,
        report_key(state.store.as_ref(), &caller, &page.b).await,
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            page.error = e.message;
            return render(&v, StatusCode::NOT_FOUND, &page);
        }
    };
    let result = state.operations.read().explain(&keys.0, &keys.1);
    match result {
        Ok(e) => {
            page.answered = true;
            page.joined = e.joined;
            page.reason = e.reason;
            page.cluster_a = e.cluster_a.unwrap_or_default();
            page.cluster_b = e.cluster_b.unwrap_or_default();
            let shown = |k: &str| -> (String, String) {
                if caller.sees_owner(state.operations.owner_of(k)) {
                    (k.to_string(), report_href(k))
                } else {
                    (OTHER_ORG.to_string(), String::new())
                }
            };
            page.hops = e
                .chain
                .iter()
                .map(|h| {
                    let (from, from_href) = shown(&h.from);
                    let (to, to_href) = shown(&h.to);
                    let (via, blocked) = match &h.via {
                        Via::Duplicate => ("same victim, same incident".to_string(), String::new()),
                        Via::Indicator { ty, value, blocked } => (
                            format!("{} {value}", ty.as_str()),
                            match blocked {
                                None => String::new(),
                                Some(Blocked::Hub) => "suppressed as a hub".into(),
                                Some(Blocked::Policy) => "suppressed by the policy".into(),
                                Some(Blocked::Warninglist { list }) => {
                                    format!("on the warninglist {list}")
                                }
                                Some(Blocked::TypeNotLinked) => {
                                    "its type does not link reports".into()
                                }
                            },
                        ),
                    };
                    HopRow {
                        from,
                        from_href,
                        to,
                        to_href,
                        via,
                        blocked,
                    }
                })
                .collect();
            render(&v, StatusCode::OK, &page)
        }
        Err(e) => {
            page.error = e.to_string();
            render(&v, StatusCode::NOT_FOUND, &page)
        }
    }
}

/// `/app/operations/` without an id: the list.
pub async fn to_list() -> Response {
    Redirect::to("/app/operations").into_response()
}

/// The referral cases holding an operation that the caller may see (none when the store
/// keeps no cases or cannot answer: the page still shows the operation).
async fn cases_of(
    state: &AppState,
    caller: &Caller,
    cluster: &str,
) -> Vec<(String, String, String)> {
    use dragnet_store::CaseStore;
    let Some(s) = state.store.as_sql() else {
        return Vec::new();
    };
    let filter = crate::api::cases::case_filter(caller);
    let cases = match s.list_cases(&filter).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "cases of an operation");
            return Vec::new();
        }
    };
    let engine = state.operations.read();
    cases
        .into_iter()
        .filter(|c| crate::api::cases::sees(caller, c))
        .filter(|c| {
            c.operations
                .iter()
                .any(|o| engine.resolve(o).as_deref() == Some(cluster))
        })
        .map(|c| (c.reference, c.title, c.status.to_string()))
        .collect()
}
