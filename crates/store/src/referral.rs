//! Collecting a case's evidence for [`dragnet_referral::build`]: its operations' summaries
//! from the engine, their reports without personal data (other organisations' reports named
//! by source and number), explain-why chains, the case's releases (personal data opened only
//! for the issuing organisation's own released reports), actions, outcomes, log and files.

use crate::cases::{Case, CaseStore};
use crate::{Operations, ReportStore, SqlStore, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use dragnet_referral::{
    Attachment, CaseInfo, CustodyEntry, IndicatorAction, OutcomeEntry, PackageInput, Release,
    ReportEntry, VictimData,
};
use dragnet_share::Tlp;

fn time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// Chains per operation: from its first report to the first report of every other source,
/// and to a few others spread over the operation.
const EXTRA_CHAINS: usize = 4;

/// Everything the package of `case` for `agency` is built from.
pub async fn package_input(
    store: &SqlStore,
    operations: &Operations,
    case: &Case,
    agency: &str,
    built_by: &str,
    tlp: Tlp,
) -> Result<PackageInput, StoreError> {
    let (summaries, chains) = {
        let engine = operations.read();
        let mut sums = Vec::new();
        let mut chains = Vec::new();
        for op in &case.operations {
            let Some(s) = engine.resolve(op).and_then(|c| engine.summary(&c)) else {
                return Err(StoreError::Invalid(format!(
                    "operation `{op}` of {} no longer exists",
                    case.reference
                )));
            };
            if sums
                .iter()
                .any(|x: &dragnet_cluster::ClusterSummary| x.cluster == s.cluster)
            {
                continue;
            }
            let keys = &s.report_keys;
            if let Some(first) = keys.first() {
                let src = |k: &str| k.split('/').next().unwrap_or("").to_string();
                let mut targets: Vec<&String> = Vec::new();
                let mut seen_sources = vec![src(first)];
                for k in keys {
                    if !seen_sources.contains(&src(k)) {
                        seen_sources.push(src(k));
                        targets.push(k);
                    }
                }
                let step = (keys.len() / (EXTRA_CHAINS + 1)).max(1);
                for k in keys.iter().skip(step).step_by(step).take(EXTRA_CHAINS) {
                    if !targets.contains(&k) && k != first {
                        targets.push(k);
                    }
                }
                for t in targets {
                    if let Ok(e) = engine.explain(first, t) {
                        chains.push(e);
                    }
                }
            }
            sums.push(s);
        }
        (sums, chains)
    };
    let releases: Vec<Release> = store
        .releases(case.id)
        .await?
        .into_iter()
        .map(|r| Release {
            report: format!("{}/{}", r.source, r.report_id),
            agency: r.agency,
            released_by: r.released_by,
            released_at: time(&r.released_at),
            reason: r.reason,
        })
        .collect();
    let mut reports = Vec::new();
    let mut other_n = 0usize;
    for s in &summaries {
        for key in &s.report_keys {
            let Some((source, id)) = key.split_once('/') else {
                continue;
            };
            let Some(r) = store
                .get_reports(Some(source), id)
                .await?
                .into_iter()
                .next()
            else {
                continue;
            };
            let own = r.org_id == Some(case.org_id);
            let reference = if own {
                key.clone()
            } else {
                other_n += 1;
                format!("{source} report #{other_n}")
            };
            // Personal data: only the issuer's own reports, only when released for this agency.
            let released = own
                && releases
                    .iter()
                    .any(|x| x.report == *key && x.agency == agency);
            let victim = if released {
                store.reporter(r.seq).await?.map(|p| VictimData {
                    name: p.name,
                    email: p.email,
                    phone: p.phone,
                    narrative: r.narrative.clone(),
                })
            } else {
                None
            };
            reports.push(ReportEntry {
                key: key.clone(),
                reference,
                source: r.source.clone(),
                own,
                operation: s.cluster.clone(),
                received_at: r.received_at.as_deref().map(time),
                country: r.country.clone(),
                contact_method: r.contact_method.clone(),
                brand: r.brand.clone(),
                payment_method: r.payment_method.clone(),
                loss: r.loss.as_ref().and_then(|l| {
                    Some((
                        l["amount"].as_str()?.to_string(),
                        l["currency"].as_str()?.to_string(),
                    ))
                }),
                indicators: r.indicators.clone(),
                victim,
            });
        }
    }
    let actions = store
        .indicator_actions(Some(case.id))
        .await?
        .into_iter()
        .filter_map(|a| {
            Some(IndicatorAction {
                ty: a.ty.parse().ok()?,
                value: a.value,
                action: a.action,
                date: day(&a.date),
            })
        })
        .collect();
    let outcomes = store
        .outcomes(case.id)
        .await?
        .into_iter()
        .map(|o| OutcomeEntry {
            kind: o.outcome.kind,
            date: day(&o.outcome.date),
            place: o.outcome.place,
            count: o.outcome.count,
            amount: o.outcome.amount,
            currency: o.outcome.currency,
            note: o.outcome.note,
            recorded_by: o.recorded_by,
        })
        .collect();
    let custody = store
        .case_events(case.id)
        .await?
        .into_iter()
        .map(|e| CustodyEntry {
            at: time(&e.at),
            actor: e.actor,
            action: e.action,
            detail: e.detail,
        })
        .collect();
    let attachments = store
        .attachments(case.id)
        .await?
        .into_iter()
        .map(|a| Attachment {
            name: a.name,
            bytes: a.content,
            added_by: a.added_by,
            added_at: time(&a.added_at),
        })
        .collect();
    Ok(PackageInput {
        case: CaseInfo {
            reference: case.reference.clone(),
            title: case.title.clone(),
            issuer: case.org.clone(),
            agency: agency.to_string(),
            agreement: case.agreement.clone(),
            status: case.status.to_string(),
            operations: case.operations.clone(),
            opened_at: time(&case.created_at),
            opened_by: case.created_by.clone(),
        },
        built_at: Utc::now(),
        built_by: built_by.to_string(),
        tlp,
        operations: summaries,
        reports,
        chains,
        releases,
        actions,
        outcomes,
        custody,
        attachments,
    })
}

/// A package built by [`build_package`].
pub struct BuiltPackage {
    pub package: dragnet_referral::Package,
    /// Reports whose personal data the package carries (released for its agency).
    pub released: usize,
    pub key: dragnet_referral::PublicKey,
}

/// Builds and signs the package of `case` for `agency` (which must be the agency the case
/// was referred to, if it was), logs "package built" in the case and writes `audit_action`
/// (`build_referral` from the CLI, `download_referral` from the API) to the audit log.
/// The CLI and the API both build packages through this.
pub async fn build_package(
    store: &SqlStore,
    operations: &Operations,
    case: &Case,
    agency: &str,
    actor: &str,
    tlp: Tlp,
    audit_action: &str,
) -> Result<BuiltPackage, StoreError> {
    use crate::{AccountStore, AuditEntry};
    if let Some(referred) = &case.agency
        && referred != agency
    {
        return Err(StoreError::Invalid(format!(
            "agency: {} was referred to {referred}, not to {agency}",
            case.reference
        )));
    }
    let input = package_input(store, operations, case, agency, actor, tlp).await?;
    let released = input.releases.iter().filter(|r| r.agency == agency).count();
    let key = store.org_signing_key(case.org_id).await?;
    let package = dragnet_referral::build(input, &key)
        .map_err(|e| StoreError::Invalid(format!("package: {e}")))?;
    let public = key.public();
    store
        .log_case(
            case.id,
            actor,
            "package built",
            &format!(
                "for {agency}: {} files, {} bytes, key {}",
                package.manifest.files.len(),
                package.zip.len(),
                public.fingerprint()
            ),
        )
        .await?;
    store
        .audit(&AuditEntry {
            at: Utc::now().to_rfc3339(),
            org_id: Some(case.org_id),
            actor: actor.to_string(),
            action: audit_action.into(),
            target: case.reference.clone(),
            purpose: Some(format!(
                "referral to {agency}; personal data of {released} released report(s)"
            )),
        })
        .await?;
    Ok(BuiltPackage {
        package,
        released,
        key: public,
    })
}
