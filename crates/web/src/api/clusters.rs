//! Operations (clusters): `GET /api/v1/clusters` (FORMATS.md §3 summaries, most victims
//! first; `?shared=true` for operations seen by more than one source, `?min_reports=N`),
//! `GET /api/v1/clusters/{id}` (one summary with its history), `GET /api/v1/explain?a=&b=`
//! (the chain joining two reports, or why they are not joined) and `GET /api/v1/hubs`
//! (values suppressed as hubs).

use crate::api::extract::{Path, Query};
use crate::api::openapi::{ErrorBody, IndicatorTypeName};
use crate::auth::Caller;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use dragnet_cluster::ClusterSummary;
use dragnet_store::ReportStore;
use dragnet_store::Scope;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/clusters", get(list))
        .route("/api/v1/clusters/{id}", get(show))
        .route("/api/v1/explain", get(explain))
        .route("/api/v1/hubs", get(hubs))
}

/// This module's part of the OpenAPI document (see `api/openapi.rs`).
#[derive(OpenApi)]
#[openapi(paths(list, show, explain, hubs))]
pub struct Doc;

#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Only operations seen by more than one source.
    #[serde(default)]
    shared: bool,
    /// Only operations with at least this many reports (default and minimum 2).
    min_reports: Option<usize>,
    /// At most this many operations.
    limit: Option<usize>,
}

/// One indicator of an operation and how many of its reports carry it.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_cluster::IndicatorCount")]
struct IndicatorCountView {
    #[schema(rename = "type")]
    ty: IndicatorTypeName,
    value: String,
    reports: u64,
    /// A suppressed hub: shown, links nothing.
    #[schema(nullable = false)]
    hub: Option<bool>,
}

/// Losses: `amount` in `currency` (USD), with the currencies victims paid in.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_cluster::LossSummary")]
struct LossSummaryView {
    currency: String,
    #[schema(example = "1234.50")]
    amount: String,
    rates_date: String,
    by_currency: BTreeMap<String, String>,
    #[schema(nullable = false)]
    unconverted: Option<Vec<String>>,
}

/// An operation as the caller may see it (FORMATS.md §3): other organisations' reports
/// are counted in `reports_total` and `reports_hidden`, never listed.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: redact() builds this")]
struct ClusterView {
    #[schema(example = "c-17")]
    cluster: String,
    /// The caller's own reports' ids (admins: all).
    reports: Vec<String>,
    /// `source/id`, same order as `reports`.
    report_keys: Vec<String>,
    reports_total: u64,
    reports_hidden: u64,
    sources: Vec<String>,
    brands: Vec<String>,
    /// Victims per ISO 3166-1 country.
    countries: BTreeMap<String, u32>,
    indicators: Vec<IndicatorCountView>,
    loss: LossSummaryView,
    victims: u32,
    incidents: u32,
    shared: bool,
    first_seen: Option<String>,
    last_seen: Option<String>,
    merged_from: Vec<String>,
    #[schema(nullable = false)]
    split_from: Option<String>,
    /// `GET /clusters/{id}` only: the id asked for (an absorbed id resolves to its operation).
    #[schema(nullable = false)]
    requested: Option<String>,
    /// `GET /clusters/{id}` only: correlation events (`created`, `joined`, `merged`, `split`,
    /// `hub_suppressed`, …), oldest first, naming only the caller's reports.
    #[schema(nullable = false, value_type = Option<Vec<Object>>)]
    history: Option<Vec<Value>>,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct ClusterList {
    count: u64,
    /// Most victims first.
    clusters: Vec<ClusterView>,
}

#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ExplainQuery {
    /// A report: `source/id`, or an id only one source uses.
    a: String,
    /// The other report.
    b: String,
}

/// One hop of a chain: `via` is `{"kind": "indicator", "type", "value", "blocked"?}` or
/// `{"kind": "duplicate"}`.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_cluster::Hop")]
struct HopView {
    /// `source/id`, or "(another organisation's report)".
    from: String,
    to: String,
    #[schema(value_type = Object)]
    via: Value,
}

