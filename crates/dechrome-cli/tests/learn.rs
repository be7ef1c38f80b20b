//! Learned site chrome and `dechrome suggest`, end to end, on a generated site: twenty made-up
//! articles wrapped in one site's menu, comment counter, newsletter box, author bio and footer.

mod common;

use common::{dechrome, tree};
use std::fs;
use std::path::{Path, PathBuf};

const HOST: &str = "www.dailyplanet.example";
const CAPTURES: usize = 20;

/// A quote that two articles share: content that merely recurs, never template.
const QUOTE: &str = "\u{201c}We will rebuild the bridge before the first snow,\u{201d} the mayor said.";

/// A small deterministic generator (an LCG), so the fixtures are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "council",
    "harbour",
    "bridge",
    "tram",
    "budget",
    "river",
    "school",
    "library",
    "orchard",
    "festival",
    "market",
    "winter",
    "ferry",
    "museum",
    "garden",
    "tower",
    "clinic",
    "stadium",
    "quarry",
    "lantern",
    "velmar",
    "ostrin",
    "dunbrook",
    "kesley",
    "marrow",
    "tallis",
    "brenning",
    "corvid",
    "plover",
    "saltmarsh",
    "approved",
    "delayed",
    "opened",
    "repaired",
    "debated",
    "funded",
    "closed",
    "expanded",
    "visited",
    "measured",
    "quietly",
    "again",
    "finally",
    "late",
    "early",
    "after",
    "before",
    "during",
    "with",
    "without",
    "near",
    "across",
    "the",
    "a",
    "its",
    "their",
    "every",
    "new",
    "old",
    "northern",
    "southern",
    "small",
    "large",
    "third",
    "local",
    "public",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.next(9);
    let words: Vec<&str> = (0..n).map(|_| WORDS[rng.next(WORDS.len())]).collect();
    let mut s = words.join(" ");
    s[..1].make_ascii_uppercase();
    s.push('.');
    s
}

/// The article of capture `i`: a title and paragraphs, as the clean text should read.
fn article(i: usize) -> String {
    let mut rng = Rng(i as u64 * 7919 + 17);
    let title = {
        let mut t: Vec<&str> = (0..4 + rng.next(4)).map(|_| WORDS[rng.next(WORDS.len())]).collect();
        t.push(["opens", "closes", "wins", "waits"][i % 4]);
        let mut t = t.join(" ");
        t[..1].make_ascii_uppercase();
        format!("{t} ({})", i + 1)
    };
    let mut paragraphs = vec![title];
    for p in 0..3 + rng.next(4) {
        if p == 1 && (i == 3 || i == 11) {
            paragraphs.push(QUOTE.to_string());
        }
        paragraphs.push((0..2 + rng.next(3)).map(|_| sentence(&mut rng)).collect::<Vec<_>>().join(" "));
    }
    paragraphs.join("\n\n") + "\n"
}

/// Capture `i`: the article inside the site's template.
fn capture(i: usize) -> String {
    let body = article(i);
    let paragraphs: Vec<&str> = body.trim_end().split("\n\n").collect();
    let mut out = String::from("Daily Planet\nHome\nWorld\nMetro\nSports\nOpinion\nCrosswords\n");
    out.push_str(&format!("{} Comments\n\n", (i * 37) % 400 + 1));
    for (p, paragraph) in paragraphs.iter().enumerate() {
        out.push_str(paragraph);
        out.push_str("\n\n");
        if p == 1 && i.is_multiple_of(2) {
            out.push_str("The Planet Newsletter\nGet the morning edition in your inbox, free.\n\n");
        }
    }
    let (name, bio) = if i.is_multiple_of(2) {
        ("Lois Lane", "Lois Lane covers city hall and the courts for the Planet.")
    } else {
        ("Clark Kent", "Clark Kent writes about science, weather and the harbour.")
    };
    out.push_str(&format!("{name}\n{bio}\n\nPlanet Media Group\nCareers at the Planet\nMetropolis office hours\nDaily Planet Media, Metropolis\n"));
    out
}

