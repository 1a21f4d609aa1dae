//! The analyst workspace (`/app/…`) and `GET /api/v1/search`, in-process, on SQLite and (when
//! DRAGNET_TEST_POSTGRES_URL is set) PostgreSQL: each page's content, and isolation: organisation
//! B never sees organisation A's victims' data or report ids on any page or search.

mod cases;
mod helpers;
mod isolation;
mod pages;
mod search;
