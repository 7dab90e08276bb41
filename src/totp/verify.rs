//! Checking a token: exact format, a symmetric window, constant-time comparison
//! and replay protection through the last accepted step.

use subtle::ConstantTimeEq;

use super::base32::Secret;
use super::error::TotpError;
use super::hotp::{Algorithm, Digits, KeyedMac};
use super::timed::TotpParams;

/// How many steps around the current one a token may come from: 0 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window(u8);

impl Window {
    /// The largest window accepted: 10 steps each way.
    pub const MAX: u32 = 10;

    /// Checks a window size.
    ///
    /// # Errors
    ///
    /// `InvalidConfig` when `steps` is above [`Window::MAX`].
    pub fn new(steps: u64) -> Result<Self, TotpError> {
        match u8::try_from(steps) {
            Ok(n) if u32::from(n) <= Self::MAX => Ok(Window(n)),
            _ => Err(TotpError::config(format!("window must be 0 to 10 steps, not {steps}"))),
        }
    }

    /// The number of steps each way.
    pub fn get(self) -> u32 {
        u32::from(self.0)
    }
}

impl Default for Window {
    /// One step each way, allowing for a clock off by up to one period.
    fn default() -> Self {
        Window(1)
    }
}

/// Options of [`verify_totp`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Steps accepted on each side of the current one.
    pub window: Window,
    /// The step of the last accepted token: this step and every earlier one are
    /// refused, so each code is accepted once.
    pub after_step: Option<u64>,
}

/// Checks a TOTP token at `time` and returns the time step it matched.
///
/// The token must be exactly `digits` ASCII digits; anything else (spaces, signs,
/// other scripts' digits, a different length) is simply not a match. Steps before
/// T0 are skipped, as are steps at or before `options.after_step`.
///
/// When two steps of the window share the code, the later one is returned: kept
/// as the next `after_step`, it refuses the code at both.
///
/// # Example
///
/// ```
/// use promptward::totp::{verify_totp, Secret, TotpParams, VerifyOptions};
///
/// let key = Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
/// let params = TotpParams::default();
/// let options = VerifyOptions::default();
/// assert_eq!(verify_totp(&key, "287082", 59, &params, &options), Some(1));
/// assert_eq!(verify_totp(&key, "287082", 120, &params, &options), None);
///
/// let replay = VerifyOptions { after_step: Some(1), ..options };
/// assert_eq!(verify_totp(&key, "287082", 59, &params, &replay), None);
/// ```
pub fn verify_totp(
    secret: &Secret,
    token: &str,
    time: u64,
    params: &TotpParams,
    options: &VerifyOptions,
) -> Option<u64> {
    if !well_formed(token, params.digits()) {
        return None;
    }
    let current = params.signed_step_at(time);
    let window = i128::from(options.window.get());
    let floor = options.after_step.map_or(0, |after| i128::from(after) + 1);

    let candidates = (current - window..=current + window)
        .filter(|step| *step >= floor)
        .filter_map(|step| u64::try_from(step).ok());
    latest_match(secret, token, candidates, params.algorithm(), params.digits())
}

/// Checks an HOTP token against `counter` and up to `look_ahead` counters after
/// it, and returns the counter it matched (the later one when two share the
/// code). The caller stores that counter plus one as the next expected counter.
///
/// # Example
///
/// ```
/// use promptward::totp::{verify_hotp, Algorithm, Digits, Secret, Window};
///
/// let key = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
/// let look_ahead = Window::new(2).unwrap();
/// let found = verify_hotp(&key, "359152", 0, look_ahead, Algorithm::Sha1, Digits::SIX);
/// assert_eq!(found, Some(2));
/// ```
pub fn verify_hotp(
    secret: &Secret,
    token: &str,
    counter: u64,
    look_ahead: Window,
    algorithm: Algorithm,
    digits: Digits,
) -> Option<u64> {
    if !well_formed(token, digits) {
        return None;
    }
    let candidates = (0..=u64::from(look_ahead.0)).filter_map(|ahead| counter.checked_add(ahead));
    latest_match(secret, token, candidates, algorithm, digits)
}

/// Exactly `digits` ASCII digits, nothing around them.
fn well_formed(token: &str, digits: Digits) -> bool {
    token.len() == digits.get() && token.bytes().all(|b| b.is_ascii_digit())
}

/// The largest counter or step a verification returns: 2^53 - 1, so that the one
/// after it (what a caller stores to refuse a replay) is still exact as a
/// JavaScript number.
pub const MAX_MATCHED: u64 = (1 << 53) - 1;

/// Compares the token with the code of every candidate up to [`MAX_MATCHED`], each
/// in constant time, and returns the latest candidate that matched.
fn latest_match(
    secret: &Secret,
    token: &str,
    candidates: impl Iterator<Item = u64>,
    algorithm: Algorithm,
    digits: Digits,
) -> Option<u64> {
    // The token is `digits` ASCII digits (checked by the callers), so a number.
    let (Ok(mac), Ok(wanted)) = (KeyedMac::new(algorithm, secret), token.parse::<u32>()) else {
        return None;
    };
    let mut found = None;
    for counter in candidates.filter(|&counter| counter <= MAX_MATCHED) {
        let equal: bool = mac.value(counter, digits).ct_eq(&wanted).into();
        if equal {
            found = Some(counter);
        }
    }
    found
}
