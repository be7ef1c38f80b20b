//! The library's modules form layers, not a web: no top-level module reaches, however
//! indirectly, back into one that uses it, and the same holds between the submodules of
//! `html`. Read from the sources: every `crate::…` path (in `use` lines, groups and function
//! bodies alike) and every `super::…` path that leaves its module. Test modules, comments and
//! string literals do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module by its path from the crate root: `["rules"]`, `["html", "dom"]`.
type ModPath = Vec<String>;

/// For each module that depends on another, the other modules, each with the files whose
/// code makes the dependency.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

#[test]
fn top_level_modules_have_no_cycle() {
    let sources = library_sources();
    let modules: BTreeSet<String> = sources.iter().map(|s| s.module[0].clone()).collect();
    let reexports = root_reexports(&src_dir().join("lib.rs"), &modules);
    let mut graph = Graph::new();
    for source in &sources {
        for path in referenced_paths(&source.module, &source.code) {
            let Some(first) = path.first() else { continue };
            // `crate::Cleaner` is the module that defines it, re-exported at the root.
            let target = if modules.contains(first) { Some(first) } else { reexports.get(first) };
            if let Some(target) = target.filter(|&t| *t != source.module[0]) {
                add_edge(&mut graph, &source.module[0], target, &source.file);
            }
        }
    }
    // The reading works: a few dependencies that must be there are found.
    for (from, to) in [("run", "clean"), ("clean", "rules"), ("rules", "doc"), ("suggest", "learn")] {
        assert!(graph.get(from).is_some_and(|d| d.contains_key(to)), "no edge {from} -> {to} found: {graph:#?}");
    }
    assert_no_cycle("top-level modules", &graph);
}

/// Between `html`'s submodules. Its `mod.rs` is the module's face: it uses its submodules,
/// and they may use what it declares (`Limits`, `HtmlError`); the rule holds among siblings.
#[test]
fn html_submodules_have_no_cycle() {
    let sources = library_sources();
    let children: BTreeSet<String> =
        sources.iter().filter(|s| s.module[0] == "html" && s.module.len() > 1).map(|s| s.module[1].clone()).collect();
    assert!(children.contains("dom") && children.contains("hints"), "html's submodules: {children:?}");
    let mut graph = Graph::new();
    for source in sources.iter().filter(|s| s.module[0] == "html" && s.module.len() > 1) {
        for path in referenced_paths(&source.module, &source.code) {
            if path.len() >= 2 && path[0] == "html" && children.contains(&path[1]) && path[1] != source.module[1] {
                add_edge(&mut graph, &source.module[1], &path[1], &source.file);
            }
        }
    }
    assert!(graph.get("score").is_some_and(|d| d.contains_key("dom")), "no edge score -> dom found: {graph:#?}");
    assert_no_cycle("html's submodules", &graph);
}

