//! [`Rbac`]: the roles, users and compiled indexes, and every change and decision.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use super::catalogue::Catalogue;
use super::decision::{Explanation, Outcome};
use super::error::UnknownUser;
use super::error::{quote, AccessDenied, InvalidPermission, InvalidPolicy, RbacError, UnknownRole};
use super::index::{GrantIndex, Interner, Source};
use super::names::NameMap;
use super::permission::{Grant, Request};
use super::role::{self, check_role_name, check_user_name, Role, RoleSpec, StoredGrant};
use super::sorted::{sort_by_text, sort_dedup};
use super::subject::{Resolved, Subject, SubjectCache};
use super::user::{User, UserSpec};

/// A role-based access control policy, compiled for checking.
///
/// Changes take effect at once: each one recompiles exactly the users it affects
/// before it returns, so the next check sees it. A change that fails leaves
/// everything as it was.
///
/// # Example
///
/// ```
/// use promptward::rbac::{Rbac, RoleSpec};
///
/// let mut rbac = Rbac::new();
/// rbac.define_role("viewer", &RoleSpec::new(["users:view"]))?;
/// rbac.define_role("admin", &RoleSpec::new(["users:*"]).inherits(["viewer"]))?;
/// rbac.assign_role("alice", "viewer")?;
///
/// assert!(rbac.check("alice", "users:view:org1"));
/// assert!(!rbac.check("alice", "users:delete"));
/// assert!(!rbac.check("alice", "not a permission"));
/// # Ok::<(), promptward::rbac::RbacError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Rbac {
    pub(super) roles: NameMap<Arc<str>, Role>,
    pub(super) users: NameMap<Arc<str>, User>,
    pub(crate) catalogue: Option<Catalogue>,
    pub(super) interner: Interner,
    /// Compiled role closures by sorted role set, shared by the users holding that set.
    /// Every entry is held by at least one user.
    pub(super) closures: NameMap<Vec<Arc<str>>, Arc<GrantIndex>>,
    /// Compiled role closures of sets that subjects presented at check time.
    pub(super) subject_cache: SubjectCache,
    /// Warnings found when the policy was read.
    pub(crate) notes: Vec<String>,
    hash: OnceLock<String>,
}

