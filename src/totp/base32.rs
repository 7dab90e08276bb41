//! Base32 secrets (RFC 4648) as people paste them, and the key they stand for.
//!
//! Accepted: any case, ASCII whitespace and `-` anywhere, and `=` padding at the
//! end, either absent or complete. Every other character is refused rather than
//! skipped, since skipping one yields a different key and codes that never match.
//! Bits left over in the last character are ignored, as in other authenticators.

use std::fmt;

use base32::Alphabet;

use super::error::TotpError;

/// RFC 4648 base32, upper case, without padding (`clean` has checked and dropped it).
const ALPHABET: Alphabet = Alphabet::Rfc4648 { padding: false };

/// An HMAC key: the decoded bytes of a base32 secret, used as they are.
///
/// `Debug` never prints the key.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    key: Vec<u8>,
}

impl Secret {
    /// Wraps raw key bytes.
    ///
    /// # Errors
    ///
    /// `InvalidSecret` when `key` is empty.
    pub fn from_bytes(key: Vec<u8>) -> Result<Self, TotpError> {
        if key.is_empty() {
            return Err(TotpError::secret("secret is empty"));
        }
        Ok(Secret { key })
    }

    /// Decodes a base32 secret, ignoring case, whitespace, `-` and end padding.
    ///
    /// # Errors
    ///
    /// `InvalidSecret` naming the position of a character outside A–Z and 2–7,
    /// misplaced or incomplete padding, a length no base32 text can have, or an
    /// empty secret. The message never contains the secret.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::totp::Secret;
    ///
    /// let a = Secret::from_base32("hj6j dzfs-luep nqnj jz5v 2ieg 6m").unwrap();
    /// let b = Secret::from_base32("HJ6JDZFSLUEPNQNJJZ5V2IEG6M======").unwrap();
    /// assert_eq!(a, b);
    /// assert_eq!(a.to_base32(), "HJ6JDZFSLUEPNQNJJZ5V2IEG6M");
    /// assert!(Secret::from_base32("HJ6JDZFS!UEPNQNJJZ5V2IEG6M").is_err());
    /// ```
    pub fn from_base32(text: &str) -> Result<Self, TotpError> {
        let symbols = clean(text)?;
        // The decoder ignores the unused low bits of the last character.
        let key = base32::decode(ALPHABET, &symbols)
            .ok_or_else(|| TotpError::secret("secret is not valid base32"))?;
        Self::from_bytes(key)
    }

    /// The key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.key
    }

    /// The canonical base32 form: uppercase, no separators, no padding.
    pub fn to_base32(&self) -> String {
        base32::encode(ALPHABET, &self.key)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes)", self.key.len())
    }
}

/// Returns the canonical form of a base32 secret (see [`Secret::from_base32`]).
///
/// # Errors
///
/// `InvalidSecret`, as [`Secret::from_base32`].
///
/// # Example
///
/// ```
/// let canonical = promptward::totp::normalize_secret("hj6j-dzfs-luep-nqnj-jz5v-2ieg-6m");
/// assert_eq!(canonical.unwrap(), "HJ6JDZFSLUEPNQNJJZ5V2IEG6M");
/// ```
pub fn normalize_secret(text: &str) -> Result<String, TotpError> {
    Secret::from_base32(text).map(|secret| secret.to_base32())
}

/// Uppercases the symbols, drops separators, checks and drops the padding.
fn clean(text: &str) -> Result<String, TotpError> {
    let mut symbols = String::with_capacity(text.len());
    let mut padding = 0usize;

    for (position, c) in text.chars().enumerate() {
        match c {
            c if c.is_ascii_whitespace() || c == '-' => {}
            '=' => padding = padding.saturating_add(1),
            'A'..='Z' | 'a'..='z' | '2'..='7' if padding == 0 => {
                symbols.push(c.to_ascii_uppercase());
            }
            'A'..='Z' | 'a'..='z' | '2'..='7' => {
                return Err(TotpError::secret("secret has `=` padding before its end"));
            }
            _ => {
                return Err(TotpError::secret(format!(
                    "secret has a character outside the base32 alphabet (A-Z, 2-7) \
                     at position {position}"
                )));
            }
        }
    }

    if symbols.is_empty() {
        return Err(TotpError::secret("secret is empty"));
    }
    if matches!(symbols.len() % 8, 1 | 3 | 6) {
        return Err(TotpError::secret(format!(
            "secret has {} base32 characters, a length base32 text cannot have",
            symbols.len()
        )));
    }
    let needed = (8 - symbols.len() % 8) % 8;
    if padding != 0 && padding != needed {
        return Err(TotpError::secret("secret has incomplete or excess `=` padding"));
    }
    Ok(symbols)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn trailing_bits_are_ignored() {
        // "MZ" has low bits set in `Z`; it still decodes to the byte "f".
        let secret = Secret::from_base32("MZ").unwrap();
        assert_eq!(secret.as_bytes(), b"f");
        assert_eq!(secret.to_base32(), "MY");
    }

    #[test]
    fn padding_must_be_complete() {
        assert!(Secret::from_base32("MY======").is_ok());
        assert!(Secret::from_base32("MY=====").is_err());
        assert!(Secret::from_base32("MY=======").is_err());
        assert!(Secret::from_base32("MZXW6YTB=").is_err());
        assert!(Secret::from_base32("MY== ==\n==").is_ok());
    }
}
