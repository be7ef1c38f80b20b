//! Parquet, the columnar format data pipelines exchange: cleaned captures written as one typed
//! row each, and another tool's Parquet file read as JSON objects, a batch of rows at a time.

use crate::meta::{Metadata, RemovedBy};
use arrow_array::builder::{Date32Builder, Int64Builder, ListBuilder, StringBuilder, StructBuilder};
use arrow_array::cast::AsArray;
use arrow_array::iterator::ArrayIter;
use arrow_array::temporal_conversions::{as_date, as_datetime, as_time};
use arrow_array::types::{
    ArrowTemporalType, Date32Type, Date64Type, Decimal128Type, Decimal256Type, Decimal32Type, Decimal64Type,
    DecimalType, Float16Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    Time32MillisecondType, Time32SecondType, Time64MicrosecondType, Time64NanosecondType, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type,
    UInt8Type,
};
use arrow_array::{
    downcast_primitive_array, Array, ArrayAccessor, ArrayRef, GenericListArray, OffsetSizeTrait, RecordBatch,
    StructArray,
};
use arrow_schema::{DataType, Field, FieldRef, Fields, Schema, SchemaRef, TimeUnit};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use serde_json::{Map, Value};
use std::fmt::Display;
use std::io::{self, Write};
use std::sync::Arc;

/// Rows a row group holds at most. Readers load a row group's column chunk whole, so this
/// bounds their memory as well as ours; 8192 rows of metadata is a few megabytes.
pub(crate) const ROW_GROUP_ROWS: usize = 8192;

/// Bytes of `text` and `input` a row group holds at most (more only when one row alone is
/// larger): captures run to megabytes each, and a row group is buffered whole before it is
/// written. It also keeps a Utf8 column far below Arrow's 2 GiB per array.
pub(crate) const ROW_GROUP_BYTES: usize = 64 << 20;

/// The longest string one Utf8 value can hold: its offsets are `i32`.
const MAX_STRING_BYTES: usize = i32::MAX as usize;

/// zstd's level for Parquet pages, as for compressed JSONL outputs.
const ZSTD_LEVEL: i32 = 3;

/// The clean text, after the metadata columns; null when the capture failed.
const TEXT: &str = "text";
/// The input record's other fields as a JSON object, last; null when there are none.
const INPUT: &str = "input";

/// The item field of a list column, named as the Parquet spec names it (Arrow's own default is
/// `item`), so that readers which follow the spec need no fallback.
const LIST_ITEM: &str = "element";

/// How one metadata field becomes a column: its Arrow type, and how to read its value.
#[derive(Clone, Copy)]
enum Get {
    /// A string that is always there.
    Str(fn(&Metadata) -> &str),
    /// A string that may be unknown: null then.
    OptStr(fn(&Metadata) -> Option<&str>),
    /// A count, as Int64: Spark refuses unsigned columns.
    Count(fn(&Metadata) -> usize),
    /// An ISO date, as Date32; null when it is not a whole `YYYY-MM-DD` date.
    Date(fn(&Metadata) -> Option<&str>),
    /// A list of strings.
    Strs(fn(&Metadata) -> Vec<&str>),
    /// What the rules removed: a list of structs.
    Removed(fn(&Metadata) -> &[RemovedBy]),
}

/// The metadata columns, in the order of [`Metadata`]'s fields: the schema and the column
/// builders are both made from this table, so a new field is one line here.
const COLUMNS: &[(&str, Get)] = &[
    ("source", Get::Str(|m| &m.source)),
    ("format", Get::Str(|m| m.format)),
    ("encoding", Get::OptStr(|m| m.encoding)),
    ("site", Get::OptStr(|m| m.site.as_deref())),
    ("site_name", Get::OptStr(|m| m.site_name.as_deref())),
    ("url", Get::OptStr(|m| m.url.as_deref())),
    ("id", Get::OptStr(|m| m.id.as_deref())),
    ("warc_record_id", Get::OptStr(|m| m.warc_record_id.as_deref())),
    ("warc_date", Get::OptStr(|m| m.warc_date.as_deref())),
    ("title", Get::OptStr(|m| m.title.as_deref())),
    ("author", Get::OptStr(|m| m.author.as_deref())),
    ("date", Get::Date(|m| m.date.as_deref())),
    ("date_modified", Get::Date(|m| m.date_modified.as_deref())),
    ("language", Get::OptStr(|m| m.language.as_deref())),
    ("words_in", Get::Count(|m| m.words_in)),
    ("words_out", Get::Count(|m| m.words_out)),
    ("removed", Get::Removed(|m| &m.removed)),
    ("rules_applied", Get::Strs(|m| m.rules_applied.iter().map(|rule| &**rule).collect())),
    ("content_hash", Get::Str(|m| &m.content_hash)),
    ("cleaned_with", Get::Str(|m| &m.cleaned_with)),
    ("dechrome", Get::Str(|m| m.dechrome)),
    ("warnings", Get::Strs(|m| m.warnings.iter().map(String::as_str).collect())),
    ("error", Get::OptStr(|m| m.error.as_deref())),
];

impl Get {
    fn data_type(self) -> DataType {
        match self {
            Get::Str(_) | Get::OptStr(_) => DataType::Utf8,
            Get::Count(_) => DataType::Int64,
            Get::Date(_) => DataType::Date32,
            Get::Strs(_) => DataType::List(list_item(DataType::Utf8)),
            Get::Removed(_) => DataType::List(list_item(DataType::Struct(removed_fields()))),
        }
    }

