//! Errors of the DLP engine.

use std::fmt;

use crate::error::NamedError;
use crate::policy::PolicyError;

/// A rule that cannot be compiled, naming the rule and, where it applies, the
/// field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRule {
    rule: String,
    field: Option<&'static str>,
    reason: String,
}

impl InvalidRule {
    pub(crate) fn new(rule: &str, field: Option<&'static str>, reason: impl Into<String>) -> Self {
        InvalidRule { rule: rule.to_string(), field, reason: reason.into() }
    }

    /// The name of the rule, as the policy wrote it.
    pub fn rule(&self) -> &str {
        &self.rule
    }

    /// The field at fault, such as `pattern`, when one is.
    pub fn field(&self) -> Option<&str> {
        self.field
    }
}

impl fmt::Display for InvalidRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(f, "rule `{}`, field `{}`: {}", self.rule, field, self.reason),
            None => write!(f, "rule `{}`: {}", self.rule, self.reason),
        }
    }
}

impl std::error::Error for InvalidRule {}

impl NamedError for InvalidRule {
    fn name(&self) -> &'static str {
        "InvalidRule"
    }
}

/// Why a DLP policy or rule was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DlpError {
    /// One rule is malformed.
    InvalidRule(InvalidRule),
    /// The `dlp` section itself is malformed.
    InvalidPolicy(PolicyError),
}

impl fmt::Display for DlpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DlpError::InvalidRule(e) => e.fmt(f),
            DlpError::InvalidPolicy(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DlpError {}

impl NamedError for DlpError {
    fn name(&self) -> &'static str {
        match self {
            DlpError::InvalidRule(e) => e.name(),
            DlpError::InvalidPolicy(e) => e.name(),
        }
    }
}

impl From<InvalidRule> for DlpError {
    fn from(e: InvalidRule) -> Self {
        DlpError::InvalidRule(e)
    }
}

impl From<PolicyError> for DlpError {
    fn from(e: PolicyError) -> Self {
        DlpError::InvalidPolicy(e)
    }
}
