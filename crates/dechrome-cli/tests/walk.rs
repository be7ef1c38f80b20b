//! Nothing under an input is skipped in silence: links are followed (loop-safe), files whose
//! name says nothing are told by their bytes, and what is not a capture is counted per reason.

mod common;

use common::dechrome;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

const PAGE: &str = "<!DOCTYPE html><html><head><title>Budget vote</title></head><body><article>\
<p>The council approved the budget on Tuesday after a long debate about the new library.</p>\
<p>The mayor said the vote was a relief for the families who had waited for it.</p>\
</article></body></html>";
const WGET_PAGE: &str = "<!-- saved by wget -->\n<head><title>Harbour</title></head><body><article>\
<p>The harbour reopened this week after the storm damage to its northern wall was mended.</p>\
<p>Fishing boats were back at sea by Thursday morning, the port authority said.</p>\
</article></body>";
const TEXT: &str = "The library opens on Monday.\n\nIt has three floors of books.\n";

/// Runs `clean` on `input` into `out` with `args`, and returns the run's report and stderr.
fn clean(input: &Path, out: &Path, args: &[&str]) -> (serde_json::Value, String) {
    let report = out.with_extension("report.json");
    let output = dechrome()
        .arg("clean")
        .arg(input)
        .arg("--out")
        .arg(out)
        .arg("--report")
        .arg(&report)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stdout.iter().chain(&output.stderr).copied().collect()).unwrap();
    assert!(output.status.success(), "{stderr}");
    (serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap(), stderr)
}

fn skipped(report: &serde_json::Value, reason: &str) -> u64 {
    report["skipped_by_reason"][reason].as_u64().unwrap_or(0)
}

#[test]
fn links_to_files_and_folders_are_followed_and_loops_are_counted_not_walked() {
    let dir = tempfile::tempdir().unwrap();
    let (pages, input) = (dir.path().join("pages"), dir.path().join("in"));
    fs::create_dir_all(&pages).unwrap();
    fs::create_dir_all(&input).unwrap();
    fs::write(pages.join("a.html"), PAGE).unwrap();
    symlink(pages.join("a.html"), input.join("linked.html")).unwrap();
    symlink(&pages, input.join("folder")).unwrap();
    symlink(&input, input.join("loop")).unwrap();
    symlink(dir.path().join("nowhere.html"), input.join("broken.html")).unwrap();

    let (report, _) = clean(&input, &dir.path().join("out"), &[]);
    assert!(dir.path().join("out/linked.txt").is_file());
    assert!(dir.path().join("out/folder/a.txt").is_file());
    assert_eq!(report["cleaned"], 2, "{report}");
    assert_eq!((skipped(&report, "symlink loop"), skipped(&report, "broken symlink")), (1, 1), "{report}");

    let (report, stderr) = clean(&input, &dir.path().join("out2"), &["--no-follow"]);
    assert_eq!(report["cleaned"], 0, "{report}");
    assert_eq!(skipped(&report, "symlink (--no-follow)"), 4, "{report}");
    assert!(stderr.contains("skipped 4: 4 symlink (--no-follow)"), "{stderr}");
}

#[test]
fn files_named_for_nothing_are_told_by_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(input.join("news")).unwrap();
    fs::write(input.join("index"), PAGE).unwrap();
    fs::write(input.join("news/story.php?id=3"), WGET_PAGE).unwrap();
    fs::write(input.join("README"), TEXT).unwrap();
    fs::write(input.join("blob"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();

    let out = dir.path().join("out");
    let (report, _) = clean(&input, &out, &[]);
    assert_eq!((report["cleaned"].as_u64(), skipped(&report, "not text (binary data)")), (Some(3), 1), "{report}");
    let meta: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("index.json")).unwrap()).unwrap();
    assert_eq!((meta["format"].as_str(), meta["title"].as_str()), (Some("html"), Some("Budget vote")), "{meta}");
    // Named as other outputs are: the last extension (`.php?id=3`) gives way to `.txt`.
    let story = fs::read_to_string(out.join("news/story.txt")).unwrap();
    assert!(story.starts_with("The harbour reopened") && !story.contains('<'), "{story}");
    assert_eq!(fs::read_to_string(out.join("README.txt")).unwrap(), TEXT);
}

#[test]
fn what_is_not_a_capture_is_counted_per_reason_and_listed_a_few_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(input.join(".git")).unwrap();
    fs::write(input.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::write(input.join(".hidden.txt"), TEXT).unwrap();
    for n in 0..6 {
        fs::write(input.join(format!("photo{n}.jpg")), [0xFF, 0xD8, 0xFF]).unwrap();
    }
    fs::write(input.join("site.css"), "body { color: red }").unwrap();
    fs::write(input.join("page.html"), PAGE).unwrap();
    let fifo = input.join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());

    let (report, stderr) = clean(&input, &dir.path().join("out"), &[]);
    let expected = [
        ("image (by extension)", 6),
        ("script or style (by extension)", 1),
        ("hidden file", 1),
        ("hidden folder", 1),
        ("not a regular file", 1),
    ];
    for (reason, n) in expected {
        assert_eq!(skipped(&report, reason), n, "{reason}: {report}");
    }
    assert_eq!((report["skipped"].as_u64(), report["cleaned"].as_u64()), (Some(10), Some(1)), "{report}");
    // The first three images are named, the rest counted in one line and in the summary.
    assert_eq!(stderr.matches("photo").count(), 3, "{stderr}");
    assert!(stderr.contains("more skipped (image (by extension))"), "{stderr}");
    assert!(stderr.contains("skipped 10: 6 image (by extension), 1 hidden file, 1 hidden folder"), "{stderr}");
}
