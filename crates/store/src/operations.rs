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
//!
//! On PostgreSQL several processes share the database ([`Operations::load_shared`]). Each of
//! them stores reports (durable and acknowledged at once), and each keeps its engine current
//! by tailing the reports in storage order ([`Operations::sync`], also run by
//! [`Operations::follow`] every few hundred milliseconds): the same order everywhere gives
//! the same ids everywhere. Exactly one process, the correlation worker (see `worker.rs`),
//! records the links; the others keep the events since the recorded watermark so that
//! whichever takes over records what its predecessor had not.

use crate::{
    Assignment, DataKey, Inserted, LinkStep, Links, NewReport, ReportStore, StoreError,
    StoredReport, WorkerLease, WorkerStore,
};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use dragnet_cluster::{ClusterEvent, Engine, Policy, ReportNode};
use dragnet_core::{Country, Money, Reporter};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

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
    writer: Arc<tokio::sync::Mutex<()>>,
    /// Set when several processes share the database (PostgreSQL).
    shared: Option<Shared>,
}

/// The shared-database mode: the stored order followed, the worker role sought.
struct Shared {
    store: Arc<dyn WorkerStore>,
    /// Who this process is, as recorded with the worker role.
    holder: String,
    tail: tokio::sync::Mutex<Tail>,
    is_worker: AtomicBool,
    seen: AtomicI64,
    linked: AtomicI64,
}

/// Where this process is in the stored order.
struct Tail {
    /// The last report (seq) fed to the engine.
    after: i64,
    /// Events of reports beyond the recorded watermark, by report, oldest first: what this
    /// process records should it become the worker.
    pending: VecDeque<(i64, Vec<ClusterEvent>)>,
    /// The recorded watermark (last report whose links are stored).
    linked: i64,
    lease: Option<WorkerLease>,
}

/// What one [`Operations::sync`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Synced {
    /// Reports newly fed to the engine.
    pub followed: usize,
    /// Reports whose links this process recorded (as the worker).
    pub recorded: usize,
    pub is_worker: bool,
}

