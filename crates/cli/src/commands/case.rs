//! `dragnet case`: referral cases (open from operations, list, show, move through the
//! workflow, record outcomes, comment, attach files, release a report's personal data).

use super::open_store;
use crate::config::Settings;
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use dragnet_store::cases::NewOutcome;
use dragnet_store::{AccountStore, CaseFilter, CaseStatus, CaseStore};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CaseArgs {
    #[command(subcommand)]
    pub what: CaseWhat,
    /// Who is acting (recorded in the case log); default `cli:$USER`.
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub actor: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CaseWhat {
    /// Open a case from one or more operations; prints the new case's id on its last line.
    Open {
        #[arg(long = "operation", required = true)]
        operations: Vec<String>,
        #[arg(long)]
        title: String,
        /// The issuing organisation (default: the only one, if there is one).
        #[arg(long)]
        org: Option<String>,
    },
    /// List cases.
    List {
        #[arg(long)]
        agency: Option<String>,
    },
    /// Show a case with its log, outcomes and files.
    Show { case: String },
    /// Move a case to a status: ready, draft, acknowledged, action, closed.
    Status { case: String, status: String },
    /// Refer a ready case to an agency.
    Refer {
        case: String,
        #[arg(long = "to")]
        agency: String,
        #[arg(long)]
        agreement: Option<String>,
    },
    /// Record an outcome: raid, arrests, accounts_frozen, numbers_disconnected,
    /// domains_taken_down, money_recovered, conviction.
    Outcome {
        case: String,
        kind: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        place: Option<String>,
        #[arg(long)]
        count: Option<i64>,
        #[arg(long)]
        amount: Option<String>,
        #[arg(long)]
        currency: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Mark an indicator as acted upon (e.g. `phone +18885550147 disconnected`).
    Mark {
        case: String,
        #[arg(value_name = "TYPE")]
        ty: String,
        value: String,
        action: String,
        #[arg(long)]
        date: String,
    },
    /// Add a comment.
    Comment { case: String, text: String },
    /// Attach a file.
    Attach { case: String, file: PathBuf },
    /// Assign the case to someone.
    Assign { case: String, to: String },
    /// Release one report's victim data for an agency's referral (logged).
    Release {
        case: String,
        /// SOURCE/ID of a report of the case's organisation.
        report: String,
        #[arg(long = "for")]
        agency: String,
        #[arg(long)]
        reason: String,
    },
}

/// `CASE-0007`, `7`.
pub fn case_id(s: &str) -> anyhow::Result<i64> {
    let digits = s
        .trim()
        .trim_start_matches("CASE-")
        .trim_start_matches("case-");
    digits
        .parse()
        .with_context(|| format!("`{s}` is not a case id (CASE-0007 or 7)"))
}

pub fn actor(a: &Option<String>) -> String {
    a.clone().unwrap_or_else(|| {
        format!(
            "cli:{}",
            std::env::var("USER").unwrap_or_else(|_| "unknown".into())
        )
    })
}

pub async fn run(a: CaseArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let who = actor(&a.actor);
    match a.what {
        CaseWhat::Open {
            operations,
            title,
            org,
        } => {
            let org = match org {
                Some(name) => store
                    .org_by_name(&name)
                    .await?
                    .with_context(|| format!("no organisation `{name}`"))?,
                None => {
                    let orgs = store.list_orgs().await?;
                    match orgs.as_slice() {
                        [one] => one.clone(),
                        [] => bail!("no organisation exists: create one with `dragnet org add`"),
                        _ => bail!("several organisations exist: say which with --org"),
                    }
                }
            };
            let ops = super::load_operations(&store).await?;
            for op in &operations {
                if ops.read().resolve(op).is_none() {
                    bail!("no operation `{op}` (see `dragnet clusters`)");
                }
            }
            let c = store.open_case(org.id, &who, &title, &operations).await?;
            eprintln!(
                "opened {} \"{}\" for {} from {}",
                c.reference,
                c.title,
                c.org,
                c.operations.join(", ")
            );
            println!("{}", c.reference);
        }
        CaseWhat::List { agency } => {
            let cases = store
                .list_cases(&CaseFilter {
                    org_id: None,
                    agency,
                })
                .await?;
            for c in cases {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    c.reference,
                    c.status,
                    c.org,
                    c.agency.as_deref().unwrap_or("-"),
                    c.title
                );
            }
        }
        CaseWhat::Show { case } => {
            let id = case_id(&case)?;
            let c = store
                .case(id)
                .await?
                .with_context(|| format!("no case {case}"))?;
            let v = serde_json::json!({
                "case": c,
                "log": store.case_events(id).await?,
                "outcomes": store.outcomes(id).await?,
                "indicator_actions": store.indicator_actions(Some(id)).await?,
                "releases": store.releases(id).await?,
                "attachments": store.attachments(id).await?,
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        CaseWhat::Status { case, status } => {
            let to: CaseStatus = status.parse().map_err(anyhow::Error::msg)?;
            if to == CaseStatus::Referred {
                bail!("use `dragnet case refer CASE --to AGENCY` to refer a case");
            }
            let c = store
                .transition(case_id(&case)?, &who, to, None, None)
                .await?;
            println!("{} is now {}", c.reference, c.status);
        }
        CaseWhat::Refer {
            case,
            agency,
            agreement,
        } => {
            let c = store
                .transition(
                    case_id(&case)?,
                    &who,
                    CaseStatus::Referred,
                    Some(&agency),
                    agreement.as_deref(),
                )
                .await?;
            println!("{} referred to {}", c.reference, agency);
        }
        CaseWhat::Outcome {
            case,
            kind,
            date,
            place,
            count,
            amount,
            currency,
            note,
        } => {
            let o = NewOutcome {
                kind,
                date,
                place,
                count,
                amount,
                currency,
                note,
            };
            store.record_outcome(case_id(&case)?, &who, &o).await?;
            println!("recorded");
        }
        CaseWhat::Mark {
            case,
            ty,
            value,
            action,
            date,
        } => {
            store
                .mark_indicator(case_id(&case)?, &who, &ty, &value, &action, &date)
                .await?;
            println!("marked {ty} {value}: {action} on {date}");
        }
        CaseWhat::Comment { case, text } => {
            store.comment(case_id(&case)?, &who, &text).await?;
            println!("comment added");
        }
        CaseWhat::Attach { case, file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let at = store.attach(case_id(&case)?, &who, &name, &bytes).await?;
            println!(
                "attached {} ({} bytes, SHA-256 {})",
                at.name, at.bytes, at.sha256
            );
        }
        CaseWhat::Assign { case, to } => {
            store.assign(case_id(&case)?, &who, &to).await?;
            println!("assigned to {to}");
        }
        CaseWhat::Release {
            case,
            report,
            agency,
            reason,
        } => {
            let id = case_id(&case)?;
            let c = store
                .case(id)
                .await?
                .with_context(|| format!("no case {case}"))?;
            let (source, rid) = report
                .split_once('/')
                .context("name the report as SOURCE/ID")?;
            let found = dragnet_store::ReportStore::get_reports(&store, Some(source), rid).await?;
            let Some(r) = found.first() else {
                bail!("no report {report}");
            };
            if r.org_id != Some(c.org_id) {
                bail!(
                    "report {report} belongs to another organisation: only {} can release its own victims' data",
                    c.org
                );
            }
            store
                .audit(&dragnet_store::AuditEntry {
                    at: chrono::Utc::now().to_rfc3339(),
                    org_id: Some(c.org_id),
                    actor: who.clone(),
                    action: "release_personal_data".into(),
                    target: format!("report {report} in {}", c.reference),
                    purpose: Some(format!("referral to {agency}: {reason}")),
                })
                .await?;
            store
                .release(id, &who, source, rid, &agency, &reason)
                .await?;
            println!("released {report} for {agency}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