/// Why two reports are (not) in one operation.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_cluster::Explanation")]
struct ExplanationView {
    a: String,
    b: String,
    joined: bool,
    cluster_a: Option<String>,
    cluster_b: Option<String>,
    chain: Vec<HopView>,
    /// One sentence for people.
    reason: String,
}

/// A value suppressed as a hub.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_cluster::Hub")]
struct HubView {
    #[schema(rename = "type")]
    ty: IndicatorTypeName,
    value: String,
    reports: u64,
    sources: Vec<String>,
    partners: u32,
    /// `hub_rule` or `policy`.
    reason: String,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct HubList {
    count: u64,
    hubs: Vec<HubView>,
}

/// The operation without the contributions withheld from this caller (TLP:RED of other
/// organisations), which then count nowhere; `None` when fewer than `min` reports remain.
pub fn visible_summary(
    state: &AppState,
    caller: &Caller,
    s: ClusterSummary,
    min: usize,
) -> Option<ClusterSummary> {
    let hidden = |k: &str| crate::tlp::withheld(&state.operations, caller, k);
    let s = if s.report_keys.iter().any(|k| hidden(k)) {
        state
            .operations
            .read()
            .summary_where(&s.cluster, &|k| !hidden(k))?
    } else {
        s
    };
    (s.reports.len() >= min).then_some(s)
}

/// An operation as this caller may see it: other organisations' reports appear only in
/// the counts, never by id.
pub fn redact(state: &AppState, caller: &Caller, s: ClusterSummary) -> Value {
    let total = s.reports.len();
    let (reports, keys): (Vec<String>, Vec<String>) = s
        .reports
        .iter()
        .zip(&s.report_keys)
        .filter(|(_, k)| caller.sees_owner(state.operations.owner_of(k)))
        .map(|(r, k)| (r.clone(), k.clone()))
        .unzip();
    let mut v = serde_json::to_value(&s).unwrap_or(Value::Null);
    v["reports"] = json!(reports);
    v["report_keys"] = json!(keys);
    v["reports_total"] = json!(total);
    v["reports_hidden"] = json!(total - reports.len());
    v
}

/// Operations, most victims first.
#[utoipa::path(get, path = "/api/v1/clusters", tag = "operations",
    params(ListQuery),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Operations as the caller may see them", body = ClusterList),
        (status = 400, description = "A bad parameter", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `read` scope", body = ErrorBody),
    ))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    let all = state
        .operations
        .read()
        .summaries(q.min_reports.unwrap_or(2));
    let min = q.min_reports.unwrap_or(2).max(2);
    let items: Vec<Value> = all
        .into_iter()
        .filter_map(|s| visible_summary(&state, &caller, s, min))
        .filter(|s| !q.shared || s.is_shared())
        .take(q.limit.unwrap_or(usize::MAX))
        .map(|s| redact(&state, &caller, s))
        .collect();
    Ok(Json(json!({"count": items.len(), "clusters": items})))
}

/// One operation with its history.
#[utoipa::path(get, path = "/api/v1/clusters/{id}", tag = "operations",
    params(("id" = String, Path, description = "An operation id (absorbed ids resolve)")),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The operation", body = ClusterView),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `read` scope", body = ErrorBody),
        (status = 404, description = "No such operation", body = ErrorBody),
    ))]
async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    let summary = {
        let engine = state.operations.read();
        // An id absorbed by a merge resolves to the operation that kept its own id.
        let current = engine.resolve(&id);
        current.and_then(|c| engine.summary(&c))
    };
    let Some(summary) = summary.and_then(|s| visible_summary(&state, &caller, s, 2)) else {
        return Err(ApiError::not_found(&format!("operation `{id}`")));
    };
    let history = state.store.cluster_events(&summary.cluster).await?;
    // The history names reports; keep only the caller's own.
    let history: Vec<Value> = history
        .into_iter()
        .map(|mut e| {
            for field in ["reports", "released"] {
                if let Some(list) = e[field].as_array() {
                    let kept: Vec<Value> = list
                        .iter()
                        .filter(|k| {
                            caller.sees_owner(state.operations.owner_of(k.as_str().unwrap_or("")))
                        })
                        .cloned()
                        .collect();
                    e[field] = Value::Array(kept);
                }
            }
            for field in ["report", "of"] {
                if let Some(k) = e[field].as_str()
                    && !caller.sees_owner(state.operations.owner_of(k))
                {
                    e[field] = json!("(another organisation's report)");
                }
            }
            e
        })
        .collect();
    let mut v = redact(&state, &caller, summary);
    v["requested"] = id.into();
    v["history"] = Value::Array(history);
    Ok(Json(v))
}

