//! A run's paths, checked before any work: the inputs exist, no output folder can land among
//! them, output folders are known by their marker so that no later run reads them as
//! captures, and temp files that a killed run left behind are cleared. (Output files are
//! checked, and folders marked, by [`crate::write`], which writes them.)

use crate::error::Error;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

/// The file that marks a folder as dechrome's output: no walk enters a folder that holds one.
pub const OUTPUT_MARKER: &str = ".dechrome-output";

/// Symbolic links followed in a row before a path is taken for a loop.
const MAX_LINKS: usize = 40;

/// `path` made absolute with every link followed and every `.` and `..` resolved, as
/// `canonicalize` would, for a path that need not exist yet: the part that exists is
/// canonicalized, the rest appended.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    resolve_within(&std::env::current_dir()?, path, 0)
}

fn resolve_within(base: &Path, path: &Path, links: usize) -> std::io::Result<PathBuf> {
    let mut resolved = base.to_path_buf();
    let mut exists = true;
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved = PathBuf::from(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if !exists {
                    continue;
                }
                match std::fs::symlink_metadata(&resolved) {
                    Ok(m) if m.file_type().is_symlink() => {
                        if links >= MAX_LINKS {
                            return Err(std::io::Error::other("too many levels of symbolic links"));
                        }
                        let target = std::fs::read_link(&resolved)?;
                        resolved.pop();
                        resolved = resolve_within(&resolved, &target, links + 1)?;
                        exists = resolved.exists();
                    }
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => exists = false,
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(resolved)
}

/// The name standard input goes by among the inputs.
pub const STDIN: &str = "-";

/// The inputs, resolved (`-`, standard input, as it is). Fails on the first one that cannot be looked at, before any work.
pub fn check_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    inputs
        .iter()
        .map(|input| {
            if input.as_os_str() == STDIN {
                return Ok(input.clone());
            }
            let metadata = std::fs::metadata(input).map_err(|e| Error::input(input, e))?;
            match input.canonicalize() {
                Ok(path) => Ok(path),
                // `/dev/stdin` and `<(…)` lead to a pipe, which has no path of its own.
                Err(_) if !metadata.is_file() && !metadata.is_dir() => Ok(input.clone()),
                Err(e) => Err(Error::input(input, e)),
            }
        })
        .collect()
}

/// Refuses an output folder that is an input or holds one: outputs would be written among
/// the inputs, and could replace them. One inside an input is fine (the walk skips it).
pub fn check_output_folder(out: &Path, inputs: &[PathBuf]) -> Result<PathBuf, Error> {
    let resolved = resolve(out).map_err(|e| Error::io(out, e))?;
    if std::fs::metadata(&resolved).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Usage(format!("--out {} is a file, where a folder is expected", out.display())));
    }
    if let Some(input) = inputs.iter().find(|input| input.starts_with(&resolved)) {
        let what = if input == &resolved {
            "is the input".to_string()
        } else {
            format!("holds the input {}", input.display())
        };
        return Err(Error::Usage(format!(
            "--out {} {what}: outputs would be written among the inputs; choose a folder outside them (one inside an input is fine)",
            out.display()
        )));
    }
    Ok(resolved)
}

/// Whether `folder` holds dechrome's outputs.
pub fn is_output_folder(folder: &Path) -> bool {
    folder.join(OUTPUT_MARKER).symlink_metadata().is_ok()
}

/// Temp files are named `.dechrome-XXXXXX.tmp`: hidden, so no walk reads them, and known, so a
/// later run can remove what a killed one left ([`remove_stale_temps`]). The writer makes them
/// ([`crate::write`]); their names are here, with the clearing.
pub const TEMP_PREFIX: &str = ".dechrome-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// Removes the temp files of dechrome's naming in `folder` last changed before `time`: what a
/// run killed there left. A running run's own are newer. Returns how many went.
pub fn remove_stale_temps(folder: &Path, time: SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry.metadata().is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t < time));
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_do_not_exist_yet_resolve_as_canonicalize_would() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        assert_eq!(resolve(&root.join("a/./b/../b")).unwrap(), root.join("a/b"));
        assert_eq!(resolve(&root.join("a/new/../b/x.jsonl")).unwrap(), root.join("a/b/x.jsonl"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("a/b"), root.join("link")).unwrap();
            std::os::unix::fs::symlink("b/file.txt", root.join("a/dangling")).unwrap();
            std::os::unix::fs::symlink("loop", root.join("loop")).unwrap();
            assert_eq!(resolve(&root.join("link/../b/c")).unwrap(), root.join("a/b/c"));
            assert_eq!(resolve(&root.join("a/dangling")).unwrap(), root.join("a/b/file.txt"));
            assert!(resolve(&root.join("loop/x")).is_err());
        }
    }

    #[test]
    fn an_output_folder_may_lie_inside_an_input_but_never_hold_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("in/sub")).unwrap();
        std::fs::write(root.join("in/a.txt"), "x").unwrap();
        let inputs = check_inputs(&[root.join("in")]).unwrap();
        assert!(check_output_folder(&root.join("in/out"), &inputs).is_ok());
        assert!(check_output_folder(&root.join("out"), &inputs).is_ok());
        for refused in [root.join("in"), root.join("in/sub/.."), root.clone(), root.join("in/a.txt")] {
            assert!(matches!(check_output_folder(&refused, &inputs), Err(Error::Usage(_))), "{refused:?}");
        }
        let file_input = check_inputs(&[root.join("in/a.txt")]).unwrap();
        assert!(check_output_folder(&root.join("in"), &file_input).is_err());
        assert!(matches!(check_inputs(&[root.join("gone")]), Err(Error::Input { .. })));
    }

    #[test]
    fn stale_temps_go_and_newer_ones_and_other_files_stay() {
        let dir = tempfile::tempdir().unwrap();
        for name in [".dechrome-abc.tmp", ".dechrome-new.tmp", "a.tmp", ".dechrome-output"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let old = SystemTime::now() - std::time::Duration::from_secs(60);
        let file = std::fs::File::options().write(true).open(dir.path().join(".dechrome-abc.tmp")).unwrap();
        file.set_modified(old).unwrap();
        assert_eq!(remove_stale_temps(dir.path(), SystemTime::now() - std::time::Duration::from_secs(30)), 1);
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(left, [".dechrome-new.tmp", ".dechrome-output", "a.tmp"]);
    }
}
