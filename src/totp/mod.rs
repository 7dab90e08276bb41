//! One-time passwords for multi-factor authentication: HOTP (RFC 4226), TOTP
//! (RFC 6238), enrolment URIs and QR codes, and backup codes.
//!
//! Everything here is plain Rust: the time is passed in as Unix seconds, and
//! randomness comes from a filler the caller hands in ([`os_random`] asks the
//! platform). Secrets belong on the server, so verification belongs in Node or
//! an edge worker, never in the browser that shows the code.
//!
//! # Example
//!
//! ```
//! use promptward::totp::{
//!     generate_secret, os_random, verify_totp, OtpUri, TotpParams, VerifyOptions,
//! };
//!
//! // Enrolment: a new secret and the URI the user scans.
//! let secret = generate_secret(&mut os_random).unwrap();
//! let params = TotpParams::default();
//! let uri = OtpUri::totp(secret.clone(), "jo@example.org", Some("ACME"), &params);
//! assert!(uri.to_uri().unwrap().starts_with("otpauth://totp/ACME:jo%40example.org?"));
//!
//! // Login: the code from the app, checked once.
//! let now = 1_700_000_000;
//! let code = params.code_at(&secret, now).unwrap();
//! let step = verify_totp(&secret, &code, now, &params, &VerifyOptions::default());
//! assert_eq!(step, params.step_at(now));
//! let replay = VerifyOptions { after_step: step, ..Default::default() };
//! assert_eq!(verify_totp(&secret, &code, now, &params, &replay), None);
//! ```
//!
//! # Untrusted input
//!
//! Tokens are compared in constant time and only when they are exactly `digits`
//! ASCII digits. Secrets, URIs, MFA sections and backup stores are checked
//! field by field; a bad one is a [`TotpError`] whose message names the field
//! and never repeats the secret. Times, counters and windows use checked
//! arithmetic, so no input value can overflow or panic.

mod backup;
mod backup_store;
mod base32;
mod config;
mod error;
mod hotp;
mod percent;
mod qr;
mod random;
mod requests;
mod timed;
mod uri;
mod verify;

pub use backup::{
    BackupCodeConfig, BackupCodes, COUNT_RANGE, DEFAULT_ITERATIONS, ITERATIONS_RANGE, LENGTH_RANGE,
};
pub use base32::{normalize_secret, Secret};
pub use config::MfaConfig;
pub use error::{TotpError, TotpErrorKind};
pub use hotp::{hotp, Algorithm, Digits};
pub use qr::{qr_png, qr_svg, qr_terminal, TerminalBackground};
pub use random::{generate_secret, os_random, FillRandom, SECRET_BYTES};
pub use requests::{
    counter_of, BackupRequest, CodeRequest, HotpRequest, MfaConfigView, UriRequest, VerifyRequest,
};
pub use timed::{unix_seconds, TotpParams, MAX_SAFE_TIME};
pub use uri::{OtpKind, OtpUri, MAX_URI_BYTES};
pub use verify::{verify_hotp, verify_totp, VerifyOptions, Window, MAX_MATCHED};
