//! The one error type of the totp engine, with a stable name per kind.

use std::fmt;

use crate::error::NamedError;

/// What went wrong, as a stable kind; [`TotpError::name`] spells it for JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TotpErrorKind {
    /// A base32 secret that does not decode, or an empty key.
    InvalidSecret,
    /// An out-of-range setting: digits, period, window, time, counts, an MFA section.
    InvalidConfig,
    /// An `otpauth://` URI that cannot be built or parsed, or text too long for a QR code.
    InvalidUri,
    /// A backup-code store that is corrupted or of an unknown format.
    InvalidBackupStore,
    /// The platform has no cryptographically secure random source.
    RandomUnavailable,
}

impl TotpErrorKind {
    /// The stable name of this kind, such as `"InvalidSecret"`.
    pub fn name(self) -> &'static str {
        match self {
            TotpErrorKind::InvalidSecret => "InvalidSecret",
            TotpErrorKind::InvalidConfig => "InvalidConfig",
            TotpErrorKind::InvalidUri => "InvalidUri",
            TotpErrorKind::InvalidBackupStore => "InvalidBackupStore",
            TotpErrorKind::RandomUnavailable => "RandomUnavailable",
        }
    }
}

/// An error of the totp engine: a kind and a message that names the field at fault.
///
/// Messages never contain a secret, a token or a backup code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpError {
    kind: TotpErrorKind,
    message: String,
}

impl TotpError {
    pub(crate) fn new(kind: TotpErrorKind, message: impl Into<String>) -> Self {
        TotpError { kind, message: message.into() }
    }

    pub(crate) fn secret(message: impl Into<String>) -> Self {
        Self::new(TotpErrorKind::InvalidSecret, message)
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::new(TotpErrorKind::InvalidConfig, message)
    }

    pub(crate) fn uri(message: impl Into<String>) -> Self {
        Self::new(TotpErrorKind::InvalidUri, message)
    }

    pub(crate) fn store(message: impl Into<String>) -> Self {
        Self::new(TotpErrorKind::InvalidBackupStore, message)
    }

    /// The kind of error.
    pub fn kind(&self) -> TotpErrorKind {
        self.kind
    }
}

impl fmt::Display for TotpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TotpError {}

impl NamedError for TotpError {
    fn name(&self) -> &'static str {
        self.kind.name()
    }
}
