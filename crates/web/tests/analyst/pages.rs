use crate::helpers::*;
use axum::http::StatusCode;
use dragnet_store::AccountStore;

#[tokio::test]
async fn the_workspace_needs_a_login_and_the_login_needs_its_csrf_token() {
    for t in apps().await {
        let mut b = t.browser();
        let p = b.get("/app/operations?sort=loss").await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", t.backend);
        assert_eq!(
            p.location(),
            "/app/login?next=%2Fapp%2Foperations%3Fsort%3Dloss"
        );
        let login = b.get(&p.location()).await;
        assert_eq!(login.status, StatusCode::OK);
        assert_eq!(login.hidden("next"), "/app/operations?sort=loss");
        let csrf = login.hidden("csrf");
        // Wrong password: no session, the e-mail kept, nothing said about which was wrong.
        let p = b
            .post(
                "/app/login",
                &[
                    ("email", "ann@alpha.example"),
                    ("password", "nope"),
                    ("csrf", &csrf),
                    ("next", "/app"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED);
        assert!(
            p.html.contains("id=\"login-error\"") && p.html.contains("Wrong e-mail or password.")
        );
        assert!(p.html.contains("value=\"ann@alpha.example\""));
        assert!(!b.cookies.iter().any(|(k, _)| k == "dragnet_session"));
        // A forged token: refused before the password is looked at.
        let p = b
            .post(
                "/app/login",
                &[
                    ("email", "ann@alpha.example"),
                    ("password", PASSWORD),
                    ("csrf", "1.x.forged"),
                    ("next", "/app"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        assert!(!b.cookies.iter().any(|(k, _)| k == "dragnet_session"));
        // Right: back where the reader was going, with an HttpOnly, SameSite=Strict session.
        let p = b
            .post(
                "/app/login",
                &[
                    ("email", "ann@alpha.example"),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                    ("next", "/app/operations?sort=loss"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert_eq!(p.location(), "/app/operations?sort=loss");
        let set = p
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect::<Vec<_>>();
        let session = set
            .iter()
            .find(|c| c.starts_with("dragnet_session="))
            .unwrap();
        assert!(
            session.contains("HttpOnly")
                && session.contains("SameSite=Strict")
                && session.contains("Secure")
        );
        let p = b.get("/app/operations?sort=loss").await;
        assert_eq!(p.status, StatusCode::OK);
        assert_eq!(p.headers.get("cache-control").unwrap(), "no-store");
        assert!(
            p.headers
                .get("content-security-policy")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("default-src 'none'")
        );
        assert!(p.html.contains("ann@alpha.example · alpha (analyst)"));
        // An address outside the workspace is not followed after login.
        let mut c = t.browser();
        let csrf = c.csrf("/app/login").await;
        let p = c
            .post(
                "/app/login",
                &[
                    ("email", "ben@beta.example"),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                    ("next", "//evil.example/"),
                ],
            )
            .await;
        assert_eq!(p.location(), "/app");
        // Logging out ends the session (the old cookie no longer works either).
        let old = b.cookies.clone();
        let csrf = b.csrf("/app").await;
        let p = b.post("/app/logout", &[("csrf", &csrf)]).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert_eq!(b.get("/app").await.status, StatusCode::SEE_OTHER);
        b.cookies = old;
        assert_eq!(b.get("/app").await.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn the_overview_counts_own_reports_and_can_show_all_organisations() {
    for t in apps().await {
        let mut b = t.signed_in("ann@alpha.example").await;
        let p = b.get("/app").await;
        assert_eq!(p.status, StatusCode::OK);
        // alpha: 3 shared-operation reports and 60 small ones.
        assert_eq!(p.text_of("fig-reports").unwrap(), "63", "{}", t.backend);
        assert_eq!(p.text_of("fig-loss").unwrap(), "$900.00");
        for id in ["per-month", "loss-month", "countries", "brands", "contact"] {
            assert!(
                p.html
                    .contains(&format!("<figure class=\"chart\" id=\"{id}\">")),
                "{id}"
            );
            assert!(
                p.html
                    .contains(&format!("aria-labelledby=\"{id}-t {id}-d\"")),
                "{id}"
            );
        }
        // Every chart has its table: months August and September 2023.
        assert!(p.html.contains("<td>2023-08</td><td class=\"num\">60</td>"));
        assert!(p.html.contains("<td>2023-09</td><td class=\"num\">3</td>"));
        assert!(p.html.contains("<td>Amazon</td><td class=\"num\">60</td>"));
        let p = b.get("/app?scope=all").await;
        assert_eq!(p.text_of("fig-reports").unwrap(), "65");
        assert_eq!(p.text_of("fig-loss").unwrap(), "$1,500.00");
        assert!(p.html.contains("<td>US</td><td class=\"num\">2</td>"));
        // A liaison reads no reports: the aggregate of all, with no choice of scope.
        let mut l = t.signed_in("lee@police.example").await;
        let p = l.get("/app?scope=own").await;
        assert_eq!(p.text_of("fig-reports").unwrap(), "65");
        assert!(!p.html.contains("Your organisation's reports"));
    }
}

#[tokio::test]
async fn operations_sort_filter_and_page() {
    for t in apps().await {
        let shared = shared_operation(&t);
        let mut b = t.signed_in("ann@alpha.example").await;
        let p = b.get("/app/operations").await;
        assert_eq!(p.status, StatusCode::OK);
        // 31 operations: 25 on page 1, 6 on page 2; the shared one (5 victims) first.
        assert!(
            p.text_of("count")
                .unwrap()
                .starts_with("31 of 31 operations, 1–25 shown"),
            "{}",
            t.backend
        );
        let first_row = &p.html[p.html.find("<tbody>").unwrap()..];
        assert!(first_row[..300].contains(&format!(">{shared}</a>")));
        assert!(p.html.contains("rel=\"next\""));
        let p2 = b.get("/app/operations?sort=victims&page=2").await;
        assert!(p2.text_of("count").unwrap().contains("26–31 shown"));
        assert!(p2.html.contains("rel=\"prev\"") && !p2.html.contains("rel=\"next\""));
        // Cross-organisation only: the one shared operation, with both organisations.
        let p = b.get("/app/operations?shared=1").await;
        assert!(p.text_of("count").unwrap().starts_with("1 of 31"));
        assert!(p.html.contains("2: alpha, beta"));
        assert!(p.html.contains("5 (3)"), "reports (yours)");
        // Sorted by loss: the only operation with a loss first; filter by indicator text.
        let p = b.get("/app/operations?sort=loss").await;
        let body = &p.html[p.html.find("<tbody>").unwrap()..];
        assert!(body[..300].contains(&shared));
        assert!(body[..600].contains("$1,500.00"));
        let p = b.get("/app/operations?q=877-555&sort=recent").await;
        assert!(
            p.text_of("count").unwrap().starts_with("0 of 31"),
            "phone values are E.164"
        );
        let p = b.get("/app/operations?q=%2B1877555&sort=recent").await;
        assert!(p.text_of("count").unwrap().starts_with("30 of 31"));
        let p = b.get("/app/operations?q=fix-pc").await;
        assert!(p.text_of("count").unwrap().starts_with("1 of 31"));
    }
}

#[tokio::test]
async fn the_operation_page_shows_summary_charts_network_and_own_reports_only() {
    for t in apps().await {
        let op = shared_operation(&t);
        let mut b = t.signed_in("ann@alpha.example").await;
        let p = b.get(&format!("/app/operations/{op}")).await;
        assert_eq!(p.status, StatusCode::OK, "{}", t.backend);
        assert_eq!(p.text_of("op-victims").unwrap(), "5");
        assert_eq!(p.text_of("op-reports").unwrap(), "5");
        assert_eq!(p.text_of("op-loss").unwrap(), "$1,500.00");
        assert_eq!(p.text_of("op-orgs").unwrap(), "2");
        // Timeline per day (1-5 September) and victims by country.
        assert!(p.html.contains("Reports per day"));
        assert!(
            p.html
                .contains("<td>2023-09-03</td><td class=\"num\">1</td>")
        );
        assert!(p.html.contains("<td>DE</td><td class=\"num\">2</td>"));
        assert!(p.html.contains("<td>US</td><td class=\"num\">2</td>"));
        // The network: the phone and the domain, and one group of all five reports.
        assert!(
            p.html
                .contains("<svg role=\"img\" aria-labelledby=\"net-t net-d\"")
        );
        assert_eq!(p.html.matches("class=\"node ind ind-").count(), 2);
        assert!(
            p.html
                .contains("5 reports: 3 yours, 2 of other organisations")
        );
        assert!(p.html.contains("class=\"node grp mixed\""));
        // Filtering the picture to e-mails leaves nothing drawn.
        let f = b.get(&format!("/app/operations/{op}?t=email")).await;
        assert_eq!(f.html.matches("class=\"node ind ind-").count(), 0);
        assert!(
            f.html
                .contains("id=\"t-email\" name=\"t\" type=\"checkbox\" value=\"email\" checked")
        );
        assert!(
            !f.html
                .contains("id=\"t-phone\" name=\"t\" type=\"checkbox\" value=\"phone\" checked")
        );
        // Own reports listed and linked, with explain links; beta's counted, never named.
        for id in ["ALPHA-1", "ALPHA-2", "ALPHA-3"] {
            assert!(
                p.html
                    .contains(&format!("href=\"/app/reports/alpha/{id}\"")),
                "{id}"
            );
        }
        assert!(
            p.html
                .contains("href=\"/app/explain?a=alpha%2FALPHA-1&#38;b=alpha%2FALPHA-2\"")
        );
        assert!(
            p.text_of("hidden-note")
                .unwrap()
                .starts_with("2 reports of other organisations")
        );
        for s in B_SECRETS {
            assert!(!p.html.contains(s), "{s} on alpha's operation page");
        }
        // The explanation between two own reports.
        let e = b
            .get("/app/explain?a=alpha%2FALPHA-1&b=alpha%2FALPHA-3")
            .await;
        assert_eq!(e.status, StatusCode::OK);
        assert!(e.html.contains("data-joined=\"true\""));
        assert!(
            e.text_of("reason")
                .unwrap()
                .starts_with(&format!("joined in {op}"))
        );
        // Unknown operation: a page saying so.
        assert_eq!(
            b.get("/app/operations/c-99999").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn the_report_page_shows_personal_data_only_with_a_logged_purpose() {
    for t in apps().await {
        let mut b = t.signed_in("ann@alpha.example").await;
        let p = b.get("/app/reports/alpha/ALPHA-1").await;
        assert_eq!(p.status, StatusCode::OK, "{}", t.backend);
        assert!(p.html.contains("SECRET-NARRATIVE-A"));
        assert!(p.html.contains(&format!(">{SHARED_PHONE}</a>")));
        assert!(p.html.contains(&format!(
            "href=\"/app/operations/{}\"",
            shared_operation(&t)
        )));
        // Not the victim's details until a purpose is given.
        assert!(!p.html.contains("Alice Victim-A1") && !p.html.contains("alice.a1@"));
        let csrf = p.hidden("csrf");
        let r = b
            .post(
                "/app/reports/alpha/ALPHA-1/reporter",
                &[("purpose", "  "), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!r.html.contains("Alice Victim-A1"));
        let r = b
            .post(
                "/app/reports/alpha/ALPHA-1/reporter",
                &[
                    ("purpose", "call back about the refund"),
                    ("csrf", "1.x.forged"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(!r.html.contains("Alice Victim-A1"));
        let before = t.store.audit_log(Some(t.org_a), 100).await.unwrap().len();
        assert_eq!(before, 0);
        let r = b
            .post(
                "/app/reports/alpha/ALPHA-1/reporter",
                &[("purpose", "call back about the refund"), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers.get("cache-control").unwrap(), "no-store");
        assert!(r.html.contains("Alice Victim-A1") && r.html.contains("alice.a1@victims.example"));
        let log = t.store.audit_log(Some(t.org_a), 100).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].actor, "ann@alpha.example");
        assert_eq!(log[0].action, "view_personal_data");
        assert_eq!(log[0].target, "report alpha/ALPHA-1");
        assert_eq!(
            log[0].purpose.as_deref(),
            Some("call back about the refund")
        );
        // Erasure: needs the confirmation; then the data is gone, the indicators stay, logged.
        let r = b
            .post(
                "/app/reports/alpha/ALPHA-1/erase",
                &[("reason", "erasure request"), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = b
            .post(
                "/app/reports/alpha/ALPHA-1/erase",
                &[
                    ("reason", "erasure request"),
                    ("confirm", "yes"),
                    ("csrf", &csrf),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let p = b.get(&r.location()).await;
        assert!(p.html.contains("id=\"erased-note\"") && p.html.contains("id=\"no-reporter\""));
        assert!(p.html.contains(SHARED_DOMAIN));
        let log = t.store.audit_log(Some(t.org_a), 100).await.unwrap();
        assert_eq!(log[0].action, "erase_personal_data");
        // Another organisation's report does not exist for alpha; the liaison reads none.
        assert_eq!(
            b.get("/app/reports/beta/BETA-1").await.status,
            StatusCode::NOT_FOUND
        );
        let mut l = t.signed_in("lee@police.example").await;
        assert_eq!(
            l.get("/app/reports/alpha/ALPHA-2").await.status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn a_five_hundred_report_operation_stays_a_readable_picture() {
    let t = apps().await.into_iter().next().unwrap();
    // 520 reports over 60 numbers, chained by 2 domains each so they form one operation.
    let lines: Vec<String> = (0..520)
        .map(|i| {
            serde_json::json!({
                "id": format!("BIG-{i}"), "source": "alpha",
                "received_at": format!("2023-{:02}-{:02}T09:00:00Z", 1 + i % 12, 1 + i % 28),
                "narrative": "Tech support scam.",
                "indicators": [
                    {"type": "phone", "value": format!("+1 877 555 {:04}", 2000 + i % 60)},
                    {"type": "domain", "value": format!("big-support-{}.com", i % 40)},
                    {"type": "domain", "value": format!("big-support-{}.com", (i + 1) % 40)}
                ]
            })
            .to_string()
        })
        .collect();
    t.import(t.org_a, &lines).await;
    let op = t.ops.read().cluster_of("alpha/BIG-0").unwrap();
    assert_eq!(t.ops.read().summary(&op).unwrap().reports.len(), 520);
    let mut b = t.signed_in("ann@alpha.example").await;
    let p = b.get(&format!("/app/operations/{op}")).await;
    assert_eq!(p.status, StatusCode::OK);
    let inds = p.html.matches("class=\"node ind ind-").count();
    let groups = p.html.matches("class=\"node grp ").count();
    assert_eq!(inds, 30, "the 30 most widespread values");
    assert!(groups <= 80, "{groups} report groups");
    assert!(p.html.contains("Reports per month"));
    // 100 of the 520 own reports listed, all counted.
    assert!(p.html.contains("520 yours, 0 of other organisations"));
    assert_eq!(p.html.matches("explain the link").count(), 99);
    assert!(
        p.text_of("own-more")
            .unwrap()
            .starts_with("100 of 520 shown.")
    );
    let all = b.get(&format!("/app/operations/{op}?all=1")).await;
    assert_eq!(all.html.matches("explain the link").count(), 519);
    let p = b.get(&format!("/app/operations/{op}?n=100")).await;
    assert_eq!(p.html.matches("class=\"node ind ind-").count(), 100);
    assert!(p.html.contains("by their most widespread shared value"));
}

#[tokio::test]
async fn an_absorbed_operation_id_shows_the_operation_that_kept_its_own() {
    let t = apps().await.into_iter().next().unwrap();
    let line = |id: &str, phones: &[&str]| {
        serde_json::json!({
            "id": id, "source": "alpha", "narrative": "Refund scam.",
            "indicators": phones.iter().map(|p| serde_json::json!({"type": "phone", "value": p})).collect::<Vec<_>>(),
        })
        .to_string()
    };
    t.import(
        t.org_a,
        &[
            line("M-1", &["+1 855 555 0101"]),
            line("M-2", &["+1 855 555 0101"]),
        ],
    )
    .await;
    t.import(
        t.org_a,
        &[
            line("M-3", &["+1 855 555 0102"]),
            line("M-4", &["+1 855 555 0102"]),
        ],
    )
    .await;
    let (kept, absorbed) = {
        let e = t.ops.read();
        (
            e.cluster_of("alpha/M-1").unwrap(),
            e.cluster_of("alpha/M-3").unwrap(),
        )
    };
    assert_ne!(kept, absorbed);
    t.import(
        t.org_a,
        &[line("M-5", &["+1 855 555 0101", "+1 855 555 0102"])],
    )
    .await;
    let mut b = t.signed_in("ann@alpha.example").await;
    let p = b.get(&format!("/app/operations/{absorbed}")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.text_of("op-id").unwrap(), kept);
    assert_eq!(
        p.text_of("merged-note").unwrap(),
        format!("{absorbed} was merged into {kept}.")
    );
    assert!(p.html.contains(&format!(
        "<th scope=\"row\">Merged from</th><td>{absorbed}</td>"
    )));
}
