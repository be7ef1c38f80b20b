//! One output file or stream for all of a run's captures: JSON lines (compressed by the name's
//! extension) or a Parquet table.

use crate::jsonl::Object;
use crate::meta::Metadata;
use crate::table::ParquetSink;
use crate::write::{json_line, record_line, Encoded, StreamWriter};
use std::io::Write;

/// Where a run writes every capture's result.
pub(super) enum Sink {
    Lines(Encoded),
    Table(Box<ParquetSink<StreamWriter>>),
}

/// What a sink is given of one capture, made by the worker that cleaned it.
pub(super) enum Written {
    Line(String),
    Row(Box<Row>),
}

/// A capture's Parquet row: its metadata, clean text, and the input record's other fields as
/// one JSON object.
pub(super) struct Row {
    meta: Metadata,
    text: Option<String>,
    input: Option<String>,
}

/// The form a run's sink takes its results in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Nothing is written (a dry run, or outputs written by the worker).
    Nothing,
    Line,
    Row,
}

/// An input record's fields and where its content was taken from, kept for its output.
pub(super) struct Input<'a> {
    pub fields: Object,
    pub content_field: Option<&'a str>,
    /// The content's raw value, when its field is not `text` (which takes the clean text).
    pub raw: Option<String>,
    pub id_field: &'a str,
}

impl Shape {
    /// A capture's result in this shape; `input` for a record of JSONL or Parquet.
    pub(super) fn of(self, meta: &Metadata, text: Option<&str>, input: Option<Input>) -> Option<Written> {
        match (self, input) {
            (Shape::Nothing, _) => None,
            (Shape::Line, None) => Some(Written::Line(json_line(meta, text))),
            (Shape::Line, Some(Input { fields, content_field, raw, id_field })) => {
                Some(Written::Line(record_line(meta, text, fields, content_field, raw, id_field)))
            }
            (Shape::Row, input) => {
                let input = input.and_then(|mut input| {
                    if let Some(field) = input.content_field {
                        input.fields.shift_remove(field);
                    }
                    (!input.fields.is_empty()).then(|| serde_json::Value::Object(input.fields).to_string())
                });
                let row = Row { meta: meta.clone(), text: text.map(str::to_string), input };
                Some(Written::Row(Box::new(row)))
            }
        }
    }
}

impl Sink {
    pub(super) fn shape(&self) -> Shape {
        match self {
            Sink::Lines(_) => Shape::Line,
            Sink::Table(_) => Shape::Row,
        }
    }

    pub(super) fn write(&mut self, written: &Written) -> std::io::Result<()> {
        match (self, written) {
            (Sink::Lines(lines), Written::Line(line)) => lines.write_all(line.as_bytes()),
            (Sink::Table(table), Written::Row(row)) => table.push(&row.meta, row.text.as_deref(), row.input.as_deref()),
            _ => unreachable!("results are made in the sink's shape"),
        }
    }

    /// Ends the output: the compressed stream or the Parquet footer, then the file.
    pub(super) fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Lines(lines) => lines.finish(),
            Sink::Table(table) => table.finish()?.finish(),
        }
    }
}
