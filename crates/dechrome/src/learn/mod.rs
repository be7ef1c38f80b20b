//! Chrome learned across a site's pages: lines that repeat in many captures of one site are its
//! template (menus, footers, author bios, newsletter boxes) and go, as `learned.site-template`.
//!
//! Two passes over the inputs. [`survey`] (pass 1) counts, per site, in how many captures each
//! normalised line occurs — by hash only, so memory grows with the distinct lines of a site,
//! never with their text. [`Learned`] keeps, per site with enough captures, the hashes that pass
//! the threshold. Pass 2 is the ordinary clean: [`remove_template`] runs right after the rules.
//! Counts are sums, so the result depends neither on `--jobs` nor on the order of the files.

use crate::capture::{decode, decode_declared, decode_utf8, CaptureError, CaptureInfo, Decoded, Format};
use crate::doc::{By, Doc};
use crate::hosts::{host_from_url, normalize_host};
use crate::records::{self, Content, Fields, Item, Record};
use crate::walk::{Found, Kind, Walker};

pub mod template;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A site needs this many captures in the run before anything is learned from it.
pub const MIN_CAPTURES: usize = 4;
/// A line is template when it occurs in at least this many of the site's captures…
pub const MIN_OCCURRENCES: usize = 3;
/// …and in at least this share of them. Measured on the dev split of the evaluation corpus
/// (sites of 4 to 83 captures): 0 to 5 % score alike (ALL F1 within 0.001), 20 % loses 0.01;
/// on a large site the share keeps a quote or a stock line ("Yes.") that recurs by chance.
pub const MIN_SHARE: f64 = 0.05;

/// The smallest number of a site's `captures` a line must occur in to be its template.
pub fn threshold(captures: usize) -> usize {
    MIN_OCCURRENCES.max((MIN_SHARE * captures as f64).ceil() as usize)
}

/// Keys are already hashes: use them as they are.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type HashSetU64 = HashSet<u64, BuildHasherDefault<IdentityHasher>>;
type HashMapU64<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// ASCII bytes as learning sees them: white space dropped (0), letters lowercase, digits `0`.
const ASCII_NORMAL: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_whitespace() || c == 0x0b {
            0
        } else if c.is_ascii_digit() {
            b'0'
        } else {
            c.to_ascii_lowercase()
        };
        b += 1;
    }
    table
};

/// Lines longer than this (in bytes, trimmed) are hashed as they are: a long line repeated on
/// a site's pages is a verbatim copy, and most of a capture's bytes are in its long lines, so
/// normalising only short ones keeps learning cheap.
pub const LONG_LINE: usize = 200;

/// The hash of a line as learning sees it: without white space, lowercase, every run of digits
/// one `0` (so "12 Comments" and "3 comments" are one line); a line longer than [`LONG_LINE`] bytes only
/// trimmed. `None` for a blank line. On the hot path: every line is hashed once per pass, so the
/// normal form is built in a buffer of the thread's, never allocated.
pub fn line_hash(line: &str) -> Option<u64> {
    let line = line.trim();
    if line.len() > LONG_LINE {
        return Some(xxhash_rust::xxh3::xxh3_64_with_seed(line.as_bytes(), 1));
    }
    // Lowercasing a char takes at most three times its bytes. The buffer is kept per thread:
    // clearing one on the stack for every line would cost more than the hashing.
    thread_local! {
        static NORMAL: std::cell::RefCell<[u8; 3 * LONG_LINE]> = const { std::cell::RefCell::new([0; 3 * LONG_LINE]) };
    }
    NORMAL.with_borrow_mut(|buf| normal_hash(line, buf))
}

/// The hash of a trimmed short line's normal form, built in `buf`.
fn normal_hash(line: &str, buf: &mut [u8; 3 * LONG_LINE]) -> Option<u64> {
    let bytes = line.as_bytes();
    let mut n = 0;
    let mut i = 0;
    // A run of digits is one `0`.
    let mut digits = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let m = ASCII_NORMAL[b as usize];
            let digit = m == b'0';
            buf[n] = m;
            n += usize::from(m != 0 && !(digit && digits));
            digits = digit;
            i += 1;
            continue;
        }
        let c = line[i..].chars().next().expect("a char starts here");
        i += c.len_utf8();
        let digit = c.is_numeric();
        if digit && !digits {
            buf[n] = b'0';
            n += 1;
        }
        digits = digit;
        if digit || c.is_whitespace() {
            continue;
        }
        for lower in c.to_lowercase() {
            n += lower.encode_utf8(&mut buf[n..]).len();
        }
    }
    (n > 0).then(|| xxhash_rust::xxh3::xxh3_64(&buf[..n]))
}

