//! The HTML report (`report.html`): one self-contained page (inline CSS, SVG charts, no
//! script, nothing fetched), rendered by askama so every value is escaped.

use crate::chart::{Chart, horizontal, vertical};
use crate::model::{Facts, PackageInput, ReportEntry, describe_outcome};
use crate::signing::PublicKey;
use askama::Template;
use dragnet_cluster::{ClusterSummary, Via};

/// One hop of a chain as people read it.
pub struct HopView {
    pub from: String,
    pub via: String,
    pub to: String,
}

pub struct ChainView {
    pub a: String,
    pub b: String,
    pub reason: String,
    pub hops: Vec<HopView>,
}

pub(crate) fn chain_views(input: &PackageInput) -> Vec<ChainView> {
    input
        .chains
        .iter()
        .map(|e| ChainView {
            a: e.a.clone(),
            b: e.b.clone(),
            reason: e.reason.clone(),
            hops: e
                .chain
                .iter()
                .map(|h| HopView {
                    from: h.from.clone(),
                    via: match &h.via {
                        Via::Indicator { ty, value, .. } => {
                            format!("{} {value}", type_label(ty.as_str()))
                        }
                        Via::Duplicate => "same victim, same incident".into(),
                    },
                    to: h.to.clone(),
                })
                .collect(),
        })
        .collect()
}

pub(crate) fn type_label(t: &str) -> &str {
    match t {
        "phone" => "phone number",
        "domain" => "domain",
        "url" => "URL",
        "email" => "e-mail address",
        "remote_access_id" => "remote-access ID",
        "crypto_wallet" => "crypto wallet",
        "iban" => "IBAN",
        "gift_card" => "gift card",
        other => other,
    }
}

pub(crate) fn country_chart(facts: &Facts, width: f32) -> Chart {
    let items: Vec<(String, u64)> = facts
        .countries
        .iter()
        .map(|(c, n, v)| (format!("{n} ({c})"), u64::from(*v)))
        .collect();
    horizontal(&items, width, 15)
}

pub(crate) fn month_chart(facts: &Facts, width: f32, height: f32) -> Chart {
    let items: Vec<(String, u64)> = facts
        .months
        .iter()
        .map(|m| (m.month.clone(), m.reports as u64))
        .collect();
    vertical(&items, width, height)
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage<'a> {
    input: &'a PackageInput,
    facts: &'a Facts,
    ops: &'a [ClusterSummary],
    key: String,
    fingerprint: String,
    built: String,
    tlp: String,
    countries: Chart,
    months: Chart,
    chains: Vec<ChainView>,
    outcomes: Vec<(String, String)>,
    released: Vec<&'a ReportEntry>,
}

pub(crate) fn render_html(
    input: &PackageInput,
    facts: &Facts,
    key: &PublicKey,
) -> Result<String, String> {
    ReportPage {
        input,
        facts,
        ops: &input.operations,
        key: key.to_string(),
        fingerprint: key.fingerprint(),
        built: input.built_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        tlp: input.tlp.label(),
        countries: country_chart(facts, 640.0),
        months: month_chart(facts, 640.0, 220.0),
        chains: chain_views(input),
        outcomes: input
            .outcomes
            .iter()
            .map(|o| (o.date.to_string(), describe_outcome(o)))
            .collect(),
        released: input
            .reports
            .iter()
            .filter(|r| r.victim.is_some())
            .collect(),
    }
    .render()
    .map_err(|e| e.to_string())
}
