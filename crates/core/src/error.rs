//! Errors of the domain core. Every error says whose fault it is, so a caller picks a
//! 4xx or a 5xx (or "rejected line" versus "abort") without matching on strings.

use std::fmt;

/// Whose fault an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// The input was wrong; telling the user what and where is the whole answer.
    User,
    /// Something on our side failed; the user can retry or report it.
    Internal,
}

/// A rejected value, naming the field it came from (`loss.amount`, `reporter.country`…).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    /// Dotted path of the offending field, or `line` when the whole line is unusable.
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub reason: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl std::error::Error for FieldError {}
