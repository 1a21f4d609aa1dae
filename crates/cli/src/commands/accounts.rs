//! `dragnet org`, `dragnet user`, `dragnet token` and `dragnet erase`: accounts and the
//! victims' right to erasure, from the command line.

use super::open_store;
use crate::config::Settings;
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use dragnet_store::accounts::{generate_password, hash_password, new_secret};
use dragnet_store::{AccountStore, AuditEntry, ReportStore, Role, Scope};
use std::io::{IsTerminal, Read};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct OrgArgs {
    #[command(subcommand)]
    pub action: OrgAction,
}

#[derive(Debug, Subcommand)]
pub enum OrgAction {
    /// Create an organisation.
    Add { name: String },
    /// List organisations.
    List,
}

#[derive(Debug, Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub action: UserAction,
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Create a user. The password is read from stdin when piped; otherwise one is generated
    /// and printed once.
    Add {
        /// Organisation the user belongs to.
        #[arg(long)]
        org: String,
        /// analyst, org_admin, le_liaison or admin.
        #[arg(long, value_parser = |s: &str| s.parse::<Role>())]
        role: Role,
        email: String,
    },
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub action: TokenAction,
}

#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Create an API token; it is printed once, on the last line.
    Create {
        #[arg(long)]
        user: String,
        /// Scopes (read, write, admin, overlap); repeat or separate with commas. Default: read,write.
        #[arg(long, value_delimiter = ',', value_parser = |s: &str| s.parse::<Scope>())]
        scope: Vec<Scope>,
    },
    /// Revoke a token by its prefix (the 8 characters after `dgn_`).
    Revoke {
        #[arg(long)]
        user: String,
        /// Prefixes are URL-safe Base64 and may start with `-`.
        #[arg(allow_hyphen_values = true)]
        prefix: String,
    },
}

#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The report whose victim's personal data to erase (indicators are kept).
    #[arg(long)]
    pub report: String,
    /// The report's source, when several sources use that id.
    #[arg(long)]
    pub source: Option<String>,
    /// Why (recorded in the audit log), e.g. "erasure request of 2023-10-02".
    #[arg(long, default_value = "erasure request")]
    pub reason: String,
}

pub async fn org(a: OrgArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    match a.action {
        OrgAction::Add { name } => {
            let o = store.create_org(&name).await?;
            println!("created organisation {} (id {})", o.name, o.id);
        }
        OrgAction::List => {
            for o in store.list_orgs().await? {
                println!("{}\t{}", o.id, o.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn user(a: UserArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let UserAction::Add { org, role, email } = a.action;
    let o = store
        .org_by_name(&org)
        .await?
        .with_context(|| format!("no organisation `{org}` (create it with `dragnet org add`)"))?;
    let (password, generated) = if std::io::stdin().is_terminal() {
        (generate_password(), true)
    } else {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading the password from stdin")?;
        let p = s.trim_end_matches(['\n', '\r']).to_string();
        if p.is_empty() {
            (generate_password(), true)
        } else {
            (p, false)
        }
    };
    if password.chars().count() < 12 {
        bail!("the password must have at least 12 characters");
    }
    let u = store
        .create_user(o.id, &email, role, &hash_password(&password)?)
        .await?;
    println!("created {} ({}) in {}", u.email, u.role, u.org);
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn token(a: TokenArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    match a.action {
        TokenAction::Create { user, scope } => {
            let (u, _) = store
                .user_by_email(&user)
                .await?
                .with_context(|| format!("no user `{user}`"))?;
            let scopes = if scope.is_empty() {
                vec![Scope::Read, Scope::Write]
            } else {
                scope
            };
            let (token, prefix, digest) = new_secret("dgn");
            store.create_token(u.id, &prefix, &digest, &scopes).await?;
            let names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
            println!(
                "token for {} with scopes {} (prefix {prefix}; shown once):",
                u.email,
                names.join(",")
            );
            println!("{token}");
        }
        TokenAction::Revoke { user, prefix } => {
            let (u, _) = store
                .user_by_email(&user)
                .await?
                .with_context(|| format!("no user `{user}`"))?;
            if !store.revoke_token(u.id, &prefix).await? {
                bail!("no active token with prefix `{prefix}` for {}", u.email);
            }
            println!("revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn erase(a: EraseArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let found = store.get_reports(a.source.as_deref(), &a.report).await?;
    let r = match found.as_slice() {
        [] => bail!("no report `{}`", a.report),
        [one] => one,
        many => bail!(
            "{} reports have id `{}`; add --source (one of: {})",
            many.len(),
            a.report,
            many.iter()
                .map(|r| r.source.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    store.erase_reporter(r.seq).await?;
    dragnet_web::pages::upload::erase(&super::data_dir(settings).join("uploads"), &r.source, &r.id)
        .context("erasing the report's screenshots")?;
    store
        .audit(&AuditEntry {
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            org_id: r.org_id,
            actor: format!("cli:{}", whoami()),
            action: "erase_personal_data".into(),
            target: format!("report {}/{}", r.source, r.id),
            purpose: Some(a.reason),
        })
        .await?;
    println!(
        "erased the personal data of {}/{}; its indicators stay",
        r.source, r.id
    );
    Ok(ExitCode::SUCCESS)
}

fn whoami() -> String {
    std::env::var("USER").unwrap_or_else(|_| "unknown".into())
}
