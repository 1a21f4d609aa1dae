//! The report form: a good report is stored with its indicators and confirmed; bad input
//! is shown next to its field with everything typed kept; screenshots are cleaned.

use crate::helpers::{Multipart, png, spawn_app};
use axum::http::StatusCode;

fn full_report(csrf: &str) -> Multipart {
    Multipart::new()
        .text("csrf", csrf)
        .text("reporter_language", "en")
        .text("homepage", "")
        .text(
            "narrative",
            "A window said my PC was locked. The man said he was from Microsoft.",
        )
        .text("contact_method", "popup")
        .text("brand", "Microsoft")
        .text("incident_date", "2026-11-01")
        .text("phone_numbers", "+1 888 555 0147\n+44 20 7946 0321")
        .text(
            "websites",
            "microsoft-help-desk-secure.com\nhxxps://win-fix-support[.]com/start",
        )
        .text("scammer_emails", "")
        .text("remote_tool", "anydesk")
        .text("remote_id", "123 456 789")
        .text("payment_method", "gift_card")
        .text("loss_amount", "499,00")
        .text("loss_currency", "USD")
        .text("payment_details", "")
        .text("reporter_name", "Erika Muster")
        .text("reporter_email", "erika@example.org")
        .text("reporter_phone", "")
        .text("reporter_country", "US")
        .text("contact_consent", "yes")
        .file("screenshots", "", "application/octet-stream", Vec::new())
}

#[tokio::test]
async fn a_report_is_stored_with_its_indicators_and_confirmed() {
    let app = spawn_app().await;
    let (cookie, csrf) = app.open_form("/report").await;

    let page = app.post_report(&cookie, &full_report(&csrf)).await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let reference = page.text_of("reference").expect("reference");
    assert!(
        reference.starts_with("DN-") && reference.len() == 14,
        "{reference}"
    );
    for section in ["advice-remote", "advice-gift-card"] {
        assert!(
            page.html.contains(&format!("id=\"{section}\"")),
            "{section}"
        );
    }
    assert!(!page.html.contains("id=\"advice-bank\""));
    assert!(page.html.contains("href=\"/check\""));
    let stored = app.stored(&reference).await;
    assert_eq!(stored.len(), 1);
    let r = &stored[0];
    assert_eq!(r.source, "web-form");
    assert_eq!(r.contact_method.as_deref(), Some("popup"));
    assert_eq!(r.brand.as_deref(), Some("Microsoft"));
    assert_eq!(r.payment_method.as_deref(), Some("gift card"));
    assert_eq!(r.country.as_deref(), Some("US"));
    assert_eq!(
        r.loss,
        Some(serde_json::json!({"amount": "499.00", "currency": "USD"}))
    );
    let mut keys: Vec<String> = r.indicators.iter().map(|i| i.key()).collect();
    keys.sort();
    keys.dedup();
    for want in [
        "phone:+18885550147",
        "phone:+442079460321",
        "domain:microsoft-help-desk-secure.com",
        "url:https://win-fix-support.com/start",
        "remote_access_id:anydesk:123456789",
    ] {
        assert!(keys.iter().any(|k| k == want), "{want} not in {keys:?}");
    }
    assert!(r.has_reporter, "the reporter block is stored (sealed)");
}

#[tokio::test]
async fn reports_belong_to_the_configured_organisation() {
    use dragnet_store::AccountStore;
    // (configured organisation, create it first, expected owner is that organisation)
    let cases = [
        (None, false, false),
        (Some("helpdesk"), true, true),
        (Some("missing"), false, false),
    ];
    for (org, create, owned) in cases {
        let app = crate::helpers::spawn_with(|mut c| {
            c.owner_org = org.map(str::to_string);
            c
        })
        .await;
        let id = if create {
            Some(app.store.create_org("helpdesk").await.unwrap().id)
        } else {
            None
        };
        let (cookie, csrf) = app.open_form("/report").await;
        let page = app.post_report(&cookie, &full_report(&csrf)).await;
        assert_eq!(page.status, StatusCode::OK, "{org:?}");
        let stored = app.stored(&page.text_of("reference").unwrap()).await;
        assert_eq!(stored[0].org_id, if owned { id } else { None }, "{org:?}");
    }
}

#[tokio::test]
async fn the_same_form_sent_twice_is_stored_once() {
    let app = spawn_app().await;
    let (cookie, csrf) = app.open_form("/report").await;
    let form = full_report(&csrf);

    let first = app.post_report(&cookie, &form).await;
    let second = app.post_report(&cookie, &form).await;

    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(first.text_of("reference"), second.text_of("reference"));
    assert_eq!(app.count().await, 1);
}

#[tokio::test]
async fn two_forms_opened_at_once_are_two_reports() {
    let app = spawn_app().await;
    let first = app.get("/report", "").await;
    let cookie = first
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("dragnet_csrf="))
        .unwrap();
    let second = app.get("/report", &cookie).await;
    let (a, b) = (first.hidden("csrf"), second.hidden("csrf"));
    assert_ne!(a, b);

    let one = app.post_report(&cookie, &full_report(&a)).await;
    let two = app
        .post_report(
            &cookie,
            &Multipart::new()
                .text("csrf", &b)
                .text("narrative", "Another call."),
        )
        .await;

    assert_eq!((one.status, two.status), (StatusCode::OK, StatusCode::OK));
    assert_ne!(one.text_of("reference"), two.text_of("reference"));
    assert_eq!(app.count().await, 2);
}

