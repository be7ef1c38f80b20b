//! dechrome turns folders of raw web captures into clean text.
//!
//! The data flows through the modules in order: [`walk`] finds captures, [`capture`] decodes
//! them, [`rules`] strips chrome (via [`doc`]), [`clean`] gathers text and [`meta`]data, and
//! [`write`] puts the results on disk atomically. [`run`] drives a whole folder in parallel.

pub mod capture;
pub mod clean;
pub mod dates;
pub mod doc;
pub mod error;
pub mod explain;
pub mod jsonl;
pub mod meta;
pub mod rules;
pub mod run;
pub mod walk;
pub mod write;

pub use clean::{CaptureInfo, Cleaned, Cleaner};
pub use error::{Error, RuleError};
