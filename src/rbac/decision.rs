//! What decided a check, for [`explain`](super::Rbac::explain).

use std::fmt;

use super::error::quote;
use super::index::Source;
use super::permission::PermissionError;

/// The kind of thing that decided a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    /// An allow grant covers the request, and no deny grant does.
    Grant,
    /// A deny grant covers the request (whatever allows it).
    Deny,
    /// No grant covers the request: denied by default.
    NoGrant,
    /// The user is not known: denied.
    UnknownUser,
    /// The requested permission is malformed: denied.
    InvalidRequest,
}

impl DecisionKind {
    /// A stable camelCase name: `grant`, `deny`, `noGrant`, `unknownUser` or
    /// `invalidRequest`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Grant => "grant",
            DecisionKind::Deny => "deny",
            DecisionKind::NoGrant => "noGrant",
            DecisionKind::UnknownUser => "unknownUser",
            DecisionKind::InvalidRequest => "invalidRequest",
        }
    }
}

/// A decision with what made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Whether the request is allowed.
    pub allowed: bool,
    /// What decided.
    pub kind: DecisionKind,
    /// The deciding grant (canonical spelling), for [`DecisionKind::Grant`] and
    /// [`DecisionKind::Deny`].
    pub grant: Option<String>,
    /// The role holding the deciding grant; `None` for the user's own grant.
    pub role: Option<String>,
    /// The assigned role through which [`role`](Self::role) was inherited, if any.
    pub via: Option<String>,
    /// One sentence saying all of the above.
    pub reason: String,
}

/// The outcome of a check before it is turned into words.
#[derive(Debug)]
pub(crate) enum Outcome<'a> {
    Grant(&'a Source),
    Deny(&'a Source),
    NoGrant,
    UnknownUser,
    InvalidRequest(PermissionError),
}

impl Outcome<'_> {
    pub(crate) fn allowed(&self) -> bool {
        matches!(self, Outcome::Grant(_))
    }

    pub(crate) fn explain(&self, user: &str, permission: &str) -> Explanation {
        let (kind, source) = match self {
            Outcome::Grant(source) => (DecisionKind::Grant, Some(*source)),
            Outcome::Deny(source) => (DecisionKind::Deny, Some(*source)),
            Outcome::NoGrant => (DecisionKind::NoGrant, None),
            Outcome::UnknownUser => (DecisionKind::UnknownUser, None),
            Outcome::InvalidRequest(_) => (DecisionKind::InvalidRequest, None),
        };
        Explanation {
            allowed: self.allowed(),
            kind,
            grant: source.map(|s| s.grant.to_string()),
            role: source.and_then(|s| s.role.as_deref()).map(str::to_string),
            via: source.and_then(|s| s.via.as_deref()).map(str::to_string),
            reason: Reason { outcome: self, user, permission }.to_string(),
        }
    }
}

struct Reason<'a> {
    outcome: &'a Outcome<'a>,
    user: &'a str,
    permission: &'a str,
}

fn write_source(f: &mut fmt::Formatter<'_>, source: &Source, deny: bool) -> fmt::Result {
    let grant = quote(&source.grant);
    let Some(role) = &source.role else {
        let what = if deny { "deny" } else { "grant" };
        return write!(f, "the user's own {what} {grant}");
    };
    let what = if deny { "the deny " } else { "" };
    write!(f, "{what}{grant} of role {}", quote(role))?;
    match &source.via {
        Some(via) => write!(f, ", inherited through role {}", quote(via)),
        None => Ok(()),
    }
}

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let permission = quote(self.permission);
        match self.outcome {
            Outcome::Grant(source) => {
                write!(f, "{permission} is allowed by ")?;
                write_source(f, source, false)
            }
            Outcome::Deny(source) => {
                write!(f, "{permission} is denied by ")?;
                write_source(f, source, true)
            }
            Outcome::NoGrant => write!(f, "no grant covers {permission}"),
            Outcome::UnknownUser => write!(f, "unknown user {}", quote(self.user)),
            Outcome::InvalidRequest(e) => write!(f, "malformed permission {permission}: {e}"),
        }
    }
}
