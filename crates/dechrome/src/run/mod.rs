//! Cleaning whole inputs, as `dechrome clean` does: walk, clean in parallel, write, and count.
//! Files are handled in chunks, so memory does not grow with the number of files, and results
//! are written in walk order, so the output does not depend on the number of threads.

use crate::capture::{CaptureError, Format};
use crate::clean::{CaptureInfo, Cleaner, Outcome};
use crate::error::Error;
use crate::learn;
use crate::learn::template::Template;
use crate::meta::{Metadata, VERSION};
use crate::paths;
use crate::read::read_capture;
use crate::records::Fields;
use crate::table::ParquetSink;
use crate::walk::{Found, Kind, WalkOptions, Walker};
use crate::write::{
    check_output_file, mark_output_folder, pretty_json, with_ext, write_atomic, Destination, Encoded, Layout,
};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod sink;
mod stream;

use sink::{Shape, Sink, Written};

/// Worker threads allowed per core: more only cost memory and start-up (and enough of them
/// can exhaust the machine before any work).
pub const MAX_JOBS_PER_CORE: usize = 4;

/// The most worker threads a run starts (see [`MAX_JOBS_PER_CORE`]).
pub fn max_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get) * MAX_JOBS_PER_CORE
}

/// Files handled per parallel batch: large enough that the wait for a batch's slowest file is
/// a small share of the batch, small enough that a batch's results fit easily in memory.
const CHUNK: usize = 1024;

/// Where results go.
#[derive(Debug, Clone)]
pub enum Output {
    /// `<rel>.txt` + `<rel>.json` per capture, mirroring the input tree.
    Dir(PathBuf),
    /// One JSON line per capture in this file.
    Jsonl(PathBuf),
    /// One JSON line per capture on standard output.
    Stdout,
    /// One row per capture in this Parquet file (`-`: standard output).
    Parquet(PathBuf),
}

/// What a run cleans, where its results go, and how. [`RunOptions::new`] gives the defaults
/// of `dechrome clean`.
#[derive(Debug, Clone)]
#[allow(clippy::struct_excessive_bools)] // independent switches, as the CLI's flags are
pub struct RunOptions {
    /// Files and folders of captures.
    pub inputs: Vec<PathBuf>,
    /// Where the results go.
    pub output: Output,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Globs of paths (relative to their input) to clean; none: every capture.
    pub include: Vec<String>,
    /// Globs of paths (relative to their input) to leave out.
    pub exclude: Vec<String>,
    /// Captures larger than this are refused with a reason.
    pub max_bytes: u64,
    /// Clean everything, write nothing.
    pub dry_run: bool,
    /// Learn each site's template (the lines repeated across its captures) from this run's
    /// inputs, in a first pass over them, and remove it after the rules.
    pub learn: bool,
    /// Bytes of what learning's first pass read that it keeps for the clean, so that they
    /// need not be read again (default 128 MiB).
    pub read_ahead: usize,
    /// Keep the outputs an earlier run wrote for the same input bytes with the same
    /// `cleaned_with` (see [`Metadata::cleaned_with`]); clean the rest. Folder output only.
    pub resume: bool,
    /// Also write the run's [`Summary`] as JSON to this file (or `-`, standard output) when
    /// it ends. Checked before any work, like the output.
    pub report: Option<PathBuf>,
    /// Follow links under the inputs (default); when `false`, they are skipped with a reason.
    /// The inputs themselves are always followed.
    pub follow_links: bool,
    /// What standard input (`-`) holds, and a FIFO whose name says nothing (default JSONL).
    pub stdin_format: Format,
    /// The fields of input records that dechrome reads (`--text-field`, …).
    pub fields: Fields,
    /// Site templates' counts learned before (`--template`), added to what learning counts in
    /// this run's inputs (or used alone without `learn`).
    pub template: Option<Template>,
    /// The URL of the one capture file the run cleans (`--url`): its host chooses the site's
    /// rules, its path may date the page, and it is the metadata's `url`. Records in JSONL and
    /// WARC files keep their own.
    pub url: Option<String>,
}

