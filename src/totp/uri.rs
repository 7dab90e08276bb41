//! `otpauth://` URIs (the Key URI format authenticator apps scan): build and parse.
//!
//! Built URIs look like `otpauth://totp/Issuer:account?secret=…&issuer=Issuer`,
//! with label and issuer percent-encoded as UTF-8 (everything outside the RFC 3986
//! unreserved set), the secret in canonical base32 without padding, and
//! `algorithm`, `digits` and `period` only when they differ from the defaults.
//!
//! Parsing also takes the variants apps produce: any case in the scheme, type,
//! parameter names and secret, `+` for a space in parameters, a literal or encoded
//! `:` in the label with spaces after it, padded secrets, extra parameters such as
//! `image`. It refuses duplicated parameters, an issuer parameter that contradicts
//! the label, control characters, and URIs longer than [`MAX_URI_BYTES`].

use super::base32::Secret;
use super::error::TotpError;
use super::hotp::{Algorithm, Digits};
use super::percent;
use super::timed::TotpParams;

/// The longest URI [`OtpUri::parse`] reads; a QR code holds at most 2953 bytes.
pub const MAX_URI_BYTES: usize = 4096;

/// Whether a URI describes a time-based or a counter-based code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpKind {
    /// `otpauth://totp/…`
    Totp,
    /// `otpauth://hotp/…`
    Hotp,
}

/// The contents of an `otpauth://` URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpUri {
    /// TOTP or HOTP.
    pub kind: OtpKind,
    /// The shared secret.
    pub secret: Secret,
    /// The account name, such as an email address. Never contains `:`.
    pub account: String,
    /// The service the account belongs to. Never contains `:`.
    pub issuer: Option<String>,
    /// The HMAC algorithm.
    pub algorithm: Algorithm,
    /// The number of digits.
    pub digits: Digits,
    /// The period in seconds (TOTP only).
    pub period: u64,
    /// The initial counter (HOTP only).
    pub counter: u64,
}

impl OtpUri {
    /// Describes a TOTP account.
    pub fn totp(secret: Secret, account: &str, issuer: Option<&str>, params: &TotpParams) -> Self {
        OtpUri {
            kind: OtpKind::Totp,
            secret,
            account: account.to_string(),
            issuer: issuer.map(str::to_string),
            algorithm: params.algorithm(),
            digits: params.digits(),
            period: params.period(),
            counter: 0,
        }
    }

    /// Builds the URI.
    ///
    /// # Errors
    ///
    /// `InvalidUri` when the account is empty, the issuer is empty, either holds
    /// `:` or a control character, or (TOTP) the period is 0.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::totp::{OtpUri, Secret, TotpParams};
    ///
    /// let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    /// let uri = OtpUri::totp(secret, "a+b@x.org", Some("ACME Co"), &TotpParams::default());
    /// assert_eq!(
    ///     uri.to_uri().unwrap(),
    ///     "otpauth://totp/ACME%20Co:a%2Bb%40x.org?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"
    /// );
    /// ```
    pub fn to_uri(&self) -> Result<String, TotpError> {
        check_name(&self.account, "account")?;
        let mut uri = String::from(match self.kind {
            OtpKind::Totp => "otpauth://totp/",
            OtpKind::Hotp => "otpauth://hotp/",
        });

        if let Some(issuer) = &self.issuer {
            check_name(issuer, "issuer")?;
            uri.push_str(&percent::encode(issuer));
            uri.push(':');
        }
        uri.push_str(&percent::encode(&self.account));
        uri.push_str("?secret=");
        uri.push_str(&self.secret.to_base32());
        if let Some(issuer) = &self.issuer {
            uri.push_str("&issuer=");
            uri.push_str(&percent::encode(issuer));
        }

        if self.algorithm != Algorithm::Sha1 {
            uri.push_str("&algorithm=");
            uri.push_str(self.algorithm.name());
        }
        if self.digits != Digits::SIX {
            uri.push_str(&format!("&digits={}", self.digits.get()));
        }
        match self.kind {
            OtpKind::Totp if self.period == 0 => {
                return Err(TotpError::uri("period must be at least 1 second"));
            }
            OtpKind::Totp if self.period != 30 => uri.push_str(&format!("&period={}", self.period)),
            OtpKind::Totp => {}
            OtpKind::Hotp => uri.push_str(&format!("&counter={}", self.counter)),
        }
        Ok(uri)
    }

