//! The public pages (report a scam, check, guidance): server-rendered, usable without
//! JavaScript, in English, German, Spanish and French.

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
}