/// One source file of the library, its module and its code without tests, comments and
/// literals.
struct Source {
    file: String,
    module: ModPath,
    code: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/` but `lib.rs` (the root, which declares and re-exports).
fn library_sources() -> Vec<Source> {
    let root = src_dir();
    let mut files = Vec::new();
    collect_rs_files(&root, &mut files);
    files.sort();
    let sources: Vec<Source> = files
        .into_iter()
        .filter(|f| f != &root.join("lib.rs"))
        .map(|f| {
            let rel = f.strip_prefix(&root).unwrap();
            let mut module: ModPath = rel.iter().map(|c| c.to_str().unwrap().to_string()).collect();
            let last = module.pop().unwrap();
            if last != "mod.rs" {
                module.push(last.strip_suffix(".rs").unwrap().to_string());
            }
            let text = std::fs::read_to_string(&f).unwrap();
            Source { file: rel.display().to_string(), module, code: without_tests(&code_only(&text)) }
        })
        .collect();
    assert!(sources.len() > 20, "the library's sources are under {}", root.display());
    sources
}

fn collect_rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Names the crate root re-exports (`pub use clean::{Cleaner, …}`), each with its module.
fn root_reexports(lib: &Path, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let code = code_only(&std::fs::read_to_string(lib).unwrap());
    let mut out = BTreeMap::new();
    for statement in code.split(';') {
        let Some(at) = statement.find("use ") else { continue };
        let mut paths = Vec::new();
        read_path(&statement[at + 4..], Vec::new(), &mut paths);
        for path in paths {
            let first = path[0].strip_prefix("crate").map_or(path[0].as_str(), |_| path.get(1).map_or("", |s| s));
            if modules.contains(first) {
                out.insert(path.last().unwrap().clone(), first.to_string());
            }
        }
    }
    out
}

/// The module paths named by `crate::…` and by `super::…` paths in the code of `module`,
/// absolute, from the crate root. `use crate::{a, b::{c, d}}` names `a`, `b::c` and `b::d`.
fn referenced_paths(module: &ModPath, code: &str) -> Vec<ModPath> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let after_ident = i > 0 && is_ident_byte(bytes[i - 1]);
        if !after_ident && code[i..].starts_with("crate::") {
            i += "crate::".len();
            read_path(&code[i..], Vec::new(), &mut out);
        } else if !after_ident && code[i..].starts_with("super::") {
            let mut base = module.clone();
            while code[i..].starts_with("super::") {
                base.pop();
                i += "super::".len();
            }
            read_path(&code[i..], base, &mut out);
        } else {
            i += 1;
        }
    }
    out
}

/// Reads a path or use tree at the start of `code` (after `crate::`), below `base`: each
/// full path it names goes to `out`.
fn read_path(code: &str, base: ModPath, out: &mut Vec<ModPath>) {
    let mut path = base;
    let mut rest = code.trim_start();
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            for entry in split_group(group) {
                read_path(entry, path.clone(), out);
            }
            return;
        }
        let len = rest.bytes().take_while(|&b| is_ident_byte(b)).count();
        match &rest[..len] {
            "" | "self" => break,
            segment => path.push(segment.to_string()),
        }
        rest = rest[len..].trim_start();
        match rest.strip_prefix("::") {
            Some(next) => rest = next.trim_start(),
            None => break,
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
}

/// The comma-separated entries of a `{…}` group whose `{` is just before `code`.
fn split_group(code: &str) -> Vec<&str> {
    let (mut depth, mut start, mut entries) = (0, 0, Vec::new());
    for (i, b) in code.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' if depth == 0 => {
                entries.push(&code[start..i]);
                break;
            }
            b'}' => depth -= 1,
            b',' if depth == 0 => {
                entries.push(&code[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    entries
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `code` with every item marked `#[cfg(test)]` (the test modules, test-only functions)
/// blanked out.
fn without_tests(code: &str) -> String {
    let mut out = code.to_string();
    let mut from = 0;
    while let Some(found) = out[from..].find("#[cfg(test)]") {
        let start = from + found;
        let bytes = out.as_bytes();
        let mut i = start + "#[cfg(test)]".len();
        // The item ends at its first `;` or at the `}` that closes its first `{`.
        while i < bytes.len() && bytes[i] != b';' && bytes[i] != b'{' {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'{' {
            let mut depth = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        let end = (i + 1).min(bytes.len());
        out.replace_range(start..end, &" ".repeat(end - start));
        from = end;
    }
    out
}

/// `src` with comments and the insides of string and char literals blanked out, so that
/// neither a doc link nor a message reads as a dependency (and braces in them do not count).
fn code_only(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let ident = |c: char| c.is_alphanumeric() || c == '_';
        // `b` before a literal makes it a byte string, not the end of a name.
        let prev_is_ident = i > 0 && ident(chars[i - 1]) && !(chars[i - 1] == 'b' && (i < 2 || !ident(chars[i - 2])));
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && !prev_is_ident
            && matches!(next, Some('"' | '#'))
            && raw_string_hashes(&chars, i).is_some()
        {
            let hashes = raw_string_hashes(&chars, i).unwrap();
            i += 2 + hashes;
            let close: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            while i < chars.len() && !chars[i..].starts_with(&close) {
                blank(&mut out, chars[i]);
                i += 1;
            }
            i += close.len();
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            // An escaped char literal: `'\n'`, `'\''`, `'\u{a0}'`.
            i += 3;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push_str("' '");
        } else {
            // Code, and the quote of a lifetime.
            out.push(c);
            i += 1;
        }
    }
    out
}

/// How many `#` open the raw string starting at `chars[at]` (its `r`), if one does.
fn raw_string_hashes(chars: &[char], at: usize) -> Option<usize> {
    let hashes = chars[at + 1..].iter().take_while(|&&c| c == '#').count();
    (chars.get(at + 1 + hashes) == Some(&'"')).then_some(hashes)
}

fn add_edge(graph: &mut Graph, from: &str, to: &str, file: &str) {
    graph.entry(from.to_string()).or_default().entry(to.to_string()).or_default().insert(file.to_string());
}

/// Fails with every cycle's modules, and for one cycle of each, the files behind each step.
fn assert_no_cycle(what: &str, graph: &Graph) {
    let mut report = String::new();
    let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
    for start in graph.keys() {
        if let Some(cycle) = cycle_through(graph, start) {
            let mut members = cycle.clone();
            members.sort();
            if !seen.insert(members) {
                continue;
            }
            report.push_str(&format!("\n  {} -> {}", cycle.join(" -> "), cycle[0]));
            for (i, from) in cycle.iter().enumerate() {
                let to = &cycle[(i + 1) % cycle.len()];
                let files: Vec<&str> = graph[from][to].iter().map(String::as_str).collect();
                report.push_str(&format!("\n      {from} -> {to}: {}", files.join(", ")));
            }
        }
    }
    assert!(report.is_empty(), "{what} depend on each other in a cycle:{report}");
}

/// The shortest cycle from `start` back to itself, if there is one (breadth first).
fn cycle_through(graph: &Graph, start: &str) -> Option<Vec<String>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for next in graph.get(at).into_iter().flat_map(|d| d.keys()) {
            if next == start {
                let mut cycle = vec![at.to_string()];
                let mut step = at;
                while step != start {
                    step = came_from[step];
                    cycle.push(step.to_string());
                }
                cycle.reverse();
                return Some(cycle);
            }
            if !came_from.contains_key(next.as_str()) {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}
