//! promptward: the policy engines of an enterprise chat platform, in one crate that
//! runs natively and as WebAssembly in browsers, Node and edge workers.
//!
//! - [`dlp`]: scans a prompt for sensitive data before it leaves the browser, and
//!   again on the server, with an overall verdict, redaction and statistics.
//! - [`totp`]: RFC 4226/6238 one-time passwords, enrolment and backup codes.
//! - [`rbac`]: role-based access control over `resource:action[:scope]` grants.
//! - [`policy`]: the one policy document that configures all three.
//!
//! The core is plain Rust: it never reads a clock, never logs and never draws
//! randomness on its own. Time and randomness come from the caller. The JavaScript
//! API lives in one thin bindings module, compiled with the `wasm` feature.
//!
//! # Untrusted input
//!
//! Policies and prompts may both come from untrusted hands. Custom DLP patterns run
//! on a linear-time engine with size and nesting limits, so no pattern and no text
//! can make a scan super-linear. Bad input is reported as a typed error that names
//! the rule, field or position at fault, and never contains the sensitive text.

#![forbid(unsafe_code)]

pub mod error;
pub mod hash;
pub mod policy;

#[cfg(feature = "dlp")]
pub mod dlp;
#[cfg(feature = "rbac")]
pub mod rbac;
#[cfg(feature = "totp")]
pub mod totp;

#[cfg(feature = "wasm")]
mod bindings;
