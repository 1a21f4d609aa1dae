//! TAXII storage on both backends: pagination by sequence, versions, TLP views, states.

use crate::helpers::backends;
use dragnet_store::taxii::{
    Added, INTEL, NewTaxiiObject, RECEIVED, TaxiiQuery, TaxiiStore, TaxiiView, VersionFilter,
};
use dragnet_store::{AccountStore, SqlStore};
use std::collections::HashSet;

fn obj(n: usize, version: &str, tlp: u8) -> NewTaxiiObject {
    let id = format!("indicator--00000000-0000-4000-8000-{n:012}");
    NewTaxiiObject {
        json: format!(r#"{{"type":"indicator","id":"{id}","modified":"{version}"}}"#),
        stix_id: id,
        stix_type: "indicator".into(),
        version: Some(version.into()),
        spec_version: "2.1".into(),
        tlp,
    }
}

const V1: &str = "2026-01-01T00:00:00.000000Z";
const V2: &str = "2026-02-01T00:00:00.000000Z";

fn query(view: TaxiiView, after: i64, limit: i64) -> TaxiiQuery {
    TaxiiQuery {
        view,
        after_seq: after,
        added_after: None,
        types: vec![],
        ids: vec![],
        spec_versions: vec![],
        versions: VersionFilter::last(),
        limit,
    }
}

async fn org(store: &SqlStore, name: &str) -> i64 {
    store.create_org(name).await.unwrap().id
}

/// Pages through a view, returning every id seen, in order.
async fn drain(store: &SqlStore, view: &TaxiiView, limit: i64) -> Vec<String> {
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = store
            .taxii_query(&query(view.clone(), after, limit))
            .await
            .unwrap();
        if page.is_empty() {
            return seen;
        }
        assert!(
            page.iter().all(|r| r.seq > after),
            "the cursor never goes back"
        );
        after = page.last().unwrap().seq;
        seen.extend(page.into_iter().map(|r| r.stix_id));
    }
}

#[tokio::test]
async fn thousands_of_objects_with_one_date_added_are_each_paged_exactly_once() {
    for db in backends().await {
        let s = &db.store;
        let acme = org(s, "acme").await;
        // One call: 5,000 objects share one date_added.
        let objs: Vec<_> = (0..5000).map(|n| obj(n, V1, 2)).collect();
        let added = s.taxii_add(acme, INTEL, "test", &objs).await.unwrap();
        assert!(added.iter().all(|a| matches!(a, Added::New { .. })));
        let view = TaxiiView::Collection {
            org_id: acme,
            collection: INTEL.into(),
        };
        let page = s.taxii_query(&query(view.clone(), 0, 10)).await.unwrap();
        assert!(page.iter().all(|r| r.date_added == page[0].date_added));
        let seen = drain(s, &view, 333).await;
        assert_eq!(seen.len(), 5000, "{}", db.name);
        assert_eq!(
            seen.iter().collect::<HashSet<_>>().len(),
            5000,
            "{}",
            db.name
        );
        assert_eq!(s.taxii_count(&view).await.unwrap(), 5000);

        // Storing the same versions again changes nothing.
        let again = s.taxii_add(acme, INTEL, "test", &objs[..10]).await.unwrap();
        assert!(again.iter().all(|a| matches!(a, Added::Existing { .. })));
    }
}

