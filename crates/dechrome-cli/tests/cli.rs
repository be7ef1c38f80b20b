//! The `dechrome` command end to end: outputs, exit codes, bad inputs, bad rules.

mod common;

use assert_cmd::Command;
use common::{dechrome, tree};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

/// `dechrome clean INPUT --out OUT`, ready for more arguments.
fn clean(input: &Path, out: &Path) -> Command {
    let mut command = dechrome();
    command.arg("clean").arg(input).arg("--out").arg(out);
    command
}

fn samples() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples"))
}

const ARTICLE: &str = "The council approved the budget on Tuesday after a long debate.\n\nThe mayor said the vote was a relief.\n\nMost Popular\n\nTen things to do\n";

#[test]
fn cleans_a_scrape_folder_into_a_mirrored_tree_without_touching_inputs() {
    let input = tempfile::tempdir().unwrap();
    let site = input.path().join("www.example.com/2023");
    fs::create_dir_all(&site).unwrap();
    fs::write(site.join("a.txt"), ARTICLE).unwrap();
    fs::write(input.path().join("top.txt"), "Share this article\nJust one line of prose that stays here.\n").unwrap();
    let before = tree(input.path());
    let out = tempfile::tempdir().unwrap();

    dechrome().args(["clean"]).arg(input.path()).arg("--out").arg(out.path()).assert().success();

    assert_eq!(tree(input.path()), before, "inputs are never modified");
    let text = fs::read_to_string(out.path().join("www.example.com/2023/a.txt")).unwrap();
    assert_eq!(
        text,
        "The council approved the budget on Tuesday after a long debate.\n\nThe mayor said the vote was a relief.\n"
    );
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("www.example.com/2023/a.json")).unwrap()).unwrap();
    assert_eq!(meta["source"], "www.example.com/2023/a.txt");
    assert_eq!(meta["site"], "example.com");
    assert_eq!(meta["encoding"], "UTF-8");
    assert_eq!(meta["removed"][0]["rule"], "generic.related-tail");
    assert_eq!(meta["error"], serde_json::Value::Null);
    assert_eq!(fs::read_to_string(out.path().join("top.txt")).unwrap(), "Just one line of prose that stays here.\n");
    let leftovers: Vec<_> = tree(out.path())
        .into_iter()
        .filter(|(p, _)| std::path::Path::new(p).extension().is_some_and(|e| e.eq_ignore_ascii_case("tmp")))
        .collect();
    assert!(leftovers.is_empty(), "no temp files are left: {leftovers:?}");
    assert!(out.path().join(".dechrome-output").is_file(), "the output folder is marked");
}

#[test]
fn bad_captures_are_reported_and_the_good_ones_still_written() {
    let input = tempfile::tempdir().unwrap();
    fs::write(input.path().join("good.txt"), ARTICLE).unwrap();
    fs::write(input.path().join("empty.txt"), "").unwrap();
    fs::write(input.path().join("binary.txt"), b"\x7fELF\x02\x01\x01\0\0\0garbage").unwrap();
    fs::write(input.path().join("huge.txt"), "x".repeat(5000)).unwrap();
    fs::write(input.path().join("page.html"), "<html><body>hi</body></html>").unwrap();
    let out = tempfile::tempdir().unwrap();

    clean(input.path(), out.path())
        .args(["--max-bytes", "4K"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("failed empty.txt: empty file"))
        .stderr(predicate::str::contains("failed binary.txt: binary data (NUL byte at offset 7)"))
        .stderr(predicate::str::contains("failed huge.txt: too large (5000 bytes, limit 4096"))
        .stderr(predicate::str::contains("5 files, 5 captures: 2 cleaned, 0 skipped, 3 failed"));

    assert!(out.path().join("good.txt").exists());
    assert!(!out.path().join("binary.txt").exists(), "no text for a failed capture");
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("binary.json")).unwrap()).unwrap();
    assert_eq!(meta["error"], "binary data (NUL byte at offset 7)");
    assert_eq!(fs::read_to_string(out.path().join("page.txt")).unwrap(), "hi\n", "HTML pages are cleaned too");
}