    /// Reads an `otpauth://` URI.
    ///
    /// # Errors
    ///
    /// `InvalidUri` naming the part at fault. Messages never repeat the secret.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::totp::OtpUri;
    ///
    /// let text = "otpauth://totp/ACME%20Co:%20jo%40x.org?secret=jbswy3dpehpk3pxp\
    ///             &issuer=ACME+Co&digits=8";
    /// let uri = OtpUri::parse(text).unwrap();
    /// assert_eq!(uri.account, "jo@x.org");
    /// assert_eq!(uri.issuer.as_deref(), Some("ACME Co"));
    /// assert_eq!(uri.digits.get(), 8);
    /// ```
    pub fn parse(uri: &str) -> Result<Self, TotpError> {
        if uri.len() > MAX_URI_BYTES {
            return Err(TotpError::uri(format!("URI is longer than {MAX_URI_BYTES} bytes")));
        }
        let rest = strip_prefix_ignore_case(uri, "otpauth://")
            .ok_or_else(|| TotpError::uri("URI must start with `otpauth://`"))?;
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let (kind, rest) = rest
            .split_once('/')
            .ok_or_else(|| TotpError::uri("URI has no label after the type"))?;
        let kind = match kind.to_ascii_lowercase().as_str() {
            "totp" => OtpKind::Totp,
            "hotp" => OtpKind::Hotp,
            _ => return Err(TotpError::uri("URI type must be `totp` or `hotp`")),
        };
        let (label, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (label_issuer, account) = parse_label(label)?;
        let params = Params::parse(query)?;
        let issuer = merge_issuer(label_issuer, params.issuer)?;

        let secret = params.secret.ok_or_else(|| TotpError::uri("URI has no `secret`"))?;
        let secret = Secret::from_base32(&secret)
            .map_err(|e| TotpError::uri(format!("parameter `secret`: {e}")))?;
        let algorithm = match params.algorithm {
            Some(name) => {
                name.parse().map_err(|e| TotpError::uri(format!("parameter `algorithm`: {e}")))?
            }
            None => Algorithm::Sha1,
        };
        let digits = match params.digits {
            Some(text) => Digits::new(number(&text, "digits")?)
                .map_err(|e| TotpError::uri(format!("parameter `digits`: {e}")))?,
            None => Digits::SIX,
        };
        let period = match params.period {
            Some(text) if kind == OtpKind::Totp => number(&text, "period")?,
            _ => 30,
        };
        if period == 0 {
            return Err(TotpError::uri("parameter `period` must be at least 1"));
        }
        let counter = match (kind, params.counter) {
            (OtpKind::Hotp, Some(text)) => number(&text, "counter")?,
            (OtpKind::Hotp, None) => return Err(TotpError::uri("HOTP URI has no `counter`")),
            (OtpKind::Totp, _) => 0,
        };

        Ok(OtpUri { kind, secret, account, issuer, algorithm, digits, period, counter })
    }
}

/// The parameters the parser reads; others (`image`, `color`, …) are ignored.
#[derive(Default)]
struct Params {
    secret: Option<String>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
    counter: Option<String>,
}

impl Params {
    fn parse(query: &str) -> Result<Self, TotpError> {
        let mut params = Params::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = percent::decode(key, true)
                .ok_or_else(|| TotpError::uri("URI has a malformed parameter name"))?
                .to_ascii_lowercase();
            let slot = match key.as_str() {
                "secret" => &mut params.secret,
                "issuer" => &mut params.issuer,
                "algorithm" => &mut params.algorithm,
                "digits" => &mut params.digits,
                "period" => &mut params.period,
                "counter" => &mut params.counter,
                _ => continue,
            };
            if slot.is_some() {
                return Err(TotpError::uri(format!("parameter `{key}` appears twice")));
            }
            let value = percent::decode(value, true).ok_or_else(|| {
                TotpError::uri(format!("parameter `{key}` has a malformed %-escape or bad UTF-8"))
            })?;
            *slot = Some(value);
        }
        Ok(params)
    }
}

/// Splits the label into an optional issuer prefix and the account.
fn parse_label(label: &str) -> Result<(Option<String>, String), TotpError> {
    let label = percent::decode(label, false)
        .ok_or_else(|| TotpError::uri("label has a malformed %-escape or bad UTF-8"))?;
    let (issuer, account) = match label.split_once(':') {
        Some((issuer, account)) => {
            check_name(issuer, "issuer in the label")?;
            (Some(issuer.to_string()), account.trim_start_matches(' '))
        }
        None => (None, label.as_str()),
    };
    check_name(account, "account")?;
    Ok((issuer, account.to_string()))
}

/// Reconciles the label's issuer prefix with the `issuer` parameter.
fn merge_issuer(
    from_label: Option<String>,
    from_param: Option<String>,
) -> Result<Option<String>, TotpError> {
    let from_param = from_param.filter(|issuer| !issuer.is_empty());
    if let Some(issuer) = &from_param {
        check_name(issuer, "issuer")?;
    }
    match (from_label, from_param) {
        (Some(label), Some(param)) if label != param => {
            Err(TotpError::uri("parameter `issuer` differs from the issuer in the label"))
        }
        (label, param) => Ok(param.or(label)),
    }
}

/// An account or issuer: not empty, no `:`, no control characters.
fn check_name(text: &str, field: &str) -> Result<(), TotpError> {
    if text.is_empty() {
        return Err(TotpError::uri(format!("{field} is empty")));
    }
    if text.contains(':') {
        return Err(TotpError::uri(format!("{field} must not contain `:`")));
    }
    if text.chars().any(char::is_control) {
        return Err(TotpError::uri(format!("{field} contains a control character")));
    }
    Ok(())
}

/// A decimal parameter: ASCII digits only, no sign, no spaces.
fn number(text: &str, field: &str) -> Result<u64, TotpError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TotpError::uri(format!("parameter `{field}` must be a whole number")));
    }
    text.parse().map_err(|_| TotpError::uri(format!("parameter `{field}` is too large")))
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| text.get(prefix.len()..)).flatten()
}
