//! Redaction: replacing the spans of `block` and `redact` matches.
//!
//! Overlapping or touching spans are merged first, so one replacement covers
//! them all and no fragment of any of them survives. A merged span takes the
//! replacement of its rule when all its matches come from one rule, and the
//! default token otherwise. A mask that keeps the last characters visible keeps
//! at most half of them.

use super::error::InvalidRule;
use super::rule::{Redaction, DEFAULT_REDACTION_TOKEN};
use super::scanner::{ScanReport, Scanner};

/// The longest label or token accepted, in characters.
const MAX_REPLACEMENT_LEN: usize = 64;

/// Checks that a redaction names exactly one way of replacing text.
pub(crate) fn check_redaction(rule: &str, r: &Redaction) -> Result<(), InvalidRule> {
    let bad = |reason: &str| Err(InvalidRule::new(rule, Some("redaction"), reason));
    let ways = [r.token.is_some(), r.label.is_some(), r.mask.is_some()];
    if ways.iter().filter(|&&w| w).count() != 1 {
        return bad("needs exactly one of `token`, `label` and `mask`");
    }
    if r.keep_last.is_some() && r.mask.is_none() {
        return bad("`keepLast` applies to `mask` only");
    }
    let text = r.token.as_deref().or(r.label.as_deref()).unwrap_or("*");
    if text.is_empty() || text.chars().count() > MAX_REPLACEMENT_LEN {
        return bad("`token` and `label` are 1 to 64 characters");
    }
    if r.mask.is_some_and(char::is_control) {
        return bad("`mask` is a control character");
    }
    Ok(())
}

/// One replaced span of a redacted text: the text from `start` to `end` becomes
/// `replacement` followed by the original text from `keep_from` to `end` (the
/// characters a mask leaves visible). Offsets are byte offsets of the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactedSpan {
    /// Where the replaced text starts.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// What stands in its place.
    pub replacement: String,
    /// Where the visible tail of a mask starts; `end` when nothing stays visible.
    pub keep_from: usize,
}

impl Scanner {
    /// Scans `text` and returns it with every `block` and `redact` match
    /// replaced.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::dlp::Scanner;
    ///
    /// let scanner = Scanner::new();
    /// assert_eq!(
    ///     scanner.redact("pay 4111 1111 1111 1111 now"),
    ///     "pay ***REDACTED*** now"
    /// );
    /// ```
    pub fn redact(&self, text: &str) -> String {
        let report = self.scan(text);
        self.redact_report(text, &report)
    }

    /// Redacts `text` using a report of a scan of that same text.
    pub fn redact_report(&self, text: &str, report: &ScanReport) -> String {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for span in self.redacted_spans(text, report) {
            out.push_str(text.get(copied..span.start).unwrap_or_default());
            out.push_str(&span.replacement);
            out.push_str(text.get(span.keep_from..span.end).unwrap_or_default());
            copied = span.end;
        }
        out.push_str(text.get(copied..).unwrap_or_default());
        out
    }

    /// The spans [`Scanner::redact_report`] replaces, in order and apart, so a
    /// caller holding the text in another form can splice it the same way.
    pub fn redacted_spans(&self, text: &str, report: &ScanReport) -> Vec<RedactedSpan> {
        let mut out = Vec::new();
        let mut copied = 0;
        let mut spans =
            report.matches.iter().filter(|m| self.action_of(m).is_redacted()).peekable();

        while let Some(first) = spans.next() {
            // Merge every following span that overlaps or touches this one.
            let (start, mut end) = (first.start, first.end);
            let mut single_rule = Some(first.rule);
            while let Some(next) = spans.next_if(|m| m.start <= end) {
                end = end.max(next.end);
                if single_rule != Some(next.rule) {
                    single_rule = None;
                }
            }

            let start = start.max(copied);
            let redaction = single_rule.and_then(|i| self.rules().get(i)?.redaction.as_ref());
            let span = text.get(start..end).unwrap_or_default();
            let (replacement, kept) = replacement(span, redaction);
            out.push(RedactedSpan { start, end, replacement, keep_from: end - kept });
            copied = end;
        }
        out
    }
}

/// The replacement of `span`, and how many of its last bytes stay visible.
fn replacement(span: &str, redaction: Option<&Redaction>) -> (String, usize) {
    let Some(r) = redaction else {
        return (DEFAULT_REDACTION_TOKEN.to_string(), 0);
    };
    if let Some(token) = &r.token {
        (token.clone(), 0)
    } else if let Some(label) = &r.label {
        (format!("[{label}]"), 0)
    } else if let Some(mask) = r.mask {
        // However large `keepLast`, at least half of every match is masked, so a
        // setting meant for the last digits of a card cannot reveal a short match.
        let count = span.chars().count();
        let keep = usize::from(r.keep_last.unwrap_or(0)).min(count / 2);
        let kept: usize = span.chars().skip(count - keep).map(char::len_utf8).sum();
        (std::iter::repeat_n(mask, count - keep).collect(), kept)
    } else {
        (DEFAULT_REDACTION_TOKEN.to_string(), 0)
    }
}
