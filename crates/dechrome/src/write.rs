//! Writing results: regular files atomically (a temp file in the target folder, then a
//! rename), devices and pipes as streams, as text + JSON pairs that mirror the input tree, or
//! as JSON lines.

use crate::error::Error;
use crate::jsonl::Object;
use crate::meta::{Metadata, Record};
use crate::paths::{OUTPUT_MARKER, TEMP_PREFIX, TEMP_SUFFIX};
use crate::walk::Found;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The mode bits a new output gets before the umask takes its share, as `File::create` gives.
#[cfg(unix)]
const NEW_FILE_MODE: u32 = 0o666;

/// The longest file name most filesystems take, in bytes; longer output names are shortened.
pub const NAME_MAX: usize = 255;

/// Writes `bytes` to `path` so that readers see the old file or the whole new one, never a
/// part: the data goes to a temp file beside it, which is then renamed over it. The file gets
/// the mode a plain create would give it: a new one 0666 less the umask, a replaced one its
/// old mode.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = temp_for(path)?;
    temp.write_all(bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temp file beside `target`, in a folder made if need be, with the mode `target` will have.
fn temp_for(target: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Given at creation, the mode loses the umask's bits; set afterwards, it would not.
        builder.permissions(std::fs::Permissions::from_mode(NEW_FILE_MODE));
    }
    let temp = builder.tempfile_in(parent)?;
    if let Ok(old) = std::fs::metadata(target) {
        if old.is_file() {
            temp.as_file().set_permissions(old.permissions())?;
        }
    }
    Ok(temp)
}

const MARKER_TEXT: &str = "This folder holds dechrome's outputs. dechrome never reads a folder with this file \
                           as captures; delete the file to clean what is here.\n";

/// Marks `folder` as an output folder (see [`OUTPUT_MARKER`]), making it if need be.
pub fn mark_output_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let marker = folder.join(OUTPUT_MARKER);
    if !marker.exists() {
        write_atomic(&marker, MARKER_TEXT.as_bytes())?;
    }
    Ok(())
}

/// An output file named on the command line (`--out FILE`, `--report FILE`), as it will be
/// written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// `-`: standard output.
    Stdout,
    /// A device, pipe or socket: written as a stream, in place.
    Stream(PathBuf),
    /// A regular file, new or existing, written atomically. A link is followed: this is the
    /// file it names.
    File(PathBuf),
}

impl Destination {
    /// What `path` names: `-` is standard output; a link is followed; a device, pipe or socket
    /// is written in place; a folder is refused.
    pub fn of(path: &Path) -> Result<Self, Error> {
        if path.as_os_str() == "-" {
            return Ok(Destination::Stdout);
        }
        let resolved = crate::paths::resolve(path).map_err(|e| Error::io(path, e))?;
        match std::fs::metadata(&resolved) {
            Ok(m) if m.is_dir() => {
                Err(Error::Usage(format!("{} is a folder, where a file is expected", path.display())))
            }
            Ok(m) if !m.is_file() => Ok(Destination::Stream(resolved)),
            _ => Ok(Destination::File(resolved)),
        }
    }

    /// The path written, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Destination::Stdout => None,
            Destination::Stream(p) | Destination::File(p) => Some(p),
        }
    }

    /// Writes `bytes` as the whole output.
    pub fn write_all(&self, bytes: &[u8]) -> std::io::Result<()> {
        let mut writer = self.writer()?;
        writer.write_all(bytes)?;
        writer.finish()
    }

    /// A writer for output that comes in parts.
    pub fn writer(&self) -> std::io::Result<StreamWriter> {
        Ok(match self {
            Destination::Stdout => StreamWriter::Stream(std::io::BufWriter::new(Box::new(std::io::stdout()))),
            Destination::Stream(path) => {
                let file = std::fs::OpenOptions::new().write(true).open(path)?;
                StreamWriter::Stream(std::io::BufWriter::new(Box::new(file)))
            }
            Destination::File(path) => {
                StreamWriter::File { path: path.clone(), temp: std::io::BufWriter::new(temp_for(path)?) }
            }
        })
    }
}

/// Refuses an output file (JSONL, a report) that is a folder, or an existing file the walk
/// would read as an input: writing it would replace a capture.
pub fn check_output_file(flag: &str, path: &Path, inputs: &[PathBuf]) -> Result<Destination, Error> {
    let destination = Destination::of(path).map_err(|e| match e {
        Error::Usage(message) => Error::Usage(format!("{flag} {message}")),
        other => other,
    })?;
    if let Destination::File(file) = &destination {
        let is_input = file.is_file() && inputs.iter().any(|input| file.starts_with(input));
        if is_input {
            return Err(Error::Usage(format!(
                "{flag} {} is an input: writing it would replace it; choose a file outside the inputs",
                path.display()
            )));
        }
    }
    Ok(destination)
}