    fn nullable(self) -> bool {
        matches!(self, Get::OptStr(_) | Get::Date(_))
    }
}

fn list_item(data_type: DataType) -> FieldRef {
    Arc::new(Field::new(LIST_ITEM, data_type, false))
}

/// The fields of one `removed` entry, as [`RemovedBy`] has them; [`Column::append`] fills
/// them by position.
fn removed_fields() -> Fields {
    Fields::from(vec![
        Field::new("rule", DataType::Utf8, false),
        Field::new("kind", DataType::Utf8, false),
        Field::new("lines", DataType::Int64, false),
        Field::new("spans", DataType::Int64, false),
        Field::new("chars", DataType::Int64, false),
    ])
}

/// The metadata columns' fields, in order.
pub(crate) fn metadata_fields() -> Vec<Field> {
    COLUMNS.iter().map(|&(name, get)| Field::new(name, get.data_type(), get.nullable())).collect()
}

/// The field of the clean text column (null for a failed capture).
pub(crate) fn text_field() -> Field {
    Field::new(TEXT, DataType::Utf8, true)
}

/// The metadata columns of `metas`, one array each, in the order of [`metadata_fields`].
pub(crate) fn metadata_arrays<'a>(metas: impl IntoIterator<Item = &'a Metadata>) -> Vec<ArrayRef> {
    let mut columns: Vec<Column> = COLUMNS.iter().map(|&(_, get)| Column::new(get)).collect();
    for meta in metas {
        for column in &mut columns {
            column.append(meta);
        }
    }
    columns.iter_mut().map(Column::finish).collect()
}

/// The whole table's schema: the metadata columns, then `text` and `input`.
fn schema() -> SchemaRef {
    let mut fields = metadata_fields();
    fields.push(text_field());
    fields.push(Field::new(INPUT, DataType::Utf8, true));
    Arc::new(Schema::new(fields))
}

/// One metadata column being filled: how to read the field, and the values so far.
enum Column {
    Str(fn(&Metadata) -> &str, StringBuilder),
    OptStr(fn(&Metadata) -> Option<&str>, StringBuilder),
    Count(fn(&Metadata) -> usize, Int64Builder),
    Date(fn(&Metadata) -> Option<&str>, Date32Builder),
    Strs(fn(&Metadata) -> Vec<&str>, ListBuilder<StringBuilder>),
    Removed(fn(&Metadata) -> &[RemovedBy], ListBuilder<StructBuilder>),
}

impl Column {
    fn new(get: Get) -> Column {
        match get {
            Get::Str(read) => Column::Str(read, StringBuilder::new()),
            Get::OptStr(read) => Column::OptStr(read, StringBuilder::new()),
            Get::Count(read) => Column::Count(read, Int64Builder::new()),
            Get::Date(read) => Column::Date(read, Date32Builder::new()),
            Get::Strs(read) => {
                Column::Strs(read, ListBuilder::new(StringBuilder::new()).with_field(list_item(DataType::Utf8)))
            }
            Get::Removed(read) => {
                let entries = StructBuilder::from_fields(removed_fields(), 0);
                let item = list_item(DataType::Struct(removed_fields()));
                Column::Removed(read, ListBuilder::new(entries).with_field(item))
            }
        }
    }

    fn append(&mut self, meta: &Metadata) {
        match self {
            Column::Str(read, values) => values.append_value(read(meta)),
            Column::OptStr(read, values) => values.append_option(read(meta)),
            Column::Count(read, values) => values.append_value(read(meta) as i64),
            Column::Date(read, values) => values.append_option(read(meta).and_then(epoch_days)),
            Column::Strs(read, lists) => {
                for value in read(meta) {
                    lists.values().append_value(value);
                }
                lists.append(true);
            }
            Column::Removed(read, lists) => {
                for removed in read(meta) {
                    append_removed(lists.values(), removed);
                }
                lists.append(true);
            }
        }
    }

    /// The values so far as an array; the column starts again empty.
    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Str(_, values) | Column::OptStr(_, values) => Arc::new(values.finish()),
            Column::Count(_, values) => Arc::new(values.finish()),
            Column::Date(_, values) => Arc::new(values.finish()),
            Column::Strs(_, lists) => Arc::new(lists.finish()),
            Column::Removed(_, lists) => Arc::new(lists.finish()),
        }
    }
}

/// Appends one entry to a `removed` list, its fields in the order of [`removed_fields`].
fn append_removed(entries: &mut StructBuilder, removed: &RemovedBy) {
    let strings = [&*removed.rule, removed.kind];
    for (i, value) in strings.into_iter().enumerate() {
        entries.field_builder::<StringBuilder>(i).expect("a string field").append_value(value);
    }
    let counts = [removed.lines, removed.spans, removed.chars];
    for (i, value) in counts.into_iter().enumerate() {
        entries.field_builder::<Int64Builder>(strings.len() + i).expect("a count field").append_value(value as i64);
    }
    entries.append(true);
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date; `None` for anything else (a month, a year,
/// a date that does not exist), which a Date32 cannot hold.
fn epoch_days(date: &str) -> Option<i32> {
    let bytes = date.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return None;
    }
    let number = |range: std::ops::Range<usize>| date[range].parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    let day = chrono::NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)?;
    Some(Date32Type::from_naive_date(day))
}

