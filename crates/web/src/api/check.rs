//! "Is this a scam?": `GET /api/v1/check?value=…` and `POST /api/v1/check`.
//!
//! POST takes JSON (`{"value": …}`, `{"text": …}` or `{"page": "<html>…"}`, with optional
//! `lang` and `country`), or a saved page as `text/html`. `"fetch": true` with a web address
//! as `value` makes the server fetch the page and analyse it too, when the server allows it
//! (`check_fetch`, off by default; see [`crate::fetch`] for the limits and address rules). Anyone may ask; the answer counts
//! matching reports and operations. A signed-in analyst also gets the operation ids. The
//! verdict comes from `dragnet-detect`; what Dragnet has seen comes from the in-memory
//! correlation index, so no request touches the database.

use crate::auth::Caller;
use crate::{ApiError, AppState};
use axum::body::Body;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::routing::get;
use axum::{Json, Router};
use dragnet_core::{Country, IndicatorType};
use dragnet_detect::{CheckInput, Detector, Lang, Matches, Verdict};
use serde_json::Value;

/// Largest page or text accepted, in bytes.
pub const MAX_CHECK_BYTES: usize = 2 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/check", get(check_get).post(check_post))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct CheckRequest {
    pub value: Option<String>,
    pub text: Option<String>,
    pub page: Option<String>,
    pub lang: Option<String>,
    pub country: Option<String>,
    /// Fetch the page at `value` (a URL or domain) and analyse it as well.
    pub fetch: Option<bool>,
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
async fn answer(state: &AppState, parts: &mut Parts, p: Parsed) -> Result<Json<Value>, ApiError> {
    if p.fetch {
        let (verdict, fetched) = fetched_check(state, &p).await?;
        let mut v = with_details(state, parts, verdict).await;
        v["fetched"] = fetched;
        return Ok(Json(v));
    }
    let verdict = run_check(state, &p.input, p.lang, p.region)?;
    Ok(Json(with_details(state, parts, verdict).await))
}

/// Adds analyst details (operation ids per matching indicator) for a signed-in caller.
async fn with_details(state: &AppState, parts: &mut Parts, verdict: Verdict) -> Value {
    let mut v = serde_json::to_value(&verdict).unwrap_or(Value::Null);
    let signed_in = parts.headers.contains_key(header::AUTHORIZATION)
        || parts.headers.contains_key(header::COOKIE);
    if signed_in && Caller::from_request_parts(parts, state).await.is_ok() {
        let engine = state.operations.read();
        let details: Vec<Value> = verdict
            .matches
            .iter()
            .map(|m| {
                let (ty, value) = m.key.split_once(':').unwrap_or(("", ""));
                let ops = ty
                    .parse::<IndicatorType>()
                    .map(|t| engine.value_operations(t, value))
                    .unwrap_or_default();
                serde_json::json!({"key": m.key, "operations": ops})
            })
            .collect();
        v["details"] = Value::Array(details);
    }
    v
}

async fn check_get(
    State(state): State<AppState>,
    mut parts: Parts,
    Query(q): Query<CheckRequest>,
) -> Result<Json<Value>, ApiError> {
    let p = parse_request(q, &parts.headers)?;
    answer(&state, &mut parts, p).await
}

async fn check_post(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<Json<Value>, ApiError> {
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
