//! Finding the captures under the inputs: sorted, filtered by globs, skipping hidden entries
//! and the output folder, streaming (nothing is collected up front).

use crate::capture::Format;
use crate::error::Error;
use crate::rules::site::{is_host_like, normalize_host};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// A file found under an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Index of the input it was found under.
    pub root: usize,
    /// Path relative to that input, `/`-separated (the file name for a file input).
    pub rel: String,
    /// From the extension; a file named directly whose extension says nothing is read as text.
    pub format: Format,
    /// Host taken from the nearest folder named like one (`scrapes/www.newsmax.com/…`).
    pub host: Option<String>,
}

/// How far the walking thread of [`Walker::with_iter`] may run ahead of its reader.
pub const AHEAD: usize = 4096;

/// Something under an input that could not be listed.
#[derive(Debug, Clone)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub reason: String,
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
            Err(e) => Box::new(std::iter::once(Err(WalkProblem {
                path: input.to_path_buf(),
                reason: format!("unreadable: {e}"),
            }))),
            Ok(m) if m.is_file() => {
                let rel = input.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                let format = Format::from_path(input).unwrap_or(Format::Text);
                let host = input.parent().and_then(|p| p.canonicalize().ok()).and_then(|p| host_of_folder(&p));
                Box::new(std::iter::once(Ok(Found { path: input.to_path_buf(), root, rel, format, host })))
            }
            Ok(_) => {
                let root_host = input.canonicalize().ok().and_then(|p| host_of_folder(&p));
                let entries = walkdir::WalkDir::new(input)
                    // By file name, as `sort_by_file_name` does, without finding the names at
                    // every comparison: entries sorted together are of one folder, so their
                    // paths differ only after it.
                    .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
                    .into_iter()
                    .filter_entry(move |e| e.depth() == 0 || self.enters(e, input));
                Box::new(entries.filter_map(move |entry| match entry {
                    Err(e) => {
                        let path = e.path().map_or_else(|| input.to_path_buf(), Path::to_path_buf);
                        Some(Err(WalkProblem {
                            path,
                            reason: format!(
                                "unreadable: {}",
                                e.io_error().map_or_else(|| e.to_string(), |io| io.to_string())
                            ),
                        }))
                    }
                    Ok(e) if !e.file_type().is_file() => None,
                    Ok(e) => {
                        let format = Format::from_path(e.path())?;
                        let rel = relative(input, e.path());
                        if !self.included(&rel) {
                            return None;
                        }
                        let host = host_of_rel(&rel).or_else(|| root_host.clone());
                        Some(Ok(Found { path: e.into_path(), root, rel, format, host }))
                    }
                }))
            }
        }
    }

    fn enters(&self, entry: &walkdir::DirEntry, input: &Path) -> bool {
        if entry.file_name().to_str().is_some_and(|n| n.starts_with('.')) {
            return false;
        }
        if entry.file_type().is_dir() {
            if !self.skip.is_empty() && entry.path().canonicalize().is_ok_and(|p| self.skip.contains(&p)) {
                return false;
            }
            let rel = relative(input, entry.path());
            if self.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
                return false;
            }
        }
        true
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

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
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
