//! Role-based access control over `resource:action[:scope]` permissions.
//!
//! # Permissions
//!
//! A permission has two or three segments, each `[A-Za-z0-9_.-]+` or a whole `*`:
//! `users:view`, `files:read:user42`, `reports:*`, `*:view:org1`, or the lone `*`.
//! Names are case-sensitive. A grant without a scope (or with scope `*`) covers every
//! scope and the unscoped request; a scoped grant covers only its own scope. `*`
//! never reaches across `:`. See [`permission`] for the exact grammar and limits.
//!
//! # Policy
//!
//! The rbac section of a policy document (or the original rbac-config file as it
//! is) reads like this; every field except the role names is optional:
//!
//! ```yaml
//! roles:
//!   viewer:
//!     description: "Reads users and reports"
//!     permissions: ["users:view", "reports:*"]
//!   support:
//!     inherits: [viewer]                 # gets viewer's grants, allow and deny
//!     permissions: ["users:*"]
//!     deny: ["users:delete", "users:impersonate"]
//!   auditor: ["logs:read"]               # shorthand: a list of permissions
//! permissions:                           # the catalogue, grouped by resource
//!   users:
//!     - name: "users:view"
//!       description: "View user information"
//! users:
//!   alice:
//!     roles: [support]
//!     permissions: ["files:read:user42"] # the user's own grants
//!     deny: ["reports:delete"]           # the user's own denials
//!   bob: [viewer]                        # shorthand: a list of roles
//! ```
//!
//! - `inherits` gives a role every grant of the listed roles, transitively. The
//!   listed roles must exist, and inheritance cycles are an error naming the roles.
//! - `deny` lists grants (same syntax, wildcards and scopes included) that override
//!   every allow, whether the allow comes from the same role, another role or the
//!   user's own grants. A deny held through inheritance applies too.
//! - The `permissions` catalogue documents what exists. A grant that covers nothing
//!   in it is a [warning](Rbac::warnings), not an error.
//!
//! # Decisions
//!
//! Deny by default: [`Rbac::check`] is `true` only when an allow grant covers the
//! request and no deny grant does. It never fails: an unknown user or a malformed
//! request is simply `false`. [`Rbac::explain`] says which grant of which role (or
//! which of the user's own grants, or which deny) decided; [`Rbac::require`] turns a
//! `false` into [`AccessDenied`].
//!
//! A check is about a [`Subject`]: a user of the policy by name, or a [`UserSpec`]
//! given with the check (the roles and grants of a session), which is resolved
//! against the policy and never stored.
//!
//! # Example
//!
//! ```
//! use promptward::rbac::{Rbac, RoleSpec};
//!
//! let mut rbac = Rbac::new();
//! rbac.define_role("viewer", &RoleSpec::new(["users:view"]))?;
//! rbac.define_role(
//!     "support",
//!     &RoleSpec::new(["users:*"]).inherits(["viewer"]).deny(["users:delete"]),
//! )?;
//! rbac.assign_role("sam", "support")?;
//! rbac.add_user_permission("sam", "files:read:user42")?;
//!
//! assert!(rbac.check("sam", "users:update:org1"));
//! assert!(!rbac.check("sam", "users:delete"));
//! assert!(rbac.check("sam", "files:read:user42"));
//! assert!(!rbac.check("sam", "files:read:user43"));
//! assert!(rbac.require("sam", "users:delete").is_err());
//! assert_eq!(rbac.permissions_of("sam"), ["files:read:user42", "users:*", "users:view"]);
//! # Ok::<(), promptward::rbac::RbacError>(())
//! ```
//!
//! # Cost and untrusted input
//!
//! Grants are parsed once and compiled: segment names are interned, and each user
//! points at a hash index of every grant its roles reach (shared by all users with
//! the same roles). A check parses the request (at most [`MAX_PERMISSION_LEN`] bytes),
//! looks up its three names and probes the index with at most eight keys, for the
//! user's own grants and for its roles: its cost does not grow with the number of
//! roles or grants. A change recompiles the users it affects before it returns. The
//! grants of a role set that only subjects present are compiled at its first check
//! and kept (a few dozen sets, until the next change).
//! Inheritance is walked iteratively, so deep chains cannot overflow the stack.
//!
//! Interned names are never forgotten: a long-running engine that keeps defining
//! grants with fresh scope names grows by those names.

mod canonical;
mod catalogue;
mod decision;
mod engine;
mod error;
mod index;
mod names;
pub mod permission;
mod policy;
mod role;
mod sorted;
mod subject;
mod user;

pub use decision::{DecisionKind, Explanation};
pub use engine::Rbac;
pub use error::{
    AccessDenied, CyclicInheritance, InvalidName, InvalidPermission, InvalidPolicy, RbacError,
    UnknownRole, UnknownUser,
};
pub use permission::{PermissionError, MAX_PERMISSION_LEN};
pub use role::{RoleSpec, MAX_ROLE_NAME_LEN, MAX_USER_NAME_LEN};
pub use subject::Subject;
pub use user::UserSpec;