/// How many rows and bytes of text a row group holds at most; see [`ROW_GROUP_ROWS`] and
/// [`ROW_GROUP_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowGroupLimits {
    pub(crate) rows: usize,
    pub(crate) bytes: usize,
}

impl Default for RowGroupLimits {
    fn default() -> Self {
        RowGroupLimits { rows: ROW_GROUP_ROWS, bytes: ROW_GROUP_BYTES }
    }
}

/// Writes cleaned captures as a Parquet file, one row each, zstd-compressed, a row group at a
/// time so that memory stays bounded however many captures there are.
pub(crate) struct ParquetSink<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    columns: Vec<Column>,
    text: StringBuilder,
    input: StringBuilder,
    /// Rows buffered, not yet written.
    rows: usize,
    /// Bytes of `text` and `input` buffered.
    bytes: usize,
    limits: RowGroupLimits,
}

impl<W: Write + Send> ParquetSink<W> {
    /// A sink writing to `out`, with row groups of [`ROW_GROUP_ROWS`] rows or
    /// [`ROW_GROUP_BYTES`] bytes of text.
    pub(crate) fn new(out: W) -> io::Result<Self> {
        Self::with_limits(out, RowGroupLimits::default())
    }

    /// A sink whose row groups end at `limits`: at least one row each, and no more bytes than a
    /// Utf8 array holds.
    pub(crate) fn with_limits(out: W, limits: RowGroupLimits) -> io::Result<Self> {
        let schema = schema();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(writer_properties()?))?;
        Ok(ParquetSink {
            writer,
            schema,
            columns: COLUMNS.iter().map(|&(_, get)| Column::new(get)).collect(),
            text: StringBuilder::new(),
            input: StringBuilder::new(),
            rows: 0,
            bytes: 0,
            limits: RowGroupLimits { rows: limits.rows.max(1), bytes: limits.bytes.min(MAX_STRING_BYTES) },
        })
    }

    /// Buffers one row; writes a row group when [`ROW_GROUP_ROWS`] rows or [`ROW_GROUP_BYTES`]
    /// bytes of text are buffered. `text` is `None` for a failed capture; `input` is the input
    /// record's other fields as a JSON object.
    pub(crate) fn push(&mut self, meta: &Metadata, text: Option<&str>, input: Option<&str>) -> io::Result<()> {
        let row_bytes = checked_len(text)? + checked_len(input)?;
        if self.rows > 0 && self.bytes + row_bytes > self.limits.bytes {
            self.write_row_group()?;
        }
        for column in &mut self.columns {
            column.append(meta);
        }
        self.text.append_option(text);
        self.input.append_option(input);
        self.rows += 1;
        self.bytes += row_bytes;
        if self.rows >= self.limits.rows || self.bytes >= self.limits.bytes {
            self.write_row_group()?;
        }
        Ok(())
    }

    /// Writes the last rows and the file's footer, and gives the output back.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        self.write_row_group()?;
        Ok(self.writer.into_inner()?)
    }

    fn write_row_group(&mut self) -> io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Column::finish).collect();
        arrays.push(Arc::new(self.text.finish()));
        arrays.push(Arc::new(self.input.finish()));
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(io::Error::other)?;
        self.writer.write(&batch)?;
        // Ends the row group here, whatever the writer's own row limit.
        self.writer.flush()?;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }
}

/// zstd for every column. The text columns get no dictionary, since their values do not
/// repeat, and no statistics, since no query filters on a page's smallest text.
fn writer_properties() -> io::Result<WriterProperties> {
    let mut properties =
        WriterProperties::builder().set_compression(Compression::ZSTD(ZstdLevel::try_new(ZSTD_LEVEL)?));
    for column in [TEXT, INPUT] {
        properties = properties
            .set_column_dictionary_enabled(ColumnPath::from(column), false)
            .set_column_statistics_enabled(ColumnPath::from(column), EnabledStatistics::None);
    }
    Ok(properties.build())
}

/// The length of a string the text columns can hold; an error past Arrow's 2 GiB.
fn checked_len(value: Option<&str>) -> io::Result<usize> {
    let len = value.map_or(0, str::len);
    if len > MAX_STRING_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("a string of {len} bytes is more than a Parquet row can hold (2 GiB)"),
        ));
    }
    Ok(len)
}

/// The rows of a Parquet file as JSON objects (column name → value), a batch at a time. After
/// an error it ends.
pub(crate) struct ParquetRows {
    reader: Option<ParquetRecordBatchReader>,
}

/// The rows of a Parquet file as JSON objects (column name → value), a batch at a time.
/// Streamed: one row group's pages are read at a time, never the whole file.
pub(crate) fn parquet_rows(file: std::fs::File, batch_rows: usize) -> Result<ParquetRows, String> {
    let reader = guarded(|| {
        ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|builder| builder.with_batch_size(batch_rows.max(1)).build())
            .map_err(one_line)
    })?;
    Ok(ParquetRows { reader: Some(reader) })
}

impl Iterator for ParquetRows {
    type Item = Result<Vec<Map<String, Value>>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let reader = self.reader.as_mut()?;
        let next =
            guarded(|| reader.next().map(|batch| batch.map_err(one_line).and_then(|b| batch_objects(&b))).transpose());
        if !matches!(next, Ok(Some(_))) {
            self.reader = None;
        }
        next.transpose()
    }
}