/// A scrape folder: `scrapes/www.dailyplanet.example/NN.txt`.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("scrapes").join(HOST);
    fs::create_dir_all(&site).unwrap();
    for i in 0..CAPTURES {
        fs::write(site.join(format!("{i:02}.txt")), capture(i)).unwrap();
    }
    let root = dir.path().join("scrapes");
    (dir, root)
}

fn clean(input: &Path, out: &Path, args: &[&str]) {
    dechrome().arg("clean").arg(input).arg("--out").arg(out).args(args).assert().success();
}

fn output(out: &Path, i: usize) -> String {
    fs::read_to_string(out.join(HOST).join(format!("{i:02}.txt"))).unwrap()
}

#[test]
fn the_generator_makes_distinct_articles_and_one_template() {
    let articles: std::collections::HashSet<String> = (0..CAPTURES).map(article).collect();
    assert_eq!(articles.len(), CAPTURES);
    assert!(capture(0).contains("Lois Lane") && capture(1).contains("Clark Kent"));
    assert_eq!((0..CAPTURES).filter(|&i| article(i).contains(QUOTE)).count(), 2);
}

#[test]
fn a_site_of_twenty_captures_comes_out_as_exactly_its_articles() {
    let (_dir, input) = site();
    let out = tempfile::tempdir().unwrap();
    clean(&input, out.path(), &[]);
    for i in 0..CAPTURES {
        assert_eq!(output(out.path(), i), article(i), "capture {i}");
    }
    // The quote that two articles share stays in both.
    assert!(output(out.path(), 3).contains(QUOTE) && output(out.path(), 11).contains(QUOTE));
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join(HOST).join("00.json")).unwrap()).unwrap();
    let learned = meta["removed"].as_array().unwrap().iter().find(|r| r["rule"] == "learned.site-template").unwrap();
    assert_eq!(learned["kind"], "learned");
    // Menu (7), counter, newsletter box (2), bio (2), footer (4).
    assert_eq!(learned["lines"], 16);
    assert_eq!(meta["site"], "dailyplanet.example");
}

#[test]
fn no_learn_keeps_the_template() {
    let (_dir, input) = site();
    let out = tempfile::tempdir().unwrap();
    // Heuristics off too: they would take the menu and the footer on their own.
    clean(&input, out.path(), &["--no-learn", "--no-heuristics"]);
    let text = output(out.path(), 0);
    for line in ["Crosswords", "The Planet Newsletter", "Lois Lane covers city hall", "Careers at the Planet"] {
        assert!(text.contains(line), "{line:?} stays without learning");
    }
    assert!(!fs::read_to_string(out.path().join(HOST).join("00.json")).unwrap().contains("learned.site-template"));
}

#[test]
fn learning_does_not_depend_on_the_number_of_jobs() {
    let (_dir, input) = site();
    // A second site, and captures without a host, in the same run.
    let other = input.join("news.other.example");
    fs::create_dir_all(&other).unwrap();
    for i in 0..6 {
        fs::write(other.join(format!("{i}.txt")), format!("Other menu\n{}", article(100 + i))).unwrap();
        fs::write(input.join(format!("loose-{i}.txt")), capture(i)).unwrap();
    }
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    clean(&input, one.path(), &["--jobs", "1", "--no-heuristics"]);
    clean(&input, two.path(), &["--jobs", "2", "--no-heuristics"]);
    assert_eq!(tree(one.path()), tree(two.path()));
    // Nor on what learning's first pass handed to the clean: nothing, some files, or all.
    for read_ahead in ["0", "9K"] {
        let other = tempfile::tempdir().unwrap();
        clean(&input, other.path(), &["--jobs", "2", "--no-heuristics", "--read-ahead", read_ahead]);
        assert_eq!(tree(one.path()), tree(other.path()), "--read-ahead {read_ahead}");
    }
    assert_eq!(fs::read_to_string(one.path().join("news.other.example/0.txt")).unwrap(), article(100));
    // No host, nothing learned: loose captures keep their template.
    assert!(fs::read_to_string(one.path().join("loose-0.txt")).unwrap().contains("Careers at the Planet"));
}