/// The distinct line hashes of one capture, sorted.
#[cfg(test)]
pub fn capture_hashes(text: &str) -> Vec<u64> {
    distinct(&line_hashes(text))
}

/// The hash of each line of `text` (split at `\n`, as [`Doc`] splits it), in order.
pub fn line_hashes(text: &str) -> Vec<Option<u64>> {
    let bytes = text.as_bytes();
    let mut hashes = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        hashes.push(line_hash(&text[start..end]));
        start = end + 1;
    }
    hashes
}

/// The distinct hashes among `lines`, sorted.
pub fn distinct(lines: &[Option<u64>]) -> Vec<u64> {
    let mut hashes: Vec<u64> = lines.iter().flatten().copied().collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// The site a capture belongs to for learning: the host its folder names, else its URL's.
/// A URL's host loses its `www.`, as a folder's does.
pub fn site_of(info: &CaptureInfo) -> Option<String> {
    info.host.clone().or_else(|| info.url.as_deref().and_then(host_from_url).map(|h| normalize_host(&h)))
}

/// Per site: how many captures, and in how many of them each line hash occurs. Counts are
/// sums: those of two halves of a corpus, merged, are those of the whole.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    sites: BTreeMap<String, SiteCounts>,
}

#[derive(Debug, Default, Clone, PartialEq)]
struct SiteCounts {
    captures: usize,
    lines: HashMapU64<u32>,
}

impl Counts {
    /// Counts one capture of `site` given its distinct line hashes.
    pub fn add(&mut self, site: &str, hashes: &[u64]) {
        let counts = match self.sites.get_mut(site) {
            Some(c) => c,
            None => self.sites.entry(site.to_string()).or_default(),
        };
        counts.captures += 1;
        for &h in hashes {
            *counts.lines.entry(h).or_insert(0) += 1;
        }
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: Counts) {
        for (site, theirs) in other.sites {
            let ours = self.sites.entry(site).or_default();
            ours.captures += theirs.captures;
            for (hash, n) in theirs.lines {
                let count = ours.lines.entry(hash).or_insert(0);
                *count = count.saturating_add(n);
            }
        }
    }

    /// Counts one capture's text.
    #[cfg(test)]
    pub fn add_text(&mut self, site: &str, text: &str) {
        self.add(site, &capture_hashes(text));
    }

    /// The template of every site with at least [`MIN_CAPTURES`] captures.
    pub fn learn(self) -> Learned {
        let sites = self
            .sites
            .into_iter()
            .map(|(site, counts)| {
                let lines = if counts.captures >= MIN_CAPTURES {
                    let min = threshold(counts.captures) as u32;
                    counts.lines.into_iter().filter(|&(_, n)| n >= min).map(|(h, _)| h).collect()
                } else {
                    HashSetU64::default()
                };
                let digest = template_digest(&lines);
                (site, SiteTemplate { captures: counts.captures, lines, digest })
            })
            .collect();
        Learned { sites }
    }
}

/// The hash of a page's block of text ([`crate::html::learn`]), as learning compares it:
/// short blocks as [`line_hash`] sees a line (white space, case and digits aside), long ones by
/// their words, so that the white space of the source, which the scanner of pass 1 and the
/// parser of pass 2 read alike but not always, never counts.
pub fn block_hash(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.len() <= LONG_LINE {
        return line_hash(text);
    }
    let mut hasher = xxhash_rust::xxh3::Xxh3::with_seed(BLOCK_SEED);
    for word in text.split_whitespace() {
        hasher.update(word.as_bytes());
    }
    Some(hasher.digest())
}

/// Seeds the hash of long blocks: apart from every short block's and every text line's.
const BLOCK_SEED: u64 = 2;

impl crate::html::learn::BlockTemplate for SiteTemplate {
    fn hash(&self, text: &str) -> Option<u64> {
        block_hash(text)
    }

    fn contains(&self, hash: u64) -> bool {
        self.lines.contains(&hash)
    }
}

