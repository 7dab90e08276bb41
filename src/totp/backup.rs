//! Backup codes: single-use recovery codes such as `7KQ2-M9XD`, of which only
//! salted, stretched hashes are kept.
//!
//! Codes are drawn uniformly from A–Z and 0–9 and shown in groups of four. They
//! are compared ignoring case, `-` and whitespace. A store keeps one random salt
//! and a PBKDF2-HMAC-SHA256 hash per code: 8 characters carry about 41 bits, and
//! NIST SP 800-63B asks that look-up secrets below 112 bits be hashed with a
//! key derivation function, so a leaked store is costly to search.

use std::collections::HashSet;

use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::error::TotpError;
use super::random::FillRandom;

const ALPHABET: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SALT_BYTES: usize = 16;

/// The number of codes in a set: 1 to 100.
pub const COUNT_RANGE: std::ops::RangeInclusive<usize> = 1..=100;
/// The number of characters of a code, without separators: 6 to 32.
pub const LENGTH_RANGE: std::ops::RangeInclusive<usize> = 6..=32;
/// PBKDF2 iterations of new stores.
pub const DEFAULT_ITERATIONS: u32 = 20_000;
/// The PBKDF2 iterations a store may ask for.
pub const ITERATIONS_RANGE: std::ops::RangeInclusive<u32> = 1..=1_000_000;

/// How backup codes are generated: whether they are offered, how many, how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupCodeConfig {
    enabled: bool,
    count: usize,
    length: usize,
    iterations: u32,
}

impl Default for BackupCodeConfig {
    /// Enabled, 10 codes of 8 characters (`XXXX-XXXX`).
    fn default() -> Self {
        BackupCodeConfig { enabled: true, count: 10, length: 8, iterations: DEFAULT_ITERATIONS }
    }
}

impl BackupCodeConfig {
    /// Checks a count and a length.
    ///
    /// # Errors
    ///
    /// `InvalidConfig` when `count` is outside [`COUNT_RANGE`] or `length` outside
    /// [`LENGTH_RANGE`].
    pub fn new(count: u64, length: u64) -> Result<Self, TotpError> {
        let within = |value: u64, range: &std::ops::RangeInclusive<usize>| {
            usize::try_from(value).ok().filter(|v| range.contains(v))
        };
        let Some(count) = within(count, &COUNT_RANGE) else {
            return Err(TotpError::config(format!(
                "backup code count must be 1 to 100, not {count}"
            )));
        };
        let Some(length) = within(length, &LENGTH_RANGE) else {
            return Err(TotpError::config(format!(
                "backup code length must be 6 to 32 characters, not {length}"
            )));
        };
        Ok(BackupCodeConfig { count, length, ..Self::default() })
    }

    /// The same configuration, marked enabled or disabled.
    pub fn with_enabled(self, enabled: bool) -> Self {
        BackupCodeConfig { enabled, ..self }
    }

    /// The same configuration with another PBKDF2 iteration count (tests use few).
    ///
    /// # Errors
    ///
    /// `InvalidConfig` when `iterations` is outside [`ITERATIONS_RANGE`].
    pub fn with_iterations(self, iterations: u32) -> Result<Self, TotpError> {
        if !ITERATIONS_RANGE.contains(&iterations) {
            return Err(TotpError::config("backup code iterations must be 1 to 1000000"));
        }
        Ok(BackupCodeConfig { iterations, ..self })
    }

    /// Whether the policy offers backup codes.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Codes per set.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Characters per code, without separators.
    pub fn length(&self) -> usize {
        self.length
    }
}

/// A set of backup codes, as hashes. See the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupCodes {
    pub(crate) length: usize,
    pub(crate) iterations: u32,
    pub(crate) salt: [u8; SALT_BYTES],
    pub(crate) hashes: Vec<[u8; 32]>,
}

impl BackupCodes {
    /// A set with no codes left, ready for [`BackupCodes::regenerate`].
    pub fn empty(config: &BackupCodeConfig) -> Self {
        BackupCodes {
            length: config.length,
            iterations: config.iterations,
            salt: [0; SALT_BYTES],
            hashes: Vec::new(),
        }
    }

