//! Pulled intelligence in use: a partner's Dragnet server publishes indicators, another
//! installation pulls them with `dragnet pull`, and its `check` (CLI and API) and search name
//! the partner, the feed and the date, as far as TLP lets each caller see.

use crate::helpers::{Workdir, dragnet, run_ok as run, stderr};
use crate::http::request_as;
use crate::serve::start;
use serde_json::{Value, json};

/// A user of `org` (created if needed) and a token of theirs.
fn member(w: &Workdir, org: &str, email: &str) -> String {
    if !run(w, &["org", "list"], None).contains(org) {
        run(w, &["org", "add", org], None);
    }
    run(
        w,
        &["user", "add", "--org", org, "--role", "analyst", email],
        Some("a long enough password\n"),
    );
    let out = run(w, &["token", "create", "--user", email], None);
    out.lines().last().unwrap().trim().to_string()
}

const GREEN: &str = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
const CLEAR: &str = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
const POLICE: &str = "identity--00000000-0000-4000-8000-0000000000aa";

fn indicator(n: u32, pattern: &str, marking: &str) -> Value {
    json!({"type": "indicator", "spec_version": "2.1",
        "id": format!("indicator--00000000-0000-4000-8000-{n:012}"),
        "created": "2026-11-01T00:00:00.000Z", "modified": "2026-11-01T00:00:00.000Z",
        "pattern_type": "stix", "pattern": pattern, "valid_from": "2026-11-01T00:00:00.000Z",
        "created_by_ref": POLICE, "confidence": 80, "object_marking_refs": [marking]})
}

fn check(w: &Workdir, args: &[&str]) -> Value {
    let mut a = vec!["check"];
    a.extend_from_slice(args);
    serde_json::from_str(&run(w, &a, None)).unwrap()
}

#[test]
fn a_pulled_partners_value_is_known_to_check_and_search_as_far_as_tlp_allows() {
    // The partner: `police` publishes a GREEN and a CLEAR indicator; `usa` reads them
    // through its shared collections.
    let partner = Workdir::new();
    let officer = member(&partner, "police", "officer@police.example");
    let reader = member(&partner, "usa", "reader@usa.example");
    let (mut partner_server, partner_addr) = start(&partner);
    let envelope = json!({"objects": [
        {"type": "identity", "spec_version": "2.1", "id": POLICE, "name": "Metropolitan Police",
         "identity_class": "organization", "created": "2026-11-01T00:00:00.000Z",
         "modified": "2026-11-01T00:00:00.000Z", "object_marking_refs": [GREEN]},
        indicator(1, "[x-dragnet-phone-number:value = '+18885550147']", GREEN),
        indicator(2, "[domain-name:value = 'rnicrosoft-help.com']", CLEAR),
    ]});
    let r = request_as(
        Some(&officer),
        &partner_addr,
        "POST",
        "/taxii2/police/collections/intel/objects/",
        "application/taxii+json;version=2.1",
        &envelope.to_string(),
    )
    .unwrap();
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.json()["success_count"], 3, "{}", r.body);

    // Us: `us` pulls both collections; `other` is another organisation on our server.
    let us = Workdir::new();
    let analyst = member(&us, "us", "ann@us.example");
    let outsider = member(&us, "other", "olga@other.example");
    for collection in ["shared-green", "shared-clear"] {
        let o = dragnet()
            .args(["--db", &us.db(), "pull"])
            .arg(format!("http://{partner_addr}/taxii2/usa/"))
            .args([
                "--collection",
                collection,
                "--token",
                &reader,
                "--org",
                "us",
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "pull {collection}: {}", stderr(&o));
    }
    let _ = partner_server.kill();
    let _ = partner_server.wait();

    // `dragnet check` for the organisation: the GREEN value, with partner, feed and date.
    let v = check(&us, &["+1 888 555 0147", "--org", "us"]);
    let p = &v["partner_intel"][0];
    assert_eq!(p["key"], "phone:+18885550147", "{v}");
    assert_eq!(p["partner"], "Metropolitan Police");
    assert_eq!(p["tlp"], "green");
    assert_eq!(p["confidence"], 80);
    assert_eq!(p["feed"]["kind"], "taxii");
    assert_eq!(p["feed"]["collection"], "shared-green");
    assert!(p["since"].as_str().unwrap().starts_with("20"), "{p}");
    // Without an organisation: GREEN is not for everyone.
    let v = check(&us, &["+1 888 555 0147"]);
    assert!(v.get("partner_intel").is_none(), "{v}");
    // CLEAR is, without our feed.
    let v = check(&us, &["rnicrosoft-help.com"]);
    assert_eq!(v["partner_intel"][0]["tlp"], "clear", "{v}");
    assert!(v["partner_intel"][0].get("feed").is_none(), "{v}");

    // The API, as each caller sees it.
    let (mut server, addr) = start(&us);
    let ask = |token: Option<&str>, value: &str| -> Value {
        let r = request_as(
            token,
            &addr,
            "POST",
            "/api/v1/check",
            "application/json",
            &json!({"value": value}).to_string(),
        )
        .unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()
    };
    let v = ask(Some(&analyst), "+18885550147");
    assert_eq!(
        v["partner_intel"][0]["partner"], "Metropolitan Police",
        "{v}"
    );
    assert_eq!(v["partner_intel"][0]["feed"]["collection"], "shared-green");
    for (who, token) in [
        ("anonymous", None),
        ("another organisation", Some(outsider.as_str())),
    ] {
        let v = ask(token, "+18885550147");
        assert!(v.get("partner_intel").is_none(), "{who}: {v}");
        assert!(!v.to_string().contains("Metropolitan"), "{who}: {v}");
    }
    let v = ask(None, "hxxps://rnicrosoft-help[.]com/");
    assert_eq!(
        v["partner_intel"][0]["key"], "domain:rnicrosoft-help.com",
        "{v}"
    );

    // The analysts' search finds it too (prefix included), for its organisation only.
    let search = |token: &str, q: &str| -> Value {
        let r = request_as(
            Some(token),
            &addr,
            "GET",
            &format!("/api/v1/search?q={q}"),
            "application/json",
            "",
        )
        .unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()
    };
    let v = search(&analyst, "%2B1888555");
    assert_eq!(v["partner_intel"][0]["key"], "phone:+18885550147", "{v}");
    let v = search(&outsider, "%2B18885550147");
    assert_eq!(v["partner_intel"], json!([]), "{v}");
    let _ = server.kill();
    let _ = server.wait();
}