#[test]
fn too_few_captures_of_a_site_learn_nothing() {
    let (_dir, input) = site();
    let out = tempfile::tempdir().unwrap();
    clean(&input, out.path(), &["--include", "0[0-2].txt", "--no-heuristics"]);
    assert!(output(out.path(), 0).contains("Careers at the Planet"), "3 captures are too few to learn from");
}

#[test]
fn jsonl_records_learn_by_the_host_of_their_url() {
    let dir = tempfile::tempdir().unwrap();
    let records: String = (0..CAPTURES)
        .map(|i| {
            let url = format!("https://{HOST}/story-{i}");
            serde_json::json!({ "url": url, "text": capture(i) }).to_string() + "\n"
        })
        .collect();
    let input = dir.path().join("crawl.jsonl");
    fs::write(&input, records).unwrap();
    let out = dechrome().arg("clean").arg(&input).args(["--format", "jsonl", "--out", "-"]).output().unwrap();
    assert!(out.status.success());
    let texts: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts, (0..CAPTURES).map(article).collect::<Vec<_>>());
}

#[test]
fn suggested_rules_load_pass_their_tests_and_remove_the_template() {
    let (dir, input) = site();
    let rules = dir.path().join("suggested.toml");
    dechrome().arg("suggest").arg(&input).arg("--out").arg(&rules).assert().success();
    let toml = fs::read_to_string(&rules).unwrap();
    assert!(toml.contains("hosts = [\"dailyplanet.example\"]"), "{toml}");
    assert!(toml.contains("id = \"dailyplanet.example.template\""), "{toml}");
    assert!(!toml.contains(QUOTE), "a quote in two captures is no template");
    dechrome().args(["rules", "check"]).arg(&rules).assert().success();
    let test = dechrome().args(["rules", "test"]).arg(&rules).output().unwrap();
    let report = String::from_utf8(test.stdout).unwrap();
    assert!(test.status.success(), "{report}");
    assert!(report.contains(" 0 failed") && !report.contains("rules test: 0 passed"), "{report}");
    // Cleaning with the suggestion alone, learning off, removes the template too.
    let out = tempfile::tempdir().unwrap();
    clean(&input, out.path(), &["--no-learn", "--rules", rules.to_str().unwrap()]);
    for i in 0..CAPTURES {
        assert_eq!(output(out.path(), i), article(i), "capture {i}");
    }
    // Printed to standard output without --out, the same file.
    let printed = dechrome().arg("suggest").arg(&input).args(["--site", HOST]).output().unwrap();
    assert_eq!(String::from_utf8(printed.stdout).unwrap(), toml);
}

#[test]
fn suggest_refuses_a_site_it_cannot_learn() {
    let (_dir, input) = site();
    dechrome().arg("suggest").arg(&input).args(["--site", "unknown.example"]).assert().code(2);
    let few = tempfile::tempdir().unwrap();
    fs::create_dir_all(few.path().join(HOST)).unwrap();
    fs::write(few.path().join(HOST).join("a.txt"), capture(0)).unwrap();
    dechrome().arg("suggest").arg(few.path()).assert().code(2);
}

