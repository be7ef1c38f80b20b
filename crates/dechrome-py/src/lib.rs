//! The native part of the `dechrome` Python package: it converts types and calls the library.
//! Arrow batches cross as the Arrow C data interface's `PyCapsule`s, so any pyarrow from 14 on
//! works, whatever the Arrow version it was built with. The typed API is `python/dechrome`.

use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::Schema;
use dechrome::batch::{self, BatchOptions};
use dechrome::{Cleaner, Error, Format, MarkdownOptions, Options, Template, TextFormat};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyCapsuleMethods, PyTuple};
use std::path::PathBuf;
use std::sync::Arc;

create_exception!(dechrome, DechromeError, PyException, "What dechrome refuses; the base of its errors.");
create_exception!(dechrome, RuleError, DechromeError, "A rule file that does not load: `file:line:col: what`.");
create_exception!(dechrome, CaptureError, DechromeError, "A capture that cannot be cleaned (empty, binary, …).");
create_exception!(dechrome, TemplateError, DechromeError, "Bytes that are not a template this version reads.");
create_exception!(dechrome, ColumnError, DechromeError, "A column that is missing, or of a type it cannot be read as.");

/// The Python exception for a library error, with the CLI's message.
fn to_py(error: Error) -> PyErr {
    let message = error.to_string();
    match error {
        Error::Rule(_) => RuleError::new_err(message),
        Error::Capture(_) => CaptureError::new_err(message),
        Error::Template { .. } => TemplateError::new_err(message),
        Error::Column(_) => ColumnError::new_err(message),
        _ => DechromeError::new_err(message),
    }
}

fn format_of(kind: Option<&str>) -> PyResult<Option<Format>> {
    match kind {
        None => Ok(None),
        Some("html") => Ok(Some(Format::Html)),
        Some("text") => Ok(Some(Format::Text)),
        Some(other) => Err(PyValueError::new_err(format!("kind must be \"html\", \"text\" or None, not {other:?}"))),
    }
}

/// A capture given as `str` (cleaned as it is) or `bytes` (decoded as a file's bytes are).
#[derive(FromPyObject)]
enum Content {
    Text(String),
    Bytes(Vec<u8>),
}

/// The counts of site templates: merged, saved and loaded as bytes, pickled.
#[pyclass(module = "dechrome", name = "Template", eq, from_py_object)]
#[derive(Clone, Default, PartialEq)]
struct PyTemplate(Template);

#[pymethods]
impl PyTemplate {
    #[new]
    fn new() -> Self {
        PyTemplate::default()
    }

    fn merge(&mut self, other: &PyTemplate) {
        self.0.merge(other.0.clone());
    }

    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_bytes())
    }

    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<Self> {
        Template::from_bytes(data).map(PyTemplate).map_err(|e| TemplateError::new_err(e.to_string()))
    }

    #[getter]
    fn sites(&self) -> usize {
        self.0.sites()
    }

    #[getter]
    fn captures(&self) -> usize {
        self.0.captures()
    }

    /// Pickled as its bytes.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let load = py.import("dechrome._dechrome")?.getattr("_template_from_bytes")?;
        PyTuple::new(py, [load, PyTuple::new(py, [self.to_bytes(py)])?.into_any()])
    }

    fn __repr__(&self) -> String {
        format!("<dechrome.Template: {}>", self.0)
    }
}

#[pyfunction]
fn _template_from_bytes(data: &[u8]) -> PyResult<PyTemplate> {
    PyTemplate::from_bytes(data)
}

/// A cleaner and the threads it cleans batches on.
#[pyclass(module = "dechrome._dechrome", frozen)]
struct NativeCleaner {
    cleaner: Cleaner,
    /// `None`: rayon's global pool, a thread per core.
    pool: Option<Arc<rayon::ThreadPool>>,
}

#[pymethods]
impl NativeCleaner {
    #[new]
    #[pyo3(signature = (rules, default_rules, heuristics, template, threads, text_format="plain", links=false, images=false))]
    #[allow(clippy::too_many_arguments, clippy::fn_params_excessive_bools)]
    fn new(
        rules: Vec<PathBuf>,
        default_rules: bool,
        heuristics: bool,
        template: Option<PyTemplate>,
        threads: Option<usize>,
        text_format: &str,
        links: bool,
        images: bool,
    ) -> PyResult<Self> {
        let text_format = match text_format {
            "plain" => TextFormat::Plain,
            "markdown" => TextFormat::Markdown(MarkdownOptions { links, images }),
            other => {
                return Err(PyValueError::new_err(format!(
                    "text_format must be \"plain\" or \"markdown\", not {other:?}"
                )))
            }
        };
        if text_format == TextFormat::Plain && (links || images) {
            return Err(PyValueError::new_err("links and images need text_format=\"markdown\""));
        }
        let mut builder =
            Cleaner::builder().default_rules(default_rules).heuristics(heuristics).text_format(text_format);
        for path in rules {
            builder = builder.rules_path(path);
        }
        if let Some(template) = template {
            builder = builder.template(template.0);
        }
        let cleaner = builder.build().map_err(to_py)?;
        let pool = match threads {
            None => None,
            Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
            Some(n) => {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build();
                Some(Arc::new(pool.map_err(|e| DechromeError::new_err(e.to_string()))?))
            }
        };
        Ok(NativeCleaner { cleaner, pool })
    }

