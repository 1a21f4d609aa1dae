//! `GET /report` (the form) and `POST /report` (store it, then the confirmation).
//!
//! The form's fields carry the names of FORMATS.md §1 where one exists (`narrative`,
//! `contact_method`, `brand`, `payment_method`, `loss_amount`, `loss_currency`,
//! `reporter_country`, `reporter_email`, `reporter_name`, `reporter_phone`,
//! `reporter_language`). The lists of phone numbers (`phone_numbers`), websites
//! (`websites`), e-mail addresses (`scammer_emails`), payment details (`payment_details`)
//! and the remote-access tool and ID (`remote_tool`, `remote_id`) become structured
//! `indicators`. The posted form is turned into FORMATS.md §1 JSON and judged by
//! [`ReportInput::from_json_value`], exactly like the API; errors are shown next to their
//! fields with everything typed kept. Stored with source `web-form` under a reference
//! derived from the CSRF nonce and the form's random id, so sending the same form twice (a
//! double click, a reload) stores it once and shows the same reference, while two forms
//! opened side by side stay two reports.

use super::upload::{self, Cleaned, UploadError};
use super::{Chrome, Opt, Pages, Visit, csrf, now_secs};
use crate::AppState;
use crate::api::reports::prepare;
use crate::pages::i18n::Tr;
use askama::Template;
use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use dragnet_core::{ContactMethod, FieldError, IndicatorType, ReportInput};
use dragnet_detect::Lang;
use futures_util::StreamExt;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The source recorded for reports sent through this form.
pub const SOURCE: &str = "web-form";
/// Largest accepted form body: three screenshots and the text.
pub const MAX_BODY_BYTES: usize = upload::MAX_FILES * upload::MAX_FILE_BYTES + 1024 * 1024;
/// An over-limit body is read (and thrown away) up to this size before answering, so that
/// the browser sees the answer instead of a reset connection; beyond it, we hang up.
pub const DRAIN_BYTES: usize = 64 * 1024 * 1024;
/// Longest text field accepted before validation (the narrative's limit, 64 KiB, is
/// checked by the core).
const MAX_TEXT_FIELD: usize = 128 * 1024;
/// Most entries in one list field (phone numbers, websites…).
const MAX_LIST: usize = 50;

/// What the form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct FormValues {
    pub narrative: String,
    pub contact_method: String,
    pub brand: String,
    pub incident_date: String,
    pub phone_numbers: String,
    pub websites: String,
    pub scammer_emails: String,
    pub remote_tool: String,
    pub remote_id: String,
    pub remote_access_given: bool,
    pub payment_method: String,
    pub payment_details: String,
    pub loss_amount: String,
    pub loss_currency: String,
    pub reporter_name: String,
    pub reporter_email: String,
    pub reporter_phone: String,
    pub reporter_country: String,
    pub reporter_language: String,
    pub contact_consent: bool,
}

impl FormValues {
    fn set(&mut self, name: &str, value: String) {
        let slot = match name {
            "narrative" => &mut self.narrative,
            "contact_method" => &mut self.contact_method,
            "brand" => &mut self.brand,
            "incident_date" => &mut self.incident_date,
            "phone_numbers" => &mut self.phone_numbers,
            "websites" => &mut self.websites,
            "scammer_emails" => &mut self.scammer_emails,
            "remote_tool" => &mut self.remote_tool,
            "remote_id" => &mut self.remote_id,
            "payment_method" => &mut self.payment_method,
            "payment_details" => &mut self.payment_details,
            "loss_amount" => &mut self.loss_amount,
            "loss_currency" => &mut self.loss_currency,
            "reporter_name" => &mut self.reporter_name,
            "reporter_email" => &mut self.reporter_email,
            "reporter_phone" => &mut self.reporter_phone,
            "reporter_country" => &mut self.reporter_country,
            "reporter_language" => &mut self.reporter_language,
            "remote_access_given" => {
                self.remote_access_given = !value.is_empty();
                return;
            }
            "contact_consent" => {
                self.contact_consent = !value.is_empty();
                return;
            }
            _ => return,
        };
        *slot = value;
    }

