//! Building a package: every file rendered in memory, then zipped with a signed manifest.

use crate::html::render_html;
use crate::model::{Facts, IndicatorRow, PackageInput, describe_outcome};
use crate::package::{FORMAT, Manifest, PUBLIC_KEY, Package, seal};
use crate::pdf::render_pdf;
use crate::signing::OrgKey;
use dragnet_cluster::Via;
use dragnet_share::SharedIndicator;
use dragnet_share::stix::BundleBuilder;
use serde_json::json;

/// Why a package could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the case has no operation to refer")]
    NoOperations,
    #[error("attachment `{0}`: names must be plain file names (no `/`, `\\` or `..`)")]
    BadAttachmentName(String),
    #[error("cannot render {what}: {detail}")]
    Render { what: &'static str, detail: String },
}

fn render_err(what: &'static str) -> impl Fn(String) -> BuildError {
    move |detail| BuildError::Render { what, detail }
}

fn csv_bytes<R: serde::Serialize>(rows: &[R], header: &[&str]) -> Result<Vec<u8>, BuildError> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(!rows.is_empty())
        .from_writer(Vec::new());
    if rows.is_empty() {
        w.write_record(header)
            .map_err(|e| render_err("a CSV table")(e.to_string()))?;
    }
    for r in rows {
        w.serialize(r)
            .map_err(|e| render_err("a CSV table")(e.to_string()))?;
    }
    w.into_inner()
        .map_err(|e| render_err("a CSV table")(e.to_string()))
}

const INDICATOR_HEADER: &[&str] = &[
    "type",
    "value",
    "country",
    "kind",
    "reports",
    "first_seen",
    "last_seen",
    "operations",
    "action",
];

/// Builds the package for `input.case.agency`, signed with `key`.
pub fn build(mut input: PackageInput, key: &OrgKey) -> Result<Package, BuildError> {
    if input.operations.is_empty() {
        return Err(BuildError::NoOperations);
    }
    for a in &input.attachments {
        if a.name.is_empty()
            || a.name.contains(['/', '\\'])
            || a.name == "."
            || a.name.contains("..")
        {
            return Err(BuildError::BadAttachmentName(a.name.clone()));
        }
    }
    input.enforce_releases();
    input.use_references();
    let facts = Facts::of(&input);
    let public = key.public();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();

    files.push(("README.txt".into(), readme(&input, &public).into_bytes()));
    let html = render_html(&input, &facts, &public).map_err(render_err("report.html"))?;
    files.push(("report.html".into(), html.into_bytes()));
    let pdf = render_pdf(&input, &facts, &public).map_err(render_err("report.pdf"))?;
    files.push(("report.pdf".into(), pdf));

    // STIX 2.1: the operations and every indicator of the tables (no victim data).
    let mut stix = BundleBuilder::new(&input.case.issuer, input.tlp, input.built_at);
    for op in &input.operations {
        stix.add_operation(op);
    }
    for row in facts
        .phones
        .iter()
        .chain(&facts.domains)
        .chain(&facts.remote)
        .chain(&facts.payments)
        .chain(&facts.other)
    {
        let mut si = SharedIndicator::new(row.ty, row.value.clone());
        if !row.kind.is_empty() {
            si.kind = Some(row.kind.replace(' ', "_"));
        }
        stix.add_indicator(&si);
    }
    files.push((
        "stix/bundle.json".into(),
        stix.build().to_json_pretty().into_bytes(),
    ));

    // CSV tables.
    #[derive(serde::Serialize)]
    struct ReportCsv<'a> {
        reference: &'a str,
        source: &'a str,
        operation: &'a str,
        received_at: String,
        country: &'a str,
        contact_method: &'a str,
        brand: &'a str,
        payment_method: &'a str,
        loss_amount: &'a str,
        loss_currency: &'a str,
        indicators: String,
        personal_data: &'static str,
    }
    let reports: Vec<ReportCsv> = input
        .reports
        .iter()
        .map(|r| ReportCsv {
            reference: &r.reference,
            source: &r.source,
            operation: &r.operation,
            received_at: r.received_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            country: r.country.as_deref().unwrap_or(""),
            contact_method: r.contact_method.as_deref().unwrap_or(""),
            brand: r.brand.as_deref().unwrap_or(""),
            payment_method: r.payment_method.as_deref().unwrap_or(""),
            loss_amount: r.loss.as_ref().map_or("", |l| l.0.as_str()),
            loss_currency: r.loss.as_ref().map_or("", |l| l.1.as_str()),
            indicators: r
                .indicators
                .iter()
                .filter(|i| i.warning.is_none())
                .map(|i| format!("{}:{}", i.ty.as_str(), i.value))
                .collect::<Vec<_>>()
                .join(" "),
            personal_data: if r.victim.is_some() {
                "released (victims.csv)"
            } else {
                "redacted"
            },
        })
        .collect();
    files.push((
        "tables/reports.csv".into(),
        csv_bytes(&reports, &["reference"])?,
    ));
    let countries = facts.countries.clone();
    files.push((
        "tables/victims_by_country.csv".into(),
        csv_with_header(&["country", "name", "victims"], &countries)?,
    ));
    files.push((
        "tables/losses.csv".into(),
        csv_bytes(&facts.losses, &["currency", "amount", "usd"])?,
    ));
    files.push((
        "tables/timeline.csv".into(),
        csv_bytes(&facts.months, &["month", "reports", "losses_usd"])?,
    ));
    for (name, rows) in [
        ("phones", &facts.phones),
        ("domains", &facts.domains),
        ("remote_access", &facts.remote),
        ("payment_accounts", &facts.payments),
        ("emails_urls", &facts.other),
    ] {
        let rows: &Vec<IndicatorRow> = rows;
        files.push((
            format!("tables/{name}.csv"),
            csv_bytes(rows, INDICATOR_HEADER)?,
        ));
    }
    let chains: Vec<(String, String, String, usize, String)> = input
        .chains
        .iter()
        .map(|e| {
            (
                e.a.clone(),
                e.b.clone(),
                e.cluster_a.clone().unwrap_or_default(),
                e.chain.len(),
                e.chain
                    .iter()
                    .map(|h| match &h.via {
                        Via::Indicator { ty, value, .. } => {
                            format!("{} -[{} {}]-> {}", h.from, ty.as_str(), value, h.to)
                        }
                        Via::Duplicate => format!("{} -[same victim]-> {}", h.from, h.to),
                    })
                    .collect::<Vec<_>>()
                    .join(" ; "),
            )
        })
        .collect();
    files.push((
        "tables/link_chains.csv".into(),
        csv_with_header(&["from", "to", "operation", "hops", "chain"], &chains)?,
    ));
    let outcomes: Vec<(String, String, String, String)> = input
        .outcomes
        .iter()
        .map(|o| {
            (
                o.date.to_string(),
                o.kind.clone(),
                describe_outcome(o),
                o.recorded_by.clone(),
            )
        })
        .collect();
    files.push((
        "tables/outcomes.csv".into(),
        csv_with_header(&["date", "kind", "description", "recorded_by"], &outcomes)?,
    ));
    let victims: Vec<(String, String, String, String, String)> = input
        .reports
        .iter()
        .filter_map(|r| {
            r.victim.as_ref().map(|v| {
                (
                    r.reference.clone(),
                    v.name.clone().unwrap_or_default(),
                    v.email.clone().unwrap_or_default(),
                    v.phone.clone().unwrap_or_default(),
                    v.narrative.clone(),
                )
            })
        })
        .collect();
    if !victims.is_empty() {
        files.push((
            "tables/victims.csv".into(),
            csv_with_header(
                &["reference", "name", "email", "phone", "narrative"],
                &victims,
            )?,
        ));
    }

    // The case record, machine-readable (personal data only as released).
    let case = json!({
        "case": input.case,
        "built_at": input.built_at,
        "built_by": input.built_by,
        "tlp": input.tlp.label(),
        "facts": facts,
        "operations": input.operations,
        "reports": input.reports,
        "link_chains": input.chains,
        "releases": input.releases.iter().filter(|r| r.agency == input.case.agency).collect::<Vec<_>>(),
        "indicator_actions": input.actions,
        "outcomes": input.outcomes,
    });
    files.push((
        "case.json".into(),
        serde_json::to_vec_pretty(&case).map_err(|e| render_err("case.json")(e.to_string()))?,
    ));
    let mut custody = String::new();
    for c in &input.custody {
        custody.push_str(&serde_json::to_string(c).unwrap_or_default());
        custody.push('\n');
    }
    files.push(("custody.jsonl".into(), custody.into_bytes()));
    for a in &input.attachments {
        files.push((format!("attachments/{}", a.name), a.bytes.clone()));
    }
    files.push((
        PUBLIC_KEY.into(),
        format!(
            "{public}\nfingerprint {}\nissuer {}\n",
            public.fingerprint(),
            input.case.issuer
        )
        .into_bytes(),
    ));

    let manifest = Manifest {
        format: FORMAT.into(),
        case: input.case.reference.clone(),
        title: input.case.title.clone(),
        issuer: input.case.issuer.clone(),
        agency: input.case.agency.clone(),
        built_at: input.built_at.to_rfc3339(),
        built_by: input.built_by.clone(),
        public_key: String::new(),
        files: Vec::new(),
    };
    seal(files, manifest, key).map_err(render_err("the zip file"))
}

