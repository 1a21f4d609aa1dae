//! Partners' values in the check and the search, in process: stored as received objects,
//! reloaded into the app's index, shown per caller as TLP allows.

use crate::helpers::spawn_app;
use axum::http::StatusCode;
use dragnet_store::taxii::{NewTaxiiObject, RECEIVED, TaxiiStore};
use dragnet_store::{AccountStore, Role, Scope};
use serde_json::json;

fn indicator(n: u32, value: &str, marking: &str) -> NewTaxiiObject {
    let id = format!("indicator--00000000-0000-4000-8000-{n:012}");
    NewTaxiiObject {
        json: json!({"type": "indicator", "spec_version": "2.1", "id": id,
            "created": "2026-11-01T00:00:00.000Z", "modified": "2026-11-01T00:00:00.000Z",
            "pattern_type": "stix", "pattern": format!("[x-dragnet-phone-number:value = '{value}']"),
            "valid_from": "2026-11-01T00:00:00.000Z", "object_marking_refs": [marking]})
        .to_string(),
        stix_id: id,
        stix_type: "indicator".into(),
        version: Some("2026-11-01T00:00:00.000000Z".into()),
        spec_version: "2.1".into(),
        tlp: if marking.contains("94868c89") { 0 } else { 2 },
    }
}

#[tokio::test]
async fn the_check_names_partners_values_only_to_those_tlp_allows() {
    let t = spawn_app().await;
    let acme = t.store.org_by_name("acme").await.unwrap().unwrap().id;
    let src = "pull:https://partner.example/taxii2/p/#shared-amber";
    t.store
        .taxii_add(
            acme,
            RECEIVED,
            src,
            &[
                indicator(
                    1,
                    "+18885550101",
                    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
                ),
                indicator(
                    2,
                    "+18885550102",
                    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
                ),
            ],
        )
        .await
        .unwrap();
    // Nothing until the index reloads (the server does so every few seconds).
    let (_, v) = t
        .request_as(None, "GET", "/api/v1/check?value=%2B18885550102", "", "")
        .await;
    assert!(v.get("partner_intel").is_none(), "{v}");
    assert!(t.partner_intel.refresh(&t.store).await.unwrap());

    let other = t
        .user("beta", "b@beta.example", Role::Analyst, &Scope::ALL)
        .await;
    for (who, token, amber, clear) in [
        ("acme's analyst", Some(t.token.as_str()), true, true),
        ("beta's analyst", Some(other.as_str()), false, true),
        ("anyone", None, false, true),
    ] {
        let (s, v) = t
            .request_as(token, "GET", "/api/v1/check?value=%2B18885550101", "", "")
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v.get("partner_intel").is_some(), amber, "{who}: {v}");
        let (_, v) = t
            .request_as(token, "GET", "/api/v1/check?value=%2B18885550102", "", "")
            .await;
        assert_eq!(v.get("partner_intel").is_some(), clear, "{who}: {v}");
        assert_eq!(
            v["partner_intel"][0].get("feed").is_some(),
            who == "acme's analyst",
            "{who}: {v}"
        );
        if let Some(token) = token {
            let (s, v) = t
                .request_as(Some(token), "GET", "/api/v1/search?q=%2B1888555010", "", "")
                .await;
            assert_eq!(s, StatusCode::OK, "{v}");
            let n = v["partner_intel"].as_array().unwrap().len();
            assert_eq!(n, if amber { 2 } else { 1 }, "{who}: {v}");
        }
    }
}
