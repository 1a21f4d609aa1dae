//! Cases on both backends: workflow with its log, outcomes, actions, releases, files, keys.

use crate::helpers::backends;
use dragnet_store::cases::NewOutcome;
use dragnet_store::{AccountStore, CaseFilter, CaseStatus, CaseStore};

#[tokio::test]
async fn a_case_moves_through_its_workflow_and_logs_every_step() {
    for db in backends().await {
        let s = &db.store;
        let org = s.create_org("contoso").await.unwrap();
        let c = s
            .open_case(org.id, "ann", "Fake support", &["c-3".into(), "c-1".into()])
            .await
            .unwrap();
        assert_eq!(c.reference, format!("CASE-{:04}", c.id));
        assert_eq!(c.status, CaseStatus::Draft);
        assert_eq!(c.operations, vec!["c-1", "c-3"]);

        // No skipping steps; referring needs an agency.
        let e = s
            .transition(c.id, "ann", CaseStatus::Referred, Some("CBI"), None)
            .await;
        assert!(
            e.unwrap_err()
                .to_string()
                .contains("a draft case cannot become referred"),
            "{}",
            db.name
        );
        s.transition(c.id, "ann", CaseStatus::Ready, None, None)
            .await
            .unwrap();
        assert!(
            s.transition(c.id, "ann", CaseStatus::Referred, None, None)
                .await
                .is_err()
        );
        let c2 = s
            .transition(
                c.id,
                "ann",
                CaseStatus::Referred,
                Some("CBI"),
                Some("MoU 2023-07"),
            )
            .await
            .unwrap();
        assert_eq!(c2.agency.as_deref(), Some("CBI"));
        assert!(c2.referred_at.is_some());

        s.comment(c.id, "ann", "numbers confirmed").await.unwrap();
        s.assign(c.id, "ann", "bob").await.unwrap();
        let a = s.attach(c.id, "ann", "notes.txt", b"hello").await.unwrap();
        assert_eq!(a.sha256.len(), 64);
        assert!(s.attach(c.id, "ann", "../x", b"x").await.is_err());
        assert_eq!(s.attachments(c.id).await.unwrap()[0].content, b"hello");

        s.record_outcome(
            c.id,
            "cbi",
            &NewOutcome {
                kind: "raid".into(),
                date: "2023-10-19".into(),
                place: Some("Noida".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        s.record_outcome(
            c.id,
            "cbi",
            &NewOutcome {
                kind: "arrests".into(),
                date: "2023-10-19".into(),
                count: Some(21),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(
            s.record_outcome(
                c.id,
                "cbi",
                &NewOutcome {
                    kind: "party".into(),
                    date: "2023-10-19".into(),
                    ..Default::default()
                }
            )
            .await
            .is_err()
        );
        assert!(
            s.record_outcome(
                c.id,
                "cbi",
                &NewOutcome {
                    kind: "raid".into(),
                    date: "19/10/2023".into(),
                    ..Default::default()
                }
            )
            .await
            .unwrap_err()
            .to_string()
            .contains("date")
        );
        s.mark_indicator(
            c.id,
            "cbi",
            "phone",
            "+919981328017",
            "disconnected",
            "2023-10-20",
        )
        .await
        .unwrap();
        s.release(c.id, "ann", "contoso", "R-1", "CBI", "victim agreed")
            .await
            .unwrap();

        let log = s.case_events(c.id).await.unwrap();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            vec![
                "case opened",
                "status ready",
                "status referred",
                "comment",
                "assigned",
                "file attached",
                "outcome recorded",
                "outcome recorded",
                "indicator acted upon",
                "personal data released"
            ],
            "{}",
            db.name
        );
        assert!(log.iter().all(|e| !e.at.is_empty() && !e.actor.is_empty()));

        let t = s.outcome_totals(Some(org.id)).await.unwrap();
        assert_eq!((t.cases, t.referred, t.raids, t.arrests), (1, 1, 1, 21));
        assert_eq!(s.indicator_actions(None).await.unwrap().len(), 1);
        let by_agency = s
            .list_cases(&CaseFilter {
                org_id: None,
                agency: Some("CBI".into()),
            })
            .await
            .unwrap();
        assert_eq!(by_agency.len(), 1);
        assert!(
            s.list_cases(&CaseFilter {
                org_id: None,
                agency: Some("FBI".into())
            })
            .await
            .unwrap()
            .is_empty()
        );

        // One key per organisation, stable, the seed never stored in clear.
        assert!(s.org_public_key(org.id).await.unwrap().is_none());
        let k1 = s.org_signing_key(org.id).await.unwrap().public();
        let k2 = s.org_signing_key(org.id).await.unwrap().public();
        assert_eq!(k1, k2);
        assert_eq!(s.org_public_key(org.id).await.unwrap(), Some(k1));
    }
}