#[tokio::test]
async fn field_errors_are_shown_next_to_their_fields_and_input_is_kept() {
    // (field, value, form field whose error must show)
    let cases = [
        ("loss_amount", "lots", "loss_amount"),
        ("loss_currency", "ZZZ", "loss_currency"),
        ("reporter_email", "not-an-address", "reporter_email"),
        ("reporter_country", "XX", "reporter_country"),
        ("contact_method", "carrier-pigeon", "contact_method"),
        ("incident_date", "2999-01-01", "incident_date"),
        ("narrative", "   ", "narrative"),
        ("payment_method", "goats", "payment_method"),
    ];
    for (field, value, shown_at) in cases {
        let app = spawn_app().await;
        let (cookie, csrf) = app.open_form("/report").await;
        let mut form = Multipart::new()
            .text("csrf", &csrf)
            .text("loss_amount", "12")
            .text("loss_currency", "EUR");
        if field != "narrative" {
            form = form.text("narrative", "They said <b>Microsoft</b> & asked for 300 €.");
        }
        form = form.text(field, value);

        let page = app.post_report(&cookie, &form).await;

        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(
            page.html.contains(&format!("id=\"f-{shown_at}-err\"")),
            "{field}: no error at {shown_at}"
        );
        assert!(page.html.contains("id=\"error-summary\""), "{field}");
        if field != "narrative" {
            assert!(
                page.html
                    .contains("They said &#60;b&#62;Microsoft&#60;/b&#62; &#38; asked for 300 €."),
                "{field}: narrative not kept (escaped)"
            );
        }
        assert_eq!(app.count().await, 0, "{field}: nothing stored");
    }
}

#[tokio::test]
async fn screenshots_are_reencoded_and_kept_beside_the_report() {
    let app = spawn_app().await;
    let (cookie, csrf) = app.open_form("/report").await;
    // A JPEG carrying an EXIF segment with a secret, right after the start marker.
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(8, 8, image::Rgb([1, 2, 3])))
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let payload = b"Exif\0\0GPS-SECRET-48.8584N";
    let mut app1 = vec![0xff, 0xe1];
    app1.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    app1.extend_from_slice(payload);
    jpeg.splice(2..2, app1);
    let form = Multipart::new()
        .text("csrf", &csrf)
        .text("narrative", "Pop-up with a number, see the screenshots.")
        .file("screenshots", "a.png", "image/png", png(40, 30))
        .file("screenshots", "b.jpg", "image/jpeg", jpeg);

    let page = app.post_report(&cookie, &form).await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let reference = page.text_of("reference").unwrap();
    let dir = app.uploads.join("web-form").join(&reference);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, vec!["1.png", "2.jpg"]);
    let kept = std::fs::read(dir.join("2.jpg")).unwrap();
    assert!(
        !kept.windows(10).any(|w| w == b"GPS-SECRET"),
        "EXIF survived"
    );
    assert!(image::load_from_memory(&kept).is_ok());
}

#[tokio::test]
async fn bad_screenshots_are_refused_at_their_field() {
    // (file bytes, expected status)
    let big = {
        let mut v = png(2, 2);
        v.resize(6 * 1024 * 1024, 0);
        v
    };
    let cases: [(Vec<u8>, StatusCode); 3] = [
        (
            b"GIF89a\x01\x00\x01\x00".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            b"<svg onload=alert(1)>".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (big, StatusCode::PAYLOAD_TOO_LARGE),
    ];
    for (i, (data, status)) in cases.into_iter().enumerate() {
        let app = spawn_app().await;
        let (cookie, csrf) = app.open_form("/report").await;
        let form = Multipart::new()
            .text("csrf", &csrf)
            .text("narrative", "Kept text")
            .file("screenshots", "x.png", "image/png", data);

        let page = app.post_report(&cookie, &form).await;

        assert_eq!(page.status, status, "case {i}");
        assert!(page.html.contains("id=\"f-screenshots-err\""), "case {i}");
        assert!(page.html.contains(">Kept text</textarea>"), "case {i}");
        assert_eq!(app.count().await, 0, "case {i}");
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_whole() {
    let app = spawn_app().await;
    let (cookie, csrf) = app.open_form("/report").await;
    let chunk = vec![7u8; 5 * 1024 * 1024];
    let mut form = Multipart::new().text("csrf", &csrf).text("narrative", "x");
    for i in 0..4 {
        form = form.file(
            "screenshots",
            &format!("{i}.png"),
            "image/png",
            chunk.clone(),
        );
    }

    let page = app.post_report(&cookie, &form).await;

    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        page.html.contains("<h1>This is too large</h1>"),
        "{}",
        page.html
    );
    assert_eq!(app.count().await, 0);
}

#[test]
fn amounts_in_local_writing_are_normalised() {
    use dragnet_web::pages::report::normalise_amount;
    let cases = [
        ("499", "499"),
        ("499.00", "499.00"),
        ("499,00", "499.00"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,50", "1234.50"),
        ("1,000", "1000"),
        ("12,5", "12.5"),
        ("abc", "abc"),
    ];
    for (input, want) in cases {
        assert_eq!(normalise_amount(input), want, "{input}");
    }
}

#[test]
fn references_are_stable_and_readable() {
    use dragnet_web::pages::report::reference;
    let a = reference("AAAAAAAAAAAAAAAAAAAAAAAA", "form-1");
    assert_eq!(a, reference("AAAAAAAAAAAAAAAAAAAAAAAA", "form-1"));
    assert_ne!(a, reference("AAAAAAAAAAAAAAAAAAAAAAAA", "form-2"));
    assert_ne!(a, reference("BAAAAAAAAAAAAAAAAAAAAAAA", "form-1"));
    assert!(a.starts_with("DN-") && a.len() == 14);
    assert!(
        a[3..]
            .chars()
            .all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)),
        "{a}"
    );
}
