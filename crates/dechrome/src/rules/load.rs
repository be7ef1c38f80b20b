//! Reading rule files (embedded, single files, folders) into one checked [`RuleSet`].

use super::classify::Classifier;
use super::compile::{compile_rule, Source};
use super::lint::RuleWarning;
use super::selftest::TestReport;
use super::site::{host_problem, Fingerprint, RequiredLiterals};
use super::spec::FileSpec;
use super::{
    embedded as embedded_files, Field, Origin, Phase, Rule, RuleFile, RuleKind, RulesByPhase, Site, SiteContext,
    TestCase,
};
use crate::doc::{By, LEARNED_ID};
use crate::error::{Error, RuleError};
use crate::hosts::normalize_host;
use crate::html::HtmlRule;
use globset::{GlobBuilder, GlobSetBuilder};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// Loaded rule files, checked and ready to apply. Made by a [`RuleSetBuilder`].
#[derive(Debug, Default)]
pub struct RuleSet {
    pub(crate) files: Vec<RuleFile>,
    pub(crate) rules: Vec<Rule>,
    /// The files without a `[site]`, which apply to every capture, in precedence order, and
    /// their line classifier, built when the first capture needs it: `rules check`, `list` and
    /// `test` never do, and for many rules it costs as much as compiling them.
    generic_files: Vec<usize>,
    generic_classifier: OnceLock<Arc<Classifier>>,
    /// Classifiers for groups of site files, built when a capture first needs one.
    site_classifiers: Mutex<HashMap<Vec<usize>, Arc<Classifier>>>,
    /// What the fingerprints of every site file require, searched for together.
    required_literals: RequiredLiterals,
    /// Costly patterns found as the files loaded.
    warnings: Vec<RuleWarning>,
    /// A hash of every rule file's name, origin and text, in load order: two sets with the
    /// same one clean alike.
    pub(crate) fingerprint: u64,
}

/// One rule, as `dechrome rules list` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo<'a> {
    /// Its id, unique in the set.
    pub id: &'a str,
    /// Its kind (`drop`, `strip`, `html-remove`, …).
    pub kind: &'static str,
    /// The label of its file (`sites/example.toml`, or the path of a user's file).
    pub file: &'a str,
    /// What chrome it removes, in its author's words.
    pub why: &'a str,
}

/// The built-in rules, compiled on first use and shared.
pub(crate) fn embedded() -> &'static Arc<RuleSet> {
    static EMBEDDED: OnceLock<Arc<RuleSet>> = OnceLock::new();
    EMBEDDED.get_or_init(|| {
        Arc::new(RuleSetBuilder::new().embedded().build().expect("the built-in rules load: `rules test` checks them"))
    })
}

impl RuleSet {
    /// The files that apply to a capture, in precedence order: site files before generic
    /// ones, user files before embedded ones.
    pub(crate) fn files_for(&self, ctx: &SiteContext) -> Vec<usize> {
        // The text is searched once for the fingerprints' literals, when a site needs it.
        let mut found = None;
        let mut chosen: Vec<usize> = (0..self.files.len())
            .filter(|&i| match &self.files[i].site {
                None => true,
                Some(site) => {
                    site.claims(ctx)
                        || !site.fingerprints.is_empty()
                            && site
                                .fingerprinted(ctx, found.get_or_insert_with(|| self.required_literals.find(ctx.text)))
                }
            })
            .collect();
        chosen.sort_by_key(|&i| precedence(&self.files[i], i));
        chosen
    }

    /// The line classifier for a group of files, in the order [`RuleSet::files_for`] gives.
    pub(super) fn classifier_for(&self, group: &[usize]) -> Arc<Classifier> {
        if group == self.generic_files.as_slice() {
            return self.generic_classifier.get_or_init(|| Arc::new(self.build_classifier(group))).clone();
        }
        // A poisoned lock only means another thread panicked while inserting; the map is fine.
        let mut cache = self.site_classifiers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        cache.entry(group.to_vec()).or_insert_with(|| Arc::new(self.build_classifier(group))).clone()
    }

