//! Publishing an organisation's own intelligence into its `intel` collection.
//!
//! The operations an organisation took part in (at least one of its reports) go through
//! `dragnet_share`'s [`BundleBuilder`] — campaigns, infrastructure, indicators, brands,
//! sighting counts per country, no victim data — marked with the chosen TLP level. STIX ids
//! are deterministic and `modified` is the last time Dragnet saw the thing, so publishing
//! again stores only what changed: new operations, and new versions of operations that
//! grew. Contributions marked above the publication's level, and TLP:RED ones, are left
//! out. `dragnet taxii publish` runs it (e.g. from cron after imports).

use super::tlp_rank;
use dragnet_share::Tlp;
use dragnet_share::envelope::check_objects;
use dragnet_share::stix::BundleBuilder;
use dragnet_store::taxii::{Added, INTEL, NewTaxiiObject, TaxiiStore, format_timestamp};
use dragnet_store::{Operations, Org, StoreError};

/// What one publication did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Published {
    pub operations: usize,
    /// Objects in the bundle.
    pub objects: usize,
    /// Object versions stored for the first time.
    pub new: usize,
}

/// Objects per transaction.
const CHUNK: usize = 5_000;

/// Publishes the operations of `org` with at least `min_reports` reports, marked `tlp`.
///
/// `level_of` gives each report's (`source/id`) own TLP level: an operation is published
/// over only the contributions marked at or below `tlp`, never a TLP:RED one (as `dragnet
/// export stix` does), and only if at least two such reports remain, one of them `org`'s.
pub async fn publish(
    operations: &Operations,
    taxii: &dyn TaxiiStore,
    org: &Org,
    tlp: Tlp,
    min_reports: usize,
    level_of: &dyn Fn(&str) -> Option<Tlp>,
) -> Result<Published, StoreError> {
    let allowed = |k: &str| level_of(k).is_some_and(|t| t <= tlp && t != Tlp::Red);
    let mine: Vec<_> = {
        let engine = operations.read();
        engine
            .summaries(min_reports)
            .into_iter()
            .filter_map(|s| {
                if s.report_keys.iter().all(|k| allowed(k)) {
                    Some(s)
                } else {
                    engine.summary_where(&s.cluster, &allowed)
                }
            })
            .filter(|s| {
                s.reports.len() >= min_reports.max(2)
                    && s.report_keys
                        .iter()
                        .any(|k| operations.owner_of(k) == Some(org.id))
            })
            .collect()
    };
    let mut b = BundleBuilder::new(&org.name, tlp, chrono::Utc::now());
    for op in &mine {
        b.add_operation(op);
    }
    let bundle = b.build();
    let (good, bad) = check_objects(&bundle.objects, tlp);
    if let Some(e) = bad.first() {
        // The builder's output is tested against the OASIS validator; this is a bug.
        return Err(StoreError::Internal(format!(
            "the STIX builder produced an object that fails the envelope checks: {e}"
        )));
    }
    let rows: Vec<NewTaxiiObject> = good
        .into_iter()
        .map(|o| NewTaxiiObject {
            json: o.object.to_string(),
            stix_id: o.id,
            stix_type: o.ty,
            version: o.version.map(format_timestamp),
            spec_version: o.spec_version,
            tlp: tlp_rank(o.tlp),
        })
        .collect();
    let mut new = 0;
    for chunk in rows.chunks(CHUNK) {
        new += taxii
            .taxii_add(org.id, INTEL, "published", chunk)
            .await?
            .iter()
            .filter(|a| matches!(a, Added::New { .. }))
            .count();
    }
    Ok(Published {
        operations: mine.len(),
        objects: rows.len(),
        new,
    })
}