    /// One capture's JSON record (the metadata, then `text`), as `dechrome clean --format jsonl`
    /// writes it.
    #[pyo3(signature = (content, url=None, kind=None))]
    fn clean(&self, py: Python<'_>, content: Content, url: Option<String>, kind: Option<&str>) -> PyResult<String> {
        let options = Options { format: format_of(kind)?, url, ..Options::default() };
        let cleaned = py.detach(|| match &content {
            Content::Text(text) => self.cleaner.clean_str(text, &options),
            Content::Bytes(bytes) => self.cleaner.clean(bytes, &options),
        });
        let cleaned = cleaned.map_err(to_py)?;
        let mut record = serde_json::to_value(&cleaned.meta).map_err(|e| DechromeError::new_err(e.to_string()))?;
        record["text"] = cleaned.text.into();
        Ok(record.to_string())
    }

    /// Cleans an Arrow record batch given as its C data interface capsules; gives the result's.
    #[pyo3(signature = (schema, array, column, url_column=None, id_column=None, kind=None))]
    #[allow(clippy::too_many_arguments)]
    fn clean_batch<'py>(
        &self,
        py: Python<'py>,
        schema: &Bound<'py, PyCapsule>,
        array: &Bound<'py, PyCapsule>,
        column: String,
        url_column: Option<String>,
        id_column: Option<String>,
        kind: Option<&str>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let input = import_batch(schema, array)?;
        let options = BatchOptions { column, url_column, id_column, format: format_of(kind)? };
        let clean = || batch::clean_batch(&self.cleaner, &input, &options);
        let output = py.detach(|| match &self.pool {
            Some(pool) => pool.install(clean),
            None => clean(),
        });
        export_batch(py, output.map_err(to_py)?)
    }
}

/// Counts a batch's text captures per site into a template.
#[pyfunction]
#[pyo3(signature = (schema, array, column, url_column=None, kind=None))]
fn learn_batch(
    py: Python<'_>,
    schema: &Bound<'_, PyCapsule>,
    array: &Bound<'_, PyCapsule>,
    column: String,
    url_column: Option<String>,
    kind: Option<&str>,
) -> PyResult<PyTemplate> {
    let input = import_batch(schema, array)?;
    let options = BatchOptions { column, url_column, id_column: None, format: format_of(kind)? };
    let template = py.detach(|| batch::learn_batch(&input, &options)).map_err(to_py)?;
    Ok(PyTemplate(template))
}

/// The schema `clean_batch` gives a batch of the schema in the capsule (`__arrow_c_schema__`).
#[pyfunction]
fn result_schema<'py>(py: Python<'py>, schema: &Bound<'py, PyCapsule>) -> PyResult<Bound<'py, PyCapsule>> {
    let schema = schema.pointer_checked(Some(c"arrow_schema"))?.cast::<FFI_ArrowSchema>();
    // SAFETY: a capsule of this name holds this struct; it is borrowed while the capsule lives.
    let schema = Schema::try_from(unsafe { schema.as_ref() }).map_err(|e| ColumnError::new_err(e.to_string()))?;
    let result = batch::result_schema(&schema);
    let exported = FFI_ArrowSchema::try_from(result.as_ref()).map_err(|e| DechromeError::new_err(e.to_string()))?;
    PyCapsule::new_with_value(py, exported, c"arrow_schema")
}

/// A record batch from its `__arrow_c_array__` capsules; the array is moved out of its capsule.
fn import_batch(schema: &Bound<'_, PyCapsule>, array: &Bound<'_, PyCapsule>) -> PyResult<RecordBatch> {
    let schema = schema.pointer_checked(Some(c"arrow_schema"))?.cast::<FFI_ArrowSchema>();
    let array = array.pointer_checked(Some(c"arrow_array"))?.cast::<FFI_ArrowArray>();
    // SAFETY: capsules of these names hold these structs (the Arrow PyCapsule interface). The
    // array is moved out, leaving a released one that its capsule's destructor skips; the
    // schema is borrowed while its capsule is alive.
    let data = unsafe { from_ffi(FFI_ArrowArray::from_raw(array.as_ptr()), schema.as_ref()) };
    let data = data.map_err(|e| ColumnError::new_err(format!("not an Arrow record batch: {e}")))?;
    let batch = StructArray::from(data);
    if batch.null_count() > 0 {
        return Err(ColumnError::new_err("a record batch's rows cannot be null"));
    }
    Ok(RecordBatch::from(batch))
}

/// A record batch as the capsules `__arrow_c_array__` gives, for pyarrow to import.
fn export_batch(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyTuple>> {
    let (array, schema) =
        to_ffi(&StructArray::from(batch).into_data()).map_err(|e| DechromeError::new_err(e.to_string()))?;
    let schema = PyCapsule::new_with_value(py, schema, c"arrow_schema")?;
    let array = PyCapsule::new_with_value(py, array, c"arrow_array")?;
    PyTuple::new(py, [schema, array])
}

#[pymodule]
fn _dechrome(py: Python<'_>, module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add_class::<PyTemplate>()?;
    module.add_class::<NativeCleaner>()?;
    module.add_function(wrap_pyfunction!(learn_batch, module)?)?;
    module.add_function(wrap_pyfunction!(result_schema, module)?)?;
    module.add_function(wrap_pyfunction!(_template_from_bytes, module)?)?;
    for (name, error) in [
        ("DechromeError", py.get_type::<DechromeError>()),
        ("RuleError", py.get_type::<RuleError>()),
        ("CaptureError", py.get_type::<CaptureError>()),
        ("TemplateError", py.get_type::<TemplateError>()),
        ("ColumnError", py.get_type::<ColumnError>()),
    ] {
        module.add(name, error)?;
    }
    Ok(())
}
