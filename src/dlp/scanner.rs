//! The compiled ruleset and the scan itself.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use regex_lite::Regex;

use super::builtin::{Candidates, Detector};
use super::error::{DlpError, InvalidRule};
use super::hint::PatternHint;
use super::pattern;
use super::rule::{Action, RuleSpec, Sensitivity, Verdict};
use super::rule_reader::read_rule;
use super::section::DlpSection;
use crate::hash::content_hash;
use crate::policy::PolicyDocument;

/// The longest rule name accepted.
const MAX_NAME_LEN: usize = 64;

/// The longest description, label or token accepted.
const MAX_TEXT_LEN: usize = 1024;

/// One match: a rule and a half-open byte range of the scanned text.
///
/// The native API reports UTF-8 byte offsets (`&text[m.start..m.end]` is the
/// match); the JavaScript bindings convert them to UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Match {
    /// Byte offset of the first byte of the match.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
    /// Index of the rule in [`Scanner::rules`].
    pub rule: usize,
}

/// The result of one scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanReport {
    /// Every match, ordered by start, then end, then rule.
    pub matches: Vec<Match>,
    /// The strictest action among the matches, or `Allow`.
    pub verdict: Verdict,
    /// The length of the scanned text in bytes.
    pub text_len: usize,
}

#[derive(Debug, Clone)]
enum Matcher {
    Detector(Detector),
    Pattern(Regex, Option<Box<PatternHint>>),
}

#[derive(Debug, Clone)]
struct CompiledRule {
    spec: RuleSpec,
    matcher: Matcher,
}

/// Working memory of a scan, kept between scans by [`Scanner::scan_reusing`].
#[derive(Debug, Default)]
pub struct ScanBuffers {
    candidates: Candidates,
    found: Vec<Range<usize>>,
}

/// A compiled DLP ruleset.
///
/// Build it once (from the defaults, a policy, or rule by rule) and scan many
/// texts with it: scanning compiles nothing.
///
/// # Example
///
/// ```
/// use promptward::dlp::{Scanner, Verdict};
///
/// let scanner = Scanner::new();
/// let text = "card 4111 1111 1111 1111, mail jane@example.com";
/// let report = scanner.scan(text);
/// assert_eq!(report.verdict, Verdict::Block);
/// let names: Vec<&str> =
///     report.matches.iter().map(|m| scanner.rules()[m.rule].name.as_str()).collect();
/// assert_eq!(names, ["credit_card", "email"]);
/// assert_eq!(&text[report.matches[0].start..report.matches[0].end], "4111 1111 1111 1111");
/// ```
#[derive(Debug, Clone)]
pub struct Scanner {
    rules: Vec<CompiledRule>,
    specs: Vec<RuleSpec>,
    /// The content hash, computed when first asked for after a change.
    hash: OnceLock<String>,
    warnings: Vec<String>,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

impl Scanner {
    /// A scanner with the built-in rules.
    pub fn new() -> Scanner {
        let mut scanner = Scanner::empty();
        for detector in Detector::ALL {
            let rule = CompiledRule {
                spec: detector.default_rule(),
                matcher: Matcher::Detector(detector),
            };
            scanner.rules.push(rule);
        }
        scanner.refresh();
        scanner
    }

    /// A scanner with no rules at all.
    pub fn empty() -> Scanner {
        Scanner {
            rules: Vec::new(),
            specs: Vec::new(),
            hash: OnceLock::new(),
            warnings: Vec::new(),
        }
        .refreshed()
    }

