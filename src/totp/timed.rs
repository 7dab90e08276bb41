//! TOTP (RFC 6238): HOTP over the number of periods since T0.

use super::base32::Secret;
use super::error::TotpError;
use super::hotp::{hotp, Algorithm, Digits};

/// The largest time accepted from a floating-point source: 2^53, the last
/// integer JavaScript numbers hold exactly (about 285 million years).
pub const MAX_SAFE_TIME: u64 = 1 << 53;

/// The parameters of a time-based code: algorithm, digits, period and T0.
///
/// The default is SHA1, 6 digits, 30 seconds, T0 = 0, as authenticator apps
/// assume when a URI says nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TotpParams {
    algorithm: Algorithm,
    digits: Digits,
    period: u64,
    t0: u64,
}

impl Default for TotpParams {
    fn default() -> Self {
        TotpParams { algorithm: Algorithm::Sha1, digits: Digits::SIX, period: 30, t0: 0 }
    }
}

impl TotpParams {
    /// Checks and bundles the parameters, with T0 = 0.
    ///
    /// # Errors
    ///
    /// `InvalidConfig` when `digits` is not 6–8 or `period` is 0.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::totp::{Algorithm, TotpParams};
    ///
    /// let params = TotpParams::new(Algorithm::Sha256, 8, 60).unwrap();
    /// assert_eq!(params.step_at(119), Some(1));
    /// assert!(TotpParams::new(Algorithm::Sha1, 6, 0).is_err());
    /// ```
    pub fn new(algorithm: Algorithm, digits: u64, period: u64) -> Result<Self, TotpError> {
        if period == 0 {
            return Err(TotpError::config("period must be at least 1 second"));
        }
        Ok(TotpParams { algorithm, digits: Digits::new(digits)?, period, t0: 0 })
    }

    /// The same parameters counting from `t0` (Unix seconds) instead of 0.
    pub fn with_t0(self, t0: u64) -> Self {
        TotpParams { t0, ..self }
    }

    /// The HMAC algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The number of digits.
    pub fn digits(&self) -> Digits {
        self.digits
    }

    /// The period in seconds.
    pub fn period(&self) -> u64 {
        self.period
    }

    /// T0 in Unix seconds.
    pub fn t0(&self) -> u64 {
        self.t0
    }

    /// The time step containing `time`, or `None` before T0.
    pub fn step_at(&self, time: u64) -> Option<u64> {
        time.checked_sub(self.t0)?.checked_div(self.period)
    }

    /// The signed time step containing `time` (negative before T0).
    pub(crate) fn signed_step_at(&self, time: u64) -> i128 {
        let elapsed = i128::from(time) - i128::from(self.t0);
        elapsed.div_euclid(i128::from(self.period.max(1)))
    }

    /// The code of time step `step`.
    ///
    /// # Errors
    ///
    /// As [`hotp`].
    pub fn code_for_step(&self, secret: &Secret, step: u64) -> Result<String, TotpError> {
        hotp(secret, step, self.algorithm, self.digits)
    }

    /// The code at `time` (Unix seconds).
    ///
    /// # Errors
    ///
    /// `InvalidConfig` when `time` is before T0.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::totp::{Secret, TotpParams};
    ///
    /// // RFC 6238 Appendix B, SHA1 at T = 59, 8 digits.
    /// let key = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
    /// let params = TotpParams::new(Default::default(), 8, 30).unwrap();
    /// assert_eq!(params.code_at(&key, 59).unwrap(), "94287082");
    /// ```
    pub fn code_at(&self, secret: &Secret, time: u64) -> Result<String, TotpError> {
        let step = self.step_at(time).ok_or_else(|| TotpError::config("time is before t0"))?;
        self.code_for_step(secret, step)
    }
}

/// Converts a JavaScript time (Unix seconds, possibly fractional) to whole seconds.
///
/// # Errors
///
/// `InvalidConfig` for NaN, infinities, negative times and times above
/// [`MAX_SAFE_TIME`].
///
/// # Example
///
/// ```
/// use promptward::totp::unix_seconds;
///
/// assert_eq!(unix_seconds(1_700_000_000.9).unwrap(), 1_700_000_000);
/// assert!(unix_seconds(f64::NAN).is_err());
/// assert!(unix_seconds(-1.0).is_err());
/// assert!(unix_seconds(1e300).is_err());
/// ```
pub fn unix_seconds(time: f64) -> Result<u64, TotpError> {
    whole_number(time, "time").map_err(TotpError::config)
}

/// Converts a JavaScript number to a whole number in `0..=2^53`, rounding down,
/// or says why it cannot be one, naming `field`.
pub(crate) fn whole_number(value: f64, field: &str) -> Result<u64, String> {
    if !value.is_finite() {
        return Err(format!("{field} must be a finite number"));
    }
    if value < 0.0 {
        return Err(format!("{field} must not be negative"));
    }
    let floor = value.floor();
    if floor > MAX_SAFE_TIME as f64 {
        return Err(format!("{field} is larger than 2^53"));
    }
    // OK because `floor` is a whole number in 0..=2^53, which u64 holds exactly.
    Ok(floor as u64)
}
