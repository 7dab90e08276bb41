//! The DLP scanner: finds sensitive data in a prompt, decides what happens to
//! the prompt, and redacts it.
//!
//! A [`Scanner`] holds a compiled ruleset. Each rule has a name, a
//! [`Sensitivity`], an [`Action`] and either a built-in [`Detector`] or a custom
//! pattern. Scanning reports every match as a byte range and an overall
//! [`Verdict`]: `block` > `redact` > `warn` > `log` > `allow`.
//!
//! ```
//! use promptward::dlp::{Scanner, Verdict};
//!
//! let mut scanner = Scanner::new();
//! scanner.add_rule_value(&serde_json::json!({
//!     "name": "employee_id", "pattern": r"\bEMP\d{6}\b",
//!     "sensitivity": "confidential", "action": "warn"
//! })).unwrap();
//! let report = scanner.scan("My employee ID is EMP123456.");
//! assert_eq!(report.verdict, Verdict::Warn);
//! ```
//!
//! # Built-in detectors
//!
//! The default rules (`credit_card`, `ssn`, `email`, `phone`, `api_key`,
//! `ip_address`) use hand-written detectors with validators, not the original
//! regular expressions: card numbers must pass Luhn and carry an issuer prefix,
//! SSNs must be issuable, IPv4 octets must be 0-255, and so on. They use ASCII
//! word boundaries, so PII written right after CJK text is found. One prefilter
//! pass finds the digits, `@` signs and long tokens they start from.
//!
//! # Untrusted patterns
//!
//! Custom patterns run on regex-lite, whose search is linear in the text for a
//! given pattern. Look-around, back-references, patterns over
//! [`MAX_PATTERN_LEN`] bytes or over the engine's size and nesting limits, and
//! patterns that can match the empty string are refused with [`InvalidRule`].
//! Patterns are case-insensitive unless the rule sets `caseSensitive`.
//!
//! # Offsets
//!
//! Matches carry UTF-8 byte offsets into the scanned `&str`. The JavaScript API
//! converts them to UTF-16 code units with [`utf16::convert`].

mod builtin;
mod error;
mod hint;
mod pattern;
mod redact;
mod rule;
mod rule_reader;
mod scanner;
mod section;
mod stats;
pub mod utf16;
mod validate;

pub use builtin::Detector;
pub use error::{DlpError, InvalidRule};
pub use pattern::MAX_PATTERN_LEN;
pub use redact::RedactedSpan;
pub use rule::{
    Action, Redaction, RuleSpec, Sensitivity, Validator, Verdict, DEFAULT_REDACTION_TOKEN,
};
pub use scanner::{Match, ScanBuffers, ScanReport, Scanner};
pub use stats::{ScanStats, VerdictCounts};