impl RunOptions {
    /// The inputs cleaned into `output` with `dechrome clean`'s defaults: one worker per core,
    /// captures up to 64 MiB, site templates learned, nothing resumed.
    pub fn new(inputs: Vec<PathBuf>, output: Output) -> Self {
        RunOptions {
            inputs,
            output,
            jobs: 0,
            include: Vec::new(),
            exclude: Vec::new(),
            max_bytes: DEFAULT_MAX_BYTES,
            dry_run: false,
            learn: true,
            read_ahead: learn::READ_AHEAD_BYTES,
            resume: false,
            report: None,
            follow_links: true,
            stdin_format: Format::Jsonl,
            fields: Fields::default(),
            template: None,
            url: None,
        }
    }
}

pub use crate::read::DEFAULT_MAX_BYTES;

/// A capture (or folder) that was not cleaned, with its one-line reason.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The capture's path relative to its input (`path:line` for a JSONL record).
    pub source: String,
    /// Why, in one line.
    pub reason: String,
    /// `true` when skipped on purpose (a format not handled), `false` when it failed.
    pub skipped: bool,
}

impl Problem {
    fn failed(source: String, reason: String) -> Problem {
        Problem { source, reason, skipped: false }
    }
}

/// What the run reports as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// A file was handled (cleaned, skipped or failed).
    File,
    /// A capture or folder was skipped, or failed.
    Problem(&'a Problem),
}

/// Totals of a run.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    /// Files handled.
    pub files: usize,
    /// Captures found in them (a JSONL file holds many).
    pub captures: usize,
    /// Captures cleaned.
    pub cleaned: usize,
    /// Files (and folders) skipped on purpose: not captures (an image, binary data, a hidden
    /// file, an earlier run's output folder, …). The sum of [`Summary::skipped_by_reason`].
    pub skipped: usize,
    /// What was skipped, per short reason (`image (by extension)`, `hidden folder`): nothing
    /// under an input goes uncounted.
    pub skipped_by_reason: BTreeMap<String, usize>,
    /// Captures that failed, each with its reason.
    pub failed: usize,
    /// Captures whose outputs an earlier run wrote and `--resume` kept.
    pub resumed: usize,
    /// Bytes of the captures read.
    pub bytes_in: u64,
    /// Bytes of clean text written.
    pub bytes_out: u64,
    /// Words of the captures' text (a page's: its visible text).
    pub words_in: usize,
    /// Words of the clean text.
    pub words_out: usize,
    /// Lines and spans removed, per rule id.
    pub rule_hits: BTreeMap<Arc<str>, usize>,
    /// Captures cleaned with a warning (over-stripped), and the first few of them.
    pub warned: usize,
    /// The sources of the first few warned captures.
    pub warned_sources: Vec<String>,
}

/// Sources of warned captures the summary names.
const WARNED_NAMED: usize = 5;

impl Summary {
    /// The rules that removed most, most first.
    pub fn top_rules(&self, n: usize) -> Vec<(&str, usize)> {
        let mut rules: Vec<(&str, usize)> = self.rule_hits.iter().map(|(k, &v)| (&**k, v)).collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        rules.truncate(n);
        rules
    }

    /// Counts a file or folder skipped for `reason`.
    fn skip(&mut self, reason: &str) {
        self.skipped += 1;
        *self.skipped_by_reason.entry(reason.to_string()).or_default() += 1;
    }

    fn count(&mut self, tally: Tally) {
        self.captures += 1;
        if tally.resumed {
            self.resumed += 1;
            return;
        }
        let Some(bytes_out) = tally.bytes_out else {
            self.failed += 1;
            return;
        };
        self.cleaned += 1;
        self.bytes_out += bytes_out;
        self.words_in += tally.words_in;
        self.words_out += tally.words_out;
        for (rule, hits) in tally.rule_hits {
            *self.rule_hits.entry(rule).or_default() += hits;
        }
        if let Some(source) = tally.warned_source {
            self.warned += 1;
            if self.warned_sources.len() < WARNED_NAMED {
                self.warned_sources.push(source);
            }
        }
    }
}

