//! Finding the captures under the inputs: sorted, filtered by globs, following links,
//! streaming (nothing is collected up front). Nothing found is passed over in silence: what is
//! not a capture is reported as skipped, with one of the short reasons below, fit for counting.

use crate::capture::{decode, CaptureError, Format};
use crate::error::Error;
use crate::hosts::{is_host_like, normalize_host};
use crate::paths::is_output_folder;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// Why a walk skips a file or folder: short phrases, counted per reason in a run's summary.
pub mod reason {
    /// A file whose name starts with `.`: left alone, as shells and file managers do.
    pub const HIDDEN_FILE: &str = "hidden file";
    /// A folder whose name starts with `.` (`.git`): counted once, not per file in it.
    pub const HIDDEN_FOLDER: &str = "hidden folder";
    /// A socket, device or FIFO under a folder: reading one could block or never end.
    pub const NOT_REGULAR: &str = "not a regular file";
    /// A link to a folder that holds it: followed, it would never end.
    pub const SYMLINK_LOOP: &str = "symlink loop";
    /// A link to nothing.
    pub const BROKEN_SYMLINK: &str = "broken symlink";
    /// A link, when links are not followed.
    pub const NO_FOLLOW: &str = "symlink (--no-follow)";
    /// A file whose name says nothing and whose bytes are not text.
    pub const NOT_TEXT: &str = "not text (binary data)";
    /// A folder holding an earlier run's outputs: they are not captures.
    pub const OUTPUT_FOLDER: &str = "dechrome's output folder";
    /// Matched by an `--exclude` glob (a folder counts once).
    pub const EXCLUDED: &str = "excluded (--exclude)";
    /// Matched by none of the `--include` globs.
    pub const NOT_INCLUDED: &str = "not in --include";
}

/// Extensions of files that are known not to be captures, with why they are skipped: they are
/// not read. Any other name that is not a capture's is read, and its bytes tell.
const SKIPPED_EXTENSIONS: &[(&str, &[&str])] = &[
    (
        "image (by extension)",
        &[
            "png", "jpg", "jpeg", "jfif", "gif", "webp", "avif", "svg", "svgz", "ico", "bmp", "tif", "tiff", "heic",
            "jxl",
        ],
    ),
    ("script or style (by extension)", &["js", "mjs", "cjs", "css", "scss", "less", "map"]),
    ("font (by extension)", &["woff", "woff2", "ttf", "otf", "eot"]),
    ("archive (by extension)", &["zip", "tar", "tgz", "bz2", "tbz2", "xz", "txz", "7z", "rar", "jar"]),
    (
        "pdf or office document (by extension)",
        &["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "epub"],
    ),
    (
        "audio or video (by extension)",
        &[
            "mp3", "mp4", "m4a", "m4v", "aac", "ogg", "oga", "ogv", "opus", "wav", "flac", "webm", "avi", "mov", "mkv",
            "mpg", "mpeg", "wmv", "flv",
        ],
    ),
    ("data (by extension)", &["json", "xml", "csv", "tsv", "rss", "atom", "yaml", "yml"]),
    (
        "program (by extension)",
        &["exe", "dll", "so", "dylib", "bin", "wasm", "class", "iso", "dmg", "msi", "deb", "rpm", "apk"],
    ),
];

/// What a file's name says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A capture of this format.
    Capture(Format),
    /// Nothing (`index`, `story.php?id=3`): the worker that reads the file tells by its bytes
    /// ([`Kind::resolve`]), so the walking thread never reads.
    Sniff,
}

impl Kind {
    /// The format of a file of this kind with these bytes (decompressed): an unnamed one is a
    /// page by its first tag, else text when it decodes as text; `None` when it is binary data.
    /// Empty or blank, it is text, and fails as an empty `.txt` does.
    pub fn resolve(self, bytes: &[u8]) -> Option<Format> {
        match self {
            Kind::Capture(format) => Some(format),
            Kind::Sniff if Format::sniff_page(bytes) => Some(Format::Html),
            Kind::Sniff => match decode(bytes) {
                Ok(_) | Err(CaptureError::Empty | CaptureError::Blank) => Some(Format::Text),
                Err(_) => None,
            },
        }
    }

