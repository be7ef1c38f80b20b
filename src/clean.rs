//! Cleaning one capture: decode, choose the rule files, apply them, gather the metadata.

use crate::capture::{decode, CaptureError, Format};
use crate::doc::Doc;
use crate::heuristics::Heuristics;
use crate::learn::Learned;
use crate::meta::{content_hash, Metadata, RemovedBy, VERSION};
use crate::rules::engine::{self, MetaValues};
use crate::rules::{host_from_url, Field, RuleSet, SiteContext};
use std::sync::Arc;

/// What is known about a capture before it is read.
#[derive(Debug, Clone, Default)]
pub struct CaptureInfo {
    /// Path relative to the input root, `/`-separated.
    pub source: String,
    /// Host from the folder layout, lowercase.
    pub host: Option<String>,
    /// URL from the capture's record, when it came with one.
    pub url: Option<String>,
}

/// The result of cleaning one capture. `text` is `None` when it failed (`meta.error` says why).
#[derive(Debug, Clone)]
pub struct Cleaned {
    pub text: Option<String>,
    pub meta: Metadata,
}

/// Cleans captures with one rule set, and the site templates learned from a run, if any.
/// Cheap to share between threads, and to clone.
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: Arc<RuleSet>,
    learned: Option<Arc<Learned>>,
    heuristics: bool,
}

/// What cleaning one text found: the document with its removals, the rule files used, and the
/// metadata taken from the text.
#[derive(Debug)]
pub struct Applied<'t> {
    pub doc: Doc<'t>,
    pub files: Vec<usize>,
    pub values: MetaValues,
    /// The text's language, when its function words say so clearly.
    pub language: Option<&'static str>,
}

/// A capture that loses more than this share of its words is flagged.
const OVER_STRIP_SHARE: f64 = 0.95;
/// A capture of at least `OVER_STRIP_MIN_INPUT` words that keeps fewer than this is flagged.
const OVER_STRIP_MIN_KEPT: usize = 20;
const OVER_STRIP_MIN_INPUT: usize = 100;

/// The warning for a capture cleaning left with (almost) nothing, if it was.
pub fn over_strip_warning(words_in: usize, words_out: usize) -> Option<String> {
    let lost = 1.0 - words_out as f64 / words_in.max(1) as f64;
    let too_much = words_in >= OVER_STRIP_MIN_INPUT && (lost > OVER_STRIP_SHARE || words_out < OVER_STRIP_MIN_KEPT);
    too_much.then(|| {
        format!(
            "over-stripped: kept {words_out} of {words_in} words ({:.0}% removed); check with `dechrome explain`",
            lost * 100.0
        )
    })
}

impl Cleaner {
    pub fn new(rules: RuleSet) -> Self {
        Cleaner { rules: Arc::new(rules), learned: None, heuristics: true }
    }

    /// Turns the generic heuristics on or off (on by default). Rules run either way.
    pub fn with_heuristics(mut self, on: bool) -> Self {
        self.heuristics = on;
        self
    }

    /// The same cleaner, and the lines of `learned` site templates removed after the rules.
    pub fn with_learned(&self, learned: Learned) -> Self {
        Cleaner { learned: Some(Arc::new(learned)), ..self.clone() }
    }