    /// A scanner for the `dlp` section of a policy document, or the built-in
    /// rules when it has none.
    ///
    /// # Errors
    ///
    /// [`DlpError::InvalidPolicy`] when the section is malformed, and
    /// [`DlpError::InvalidRule`] naming the first rule that does not compile.
    pub fn from_policy(document: &PolicyDocument) -> Result<Scanner, DlpError> {
        let section = match &document.dlp {
            Some(value) => DlpSection::from_value(value)?,
            None => DlpSection::defaults(),
        };
        let mut scanner = if section.use_defaults { Scanner::new() } else { Scanner::empty() };
        let mut seen = HashSet::new();
        for spec in section.rules {
            if !seen.insert(spec.name.clone()) {
                return Err(
                    InvalidRule::new(&spec.name, Some("name"), "is used by two rules").into()
                );
            }
            scanner.put_rule(spec, true)?;
        }
        scanner.warnings = document.warnings.iter().chain(&section.warnings).cloned().collect();
        scanner.refresh();
        Ok(scanner)
    }

    /// A scanner for a policy document given as JSON text.
    ///
    /// # Errors
    ///
    /// As [`Scanner::from_policy`], and [`DlpError::InvalidPolicy`] for JSON that
    /// does not parse.
    pub fn from_json_str(policy: &str) -> Result<Scanner, DlpError> {
        Scanner::from_policy(&PolicyDocument::from_json_str(policy)?)
    }

    /// Adds a rule. A rule of the same name is an error: rules are replaced
    /// through a policy, not by accident.
    ///
    /// # Errors
    ///
    /// [`InvalidRule`] naming the rule and the field at fault; the scanner is
    /// unchanged.
    pub fn add_rule(&mut self, spec: RuleSpec) -> Result<(), InvalidRule> {
        if self.rules.iter().any(|r| r.spec.name == spec.name) {
            return Err(InvalidRule::new(
                &spec.name,
                Some("name"),
                "is already a rule of this scanner",
            ));
        }
        self.put_rule(spec, false)?;
        // A new rule goes last: adding many one by one stays linear.
        if let Some(rule) = self.rules.last() {
            self.specs.push(rule.spec.clone());
        }
        self.hash = OnceLock::new();
        Ok(())
    }

    /// Adds a rule from its JSON shape (`{"name", "pattern", "sensitivity", ...}`).
    ///
    /// # Errors
    ///
    /// As [`Scanner::add_rule`].
    pub fn add_rule_value(&mut self, rule: &serde_json::Value) -> Result<(), InvalidRule> {
        self.add_rule(read_rule(None, rule)?)
    }

    /// The rules, in the order matches refer to them.
    pub fn rules(&self) -> &[RuleSpec] {
        &self.specs
    }

    /// The content hash of the ruleset: equal for equal rulesets, wherever they
    /// were compiled.
    pub fn policy_hash(&self) -> &str {
        self.hash.get_or_init(|| {
            let canonical = serde_json::to_vec(&self.specs).unwrap_or_default();
            content_hash(&canonical)
        })
    }

    /// Keys of the policy that no rule reads.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Scans `text` with every rule.
    pub fn scan(&self, text: &str) -> ScanReport {
        self.scan_reusing(text, &mut ScanBuffers::default())
    }