/// Runs a step of the Parquet reader with its panics caught, as errors: it panics on some
/// corrupt files (a column's offset in the footer out of range, …), and one bad file must not
/// end a run. A reader that panicked is not used again, so no broken state is seen.
fn guarded<T>(step: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|message| (*message).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(one_line(format_args!("the Parquet reader failed on this file (is it corrupt?): {message}")))
    })
}

/// An error's message on one line: callers print it after a file name.
fn one_line(error: impl Display) -> String {
    error.to_string().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A batch's rows as JSON objects.
fn batch_objects(batch: &RecordBatch) -> Result<Vec<Map<String, Value>>, String> {
    objects(batch.schema_ref().fields(), batch.columns(), batch.num_rows())
}

/// Rows of `len` objects, one key per column.
fn objects(fields: &Fields, columns: &[ArrayRef], len: usize) -> Result<Vec<Map<String, Value>>, String> {
    let mut rows = vec![Map::new(); len];
    for (field, column) in fields.iter().zip(columns) {
        let values = json_values(column.as_ref()).map_err(|e| format!("column {}: {e}", field.name()))?;
        for (row, value) in rows.iter_mut().zip(values) {
            row.insert(field.name().clone(), value);
        }
    }
    Ok(rows)
}

/// Each value of `array` as JSON: strings as strings, binary as UTF-8 (invalid bytes
/// replaced), numbers as numbers (decimals as strings, which keep every digit), dates and
/// times as ISO strings, lists as arrays, structs and maps as objects, nulls as null.
fn json_values(array: &dyn Array) -> Result<Vec<Value>, String> {
    use DataType as T;
    Ok(match array.data_type() {
        T::Null => vec![Value::Null; array.len()],
        T::Boolean => each(array.as_boolean(), Value::Bool),
        T::Int8 => each(array.as_primitive::<Int8Type>(), Value::from),
        T::Int16 => each(array.as_primitive::<Int16Type>(), Value::from),
        T::Int32 => each(array.as_primitive::<Int32Type>(), Value::from),
        T::Int64 => each(array.as_primitive::<Int64Type>(), Value::from),
        T::UInt8 => each(array.as_primitive::<UInt8Type>(), Value::from),
        T::UInt16 => each(array.as_primitive::<UInt16Type>(), Value::from),
        T::UInt32 => each(array.as_primitive::<UInt32Type>(), Value::from),
        T::UInt64 => each(array.as_primitive::<UInt64Type>(), Value::from),
        T::Float16 => each(array.as_primitive::<Float16Type>(), shortest_float),
        T::Float32 => each(array.as_primitive::<Float32Type>(), shortest_float),
        T::Float64 => each(array.as_primitive::<Float64Type>(), Value::from),
        T::Decimal32(_, scale) => decimals::<Decimal32Type>(array, *scale),
        T::Decimal64(_, scale) => decimals::<Decimal64Type>(array, *scale),
        T::Decimal128(_, scale) => decimals::<Decimal128Type>(array, *scale),
        T::Decimal256(_, scale) => decimals::<Decimal256Type>(array, *scale),
        T::Utf8 => each(array.as_string::<i32>(), string),
        T::LargeUtf8 => each(array.as_string::<i64>(), string),
        T::Utf8View => each(array.as_string_view(), string),
        T::Binary => each(array.as_binary::<i32>(), lossy),
        T::LargeBinary => each(array.as_binary::<i64>(), lossy),
        T::BinaryView => each(array.as_binary_view(), lossy),
        T::FixedSizeBinary(_) => each(array.as_fixed_size_binary(), lossy),
        T::Date32 => dates::<Date32Type>(array),
        T::Date64 => dates::<Date64Type>(array),
        T::Timestamp(unit, zone) => timestamps(array, *unit, zone.is_some()),
        T::Time32(TimeUnit::Second) => times::<Time32SecondType>(array),
        T::Time32(_) => times::<Time32MillisecondType>(array),
        T::Time64(TimeUnit::Microsecond) => times::<Time64MicrosecondType>(array),
        T::Time64(_) => times::<Time64NanosecondType>(array),
        T::List(_) => lists(array.as_list::<i32>())?,
        T::LargeList(_) => lists(array.as_list::<i64>())?,
        T::FixedSizeList(..) => fixed_size_lists(array)?,
        T::Struct(_) => structs(array.as_struct())?,
        T::Map(..) => maps(array)?,
        T::Dictionary(..) => dictionary(array)?,
        _ => other_primitives(array)?,
    })
}

/// Primitive types with no JSON form of their own (durations, intervals) as their values'
/// text, so that one odd column does not make a whole file unreadable.
fn other_primitives(array: &dyn Array) -> Result<Vec<Value>, String> {
    downcast_primitive_array!(
        array => Ok(array.iter().map(|value| value.map_or(Value::Null, |v| format!("{v:?}").into())).collect()),
        other => Err(format!("values of type {other} are not read")),
    )
}

/// Each value of a typed array through `to_json`; nulls as null.
fn each<A: ArrayAccessor>(array: A, to_json: impl Fn(A::Item) -> Value) -> Vec<Value> {
    ArrayIter::new(array).map(|value| value.map_or(Value::Null, &to_json)).collect()
}

fn string(value: &str) -> Value {
    Value::String(value.to_string())
}

fn lossy(value: &[u8]) -> Value {
    Value::String(String::from_utf8_lossy(value).into_owned())
}

/// A narrow float as the shortest decimal that reads back as it (`0.1`, not
/// `0.10000000149011612`); not-a-number and infinities as null, which JSON lacks.
fn shortest_float(value: impl Display) -> Value {
    value.to_string().parse::<f64>().map_or(Value::Null, Value::from)
}

fn decimals<D: DecimalType>(array: &dyn Array, scale: i8) -> Vec<Value> {
    each(array.as_primitive::<D>(), |value| Value::String(D::format_decimal(value, D::MAX_PRECISION, scale)))
}

fn dates<T: ArrowTemporalType<Native: Into<i64>>>(array: &dyn Array) -> Vec<Value> {
    each(array.as_primitive::<T>(), |days| as_date::<T>(days.into()).map_or(Value::Null, |d| d.to_string().into()))
}

fn times<T: ArrowTemporalType<Native: Into<i64>>>(array: &dyn Array) -> Vec<Value> {
    each(array.as_primitive::<T>(), |time| {
        as_time::<T>(time.into()).map_or(Value::Null, |t| t.format("%H:%M:%S%.f").to_string().into())
    })
}

/// Timestamps as `2024-05-01T12:00:00` (with fractions of a second when there are some); one
/// with a time zone is an instant, given in UTC with a `Z`.
fn timestamps(array: &dyn Array, unit: TimeUnit, utc: bool) -> Vec<Value> {
    match unit {
        TimeUnit::Second => instants::<TimestampSecondType>(array, utc),
        TimeUnit::Millisecond => instants::<TimestampMillisecondType>(array, utc),
        TimeUnit::Microsecond => instants::<TimestampMicrosecondType>(array, utc),
        TimeUnit::Nanosecond => instants::<TimestampNanosecondType>(array, utc),
    }
}

fn instants<T: ArrowTemporalType<Native = i64>>(array: &dyn Array, utc: bool) -> Vec<Value> {
    let zone = if utc { "Z" } else { "" };
    each(array.as_primitive::<T>(), |time| {
        as_datetime::<T>(time).map_or(Value::Null, |t| format!("{}{zone}", t.format("%Y-%m-%dT%H:%M:%S%.f")).into())
    })
}

fn lists<O: OffsetSizeTrait>(array: &GenericListArray<O>) -> Result<Vec<Value>, String> {
    let offsets: Vec<usize> = array.value_offsets().iter().map(|o| o.as_usize()).collect();
    group(array, json_values(array.values().as_ref())?, |i| offsets[i]..offsets[i + 1])
}

fn fixed_size_lists(array: &dyn Array) -> Result<Vec<Value>, String> {
    let array = array.as_fixed_size_list();
    let size = array.value_length() as usize;
    group(array, json_values(array.values().as_ref())?, |i| array.value_offset_at(i)..array.value_offset_at(i) + size)
}

/// Each row of a list array as the JSON array of its items, `items` being the JSON of all
/// the list's values and `range` a row's place among them.
fn group(
    array: &dyn Array,
    mut items: Vec<Value>,
    range: impl Fn(usize) -> std::ops::Range<usize>,
) -> Result<Vec<Value>, String> {
    (0..array.len())
        .map(|i| {
            if array.is_null(i) {
                return Ok(Value::Null);
            }
            let values = items.get_mut(range(i)).ok_or("a list's offsets pass its values")?;
            Ok(Value::Array(values.iter_mut().map(std::mem::take).collect()))
        })
        .collect()
}

fn structs(array: &StructArray) -> Result<Vec<Value>, String> {
    let rows = objects(array.fields(), array.columns(), array.len())?;
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| if array.is_null(i) { Value::Null } else { Value::Object(row) })
        .collect())
}

