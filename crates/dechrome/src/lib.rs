//! dechrome turns raw web captures — plain-text dumps and HTML pages — into clean text with
//! metadata: site chrome (menus, date banners, breadcrumbs, share and cookie text, "Most
//! Popular" tails, …) goes, by TOML rules, generic heuristics and the chrome learned from what
//! repeats across a site's pages.
//!
//! There are three ways in.
//!
//! **One capture**, with the rules built into the crate (compiled once, on first use):
//!
//! ```
//! let capture = "Monday, October 2, 2023\n\nThe council approved the budget.\n\nSource link\n";
//! let cleaned = dechrome::clean(capture, &dechrome::Options::default())?;
//! assert_eq!(cleaned.text, "The council approved the budget.\n");
//! assert_eq!(cleaned.meta.date.as_deref(), Some("2023-10-02"));
//! # Ok::<(), dechrome::Error>(())
//! ```
//!
//! **Many captures** with a reusable [`Cleaner`]: your rule files before the built-in ones,
//! heuristics on or off, limits for HTML pages. A cleaner is cheap to clone and to share
//! between threads.
//!
//! ```
//! use dechrome::{Cleaner, Options};
//!
//! let rules = r#"
//! [[rule]]
//! id = "mysite.promo"
//! kind = "drop"
//! why = "A newsletter prompt closes every article."
//! lines = ["Subscribe to our newsletter"]
//!
//! [[test]]
//! input = "Text.\nSubscribe to our newsletter\n"
//! expect = "Text.\n"
//! "#;
//! let cleaner = Cleaner::builder().rules_text("mysite.toml", rules).build()?;
//! let capture = "The council approved the budget.\nSubscribe to our newsletter\n";
//! let options = Options { url: Some("https://example.com/a".into()), ..Options::default() };
//! let cleaned = cleaner.clean(capture, &options)?;
//! assert_eq!(cleaned.text, "The council approved the budget.\n");
//! assert_eq!(&*cleaned.meta.removed[0].rule, "mysite.promo");
//! assert_eq!(cleaned.meta.site.as_deref(), Some("example.com"));
//! # Ok::<(), dechrome::Error>(())
//! ```
//!
//! **A folder tree**, as `dechrome clean` does it: every capture found, cleaned in parallel
//! and written beside its metadata into a mirrored output tree, with events as it goes.
//!
//! ```no_run
//! use dechrome::run::{run, Event, Output, RunOptions};
//!
//! let options = RunOptions::new(vec!["scrapes".into()], Output::Dir("clean".into()));
//! let summary = run(&dechrome::Cleaner::new(), &options, |event| {
//!     if let Event::Problem(problem) = event {
//!         eprintln!("{}: {}", problem.source, problem.reason);
//!     }
//! })?;
//! println!("{} cleaned, {} failed", summary.cleaned, summary.failed);
//! # Ok::<(), dechrome::Error>(())
//! ```
//!
//! **Markdown** instead of plain text, for pages: their headings, lists, tables, code, quotes
//! and emphasis, and with [`MarkdownOptions`] their links and images ([`TextFormat`]).
//!
//! ```
//! use dechrome::{Cleaner, Format, MarkdownOptions, Options, TextFormat};
//!
//! let page = "<html><body><article><h2>The budget</h2>\
//!     <p>The council approved the budget on Tuesday, after a long debate, by seven votes to two.</p>\
//!     <ul><li>Roads: <b>4.2 million</b></li><li>Schools: 3.1 million</li></ul></article></body></html>";
//! let format = TextFormat::Markdown(MarkdownOptions::default());
//! let cleaner = Cleaner::builder().text_format(format).build()?;
//! let options = Options { format: Some(Format::Html), ..Options::default() };
//! let cleaned = cleaner.clean(page, &options)?;
//! assert_eq!(
//!     cleaned.text,
//!     "## The budget\n\nThe council approved the budget on Tuesday, after a long debate, by seven \
//!      votes to two.\n\n- Roads: **4.2 million**\n- Schools: 3.1 million\n"
//! );
//! # Ok::<(), dechrome::Error>(())
//! ```
//!
//! Inside, the data flows through the modules in order: walk and read the captures, decode
//! them, extract an HTML page's main text, apply the rules, then the heuristics and the
//! learned templates, and write the text and its metadata.
#![deny(missing_docs)]

pub mod batch;
mod capture;
mod clean;
mod dates;
mod doc;
mod error;
pub mod explain;
#[cfg(feature = "fuzzing")]
pub mod fuzz;
mod heuristics;
mod hosts;
mod html;
mod jsonl;
mod learn;
mod markdown;
mod meta;
mod paths;
#[cfg(test)]
mod properties;
mod read;
mod records;
pub mod rules;
pub mod run;
pub mod suggest;
mod table;
mod walk;
pub mod warc;
mod words;
mod write;

pub use capture::{CaptureError, Format};
pub use clean::{clean, Cleaned, Cleaner, CleanerBuilder, Options};
pub use error::{Error, RuleError, TemplateError};
pub use html::{HtmlError, Limits};
pub use learn::learn_template;
pub use learn::template::Template;
pub use markdown::{MarkdownOptions, TextFormat};
pub use meta::{Metadata, RemovedBy};
pub use records::Fields;
