//! Operations (clusters): `GET /api/v1/clusters` (FORMATS.md §3 summaries, most victims
//! first; `?shared=true` for operations seen by more than one source, `?min_reports=N`),
//! `GET /api/v1/clusters/{id}` (one summary with its history), `GET /api/v1/explain?a=&b=`
//! (the chain joining two reports, or why they are not joined) and `GET /api/v1/hubs`
//! (values suppressed as hubs).

use crate::auth::Caller;
use crate::{ApiError, AppState};
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use dragnet_cluster::ClusterSummary;
use dragnet_store::ReportStore;
use dragnet_store::Scope;
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/clusters", get(list))
        .route("/api/v1/clusters/{id}", get(show))
        .route("/api/v1/explain", get(explain))
        .route("/api/v1/hubs", get(hubs))
}

#[derive(serde::Deserialize)]
struct ListQuery {
    #[serde(default)]
    shared: bool,
    min_reports: Option<usize>,
    limit: Option<usize>,
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
    let items: Vec<Value> = all
        .into_iter()
        .filter(|s| !q.shared || s.is_shared())
        .take(q.limit.unwrap_or(usize::MAX))
        .map(|s| redact(&state, &caller, s))
        .collect();
    Ok(Json(json!({"count": items.len(), "clusters": items})))
}

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
    let Some(summary) = summary else {
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

#[derive(serde::Deserialize)]
struct ExplainQuery {
    a: String,
    b: String,
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
    // A chain may pass through other organisations' reports: show the shared values, not them.
    for hop in &mut e.chain {
        for k in [&mut hop.from, &mut hop.to] {
            if !caller.sees_owner(state.operations.owner_of(k)) {
                *k = "(another organisation's report)".to_string();
            }
        }
    }
    Ok(Json(serde_json::to_value(e).unwrap_or(Value::Null)))
}

async fn hubs(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    let hubs = state.operations.read().hubs();
    Ok(Json(json!({"count": hubs.len(), "hubs": hubs})))
}
