//! Operations: the correlation engine kept in step with the store.
//!
//! The engine ([`dragnet_cluster::Engine`]) lives in memory. At start it is loaded by
//! replaying the stored reports in storage order; because the engine's ids depend only on
//! the order of insertion, the replay reproduces exactly the ids that incremental linking
//! gave when the reports arrived. After that every committed batch is fed to the engine
//! (incremental: no recompute) and what changed is written back: each report's operation
//! id, and the events (created, joined, merged with the older id kept, split, hubs) in the
//! append-only `cluster_events` history. `--rebuild` replays from nothing and compares the
//! result with the stored assignments.

use crate::{Assignment, Inserted, LinkStep, NewReport, ReportStore, StoreError, StoredReport};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use dragnet_cluster::{ClusterEvent, Engine, Policy, ReportNode};
use dragnet_core::{Country, Money};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Rows read per page while replaying.
const PAGE: i64 = 5_000;

/// The engine shared by the server's handlers and the importer.
pub struct Operations {
    engine: RwLock<Engine>,
    /// Owning organisation of each report (`source/id`), for what callers may see.
    owners: RwLock<HashMap<Box<str>, i64>>,
    /// Reports (`source/id`) marked TLP:RED: other organisations never see them.
    red: RwLock<HashSet<Box<str>>>,
    /// Serialises "store a batch, then link it", so the engine sees reports in storage
    /// order and a replay reproduces the same ids.
    writer: tokio::sync::Mutex<()>,
}

impl Operations {
    /// An empty engine (for a new store, or for `--rebuild`).
    pub fn new(policy: Policy) -> Self {
        Operations {
            engine: RwLock::new(Engine::new(policy)),
            owners: RwLock::new(HashMap::new()),
            red: RwLock::new(HashSet::new()),
            writer: tokio::sync::Mutex::new(()),
        }
    }

    /// Stores a batch (one transaction) and links the newly stored reports. The batch is
    /// durable when this returns `Ok`. When linking fails after the commit, the reports stay
    /// stored and the failure is logged: operations are derived state, and a replay or
    /// `--rebuild` restores them.
    pub async fn store_and_link(
        &self,
        store: &dyn ReportStore,
        batch: &[NewReport],
    ) -> Result<Vec<Inserted>, StoreError> {
        let _turn = self.writer.lock().await;
        let outcome = store.insert_reports(batch).await?;
        let fresh: Vec<&NewReport> = batch
            .iter()
            .zip(&outcome)
            .filter(|(_, o)| matches!(o, Inserted::New(_)))
            .map(|(r, _)| r)
            .collect();
        if let Err(e) = self.ingest(store, &fresh).await {
            tracing::error!(error = %e, "reports stored but their operations were not recorded; run `dragnet clusters --rebuild`");
        }
        Ok(outcome)
    }

    /// Loads the engine by replaying every stored report in storage order;
    /// `progress(done)` is called after each page.
    pub async fn load(
        store: &dyn ReportStore,
        policy: Policy,
        mut progress: impl FnMut(u64),
    ) -> Result<Self, StoreError> {
        let ops = Operations::new(policy);
        let mut after = 0;
        let mut done = 0u64;
        loop {
            let page = store.reports_after(after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            {
                let mut engine = ops.lock();
                let mut owners = ops.owners.write().unwrap_or_else(|p| p.into_inner());
                let mut red = ops.red.write().unwrap_or_else(|p| p.into_inner());
                for r in &page {
                    engine.add(&node_from_stored(r));
                    if let Some(o) = r.org_id {
                        owners.insert(format!("{}/{}", r.source, r.id).into(), o);
                    }
                    if r.tlp == "red" {
                        red.insert(format!("{}/{}", r.source, r.id).into());
                    }
                }
            }
            done += page.len() as u64;
            progress(done);
        }
        Ok(ops)
    }

    /// The organisation owning a report (`source/id`), if any.
    pub fn owner_of(&self, key: &str) -> Option<i64> {
        self.owners
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .copied()
    }

    /// Whether a report (`source/id`) is marked TLP:RED.
    pub fn is_red(&self, key: &str) -> bool {
        self.red
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .contains(key)
    }

    /// The engine, to change it (adding reports). Readers use [`Self::read`].
    pub fn lock(&self) -> RwLockWriteGuard<'_, Engine> {
        // A panic while holding the lock leaves the engine in an unknown state; carrying on
        // with it is still better than refusing every request, and a restart replays.
        self.engine.write().unwrap_or_else(|p| p.into_inner())
    }

    /// The engine for reading only: many readers (checks, summaries) at once.
    pub fn read(&self) -> RwLockReadGuard<'_, Engine> {
        self.engine.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Links newly stored reports and writes back what changed.
    async fn ingest(
        &self,
        store: &dyn ReportStore,
        reports: &[&NewReport],
    ) -> Result<Vec<ClusterEvent>, StoreError> {
        if reports.is_empty() {
            return Ok(Vec::new());
        }
        let nodes: Vec<ReportNode> = reports
            .iter()
            .map(|r| node_from_new(r, store.victim_hash(&r.input.reporter)))
            .collect();
        {
            let mut owners = self.owners.write().unwrap_or_else(|p| p.into_inner());
            let mut red = self.red.write().unwrap_or_else(|p| p.into_inner());
            for r in reports {
                if let Some(o) = r.org_id {
                    owners.insert(format!("{}/{}", r.source, r.id).into(), o);
                }
                if r.tlp == "red" {
                    red.insert(format!("{}/{}", r.source, r.id).into());
                }
            }
        }
        let events: Vec<ClusterEvent> = {
            let mut engine = self.lock();
            nodes.iter().flat_map(|n| engine.add(n)).collect()
        };
        self.persist(store, &events).await?;
        Ok(events)
    }

