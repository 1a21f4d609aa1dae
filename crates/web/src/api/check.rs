//! "Is this a scam?": `GET /api/v1/check?value=…` and `POST /api/v1/check`.
//!
//! POST takes JSON (`{"value": …}`, `{"text": …}` or `{"page": "<html>…"}`, with optional
//! `lang` and `country`), or a saved page as `text/html`. `"fetch": true` with a web address
//! as `value` makes the server fetch the page and analyse it too, when the server allows it
//! (`check_fetch`, off by default; see [`crate::fetch`] for the limits and address rules). Anyone may ask; the answer counts
//! matching reports and operations. A signed-in analyst also gets the operation ids. The
//! verdict comes from `dragnet-detect`; what Dragnet has seen comes from the in-memory
//! correlation index, so no request touches the database.

use crate::api::extract::Query;
use crate::api::openapi::{ErrorBody, IndicatorView};
use crate::auth::Caller;
use crate::{ApiError, AppState};
use axum::body::Body;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use dragnet_core::{Country, IndicatorType};
use dragnet_detect::{CheckInput, Detector, Lang, Matches, Verdict};
use serde_json::Value;
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Largest page or text accepted, in bytes.
pub const MAX_CHECK_BYTES: usize = 2 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/check", get(check_get).post(check_post))
}

/// This module's part of the OpenAPI document (see `api/openapi.rs`).
#[derive(OpenApi)]
#[openapi(paths(check_get, check_post))]
pub struct Doc;

/// What to check: exactly one of `value`, `text` or `page`.
#[derive(Debug, Default, serde::Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckRequest {
    /// One value: a phone number, link, domain, e-mail, remote-access id, wallet, IBAN.
    #[schema(example = "1-888-555-0147")]
    pub value: Option<String>,
    /// A message (SMS, e-mail, chat).
    pub text: Option<String>,
    /// A saved page's HTML.
    pub page: Option<String>,
    /// Language of the reasons and guidance: `en`, `de`, `es`, `fr` (else English; default:
    /// `Accept-Language`).
    pub lang: Option<String>,
    /// ISO 3166-1 country for numbers written without a country code.
    #[schema(example = "US")]
    pub country: Option<String>,
    /// Fetch the page at `value` (a URL or domain) and analyse it as well.
    pub fetch: Option<bool>,
}

