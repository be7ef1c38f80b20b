//! Cleaning one capture: decode, choose the rule files, apply them, gather the metadata.

use crate::capture::{decode, decode_bytes, decode_declared, decode_utf8, CaptureError, Format};
use crate::dates::parse_date;
use crate::doc::Doc;
use crate::error::Error;
use crate::heuristics::Heuristics;
use crate::hosts::host_from_url;
use crate::html::{self, Limits, Page};
use crate::learn::template::Template;
use crate::learn::{Counts, Learned};
use crate::markdown::{self, TextFormat};
use crate::meta::{content_hash, Metadata, RemovedBy, VERSION};
use crate::rules::engine::{self, MetaValues};
use crate::rules::{self, Field, RuleSet, RuleSetBuilder, SiteContext};
use std::path::PathBuf;
use std::sync::Arc;

// Declared with the other capture types, where learning (which cleaning uses) reads it too.
pub use crate::capture::CaptureInfo;

/// What cleaning one capture gave: its text, or why it failed (`meta.error` says it too).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub text: Result<String, CaptureError>,
    pub meta: Metadata,
}

/// A cleaned capture: its clean text and what is known about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaned {
    /// The clean text: kept lines end with `\n`; what rules and heuristics removed leaves at
    /// most one blank line in its place.
    pub text: String,
    /// Title, author, date, site, language, what was removed and by which rule, ….
    pub meta: Metadata,
}

/// What is known about one capture before it is cleaned. All of it is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// How to read the input: [`Format::Html`] as a page; `None` or [`Format::Text`] as text,
    /// unless it opens like an HTML page (`<!doctype html`, `<html`), as `dechrome clean` reads
    /// a `.txt` file. A JSONL file holds many captures: [`crate::run`] cleans it.
    pub format: Option<Format>,
    /// The capture's URL: its host chooses the site rules, and it is the metadata's `url`.
    pub url: Option<String>,
    /// The capture's host when there is no URL (`example.com`), lowercase.
    pub host: Option<String>,
    /// A name for the capture, written as the metadata's `source`.
    pub source: String,
    /// When it was captured (`2023-10-02`, `2023-10-02T08:00:00Z`): a page's date is never
    /// later. Without it, today is the latest date a page can have.
    pub captured: Option<String>,
}

impl Options {
    fn info(&self) -> CaptureInfo {
        CaptureInfo {
            source: self.source.clone(),
            host: self.host.clone(),
            url: self.url.clone(),
            captured: self.captured.as_deref().and_then(|d| parse_date(d, None)),
        }
    }
}

/// Cleans one capture with the rules built into the crate (compiled on the first call, then
/// shared): [`Cleaner::clean`] of [`Cleaner::new`].
///
/// # Errors
///
/// [`Error::Capture`] when the input is not a capture that can be cleaned: empty, binary,
/// undecodable, or an HTML page beyond the [`Limits`].
pub fn clean(input: impl AsRef<[u8]>, options: &Options) -> Result<Cleaned, Error> {
    Cleaner::new().clean(input, options)
}

/// Cleans captures with one rule set, and the site templates learned from a run, if any.
/// Cheap to share between threads, and to clone. Built by [`Cleaner::builder`], or
/// [`Cleaner::new`] for the built-in rules and heuristics.
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: Arc<RuleSet>,
    limits: Limits,
    learned: Option<Arc<Learned>>,
    heuristics: bool,
    text_format: TextFormat,
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
pub(crate) fn over_strip_warning(words_in: usize, words_out: usize) -> Option<String> {
    let lost = 1.0 - words_out as f64 / words_in.max(1) as f64;
    let too_much = words_in >= OVER_STRIP_MIN_INPUT && (lost > OVER_STRIP_SHARE || words_out < OVER_STRIP_MIN_KEPT);
    too_much.then(|| {
        format!(
            "over-stripped: kept {words_out} of {words_in} words ({:.0}% removed); check with `dechrome explain`",
            lost * 100.0
        )
    })
}

/// Builds a [`Cleaner`]: which rules (your files first, then the built-in ones unless left
/// out), whether the heuristics run, the limits for HTML pages, and folders to learn each
/// site's repeated chrome from.
#[derive(Debug, Clone)]
pub struct CleanerBuilder {
    rules: Vec<RuleSource>,
    default_rules: bool,
    heuristics: bool,
    limits: Limits,
    learn_from: Vec<PathBuf>,
    template: Option<Template>,
    text_format: TextFormat,
}

#[derive(Debug, Clone)]
enum RuleSource {
    Path(PathBuf),
    Text { name: String, toml: String },
    Set(Arc<RuleSet>),
}

