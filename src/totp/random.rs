//! Randomness comes from the caller: core functions take a filler, and
//! [`os_random`] is the one that asks the platform.

use super::base32::Secret;
use super::error::{TotpError, TotpErrorKind};

/// Fills a buffer with cryptographically secure random bytes, or fails.
pub type FillRandom<'a> = &'a mut dyn FnMut(&mut [u8]) -> Result<(), TotpError>;

/// The length of generated secrets: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;

/// Fills `buf` from the platform's CSPRNG: the operating system natively,
/// `crypto.getRandomValues` under JavaScript.
///
/// # Errors
///
/// `RandomUnavailable` when the platform has no secure source. There is no
/// fallback to a weaker one.
pub fn os_random(buf: &mut [u8]) -> Result<(), TotpError> {
    getrandom::fill(buf).map_err(|_| {
        TotpError::new(
            TotpErrorKind::RandomUnavailable,
            "no cryptographically secure random source is available \
             (crypto.getRandomValues under JavaScript)",
        )
    })
}

/// A new secret of [`SECRET_BYTES`] random bytes.
///
/// # Errors
///
/// Whatever `fill` returns.
///
/// # Example
///
/// ```
/// use promptward::totp::{generate_secret, os_random};
///
/// let secret = generate_secret(&mut os_random).unwrap();
/// assert_eq!(secret.to_base32().len(), 32);
/// ```
pub fn generate_secret(fill: FillRandom<'_>) -> Result<Secret, TotpError> {
    let mut key = vec![0u8; SECRET_BYTES];
    fill(&mut key)?;
    Secret::from_bytes(key)
}
