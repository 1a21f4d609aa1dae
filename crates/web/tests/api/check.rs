use crate::helpers::spawn_app;
use axum::http::StatusCode;

#[tokio::test]
async fn checks_values_text_and_pages_with_what_the_store_has_seen() {
    let app = spawn_app().await;
    let batch = [
        r#"{"id":"1","narrative":"Windows locked popup said call 1-888-555-0147 now"}"#,
        r#"{"id":"2","narrative":"Refund scam, rang 1-888-555-0147, paid with gift cards"}"#,
    ]
    .join("\n");
    app.post("application/x-ndjson", batch).await;

    // Anonymous: counts only.
    let (s, v) = app
        .request_as(
            None,
            "GET",
            "/api/v1/check?value=%2B1%20888%20555%200147",
            "",
            "",
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["totals"]["reports"], 2, "{v}");
    assert_eq!(v["totals"]["operations"], 1, "{v}");
    assert!(v.get("details").is_none());
    assert!(
        matches!(v["verdict"].as_str(), Some("scam" | "suspicious")),
        "{v}"
    );

    // An analyst also sees which operation.
    let (_, v) = app.get("/api/v1/check?value=1-888-555-0147").await;
    assert_eq!(v["details"][0]["operations"][0], "c-1", "{v}");

    // The brand's real number is official, even when victims quote it in reports.
    app.post(
        "application/json",
        r#"{"id":"3","narrative":"I called the real Microsoft number 1-800-642-7676 afterwards"}"#,
    )
    .await;
    let (_, v) = app
        .request_as(None, "GET", "/api/v1/check?value=%2B18006427676", "", "")
        .await;
    let codes: Vec<&str> = v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["official_number", "mentioned"], "{v}");
    // The brand's real number is official.
    let (_, v) = app
        .request_as(None, "GET", "/api/v1/check?value=%2B18006427676", "", "")
        .await;
    assert_eq!(v["verdict"], "official", "{v}");

    // Text in German, reasons in German.
    let body = r#"{"text":"Ihr Computer ist gesperrt! Rufen Sie sofort den Microsoft Support an: 0800 123 4567. Schalten Sie den PC nicht aus.","lang":"de"}"#;
    let (s, v) = app
        .request_as(None, "POST", "/api/v1/check", "application/json", body)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["lang"], "de");
    assert!(
        matches!(v["verdict"].as_str(), Some("scam" | "suspicious")),
        "{v}"
    );

    // A saved browser-locker page.
    let page = r#"<html><body onbeforeunload="return 'x'"><h1>Windows Defender Security Warning</h1>
        <p>Your computer has been blocked. Call Microsoft Support: +1-888-555-0147</p>
        <audio autoplay src="alarm.mp3"></audio><script>document.documentElement.requestFullscreen()</script></body></html>"#;
    let (s, v) = app
        .request_as(None, "POST", "/api/v1/check", "text/html", page)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["verdict"], "scam", "{v}");
    assert!(v["page"].is_object(), "{v}");
}