/// Output written as it comes: to a stream at once, or to a temp file made visible whole by
/// [`StreamWriter::finish`].
pub enum StreamWriter {
    Stream(std::io::BufWriter<Box<dyn Write + Send>>),
    File { path: PathBuf, temp: std::io::BufWriter<tempfile::NamedTempFile> },
}

impl StreamWriter {
    /// Flushes a stream, or renames the temp file into place.
    pub fn finish(self) -> std::io::Result<()> {
        match self {
            StreamWriter::Stream(mut stream) => stream.flush(),
            StreamWriter::File { path, temp } => {
                let temp = temp.into_inner().map_err(std::io::IntoInnerError::into_error)?;
                temp.persist(&path).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

/// An output stream, compressed as its file name says: `.gz` (gzip), `.zst` (zstd), or not.
pub enum Encoded {
    Plain(StreamWriter),
    Gzip(flate2::write::GzEncoder<StreamWriter>),
    Zstd(zstd::stream::write::Encoder<'static, StreamWriter>),
}

/// zstd's level for outputs: its default, fast and within a few percent of higher levels on text.
const ZSTD_LEVEL: i32 = 3;

impl Encoded {
    /// `writer`, compressing when `name` ends in `.gz` or `.zst`.
    pub fn for_name(writer: StreamWriter, name: &Path) -> std::io::Result<Encoded> {
        let extension = name.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        Ok(match extension.as_deref() {
            Some("gz") => Encoded::Gzip(flate2::write::GzEncoder::new(writer, flate2::Compression::default())),
            Some("zst") => Encoded::Zstd(zstd::stream::write::Encoder::new(writer, ZSTD_LEVEL)?),
            _ => Encoded::Plain(writer),
        })
    }

    /// Ends the compressed stream, then the output (see [`StreamWriter::finish`]).
    pub fn finish(self) -> std::io::Result<()> {
        match self {
            Encoded::Plain(writer) => writer.finish(),
            Encoded::Gzip(encoder) => encoder.finish()?.finish(),
            Encoded::Zstd(encoder) => encoder.finish()?.finish(),
        }
    }

    fn inner(&mut self) -> &mut dyn Write {
        match self {
            Encoded::Plain(writer) => writer,
            Encoded::Gzip(encoder) => encoder,
            Encoded::Zstd(encoder) => encoder,
        }
    }
}

impl Write for Encoded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.inner().write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner().flush()
    }
}

impl Write for StreamWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            StreamWriter::Stream(stream) => stream.write(buf),
            StreamWriter::File { temp, .. } => temp.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            StreamWriter::Stream(stream) => stream.write_all(buf),
            StreamWriter::File { temp, .. } => temp.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            StreamWriter::Stream(stream) => stream.flush(),
            StreamWriter::File { temp, .. } => temp.flush(),
        }
    }
}

/// One JSON line: the metadata fields, then `text`.
pub fn json_line(meta: &Metadata, text: Option<&str>) -> String {
    let mut line = serde_json::to_string(&Record { meta, text }).expect("metadata serializes");
    line.push('\n');
    line
}

/// The prefix an input field takes when dechrome writes a field of its name with another value.
pub const RENAMED_PREFIX: &str = "input_";

/// One JSON line for an input record (JSONL, Parquet): its fields in their order, then
/// dechrome's (the metadata, then `text`). The content field `text` holds the clean text in its
/// place; another content field keeps `raw`. An input field named like one of dechrome's is
/// written once, in its place, when the values agree, dechrome's is `null`, or it is the
/// record's id field (`id_field`); it is dropped when its own value is `null`, and renamed
/// [`RENAMED_PREFIX`]`<name>` otherwise: nothing is overwritten.
pub fn record_line(
    meta: &Metadata,
    text: Option<&str>,
    input: Object,
    content_field: Option<&str>,
    raw: Option<String>,
    id_field: &str,
) -> String {
    let Ok(Value::Object(mut ours)) = serde_json::to_value(Record { meta, text }) else {
        unreachable!("metadata serializes to an object")
    };
    let mut out = Object::with_capacity(input.len() + ours.len());
    let mut raw = raw;
    for (name, value) in input {
        if content_field == Some(name.as_str()) {
            let value = if name == "text" { ours.shift_remove("text") } else { raw.take().map(Value::String) };
            out.insert(name, value.unwrap_or(Value::Null));
            continue;
        }
        match ours.get(&name) {
            None => {
                out.insert(name, value);
            }
            Some(_) if value.is_null() => {}
            Some(mine) if *mine == value || mine.is_null() || name == id_field => {
                ours.shift_remove(&name);
                out.insert(name, value);
            }
            Some(_) => {
                let mut renamed = format!("{RENAMED_PREFIX}{name}");
                while out.contains_key(&renamed) || ours.contains_key(&renamed) {
                    renamed.insert_str(0, RENAMED_PREFIX);
                }
                out.insert(renamed, value);
            }
        }
    }
    out.extend(ours);
    let mut line = serde_json::to_string(&out).expect("JSON values serialize");
    line.push('\n');
    line
}

