//! What decided a check, for [`explain`](super::Rbac::explain).

use std::fmt;

use super::error::quote;
use super::index::Source;
use super::permission::PermissionError;
use super::subject::Subject;

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
    /// A subject given with the check has a malformed grant or deny: denied.
    InvalidSubject,
}

impl DecisionKind {
    /// A stable camelCase name: `grant`, `deny`, `noGrant`, `unknownUser`,
    /// `invalidRequest` or `invalidSubject`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Grant => "grant",
            DecisionKind::Deny => "deny",
            DecisionKind::NoGrant => "noGrant",
            DecisionKind::UnknownUser => "unknownUser",
            DecisionKind::InvalidRequest => "invalidRequest",
            DecisionKind::InvalidSubject => "invalidSubject",
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
    /// The role holding the deciding grant; `None` for the subject's own grant.
    pub role: Option<String>,
    /// The assigned role through which [`role`](Self::role) was inherited, if any.
    pub via: Option<String>,
    /// One sentence saying all of the above.
    pub reason: String,
}

/// The outcome of a check before it is turned into words.
#[derive(Debug, Clone)]
pub(crate) enum Outcome<'a> {
    Grant(&'a Source),
    Deny(&'a Source),
    NoGrant,
    UnknownUser,
    InvalidRequest(PermissionError),
    /// What is wrong with the subject.
    InvalidSubject(String),
}

impl Outcome<'_> {
    pub(crate) fn allowed(&self) -> bool {
        matches!(self, Outcome::Grant(_))
    }

    /// Puts the outcome into words. `unknown_roles` are roles the subject named that
    /// the policy does not define.
    pub(crate) fn explain(
        &self,
        subject: Subject<'_>,
        unknown_roles: &[&str],
        permission: &str,
    ) -> Explanation {
        let (kind, source) = match self {
            Outcome::Grant(source) => (DecisionKind::Grant, Some(*source)),
            Outcome::Deny(source) => (DecisionKind::Deny, Some(*source)),
            Outcome::NoGrant => (DecisionKind::NoGrant, None),
            Outcome::UnknownUser => (DecisionKind::UnknownUser, None),
            Outcome::InvalidRequest(_) => (DecisionKind::InvalidRequest, None),
            Outcome::InvalidSubject(_) => (DecisionKind::InvalidSubject, None),
        };
        Explanation {
            allowed: self.allowed(),
            kind,
            grant: source.map(|s| s.grant.to_string()),
            role: source.and_then(|s| s.role.as_deref()).map(str::to_string),
            via: source.and_then(|s| s.via.as_deref()).map(str::to_string),
            reason: Reason { outcome: self, subject, unknown_roles, permission }.to_string(),
        }
    }
}

struct Reason<'a> {
    outcome: &'a Outcome<'a>,
    subject: Subject<'a>,
    unknown_roles: &'a [&'a str],
    permission: &'a str,
}

fn write_source(
    f: &mut fmt::Formatter<'_>,
    source: &Source,
    deny: bool,
    subject: Subject<'_>,
) -> fmt::Result {
    let grant = quote(&source.grant);
    let Some(role) = &source.role else {
        let what = if deny { "deny" } else { "grant" };
        let whose = match subject {
            Subject::User(_) => "user",
            Subject::Holder(_) => "subject",
        };
        return write!(f, "the {whose}'s own {what} {grant}");
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
                write_source(f, source, false, self.subject)
            }
            Outcome::Deny(source) => {
                write!(f, "{permission} is denied by ")?;
                write_source(f, source, true, self.subject)
            }
            Outcome::NoGrant => {
                write!(f, "no grant covers {permission}")?;
                match self.unknown_roles {
                    [] => Ok(()),
                    [role] => write!(f, "; role {} is not defined", quote(role)),
                    [role, rest @ ..] => {
                        write!(f, "; roles {} and {} more are not defined", quote(role), rest.len())
                    }
                }
            }
            Outcome::UnknownUser => {
                let user = match self.subject {
                    Subject::User(user) => user,
                    Subject::Holder(_) => "",
                };
                write!(f, "unknown user {}", quote(user))
            }
            Outcome::InvalidRequest(e) => write!(f, "malformed permission {permission}: {e}"),
            Outcome::InvalidSubject(e) => write!(f, "{permission} is denied: {e}"),
        }
    }
}