    /// Scans `text` with every rule, reusing the working memory of earlier
    /// scans: the same result as [`Scanner::scan`], with fewer allocations.
    ///
    /// ```
    /// use promptward::dlp::{ScanBuffers, Scanner};
    ///
    /// let scanner = Scanner::new();
    /// let mut buffers = ScanBuffers::default();
    /// for prompt in ["mail jo@example.org", "nothing here"] {
    ///     assert_eq!(scanner.scan_reusing(prompt, &mut buffers), scanner.scan(prompt));
    /// }
    /// ```
    pub fn scan_reusing(&self, text: &str, buffers: &mut ScanBuffers) -> ScanReport {
        let bytes = text.as_bytes();
        let mut matches = Vec::new();
        let ScanBuffers { candidates, found } = buffers;
        let mut collected = false;

        for (index, rule) in self.rules.iter().enumerate() {
            found.clear();
            match &rule.matcher {
                Matcher::Detector(detector) => {
                    if !collected {
                        candidates.collect(bytes);
                        collected = true;
                    }
                    detector.find(bytes, candidates, found);
                }
                Matcher::Pattern(regex, hint) => {
                    let accepts = |range: &Range<usize>| {
                        let validator = rule.spec.validator;
                        validator
                            .is_none_or(|v| text.get(range.clone()).is_some_and(|m| v.accepts(m)))
                    };
                    let keep = |range: Range<usize>| {
                        if accepts(&range) {
                            found.push(range);
                        }
                    };
                    match hint {
                        // The built-in prefilter's digit runs hold every anchor:
                        // one pass over the text serves both.
                        Some(hint) if hint.anchored_on_digits() => {
                            if !collected {
                                candidates.collect(bytes);
                                collected = true;
                            }
                            hint.find_iter_on_digits(text, regex, &candidates.digit_runs, keep);
                        }
                        Some(hint) => hint.find_iter(text, regex, keep),
                        None => {
                            found.extend(regex.find_iter(text).map(|m| m.range()).filter(accepts))
                        }
                    }
                }
            }
            matches.extend(found.iter().map(|r| Match { start: r.start, end: r.end, rule: index }));
        }

        // Each rule finds its matches in order; often only one rule finds any.
        if !matches.is_sorted() {
            matches.sort_unstable();
        }
        let verdict = matches
            .iter()
            .filter_map(|m| self.specs.get(m.rule))
            .map(|spec| Verdict::from(spec.action))
            .max()
            .unwrap_or(Verdict::Allow);
        ScanReport { matches, verdict, text_len: text.len() }
    }

    /// The action of the rule a match belongs to.
    pub fn action_of(&self, m: &Match) -> Action {
        self.specs.get(m.rule).map_or(Action::Log, |s| s.action)
    }

    /// The sensitivity of the rule a match belongs to.
    pub fn sensitivity_of(&self, m: &Match) -> Sensitivity {
        self.specs.get(m.rule).map_or(Sensitivity::Public, |s| s.sensitivity)
    }

    /// Compiles `spec` and adds it, replacing a rule of the same name when
    /// `replace` is set.
    fn put_rule(&mut self, spec: RuleSpec, replace: bool) -> Result<(), InvalidRule> {
        let compiled = compile_rule(spec)?;
        match self.rules.iter_mut().find(|r| replace && r.spec.name == compiled.spec.name) {
            Some(slot) => *slot = compiled,
            None => self.rules.push(compiled),
        }
        Ok(())
    }

    fn refreshed(mut self) -> Self {
        self.refresh();
        self
    }

    /// Recomputes what derives from the rules: their list, and the content hash
    /// when next asked for.
    fn refresh(&mut self) {
        self.specs = self.rules.iter().map(|r| r.spec.clone()).collect();
        self.hash = OnceLock::new();
    }
}

/// Checks a rule's fields and compiles what it detects.
fn compile_rule(spec: RuleSpec) -> Result<CompiledRule, InvalidRule> {
    check_name(&spec.name)?;
    let name = spec.name.as_str();
    let too_long = |field: &'static str, text: &str| {
        (text.chars().count() > MAX_TEXT_LEN).then(|| {
            InvalidRule::new(name, Some(field), format!("is longer than {MAX_TEXT_LEN} characters"))
        })
    };
    if let Some(e) = spec.description.as_deref().and_then(|d| too_long("description", d)) {
        return Err(e);
    }
    if let Some(redaction) = &spec.redaction {
        super::redact::check_redaction(name, redaction)?;
    }