/// What the summary needs of a capture, taken from its metadata by the worker that cleaned it:
/// the rest goes there and then, so that a batch holds little and the thread that gathers the
/// batches has little to count and free while the workers wait for the next one.
struct Tally {
    /// Bytes of the capture read (counted here for a stream's records).
    bytes_in: u64,
    /// Bytes of clean text; `None` when the capture failed.
    bytes_out: Option<u64>,
    words_in: usize,
    words_out: usize,
    /// Lines and spans removed, by rule.
    rule_hits: Vec<(Arc<str>, usize)>,
    /// The capture's source, when it was cleaned with a warning.
    warned_source: Option<String>,
    /// Its outputs were an earlier run's, kept.
    resumed: bool,
}

impl Tally {
    fn of(cleaned: Outcome) -> Tally {
        let meta = cleaned.meta;
        Tally {
            bytes_in: 0,
            bytes_out: cleaned.text.as_ref().ok().map(|text| text.len() as u64),
            words_in: meta.words_in,
            words_out: meta.words_out,
            rule_hits: meta.removed.into_iter().map(|removed| (removed.rule, removed.lines + removed.spans)).collect(),
            warned_source: (!meta.warnings.is_empty()).then_some(meta.source),
            resumed: false,
        }
    }

    fn resumed() -> Tally {
        Tally {
            bytes_in: 0,
            bytes_out: None,
            words_in: 0,
            words_out: 0,
            rule_hits: Vec::new(),
            warned_source: None,
            resumed: true,
        }
    }

    /// The tally of a capture whose output could not be written.
    fn unwritten(mut self) -> Tally {
        self.bytes_out = None;
        self.warned_source = None;
        self
    }
}

/// What handling one file produced.
struct FileOutcome {
    bytes_in: u64,
    captures: Vec<Tally>,
    /// Results for the run's output file, in order.
    written: Vec<Written>,
    problems: Vec<Problem>,
    /// A write failure that every capture would meet (disk full, output folder gone): it
    /// stops the run. One that is the capture's own fails the capture alone.
    write_error: Option<Error>,
}

impl FileOutcome {
    /// Whether the file was read and found to be no capture (binary data): it is counted as
    /// skipped, not among the files handled.
    fn is_skipped(&self) -> bool {
        self.captures.is_empty() && self.problems.iter().any(|p| p.skipped)
    }
}

