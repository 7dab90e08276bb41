//! Requests and answers shaped as JavaScript passes them: option objects with
//! camelCase keys, numbers as `f64`, every option optional.
//!
//! The bindings deserialise option objects into these types and call
//! `resolve`, so the checks (and their messages) are the same natively and in
//! JavaScript, and are tested without a JavaScript engine. Unknown keys are
//! refused, so a misspelt option (`windw`) never falls back to a default.

use serde::{Deserialize, Serialize};

use super::backup::BackupCodeConfig;
use super::config::MfaConfig;
use super::error::TotpError;
use super::hotp::{Algorithm, Digits};
use super::timed::{unix_seconds, whole_number, TotpParams};
use super::uri::{OtpKind, OtpUri};
use super::verify::{VerifyOptions, Window};
use super::Secret;

/// Options of a TOTP code: `{ time, algorithm, digits, period, t0 }`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CodeRequest {
    /// Unix seconds; the caller's clock when absent.
    pub time: Option<f64>,
    /// `SHA1`, `SHA256` or `SHA512`.
    pub algorithm: Option<String>,
    /// 6, 7 or 8.
    pub digits: Option<f64>,
    /// Seconds per step, at least 1.
    pub period: Option<f64>,
    /// The Unix time steps count from.
    pub t0: Option<f64>,
}

impl CodeRequest {
    /// The parameters and the time, with `defaults` for what is absent and `now`
    /// for an absent time.
    ///
    /// # Errors
    ///
    /// `InvalidConfig` naming the option out of range.
    pub fn resolve(&self, defaults: &MfaConfig, now: f64) -> Result<(TotpParams, u64), TotpError> {
        let params = params(defaults, &self.algorithm, self.digits, self.period, self.t0)?;
        Ok((params, unix_seconds(self.time.unwrap_or(now))?))
    }
}

/// Options of a TOTP verification: those of [`CodeRequest`] plus
/// `{ window, afterStep }`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyRequest {
    /// Unix seconds; the caller's clock when absent.
    pub time: Option<f64>,
    /// `SHA1`, `SHA256` or `SHA512`.
    pub algorithm: Option<String>,
    /// 6, 7 or 8.
    pub digits: Option<f64>,
    /// Seconds per step, at least 1.
    pub period: Option<f64>,
    /// The Unix time steps count from.
    pub t0: Option<f64>,
    /// Steps accepted each way, 0 to 10.
    pub window: Option<f64>,
    /// The step last accepted for this secret; it and earlier steps are refused.
    pub after_step: Option<f64>,
}

impl VerifyRequest {
    /// The parameters, the time and the verification options.
    ///
    /// # Errors
    ///
    /// `InvalidConfig` naming the option out of range.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::totp::{MfaConfig, VerifyRequest};
    ///
    /// let request: VerifyRequest = serde_json::from_str(r#"{"window": 1000000}"#).unwrap();
    /// let err = request.resolve(&MfaConfig::default(), 0.0).unwrap_err();
    /// assert_eq!(err.to_string(), "window must be 0 to 10 steps, not 1000000");
    /// ```
    pub fn resolve(
        &self,
        defaults: &MfaConfig,
        now: f64,
    ) -> Result<(TotpParams, u64, VerifyOptions), TotpError> {
        let params = params(defaults, &self.algorithm, self.digits, self.period, self.t0)?;
        let time = unix_seconds(self.time.unwrap_or(now))?;
        let window = match self.window {
            Some(window) => window_of(window)?,
            None => defaults.window,
        };
        let after_step = self.after_step.map(|step| integer(step, "afterStep")).transpose()?;
        Ok((params, time, VerifyOptions { window, after_step }))
    }
}

/// Options of an HOTP code or verification: `{ algorithm, digits, window }`,
/// where `window` is the number of counters looked ahead (0 to 10).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HotpRequest {
    /// `SHA1`, `SHA256` or `SHA512`.
    pub algorithm: Option<String>,
    /// 6, 7 or 8.
    pub digits: Option<f64>,
    /// Counters looked ahead when verifying, 0 to 10 (default 0).
    pub window: Option<f64>,
}

impl HotpRequest {
    /// Algorithm, digits and look-ahead.
    ///
    /// # Errors
    ///
    /// `InvalidConfig` naming the option out of range.
    pub fn resolve(&self, defaults: &MfaConfig) -> Result<(Algorithm, Digits, Window), TotpError> {
        let params = params(defaults, &self.algorithm, self.digits, None, None)?;
        let look_ahead = self.window.map(window_of).transpose()?.unwrap_or(Window::new(0)?);
        Ok((params.algorithm(), params.digits(), look_ahead))
    }
}

/// A counter given as a JavaScript number.
///
/// # Errors
///
/// `InvalidConfig` unless it is a whole number in `0..=2^53`.
pub fn counter_of(counter: f64) -> Result<u64, TotpError> {
    integer(counter, "counter")
}

/// Options of a set of backup codes: `{ count, length }`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BackupRequest {
    /// Codes per set, 1 to 100 (default 10).
    pub count: Option<f64>,
    /// Characters per code without separators, 6 to 32 (default 8).
    pub length: Option<f64>,
}

