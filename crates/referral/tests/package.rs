//! Evidence packages: tamper detection, redaction, and the PDF rendered to images.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use dragnet_cluster::{Engine, Policy, ReportNode};
use dragnet_core::{Country, Indicator, IndicatorType, Money};
use dragnet_referral::package::{MANIFEST, SIGNATURE, unzip, zip_files};
use dragnet_referral::{
    Attachment, CaseInfo, CustodyEntry, IndicatorAction, OrgKey, OutcomeEntry, PackageInput,
    Problem, Release, ReportEntry, VictimData, build, verify,
};
use dragnet_share::Tlp;

const VICTIM_NAME: &str = "Adelheid Quirinus-Beispiel";
const VICTIM_EMAIL: &str = "adelheid.quirinus@example.org";
const VICTIM_PHONE: &str = "+49 30 901820";

fn t(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 9, day, 12, 0, 0).unwrap()
}

fn phone(v: &str) -> Indicator {
    let mut i = Indicator::new(IndicatorType::Phone, v, v);
    i.country = Some("US".into());
    i.kind = Some("toll_free".into());
    i
}

/// Three reports of one operation from two organisations; the first one's victim data is
/// present in the input, released or not depending on `release`.
fn input(release: bool) -> PackageInput {
    let mut engine = Engine::new(Policy::default());
    let specs = [
        (
            "microsoft-dcu",
            "MS-1",
            "DE",
            "499.00",
            "EUR",
            1,
            "+18885550147",
            "microsoft-help-desk.com",
        ),
        (
            "microsoft-dcu",
            "MS-2",
            "US",
            "300.00",
            "USD",
            9,
            "+18885550147",
            "win-fix-now.com",
        ),
        (
            "amazon",
            "AMZ-7",
            "GB",
            "250.00",
            "GBP",
            20,
            "+18445550199",
            "win-fix-now.com",
        ),
    ];
    let mut reports = Vec::new();
    for (i, (src, id, c, amount, cur, day, ph, dom)) in specs.iter().enumerate() {
        let inds = vec![
            phone(ph),
            Indicator::new(IndicatorType::Domain, *dom, *dom),
            Indicator::new(
                IndicatorType::RemoteAccessId,
                "anydesk:123456789",
                "123 456 789",
            ),
        ];
        let mut node = ReportNode::new(format!("{src}/{id}"), *src, inds.clone());
        node.received_at = Some(t(*day));
        node.country = Country::parse(c).ok();
        node.loss = Money::parse(amount, cur).ok();
        node.brand = Some("Microsoft".into());
        engine.add(&node);
        let own = *src == "microsoft-dcu";
        reports.push(ReportEntry {
            key: format!("{src}/{id}"),
            reference: if own {
                format!("{src}/{id}")
            } else {
                format!("{src} report #{}", i + 1)
            },
            source: src.to_string(),
            own,
            operation: String::new(),
            received_at: Some(t(*day)),
            country: Some(c.to_string()),
            contact_method: Some("popup".into()),
            brand: Some("Microsoft".into()),
            payment_method: Some("gift cards".into()),
            loss: Some((amount.to_string(), cur.to_string())),
            indicators: inds,
            victim: (i == 0).then(|| VictimData {
                name: Some(VICTIM_NAME.into()),
                email: Some(VICTIM_EMAIL.into()),
                phone: Some(VICTIM_PHONE.into()),
                narrative: "Ein Fenster sagte, mein PC sei gesperrt.".into(),
            }),
        });
    }
    let ops = engine.summaries(2);
    assert_eq!(ops.len(), 1, "the fixture is one operation");
    for r in &mut reports {
        r.operation = ops[0].cluster.clone();
    }
    let chain = engine
        .explain("microsoft-dcu/MS-1", "amazon/AMZ-7")
        .unwrap();
    let case = CaseInfo {
        reference: "CASE-0001".into(),
        title: "Fake Microsoft support pop-ups, toll-free numbers in the US".into(),
        issuer: "microsoft-dcu".into(),
        agency: "CBI".into(),
        agreement: Some("MoU 2023-07".into()),
        status: "referred".into(),
        operations: vec![ops[0].cluster.clone()],
        opened_at: t(21),
        opened_by: "ann@microsoft.example".into(),
    };
    PackageInput {
        case,
        built_at: t(25),
        built_by: "ann@microsoft.example".into(),
        tlp: Tlp::Amber,
        operations: ops,
        reports,
        chains: vec![chain],
        releases: if release {
            vec![Release {
                report: "microsoft-dcu/MS-1".into(),
                agency: "CBI".into(),
                released_by: "ann@microsoft.example".into(),
                released_at: t(22),
                reason: "victim consented to be contacted".into(),
            }]
        } else {
            Vec::new()
        },
        actions: vec![IndicatorAction {
            ty: IndicatorType::Phone,
            value: "+18885550147".into(),
            action: "disconnected".into(),
            date: NaiveDate::from_ymd_opt(2023, 10, 20).unwrap(),
        }],
        outcomes: vec![OutcomeEntry {
            kind: "raid".into(),
            date: NaiveDate::from_ymd_opt(2023, 10, 19).unwrap(),
            place: Some("Noida".into()),
            count: None,
            amount: None,
            currency: None,
            note: None,
            recorded_by: "officer@cbi.example".into(),
        }],
        custody: vec![CustodyEntry {
            at: t(21),
            actor: "ann@microsoft.example".into(),
            action: "case opened".into(),
            detail: "from 1 operation".into(),
        }],
        attachments: vec![Attachment {
            name: "screenshot-notes.txt".into(),
            bytes: b"pop-up text as seen by the victim".to_vec(),
            added_by: "ann@microsoft.example".into(),
            added_at: t(21),
        }],
    }
}

