use crate::helpers::{TestDb, backends, report};
use dragnet_core::IndicatorType;
use dragnet_store::{Assignment, DataKey, Inserted, NewReport, ReportStore, SqlStore, StoreError};

const FULL: &str = r#"{"id":"MS-1","source":"microsoft-dcu","received_at":"2023-09-14T16:02:11Z",
 "reporter":{"country":"DE","language":"de","name":"Erika Mustermann","email":"erika@example.de","phone":"+49 30 1234567"},
 "contact_method":"popup","brand":"Microsoft","narrative":"Rufen Sie 0800 123 4567 an",
 "loss":{"amount":"499.00","currency":"EUR"},"payment_method":"gift cards",
 "indicators":[{"type":"domain","value":"Microsoft-Help.com"}]}"#;

fn one_line(s: &str) -> String {
    s.replace('\n', "")
}

#[tokio::test]
async fn stores_and_reads_back_a_report_on_every_backend() {
    for db in backends().await {
        let r = report(&one_line(FULL));
        let out = db
            .store
            .insert_reports(std::slice::from_ref(&r))
            .await
            .unwrap();
        assert!(matches!(out[0], Inserted::New(_)), "{}", db.name);

        let got = db
            .store
            .get_reports(Some("microsoft-dcu"), "MS-1")
            .await
            .unwrap();
        assert_eq!(got.len(), 1, "{}", db.name);
        let g = &got[0];
        assert_eq!(g.narrative, "Rufen Sie 0800 123 4567 an");
        assert_eq!(g.country.as_deref(), Some("DE"));
        assert_eq!(g.loss.as_ref().unwrap()["amount"], "499.00");
        assert_eq!(g.indicators[0].value, "microsoft-help.com");
        assert_eq!(g.received_at.as_deref(), Some("2023-09-14T16:02:11Z"));
        assert!(g.has_reporter);

        let rep = db.store.reporter(g.seq).await.unwrap().unwrap();
        assert_eq!(rep.name.as_deref(), Some("Erika Mustermann"), "{}", db.name);

        let hits = db
            .store
            .reports_with_indicator(IndicatorType::Domain, "microsoft-help.com")
            .await
            .unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].id, "MS-1");
    }
}

