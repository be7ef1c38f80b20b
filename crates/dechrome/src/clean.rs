//! Cleaning one capture: decode, choose the rule files, apply them, gather the metadata.

use crate::capture::{decode, decode_declared, CaptureError, Format};
use crate::doc::Doc;
use crate::heuristics::Heuristics;
use crate::hosts::host_from_url;
use crate::html::{self, Limits, Page};
use crate::learn::Learned;
use crate::meta::{content_hash, Metadata, RemovedBy, VERSION};
use crate::rules::engine::{self, MetaValues};
use crate::rules::{Field, RuleSet, SiteContext};
use std::sync::Arc;

// Declared with the other capture types, where learning (which cleaning uses) reads it too.
pub use crate::capture::CaptureInfo;

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
    limits: Limits,
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
        Cleaner { rules: Arc::new(rules), limits: Limits::default(), learned: None, heuristics: true }
    }

    /// The same cleaner with other limits for HTML pages.
    pub fn with_limits(self, limits: Limits) -> Self {
        Cleaner { limits, ..self }
    }

    /// Turns the generic heuristics for text captures on or off (on by default). Rules run
    /// either way.
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

    /// Decodes and cleans the bytes of a capture of the given format. Text that opens like
    /// an HTML page is cleaned as one.
    pub fn clean_bytes(&self, bytes: &[u8], format: Format, info: &CaptureInfo) -> Cleaned {
        let format = if format == Format::Text && Format::sniff_html(bytes) { Format::Html } else { format };
        let mut meta = self.base_meta(info, format);
        meta.content_hash = content_hash(bytes);
        let decoded = match format {
            Format::Html => decode_declared(bytes, html::decode::declared_charset(bytes)),
            _ => decode(bytes),
        };
        match decoded {
            Ok(decoded) => {
                meta.encoding = Some(decoded.encoding);
                match format {
                    Format::Html => self.clean_page(&decoded.text, meta, info),
                    _ => self.clean_decoded(&decoded.text, meta, info, None),
                }
            }
            Err(e) => failed(meta, e),
        }
    }

    /// [`Cleaner::clean_bytes`] for a capture whose bytes are valid UTF-8 that decoding keeps as
    /// they are: `text`, read and checked before (by learning's pass 1), with the learning hash
    /// of each of its lines if pass 1 kept them ([`crate::learn::line_hashes`]). The same
    /// result, without decoding or hashing again.
    pub fn clean_verbatim(
        &self,
        text: &str,
        format: Format,
        info: &CaptureInfo,
        line_hashes: Option<&[Option<u64>]>,
    ) -> Cleaned {
        let bytes = text.as_bytes();
        let format = if format == Format::Text && Format::sniff_html(bytes) { Format::Html } else { format };
        let mut meta = self.base_meta(info, format);
        meta.content_hash = content_hash(bytes);
        meta.encoding = Some("UTF-8");
        match format {
            Format::Html => self.clean_page(text, meta, info),
            _ => self.clean_decoded(text, meta, info, line_hashes),
        }
    }

    /// Cleans an HTML page that is already decoded.
    pub fn clean_html(&self, source: &str, info: &CaptureInfo) -> Cleaned {
        let mut meta = self.base_meta(info, Format::Html);
        meta.content_hash = content_hash(source.as_bytes());
        meta.encoding = Some("UTF-8");
        self.clean_page(source, meta, info)
    }

    /// Extracts the main text of an HTML page with the rule files that apply to it (chosen
    /// by host, path, or fingerprints searched in the page's source); returns them too.
    pub fn extract_html(&self, source: &str, info: &CaptureInfo) -> Result<(Page, Vec<usize>), CaptureError> {
        let files = self.files_for(source, info);
        let page = html::extract(source, &self.rules.html_rules(&files), &self.limits)?;
        Ok((page, files))
    }

    /// Cleans text that is already decoded.
    pub fn clean_text(&self, text: &str, info: &CaptureInfo) -> Cleaned {
        let mut meta = self.base_meta(info, Format::Text);
        meta.content_hash = content_hash(text.as_bytes());
        meta.encoding = Some("UTF-8");
        self.clean_decoded(text, meta, info, None)
    }

    /// Applies the rules, then the learned site template and the heuristics, to the text of a
    /// text capture (what `explain` shows).
    pub fn apply<'t>(&self, text: &'t str, info: &CaptureInfo) -> Applied<'t> {
        self.apply_hashed(text, info, None)
    }

    /// [`Cleaner::apply`], with the learning hashes of the text's lines when they are known.
    fn apply_hashed<'t>(&self, text: &'t str, info: &CaptureInfo, line_hashes: Option<&[Option<u64>]>) -> Applied<'t> {
        let files = self.files_for(text, info);
        let mut doc = Doc::new(text);
        let template = self.learned.as_ref().and_then(|l| l.template(crate::learn::site_of(info).as_deref()));
        let mut first_pass = true;
        let mut signals: Option<Heuristics> = None;
        let values = engine::apply_with(&self.rules, &files, &mut doc, |doc| {
            // Learned site chrome (the lines repeated across the run's captures of this site)
            // goes once the rules have run, before the heuristics weigh what is left.
            if std::mem::take(&mut first_pass) {
                if let Some(template) = template {
                    crate::learn::remove_template(doc, template, line_hashes);
                }
            }
            if self.heuristics {
                signals.get_or_insert_with(|| Heuristics::new(doc)).apply(doc);
            }
        });
        let language = signals.and_then(|s| s.findings().language);
        Applied { doc, files, values, language }
    }

    /// Applies the text rules of `files` to `text`: the one engine for text captures and for
    /// the text extracted from HTML pages. (The text heuristics are for raw text dumps: an HTML
    /// page's main text was already found in its tree.)
    pub fn apply_files<'t>(&self, text: &'t str, files: &[usize]) -> (Doc<'t>, MetaValues) {
        let mut doc = Doc::new(text);
        let values = engine::apply(&self.rules, files, &mut doc);
        (doc, values)
    }

    fn files_for(&self, text: &str, info: &CaptureInfo) -> Vec<usize> {
        let host = info.host.clone().or_else(|| info.url.as_deref().and_then(host_from_url));
        let ctx = SiteContext { host: host.as_deref(), path: &info.source, text };
        self.rules.files_for(&ctx)
    }

    fn clean_decoded(
        &self,
        text: &str,
        mut meta: Metadata,
        info: &CaptureInfo,
        line_hashes: Option<&[Option<u64>]>,
    ) -> Cleaned {
        let Applied { doc, files, values, language } = self.apply_hashed(text, info, line_hashes);
        meta.language = language.map(str::to_string);
        self.finish(&doc, &files, values, meta)
    }

    fn clean_page(&self, source: &str, mut meta: Metadata, info: &CaptureInfo) -> Cleaned {
        let (page, files) = match self.extract_html(source, info) {
            Ok(extracted) => extracted,
            Err(e) => return failed(meta, e),
        };
        let (doc, mut values) = self.apply_files(&page.text, &files);
        page.merge_into(&mut values);
        meta.language = page.meta.language.clone();
        let mut cleaned = self.finish(&doc, &files, values, meta);
        cleaned.meta.words_in = page.words_in;
        let mut removed = page.removed;
        removed.append(&mut cleaned.meta.removed);
        cleaned.meta.removed = removed;
        cleaned
    }

    /// The clean text and metadata of a document the rules have run on.
    fn finish(&self, doc: &Doc, files: &[usize], mut values: MetaValues, mut meta: Metadata) -> Cleaned {
        let clean = doc.render();
        (meta.words_in, meta.words_out) = doc.word_counts();
        meta.warnings.extend(over_strip_warning(meta.words_in, meta.words_out));
        meta.removed = summarize_removals(&self.rules, doc);
        meta.rules_applied = files.iter().map(|&f| self.rules.files[f].label.clone()).collect();
        let mut get = |field: Field| values.remove(&field);
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
            cleaned_with: self.cleaned_with(info),
            dechrome: VERSION,
            ..Metadata::default()
        }
    }

    /// The `cleaned_with` of a capture (see [`Metadata::cleaned_with`]).
    pub fn cleaned_with(&self, info: &CaptureInfo) -> String {
        let template = self.learned.as_ref().and_then(|l| l.template(crate::learn::site_of(info).as_deref()));
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(VERSION.as_bytes());
        for word in [
            self.rules.fingerprint,
            u64::from(self.heuristics),
            self.limits.max_depth as u64,
            self.limits.max_nodes as u64,
            template.map_or(0, |t| t.digest),
        ] {
            hasher.update(&word.to_le_bytes());
        }
        format!("xxh3-64:{:016x}", hasher.digest())
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
        let id = rules.removal_id(removal.by);
        let entry = match out.iter_mut().position(|e| *e.rule == *id) {
            Some(i) => &mut out[i],
            None => {
                out.push(RemovedBy {
                    rule: rules.shared_removal_id(removal.by),
                    kind: rules.removal_kind(removal.by),
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
            entry.lines += doc.lines_of(removal).count();
        }
        entry.chars += removal.chars;
    }
    out
}