/// Cleans every capture under `options.inputs`.
///
/// Before any work, the paths are checked: every input exists, and no output can replace an
/// input or be written among them.
///
/// # Errors
///
/// What stops the run: an input that cannot be read ([`Error::Input`]), outputs that would
/// overlap the inputs or options that do not go together ([`Error::Usage`]), and write errors
/// that every capture would meet, such as a full disk ([`Error::Io`]). A capture that fails
/// alone is reported as an [`Event::Problem`] and counted in the [`Summary`].
///
/// # Panics
///
/// Only on a bug: the summary always serializes.
pub fn run(cleaner: &Cleaner, options: &RunOptions, mut on_event: impl FnMut(Event)) -> Result<Summary, Error> {
    let started = std::time::SystemTime::now();
    if options.resume && !matches!(options.output, Output::Dir(_)) {
        return Err(Error::Usage("--resume needs folder output (--format files)".into()));
    }
    let inputs = paths::check_inputs(&options.inputs)?;
    if options.url.is_some() && (inputs.len() != 1 || inputs[0].is_dir()) {
        return Err(Error::Usage("--url names the URL of one capture: give one file".into()));
    }
    let report = match &options.report {
        Some(path) => Some((path, crate::write::check_output_file("--report", path, &inputs)?)),
        None => None,
    };
    let mut skip = Vec::new();
    let mut layout = None;
    let mut sink: Option<Sink> = None;
    let mut output_file = None;
    match &options.output {
        Output::Dir(out) => {
            let out = paths::check_output_folder(out, &inputs)?;
            let mut folders = Layout::new(&out, &options.inputs).map_err(Error::Usage)?;
            folders.remove_stale_temps_before(started);
            // No capture's output takes the report's name.
            for path in report.iter().filter_map(|(_, destination)| destination.path()) {
                folders.reserve(paths::resolve(path).map_err(|e| Error::io(path, e))?);
            }
            if !options.dry_run {
                mark_output_folder(&out).map_err(|e| Error::io(&out, e))?;
            }
            layout = Some(folders);
            skip.push(out);
        }
        Output::Jsonl(path) | Output::Parquet(path) => {
            let destination = check_output_file("--out", path, &inputs)?;
            if let Destination::File(file) = &destination {
                output_file = Some(file.clone());
            }
            if !options.dry_run {
                if let Some(folder) = destination.path().and_then(Path::parent) {
                    paths::remove_stale_temps(folder, started);
                }
                let table = matches!(options.output, Output::Parquet(_));
                let writer = destination.writer().and_then(|w| {
                    if table {
                        Ok(Sink::Table(Box::new(ParquetSink::new(w)?)))
                    } else {
                        Encoded::for_name(w, path).map(Sink::Lines)
                    }
                });
                sink = Some(writer.map_err(|e| Error::io(path, e))?);
            }
        }
        Output::Stdout if !options.dry_run => {
            sink = Some(Sink::Lines(Encoded::Plain(Destination::Stdout.writer().map_err(|e| Error::io("-", e))?)));
        }
        Output::Stdout => {}
    }
    let walker = Walker::new(
        &options.inputs,
        WalkOptions {
            include: options.include.clone(),
            exclude: options.exclude.clone(),
            skip,
            follow_links: options.follow_links,
            stdin_format: options.stdin_format,
        },
    )?;
    let jobs = options.jobs.min(max_jobs());
    let pool = crate::walk::worker_pool(jobs)?;
    // Pass 1: learn each site's template from the captures about to be cleaned.
    let learning;
    let mut read_ahead = learn::ReadAhead::default();
    let cleaner = if options.learn || options.template.is_some() {
        let mut counts = learn::Counts::default();
        if options.learn {
            let small = small_sites(&walker, options.template.as_ref());
            (counts, read_ahead) = learn::survey(
                &walker,
                &pool,
                options.max_bytes,
                |f| !is_output_file(f, output_file.as_deref()) && !f.host.as_ref().is_some_and(|h| small.contains(h)),
                options.read_ahead,
                &options.fields,
            );
        }
        if let Some(template) = &options.template {
            counts.merge(template.counts.clone());
        }
        learning = cleaner.with_learned(counts.learn());
        &learning
    } else {
        cleaner
    };

    let shape = sink.as_ref().map_or(Shape::Nothing, Sink::shape);
    let mut summary = Summary::default();
    walker.with_iter(|entries| -> Result<(), Error> {
        loop {
            let mut chunk: Vec<(Found, Option<PathBuf>, Option<learn::Read>)> = Vec::with_capacity(CHUNK);
            let mut consumed = 0;
            // A stream is cleaned after the files before it, in batches of its own.
            let mut stream = None;
            for entry in (&mut *entries).take(CHUNK) {
                consumed += 1;
                match entry {
                    Ok(found) if is_output_file(&found, output_file.as_deref()) => {}
                    Ok(found) => {
                        let text = cleaner.text_format().extension();
                        let extensions: &[&str] = if stream::is_stream(&found) { &["jsonl"] } else { &[text, "json"] };
                        // Output names matter only to what is written.
                        let base = layout.as_mut().filter(|_| !options.dry_run).map(|l| l.claim(&found, extensions));
                        if stream::is_stream(&found) {
                            stream = Some((found, base));
                            break;
                        }
                        let read = read_ahead.take(&found.path);
                        chunk.push((found, base, read));
                    }
                    Err(problem) => {
                        if problem.skipped {
                            summary.skip(&problem.reason);
                        } else {
                            summary.files += 1;
                            summary.failed += 1;
                        }
                        let problem = Problem {
                            source: problem.path.display().to_string(),
                            reason: problem.reason,
                            skipped: problem.skipped,
                        };
                        on_event(Event::Problem(&problem));
                    }
                }
            }
            let outcomes: Vec<FileOutcome> = pool.install(|| {
                chunk
                    .par_iter_mut()
                    .map(|(found, base, read)| {
                        handle_file(cleaner, found, base.as_deref(), read.take(), options, shape)
                    })
                    .collect()
            });
            for outcome in outcomes {
                if let Some(error) = outcome.write_error {
                    return Err(error);
                }
                summary.files += usize::from(!outcome.is_skipped());
                summary.bytes_in += outcome.bytes_in;
                for tally in outcome.captures {
                    summary.count(tally);
                }
                for problem in &outcome.problems {
                    if problem.skipped {
                        summary.skip(&problem.reason);
                    }
                    on_event(Event::Problem(problem));
                }
                if let Some(sink) = sink.as_mut() {
                    for written in &outcome.written {
                        sink.write(written).map_err(|e| Error::io(output_name(&options.output), e))?;
                    }
                }
                on_event(Event::File);
            }
            if let Some((found, base)) = stream {
                let streams = stream::Streams { cleaner, pool: &pool, options };
                streams.clean(&found, base.as_deref(), sink.as_mut(), &mut summary, &mut on_event)?;
                on_event(Event::File);
            } else if consumed < CHUNK {
                break;
            }
        }
        Ok(())
    })?;
    if let Some(sink) = sink {
        sink.finish().map_err(|e| Error::io(output_name(&options.output), e))?;
    }
    if let Some((path, destination)) = report {
        let json = serde_json::to_string_pretty(&summary).expect("a summary serializes");
        destination.write_all(json.as_bytes()).map_err(|e| Error::io(path, e))?;
    }
    Ok(summary)
}

