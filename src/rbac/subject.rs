//! Who a check is about: a user of the policy, or a subject that brings its roles and
//! grants along (a session's claims), resolved for the check and never stored.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, MutexGuard};

use super::decision::Outcome;
use super::error::quote;
use super::index::{ExtraNames, GrantIndex, Source};
use super::names::NameMap;
use super::permission::{Grant, Request};
use super::role;
use super::user::UserSpec;
use super::Rbac;

/// Who a check is about.
///
/// A `&str` is a user of the policy; a [`UserSpec`] is a subject that is not stored:
/// its roles are looked up in the policy (a role the policy does not define holds
/// nothing), and its own grants and denials count as a user's would. A malformed
/// grant or deny in it denies every check, so that a typo never widens access.
///
/// # Example
///
/// ```
/// use promptward::rbac::{Rbac, RoleSpec, UserSpec};
///
/// let mut rbac = Rbac::new();
/// rbac.define_role("viewer", &RoleSpec::new(["docs:read"]))?;
///
/// let session = UserSpec::new(["viewer"]).permissions(["docs:edit:draft-7"]);
/// assert!(rbac.check(&session, "docs:read"));
/// assert!(rbac.check(&session, "docs:edit:draft-7"));
/// assert!(!rbac.check(&UserSpec::new(["root"]), "docs:read"));
/// # Ok::<(), promptward::rbac::RbacError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// A user of the policy, by name.
    User(&'a str),
    /// Roles and grants given with the check.
    Holder(&'a UserSpec),
}

impl<'a> From<&'a str> for Subject<'a> {
    fn from(user: &'a str) -> Self {
        Subject::User(user)
    }
}

impl<'a> From<&'a String> for Subject<'a> {
    fn from(user: &'a String) -> Self {
        Subject::User(user)
    }
}

impl<'a> From<&'a UserSpec> for Subject<'a> {
    fn from(spec: &'a UserSpec) -> Self {
        Subject::Holder(spec)
    }
}

/// How many role sets of subjects (not held by any user) keep their compiled
/// grants between checks. The cache is emptied when full and on every change.
const SUBJECT_CACHE_SIZE: usize = 64;

/// Compiled grants of role sets that subjects presented, keyed like
/// `Rbac::closures`. Cloning an engine starts it with an empty cache.
#[derive(Debug, Default)]
pub(crate) struct SubjectCache(Mutex<NameMap<Vec<Arc<str>>, Arc<GrantIndex>>>);

impl Clone for SubjectCache {
    fn clone(&self) -> Self {
        SubjectCache::default()
    }
}

impl SubjectCache {
    fn lock(&self) -> MutexGuard<'_, NameMap<Vec<Arc<str>>, Arc<GrantIndex>>> {
        // Nothing panics while the lock is held, so a poisoned lock is still sound.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Forgets every entry: the roles changed.
    pub(crate) fn clear(&mut self) {
        match self.0.get_mut() {
            Ok(map) => map.clear(),
            Err(poisoned) => poisoned.into_inner().clear(),
        }
    }
}

/// The grants one check of one subject looks at.
pub(crate) struct Resolved<'a> {
    /// The subject's own grants.
    pub(crate) direct: Cow<'a, GrantIndex>,
    /// Every grant its roles reach.
    pub(crate) closure: Arc<GrantIndex>,
    /// Names that only the subject's own grants use.
    pub(crate) extra: ExtraNames,
    /// Roles the subject named that the policy does not define.
    pub(crate) unknown_roles: Vec<&'a str>,
}

impl Rbac {
    /// The grants of `subject`, or the outcome that denies it outright.
    pub(crate) fn resolve<'a>(
        &'a self,
        subject: Subject<'a>,
    ) -> Result<Resolved<'a>, Outcome<'static>> {
        let spec = match subject {
            Subject::User(name) => {
                let user = self.users.get(name).ok_or(Outcome::UnknownUser)?;
                return Ok(Resolved {
                    direct: Cow::Borrowed(&user.direct),
                    closure: user.closure.clone(),
                    extra: ExtraNames::default(),
                    unknown_roles: Vec::new(),
                });
            }
            Subject::Holder(spec) => spec,
        };

        let mut extra = ExtraNames::default();
        let mut direct = GrantIndex::default();
        for (deny, list) in [(false, &spec.permissions), (true, &spec.deny)] {
            for text in list {
                let what = if deny { "deny" } else { "grant" };
                let grant = Grant::parse(text).map_err(|e| {
                    let text = quote(text);
                    Outcome::InvalidSubject(format!(
                        "the subject's {what} {text} is malformed: {e}"
                    ))
                })?;
                let key = self.interner.key_with_extra(&grant, &mut extra).ok_or_else(|| {
                    Outcome::InvalidSubject("the subject uses too many distinct names".to_string())
                })?;
                direct.insert(deny, key, || Source {
                    grant: grant.canonical().into(),
                    role: None,
                    via: None,
                });
            }
        }

        let mut roles = Vec::with_capacity(spec.roles.len());
        let mut unknown_roles = Vec::new();
        for name in &spec.roles {
            match self.roles.get_key_value(name.as_str()) {
                Some((key, _)) => roles.push(key.clone()),
                None => unknown_roles.push(name.as_str()),
            }
        }
        super::sorted::sort_dedup(&mut roles);
        let closure = self.closure_of(&roles);
        Ok(Resolved { direct: Cow::Owned(direct), closure, extra, unknown_roles })
    }

    /// The compiled grants of a sorted role set: a user's if one holds the set,
    /// else from (or into) the subject cache.
    fn closure_of(&self, roles: &[Arc<str>]) -> Arc<GrantIndex> {
        if let Some(closure) = self.closures.get(roles) {
            return closure.clone();
        }
        let mut cache = self.subject_cache.lock();
        if let Some(closure) = cache.get(roles) {
            return closure.clone();
        }
        let closure = Arc::new(role::closure(&self.roles, roles));
        if cache.len() >= SUBJECT_CACHE_SIZE {
            cache.clear();
        }
        cache.insert(roles.to_vec(), closure.clone());
        closure
    }

    /// Decides `request` over resolved grants: any covering deny wins, then the
    /// most specific covering allow; otherwise denied by default.
    pub(crate) fn outcome<'r>(resolved: &'r Resolved<'_>, probe: [u32; 3]) -> Outcome<'r> {
        let (direct, closure) = (&resolved.direct, &resolved.closure);
        if let Some(source) = direct.find_deny(probe).or_else(|| closure.find_deny(probe)) {
            return Outcome::Deny(source);
        }
        match direct.find_allow(probe).or_else(|| closure.find_allow(probe)) {
            Some(source) => Outcome::Grant(source),
            None => Outcome::NoGrant,
        }
    }

    /// The probe key of `request` for these grants.
    pub(crate) fn probe(&self, resolved: &Resolved<'_>, request: &Request<'_>) -> [u32; 3] {
        self.interner.request_key(request, &resolved.extra)
    }
}
