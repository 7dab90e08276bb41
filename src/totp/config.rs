//! The MFA section of a policy document (the `security.mfa` shape of the
//! platform's `mfa-config.yaml`).
//!
//! ```yaml
//! enabled: true
//! required_for_admin: true
//! required_for_api: false
//! totp: { issuer: "CoAI.Dev Enterprise", algorithm: sha1, digits: 6, period: 30, window: 1 }
//! backup_codes: { enabled: true, count: 10, length: 8 }
//! ```
//!
//! Keys may also be written in camelCase (`requiredForAdmin`, `backupCodes`).
//! Missing keys take the values above, except `issuer`, which stays unset. An
//! unknown key is an error, so a misspelt setting never falls back silently.

use serde_json::{Map, Value};

use super::backup::BackupCodeConfig;
use super::error::TotpError;
use super::timed::TotpParams;
use super::verify::Window;
use crate::policy::{type_name, PolicyDocument};

/// The MFA settings of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaConfig {
    /// Whether the platform uses MFA at all.
    pub enabled: bool,
    /// Whether administrators must use MFA.
    pub required_for_admin: bool,
    /// Whether API access requires MFA.
    pub required_for_api: bool,
    /// The issuer shown by authenticator apps.
    pub issuer: Option<String>,
    /// Algorithm, digits and period of codes.
    pub totp: TotpParams,
    /// The verification window, in steps each way.
    pub window: Window,
    /// Backup-code settings.
    pub backup_codes: BackupCodeConfig,
}

impl Default for MfaConfig {
    fn default() -> Self {
        MfaConfig {
            enabled: true,
            required_for_admin: true,
            required_for_api: false,
            issuer: None,
            totp: TotpParams::default(),
            window: Window::default(),
            backup_codes: BackupCodeConfig::default(),
        }
    }
}

impl MfaConfig {
    /// The MFA settings of a policy document; the defaults when it has no `mfa`.
    ///
    /// # Errors
    ///
    /// As [`MfaConfig::from_value`].
    pub fn from_policy(policy: &PolicyDocument) -> Result<Self, TotpError> {
        policy.mfa.as_ref().map_or_else(|| Ok(Self::default()), Self::from_value)
    }

    /// Reads an MFA section.
    ///
    /// # Errors
    ///
    /// `InvalidConfig` naming the key at fault (`mfa.totp.digits`, …): an unknown
    /// key, a value of the wrong type or out of range.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::totp::MfaConfig;
    /// use serde_json::json;
    ///
    /// let config = MfaConfig::from_value(&json!({
    ///     "totp": {"issuer": "ACME", "digits": 8},
    ///     "backupCodes": {"count": 12}
    /// }))
    /// .unwrap();
    /// assert_eq!(config.totp.digits().get(), 8);
    /// assert_eq!(config.backup_codes.count(), 12);
    ///
    /// let err = MfaConfig::from_value(&json!({"totp": {"digit": 8}})).unwrap_err();
    /// assert_eq!(err.to_string(), "unknown key `mfa.totp.digit`");
    /// ```
    pub fn from_value(value: &Value) -> Result<Self, TotpError> {
        let mut config = MfaConfig::default();
        let mut mfa = Section::new(value, "mfa")?;

        if let Some(v) = mfa.field("enabled", "enabled")? {
            config.enabled = boolean(v, "mfa.enabled")?;
        }
        if let Some(v) = mfa.field("required_for_admin", "requiredForAdmin")? {
            config.required_for_admin = boolean(v, "mfa.required_for_admin")?;
        }
        if let Some(v) = mfa.field("required_for_api", "requiredForApi")? {
            config.required_for_api = boolean(v, "mfa.required_for_api")?;
        }
        if let Some(v) = mfa.field("totp", "totp")? {
            read_totp(v, &mut config)?;
        }
        if let Some(v) = mfa.field("backup_codes", "backupCodes")? {
            config.backup_codes = read_backup_codes(v)?;
        }
        mfa.finish()?;
        Ok(config)
    }
}