/// Where a grant was written, for error messages.
enum Place<'a> {
    RoleAllow(&'a str),
    RoleDeny(&'a str),
    UserAllow(&'a str),
    UserDeny(&'a str),
}

impl Place<'_> {
    fn describe(&self) -> String {
        match self {
            Place::RoleAllow(role) => format!("in role {}", quote(role)),
            Place::RoleDeny(role) => format!("in the deny list of role {}", quote(role)),
            Place::UserAllow(user) => format!("granted to user {}", quote(user)),
            Place::UserDeny(user) => format!("denied to user {}", quote(user)),
        }
    }
}

impl Rbac {
    /// An empty policy: no roles, no users, everything denied.
    pub fn new() -> Self {
        Rbac::default()
    }

    fn changed(&mut self) {
        self.hash = OnceLock::new();
        self.subject_cache.clear();
    }

    /// Parses grants, then interns them, so nothing is interned for a failing list.
    fn compile_grants(
        &mut self,
        grants: &[String],
        place: Place<'_>,
    ) -> Result<Vec<StoredGrant>, RbacError> {
        let mut parsed = Vec::with_capacity(grants.len());
        for text in grants {
            let grant = Grant::parse(text).map_err(|e| {
                RbacError::InvalidPermission(InvalidPermission::new(text, e, place.describe()))
            })?;
            parsed.push(grant);
        }

        let mut out: Vec<StoredGrant> = Vec::with_capacity(parsed.len());
        // Most lists are short: compare keys directly rather than hash them.
        let mut seen = std::collections::HashSet::new();
        let short = parsed.len() <= 8;
        for grant in parsed {
            let key = self.interner.grant_key(&grant).ok_or_else(too_many_names)?;
            let new = if short { out.iter().all(|g| g.key != key) } else { seen.insert(key) };
            if new {
                out.push(StoredGrant { text: grant.canonical().into(), key });
            }
        }
        Ok(out)
    }

    /// The shared name of an existing role, or `UnknownRole`.
    fn role_name(&self, role: &str, place: impl FnOnce() -> String) -> Result<Arc<str>, RbacError> {
        match self.roles.get_key_value(role) {
            Some((name, _)) => Ok(name.clone()),
            None => Err(RbacError::UnknownRole(UnknownRole::new(role, Some(place())))),
        }
    }

    /// Defines a role, or replaces the definition of an existing one (its users and
    /// heirs keep it).
    ///
    /// # Errors
    ///
    /// [`RbacError::InvalidName`] for a bad role name, [`RbacError::InvalidPermission`]
    /// naming the role and the malformed grant, [`RbacError::UnknownRole`] for an
    /// inherited role that is not defined, [`RbacError::CyclicInheritance`] naming the
    /// roles of the cycle the definition would close. On error nothing changes.
    pub fn define_role(&mut self, name: &str, spec: &RoleSpec) -> Result<(), RbacError> {
        check_role_name(name).map_err(RbacError::InvalidName)?;

        let mut inherits = Vec::with_capacity(spec.inherits.len());
        for parent in &spec.inherits {
            if parent == name {
                let cycle = vec![name.to_string(), name.to_string()];
                return Err(RbacError::CyclicInheritance(super::error::CyclicInheritance::new(
                    cycle,
                )));
            }
            inherits.push(self.role_name(parent, || format!("inherited by role {}", quote(name)))?);
        }
        sort_dedup(&mut inherits);
        if self.roles.contains_key(name) {
            if let Some(cycle) = role::cycle_through(&self.roles, name, &inherits) {
                return Err(RbacError::CyclicInheritance(cycle));
            }
        }

        // Validate both lists before interning either.
        for (list, place) in
            [(&spec.permissions, Place::RoleAllow(name)), (&spec.deny, Place::RoleDeny(name))]
        {
            for text in list {
                Grant::parse(text).map_err(|e| {
                    RbacError::InvalidPermission(InvalidPermission::new(text, e, place.describe()))
                })?;
            }
        }
        let allow = self.compile_grants(&spec.permissions, Place::RoleAllow(name))?;
        let deny = self.compile_grants(&spec.deny, Place::RoleDeny(name))?;

        self.insert_role(name, spec.description.clone(), allow, deny, inherits);
        Ok(())
    }

    /// Stores a validated role and recompiles whoever it affects.
    fn insert_role(
        &mut self,
        name: &str,
        description: String,
        allow: Vec<StoredGrant>,
        deny: Vec<StoredGrant>,
        inherits: Vec<Arc<str>>,
    ) {
        let key: Arc<str> = match self.roles.get_key_value(name) {
            Some((key, _)) => key.clone(),
            None => name.into(),
        };
        let existed = self.roles.contains_key(name);
        let affected = if existed { role::with_heirs(&self.roles, name) } else { Vec::new() };

        let old_inherits = match self.roles.get_mut(name) {
            Some(role) => std::mem::take(&mut role.inherits),
            None => Vec::new(),
        };
        for parent in &old_inherits {
            if let Some(parent) = self.roles.get_mut(parent) {
                parent.heirs.remove(name);
            }
        }
        for parent in &inherits {
            if let Some(parent) = self.roles.get_mut(parent) {
                parent.heirs.insert(key.clone());
            }
        }

        let role = self.roles.entry(key).or_default();
        role.description = description;
        role.allow = allow;
        role.deny = deny;
        role.inherits = inherits;

        self.recompile_roles(&affected);
        self.changed();
    }

    /// Recompiles every user holding one of `roles`.
    fn recompile_roles(&mut self, roles: &[Arc<str>]) {
        let mut users: Vec<Arc<str>> = roles
            .iter()
            .filter_map(|r| self.roles.get(r))
            .flat_map(|r| r.holders.iter().cloned())
            .collect();
        sort_dedup(&mut users);
        // Their closures are stale; every user sharing one is in `users` too.
        for user in &users {
            if let Some(user) = self.users.get(user) {
                self.closures.remove(&user.closure_key);
            }
        }
        for user in &users {
            self.recompile_user(user);
        }
    }

    /// Points a user at the closure of its current roles, compiling it if needed.
    fn recompile_user(&mut self, name: &str) {
        let Some(user) = self.users.get(name) else { return };
        let key: Vec<Arc<str>> = user.roles.iter().cloned().collect();
        let closure = match self.closures.get(&key) {
            Some(closure) => closure.clone(),
            None => {
                let closure = Arc::new(role::closure(&self.roles, &key));
                self.closures.insert(key.clone(), closure.clone());
                closure
            }
        };
        let Some(user) = self.users.get_mut(name) else { return };
        let old_key = std::mem::replace(&mut user.closure_key, key);
        user.closure = closure;
        self.release(&old_key);
    }

    /// Drops a cached closure no user holds any more.
    fn release(&mut self, key: &[Arc<str>]) {
        if self.closures.get(key).is_some_and(|c| Arc::strong_count(c) == 1) {
            self.closures.remove(key);
        }
    }

    /// Deletes a role, removing it from every user and from every role inheriting it.
    ///
    /// # Errors
    ///
    /// [`RbacError::UnknownRole`] if there is no such role.
    pub fn delete_role(&mut self, name: &str) -> Result<(), RbacError> {
        let key = self.role_name(name, || "cannot delete it".to_string())?;
        let affected = role::with_heirs(&self.roles, name);
        let users: Vec<Arc<str>> = affected
            .iter()
            .filter_map(|r| self.roles.get(r))
            .flat_map(|r| r.holders.iter().cloned())
            .collect();
        for user in &users {
            if let Some(user) = self.users.get(user) {
                self.closures.remove(&user.closure_key);
            }
        }

        let Some(role) = self.roles.remove(&key) else { return Ok(()) };
        for heir in &role.heirs {
            if let Some(heir) = self.roles.get_mut(heir) {
                heir.inherits.retain(|p| p != &key);
            }
        }
        for parent in &role.inherits {
            if let Some(parent) = self.roles.get_mut(parent) {
                parent.heirs.remove(&key);
            }
        }
        for holder in &role.holders {
            if let Some(user) = self.users.get_mut(holder) {
                user.roles.remove(&key);
            }
        }

        for user in &users {
            self.recompile_user(user);
        }
        self.changed();
        Ok(())
    }

    /// Creates a user with no roles and no grants; `false` if it already exists (it is
    /// then left as it is).
    ///
    /// # Errors
    ///
    /// [`RbacError::InvalidName`] for a bad user name.
    pub fn create_user(&mut self, name: &str) -> Result<bool, RbacError> {
        check_user_name(name).map_err(RbacError::InvalidName)?;
        if self.users.contains_key(name) {
            return Ok(false);
        }
        self.users.insert(name.into(), User::default());
        self.recompile_user(name);
        self.changed();
        Ok(true)
    }

    /// The shared name of a user, created if it does not exist.
    fn user_entry(&mut self, name: &str) -> Result<Arc<str>, RbacError> {
        self.create_user(name)?;
        match self.users.get_key_value(name) {
            Some((key, _)) => Ok(key.clone()),
            None => Err(RbacError::UnknownUser(UnknownUser::new(name))),
        }
    }

    /// Defines a user, or replaces an existing user's roles and grants.
    ///
    /// # Errors
    ///
    /// [`RbacError::InvalidName`], [`RbacError::UnknownRole`] naming the user, or
    /// [`RbacError::InvalidPermission`] naming the user and grant. On error nothing
    /// changes.
    pub fn define_user(&mut self, name: &str, spec: &UserSpec) -> Result<(), RbacError> {
        check_user_name(name).map_err(RbacError::InvalidName)?;
        let mut roles = BTreeSet::new();
        for role in &spec.roles {
            roles.insert(self.role_name(role, || format!("assigned to user {}", quote(name)))?);
        }
        for (list, place) in
            [(&spec.permissions, Place::UserAllow(name)), (&spec.deny, Place::UserDeny(name))]
        {
            for text in list {
                Grant::parse(text).map_err(|e| {
                    RbacError::InvalidPermission(InvalidPermission::new(text, e, place.describe()))
                })?;
            }
        }
        let allow = self.compile_grants(&spec.permissions, Place::UserAllow(name))?;
        let deny = self.compile_grants(&spec.deny, Place::UserDeny(name))?;

        let key = self.user_entry(name)?;
        let mut direct = GrantIndex::default();
        for (is_deny, grants) in [(false, allow), (true, deny)] {
            for grant in grants {
                direct.insert(is_deny, grant.key, || direct_source(grant.text));
            }
        }
        let old_roles = match self.users.get_mut(name) {
            Some(user) => {
                user.direct = direct;
                std::mem::replace(&mut user.roles, roles.clone())
            }
            None => BTreeSet::new(),
        };
        for role in old_roles.difference(&roles) {
            if let Some(role) = self.roles.get_mut(role) {
                role.holders.remove(name);
            }
        }
        for role in &roles {
            if let Some(role) = self.roles.get_mut(role) {
                role.holders.insert(key.clone());
            }
        }
        self.recompile_user(name);
        self.changed();
        Ok(())
    }

    /// Deletes a user; `false` if there was none.
    pub fn delete_user(&mut self, name: &str) -> bool {
        let Some((key, user)) = self.users.remove_entry(name) else { return false };
        for role in &user.roles {
            if let Some(role) = self.roles.get_mut(role) {
                role.holders.remove(&key);
            }
        }
        let closure_key = user.closure_key;
        drop(user.closure);
        self.release(&closure_key);
        self.changed();
        true
    }

    /// Assigns a role to a user, creating the user if needed; `false` if the user
    /// already had it.
    ///
    /// # Errors
    ///
    /// [`RbacError::UnknownRole`] if the role is not defined (names are
    /// case-sensitive), [`RbacError::InvalidName`] for a bad user name.
    pub fn assign_role(&mut self, user: &str, role: &str) -> Result<bool, RbacError> {
        let role = self.role_name(role, || format!("assigned to user {}", quote(user)))?;
        let key = self.user_entry(user)?;
        let added = self.users.get_mut(user).is_some_and(|u| u.roles.insert(role.clone()));
        if added {
            if let Some(role) = self.roles.get_mut(&role) {
                role.holders.insert(key);
            }
            self.recompile_user(user);
            self.changed();
        }
        Ok(added)
    }

    /// Takes a role away from a user; `false` if the user did not have it.
    ///
    /// # Errors
    ///
    /// [`RbacError::UnknownRole`] or [`RbacError::UnknownUser`], so that a misspelt
    /// revocation is not mistaken for a done one.
    pub fn revoke_role(&mut self, user: &str, role: &str) -> Result<bool, RbacError> {
        let role = self.role_name(role, || format!("revoked from user {}", quote(user)))?;
        let Some(entry) = self.users.get_mut(user) else {
            return Err(RbacError::UnknownUser(UnknownUser::new(user)));
        };
        let removed = entry.roles.remove(&role);
        if removed {
            if let Some(role) = self.roles.get_mut(&role) {
                role.holders.remove(user);
            }
            self.recompile_user(user);
            self.changed();
        }
        Ok(removed)
    }

    fn add_direct(&mut self, user: &str, grant: &str, deny: bool) -> Result<bool, RbacError> {
        let place = if deny { Place::UserDeny(user) } else { Place::UserAllow(user) };
        check_user_name(user).map_err(RbacError::InvalidName)?;
        let mut grants = self.compile_grants(&[grant.to_string()], place)?;
        let Some(grant) = grants.pop() else { return Ok(false) };
        self.user_entry(user)?;
        let Some(entry) = self.users.get_mut(user) else { return Ok(false) };
        if entry.direct.contains(deny, grant.key) {
            return Ok(false);
        }
        entry.direct.insert(deny, grant.key, || direct_source(grant.text));
        self.changed();
        Ok(true)
    }

    fn remove_direct(&mut self, user: &str, grant: &str, deny: bool) -> Result<bool, RbacError> {
        let place = if deny { Place::UserDeny(user) } else { Place::UserAllow(user) };
        let parsed = Grant::parse(grant).map_err(|e| {
            RbacError::InvalidPermission(InvalidPermission::new(grant, e, place.describe()))
        })?;
        let Some(entry) = self.users.get_mut(user) else {
            return Err(RbacError::UnknownUser(UnknownUser::new(user)));
        };
        // A grant whose names were never interned cannot be held by anyone.
        let Some(key) = self.interner.existing_key(&parsed) else { return Ok(false) };
        let removed = entry.direct.remove(deny, key);
        if removed {
            self.changed();
        }
        Ok(removed)
    }

    /// Grants a permission to a user directly, creating the user if needed; `false`
    /// if the user already held it.
    ///
    /// # Errors
    ///
    /// [`RbacError::InvalidPermission`] naming the user and grant, or
    /// [`RbacError::InvalidName`].
    pub fn add_user_permission(&mut self, user: &str, grant: &str) -> Result<bool, RbacError> {
        self.add_direct(user, grant, false)
    }

    /// Removes a user's own grant (spelt in any equivalent way); `false` if the user
    /// did not hold it. Grants through roles are not affected.
    ///
    /// # Errors
    ///
    /// [`RbacError::InvalidPermission`] or [`RbacError::UnknownUser`].
    pub fn remove_user_permission(&mut self, user: &str, grant: &str) -> Result<bool, RbacError> {
        self.remove_direct(user, grant, false)
    }

    /// Denies a permission to a user directly, overriding any allow; `false` if it was
    /// already denied.
    ///
    /// # Errors
    ///
    /// As [`add_user_permission`](Self::add_user_permission).
    pub fn add_user_deny(&mut self, user: &str, grant: &str) -> Result<bool, RbacError> {
        self.add_direct(user, grant, true)
    }

    /// Removes a user's own deny; `false` if there was none.
    ///
    /// # Errors
    ///
    /// As [`remove_user_permission`](Self::remove_user_permission).
    pub fn remove_user_deny(&mut self, user: &str, grant: &str) -> Result<bool, RbacError> {
        self.remove_direct(user, grant, true)
    }

    /// Decides a request without building any text.
    fn decide<'a>(
        &self,
        resolved: &'a Result<Resolved<'_>, Outcome<'static>>,
        permission: &str,
    ) -> Outcome<'a> {
        let request = match Request::parse(permission) {
            Ok(request) => request,
            Err(e) => return Outcome::InvalidRequest(e),
        };
        match resolved {
            Ok(resolved) => Rbac::outcome(resolved, self.probe(resolved, &request)),
            Err(outcome) => outcome.clone(),
        }
    }

    /// Whether `subject` (a user's name, or a [`UserSpec`] given with the check) may
    /// do `permission`.
    ///
    /// Denied by default: `false` for an unknown user, a malformed or wildcard
    /// request, or when any deny grant covers the request. Never fails. The cost does
    /// not depend on the number of roles or grants.
    pub fn check<'s>(&self, subject: impl Into<Subject<'s>>, permission: &str) -> bool {
        self.decide(&self.resolve(subject.into()), permission).allowed()
    }

    /// The decision of [`check`](Self::check) with the grant and role that made it.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::rbac::{DecisionKind, Rbac, RoleSpec};
    ///
    /// let mut rbac = Rbac::new();
    /// rbac.define_role("support", &RoleSpec::new(["users:*"]).deny(["users:delete"]))?;
    /// rbac.assign_role("sam", "support")?;
    ///
    /// let e = rbac.explain("sam", "users:delete");
    /// assert_eq!((e.allowed, e.kind), (false, DecisionKind::Deny));
    /// let reason = "`users:delete` is denied by the deny `users:delete` of role `support`";
    /// assert_eq!(e.reason, reason);
    /// # Ok::<(), promptward::rbac::RbacError>(())
    /// ```
    pub fn explain<'s>(&self, subject: impl Into<Subject<'s>>, permission: &str) -> Explanation {
        let subject = subject.into();
        let resolved = self.resolve(subject);
        let unknown_roles = resolved.as_ref().map_or(&[][..], |r| &r.unknown_roles[..]);
        self.decide(&resolved, permission).explain(subject, unknown_roles, permission)
    }

    /// Succeeds if `subject` may do `permission`.
    ///
    /// # Errors
    ///
    /// [`AccessDenied`] naming the permission whenever [`check`](Self::check) is
    /// `false`.
    pub fn require<'s>(
        &self,
        subject: impl Into<Subject<'s>>,
        permission: &str,
    ) -> Result<(), AccessDenied> {
        if self.check(subject, permission) {
            Ok(())
        } else {
            Err(AccessDenied::new(permission))
        }
    }

    /// The subject's effective allow grants, from its roles (with inheritance) and its
    /// own grants: canonical spellings, sorted and de-duplicated, leaving out grants
    /// that a deny wholly overrides. Empty for an unknown user or invalid subject.
    pub fn permissions_of<'s>(&self, subject: impl Into<Subject<'s>>) -> Vec<String> {
        let Ok(resolved) = self.resolve(subject.into()) else { return Vec::new() };
        let (direct, closure) = (&resolved.direct, &resolved.closure);
        let overridden = |key| direct.find_deny(key).is_some() || closure.find_deny(key).is_some();
        let grants = direct
            .allows()
            .chain(closure.allows())
            .filter(|(key, _)| !overridden(**key))
            .map(|(_, source)| source.grant.as_ref());
        sorted_texts(grants)
    }

    /// The subject's effective deny grants, sorted and de-duplicated.
    pub fn denials_of<'s>(&self, subject: impl Into<Subject<'s>>) -> Vec<String> {
        let Ok(resolved) = self.resolve(subject.into()) else { return Vec::new() };
        let grants = resolved
            .direct
            .denies()
            .chain(resolved.closure.denies())
            .map(|(_, source)| source.grant.as_ref());
        sorted_texts(grants)
    }

    /// The roles the subject holds (assigned, not inherited), sorted; for a
    /// [`UserSpec`], those of its roles the policy defines. Empty for an unknown user.
    pub fn roles_of<'s>(&self, subject: impl Into<Subject<'s>>) -> Vec<String> {
        match subject.into() {
            Subject::User(user) => {
                let roles = self.users.get(user).map(|u| &u.roles).into_iter().flatten();
                roles.map(|r| r.to_string()).collect()
            }
            Subject::Holder(spec) => {
                let known = spec.roles.iter().filter(|r| self.roles.contains_key(r.as_str()));
                sorted_texts(known.map(String::as_str))
            }
        }
    }

    /// The names of all roles, sorted.
    pub fn role_names(&self) -> Vec<String> {
        sorted_texts(self.roles.keys().map(|n| n.as_ref()))
    }

    /// The names of all users, sorted.
    pub fn user_names(&self) -> Vec<String> {
        sorted_texts(self.users.keys().map(|n| n.as_ref()))
    }

    /// A role's definition, with grants canonically spelled and lists sorted.
    pub fn role(&self, name: &str) -> Option<RoleSpec> {
        let role = self.roles.get(name)?;
        Some(RoleSpec {
            description: role.description.clone(),
            permissions: sorted_texts(role.allow.iter().map(|g| g.text.as_ref())),
            inherits: role.inherits.iter().map(|r| r.to_string()).collect(),
            deny: sorted_texts(role.deny.iter().map(|g| g.text.as_ref())),
        })
    }

    /// A user's definition: assigned roles and own grants, sorted.
    pub fn user(&self, name: &str) -> Option<UserSpec> {
        let user = self.users.get(name)?;
        Some(UserSpec {
            roles: self.roles_of(name),
            permissions: sorted_texts(user.direct.allows().map(|(_, s)| s.grant.as_ref())),
            deny: sorted_texts(user.direct.denies().map(|(_, s)| s.grant.as_ref())),
        })
    }

    /// The policy's content hash (`sha256:<hex>`) over its canonical form
    /// ([`to_value`](Self::to_value)): equal for equivalent policies however they were
    /// written or built, and different after any change.
    pub fn policy_hash(&self) -> &str {
        self.hash.get_or_init(|| crate::hash::content_hash(&super::canonical::canonical_json(self)))
    }
}

