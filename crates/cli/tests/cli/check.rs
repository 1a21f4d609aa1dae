use crate::helpers::{Workdir, dragnet, stderr};

#[test]
fn batch_verdicts_come_back_one_per_line_in_order() {
    let w = Workdir::new();
    // More lines than one parallel round, so chunking and reordering are exercised.
    let values = [
        "+18006427676",
        "hxxps://rnicrosoft-help[.]com/fix",
        "",
        "microsoft.com",
        "\u{feff}\u{0}junk",
    ];
    let mut input = String::new();
    for i in 0..20_000 {
        input.push_str(values[i % values.len()]);
        input.push('\n');
    }
    let f = w.write("values.txt", input);
    let o = dragnet()
        .args(["check", "--offline", "--batch"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 20_000);
    for (i, v) in lines.iter().enumerate() {
        assert_eq!(v["line"], i + 1);
        match i % values.len() {
            0 | 3 => assert_eq!(v["verdict"], "official", "{v}"),
            1 => assert_eq!(v["verdict"], "scam", "{v}"),
            2 => assert_eq!(v["error"], "empty line"),
            _ => assert!(v["verdict"].is_string() || v["error"].is_string(), "{v}"),
        }
    }
}

#[test]
fn check_fetch_refuses_non_public_addresses_before_connecting() {
    // A listener on loopback that would see any connection attempt.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let w = Workdir::new();
    for (url, want) in [
        (format!("http://127.0.0.1:{port}/"), "loopback"),
        (format!("http://localhost:{port}/"), "loopback"),
        ("http://10.1.2.3/".to_string(), "private"),
        ("http://169.254.169.254/latest/".to_string(), "link-local"),
        ("http://100.64.0.1/".to_string(), "CGNAT"),
        ("ftp://example.com/".to_string(), "only http and https"),
        (
            "http://user:pw@example.com/".to_string(),
            "user name or password",
        ),
    ] {
        let o = dragnet()
            .args(["--db", &w.db(), "check", "--offline", "--fetch", &url])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{url}");
        assert!(stderr(&o).contains(want), "{url}: {}", stderr(&o));
    }
    assert!(
        listener.accept().is_err(),
        "a refused address was connected to"
    );
    // Not a web address at all.
    let o = dragnet()
        .args(["check", "--offline", "--fetch", "+1 888 555 0147"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a web address"), "{}", stderr(&o));
}

#[test]
fn check_fetch_setting_must_be_a_boolean() {
    let o = dragnet()
        .env("DRAGNET_CHECK_FETCH", "maybe")
        .args(["check", "--offline", "+18006427676"])
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("DRAGNET_CHECK_FETCH"), "{}", stderr(&o));
}