    /// The format of a file of many captures (JSONL, WARC, Parquet), read one at a time.
    pub fn stream(self) -> Option<Format> {
        match self {
            Kind::Capture(format) if format.is_stream() => Some(format),
            _ => None,
        }
    }

    /// Whether the file may be read as text, whose site is its folder's host.
    pub fn may_be_text(self) -> bool {
        matches!(self, Kind::Capture(Format::Text) | Kind::Sniff)
    }
}

/// A file found under an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Index of the input it was found under.
    pub root: usize,
    /// Path relative to that input, `/`-separated (the file name for a file input), as text:
    /// the source its metadata names (see [`display_name`]).
    pub rel: String,
    /// The same path as it is on disk: outputs are named after it.
    pub rel_path: PathBuf,
    /// From the extension, or to be told by the bytes.
    pub format: Kind,
    /// Host taken from the nearest folder named like one (`scrapes/www.newsmax.com/…`).
    pub host: Option<String>,
    /// Standard input (`-`), a FIFO or another file that is not a regular one, named as an
    /// input: read once, as a stream, and never by learning's first pass.
    pub pipe: bool,
}

/// How far the walking thread of [`Walker::with_iter`] may run ahead of its reader.
pub const AHEAD: usize = 4096;

/// Something under an input that could not be listed, or was left out on purpose.
#[derive(Debug, Clone)]
pub struct WalkProblem {
    pub path: PathBuf,
    /// Why; when skipped, one of [`reason`]'s phrases.
    pub reason: String,
    /// Left out on purpose (not a capture), not failed.
    pub skipped: bool,
}

impl WalkProblem {
    fn failed(path: &Path, reason: String) -> Self {
        WalkProblem { path: path.to_path_buf(), reason, skipped: false }
    }

    fn skipped(path: &Path, reason: &str) -> Self {
        WalkProblem { path: path.to_path_buf(), reason: reason.to_string(), skipped: true }
    }
}

#[derive(Debug)]
pub struct WalkOptions {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Folders never entered (the output folder when it lies inside an input).
    pub skip: Vec<PathBuf>,
    /// Follow links under the inputs (the inputs themselves are always followed); refused
    /// links are skipped with [`reason::NO_FOLLOW`].
    pub follow_links: bool,
    /// The format of standard input, and of a FIFO whose name says none.
    pub stdin_format: Format,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            include: Vec::new(),
            exclude: Vec::new(),
            skip: Vec::new(),
            follow_links: true,
            stdin_format: Format::Jsonl,
        }
    }
}

pub struct Walker {
    inputs: Vec<PathBuf>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    skip: Vec<PathBuf>,
    follow_links: bool,
    stdin_format: Format,
}

/// The threads that read and clean what a walk finds: `jobs` of them, 0 for one per core.
pub fn worker_pool(jobs: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {jobs} worker threads: {e}")))
}

impl Walker {
    pub fn new(inputs: &[PathBuf], options: WalkOptions) -> Result<Self, Error> {
        Ok(Walker {
            inputs: inputs.to_vec(),
            include: globs(&options.include)?,
            exclude: globs(&options.exclude)?,
            skip: options.skip.iter().filter_map(|p| p.canonicalize().ok()).collect(),
            follow_links: options.follow_links,
            stdin_format: options.stdin_format,
        })
    }

