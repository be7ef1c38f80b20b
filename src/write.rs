//! Writing results: atomically (a temp file in the target folder, then a rename), as text +
//! JSON pairs that mirror the input tree, or as JSON lines.

use crate::meta::{Metadata, Record};
use crate::walk::Found;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` so that readers see the old file or the whole new one, never a
/// part: the data goes to a temp file beside it, which is then renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut temp = tempfile::Builder::new().prefix(".dechrome-").suffix(".tmp").tempfile_in(parent)?;
    temp.write_all(bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// One JSON line: the metadata fields, then `text`.
pub fn json_line(meta: &Metadata, text: Option<&str>) -> String {
    let mut line = serde_json::to_string(&Record { meta, text }).expect("metadata serializes");
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
}

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
                        "two inputs are both named {:?}; their outputs would mix under {}: clean them one at a time or rename one",
                        name,
                        out.display()
                    ));
                }
                prefixes.push(name);
            }
        } else {
            prefixes.push(PathBuf::new());
        }
        Ok(Layout { out: out.to_path_buf(), prefixes, claimed: HashMap::new() })
    }

    /// The output path of a capture, without extension, for outputs with the given
    /// extensions. When one of them is already taken in this run (`a.txt` beside `a.html`),
    /// the capture keeps its whole name (`a.html.txt`), so no output overwrites another.
    pub fn claim(&mut self, found: &Found, extensions: &[&str]) -> PathBuf {
        let folder = self.out.join(&self.prefixes[found.root]);
        let rel = Path::new(&found.rel);
        let parent = folder.join(rel).parent().map(Path::to_path_buf).unwrap_or_default();
        self.claimed.retain(|dir, _| parent.starts_with(dir));
        let claimed = self.claimed.entry(parent).or_default();
        let mut candidates = std::iter::once(folder.join(rel.with_extension("")))
            .chain(std::iter::once(folder.join(rel)))
            .chain((2..).map(|n| folder.join(format!("{}.{n}", found.rel))));
        loop {
            let base = candidates.next().expect("endless candidates");
            let paths: Vec<PathBuf> = extensions.iter().map(|e| with_ext(&base, e)).collect();
            if paths.iter().all(|p| !claimed.contains(p)) {
                claimed.extend(paths);
                return base;
            }
        }
    }
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
        Found { path: PathBuf::from(rel), root: 0, rel: rel.to_string(), format: Format::Text, host: None }
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
}
