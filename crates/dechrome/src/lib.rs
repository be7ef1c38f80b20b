//! dechrome turns folders of raw web captures into clean text.
//!
//! The data flows through the modules in order: [`walk`] finds captures, [`read`] reads them,
//! [`capture`] decodes them (HTML pages go through [`html`] extraction first), [`rules`] strips
//! chrome (via [`doc`]), [`heuristics`] catch what no rule knows, [`clean`] gathers text and
//! [`meta`]data, and [`write`] puts the results on disk atomically. [`run`] drives a whole
//! folder in parallel, and first [`learn`]s each site's template from its captures.
//!
//! Cleaning one capture with the embedded rules:
//!
//! ```
//! use dechrome::{rules, CaptureInfo, Cleaner};
//!
//! let cleaner = Cleaner::new(rules::load_embedded()?);
//! let capture = "Monday, October 2, 2023\n\nThe council approved the budget.\n\nSource link\n";
//! let cleaned = cleaner.clean_text(capture, &CaptureInfo::default());
//! assert_eq!(cleaned.text.as_deref(), Some("The council approved the budget.\n"));
//! assert_eq!(cleaned.meta.date.as_deref(), Some("2023-10-02"));
//! assert_eq!(cleaned.meta.removed.len(), 2);
//! # Ok::<(), dechrome::RuleError>(())
//! ```

pub mod capture;
pub mod clean;
pub mod dates;
pub mod doc;
pub mod error;
pub mod explain;
pub mod heuristics;
pub mod hosts;
pub mod html;
pub mod jsonl;
pub mod learn;
pub mod meta;
pub mod paths;
pub mod read;
pub mod rules;
pub mod run;
mod simd;
pub mod walk;
pub mod words;
pub mod write;

pub use clean::{CaptureInfo, Cleaned, Cleaner};
pub use error::{Error, RuleError};