fn output_name(output: &Output) -> PathBuf {
    match output {
        Output::Dir(p) | Output::Jsonl(p) | Output::Parquet(p) => p.clone(),
        Output::Stdout => PathBuf::from("<stdout>"),
    }
}

/// The hosts whose pages are too few to learn from (with a template's pages of the site), when
/// no input holds records: pass 1 need not read their files, since a site of fewer than
/// [`learn::MIN_CAPTURES`] captures has no template. (Records may name any site, so with
/// JSONL or Parquet inputs every file is read.)
fn small_sites(walker: &Walker, template: Option<&Template>) -> HashSet<String> {
    let mut pages: HashMap<String, usize> = HashMap::new();
    let mut records = false;
    walker.with_iter(|entries| {
        for found in entries.filter_map(Result::ok) {
            match (found.format, &found.host) {
                (Kind::Capture(Format::Jsonl | Format::Parquet), _) => records = true,
                (_, Some(host)) => *pages.entry(host.clone()).or_default() += 1,
                _ => {}
            }
        }
    });
    if records {
        return HashSet::new();
    }
    let from_template = |host: &str| template.map_or(0, |t| t.captures_of(host));
    pages.into_iter().filter(|(host, n)| n + from_template(host) < learn::MIN_CAPTURES).map(|(host, _)| host).collect()
}

/// Whether `found` is the run's own JSONL output (`output`, resolved), lying in an input.
fn is_output_file(found: &Found, output: Option<&Path>) -> bool {
    output.is_some_and(|out| {
        found.path.file_name() == out.file_name() && paths::resolve(&found.path).is_ok_and(|p| p == out)
    })
}

