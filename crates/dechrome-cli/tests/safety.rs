//! Nothing is lost: outputs never overlap inputs, special files are written in place, earlier
//! outputs are never read back, modes follow the umask, one bad output fails one capture, and
//! a killed run can be resumed to the same result.

mod common;

use common::{dechrome, tree};
use predicates::prelude::*;
use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

const ARTICLE: &str = "The council approved the budget on Tuesday after a long debate.\n\nThe mayor said the vote was a relief.\n\nMost Popular\n\nTen things to do\n";

/// A folder `in/` with two captures, one in a subfolder, inside a fresh temp folder.
fn scrape() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::write(input.join("a.txt"), ARTICLE).unwrap();
    fs::write(input.join("sub/b.txt"), ARTICLE).unwrap();
    (dir, input)
}

#[test]
fn outputs_that_could_replace_inputs_are_refused_before_any_work() {
    let (dir, input) = scrape();
    let root = dir.path();
    fs::create_dir_all(root.join("p/A")).unwrap();
    fs::create_dir_all(root.join("p/B")).unwrap();
    fs::write(root.join("p/A/x.txt"), ARTICLE).unwrap();
    fs::write(root.join("p/B/y.txt"), ARTICLE).unwrap();
    fs::write(input.join("records.jsonl"), "{\"text\": \"One line of text.\"}\n").unwrap();
    std::os::unix::fs::symlink(&input, root.join("link")).unwrap();
    let before = tree(root);
    let p = root.join("p");
    let cases: Vec<(Vec<&str>, &Path)> = vec![
        (vec!["clean", "in", "--out", "in"], root),
        (vec!["clean", "in", "--out", "in/sub/.."], root),
        (vec!["clean", "in", "--out", "link"], root),
        (vec!["clean", "link/sub", "--out", "in"], root),
        (vec!["clean", "A", "B", "--out", "."], &p),
        (vec!["clean", "in/a.txt", "--out", "in"], root),
        (vec!["clean", "in", "--format", "jsonl", "--out", "in/records.jsonl"], root),
        (vec!["clean", "in", "--format", "jsonl", "--out", "link/records.jsonl"], root),
        (vec!["clean", "in", "--out", "o", "--report", "in/a.txt"], root),
    ];
    for (args, cwd) in cases {
        dechrome()
            .args(&args)
            .current_dir(cwd)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("input"))
            .stdout(predicate::str::is_empty());
        assert_eq!(tree(root), before, "{args:?} changed nothing");
    }
    // An output folder strictly inside an input is fine, and not walked.
    dechrome().args(["clean", "in", "--out", "in/clean"]).current_dir(root).assert().success();
    assert!(input.join("clean/a.txt").is_file());
}