#[tokio::test]
async fn objects_added_while_a_client_pages_are_neither_skipped_nor_repeated() {
    for db in backends().await {
        let s = db.store.clone();
        let acme = org(&s, "acme").await;
        let view = TaxiiView::Collection {
            org_id: acme,
            collection: INTEL.into(),
        };
        s.taxii_add(
            acme,
            INTEL,
            "t",
            &(0..500).map(|n| obj(n, V1, 0)).collect::<Vec<_>>(),
        )
        .await
        .unwrap();
        // Writers keep adding, concurrently, while the reader pages.
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let s = s.clone();
                tokio::spawn(async move {
                    for b in 0..10 {
                        let start = 1000 + w * 1000 + b * 50;
                        let batch: Vec<_> = (start..start + 50).map(|n| obj(n, V1, 0)).collect();
                        s.taxii_add(acme, INTEL, "t", &batch).await.unwrap();
                    }
                })
            })
            .collect();
        let mut seen = Vec::new();
        let mut after = 0;
        let mut done = false;
        loop {
            let page = s
                .taxii_query(&query(view.clone(), after, 37))
                .await
                .unwrap();
            if page.is_empty() {
                if done {
                    break;
                }
                done = writers.iter().all(|w| w.is_finished());
                tokio::task::yield_now().await;
                continue;
            }
            after = page.last().unwrap().seq;
            seen.extend(page.into_iter().map(|r| r.stix_id));
        }
        for w in writers {
            w.await.unwrap();
        }
        // A last pass after every writer finished finds nothing new.
        assert!(
            s.taxii_query(&query(view.clone(), after, 10))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(seen.len(), 500 + 4 * 10 * 50, "{}", db.name);
        assert_eq!(
            seen.iter().collect::<HashSet<_>>().len(),
            seen.len(),
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn versions_first_last_all_and_exact() {
    for db in backends().await {
        let s = &db.store;
        let acme = org(s, "acme").await;
        s.taxii_add(acme, INTEL, "t", &[obj(1, V1, 0), obj(2, V1, 0)])
            .await
            .unwrap();
        s.taxii_add(acme, INTEL, "t", &[obj(1, V2, 0)])
            .await
            .unwrap();
        let view = TaxiiView::Collection {
            org_id: acme,
            collection: INTEL.into(),
        };
        let versions = |v: VersionFilter| {
            let mut q = query(view.clone(), 0, 100);
            q.versions = v;
            q.ids = vec![obj(1, V1, 0).stix_id];
            async move {
                s.taxii_query(&q)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|r| r.version)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(versions(VersionFilter::last()).await, vec![V2]);
        assert_eq!(versions(VersionFilter::all()).await, vec![V1, V2]);
        let first = VersionFilter {
            first: true,
            ..Default::default()
        };
        assert_eq!(versions(first).await, vec![V1]);
        let exact = VersionFilter {
            exact: vec![V1.into()],
            ..Default::default()
        };
        assert_eq!(versions(exact).await, vec![V1]);
        // The default view of the collection: each object's latest version.
        assert_eq!(drain(s, &view, 10).await.len(), 2);
    }
}

#[tokio::test]
async fn shared_views_hold_other_organisations_intel_at_exactly_one_level() {
    for db in backends().await {
        let s = &db.store;
        let acme = org(s, "acme").await;
        let beta = org(s, "beta").await;
        let objs: Vec<_> = (0..5u8).map(|t| obj(t as usize, V1, t)).collect();
        s.taxii_add(acme, INTEL, "t", &objs).await.unwrap();
        // What acme received is not shared further.
        s.taxii_add(acme, RECEIVED, "pull:x", &[obj(9, V1, 0)])
            .await
            .unwrap();
        for t in 0..5u8 {
            let to_beta = drain(
                s,
                &TaxiiView::Shared {
                    reader_org: beta,
                    tlp: t,
                },
                10,
            )
            .await;
            assert_eq!(
                to_beta,
                vec![objs[t as usize].stix_id.clone()],
                "{}",
                db.name
            );
            let to_acme = drain(
                s,
                &TaxiiView::Shared {
                    reader_org: acme,
                    tlp: t,
                },
                10,
            )
            .await;
            assert!(
                to_acme.is_empty(),
                "an organisation's shared views exclude its own"
            );
        }
    }
}

#[tokio::test]
async fn observables_are_stored_once_and_added_after_filters() {
    for db in backends().await {
        let s = &db.store;
        let acme = org(s, "acme").await;
        let mut sco = obj(1, V1, 0);
        sco.version = None;
        sco.stix_type = "domain-name".into();
        let a = s.taxii_add(acme, INTEL, "t", &[sco.clone()]).await.unwrap();
        let b = s.taxii_add(acme, INTEL, "t", &[sco]).await.unwrap();
        assert!(matches!(a[0], Added::New { .. }));
        assert_eq!(
            b[0],
            Added::Existing {
                version: a[0].version().into()
            }
        );
        let view = TaxiiView::Collection {
            org_id: acme,
            collection: INTEL.into(),
        };
        let first = s.taxii_query(&query(view.clone(), 0, 10)).await.unwrap();
        s.taxii_add(acme, INTEL, "t", &[obj(2, V1, 0)])
            .await
            .unwrap();
        let mut q = query(view, 0, 10);
        q.added_after = Some(first[0].date_added.clone());
        let later = s.taxii_query(&q).await.unwrap();
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].stix_id, obj(2, V1, 0).stix_id);
        assert!(later[0].date_added >= first[0].date_added);
    }
}

#[tokio::test]
async fn status_and_pull_state_belong_to_their_organisation() {
    for db in backends().await {
        let s = &db.store;
        let acme = org(s, "acme").await;
        let beta = org(s, "beta").await;
        s.taxii_save_status("st-1", acme, "{}").await.unwrap();
        assert_eq!(
            s.taxii_status("st-1", acme).await.unwrap().as_deref(),
            Some("{}")
        );
        assert_eq!(s.taxii_status("st-1", beta).await.unwrap(), None);
        assert_eq!(
            s.taxii_pull_state(acme, "http://x/", "c").await.unwrap(),
            None
        );
        s.taxii_set_pull_state(acme, "http://x/", "c", V1, 10)
            .await
            .unwrap();
        s.taxii_set_pull_state(acme, "http://x/", "c", V2, 25)
            .await
            .unwrap();
        assert_eq!(
            s.taxii_pull_state(acme, "http://x/", "c").await.unwrap(),
            Some((V2.to_string(), 25))
        );
        assert_eq!(
            s.taxii_pull_state(beta, "http://x/", "c").await.unwrap(),
            None
        );
    }
}

#[tokio::test]
async fn the_latest_version_flags_follow_versions_arriving_in_any_order() {
    const V0: &str = "2025-12-01T00:00:00.000000Z";
    for db in backends().await {
        let s = &db.store;
        let acme = org(s, "acme").await;
        let beta = org(s, "beta").await;
        let view = TaxiiView::Collection {
            org_id: acme,
            collection: INTEL.into(),
        };
        // V1 GREEN, then V2 AMBER, then an older V0 GREEN arriving late, all in one call
        // for object 2 (the same object twice in a transaction).
        s.taxii_add(acme, INTEL, "t", &[obj(1, V1, 1)])
            .await
            .unwrap();
        s.taxii_add(acme, INTEL, "t", &[obj(1, V2, 2)])
            .await
            .unwrap();
        s.taxii_add(acme, INTEL, "t", &[obj(1, V0, 1)])
            .await
            .unwrap();
        s.taxii_add(acme, INTEL, "t", &[obj(2, V2, 1), obj(2, V1, 1)])
            .await
            .unwrap();
        let latest = |view: TaxiiView| async move {
            let mut q = query(view, 0, 100);
            q.versions = VersionFilter::last();
            s.taxii_query(&q)
                .await
                .unwrap()
                .into_iter()
                .map(|r| (r.stix_id, r.version))
                .collect::<Vec<_>>()
        };
        let id = |n| obj(n, V1, 0).stix_id;
        // The collection: each object once, at its newest version, in the order it came.
        assert_eq!(
            latest(view.clone()).await,
            vec![(id(1), V2.to_string()), (id(2), V2.to_string())],
            "{}",
            db.name
        );
        // A shared view of one level: the newest version of that level.
        assert_eq!(
            latest(TaxiiView::Shared {
                reader_org: beta,
                tlp: 1
            })
            .await,
            vec![(id(1), V1.to_string()), (id(2), V2.to_string())],
            "{}",
            db.name
        );
        assert_eq!(
            latest(TaxiiView::Shared {
                reader_org: beta,
                tlp: 2
            })
            .await,
            vec![(id(1), V2.to_string())],
            "{}",
            db.name
        );
        // `first` and `all` still see every version.
        let mut q = query(view.clone(), 0, 100);
        q.versions = VersionFilter {
            first: true,
            ..Default::default()
        };
        q.ids = vec![id(1)];
        let first: Vec<String> = s
            .taxii_query(&q)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.version)
            .collect();
        assert_eq!(first, vec![V0]);
        assert_eq!(s.taxii_count(&view).await.unwrap(), 5);
    }
}