/// Cleans one file, from `read` when pass 1 kept its bytes, else from the disk.
fn handle_file(
    cleaner: &Cleaner,
    found: &Found,
    base: Option<&Path>,
    read: Option<learn::Read>,
    options: &RunOptions,
    shape: Shape,
) -> FileOutcome {
    let mut outcome =
        FileOutcome { bytes_in: 0, captures: Vec::new(), written: Vec::new(), problems: Vec::new(), write_error: None };
    let info =
        CaptureInfo { source: found.rel.clone(), host: found.host.clone(), url: options.url.clone(), captured: None };
    let read = match read {
        Some(read) => Ok(read),
        None => read_capture(&found.path, options.max_bytes).map(learn::Read::Bytes),
    };
    let Some(format) = format_of(found, &read) else {
        let reason = crate::walk::reason::NOT_TEXT.to_string();
        outcome.problems.push(Problem { source: found.rel.clone(), reason, skipped: true });
        return outcome;
    };
    if let (Ok(read), Some(base), true) = (&read, base, options.resume) {
        if is_done(base, read.as_bytes(), &cleaner.cleaned_with(&info), cleaner.text_format().extension()) {
            outcome.bytes_in = read.as_bytes().len() as u64;
            outcome.captures.push(Tally::resumed());
            return outcome;
        }
    }
    let captures = match read {
        Ok(read) => {
            outcome.bytes_in = read.as_bytes().len() as u64;
            match (format, &read) {
                (format, learn::Read::Verbatim(text, lines)) => {
                    vec![cleaner.clean_verbatim(text, format, &info, lines.as_deref())]
                }
                (format, learn::Read::Bytes(bytes)) => vec![cleaner.clean_bytes(bytes, format, &info)],
            }
        }
        Err(error) => vec![failed_capture(cleaner, &info, format, error)],
    };
    for captured in &captures {
        if let Some(error) = &captured.meta.error {
            outcome.problems.push(Problem {
                source: captured.meta.source.clone(),
                reason: error.clone(),
                skipped: false,
            });
        }
    }
    let mut unwritten = false;
    if !options.dry_run {
        if let (Some(base), Output::Dir(out)) = (base, &options.output) {
            if let Err(error) = write_pair(base, &captures, cleaner.text_format().extension()) {
                if stops_the_run(&error, out) {
                    outcome.write_error = Some(error);
                } else {
                    unwritten = true;
                    outcome.problems.push(Problem {
                        source: found.rel.clone(),
                        reason: format!("output not written: {error}"),
                        skipped: false,
                    });
                }
            }
        } else {
            let written = captures.iter().filter_map(|c| shape.of(&c.meta, c.text.as_deref().ok(), None));
            outcome.written.extend(written);
        }
    }
    outcome.captures =
        captures.into_iter().map(|c| if unwritten { Tally::of(c).unwritten() } else { Tally::of(c) }).collect();
    outcome
}

/// The format of a file as read: what its name says, or else what its bytes tell; `None` for
/// binary data. A file whose name says nothing and that cannot be read fails as text.
fn format_of(found: &Found, read: &Result<learn::Read, CaptureError>) -> Option<Format> {
    match (found.format, read) {
        (Kind::Capture(format), _) => Some(format),
        (Kind::Sniff, Ok(read)) => Kind::Sniff.resolve(read.as_bytes()),
        (Kind::Sniff, Err(_)) => Some(Format::Text),
    }
}

/// Whether the outputs at `base` are an earlier run's for these bytes, cleaned as this run
/// would: its `.json` (written last) names the same content hash and `cleaned_with`, and no
/// error. A failed capture is tried again.
fn is_done(base: &Path, bytes: &[u8], cleaned_with: &str, text_extension: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Written {
        content_hash: String,
        cleaned_with: Option<String>,
        error: Option<String>,
    }
    let Ok(json) = std::fs::read(with_ext(base, "json")) else { return false };
    let Ok(written) = serde_json::from_slice::<Written>(&json) else { return false };
    written.error.is_none()
        && written.cleaned_with.as_deref() == Some(cleaned_with)
        && written.content_hash == crate::meta::content_hash(bytes)
        && with_ext(base, text_extension).is_file()
}