    fn build_classifier(&self, group: &[usize]) -> Classifier {
        Classifier::build(&self.rules, group.iter().flat_map(|&f| self.files[f].rules.clone()))
    }

    pub(crate) fn rules_of(&self, file: usize) -> impl Iterator<Item = (usize, &Rule)> {
        let range = self.files[file].rules.clone();
        range.clone().zip(&self.rules[range])
    }

    /// The rules of `file` that `phase` runs, in file order.
    pub(crate) fn rules_in(&self, file: usize, phase: Phase) -> impl Iterator<Item = (usize, &Rule)> {
        self.files[file].by_phase.of(phase).iter().map(|&index| (index, &self.rules[index]))
    }

    /// The `html-*` rules of `files`, in their order, for HTML extraction to apply.
    pub(crate) fn html_rules<'r>(&'r self, files: &[usize]) -> Vec<HtmlRule<'r>> {
        let html_rule = |rule: &'r Rule| match &rule.kind {
            RuleKind::HtmlRemove { selector } => {
                Some(HtmlRule::Remove { id: &rule.id, kind: rule.kind.name(), selector })
            }
            RuleKind::HtmlContent { selector } => Some(HtmlRule::Content { selector }),
            RuleKind::HtmlMeta { field, selector, attribute, pattern, date_order } => Some(HtmlRule::Meta {
                field: *field,
                selector,
                attribute: attribute.as_deref(),
                pattern: pattern.as_ref(),
                date_order: *date_order,
            }),
            _ => None,
        };
        files.iter().flat_map(|&f| self.rules_of(f)).filter_map(|(_, rule)| html_rule(rule)).collect()
    }

    /// The id of what made a removal, shown in metadata and `explain`: the rule's, the
    /// heuristic's, or learning's.
    pub(crate) fn removal_id(&self, by: By) -> &str {
        match by {
            By::Rule(index) => &self.rules[index].id,
            By::Heuristic(id) => id,
            By::Learned => LEARNED_ID,
        }
    }

    /// [`RuleSet::removal_id`], to keep in metadata: the rule's own, or one made once per
    /// thread for a heuristic or for learning (they are few), not a copy for every capture.
    pub(crate) fn shared_removal_id(&self, by: By) -> Arc<str> {
        thread_local! {
            static MADE: RefCell<HashMap<&'static str, Arc<str>>> = RefCell::default();
        }
        let id: &'static str = match by {
            By::Rule(index) => return Arc::clone(&self.rules[index].id),
            By::Heuristic(id) => id,
            By::Learned => LEARNED_ID,
        };
        MADE.with_borrow_mut(|made| Arc::clone(made.entry(id).or_insert_with(|| id.into())))
    }

    /// The kind of what made a removal, shown in metadata: the rule's kind, `heuristic` or
    /// `learned`.
    pub(crate) fn removal_kind(&self, by: By) -> &'static str {
        match by {
            By::Rule(index) => self.rules[index].kind.name(),
            By::Heuristic(_) => "heuristic",
            By::Learned => "learned",
        }
    }

    /// Whether it holds no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// How many rule files it holds.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// How many rules it holds.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Every rule, in precedence order of their files.
    pub fn rules(&self) -> impl Iterator<Item = RuleInfo<'_>> {
        self.rules.iter().map(|rule| RuleInfo {
            id: &rule.id,
            kind: rule.kind.name(),
            file: self.files[rule.file].label(),
            why: &rule.why,
        })
    }

    /// Runs the `[[test]]` cases of every file, each with its own file's rules alone.
    pub fn run_tests(&self) -> TestReport {
        super::selftest::run_tests(self)
    }

    /// The patterns that work but make runs slow or big, with where they are and how to fix
    /// them: those of the user's files, and of the embedded ones when they were compiled as a
    /// user's are ([`RuleSetBuilder::compile_eagerly`]).
    pub fn warnings(&self) -> &[RuleWarning] {
        &self.warnings
    }

    /// Compiles every line pattern and fingerprint that is not compiled yet (an embedded
    /// file's are compiled when first used) and checks it as a user's file is checked when it
    /// loads. The error names the first rule (or file, for a fingerprint) whose pattern fails.
    ///
    /// # Errors
    ///
    /// The first pattern that does not compile, or matches the empty string where it may not.
    pub fn compile_patterns(&self) -> Result<(), String> {
        for file in &self.files {
            for fingerprint in file.site.iter().flat_map(|site| &site.fingerprints) {
                fingerprint.compile().map_err(|e| format!("{}: {e}", file.label))?;
            }
        }
        for rule in &self.rules {
            // As loading a user's file checks: a block may start or end at an empty line,
            // other patterns may not match one.
            let block = matches!(rule.kind, RuleKind::DropBlock { .. });
            for (_, matcher) in rule.kind.line_matchers() {
                let regex = matcher.compile().map_err(|e| format!("rule `{}`: {e}", rule.id))?;
                if !block && regex.is_some_and(|r| r.is_match("")) {
                    return Err(format!("rule `{}`: pattern matches the empty string", rule.id));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_pattern_compiles_and_passes_the_checks_of_a_users_file() {
        let set = load_embedded().unwrap();
        assert!(set.rules.len() > 20);
        set.compile_patterns().unwrap();
    }

    #[test]
    fn a_users_patterns_are_compiled_as_they_load_and_embedded_ones_when_used() {
        let file = "[[rule]]\nid = \"x.empty\"\nkind = \"drop\"\nwhy = \"A test.\"\npattern = 'a*'\n";
        let user =
            RuleSetBuilder::new().source("user.toml".into(), file.to_string(), Origin::User).build().unwrap_err();
        assert!(user.to_string().contains("matches the empty string"), "{user}");
        let embedded =
            RuleSetBuilder::new().source("e.toml".into(), file.to_string(), Origin::Embedded).build().unwrap();
        let error = embedded.compile_patterns().unwrap_err();
        assert!(error.contains("x.empty") && error.contains("empty string"), "{error}");
        let broken = file.replace("a*", "(unclosed");
        assert!(RuleSetBuilder::new().source("user.toml".into(), broken.clone(), Origin::User).build().is_err());
        let lazy = RuleSetBuilder::new().source("e.toml".into(), broken.clone(), Origin::Embedded).build().unwrap();
        assert!(lazy.compile_patterns().unwrap_err().contains("does not compile"));
    }

    #[test]
    fn a_users_fingerprints_are_compiled_as_they_load_and_embedded_ones_when_used() {
        // `\p{Nope}` names no Unicode class: the pattern does not compile.
        let file = "[site]\nfingerprints = ['ok', 'Acme \\p{Nope}']\n";
        let user = RuleSetBuilder::new()
            .source("user.toml".into(), file.to_string(), Origin::User)
            .build()
            .unwrap_err()
            .to_string();
        assert!(user.starts_with("user.toml:2:") && user.contains("invalid regex"), "{user}");
        let embedded =
            RuleSetBuilder::new().source("e.toml".into(), file.to_string(), Origin::Embedded).build().unwrap();
        let error = embedded.compile_patterns().unwrap_err();
        assert!(error.contains("e.toml") && error.contains("fingerprint `Acme \\p{Nope}`"), "{error}");
    }

    #[test]
    fn costly_patterns_get_a_warning_with_their_place_and_the_fix() {
        let file = r#"[[rule]]
id = "x.sponsored"
kind = "strip"
why = "A test."
pattern = '\bSponsored\b'

[[rule]]
id = "x.ascii"
kind = "strip"
why = "A test."
pattern = '(?-u:\b)Promoted(?-u:\b)'

[[rule]]
id = "x.head"
kind = "drop"
why = "Held to the head: a few lines only."
pattern = '^Menu\b'
head = 3

[[rule]]
id = "x.marker"
kind = "cut-tail"
why = "A test."
pattern = '^Related\b'

[[rule]]
id = "x.huge"
kind = "drop"
why = "A test."
pattern = '^\w{60}$'
"#;
        let set = load_str("x.toml", file).unwrap();
        let warnings: Vec<String> = set.warnings().iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 3, "{warnings:#?}");
        assert!(warnings[0].starts_with("x.toml:5:11: rule `x.sponsored`: slow pattern"), "{}", warnings[0]);
        assert!(warnings[0].contains("(?-u:\\b)"), "{}", warnings[0]);
        assert!(warnings[1].starts_with("x.toml:24:11: rule `x.marker`"), "{}", warnings[1]);
        assert!(warnings[1].contains("`head` or `tail`"), "{}", warnings[1]);
        assert!(warnings[2].starts_with("x.toml:30:11: large pattern"), "{}", warnings[2]);
        assert!(warnings.iter().all(|w| !w.contains('\n')), "one line each");
    }

    #[test]
    fn the_embedded_rules_load_without_warnings_when_checked_as_a_users() {
        let set = RuleSetBuilder::new().embedded().compile_eagerly().build().unwrap();
        assert!(set.warnings().is_empty(), "{:#?}", set.warnings());
        assert!(load_embedded().unwrap().warnings().is_empty());
    }

    /// A rule file of `n` rules: exact lines, and patterns anchored at the line's start.
    fn many_rules(n: usize) -> String {
        (0..n)
            .map(|i| match i % 2 {
                0 => format!("[[rule]]\nid = \"gen.r{i}\"\nkind = \"drop\"\nwhy = \"Rule {i}.\"\nlines = [\"Menu {i}\"]\n\n"),
                _ => format!(
                    "[[rule]]\nid = \"gen.r{i}\"\nkind = \"drop\"\nwhy = \"Rule {i}.\"\npattern = '^news-{i} (?:x|y)$'\n\n"
                ),
            })
            .collect()
    }

    #[test]
    fn loading_time_grows_linearly_with_the_number_of_rules() {
        const N: usize = 1500;
        // The fastest of a few loads of each, taken in turns, so that another process (or test)
        // on the machine does not decide.
        let time = |text: &str| {
            let started = std::time::Instant::now();
            let set = load_str("many.toml", text).unwrap();
            let elapsed = started.elapsed();
            assert!(set.warnings().is_empty());
            elapsed
        };
        let (small, large) = (many_rules(N), many_rules(4 * N));
        let (mut fastest_small, mut fastest_large) = (std::time::Duration::MAX, std::time::Duration::MAX);
        for _ in 0..5 {
            fastest_small = fastest_small.min(time(&small));
            fastest_large = fastest_large.min(time(&large));
        }
        let ratio = fastest_large.as_secs_f64() / fastest_small.as_secs_f64();
        assert!(ratio < 6.0, "4× the rules took {ratio:.1}× the time");
    }

    #[test]
    fn each_phase_visits_its_own_rules_in_file_order() {
        let set = load_embedded().unwrap();
        for (file, _) in set.files.iter().enumerate() {
            for phase in Phase::ALL {
                let all: Vec<usize> =
                    set.rules_of(file).filter(|(_, rule)| rule.kind.phase() == Some(phase)).map(|(i, _)| i).collect();
                let own: Vec<usize> = set.rules_in(file, phase).map(|(i, _)| i).collect();
                assert_eq!(own, all, "{} {phase:?}", set.files[file].name);
            }
        }
        // Every text rule of the embedded files is in one phase.
        let text_rules = set.rules.iter().filter(|rule| !rule.kind.is_html()).count();
        let in_phases: usize =
            (0..set.files.len()).map(|f| Phase::ALL.iter().map(|&p| set.rules_in(f, p).count()).sum::<usize>()).sum();
        assert_eq!(in_phases, text_rules);
    }
}

/// Collects rule sources, then compiles and checks them all at once.
#[derive(Debug, Default)]
pub struct RuleSetBuilder {
    sources: Vec<(String, String, Origin)>,
    /// Compile and check the embedded files' patterns as a user's are.
    eager: bool,
}

impl RuleSetBuilder {
    /// A builder with no rule file yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The rule files built into the crate.
    #[must_use]
    pub fn embedded(mut self) -> Self {
        for (name, text) in embedded_files::FILES {
            self.sources.push((format!("<embedded>/{name}"), text.to_string(), Origin::Embedded));
        }
        self
    }

    /// A rule file, or every `*.toml` below a folder (sorted by path).
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when a file or folder cannot be read, [`Error::Rule`] when a file is
    /// not UTF-8.
    pub fn path(mut self, path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let meta = std::fs::metadata(path).map_err(|e| Error::input(path, e))?;
        let mut files = Vec::new();
        if meta.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::input(path, e.into()))?;
                if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "toml") {
                    files.push(entry.into_path());
                }
            }
        } else {
            files.push(path.to_path_buf());
        }
        for file in files {
            let bytes = std::fs::read(&file).map_err(|e| Error::input(&file, e))?;
            let name = file.display().to_string();
            let text = utf8_text(&name, bytes)?;
            self.sources.push((name, text, Origin::User));
        }
        Ok(self)
    }

    /// Compile every pattern of the embedded files as they load, and check them as a user's file
    /// is checked, warnings too: what `rules check` does. Embedded patterns are otherwise
    /// compiled when first used.
    #[must_use]
    pub fn compile_eagerly(mut self) -> Self {
        self.eager = true;
        self
    }

    /// A rule file's text, under a name its errors and the metadata use.
    #[must_use]
    pub fn text(self, name: impl Into<String>, toml: impl Into<String>) -> Self {
        self.source(name.into(), toml.into(), Origin::User)
    }

    pub(crate) fn source(mut self, name: String, text: String, origin: Origin) -> Self {
        self.sources.push((name, text, origin));
        self
    }

    /// Parses, compiles and checks every file, in the order they were added: that order is
    /// their precedence.
    ///
    /// # Errors
    ///
    /// The first problem found, with its `file:line:col`.
    pub fn build(self) -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::default();
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (name, text, origin) in &self.sources {
            for part in [name.as_bytes(), &[*origin as u8], text.as_bytes(), &[0xFF]] {
                hasher.update(part);
            }
        }
        set.fingerprint = hasher.digest();
        let mut first_seen: HashMap<String, String> = HashMap::new();
        for (name, text, origin) in &self.sources {
            let src = Source::new(name, text, self.eager || *origin != Origin::Embedded);
            let spec: FileSpec = toml::from_str(text).map_err(|e| {
                let offset = e.span().map_or(0, |s| s.start);
                src.error(offset..offset, e.message().trim().replace('\n', " "))
            })?;
            let file_index = set.files.len();
            let site = spec.site.map(|s| compile_site(s, &src)).transpose()?;
            let first_rule = set.rules.len();
            for rule_spec in spec.rules {
                let id_span = rule_spec.id.span();
                let rule = compile_rule(rule_spec, &src, file_index)?;
                let (line, col) = src.position(id_span.start);
                if let Some(first) = first_seen.insert(rule.id.to_string(), format!("{name}:{line}:{col}")) {
                    return Err(
                        src.error(id_span, format!("duplicate rule id `{}` (first defined at {first})", rule.id))
                    );
                }
                set.rules.push(rule);
            }
            let tests =
                spec.tests.into_iter().enumerate().map(|(i, t)| compile_test(t, &src, i)).collect::<Result<_, _>>()?;
            set.files.push(RuleFile {
                name: name.clone(),
                label: RuleFile::label_of(name),
                origin: *origin,
                site,
                rules: first_rule..set.rules.len(),
                by_phase: RulesByPhase::new((first_rule..).zip(&set.rules[first_rule..])),
                tests,
            });
            set.warnings.extend(src.into_warnings());
        }
        let mut generic: Vec<usize> = (0..set.files.len()).filter(|&f| set.files[f].site.is_none()).collect();
        generic.sort_by_key(|&f| precedence(&set.files[f], f));
        set.generic_files = generic;
        set.required_literals = RequiredLiterals::new(set.files.iter().filter_map(|f| f.site.as_ref()));
        Ok(set)
    }
}