fn key(n: u8) -> OrgKey {
    OrgKey::from_seed(&[n; 32])
}

fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    unzip(zip)
        .unwrap()
        .into_iter()
        .map(|(n, b)| (n, b.unwrap()))
        .collect()
}

#[test]
fn a_fresh_package_verifies_with_and_without_the_expected_key() {
    let k = key(1);
    let p = build(input(false), &k).unwrap();
    let v = verify(&p.zip, Some(&k.public()));
    assert!(v.is_ok(), "{:?}", v.problems);
    assert_eq!(v.files_ok, p.manifest.files.len());
    assert!(verify(&p.zip, None).is_ok());
    let names: Vec<String> = entries(&p.zip).into_iter().map(|e| e.0).collect();
    for f in [
        "report.html",
        "report.pdf",
        "stix/bundle.json",
        "tables/phones.csv",
        "tables/domains.csv",
        "tables/remote_access.csv",
        "tables/victims_by_country.csv",
        "tables/losses.csv",
        "tables/link_chains.csv",
        "case.json",
        "custody.jsonl",
        "attachments/screenshot-notes.txt",
        "public-key.txt",
        MANIFEST,
        SIGNATURE,
    ] {
        assert!(names.iter().any(|n| n == f), "{f} missing from {names:?}");
    }
}

#[test]
fn changing_any_byte_of_any_file_is_detected_and_named() {
    let k = key(1);
    let p = build(input(false), &k).unwrap();
    let files = entries(&p.zip);
    for (i, (name, bytes)) in files.iter().enumerate() {
        for pos in [0, bytes.len() / 2, bytes.len().saturating_sub(1)] {
            let mut tampered = files.clone();
            if tampered[i].1.is_empty() {
                continue;
            }
            tampered[i].1[pos] ^= 0x01;
            let v = verify(&zip_files(&tampered).unwrap(), Some(&k.public()));
            assert!(!v.is_ok(), "flipping byte {pos} of {name} went unnoticed");
            let named = v.problems.iter().any(|pr| match pr {
                Problem::Changed { path, .. } => path == name,
                Problem::BadSignature { .. } => name == MANIFEST || name == SIGNATURE,
                Problem::Unreadable { .. } => name == MANIFEST,
                Problem::KeyFileMismatch { .. } => name == "public-key.txt",
                _ => false,
            });
            assert!(named, "{name}: {:?}", v.problems);
            let _ = bytes;
        }
    }
}

