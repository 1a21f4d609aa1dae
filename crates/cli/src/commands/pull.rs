//! `dragnet pull`: a partner's TAXII 2.1 collection into this organisation's `received`
//! collection, incrementally; and `import --format stix|misp`, which stores a partner's file
//! in the same place.
//!
//! A pull pages through `GET {api-root}/collections/{id}/objects/` with `limit` and `next`,
//! checks each object (`dragnet_share::envelope`: bad objects are reported by index, id and
//! property, the others kept), stores the good ones marked with their source
//! (`pull:URL#collection`), and after every page records the page's
//! `X-TAXII-Date-Added-Last`. The next pull asks for `added_after` that date minus one
//! second: objects the partner added at the very same instant after we read are not missed,
//! and the few read twice are recognised (same id and version) and not stored again.
//!
//! The HTTP client is `crate::http::Client` (hyper, rustls on ring, roots compiled in).

use super::open_store;
use crate::config::Settings;
use crate::progress::Progress;
use anyhow::{Context, bail};
use base64::Engine as _;
use clap::Args;
use dragnet_share::Tlp;
use dragnet_share::envelope::{ObjectError, check_objects, parse_timestamp};
use dragnet_store::taxii::{Added, NewTaxiiObject, RECEIVED, TaxiiStore, format_timestamp};
use dragnet_store::{AccountStore, Org, SqlStore};
use serde_json::Value;
use std::process::ExitCode;

/// Rejected objects printed on screen.
const SHOWN_ERRORS: usize = 10;
/// Partners' objects without a TLP marking are treated as TLP:AMBER.
const UNMARKED: Tlp = Tlp::Amber;

#[derive(Debug, Args)]
pub struct PullArgs {
    /// The partner's API root, e.g. https://taxii.partner.example/taxii2/contoso/
    #[arg(value_name = "URL")]
    pub url: String,
    /// The collection's id (or, on a Dragnet server, its alias).
    #[arg(long)]
    pub collection: String,
    /// User name for HTTP Basic (with --password, or with --token for servers that take a
    /// token as the Basic password).
    #[arg(long)]
    pub user: Option<String>,
    /// Password for HTTP Basic.
    #[arg(long, env = "DRAGNET_PULL_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    /// API token: sent as `Authorization: Bearer`, or as the Basic password with --user.
    #[arg(long, env = "DRAGNET_PULL_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// The organisation receiving the objects (default: the only one).
    #[arg(long)]
    pub org: Option<String>,
    /// Objects per request.
    #[arg(long, default_value_t = 1000)]
    pub limit: u32,
    /// Forget where the last pull stopped and read the whole collection.
    #[arg(long)]
    pub from_start: bool,
}

/// The organisation named, or the only one.
pub async fn receiving_org(store: &SqlStore, name: Option<&str>) -> anyhow::Result<Org> {
    match name {
        Some(n) => store
            .org_by_name(n)
            .await?
            .with_context(|| format!("no organisation `{n}` (create it with `dragnet org add`)")),
        None => {
            let mut orgs = store.list_orgs().await?;
            if orgs.len() == 1 {
                Ok(orgs.remove(0))
            } else {
                bail!(
                    "name the organisation receiving the intelligence with --org ({} exist)",
                    orgs.len()
                )
            }
        }
    }
}

/// Checks objects and stores the good ones in `received`; returns (new, already stored, errors).
pub async fn store_received(
    store: &SqlStore,
    org: &Org,
    source: &str,
    objects: &[Value],
) -> anyhow::Result<(usize, usize, Vec<ObjectError>)> {
    let (good, bad) = check_objects(objects, UNMARKED);
    let rows: Vec<NewTaxiiObject> = good
        .into_iter()
        .map(|o| NewTaxiiObject {
            json: o.object.to_string(),
            stix_id: o.id,
            stix_type: o.ty,
            version: o.version.map(format_timestamp),
            spec_version: o.spec_version,
            tlp: Tlp::ALL.iter().position(|t| *t == o.tlp).unwrap_or(4) as u8,
        })
        .collect();
    let added = store.taxii_add(org.id, RECEIVED, source, &rows).await?;
    let new = added
        .iter()
        .filter(|a| matches!(a, Added::New { .. }))
        .count();
    Ok((new, added.len() - new, bad))
}

