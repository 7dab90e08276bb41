//! HOTP (RFC 4226): an HMAC of a counter, truncated to a few decimal digits.

use std::fmt;
use std::str::FromStr;

use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha512};

use super::base32::Secret;
use super::error::TotpError;

/// The HMAC hash function of a one-time password.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC-SHA1, the default of RFC 4226 and of most authenticator apps.
    #[default]
    Sha1,
    /// HMAC-SHA256 (RFC 6238).
    Sha256,
    /// HMAC-SHA512 (RFC 6238).
    Sha512,
}

impl Algorithm {
    /// The name used in `otpauth://` URIs: `SHA1`, `SHA256` or `SHA512`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Algorithm {
    type Err = TotpError;

    /// Reads `SHA1`, `SHA256` or `SHA512`, in any case, with or without a `-`.
    fn from_str(text: &str) -> Result<Self, TotpError> {
        match text.to_ascii_uppercase().as_str() {
            "SHA1" | "SHA-1" => Ok(Algorithm::Sha1),
            "SHA256" | "SHA-256" => Ok(Algorithm::Sha256),
            "SHA512" | "SHA-512" => Ok(Algorithm::Sha512),
            _ => Err(TotpError::config("algorithm must be SHA1, SHA256 or SHA512")),
        }
    }
}

/// The number of digits of a code: 6, 7 or 8 (RFC 4226 requires at least 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digits(u8);

impl Digits {
    /// Six digits, the usual choice.
    pub const SIX: Digits = Digits(6);

    /// Checks a digit count.
    ///
    /// # Errors
    ///
    /// `InvalidConfig` unless `digits` is 6, 7 or 8.
    pub fn new(digits: u64) -> Result<Self, TotpError> {
        match u8::try_from(digits) {
            Ok(n @ 6..=8) => Ok(Digits(n)),
            _ => Err(TotpError::config(format!("digits must be 6, 7 or 8, not {digits}"))),
        }
    }

    /// The count as a number.
    pub fn get(self) -> usize {
        usize::from(self.0)
    }
}

impl Default for Digits {
    fn default() -> Self {
        Digits::SIX
    }
}

/// The HOTP value of `counter`, zero-padded to `digits`.
///
/// # Errors
///
/// None in practice: HMAC takes keys of any length. The `Result` keeps the
/// "no panic" promise without an unwrap.
///
/// # Example
///
/// ```
/// use promptward::totp::{hotp, Algorithm, Digits, Secret};
///
/// // RFC 4226 Appendix D, counter 0.
/// let key = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
/// assert_eq!(hotp(&key, 0, Algorithm::Sha1, Digits::SIX).unwrap(), "755224");
/// ```
pub fn hotp(
    secret: &Secret,
    counter: u64,
    algorithm: Algorithm,
    digits: Digits,
) -> Result<String, TotpError> {
    let value = KeyedMac::new(algorithm, secret)?.value(counter, digits);
    Ok(format!("{value:0width$}", width = digits.get()))
}

/// HMAC keyed with a secret once, ready to sign any number of counters: the key's
/// two blocks are hashed when it is made, not for every counter.
#[derive(Clone)]
pub(crate) enum KeyedMac {
    Sha1(Hmac<Sha1>),
    Sha256(Hmac<Sha256>),
    Sha512(Hmac<Sha512>),
}

impl KeyedMac {
    /// # Errors
    ///
    /// None in practice: HMAC takes keys of any length.
    pub(crate) fn new(algorithm: Algorithm, secret: &Secret) -> Result<Self, TotpError> {
        let bad_key = |_| TotpError::secret("secret cannot be used as an HMAC key");
        let key = secret.as_bytes();
        Ok(match algorithm {
            Algorithm::Sha1 => KeyedMac::Sha1(Hmac::new_from_slice(key).map_err(bad_key)?),
            Algorithm::Sha256 => KeyedMac::Sha256(Hmac::new_from_slice(key).map_err(bad_key)?),
            Algorithm::Sha512 => KeyedMac::Sha512(Hmac::new_from_slice(key).map_err(bad_key)?),
        })
    }

    /// The HOTP value of `counter` as a number below `10^digits`.
    pub(crate) fn value(&self, counter: u64, digits: Digits) -> u32 {
        let message = counter.to_be_bytes();
        let truncated = match self {
            KeyedMac::Sha1(mac) => signed(mac, &message),
            KeyedMac::Sha256(mac) => signed(mac, &message),
            KeyedMac::Sha512(mac) => signed(mac, &message),
        };
        truncated % 10u32.pow(u32::from(digits.0))
    }
}

/// The truncated HMAC of `message` under an already keyed `mac`.
fn signed<M: Mac + Clone>(mac: &M, message: &[u8]) -> u32 {
    let mut mac = mac.clone();
    mac.update(message);
    truncate(&mac.finalize().into_bytes())
}

/// Dynamic truncation (RFC 4226 §5.3): four bytes at the offset the last nibble
/// names, top bit cleared. Every HMAC output here is at least 20 bytes long.
fn truncate(mac: &[u8]) -> u32 {
    let offset = usize::from(mac.last().copied().unwrap_or(0) & 0x0f);
    let bytes = mac.get(offset..offset.saturating_add(4)).unwrap_or(&[0; 4]);
    let bytes: [u8; 4] = bytes.try_into().unwrap_or([0; 4]);
    u32::from_be_bytes(bytes) & 0x7fff_ffff
}
