//! Helpers shared by the end-to-end tests.

#![allow(dead_code)] // each test crate uses its own subset

use assert_cmd::Command;
use std::fs;
use std::path::Path;

/// The `dechrome` binary built for these tests.
pub fn dechrome() -> Command {
    Command::cargo_bin("dechrome").unwrap()
}

/// Every file below `dir`, relative path → bytes, sorted.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}