#[test]
fn a_flipped_byte_in_the_zip_itself_is_detected() {
    let k = key(1);
    let p = build(input(false), &k).unwrap();
    // Every 97th byte of the archive, one at a time.
    for pos in (0..p.zip.len()).step_by(97) {
        let mut z = p.zip.clone();
        z[pos] ^= 0x20;
        let v = verify(&z, Some(&k.public()));
        if v.is_ok() {
            // Only bytes zip readers ignore (e.g. timestamps, a comment length of 0 kept)
            // may change without changing any file's content.
            let a = entries(&p.zip);
            let b = entries(&z);
            assert_eq!(a, b, "byte {pos} changed a file's content but verified");
        }
    }
}

#[test]
fn a_removed_file_is_named_missing_and_an_added_one_extra() {
    let k = key(1);
    let p = build(input(false), &k).unwrap();
    let files = entries(&p.zip);
    let without: Vec<_> = files
        .iter()
        .filter(|(n, _)| n != "tables/phones.csv")
        .cloned()
        .collect();
    let v = verify(&zip_files(&without).unwrap(), None);
    assert_eq!(
        v.problems,
        vec![Problem::Missing {
            path: "tables/phones.csv".into()
        }]
    );
    assert_eq!(
        v.problems[0].to_string(),
        "tables/phones.csv: listed in the manifest but missing from the package"
    );

    let mut with = files.clone();
    with.push(("tables/extra.csv".into(), b"a,b\n".to_vec()));
    let v = verify(&zip_files(&with).unwrap(), None);
    assert_eq!(
        v.problems,
        vec![Problem::Extra {
            path: "tables/extra.csv".into()
        }]
    );

    let unsigned: Vec<_> = files
        .iter()
        .filter(|(n, _)| n != SIGNATURE)
        .cloned()
        .collect();
    let v = verify(&zip_files(&unsigned).unwrap(), None);
    assert!(
        matches!(&v.problems[..], [Problem::BadSignature { detail }] if detail.contains("not signed"))
    );
}

#[test]
fn another_key_is_caught_whether_it_signs_alone_or_replaces_the_whole_identity() {
    let (good, evil) = (key(1), key(2));
    let p = build(input(false), &good).unwrap();
    let files = entries(&p.zip);

    // A package rebuilt and signed by another key is self-consistent: only the expected
    // key exposes it.
    let forged = build(input(false), &evil).unwrap();
    assert!(verify(&forged.zip, None).is_ok());
    let v = verify(&forged.zip, Some(&good.public()));
    assert!(
        matches!(&v.problems[..], [Problem::WrongKey { .. }]),
        "{:?}",
        v.problems
    );
    assert!(
        v.problems[0]
            .to_string()
            .contains(&evil.public().to_string())
    );

    // The signature alone replaced by another key's signature of the same manifest.
    let manifest = files.iter().find(|(n, _)| n == MANIFEST).unwrap().1.clone();
    let other = build(input(false), &evil).unwrap();
    let other_sig = entries(&other.zip)
        .into_iter()
        .find(|(n, _)| n == SIGNATURE)
        .unwrap()
        .1;
    let mut swapped = files.clone();
    for f in &mut swapped {
        if f.0 == SIGNATURE {
            f.1 = other_sig.clone();
        }
    }
    let v = verify(&zip_files(&swapped).unwrap(), None);
    assert!(
        matches!(&v.problems[..], [Problem::BadSignature { .. }]),
        "{:?}",
        v.problems
    );
    let _ = manifest;
}

fn all_text(zip: &[u8]) -> String {
    let mut s = String::new();
    for (name, bytes) in entries(zip) {
        if name == "report.pdf" {
            continue; // compressed streams: checked through pdftotext-free means below
        }
        s.push_str(&String::from_utf8_lossy(&bytes));
    }
    s
}