/// What was learned about one site.
#[derive(Debug, Default, Clone)]
pub struct SiteTemplate {
    /// Captures of the site in the run.
    pub captures: usize,
    /// Hashes ([`line_hash`]) of its template lines; empty when it had too few captures.
    pub lines: HashSetU64,
    /// A hash of the template (see [`template_digest`]).
    pub digest: u64,
}

/// One hash of a template's lines, whatever their order: outputs cleaned with templates of
/// the same digest are alike.
pub fn template_digest(lines: &HashSetU64) -> u64 {
    let mut sorted: Vec<u64> = lines.iter().copied().collect();
    sorted.sort_unstable();
    let bytes: Vec<u8> = sorted.iter().flat_map(|h| h.to_le_bytes()).collect();
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

impl SiteTemplate {
    pub fn contains(&self, line: &str) -> bool {
        self.contains_hash(line_hash(line))
    }

    /// [`SiteTemplate::contains`] for a line's hash.
    pub fn contains_hash(&self, hash: Option<u64>) -> bool {
        !self.lines.is_empty() && hash.is_some_and(|h| self.lines.contains(&h))
    }
}

/// The templates learned from a run, by site.
#[derive(Debug, Default, Clone)]
pub struct Learned {
    pub sites: BTreeMap<String, SiteTemplate>,
}

impl Learned {
    /// The template of a capture's site, when one was learned.
    pub fn template(&self, site: Option<&str>) -> Option<&SiteTemplate> {
        self.sites.get(site?).filter(|t| !t.lines.is_empty())
    }

    /// Learns from texts given as (site, text) pairs: a convenience for tests and small inputs.
    #[cfg(test)]
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Learned {
        let mut counts = Counts::default();
        for (site, text) in texts {
            counts.add_text(site, text);
        }
        counts.learn()
    }
}

/// Pass 2: removes the lines of `doc` that are its site's template, as [`By::Learned`]. Lines
/// that rules already removed keep their rule; blank lines are never touched. A capture whose
/// every remaining line is template (a duplicate page, an index of the site's own links) keeps
/// them all: learning never empties a capture. `line_hashes`, when given, are the hashes of the
/// document's lines ([`line_hashes`] of its source). Returns the number of lines removed.
pub fn remove_template(doc: &mut Doc, template: &SiteTemplate, line_hashes: Option<&[Option<u64>]>) -> usize {
    let mut found = Vec::new();
    let mut live = 0;
    for i in 0..doc.len() {
        if !doc.is_blank(i) && !doc.is_removed(i) {
            live += 1;
            let hash = match line_hashes.and_then(|h| h.get(i)) {
                Some(&hash) => hash,
                None => line_hash(doc.original(i)),
            };
            if template.contains_hash(hash) {
                found.push(i);
            }
        }
    }
    if found.len() == live {
        return 0;
    }
    for &i in &found {
        doc.remove(i, By::Learned);
    }
    found.len()
}

/// The bytes of captures pass 1 read, kept for pass 2 up to a budget, so that a run that fits
/// in it reads each file once. Which files are kept depends on timing; what they hold does not.
#[derive(Debug, Default)]
pub struct ReadAhead {
    /// By path, as bytes: hashing a `Path` walks its components.
    files: HashMap<std::ffi::OsString, Read, xxhash_rust::xxh3::Xxh3Builder>,
}

/// A file as pass 1 read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// Valid UTF-8 that decoding keeps as it is: pass 2 need not decode it again, nor (for a
    /// text file) hash its lines: those are kept when pass 1 hashed them.
    Verbatim(String, Option<Vec<Option<u64>>>),
    /// Anything else, as bytes.
    Bytes(Vec<u8>),
}

impl Read {
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Read::Verbatim(text, _) => text.as_bytes(),
            Read::Bytes(bytes) => bytes,
        }
    }
}

impl ReadAhead {
    /// The file at `path` as pass 1 read it, if it was kept; it is handed over once.
    pub fn take(&mut self, path: &std::path::Path) -> Option<Read> {
        self.files.remove(path.as_os_str())
    }
}