/// A report reference: `source/id`, or an id that only one source uses.
pub async fn report_key(
    store: &dyn ReportStore,
    caller: &Caller,
    reference: &str,
) -> Result<String, ApiError> {
    if let Some((source, id)) = reference.split_once('/') {
        let found = store.get_reports(Some(source), id).await?;
        if found.iter().any(|r| caller.sees_report(r)) {
            return Ok(reference.to_string());
        }
    }
    let found: Vec<_> = store
        .get_reports(None, reference)
        .await?
        .into_iter()
        .filter(|r| caller.sees_report(r))
        .collect();
    match found.as_slice() {
        [] => Err(ApiError::not_found(&format!("report `{reference}`"))),
        [one] => Ok(format!("{}/{}", one.source, one.id)),
        many => Err(ApiError::ambiguous(format!(
            "{} sources have a report `{reference}`; write it as SOURCE/ID: {}",
            many.len(),
            many.iter()
                .map(|r| format!("{}/{}", r.source, r.id))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The chain joining two reports, or why they are not joined.
#[utoipa::path(get, path = "/api/v1/explain", tag = "operations",
    params(ExplainQuery),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The explanation", body = ExplanationView),
        (status = 400, description = "A missing or bad parameter", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `read` scope", body = ErrorBody),
        (status = 404, description = "No such report the caller may see", body = ErrorBody),
        (status = 409, description = "Several sources use an id: write SOURCE/ID", body = ErrorBody),
    ))]
async fn explain(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ExplainQuery>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    let a = report_key(state.store.as_ref(), &caller, &q.a).await?;
    let b = report_key(state.store.as_ref(), &caller, &q.b).await?;
    let result = state.operations.read().explain(&a, &b);
    let mut e = match result {
        Ok(e) => e,
        Err(e) => return Err(ApiError::not_found(&e.to_string())),
    };
    // Hops touching a contribution withheld from the caller (TLP:RED of another
    // organisation) keep nothing of it: neither the value nor, in the sentence, the values.
    let withheld: Vec<bool> = e
        .chain
        .iter()
        .map(|h| {
            crate::tlp::withheld(&state.operations, &caller, &h.from)
                || crate::tlp::withheld(&state.operations, &caller, &h.to)
        })
        .collect();
    if withheld.iter().any(|w| *w) && !e.joined {
        e.reason = "not joined: the closest chain passes through contributions withheld under \
                    TLP:RED"
            .to_string();
    }
    // A chain may pass through other organisations' reports: show the shared values, not them.
    for hop in &mut e.chain {
        for k in [&mut hop.from, &mut hop.to] {
            if !caller.sees_owner(state.operations.owner_of(k)) {
                *k = "(another organisation's report)".to_string();
            }
        }
    }
    let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
    if let Some(chain) = v["chain"].as_array_mut() {
        for (hop, hidden) in chain.iter_mut().zip(withheld) {
            if hidden {
                hop["via"] = json!({"kind": "withheld", "tlp": "red"});
            }
        }
    }
    Ok(Json(v))
}

/// Values the hub rule (or policy) suppresses.
#[utoipa::path(get, path = "/api/v1/hubs", tag = "operations",
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The hubs", body = HubList),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `read` scope", body = ErrorBody),
    ))]
async fn hubs(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    let hubs = state.operations.read().hubs();
    Ok(Json(json!({"count": hubs.len(), "hubs": hubs})))
}