fn csv_with_header<R: serde::Serialize>(
    header: &[&str],
    rows: &[R],
) -> Result<Vec<u8>, BuildError> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(header)
        .map_err(|e| render_err("a CSV table")(e.to_string()))?;
    for r in rows {
        w.serialize(r)
            .map_err(|e| render_err("a CSV table")(e.to_string()))?;
    }
    w.into_inner()
        .map_err(|e| render_err("a CSV table")(e.to_string()))
}

fn readme(input: &PackageInput, public: &crate::signing::PublicKey) -> String {
    format!(
        "Dragnet evidence package {case}: {title}\n\
         Issued by {issuer} for {agency} on {built}.\n\
         Marking: {tlp}\n\n\
         Start with report.pdf (or report.html). The tables/ folder has the same data as CSV,\n\
         stix/bundle.json has it as STIX 2.1, case.json as JSON, custody.jsonl is the chain of\n\
         custody of the case.\n\n\
         Integrity: manifest.json lists the SHA-256 of every file; manifest.sig is the Ed25519\n\
         signature of manifest.json by {issuer}'s key\n  {public}\n  (fingerprint {fp}).\n\
         Check it with `dragnet referral verify PACKAGE.zip --key {public}`, and compare the\n\
         key with the one {issuer} publishes at /.well-known/dragnet-referral-key.\n\n\
         Victims' personal data is redacted unless the case records its release for {agency}.\n",
        case = input.case.reference,
        title = input.case.title,
        issuer = input.case.issuer,
        agency = input.case.agency,
        built = input.built_at.format("%Y-%m-%d %H:%M UTC"),
        tlp = input.tlp.label(),
        fp = public.fingerprint(),
    )
}