/// Whether a write error would meet every capture after this one: the disk is full or
/// read-only, or the output folder is gone. Anything else is the capture's own (a name the
/// filesystem refuses, a folder in the way).
fn stops_the_run(error: &Error, out: &Path) -> bool {
    use std::io::ErrorKind;
    let Error::Io { source, .. } = error else { return true };
    matches!(source.kind(), ErrorKind::StorageFull | ErrorKind::ReadOnlyFilesystem | ErrorKind::QuotaExceeded)
        || !out.is_dir()
}

pub(crate) fn failed_capture(cleaner: &Cleaner, info: &CaptureInfo, format: Format, error: CaptureError) -> Outcome {
    let meta = Metadata {
        source: info.source.clone(),
        format: format.name(),
        site: info.host.clone(),
        cleaned_with: cleaner.cleaned_with(info),
        dechrome: VERSION,
        error: Some(error.to_string()),
        ..Metadata::default()
    };
    Outcome { text: Err(error), meta }
}

/// Text (`.txt`, or `.md` for Markdown: `text_extension`) + metadata for a capture.
fn write_pair(base: &Path, captures: &[Outcome], text_extension: &str) -> Result<(), Error> {
    let write = |path: PathBuf, bytes: &[u8]| write_atomic(&path, bytes).map_err(|e| Error::io(path, e));
    for captured in captures {
        let text_path = with_ext(base, text_extension);
        match &captured.text {
            Ok(text) => write(text_path, text.as_bytes())?,
            // A stale text from an earlier run must not pass for this run's result.
            Err(_) => {
                let _ = std::fs::remove_file(&text_path);
            }
        }
        write(with_ext(base, "json"), pretty_json(&captured.meta).as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_words_rules_warnings_and_failures() {
        let dir = tempfile::tempdir().unwrap();
        let body = "The council approved the budget after a long debate on Tuesday night.\n";
        let captures = [
            ("a.txt", format!("{body}Advertisement\n{body}")),
            // Nothing but chrome: over-stripped, with a warning that names it.
            ("b.txt", "Advertisement\n".repeat(120)),
            ("c.txt", format!("Advertisement\n{body}Advertisement\n{body}")),
            ("d.txt", String::new()),
        ];
        for (name, text) in &captures {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let cleaner = Cleaner::builder().heuristics(false).build().unwrap();
        let options = RunOptions {
            jobs: 1,
            max_bytes: 1 << 20,
            dry_run: true,
            learn: false,
            read_ahead: 0,
            ..RunOptions::new(vec![dir.path().to_path_buf()], Output::Dir(dir.path().join("out")))
        };
        let summary = run(&cleaner, &options, |_| {}).unwrap();
        assert_eq!((summary.files, summary.captures, summary.cleaned, summary.failed), (4, 4, 3, 1));
        let body_words = body.split_whitespace().count();
        assert_eq!(summary.words_in, 2 * body_words + 1 + 120 + 2 + 2 * body_words);
        assert_eq!(summary.words_out, 4 * body_words);
        assert_eq!(summary.rule_hits.get("generic.advertisement-label"), Some(&(1 + 120 + 2)));
        assert_eq!(summary.rule_hits.len(), 1, "{:?}", summary.rule_hits);
        assert_eq!((summary.warned, summary.warned_sources.as_slice()), (1, &["b.txt".to_string()][..]));
        let bytes_in: usize = captures.iter().map(|(_, text)| text.len()).sum();
        assert_eq!(summary.bytes_in, bytes_in as u64);
    }
}
