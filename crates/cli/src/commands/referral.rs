//! `dragnet referral`: build a case's signed evidence package, and verify one.

use super::case::{actor, case_id};
use super::{load_operations, open_store};
use crate::config::Settings;
use anyhow::Context;
use clap::{Args, Subcommand};
use dragnet_referral::PublicKey;
use dragnet_share::Tlp;
use dragnet_store::{AccountStore, CaseStore};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReferralArgs {
    #[command(subcommand)]
    pub what: ReferralWhat,
}

#[derive(Debug, Subcommand)]
pub enum ReferralWhat {
    /// Build the evidence package of a case for an agency (zip: report in HTML and PDF,
    /// STIX 2.1, CSV tables, signed manifest, chain of custody).
    Build {
        case: String,
        #[arg(long = "for")]
        agency: String,
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
        /// TLP 2.0 marking: clear, green, amber, amber+strict, red.
        #[arg(long, default_value = "amber")]
        tlp: String,
        #[arg(long = "as", value_name = "NAME")]
        actor: Option<String>,
    },
    /// Check every file's hash and the signature; exits 1 naming each problem.
    Verify {
        file: PathBuf,
        /// The issuer's public key (ed25519:BASE64), as published at
        /// /.well-known/dragnet-referral-key.
        #[arg(long)]
        key: Option<String>,
    },
    /// Print an organisation's public referral key (created on first use).
    Key {
        #[arg(long)]
        org: String,
    },
}

pub async fn run(a: ReferralArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    match a.what {
        ReferralWhat::Verify { file, key } => {
            let expected = key
                .as_deref()
                .map(PublicKey::parse)
                .transpose()
                .map_err(anyhow::Error::msg)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let v = dragnet_referral::verify(&bytes, expected.as_ref());
            if v.is_ok() {
                let m = v.manifest.as_ref();
                println!(
                    "OK: {} files match the manifest signed by {} (key fingerprint {}){}",
                    v.files_ok,
                    m.map_or("?", |m| m.issuer.as_str()),
                    v.key_fingerprint.as_deref().unwrap_or("?"),
                    if expected.is_some() {
                        ", the expected key"
                    } else {
                        "; pass --key to check it is the issuer's published key"
                    }
                );
                if let Some(m) = m {
                    println!(
                        "case {} \"{}\" for {}, built {}",
                        m.case, m.title, m.agency, m.built_at
                    );
                }
                return Ok(ExitCode::SUCCESS);
            }
            for p in &v.problems {
                eprintln!("FAILED: {p}");
            }
            eprintln!(
                "{} problem(s); {} file(s) matched",
                v.problems.len(),
                v.files_ok
            );
            Ok(ExitCode::from(1))
        }
        ReferralWhat::Key { org } => {
            let store = open_store(settings).await?;
            let o = store
                .org_by_name(&org)
                .await?
                .with_context(|| format!("no organisation `{org}`"))?;
            let k = store.org_signing_key(o.id).await?.public();
            println!("{k}\nfingerprint {}", k.fingerprint());
            Ok(ExitCode::SUCCESS)
        }
        ReferralWhat::Build {
            case,
            agency,
            out,
            tlp,
            actor: who,
        } => {
            let tlp: Tlp = tlp.parse().map_err(anyhow::Error::msg)?;
            let who = actor(&who);
            let store = open_store(settings).await?;
            let id = case_id(&case)?;
            let c = store
                .case(id)
                .await?
                .with_context(|| format!("no case {case}"))?;
            let operations = load_operations(&store).await?;
            let built = dragnet_store::referral::build_package(
                &store,
                &operations,
                &c,
                &agency,
                &who,
                tlp,
                "build_referral",
            )
            .await?;
            let pkg = &built.package;
            std::fs::write(&out, &pkg.zip)
                .with_context(|| format!("cannot write {}", out.display()))?;
            println!(
                "wrote {} ({} files, {} bytes), signed with key {} ({})",
                out.display(),
                pkg.manifest.files.len(),
                pkg.zip.len(),
                built.key,
                built.key.fingerprint()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
