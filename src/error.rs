//! What every error of the crate has in common: a stable name for JavaScript.

use std::fmt::Display;

/// An error with a stable, machine-readable name.
///
/// The name becomes the `name` and `code` of the JavaScript `Error` the bindings
/// throw (for example `InvalidRule` or `InvalidSecret`), and the [`Display`] text
/// becomes its message. Messages name the offending rule, field or position, and
/// never contain secrets or matched text.
pub trait NamedError: Display {
    /// The stable name of this kind of error, such as `"InvalidRule"`.
    fn name(&self) -> &'static str;
}