#[test]
fn personal_data_stays_out_unless_released_for_this_agency() {
    let k = key(1);
    // Not released: dropped even though the input carried it.
    let p = build(input(false), &k).unwrap();
    let text = all_text(&p.zip);
    for secret in [
        VICTIM_NAME,
        VICTIM_EMAIL,
        VICTIM_PHONE,
        "mein PC sei gesperrt",
    ] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
    assert!(
        !entries(&p.zip)
            .iter()
            .any(|(n, _)| n == "tables/victims.csv")
    );
    assert!(text.contains("Redacted."));

    // Released for another agency: still dropped.
    let mut other = input(true);
    other.releases[0].agency = "FBI".into();
    let text = all_text(&build(other, &k).unwrap().zip);
    assert!(!text.contains(VICTIM_EMAIL));

    // Released for this agency: present, and only that report's.
    let p = build(input(true), &k).unwrap();
    let files = entries(&p.zip);
    let victims = &files
        .iter()
        .find(|(n, _)| n == "tables/victims.csv")
        .unwrap()
        .1;
    let victims = String::from_utf8_lossy(victims);
    assert!(victims.contains(VICTIM_EMAIL) && victims.contains("microsoft-dcu/MS-1"));
    assert_eq!(victims.lines().count(), 2);
}

#[test]
fn other_organisations_report_ids_stay_with_them() {
    let p = build(input(false), &key(1)).unwrap();
    let text = all_text(&p.zip);
    assert!(
        !text.contains("AMZ-7"),
        "another organisation's report id leaked"
    );
    assert!(text.contains("amazon report #3"));
    assert!(text.contains("microsoft-dcu/MS-1"));
}

#[test]
fn the_report_names_actions_outcomes_and_losses() {
    let p = build(input(false), &key(1)).unwrap();
    let files = entries(&p.zip);
    let html = String::from_utf8_lossy(&files.iter().find(|(n, _)| n == "report.html").unwrap().1)
        .to_string();
    assert!(html.contains("number disconnected on 2023-10-20"));
    assert!(html.contains("Raid in Noida"));
    assert!(html.contains("<svg"));
    for cur in ["EUR", "GBP", "USD"] {
        assert!(html.contains(cur));
    }
    let phones = String::from_utf8_lossy(
        &files
            .iter()
            .find(|(n, _)| n == "tables/phones.csv")
            .unwrap()
            .1,
    )
    .to_string();
    assert!(phones.starts_with("type,value,country,kind,reports"));
    assert!(phones.contains("+18885550147,United States (US),toll free,2"));
    let stix: serde_json::Value = serde_json::from_slice(
        &files
            .iter()
            .find(|(n, _)| n == "stix/bundle.json")
            .unwrap()
            .1,
    )
    .unwrap();
    assert_eq!(stix["type"], "bundle");
    assert!(
        stix["objects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["type"] == "campaign")
    );
}

/// Renders the PDF's pages with pdftoppm (Debian poppler-utils, installed by
/// scripts/pdf-tools). Skips with a notice when it is missing, unless
/// DRAGNET_REQUIRE_PDFTOPPM=1 (scripts/test sets it).
#[test]
fn the_pdf_renders_to_pages_with_text() {
    let p = build(input(true), &key(1)).unwrap();
    let pdf = entries(&p.zip)
        .into_iter()
        .find(|(n, _)| n == "report.pdf")
        .unwrap()
        .1;
    assert!(pdf.starts_with(b"%PDF-"));
    let have = std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_ok();
    if !have {
        if std::env::var("DRAGNET_REQUIRE_PDFTOPPM").as_deref() == Ok("1") {
            panic!("pdftoppm is missing: run scripts/pdf-tools");
        }
        eprintln!("notice: pdftoppm missing (scripts/pdf-tools installs it); PDF not rendered");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "40"])
        .arg(&path)
        .arg(dir.path().join("page"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "png")
        })
        .count();
    assert!(pages >= 3, "{pages} pages");
    // The text layer: pdftotext comes with pdftoppm.
    let txt = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&txt.stdout);
    if let Ok(keep) = std::env::var("DRAGNET_KEEP_PDF") {
        std::fs::write(keep, &pdf).unwrap();
    }
    for want in [
        "CASE-0001",
        "Phone numbers",
        "+18885550147",
        "number disconnected on 2023-10-20",
        "Chain of custody",
        "Adelheid",
    ] {
        assert!(text.contains(want), "`{want}` not in the PDF's text");
    }
}
