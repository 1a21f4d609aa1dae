//! `dragnet serve`: runs the HTTP server until SIGTERM or Ctrl-C.

use super::open_store;
use crate::config::Settings;
use anyhow::Context;
use clap::Args;
use dragnet_extract::Extractor;
use dragnet_store::{Operations, ReportStore, SqlStore};
use dragnet_web::{AppState, Limits};
use std::process::ExitCode;
use std::sync::Arc;

/// How often a process on a shared database follows the others' reports.
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (also DRAGNET_LISTEN or `listen` in the config file).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
}

pub async fn run(a: ServeArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let listen = a.listen.unwrap_or_else(|| settings.listen.clone());
    let operations =
        super::load_operations_for_writing(&store, &format!("dragnet serve {listen}")).await?;
    serve_store(store, operations, &listen, settings, |url| {
        println!("Dragnet is serving on {url}");
    })
    .await?;
    Ok(ExitCode::SUCCESS)
}

/// Serves an opened store; `announce` gets the URL once the socket is bound.
pub async fn serve_store(
    store: SqlStore,
    operations: Operations,
    listen: &str,
    settings: &Settings,
    announce: impl FnOnce(&str),
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    dragnet_web::pages::configure(dragnet_web::pages::PagesConfig {
        uploads_dir: Some(super::data_dir(settings).join("uploads")),
        secret: Some(store.key().derive("csrf")),
        owner_org: settings.public_org.clone(),
        ..Default::default()
    });
    let operations = Arc::new(operations);
    // Shared database (PostgreSQL): follow the other processes' reports, seek the worker role.
    let follower = tokio::spawn(operations.clone().follow(FOLLOW_EVERY));
    let state = AppState {
        store: Arc::new(store.clone()),
        accounts: Arc::new(store.clone()),
        operations,
        extractor: Arc::new(Extractor::new()),
        limits: Limits::default(),
        default_source: settings.default_source.clone(),
    };
    announce(&format!("http://{addr}"));
    tracing::info!(%addr, backend = store.backend().as_str(), "listening");
    dragnet_web::serve(listener, state, dragnet_web::shutdown_signal()).await?;
    follower.abort();
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}
