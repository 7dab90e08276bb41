//! Statistics over many scans. They count; they never hold matched text.

use std::collections::BTreeMap;

use serde::Serialize;

use super::rule::Verdict;
use super::scanner::{ScanReport, Scanner};

/// How many scans ended with each verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    /// Scans without a match.
    pub allow: u64,
    /// Scans whose strictest match asked to log.
    pub log: u64,
    /// Scans whose strictest match asked to warn.
    pub warn: u64,
    /// Scans whose strictest match asked to redact.
    pub redact: u64,
    /// Scans whose strictest match asked to block.
    pub block: u64,
}

/// Counts of scans, verdicts and matches per rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanStats {
    /// Scans recorded.
    pub total_scans: u64,
    /// Matches over all scans.
    pub total_matches: u64,
    /// Scans per verdict.
    pub verdicts: VerdictCounts,
    /// Matches per rule name.
    pub matches_by_rule: BTreeMap<String, u64>,
}

impl ScanStats {
    /// Records one scan made by `scanner`.
    pub fn record(&mut self, scanner: &Scanner, report: &ScanReport) {
        self.total_scans += 1;
        self.total_matches += report.matches.len() as u64;
        let slot = match report.verdict {
            Verdict::Allow => &mut self.verdicts.allow,
            Verdict::Log => &mut self.verdicts.log,
            Verdict::Warn => &mut self.verdicts.warn,
            Verdict::Redact => &mut self.verdicts.redact,
            Verdict::Block => &mut self.verdicts.block,
        };
        *slot += 1;
        for m in &report.matches {
            let Some(rule) = scanner.rules().get(m.rule) else { continue };
            // The name is copied only the first time a rule matches.
            match self.matches_by_rule.get_mut(&rule.name) {
                Some(count) => *count += 1,
                None => {
                    self.matches_by_rule.insert(rule.name.clone(), 1);
                }
            }
        }
    }
}