    /// Generates a set and returns it with the plaintext codes, the only time
    /// they are available.
    ///
    /// # Errors
    ///
    /// Whatever `fill` returns.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::totp::{os_random, BackupCodeConfig, BackupCodes};
    ///
    /// let config = BackupCodeConfig::default().with_iterations(10).unwrap();
    /// let (mut store, codes) = BackupCodes::generate(&config, &mut os_random).unwrap();
    /// assert_eq!(codes.len(), 10);
    /// assert!(store.consume(&codes[3].to_lowercase()));
    /// assert!(!store.consume(&codes[3]));
    /// assert_eq!(store.remaining(), 9);
    /// ```
    pub fn generate(
        config: &BackupCodeConfig,
        fill: FillRandom<'_>,
    ) -> Result<(Self, Vec<String>), TotpError> {
        let mut salt = [0u8; SALT_BYTES];
        fill(&mut salt)?;

        let mut seen = HashSet::new();
        let mut codes = Vec::with_capacity(config.count);
        let mut hashes = Vec::with_capacity(config.count);
        while codes.len() < config.count {
            let symbols = random_symbols(config.length, fill)?;
            if !seen.insert(symbols.clone()) {
                continue;
            }
            hashes.push(hash(&symbols, &salt, config.iterations));
            codes.push(display(&symbols));
        }

        let store =
            BackupCodes { length: config.length, iterations: config.iterations, salt, hashes };
        Ok((store, codes))
    }

    /// Replaces the whole set with a new one and returns its plaintext codes.
    /// Every earlier code stops working.
    ///
    /// # Errors
    ///
    /// Whatever `fill` returns; the old set is then kept.
    pub fn regenerate(
        &mut self,
        config: &BackupCodeConfig,
        fill: FillRandom<'_>,
    ) -> Result<Vec<String>, TotpError> {
        let (store, codes) = Self::generate(config, fill)?;
        *self = store;
        Ok(codes)
    }

    /// Checks a code and, when it is one of the set, removes it: a code works once.
    ///
    /// Input that cannot be a code (wrong length, other characters, empty) is
    /// simply `false`. Every stored hash is compared in constant time.
    pub fn consume(&mut self, input: &str) -> bool {
        let Some(symbols) = normalize(input, self.length) else {
            return false;
        };
        let candidate = hash(&symbols, &self.salt, self.iterations);

        let mut found = None;
        for (index, stored) in self.hashes.iter().enumerate() {
            let equal: bool = stored.ct_eq(&candidate).into();
            if equal && found.is_none() {
                found = Some(index);
            }
        }
        match found {
            Some(index) => {
                self.hashes.remove(index);
                true
            }
            None => false,
        }
    }

    /// The number of unused codes.
    pub fn remaining(&self) -> usize {
        self.hashes.len()
    }

    /// Characters per code, without separators.
    pub fn length(&self) -> usize {
        self.length
    }
}

/// Uppercases and strips separators; `None` unless exactly `length` symbols of
/// the alphabet remain.
fn normalize(input: &str, length: usize) -> Option<String> {
    let symbols: String = input
        .chars()
        .filter(|c| *c != '-' && !c.is_ascii_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = symbols.len() == length && symbols.bytes().all(|b| ALPHABET.contains(&b));
    valid.then_some(symbols)
}

/// `length` symbols drawn uniformly from the alphabet by rejection sampling.
fn random_symbols(length: usize, fill: FillRandom<'_>) -> Result<String, TotpError> {
    let mut symbols = String::with_capacity(length);
    let mut buf = [0u8; 32];
    while symbols.len() < length {
        fill(&mut buf)?;
        // 252 = 7 * 36: bytes from 252 up would favour the first symbols.
        let accepted = buf.iter().filter(|b| **b < 252);
        for byte in accepted.take(length.saturating_sub(symbols.len())) {
            if let Some(symbol) = ALPHABET.get(usize::from(*byte % 36)) {
                symbols.push(char::from(*symbol));
            }
        }
    }
    Ok(symbols)
}

/// Groups of four separated by `-`; the last group may be shorter.
fn display(symbols: &str) -> String {
    let mut out = String::with_capacity(symbols.len() + symbols.len() / 4);
    for (index, c) in symbols.chars().enumerate() {
        if index > 0 && index % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

fn hash(symbols: &str, salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2_hmac::<Sha256>(symbols.as_bytes(), salt, iterations, &mut out);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn display_groups_by_four() {
        assert_eq!(display("ABCDEFGH"), "ABCD-EFGH");
        assert_eq!(display("ABCDEFGHIJ"), "ABCD-EFGH-IJ");
        assert_eq!(display("ABCDEF"), "ABCD-EF");
    }

    #[test]
    fn normalize_ignores_case_and_separators_only() {
        assert_eq!(normalize("ab12-cd34", 8).as_deref(), Some("AB12CD34"));
        assert_eq!(normalize(" AB12 CD34 ", 8).as_deref(), Some("AB12CD34"));
        assert_eq!(normalize("AB12CD3", 8), None);
        assert_eq!(normalize("AB12CD3Ä", 8), None);
        assert_eq!(normalize("AB12_CD34", 8), None);
    }

    #[test]
    fn pbkdf2_matches_rfc7914_vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256("passwd", "salt", 1), first 32 bytes.
        let mut out = [0u8; 32];
        pbkdf2_hmac::<Sha256>(b"passwd", b"salt", 1, &mut out);
        let hex = hex::encode(out);
        assert_eq!(hex, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    }
}
