//! The JSON API under `/api/v1`, one module per resource.

pub mod account;
pub mod cases;
pub mod check;
pub mod clusters;
pub mod extract;
pub mod health;
pub mod openapi;
pub mod overlap;
pub mod reports;
pub mod search;
