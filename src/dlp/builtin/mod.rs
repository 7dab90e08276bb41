//! The built-in detectors: hand-written matchers with validators, run after one
//! prefilter pass over the text.
//!
//! Each detector reads the landmarks of [`Candidates`] instead of the whole text,
//! runs in time linear in the text, and reports byte ranges.

mod api_key;
mod candidates;
mod card;
mod email;
mod ipv4;
mod phone;
mod ssn;
pub(crate) mod text;

use std::ops::Range;

pub(crate) use candidates::Candidates;
pub(crate) use card::{issuer_accepts, luhn_valid};

use super::rule::{Action, RuleSpec, Sensitivity};

/// A built-in detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Detector {
    /// Payment card numbers (Luhn and issuer prefix).
    CreditCard,
    /// US Social Security Numbers.
    Ssn,
    /// Email addresses.
    Email,
    /// Telephone numbers.
    Phone,
    /// API keys and access tokens.
    ApiKey,
    /// IPv4 addresses.
    IpAddress,
}

impl Detector {
    /// Every detector, in the order of the default rules.
    pub const ALL: [Detector; 6] = [
        Detector::CreditCard,
        Detector::Ssn,
        Detector::Email,
        Detector::Phone,
        Detector::ApiKey,
        Detector::IpAddress,
    ];

    /// The name of the detector, which is also the name of its default rule.
    pub fn name(self) -> &'static str {
        match self {
            Detector::CreditCard => "credit_card",
            Detector::Ssn => "ssn",
            Detector::Email => "email",
            Detector::Phone => "phone",
            Detector::ApiKey => "api_key",
            Detector::IpAddress => "ip_address",
        }
    }

    /// The detector of this name.
    pub fn from_name(name: &str) -> Option<Detector> {
        Detector::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The default rule of this detector, as the original design set it.
    pub fn default_rule(self) -> RuleSpec {
        let (sensitivity, action, description) = match self {
            Detector::CreditCard => {
                (Sensitivity::Restricted, Action::Block, "Credit card number detection")
            }
            Detector::Ssn => {
                (Sensitivity::Restricted, Action::Block, "Social Security Number detection")
            }
            Detector::Email => (Sensitivity::Internal, Action::Warn, "Email address detection"),
            Detector::Phone => (Sensitivity::Internal, Action::Warn, "Phone number detection"),
            Detector::ApiKey => {
                (Sensitivity::Confidential, Action::Block, "Potential API key detection")
            }
            Detector::IpAddress => (Sensitivity::Internal, Action::Log, "IP address detection"),
        };
        RuleSpec {
            name: self.name().to_string(),
            pattern: None,
            detector: Some(self.name().to_string()),
            sensitivity,
            action,
            description: Some(description.to_string()),
            validator: None,
            case_sensitive: false,
            redaction: None,
        }
    }

    /// Appends the byte ranges this detector finds to `out`.
    pub(crate) fn find(self, text: &[u8], candidates: &Candidates, out: &mut Vec<Range<usize>>) {
        match self {
            Detector::CreditCard => card::find(text, &candidates.digit_runs, out),
            Detector::Ssn => ssn::find(text, &candidates.digit_runs, out),
            Detector::Email => email::find(text, &candidates.at_signs, out),
            Detector::Phone => phone::find(text, &candidates.digit_runs, out),
            Detector::ApiKey => api_key::find(text, &candidates.long_tokens, out),
            Detector::IpAddress => ipv4::find(text, &candidates.digit_runs, out),
        }
    }
}
