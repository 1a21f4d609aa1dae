//! The retention period for victims' personal data: reports older than the period lose
//! their personal data exactly as on an erasure request (the sealed reporter block and the
//! screenshots go; the body and the non-personal indicators stay), and each erasure is
//! written to the audit log with the period as its purpose.
//!
//! [`run`] does one pass (used by `dragnet retention run` and by the server); [`spawn`]
//! repeats it in the server at a fixed interval.

use crate::pages::upload;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use dragnet_store::{AccountStore, AuditEntry, ReportStore, SqlStore, StoreError};
use std::path::PathBuf;

/// Reports handled per database round trip.
const BATCH: i64 = 500;

/// What one pass found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    /// Reports whose personal data was older than the period when the pass began.
    pub expired: u64,
    /// Reports whose personal data this pass erased (0 on a dry run).
    pub erased: u64,
    /// The cutoff: personal data of reports dated before it is erased (RFC 3339).
    pub cutoff: String,
}

/// How a pass is run.
#[derive(Debug, Clone)]
pub struct Retention {
    /// Personal data is kept this many days after the report.
    pub days: u32,
    /// Where report screenshots live (`None`: no uploads).
    pub uploads_dir: Option<PathBuf>,
    /// Written to the audit log as the actor (`retention`, `cli:alice`).
    pub actor: String,
}

impl Retention {
    /// The cutoff for a pass at `now`.
    pub fn cutoff(&self, now: DateTime<Utc>) -> String {
        (now - Duration::days(i64::from(self.days))).to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

/// One pass: erases (or, with `dry_run`, only counts) the personal data of every report
/// dated before `now - days`. `progress(done, total)` is called after each batch;
/// `on_report` gets each report handled (`source`, `id`, its date).
pub async fn run(
    store: &SqlStore,
    policy: &Retention,
    now: DateTime<Utc>,
    dry_run: bool,
    mut progress: impl FnMut(u64, u64),
    mut on_report: impl FnMut(&str, &str, &str),
) -> Result<Outcome, RetentionError> {
    let cutoff = policy.cutoff(now);
    let total = store.count_expired_personal_data(&cutoff).await?.max(0) as u64;
    let mut out = Outcome {
        expired: total,
        erased: 0,
        cutoff: cutoff.clone(),
    };
    let purpose = format!(
        "retention period of {} days (personal data of reports dated before {cutoff})",
        policy.days
    );
    let mut after = 0;
    let mut done = 0;
    loop {
        let batch = store.expired_personal_data(&cutoff, after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.seq;
        for r in &batch {
            on_report(&r.source, &r.id, &r.dated);
            done += 1;
            if dry_run {
                continue;
            }
            // The screenshots first: if they cannot go, the report keeps its data and the
            // next pass tries again, rather than being audited as erased.
            if let Some(dir) = &policy.uploads_dir {
                upload::erase(dir, &r.source, &r.id).map_err(RetentionError::Uploads)?;
            }
            if store.erase_reporter(r.seq).await? {
                store
                    .audit(&AuditEntry {
                        at: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
                        org_id: r.org_id,
                        actor: policy.actor.clone(),
                        action: "erase_personal_data".into(),
                        target: format!("report {}/{}", r.source, r.id),
                        purpose: Some(purpose.clone()),
                    })
                    .await?;
                out.erased += 1;
            }
        }
        progress(done, total.max(done));
    }
    Ok(out)
}

/// Runs a pass every `every` in the background (the first one at once) until the runtime
/// stops. Failures are logged and retried at the next pass.
pub fn spawn(
    store: SqlStore,
    policy: Retention,
    every: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run(&store, &policy, Utc::now(), false, |_, _| {}, |_, _, _| {}).await {
                Ok(o) if o.erased > 0 => tracing::info!(
                    erased = o.erased,
                    cutoff = %o.cutoff,
                    days = policy.days,
                    "retention: erased victims' personal data past the retention period"
                ),
                Ok(_) => tracing::debug!("retention: nothing past the period"),
                Err(e) => tracing::error!(error = %e, "retention pass failed; retrying later"),
            }
        }
    })
}

#[derive(Debug, thiserror::Error)]
pub enum RetentionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot erase a report's screenshots: {0}")]
    Uploads(std::io::Error),
}
