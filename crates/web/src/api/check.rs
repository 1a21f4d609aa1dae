//! "Is this a scam?": `GET /api/v1/check?value=…` and `POST /api/v1/check`.
//!
//! POST takes JSON (`{"value": …}`, `{"text": …}` or `{"page": "<html>…"}`, with optional
//! `lang` and `country`), or a saved page as `text/html`. Anyone may ask; the answer counts
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

fn parse_request(
    r: CheckRequest,
    headers: &HeaderMap,
) -> Result<(CheckInput, Lang, Option<Country>), ApiError> {
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
    Ok((input, lang, country))
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
    let (input, lang, region) = parse_request(q, &parts.headers)?;
    let verdict = run_check(&state, &input, lang, region)?;
    Ok(Json(with_details(&state, &mut parts, verdict).await))
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
    let (input, lang, region) = parse_request(req, &parts.headers)?;
    let verdict = run_check(&state, &input, lang, region)?;
    Ok(Json(with_details(&state, &mut parts, verdict).await))
}

async fn read(body: Body) -> Result<axum::body::Bytes, ApiError> {
    axum::body::to_bytes(body, MAX_CHECK_BYTES + 64 * 1024)
        .await
        .map_err(|_| ApiError::too_large(MAX_CHECK_BYTES))
}