fn direct_source(grant: Arc<str>) -> Source {
    Source { grant, role: None, via: None }
}

/// The texts, sorted, without repeats.
fn sorted_texts<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut texts: Vec<&str> = texts.collect();
    sort_dedup(&mut texts);
    texts.into_iter().map(str::to_string).collect()
}

fn too_many_names() -> RbacError {
    RbacError::InvalidPolicy(InvalidPolicy::new("too many distinct permission names"))
}

/// Internals the policy reader needs: bulk loading with one cycle check at the end.
impl Rbac {
    /// Adds roles whose inheritance is resolved afterwards, all or nothing.
    pub(crate) fn load_roles(&mut self, specs: &[(String, RoleSpec)]) -> Result<(), RbacError> {
        let mut staged = Vec::with_capacity(specs.len());
        self.roles.reserve(specs.len());
        for (name, spec) in specs {
            check_role_name(name).map_err(RbacError::InvalidName)?;
            let allow = self.compile_grants(&spec.permissions, Place::RoleAllow(name))?;
            let deny = self.compile_grants(&spec.deny, Place::RoleDeny(name))?;
            staged.push((Arc::<str>::from(name.as_str()), spec, allow, deny));
        }
        for (name, spec, allow, deny) in &mut staged {
            let role = Role {
                description: spec.description.clone(),
                allow: std::mem::take(allow),
                deny: std::mem::take(deny),
                ..Role::default()
            };
            self.roles.insert(name.clone(), role);
        }

        for (name, spec, _, _) in &staged {
            let mut inherits = Vec::with_capacity(spec.inherits.len());
            for parent in &spec.inherits {
                inherits
                    .push(self.role_name(parent, || format!("inherited by role {}", quote(name)))?);
            }
            sort_dedup(&mut inherits);
            for parent in &inherits {
                if let Some(parent) = self.roles.get_mut(parent) {
                    parent.heirs.insert(name.clone());
                }
            }
            if let Some(role) = self.roles.get_mut(name) {
                role.inherits = inherits;
            }
        }
        if let Some(cycle) = role::find_cycle(&self.roles) {
            return Err(RbacError::CyclicInheritance(cycle));
        }
        self.changed();
        Ok(())
    }

