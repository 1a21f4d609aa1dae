//! Referral cases in the workspace: opened from the operation page, moved along the
//! workflow, referred, outcomes and marks recorded, the package downloaded from the page and
//! verified; the liaison's view; another organisation's and a missing case alike "not found".

use crate::helpers::*;
use axum::http::StatusCode;

#[tokio::test]
async fn a_case_from_operation_page_to_verified_package() {
    for t in apps().await {
        let be = t.backend;
        let op = t.ops.read().cluster_of("alpha/ALPHA-1").unwrap();
        let mut ann = t.signed_in("ann@alpha.example").await;

        // The operation page offers the form; opening lands on the new case.
        let page = ann.get(&format!("/app/operations/{op}")).await;
        assert!(page.html.contains("id=\"form-open-case\""), "{be}");
        assert_eq!(page.text_of("op-cases").as_deref(), Some("none"));
        let csrf = page.hidden("csrf");
        let p = ann
            .post(
                "/app/cases",
                &[
                    ("csrf", &csrf),
                    ("operation", &op),
                    ("title", "Fix-PC desk"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{be}: {}", p.html);
        let case = p.location();
        assert_eq!(case, "/app/cases/CASE-0001", "{be}");
        let page = ann.get(&case).await;
        assert_eq!(page.status, StatusCode::OK, "{be}: {}", page.html);
        assert_eq!(page.text_of("case-status").as_deref(), Some("draft"));
        assert!(
            page.html
                .contains(&format!("href=\"/app/operations/{op}\""))
        );
        assert!(page.html.contains("aria-current=\"step\">draft"));
        // Not referred yet: no package form, no release form.
        assert!(!page.html.contains("id=\"form-package\""));
        assert!(!page.html.contains("id=\"form-release\""));

        // A forged token does nothing.
        let p = ann
            .post(
                &format!("{case}/status"),
                &[("csrf", "1.x.forged"), ("status", "ready")],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{be}");
        let csrf = page.hidden("csrf");
        let step = |what: &str| format!("{case}/{what}");
        let p = ann
            .post(&step("status"), &[("csrf", &csrf), ("status", "ready")])
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{be}: {}", p.html);
        assert_eq!(p.location(), format!("{case}?done=status"));
        // A step the workflow forbids is a page saying why.
        let p = ann
            .post(&step("status"), &[("csrf", &csrf), ("status", "action")])
            .await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST, "{be}: {}", p.html);
        assert!(p.html.contains("id=\"problem\""));
        let p = ann
            .post(
                &step("refer"),
                &[
                    ("csrf", &csrf),
                    ("agency", "police"),
                    ("agreement", "MoU 2023-07"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{be}: {}", p.html);
        let p = ann
            .post(
                &step("release"),
                &[
                    ("csrf", &csrf),
                    ("report", "alpha/ALPHA-1"),
                    ("reason", "victim agreed to testify"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{be}: {}", p.html);
        let p = ann
            .post(
                &step("release"),
                &[("csrf", &csrf), ("report", "beta/BETA-1"), ("reason", "x")],
            )
            .await;
        assert_eq!(
            p.status,
            StatusCode::BAD_REQUEST,
            "{be}: another organisation's report"
        );
        let page = ann.get(&case).await;
        assert_eq!(page.text_of("case-status").as_deref(), Some("referred"));
        assert!(
            page.text_of("case-agency")
                .unwrap()
                .starts_with("police under MoU 2023-07")
        );
        assert!(page.html.contains("id=\"case-releases\""));
        assert!(page.html.contains("alpha/ALPHA-1"));
        assert!(page.html.contains("id=\"form-package\""));

        // The liaison of the agency: sees it in its list, acknowledges, records outcomes and
        // a disconnected number, downloads its package; cannot release or assign.
        let mut lee = t.signed_in("lee@police.example").await;
        let list = lee.get("/app/cases").await;
        assert!(list.html.contains("href=\"/app/cases/CASE-0001\""), "{be}");
        let page = lee.get(&case).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            !page.html.contains("id=\"case-releases\""),
            "releases are the owners'"
        );
        assert!(!page.html.contains("Victim-A1"), "{be}");
        assert!(!page.html.contains("id=\"form-assign\""));
        let lcsrf = page.hidden("csrf");
        for fields in [
            vec![("status", "acknowledged")],
            vec![("kind", "raid"), ("date", "2023-10-20"), ("place", "Noida")],
            vec![("kind", "arrests"), ("date", "2023-10-20"), ("count", "21")],
        ] {
            let what = if fields[0].0 == "status" {
                "status"
            } else {
                "outcome"
            };
            let mut f = vec![("csrf", lcsrf.as_str())];
            f.extend(fields);
            let p = lee.post(&step(what), &f).await;
            assert_eq!(p.status, StatusCode::SEE_OTHER, "{be}: {}", p.html);
        }
        let p = lee
            .post(
                &step("mark"),
                &[
                    ("csrf", &lcsrf),
                    ("type", "phone"),
                    ("value", "+1 888 555 0147"),
                    ("action", "number disconnected"),
                    ("date", "2023-10-20"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{be}: {}", p.html);
        let p = lee
            .post(&step("assign"), &[("csrf", &lcsrf), ("assignee", "me")])
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{be}");
        let p = lee
            .post(&step("package"), &[("csrf", &lcsrf), ("agency", "police")])
            .await;
        assert_eq!(p.status, StatusCode::OK, "{be}: {}", p.html);
        assert_eq!(
            p.headers.get("content-type").unwrap(),
            "application/zip",
            "{be}"
        );
        let key = dragnet_store::CaseStore::org_public_key(&t.store, t.org_a)
            .await
            .unwrap()
            .unwrap();
        let v = dragnet_referral::verify(&p.bytes, Some(&key));
        assert!(v.is_ok(), "{be}: {:?}", v.problems);

        // The owner's page now shows it all; the overview counts the outcomes.
        let page = ann.get(&case).await;
        assert_eq!(page.text_of("case-status").as_deref(), Some("acknowledged"));
        assert!(page.html.contains("Noida"));
        assert!(page.html.contains("+18885550147") && page.html.contains("number disconnected"));
        assert!(
            page.html.contains("package built"),
            "the log shows the download"
        );
        let over = ann.get("/app").await;
        assert!(over.html.contains("id=\"outcomes\""), "{be}");
        assert!(over.html.contains("<dt>Arrests</dt><dd>21</dd>"), "{be}");
        let op_page = ann.get(&format!("/app/operations/{op}")).await;
        assert!(op_page.text_of("op-cases").is_some());
        assert!(op_page.html.contains("href=\"/app/cases/CASE-0001\""));

        // Another organisation: the case is "not found", like a missing one, and its list empty.
        let mut ben = t.signed_in("ben@beta.example").await;
        let other = ben.get(&case).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{be}");
        let missing = ben.get("/app/cases/CASE-0999").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(
            other.text_of("problem").unwrap().replace("CASE-0001", "X"),
            missing
                .text_of("problem")
                .unwrap()
                .replace("CASE-0999", "X")
        );
        assert!(ben.get("/app/cases").await.html.contains("id=\"no-cases\""));
        let bcsrf = ben.csrf("/app/cases").await;
        let p = ben
            .post(&step("comment"), &[("csrf", &bcsrf), ("text", "hi")])
            .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND, "{be}");
        for s in A_SECRETS {
            assert!(!other.html.contains(s), "{be}: {s}");
        }
    }
}
