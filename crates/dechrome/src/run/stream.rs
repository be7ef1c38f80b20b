//! Files of many captures (JSONL, WARC, Parquet) and streams (standard input, a FIFO): read one
//! record at a time on a thread of their own, cleaned in parallel in bounded batches, written in
//! input order.

use super::sink::{Input, Shape, Sink, Written};
use super::{failed_capture, Event, Output, Problem, RunOptions, Summary, Tally};
use crate::capture::{CaptureError, Format};
use crate::clean::{CaptureInfo, Cleaner, Outcome};
use crate::dates::parse_date;
use crate::error::Error;
use crate::records::{self, Content, Item, Record};
use crate::walk::{Found, Kind};
use crate::write::{with_ext, Destination};
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
    found.pipe || found.format.stream().is_some()
}

/// What cleaning one item gave.
enum Done {
    Record { tally: Tally, problem: Option<Problem>, written: Option<Written> },
    Skipped(Problem),
    Broken(Problem),
}

/// What cleaning a stream needs of its run.
pub(super) struct Streams<'a> {
    pub cleaner: &'a Cleaner,
    pub pool: &'a rayon::ThreadPool,
    pub options: &'a RunOptions,
}

/// What cleaning one record of a stream needs.
struct Context<'a> {
    cleaner: &'a Cleaner,
    found: &'a Found,
    options: &'a RunOptions,
    /// The stream's format.
    format: Format,
    shape: Shape,
}

impl Streams<'_> {
    /// Cleans the records of one stream file, writing their results to `sink` (one output
    /// file) or to `<base>.jsonl` (folder output), and counts them in `summary`.
    pub(super) fn clean(
        &self,
        found: &Found,
        base: Option<&Path>,
        mut sink: Option<&mut Sink>,
        summary: &mut Summary,
        on_event: &mut dyn FnMut(Event),
    ) -> Result<(), Error> {
        let Streams { cleaner, pool, options } = *self;
        summary.files += 1;
        let format = match found.format {
            Kind::Capture(format) => format,
            Kind::Sniff => Format::Text,
        };
        let items = match records::file_items(&found.path, format, options.max_bytes, &options.fields) {
            Ok(items) => items,
            Err(error) => {
                summary.failed += 1;
                on_event(Event::Problem(&Problem::failed(found.rel.clone(), format!("unreadable: {error}"))));
                return Ok(());
            }
        };
        let mut own = match (base, &options.output) {
            (Some(base), Output::Dir(_)) if !options.dry_run => {
                let path = with_ext(base, "jsonl");
                Some((Destination::File(path.clone()).writer().map_err(|e| Error::io(&path, e))?, path))
            }
            _ => None,
        };
        let shape = match (&own, &sink) {
            (Some(_), _) => Shape::Line,
            (None, Some(sink)) => sink.shape(),
            (None, None) => Shape::Nothing,
        };
        let mut write = |written: &Written| -> Result<(), Error> {
            match (&mut own, sink.as_deref_mut(), written) {
                (Some((writer, path)), _, Written::Line(line)) => {
                    writer.write_all(line.as_bytes()).map_err(|e| Error::io(&*path, e))
                }
                (None, Some(sink), written) => {
                    sink.write(written).map_err(|e| Error::io(super::output_name(&options.output), e))
                }
                _ => Ok(()),
            }
        };
        let context = Context { cleaner, found, options, format, shape };
        in_batches(items, |batch| {
            let done: Vec<Done> = pool.install(|| batch.into_par_iter().map(|item| context.clean(item)).collect());
            for done in done {
                match done {
                    Done::Record { tally, problem, written } => {
                        summary.bytes_in += tally.bytes_in;
                        summary.count(tally);
                        if let Some(written) = &written {
                            write(written)?;
                        }
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

impl Context<'_> {
    fn clean(&self, item: Item) -> Done {
        let source = |number: usize| format!("{}:{number}", self.found.rel);
        match item {
            Item::Record(record) => self.clean_record(*record),
            Item::Skipped { number, reason } => {
                Done::Skipped(Problem { source: source(number), reason, skipped: true })
            }
            Item::Broken { number, reason } => Done::Broken(Problem::failed(source(number), reason)),
        }
    }

    /// Cleans one record, and makes its result in the output's shape.
    fn clean_record(&self, record: Record) -> Done {
        let Context { cleaner, found, options, format, shape } = *self;
        // A WARC record's site is its URL's host, whatever folder the WARC file is in.
        let host = if record.warc.is_some() { None } else { found.host.clone() };
        let captured = record.warc.as_ref().and_then(|(_, date)| date.as_deref()).and_then(|d| parse_date(d, None));
        let info = CaptureInfo { source: format!("{}:{}", found.rel, record.number), host, url: record.url, captured };
        // A content field other than `text` keeps its raw value in the output line.
        let keep_raw = shape == Shape::Line && record.content_field.as_deref().is_some_and(|field| field != "text");
        let mut raw = None;
        let mut bytes_in = 0;
        let mut outcome = match record.content {
            Some(Ok(Content::Text(text))) => {
                bytes_in = text.len();
                let outcome = cleaner.clean_text_capture(&text, &info);
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
            Some(Err(error)) => failed_capture(cleaner, &info, format, error),
            None => failed_capture(cleaner, &info, format, CaptureError::Record("record holds no capture".into())),
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
        let input = record.fields.map(|fields| Input {
            fields,
            content_field: record.content_field.as_deref(),
            raw,
            id_field: &options.fields.id,
        });
        let Outcome { text, meta } = &outcome;
        let written = shape.of(meta, text.as_deref().ok(), input);
        let mut tally = Tally::of(outcome);
        tally.bytes_in = bytes_in as u64;
        Done::Record { tally, problem, written }
    }
}
