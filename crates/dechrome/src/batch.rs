//! Captures in Arrow record batches, the tables data pipelines pass around (pyarrow, pandas, Ray
//! Data, Spark's `mapInArrow`): cleaned in parallel, a row per capture, and learned from.
//!
//! [`clean_batch`] keeps the input's columns and adds the metadata columns and `text`, with the
//! types `dechrome clean --format parquet` writes (no unsigned integers: Spark refuses them).
//! [`learn_batch`] counts a batch's lines per site into a [`Template`]; templates of batches,
//! merged, clean exactly as one learned from all of them, since counts add up.
//!
//! ```
//! use arrow_array::{ArrayRef, RecordBatch, StringArray};
//! use std::sync::Arc;
//!
//! let names = ["Alma", "Bruno", "Chiara", "Dmitri", "Eun", "Femi"];
//! let pages: Vec<String> =
//!     names.iter().map(|name| format!("Home | News | Sport\n{name} won the council seat by a wide margin.\n")).collect();
//! let urls: Vec<String> = (0..6).map(|i| format!("https://example.com/{i}")).collect();
//! let batch = RecordBatch::try_from_iter([
//!     ("text", Arc::new(StringArray::from(pages)) as ArrayRef),
//!     ("link", Arc::new(StringArray::from(urls)) as ArrayRef),
//! ])?;
//! let options = dechrome::batch::BatchOptions {
//!     column: "text".into(),
//!     url_column: Some("link".into()),
//!     ..Default::default()
//! };
//! let template = dechrome::batch::learn_batch(&batch, &options)?;
//! let cleaner = dechrome::Cleaner::builder().template(template).build()?;
//! let cleaned = dechrome::batch::clean_batch(&cleaner, &batch, &options)?;
//! assert_eq!(cleaned.schema().field(0).name(), "input_text");
//! let text = cleaned.column_by_name("text").unwrap();
//! let text = text.as_any().downcast_ref::<StringArray>().unwrap();
//! assert_eq!(text.value(0), "Alma won the council seat by a wide margin.\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::capture::{CaptureError, CaptureInfo, Format};
use crate::clean::{Cleaner, Outcome};
use crate::error::Error;
use crate::learn::template::Template;
use crate::learn::{distinct, line_hashes, site_of, Counts};
use crate::table::{metadata_arrays, metadata_fields, text_field};
use crate::write::RENAMED_PREFIX;
use arrow_array::cast::AsArray;
use arrow_array::types::{Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type};
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, FieldRef, Schema, SchemaRef};
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// Which columns of a batch hold what dechrome reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOptions {
    /// The capture: strings (`Utf8`, `LargeUtf8`, `Utf8View`), cleaned as the `text` field of
    /// a JSONL record is (or, with [`Format::Html`], its `html` field); or bytes (`Binary`,
    /// `LargeBinary`, `BinaryView`), decoded as a file's are. Default `html`.
    pub column: String,
    /// The capture's URL, whose host chooses the site rules and the site template.
    pub url_column: Option<String>,
    /// The record's id (strings or integers), written as the metadata's `id`.
    pub id_column: Option<String>,
    /// [`Format::Html`]: each capture is a page; `None` or [`Format::Text`]: a page when it
    /// opens like one (`<!doctype html`, `<html`), text otherwise.
    pub format: Option<Format>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions { column: "html".into(), url_column: None, id_column: None, format: None }
    }
}

/// The schema [`clean_batch`] gives a batch of schema `input`: its columns (one named like a
/// column of dechrome's renamed `input_<name>`), then the metadata columns, then `text`.
pub fn result_schema(input: &Schema) -> SchemaRef {
    let ours: Vec<Field> = metadata_fields().into_iter().chain([text_field()]).collect();
    let names: HashSet<&str> = ours.iter().map(|f| f.name().as_str()).collect();
    let mut taken: HashSet<String> = input.fields().iter().map(|f| f.name().clone()).collect();
    let mut fields: Vec<FieldRef> = Vec::with_capacity(input.fields().len() + ours.len());
    for field in input.fields() {
        if names.contains(field.name().as_str()) {
            let mut renamed = format!("{RENAMED_PREFIX}{}", field.name());
            while taken.contains(&renamed) || names.contains(renamed.as_str()) {
                renamed.insert_str(0, RENAMED_PREFIX);
            }
            taken.insert(renamed.clone());
            fields.push(Arc::new(field.as_ref().clone().with_name(renamed)));
        } else {
            fields.push(Arc::clone(field));
        }
    }
    fields.extend(ours.into_iter().map(Arc::new));
    Arc::new(Schema::new_with_metadata(fields, input.metadata().clone()))
}