/// A map as a JSON object; keys that are not strings as their JSON text.
fn maps(array: &dyn Array) -> Result<Vec<Value>, String> {
    let array = array.as_map();
    let keys = json_values(array.keys().as_ref())?;
    let mut values = json_values(array.values().as_ref())?;
    let offsets = array.value_offsets();
    Ok((0..array.len())
        .map(|i| {
            if array.is_null(i) {
                return Value::Null;
            }
            let entries = offsets[i] as usize..offsets[i + 1] as usize;
            let object = entries.map(|j| (key_text(&keys[j]), std::mem::take(&mut values[j])));
            Value::Object(object.collect())
        })
        .collect())
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A dictionary-encoded column as its values: each distinct value converted once.
fn dictionary(array: &dyn Array) -> Result<Vec<Value>, String> {
    let dictionary = array.as_any_dictionary();
    let values = json_values(dictionary.values().as_ref())?;
    let keys = dictionary.normalized_keys();
    Ok((0..array.len())
        .map(|i| {
            if dictionary.keys().is_null(i) {
                Value::Null
            } else {
                values.get(keys[i]).cloned().unwrap_or(Value::Null)
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::{Record, VERSION};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use serde_json::json;
    use std::io::{Seek, SeekFrom};

    /// The fixture another tool wrote (`tests/parquet/make_pyarrow.py`).
    const PYARROW_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/parquet/pyarrow.parquet");

    /// A capture with every field set.
    fn cleaned() -> Metadata {
        Metadata {
            source: "example.com/2023/budget.html".into(),
            format: "html",
            encoding: Some("windows-1252"),
            site: Some("example.com".into()),
            site_name: Some("The Example Times".into()),
            url: Some("https://example.com/2023/budget".into()),
            id: Some("doc-17".into()),
            warc_record_id: Some("urn:uuid:00000000-0000-4000-8000-000000000017".into()),
            warc_date: Some("2023-10-02T08:00:00Z".into()),
            title: Some("Council approves the budget".into()),
            author: Some("Ana Pérez".into()),
            date: Some("2023-10-02".into()),
            date_modified: Some("2023-10-04".into()),
            language: Some("en".into()),
            words_in: 1200,
            words_out: 800,
            removed: vec![
                RemovedBy { rule: "example.promo".into(), kind: "drop", lines: 3, spans: 0, chars: 120 },
                RemovedBy { rule: "share-links".into(), kind: "heuristic", lines: 1, spans: 2, chars: 40 },
            ],
            rules_applied: vec!["example.com.toml".into(), "builtin/news.toml".into()],
            content_hash: "xxh3-128:0123456789abcdef0123456789abcdef".into(),
            cleaned_with: "xxh3-64:0123456789abcdef".into(),
            dechrome: VERSION,
            warnings: vec!["most of the text was removed".into()],
            error: Some("none: a test of every field".into()),
        }
    }

    /// A capture that could not be cleaned: no text.
    fn failed() -> Metadata {
        Metadata {
            source: "example.com/broken.html".into(),
            format: "html",
            content_hash: "xxh3-128:fedcba9876543210fedcba9876543210".into(),
            cleaned_with: "xxh3-64:fedcba9876543210".into(),
            dechrome: VERSION,
            error: Some("the page has more than 100000 nodes".into()),
            ..Metadata::default()
        }
    }

    const TEXT_OUT: &str = "The council approved the budget.\n";
    const INPUT_FIELDS: &str = r#"{"id":"doc-1","lang":"en"}"#;

    fn write_rows(rows: &[(Metadata, Option<&str>, Option<&str>)], limits: RowGroupLimits) -> Vec<u8> {
        write_with(ParquetSink::with_limits(Vec::new(), limits).unwrap(), rows)
    }

    fn write_with(mut sink: ParquetSink<Vec<u8>>, rows: &[(Metadata, Option<&str>, Option<&str>)]) -> Vec<u8> {
        for (meta, text, input) in rows {
            sink.push(meta, *text, *input).unwrap();
        }
        sink.finish().unwrap()
    }

    fn file_of(bytes: &[u8]) -> std::fs::File {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        file
    }

    fn read_all(bytes: &[u8], batch_rows: usize) -> Result<Vec<Map<String, Value>>, String> {
        let batches: Vec<_> = parquet_rows(file_of(bytes), batch_rows)?.collect::<Result<_, _>>()?;
        Ok(batches.concat())
    }

    /// The rows of each row group, from the file's footer.
    fn row_group_sizes(bytes: &[u8]) -> Vec<i64> {
        let builder = ParquetRecordBatchReaderBuilder::try_new(file_of(bytes)).unwrap();
        builder.metadata().row_groups().iter().map(parquet::file::metadata::RowGroupMetaData::num_rows).collect()
    }

    /// What the JSON line of the same capture holds, and `input`; a field the line leaves out
    /// when unknown (`id`) is a null column.
    fn json_line(meta: &Metadata, text: Option<&str>, input: Option<&str>) -> Map<String, Value> {
        let Value::Object(line) = serde_json::to_value(Record { meta, text }).unwrap() else { unreachable!() };
        let mut row: Map<String, Value> = COLUMNS.iter().map(|(name, _)| ((*name).to_string(), Value::Null)).collect();
        row.extend(line);
        row.insert(INPUT.into(), input.map_or(Value::Null, |i| Value::String(i.into())));
        row
    }

    #[test]
    fn the_columns_are_metadatas_fields_in_order_then_text_and_input() {
        // Every field set, so that none is left out of the JSON.
        let json = serde_json::to_string(&cleaned()).unwrap();
        let Value::Object(fields) = serde_json::from_str::<Value>(&json).unwrap() else { unreachable!() };
        let mut names: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
        let mut keys: Vec<&str> = fields.keys().map(String::as_str).collect();
        let in_order = names
            .windows(2)
            .all(|pair| json.find(&format!("\"{}\":", pair[0])) < json.find(&format!("\"{}\":", pair[1])));
        assert!(in_order, "COLUMNS is in another order than Metadata's fields: {names:?}");
        names.sort_unstable();
        keys.sort_unstable();
        assert_eq!(names, keys, "every Metadata field has a column, and only those");
        let schema = schema();
        let last: Vec<&str> = schema.fields().iter().rev().take(2).map(|f| f.name().as_str()).collect();
        assert_eq!(last, [INPUT, TEXT]);
    }

    #[test]
    fn rows_read_back_as_their_json_lines() {
        let rows = [(cleaned(), Some(TEXT_OUT), Some(INPUT_FIELDS)), (failed(), None, None)];
        let bytes = write_with(ParquetSink::new(Vec::new()).unwrap(), &rows);
        // `bench/check_parquet.py` reads this file in pyarrow and DuckDB.
        if let Some(path) = std::env::var_os("DECHROME_PARQUET_SAMPLE") {
            std::fs::write(path, &bytes).unwrap();
        }
        for batch_rows in [1, 2, 1000] {
            let read = read_all(&bytes, batch_rows).unwrap();
            let expected: Vec<_> = rows.iter().map(|(meta, text, input)| json_line(meta, *text, *input)).collect();
            assert_eq!(read, expected);
        }
    }

    #[test]
    fn the_arrow_schema_has_typed_columns() {
        let bytes = write_rows(&[(cleaned(), Some(TEXT_OUT), None)], RowGroupLimits::default());
        let builder = ParquetRecordBatchReaderBuilder::try_new(file_of(&bytes)).unwrap();
        let schema = builder.schema();
        let field = |name: &str| schema.field_with_name(name).unwrap();
        assert_eq!(field("words_in").data_type(), &DataType::Int64);
        assert_eq!(field("date").data_type(), &DataType::Date32);
        let DataType::List(item) = field("removed").data_type() else { panic!("removed: {:?}", field("removed")) };
        let DataType::Struct(entry) = item.data_type() else { panic!("removed's items: {item:?}") };
        let entry: Vec<_> = entry.iter().map(|f| (f.name().as_str(), f.data_type().clone())).collect();
        let (utf8, int64) = (DataType::Utf8, DataType::Int64);
        assert_eq!(
            entry,
            [
                ("rule", utf8.clone()),
                ("kind", utf8.clone()),
                ("lines", int64.clone()),
                ("spans", int64.clone()),
                ("chars", int64)
            ]
        );
        for name in ["rules_applied", "warnings"] {
            assert!(matches!(field(name).data_type(), DataType::List(item) if item.data_type() == &utf8), "{name}");
        }
        assert!(!field("source").is_nullable() && field("title").is_nullable());
        assert!(field(TEXT).is_nullable() && field(INPUT).is_nullable());
        assert_eq!(schema.fields().len(), COLUMNS.len() + 2);
        let date = builder.build().unwrap().next().unwrap().unwrap();
        let days = date.column_by_name("date").unwrap().as_primitive::<Date32Type>().value(0);
        assert_eq!(days, 19_632, "2023-10-02");
    }

    #[test]
    fn row_groups_end_at_the_row_and_byte_limits() {
        let text = "x".repeat(40);
        let rows: Vec<_> = (0..10).map(|_| (cleaned(), Some(text.as_str()), None)).collect();
        for (limits, groups) in [
            (RowGroupLimits { rows: 3, bytes: ROW_GROUP_BYTES }, 4),
            (RowGroupLimits { rows: ROW_GROUP_ROWS, bytes: 100 }, 5),
        ] {
            let bytes = write_rows(&rows, limits);
            let sizes = row_group_sizes(&bytes);
            assert_eq!(sizes.len(), groups, "{limits:?}: {sizes:?}");
            assert_eq!(sizes.iter().sum::<i64>(), 10);
            assert_eq!(read_all(&bytes, 4).unwrap().len(), 10);
        }
    }

    #[test]
    fn a_row_larger_than_the_byte_limit_is_a_row_group_of_its_own() {
        let limits = RowGroupLimits { rows: ROW_GROUP_ROWS, bytes: 100 };
        let (small, large) = ("x".repeat(10), "y".repeat(500));
        let rows =
            [(cleaned(), Some(small.as_str()), None), (cleaned(), Some(large.as_str()), None), (failed(), None, None)];
        let bytes = write_rows(&rows, limits);
        assert_eq!(row_group_sizes(&bytes), [1, 1, 1]);
    }

    #[test]
    fn only_whole_iso_dates_are_dates() {
        assert_eq!(epoch_days("1970-01-01"), Some(0));
        assert_eq!(epoch_days("1969-12-31"), Some(-1));
        assert_eq!(epoch_days("2023-10-02"), Some(19_632));
        for not_a_day in ["2023-10", "2023", "2023-02-30", "2023-13-01", "2023/10/02", "+023-10-02", "2023-10-02T10:00"]
        {
            assert_eq!(epoch_days(not_a_day), None, "{not_a_day}");
        }
    }

    #[test]
    fn truncated_corrupt_and_foreign_files_are_one_line_errors() {
        let rows = [(cleaned(), Some(TEXT_OUT), Some(INPUT_FIELDS)), (failed(), None, None)];
        let bytes = write_rows(&rows, RowGroupLimits::default());
        let mut cases: Vec<(String, Vec<u8>)> = [0, 4, 8, bytes.len() / 2, bytes.len() - 1]
            .into_iter()
            .map(|len| (format!("cut to {len} bytes"), bytes[..len].to_vec()))
            .collect();
        cases.push(("JSON".into(), br#"{"text": "not Parquet"}"#.to_vec()));
        let mut no_data = bytes.clone();
        no_data[4..bytes.len() / 2].fill(0xAB);
        cases.push(("data overwritten".into(), no_data));
        for (case, bytes) in cases {
            let error = read_all(&bytes, 10).expect_err(&case);
            assert!(!error.is_empty() && !error.contains('\n'), "{case}: {error}");
        }
    }

    /// Some corrupt footers make the Parquet reader panic (column offsets out of range, …; 22
    /// of these with parquet 60.1): each byte of the footer (every third, to keep the test
    /// short) set to 0xFF gives rows or an error, never a panic.
    #[test]
    fn a_corrupt_footer_is_an_error_not_a_panic() {
        let bytes = write_rows(&[(cleaned(), Some(TEXT_OUT), Some(INPUT_FIELDS))], RowGroupLimits::default());
        let footer_len = u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap()) as usize;
        let footer = bytes.len() - 8 - footer_len..bytes.len() - 8;
        for at in footer.step_by(3) {
            let mut corrupt = bytes.clone();
            corrupt[at] = 0xFF;
            let read = std::panic::catch_unwind(|| read_all(&corrupt, 10));
            assert!(read.is_ok(), "a panic with byte {at} set to 0xFF");
        }
    }

    #[test]
    fn reads_a_file_pyarrow_wrote() {
        let file = std::fs::File::open(PYARROW_FILE).unwrap();
        let batches: Vec<_> = parquet_rows(file, 2).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1], "batches of 2 rows");
        let rows: Vec<Value> = batches.concat().into_iter().map(Value::Object).collect();
        let expected = json!([
            {
                "id": 1,
                "url": "https://example.com/a",
                "raw_content": "Monday, October 2, 2023\n\nThe council approved the budget.\n\nSource link\n",
                "html": "<p>The council approved the budget.</p>",
                "score": 0.1,
                "tags": ["news", "local"],
            },
            {
                "id": 2,
                "url": "https://example.org/b",
                "raw_content": "Café prices rose — again.\n",
                "html": null,
                "score": 0.5,
                "tags": [],
            },
            {
                "id": 3,
                "url": null,
                "raw_content": "",
                "html": "<p>Long enough to be stored out of line.</p>",
                "score": null,
                "tags": null,
            },
        ]);
        assert_eq!(Value::Array(rows), expected);
        // The reader saw the types pyarrow wrote, not plain strings.
        let builder = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(PYARROW_FILE).unwrap()).unwrap();
        let types: Vec<_> = builder.schema().fields().iter().map(|f| f.data_type().clone()).collect();
        assert_eq!(types[2], DataType::LargeUtf8);
        assert!(matches!(types[3], DataType::Utf8View | DataType::Utf8), "{:?}", types[3]);
        assert_eq!(types[4], DataType::Float32);
    }

    #[test]
    fn other_arrow_types_become_json() {
        use arrow_array::builder::{Int32Builder, MapBuilder};
        use arrow_array::{
            BinaryArray, BooleanArray, Date64Array, Decimal128Array, DictionaryArray, Int32Array,
            TimestampMicrosecondArray, TimestampSecondArray,
        };
        let mut map = MapBuilder::new(None, StringBuilder::new(), Int32Builder::new());
        map.keys().append_value("a");
        map.values().append_value(1);
        map.append(true).unwrap();
        map.append(false).unwrap();
        let point: ArrayRef = Arc::new(Int32Array::from(vec![Some(7), None]));
        let columns: Vec<(&str, ArrayRef)> = vec![
            ("utc", Arc::new(TimestampMicrosecondArray::from(vec![1_700_000_000_123_456, 0]).with_timezone("UTC"))),
            ("local", Arc::new(TimestampSecondArray::from(vec![Some(0), None]))),
            ("day", Arc::new(Date64Array::from(vec![86_400_000, 0]))),
            ("bytes", Arc::new(BinaryArray::from(vec![b"ok".as_ref(), b"\xffok".as_ref()]))),
            ("flag", Arc::new(BooleanArray::from(vec![Some(true), None]))),
            ("price", Arc::new(Decimal128Array::from(vec![12_345, -5]).with_precision_and_scale(10, 2).unwrap())),
            ("category", Arc::new(vec![Some("news"), None].into_iter().collect::<DictionaryArray<Int32Type>>())),
            ("point", Arc::new(StructArray::from(vec![(Arc::new(Field::new("x", DataType::Int32, true)), point)]))),
            ("counts", Arc::new(map.finish())),
            ("took", Arc::new(arrow_array::DurationSecondArray::from(vec![Some(90), None]))),
        ];
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let rows: Vec<Value> = batch_objects(&batch).unwrap().into_iter().map(Value::Object).collect();
        let expected = json!([
            {
                "utc": "2023-11-14T22:13:20.123456Z",
                "local": "1970-01-01T00:00:00",
                "day": "1970-01-02",
                "bytes": "ok",
                "flag": true,
                "price": "123.45",
                "category": "news",
                "point": {"x": 7},
                "counts": {"a": 1},
                "took": "90",
            },
            {
                "utc": "1970-01-01T00:00:00Z",
                "local": null,
                "day": "1970-01-01",
                "bytes": "\u{fffd}ok",
                "flag": null,
                "price": "-0.05",
                "category": null,
                "point": {"x": null},
                "counts": null,
                "took": null,
            },
        ]);
        assert_eq!(Value::Array(rows), expected);
    }

    #[test]
    fn a_type_it_does_not_read_is_named_in_the_error() {
        let ends = arrow_array::Int32Array::from(vec![2]);
        let runs = arrow_array::RunArray::<Int32Type>::try_new(&ends, &arrow_array::StringArray::from(vec!["a"]));
        let batch = RecordBatch::try_from_iter([("runs", Arc::new(runs.unwrap()) as ArrayRef)]).unwrap();
        let error = batch_objects(&batch).unwrap_err();
        assert!(error.starts_with("column runs: values of type RunEndEncoded"), "{error}");
    }

    #[test]
    fn an_empty_file_is_parquet_with_the_schema() {
        let bytes = ParquetSink::new(Vec::new()).unwrap().finish().unwrap();
        let builder = ParquetRecordBatchReaderBuilder::try_new(file_of(&bytes)).unwrap();
        assert_eq!(builder.schema().fields(), schema().fields());
        assert_eq!(builder.metadata().file_metadata().num_rows(), 0);
        assert_eq!(row_group_sizes(&bytes), [0; 0]);
        assert_eq!(parquet_rows(file_of(&bytes), 10).unwrap().count(), 0);
    }
}
