//! Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database
//! answers too), for load balancers and orchestrators.

use crate::{ApiError, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.store.ping().await?;
    Ok(Json(
        json!({"status": "ready", "database": state.store.backend().as_str(),
               "correlation": state.operations.status()}),
    ))
}
