//! Partners' indicators on both backends: written with the `received` objects they come
//! from, replaced by new versions, removed by revocations, rebuilt for older data, and shown
//! only as TLP allows.

use crate::helpers::backends;
use dragnet_store::partner::disclose;
use dragnet_store::taxii::{INTEL, NewTaxiiObject, RECEIVED, TaxiiStore};
use dragnet_store::{AccountStore, PartnerIntel, PartnerIntelStore, PartnerViewer};
use serde_json::json;
use sqlx::Executor;

const V1: &str = "2026-01-01T00:00:00.000000Z";
const V2: &str = "2026-02-01T00:00:00.000000Z";
const V3: &str = "2026-03-01T00:00:00.000000Z";
const PRODUCER: &str = "identity--00000000-0000-4000-8000-0000000000aa";

fn indicator(n: usize, version: &str, pattern: &str, tlp: u8, revoked: bool) -> NewTaxiiObject {
    let id = format!("indicator--00000000-0000-4000-8000-{n:012}");
    let mut o = json!({
        "type": "indicator", "spec_version": "2.1", "id": id,
        "created": V1, "modified": version, "pattern_type": "stix",
        "pattern": pattern, "valid_from": V1, "created_by_ref": PRODUCER,
        "confidence": 70,
    });
    if revoked {
        o["revoked"] = json!(true);
    }
    NewTaxiiObject {
        json: o.to_string(),
        stix_id: id,
        stix_type: "indicator".into(),
        version: Some(version.into()),
        spec_version: "2.1".into(),
        tlp,
    }
}

fn identity() -> NewTaxiiObject {
    NewTaxiiObject {
        json: json!({"type": "identity", "spec_version": "2.1", "id": PRODUCER,
            "created": V1, "modified": V1, "name": "Metropolitan Police", "identity_class": "organization"})
        .to_string(),
        stix_id: PRODUCER.into(),
        stix_type: "identity".into(),
        version: Some(V1.into()),
        spec_version: "2.1".into(),
        tlp: 0,
    }
}

const PHONE: &str = "[x-dragnet-phone-number:value = '+18885550147']";
const BOTH: &str = "[x-dragnet-phone-number:value = '+18885550147'] OR [domain-name:value = 'rnicrosoft-help.com']";

#[tokio::test]
async fn received_indicators_are_recorded_replaced_and_revoked() {
    for db in backends().await {
        let s = &db.store;
        let us = s.create_org("us").await.unwrap().id;
        let g0 = s.partner_generation().await.unwrap();
        let src = "pull:https://police.example/taxii2/x/#shared-green";
        s.taxii_add(
            us,
            RECEIVED,
            src,
            &[identity(), indicator(1, V1, BOTH, 1, false)],
        )
        .await
        .unwrap();
        // Own intelligence is not a partner's.
        s.taxii_add(us, INTEL, "published", &[indicator(2, V1, PHONE, 0, false)])
            .await
            .unwrap();
        let (g1, rows) = s.partner_indicators().await.unwrap();
        assert!(g1 > g0, "{}", db.name);
        let mut keys: Vec<String> = rows.iter().map(|r| r.key()).collect();
        keys.sort();
        assert_eq!(
            keys,
            ["domain:rnicrosoft-help.com", "phone:+18885550147"],
            "{}",
            db.name
        );
        let phone = rows
            .iter()
            .find(|r| r.key() == "phone:+18885550147")
            .unwrap();
        assert_eq!(phone.producer.as_deref(), Some("Metropolitan Police"));
        assert_eq!(
            (phone.tlp, phone.confidence, phone.org_id),
            (1, Some(70), us)
        );
        assert_eq!(phone.source, src);
        let since = phone.first_seen.clone();

        // A new version with only the phone: the domain goes, the phone keeps its date.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        s.taxii_add(us, RECEIVED, src, &[indicator(1, V2, PHONE, 1, false)])
            .await
            .unwrap();
        // An older version arriving late changes nothing.
        s.taxii_add(
            us,
            RECEIVED,
            src,
            &[indicator(1, "2025-12-01T00:00:00.000000Z", BOTH, 1, false)],
        )
        .await
        .unwrap();
        let (g2, rows) = s.partner_indicators().await.unwrap();
        assert!(g2 > g1);
        assert_eq!(rows.len(), 1, "{}: {rows:?}", db.name);
        assert_eq!(rows[0].first_seen, since);
        assert!(rows[0].last_seen > since);

        // Revoked: nothing left.
        s.taxii_add(us, RECEIVED, src, &[indicator(1, V3, PHONE, 1, true)])
            .await
            .unwrap();
        let (_, rows) = s.partner_indicators().await.unwrap();
        assert!(rows.is_empty(), "{}: {rows:?}", db.name);
    }
}

