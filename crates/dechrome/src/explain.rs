//! `dechrome explain`: the capture line by line, each removal marked with the rule that made it.

use crate::capture::{decode, decode_declared, decode_utf8, Format};
use crate::clean::{over_strip_warning, Applied, CaptureInfo, Cleaner};
use crate::dates::parse_date;
use crate::doc::{Doc, Removal};
use crate::error::Error;
use crate::hosts::{host_from_url, is_host_like};
use crate::html::decode::declared_charset;
use crate::html::RemovedBlock;
use crate::markdown::{self, PageLines, TextFormat};
use crate::records::{Content, Fields, Item};
use crate::rules::{Field, RuleSet};
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// ANSI styles, or none when the output is not a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Color removals and rule ids with ANSI escapes.
    pub color: bool,
}

/// Writes `dechrome explain`'s view of the capture at `path` to `out`: a header (encoding,
/// host, rule files, metadata found, words kept), then every line of its text (a page's: the
/// text extracted from it) with each removal marked by the rule that made it. The host is
/// `host`, or the name of the capture's folder when that is a host name. A cleaner that writes
/// Markdown shows each line's Markdown (a line it only edits, as plain text).
///
/// # Errors
///
/// [`Error::Input`] when the file cannot be read, [`Error::Capture`] when it is no capture
/// that can be cleaned, [`Error::Io`] when `out` fails.
pub fn explain_file(
    cleaner: &Cleaner,
    path: &Path,
    host: Option<String>,
    style: Style,
    out: &mut dyn Write,
) -> Result<(), Error> {
    std::fs::metadata(path).map_err(|e| Error::input(path, e))?;
    let bytes = crate::read::read_capture(path, crate::read::DEFAULT_MAX_BYTES)?;
    let is_html = Format::from_path(path) == Some(Format::Html) || Format::sniff_html(&bytes);
    let decoded = if is_html { decode_declared(&bytes, declared_charset(&bytes)) } else { decode(&bytes) }?;
    let info = CaptureInfo {
        source: path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        host: host.or_else(|| folder_host(path)),
        url: None,
        captured: None,
    };
    let capture = Capture { name: path.display().to_string(), text: decoded.text, encoding: decoded.encoding, is_html };
    explain_capture(cleaner, capture, &info, style, out)
}

/// Writes `dechrome explain FILE:N`: [`explain_file`]'s view of the `number`-th record (1-based)
/// of a file of many captures — a JSONL line, a WARC record, a Parquet row — cleaned as `clean`
/// cleans it, with its own URL and date.
///
/// # Errors
///
/// [`Error::Input`] when the file cannot be read, [`Error::Usage`] when it has no such
/// record, [`Error::Capture`]
/// when the record holds no capture that can be cleaned, [`Error::Io`] when `out` fails.
pub fn explain_record(
    cleaner: &Cleaner,
    path: &Path,
    number: usize,
    host: Option<String>,
    style: Style,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let format = Format::from_path(path)
        .filter(|f| matches!(f, Format::Jsonl | Format::Warc | Format::Parquet))
        .unwrap_or(Format::Jsonl);
    let items = crate::records::file_items(path, format, crate::read::DEFAULT_MAX_BYTES, &Fields::default())
        .map_err(|e| Error::input(path, e))?;
    let found = items.into_iter().find_map(|item| match item {
        Item::Record(record) if record.number == number => Some(Ok(*record)),
        Item::Broken { number: at, reason } if at <= number => Some(Err(reason)),
        _ => None,
    });
    let no_record = |reason: String| Error::Usage(format!("{}: {reason}", path.display()));
    let record = match found {
        Some(Ok(record)) => record,
        Some(Err(reason)) => return Err(no_record(reason)),
        None => return Err(no_record(format!("no capture at record {number}"))),
    };
    let (text, encoding, is_html) = match record.content {
        // A text field is read as a `.txt` file of its bytes is (see `clean`).
        Some(Ok(Content::Text(text))) if Format::sniff_html(text.as_bytes()) => (text, "UTF-8", true),
        Some(Ok(Content::Text(text))) => (decode_utf8(&text)?.text.into_owned(), "UTF-8", false),
        Some(Ok(Content::Html(html))) => (html, "UTF-8", true),
        Some(Ok(Content::Bytes { bytes, format, charset })) => {
            let decoded = match charset {
                Some(charset) => decode_declared(&bytes, Some(charset)),
                None if format == Format::Html => decode_declared(&bytes, declared_charset(&bytes)),
                None => decode(&bytes),
            }?;
            (decoded.text.into_owned(), decoded.encoding, format == Format::Html)
        }
        Some(Err(e)) => return Err(e.into()),
        None => return Err(no_record(format!("record {number} holds no capture"))),
    };
    let info = CaptureInfo {
        source: format!("{}:{number}", path.display()),
        host: host.or_else(|| if record.warc.is_some() { None } else { folder_host(path) }),
        captured: record.warc.as_ref().and_then(|(_, date)| date.as_deref()).and_then(|d| parse_date(d, None)),
        url: record.url,
    };
    let capture = Capture { name: info.source.clone(), text: Cow::Owned(text), encoding, is_html };
    explain_capture(cleaner, capture, &info, style, out)
}

