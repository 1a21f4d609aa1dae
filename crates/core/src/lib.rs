//! Dragnet's domain core: the vocabulary every other crate speaks.
//!
//! It owns the scam report as the outside world submits it (FORMATS.md §1), the indicator
//! types (FORMATS.md §2), countries and money. Nothing here does I/O: parsing works on
//! strings and byte slices so that the CLI, the server and the importers share one set of
//! rules and one set of error messages.
#![forbid(unsafe_code)]

pub mod country;
pub mod error;
pub mod indicator;
pub mod money;
pub mod report;

pub use country::Country;
pub use error::{Fault, FieldError};
pub use indicator::{Indicator, IndicatorType, RawIndicator};
pub use money::Money;
pub use report::{ContactMethod, ReportInput, Reporter};
