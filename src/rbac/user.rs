//! Users: assigned roles and their own (direct) allow and deny grants.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::index::GrantIndex;

/// A user as [`define_user`](super::Rbac::define_user) takes it.
///
/// # Example
///
/// ```
/// use promptward::rbac::UserSpec;
///
/// let alice = UserSpec::new(["viewer"]).permissions(["reports:*"]).deny(["reports:delete"]);
/// assert_eq!(alice.roles, ["viewer"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserSpec {
    /// The roles assigned to the user.
    pub roles: Vec<String>,
    /// Grants the user holds directly.
    pub permissions: Vec<String>,
    /// Grants denied to the user directly, overriding any allow.
    pub deny: Vec<String>,
}

fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}

impl UserSpec {
    /// A user holding `roles`.
    pub fn new<S: Into<String>>(roles: impl IntoIterator<Item = S>) -> Self {
        UserSpec { roles: strings(roles), ..UserSpec::default() }
    }

    /// Sets the user's own grants.
    pub fn permissions<S: Into<String>>(mut self, grants: impl IntoIterator<Item = S>) -> Self {
        self.permissions = strings(grants);
        self
    }

    /// Sets the grants denied to the user.
    pub fn deny<S: Into<String>>(mut self, grants: impl IntoIterator<Item = S>) -> Self {
        self.deny = strings(grants);
        self
    }
}

/// A user, with the compiled index of its roles and of its own grants.
#[derive(Debug, Clone, Default)]
pub(crate) struct User {
    pub(crate) roles: BTreeSet<Arc<str>>,
    /// The user's own grants; also the only record of them.
    pub(crate) direct: GrantIndex,
    /// The roles `closure` was compiled from (sorted), its key in the shared cache.
    pub(crate) closure_key: Vec<Arc<str>>,
    /// Every grant reachable from `roles`, shared by users with the same roles.
    pub(crate) closure: Arc<GrantIndex>,
}
