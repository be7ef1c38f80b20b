//! Reads Markdown files with a `CommonMark` + GFM parser (pulldown-cmark) and prints, for each,
//! one JSON line: its text (as the parser's text events give it) and the text of its headings,
//! list items and table rows. `bench/markdown.py` compares them with the page's structure.
//!
//! ```sh
//! cargo run -p dechrome --example markdown_structure -- FILE_OR_FOLDER...
//! ```

#[path = "../tests/markdown/structure.rs"]
mod structure;

use std::path::{Path, PathBuf};

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1) {
        collect(Path::new(&arg), &mut files);
    }
    files.sort();
    for path in files {
        let Ok(markdown) = std::fs::read_to_string(&path) else {
            eprintln!("cannot read {}", path.display());
            continue;
        };
        let read = structure::read(&markdown);
        let record = serde_json::json!({
            "path": path.display().to_string(),
            "text": read.text,
            "headings": read.headings.iter().map(|(_, text)| text).collect::<Vec<_>>(),
            "items": read.items,
            "rows": read.rows,
        });
        println!("{record}");
    }
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else { return };
        for entry in entries.flatten() {
            collect(&entry.path(), files);
        }
    } else if path.extension().is_some_and(|e| e == "md") {
        files.push(path.to_path_buf());
    }
}
