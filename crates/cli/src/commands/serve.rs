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
    /// Let `/api/v1/check` fetch pages (`{"value": URL, "fetch": true}`) under strict limits
    /// (also DRAGNET_CHECK_FETCH or `check_fetch` in the config file). Off by default.
    #[arg(long)]
    pub check_fetch: bool,
}

pub async fn run(a: ServeArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let listen = a.listen.unwrap_or_else(|| settings.listen.clone());
    let operations = Arc::new(
        super::load_operations_for_writing(&store, &format!("dragnet serve {listen}")).await?,
    );
    let fetch = a.check_fetch || settings.check_fetch;
    serve_store_with(store, operations, &listen, settings, fetch, |url| {
        println!("Dragnet is serving on {url}");
    })
    .await?;
    Ok(ExitCode::SUCCESS)
}

/// Serves an opened store; `announce` gets the URL once the socket is bound.
pub async fn serve_store(
    store: SqlStore,
    operations: Arc<Operations>,
    listen: &str,
    settings: &Settings,
    announce: impl FnOnce(&str),
) -> anyhow::Result<()> {
    let fetch = settings.check_fetch;
    serve_store_with(store, operations, listen, settings, fetch, announce).await
}

/// [`serve_store`], saying whether the check may fetch pages.
async fn serve_store_with(
    store: SqlStore,
    operations: Arc<Operations>,
    listen: &str,
    settings: &Settings,
    fetch: bool,
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
    if let Some(t) = settings.default_tlp {
        dragnet_web::tlp::configure(t);
    }
    // Shared database (PostgreSQL): follow the other processes' reports, seek the worker role.
    let follower = tokio::spawn(operations.clone().follow(FOLLOW_EVERY));
    // Partners' indicators (`dragnet pull` writes them from its own process): reloaded when
    // they change.
    let partner_intel = Arc::new(dragnet_store::PartnerIntel::load(&store).await?);
    let partner_refresh = dragnet_web::partner::spawn_refresh(
        partner_intel.clone(),
        Arc::new(store.clone()),
        dragnet_web::partner::REFRESH_EVERY,
    );
    let state = AppState {
        store: Arc::new(store.clone()),
        accounts: Arc::new(store.clone()),
        taxii: Arc::new(store.clone()),
        operations,
        partner_intel,
        extractor: Arc::new(Extractor::new()),
        limits: Limits {
            fetch: fetch.then(dragnet_web::fetch::FetchPolicy::default),
            ..Limits::default()
        },
        default_source: settings.default_source.clone(),
    };
    // Victims' personal data past the retention period is erased hourly while serving.
    let retention = settings.retention_days.map(|days| {
        dragnet_web::retention::spawn(
            store.clone(),
            dragnet_web::retention::Retention {
                days,
                uploads_dir: Some(super::data_dir(settings).join("uploads")),
                actor: "retention".into(),
            },
            std::time::Duration::from_secs(3600),
        )
    });
    announce(&format!("http://{addr}"));
    if fetch {
        tracing::info!("the check fetches pages (check_fetch is on)");
    }
    tracing::info!(%addr, backend = store.backend().as_str(), "listening");
    dragnet_web::serve(listener, state, dragnet_web::shutdown_signal()).await?;
    if let Some(job) = retention {
        job.abort();
    }
    follower.abort();
    partner_refresh.abort();
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}