impl BackupRequest {
    /// The backup-code settings, with `defaults` for what is absent.
    ///
    /// # Errors
    ///
    /// `InvalidConfig` naming the option out of range.
    pub fn resolve(&self, defaults: &BackupCodeConfig) -> Result<BackupCodeConfig, TotpError> {
        let size = |value: Option<f64>, field: &str, default: usize| match value {
            Some(value) => integer(value, field),
            None => Ok(default as u64),
        };
        let count = size(self.count, "count", defaults.count())?;
        let length = size(self.length, "length", defaults.length())?;
        BackupCodeConfig::new(count, length)
    }
}

/// What `otpauth://` URIs hold, as JavaScript sees it: the argument of
/// `Totp#uri` and the answer of `parseOtpauthUri`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UriRequest {
    /// `totp` (default) or `hotp`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The base32 secret.
    pub secret: String,
    /// The account name.
    pub account: String,
    /// The issuer; the policy's issuer when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// `SHA1`, `SHA256` or `SHA512`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// 6, 7 or 8.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digits: Option<f64>,
    /// Seconds per step (TOTP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<f64>,
    /// The initial counter (HOTP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counter: Option<f64>,
}

impl UriRequest {
    /// The URI's contents, with `defaults` for what is absent.
    ///
    /// # Errors
    ///
    /// `InvalidSecret` for the secret, `InvalidConfig` for options out of range,
    /// `InvalidUri` for an unknown `type`.
    pub fn resolve(&self, defaults: &MfaConfig) -> Result<OtpUri, TotpError> {
        let kind = match self.kind.as_deref() {
            None | Some("totp") => OtpKind::Totp,
            Some("hotp") => OtpKind::Hotp,
            Some(_) => return Err(TotpError::uri("type must be `totp` or `hotp`")),
        };
        let params = params(defaults, &self.algorithm, self.digits, self.period, None)?;
        let issuer = self.issuer.clone().or_else(|| defaults.issuer.clone());
        let mut uri = OtpUri::totp(
            Secret::from_base32(&self.secret)?,
            &self.account,
            issuer.as_deref(),
            &params,
        );
        uri.kind = kind;
        uri.counter = self.counter.map(counter_of).transpose()?.unwrap_or(0);
        Ok(uri)
    }

    /// The JavaScript view of a parsed URI: canonical secret, every field set.
    pub fn from_uri(uri: &OtpUri) -> Self {
        let hotp = uri.kind == OtpKind::Hotp;
        UriRequest {
            kind: Some(if hotp { "hotp" } else { "totp" }.to_string()),
            secret: uri.secret.to_base32(),
            account: uri.account.clone(),
            issuer: uri.issuer.clone(),
            algorithm: Some(uri.algorithm.name().to_string()),
            digits: Some(uri.digits.get() as f64),
            period: (!hotp).then_some(uri.period as f64),
            counter: hotp.then_some(uri.counter as f64),
        }
    }
}

fn params(
    defaults: &MfaConfig,
    algorithm: &Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
    t0: Option<f64>,
) -> Result<TotpParams, TotpError> {
    let base = defaults.totp;
    let algorithm = match algorithm {
        Some(name) => name.parse()?,
        None => base.algorithm(),
    };
    let digits = match digits {
        Some(digits) => integer(digits, "digits")?,
        None => base.digits().get() as u64,
    };
    let period = period.map(|p| integer(p, "period")).transpose()?.unwrap_or(base.period());
    let t0 = t0.map(|t| integer(t, "t0")).transpose()?.unwrap_or(base.t0());
    Ok(TotpParams::new(algorithm, digits, period)?.with_t0(t0))
}

fn window_of(window: f64) -> Result<Window, TotpError> {
    Window::new(integer(window, "window")?)
}

/// A whole number in `0..=2^53`, or `InvalidConfig` naming `field`.
fn integer(value: f64, field: &str) -> Result<u64, TotpError> {
    if value.is_finite() && value.fract() != 0.0 {
        return Err(TotpError::config(format!("{field} must be a whole number")));
    }
    whole_number(value, field).map_err(TotpError::config)
}

/// The JavaScript view of an [`MfaConfig`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaConfigView {
    enabled: bool,
    required_for_admin: bool,
    required_for_api: bool,
    issuer: Option<String>,
    algorithm: &'static str,
    digits: usize,
    period: u64,
    window: u32,
    backup_codes: BackupCodesView,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct BackupCodesView {
    enabled: bool,
    count: usize,
    length: usize,
}

impl From<&MfaConfig> for MfaConfigView {
    fn from(config: &MfaConfig) -> Self {
        MfaConfigView {
            enabled: config.enabled,
            required_for_admin: config.required_for_admin,
            required_for_api: config.required_for_api,
            issuer: config.issuer.clone(),
            algorithm: config.totp.algorithm().name(),
            digits: config.totp.digits().get(),
            period: config.totp.period(),
            window: config.window.get(),
            backup_codes: BackupCodesView {
                enabled: config.backup_codes.enabled(),
                count: config.backup_codes.count(),
                length: config.backup_codes.length(),
            },
        }
    }
}