pub fn pretty_json(meta: &Metadata) -> String {
    let mut json = serde_json::to_string_pretty(meta).expect("metadata serializes");
    json.push('\n');
    json
}

/// Where each capture's outputs go under the output folder: `<rel>` without its extension,
/// under the input's own name when several inputs are cleaned at once.
#[derive(Debug)]
pub struct Layout {
    out: PathBuf,
    /// Per input: the folder its outputs go under, relative to `out`.
    prefixes: Vec<PathBuf>,
    /// Output paths claimed so far, by folder. The walk is depth first, so a folder that is
    /// not an ancestor of the current one is finished and its claims are let go: memory stays
    /// bounded by the folder depth and the largest folder, not by the number of files.
    claimed: HashMap<PathBuf, HashSet<PathBuf>>,
    /// Paths no capture may take: other files the run writes (a report).
    reserved: HashSet<PathBuf>,
    /// When set, each folder outputs go to is first rid of the temp files that a run killed
    /// before this time left there.
    stale_before: Option<std::time::SystemTime>,
}

/// The length of the `~` and 16 hex digits that end a shortened name.
const NAME_HASH_LEN: usize = 17;

impl Layout {
    /// Fails when two inputs would share an output folder.
    pub fn new(out: &Path, inputs: &[PathBuf]) -> Result<Self, String> {
        let mut prefixes = Vec::with_capacity(inputs.len());
        if inputs.len() > 1 {
            let mut seen = HashSet::new();
            for input in inputs {
                let name = input
                    .canonicalize()
                    .ok()
                    .and_then(|p| p.file_name().map(PathBuf::from))
                    .unwrap_or_else(|| PathBuf::from("input"));
                let name = if std::fs::metadata(input).is_ok_and(|m| m.is_file()) { PathBuf::new() } else { name };
                if !name.as_os_str().is_empty() && !seen.insert(name.clone()) {
                    return Err(format!(
                        "two inputs are both named {}; their outputs would mix under {}: clean them one at a time or rename one",
                        name.display(),
                        out.display()
                    ));
                }
                prefixes.push(name);
            }
        } else {
            prefixes.push(PathBuf::new());
        }
        Ok(Layout {
            out: out.to_path_buf(),
            prefixes,
            claimed: HashMap::new(),
            reserved: HashSet::new(),
            stale_before: None,
        })
    }

    /// Keeps captures off `path`, a file the run writes besides their outputs.
    pub fn reserve(&mut self, path: PathBuf) {
        self.reserved.insert(path);
    }

    /// Removes, from each folder before its first output, the temp files older than `time`.
    pub fn remove_stale_temps_before(&mut self, time: std::time::SystemTime) {
        self.stale_before = Some(time);
    }

    /// The output path of a capture, without extension, for outputs with the given
    /// extensions. When one of them is already taken in this run (`a.txt` beside `a.html`),
    /// the capture keeps its whole name (`a.html.txt`), so no output overwrites another. A
    /// name too long for the filesystem is cut, and ends in a hash of the whole name.
    pub fn claim(&mut self, found: &Found, extensions: &[&str]) -> PathBuf {
        let path = self.out.join(&self.prefixes[found.root]).join(&found.rel_path);
        let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
        self.claimed.retain(|dir, _| parent.starts_with(dir));
        if !self.claimed.contains_key(&parent) {
            if let Some(time) = self.stale_before {
                crate::paths::remove_stale_temps(&parent, time);
            }
        }
        let claimed = self.claimed.entry(parent).or_default();
        let longest_extension = extensions.iter().map(|e| e.len()).max().unwrap_or(0);
        // `a.html.gz` gives `a.txt`, as `a.html` does.
        let stem = crate::capture::without_compression(&path).with_extension("");
        let mut candidates = std::iter::once(stem)
            .chain(std::iter::once(path.clone()))
            .chain((2..).map(|n| with_ext(&path, &n.to_string())))
            .map(|base| fit_name(base, longest_extension));
        loop {
            let base = candidates.next().expect("endless candidates");
            let paths: Vec<PathBuf> = extensions.iter().map(|e| with_ext(&base, e)).collect();
            if paths.iter().all(|p| !claimed.contains(p) && !self.reserved.contains(p)) {
                claimed.extend(paths);
                return base;
            }
        }
    }
}