#[test]
fn a_jsonl_output_is_a_file_and_a_folder_output_a_folder() {
    let (dir, input) = scrape();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    dechrome()
        .arg("clean")
        .arg(&input)
        .args(["--format", "jsonl", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a folder, where a file is expected"))
        .stderr(predicate::str::contains("cleaned").not());
    let file = dir.path().join("file");
    fs::write(&file, "keep").unwrap();
    dechrome()
        .arg("clean")
        .arg(&input)
        .arg("--out")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a file, where a folder is expected"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep");
}

#[test]
fn pipes_and_links_named_as_outputs_are_written_not_replaced() {
    let (dir, input) = scrape();
    let fifo = dir.path().join("fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    dechrome().arg("clean").arg(&input).args(["--format", "jsonl", "-q", "--out"]).arg(&fifo).assert().success();
    assert_eq!(reader.join().unwrap().lines().count(), 2, "the reader got both records");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is still one");

    // A link is followed: its target is written, and the link stays a link.
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink("target.jsonl", &link).unwrap();
    dechrome().arg("clean").arg(&input).args(["--format", "jsonl", "-q", "--out"]).arg(&link).assert().success();
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(dir.path().join("target.jsonl")).unwrap().lines().count(), 2);
    let report_link = dir.path().join("report.json");
    std::os::unix::fs::symlink("summary.json", &report_link).unwrap();
    dechrome().arg("clean").arg(&input).args(["--dry-run", "-q", "--report"]).arg(&report_link).assert().success();
    assert!(fs::symlink_metadata(&report_link).unwrap().file_type().is_symlink());
    assert!(fs::read_to_string(dir.path().join("summary.json")).unwrap().contains("\"cleaned\": 2"));

    // A device is written as a stream; a full one says so.
    dechrome()
        .arg("clean")
        .arg(&input)
        .args(["--format", "jsonl", "-q", "--out", "/dev/full"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("No space left"));
    assert!(fs::metadata("/dev/full").unwrap().file_type().is_char_device());
}

#[test]
fn output_folders_are_marked_and_never_read_back() {
    let (_dir, input) = scrape();
    dechrome().arg("clean").arg(&input).arg("--out").arg(input.join("clean1")).arg("-q").assert().success();
    dechrome()
        .arg("clean")
        .arg(&input)
        .arg("--out")
        .arg(input.join("clean2"))
        .assert()
        .success()
        .stderr(predicate::str::contains("clean1: dechrome's output folder"))
        .stderr(predicate::str::contains("2 captures: 2 cleaned, 1 skipped"));
    let strip_marker = |dir: &Path| tree(dir).into_iter().filter(|(p, _)| !p.contains("clean")).collect::<Vec<_>>();
    assert_eq!(strip_marker(&input.join("clean2")), strip_marker(&input.join("clean1")));
    assert!(!input.join("clean2/clean1").exists());
    // Named as an input itself, an output folder is left out with the reason.
    dechrome()
        .arg("clean")
        .arg(input.join("clean1"))
        .arg("--out")
        .arg(input.join("clean3"))
        .assert()
        .success()
        .stderr(predicate::str::contains("0 captures: 0 cleaned, 1 skipped"));
}

/// `dechrome ARGS` under a shell with this umask.
fn with_umask(umask: &str, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let binary = assert_cmd::cargo::cargo_bin("dechrome");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(binary)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn outputs_get_the_mode_a_plain_create_would_give() {
    let (dir, input) = scrape();
    let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    for (umask, expected) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let out = dir.path().join(format!("out{umask}"));
        let report = dir.path().join(format!("report{umask}.json"));
        let args = [input.as_os_str(), "--out".as_ref(), out.as_os_str(), "--report".as_ref(), report.as_os_str()];
        let output = with_umask(umask, &[&["clean".as_ref()][..], &args].concat());
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        for file in [out.join("a.txt"), out.join("sub/b.json"), report] {
            assert_eq!(mode(&file), expected, "{file:?} under umask {umask}");
        }
    }
    // A file replaced keeps its own mode, as it would if rewritten in place.
    let out = dir.path().join("out022");
    fs::set_permissions(out.join("a.txt"), fs::Permissions::from_mode(0o640)).unwrap();
    let output = with_umask("022", &["clean".as_ref(), input.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert!(output.status.success());
    assert_eq!(mode(&out.join("a.txt")), 0o640);
    assert_eq!(mode(&out.join("sub/b.txt")), 0o644);
}

#[test]
fn names_too_long_are_shortened_and_one_unwritable_output_fails_one_capture() {
    let (dir, input) = scrape();
    let long = format!("{}.txt", "n".repeat(251));
    fs::write(input.join(&long), ARTICLE).unwrap();
    let out = dir.path().join("out");
    // A folder where a capture's text would go: that capture fails, the others are written.
    fs::create_dir_all(out.join("sub/b.txt")).unwrap();
    dechrome()
        .arg("clean")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("failed sub/b.txt: output not written"))
        .stderr(predicate::str::contains("3 captures: 2 cleaned, 0 skipped, 1 failed"));
    assert!(out.join("a.txt").is_file());
    let shortened: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("nnn"))
        .collect();
    assert_eq!(shortened.len(), 2, "{shortened:?}");
    for name in &shortened {
        assert!(name.len() <= 255 && name.contains('~'), "{name}");
    }
}

#[test]
fn too_many_jobs_are_bounded_with_a_warning() {
    let (dir, input) = scrape();
    dechrome()
        .arg("clean")
        .arg(&input)
        .arg("--out")
        .arg(dir.path().join("out"))
        .args(["--jobs", "20000"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: --jobs 20000 is more than"));
}

#[test]
fn temp_files_a_killed_run_left_are_removed() {
    let (dir, input) = scrape();
    let out = dir.path().join("out");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let stale = [out.join(".dechrome-aaa.tmp"), out.join("sub/.dechrome-bbb.tmp"), dir.path().join(".dechrome-c.tmp")];
    for path in &stale {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "partial").unwrap();
        fs::File::options().write(true).open(path).unwrap().set_modified(old).unwrap();
    }
    dechrome().arg("clean").arg(&input).arg("--out").arg(&out).arg("-q").assert().success();
    dechrome()
        .arg("clean")
        .arg(&input)
        .args(["--format", "jsonl", "-q", "--out"])
        .arg(dir.path().join("all.jsonl"))
        .assert()
        .success();
    for path in &stale {
        assert!(!path.exists(), "{path:?} is gone");
    }
}

#[test]
fn a_missing_input_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    dechrome()
        .arg("clean")
        .arg(dir.path().join("gone"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("gone: no such file or folder"));
    assert!(!dir.path().join("out").exists(), "nothing was made");
}

#[test]
fn names_that_differ_only_in_bytes_that_are_not_utf8_stay_apart() {
    use std::os::unix::ffi::OsStrExt;
    let (dir, input) = scrape();
    for byte in [0xFF_u8, 0xFE] {
        let name = [b'x', byte, b'.', b't', b'x', b't'];
        fs::write(
            input.join(std::ffi::OsStr::from_bytes(&name)),
            format!("The capture named with byte {byte} was written by the council clerk on Tuesday.\n\n{ARTICLE}"),
        )
        .unwrap();
    }
    let out = dir.path().join("out.jsonl");
    dechrome().arg("clean").arg(&input).args(["--format", "jsonl", "-q", "--out"]).arg(&out).assert().success();
    let sources: Vec<String> = fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["source"].as_str().unwrap().to_string())
        .collect();
    assert!(sources.contains(&"x\\xFF.txt".to_string()) && sources.contains(&"x\\xFE.txt".to_string()), "{sources:?}");
    let folder = dir.path().join("out");
    dechrome().arg("clean").arg(&input).arg("--out").arg(&folder).arg("-q").assert().success();
    for byte in [0xFF_u8, 0xFE] {
        let text = fs::read(folder.join(std::ffi::OsStr::from_bytes(&[b'x', byte, b'.', b't', b'x', b't']))).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains(&format!("byte {byte} was")), "{text}");
    }
}

#[test]
fn a_jsonl_record_says_the_encoding_its_file_was_read_as() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Türkiye'de şehirlerin çoğu güzeldir. Işık ağaçların arasından düşüyor ve çocuklar oynuyor.";
    let record = format!("{{\"text\": \"{text}\"}}\n").repeat(3);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1254.encode(&record);
    assert!(!unmappable);
    fs::write(dir.path().join("tr.jsonl"), &bytes).unwrap();
    let out = dir.path().join("out.jsonl");
    dechrome()
        .arg("clean")
        .arg(dir.path().join("tr.jsonl"))
        .args(["--format", "jsonl", "--out"])
        .arg(&out)
        .assert()
        .success();
    for line in fs::read_to_string(&out).unwrap().lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(record["text"].as_str().unwrap().trim(), text);
        assert_eq!(record["encoding"], "windows-1254");
    }
}
