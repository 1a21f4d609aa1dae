//! Retention: which reports' personal data is past the period, on every backend.

use crate::helpers::{backends, report};
use dragnet_store::ReportStore;

#[tokio::test]
async fn finds_exactly_the_old_reports_that_still_hold_personal_data() {
    for db in backends().await {
        let batch = [
            // Old, with personal data: expired.
            r#"{"id":"old-1","source":"s","received_at":"2020-01-01T00:00:00Z","reporter":{"name":"Old Victim","email":"old@example.org"},"narrative":"call 1-888-555-0147","indicators":[{"type":"phone","value":"+18885550147"}]}"#,
            // Old, with only country and language: still a sealed block, so expired too.
            r#"{"id":"old-2","source":"s","received_at":"2020-06-01T12:00:00Z","reporter":{"phone":"+44 20 7946 0000"},"narrative":"n"}"#,
            // Old, without a reporter: nothing to erase.
            r#"{"id":"old-3","source":"s","received_at":"2020-01-01T00:00:00Z","narrative":"n"}"#,
            // Recent.
            r#"{"id":"new-1","source":"s","received_at":"2026-11-01T00:00:00Z","reporter":{"name":"New Victim"},"narrative":"n"}"#,
            // No received_at: dated by its import (now), so recent.
            r#"{"id":"new-2","source":"s","reporter":{"name":"Fresh Victim"},"narrative":"n"}"#,
        ];
        let reports: Vec<_> = batch.iter().map(|j| report(j)).collect();
        db.store.insert_reports(&reports).await.unwrap();
        let cutoff = "2021-01-01T00:00:00.000Z";
        assert_eq!(
            db.store.count_expired_personal_data(cutoff).await.unwrap(),
            2,
            "{}",
            db.name
        );
        let found = db.store.expired_personal_data(cutoff, 0, 10).await.unwrap();
        let ids: Vec<&str> = found.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["old-1", "old-2"], "{}", db.name);
        assert_eq!(found[0].dated, "2020-01-01T00:00:00Z");
        // Paging: after the first, only the second.
        let rest = db
            .store
            .expired_personal_data(cutoff, found[0].seq, 10)
            .await
            .unwrap();
        assert_eq!(rest.len(), 1, "{}", db.name);
        assert_eq!(rest[0].id, "old-2");
        // Once erased, a report is no longer expired; its indicators stay.
        assert!(db.store.erase_reporter(found[0].seq).await.unwrap());
        assert_eq!(
            db.store.count_expired_personal_data(cutoff).await.unwrap(),
            1
        );
        let old = db.store.get_reports(Some("s"), "old-1").await.unwrap();
        assert!(!old[0].has_reporter);
        assert_eq!(
            old[0].indicators.len(),
            1,
            "indicators survive: {}",
            db.name
        );
        // A cutoff in the future takes every report with personal data.
        assert_eq!(
            db.store
                .count_expired_personal_data("2999-01-01T00:00:00.000Z")
                .await
                .unwrap(),
            3,
            "{}",
            db.name
        );
    }
}