    /// The remote-access situation: access given, or a tool or ID named.
    pub fn remote_access(&self) -> bool {
        self.remote_access_given
            || !self.remote_id.trim().is_empty()
            || !matches!(self.remote_tool.as_str(), "" | "none")
    }
}

/// The payment methods offered, with the words stored in `payment_method`.
pub const PAYMENT_METHODS: [(&str, &str); 7] = [
    ("gift_card", "gift card"),
    ("bank_transfer", "bank transfer"),
    ("card", "credit or debit card"),
    ("crypto", "cryptocurrency"),
    ("money_transfer", "money transfer service"),
    ("cash", "cash"),
    ("other", "other"),
];

/// Remote-access tools offered, with the prefix the extractor recognises.
pub const REMOTE_TOOLS: [(&str, &str); 7] = [
    ("anydesk", "AnyDesk"),
    ("teamviewer", "TeamViewer"),
    ("quickassist", "Quick Assist"),
    ("ultraviewer", "UltraViewer"),
    ("rustdesk", "RustDesk"),
    ("supremo", "Supremo"),
    ("other", ""),
];

pub const CURRENCIES: [&str; 11] = [
    "EUR", "USD", "GBP", "CHF", "CAD", "AUD", "INR", "MXN", "ARS", "COP", "CLP",
];

/// Countries offered for the reporter (names come from the translation files).
pub const COUNTRIES: [&str; 22] = [
    "US", "GB", "IE", "CA", "AU", "NZ", "IN", "DE", "AT", "CH", "FR", "BE", "LU", "ES", "MX", "AR",
    "CO", "CL", "PE", "IT", "NL", "PT",
];

/// Errors by form field name, as message texts in the reader's language.
pub type Errors = BTreeMap<&'static str, String>;

/// One form control, everything the template needs.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub hint: String,
    pub value: String,
    pub error: String,
    pub kind: &'static str,
    pub autocomplete: &'static str,
    pub inputmode: &'static str,
    pub required: bool,
    pub maxlength: usize,
    pub opts: Vec<Opt>,
}

impl Field {
    /// `aria-describedby` ids: the hint and the error, when present.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("f-{}-hint", self.name));
        }
        if !self.error.is_empty() {
            ids.push(format!("f-{}-err", self.name));
        }
        ids.join(" ")
    }
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub c: Chrome,
    pub t: Tr,
    pub csrf: String,
    pub errors: Vec<(String, String)>,
    pub general: String,
    pub narrative: Field,
    pub contact_method: Field,
    pub brand: Field,
    pub incident_date: Field,
    pub phone_numbers: Field,
    pub websites: Field,
    pub scammer_emails: Field,
    pub remote_tool: Field,
    pub remote_id: Field,
    pub remote_access_given: bool,
    pub payment_method: Field,
    pub payment_details: Field,
    pub loss_amount: Field,
    pub loss_currency: Field,
    pub screenshots: Field,
    pub reporter_name: Field,
    pub reporter_email: Field,
    pub reporter_phone: Field,
    pub reporter_country: Field,
    pub reporter_language: String,
    pub contact_consent: bool,
    pub max_files: usize,
    pub max_mib: usize,
}

#[derive(Template)]
#[template(path = "thanks.html")]
pub struct ThanksPage {
    pub c: Chrome,
    pub t: Tr,
    pub reference: String,
    pub indicators: usize,
    pub screenshots: usize,
    pub remote: bool,
    pub gift_card: bool,
    pub bank: bool,
    pub crypto: bool,
    pub consent: bool,
}

fn field(t: Tr, name: &'static str, kind: &'static str, value: &str, errors: &Errors) -> Field {
    Field {
        name,
        label: t.s(&format!("f-{}", name.replace('_', "-"))),
        hint: String::new(),
        value: value.to_string(),
        error: errors.get(name).cloned().unwrap_or_default(),
        kind,
        autocomplete: "off",
        inputmode: "",
        required: false,
        maxlength: 512,
        opts: Vec::new(),
    }
}

