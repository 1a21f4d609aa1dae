//! `dragnet case` and `dragnet referral`: open a case (its id on the last line), refer it,
//! build the signed package, verify it; a flipped byte fails verification naming the file.

use crate::helpers::{Workdir, dragnet, stderr};
use dragnet_store::ReportStore;
use std::process::Output;

fn run(w: &Workdir, args: &[&str]) -> Output {
    dragnet()
        .current_dir(w.dir.path())
        .args(["--db", &w.db()])
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test]
async fn open_refer_build_verify_and_detect_a_flipped_byte() {
    let w = Workdir::new();
    w.token(); // organisation `test`
    let f = w.write(
        "r.jsonl",
        [
            r#"{"id":"A-1","source":"org-a","reporter":{"country":"US","name":"Alice Victim"},"narrative":"Popup: call 1-888-555-0147 now","loss":{"amount":"300","currency":"USD"}}"#,
            r#"{"id":"B-1","source":"org-b","reporter":{"country":"GB"},"narrative":"refund desk said ring 1-888-555-0147","loss":{"amount":"50","currency":"GBP"}}"#,
        ]
        .join("\n"),
    );
    let o = w.import(&[&f], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let op = w
        .store()
        .await
        .get_reports(Some("org-a"), "A-1")
        .await
        .unwrap()
        .remove(0)
        .cluster
        .expect("the report is in an operation");

    let o = run(
        &w,
        &["case", "open", "--operation", &op, "--title", "Refund desk"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let id = out.lines().last().unwrap().trim().to_string();
    assert!(
        !id.is_empty() && id.chars().any(|c| c.is_ascii_digit()),
        "{out}"
    );

    for args in [
        vec!["case", "status", &id, "ready"],
        vec!["case", "refer", &id, "--to", "CBI"],
    ] {
        let o = run(&w, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let zip = w.path("p.zip");
    let zip_s = zip.display().to_string();
    let o = run(
        &w,
        &["referral", "build", &id, "--for", "CBI", "--out", &zip_s],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&w, &["referral", "key", "--org", "test"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let key = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();

    let o = run(&w, &["referral", "verify", &zip_s, "--key", &key]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("OK: "));

    // Flip one byte in the middle of the stored data of `case.json` (after its local header).
    let mut bytes = std::fs::read(&zip).unwrap();
    let name = b"case.json";
    let name_at = bytes
        .windows(name.len())
        .position(|x| x == name)
        .expect("case.json in the zip");
    let header = name_at - 30;
    assert_eq!(
        &bytes[header..header + 4],
        b"PK\x03\x04",
        "a local file header"
    );
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
    let size = u32::from_le_bytes(bytes[header + 18..header + 22].try_into().unwrap()) as usize;
    let data = name_at + u16_at(header + 26) + u16_at(header + 28);
    assert!(size > 4, "case.json has data ({size} bytes)");
    bytes[data + size / 2] ^= 0x01;
    let flipped = w.path("flipped.zip");
    std::fs::write(&flipped, &bytes).unwrap();
    let o = run(
        &w,
        &[
            "referral",
            "verify",
            &flipped.display().to_string(),
            "--key",
            &key,
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("FAILED: case.json"), "names the file: {err}");
}