/// The line counts of the sites of the captures under `folders`, as a run counts them before
/// it cleans them (see [`crate::CleanerBuilder::learn_from`]).
pub fn learn_folders(folders: &[std::path::PathBuf]) -> Result<Counts, crate::error::Error> {
    let walker = Walker::new(folders, crate::walk::WalkOptions::default())?;
    let pool = crate::walk::worker_pool(0)?;
    Ok(survey(&walker, &pool, crate::read::DEFAULT_MAX_BYTES, |_| true, 0, &Fields::default()).0)
}

/// Counts the lines of the captures under `inputs` per site, as a run's learning pass does,
/// into a [`template::Template`] to save, merge, and clean with later (`dechrome learn`).
///
/// # Errors
///
/// [`crate::Error::Input`] for an input that cannot be read, [`crate::Error::Usage`] for a
/// worker pool that cannot start.
pub fn learn_template(
    inputs: &[std::path::PathBuf],
    jobs: usize,
    max_bytes: u64,
    fields: &Fields,
) -> Result<template::Template, crate::error::Error> {
    crate::paths::check_inputs(inputs)?;
    let walker = Walker::new(inputs, crate::walk::WalkOptions::default())?;
    let pool = crate::walk::worker_pool(jobs)?;
    let (counts, _) = survey(&walker, &pool, max_bytes, |_| true, 0, fields);
    Ok(template::Template { counts })
}

/// What pass 1 made of one file: each capture's site and line hashes, and the file as read
/// when it is kept for pass 2.
type FileHashes = (Vec<(String, Vec<u64>)>, Option<Read>);

/// How many bytes of captures pass 1 keeps in memory for pass 2 by default (`--read-ahead`).
pub const READ_AHEAD_BYTES: usize = 128 << 20;

/// Pass 1 over the captures the walker finds: reads and decodes each (text files and the
/// records of JSONL files, as cleaning does) and counts its lines under its site. Captures that
/// cannot be read or decoded are left out here; pass 2 reports them. `keep` filters files.
/// Up to `read_ahead` bytes of what was read (the text, and the hashes of its lines) are
/// handed back for pass 2.
pub fn survey(
    walker: &Walker,
    pool: &rayon::ThreadPool,
    max_bytes: u64,
    keep: impl Fn(&Found) -> bool + Sync,
    read_ahead: usize,
    fields: &Fields,
) -> (Counts, ReadAhead) {
    const CHUNK: usize = 1024;
    let mut counts = Counts::default();
    let mut kept = ReadAhead::default();
    let budget = std::sync::atomic::AtomicUsize::new(read_ahead);
    // A text file outside a host folder has no site: it is never learned from, nor read here.
    // One whose name says nothing may be text: it is read, and its bytes tell.
    let learnable = |f: &Found| {
        !f.pipe
            && match f.format {
                Kind::Capture(Format::Text | Format::Html) | Kind::Sniff => f.host.is_some(),
                // A WARC's records are not learned from (yet).
                Kind::Capture(Format::Jsonl | Format::Parquet) => true,
                Kind::Capture(Format::Warc) => false,
            }
    };
    walker.with_iter(|entries| {
        let mut entries = entries.filter_map(Result::ok).filter(|f| learnable(f) && keep(f));
        loop {
            let chunk: Vec<Found> = entries.by_ref().take(CHUNK).collect();
            let per_file: Vec<FileHashes> =
                pool.install(|| chunk.par_iter().map(|found| file_hashes(found, max_bytes, &budget, fields)).collect());
            for (found, (captures, read)) in chunk.iter().zip(per_file) {
                for (site, hashes) in &captures {
                    counts.add(site, hashes);
                }
                if let Some(read) = read {
                    kept.files.insert(found.path.clone().into_os_string(), read);
                }
            }
            if chunk.len() < CHUNK {
                break;
            }
        }
    });
    (counts, kept)
}