#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code, reason = "a schema only: dragnet_detect::VerdictKind")]
enum VerdictKindView {
    Scam,
    Suspicious,
    Official,
    Unknown,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct ReasonView {
    /// Stable code.
    code: String,
    /// A sentence in the requested language.
    text: String,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct MatchView {
    /// `type:value`, e.g. `phone:+18885550147`.
    key: String,
    reports: u64,
    operations: u64,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct TotalsView {
    reports: u64,
    operations: u64,
}

/// Operation ids of one matching indicator (signed-in callers only).
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct MatchDetails {
    key: String,
    operations: Vec<String>,
}

/// The answer to a check (`dragnet_detect::Verdict`, plus `details` when signed in).
#[derive(ToSchema)]
#[allow(
    dead_code,
    reason = "a schema only: dragnet_detect::Verdict serialises to this"
)]
struct VerdictView {
    verdict: VerdictKindView,
    /// 0..1: how strongly the evidence points to a scam.
    #[schema(minimum = 0.0, maximum = 1.0)]
    score: f32,
    /// `phone`, `domain`, … for a value; `text` or `page`.
    input_type: String,
    #[schema(pattern = "^(en|de|es|fr)$")]
    lang: String,
    reasons: Vec<ReasonView>,
    indicators: Vec<IndicatorView>,
    matches: Vec<MatchView>,
    totals: TotalsView,
    /// Brand impersonation found in a domain (brand, imitated domain, techniques, score).
    #[schema(nullable = false, value_type = Option<Object>)]
    impersonation: Option<Value>,
    /// Scam-language signals found in a text.
    #[schema(nullable = false, value_type = Option<Vec<Object>>)]
    signals: Option<Vec<Value>>,
    /// What a saved page shows (title, brands, numbers, tricks).
    #[schema(nullable = false, value_type = Option<Object>)]
    page: Option<Value>,
    guidance: Vec<String>,
    #[schema(nullable = false)]
    details: Option<Vec<MatchDetails>>,
    /// Checked values found in partners' feeds this server pulled, as far as TLP lets the
    /// caller see them (docs/SHARING.md, "Using pulled intelligence").
    #[schema(nullable = false, value_type = Option<Vec<Object>>)]
    partner_intel: Option<Vec<Value>>,
}

/// Runs a check against what this server knows (shared by the API and the pages).
pub fn run_check(
    state: &AppState,
    input: &CheckInput,
    lang: Lang,
    region: Option<Country>,
) -> Result<Verdict, ApiError> {
    let engine = state.operations.read();
    let knowledge = |key: &str| {
        let (reports, operations) = engine.key_matches(key);
        Matches {
            reports,
            operations,
        }
    };
    Detector::builtin()
        .check_with(input, lang, region, &knowledge)
        .map_err(|e| ApiError::invalid_field(&e.field, &e.reason))
}

/// What a parsed check request asks for.
struct Parsed {
    input: CheckInput,
    lang: Lang,
    region: Option<Country>,
    fetch: bool,
}

fn parse_request(r: CheckRequest, headers: &HeaderMap) -> Result<Parsed, ApiError> {
    let given = [r.value.is_some(), r.text.is_some(), r.page.is_some()]
        .iter()
        .filter(|b| **b)
        .count();
    if given != 1 {
        return Err(ApiError::invalid_field(
            "value",
            "give exactly one of `value`, `text` or `page`",
        ));
    }
    let fetch = r.fetch.unwrap_or(false);
    if fetch && r.value.is_none() {
        return Err(ApiError::invalid_field(
            "fetch",
            "applies to a web address given as `value`",
        ));
    }
    let input = match (r.value, r.text, r.page) {
        (Some(v), _, _) => CheckInput::Value(v),
        (_, Some(t), _) => CheckInput::Text(t),
        (_, _, Some(p)) => CheckInput::Page(p),
        _ => unreachable!("exactly one is set"),
    };
    let size = match &input {
        CheckInput::Value(s) | CheckInput::Text(s) | CheckInput::Page(s) => s.len(),
        CheckInput::Typed { value, .. } => value.len(),
    };
    if size == 0 {
        return Err(ApiError::invalid_field("value", "is empty"));
    }
    if size > MAX_CHECK_BYTES {
        return Err(ApiError::too_large(MAX_CHECK_BYTES));
    }
    let lang = match r.lang {
        Some(l) => Lang::from_tag(&l),
        None => headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(|v| Lang::from_tag(v.split([',', ';']).next().unwrap_or("en").trim()))
            .unwrap_or(Lang::En),
    };
    let country = match r.country {
        Some(c) => Some(Country::parse(&c).map_err(|e| ApiError::invalid_field("country", &e))?),
        None => None,
    };
    Ok(Parsed {
        input,
        lang,
        region: country,
        fetch,
    })
}

/// The URL to fetch for a checked value: a URL (defanged forms accepted) or a host name.
pub fn fetch_target(value: &str) -> Result<String, ApiError> {
    let v = value.trim();
    let not_web =
        || ApiError::invalid_field("value", "is not a web address, so it cannot be fetched");
    let raw = match dragnet_detect::verdict::classify(v) {
        _ if v.contains("://") || v.contains("[:]//") => v.to_string(),
        Some(IndicatorType::Url) => v.to_string(),
        Some(IndicatorType::Domain) => format!("http://{v}/"),
        _ => return Err(not_web()),
    };
    // The extractor re-fangs and normalises (`hxxps://x[.]com`); a host it does not take
    // (no public suffix: `localhost`, an IP with a port) goes to the address rules as written.
    let url = dragnet_extract::shared()
        .normalise(
            &dragnet_core::RawIndicator {
                ty: IndicatorType::Url,
                value: raw.clone(),
            },
            &dragnet_extract::Context::default(),
        )
        .map(|ind| ind.value)
        .unwrap_or(raw);
    let checked = crate::fetch::check_url(&url).map_err(|e| ApiError::fetch(&e))?;
    Ok(checked.to_string())
}

/// Fetches the page at `value` under the server's policy and checks it with the address.
async fn fetched_check(state: &AppState, p: &Parsed) -> Result<(Verdict, Value), ApiError> {
    let policy = state
        .limits
        .fetch
        .clone()
        .ok_or_else(ApiError::fetch_disabled)?;
    let CheckInput::Value(value) = &p.input else {
        return Err(ApiError::invalid_field(
            "fetch",
            "applies to a web address given as `value`",
        ));
    };
    let url = fetch_target(value)?;
    let page = crate::fetch::fetch(&url, &policy)
        .await
        .map_err(|e| ApiError::fetch(&e))?;
    let verdict = {
        let engine = state.operations.read();
        let knowledge = |key: &str| {
            let (reports, operations) = engine.key_matches(key);
            Matches {
                reports,
                operations,
            }
        };
        Detector::builtin()
            .check_fetched(&page.chain(), &page.body, p.lang, p.region, &knowledge)
            .map_err(|e| ApiError::invalid_field(&e.field, &e.reason))?
    };
    Ok((verdict, serde_json::to_value(&page).unwrap_or(Value::Null)))
}

/// A check request answered: the verdict, analyst details, and what was fetched.
async fn answer(state: &AppState, parts: &mut Parts, p: Parsed) -> Result<Response, ApiError> {
    if p.fetch {
        let (verdict, fetched) = fetched_check(state, &p).await?;
        let keys = crate::partner::keys(&verdict);
        let mut v = with_details(state, parts, verdict).await;
        crate::partner::annotate_check(state, parts, &keys, &mut v).await;
        v["fetched"] = fetched;
        return Ok(Json(v).into_response());
    }
    let verdict = run_check(state, &p.input, p.lang, p.region)?;
    let keys = crate::partner::keys(&verdict);
    let in_feeds = keys.iter().any(|k| state.partner_intel.has_key(k));
    if !signed_in(parts) && !in_feeds {
        // The public's answer, the bytes `Json(to_value(&verdict))` gave, without the tree.
        let mut body = Vec::with_capacity(2048);
        dragnet_detect::json::write_verdict(&mut body, &verdict, &[]);
        return Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response());
    }
    let mut v = with_details(state, parts, verdict).await;
    crate::partner::annotate_check(state, parts, &keys, &mut v).await;
    Ok(Json(v).into_response())
}