fn read_totp(value: &Value, config: &mut MfaConfig) -> Result<(), TotpError> {
    let mut totp = Section::new(value, "mfa.totp")?;
    let defaults = TotpParams::default();

    let issuer = totp.field("issuer", "issuer")?.map(|v| string(v, "mfa.totp.issuer"));
    let algorithm = match totp.field("algorithm", "algorithm")? {
        Some(v) => string(v, "mfa.totp.algorithm")?.parse().map_err(prefix("mfa.totp"))?,
        None => defaults.algorithm(),
    };
    let digits = match totp.field("digits", "digits")? {
        Some(v) => whole(v, "mfa.totp.digits")?,
        None => 6,
    };
    let period = match totp.field("period", "period")? {
        Some(v) => whole(v, "mfa.totp.period")?,
        None => defaults.period(),
    };
    if let Some(v) = totp.field("window", "window")? {
        config.window = Window::new(whole(v, "mfa.totp.window")?).map_err(prefix("mfa.totp"))?;
    }
    totp.finish()?;

    config.totp = TotpParams::new(algorithm, digits, period).map_err(prefix("mfa.totp"))?;
    config.issuer = match issuer.transpose()? {
        Some(name)
            if name.is_empty() || name.contains(':') || name.chars().any(char::is_control) =>
        {
            return Err(TotpError::config(
                "mfa.totp.issuer must be non-empty, without `:` or control characters",
            ));
        }
        other => other,
    };
    Ok(())
}

fn read_backup_codes(value: &Value) -> Result<BackupCodeConfig, TotpError> {
    let mut section = Section::new(value, "mfa.backup_codes")?;
    let defaults = BackupCodeConfig::default();

    let enabled = match section.field("enabled", "enabled")? {
        Some(v) => boolean(v, "mfa.backup_codes.enabled")?,
        None => defaults.enabled(),
    };
    let count = match section.field("count", "count")? {
        Some(v) => whole(v, "mfa.backup_codes.count")?,
        None => defaults.count() as u64,
    };
    let length = match section.field("length", "length")? {
        Some(v) => whole(v, "mfa.backup_codes.length")?,
        None => defaults.length() as u64,
    };
    section.finish()?;

    let config = BackupCodeConfig::new(count, length).map_err(prefix("mfa.backup_codes"))?;
    Ok(config.with_enabled(enabled))
}

/// An object whose keys are read one by one, so the unread ones can be reported.
struct Section<'a> {
    path: &'static str,
    map: &'a Map<String, Value>,
    read: Vec<&'a str>,
}

impl<'a> Section<'a> {
    fn new(value: &'a Value, path: &'static str) -> Result<Self, TotpError> {
        let map = value.as_object().ok_or_else(|| {
            TotpError::config(format!("{path} must be an object, found {}", type_name(value)))
        })?;
        Ok(Section { path, map, read: Vec::new() })
    }

    /// The value under `snake` or its alias `camel` (`null` counts as absent).
    fn field(&mut self, snake: &'a str, camel: &'a str) -> Result<Option<&'a Value>, TotpError> {
        self.read.extend([snake, camel]);
        match (self.map.get(snake), self.map.get(camel)) {
            (Some(_), Some(_)) if snake != camel => Err(TotpError::config(format!(
                "{0}.{snake} and {0}.{camel} are the same setting; give one",
                self.path
            ))),
            (Some(value), _) | (None, Some(value)) => Ok(Some(value).filter(|v| !v.is_null())),
            (None, None) => Ok(None),
        }
    }

    fn finish(self) -> Result<(), TotpError> {
        match self.map.keys().find(|key| !self.read.contains(&key.as_str())) {
            Some(key) => Err(TotpError::config(format!("unknown key `{}.{key}`", self.path))),
            None => Ok(()),
        }
    }
}

fn boolean(value: &Value, path: &str) -> Result<bool, TotpError> {
    value.as_bool().ok_or_else(|| wrong_type(value, path, "a boolean"))
}

fn whole(value: &Value, path: &str) -> Result<u64, TotpError> {
    if let Some(n) = value.as_u64() {
        return Ok(n);
    }
    let problem = match value.as_f64() {
        Some(n) if n < 0.0 => "must not be negative",
        Some(n) if n.fract() == 0.0 => "is too large",
        Some(_) => "must be a whole number, found a fraction",
        None => return Err(wrong_type(value, path, "a whole number")),
    };
    Err(TotpError::config(format!("{path} {problem}")))
}

fn string(value: &Value, path: &str) -> Result<String, TotpError> {
    value.as_str().map(str::to_string).ok_or_else(|| wrong_type(value, path, "a string"))
}

fn wrong_type(value: &Value, path: &str, expected: &str) -> TotpError {
    TotpError::config(format!("{path} must be {expected}, found {}", type_name(value)))
}

/// Prefixes an error message with the section it came from.
fn prefix(path: &'static str) -> impl Fn(TotpError) -> TotpError {
    move |e| TotpError::config(format!("{path}: {e}"))
}
