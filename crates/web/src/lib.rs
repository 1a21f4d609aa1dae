//! Dragnet's HTTP server: the JSON API and, later, the pages.
//!
//! Each resource is a module with its own `router()`; [`app`] merges them and adds the
//! cross-cutting layers (body limits, tracing). [`serve`] runs the app until SIGTERM or
//! Ctrl-C, then lets in-flight requests finish, so an acknowledged report is never cut off.
#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
pub mod error;
pub mod fetch;
pub mod overlap;
pub mod pages;
pub mod partner;
pub mod retention;
pub mod taxii;
pub mod tlp;

use axum::Router;
use dragnet_extract::Extractor;
use dragnet_store::{AccountStore, Operations, PartnerIntel, ReportStore, TaxiiStore};
use std::sync::Arc;

pub use error::ApiError;

/// Limits the server enforces on what clients send.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body, in bytes (a JSONL batch).
    pub max_body_bytes: usize,
    /// Most reports in one batch.
    pub max_batch_reports: usize,
    /// Whether `/api/v1/check` fetches pages (`{"value": URL, "fetch": true}`), and under
    /// which limits. `None` (the default): never.
    pub fetch: Option<fetch::FetchPolicy>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 16 * 1024 * 1024,
            max_batch_reports: 10_000,
            fetch: None,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn ReportStore>,
    /// Organisations, users, tokens, sessions, audit log.
    pub accounts: Arc<dyn AccountStore>,
    /// TAXII collections, status resources and pull positions.
    pub taxii: Arc<dyn TaxiiStore>,
    /// The operations (correlation engine) kept in step with the store.
    pub operations: Arc<Operations>,
    /// Partners' indicators the check and search show (TLP permitting), in memory.
    pub partner_intel: Arc<PartnerIntel>,
    pub extractor: Arc<Extractor>,
    pub limits: Limits,
    /// The source recorded for reports that name none (e.g. `api`).
    pub default_source: String,
}

/// The whole application, ready to serve or to call in-process in tests.
pub fn app(state: AppState) -> Router {
    let limit = state.limits.max_body_bytes;
    Router::new()
        .merge(api::health::router())
        .merge(api::account::router())
        .merge(api::check::router())
        .merge(api::reports::router())
        .merge(api::clusters::router())
        .merge(api::cases::router())
        .merge(api::openapi::router())
        .merge(api::search::router())
        .merge(api::overlap::router())
        .merge(pages::router())
        .merge(taxii::router())
        .layer(axum::extract::DefaultBodyLimit::max(limit))
        // A bug in a handler becomes a logged 500 with the usual JSON body, not a dropped
        // connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                tracing::error!("a request handler panicked");
                axum::response::IntoResponse::into_response(ApiError::internal())
            },
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