fn signed_in(parts: &Parts) -> bool {
    parts.headers.contains_key(header::AUTHORIZATION) || parts.headers.contains_key(header::COOKIE)
}

/// Adds analyst details (operation ids per matching indicator) for a signed-in caller.
async fn with_details(state: &AppState, parts: &mut Parts, verdict: Verdict) -> Value {
    let mut v = serde_json::to_value(&verdict).unwrap_or(Value::Null);
    if signed_in(parts)
        && let Ok(caller) = Caller::from_request_parts(parts, state).await
    {
        let engine = state.operations.read();
        // An operation the caller sees at least two reports of (TLP:RED contributions of
        // other organisations withheld), as in `GET /api/v1/clusters`.
        let visible = |op: &String| {
            engine.summary(op).is_some_and(|s| {
                s.report_keys
                    .iter()
                    .filter(|k| !crate::tlp::withheld(&state.operations, &caller, k))
                    .count()
                    >= 2
            })
        };
        let details: Vec<Value> = verdict
            .matches
            .iter()
            .map(|m| {
                let (ty, value) = m.key.split_once(':').unwrap_or(("", ""));
                let ops: Vec<String> = ty
                    .parse::<IndicatorType>()
                    .map(|t| engine.value_operations(t, value))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|op| visible(op))
                    .collect();
                serde_json::json!({"key": m.key, "operations": ops})
            })
            .collect();
        v["details"] = Value::Array(details);
    }
    v
}

/// Is this a scam? One value, text or page in the query string.
#[utoipa::path(get, path = "/api/v1/check", tag = "check",
    params(CheckRequest),
    security((), ("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The verdict", body = VerdictView),
        (status = 400, description = "Nothing or too much to check, or a bad value", body = ErrorBody),
        (status = 413, description = "Over 2 MiB", body = ErrorBody),
    ))]
async fn check_get(
    State(state): State<AppState>,
    mut parts: Parts,
    Query(q): Query<CheckRequest>,
) -> Result<Response, ApiError> {
    let p = parse_request(q, &parts.headers)?;
    answer(&state, &mut parts, p).await
}

/// Is this a scam? JSON (`{value|text|page}`), a saved page (`text/html`) or a message
/// (`text/plain`).
#[utoipa::path(post, path = "/api/v1/check", tag = "check",
    request_body(content(
        (CheckRequest = "application/json"),
        (String = "text/html"),
        (String = "text/plain"),
    )),
    security((), ("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The verdict", body = VerdictView),
        (status = 400, description = "Nothing or too much to check, a bad value, not UTF-8", body = ErrorBody),
        (status = 413, description = "Over 2 MiB", body = ErrorBody),
        (status = 415, description = "Another content type", body = ErrorBody),
    ))]
async fn check_post(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    let (mut parts, body) = request.into_parts();
    let ct = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = read(body).await?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| ApiError::malformed("the body is not valid UTF-8"))?;
    let req = if ct.starts_with("application/json") {
        serde_json::from_str::<CheckRequest>(text)
            .map_err(|e| ApiError::malformed(format!("not a check request: {e}")))?
    } else if ct.starts_with("text/html") {
        CheckRequest {
            page: Some(text.to_string()),
            ..Default::default()
        }
    } else if ct.starts_with("text/plain") {
        CheckRequest {
            text: Some(text.to_string()),
            ..Default::default()
        }
    } else {
        return Err(ApiError::unsupported_media_type(if ct.is_empty() {
            "(none)"
        } else {
            &ct
        }));
    };
    let p = parse_request(req, &parts.headers)?;
    answer(&state, &mut parts, p).await
}

async fn read(body: Body) -> Result<axum::body::Bytes, ApiError> {
    axum::body::to_bytes(body, MAX_CHECK_BYTES + 64 * 1024)
        .await
        .map_err(|_| ApiError::too_large(MAX_CHECK_BYTES))
}