impl Operations {
    /// An empty engine (for a new store, or for `--rebuild`).
    pub fn new(policy: Policy) -> Self {
        Operations {
            engine: RwLock::new(Engine::new(policy)),
            owners: RwLock::new(HashMap::new()),
            red: RwLock::new(HashSet::new()),
            writer: Arc::default(),
            shared: None,
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
        if self.shared.is_some() {
            // Stored (and acknowledged) at once; linking follows the stored order. Following
            // it right away lets this process's next answers include the batch.
            // When another request is following already, the batch is left to it or to the
            // next round of [`Self::follow`] rather than queueing every request behind it.
            let outcome = store.insert_reports(batch).await?;
            if let Some(sh) = &self.shared
                && let Ok(mut t) = sh.tail.try_lock()
                && let Err(e) = self.sync_with(sh, &mut t).await
            {
                tracing::warn!(error = %e, "reports stored; following them is left to the next round");
            }
            return Ok(outcome);
        }
        let _turn = self.writer.lock().await;
        // The new reports are linked inside the batch's transaction (one commit). The
        // engine takes them before the commit; should the commit fail, it is reloaded from
        // the store so that it never holds a report the store does not.
        let recheck = std::sync::Mutex::new(None::<BTreeSet<String>>);
        let fingerprint = store.as_sql().map(|s| s.key().fingerprint());
        let victim = |r: &Reporter| store.victim_hash(r);
        let link = |fresh: &[&NewReport]| {
            let events = self.add_to_engine(&victim, fingerprint.as_deref(), fresh);
            let (steps, again) = plan(&events);
            *recheck.lock().unwrap_or_else(|p| p.into_inner()) = Some(again);
            (steps, events)
        };
        let stored = store.insert_and_link(batch, &link).await;
        let ran = recheck.into_inner().unwrap_or_else(|p| p.into_inner());
        match stored {
            Ok(outcome) => {
                if let Some(clusters) = ran
                    && let Err(e) = self.recheck(store, &clusters).await
                {
                    tracing::error!(error = %e, "reports stored but operations left by a split were not recorded; run `dragnet clusters --rebuild`");
                }
                Ok(outcome)
            }
            Err(e) => {
                if ran.is_some() {
                    self.reload(store).await;
                }
                Err(e)
            }
        }
    }

    /// Replaces the engine with one replayed from the store (after a failed write that the
    /// engine had already taken). Failing that too, the engine is left as it is and the
    /// error logged: `dragnet clusters --rebuild` or a restart sets it right.
    async fn reload(&self, store: &dyn ReportStore) {
        let policy = self.read().policy().clone();
        let mut fresh = Operations::new(policy);
        match fresh.replay(store, None, |_| {}).await {
            Ok(_) => {
                *self.lock() = fresh.engine.into_inner().unwrap_or_else(|p| p.into_inner());
                *self.owners.write().unwrap_or_else(|p| p.into_inner()) =
                    fresh.owners.into_inner().unwrap_or_else(|p| p.into_inner());
                *self.red.write().unwrap_or_else(|p| p.into_inner()) =
                    fresh.red.into_inner().unwrap_or_else(|p| p.into_inner());
            }
            Err(e) => {
                tracing::error!(error = %e, "a batch was not stored and the operations could not be reloaded; restart or run `dragnet clusters --rebuild`")
            }
        }
    }

    /// Loads the engine by replaying every stored report in storage order;
    /// `progress(done)` is called after each page.
    pub async fn load(
        store: &dyn ReportStore,
        policy: Policy,
        progress: impl FnMut(u64),
    ) -> Result<Self, StoreError> {
        let mut ops = Operations::new(policy);
        ops.replay(store, None, progress).await?;
        Ok(ops)
    }

    /// Loads the engine for a database shared with other processes (PostgreSQL): like
    /// [`Self::load`], keeping the events of reports beyond the recorded watermark; then
    /// [`Self::sync`] and [`Self::follow`] keep it current and seek the worker role.
    pub async fn load_shared(
        store: Arc<dyn WorkerStore>,
        policy: Policy,
        holder: String,
        progress: impl FnMut(u64),
    ) -> Result<Self, StoreError> {
        let linked = store.worker_state().await?.linked_seq;
        let mut ops = Operations::new(policy);
        let (after, pending) = ops.replay(store.as_ref(), Some(linked), progress).await?;
        ops.shared = Some(Shared {
            store,
            holder,
            tail: tokio::sync::Mutex::new(Tail {
                after,
                pending,
                linked,
                lease: None,
            }),
            is_worker: AtomicBool::new(false),
            seen: AtomicI64::new(after),
            linked: AtomicI64::new(linked),
        });
        Ok(ops)
    }

    /// Feeds every stored report to the engine; returns the last seq and, when `keep_after`
    /// is given, the events of the reports beyond it.
    async fn replay(
        &mut self,
        store: &dyn ReportStore,
        keep_after: Option<i64>,
        mut progress: impl FnMut(u64),
    ) -> Result<(i64, VecDeque<(i64, Vec<ClusterEvent>)>), StoreError> {
        let mut after = 0;
        let mut done = 0u64;
        let mut kept = VecDeque::new();
        loop {
            let page = store.reports_after(after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            self.feed(&page, keep_after, &mut kept);
            done += page.len() as u64;
            progress(done);
        }
        Ok((after, kept))
    }

    /// Adds stored reports to the engine, keeping the events of those beyond `keep_after`.
    fn feed(
        &self,
        page: &[StoredReport],
        keep_after: Option<i64>,
        kept: &mut VecDeque<(i64, Vec<ClusterEvent>)>,
    ) {
        let mut engine = self.lock();
        let mut owners = self.owners.write().unwrap_or_else(|p| p.into_inner());
        let mut red = self.red.write().unwrap_or_else(|p| p.into_inner());
        for r in page {
            let events = engine.add(&node_from_stored(r));
            if keep_after.is_some_and(|k| r.seq > k) {
                kept.push_back((r.seq, events));
            }
            if let Some(o) = r.org_id {
                owners.insert(format!("{}/{}", r.source, r.id).into(), o);
            }
            if r.tlp == "red" {
                red.insert(format!("{}/{}", r.source, r.id).into());
            }
        }
    }

    /// One round of the shared mode: seek the worker role if nobody holds it, feed the
    /// reports stored since the last round to the engine, and, as the worker, record the
    /// links of everything beyond the watermark (as a follower, forget what is recorded).
    /// Does nothing in single-process mode.
    pub async fn sync(&self) -> Result<Synced, StoreError> {
        let Some(sh) = &self.shared else {
            return Ok(Synced::default());
        };
        let mut t = sh.tail.lock().await;
        self.sync_with(sh, &mut t).await
    }

    /// [`Self::sync`] with the tail locked.
    async fn sync_with(&self, sh: &Shared, t: &mut Tail) -> Result<Synced, StoreError> {
        let mut out = Synced::default();
        if t.lease.is_none()
            && let Some(lease) = sh.store.try_acquire_worker(&sh.holder).await?
        {
            tracing::info!(
                epoch = lease.epoch,
                "this process is now the correlation worker"
            );
            t.lease = Some(lease);
        }
        loop {
            let page = sh.store.reports_after(t.after, PAGE).await?;
            let Some(last) = page.last() else { break };
            t.after = last.seq;
            let keep = t.linked;
            self.feed(&page, Some(keep), &mut t.pending);
            out.followed += page.len();
            if (page.len() as i64) < PAGE {
                break;
            }
        }
        let state = sh.store.worker_state().await?;
        t.linked = t.linked.max(state.linked_seq);
        if t.lease.as_ref().is_some_and(|l| l.epoch != state.epoch) {
            tracing::warn!("another process took the correlation worker role");
            t.lease = None;
        }
        if let Some(epoch) = t.lease.as_ref().map(|l| l.epoch)
            && t.after > t.linked
        {
            let linked = t.linked;
            let mut events = Vec::new();
            let mut reports = 0;
            for (seq, ev) in &t.pending {
                if *seq > linked {
                    reports += 1;
                    events.extend(ev.iter().cloned());
                }
            }
            let (steps, recheck) = plan(&events);
            match sh
                .store
                .record_links_as_worker(epoch, t.after, &steps, &events)
                .await
            {
                Ok(()) => {
                    t.linked = t.after;
                    out.recorded = reports;
                    self.recheck(sh.store.as_ref(), &recheck).await?;
                }
                Err(StoreError::Conflict(m)) => {
                    tracing::warn!(reason = %m, "no longer the correlation worker");
                    t.lease = None;
                }
                Err(e) => return Err(e),
            }
        }
        let linked = t.linked;
        while t.pending.front().is_some_and(|(seq, _)| *seq <= linked) {
            t.pending.pop_front();
        }
        out.is_worker = t.lease.is_some();
        sh.is_worker.store(out.is_worker, Ordering::Relaxed);
        sh.seen.store(t.after, Ordering::Relaxed);
        sh.linked.store(t.linked, Ordering::Relaxed);
        Ok(out)
    }

    /// Runs [`Self::sync`] every `every` for ever (the server's background task); checks
    /// that the worker role's connection is alive, so that a broken one is given up and
    /// sought again. Errors are logged once per change, not every round.
    pub async fn follow(self: Arc<Self>, every: Duration) {
        let Some(sh) = &self.shared else { return };
        let mut failing = false;
        loop {
            {
                let mut t = sh.tail.lock().await;
                if let Some(lease) = &mut t.lease
                    && !lease.alive().await
                {
                    tracing::warn!(
                        "the correlation worker's database session broke; giving the role up"
                    );
                    t.lease = None;
                    sh.is_worker.store(false, Ordering::Relaxed);
                }
            }
            match self.sync().await {
                Ok(_) if failing => {
                    tracing::info!("following the stored reports again");
                    failing = false;
                }
                Ok(_) => {}
                Err(e) if !failing => {
                    tracing::warn!(error = %e, "cannot follow the stored reports; retrying");
                    failing = true;
                }
                Err(_) => {}
            }
            tokio::time::sleep(every).await;
        }
    }

    /// Where this process stands: `single` (one process owns the database) or `shared`,
    /// with its role and how far it has followed and the worker has recorded.
    pub fn status(&self) -> serde_json::Value {
        match &self.shared {
            None => serde_json::json!({"mode": "single", "worker": true}),
            Some(sh) => serde_json::json!({
                "mode": "shared",
                "worker": sh.is_worker.load(Ordering::Relaxed),
                "followed_seq": sh.seen.load(Ordering::Relaxed),
                "linked_seq": sh.linked.load(Ordering::Relaxed),
            }),
        }
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
    /// Feeds newly stored reports to the engine (and the owner and TLP:RED maps) and returns
    /// the events.
    fn add_to_engine(
        &self,
        victim: &dyn Fn(&Reporter) -> Option<String>,
        fingerprint: Option<&str>,
        reports: &[&NewReport],
    ) -> Vec<ClusterEvent> {
        let nodes: Vec<ReportNode> = reports
            .iter()
            .map(|r| match fingerprint.and_then(|f| r.prepared_with(f)) {
                Some(p) => node_from_prepared(r, p),
                None => node_from_new(r, victim(&r.input.reporter)),
            })
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
        let mut engine = self.lock();
        nodes.iter().flat_map(|n| engine.add(n)).collect()
    }

    /// After a split (rare: a value became a hub), the operations it left get their members
    /// from the engine (its released reports were assigned with the events). Merges later
    /// in the batch are followed to where the operation lives now.
    async fn recheck(
        &self,
        store: &dyn ReportStore,
        clusters: &BTreeSet<String>,
    ) -> Result<(), StoreError> {
        if clusters.is_empty() {
            return Ok(());
        }
        let fix = fix_after_split(&self.read(), clusters);
        store.assign_clusters(&fix).await
    }

    /// Adds a batch about to be stored to the engine and derives its links for
    /// [`ReportStore::insert_linked`], the operations left by a split re-assigned from the
    /// engine (as [`Self::recheck`] does after a commit). `victim` hashes the victims of
    /// reports not prepared with the key of fingerprint `fingerprint`.
    fn link_before(
        &self,
        victim: &dyn Fn(&Reporter) -> Option<String>,
        fingerprint: Option<&str>,
        batch: &[NewReport],
    ) -> Links {
        let reports: Vec<&NewReport> = batch.iter().collect();
        let events = self.add_to_engine(victim, fingerprint, &reports);
        let (mut steps, again) = plan(&events);
        let engine = self.read();
        if !again.is_empty() {
            steps.push(LinkStep::Assign(fix_after_split(&engine, &again)));
        }
        let clusters = batch
            .iter()
            .map(|r| engine.cluster_of(&format!("{}/{}", r.source, r.id)))
            .collect();
        Links {
            steps,
            events,
            clusters,
        }
    }

    /// A writer of consecutive batches (`dragnet import`) that links each batch while the
    /// batch before it is being written, so that the engine's work is off the path the
    /// database waits on. It holds this process's writer turn until dropped. On a shared
    /// database (PostgreSQL with several processes) it stores each batch as
    /// [`Self::store_and_link`] does.
    pub async fn batch_writer(self: &Arc<Self>, store: &dyn ReportStore) -> BatchWriter {
        let turn = match self.shared {
            Some(_) => None,
            None => Some(self.writer.clone().lock_owned().await),
        };
        BatchWriter {
            ops: self.clone(),
            key: store.as_sql().map(|s| s.key().clone()),
            linked: None,
            _turn: turn,
        }
    }
}

/// See [`Operations::batch_writer`].
pub struct BatchWriter {
    ops: Arc<Operations>,
    /// The store's data key: victim hashes of reports not prepared with it.
    key: Option<DataKey>,
    /// The batch the engine has taken and the store not yet: stored by the next call.
    linked: Option<(Vec<NewReport>, Links)>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl BatchWriter {
    /// Takes `batch`: links it while the batch given before is written, and returns that
    /// one back with what happened to each of its reports once it is committed (`None` on
    /// the first call). On a shared database, stores `batch` itself and returns it.
    /// After an error the engine is reloaded from the store and nothing more may be written.
    pub async fn push(
        &mut self,
        store: &dyn ReportStore,
        batch: Vec<NewReport>,
    ) -> Result<Option<(Vec<NewReport>, Vec<Inserted>)>, StoreError> {
        if self.ops.shared.is_some() {
            let outcome = self.ops.store_and_link(store, &batch).await?;
            return Ok(Some((batch, outcome)));
        }
        let (ops, key) = (self.ops.clone(), self.key.clone());
        let link = tokio::task::spawn_blocking(move || {
            let fingerprint = key.as_ref().map(DataKey::fingerprint);
            let victim = |r: &Reporter| key.as_ref().and_then(|k| k.victim_of(r));
            let links = ops.link_before(&victim, fingerprint.as_deref(), &batch);
            (batch, links)
        });
        let previous = self.linked.take();
        let write = async {
            match &previous {
                Some((b, links)) => Some(store.insert_linked(b, links).await),
                None => None,
            }
        };
        let (written, linked) = tokio::join!(write, link);
        let outcome = match (written.transpose(), linked) {
            (Ok(outcome), Ok(linked)) => {
                self.linked = Some(linked);
                outcome
            }
            // The engine holds batches the store does not.
            (Err(e), _) => return Err(self.reloaded(store, e).await),
            (Ok(_), Err(e)) => {
                let e = StoreError::Internal(format!("linking a batch failed: {e}"));
                return Err(self.reloaded(store, e).await);
            }
        };
        Ok(previous.zip(outcome).map(|((b, _), outcome)| (b, outcome)))
    }

    /// Writes the last batch taken (if any) and returns it with its outcome.
    pub async fn finish(
        mut self,
        store: &dyn ReportStore,
    ) -> Result<Option<(Vec<NewReport>, Vec<Inserted>)>, StoreError> {
        let Some((batch, links)) = self.linked.take() else {
            return Ok(None);
        };
        match store.insert_linked(&batch, &links).await {
            Ok(outcome) => Ok(Some((batch, outcome))),
            Err(e) => Err(self.reloaded(store, e).await),
        }
    }

    /// After a failure: the engine replayed from the store, and the error to return.
    async fn reloaded(&self, store: &dyn ReportStore, e: StoreError) -> StoreError {
        self.ops.reload(store).await;
        e
    }
}

/// The members of the operations `clusters` (followed to where they live now) assigned
/// to them: what a split leaves.
fn fix_after_split(engine: &Engine, clusters: &BTreeSet<String>) -> Vec<Assignment> {
    clusters
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
}

/// The store changes `events` call for, in order, and the operations to re-check after a split.
fn plan(events: &[ClusterEvent]) -> (Vec<LinkStep>, BTreeSet<String>) {
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
    (steps, recheck)
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

/// [`node_from_new`] from the work [`NewReport::prepare`] did ahead.
fn node_from_prepared(r: &NewReport, p: &crate::model::Prepared) -> ReportNode {
    ReportNode {
        key: format!("{}/{}", r.source, r.id),
        source: r.source.clone(),
        received_at: r.input.received_at,
        country: r.input.reporter.country,
        brand: r.input.brand.clone(),
        narrative_brands: p.narrative_brands.clone(),
        loss: r.input.loss.clone(),
        victim: p.victim.clone(),
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
