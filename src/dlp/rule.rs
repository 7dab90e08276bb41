//! What a rule is: its name, what it detects, how sensitive a match is and what
//! the platform does about it.

use std::fmt;

use serde::Serialize;

/// How sensitive the data a rule detects is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sensitivity {
    /// Fine to share.
    Public,
    /// For people inside the organisation.
    Internal,
    /// For people who need to know.
    Confidential,
    /// Regulated or secret data: cards, national ids, credentials.
    Restricted,
}

/// What the platform does when a rule matches, from the mildest to the strictest.
///
/// The order of the variants is the order of severity, so the overall verdict of
/// a scan is the maximum of its matches' actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Record the match, let the prompt through.
    Log,
    /// Show the user a warning.
    Warn,
    /// Replace the match before the prompt is sent.
    Redact,
    /// Refuse to send the prompt.
    Block,
}

/// The overall outcome of a scan: the strictest action of its matches, or
/// `Allow` when nothing matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing matched.
    Allow,
    /// The strictest match asks to log.
    Log,
    /// The strictest match asks to warn.
    Warn,
    /// The strictest match asks to redact.
    Redact,
    /// The strictest match asks to block.
    Block,
}

impl Verdict {
    /// All verdicts, from the mildest to the strictest.
    pub const ALL: [Verdict; 5] =
        [Verdict::Allow, Verdict::Log, Verdict::Warn, Verdict::Redact, Verdict::Block];

    /// The lowercase name used in policies and results.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allow => "allow",
            Verdict::Log => "log",
            Verdict::Warn => "warn",
            Verdict::Redact => "redact",
            Verdict::Block => "block",
        }
    }
}

impl From<Action> for Verdict {
    fn from(action: Action) -> Self {
        match action {
            Action::Log => Verdict::Log,
            Action::Warn => Verdict::Warn,
            Action::Redact => Verdict::Redact,
            Action::Block => Verdict::Block,
        }
    }
}

impl Action {
    /// The lowercase name used in policies and results.
    pub fn as_str(self) -> &'static str {
        Verdict::from(self).as_str()
    }

    /// Whether `redact` replaces matches of this action.
    pub fn is_redacted(self) -> bool {
        matches!(self, Action::Block | Action::Redact)
    }
}

impl Sensitivity {
    /// The lowercase name used in policies and results.
    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::Public => "public",
            Sensitivity::Internal => "internal",
            Sensitivity::Confidential => "confidential",
            Sensitivity::Restricted => "restricted",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A check run on each match of a custom pattern, to cut false positives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Validator {
    /// The digits of the match pass the Luhn checksum.
    Luhn,
    /// The digits form a payment card number: Luhn and a known issuer prefix.
    CreditCard,
    /// The digits form a US Social Security Number the SSA could have issued.
    Ssn,
    /// The match is a dotted IPv4 address with octets 0-255.
    Ipv4,
}

impl Validator {
    /// The snake_case name used in policies.
    pub fn as_str(self) -> &'static str {
        match self {
            Validator::Luhn => "luhn",
            Validator::CreditCard => "credit_card",
            Validator::Ssn => "ssn",
            Validator::Ipv4 => "ipv4",
        }
    }
}

/// How a redacted span is replaced.
///
/// Written in a policy as one of `{"token": "[removed]"}`, `{"label": "CARD"}`
/// (giving `[CARD]`) or `{"mask": "*", "keepLast": 4}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Redaction {
    /// A fixed replacement text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// A label, written as `[LABEL]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A character that replaces every character of the match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mask: Option<char>,
    /// With `mask`: how many trailing characters stay visible.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_last: Option<u8>,
}

/// The default replacement of a redacted span.
pub const DEFAULT_REDACTION_TOKEN: &str = "***REDACTED***";

/// A rule as a policy writes it, before it is compiled.
///
/// Exactly one of `pattern` (a custom regular expression) and `detector` (the
/// name of a built-in detector) is given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleSpec {
    /// A unique name: ASCII letters, digits, `_`, `.` and `-`.
    pub name: String,
    /// A regular expression (linear-time dialect, no look-around).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The name of a built-in detector, such as `credit_card`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detector: Option<String>,
    /// How sensitive a match is.
    pub sensitivity: Sensitivity,
    /// What to do about a match.
    pub action: Action,
    /// A human description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A check each match of `pattern` must pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validator: Option<Validator>,
    /// Whether `pattern` distinguishes case. Off by default, as in the original
    /// design, which compiled every pattern case-insensitively.
    pub case_sensitive: bool,
    /// How matches are replaced by `redact`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redaction: Option<Redaction>,
}