/// The name of a capture's folder, when it is a host name (`scrapes/example.com/a.html`).
fn folder_host(path: &Path) -> Option<String> {
    let path = path.canonicalize().ok()?;
    path.parent()?.file_name()?.to_str().map(str::to_ascii_lowercase).filter(|h| is_host_like(h))
}

/// A decoded capture to explain.
struct Capture<'t> {
    name: String,
    text: Cow<'t, str>,
    encoding: &'static str,
    is_html: bool,
}

fn explain_capture(
    cleaner: &Cleaner,
    capture: Capture,
    info: &CaptureInfo,
    style: Style,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let Capture { name, text, encoding, is_html } = capture;
    let (text, page, files) = if is_html {
        let (mut page, files) = cleaner.extract_html(&text, info, true)?;
        (Cow::Owned(std::mem::take(&mut page.text)), Some(page), Some(files))
    } else {
        (text, None, None)
    };
    let applied = match (&page, files) {
        (Some(page), Some(files)) => {
            let (doc, mut values) = cleaner.apply_files(&text, &files);
            page.merge_into(&mut values);
            Applied { doc, files, values, language: None }
        }
        _ => cleaner.apply(&text, info),
    };
    // The header shows what `clean` writes: a page's modification date too.
    let date_modified = page.as_ref().and_then(|p| p.meta.date_modified.clone());
    let language = match &page {
        Some(page) => page.meta.language.clone(),
        None => applied.language.map(str::to_string),
    };
    let (page_lines, removed_blocks) = match page {
        Some(page) => (page.markdown, Some(page.removed_blocks)),
        None => (None, None),
    };
    let io = |e| Error::io("<output>", e);
    let header = Header { name: &name, encoding, info, date_modified, language, removed_blocks, style };
    write_header(&applied, cleaner.rules(), &header, out).map_err(io)?;
    let shown = match (cleaner.text_format(), &page_lines) {
        (TextFormat::Plain, _) => Shown::Plain,
        (TextFormat::Markdown(_), Some(lines)) => Shown::Page(lines),
        (TextFormat::Markdown(_), None) => Shown::Escaped,
    };
    write(&applied.doc, cleaner.rules(), style, shown, out).map_err(io)
}

/// What a line shows when it is not edited: its text, or its Markdown.
#[derive(Clone, Copy)]
pub(crate) enum Shown<'p> {
    Plain,
    /// A text capture's line, escaped.
    Escaped,
    /// A page's Markdown lines.
    Page(&'p PageLines),
}

impl Shown<'_> {
    fn line<'a>(self, doc: &'a Doc, i: usize) -> Cow<'a, str> {
        let original = doc.original(i);
        match self {
            Shown::Plain => Cow::Borrowed(original),
            Shown::Escaped => Cow::Owned(markdown::escape_text(original)),
            Shown::Page(lines) => lines.line(i).map_or(Cow::Borrowed(original), Cow::Owned),
        }
    }
}

/// What the header says of the capture besides what the rules found.
struct Header<'a> {
    name: &'a str,
    encoding: &'a str,
    info: &'a CaptureInfo,
    date_modified: Option<String>,
    language: Option<String>,
    /// A page's: what extraction left out.
    removed_blocks: Option<Vec<RemovedBlock>>,
    style: Style,
}

