//! Finding the captures under the inputs: sorted, filtered by globs, skipping hidden entries
//! and the output folder, streaming (nothing is collected up front).

use crate::capture::Format;
use crate::error::Error;
use crate::hosts::{is_host_like, normalize_host};
use crate::paths::{is_output_folder, OUTPUT_MARKER};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

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
    /// From the extension; a file named directly whose extension says nothing is read as text.
    pub format: Format,
    /// Host taken from the nearest folder named like one (`scrapes/www.newsmax.com/…`).
    pub host: Option<String>,
}

/// How far the walking thread of [`Walker::with_iter`] may run ahead of its reader.
pub const AHEAD: usize = 4096;

/// Something under an input that could not be listed, or was left out on purpose.
#[derive(Debug, Clone)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub reason: String,
    /// Left out on purpose (another run's output folder), not failed.
    pub skipped: bool,
}

impl WalkProblem {
    fn failed(path: &Path, reason: String) -> Self {
        WalkProblem { path: path.to_path_buf(), reason, skipped: false }
    }
}

#[derive(Debug, Default)]
pub struct WalkOptions {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Folders never entered (the output folder when it lies inside an input).
    pub skip: Vec<PathBuf>,
}

pub struct Walker {
    inputs: Vec<PathBuf>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    skip: Vec<PathBuf>,
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
        match std::fs::metadata(input) {
            Err(e) => Box::new(std::iter::once(Err(WalkProblem::failed(input, format!("unreadable: {e}"))))),
            Ok(m) if m.is_file() => {
                let name = input.file_name().unwrap_or_default();
                let format = Format::from_path(input).unwrap_or(Format::Text);
                let host = input.parent().and_then(|p| p.canonicalize().ok()).and_then(|p| host_of_folder(&p));
                Box::new(std::iter::once(Ok(Found {
                    path: input.to_path_buf(),
                    root,
                    rel: display_name(name),
                    rel_path: PathBuf::from(name),
                    format,
                    host,
                })))
            }
            Ok(_) => {
                let root_host = input.canonicalize().ok().and_then(|p| host_of_folder(&p));
                let mut entries = walkdir::WalkDir::new(input)
                    // By file name, as `sort_by_file_name` does, without finding the names at
                    // every comparison: entries sorted together are of one folder, so their
                    // paths differ only after it.
                    .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
                    .into_iter();
                Box::new(std::iter::from_fn(move || loop {
                    let entry = match entries.next()? {
                        Ok(entry) => entry,
                        Err(e) => {
                            let path = e.path().map_or_else(|| input.to_path_buf(), Path::to_path_buf);
                            let reason = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                            return Some(Err(WalkProblem::failed(&path, format!("unreadable: {reason}"))));
                        }
                    };
                    if entry.file_type().is_dir() {
                        match self.folder_verdict(&entry, input) {
                            Verdict::Enter => {}
                            Verdict::Pass => entries.skip_current_dir(),
                            Verdict::Skip(reason) => {
                                entries.skip_current_dir();
                                return Some(Err(WalkProblem { path: entry.into_path(), reason, skipped: true }));
                            }
                        }
                        continue;
                    }
                    if !entry.file_type().is_file() || is_hidden(&entry) {
                        continue;
                    }
                    let Some(format) = Format::from_path(entry.path()) else { continue };
                    let rel_path = entry.path().strip_prefix(input).unwrap_or(entry.path()).to_path_buf();
                    let rel = relative(&rel_path);
                    if !self.included(&rel) {
                        continue;
                    }
                    let host = host_of_rel(&rel).or_else(|| root_host.clone());
                    return Some(Ok(Found { path: entry.into_path(), root, rel, rel_path, format, host }));
                }))
            }
        }
    }

    /// Whether the walk enters a folder: not a hidden one, the run's own output folder, or
    /// one excluded; not another run's output folder either, and that one is said.
    fn folder_verdict(&self, entry: &walkdir::DirEntry, input: &Path) -> Verdict {
        if entry.depth() > 0 {
            if is_hidden(entry) {
                return Verdict::Pass;
            }
            if !self.skip.is_empty() && entry.path().canonicalize().is_ok_and(|p| self.skip.contains(&p)) {
                return Verdict::Pass;
            }
            let rel = relative(entry.path().strip_prefix(input).unwrap_or(entry.path()));
            if self.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
                return Verdict::Pass;
            }
        }
        if is_output_folder(entry.path()) {
            return Verdict::Skip(format!("dechrome's output folder (it holds {OUTPUT_MARKER}), not read as captures"));
        }
        Verdict::Enter
    }

    fn included(&self, rel: &str) -> bool {
        self.include.as_ref().is_none_or(|g| g.is_match(rel)) && !self.exclude.as_ref().is_some_and(|g| g.is_match(rel))
    }
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
    /// Pass over it without a word (hidden, excluded, the run's own output).
    Pass,
    /// Leave it out, and say why.
    Skip(String),
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.file_name().as_encoded_bytes().first() == Some(&b'.')
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
            entries.map(|e| e.map(|f| (f.rel, f.host)).unwrap()).collect()
        };
        let direct = listed(&mut walker.iter());
        assert_eq!(direct.len(), 4);
        assert_eq!(walker.with_iter(|entries| listed(entries)), direct);
        assert_eq!(walker.with_iter_ahead(1, |entries| listed(entries)), direct);
        // A reader that stops early lets the walking thread, blocked on a full channel, end.
        assert_eq!(walker.with_iter_ahead(1, |entries| entries.take(1).count()), 1);
    }
}
