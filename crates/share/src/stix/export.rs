//! Building STIX 2.1 bundles from operations and indicators.
//!
//! Rules:
//! * Every id is deterministic ([`crate::ids`]): domain objects and relationships from the
//!   producer's name and the stable key of what they describe, observables per STIX §2.9.
//!   `created` is the first time Dragnet saw the thing (operation or indicator first seen)
//!   and `modified` the last, so exporting unchanged data twice yields identical objects and
//!   new reports yield a new version of the same object. Objects that describe no event
//!   (the producer's and brands' identities, country locations) carry a fixed date
//!   ([`super::extensions_created`]) so that every bundle agrees on their only version.
//! * Every object Dragnet authors carries `created_by_ref` (the producer's `identity`) and
//!   `object_marking_refs` (the bundle's TLP 2.0 marking); the official marking definition
//!   and Dragnet's extension definitions travel in the bundle.
//! * No victim data: sightings carry counts, a country and a period only; campaign
//!   descriptions carry totals.
//! * Warninglisted values and `other` values are never exported; they are counted in
//!   [`Bundle::skipped`].

use super::{
    CUSTOM_SCOS, extension_definition, extension_id, extensions_created, object_type_of, pattern,
    project_identity,
};
use crate::ids::{sco_id, stix_id, timestamp};
use crate::{SharedIndicator, Tlp};
use chrono::{DateTime, Utc};
use dragnet_cluster::summary::ClusterSummary;
use dragnet_core::IndicatorType;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Victims seen in one country over one period: what a `sighting` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SightingCount {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub count: u32,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

/// A finished bundle: serialise it with `serde_json`.
#[derive(Debug, Clone, Serialize)]
pub struct Bundle {
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub id: String,
    pub objects: Vec<Value>,
    /// Values left out and why (warninglisted, `other`); not part of the STIX output.
    #[serde(skip)]
    pub skipped: Vec<(IndicatorType, String, &'static str)>,
}

impl Bundle {
    /// Pretty JSON text of the bundle.
    pub fn to_json_pretty(&self) -> String {
        // Invariant: a tree of `Value`s and strings always serialises.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Objects of one STIX type.
    pub fn objects_of<'a>(&'a self, ty: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.objects.iter().filter(move |o| o["type"] == ty)
    }
}

/// Accumulates operations and indicators, then [`BundleBuilder::build`]s one bundle.
pub struct BundleBuilder {
    producer: String,
    producer_id: String,
    tlp: Tlp,
    now: DateTime<Utc>,
    /// Indicators merged by key (confidence max, first seen min, last seen max).
    indicators: BTreeMap<(IndicatorType, String), SharedIndicator>,
    /// Campaign ids each indicator indicates.
    indicates: BTreeMap<(IndicatorType, String), BTreeSet<String>>,
    objects: Vec<Value>,
    seen: BTreeSet<String>,
    custom_types: BTreeSet<&'static str>,
    skipped: Vec<(IndicatorType, String, &'static str)>,
}

const OPERATION_INDICATOR_CONFIDENCE: u8 = 60;
const HUB_CONFIDENCE: u8 = 15;

impl BundleBuilder {
    /// `producer` names the exporting organisation; `now` stands in for times the data lacks.
    pub fn new(producer: &str, tlp: Tlp, now: DateTime<Utc>) -> Self {
        BundleBuilder {
            producer: producer.to_string(),
            producer_id: stix_id("identity", &["organisation", producer]),
            tlp,
            now,
            indicators: BTreeMap::new(),
            indicates: BTreeMap::new(),
            objects: Vec::new(),
            seen: BTreeSet::new(),
            custom_types: BTreeSet::new(),
            skipped: Vec::new(),
        }
    }

    /// The producer's identity id (`created_by_ref` of everything exported).
    pub fn producer_id(&self) -> &str {
        &self.producer_id
    }

    /// The id an indicator gets, whether or not it has been added.
    pub fn indicator_id(&self, ty: IndicatorType, value: &str) -> String {
        stix_id("indicator", &[&self.producer, ty.as_str(), value])
    }

    /// The id an operation's campaign gets.
    pub fn campaign_id(&self, cluster: &str) -> String {
        stix_id("campaign", &[&self.producer, cluster])
    }

    /// Adds one indicator; returns its id, or `None` when it is not exportable
    /// (warninglisted or `other`).
    pub fn add_indicator(&mut self, ind: &SharedIndicator) -> Option<String> {
        if ind.warning.is_some() {
            self.skipped
                .push((ind.ty, ind.value.clone(), "warninglisted"));
            return None;
        }
        object_type_of(ind.ty, &ind.value).or_else(|| {
            self.skipped
                .push((ind.ty, ind.value.clone(), "type other is not shared"));
            None
        })?;
        let key = (ind.ty, ind.value.clone());
        match self.indicators.get_mut(&key) {
            Some(old) => {
                old.confidence = old.confidence.max(ind.confidence);
                old.first_seen = min_opt(old.first_seen, ind.first_seen);
                old.last_seen = old.last_seen.max(ind.last_seen);
                if old.kind.is_none() {
                    old.kind.clone_from(&ind.kind);
                }
            }
            None => {
                self.indicators.insert(key, ind.clone());
            }
        }
        Some(self.indicator_id(ind.ty, &ind.value))
    }

    /// Adds an operation with sightings per country over its whole period.
    pub fn add_operation(&mut self, op: &ClusterSummary) -> String {
        let first = op.first_seen.unwrap_or(self.now);
        let last = op.last_seen.unwrap_or(first).max(first);
        let sightings: Vec<SightingCount> = op
            .countries
            .iter()
            .map(|(c, n)| SightingCount {
                country: c.clone(),
                count: *n,
                first_seen: first,
                last_seen: last,
            })
            .collect();
        self.add_operation_with(op, &sightings)
    }

    /// Adds an operation (campaign, threat actor, infrastructure, brands, indicators,
    /// relationships) with the given sightings (e.g. per country and month). Returns the
    /// campaign id.
    pub fn add_operation_with(
        &mut self,
        op: &ClusterSummary,
        sightings: &[SightingCount],
    ) -> String {
        let first = op.first_seen.unwrap_or(self.now);
        let last = op.last_seen.unwrap_or(first).max(first);
        let (created, modified) = (timestamp(first), timestamp(last));
        let campaign_id = self.campaign_id(&op.cluster);
        let brands = if op.brands.is_empty() {
            String::new()
        } else {
            format!(" impersonating {}", op.brands.join(", "))
        };
        let mut description = format!(
            "Scam operation {} found by Dragnet correlation: {} victims, {} incidents",
            op.cluster, op.victims, op.incidents
        );
        if !op.countries.is_empty() {
            description.push_str(&format!(" in {} countries", op.countries.len()));
        }
        description.push_str(&format!(
            "; reported losses {} {} (rates of {}).",
            op.loss.amount, op.loss.currency, op.loss.rates_date
        ));
        let campaign = json!({
            "type": "campaign",
            "name": format!("Dragnet operation {}{}", op.cluster, brands),
            "description": description,
            "aliases": [op.cluster],
            "first_seen": created,
            "last_seen": modified,
            "objective": "Defraud victims by impersonating technical or customer support.",
        });
        self.push_sdo(&campaign_id, campaign, &created, &modified);

        let actor_id = stix_id("threat-actor", &[&self.producer, &op.cluster]);
        let actor = json!({
            "type": "threat-actor",
            "name": format!("Unnamed call centre behind {}", op.cluster),
            "description": "The call centre operating this scam; its identity is not known to the producer.",
            "threat_actor_types": ["criminal"],
            "roles": ["agent"],
            "primary_motivation": "personal-gain",
            "first_seen": created,
            "last_seen": modified,
        });
        self.push_sdo(&actor_id, actor, &created, &modified);
        self.relate(
            &campaign_id,
            "attributed-to",
            &actor_id,
            None,
            &created,
            &modified,
        );

        for brand in &op.brands {
            let brand_id = stix_id("identity", &[&self.producer, "brand", brand]);
            let identity = json!({
                "type": "identity",
                "name": brand,
                "description": "Brand impersonated by tech-support and brand-impersonation scams.",
                "identity_class": "organization",
            });
            let epoch = timestamp(extensions_created());
            self.push_sdo(&brand_id, identity, &epoch, &epoch);
            let desc = format!("Impersonates {brand} to reach its customers.");
            self.relate(
                &campaign_id,
                "targets",
                &brand_id,
                Some(&desc),
                &created,
                &modified,
            );
        }

        // Indicators, grouped into infrastructure by what they are used for.
        let mut groups: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for ic in &op.indicators {
            let mut ind = SharedIndicator::new(ic.ty, ic.value.clone());
            ind.confidence = Some(if ic.hub {
                HUB_CONFIDENCE
            } else {
                let bonus = u8::try_from(ic.reports.min(8)).unwrap_or(8) * 5;
                OPERATION_INDICATOR_CONFIDENCE + bonus
            });
            ind.first_seen = Some(first);
            ind.last_seen = Some(last);
            if self.add_indicator(&ind).is_none() {
                continue;
            }
            self.indicates
                .entry((ic.ty, ic.value.clone()))
                .or_default()
                .insert(campaign_id.clone());
            let Some(ot) = object_type_of(ic.ty, &ic.value) else {
                continue;
            };
            let group = match ic.ty {
                IndicatorType::Phone | IndicatorType::RemoteAccessId => "telephony",
                IndicatorType::CryptoWallet | IndicatorType::Iban | IndicatorType::GiftCard => {
                    "payment"
                }
                _ => "web",
            };
            groups.entry(group).or_default().push(sco_id(ot, &ic.value));
        }
        for (group, members) in groups {
            let (name, types) = match group {
                "telephony" => ("Call-centre telephony", ["unknown"]),
                "payment" => ("Payment accounts", ["unknown"]),
                _ => ("Scam web sites and mail", ["phishing"]),
            };
            let infra_id = stix_id("infrastructure", &[&self.producer, &op.cluster, group]);
            let infra = json!({
                "type": "infrastructure",
                "name": format!("{name} of {}", op.cluster),
                "infrastructure_types": types,
                "first_seen": created,
                "last_seen": modified,
            });
            self.push_sdo(&infra_id, infra, &created, &modified);
            self.relate(&campaign_id, "uses", &infra_id, None, &created, &modified);
            // The observables themselves are written by `build`, with the merged indicator.
            for sco in members {
                self.relate(&infra_id, "consists-of", &sco, None, &created, &modified);
            }
        }

        for s in sightings {
            let loc_id = stix_id("location", &[&self.producer, "country", &s.country]);
            let loc = json!({"type": "location", "name": s.country, "country": s.country});
            let epoch = timestamp(extensions_created());
            self.push_sdo(&loc_id, loc, &epoch, &epoch);
            let (f, l) = (
                timestamp(s.first_seen),
                timestamp(s.last_seen.max(s.first_seen)),
            );
            let sighting_id = stix_id(
                "sighting",
                &[&self.producer, &op.cluster, &s.country, &f, &l],
            );
            let sighting = json!({
                "type": "sighting",
                "description": format!(
                    "Victims in {} reporting {} (count of distinct victims; no victim data).",
                    s.country, op.cluster
                ),
                "sighting_of_ref": campaign_id,
                "where_sighted_refs": [loc_id],
                "count": s.count.min(999_999_999),
                "first_seen": f,
                "last_seen": l,
            });
            self.push_sdo(&sighting_id, sighting, &f, &l);
        }
        campaign_id
    }

    /// The finished bundle: markings, identities and extension definitions first, then
    /// operations in the order added, then indicators and their relationships by value.
    pub fn build(mut self) -> Bundle {
        let mut head = vec![self.tlp.marking_definition()];
        let producer_created = timestamp(extensions_created());
        head.push(self.marked(json!({
            "type": "identity",
            "spec_version": "2.1",
            "id": self.producer_id,
            "created": producer_created,
            "modified": producer_created,
            "name": self.producer,
            "identity_class": "organization",
        })));
        let indicators = std::mem::take(&mut self.indicators);
        for ((ty, value), ind) in &indicators {
            let Some(ot) = object_type_of(*ty, value) else {
                continue;
            };
            let id = self.indicator_id(*ty, value);
            let first = ind.first_seen.unwrap_or(self.now);
            let last = ind.last_seen.unwrap_or(first).max(first);
            let (created, modified) = (timestamp(first), timestamp(last));
            let mut obj = json!({
                "type": "indicator",
                "name": format!("{} {}", ty, value),
                "indicator_types": ["malicious-activity"],
                "pattern": pattern::equals(ot, value),
                "pattern_type": "stix",
                "pattern_version": "2.1",
                "valid_from": created,
            });
            if let Some(c) = ind.confidence {
                obj["confidence"] = json!(c.min(100));
            }
            let kind = ind
                .kind
                .as_deref()
                .map(|k| format!(" ({k})"))
                .unwrap_or_default();
            obj["description"] = json!(format!(
                "{}{kind} used by tech-support or brand-impersonation scammers, from victims' reports.",
                type_label(*ty)
            ));
            self.push_sdo(&id, obj, &created, &modified);
            let sco = sco_id(ot, value);
            self.push_sco(&sco, ot, value, ind.kind.as_deref());
            for campaign in self
                .indicates
                .get(&(*ty, value.clone()))
                .cloned()
                .unwrap_or_default()
            {
                self.relate(&id, "indicates", &campaign, None, &created, &modified);
            }
        }
        if !self.custom_types.is_empty() {
            head.push(project_identity());
            for sco in CUSTOM_SCOS
                .iter()
                .filter(|c| self.custom_types.contains(c.object_type))
            {
                head.push(extension_definition(sco));
            }
        }
        head.append(&mut self.objects);
        let mut ids: Vec<String> = head
            .iter()
            .map(|o| {
                format!(
                    "{}@{}",
                    o["id"].as_str().unwrap_or(""),
                    o["modified"].as_str().unwrap_or("")
                )
            })
            .collect();
        ids.sort();
        let bundle_id = format!("bundle--{}", crate::ids::uuid_of(&[&ids.join(",")]));
        Bundle {
            ty: "bundle",
            id: bundle_id,
            objects: head,
            skipped: self.skipped,
        }
    }

    fn marked(&self, mut obj: Value) -> Value {
        obj["object_marking_refs"] = json!([self.tlp.marking_id()]);
        obj
    }

    /// Adds a domain object or relationship (common properties filled in), once per id.
    fn push_sdo(&mut self, id: &str, mut obj: Value, created: &str, modified: &str) {
        if !self.seen.insert(id.to_string()) {
            return;
        }
        obj["spec_version"] = json!("2.1");
        obj["id"] = json!(id);
        obj["created_by_ref"] = json!(self.producer_id);
        obj["created"] = json!(created);
        obj["modified"] = json!(modified);
        let obj = self.marked(obj);
        self.objects.push(obj);
    }

    fn relate(
        &mut self,
        source: &str,
        rel: &str,
        target: &str,
        description: Option<&str>,
        created: &str,
        modified: &str,
    ) {
        let id = stix_id("relationship", &[&self.producer, source, rel, target]);
        let mut obj = json!({
            "type": "relationship",
            "relationship_type": rel,
            "source_ref": source,
            "target_ref": target,
        });
        if let Some(d) = description {
            obj["description"] = json!(d);
        }
        self.push_sdo(&id, obj, created, modified);
    }

    fn push_sco(&mut self, id: &str, ot: &'static str, value: &str, kind: Option<&str>) {
        if !self.seen.insert(id.to_string()) {
            return;
        }
        let mut obj = json!({"type": ot, "spec_version": "2.1", "id": id, "value": value});
        if ot.starts_with("x-dragnet-") {
            self.custom_types.insert(ot);
            obj["extensions"] = json!({ extension_id(ot): {"extension_type": "new-sco"} });
            if let Some(k) = kind {
                obj["kind"] = json!(k);
            }
        }
        let obj = self.marked(obj);
        self.objects.push(obj);
    }
}

/// Human wording of an indicator type for descriptions.
fn type_label(ty: IndicatorType) -> &'static str {
    match ty {
        IndicatorType::Phone => "Phone number",
        IndicatorType::Url => "Web address",
        IndicatorType::Domain => "Domain",
        IndicatorType::Email => "E-mail address",
        IndicatorType::Ip => "IP address",
        IndicatorType::RemoteAccessId => "Remote-access id",
        IndicatorType::CryptoWallet => "Crypto wallet",
        IndicatorType::Iban => "Bank account (IBAN)",
        IndicatorType::GiftCard => "Gift card",
        IndicatorType::Other => "Value",
    }
}

fn min_opt(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}
