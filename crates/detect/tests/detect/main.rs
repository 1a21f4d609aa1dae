//! Integration tests of dragnet-detect: tables of exact expectations per technique and
//! language, and the no-panic property over hostile input.
mod domains;
