//! Integration tests of dragnet-detect: tables of exact expectations per technique and
//! language, page fixtures, verdicts, and the no-panic property over hostile input.
mod domains;
mod no_panic;
mod pages;
mod texts;
mod verdicts;
