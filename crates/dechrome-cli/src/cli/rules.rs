//! `dechrome rules test|list|check`.

use super::{exit, report, RuleArgs};
use clap::{Args, Subcommand};
use dechrome::rules::{RuleSet, RuleSetBuilder};
use dechrome::Error;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Run the [[test]] cases of rule files (default: the embedded rules).
    Test(PathsArgs),
    /// List rules: id, kind, file and why.
    List(RuleArgs),
    /// Load rule files and report the first error, without cleaning anything.
    Check(PathsArgs),
}

#[derive(Args)]
pub struct PathsArgs {
    /// Rule files or folders; none means the embedded rules.
    paths: Vec<PathBuf>,
}

impl PathsArgs {
    /// The rules of the paths, or the embedded ones; `eager` compiles and checks the embedded
    /// ones as a user's file is checked. Warnings are printed.
    fn load(&self, eager: bool) -> Result<RuleSet, Error> {
        let mut builder = RuleSetBuilder::new();
        if self.paths.is_empty() {
            builder = builder.embedded();
        }
        for path in &self.paths {
            builder = builder.path(path)?;
        }
        if eager {
            builder = builder.compile_eagerly();
        }
        let set = builder.build()?;
        report::rule_warnings(&set);
        Ok(set)
    }
}

pub fn run(command: RulesCommand) -> Result<i32, Error> {
    match command {
        RulesCommand::Test(args) => {
            let set = args.load(false)?;
            // Embedded patterns compile when first used: here, every one of them is.
            if let Err(e) = set.compile_patterns() {
                println!("FAIL {e}");
                return Ok(exit::SOME_FAILED);
            }
            let report = set.run_tests();
            for failure in &report.failures {
                println!("FAIL {}:{}: {}", failure.file, failure.line, failure.name);
                for line in failure.detail.lines() {
                    println!("    {line}");
                }
            }
            for file in &report.untested {
                println!("warning: {file} has rules but no [[test]] case");
            }
            println!(
                "rules test: {} passed, {} failed ({} files, {} rules)",
                report.passed,
                report.failures.len(),
                report.files,
                set.rule_count()
            );
            Ok(if report.failures.is_empty() { exit::OK } else { exit::SOME_FAILED })
        }
        RulesCommand::List(args) => {
            let set = args.load()?;
            for rule in set.rules() {
                println!("{}\t{}\t{}\t{}", rule.id, rule.kind, rule.file, rule.why);
            }
            Ok(exit::OK)
        }
        RulesCommand::Check(args) => {
            let set = args.load(true)?;
            let warned = match set.warnings().len() {
                0 => String::new(),
                n => format!(" ({n} warning{})", if n == 1 { "" } else { "s" }),
            };
            println!("rules check: {} files, {} rules: ok{warned}", set.file_count(), set.rule_count());
            Ok(exit::OK)
        }
    }
}