#[test]
fn a_broken_rule_file_stops_the_run_with_its_position() {
    let rules = tempfile::tempdir().unwrap();
    fs::write(
        rules.path().join("bad.toml"),
        "[[rule]]\nid = \"x.one\"\nkind = \"drop\"\nwhy = \"because\"\npattern = '^(unclosed'\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    clean(&samples(), out.path())
        .arg("--rules")
        .arg(rules.path())
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad.toml:5:11: invalid regex"));
    assert!(tree(out.path()).is_empty(), "nothing is cleaned before the rules are good");
}

#[test]
fn rule_file_errors_name_line_and_column() {
    let cases = [
        ("[[rule]]\nid = \"a\"\nkind = \"drop\"\nwhy = \"w\"\nlines = [\"x\"]\ncolour = 1\n", "6:1", "unknown field `colour`"),
        ("[[rule]]\nid = \"a\"\nkind = \"zap\"\nwhy = \"w\"\n", "3:8", "unknown rule kind `zap`"),
        ("[[rule]]\nid = \"a\"\nkind = \"drop\"\nwhy = \"w\"\nlines = [\"x\"]\ncount = 2\n", "6:9", "`count` does not apply to kind `drop`"),
        (
            "[[rule]]\nid = \"a\"\nkind = \"drop\"\nwhy = \"w\"\nlines = [\"x\"]\n[[rule]]\nid = \"a\"\nkind = \"drop\"\nwhy = \"w\"\nlines = [\"y\"]\n",
            "7:6",
            "duplicate rule id `a`",
        ),
        ("[[rule]\nid = 1\n", "1:8", "expected `]`"),
        (
            "[[rule]]\nid = \"h\"\nkind = \"html-remove\"\nwhy = \"w\"\nselector = \"div:nope\"\n",
            "5:12",
            "invalid CSS selector `div:nope`: a pseudo-class or pseudo-element that is not supported",
        ),
        ("[site]\nhosts = [\"news.example.com\", \"\"]\n", "2:30", "invalid host: a host must not be empty"),
        ("[site]\nhosts = [\"*\"]\n", "2:10", "without a wildcard"),
        ("[site]\nhosts = [\"not a host!!\"]\n", "2:10", "`not a host!!` is not a host name"),
        ("[site]\nhosts = [\"com\"]\n", "2:10", "`com` is a public suffix"),
        ("[site]\nhosts = [\"co.uk\"]\n", "2:10", "`co.uk` is a public suffix"),
    ];
    for (text, position, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.toml");
        fs::write(&file, text).unwrap();
        dechrome()
            .args(["rules", "check"])
            .arg(&file)
            .assert()
            .code(3)
            .stderr(predicate::str::contains(format!("r.toml:{position}")))
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn output_does_not_depend_on_the_number_of_jobs() {
    let input = tempfile::tempdir().unwrap();
    for host in ["a.example.com", "b.example.org"] {
        let dir = input.path().join(host);
        fs::create_dir_all(&dir).unwrap();
        for i in 0..40 {
            fs::write(dir.join(format!("{i:03}.txt")), format!("Monday, October {}, 2023\n\n{ARTICLE}", i % 28 + 1))
                .unwrap();
        }
    }
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (out, jobs) in [(&one, "1"), (&two, "2")] {
        clean(input.path(), out.path()).args(["--jobs", jobs]).assert().success();
    }
    assert_eq!(tree(one.path()), tree(two.path()));
    let jsonl = |jobs: &str| {
        dechrome()
            .arg("clean")
            .arg(input.path())
            .args(["--format", "jsonl", "--out", "-", "--jobs", jobs])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(jsonl("1"), jsonl("2"));
}

#[test]
fn an_output_folder_inside_the_input_is_not_walked() {
    let input = tempfile::tempdir().unwrap();
    fs::write(input.path().join("a.txt"), ARTICLE).unwrap();
    let out = input.path().join("clean");
    for _ in 0..2 {
        clean(input.path(), &out).assert().success().stderr(predicate::str::contains("1 files, 1 captures: 1 cleaned"));
    }
    assert!(!out.join("clean").exists());
}

#[test]
fn jsonl_streams_one_record_per_capture_in_walk_order() {
    let output = dechrome().arg("clean").arg(samples()).args(["--format", "jsonl", "--out", "-"]).output().unwrap();
    assert!(output.status.success());
    let records: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let sources: Vec<&str> = records.iter().map(|r| r["source"].as_str().unwrap()).collect();
    let mut sorted = sources.clone();
    sorted.sort_unstable();
    assert_eq!(sources, sorted);
    assert_eq!(records.len(), 4);
    assert!(records.iter().all(|r| r["text"].is_string() && r["words_out"].as_u64() <= r["words_in"].as_u64()));
}

#[test]
fn jsonl_inputs_are_cleaned_record_by_record() {
    let input = tempfile::tempdir().unwrap();
    let records = format!(
        "{}\nnot json\n{}\n",
        serde_json::json!({"url": "https://www.example.com/a", "text": ARTICLE}),
        serde_json::json!({"url": "https://x.org/b", "html": "<p>later</p>"})
    );
    fs::write(input.path().join("batch.jsonl"), records).unwrap();
    let out = tempfile::tempdir().unwrap();
    clean(input.path(), out.path()).assert().code(1);
    let lines: Vec<serde_json::Value> = fs::read_to_string(out.path().join("batch.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["source"], "batch.jsonl:1");
    assert_eq!(lines[0]["site"], "www.example.com");
    assert!(!lines[0]["text"].as_str().unwrap().contains("Most Popular"));
    assert!(lines[1]["error"].as_str().unwrap().starts_with("invalid JSON record"));
    assert_eq!((lines[2]["format"].as_str(), lines[2]["text"].as_str()), (Some("html"), Some("later\n")));
}

#[test]
fn two_inputs_never_overwrite_each_other() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    fs::write(a.path().join("same.txt"), "First file, first words stay here.\n").unwrap();
    fs::write(b.path().join("same.txt"), "Second file, other words stay here.\n").unwrap();
    fs::write(a.path().join("same.jsonl"), "{\"text\": \"Third, a record.\"}\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    dechrome().arg("clean").arg(a.path()).arg(b.path()).arg("--out").arg(out.path()).assert().success();
    let texts: Vec<String> = tree(out.path()).into_iter().map(|(p, _)| p).collect();
    let a_name = a.path().file_name().unwrap().to_string_lossy().into_owned();
    let b_name = b.path().file_name().unwrap().to_string_lossy().into_owned();
    assert!(texts.contains(&format!("{a_name}/same.txt")), "{texts:?}");
    assert!(texts.contains(&format!("{b_name}/same.txt")), "{texts:?}");
    assert!(texts.contains(&format!("{a_name}/same.jsonl")), "{texts:?}");
}

#[test]
fn explain_marks_each_removal_with_its_rule() {
    dechrome()
        .arg("explain")
        .arg(samples().join("004_9584dc9c3519331d.txt"))
        .args(["--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains("- Source link  ◂ generic.source-link"))
        .stdout(predicate::str::contains("- - Advertisment -  ◂ generic.advertisement-label"))
        .stdout(predicate::str::contains("# author: Luca Cacciatore"))
        .stdout(predicate::str::contains(
            "  It is not the first time Kardashian has called on the White House about Armenia.",
        ));
}

#[test]
fn shipped_rule_tests_pass_and_failures_show_a_diff() {
    dechrome().args(["rules", "test"]).assert().success().stdout(predicate::str::contains(" 0 failed"));
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("t.toml"),
        "[[rule]]\nid = \"t.ad\"\nkind = \"drop\"\nwhy = \"ads\"\nlines = [\"Ad\"]\n\n[[test]]\nname = \"wrong\"\ninput = \"Ad\\nText\\n\"\nexpect = \"Ad\\nText\\n\"\n",
    )
    .unwrap();
    dechrome()
        .args(["rules", "test"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL"))
        .stdout(predicate::str::contains("t.toml:7: wrong"))
        .stdout(predicate::str::contains("-Ad"));
}

#[test]
fn usage_errors_exit_with_two() {
    dechrome().arg("clean").assert().code(2);
    dechrome().arg("clean").arg(samples()).args(["--out", "-"]).assert().code(2);
}

#[test]
fn include_exclude_and_dry_run_choose_what_is_written() {
    let input = tempfile::tempdir().unwrap();
    fs::create_dir_all(input.path().join("keep/old")).unwrap();
    fs::write(input.path().join("keep/a.txt"), ARTICLE).unwrap();
    fs::write(input.path().join("keep/old/b.txt"), ARTICLE).unwrap();
    fs::write(input.path().join("c.txt"), ARTICLE).unwrap();
    let out = tempfile::tempdir().unwrap();
    clean(input.path(), out.path())
        .args(["--include", "keep/**", "--exclude", "old"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 files, 1 captures: 1 cleaned"));
    let written: Vec<String> = tree(out.path()).into_iter().map(|(p, _)| p).collect();
    assert_eq!(written, [".dechrome-output", "keep/a.json", "keep/a.txt"]);

    let dry = tempfile::tempdir().unwrap();
    clean(input.path(), &dry.path().join("never")).arg("--dry-run").assert().success().stderr(
        predicate::str::contains("3 files, 3 captures: 3 cleaned, 0 skipped, 0 failed (dry run: nothing written)"),
    );
    assert!(!dry.path().join("never").exists());
}

#[test]
fn explain_names_the_heuristic_behind_a_removal_and_no_heuristics_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let prose = "The harbour board met on Thursday evening to decide whether the old ferry pier should be rebuilt.";
    let page = format!("Ferries\nTimetables\nFares\nParking\nContact\n\n{prose}\n");
    let file = dir.path().join("page.txt");
    fs::write(&file, &page).unwrap();
    dechrome()
        .arg("explain")
        .arg(&file)
        .args(["--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains("- Timetables  ◂ heuristic.outside-main-text"))
        .stdout(predicate::str::contains("# words: 17 of 22 kept"));
    let out = dir.path().join("out");
    clean(&file, &out).arg("--no-heuristics").assert().success();
    let text = fs::read_to_string(out.join("page.txt")).unwrap();
    assert!(text.starts_with("Ferries\nTimetables\nFares\nParking\n"), "rules still run, heuristics do not: {text}");
}

#[test]
fn costly_patterns_are_warned_about_on_check_and_when_a_run_loads_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("slow.toml");
    fs::write(
        &file,
        "[[rule]]\nid = \"s.sponsored\"\nkind = \"strip\"\nwhy = \"Sponsor labels.\"\npattern = '\\bSponsored\\b'\n",
    )
    .unwrap();
    let warning = "slow.toml:5:11: rule `s.sponsored`: slow pattern";
    dechrome()
        .args(["rules", "check"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("rules check: 1 files, 1 rules: ok (1 warning)"))
        .stderr(predicate::str::contains(format!("dechrome: warning: {}", dir.path().join(warning).display())))
        .stderr(predicate::str::contains("(?-u:\\b)"));
    let out = tempfile::tempdir().unwrap();
    clean(&samples(), out.path())
        .arg("--rules")
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains(warning));
    // The embedded rules, checked as a user's file is, have none.
    dechrome()
        .args(["rules", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains(": ok\n"))
        .stderr(predicate::str::contains("warning").not());
}

#[test]
fn a_rule_file_that_is_not_utf8_is_a_rule_error_at_its_first_invalid_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.toml");
    // `é` in Latin-1, on line 4 after `why = "Caf`.
    fs::write(&file, b"[[rule]]\nid = \"x.cafe\"\nkind = \"drop\"\nwhy = \"Caf\xe9 menus.\"\nlines = [\"Menu\"]\n")
        .unwrap();
    dechrome()
        .args(["rules", "check"])
        .arg(&file)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("latin1.toml:4:11: not UTF-8: invalid byte 0xE9"));
}

#[test]
fn utf16_captures_without_a_bom_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = ARTICLE.encode_utf16().flat_map(u16::to_le_bytes).collect();
    fs::write(dir.path().join("wide.txt"), utf16).unwrap();
    let out = tempfile::tempdir().unwrap();
    clean(dir.path(), out.path()).assert().success();
    assert_eq!(
        fs::read_to_string(out.path().join("wide.txt")).unwrap(),
        "The council approved the budget on Tuesday after a long debate.\n\nThe mayor said the vote was a relief.\n"
    );
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("wide.json")).unwrap()).unwrap();
    assert_eq!(meta["encoding"], "UTF-16LE");
}

#[test]
fn a_missing_input_is_named_as_such_and_exits_with_two() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let commands: [&[&str]; 5] =
        [&["explain"], &["rules", "test"], &["rules", "check"], &["clean", "--dry-run", "--rules"], &["suggest"]];
    for command in commands {
        let mut run = dechrome();
        run.args(command).arg(&missing);
        if command[0] == "clean" {
            run.arg(samples());
        }
        run.assert()
            .code(2)
            .stderr(predicate::str::contains(format!("cannot read {}: no such file or folder", missing.display())));
    }
}

#[test]
fn compressed_captures_clean_as_the_files_they_hold() {
    use std::io::Write;
    let page = "<!doctype html><html><body><nav>Home | News</nav><article><p>The council approved the \
        budget on Tuesday after a long debate about the new library.</p></article></body></html>";
    let records =
        "{\"text\": \"Most Popular\\nThe mayor said the vote was a relief.\\n\", \"url\": \"https://example.com/a\"}\n";
    let plain = tempfile::tempdir().unwrap();
    let packed = tempfile::tempdir().unwrap();
    let gzip = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    };
    for (name, bytes) in
        [("page.html", page.as_bytes()), ("notes.txt", ARTICLE.as_bytes()), ("records.jsonl", records.as_bytes())]
    {
        fs::write(plain.path().join(name), bytes).unwrap();
    }
    fs::write(packed.path().join("page.html.gz"), gzip(page.as_bytes())).unwrap();
    fs::write(packed.path().join("notes.txt.zst"), zstd::encode_all(ARTICLE.as_bytes(), 3).unwrap()).unwrap();
    fs::write(packed.path().join("records.jsonl.gz"), gzip(records.as_bytes())).unwrap();
    let (out_plain, out_packed) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    clean(plain.path(), out_plain.path()).assert().success();
    clean(packed.path(), out_packed.path()).assert().success();
    // The same outputs under the same names; the metadata differs only in `source`.
    let without_source = |files: Vec<(String, Vec<u8>)>| -> Vec<(String, String)> {
        files
            .into_iter()
            .map(|(name, bytes)| {
                let text = String::from_utf8(bytes).unwrap();
                let kept: String =
                    text.lines().filter(|l| !l.contains("\"source\"")).map(|l| format!("{l}\n")).collect();
                (name, kept)
            })
            .collect()
    };
    let (a, b) = (without_source(tree(out_plain.path())), without_source(tree(out_packed.path())));
    assert_eq!(a.len(), 6, "{a:?}");
    assert_eq!(a, b);
    assert!(fs::read_to_string(out_packed.path().join("page.txt")).unwrap().starts_with("The council approved"));
}

#[test]
fn a_corrupt_compressed_capture_fails_alone() {
    let input = tempfile::tempdir().unwrap();
    fs::write(input.path().join("good.txt"), ARTICLE).unwrap();
    fs::write(input.path().join("cut.txt.gz"), [0x1f, 0x8b, 8, 0, 0, 0]).unwrap();
    let out = tempfile::tempdir().unwrap();
    clean(input.path(), out.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("failed cut.txt.gz: corrupt gzip data"));
    assert!(out.path().join("good.txt").exists());
}

#[test]
fn jsonl_output_is_compressed_as_its_name_says() {
    use std::io::Read;
    let input = tempfile::tempdir().unwrap();
    fs::write(input.path().join("a.txt"), ARTICLE).unwrap();
    fs::write(input.path().join("b.txt"), "Share this article\nJust one line of prose that stays here.\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let written = |name: &str| {
        let path = out.path().join(name);
        dechrome().arg("clean").arg(input.path()).args(["--format", "jsonl", "--out"]).arg(&path).assert().success();
        fs::read(path).unwrap()
    };
    let plain = written("all.jsonl");
    assert_eq!(String::from_utf8_lossy(&plain).lines().count(), 2);
    let mut gunzipped = Vec::new();
    flate2::read::MultiGzDecoder::new(written("all.jsonl.gz").as_slice()).read_to_end(&mut gunzipped).unwrap();
    let unzstd = zstd::decode_all(written("all.jsonl.ZST").as_slice()).unwrap();
    // The same records, byte for byte.
    assert_eq!(gunzipped, plain);
    assert_eq!(unzstd, plain);
}

#[test]
fn every_flag_of_clean_is_in_the_readme_table() {
    let help = dechrome().args(["clean", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let table: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `--")).collect();
    let flags: Vec<&str> = help
        .split_whitespace()
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !matches!(*w, "--help" | "--version"))
        .collect();
    assert!(flags.len() > 15, "{help}");
    for flag in flags {
        let documented =
            table.iter().any(|row| row.contains(&format!("`{flag}`")) || row.contains(&format!("`{flag} ")));
        assert!(documented, "{flag} of `clean --help` is not in README.md's table of options");
    }
}

#[test]
fn markdown_output_goes_to_md_files_and_its_options_need_it() {
    let input = tempfile::tempdir().unwrap();
    fs::write(input.path().join("a.txt"), "# not a heading, a line of prose that stays in the text.\n").unwrap();
    let page = "<html><body><article><h2>Section</h2><p>A paragraph of prose, long enough, with commas, to be the content of the page.</p><p>See <a href=\"/b\">the other page</a>.</p></article></body></html>";
    fs::write(input.path().join("p.html"), page).unwrap();
    let out = tempfile::tempdir().unwrap();

    clean(input.path(), out.path()).args(["--text-format", "markdown", "--links"]).assert().success();

    assert!(!out.path().join("a.txt").exists() && !out.path().join("p.txt").exists());
    let text = fs::read_to_string(out.path().join("a.md")).unwrap();
    assert_eq!(text, "\\# not a heading, a line of prose that stays in the text.\n");
    let page = fs::read_to_string(out.path().join("p.md")).unwrap();
    assert!(page.starts_with("## Section\n\nA paragraph of prose"), "{page}");
    assert!(page.contains("[the other page](/b)"), "{page}");
    // `--resume` finds the `.md` of the run before.
    clean(input.path(), out.path())
        .args(["--text-format", "markdown", "--links", "--resume"])
        .assert()
        .success()
        .stderr(predicate::str::contains("kept"));

    for flag in ["--links", "--images"] {
        clean(input.path(), out.path()).arg(flag).assert().code(2).stderr(predicate::str::contains("--text-format"));
    }
}

#[test]
fn url_names_one_file_s_url_which_dates_it_and_chooses_its_site() {
    let input = tempfile::tempdir().unwrap();
    let page = input.path().join("story.html");
    let paragraph = "<p>The council approved the budget on Tuesday after a long debate about roads and schools.</p>";
    fs::write(&page, format!("<html><body><article><h1>Budget</h1>{}</article></body></html>", paragraph.repeat(4)))
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let url = "https://news.example.org/2019/04/03/budget/";
    clean(&page, out.path()).args(["--url", url]).assert().success();
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("story.json")).unwrap()).unwrap();
    assert_eq!((meta["url"].as_str(), meta["date"].as_str()), (Some(url), Some("2019-04-03")));
    assert_eq!(meta["site"].as_str(), Some("news.example.org"));
    // A folder holds many captures: one URL cannot be theirs.
    clean(input.path(), out.path()).args(["--url", url]).assert().code(2).stderr(predicate::str::contains("--url"));
}

#[test]
fn explain_s_header_shows_every_metadata_field_clean_writes_for_a_page() {
    let input = tempfile::tempdir().unwrap();
    let page = input.path().join("story.html");
    let paragraph = "<p>The council approved the budget on Tuesday after a long debate about roads and schools.</p>";
    let head = r#"<title>Budget passes | Daily Planet</title><meta property="og:site_name" content="Daily Planet">
        <meta name="author" content="Jane Roe"><link rel="canonical" href="https://planet.example/news/budget">
        <meta property="article:published_time" content="2019-04-03T09:00:00+02:00">
        <meta property="article:modified_time" content="2019-04-05T09:00:00+02:00">"#;
    let html = format!(
        "<html lang=\"en-GB\"><head>{head}</head><body><article>{}</article></body></html>",
        paragraph.repeat(4)
    );
    fs::write(&page, html).unwrap();
    let out = tempfile::tempdir().unwrap();
    clean(&page, out.path()).assert().success();
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("story.json")).unwrap()).unwrap();
    let explained = dechrome().arg("explain").arg(&page).output().unwrap();
    let header = String::from_utf8(explained.stdout).unwrap();
    for field in ["title", "author", "date", "date_modified", "site_name", "url", "language"] {
        let value = meta[field].as_str().unwrap_or_else(|| panic!("the page gives `{field}`"));
        assert!(header.contains(&format!("# {field}: {value}\n")), "`{field}: {value}` missing from:\n{header}");
    }
}

#[test]
fn explain_file_colon_line_shows_one_record_of_a_jsonl_file() {
    let input = tempfile::tempdir().unwrap();
    let data = input.path().join("data.jsonl");
    let page = "<html><body><article><h1>Budget</h1><p>The council approved the budget on Tuesday after a long \
        debate about roads and schools, by seven votes to two.</p></article></body></html>";
    let records = [
        serde_json::json!({"id": 1, "text": "First record.\nShare this article\nIt has two lines of its own."}),
        serde_json::json!({"id": 2, "html": page, "url": "https://news.example.org/2019/04/03/budget/"}),
    ];
    fs::write(&data, records.iter().map(|r| format!("{r}\n")).collect::<String>()).unwrap();
    let second = format!("{}:2", data.display());
    let explained = dechrome().args(["explain", &second, "--color", "never"]).output().unwrap();
    assert!(explained.status.success());
    let view = String::from_utf8(explained.stdout).unwrap();
    assert!(view.starts_with(&format!("# {second} (UTF-8, news.example.org)")), "{view}");
    assert!(
        view.contains("# date: 2019-04-03\n") && view.contains("# url: https://news.example.org/2019/04/03/budget/\n")
    );
    assert!(view.contains("The council approved the budget") && !view.contains("First record"), "{view}");
    let first = dechrome().args(["explain", &format!("{}:1", data.display()), "--color", "never"]).output().unwrap();
    let view = String::from_utf8(first.stdout).unwrap();
    assert!(view.contains("- Share this article"), "{view}");
    // A record the file does not have is named as such.
    dechrome()
        .args(["explain", &format!("{}:9", data.display())])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no capture at record 9"));
}

#[test]
fn explain_lists_what_extraction_left_out_of_a_page_and_why() {
    let input = tempfile::tempdir().unwrap();
    let rules = input.path().join("site.toml");
    fs::write(
        &rules,
        "[[rule]]\nid = \"site.newsletter\"\nkind = \"html-remove\"\nwhy = \"The box in every article.\"\n\
         selector = \"div.newsletter-signup\"\n",
    )
    .unwrap();
    let p = "<p>The council approved the budget on Tuesday after a long debate about roads and schools.</p>";
    let page = input.path().join("story.html");
    fs::write(
        &page,
        format!(
            "<html><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
             <div class=\"sidebar\"><p>Sidebar: the most read stories of the week, all of them.</p></div>\
             <article>{p}<div class=\"newsletter-signup\"><p>Get the morning briefing, free.</p></div>{p}{p}</article>\
             <div><a href=\"/weather\">Weather today</a> <a href=\"/traffic\">Traffic now</a> \
             <a href=\"/tv\">TV listings</a></div></body></html>"
        ),
    )
    .unwrap();
    let explained =
        dechrome().arg("explain").arg(&page).arg("--rules").arg(&rules).args(["--color", "never"]).output().unwrap();
    let view = String::from_utf8(explained.stdout).unwrap();
    for line in [
        "- Home News  ◂ html.chrome (<nav>)",
        "- Sidebar: the most read stories of the week, all of them.  ◂ html.chrome (class or id)",
        "- Get the morning briefing, free.  ◂ site.newsletter",
        "◂ html.boilerplate (outside the content scoring chose)",
    ] {
        assert!(view.contains(line), "{line:?} missing from:\n{view}");
    }
    assert!(view.contains("# left out of the page when its text was extracted: 4 parts"), "{view}");
    assert!(view.contains("  The council approved the budget"), "{view}");
}
