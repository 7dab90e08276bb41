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
            out.push_str(text.get(copied..start).unwrap_or_default());
            let redaction = single_rule.and_then(|i| self.rules().get(i)?.redaction.as_ref());
            replace(&mut out, text.get(start..end).unwrap_or_default(), redaction);
            copied = end;
        }
        out.push_str(text.get(copied..).unwrap_or_default());
        out
    }
}

fn replace(out: &mut String, span: &str, redaction: Option<&Redaction>) {
    let Some(r) = redaction else {
        out.push_str(DEFAULT_REDACTION_TOKEN);
        return;
    };
    if let Some(token) = &r.token {
        out.push_str(token);
    } else if let Some(label) = &r.label {
        out.push('[');
        out.push_str(label);
        out.push(']');
    } else if let Some(mask) = r.mask {
        // However large `keepLast`, at least half of every match is masked, so a
        // setting meant for the last digits of a card cannot reveal a short match.
        let count = span.chars().count();
        let keep = usize::from(r.keep_last.unwrap_or(0)).min(count / 2);
        out.extend(std::iter::repeat_n(mask, count - keep));
        out.extend(span.chars().skip(count - keep));
    } else {
        out.push_str(DEFAULT_REDACTION_TOKEN);
    }
}
