//! The catalogue of API errors and their JSON form `{message, code, type, link}`.
//!
//! Every error a client can see has a stable `code` listed here, so clients match on codes,
//! never on messages. A 500 logs its whole cause chain and tells the client nothing internal.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dragnet_store::StoreError;

/// Who is at fault, as the `type` field says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorType {
    InvalidRequest,
    Auth,
    System,
}

/// An error as returned to API clients.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    pub message: String,
    pub code: &'static str,
    #[serde(rename = "type")]
    pub ty: ErrorType,
    pub link: String,
    /// The offending field, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Per-line details for batches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
    #[serde(skip)]
    retry_after: Option<u32>,
}

impl ApiError {
    fn new(
        status: StatusCode,
        code: &'static str,
        ty: ErrorType,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            message: message.into(),
            code,
            ty,
            link: format!("https://dragnet.invalid/docs/errors#{code}"),
            field: None,
            details: None,
            retry_after: None,
        }
    }

    pub fn invalid_field(field: &str, reason: &str) -> Self {
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_field",
            ErrorType::InvalidRequest,
            format!("{field}: {reason}"),
        );
        e.field = Some(field.to_string());
        e
    }

    /// A query string or path segment that does not parse (`field` is `query` or `path`).
    pub fn invalid_parameter(why: &str) -> Self {
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            ErrorType::InvalidRequest,
            why,
        );
        e.field = Some(
            if why.contains("path") {
                "path"
            } else {
                "query"
            }
            .to_string(),
        );
        e
    }

    /// A JSON-only endpoint called without `Content-Type: application/json`.
    pub fn unsupported_media_type_json() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            ErrorType::InvalidRequest,
            "send the body as application/json",
        )
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "malformed_body",
            ErrorType::InvalidRequest,
            message,
        )
    }

    pub fn batch_rejected(details: serde_json::Value) -> Self {
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "batch_rejected",
            ErrorType::InvalidRequest,
            "no line of the batch could be accepted; see details",
        );
        e.details = Some(details);
        e
    }

    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            ErrorType::InvalidRequest,
            format!("the request body is larger than the limit of {limit} bytes"),
        )
    }

    pub fn unsupported_media_type(got: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            ErrorType::InvalidRequest,
            format!(
                "content type `{got}` is not accepted: send application/json (one report) or \
                 application/x-ndjson (JSON Lines batch)"
            ),
        )
    }

    pub fn unauthenticated(why: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            ErrorType::Auth,
            why,
        )
    }

    pub fn forbidden(why: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", ErrorType::Auth, why)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            ErrorType::InvalidRequest,
            format!("{what} not found"),
        )
    }

    pub fn ambiguous(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "ambiguous_id",
            ErrorType::InvalidRequest,
            message,
        )
    }

    /// The check was asked to fetch a page and could not: `refused` when the address is not
    /// allowed (scheme, credentials, a non-public address), else the site failed.
    pub fn fetch(e: &crate::fetch::FetchError) -> Self {
        let code = if e.refused() {
            "fetch_refused"
        } else {
            "fetch_failed"
        };
        let mut err = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
            ErrorType::InvalidRequest,
            e.to_string(),
        );
        err.field = Some("value".into());
        err
    }

    /// This server does not fetch pages (`check_fetch` is off).
    pub fn fetch_disabled() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "fetch_disabled",
            ErrorType::InvalidRequest,
            "this server does not fetch pages; send the page itself (`page`) or ask without `fetch`",
        )
    }

    pub fn unavailable() -> Self {
        let mut e = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            ErrorType::System,
            "the service is temporarily unavailable; retry shortly, nothing was stored",
        );
        e.retry_after = Some(2);
        e
    }

    /// A private-overlap message the session cannot take (`dragnet_share::psi::PsiError`).
    pub fn overlap_protocol(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "overlap_protocol",
            ErrorType::InvalidRequest,
            message,
        )
    }

    /// Too many requests of this kind from this caller; retry after `seconds`.
    pub fn rate_limited(message: impl Into<String>, seconds: u32) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            ErrorType::InvalidRequest,
            message,
        );
        e.retry_after = Some(seconds);
        e
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            ErrorType::System,
            "an internal error occurred; it has been logged",
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::Unavailable(_) => {
                tracing::warn!(error = %e, "storage unavailable");
                ApiError::unavailable()
            }
            StoreError::DiskFull(_) => {
                tracing::error!(error = %e, "storage full");
                let mut err = ApiError::new(
                    StatusCode::INSUFFICIENT_STORAGE,
                    "storage_full",
                    ErrorType::System,
                    "the server's storage is full; nothing was stored",
                );
                // Retryable once an operator makes room.
                err.retry_after = Some(60);
                err
            }
            StoreError::ReadOnly(_) => {
                tracing::error!(error = %e, "storage read-only");
                let mut err = ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "storage_read_only",
                    ErrorType::System,
                    "the server's storage is read-only; nothing was stored",
                );
                err.retry_after = Some(30);
                err
            }
            StoreError::Conflict(m) => Self::new(
                StatusCode::CONFLICT,
                "conflict",
                ErrorType::InvalidRequest,
                m.clone(),
            ),
            StoreError::Invalid(m) => Self::new(
                StatusCode::BAD_REQUEST,
                "invalid_field",
                ErrorType::InvalidRequest,
                m.clone(),
            ),
            _ => {
                tracing::error!(error = ?e, "internal storage error");
                ApiError::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status;
        let retry = self.retry_after;
        let auth = status == StatusCode::UNAUTHORIZED;
        let mut resp = (status, Json(self)).into_response();
        if auth {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"dragnet\", Basic realm=\"dragnet\""),
            );
        }
        if let Some(s) = retry {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        resp
    }
}