/// The captures of one file with a site, each as its site and its distinct line hashes, and
/// the file as read when it fits in what is left of `budget`.
fn file_hashes(
    found: &Found,
    max_bytes: u64,
    budget: &std::sync::atomic::AtomicUsize,
    fields: &Fields,
) -> (Vec<(String, Vec<u64>)>, Option<Read>) {
    use std::sync::atomic::Ordering;
    let mut out = Vec::new();
    if let Some(format) = found.format.stream() {
        for_each_record(found, format, max_bytes, fields, |info, capture| {
            if let Some(site) = site_of(info) {
                out.push((site, distinct(&line_hashes(capture))));
            }
        });
        return (out, None);
    }
    let Ok(bytes) = crate::read::read_capture(&found.path, max_bytes) else { return (out, None) };
    // Binary data is skipped by the clean too: neither learned from nor kept.
    let Some(format) = found.format.resolve(&bytes) else { return (out, None) };
    let reserve = |bytes: usize| {
        budget.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(bytes)).is_ok()
    };
    let fits = reserve(bytes.len());
    if format == Format::Html || (format == Format::Text && Format::sniff_html(&bytes)) {
        let (hashes, read) = page_hashes(bytes);
        out.extend(site_of(&file_info(found)).zip(hashes));
        return (out, read.filter(|_| fits));
    }
    // The line hashes of a text file, for pass 2 (a JSONL file's records are hashed one by one).
    let mut text_lines = None;
    let mut count = |info: &CaptureInfo, capture: &str| {
        if let Some(site) = site_of(info) {
            let lines = line_hashes(capture);
            out.push((site, distinct(&lines)));
            if format == Format::Text {
                text_lines = Some(lines);
            }
        }
    };
    // Valid UTF-8 is checked once, here, and handed over as text.
    let read = if crate::capture::as_utf8(&bytes).is_some() {
        // SAFETY: the bytes were just checked to be valid UTF-8.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        let decoded = decode_utf8(&text);
        let verbatim = decoded.as_ref().is_ok_and(|d| d.is_verbatim(text.as_bytes()));
        captures_in(found, format, decoded, &mut count);
        if verbatim {
            let lines = text_lines.filter(|l| fits && reserve(std::mem::size_of_val(l.as_slice())));
            Read::Verbatim(text, lines)
        } else {
            Read::Bytes(text.into_bytes())
        }
    } else {
        captures_in(found, format, decode(&bytes), &mut count);
        Read::Bytes(bytes)
    };
    (out, fits.then_some(read))
}

/// What is known of a file's capture before it is read: its name and its folder's host.
fn file_info(found: &Found) -> CaptureInfo {
    CaptureInfo { source: found.rel.clone(), host: found.host.clone(), url: None, captured: None }
}

/// The block hashes of a page ([`crate::html::learn::source_hashes`]), decoded as cleaning
/// decodes it (`None` when it cannot be), and the page as read: as text when it is UTF-8 that
/// decodes as it is, so that pass 2 need not check it again.
fn page_hashes(bytes: Vec<u8>) -> (Option<Vec<u64>>, Option<Read>) {
    if crate::capture::as_utf8(&bytes).is_none() {
        let declared = crate::html::decode::declared_charset(&bytes);
        let hashes =
            decode_declared(&bytes, declared).ok().map(|d| crate::html::learn::source_hashes(&d.text, &block_hash));
        return (hashes, Some(Read::Bytes(bytes)));
    }
    // SAFETY: the bytes were just checked to be valid UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    let (hashes, verbatim) = match decode_declared(text.as_bytes(), None) {
        Ok(d) => (Some(crate::html::learn::source_hashes(&d.text, &block_hash)), d.is_verbatim(text.as_bytes())),
        Err(_) => (None, false),
    };
    let read = if verbatim { Read::Verbatim(text, None) } else { Read::Bytes(text.into_bytes()) };
    (hashes, Some(read))
}

/// Reads a file found by the walker and calls `f` with each capture it holds (one for a text
/// file, one per record with text for JSONL), as cleaning would see it. Failures are skipped.
pub fn for_each_capture(found: &Found, max_bytes: u64, f: impl FnMut(&CaptureInfo, &str)) {
    if let Some(format) = found.format.stream() {
        for_each_record(found, format, max_bytes, &Fields::default(), f);
    } else if let Ok(bytes) = crate::read::read_capture(&found.path, max_bytes) {
        if let Some(format) = found.format.resolve(&bytes) {
            captures_in(found, format, decode(&bytes), f);
        }
    }
}

/// Calls `f` with each text record of a file of many captures, read a record at a time as
/// cleaning reads it.
fn for_each_record(
    found: &Found,
    format: Format,
    max_bytes: u64,
    fields: &Fields,
    mut f: impl FnMut(&CaptureInfo, &str),
) {
    let Ok(items) = records::file_items(&found.path, format, max_bytes, fields) else { return };
    for item in items {
        let Item::Record(record) = item else { continue };
        if let Record { number, content: Some(Ok(Content::Text(text))), url, .. } = *record {
            let info = CaptureInfo {
                source: format!("{}:{number}", found.rel),
                host: found.host.clone(),
                url,
                captured: None,
            };
            f(&info, &text);
        }
    }
}