    /// Every capture, input by input, each input's files sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = Result<Found, WalkProblem>> + '_ {
        self.inputs.iter().enumerate().flat_map(move |(root, input)| self.walk_input(root, input))
    }

    /// Calls `body` with [`Walker::iter`] run on a thread of its own, at most [`AHEAD`] entries
    /// ahead: listing folders then overlaps with the work on what was found, instead of
    /// holding up every batch. When `body` returns early, the walk stops.
    pub fn with_iter<R>(&self, body: impl FnOnce(&mut dyn Iterator<Item = Result<Found, WalkProblem>>) -> R) -> R {
        self.with_iter_ahead(AHEAD, body)
    }

    fn with_iter_ahead<R>(
        &self,
        ahead: usize,
        body: impl FnOnce(&mut dyn Iterator<Item = Result<Found, WalkProblem>>) -> R,
    ) -> R {
        std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::sync_channel(ahead);
            scope.spawn(move || {
                for entry in self.iter() {
                    if sender.send(entry).is_err() {
                        break;
                    }
                }
            });
            body(&mut receiver.into_iter())
        })
    }

    fn walk_input<'a>(
        &'a self,
        root: usize,
        input: &'a Path,
    ) -> Box<dyn Iterator<Item = Result<Found, WalkProblem>> + 'a> {
        if input.as_os_str() == crate::paths::STDIN {
            let format = Kind::Capture(self.stdin_format);
            let (rel, rel_path) = ("stdin".to_string(), PathBuf::from("stdin"));
            let found = Found { path: input.to_path_buf(), root, rel, rel_path, format, host: None, pipe: true };
            return Box::new(std::iter::once(Ok(found)));
        }
        match std::fs::metadata(input) {
            Err(e) => Box::new(std::iter::once(Err(WalkProblem::failed(input, format!("unreadable: {e}"))))),
            Ok(m) if !m.is_dir() => {
                let name = input.file_name().unwrap_or_default();
                // `/dev/stdin` is read as standard input even when a file is redirected to it.
                let pipe = !m.is_file() || input == Path::new("/dev/stdin");
                let format = match Format::from_path(input) {
                    Some(format) => Kind::Capture(format),
                    None if pipe => Kind::Capture(self.stdin_format),
                    None => Kind::Sniff,
                };
                let host = input.parent().and_then(|p| p.canonicalize().ok()).and_then(|p| host_of_folder(&p));
                Box::new(std::iter::once(Ok(Found {
                    path: input.to_path_buf(),
                    root,
                    rel: display_name(name),
                    rel_path: PathBuf::from(name),
                    format,
                    host,
                    pipe,
                })))
            }
            Ok(_) => {
                let root_host = input.canonicalize().ok().and_then(|p| host_of_folder(&p));
                let mut entries = walkdir::WalkDir::new(input)
                    .follow_links(self.follow_links)
                    // By file name, as `sort_by_file_name` does, without finding the names at
                    // every comparison: entries sorted together are of one folder, so their
                    // paths differ only after it.
                    .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
                    .into_iter();
                Box::new(std::iter::from_fn(move || loop {
                    let entry = match entries.next()? {
                        Ok(entry) => entry,
                        Err(e) => return Some(Err(walk_error(&e, input))),
                    };
                    if entry.file_type().is_dir() {
                        match self.folder_verdict(&entry, input) {
                            Verdict::Enter => {}
                            Verdict::Pass => entries.skip_current_dir(),
                            Verdict::Skip(reason) => {
                                entries.skip_current_dir();
                                return Some(Err(WalkProblem::skipped(entry.path(), reason)));
                            }
                        }
                        continue;
                    }
                    // An input named directly that is neither file nor folder (a FIFO,
                    // `/dev/stdin`) is a stream, not walked here.
                    if entry.depth() == 0 {
                        continue;
                    }
                    return Some(self.file_verdict(entry, input, root, root_host.as_deref()));
                }))
            }
        }
    }

    /// Whether the walk enters a folder: not the run's own output folder, passed over; not a
    /// hidden or excluded one, nor another run's output folder, skipped with the reason.
    fn folder_verdict(&self, entry: &walkdir::DirEntry, input: &Path) -> Verdict {
        if entry.depth() > 0 {
            if !self.skip.is_empty() && entry.path().canonicalize().is_ok_and(|p| self.skip.contains(&p)) {
                return Verdict::Pass;
            }
            if is_hidden(entry) {
                return Verdict::Skip(reason::HIDDEN_FOLDER);
            }
            let rel = relative(entry.path().strip_prefix(input).unwrap_or(entry.path()));
            if self.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
                return Verdict::Skip(reason::EXCLUDED);
            }
        }
        if is_output_folder(entry.path()) {
            return Verdict::Skip(reason::OUTPUT_FOLDER);
        }
        Verdict::Enter
    }

    /// A file under a folder input: a capture, one whose bytes will tell, or skipped with why.
    fn file_verdict(
        &self,
        entry: walkdir::DirEntry,
        input: &Path,
        root: usize,
        root_host: Option<&str>,
    ) -> Result<Found, WalkProblem> {
        let rel_path = entry.path().strip_prefix(input).unwrap_or(entry.path()).to_path_buf();
        let rel = relative(&rel_path);
        let skipped = self.skip_reason(&entry, &rel);
        if let Some(reason) = skipped {
            return Err(WalkProblem::skipped(entry.path(), reason));
        }
        let format = match Format::from_path(entry.path()) {
            Some(format) => Kind::Capture(format),
            None => match skipped_by_extension(entry.path()) {
                Some(reason) => return Err(WalkProblem::skipped(entry.path(), reason)),
                None => Kind::Sniff,
            },
        };
        let host = host_of_rel(&rel).or_else(|| root_host.map(str::to_string));
        Ok(Found { path: entry.into_path(), root, rel, rel_path, format, host, pipe: false })
    }

    /// Why a file is no capture whatever its name: hidden, filtered out by the globs, a link
    /// not followed, or not a regular file.
    fn skip_reason(&self, entry: &walkdir::DirEntry, rel: &str) -> Option<&'static str> {
        if is_hidden(entry) {
            Some(reason::HIDDEN_FILE)
        } else if self.exclude.as_ref().is_some_and(|g| g.is_match(rel)) {
            Some(reason::EXCLUDED)
        } else if self.include.as_ref().is_some_and(|g| !g.is_match(rel)) {
            Some(reason::NOT_INCLUDED)
        } else if entry.file_type().is_symlink() {
            // Followed links report their target's type: this one was not followed.
            Some(reason::NO_FOLLOW)
        } else if !entry.file_type().is_file() {
            Some(reason::NOT_REGULAR)
        } else {
            None
        }
    }
}