/// The `# …` lines above the text: every metadata field `clean` writes that has a value.
fn write_header(applied: &Applied, rules: &RuleSet, header: &Header, out: &mut dyn Write) -> std::io::Result<()> {
    let Applied { doc, files, values, .. } = applied;
    let Header { name, encoding, info, date_modified, language, removed_blocks, style } = header;
    let labels: Vec<&str> = files.iter().map(|&f| rules.files[f].label()).collect();
    let host = info.host.clone().or_else(|| info.url.as_deref().and_then(host_from_url));
    writeln!(out, "# {name} ({encoding}, {})", host.as_deref().unwrap_or("host unknown"))?;
    writeln!(out, "# rule files: {}", labels.join(", "))?;
    // As in `clean`: the capture's own URL goes before the one the page states.
    for (field, value) in values {
        let value = if *field == Field::Url { info.url.as_ref().unwrap_or(value) } else { value };
        writeln!(out, "# {}: {value}", field.name())?;
    }
    if let (Some(url), false) = (&info.url, values.contains_key(&Field::Url)) {
        writeln!(out, "# url: {url}")?;
    }
    if let Some(date_modified) = date_modified {
        writeln!(out, "# date_modified: {date_modified}")?;
    }
    if let Some(language) = language {
        writeln!(out, "# language: {language}")?;
    }
    let (words_in, words_out) = doc.word_counts();
    writeln!(out, "# words: {words_out} of {words_in} kept")?;
    if let Some(warning) = over_strip_warning(words_in, words_out) {
        writeln!(out, "# warning: {warning}")?;
    }
    writeln!(out, "# removed lines start with '-', edited ones with '~'; the rule follows '◂'")?;
    if let Some(blocks) = removed_blocks {
        write_removed_blocks(blocks, *style, out)?;
    }
    Ok(())
}

/// What extraction left out of a page, a line a part: `- text  ◂ why (N chars)`.
fn write_removed_blocks(blocks: &[RemovedBlock], style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "# left out of the page when its text was extracted: {} parts", blocks.len())?;
    for block in blocks {
        let why = style.paint("2", &format!("  ◂ {} ({} chars)", block.reason, block.chars));
        writeln!(out, "{}{why}", style.paint("31", &format!("- {}", block.text)))?;
    }
    writeln!(out, "# the text extracted from the page; the text rules' removals follow")
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Writes every line of `doc`: `  ` kept, `- ` removed, `~ ` edited (removed spans in
/// `[-…-]`), each changed line followed by `  ◂ rule-id`. Line by line: the rendering of a
/// capture of many lines is many times its size, and is never held whole.
pub(crate) fn write(
    doc: &Doc,
    rules: &RuleSet,
    style: Style,
    shown: Shown,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let all = doc.removals();
    // The removals by their first line (in the order they were made, for each line), and those
    // whose lines reach the line being written, in the order they were made.
    let mut by_first_line: Vec<usize> = (0..all.len()).collect();
    by_first_line.sort_by_key(|&k| all[k].line);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut removals: Vec<&Removal> = Vec::new();
    let mut text = String::new();
    for i in 0..doc.len() {
        while let Some(&k) = by_first_line.get(next).filter(|&&k| all[k].line <= i) {
            active.push(k);
            next += 1;
        }
        active.retain(|&k| all[k].end > i);
        active.sort_unstable();
        removals.clear();
        removals.extend(active.iter().map(|&k| &all[k]).filter(|r| r.span.is_some() || !doc.is_blank(i)));
        text.clear();
        line(doc, rules, style, shown, i, &removals, &mut text);
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// Line `i` as [`write`] shows it, with the removals that took it or spans of it.
fn line(doc: &Doc, rules: &RuleSet, style: Style, shown: Shown, i: usize, removals: &[&Removal], out: &mut String) {
    let original = doc.original(i);
    if removals.is_empty() {
        if doc.is_blank(i) {
            out.push('\n');
        } else {
            out.push_str("  ");
            out.push_str(&shown.line(doc, i));
            out.push('\n');
        }
        return;
    }
    let mut ids: Vec<&str> = removals.iter().map(|r| rules.removal_id(r.by)).collect();
    ids.dedup();
    let tag = style.paint("2", &format!("  ◂ {}", ids.join(", ")));
    if doc.is_removed(i) && removals.iter().all(|r| r.span.is_none()) {
        out.push_str(&style.paint("31", &format!("- {}", shown.line(doc, i))));
    } else {
        let mut spans: Vec<_> = removals.iter().filter_map(|r| r.span.clone()).collect();
        spans.sort_by_key(|s| s.start);
        let mut line = String::new();
        let mut at = 0;
        for span in spans {
            line.push_str(&original[at..span.start]);
            line.push_str(&style.paint("31", &format!("[-{}-]", &original[span.clone()])));
            at = span.end;
        }
        line.push_str(&original[at..]);
        let marker = if doc.is_removed(i) { "- " } else { "~ " };
        out.push_str(&style.paint("33", marker));
        out.push_str(&line);
    }
    out.push_str(&tag);
    out.push('\n');
}
