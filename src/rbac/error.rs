//! The errors of the rbac engine.
//!
//! Definition-time problems ([`RbacError`]) name the role, user, grant or policy path
//! at fault. A refused [`require`](super::Rbac::require) is an [`AccessDenied`]. Each
//! type has a stable name for JavaScript through [`NamedError`]. Messages quote user
//! input in backticks, escaped and cut to a readable length.

use std::fmt;

use crate::error::NamedError;

/// How many characters of a user-supplied string an error message quotes.
const QUOTE_LIMIT: usize = 80;

/// Writes `text` for an error message: control and other invisible characters escaped,
/// and cut after [`QUOTE_LIMIT`] characters.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    for c in chars.by_ref().take(QUOTE_LIMIT) {
        out.extend(c.escape_debug());
    }
    if chars.next().is_some() {
        out.push('…');
    }
    format!("`{out}`")
}

/// Anything that makes a role, user or policy definition invalid.
///
/// A definition that fails leaves the engine exactly as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RbacError {
    /// A grant is not a well-formed `resource:action[:scope]` permission.
    InvalidPermission(InvalidPermission),
    /// A role is referenced (assigned, inherited, revoked, deleted) but not defined.
    UnknownRole(UnknownRole),
    /// A user is changed (revoke, remove) but does not exist.
    UnknownUser(UnknownUser),
    /// Roles inherit from each other in a cycle.
    CyclicInheritance(CyclicInheritance),
    /// A role or user name is empty, too long or has characters names cannot have.
    InvalidName(InvalidName),
    /// The rbac section of a policy, or a role definition, has the wrong shape.
    InvalidPolicy(InvalidPolicy),
}

impl fmt::Display for RbacError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RbacError::InvalidPermission(e) => e.fmt(f),
            RbacError::UnknownRole(e) => e.fmt(f),
            RbacError::UnknownUser(e) => e.fmt(f),
            RbacError::CyclicInheritance(e) => e.fmt(f),
            RbacError::InvalidName(e) => e.fmt(f),
            RbacError::InvalidPolicy(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RbacError {}

impl NamedError for RbacError {
    fn name(&self) -> &'static str {
        match self {
            RbacError::InvalidPermission(e) => e.name(),
            RbacError::UnknownRole(e) => e.name(),
            RbacError::UnknownUser(e) => e.name(),
            RbacError::CyclicInheritance(e) => e.name(),
            RbacError::InvalidName(e) => e.name(),
            RbacError::InvalidPolicy(e) => e.name(),
        }
    }
}

/// A malformed grant, with what is wrong and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPermission {
    permission: String,
    reason: String,
    place: String,
}

impl InvalidPermission {
    pub(crate) fn new(permission: &str, reason: impl fmt::Display, place: String) -> Self {
        InvalidPermission { permission: permission.to_string(), reason: reason.to_string(), place }
    }

    /// The permission string as it was given.
    pub fn permission(&self) -> &str {
        &self.permission
    }
}

impl fmt::Display for InvalidPermission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let permission = quote(&self.permission);
        write!(f, "invalid permission {permission} {}: {}", self.place, self.reason)
    }
}

impl NamedError for InvalidPermission {
    fn name(&self) -> &'static str {
        "InvalidPermission"
    }
}

/// A reference to a role that is not defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRole {
    role: String,
    place: Option<String>,
}

impl UnknownRole {
    pub(crate) fn new(role: &str, place: Option<String>) -> Self {
        UnknownRole { role: role.to_string(), place }
    }

    /// The name of the missing role.
    pub fn role(&self) -> &str {
        &self.role
    }
}

impl fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown role {}", quote(&self.role))?;
        match &self.place {
            Some(place) => write!(f, " ({place})"),
            None => Ok(()),
        }
    }
}

impl NamedError for UnknownRole {
    fn name(&self) -> &'static str {
        "UnknownRole"
    }
}

/// A change to a user that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownUser {
    user: String,
}

impl UnknownUser {
    pub(crate) fn new(user: &str) -> Self {
        UnknownUser { user: user.to_string() }
    }

    /// The name of the missing user.
    pub fn user(&self) -> &str {
        &self.user
    }
}

impl fmt::Display for UnknownUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown user {}", quote(&self.user))
    }
}

impl NamedError for UnknownUser {
    fn name(&self) -> &'static str {
        "UnknownUser"
    }
}

/// Roles that inherit from each other in a cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CyclicInheritance {
    cycle: Vec<String>,
}

impl CyclicInheritance {
    pub(crate) fn new(cycle: Vec<String>) -> Self {
        CyclicInheritance { cycle }
    }

    /// The roles of the cycle in inheritance order; the first is repeated at the end.
    pub fn cycle(&self) -> &[String] {
        &self.cycle
    }
}

/// How many roles of a long cycle a message shows at each end.
const CYCLE_ENDS: usize = 5;

impl fmt::Display for CyclicInheritance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("roles inherit from each other in a cycle: ")?;
        let len = self.cycle.len();
        let hidden = len.saturating_sub(2 * CYCLE_ENDS);
        for (i, role) in self.cycle.iter().enumerate() {
            if hidden > 1 && (CYCLE_ENDS..len - CYCLE_ENDS).contains(&i) {
                if i == CYCLE_ENDS {
                    write!(f, " -> … {hidden} more …")?;
                }
                continue;
            }
            if i > 0 {
                f.write_str(" -> ")?;
            }
            f.write_str(&quote(role))?;
        }
        Ok(())
    }
}

impl NamedError for CyclicInheritance {
    fn name(&self) -> &'static str {
        "CyclicInheritance"
    }
}

/// A role or user name that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidName {
    kind: &'static str,
    name: String,
    reason: String,
}

impl InvalidName {
    pub(crate) fn new(kind: &'static str, name: &str, reason: impl fmt::Display) -> Self {
        InvalidName { kind, name: name.to_string(), reason: reason.to_string() }
    }
}

impl fmt::Display for InvalidName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} name {}: {}", self.kind, quote(&self.name), self.reason)
    }
}

impl NamedError for InvalidName {
    fn name(&self) -> &'static str {
        "InvalidName"
    }
}

/// A policy section or role definition of the wrong shape, naming the path at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPolicy {
    message: String,
}

impl InvalidPolicy {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        InvalidPolicy { message: message.into() }
    }
}

impl fmt::Display for InvalidPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl NamedError for InvalidPolicy {
    fn name(&self) -> &'static str {
        "InvalidPolicy"
    }
}

/// A [`require`](super::Rbac::require) that found the permission missing or denied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessDenied {
    permission: String,
}

impl AccessDenied {
    pub(crate) fn new(permission: &str) -> Self {
        AccessDenied { permission: permission.to_string() }
    }

    /// The permission that was required, as it was given.
    pub fn permission(&self) -> &str {
        &self.permission
    }
}

impl fmt::Display for AccessDenied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "access denied: {} is required", quote(&self.permission))
    }
}

impl std::error::Error for AccessDenied {}

impl NamedError for AccessDenied {
    fn name(&self) -> &'static str {
        "AccessDenied"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_and_cut() {
        assert_eq!(quote("a\u{0}b"), "`a\\0b`");
        let long = "x".repeat(10_000);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_LIMIT + 3);
        assert!(quoted.ends_with("…`"));
    }
}