impl Default for CleanerBuilder {
    fn default() -> Self {
        CleanerBuilder {
            rules: Vec::new(),
            default_rules: true,
            heuristics: true,
            limits: Limits::default(),
            learn_from: Vec::new(),
            template: None,
            text_format: TextFormat::Plain,
        }
    }
}

impl CleanerBuilder {
    /// Adds a rule file, or every `*.toml` below a folder. Files added first take precedence.
    #[must_use]
    pub fn rules_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.rules.push(RuleSource::Path(path.into()));
        self
    }

    /// Adds a rule file's text, under a name its errors and the metadata use.
    #[must_use]
    pub fn rules_text(mut self, name: impl Into<String>, toml: impl Into<String>) -> Self {
        self.rules.push(RuleSource::Text { name: name.into(), toml: toml.into() });
        self
    }

    /// Cleans with this rule set alone, built before (it replaces the files added, and the
    /// built-in rules).
    #[must_use]
    pub fn rule_set(mut self, rules: RuleSet) -> Self {
        self.rules = vec![RuleSource::Set(Arc::new(rules))];
        self
    }

    /// Whether the rules built into the crate apply after yours (default: yes).
    #[must_use]
    pub fn default_rules(mut self, on: bool) -> Self {
        self.default_rules = on;
        self
    }

    /// Whether the generic heuristics run on text captures after the rules (default: yes).
    #[must_use]
    pub fn heuristics(mut self, on: bool) -> Self {
        self.heuristics = on;
        self
    }

    /// How deep and how large an HTML page may be.
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// How the clean text is written: plain text (the default) or Markdown.
    #[must_use]
    pub fn text_format(mut self, format: TextFormat) -> Self {
        self.text_format = format;
        self
    }

    /// Learns each site's template (the lines repeated across its captures) from the
    /// captures under these folders, and removes it after the rules, as `dechrome clean`
    /// does with its inputs.
    #[must_use]
    pub fn learn_from(mut self, folders: impl IntoIterator<Item = impl Into<PathBuf>>) -> Self {
        self.learn_from.extend(folders.into_iter().map(Into::into));
        self
    }

    /// Removes the site templates of `template` (learned elsewhere, by
    /// [`crate::learn_template`] or [`crate::batch::learn_batch`]) after the rules, as
    /// `dechrome clean --template` does; its counts add to those of [`CleanerBuilder::learn_from`].
    #[must_use]
    pub fn template(mut self, template: Template) -> Self {
        self.template = Some(template);
        self
    }

    /// Loads and checks the rules, learns the templates, and makes the cleaner.
    ///
    /// # Errors
    ///
    /// [`Error::Rule`] for a rule file that does not load (with its `file:line:col`),
    /// [`Error::Input`] for a rule file or folder that cannot be read.
    pub fn build(self) -> Result<Cleaner, Error> {
        let rules = match self.rules.as_slice() {
            [RuleSource::Set(set)] => Arc::clone(set),
            [] if self.default_rules => Arc::clone(rules::embedded()),
            sources => {
                let mut builder = RuleSetBuilder::new();
                for source in sources {
                    builder = match source {
                        RuleSource::Path(path) => builder.path(path)?,
                        RuleSource::Text { name, toml } => builder.text(name, toml),
                        RuleSource::Set(_) => unreachable!("a set replaces every other source"),
                    };
                }
                if self.default_rules {
                    builder = builder.embedded();
                }
                Arc::new(builder.build()?)
            }
        };
        let mut cleaner = Cleaner {
            rules,
            limits: self.limits,
            learned: None,
            heuristics: self.heuristics,
            text_format: self.text_format,
        };
        if !self.learn_from.is_empty() || self.template.is_some() {
            let mut counts = match self.learn_from.as_slice() {
                [] => Counts::default(),
                folders => crate::learn::learn_folders(folders)?,
            };
            if let Some(template) = self.template {
                counts.merge(template.counts);
            }
            cleaner.learned = Some(Arc::new(counts.learn()));
        }
        Ok(cleaner)
    }
}

impl Default for Cleaner {
    fn default() -> Self {
        Cleaner::new()
    }
}

impl Cleaner {
    /// A cleaner with the built-in rules and the heuristics.
    pub fn new() -> Self {
        Cleaner::with_rules(rules::embedded().clone())
    }