#[test]
fn templates_learned_on_two_halves_and_merged_clean_as_one_learned_on_the_whole() {
    let (dir, input) = site();
    // The same captures, split in two folders of the same host.
    let halves = [dir.path().join("half1").join(HOST), dir.path().join("half2").join(HOST)];
    for (i, half) in halves.iter().enumerate() {
        fs::create_dir_all(half).unwrap();
        for n in (0..CAPTURES).filter(|n| n % 2 == i) {
            fs::copy(input.join(HOST).join(format!("{n:02}.txt")), half.join(format!("{n:02}.txt"))).unwrap();
        }
    }
    let template = |name: &str, args: &[&Path]| {
        let path = dir.path().join(name);
        dechrome().arg("learn").args(args).arg("--out").arg(&path).assert().success();
        path
    };
    let (a, b) = (template("a.template", &[&halves[0]]), template("b.template", &[&halves[1]]));
    let merged = dir.path().join("ab.template");
    dechrome()
        .args(["learn", "--template"])
        .arg(&a)
        .arg("--template")
        .arg(&b)
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    let whole = template("whole.template", &[&input]);
    assert_eq!(fs::read(&merged).unwrap(), fs::read(&whole).unwrap(), "counts add up");

    let (learned, from_templates) = (dir.path().join("learned"), dir.path().join("templates"));
    clean(&input, &learned, &[]);
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    clean(&input, &from_templates, &["--no-learn", "--template", a, "--template", b]);
    assert_eq!(tree(&learned), tree(&from_templates));
    assert_eq!(output(&from_templates, 0), article(0));

    // A file that is not a template stops the run before any work, with its name.
    let bad = dir.path().join("bad.template");
    fs::write(&bad, "DCTPL\u{1}cut").unwrap();
    let out = dir.path().join("never");
    let assert =
        dechrome().arg("clean").arg(&input).arg("--out").arg(&out).arg("--template").arg(&bad).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("bad.template: not a dechrome template: cut short"), "{stderr}");
    assert!(!out.exists());
}

/// Page `i` of the site as HTML: the article of capture `i` inside a menu, a share bar between
/// its paragraphs, a related-stories box whose counts change, and a footer.
fn page(i: usize) -> String {
    let body = article(i);
    let mut paragraphs = body.trim_end().split("\n\n");
    let title = paragraphs.next().unwrap();
    let mut out = String::from(
        "<!doctype html><html><head><title>Daily Planet</title></head><body>\n\
         <nav class=\"site-nav\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>\
         <li><a href=\"/metro\">Metro</a></li><li><a href=\"/sports\">Sports</a></li></ul></nav>\n",
    );
    out.push_str(&format!("<div class=\"story\"><h1>{title}</h1>\n"));
    for (p, paragraph) in paragraphs.enumerate() {
        out.push_str(&format!("<p>{paragraph}</p>\n"));
        if p == 0 {
            out.push_str(&format!(
                "<div class=\"share-bar\"><span>Share this story</span> <span>{} shares</span></div>\n",
                i * 13 + 2
            ));
        }
        if p == 1 {
            // A promotion that reads like prose: scoring alone keeps it with the article.
            out.push_str(
                "<p class=\"pitch\">Reporting like this takes time, and readers like you pay for it: \
                 subscribe to the Planet for a dollar a week, and cancel whenever you like.</p>\n",
            );
        }
    }
    // Template inside the article's element, with no class or id of its own: no selector
    // names it, only its text does.
    out.push_str(&format!(
        "<div><p>Tune in to Planet Radio every evening</p><p>Printed on page {} of the city edition</p></div>\n",
        i % 7 + 3
    ));
    out.push_str(
        "</div>\n<div class=\"newsletter\"><p>Get the morning edition of the Planet in your inbox every day, \
         free of charge, with the best of our reporting.</p></div>\n\
         <footer class=\"site-footer\"><p>Daily Planet Media, Metropolis</p><p>Careers at the Planet</p></footer>\n\
         </body></html>\n",
    );
    out
}

/// A scrape folder of pages: `pages/www.dailyplanet.example/NN.html`.
fn html_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("pages").join(HOST);
    fs::create_dir_all(&site).unwrap();
    for i in 0..CAPTURES {
        fs::write(site.join(format!("{i:02}.html")), page(i)).unwrap();
    }
    let root = dir.path().join("pages");
    (dir, root)
}

