//! Organisation B walks every page of the workspace and every search that could touch
//! organisation A's reports, and never meets A's victims' data or report ids; and the other
//! way round.

use crate::helpers::*;
use axum::http::StatusCode;
use dragnet_store::AccountStore;

async fn walk(
    t: &TestApp,
    email: &str,
    own_source: &str,
    other_source: &str,
    other_ids: &[&str],
) -> Vec<(String, String)> {
    let op = shared_operation(t);
    let mut b = t.signed_in(email).await;
    let mut uris: Vec<String> = vec![
        "/app".into(),
        "/app?scope=all".into(),
        "/app/operations".into(),
        "/app/operations?shared=1&sort=orgs".into(),
        "/app/operations?q=fix-pc".into(),
        format!("/app/operations/{op}"),
        format!("/app/operations/{op}?hubs=1&n=100"),
        format!("/app/search?q={SHARED_PHONE}"),
        format!("/app/search?q={SHARED_DOMAIN}"),
        "/app/search?q=%2B4930123456701".into(),
        "/app/search?q=alice.a1%40victims.example".into(),
        "/app/search?q=bob.b1%40victims.example".into(),
        format!(
            "/app/explain?a={own_source}%2F{}&b={other_source}%2F{}",
            if own_source == "alpha" {
                "ALPHA-1"
            } else {
                "BETA-1"
            },
            other_ids[0]
        ),
    ];
    for id in other_ids {
        uris.push(format!("/app/reports/{other_source}/{id}"));
        uris.push(format!("/app/search?q={id}"));
        uris.push(format!("/app/explain?a={id}&b={id}"));
    }
    let mut pages = Vec::new();
    for u in uris {
        let p = b.get(&u).await;
        assert!(
            p.status != StatusCode::SEE_OTHER && p.status.as_u16() < 500,
            "{u}: {}",
            p.status
        );
        pages.push((u, p.html));
    }
    // Posting for another organisation's victim data is refused like a missing report.
    let csrf = b.csrf("/app").await;
    for action in ["reporter", "erase"] {
        let uri = format!("/app/reports/{other_source}/{}/{action}", other_ids[0]);
        let p = b
            .post(
                &uri,
                &[
                    ("purpose", "curiosity"),
                    ("reason", "x"),
                    ("confirm", "yes"),
                    ("csrf", &csrf),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND, "{uri}");
        pages.push((format!("POST {uri}"), p.html));
    }
    pages
}

#[tokio::test]
async fn no_page_or_search_shows_another_organisations_victims_or_reports() {
    for t in apps().await {
        let token_b = t.token("ben@beta.example").await;
        let token_a = t.token("ann@alpha.example").await;
        for (who, email, own, other, other_ids, secrets, token) in [
            (
                "beta",
                "ben@beta.example",
                "beta",
                "alpha",
                &["ALPHA-1", "ALPHA-2", "ALPHA-3"][..],
                A_SECRETS,
                &token_b,
            ),
            (
                "alpha",
                "ann@alpha.example",
                "alpha",
                "beta",
                &["BETA-1", "BETA-2"][..],
                B_SECRETS,
                &token_a,
            ),
        ] {
            let mut pages = walk(&t, email, own, other, other_ids).await;
            for q in [
                SHARED_PHONE,
                SHARED_DOMAIN,
                "%2B1202555",
                "%2B4930",
                "victims.example",
            ] {
                let (status, body) = t.api(&format!("/api/v1/search?q={q}"), token).await;
                assert_eq!(status, StatusCode::OK, "{q}");
                pages.push((format!("API search {q}"), body));
            }
            for (uri, html) in &pages {
                for s in secrets {
                    // A page may repeat what was typed (the id in the address), nothing more.
                    if uri.replace("%2B", "+").replace("%40", "@").contains(s) {
                        continue;
                    }
                    assert!(
                        !html.contains(s),
                        "{}: {who} sees `{s}` on {uri}",
                        t.backend
                    );
                }
            }
        }
        // Nothing was logged as a view of personal data: nobody saw any.
        assert!(t.store.audit_log(None, 100).await.unwrap().is_empty());
    }
}