#[tokio::test]
async fn objects_received_before_the_table_existed_are_indexed_once() {
    for db in backends().await {
        let s = &db.store;
        let us = s.create_org("us").await.unwrap().id;
        s.taxii_add(
            us,
            RECEIVED,
            "file:x.json",
            &[indicator(1, V1, BOTH, 0, false)],
        )
        .await
        .unwrap();
        // As a database migrated from 0010 with objects received: an empty, unbuilt table.
        let url = if db.name == "sqlite" {
            format!("sqlite://{}", db.url)
        } else {
            db.url.clone()
        };
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        conn.execute("DELETE FROM partner_indicators")
            .await
            .unwrap();
        conn.execute("UPDATE partner_intel_state SET built = 0")
            .await
            .unwrap();
        drop(conn);
        let intel = PartnerIntel::load(s).await.unwrap();
        assert_eq!(intel.len(), 2, "{}", db.name);
        let (_, rows) = s.partner_indicators().await.unwrap();
        assert_eq!(rows.len(), 2, "rebuilt once, not twice");
    }
}

#[tokio::test]
async fn tlp_decides_who_sees_a_partners_value_and_its_feed() {
    for db in backends().await {
        let s = &db.store;
        let us = s.create_org("us").await.unwrap().id;
        let other = s.create_org("other").await.unwrap().id;
        let src = "pull:https://police.example/taxii2/x/#shared-amber";
        for tlp in 0..5u8 {
            let pattern = format!("[x-dragnet-phone-number:value = '+1888555010{tlp}']");
            s.taxii_add(
                us,
                RECEIVED,
                src,
                &[indicator(10 + tlp as usize, V1, &pattern, tlp, false)],
            )
            .await
            .unwrap();
        }
        let intel = PartnerIntel::load(s).await.unwrap();
        assert_eq!(intel.len(), 5, "{}", db.name);
        let sees = |viewer: PartnerViewer| -> Vec<u8> {
            (0..5u8)
                .filter(|t| {
                    !intel
                        .lookup(viewer, &format!("phone:+1888555010{t}"))
                        .is_empty()
                })
                .collect()
        };
        assert_eq!(sees(PartnerViewer::Public), vec![0]);
        assert_eq!(sees(PartnerViewer::Org(other)), vec![0]);
        assert_eq!(sees(PartnerViewer::Org(us)), vec![0, 1, 2, 3], "never RED");

        let (_, rows) = s.partner_indicators().await.unwrap();
        let clear = rows.iter().find(|r| r.tlp == 0).unwrap();
        let public = disclose(PartnerViewer::Public, clear).unwrap();
        assert_eq!(public["tlp"], "clear");
        assert!(
            public.get("feed").is_none(),
            "the receiver's feeds are its own"
        );
        assert!(!public.to_string().contains("police.example"));
        let own = disclose(PartnerViewer::Org(us), clear).unwrap();
        assert_eq!(own["feed"]["url"], "https://police.example/taxii2/x/");
        assert_eq!(own["feed"]["collection"], "shared-amber");

        // Prefix search, as the analysts' search uses it.
        assert_eq!(
            intel
                .prefix(PartnerViewer::Org(us), "phone:+1888555", 10)
                .len(),
            4
        );
        assert_eq!(
            intel
                .prefix(PartnerViewer::Public, "phone:+1888555", 10)
                .len(),
            1
        );

        // A refresh reloads only when something changed.
        assert!(!intel.refresh(s).await.unwrap());
        s.taxii_add(us, RECEIVED, src, &[indicator(20, V1, PHONE, 0, false)])
            .await
            .unwrap();
        assert!(intel.refresh(s).await.unwrap());
        assert!(intel.has_key("phone:+18885550147"));
    }
}
