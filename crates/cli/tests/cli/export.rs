use crate::helpers::{Workdir, dragnet, stderr};

#[tokio::test]
async fn stix_and_blocklists_from_the_operations_carry_no_victim_data() {
    let w = Workdir::new();
    let o = dragnet()
        .args(["generate", "--victims", "400", "--seed", "5", "--out"])
        .arg(w.path("g"))
        .output()
        .unwrap();
    assert!(o.status.success());
    // Marked GREEN so that the GREEN bundle below may carry them (docs/SHARING.md).
    assert!(
        w.import(&[&w.path("g").join("reports.jsonl")], &["--tlp", "green"])
            .status
            .success()
    );
    let run = |args: &[&str]| {
        let o = dragnet()
            .current_dir(w.dir.path())
            .args(["--db", &w.db(), "export"])
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    };
    run(&["stix", "--tlp", "green", "--out", "b.json"]);
    let bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.path("b.json")).unwrap()).unwrap();
    assert_eq!(bundle["type"], "bundle");
    let objects = bundle["objects"].as_array().unwrap();
    let count = |t: &str| objects.iter().filter(|o| o["type"] == t).count();
    assert!(count("campaign") >= 3, "one campaign per operation");
    assert!(count("indicator") >= 3);
    assert!(count("marking-definition") >= 1);
    let text = std::fs::read_to_string(w.path("b.json")).unwrap();
    let reports = std::fs::read_to_string(w.path("g").join("reports.jsonl")).unwrap();
    for line in reports.lines().take(200) {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(email) = r["reporter"]["email"].as_str() {
            assert!(
                !text.contains(email),
                "victim e-mail {email} in the STIX bundle"
            );
        }
        if let Some(name) = r["reporter"]["name"].as_str() {
            assert!(
                !text.contains(name),
                "victim name {name} in the STIX bundle"
            );
        }
    }

    run(&["blocklist", "--format", "rpz", "--out", "z.rpz"]);
    let zone = std::fs::read_to_string(w.path("z.rpz")).unwrap();
    assert!(zone.contains("SOA"), "{zone}");
    assert!(zone.contains("CNAME ."), "{zone}");
    for official in ["microsoft.com", "amazon.com", "anydesk.com"] {
        assert!(
            !zone.lines().any(|l| l.starts_with(official)),
            "{official} in the blocklist"
        );
    }
    run(&[
        "blocklist",
        "--type",
        "phone",
        "--format",
        "text",
        "--out",
        "p.txt",
    ]);
    let phones = std::fs::read_to_string(w.path("p.txt")).unwrap();
    assert!(phones.lines().any(|l| l.starts_with('+')), "{phones}");
    assert!(
        !phones.contains("+18006427676"),
        "Microsoft's real number is never blocked"
    );
}

/// Three pairs of reports, one operation through a shared number: GREEN, AMBER and RED
/// contributions with a domain each.
fn marked_reports(w: &Workdir) {
    for (tlp, domain, extra) in [
        ("green", "green-fix-pc.com", ""),
        ("amber", "amber-help-desk.com", ""),
        ("red", "red-only-support.com", " AnyDesk 555 444 333"),
    ] {
        let mut text = String::new();
        for n in 1..=2 {
            text.push_str(&format!(
                r#"{{"id":"{tlp}-{n}","source":"s-{tlp}","narrative":"Call 1-888-555-0147, then open {domain}{extra}"}}"#
            ));
            text.push('\n');
        }
        let f = w.write(&format!("{tlp}.jsonl"), text);
        let o = w.import(&[&f], &["--tlp", tlp]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

#[tokio::test]
async fn exports_keep_within_their_tlp_and_never_carry_red_contributions() {
    let w = Workdir::new();
    marked_reports(&w);
    let export = |args: &[&str], out: &str| -> String {
        let o = dragnet()
            .current_dir(w.dir.path())
            .args(["--db", &w.db(), "export"])
            .args(args)
            .args(["--out", out])
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        std::fs::read_to_string(w.path(out)).unwrap()
    };
    let amber = export(&["stix", "--tlp", "amber"], "amber.json");
    assert!(amber.contains("green-fix-pc.com"), "{amber}");
    assert!(amber.contains("amber-help-desk.com"));
    let red = export(&["stix", "--tlp", "red"], "red.json");
    for bundle in [&amber, &red] {
        assert!(!bundle.contains("red-only-support.com"), "a RED value left");
        assert!(!bundle.contains("555444333"), "a RED value left");
        assert!(!bundle.contains("s-red"), "a RED source left");
    }
    let green = export(&["stix", "--tlp", "green"], "green.json");
    assert!(green.contains("green-fix-pc.com"));
    assert!(
        !green.contains("amber-help-desk.com"),
        "AMBER in a GREEN bundle"
    );
    let list = export(&["blocklist", "--tlp", "green"], "list.txt");
    assert!(list.contains("green-fix-pc.com"), "{list}");
    assert!(!list.contains("amber-help-desk.com"), "{list}");
    let list = export(&["blocklist", "--tlp", "amber+strict"], "list2.txt");
    assert!(list.contains("amber-help-desk.com"), "{list}");
    assert!(!list.contains("red-only-support.com"), "{list}");
}