    /// Every role, for the canonical form.
    pub(crate) fn roles_iter(&self) -> impl Iterator<Item = (&Arc<str>, &Role)> {
        self.roles.iter()
    }

    /// Every user's definition, for the canonical form.
    pub(crate) fn user_specs(&self) -> impl Iterator<Item = (&Arc<str>, UserSpec)> + '_ {
        self.users.keys().filter_map(|name| Some((name, self.user(name)?)))
    }

    /// Every grant with where it is written (`role `x`` / `user `x``) and whether it is
    /// a deny, for catalogue warnings.
    pub(crate) fn all_grants(&self) -> Vec<(String, bool, String)> {
        let mut out = Vec::new();
        for (name, role) in &self.roles {
            for (deny, grants) in [(false, &role.allow), (true, &role.deny)] {
                for grant in grants {
                    out.push((format!("role {}", quote(name)), deny, grant.text.to_string()));
                }
            }
        }
        for (name, user) in &self.users {
            let allows = user.direct.allows().map(|(_, s)| (false, s));
            for (deny, source) in allows.chain(user.direct.denies().map(|(_, s)| (true, s))) {
                out.push((format!("user {}", quote(name)), deny, source.grant.to_string()));
            }
        }
        // In the order of (owner, deny, grant): by each key in turn, least
        // significant first, with a stable sort.
        sort_by_text(&mut out, |(_, _, grant)| grant);
        let (allows, denies): (Vec<_>, Vec<_>) = out.into_iter().partition(|(_, deny, _)| !deny);
        let mut out = allows;
        out.extend(denies);
        sort_by_text(&mut out, |(owner, _, _)| owner);
        out
    }
}