/// What the walk makes of an entry it could not list: a link that loops or leads nowhere is
/// skipped (as hidden, when its name is); anything else failed.
fn walk_error(error: &walkdir::Error, input: &Path) -> WalkProblem {
    let path = error.path().unwrap_or(input);
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let looped = error.loop_ancestor().is_some() || error.io_error().is_some_and(|e| is_link && is_loop(e));
    let broken = is_link && error.io_error().is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound);
    let hidden = path != input && path.file_name().is_some_and(is_hidden_name);
    let reason = match (looped, broken, hidden) {
        (true, _, true) => reason::HIDDEN_FOLDER,
        (_, true, true) => reason::HIDDEN_FILE,
        (true, _, false) => reason::SYMLINK_LOOP,
        (_, true, false) => reason::BROKEN_SYMLINK,
        _ => {
            let why = error.io_error().map_or_else(|| error.to_string(), ToString::to_string);
            return WalkProblem::failed(path, format!("unreadable: {why}"));
        }
    };
    WalkProblem::skipped(path, reason)
}

/// Whether the OS refused to resolve a path because its links loop (`a -> b -> a`).
#[cfg(unix)]
fn is_loop(error: &std::io::Error) -> bool {
    rustix::io::Errno::from_io_error(error) == Some(rustix::io::Errno::LOOP)
}

#[cfg(not(unix))]
fn is_loop(_: &std::io::Error) -> bool {
    false
}

/// The reason a file whose name is not a capture's is skipped unread, if its extension (under
/// a compression extension: `a.png.gz`) is that of a known kind of file that is not one.
fn skipped_by_extension(path: &Path) -> Option<&'static str> {
    let path = crate::capture::without_compression(path);
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    SKIPPED_EXTENSIONS.iter().find(|(_, exts)| exts.contains(&ext.as_str())).map(|(reason, _)| *reason)
}

fn globs(patterns: &[String]) -> Result<Option<GlobSet>, Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        // A pattern without a slash matches a name at any depth, as in .gitignore.
        let pattern = if p.contains('/') { p.clone() } else { format!("**/{p}") };
        builder.add(Glob::new(&pattern).map_err(|e| Error::Usage(format!("bad glob {p:?}: {}", e.kind())))?);
        if !p.contains('/') {
            builder.add(Glob::new(p).map_err(|e| Error::Usage(format!("bad glob {p:?}: {}", e.kind())))?);
        }
    }
    builder.build().map(Some).map_err(|e| Error::Usage(format!("bad glob: {e}")))
}

