//! TAXII from the command line: the OASIS client against `dragnet serve`, `dragnet pull`,
//! and `import --format stix` into the shared-intelligence tables.

use crate::helpers::{Workdir, dragnet, stderr};
use dragnet_store::TaxiiStore;
use dragnet_store::taxii::{RECEIVED, TaxiiView};

/// scripts/taxii-client-test: every taxii2-client 2.3.0 operation, TLP between two
/// organisations, and two `dragnet pull`s (the second incremental).
#[test]
fn oasis_taxii2_client_passes_every_operation_against_dragnet_serve() {
    let require = std::env::var("DRAGNET_REQUIRE_PYTHON").as_deref() == Ok("1");
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/taxii-client-test"
    );
    let out = std::process::Command::new(script)
        .arg(env!("CARGO_BIN_EXE_dragnet"))
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.code() == Some(3) && !require {
        eprintln!(
            "note: taxii2-client unavailable, skipping (DRAGNET_REQUIRE_PYTHON=1 fails instead):\n{log}"
        );
        return;
    }
    assert!(out.status.success(), "{log}");
    assert!(
        log.contains("taxii2-client suite: every operation passed"),
        "{log}"
    );
    assert!(log.contains("then 0 new (incremental): ok"), "{log}");
}

#[tokio::test]
async fn import_stix_keeps_good_objects_and_names_bad_ones_by_index_and_property() {
    let w = Workdir::new();
    let o = dragnet()
        .args(["--db", &w.db(), "org", "add", "acme"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let bundle = serde_json::json!({
        "type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000000",
        "objects": [
            {"type": "domain-name", "id": "domain-name--00000000-0000-4000-8000-000000000001", "value": "scam.example"},
            {"type": "indicator", "id": "indicator--00000000-0000-4000-8000-000000000002", "spec_version": "2.1", "created": "not a date"},
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--00000000-0000-4000-8000-000000000003",
             "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z", "pattern_type": "stix",
             "pattern": "[domain-name:value = 'scam.example']", "valid_from": "2026-01-01T00:00:00Z"},
        ]
    });
    let f = w.write("partner.json", bundle.to_string());
    let o = dragnet()
        .args([
            "--db",
            &w.db(),
            "import",
            "--format",
            "stix",
            "--org",
            "acme",
        ])
        .arg(&f)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "objects[1] (indicator--00000000-0000-4000-8000-000000000002): property `created`"
        ),
        "{err}"
    );
    assert!(
        err.contains("3 objects: 2 new, 0 already here, 1 rejected"),
        "{err}"
    );
    let store = w.store().await;
    let acme = dragnet_store::AccountStore::org_by_name(&store, "acme")
        .await
        .unwrap()
        .unwrap();
    let view = TaxiiView::Collection {
        org_id: acme.id,
        collection: RECEIVED.into(),
    };
    assert_eq!(store.taxii_count(&view).await.unwrap(), 2);
    // Again: nothing new.
    let o = dragnet()
        .args([
            "--db",
            &w.db(),
            "import",
            "--format",
            "stix",
            "--org",
            "acme",
        ])
        .arg(&f)
        .output()
        .unwrap();
    assert!(
        stderr(&o).contains("0 new, 2 already here, 1 rejected"),
        "{}",
        stderr(&o)
    );
    assert_eq!(store.taxii_count(&view).await.unwrap(), 2);
}