/// [`for_each_capture`] for a text file already read and decoded.
fn captures_in(
    found: &Found,
    format: Format,
    decoded: Result<Decoded, CaptureError>,
    mut f: impl FnMut(&CaptureInfo, &str),
) {
    let Ok(decoded) = decoded else { return };
    if format == Format::Text {
        f(
            &CaptureInfo { source: found.rel.clone(), host: found.host.clone(), url: None, captured: None },
            &decoded.text,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pass 1 hands what it read to pass 2 only within its budget, and hands over exactly the
    /// bytes on disk, once.
    #[test]
    fn pass_one_keeps_what_it_read_within_its_budget() {
        const CAPTURES: usize = 20;
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().to_path_buf();
        let site = input.join("www.example.org");
        std::fs::create_dir_all(&site).unwrap();
        let path = |i: usize| site.join(format!("{i:02}.txt"));
        for i in 0..CAPTURES {
            let text = format!("Home\nNews\nArticle number {i} says {} things.\n\u{a9} Example\n", i * 7);
            std::fs::write(path(i), text).unwrap();
        }
        // A capture outside any host folder has no site: pass 1 neither learns from it nor reads it.
        let stray = input.join("stray.txt");
        std::fs::write(&stray, "Home\nA stray capture.\n").unwrap();
        let walker = Walker::new(std::slice::from_ref(&input), crate::walk::WalkOptions::default()).unwrap();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let sizes: Vec<usize> = (0..CAPTURES).map(|i| std::fs::metadata(path(i)).unwrap().len() as usize).collect();
        for budget in [0, sizes[0] + sizes[1] + sizes[2], usize::MAX] {
            let (counts, mut read_ahead) = survey(&walker, &pool, 1 << 20, |_| true, budget, &Fields::default());
            let learned = counts.learn();
            assert_eq!(learned.sites["example.org"].captures, CAPTURES);
            assert!(read_ahead.take(&stray).is_none(), "a capture without a site is not read in pass 1");
            let mut kept = 0;
            for i in 0..CAPTURES {
                if let Some(read) = read_ahead.take(&path(i)) {
                    // Valid UTF-8 that decodes as it is comes as checked text.
                    let Read::Verbatim(text, lines) = &read else { panic!("capture {i} is not text") };
                    // Its line hashes come along when they fit too, and are the ones pass 2 would make.
                    if let Some(lines) = lines {
                        assert_eq!(lines, &line_hashes(text), "capture {i}");
                    }
                    let bytes = read.as_bytes();
                    assert_eq!(bytes, std::fs::read(path(i)).unwrap(), "capture {i}");
                    assert!(read_ahead.take(&path(i)).is_none(), "handed over once");
                    kept += bytes.len();
                }
            }
            assert!(kept <= budget, "kept {kept} bytes on a budget of {budget}");
            if budget == usize::MAX {
                assert_eq!(kept, sizes.iter().sum::<usize>(), "all of it fits");
            }
            if budget > 0 {
                assert!(kept > 0);
            }
        }
    }

    fn hash(line: &str) -> Option<u64> {
        line_hash(line)
    }

    #[test]
    fn long_blocks_compare_by_their_words() {
        let words = "word ".repeat(60);
        let spaced = words.replace(' ', " \n ");
        assert_eq!(block_hash(&words), block_hash(&spaced));
        assert_ne!(block_hash(&words), block_hash(&words.replace("word", "ward")));
        assert_eq!(block_hash(" 12 Comments "), line_hash("3 comments"), "short blocks as lines");
    }

    #[test]
    fn normalisation_ignores_space_case_and_digits() {
        assert_eq!(hash("  12 Comments "), hash("3 comments"));
        assert_eq!(hash("Sign\tup  for   our NEWSLETTER"), hash("sign up for our newsletter"));
        assert_eq!(hash("Ünïcode  Straße ٣"), hash("ünïcode\u{a0}straße ٤"));
        assert_eq!(hash("Updated 2023-09-09"), hash("updated 1999-01-31"));
        assert_ne!(hash("Home"), hash("Homes"));
        assert_eq!(hash("Read more"), hash("readmore"), "white space does not count at all");
        assert_eq!(hash("   \t "), None);
        assert_eq!(hash(""), None);
    }

    #[test]
    fn thresholds_keep_lines_that_merely_recur() {
        assert_eq!(threshold(4), 3);
        assert_eq!(threshold(20), 3);
        assert_eq!(threshold(60), 3);
        assert_eq!(threshold(83), 5);
        assert_eq!(threshold(1000), 50);
    }

    fn site(n: usize, extra: &[(usize, &str)]) -> Vec<String> {
        (0..n)
            .map(|i| {
                // Digits would not tell the stories apart: letters do.
                let name: String = [i / 26, i % 26].iter().map(|&d| char::from(b'a' + d as u8)).collect();
                let mut text = format!("Menu\nStory {name} is about thing {name}{name}.\n");
                for (every, line) in extra {
                    if i % every == 0 {
                        text.push_str(line);
                        text.push('\n');
                    }
                }
                text
            })
            .collect()
    }

    #[test]
    fn a_line_in_enough_captures_is_learned_and_rare_ones_are_not() {
        // 20 captures: the menu is in all, a quote in 2 (every 10th), a box in 4 (every 5th).
        let texts = site(20, &[(10, "\"We will win,\" she said."), (5, "Newsletter box")]);
        let learned = Learned::from_texts(texts.iter().map(|t| ("x.org", t.as_str())));
        let t = learned.template(Some("x.org")).unwrap();
        assert_eq!(t.captures, 20);
        assert!(t.contains("Menu"));
        assert!(t.contains("newsletter  BOX"));
        assert!(!t.contains("\"We will win,\" she said."), "in 2 captures: kept");
        assert!(!t.contains("Story ad is about thing adad."));
        assert!(learned.template(Some("other.org")).is_none());
        assert!(learned.template(None).is_none());
    }

    #[test]
    fn too_few_captures_learn_nothing() {
        let texts = site(MIN_CAPTURES - 1, &[]);
        let learned = Learned::from_texts(texts.iter().map(|t| ("x.org", t.as_str())));
        assert!(learned.template(Some("x.org")).is_none());
        assert_eq!(learned.sites["x.org"].captures, MIN_CAPTURES - 1);
    }

    #[test]
    fn a_line_counts_once_per_capture() {
        let texts = ["Menu\nMenu\nMenu\nA", "Menu\nB", "C", "D", "E"];
        let learned = Learned::from_texts(texts.iter().map(|t| ("x.org", *t)));
        assert!(learned.template(Some("x.org")).is_none(), "Menu is in 2 of 5 captures");
    }

    #[test]
    fn learning_does_not_depend_on_order() {
        let texts = site(12, &[(3, "Box"), (2, "Footer")]);
        let forward = Learned::from_texts(texts.iter().map(|t| ("x.org", t.as_str())));
        let backward = Learned::from_texts(texts.iter().rev().map(|t| ("x.org", t.as_str())));
        let sorted = |l: &Learned| {
            let mut v: Vec<u64> = l.sites["x.org"].lines.iter().copied().collect();
            v.sort_unstable();
            v
        };
        assert_eq!(sorted(&forward), sorted(&backward));
        assert_eq!(sorted(&forward).len(), 3);
    }

    #[test]
    fn removal_takes_template_lines_only() {
        let texts = site(6, &[(1, "Footer © Site")]);
        let learned = Learned::from_texts(texts.iter().map(|t| ("x.org", t.as_str())));
        let mut doc = Doc::new("Menu\n\nA new story.\n\n  footer © site  \n");
        remove_template(&mut doc, learned.template(Some("x.org")).unwrap(), None);
        assert_eq!(doc.render(), "A new story.\n");
        assert!(doc.removals().iter().all(|r| r.by == By::Learned));
    }

    #[test]
    fn a_capture_that_is_all_template_is_kept() {
        let texts = site(6, &[]);
        let learned = Learned::from_texts(texts.iter().map(|t| ("x.org", t.as_str())));
        let mut doc = Doc::new("Menu\n\nmenu\n");
        assert_eq!(remove_template(&mut doc, learned.template(Some("x.org")).unwrap(), None), 0);
        assert_eq!(doc.render(), "Menu\n\nmenu\n");
    }
}