fn hinted(mut f: Field, t: Tr) -> Field {
    f.hint = t.s(&format!("f-{}-hint", f.name.replace('_', "-")));
    f
}

fn opts(values: &[(&'static str, String)], current: &str) -> Vec<Opt> {
    values
        .iter()
        .map(|(v, label)| Opt {
            value: v,
            label: label.clone(),
            selected: *v == current,
        })
        .collect()
}

/// The form page with `f` filled in and `errors` shown.
pub fn form_page(
    v: &Visit,
    pages: &Pages,
    f: &FormValues,
    errors: &Errors,
    general: &str,
) -> ReportPage {
    let t = v.tr();
    let mut narrative = hinted(field(t, "narrative", "textarea", &f.narrative, errors), t);
    narrative.required = true;
    narrative.maxlength = dragnet_core::report::MAX_NARRATIVE_BYTES;
    let mut contact_method = field(t, "contact_method", "radio", &f.contact_method, errors);
    contact_method.opts = ContactMethod::ALL
        .iter()
        .map(|c| Opt {
            value: c.as_str(),
            label: t.s(&format!("contact-{}", c.as_str().replace('_', "-"))),
            selected: f.contact_method == c.as_str(),
        })
        .collect();
    let brand = hinted(field(t, "brand", "text", &f.brand, errors), t);
    let incident_date = field(t, "incident_date", "date", &f.incident_date, errors);
    let mut phone_numbers = hinted(
        field(t, "phone_numbers", "textarea", &f.phone_numbers, errors),
        t,
    );
    phone_numbers.maxlength = 4096;
    let mut websites = hinted(field(t, "websites", "textarea", &f.websites, errors), t);
    websites.maxlength = 8192;
    let mut scammer_emails = field(t, "scammer_emails", "textarea", &f.scammer_emails, errors);
    scammer_emails.maxlength = 4096;
    let mut remote_tool = field(t, "remote_tool", "select", &f.remote_tool, errors);
    let mut tools: Vec<(&'static str, String)> = vec![("none", t.s("remote-none"))];
    tools.extend(REMOTE_TOOLS.iter().map(|(k, name)| {
        (
            *k,
            if name.is_empty() {
                t.s("remote-other")
            } else {
                (*name).to_string()
            },
        )
    }));
    remote_tool.opts = opts(
        &tools,
        if f.remote_tool.is_empty() {
            "none"
        } else {
            &f.remote_tool
        },
    );
    let remote_id = hinted(field(t, "remote_id", "text", &f.remote_id, errors), t);
    let mut payment_method = field(t, "payment_method", "select", &f.payment_method, errors);
    let mut pm: Vec<(&'static str, String)> = vec![("", t.s("payment-none"))];
    pm.extend(
        PAYMENT_METHODS
            .iter()
            .map(|(k, _)| (*k, t.s(&format!("payment-{}", k.replace('_', "-"))))),
    );
    payment_method.opts = opts(&pm, &f.payment_method);
    let mut payment_details = hinted(
        field(t, "payment_details", "textarea", &f.payment_details, errors),
        t,
    );
    payment_details.maxlength = 4096;
    let mut loss_amount = hinted(field(t, "loss_amount", "text", &f.loss_amount, errors), t);
    loss_amount.inputmode = "decimal";
    loss_amount.maxlength = 32;
    let mut loss_currency = field(t, "loss_currency", "select", &f.loss_currency, errors);
    let cur: Vec<(&'static str, String)> =
        CURRENCIES.iter().map(|c| (*c, (*c).to_string())).collect();
    let current_cur = if f.loss_currency.is_empty() {
        default_currency(v)
    } else {
        f.loss_currency.as_str()
    };
    loss_currency.opts = opts(&cur, current_cur);
    let mut screenshots = field(t, "screenshots", "file", "", errors);
    screenshots.hint = t.a(
        "f-screenshots-hint",
        "max",
        &(upload::MAX_FILE_BYTES / (1024 * 1024)).to_string(),
    );
    let mut reporter_name = field(t, "reporter_name", "text", &f.reporter_name, errors);
    reporter_name.autocomplete = "name";
    let mut reporter_email = field(t, "reporter_email", "email", &f.reporter_email, errors);
    reporter_email.autocomplete = "email";
    let mut reporter_phone = field(t, "reporter_phone", "tel", &f.reporter_phone, errors);
    reporter_phone.autocomplete = "tel";
    let mut reporter_country = field(t, "reporter_country", "select", &f.reporter_country, errors);
    let mut countries: Vec<(&'static str, String)> = COUNTRIES
        .iter()
        .map(|c| (*c, t.s(&format!("country-{c}"))))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    countries.insert(0, ("", t.s("country-unstated")));
    let current_country = if f.reporter_country.is_empty() && f.narrative.is_empty() {
        v.region.map(|c| c.as_str().to_string()).unwrap_or_default()
    } else {
        f.reporter_country.clone()
    };
    reporter_country.opts = opts(&countries, &current_country);
    reporter_country.autocomplete = "country";
    let mut summary: Vec<(String, String)> = errors
        .iter()
        .map(|(k, msg)| (format!("f-{k}"), msg.clone()))
        .collect();
    if summary.is_empty() && !general.is_empty() {
        summary.clear();
    }
    // Order the summary as the fields appear.
    let order = [
        "narrative",
        "contact_method",
        "brand",
        "incident_date",
        "phone_numbers",
        "websites",
        "scammer_emails",
        "remote_tool",
        "remote_id",
        "payment_method",
        "payment_details",
        "loss_amount",
        "loss_currency",
        "screenshots",
        "reporter_name",
        "reporter_email",
        "reporter_phone",
        "reporter_country",
    ];
    summary.sort_by_key(|(id, _)| {
        order
            .iter()
            .position(|o| format!("f-{o}") == *id)
            .unwrap_or(usize::MAX)
    });
    ReportPage {
        c: v.chrome("/report", "report"),
        t,
        csrf: v.csrf_token(pages),
        errors: summary,
        general: general.to_string(),
        narrative,
        contact_method,
        brand,
        incident_date,
        phone_numbers,
        websites,
        scammer_emails,
        remote_tool,
        remote_id,
        remote_access_given: f.remote_access_given,
        payment_method,
        payment_details,
        loss_amount,
        loss_currency,
        screenshots,
        reporter_name,
        reporter_email,
        reporter_phone,
        reporter_country,
        reporter_language: if f.reporter_language.is_empty() {
            v.lang.as_str().to_string()
        } else {
            f.reporter_language.clone()
        },
        contact_consent: f.contact_consent,
        max_files: upload::MAX_FILES,
        max_mib: upload::MAX_FILE_BYTES / (1024 * 1024),
    }
}

fn default_currency(v: &Visit) -> &'static str {
    match v.region.as_ref().map(|c| c.as_str()) {
        Some("US") => "USD",
        Some("GB") => "GBP",
        Some("CH") => "CHF",
        Some("CA") => "CAD",
        Some("AU") => "AUD",
        Some("IN") => "INR",
        Some("MX") => "MXN",
        Some("AR") => "ARS",
        Some("CO") => "COP",
        Some("CL") => "CLP",
        _ if v.lang == Lang::En => "USD",
        _ => "EUR",
    }
}

pub async fn show(Extension(pages): Extension<Arc<Pages>>, v: Visit) -> Response {
    let page = form_page(&v, &pages, &FormValues::default(), &Errors::new(), "");
    v.page(StatusCode::OK, &page)
}

/// A posted form, read but not yet judged.
#[derive(Debug, Default)]
pub struct Posted {
    pub values: FormValues,
    pub csrf: String,
    pub honeypot: String,
    pub files: Vec<Vec<u8>>,
    /// Field errors found while reading (a file too large, too many files).
    pub errors: Vec<(&'static str, UploadError)>,
    /// A text field was over [`MAX_TEXT_FIELD`].
    pub oversized_text: bool,
}

/// Why a body could not be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadError {
    TooLarge,
    NotMultipart,
    Broken,
}

/// Reads the body up to `limit` bytes; an over-limit body is drained up to
/// [`DRAIN_BYTES`] (so the client reads our answer) and refused.
pub async fn read_limited(body: Body, limit: usize) -> Result<Vec<u8>, ReadError> {
    let mut stream = body.into_data_stream();
    let mut buf: Vec<u8> = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ReadError::Broken)?;
        seen += chunk.len();
        if seen > limit {
            buf = Vec::new();
            if seen > DRAIN_BYTES {
                return Err(ReadError::TooLarge);
            }
            continue;
        }
        buf.extend_from_slice(&chunk);
    }
    if seen > limit {
        return Err(ReadError::TooLarge);
    }
    Ok(buf)
}

/// Parses a `multipart/form-data` body already in memory.
pub async fn parse_multipart(headers: &HeaderMap, body: Vec<u8>) -> Result<Posted, ReadError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = multer::parse_boundary(ct).map_err(|_| ReadError::NotMultipart)?;
    let stream = futures_util::stream::once(async move {
        Ok::<_, std::convert::Infallible>(axum::body::Bytes::from(body))
    });
    let mut mp = multer::Multipart::new(stream, boundary);
    let mut p = Posted::default();
    while let Some(field) = mp.next_field().await.map_err(|_| ReadError::Broken)? {
        let name = field.name().unwrap_or("").to_string();
        let is_file = field.file_name().is_some();
        let data = field.bytes().await.map_err(|_| ReadError::Broken)?;
        if name == "screenshots" {
            if !is_file || data.is_empty() {
                continue; // no file chosen: browsers send an empty part
            }
            if p.files.len() >= upload::MAX_FILES {
                p.errors.push(("screenshots", UploadError::TooMany));
            } else if data.len() > upload::MAX_FILE_BYTES {
                p.errors.push(("screenshots", UploadError::TooLarge));
            } else {
                p.files.push(data.to_vec());
            }
            continue;
        }
        if data.len() > MAX_TEXT_FIELD {
            p.oversized_text = true;
            continue;
        }
        let text = String::from_utf8_lossy(&data).into_owned();
        match name.as_str() {
            csrf::FIELD => p.csrf = text,
            "homepage" => p.honeypot = text,
            _ => p.values.set(&name, text),
        }
    }
    Ok(p)
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Some(r) = super::rate_limited(&pages, &v, "/report") {
        return r;
    }
    let refused = |status, title, text| super::problem(&v, status, "/report", title, text);
    let bytes = match read_limited(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(ReadError::TooLarge) => {
            return refused(
                StatusCode::PAYLOAD_TOO_LARGE,
                "problem-large-title",
                "problem-large-body",
            );
        }
        Err(_) => {
            return refused(
                StatusCode::BAD_REQUEST,
                "problem-bad-title",
                "problem-bad-body",
            );
        }
    };
    let posted = match parse_multipart(&headers, bytes).await {
        Ok(p) => p,
        Err(_) => {
            return refused(
                StatusCode::BAD_REQUEST,
                "problem-bad-title",
                "problem-bad-body",
            );
        }
    };
    let now = now_secs();
    let nonce = v.had_nonce.then_some(v.nonce.as_str());
    let shown = match pages.secret.verify(nonce, &posted.csrf, now) {
        Ok(s) => s,
        Err(e) => {
            tracing::info!(reason = ?e, "report form refused: CSRF token");
            if e != csrf::CsrfError::NoCookie && super::same_origin(&headers) {
                // Our own page with a stale token (shown before a restart, or hours ago):
                // refused all the same, but the reader keeps what they typed and gets a
                // fresh token to send it again.
                let t = v.tr();
                let page = form_page(
                    &v,
                    &pages,
                    &posted.values,
                    &Errors::new(),
                    &t.s("form-expired"),
                );
                return v.page(StatusCode::FORBIDDEN, &page);
            }
            return super::csrf_refused(&v, "/report");
        }
    };
    if !posted.honeypot.trim().is_empty() {
        tracing::info!("report form refused: honeypot filled");
        return refused(
            StatusCode::BAD_REQUEST,
            "problem-spam-title",
            "problem-spam-body",
        );
    }
    if posted.oversized_text {
        return refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "problem-large-title",
            "problem-large-body",
        );
    }
    let t = v.tr();
    let f = posted.values;
    let mut errors = Errors::new();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    for (name, e) in &posted.errors {
        if *e == UploadError::TooLarge {
            status = StatusCode::PAYLOAD_TOO_LARGE;
        }
        errors.insert(name, upload_message(t, *e));
    }
    if (now - shown.at) < pages.config.min_fill.as_secs() as i64 {
        let page = form_page(&v, &pages, &f, &errors, &t.s("form-too-fast"));
        return v.page(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    // Screenshots: decode and re-encode off the async threads.
    let files = posted.files;
    let count = files.len();
    let cleaned: Vec<Result<Cleaned, UploadError>> =
        tokio::task::spawn_blocking(move || files.iter().map(|d| upload::clean(d)).collect())
            .await
            .unwrap_or_else(|e| {
                // A decoder panic is a bug in it, not the visitor's: refuse those files
                // rather than lose them silently.
                tracing::error!(error = %e, "screenshot decoding failed");
                vec![Err(UploadError::NotAnImage); count]
            });
    let mut kept = Vec::new();
    for c in cleaned {
        match c {
            Ok(c) => kept.push(c),
            Err(e) => {
                if e == UploadError::TooLarge {
                    status = StatusCode::PAYLOAD_TOO_LARGE;
                }
                errors
                    .entry("screenshots")
                    .or_insert_with(|| upload_message(t, e));
            }
        }
    }
    let reference = reference(&v.nonce, &shown.form);
    let (json, origins) = to_json(&f, &reference, &mut errors, t);
    let input = match ReportInput::from_json_value(&json) {
        Ok(i) if errors.is_empty() => i,
        Ok(_) => {
            let page = form_page(&v, &pages, &f, &errors, "");
            return v.page(status, &page);
        }
        Err(e) => {
            let (name, msg) = field_error(&e, &origins, t);
            errors.entry(name).or_insert(msg);
            let page = form_page(&v, &pages, &f, &errors, "");
            return v.page(status, &page);
        }
    };
    let owner = match &pages.config.owner_org {
        None => None,
        Some(name) => match state.accounts.org_by_name(name).await {
            Ok(Some(org)) => Some(org.id),
            Ok(None) => {
                tracing::warn!(org = %name, "the web form's organisation does not exist; storing the report without one");
                None
            }
            Err(e) => {
                let api: crate::ApiError = e.into();
                tracing::warn!(code = api.code, "report form: organisation lookup failed");
                return refused(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "problem-store-title",
                    "problem-store-body",
                );
            }
        },
    };
    let report = prepare(&state.extractor, input, SOURCE).owned_by(owner);
    let indicators = report.indicators.len();
    if let Err(e) = state
        .operations
        .store_and_link(state.store.as_ref(), std::slice::from_ref(&report))
        .await
    {
        let api: crate::ApiError = e.into();
        tracing::warn!(code = api.code, "report form: not stored");
        return refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "problem-store-title",
            "problem-store-body",
        );
    }
    let mut saved = 0;
    if let Some(dir) = &pages.config.uploads_dir
        && !kept.is_empty()
    {
        let dir = upload::report_dir(dir, &report.source, &report.id);
        let n = kept.len();
        match tokio::task::spawn_blocking(move || upload::save(&dir, &kept)).await {
            Ok(Ok(_)) => saved = n,
            Ok(Err(e)) => tracing::error!(error = %e, id = %report.id, "screenshots not saved"),
            Err(e) => tracing::error!(error = %e, "screenshot task failed"),
        }
    }
    let pm = f.payment_method.as_str();
    let thanks = ThanksPage {
        c: v.chrome("/report", "report"),
        t,
        reference: report.id.clone(),
        indicators,
        screenshots: saved,
        remote: f.remote_access(),
        gift_card: pm == "gift_card",
        bank: matches!(pm, "bank_transfer" | "card" | "money_transfer"),
        crypto: pm == "crypto",
        consent: f.contact_consent,
    };
    v.page(StatusCode::OK, &thanks)
}

fn upload_message(t: Tr, e: UploadError) -> String {
    match e {
        UploadError::NotAnImage => t.s("err-screenshot-type"),
        UploadError::TooLarge => t.a(
            "err-screenshot-size",
            "max",
            &(upload::MAX_FILE_BYTES / (1024 * 1024)).to_string(),
        ),
        UploadError::TooMany => t.a(
            "err-screenshot-count",
            "max",
            &upload::MAX_FILES.to_string(),
        ),
    }
}

/// The reference of a report sent from the form `form` shown to `nonce`:
/// `DN-XXXXX-XXXXX` in Crockford base32 (no I, L, O, U: easy to read out on the phone).
pub fn reference(nonce: &str, form: &str) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let digest = Sha256::new()
        .chain_update(b"dragnet-report-ref\0")
        .chain_update(nonce.as_bytes())
        .chain_update(b"\0")
        .chain_update(form.as_bytes())
        .finalize();
    let mut bits: u64 = 0;
    for b in &digest[..8] {
        bits = (bits << 8) | u64::from(*b);
    }
    let chars: String = (0..10)
        .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
        .collect();
    format!("DN-{}-{}", &chars[..5], &chars[5..])
}

/// Splits a list field into entries (lines, commas, semicolons).
fn entries(s: &str) -> Vec<String> {
    s.split(['\n', '\r', ',', ';'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_string)
        .collect()
}

/// `499,00` and `1.234,56` (German, Spanish, French writing) as `499.00`, `1234.56`.
pub fn normalise_amount(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\'')
        .collect();
    match (s.rfind(','), s.rfind('.')) {
        (Some(c), Some(d)) if c > d => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (Some(c), None) if s.len() - c - 1 == 3 && s.matches(',').count() >= 1 && s.len() > 4 => {
            // `1,000`: a thousands separator.
            s.replace(',', "")
        }
        (Some(_), None) => s.replace(',', "."),
        _ => s,
    }
}

/// The form as FORMATS.md §1 JSON, with which form field each structured indicator came
/// from (for naming the field of an `indicators[i]` error). Fields found wrong before the
/// core sees them (an e-mail without `@`, a date in the future) are left out and their
/// errors added to `errors`.
pub fn to_json(
    f: &FormValues,
    reference: &str,
    errors: &mut Errors,
    t: Tr,
) -> (Value, Vec<&'static str>) {
    let mut obj = Map::new();
    obj.insert("id".into(), reference.into());
    obj.insert(
        "received_at".into(),
        chrono::Utc::now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            .into(),
    );
    obj.insert("narrative".into(), f.narrative.clone().into());
    for (key, val) in [("contact_method", &f.contact_method), ("brand", &f.brand)] {
        if !val.trim().is_empty() {
            obj.insert(key.into(), val.trim().into());
        }
    }
    if !f.payment_method.is_empty() {
        match PAYMENT_METHODS.iter().find(|(k, _)| *k == f.payment_method) {
            Some((_, words)) => {
                obj.insert("payment_method".into(), (*words).into());
            }
            None => {
                errors.insert("payment_method", t.s("err-choose"));
            }
        }
    }
    if !f.loss_amount.trim().is_empty() {
        obj.insert(
            "loss".into(),
            json!({"amount": normalise_amount(&f.loss_amount), "currency": f.loss_currency.trim()}),
        );
    }
    let mut reporter = Map::new();
    let email = f.reporter_email.trim();
    if !email.is_empty() && !looks_like_email(email) {
        errors.insert("reporter_email", t.s("err-reporter-email"));
    }
    for (key, val) in [
        ("name", &f.reporter_name),
        ("phone", &f.reporter_phone),
        ("country", &f.reporter_country),
        ("language", &f.reporter_language),
    ] {
        if !val.trim().is_empty() {
            reporter.insert(key.into(), val.trim().into());
        }
    }
    if looks_like_email(email) {
        reporter.insert("email".into(), email.into());
    }
    if !reporter.is_empty() {
        obj.insert("reporter".into(), Value::Object(reporter));
    }
    if !f.incident_date.trim().is_empty() {
        match chrono::NaiveDate::parse_from_str(f.incident_date.trim(), "%Y-%m-%d") {
            Ok(d) if d <= chrono::Utc::now().date_naive() => {
                obj.insert("incident_date".into(), f.incident_date.trim().into());
            }
            _ => {
                errors.insert("incident_date", t.s("err-incident-date"));
            }
        }
    }
    obj.insert("contact_consent".into(), f.contact_consent.into());
    obj.insert("remote_access_given".into(), f.remote_access().into());
    let mut indicators = Vec::new();
    let mut origins = Vec::new();
    let mut push = |name: &'static str, ty: IndicatorType, value: String| {
        indicators.push(json!({"type": ty.as_str(), "value": value}));
        origins.push(name);
    };
    let lists: [(&'static str, &String); 4] = [
        ("phone_numbers", &f.phone_numbers),
        ("websites", &f.websites),
        ("scammer_emails", &f.scammer_emails),
        ("payment_details", &f.payment_details),
    ];
    for (name, text) in lists {
        let items = entries(text);
        if items.len() > MAX_LIST {
            errors.insert(name, t.a("err-list-long", "max", &MAX_LIST.to_string()));
            continue;
        }
        for item in items {
            let ty = match name {
                "phone_numbers" => IndicatorType::Phone,
                "websites" => {
                    if item.contains("://") || item.contains('/') {
                        IndicatorType::Url
                    } else {
                        IndicatorType::Domain
                    }
                }
                "scammer_emails" => IndicatorType::Email,
                _ => match dragnet_detect::verdict::classify(&item) {
                    Some(IndicatorType::Iban) => IndicatorType::Iban,
                    Some(IndicatorType::CryptoWallet) => IndicatorType::CryptoWallet,
                    _ => IndicatorType::GiftCard,
                },
            };
            push(name, ty, item);
        }
    }
    let remote_id = f.remote_id.trim();
    if !remote_id.is_empty() {
        let tool = REMOTE_TOOLS
            .iter()
            .find(|(k, name)| *k == f.remote_tool && !name.is_empty())
            .map(|(k, _)| *k);
        let value = match tool {
            Some(k) => format!("{k} {remote_id}"),
            None => remote_id.to_string(),
        };
        push("remote_id", IndicatorType::RemoteAccessId, value);
    }
    if !indicators.is_empty() {
        obj.insert("indicators".into(), Value::Array(indicators));
    }
    (Value::Object(obj), origins)
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// The form field a core validation error belongs to, and its message.
pub fn field_error(e: &FieldError, origins: &[&'static str], t: Tr) -> (&'static str, String) {
    let f = e.field.as_str();
    let name: &'static str = match f {
        "narrative" => "narrative",
        "contact_method" => "contact_method",
        "brand" => "brand",
        "payment_method" => "payment_method",
        "loss" | "loss.amount" => "loss_amount",
        "loss.currency" => "loss_currency",
        "reporter.country" => "reporter_country",
        "reporter.language" => "reporter_country",
        "reporter.name" => "reporter_name",
        "reporter.email" => "reporter_email",
        "reporter.phone" => "reporter_phone",
        _ => {
            let idx = f
                .strip_prefix("indicators[")
                .and_then(|r| r.split(']').next())
                .and_then(|n| n.parse::<usize>().ok());
            match idx.and_then(|i| origins.get(i)) {
                Some(o) => o,
                None if f.starts_with("indicators") => "phone_numbers",
                None => "narrative",
            }
        }
    };
    let too_long = e.reason.contains("bytes; at most");
    let msg = if too_long {
        t.s("err-too-long")
    } else {
        t.s(&format!("err-{}", name.replace('_', "-")))
    };
    (name, msg)
}