    /// Writes the effect of `events` to the store.
    async fn persist(
        &self,
        store: &dyn ReportStore,
        events: &[ClusterEvent],
    ) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut steps: Vec<LinkStep> = Vec::new();
        let mut assign: Vec<Assignment> = Vec::new();
        let mut recheck: BTreeSet<String> = BTreeSet::new();
        for e in events {
            match e {
                ClusterEvent::Created { cluster, reports } => {
                    assign.extend(reports.iter().map(|k| assignment(k, Some(cluster.clone()))));
                }
                ClusterEvent::Joined { cluster, report } => {
                    assign.push(assignment(report, Some(cluster.clone())));
                }
                ClusterEvent::Merged { kept, absorbed } => {
                    // Earlier assignments of this batch must land before the rename.
                    steps.push(LinkStep::Assign(std::mem::take(&mut assign)));
                    steps.push(LinkStep::Rename {
                        from: absorbed.clone(),
                        to: kept.clone(),
                    });
                }
                ClusterEvent::Split {
                    cluster,
                    into,
                    released,
                } => {
                    recheck.insert(cluster.clone());
                    recheck.extend(into.iter().cloned());
                    assign.extend(released.iter().map(|k| assignment(k, None)));
                }
                ClusterEvent::HubSuppressed { .. }
                | ClusterEvent::HubReleased { .. }
                | ClusterEvent::Duplicate { .. } => {}
            }
        }
        steps.push(LinkStep::Assign(assign));
        // One transaction (one fsync) for the whole batch's changes and their history.
        store.record_links(&steps, events).await?;
        if !recheck.is_empty() {
            // A split is rare (a value became a hub): the operations it left get their
            // members from the engine (its released reports were assigned above). Merges
            // later in the batch are followed to where the operation lives now.
            let fix: Vec<Assignment> = {
                let engine = self.read();
                recheck
                    .iter()
                    .filter_map(|c| engine.resolve(c))
                    .collect::<BTreeSet<String>>()
                    .into_iter()
                    .flat_map(|c| {
                        engine
                            .members(&c)
                            .into_iter()
                            .map(move |k| assignment(&k, Some(c.clone())))
                    })
                    .collect()
            };
            store.assign_clusters(&fix).await?;
        }
        Ok(())
    }
}

fn assignment(key: &str, cluster: Option<String>) -> Assignment {
    let (source, id) = key.split_once('/').unwrap_or(("", key));
    Assignment {
        source: source.to_string(),
        id: id.to_string(),
        cluster,
    }
}

/// Brands named in a narrative (names and aliases of the brand registry, whole words,
/// case-insensitive).
pub fn narrative_brands(text: &str) -> Vec<String> {
    static MATCHER: OnceLock<(AhoCorasick, Vec<String>)> = OnceLock::new();
    let (ac, names) = MATCHER.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut names = Vec::new();
        for b in dragnet_extract::brands() {
            for p in std::iter::once(&b.name).chain(b.aliases.iter()) {
                if p.len() >= 3 {
                    patterns.push(p.to_lowercase());
                    names.push(b.name.clone());
                }
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            // Invariant: the registry's names are plain strings; building cannot fail.
            .unwrap_or_else(|e| unreachable!("brand matcher: {e}"));
        (ac, names)
    });
    let bytes = text.as_bytes();
    let mut found: Vec<String> = Vec::new();
    for m in ac.find_iter(text) {
        let before = m.start().checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(m.end()).copied();
        let is_word = |b: Option<u8>| b.is_some_and(|c| c.is_ascii_alphanumeric());
        if is_word(before) || is_word(after) {
            continue;
        }
        let name = &names[m.pattern().as_usize()];
        if !found.contains(name) {
            found.push(name.clone());
        }
    }
    found
}

/// The engine's view of a report about to be (or just) stored.
pub fn node_from_new(r: &NewReport, victim: Option<String>) -> ReportNode {
    ReportNode {
        key: format!("{}/{}", r.source, r.id),
        source: r.source.clone(),
        received_at: r.input.received_at,
        country: r.input.reporter.country,
        brand: r.input.brand.clone(),
        narrative_brands: narrative_brands(&r.input.narrative),
        loss: r.input.loss.clone(),
        victim,
        indicators: r.indicators.clone(),
    }
}

/// The engine's view of a stored report (for replays).
pub fn node_from_stored(r: &StoredReport) -> ReportNode {
    let loss = r.loss.as_ref().and_then(|l| {
        Money::parse(
            l["amount"].as_str().unwrap_or(""),
            l["currency"].as_str().unwrap_or(""),
        )
        .ok()
    });
    ReportNode {
        key: format!("{}/{}", r.source, r.id),
        source: r.source.clone(),
        received_at: r
            .received_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc)),
        country: r.country.as_deref().and_then(|c| Country::parse(c).ok()),
        brand: r.brand.clone(),
        narrative_brands: narrative_brands(&r.narrative),
        loss,
        victim: r.victim_hash.clone(),
        indicators: r.indicators.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrative_brands_are_whole_words() {
        assert_eq!(
            narrative_brands("A Microsoft pop-up, then amazon called"),
            vec!["Microsoft", "Amazon"]
        );
        assert!(narrative_brands("the amazonian rainforest").is_empty());
    }
}