#[tokio::test]
async fn re_inserting_the_same_source_and_id_never_duplicates() {
    for db in backends().await {
        let a = report(r#"{"id":"A-1","source":"amazon","narrative":"one"}"#);
        let b = report(r#"{"id":"A-1","source":"amazon","narrative":"changed text"}"#);
        let c = report(r#"{"id":"A-1","source":"microsoft-dcu","narrative":"other source"}"#);
        db.store
            .insert_reports(std::slice::from_ref(&a))
            .await
            .unwrap();
        let out = db.store.insert_reports(&[a, b, c]).await.unwrap();
        assert_eq!(out[0], Inserted::Duplicate, "{}", db.name);
        assert_eq!(out[1], Inserted::Duplicate, "{}", db.name);
        assert!(matches!(out[2], Inserted::New(_)), "{}", db.name);
        assert_eq!(db.store.count_reports().await.unwrap(), 2);
        let both = db.store.get_reports(None, "A-1").await.unwrap();
        assert_eq!(both.len(), 2);
        assert_eq!(both[0].narrative, "one", "the first version stays");
    }
}

#[tokio::test]
async fn personal_data_is_sealed_at_rest_and_erasable() {
    for db in backends().await {
        let r = report(&one_line(FULL));
        db.store.insert_reports(&[r]).await.unwrap();
        if db.name == "sqlite" {
            // Nothing personal is readable in the database file itself.
            db.store.close().await;
            let bytes = std::fs::read(&db.url).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("Erika"), "name leaked into the SQLite file");
            assert!(
                !text.contains("erika@example.de"),
                "email leaked into the SQLite file"
            );
            assert!(
                text.contains("Rufen Sie"),
                "the non-personal body is stored"
            );
            let reopened = SqlStore::open(&db.url, db.key.clone()).await.unwrap();
            check_erase(&reopened).await;
        } else {
            check_erase(&db.store).await;
        }
    }
}

async fn check_erase(store: &SqlStore) {
    let g = store
        .get_reports(Some("microsoft-dcu"), "MS-1")
        .await
        .unwrap()
        .remove(0);
    assert!(store.erase_reporter(g.seq).await.unwrap());
    assert!(store.reporter(g.seq).await.unwrap().is_none());
    let after = store
        .get_reports(Some("microsoft-dcu"), "MS-1")
        .await
        .unwrap()
        .remove(0);
    assert!(!after.has_reporter);
    assert_eq!(after.indicators, g.indicators, "indicators survive erasure");
    assert!(!store.erase_reporter(-1).await.unwrap());
}

#[tokio::test]
async fn a_wrong_data_key_is_explained_not_a_panic() {
    for db in backends().await {
        let TestDb { store, url, .. } = db;
        store.close().await;
        let err = SqlStore::open(&url, DataKey::generate()).await.unwrap_err();
        match err {
            StoreError::Key(m) => assert!(m.contains("Restore the original key file"), "{m}"),
            other => panic!("expected a key error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn pages_through_reports_in_storage_order() {
    for db in backends().await {
        let batch: Vec<_> = (0..25)
            .map(|i| {
                report(&format!(
                    r#"{{"id":"R-{i}","source":"s","narrative":"n {i}"}}"#
                ))
            })
            .collect();
        db.store.insert_reports(&batch).await.unwrap();
        let mut after = 0;
        let mut seen = Vec::new();
        loop {
            let page = db.store.reports_after(after, 10).await.unwrap();
            if page.is_empty() {
                break;
            }
            after = page.last().unwrap().seq;
            seen.extend(page.into_iter().map(|r| r.id));
        }
        let want: Vec<String> = (0..25).map(|i| format!("R-{i}")).collect();
        assert_eq!(seen, want, "{}", db.name);
    }
}

#[tokio::test]
async fn cluster_assignments_are_stored() {
    for db in backends().await {
        let out = db
            .store
            .insert_reports(&[report(r#"{"id":"C-1","source":"s","narrative":"x"}"#)])
            .await
            .unwrap();
        assert!(matches!(out[0], Inserted::New(_)));
        let a = |c: &str| Assignment {
            source: "s".into(),
            id: "C-1".into(),
            cluster: Some(c.into()),
        };
        db.store.assign_clusters(&[a("c-2")]).await.unwrap();
        db.store.rename_cluster("c-2", "c-1").await.unwrap();
        let got = db.store.get_reports(Some("s"), "C-1").await.unwrap();
        let members = db.store.reports_in_cluster("c-1").await.unwrap();
        assert_eq!(members, vec![("s".to_string(), "C-1".to_string())]);
        assert_eq!(got[0].cluster.as_deref(), Some("c-1"), "{}", db.name);
    }
}

#[tokio::test]
async fn unreachable_postgres_is_a_retryable_error() {
    let err = SqlStore::open("postgres://nobody@127.0.0.1:1/none", DataKey::generate())
        .await
        .unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
}

#[tokio::test]
async fn a_repeated_report_within_one_batch_is_stored_once() {
    for db in backends().await {
        let a = report(r#"{"id":"W-1","source":"s","narrative":"call 1-888-555-0147"}"#);
        let b = report(r#"{"id":"W-2","source":"s","narrative":"call 1-888-555-0147"}"#);
        let out = db.store.insert_reports(&[a.clone(), b, a]).await.unwrap();
        assert!(matches!(out[0], Inserted::New(_)), "{}", db.name);
        assert!(matches!(out[1], Inserted::New(_)), "{}", db.name);
        assert_eq!(out[2], Inserted::Duplicate, "{}", db.name);
        assert_eq!(db.store.count_reports().await.unwrap(), 2);
    }
}

/// The store remembers indicator ids between batches: a value met again (by this store or
/// by another process on the same database) links to the one row, and a warning that
/// changes from what the writing store last wrote reaches the database. (A process does
/// not see another one changing a warning until it restarts: warnings come from the
/// shipped warninglists, so only processes running different releases disagree.)
#[tokio::test]
async fn remembered_indicator_ids_stay_right_across_stores_and_warnings() {
    for db in backends().await {
        let other = SqlStore::open(&db.url, db.key.clone()).await.unwrap();
        let with = |id: &str, warning: Option<&str>| {
            let mut r = report(&format!(
                r#"{{"id":"{id}","source":"amazon","narrative":"n","indicators":[{{"type":"domain","value":"shared-scam.example"}}]}}"#
            ));
            r.indicators[0].warning = warning.map(str::to_string);
            r
        };
        db.store.insert_reports(&[with("W-1", None)]).await.unwrap();
        other.insert_reports(&[with("W-2", None)]).await.unwrap();
        db.store.insert_reports(&[with("W-3", None)]).await.unwrap();
        other
            .insert_reports(&[with("W-4", Some("official"))])
            .await
            .unwrap();
        let hits = db
            .store
            .reports_with_indicator(IndicatorType::Domain, "shared-scam.example")
            .await
            .unwrap();
        let mut ids: Vec<_> = hits.iter().map(|h| h.id.as_str()).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["W-1", "W-2", "W-3", "W-4"], "{}", db.name);
        let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT id, warning FROM indicators WHERE value = 'shared-scam.example'",
        )
        .fetch_all(&other_pool(&db.url).await)
        .await
        .unwrap();
        assert_eq!(rows.len(), 1, "{}", db.name);
        assert_eq!(rows[0].1.as_deref(), Some("official"), "{}", db.name);
        // The first store changes it again, from what it last wrote.
        db.store
            .insert_reports(&[with("W-5", Some("renamed list"))])
            .await
            .unwrap();
        let warning: Option<String> = sqlx::query_scalar(
            "SELECT warning FROM indicators WHERE value = 'shared-scam.example'",
        )
        .fetch_one(&other_pool(&db.url).await)
        .await
        .unwrap();
        assert_eq!(warning.as_deref(), Some("renamed list"), "{}", db.name);
        other.close().await;
    }
}

/// Makes every insert into the operations' history fail (a write failing mid-batch);
/// returns the connection pool that can drop the trigger `refuse` again.
async fn refuse_history(url: &str) -> sqlx::AnyPool {
    let admin = other_pool(url).await;
    sqlx::query(
        "CREATE TRIGGER refuse BEFORE INSERT ON cluster_events BEGIN SELECT RAISE(ABORT, 'refused'); END",
    )
    .execute(&admin)
    .await
    .unwrap();
    admin
}

async fn other_pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let url = if url.contains("://") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    };
    sqlx::AnyPool::connect(&url).await.unwrap()
}

/// A batch whose transaction fails after the engine linked it (here: the history insert is
/// refused) is in neither the store nor the engine; stored again later, it links as if the
/// failure had not happened.
#[tokio::test]
async fn a_batch_whose_commit_fails_is_in_neither_the_store_nor_the_engine() {
    let db = crate::helpers::sqlite().await;
    let ops = dragnet_store::Operations::new(dragnet_cluster::Policy::default());
    let r = |id: &str| {
        report(&format!(
            r#"{{"id":"{id}","source":"amazon","narrative":"n","indicators":[{{"type":"phone","value":"+18005550199"}}]}}"#
        ))
    };
    ops.store_and_link(&db.store, &[r("F-1"), r("F-2")])
        .await
        .unwrap();
    assert_eq!(ops.read().len(), 2);
    let first = ops.read().cluster_of("amazon/F-1");
    assert!(first.is_some());

    let admin = refuse_history(&db.url).await;
    assert!(ops.store_and_link(&db.store, &[r("F-3")]).await.is_err());
    assert_eq!(db.store.count_reports().await.unwrap(), 2);
    assert_eq!(
        ops.read().len(),
        2,
        "the engine still holds the unstored report"
    );
    assert_eq!(ops.read().cluster_of("amazon/F-3"), None);

    sqlx::query("DROP TRIGGER refuse")
        .execute(&admin)
        .await
        .unwrap();
    ops.store_and_link(&db.store, &[r("F-3")]).await.unwrap();
    assert_eq!(ops.read().cluster_of("amazon/F-3"), first);
    let stored = db.store.get_reports(Some("amazon"), "F-3").await.unwrap();
    assert_eq!(stored[0].cluster, first);
}

/// Reports that link in many ways: values drawn from a small pool (merges, and hubs that
/// are suppressed and split operations), a report resent in a later batch and one repeated
/// within a batch, and the same source and id received by another organisation.
fn linking_reports() -> Vec<Vec<NewReport>> {
    let mut state = 0x2545_f491_u64;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) % n
    };
    let mut all: Vec<NewReport> = Vec::new();
    for i in 0..240 {
        let mut values: Vec<String> = (0..1 + next(2))
            .map(|_| match next(3) {
                0 => format!(r#"{{"type":"phone","value":"+1800555{:04}"}}"#, next(40)),
                1 => format!(r#"{{"type":"domain","value":"scam-{}.example"}}"#, next(40)),
                _ => format!(
                    r#"{{"type":"email","value":"desk{}@scam.example"}}"#,
                    next(30)
                ),
            })
            .collect();
        if i % 4 == 0 {
            // A value many otherwise unrelated reports share: a hub.
            values.push(r#"{"type":"domain","value":"everyones-isp.example"}"#.to_string());
        }
        let source = if i % 3 == 0 {
            "amazon"
        } else {
            "microsoft-dcu"
        };
        all.push(report(&format!(
            r#"{{"id":"L-{i}","source":"{source}","narrative":"n","indicators":[{}]}}"#,
            values.join(",")
        )));
    }
    // Resent later, repeated within a batch, and received by another organisation too.
    let resent = all[5].clone();
    all.insert(100, resent);
    let repeated = all[150].clone();
    all.insert(151, repeated);
    let other_org = all[20].clone().owned_by(Some(7));
    all.insert(200, other_org);
    all.chunks(7).map(<[NewReport]>::to_vec).collect()
}

/// What the store holds of the operations: each report's operation, and the history.
async fn operations_of(db: &TestDb) -> (Vec<(i64, String, String, Option<String>)>, Vec<String>) {
    let pool = other_pool(&db.url).await;
    let rows: Vec<(i64, String, String, Option<String>)> =
        sqlx::query_as("SELECT org_id, source, report_id, cluster_id FROM reports ORDER BY seq")
            .fetch_all(&pool)
            .await
            .unwrap();
    let events: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT event, cluster, detail FROM cluster_events ORDER BY seq")
            .fetch_all(&pool)
            .await
            .unwrap();
    pool.close().await;
    let events = events
        .into_iter()
        .map(|(e, c, d)| format!("{e} {c:?} {d}"))
        .collect();
    (rows, events)
}

/// The import's writer (each batch linked before it is written, rows written with their
/// operation) stores exactly what linking each batch after storing it stores: the same
/// operation for every report, the same history, and what a rebuild finds.
#[tokio::test]
async fn the_batch_writer_stores_what_linking_after_storing_stores() {
    for (after, before) in backends().await.into_iter().zip(backends().await) {
        let batches = linking_reports();
        let policy = dragnet_cluster::Policy {
            hub: dragnet_cluster::HubRule {
                min_reports: 10,
                partner_min_reports: 2,
                max_partners: 10,
                ..dragnet_cluster::HubRule::default()
            },
            ..dragnet_cluster::Policy::default()
        };
        let ops = dragnet_store::Operations::new(policy.clone());
        for b in &batches {
            ops.store_and_link(&after.store, b).await.unwrap();
        }
        let piped = std::sync::Arc::new(dragnet_store::Operations::new(policy.clone()));
        let mut writer = piped.batch_writer(&before.store).await;
        let mut outcomes = Vec::new();
        for b in &batches {
            outcomes.extend(writer.push(&before.store, b.clone()).await.unwrap());
        }
        outcomes.extend(writer.finish(&before.store).await.unwrap());
        assert_eq!(outcomes.len(), batches.len(), "{}", before.name);
        let duplicates = outcomes
            .iter()
            .flat_map(|(_, o)| o)
            .filter(|o| matches!(o, Inserted::Duplicate))
            .count();
        assert_eq!(duplicates, 2, "the resent and the repeated report");

        let (rows, events) = operations_of(&after).await;
        let (piped_rows, piped_events) = operations_of(&before).await;
        assert_eq!(rows.len(), 241, "{}", before.name);
        assert!(
            events.iter().any(|e| e.starts_with("merged")),
            "the scenario merges operations"
        );
        assert!(
            events.iter().any(|e| e.starts_with("hub_suppressed")),
            "the scenario suppresses hubs"
        );
        // One difference, on purpose: another organisation's copy of a (source, id) the
        // engine knows is written with that report's operation; linking after storing
        // leaves it unassigned (the engine takes one report per source and id).
        let copy = |rows: &[(i64, String, String, Option<String>)]| {
            let at = rows.iter().position(|r| r.0 == 7).unwrap();
            let mut rest = rows.to_vec();
            (rest.remove(at), rest)
        };
        let ((_, _, _, piped_copy), piped_rest) = copy(&piped_rows);
        let ((_, _, _, after_copy), rest) = copy(&rows);
        assert_eq!(piped_rest, rest, "{}", before.name);
        assert_eq!(after_copy, None);
        let original = rows.iter().find(|r| r.2 == "L-20").unwrap();
        assert_eq!(piped_copy, original.3, "{}", before.name);
        assert!(piped_copy.is_some());
        assert_eq!(piped_events, events, "{}", before.name);

        let rebuilt = dragnet_store::Operations::load(&before.store, policy, |_| {})
            .await
            .unwrap();
        for (_, source, id, cluster) in &piped_rows {
            assert_eq!(
                &rebuilt.read().cluster_of(&format!("{source}/{id}")),
                cluster,
                "{} {source}/{id}",
                before.name
            );
        }
    }
}

/// When a batch's commit fails, the batch writer reloads the engine: neither that batch
/// nor the one linked meanwhile is in it, and the batches committed before stay counted.
#[tokio::test]
async fn a_batch_writer_whose_commit_fails_keeps_the_engine_to_what_is_stored() {
    let db = crate::helpers::sqlite().await;
    let batches = linking_reports();
    let ops = std::sync::Arc::new(dragnet_store::Operations::new(
        dragnet_cluster::Policy::default(),
    ));
    let mut writer = ops.batch_writer(&db.store).await;
    assert!(
        writer
            .push(&db.store, batches[0].clone())
            .await
            .unwrap()
            .is_none()
    );
    let (first, outcome) = writer
        .push(&db.store, batches[1].clone())
        .await
        .unwrap()
        .expect("the first batch is written while the second is linked");
    assert_eq!(first.len(), outcome.len());
    assert_eq!(ops.read().len(), 14, "both batches are in the engine");

    refuse_history(&db.url).await.close().await;
    assert!(writer.push(&db.store, batches[2].clone()).await.is_err());
    assert_eq!(db.store.count_reports().await.unwrap(), 7);
    assert_eq!(
        ops.read().len(),
        7,
        "only the stored batch is in the engine"
    );
    assert_eq!(ops.read().cluster_of("microsoft-dcu/L-8"), None);
}