/// What the walk does with a folder.
enum Verdict {
    Enter,
    /// Pass over it without a word: the run's own output.
    Pass,
    /// Leave it out, and say why (one of [`reason`]'s phrases).
    Skip(&'static str),
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    is_hidden_name(entry.file_name())
}

fn is_hidden_name(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// A relative path as a source: `/`-separated, names shown by [`display_name`].
fn relative(rel: &Path) -> String {
    let parts: Vec<String> = rel.components().map(|c| display_name(c.as_os_str())).collect();
    parts.join("/")
}

/// A file name as text. Bytes that are not UTF-8 are shown as `\xHH`, so that two names that
/// differ only in them stay apart (a lossy conversion would make both `\u{FFFD}`).
pub fn display_name(name: &std::ffi::OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02X}"));
        }
    }
    text
}

/// The host named by the nearest folder of a relative path, if any.
fn host_of_rel(rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    parts.into_iter().rev().map(str::to_ascii_lowercase).find(|p| is_host_like(p)).map(|h| normalize_host(&h))
}

fn host_of_folder(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    is_host_like(&name).then(|| normalize_host(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_come_from_the_nearest_host_folder() {
        assert_eq!(host_of_rel("scrapes/www.newsmax.com/2023/a.txt").as_deref(), Some("newsmax.com"));
        assert_eq!(host_of_rel("a.com/b.org/x.txt").as_deref(), Some("b.org"));
        assert_eq!(host_of_rel("plain/folder/x.txt"), None);
        assert_eq!(host_of_rel("page.html.txt"), None);
    }

    #[test]
    fn folders_are_listed_in_the_order_of_their_names() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["b.txt", "B.txt", "a/z.txt", "a/10.txt", "a/9.txt", "é.txt", "a b/1.txt", "a.b/1.txt", "_.txt"];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "capture").unwrap();
        }
        // As walkdir's own order by file name, from a root given with a trailing `/` too.
        for root in [dir.path().to_path_buf(), dir.path().join("")] {
            let by_walkdir: Vec<PathBuf> = walkdir::WalkDir::new(&root)
                .sort_by_file_name()
                .into_iter()
                .map(|e| e.unwrap().into_path())
                .filter(|p| p.is_file())
                .collect();
            let walker = Walker::new(std::slice::from_ref(&root), WalkOptions::default()).unwrap();
            let ours: Vec<PathBuf> = walker.iter().map(|f| f.unwrap().path).collect();
            assert_eq!(ours, by_walkdir);
            assert_eq!(ours.len(), names.len());
        }
    }

    #[test]
    fn the_walk_on_its_own_thread_finds_the_same_in_the_same_order_and_stops_early() {
        let dir = tempfile::tempdir().unwrap();
        for (i, name) in
            ["b/x.txt", "a/www.site.org/2.txt", "a/www.site.org/10.html", "c.jsonl", "skip.bin"].iter().enumerate()
        {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, format!("capture {i}")).unwrap();
        }
        let walker = Walker::new(&[dir.path().to_path_buf()], WalkOptions::default()).unwrap();
        let listed = |entries: &mut dyn Iterator<Item = Result<Found, WalkProblem>>| -> Vec<(String, Option<String>)> {
            entries.filter_map(Result::ok).map(|f| (f.rel, f.host)).collect()
        };
        let skipped: Vec<_> = walker.iter().filter_map(Result::err).map(|p| (p.reason, p.skipped)).collect();
        assert_eq!(skipped, [("program (by extension)".to_string(), true)]);
        let direct = listed(&mut walker.iter());
        assert_eq!(direct.len(), 4);
        assert_eq!(walker.with_iter(|entries| listed(entries)), direct);
        assert_eq!(walker.with_iter_ahead(1, |entries| listed(entries)), direct);
        // A reader that stops early lets the walking thread, blocked on a full channel, end.
        assert_eq!(walker.with_iter_ahead(1, |entries| entries.take(1).count()), 1);
    }
}
