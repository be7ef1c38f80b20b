//! Files of many captures (JSONL) and streams (standard input, a FIFO): read one record at a
//! time on a thread of their own, cleaned in parallel in bounded batches, written in input order.

use super::{failed_capture, Event, Output, Problem, RunOptions, Summary, Tally};
use crate::capture::{CaptureError, Format};
use crate::clean::{CaptureInfo, Cleaner, Outcome};
use crate::error::Error;
use crate::records::{self, Content, Item, Record};
use crate::walk::{Found, Kind};
use crate::write::{json_line, record_line, with_ext, Destination, Encoded};
use rayon::prelude::*;
use std::io::Write;
use std::path::Path;

/// Records a batch holds at most: enough that the wait for a batch's slowest record is a small
/// share of the batch.
const BATCH_RECORDS: usize = 1024;

/// Bytes of captures a batch holds at most: two batches are in memory at once (one cleaned,
/// one read), so this bounds a stream's memory whatever its length.
const BATCH_BYTES: usize = 32 << 20;

/// Whether a file found is cleaned as a stream of records.
pub(super) fn is_stream(found: &Found) -> bool {
    found.pipe || found.format == Kind::Capture(Format::Jsonl)
}

/// What cleaning one item gave.
enum Done {
    Record { tally: Tally, problem: Option<Problem>, line: String },
    Skipped(Problem),
    Broken(Problem),
}

/// What cleaning a stream needs of its run.
pub(super) struct Streams<'a> {
    pub cleaner: &'a Cleaner,
    pub pool: &'a rayon::ThreadPool,
    pub options: &'a RunOptions,
}

impl Streams<'_> {
    /// Cleans the records of one stream file, writing their lines to `sink` (JSONL output) or to
    /// `<base>.jsonl` (folder output), and counts them in `summary`.
    pub(super) fn clean(
        &self,
        found: &Found,
        base: Option<&Path>,
        mut sink: Option<&mut Encoded>,
        summary: &mut Summary,
        on_event: &mut dyn FnMut(Event),
    ) -> Result<(), Error> {
        let Streams { cleaner, pool, options } = *self;
        summary.files += 1;
        let format = match found.format {
            Kind::Capture(format) => format,
            Kind::Sniff => Format::Text,
        };
        let stream = match records::open_stream(&found.path) {
            Ok(stream) => stream,
            Err(error) => {
                summary.failed += 1;
                on_event(Event::Problem(&Problem::failed(found.rel.clone(), format!("unreadable: {error}"))));
                return Ok(());
            }
        };
        let items = records::items(stream, format, options.max_bytes, &options.fields);
        let mut own = match (base, &options.output) {
            (Some(base), Output::Dir(_)) if !options.dry_run => {
                let path = with_ext(base, "jsonl");
                Some((Destination::File(path.clone()).writer().map_err(|e| Error::io(&path, e))?, path))
            }
            _ => None,
        };
        let lines = !options.dry_run;
        let mut write = |line: &str| -> Result<(), Error> {
            match (&mut own, sink.as_deref_mut()) {
                (Some((writer, path)), _) => writer.write_all(line.as_bytes()).map_err(|e| Error::io(&*path, e)),
                (None, Some(sink)) => {
                    sink.write_all(line.as_bytes()).map_err(|e| Error::io(super::output_name(&options.output), e))
                }
                (None, None) => Ok(()),
            }
        };
        in_batches(items, |batch| {
            let done: Vec<Done> = pool.install(|| {
                batch.into_par_iter().map(|item| clean_item(cleaner, found, item, options, lines)).collect()
            });
            for done in done {
                match done {
                    Done::Record { tally, problem, line } => {
                        summary.bytes_in += tally.bytes_in;
                        summary.count(tally);
                        write(&line)?;
                        if let Some(problem) = problem {
                            on_event(Event::Problem(&problem));
                        }
                    }
                    Done::Skipped(problem) => {
                        summary.skip(&problem.reason);
                        on_event(Event::Problem(&problem));
                    }
                    Done::Broken(problem) => {
                        summary.captures += 1;
                        summary.failed += 1;
                        on_event(Event::Problem(&problem));
                    }
                }
            }
            Ok(())
        })?;
        if let Some((writer, path)) = own {
            writer.finish().map_err(|e| Error::io(path, e))?;
        }
        Ok(())
    }
}