fn auth_header(a: &PullArgs) -> anyhow::Result<Option<String>> {
    let b64 = |u: &str, p: &str| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"))
        )
    };
    Ok(match (&a.user, &a.password, &a.token) {
        (Some(u), Some(p), _) => Some(b64(u, p)),
        (Some(u), None, Some(t)) => Some(b64(u, t)),
        (None, None, Some(t)) => Some(format!("Bearer {t}")),
        (Some(_), None, None) => bail!("--user needs --password or --token"),
        (None, Some(_), _) => bail!("--password needs --user"),
        (None, None, None) => None,
    })
}

/// The message of a TAXII error body, or the start of whatever came back.
fn error_text(body: &[u8]) -> String {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| {
            v.get("description")
                .or_else(|| v.get("message"))
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned())
}

pub async fn run(a: PullArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let mut root = url::Url::parse(&a.url).with_context(|| format!("`{}` is not a URL", a.url))?;
    if !root.path().ends_with('/') {
        root.set_path(&format!("{}/", root.path()));
    }
    let objects_url = root
        .join(&format!("collections/{}/objects/", a.collection))
        .context("building the objects URL")?;
    let store = open_store(settings).await?;
    let org = receiving_org(&store, a.org.as_deref()).await?;
    let key = root.as_str().to_string();
    let source = format!("pull:{key}#{}", a.collection);
    let state = if a.from_start {
        None
    } else {
        store.taxii_pull_state(org.id, &key, &a.collection).await?
    };
    let (mut added_after, mut total) = match state {
        Some((t, n)) => (Some(t), n),
        None => (None, 0),
    };
    let since = added_after
        .as_deref()
        .and_then(parse_timestamp)
        .map(|t| format_timestamp(t - chrono::Duration::seconds(1)));
    let mut client = crate::http::Client::new(root.clone(), auth_header(&a)?, "dragnet-pull");
    let progress = Progress::new(None, "pulling");
    let (mut new, mut old, mut bad, mut pages) = (0usize, 0usize, 0usize, 0usize);
    let mut next: Option<String> = None;
    let started = std::time::Instant::now();
    loop {
        let mut url = objects_url.clone();
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("limit", &a.limit.to_string());
            if let Some(s) = &since {
                q.append_pair("added_after", s);
            }
            if let Some(n) = &next {
                q.append_pair("next", n);
            }
        }
        let (status, headers, body) = client
            .get(&url, "application/taxii+json;version=2.1")
            .await?;
        if status != 200 {
            bail!("{url} answered {status}: {}", error_text(&body));
        }
        let page: Value = serde_json::from_slice(&body)
            .with_context(|| format!("{url}: the envelope is not JSON"))?;
        let objects = match page.get("objects") {
            None => &Vec::new(),
            Some(Value::Array(v)) => v,
            Some(_) => bail!("{url}: `objects` is not a list"),
        };
        let (n, o, errors) = store_received(&store, &org, &source, objects).await?;
        for e in &errors {
            if bad < SHOWN_ERRORS {
                progress.println(&format!("page {}: {e}", pages + 1));
            }
            bad += 1;
        }
        new += n;
        old += o;
        pages += 1;
        total += n as i64;
        if let Some(last) = headers
            .get("x-taxii-date-added-last")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_timestamp)
        {
            let last = format_timestamp(last);
            if added_after.as_deref() < Some(last.as_str()) {
                added_after = Some(last);
            }
        }
        if let Some(t) = &added_after {
            store
                .taxii_set_pull_state(org.id, &key, &a.collection, t, total)
                .await?;
        }
        progress.set_with((new + old + bad) as u64, || format!("objects, {new} new"));
        match (
            page.get("more").and_then(Value::as_bool),
            page.get("next").and_then(Value::as_str),
        ) {
            (Some(true), Some(n)) => next = Some(n.to_string()),
            (Some(true), None) => bail!("{url}: `more` is true but there is no `next` token"),
            _ => break,
        }
    }
    progress.finish();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "pulled {} objects in {pages} pages ({secs:.1} s, {:.0} objects/s): {new} new, {old} \
         already here, {bad} rejected; stored for `{}` as `{source}`",
        new + old + bad,
        (new + old + bad) as f64 / secs.max(1e-9),
        org.name
    );
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `import --format stix|misp FILE…`: partners' files into the `received` collection.
pub async fn import_files(
    files: &[String],
    misp: bool,
    org: Option<&str>,
    settings: &Settings,
) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let org = receiving_org(&store, org).await?;
    let mut failed = false;
    for f in files {
        let text = std::fs::read_to_string(f).with_context(|| format!("cannot read {f}"))?;
        let objects = if misp {
            match misp_objects(&text) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("{f}: {e}");
                    failed = true;
                    continue;
                }
            }
        } else {
            let doc: Value = match serde_json::from_str(&text) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("{f}:{}: not JSON: {e}", e.line());
                    failed = true;
                    continue;
                }
            };
            if doc.get("type").and_then(Value::as_str) != Some("bundle") {
                eprintln!("{f}: property `type`: expected a STIX bundle (\"bundle\")");
                failed = true;
                continue;
            }
            // Indicators Dragnet cannot read (patterns outside its subset) are kept, but said.
            if let Ok(report) = dragnet_share::stix::import_value(&doc) {
                for e in report.rejected.iter().take(SHOWN_ERRORS) {
                    eprintln!("{f}: note: {e} (kept, but Dragnet cannot match it)");
                }
            }
            match doc.get("objects") {
                Some(Value::Array(a)) => a.clone(),
                None => Vec::new(),
                Some(_) => {
                    eprintln!("{f}: property `objects`: expected a list");
                    failed = true;
                    continue;
                }
            }
        };
        let source = format!(
            "file:{}",
            std::path::Path::new(f)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| f.clone())
        );
        let (new, old, bad) = store_received(&store, &org, &source, &objects).await?;
        for e in bad.iter().take(SHOWN_ERRORS) {
            eprintln!("{f}: {e}");
        }
        if bad.len() > SHOWN_ERRORS {
            eprintln!(
                "{f}: … and {} more rejected objects",
                bad.len() - SHOWN_ERRORS
            );
        }
        failed |= !bad.is_empty();
        eprintln!(
            "{f}: {} objects: {new} new, {old} already here, {} rejected; stored for `{}` as \
             shared intelligence received",
            objects.len(),
            bad.len(),
            org.name
        );
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A MISP event's indicators as STIX objects, built by `dragnet_share` for the event's
/// creator organisation at the event's TLP.
fn misp_objects(text: &str) -> anyhow::Result<Vec<Value>> {
    let doc: Value = serde_json::from_str(text).context("not JSON")?;
    let report = dragnet_share::misp::import_event(text).map_err(|e| anyhow::anyhow!("{e}"))?;
    for e in report.rejected.iter().take(SHOWN_ERRORS) {
        eprintln!("note: {e} (left out)");
    }
    let event = doc.get("Event").unwrap_or(&doc);
    let producer = report
        .source
        .as_deref()
        .or_else(|| event.pointer("/Orgc/name").and_then(Value::as_str))
        .unwrap_or("MISP partner");
    let tlp = report
        .indicators
        .iter()
        .filter_map(|i| i.tlp)
        .max()
        .or(report.tlp)
        .unwrap_or(UNMARKED);
    let mut b = dragnet_share::stix::BundleBuilder::new(producer, tlp, chrono::Utc::now());
    for i in &report.indicators {
        b.add_indicator(&i.indicator);
    }
    Ok(b.build().objects)
}
