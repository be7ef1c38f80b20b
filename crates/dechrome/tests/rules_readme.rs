//! Every example in `rules/README.md` is a complete rule file whose tests must pass, and
//! every rule kind has one.

use dechrome::rules::RuleSetBuilder;
use std::collections::BTreeSet;

fn toml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim()) {
            (None, "```toml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

#[test]
fn every_rule_kind_has_a_passing_example() {
    let readme = include_str!("../rules/README.md");
    let blocks = toml_blocks(readme);
    assert!(!blocks.is_empty());
    let mut kinds = BTreeSet::new();
    for (i, block) in blocks.iter().enumerate() {
        let name = format!("rules/README.md example {}", i + 1);
        let set = RuleSetBuilder::new().text(name, block).build().unwrap_or_else(|e| panic!("{e}"));
        let report = set.run_tests();
        assert!(report.passed > 0, "example {} has no test", i + 1);
        assert!(report.failures.is_empty(), "example {}: {:#?}", i + 1, report.failures);
        kinds.extend(set.rules().map(|r| r.kind));
    }
    let all: BTreeSet<&str> =
        ["drop", "strip", "cut-tail", "cut-head", "drop-block", "meta", "html-remove", "html-content", "html-meta"]
            .into();
    assert_eq!(kinds, all);
}
