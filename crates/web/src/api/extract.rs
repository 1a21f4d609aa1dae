//! Extractors that turn axum's own rejections (plain-text bodies) into the error catalogue,
//! so a malformed query string, path or JSON body gets the usual `{message, code, …}` 400
//! (or 415) like every other error. Handlers use these instead of axum's `Query`, `Json`
//! and `Path`.

use crate::ApiError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// `axum::extract::Query` answering bad parameters with `invalid_parameter`.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(q) => Ok(Query(q.0)),
            Err(e) => Err(query_error(&e)),
        }
    }
}

fn query_error(e: &QueryRejection) -> ApiError {
    ApiError::invalid_parameter(&e.body_text())
}

/// `axum::extract::Path` answering bad segments with `invalid_parameter`.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(p) => Ok(Path(p.0)),
            Err(e) => Err(path_error(&e)),
        }
    }
}

fn path_error(e: &PathRejection) -> ApiError {
    ApiError::invalid_parameter(&e.body_text())
}

/// `axum::Json` (as a request body) answering with `malformed_body` or
/// `unsupported_media_type`.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(j) => Ok(Json(j.0)),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(ApiError::unsupported_media_type_json())
            }
            Err(JsonRejection::BytesRejection(_)) => Err(ApiError::malformed(
                "the request body could not be read (too large or cut off)",
            )),
            Err(e) => Err(ApiError::malformed(e.body_text())),
        }
    }
}