#[tokio::test]
async fn bad_check_requests_get_clean_errors() {
    let app = spawn_app().await;
    let big = format!(r#"{{"text":"{}"}}"#, "a".repeat(3 * 1024 * 1024));
    let cases: Vec<(&str, &str, String, StatusCode)> = vec![
        (
            "GET",
            "/api/v1/check",
            String::new(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "GET",
            "/api/v1/check?value=",
            String::new(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "GET",
            "/api/v1/check?value=x&text=y",
            String::new(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "GET",
            "/api/v1/check?value=1&country=XX",
            String::new(),
            StatusCode::BAD_REQUEST,
        ),
        ("POST", "/api/v1/check", big, StatusCode::PAYLOAD_TOO_LARGE),
        ("POST", "/api/v1/check", "{".into(), StatusCode::BAD_REQUEST),
    ];
    for (method, uri, body, want) in cases {
        let ct = "application/json";
        let (s, v) = app.request_as(None, method, uri, ct, body).await;
        assert_eq!(s, want, "{method} {uri}: {v}");
        assert!(v["code"].is_string(), "{v}");
    }
    let (s, _) = app
        .request_as(None, "POST", "/api/v1/check", "image/png", "x")
        .await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Binary junk and absurd phone strings get a verdict or a 4xx, never a 5xx.
    for junk in [
        "%FF%FE%00%01",
        "%2B%2B%2B999999999999999999999999999",
        "0000000000000000000000000",
        "%E2%80%AE",
    ] {
        let (s, _) = app
            .request_as(None, "GET", &format!("/api/v1/check?value={junk}"), "", "")
            .await;
        assert!(s.is_success() || s.is_client_error(), "{junk}: {s}");
    }
}

#[tokio::test]
async fn hostile_bodies_get_a_verdict_or_a_clean_4xx() {
    let app = spawn_app().await;
    let megabyte_text = format!(
        r#"{{"text":"{}"}}"#,
        "Call Microsoft support now at 1-888-555-0147. ".repeat(22_000)
    );
    let megabyte_page = format!(
        "<html><body>{}</body></html>",
        "<p>Your computer is locked</p>".repeat(35_000)
    );
    let cases: Vec<(&str, Vec<u8>, &[StatusCode])> = vec![
        // Invalid UTF-8 is refused as such, whatever the content type.
        (
            "application/json",
            b"{\"value\":\"\xff\xfe\"}".to_vec(),
            &[StatusCode::BAD_REQUEST],
        ),
        (
            "text/plain",
            vec![0xc3, 0x28, 0xa0, 0xa1],
            &[StatusCode::BAD_REQUEST],
        ),
        ("text/html", vec![0xff; 1000], &[StatusCode::BAD_REQUEST]),
        // Empty bodies.
        ("application/json", Vec::new(), &[StatusCode::BAD_REQUEST]),
        ("text/plain", Vec::new(), &[StatusCode::BAD_REQUEST]),
        (
            "application/json",
            b"{}".to_vec(),
            &[StatusCode::BAD_REQUEST],
        ),
        (
            "application/json",
            b"[1,2,3]".to_vec(),
            &[StatusCode::BAD_REQUEST],
        ),
        (
            "application/json",
            br#"{"value":{"nested":true}}"#.to_vec(),
            &[StatusCode::BAD_REQUEST],
        ),
        // About a megabyte of text or page: a verdict.
        (
            "application/json",
            megabyte_text.into_bytes(),
            &[StatusCode::OK],
        ),
        ("text/html", megabyte_page.into_bytes(), &[StatusCode::OK]),
        // Binary that is valid UTF-8 (control characters, NULs) and absurd phone strings.
        (
            "text/plain",
            "\u{0}\u{1}\u{7f}\u{feff}".repeat(1000).into_bytes(),
            &[StatusCode::OK],
        ),
        (
            "application/json",
            format!(r#"{{"value":"{}"}}"#, "+".repeat(5000)).into_bytes(),
            &[StatusCode::OK],
        ),
        (
            "application/json",
            format!(r#"{{"value":"{}"}}"#, "9".repeat(100_000)).into_bytes(),
            &[StatusCode::OK],
        ),
        (
            "application/json",
            br#"{"value":"+1 (((((888))))) 555--0147 ext 99999999999999"}"#.to_vec(),
            &[StatusCode::OK],
        ),
        (
            "application/json",
            br#"{"value":"+00000000000000000000","country":"ZZ"}"#.to_vec(),
            &[StatusCode::BAD_REQUEST],
        ),
    ];
    for (ct, body, want) in cases {
        let len = body.len();
        let (s, v) = app
            .request_as(None, "POST", "/api/v1/check", ct, body)
            .await;
        assert!(want.contains(&s), "{ct}, {len} bytes: {s} {v}");
        if s.is_success() {
            assert!(v["verdict"].is_string(), "{v}");
        } else {
            assert!(v["code"].is_string(), "{v}");
        }
    }
}
