//! Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database
//! answers too), for load balancers and orchestrators.

use crate::{ApiError, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// This module's part of the OpenAPI document (see `api/openapi.rs`).
#[derive(OpenApi)]
#[openapi(paths(healthz, readyz))]
pub struct Doc;

#[derive(serde::Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `ready` when the database answered too.
    #[schema(example = "ok")]
    status: &'static str,
    /// `sqlite` or `postgres` (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    database: Option<&'static str>,
    /// The correlation engine in this process (readiness only): `mode` (`single`, or
    /// `shared` when several processes use one PostgreSQL), `worker` (whether this process
    /// records links), and in shared mode `followed_seq` and `linked_seq`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, value_type = Object)]
    correlation: Option<serde_json::Value>,
}

/// The process answers.
#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, description = "Alive", body = Health)))]
async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok",
        database: None,
        correlation: None,
    })
}

/// The process and its database answer.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "The database does not answer", body = crate::api::openapi::ErrorBody),
    ))]
async fn readyz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.store.ping().await?;
    Ok(Json(Health {
        status: "ready",
        database: Some(state.store.backend().as_str()),
        correlation: Some(state.operations.status()),
    }))
}
