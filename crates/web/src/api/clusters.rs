//! Operations (clusters): `GET /api/v1/clusters` (FORMATS.md §3 summaries, most victims
//! first; `?shared=true` for operations seen by more than one source, `?min_reports=N`),
//! `GET /api/v1/clusters/{id}` (one summary with its history), `GET /api/v1/explain?a=&b=`
//! (the chain joining two reports, or why they are not joined) and `GET /api/v1/hubs`
//! (values suppressed as hubs).

use crate::{ApiError, AppState};
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use dragnet_store::ReportStore;
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

async fn list(State(state): State<AppState>, Query(q): Query<ListQuery>) -> Json<Value> {
    let engine = state.operations.lock();
    let all = engine.summaries(q.min_reports.unwrap_or(2));
    let items: Vec<_> = all
        .into_iter()
        .filter(|s| !q.shared || s.is_shared())
        .take(q.limit.unwrap_or(usize::MAX))
        .collect();
    Json(json!({"count": items.len(), "clusters": items}))
}

async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let summary = {
        let engine = state.operations.lock();
        // An id absorbed by a merge resolves to the operation that kept its own id.
        let current = engine.resolve(&id);
        current.and_then(|c| engine.summary(&c))
    };
    let Some(summary) = summary else {
        return Err(ApiError::not_found(&format!("operation `{id}`")));
    };
    let history = state.store.cluster_events(&summary.cluster).await?;
    let mut v = serde_json::to_value(&summary).unwrap_or(Value::Null);
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
pub async fn report_key(store: &dyn ReportStore, reference: &str) -> Result<String, ApiError> {
    if let Some((source, id)) = reference.split_once('/')
        && !store.get_reports(Some(source), id).await?.is_empty()
    {
        return Ok(reference.to_string());
    }
    let found = store.get_reports(None, reference).await?;
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
    Query(q): Query<ExplainQuery>,
) -> Result<Json<Value>, ApiError> {
    let a = report_key(state.store.as_ref(), &q.a).await?;
    let b = report_key(state.store.as_ref(), &q.b).await?;
    let result = state.operations.lock().explain(&a, &b);
    match result {
        Ok(e) => Ok(Json(serde_json::to_value(e).unwrap_or(Value::Null))),
        Err(e) => Err(ApiError::not_found(&e.to_string())),
    }
}

async fn hubs(State(state): State<AppState>) -> Json<Value> {
    let hubs = state.operations.lock().hubs();
    Json(json!({"count": hubs.len(), "hubs": hubs}))
}