/// A rule file's bytes as text; bytes that are not UTF-8 are an error at the first invalid one.
fn utf8_text(name: &str, bytes: Vec<u8>) -> Result<String, RuleError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, column) = crate::error::line_column(before, valid);
        let message = format!("not UTF-8: invalid byte 0x{:02X} (rule files are UTF-8 text)", bytes[valid]);
        RuleError { file: name.to_string(), line, column, message }
    })
}

/// Site files before generic ones, user files before embedded ones, then load order.
fn precedence(file: &RuleFile, index: usize) -> (bool, Origin, usize) {
    (file.site.is_none(), file.origin, index)
}

fn compile_site(site: toml::Spanned<super::spec::SiteSpec>, src: &Source) -> Result<Site, RuleError> {
    let span = site.span();
    let site = site.into_inner();
    if site.hosts.is_empty() && site.paths.is_empty() && site.fingerprints.is_empty() {
        return Err(src.error(span, "[site] needs at least one of `hosts`, `paths`, `fingerprints`"));
    }
    let mut globs = GlobSetBuilder::new();
    for p in &site.paths {
        let glob = GlobBuilder::new(p.get_ref())
            .literal_separator(true)
            .build()
            .map_err(|e| src.error(p.span(), format!("invalid glob: {}", e.kind())))?;
        globs.add(glob);
    }
    let paths = if site.paths.is_empty() {
        None
    } else {
        Some(globs.build().map_err(|e| src.error(span.clone(), format!("invalid globs: {e}")))?)
    };
    for host in &site.hosts {
        if let Some(problem) = host_problem(host.get_ref()) {
            return Err(src.error(host.span(), format!("invalid host: {problem}")));
        }
    }
    let fingerprints = site
        .fingerprints
        .iter()
        .map(|f| src.lazy_regex(f, false, None).map(Fingerprint::new))
        .collect::<Result<_, _>>()?;
    Ok(Site {
        name: site.name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
        hosts: site.hosts.iter().map(|h| normalize_host(h.get_ref())).collect(),
        paths,
        fingerprints,
    })
}

fn compile_test(test: toml::Spanned<super::spec::TestSpec>, src: &Source, index: usize) -> Result<TestCase, RuleError> {
    let (line, _) = src.position(test.span().start);
    let test = test.into_inner();
    let mut meta = Vec::new();
    for (key, value) in test.meta {
        let field = Field::parse(&key)
            .ok_or_else(|| src.error(value.span(), format!("unknown metadata field `{key}` in test")))?;
        let value = value.into_inner();
        meta.push((field, (!value.is_empty()).then_some(value)));
    }
    Ok(TestCase {
        name: test.name.unwrap_or_else(|| format!("test {}", index + 1)),
        input: test.input,
        expect: test.expect,
        meta,
        line,
    })
}

/// Every embedded rule file, compiled.
#[cfg(test)]
pub(crate) fn load_embedded() -> Result<RuleSet, RuleError> {
    RuleSetBuilder::new().embedded().build()
}

/// One rule file from text.
pub(crate) fn load_str(name: &str, text: &str) -> Result<RuleSet, RuleError> {
    RuleSetBuilder::new().text(name, text).build()
}
