//! Server-side page fetching for the check. Pages are served by a small HTTP server on
//! 127.0.0.1 that these tests start; the fetcher is given the test-only loopback allowance,
//! and the production policy is shown to refuse that same server without connecting to it.
//! No traffic leaves loopback: refused addresses are refused before any connection.

use crate::helpers::spawn_app_with;
use axum::http::StatusCode;
use dragnet_web::Limits;
use dragnet_web::fetch::{FetchError, FetchPolicy, fetch};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SCAM_PAGE: &str = r#"<html><head><title>Windows Defender Security Warning</title></head>
<body onbeforeunload="return 'stay'"><h1>Your computer has been blocked</h1>
<p>Call Microsoft Support immediately: +1-888-555-0147. Do not turn off your computer.</p>
<audio autoplay src="alarm.mp3"></audio><script>document.documentElement.requestFullscreen()</script>
</body></html>"#;

/// A tiny HTTP/1.1 server with fixed routes; counts the connections it accepted.
struct PageServer {
    port: u16,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for PageServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl PageServer {
    async fn start() -> PageServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let count = connections.clone();
        let task = tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(sock, port));
            }
        });
        PageServer {
            port,
            connections,
            task,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn accepted(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn serve(mut sock: TcpStream, port: u16) {
    let mut req = Vec::new();
    let mut buf = [0u8; 1024];
    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
        match sock.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&req).to_string();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let redirect = |to: &str| {
        format!(
            "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
    };
    let ok = |ct: &str, body: &str| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let response = match path.as_str() {
        "/page" => ok("text/html; charset=utf-8", SCAM_PAGE),
        "/plain" => ok("text/plain", "Your PC is infected. Call +1-888-555-0147 now."),
        "/redirect" => redirect("/page"),
        "/absolute" => redirect(&format!("http://127.0.0.1:{port}/page")),
        "/loop-a" => redirect("/loop-b"),
        "/loop-b" => redirect("/loop-a"),
        "/to-private" => redirect("http://10.0.0.1/admin"),
        "/to-metadata" => redirect("http://169.254.169.254/latest/meta-data/"),
        "/to-mapped" => redirect("http://[::ffff:192.168.1.1]/"),
        "/to-file" => redirect("file:///etc/passwd"),
        "/to-credentials" => redirect(&format!("http://user:pw@127.0.0.1:{port}/page")),
        "/image" => ok("image/png", "\u{89}PNG"),
        "/no-type" => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi".into(),
        "/gzip" => "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi".into(),
        "/missing" => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
        "/big-declared" => {
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n".into()
        }
        "/big-chunked" => {
            // No length given: the body streams past the limit in 64 KiB chunks.
            let _ = sock
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                .await;
            let chunk = format!("10000\r\n{}\r\n", "a".repeat(0x10000));
            for _ in 0..64 {
                if sock.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
            }
            let _ = sock.write_all(b"0\r\n\r\n").await;
            return;
        }
        "/slow" => {
            // Headers, then the body never comes (bounded: the test server gives up after 20 s).
            let _ = sock
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n<p>")
                .await;
            tokio::time::sleep(Duration::from_secs(20)).await;
            return;
        }
        p if p.starts_with("/hop/") => {
            let n: usize = p[5..].parse().unwrap_or(0);
            redirect(&format!("/hop/{}", n + 1))
        }
        _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".into(),
    };
    let _ = sock.write_all(response.as_bytes()).await;
    let _ = sock.shutdown().await;
}

fn test_policy() -> FetchPolicy {
    let mut p = FetchPolicy::default().allowing_loopback_for_tests();
    p.max_bytes = 256 * 1024;
    p.timeout = Duration::from_millis(1500);
    p.max_redirects = 3;
    p
}

#[tokio::test]
async fn fetches_pages_and_follows_redirects() {
    let server = PageServer::start().await;
    let page = fetch(&server.url("/page"), &test_policy()).await.unwrap();
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type, "text/html");
    assert!(page.body.contains("Call Microsoft Support"));
    assert!(page.redirects.is_empty());

    let page = fetch(&server.url("/redirect"), &test_policy())
        .await
        .unwrap();
    assert_eq!(page.redirects, [server.url("/page")]);
    assert_eq!(page.final_url(), server.url("/page"));
    let page = fetch(&server.url("/absolute"), &test_policy())
        .await
        .unwrap();
    assert_eq!(page.redirects, [server.url("/page")]);
    let page = fetch(&server.url("/plain"), &test_policy()).await.unwrap();
    assert_eq!(page.content_type, "text/plain");
}

#[tokio::test]
async fn the_production_policy_refuses_loopback_without_connecting() {
    let server = PageServer::start().await;
    for url in [
        server.url("/page"),
        format!("http://localhost:{}/page", server.port),
        format!("http://[::1]:{}/page", server.port),
        format!("http://[::ffff:127.0.0.1]:{}/page", server.port),
        format!("http://2130706433:{}/page", server.port),
        format!("http://0x7f.1:{}/page", server.port),
    ] {
        let err = fetch(&url, &FetchPolicy::default()).await.unwrap_err();
        assert!(
            matches!(err, FetchError::Blocked { .. } | FetchError::Resolve(_)),
            "{url}: {err}"
        );
        assert!(
            err.refused() || matches!(err, FetchError::Resolve(_)),
            "{url}"
        );
    }
    assert_eq!(server.accepted(), 0, "a refused address was connected to");
}

#[tokio::test]
async fn bad_targets_are_refused_with_the_reason() {
    let server = PageServer::start().await;
    let policy = test_policy();
    let refused = [
        ("/to-private", "10.0.0.1"),
        ("/to-metadata", "169.254.169.254"),
        ("/to-mapped", "::ffff:192.168.1.1"),
    ];
    for (path, addr) in refused {
        let err = fetch(&server.url(path), &policy).await.unwrap_err();
        match &err {
            FetchError::Blocked { addr: a, .. } => assert_eq!(a.to_string(), addr, "{path}"),
            other => panic!("{path}: {other}"),
        }
        assert!(err.refused());
    }
    type Expect = Box<dyn Fn(&FetchError) -> bool>;
    let cases: Vec<(&str, Expect)> = vec![
        (
            "/to-file",
            Box::new(|e| matches!(e, FetchError::Scheme(s) if s == "file")),
        ),
        (
            "/to-credentials",
            Box::new(|e| *e == FetchError::Credentials),
        ),
        (
            "/loop-a",
            Box::new(|e| matches!(e, FetchError::RedirectLoop(_))),
        ),
        (
            "/hop/0",
            Box::new(|e| *e == FetchError::TooManyRedirects(3)),
        ),
        (
            "/image",
            Box::new(|e| matches!(e, FetchError::ContentType(t) if t == "image/png")),
        ),
        (
            "/no-type",
            Box::new(|e| matches!(e, FetchError::ContentType(t) if t == "(none)")),
        ),
        ("/gzip", Box::new(|e| matches!(e, FetchError::Encoding(_)))),
        ("/missing", Box::new(|e| *e == FetchError::Status(404))),
        (
            "/big-declared",
            Box::new(|e| *e == FetchError::TooLarge(256 * 1024)),
        ),
        (
            "/big-chunked",
            Box::new(|e| *e == FetchError::TooLarge(256 * 1024)),
        ),
        ("/slow", Box::new(|e| matches!(e, FetchError::Timeout(_)))),
    ];
    for (path, want) in cases {
        let err = fetch(&server.url(path), &policy).await.unwrap_err();
        assert!(want(&err), "{path}: {err}");
    }
    for url in [
        "ftp://127.0.0.1/x",
        "http://u:p@127.0.0.1/",
        "gopher://127.0.0.1/",
    ] {
        let err = fetch(url, &policy).await.unwrap_err();
        assert!(err.refused(), "{url}: {err}");
    }
}

#[tokio::test]
async fn the_check_api_fetches_only_when_the_server_allows_it() {
    let server = PageServer::start().await;
    // Off by default: a clear 403, nothing fetched.
    let off = crate::helpers::spawn_app().await;
    let body = format!(r#"{{"value":"{}","fetch":true}}"#, server.url("/page"));
    let (s, v) = off
        .request_as(
            None,
            "POST",
            "/api/v1/check",
            "application/json",
            body.clone(),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    assert_eq!(v["code"], "fetch_disabled");
    assert_eq!(server.accepted(), 0);

    let app = spawn_app_with(Limits {
        fetch: Some(test_policy()),
        ..Limits::default()
    })
    .await;
    let (s, v) = app
        .request_as(None, "POST", "/api/v1/check", "application/json", body)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["verdict"], "scam", "{v}");
    assert_eq!(v["input_type"], "page", "{v}");
    assert_eq!(v["fetched"]["status"], 200, "{v}");
    assert!(v["page"]["tricks"].as_array().unwrap().len() >= 2, "{v}");
    let keys: Vec<&str> = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["value"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"+18885550147"), "{v}");
    assert!(keys.contains(&server.url("/page").as_str()), "{v}");

    // GET works the same; a redirect chain is reported.
    let (s, v) = app
        .request_as(
            None,
            "GET",
            &format!(
                "/api/v1/check?fetch=true&value=http%3A%2F%2F127.0.0.1%3A{}%2Fredirect",
                server.port
            ),
            "",
            "",
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["fetched"]["redirects"][0], server.url("/page"), "{v}");

    // Refusals and failures are 422 with distinct codes; bad requests 400.
    let cases = [
        (server.url("/to-metadata"), "fetch_refused"),
        ("ftp://example.com/x".to_string(), "fetch_refused"),
        (server.url("/image"), "fetch_failed"),
        (server.url("/slow"), "fetch_failed"),
    ];
    for (url, code) in cases {
        let body = format!(r#"{{"value":"{url}","fetch":true}}"#);
        let (s, v) = app
            .request_as(None, "POST", "/api/v1/check", "application/json", body)
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {v}");
        assert_eq!(v["code"], code, "{url}: {v}");
    }
    for body in [
        r#"{"value":"+1 888 555 0147","fetch":true}"#,
        r#"{"text":"http://example.com/","fetch":true}"#,
    ] {
        let (s, v) = app
            .request_as(None, "POST", "/api/v1/check", "application/json", body)
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}: {v}");
    }
}
