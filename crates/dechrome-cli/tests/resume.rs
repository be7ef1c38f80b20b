//! `--resume` after `kill -9`: the outputs come out as an uninterrupted run writes them, and
//! the resumed run cleans only what the killed ones had not written.

mod common;

use common::{dechrome, tree};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const SITES: usize = 4;
const CAPTURES: usize = 10_000;

/// Captures of a few sites, each with its template (learned) and lines of its own.
fn write_scrape(root: &Path) {
    for i in 0..CAPTURES {
        let site = format!("www.site{}.org", i % SITES);
        let folder = root.join(&site).join(format!("{:02}", i / 500));
        fs::create_dir_all(&folder).unwrap();
        let text = format!(
            "Home | World | Sport | Weather\n\nStory number {i} tells how the council of town {} met on day {}.\n\n\
             The vote on item {} passed after {} minutes of debate among the members.\n\n\
             Copyright {site} - all rights reserved\nFollow us on the social networks of {site}\n",
            i % 97,
            i % 31,
            i * 7,
            i % 53
        );
        fs::write(folder.join(format!("{i}.txt")), text).unwrap();
    }
}

fn clean(input: &Path, out: &Path, resume: bool) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("dechrome"));
    command.arg("clean").arg(input).arg("--out").arg(out).args(["--jobs", "2", "-q"]);
    if resume {
        command.arg("--resume");
    }
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command
}

/// The captures whose outputs are complete: their `.json`, written last, is there.
fn complete(out: &Path) -> usize {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("json".as_ref()))
        .count()
}

#[test]
fn a_run_killed_at_random_points_and_resumed_writes_what_an_uninterrupted_run_writes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write_scrape(&input);
    let reference = dir.path().join("reference");
    let started = Instant::now();
    assert!(clean(&input, &reference, false).status().unwrap().success());
    let full = started.elapsed();

    // Killed at points spread over a whole run (the first pass, learning, takes a share of it),
    // each run after the first resuming what the one before left.
    let out = dir.path().join("out");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for attempt in 0..4 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let fraction = 0.1 + (seed % 1000) as f64 / 1000.0 * 0.8;
        let mut child = clean(&input, &out, attempt > 0).spawn().unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
    }
    let done_before = complete(&out);

    let report = dir.path().join("report.json");
    let status = clean(&input, &out, true).arg("--report").arg(&report).status().unwrap();
    assert!(status.success());
    let summary: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(summary["resumed"], done_before, "every output already complete is kept");
    assert_eq!(summary["cleaned"], CAPTURES - done_before, "only what was missing is cleaned");
    assert_eq!(tree(&out), tree(&reference), "the same outputs, and no temp file left");

    // A rule set that differs cleans everything again.
    let rules = dir.path().join("extra.toml");
    fs::write(
        &rules,
        "[[rule]]\nid = \"test.story\"\nkind = \"drop\"\nwhy = \"test\"\ncontains = [\"story number 1\"]\n",
    )
    .unwrap();
    let status = clean(&input, &out, true).arg("--rules").arg(&rules).arg("--report").arg(&report).status().unwrap();
    assert!(status.success());
    let summary: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!((summary["resumed"].as_u64(), summary["cleaned"].as_u64()), (Some(0), Some(CAPTURES as u64)));
}

#[test]
fn resume_needs_folder_output() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "One line of prose that stays here for the test.\n").unwrap();
    dechrome()
        .arg("clean")
        .arg(dir.path().join("a.txt"))
        .args(["--format", "jsonl", "--out", "-", "--resume"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--resume needs folder output"));
}