/// Cleans every capture of `batch`, in parallel on the current rayon pool, and gives the batch
/// back with the metadata columns and `text` added ([`result_schema`]), a row per input row in
/// its order. A capture that fails (null, empty, binary, a page beyond the limits) is a row
/// with `error` set and a null `text`. Each row's `source` is `batch:N`, its 1-based row.
///
/// # Errors
///
/// [`Error::Column`] when a column the options name is missing or of a type it cannot be
/// read as.
pub fn clean_batch(cleaner: &Cleaner, batch: &RecordBatch, options: &BatchOptions) -> Result<RecordBatch, Error> {
    let rows = Rows::of(batch, options)?;
    let outcomes: Vec<Outcome> = (0..batch.num_rows()).into_par_iter().map(|row| rows.clean(cleaner, row)).collect();
    let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
    columns.extend(metadata_arrays(outcomes.iter().map(|o| &o.meta)));
    let text: StringArray = outcomes.iter().map(|o| o.text.as_deref().ok()).collect();
    columns.push(Arc::new(text));
    RecordBatch::try_new(result_schema(batch.schema_ref()), columns).map_err(|e| Error::Column(e.to_string()))
}

/// Counts the lines of the batch's text captures per site (the URL's host), as
/// `dechrome learn` counts a JSONL file's records: pages and captures without a URL are not
/// learned from.
///
/// # Errors
///
/// As [`clean_batch`].
pub fn learn_batch(batch: &RecordBatch, options: &BatchOptions) -> Result<Template, Error> {
    let rows = Rows::of(batch, options)?;
    let counted: Vec<Option<(String, Vec<u64>)>> =
        (0..batch.num_rows()).into_par_iter().map(|row| rows.hashes(row)).collect();
    let mut counts = Counts::default();
    for (site, hashes) in counted.iter().flatten() {
        counts.add(site, hashes);
    }
    Ok(Template { counts })
}

/// The columns of a batch that a clean reads, row by row.
struct Rows<'a> {
    content: Content<'a>,
    urls: Option<Vec<Option<String>>>,
    ids: Option<Vec<Option<String>>>,
    format: Format,
    column: &'a str,
}

/// A capture column, by its type.
enum Content<'a> {
    Str(Box<dyn Fn(usize) -> Option<&'a str> + Sync + 'a>),
    Bytes(Box<dyn Fn(usize) -> Option<&'a [u8]> + Sync + 'a>),
}

impl<'a> Rows<'a> {
    fn of(batch: &'a RecordBatch, options: &'a BatchOptions) -> Result<Rows<'a>, Error> {
        let column = column(batch, &options.column)?;
        let content = match column.data_type() {
            DataType::Utf8 => strs(column.as_string::<i32>()),
            DataType::LargeUtf8 => strs(column.as_string::<i64>()),
            DataType::Utf8View => strs(column.as_string_view()),
            DataType::Binary => bytes(column.as_binary::<i32>()),
            DataType::LargeBinary => bytes(column.as_binary::<i64>()),
            DataType::BinaryView => bytes(column.as_binary_view()),
            other => return Err(wrong_type(&options.column, other, "strings or bytes")),
        };
        let read = |name: &Option<String>| name.as_deref().map(|name| strings(batch, name)).transpose();
        Ok(Rows {
            content,
            urls: read(&options.url_column)?,
            ids: read(&options.id_column)?,
            format: options.format.unwrap_or(Format::Text),
            column: &options.column,
        })
    }

    fn info(&self, row: usize) -> CaptureInfo {
        let url = self.urls.as_ref().and_then(|urls| urls[row].clone());
        CaptureInfo { source: format!("batch:{}", row + 1), host: None, url, captured: None }
    }

    fn clean(&self, cleaner: &Cleaner, row: usize) -> Outcome {
        let info = self.info(row);
        let null = || CaptureError::Record(format!("`{}` is null", self.column));
        let mut outcome = match &self.content {
            Content::Str(get) => match get(row) {
                Some(text) => cleaner.clean_str_as(text, self.format, &info),
                None => crate::run::failed_capture(cleaner, &info, self.format, null()),
            },
            Content::Bytes(get) => match get(row) {
                Some(bytes) => cleaner.clean_bytes(bytes, self.format, &info),
                None => crate::run::failed_capture(cleaner, &info, self.format, null()),
            },
        };
        outcome.meta.id = self.ids.as_ref().and_then(|ids| ids[row].clone());
        outcome
    }

    /// The site and distinct line hashes of a text capture, as learning counts them: a string
    /// as a JSONL record's text field is counted (as it is), bytes as a `.txt` file's (decoded,
    /// and not when they hold a page).
    fn hashes(&self, row: usize) -> Option<(String, Vec<u64>)> {
        if self.format == Format::Html {
            return None;
        }
        let site = site_of(&self.info(row))?;
        let hashes = match &self.content {
            Content::Str(get) => line_hashes(get(row)?),
            Content::Bytes(get) => {
                let bytes = get(row)?;
                if Format::sniff_html(bytes) {
                    return None;
                }
                line_hashes(&crate::capture::decode(bytes).ok()?.text)
            }
        };
        Some((site, distinct(&hashes)))
    }
}

