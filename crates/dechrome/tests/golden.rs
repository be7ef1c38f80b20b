//! The shipped samples, cleaned with the embedded rules, against reviewed golden files in
//! `tests/golden/`. Set `UPDATE_GOLDEN=1` to rewrite them, then review the diff.

use dechrome::{Cleaned, Options};
use std::path::{Path, PathBuf};

fn samples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn clean(path: &Path) -> Cleaned {
    let bytes = std::fs::read(path).unwrap();
    let options = Options { source: path.file_name().unwrap().to_string_lossy().into(), ..Options::default() };
    dechrome::clean(&bytes, &options).unwrap()
}

fn sample(prefix: &str) -> (String, Cleaned) {
    let path = samples().into_iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix)).unwrap();
    (std::fs::read_to_string(&path).unwrap(), clean(&path))
}

/// The metadata as written, but for the tool's version and the hash of what cleaned it, which
/// change by design with every release and rule edit.
fn golden_json(cleaned: &Cleaned) -> String {
    let json = serde_json::to_string_pretty(&cleaned.meta).unwrap() + "\n";
    let by_design = ["\"dechrome\":", "\"cleaned_with\":"];
    json.lines()
        .filter(|l| !by_design.iter().any(|field| l.trim_start().starts_with(field)))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn samples_match_their_golden_files() {
    let golden = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/golden"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    assert_eq!(samples().len(), 4, "the four shipped samples");
    for path in samples() {
        let cleaned = clean(&path);
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        for (ext, actual) in [("txt", cleaned.text.clone()), ("json", golden_json(&cleaned))] {
            let file = golden.join(format!("{stem}.{ext}"));
            if update {
                std::fs::write(&file, &actual).unwrap();
            } else if std::fs::read_to_string(&file).ok().as_deref() != Some(actual.as_str()) {
                mismatches.push(file.display().to_string());
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "differ from golden files (UPDATE_GOLDEN=1 to rewrite, then review): {mismatches:?}"
    );
}

#[test]
fn text_without_chrome_comes_out_unchanged() {
    let (input, cleaned) = sample("000_");
    assert_eq!(cleaned.text, input);
    assert!(cleaned.meta.removed.is_empty(), "{:?}", cleaned.meta.removed);
    assert_eq!(cleaned.meta.words_in, cleaned.meta.words_out);
}

#[test]
fn loading_residue_and_the_embedded_tweet_go_and_the_date_is_kept() {
    let (input, cleaned) = sample("001_");
    let text = cleaned.text;
    assert!(input.contains("LOADING ERROR") && !text.contains("LOADING"));
    assert!(
        input.contains("pic.twitter.com") && !text.contains("pic.twitter.com") && !text.contains("(@KimKardashian)")
    );
    assert_eq!(cleaned.meta.date.as_deref(), Some("2023-09-09"));
    assert!(text.starts_with("Kim Kardashian has issued a public plea"));
    assert!(text.contains("In the past, Kardashian has frequently advocated"), "the last paragraph stays");
}

#[test]
fn headline_site_name_and_date_become_metadata() {
    let (_, cleaned) = sample("003_");
    let text = cleaned.text;
    assert_eq!(cleaned.meta.site_name.as_deref(), Some("Clutch Points"));
    assert_eq!(cleaned.meta.date.as_deref(), Some("2023-09-09"));
    assert!(cleaned.meta.title.as_deref().unwrap().starts_with("Kim Kardashian heartfelt plea"));
    assert!(!text.contains("Clutch Points") && !text.contains("Sept 9 2023"));
}

#[test]
fn syndicated_newsmax_article_loses_all_its_chrome() {
    let (input, cleaned) = sample("004_");
    let text = cleaned.text;
    for chrome in [
        "Monday, October 2, 2023",
        "HomeNews",
        "a Newsmax general assignment writer",
        "All rights reserved",
        "Source link",
        "I'm TruthUSA",
        "Advertisment",
        "Most Popular",
        "Recent Comments",
    ] {
        assert!(input.contains(chrome), "the sample holds {chrome:?}");
        assert!(!text.contains(chrome), "{chrome:?} is still in the clean text");
    }
    assert_eq!(cleaned.meta.author.as_deref(), Some("Luca Cacciatore"));
    assert_eq!(cleaned.meta.date.as_deref(), Some("2023-10-02"));
    assert_eq!(
        cleaned.meta.title.as_deref(),
        Some("Kim Kardashian Pleads with Biden to Put an End to Armenian Persecution")
    );
    assert_eq!(cleaned.meta.site_name.as_deref(), Some("TruthUSA News Hub"));
    assert!(text.trim_end().ends_with("initial invasion of Upper Karabakh."), "the article's last sentence stays");
}