#[tokio::test]
async fn added_after_pages_from_the_first_later_row() {
    for db in backends().await {
        let s = &db.store;
        let acme = org(s, "acme").await;
        let view = TaxiiView::Collection {
            org_id: acme,
            collection: INTEL.into(),
        };
        let mut dates = Vec::new();
        for batch in 0..3 {
            let objs: Vec<_> = (batch * 100..batch * 100 + 100)
                .map(|n| obj(n, V1, 0))
                .collect();
            s.taxii_add(acme, INTEL, "t", &objs).await.unwrap();
            let page = s.taxii_query(&query(view.clone(), 0, 1000)).await.unwrap();
            dates.push(page.last().unwrap().date_added.clone());
            tokio::time::sleep(std::time::Duration::from_millis(3)).await;
        }
        // After the first batch's time: the two later batches, paged 7 at a time.
        let mut seen = Vec::new();
        let mut after = 0;
        loop {
            let mut q = query(view.clone(), after, 7);
            q.added_after = Some(dates[0].clone());
            let page = s.taxii_query(&q).await.unwrap();
            let Some(last) = page.last() else { break };
            after = last.seq;
            seen.extend(page.into_iter().map(|r| r.stix_id));
        }
        assert_eq!(seen.len(), 200, "{}", db.name);
        assert_eq!(seen[0], obj(100, V1, 0).stix_id);
        let mut q = query(view, 0, 10);
        q.added_after = Some(dates[2].clone());
        assert!(s.taxii_query(&q).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_page_read_in_one_statement_equals_the_rows() {
    for db in backends().await {
        let s = &db.store;
        let acme = org(s, "acme").await;
        let beta = org(s, "beta").await;
        let objs: Vec<_> = (0..250).map(|n| obj(n, V1, (n % 3) as u8)).collect();
        s.taxii_add(acme, INTEL, "t", &objs).await.unwrap();
        s.taxii_add(acme, INTEL, "t", &[obj(7, V2, 1)])
            .await
            .unwrap();
        for view in [
            TaxiiView::Collection {
                org_id: acme,
                collection: INTEL.into(),
            },
            TaxiiView::Shared {
                reader_org: beta,
                tlp: 1,
            },
        ] {
            let mut after = 0;
            let mut pages = 0;
            loop {
                let q = query(view.clone(), after, 40);
                let rows = s.taxii_query(&q).await.unwrap();
                let page = s.taxii_objects_page(&q).await.unwrap();
                let more = !s
                    .taxii_query(&query(
                        view.clone(),
                        rows.last().map_or(after, |r| r.seq),
                        1,
                    ))
                    .await
                    .unwrap()
                    .is_empty();
                let joined: Vec<&str> = rows.iter().map(|r| r.json.as_str()).collect();
                assert_eq!(page.items, joined.join(","), "{}", db.name);
                assert_eq!(page.count, rows.len() as i64);
                assert_eq!(page.more, more && !rows.is_empty(), "{}", db.name);
                assert_eq!(page.last_seq, rows.last().map(|r| r.seq));
                assert_eq!(page.first_added, rows.first().map(|r| r.date_added.clone()));
                assert_eq!(page.last_added, rows.last().map(|r| r.date_added.clone()));
                let Some(last) = rows.last() else { break };
                after = last.seq;
                pages += 1;
            }
            assert!(pages >= 3, "{}: {pages} pages", db.name);
        }
    }
}