/// Reads `items` on a thread of its own and hands them to `clean` in batches, in order; the
/// next batch is read while one is cleaned. Stops at the first error `clean` returns.
fn in_batches(
    items: Box<dyn Iterator<Item = Item> + Send>,
    mut clean: impl FnMut(Vec<Item>) -> Result<(), Error>,
) -> Result<(), Error> {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Item>>(1);
        scope.spawn(move || {
            let (mut batch, mut bytes) = (Vec::new(), 0);
            for item in items {
                bytes += item.weight();
                batch.push(item);
                if batch.len() >= BATCH_RECORDS || bytes >= BATCH_BYTES {
                    if sender.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            if !batch.is_empty() {
                let _ = sender.send(batch);
            }
        });
        // Dropping the receiver on an error ends the reading thread at its next batch.
        receiver.into_iter().try_for_each(&mut clean)
    })
}

fn clean_item(cleaner: &Cleaner, found: &Found, item: Item, options: &RunOptions, lines: bool) -> Done {
    let source = |number: usize| format!("{}:{number}", found.rel);
    match item {
        Item::Record(record) => clean_record(cleaner, found, *record, options, lines),
        Item::Skipped { number, reason } => Done::Skipped(Problem { source: source(number), reason, skipped: true }),
        Item::Broken { number, reason } => Done::Broken(Problem::failed(source(number), reason)),
    }
}

/// Cleans one record, and makes its output line when `lines`.
fn clean_record(cleaner: &Cleaner, found: &Found, record: Record, options: &RunOptions, lines: bool) -> Done {
    let info =
        CaptureInfo { source: format!("{}:{}", found.rel, record.number), host: found.host.clone(), url: record.url };
    // A content field other than `text` keeps its raw value in the output record.
    let keep_raw = lines && record.content_field.as_deref().is_some_and(|field| field != "text");
    let mut raw = None;
    let mut bytes_in = 0;
    let mut outcome = match record.content {
        Some(Ok(Content::Text(text))) => {
            bytes_in = text.len();
            let outcome = cleaner.clean_text(&text, &info);
            raw = keep_raw.then_some(text);
            outcome
        }
        Some(Ok(Content::Html(html))) => {
            bytes_in = html.len();
            let outcome = cleaner.clean_html(&html, &info);
            raw = keep_raw.then_some(html);
            outcome
        }
        Some(Ok(Content::Bytes { bytes, format, charset })) => {
            bytes_in = bytes.len();
            cleaner.clean_bytes_in(&bytes, format, &info, charset)
        }
        Some(Err(error)) => failed_capture(cleaner, &info, Format::Jsonl, error),
        None => failed_capture(cleaner, &info, Format::Jsonl, CaptureError::Record("record holds no capture".into())),
    };
    // A JSON record is text of its line: its encoding is the line's.
    if let (None, Some(encoding)) = (&outcome.meta.error, record.encoding) {
        outcome.meta.encoding = Some(encoding);
    }
    outcome.meta.id = record.id;
    if let Some((record_id, date)) = record.warc {
        (outcome.meta.warc_record_id, outcome.meta.warc_date) = (record_id, date);
    }
    let problem = outcome.meta.error.clone().map(|reason| Problem::failed(outcome.meta.source.clone(), reason));
    let line = match (lines, record.fields) {
        (false, _) => String::new(),
        (true, Some(fields)) => {
            let Outcome { text, meta } = &outcome;
            record_line(meta, text.as_deref().ok(), fields, record.content_field.as_deref(), raw, &options.fields.id)
        }
        (true, None) => json_line(&outcome.meta, outcome.text.as_deref().ok()),
    };
    let mut tally = Tally::of(outcome);
    tally.bytes_in = bytes_in as u64;
    Done::Record { tally, problem, line }
}
