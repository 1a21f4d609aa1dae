use crate::helpers::*;
use axum::http::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn search_normalises_the_query_and_lists_only_own_reports() {
    for t in apps().await {
        let token_a = t.token("ann@alpha.example").await;
        // Written as a victim would: found as E.164, exact.
        let (status, body) = t
            .api("/api/v1/search?q=1-888-555-0147&country=US", &token_a)
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", t.backend);
        let v: Value = serde_json::from_str(&body).unwrap();
        let hit = &v["results"][0];
        assert_eq!(hit["type"], "phone");
        assert_eq!(hit["value"], SHARED_PHONE);
        assert_eq!(hit["exact"], true);
        assert_eq!(hit["reports_total"], 5);
        assert_eq!(hit["reports_visible"], 3);
        assert_eq!(hit["reports_other"], 2);
        assert_eq!(hit["operations"], serde_json::json!([shared_operation(&t)]));
        let ids: Vec<&str> = hit["reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["ALPHA-3", "ALPHA-2", "ALPHA-1"]);
        for s in B_SECRETS {
            assert!(!body.contains(s), "{s} in alpha's search");
        }
        // A defanged link finds the domain; a prefix finds every number it begins.
        let (_, body) = t
            .api("/api/v1/search?q=hxxps://fix-pc-now%5B.%5Dcom/x", &token_a)
            .await;
        let v: Value = serde_json::from_str(&body).unwrap();
        assert!(
            v["results"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["type"] == "domain" && r["value"] == SHARED_DOMAIN),
            "{body}"
        );
        let (_, body) = t
            .api("/api/v1/search?q=%2B1877555&type=phone", &token_a)
            .await;
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["count"], 30, "{body}");
        assert_eq!(v["prefix"], "+1877555");
        // Bad input names its parameter.
        let (status, body) = t.api("/api/v1/search?q=x&type=telephone", &token_a).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["field"], "type");
        let (status, _) = t.api("/api/v1/search?q=", &token_a).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        // Without credentials: 401.
        let (status, _) = t.api("/api/v1/search?q=fix-pc-now.com", "nope").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // An admin sees everyone's reports; a liaison only counts.
        let root = t.token("root@ops.example").await;
        let (_, body) = t
            .api(&format!("/api/v1/search?q={SHARED_DOMAIN}"), &root)
            .await;
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["results"][0]["reports_visible"], 5);
        let lee = t.token("lee@police.example").await;
        let (_, body) = t
            .api(&format!("/api/v1/search?q={SHARED_DOMAIN}"), &lee)
            .await;
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["results"][0]["reports_visible"], 0);
        assert_eq!(v["results"][0]["reports_total"], 5);
        assert!(!body.contains("ALPHA-") && !body.contains("BETA-"));
    }
}

#[tokio::test]
async fn the_search_page_links_own_reports_and_operations() {
    for t in apps().await {
        let mut b = t.signed_in("ben@beta.example").await;
        let p = b.get("/app/search?q=%2B1+888+555+0147").await;
        assert_eq!(p.status, StatusCode::OK, "{}", t.backend);
        assert!(p.html.contains("href=\"/app/reports/beta/BETA-1\""));
        assert!(p.html.contains(&format!(
            "href=\"/app/operations/{}\"",
            shared_operation(&t)
        )));
        assert!(
            p.html
                .contains("5 reports in all; 2 yours, 3 of other organisations (counted only).")
        );
        for s in A_SECRETS {
            assert!(!p.html.contains(s), "{s} on beta's search page");
        }
        let p = b.get("/app/search?q=ab&type=phone").await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.html.contains("id=\"search-error\""));
        let p = b.get("/app/search?q=nothing-like-this.example").await;
        assert!(
            p.text_of("search-summary")
                .unwrap()
                .starts_with("0 stored values found")
        );
    }
}