fn strs<'a, A>(array: A) -> Content<'a>
where
    A: arrow_array::ArrayAccessor<Item = &'a str> + Sync + 'a,
{
    Content::Str(Box::new(move |row| array.is_valid(row).then(|| array.value(row))))
}

fn bytes<'a, A>(array: A) -> Content<'a>
where
    A: arrow_array::ArrayAccessor<Item = &'a [u8]> + Sync + 'a,
{
    Content::Bytes(Box::new(move |row| array.is_valid(row).then(|| array.value(row))))
}

fn column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef, Error> {
    batch.column_by_name(name).ok_or_else(|| {
        let names: Vec<&str> = batch.schema_ref().fields().iter().map(|f| f.name().as_str()).collect();
        Error::Column(format!("no column `{name}` in the batch (its columns: {})", names.join(", ")))
    })
}

fn wrong_type(name: &str, found: &DataType, wanted: &str) -> Error {
    Error::Column(format!("column `{name}` holds {found} values, not {wanted}"))
}

/// The values of a column of strings or integers (an id), as strings.
fn strings(batch: &RecordBatch, name: &str) -> Result<Vec<Option<String>>, Error> {
    fn each<T: ToString>(values: impl Iterator<Item = Option<T>>) -> Vec<Option<String>> {
        values.map(|value| value.map(|v| v.to_string())).collect()
    }
    let array = column(batch, name)?;
    Ok(match array.data_type() {
        DataType::Utf8 => each(array.as_string::<i32>().iter()),
        DataType::LargeUtf8 => each(array.as_string::<i64>().iter()),
        DataType::Utf8View => each(array.as_string_view().iter()),
        DataType::Int8 => each(array.as_primitive::<Int8Type>().iter()),
        DataType::Int16 => each(array.as_primitive::<Int16Type>().iter()),
        DataType::Int32 => each(array.as_primitive::<Int32Type>().iter()),
        DataType::Int64 => each(array.as_primitive::<Int64Type>().iter()),
        DataType::UInt8 => each(array.as_primitive::<UInt8Type>().iter()),
        DataType::UInt16 => each(array.as_primitive::<UInt16Type>().iter()),
        DataType::UInt32 => each(array.as_primitive::<UInt32Type>().iter()),
        DataType::UInt64 => each(array.as_primitive::<UInt64Type>().iter()),
        other => return Err(wrong_type(name, other, "strings or integers")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{BinaryArray, Int64Array, LargeStringArray};

    fn pages(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                let name: String = [i / 26, i % 26].iter().map(|&d| char::from(b'a' + d as u8)).collect();
                format!(
                    "Top Stories Menu\nStory {name} tells of thing {name}{name} at length.\nFollow us on Mastodon\n"
                )
            })
            .collect()
    }

    fn urls(n: usize) -> Vec<Option<String>> {
        (0..n).map(|i| Some(format!("https://www.news{}.example/{i}", i % 2))).collect()
    }

    fn batch(text: ArrayRef, n: usize) -> RecordBatch {
        RecordBatch::try_from_iter([
            ("text", text),
            ("url", Arc::new(StringArray::from(urls(n))) as ArrayRef),
            ("n", Arc::new(Int64Array::from_iter_values(0..n as i64)) as ArrayRef),
        ])
        .unwrap()
    }

    fn options() -> BatchOptions {
        BatchOptions {
            column: "text".into(),
            url_column: Some("url".into()),
            id_column: Some("n".into()),
            format: None,
        }
    }

    fn texts(batch: &RecordBatch) -> Vec<Option<String>> {
        let text = batch.column_by_name("text").unwrap().as_string::<i32>();
        text.iter().map(|t| t.map(str::to_string)).collect()
    }

    #[test]
    fn rows_are_cleaned_as_one_capture_each_with_input_columns_kept() {
        let n = 20;
        let input = batch(Arc::new(StringArray::from(pages(n))), n);
        let template = learn_batch(&input, &options()).unwrap();
        assert_eq!((template.sites(), template.captures()), (2, n));
        let cleaner = Cleaner::builder().template(template).build().unwrap();
        let out = clean_batch(&cleaner, &input, &options()).unwrap();
        let names: Vec<&str> = out.schema_ref().fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(&names[..4], ["input_text", "input_url", "n", "source"]);
        assert_eq!(names.last(), Some(&"text"));
        assert!(out.schema_ref().fields().iter().all(|f| !matches!(
            f.data_type(),
            DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64
        )));
        for (row, text) in texts(&out).into_iter().enumerate() {
            let alone =
                cleaner.clean_str(&pages(n)[row], &crate::Options { url: urls(n)[row].clone(), ..Default::default() });
            assert_eq!(text.as_deref(), Some(alone.unwrap().text.as_str()), "row {row}");
            assert!(!text.unwrap().contains("Menu"), "row {row}: the template went");
        }
        let ids = out.column_by_name("id").unwrap().as_string::<i32>();
        assert_eq!(ids.value(3), "3");
    }

    #[test]
    fn halves_learned_and_merged_clean_as_the_whole() {
        let n = 30;
        let whole = batch(Arc::new(StringArray::from(pages(n))), n);
        let mut halves = learn_batch(&whole.slice(0, 11), &options()).unwrap();
        halves.merge(learn_batch(&whole.slice(11, n - 11), &options()).unwrap());
        let learned = learn_batch(&whole, &options()).unwrap();
        assert_eq!(halves.to_bytes(), learned.to_bytes());
        let clean = |t: Template| clean_batch(&Cleaner::builder().template(t).build().unwrap(), &whole, &options());
        assert_eq!(clean(halves).unwrap(), clean(learned).unwrap());
    }

    #[test]
    fn large_strings_and_bytes_read_as_strings_do() {
        let n = 6;
        let clean = |array: ArrayRef| texts(&clean_batch(&Cleaner::new(), &batch(array, n), &options()).unwrap());
        let strings = clean(Arc::new(StringArray::from(pages(n))));
        assert_eq!(clean(Arc::new(LargeStringArray::from(pages(n)))), strings);
        let raw = pages(n);
        assert_eq!(clean(Arc::new(BinaryArray::from_iter_values(raw.iter().map(String::as_bytes)))), strings);
    }

    #[test]
    fn a_failed_capture_is_a_row_with_its_error() {
        let ok = "A story of some length, told well.\n";
        let text = StringArray::from(vec![Some(ok), None]);
        let raw = BinaryArray::from(vec![Some(ok.as_bytes()), Some(b"\0\0binary".as_slice())]);
        for (array, error) in [(Arc::new(text) as ArrayRef, "`text` is null"), (Arc::new(raw), "binary data")] {
            let out = clean_batch(&Cleaner::new(), &batch(array, 2), &options()).unwrap();
            let errors: Vec<Option<&str>> = out.column_by_name("error").unwrap().as_string::<i32>().iter().collect();
            assert_eq!(errors[0], None);
            assert!(errors[1].unwrap().starts_with(error), "{errors:?}");
            assert_eq!(texts(&out), [Some(ok.to_string()), None]);
        }
    }

    #[test]
    fn missing_and_mistyped_columns_are_errors() {
        let input = batch(Arc::new(StringArray::from(pages(2))), 2);
        let missing = BatchOptions { column: "html".into(), ..options() };
        let error = clean_batch(&Cleaner::new(), &input, &missing).unwrap_err().to_string();
        assert_eq!(error, "no column `html` in the batch (its columns: text, url, n)");
        let mistyped = BatchOptions { column: "n".into(), ..options() };
        let error = learn_batch(&input, &mistyped).unwrap_err().to_string();
        assert_eq!(error, "column `n` holds Int64 values, not strings or bytes");
    }

    #[test]
    fn an_empty_batch_has_the_result_schema() {
        let input = batch(Arc::new(StringArray::from(Vec::<String>::new())), 0);
        let out = clean_batch(&Cleaner::new(), &input, &options()).unwrap();
        assert_eq!(out.num_rows(), 0);
        assert_eq!(out.schema(), result_schema(input.schema_ref()));
    }
}