fn html_output(out: &Path, i: usize) -> String {
    fs::read_to_string(out.join(HOST).join(format!("{i:02}.txt"))).unwrap()
}

const PAGE_CHROME: &[&str] = &[
    "Share this story",
    "shares",
    "a dollar a week",
    "morning edition",
    "Careers at the Planet",
    "Planet Radio",
    "city edition",
];

#[test]
fn a_site_of_html_pages_loses_its_repeated_blocks_as_learned_template() {
    let (_dir, input) = html_site();
    let (learned, plain) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    clean(&input, learned.path(), &[]);
    clean(&input, plain.path(), &["--no-learn"]);
    let kept_without = PAGE_CHROME.iter().filter(|c| html_output(plain.path(), 0).contains(*c)).count();
    assert!(kept_without > 0, "scoring alone keeps some of the chrome: {}", html_output(plain.path(), 0));
    for i in 0..CAPTURES {
        let text = html_output(learned.path(), i);
        for chrome in PAGE_CHROME {
            assert!(!text.contains(chrome), "page {i} keeps {chrome:?}:\n{text}");
        }
        // Every paragraph of the article stays, the shared quote too.
        for paragraph in article(i).trim_end().split("\n\n") {
            assert!(text.contains(paragraph), "page {i} lost {paragraph:?}:\n{text}");
        }
    }
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(learned.path().join(HOST).join("00.json")).unwrap()).unwrap();
    let removed = meta["removed"].as_array().unwrap();
    let rule = removed.iter().find(|r| r["rule"] == "learned.site-template").expect("reported");
    assert_eq!(rule["kind"], "learned");
    assert!(rule["lines"].as_u64().unwrap() >= 4, "{rule}");
}