    let matcher = match (&spec.pattern, &spec.detector) {
        (Some(_), Some(_)) => {
            return Err(InvalidRule::new(
                name,
                None,
                "has both `pattern` and `detector`; give one",
            ));
        }
        (None, None) => {
            return Err(InvalidRule::new(name, None, "needs a `pattern` or a `detector`"));
        }
        (Some(p), None) => {
            let regex = pattern::compile(name, p, spec.case_sensitive)?;
            Matcher::Pattern(regex, PatternHint::new(p, spec.case_sensitive).map(Box::new))
        }
        (None, Some(d)) => match Detector::from_name(d) {
            Some(detector) if spec.validator.is_none() => Matcher::Detector(detector),
            Some(_) => {
                let reason = "applies to `pattern` rules; built-in detectors validate themselves";
                return Err(InvalidRule::new(name, Some("validator"), reason));
            }
            None => {
                let known: Vec<&str> = Detector::ALL.iter().map(|d| d.name()).collect();
                let reason =
                    format!("`{d}` is not a built-in detector (known: {})", known.join(", "));
                return Err(InvalidRule::new(name, Some("detector"), reason));
            }
        },
    };
    Ok(CompiledRule { spec, matcher })
}

fn check_name(name: &str) -> Result<(), InvalidRule> {
    let shown: String = name.chars().take(MAX_NAME_LEN).collect();
    let bad = |reason: &str| Err(InvalidRule::new(&shown, Some("name"), reason));
    if name.is_empty() {
        return bad("is empty");
    }
    if name.len() > MAX_NAME_LEN {
        return bad("is longer than 64 characters");
    }
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
        return bad("may hold only ASCII letters, digits, `_`, `.` and `-`");
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    /// Custom patterns with and without hints, digit-anchored ones among them.
    const PATTERNS: [&str; 5] =
        [r"\bEMP\d{6}\b", r"\b[A-Z]{2}\d{4}\b", r"\d{3}-\d{4}", r"ticket #\d{1,5}", r"x.*y"];

    fn scanner() -> Scanner {
        let mut scanner = Scanner::new();
        for (i, pattern) in PATTERNS.iter().enumerate() {
            let rule = json!({"name": format!("p{i}"), "pattern": pattern,
                              "sensitivity": "internal", "action": "log"});
            scanner.add_rule_value(&rule).expect("rule compiles");
        }
        scanner
    }

    #[test]
    fn rules_added_one_by_one_hash_as_the_same_policy_does() {
        let rules: Vec<serde_json::Value> = PATTERNS
            .iter()
            .enumerate()
            .map(|(i, p)| {
                json!({"name": format!("p{i}"), "pattern": p,
                       "sensitivity": "internal", "action": "log"})
            })
            .collect();
        let policy = json!({"dlp": {"useDefaults": true, "rules": rules}});
        let document = crate::policy::PolicyDocument::from_value(policy).expect("a policy");
        let whole = Scanner::from_policy(&document).expect("compiles");
        let mut one_by_one = Scanner::new();
        let before = one_by_one.policy_hash().to_string();
        for rule in &rules {
            one_by_one.add_rule_value(rule).expect("compiles");
        }
        assert_eq!(one_by_one.policy_hash(), whole.policy_hash());
        assert_ne!(one_by_one.policy_hash(), before);
        assert_eq!(one_by_one.rules(), whole.rules());
    }

    proptest::proptest! {
        #[test]
        fn custom_rules_find_what_a_plain_search_finds(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "EMP123456", "emp654321", "AB1234", "555-0134", "ticket #42", "x", "y", " ",
                "\n", "7", "é", "李", "mail a@b.co", "4111 1111 1111 1111", "EMP", "12345678",
            ]), 0..40)
        ) {
            let text = parts.concat();
            let scanner = scanner();
            let report = scanner.scan(&text);
            for (i, pattern) in PATTERNS.iter().enumerate() {
                let index = scanner.rules().iter().position(|r| r.name == format!("p{i}"));
                let got: Vec<Range<usize>> = report
                    .matches
                    .iter()
                    .filter(|m| Some(m.rule) == index)
                    .map(|m| m.start..m.end)
                    .collect();
                let regex = regex_lite::RegexBuilder::new(pattern)
                    .case_insensitive(true)
                    .build()
                    .expect("compiles");
                let want: Vec<Range<usize>> = regex.find_iter(&text).map(|m| m.range()).collect();
                proptest::prop_assert_eq!(got, want, "{}", pattern);
            }
        }
    }
}