    pub fn learned(&self) -> Option<&Learned> {
        self.learned.as_deref()
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Decodes and cleans the bytes of a capture of the given format.
    pub fn clean_bytes(&self, bytes: &[u8], format: Format, info: &CaptureInfo) -> Cleaned {
        let mut meta = self.base_meta(info, format);
        meta.content_hash = content_hash(bytes);
        if format == Format::Html {
            return failed(meta, CaptureError::Unsupported("HTML"));
        }
        match decode(bytes) {
            Ok(decoded) => {
                meta.encoding = Some(decoded.encoding);
                self.clean_decoded(&decoded.text, meta, info)
            }
            Err(e) => failed(meta, e),
        }
    }

    /// Cleans text that is already decoded.
    pub fn clean_text(&self, text: &str, info: &CaptureInfo) -> Cleaned {
        let mut meta = self.base_meta(info, Format::Text);
        meta.content_hash = content_hash(text.as_bytes());
        meta.encoding = Some("UTF-8");
        self.clean_decoded(text, meta, info)
    }

    /// Applies the rules, then the learned site template and the heuristics, to `text` (what
    /// `explain` shows).
    pub fn apply<'t>(&self, text: &'t str, info: &CaptureInfo) -> Applied<'t> {
        let host = info.host.clone().or_else(|| info.url.as_deref().and_then(host_from_url));
        let ctx = SiteContext { host: host.as_deref(), path: &info.source, text };
        let files = self.rules.files_for(&ctx);
        let mut doc = Doc::new(text);
        let template = self.learned.as_ref().and_then(|l| l.template(crate::learn::site_of(info).as_deref()));
        let mut first_pass = true;
        let mut signals: Option<Heuristics> = None;
        let values = engine::apply_with(&self.rules, &files, &mut doc, |doc| {
            // Learned site chrome (the lines repeated across the run's captures of this site)
            // goes once the rules have run, before the heuristics weigh what is left.
            if std::mem::take(&mut first_pass) {
                if let Some(template) = template {
                    crate::learn::remove_template(doc, template);
                }
            }
            if self.heuristics {
                signals.get_or_insert_with(|| Heuristics::new(doc)).apply(doc);
            }
        });
        let language = signals.and_then(|s| s.findings().language);
        Applied { doc, files, values, language }
    }

    fn clean_decoded(&self, text: &str, mut meta: Metadata, info: &CaptureInfo) -> Cleaned {
        let Applied { doc, files, values, language } = self.apply(text, info);
        let clean = doc.render();
        (meta.words_in, meta.words_out) = doc.word_counts();
        meta.language = language.map(str::to_string);
        meta.warnings.extend(over_strip_warning(meta.words_in, meta.words_out));
        meta.removed = summarize_removals(&self.rules, &doc);
        meta.rules_applied = files.iter().map(|&f| self.rules.files[f].label().to_string()).collect();
        let get = |field: Field| values.get(&field).cloned();
        meta.title = get(Field::Title);
        meta.author = get(Field::Author);
        meta.date = get(Field::Date);
        meta.site_name = get(Field::SiteName);
        if meta.url.is_none() {
            meta.url = get(Field::Url);
        }
        if meta.site.is_none() {
            meta.site = meta.url.as_deref().and_then(host_from_url);
        }
        Cleaned { text: Some(clean), meta }
    }

    fn base_meta(&self, info: &CaptureInfo, format: Format) -> Metadata {
        Metadata {
            source: info.source.clone(),
            format: format.name(),
            site: info.host.clone().or_else(|| info.url.as_deref().and_then(host_from_url)),
            url: info.url.clone(),
            dechrome: VERSION,
            ..Metadata::default()
        }
    }
}

fn failed(mut meta: Metadata, error: CaptureError) -> Cleaned {
    meta.error = Some(error.to_string());
    Cleaned { text: None, meta }
}

/// One entry per rule (or heuristic), in the order they first removed something.
fn summarize_removals(rules: &RuleSet, doc: &Doc) -> Vec<RemovedBy> {
    let mut out: Vec<RemovedBy> = Vec::new();
    for removal in doc.removals() {
        let id = removal.by.id(rules);
        let entry = match out.iter_mut().position(|e| e.rule == id) {
            Some(i) => &mut out[i],
            None => {
                out.push(RemovedBy {
                    rule: id.to_string(),
                    kind: removal.by.kind(rules),
                    lines: 0,
                    spans: 0,
                    chars: 0,
                });
                out.last_mut().unwrap()
            }
        };
        if removal.span.is_some() {
            entry.spans += 1;
        } else {
            entry.lines += 1;
        }
        entry.chars += removal.chars;
    }
    out
}