#[test]
fn html_learning_does_not_depend_on_jobs_order_or_read_ahead() {
    let (_dir, input) = html_site();
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    clean(&input, one.path(), &["--jobs", "1"]);
    clean(&input, two.path(), &["--jobs", "2", "--read-ahead", "0"]);
    assert_eq!(tree(one.path()), tree(two.path()));
    // The same pages under other names, so walked in another order, clean the same.
    let renamed = tempfile::tempdir().unwrap();
    let site = renamed.path().join(HOST);
    fs::create_dir_all(&site).unwrap();
    for i in 0..CAPTURES {
        fs::write(site.join(format!("{:02}.html", CAPTURES - 1 - i)), page(i)).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    clean(renamed.path(), out.path(), &["--jobs", "2"]);
    for i in 0..CAPTURES {
        let name = format!("{:02}.txt", CAPTURES - 1 - i);
        assert_eq!(fs::read_to_string(out.path().join(HOST).join(name)).unwrap(), html_output(one.path(), i));
    }
}

#[test]
fn a_page_that_is_all_template_is_never_emptied() {
    let (_dir, input) = html_site();
    // A page with nothing but the site's chrome: every block of it is template.
    let chrome_only = "<!doctype html><html><body><nav class=\"site-nav\"><ul><li><a href=\"/\">Home</a></li>\
        <li><a href=\"/world\">World</a></li></ul></nav><div class=\"newsletter\"><p>Get the morning edition of the \
        Planet in your inbox every day, free of charge, with the best of our reporting.</p></div>\
        <footer class=\"site-footer\"><p>Daily Planet Media, Metropolis</p><p>Careers at the Planet</p></footer>\
        </body></html>";
    fs::write(input.join(HOST).join("only.html"), chrome_only).unwrap();
    let out = tempfile::tempdir().unwrap();
    clean(&input, out.path(), &[]);
    let only = fs::read_to_string(out.path().join(HOST).join("only.txt")).unwrap();
    assert!(only.contains("morning edition"), "kept whole: {only:?}");
}

#[test]
fn suggest_for_pages_writes_selectors_whose_cases_pass_and_that_clean_like_learning() {
    let (dir, input) = html_site();
    let rules = dir.path().join("pages.toml");
    dechrome().arg("suggest").arg(&input).arg("--out").arg(&rules).assert().success();
    let toml = fs::read_to_string(&rules).unwrap();
    assert!(toml.contains("kind = \"html-remove\""), "{toml}");
    for selector in ["div.share-bar", "p.pitch", "div.newsletter", "footer.site-footer", "nav.site-nav"] {
        assert!(toml.contains(&format!("selector = \"{selector}\"")), "{selector} in\n{toml}");
    }
    assert!(toml.contains("kind = \"html-content\"") && toml.contains("selector = \"div.story\""), "{toml}");
    assert!(!toml.contains("nth-child") && !toml.contains("nth-of-type"), "{toml}");
    // The blocks no selector names are dropped by their text, a number that varies or not.
    assert!(toml.contains("\"Tune in to Planet Radio every evening\""), "{toml}");
    assert!(toml.contains(r"Printed\s*on\s*page\s*\d+"), "{toml}");
    let test = dechrome().args(["rules", "test"]).arg(&rules).output().unwrap();
    let report = String::from_utf8(test.stdout).unwrap();
    assert!(test.status.success() && !report.contains(" 0 passed"), "{report}\n{toml}");
    let (with_rules, learned) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    clean(&input, with_rules.path(), &["--no-learn", "--rules", rules.to_str().unwrap()]);
    clean(&input, learned.path(), &[]);
    for i in 0..CAPTURES {
        let text = html_output(with_rules.path(), i);
        for chrome in PAGE_CHROME {
            assert!(!text.contains(chrome), "page {i} keeps {chrome:?}:\n{text}");
        }
        assert_eq!(text, html_output(learned.path(), i), "page {i}");
    }
}

#[test]
fn suggest_says_what_it_found_when_no_site_has_enough_pages() {
    let dir = tempfile::tempdir().unwrap();
    for (host, n) in [("a.example", 3), ("b.example", 2)] {
        fs::create_dir_all(dir.path().join(host)).unwrap();
        for i in 0..n {
            fs::write(dir.path().join(host).join(format!("{i}.html")), page(i)).unwrap();
        }
    }
    fs::write(dir.path().join("loose.html"), page(7)).unwrap();
    fs::write(dir.path().join("crawl.warc"), "WARC/1.0\r\n\r\n").unwrap();
    let assert = dechrome().arg("suggest").arg(dir.path()).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for part in
        ["found 5 captures", "a.example 3", "b.example 2", "1 WARC files", "1 files outside a folder named like a host"]
    {
        assert!(stderr.contains(part), "{part:?} in {stderr}");
    }
}

#[test]
fn a_site_with_few_pages_in_the_run_learns_with_a_template_s_pages_of_it() {
    let (dir, input) = site();
    // Three captures in the run are too few alone; a template of five more makes eight.
    let few = dir.path().join("few");
    let rest = dir.path().join("rest");
    for (folder, range) in [(&few, 0..3), (&rest, 3..8)] {
        fs::create_dir_all(folder.join(HOST)).unwrap();
        for n in range {
            let name = format!("{n:02}.txt");
            fs::copy(input.join(HOST).join(&name), folder.join(HOST).join(&name)).unwrap();
        }
    }
    let template = dir.path().join("rest.template");
    dechrome().arg("learn").arg(&rest).arg("--out").arg(&template).assert().success();
    let (alone, with_template) = (dir.path().join("alone"), dir.path().join("with"));
    // Heuristics off: they would take some of the template on their own.
    clean(&few, &alone, &["--no-heuristics"]);
    clean(&few, &with_template, &["--no-heuristics", "--template", template.to_str().unwrap()]);
    assert!(output(&alone, 0).contains("The Planet Newsletter"), "three pages learn nothing");
    assert!(!output(&with_template, 0).contains("The Planet Newsletter"), "with the template's five, they do");
}