/// `base`, with its last name cut when the name and an extension of `extension_len` bytes
/// would pass [`NAME_MAX`]: what stays ends in `~` and a hash of the whole name, so names
/// cut alike stay apart.
fn fit_name(base: PathBuf, extension_len: usize) -> PathBuf {
    let Some(name) = base.file_name() else { return base };
    let bytes = name.as_encoded_bytes();
    if bytes.len() + 1 + extension_len <= NAME_MAX {
        return base;
    }
    let mut cut = NAME_MAX.saturating_sub(1 + extension_len + NAME_HASH_LEN);
    if let Ok(text) = std::str::from_utf8(bytes) {
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
    }
    let mut short = bytes[..cut].to_vec();
    short.extend_from_slice(format!("~{:016x}", xxhash_rust::xxh3::xxh3_64(bytes)).as_bytes());
    base.with_file_name(os_string_from_bytes(short))
}

#[cfg(unix)]
fn os_string_from_bytes(bytes: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

#[cfg(not(unix))]
fn os_string_from_bytes(bytes: Vec<u8>) -> OsString {
    String::from_utf8_lossy(&bytes).into_owned().into()
}

/// `base` + `.ext`, keeping any dots already in the name.
pub fn with_ext(base: &Path, ext: &str) -> PathBuf {
    let mut name = base.as_os_str().to_os_string();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Format;

    fn found(rel: &str) -> Found {
        Found {
            path: PathBuf::from(rel),
            root: 0,
            rel: rel.to_string(),
            rel_path: PathBuf::from(rel),
            format: crate::walk::Kind::Capture(Format::Text),
            host: None,
            pipe: false,
        }
    }

    #[test]
    fn colliding_names_keep_their_whole_name_and_finished_folders_are_let_go() {
        let mut layout = Layout::new(Path::new("out"), &[PathBuf::from("in")]).unwrap();
        assert_eq!(layout.claim(&found("a/x.txt"), &["txt", "json"]), Path::new("out/a/x"));
        assert_eq!(layout.claim(&found("a/x.text"), &["txt", "json"]), Path::new("out/a/x.text"));
        assert_eq!(layout.claim(&found("a/x.jsonl"), &["jsonl"]), Path::new("out/a/x"));
        assert_eq!(layout.claim(&found("a/b/y.txt"), &["txt", "json"]), Path::new("out/a/b/y"));
        assert_eq!(layout.claimed.len(), 2, "out/a stays while out/a/b is walked");
        assert_eq!(layout.claim(&found("c/z.txt"), &["txt", "json"]), Path::new("out/c/z"));
        assert_eq!(layout.claimed.len(), 1, "finished folders are let go");
    }

    #[test]
    fn reserved_paths_are_never_claimed() {
        let mut layout = Layout::new(Path::new("out"), &[PathBuf::from("in")]).unwrap();
        layout.reserve(PathBuf::from("out/summary.json"));
        assert_eq!(layout.claim(&found("summary.txt"), &["txt", "json"]), Path::new("out/summary.txt"));
    }

    #[test]
    fn names_too_long_for_the_filesystem_are_cut_and_end_in_a_hash_of_the_whole_name() {
        let mut layout = Layout::new(Path::new("out"), &[PathBuf::from("in")]).unwrap();
        let long = |end: &str| format!("{}{end}.txt", "é".repeat(126));
        let first = layout.claim(&found(&long("a")), &["txt", "json"]);
        let second = layout.claim(&found(&long("b")), &["txt", "json"]);
        for base in [&first, &second] {
            let name = with_ext(base, "json").file_name().unwrap().to_str().unwrap().to_string();
            assert!(name.len() <= NAME_MAX, "{} bytes", name.len());
            assert!(name.starts_with("éé") && name.contains('~'), "{name}");
        }
        assert_ne!(first, second, "names cut alike stay apart");
        // A name that fits is left as it is.
        assert_eq!(layout.claim(&found("short.txt"), &["txt", "json"]), Path::new("out/short"));
    }
}