    /// A builder, to choose the rules, heuristics and limits.
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder::default()
    }

    pub(crate) fn with_rules(rules: Arc<RuleSet>) -> Self {
        Cleaner { rules, limits: Limits::default(), learned: None, heuristics: true, text_format: TextFormat::Plain }
    }

    /// The same cleaner, and the lines of `learned` site templates removed after the rules.
    pub(crate) fn with_learned(&self, learned: Learned) -> Self {
        Cleaner { learned: Some(Arc::new(learned)), ..self.clone() }
    }

    /// The rules it cleans with.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// How it writes the clean text.
    pub fn text_format(&self) -> TextFormat {
        self.text_format
    }

    /// Cleans one capture: its bytes (any charset; the BOM, the page's declared charset or
    /// detection says which), or a `&str`.
    ///
    /// # Errors
    ///
    /// [`Error::Capture`] when the input is not a capture that can be cleaned: empty, binary,
    /// undecodable, or an HTML page beyond the [`Limits`]; [`Error::Usage`] for
    /// [`Format::Jsonl`], [`Format::Warc`] and [`Format::Parquet`].
    pub fn clean(&self, input: impl AsRef<[u8]>, options: &Options) -> Result<Cleaned, Error> {
        let format = options.format.unwrap_or(Format::Text);
        if format.is_stream() {
            let name = format.name();
            return Err(Error::Usage(format!("a {name} file holds many captures: clean it with `run`")));
        }
        let Outcome { text, meta } = self.clean_bytes(input.as_ref(), format, &options.info());
        Ok(Cleaned { text: text?, meta })
    }

    /// Cleans one capture that is a string already, as `dechrome clean` cleans the `text` field
    /// of a JSONL record, as a `.txt` file of these bytes (a page in it as a page; line ends
    /// and C1 controls repaired; blank text fails), or with [`Format::Html`] as the `html`
    /// field, a page.
    ///
    /// # Errors
    ///
    /// As [`Cleaner::clean`].
    pub fn clean_str(&self, input: &str, options: &Options) -> Result<Cleaned, Error> {
        let format = options.format.unwrap_or(Format::Text);
        if format.is_stream() {
            return self.clean(input, options);
        }
        let Outcome { text, meta } = self.clean_str_as(input, format, &options.info());
        Ok(Cleaned { text: text?, meta })
    }

    /// [`Cleaner::clean_str`] with the format given (`Text` for `None`).
    pub(crate) fn clean_str_as(&self, input: &str, format: Format, info: &CaptureInfo) -> Outcome {
        if format == Format::Html {
            self.clean_html(input, info)
        } else {
            self.clean_text_capture(input, info)
        }
    }

    /// Decodes and cleans the bytes of a capture of the given format. Text that opens like
    /// an HTML page is cleaned as one.
    pub(crate) fn clean_bytes(&self, bytes: &[u8], format: Format, info: &CaptureInfo) -> Outcome {
        self.clean_bytes_in(bytes, format, info, None)
    }

    /// [`Cleaner::clean_bytes`] for bytes whose transport (an HTTP header) declared `charset`:
    /// it goes before the page's own declaration, after a BOM, as browsers read it.
    pub(crate) fn clean_bytes_in(
        &self,
        bytes: &[u8],
        format: Format,
        info: &CaptureInfo,
        charset: Option<&'static encoding_rs::Encoding>,
    ) -> Outcome {
        let format = if format == Format::Text && Format::sniff_html(bytes) { Format::Html } else { format };
        let mut meta = self.base_meta(info, format);
        meta.content_hash = content_hash(bytes);
        let decoded = match (format, charset) {
            (Format::Html, _) => decode_declared(bytes, charset.or_else(|| html::decode::declared_charset(bytes))),
            (_, Some(_)) => decode_bytes(bytes, charset, false),
            (_, None) => decode(bytes),
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
    pub(crate) fn clean_verbatim(
        &self,
        text: &str,
        format: Format,
        info: &CaptureInfo,
        line_hashes: Option<&[Option<u64>]>,
    ) -> Outcome {
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
    pub(crate) fn clean_html(&self, source: &str, info: &CaptureInfo) -> Outcome {
        let mut meta = self.base_meta(info, Format::Html);
        meta.content_hash = content_hash(source.as_bytes());
        meta.encoding = Some("UTF-8");
        self.clean_page(source, meta, info)
    }

    /// Extracts the main text of an HTML page with the rule files that apply to it (chosen
    /// by host, path, or fingerprints searched in the page's source); returns them too. With
    /// `trace`, the page lists what extraction left out and why ([`Page::removed_blocks`]).
    pub(crate) fn extract_html(
        &self,
        source: &str,
        info: &CaptureInfo,
        trace: bool,
    ) -> Result<(Page, Vec<usize>), CaptureError> {
        let files = self.files_for(source, info);
        let markdown = match self.text_format {
            TextFormat::Plain => None,
            TextFormat::Markdown(options) => Some(html::MarkdownRequest { options, url: info.url.as_deref() }),
        };
        let host = info.host.clone().or_else(|| info.url.as_deref().and_then(host_from_url));
        let context = html::PageContext { url: info.url.as_deref(), host: host.as_deref(), captured: info.captured };
        let template = self.learned.as_ref().and_then(|l| l.template(crate::learn::site_of(info).as_deref()));
        let template = template.map(|t| t as &dyn html::learn::BlockTemplate);
        let rules = self.rules.html_rules(&files);
        let page = html::extract(source, &rules, &self.limits, &context, markdown, template, trace)?;
        Ok((page, files))
    }

    /// Cleans text that is already decoded, as it is (the property tests' way in).
    #[cfg(test)]
    pub(crate) fn clean_text(&self, text: &str, info: &CaptureInfo) -> Outcome {
        let mut meta = self.base_meta(info, Format::Text);
        meta.content_hash = content_hash(text.as_bytes());
        meta.encoding = Some("UTF-8");
        self.clean_decoded(text, meta, info, None)
    }

    /// Cleans a capture given as a string (a record's text field) as a `.txt` file with these
    /// bytes is cleaned: a page in it is cleaned as a page; blank text, NUL and control bytes
    /// fail; line ends and C1 controls are repaired.
    pub(crate) fn clean_text_capture(&self, text: &str, info: &CaptureInfo) -> Outcome {
        if Format::sniff_html(text.as_bytes()) {
            return self.clean_html(text, info);
        }
        let mut meta = self.base_meta(info, Format::Text);
        meta.content_hash = content_hash(text.as_bytes());
        match decode_utf8(text) {
            Ok(decoded) => {
                meta.encoding = Some(decoded.encoding);
                self.clean_decoded(&decoded.text, meta, info, None)
            }
            Err(e) => failed(meta, e),
        }
    }

    /// Applies the rules, then the learned site template and the heuristics, to the text of a
    /// text capture (what `explain` shows).
    pub(crate) fn apply<'t>(&self, text: &'t str, info: &CaptureInfo) -> Applied<'t> {
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
    pub(crate) fn apply_files<'t>(&self, text: &'t str, files: &[usize]) -> (Doc<'t>, MetaValues) {
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
    ) -> Outcome {
        let Applied { doc, files, values, language } = self.apply_hashed(text, info, line_hashes);
        meta.language = language.map(str::to_string);
        let mut cleaned = self.finish(&doc, &files, values, meta);
        if let (TextFormat::Markdown(_), Ok(text)) = (self.text_format, &mut cleaned.text) {
            *text = markdown::escape_text(text);
        }
        cleaned
    }

    fn clean_page(&self, source: &str, mut meta: Metadata, info: &CaptureInfo) -> Outcome {
        let (page, files) = match self.extract_html(source, info, false) {
            Ok(extracted) => extracted,
            Err(e) => return failed(meta, e),
        };
        let (doc, mut values) = self.apply_files(&page.text, &files);
        page.merge_into(&mut values);
        meta.language.clone_from(&page.meta.language);
        meta.date_modified.clone_from(&page.meta.date_modified);
        let mut cleaned = self.finish(&doc, &files, values, meta);
        if let (Some(lines), Ok(text)) = (&page.markdown, &mut cleaned.text) {
            *text = markdown::assemble(&doc, lines);
        }
        cleaned.meta.words_in = page.words_in;
        let mut removed = page.removed;
        removed.append(&mut cleaned.meta.removed);
        cleaned.meta.removed = removed;
        cleaned
    }

    /// The clean text and metadata of a document the rules have run on.
    fn finish(&self, doc: &Doc, files: &[usize], mut values: MetaValues, mut meta: Metadata) -> Outcome {
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
        Outcome { text: Ok(clean), meta }
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
    pub(crate) fn cleaned_with(&self, info: &CaptureInfo) -> String {
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
        // Plain text hashes as it did before there was a choice.
        if self.text_format != TextFormat::Plain {
            hasher.update(&self.text_format.fingerprint().to_le_bytes());
        }
        format!("xxh3-64:{:016x}", hasher.digest())
    }
}

pub(crate) fn failed(mut meta: Metadata, error: CaptureError) -> Outcome {
    meta.error = Some(error.to_string());
    Outcome { text: Err(error), meta }
}

/// One entry per rule (or heuristic), in the order they first removed something.
fn summarize_removals(rules: &RuleSet, doc: &Doc) -> Vec<RemovedBy> {
    let mut out: Vec<RemovedBy> = Vec::new();
    for removal in doc.removals() {
        let id = rules.removal_id(removal.by);
        let entry = if let Some(i) = out.iter_mut().position(|e| *e.rule == *id) {
            &mut out[i]
        } else {
            out.push(RemovedBy {
                rule: rules.shared_removal_id(removal.by),
                kind: rules.removal_kind(removal.by),
                lines: 0,
                spans: 0,
                chars: 0,
            });
            out.last_mut().unwrap()
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
