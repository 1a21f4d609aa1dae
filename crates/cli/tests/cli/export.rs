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
    assert!(
        w.import(&[&w.path("g").join("reports.jsonl")], &[])
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
