//! Roles: a description, allow and deny grants, and the roles they inherit.
//!
//! Also where role graphs are walked: cycle detection and the closure of a set of
//! roles (every grant reachable through inheritance), both iterative so that a chain
//! of a million roles cannot overflow the stack.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use super::error::{CyclicInheritance, InvalidName};
use super::index::{GrantIndex, Key, Source};
use super::names::NameMap;

/// The longest role name accepted, in bytes.
pub const MAX_ROLE_NAME_LEN: usize = 128;

/// The longest user name accepted, in bytes.
pub const MAX_USER_NAME_LEN: usize = 256;

/// A role as [`define_role`](super::Rbac::define_role) takes it.
///
/// # Example
///
/// ```
/// use promptward::rbac::RoleSpec;
///
/// let editor = RoleSpec::new(["docs:edit"])
///     .inherits(["viewer"])
///     .deny(["docs:edit:legal"])
///     .description("Edits documents, except legal ones");
/// assert_eq!(editor.permissions, ["docs:edit"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleSpec {
    /// What the role is for.
    pub description: String,
    /// The grants the role allows.
    pub permissions: Vec<String>,
    /// Roles whose grants (allow and deny) this role also has.
    pub inherits: Vec<String>,
    /// Grants the role denies, overriding any allow.
    pub deny: Vec<String>,
}

fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}

impl RoleSpec {
    /// A role allowing `permissions`.
    pub fn new<S: Into<String>>(permissions: impl IntoIterator<Item = S>) -> Self {
        RoleSpec { permissions: strings(permissions), ..RoleSpec::default() }
    }

    /// Sets the roles this one inherits.
    pub fn inherits<S: Into<String>>(mut self, roles: impl IntoIterator<Item = S>) -> Self {
        self.inherits = strings(roles);
        self
    }

    /// Sets the grants this role denies.
    pub fn deny<S: Into<String>>(mut self, grants: impl IntoIterator<Item = S>) -> Self {
        self.deny = strings(grants);
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }
}

/// A validated grant: its canonical text and compiled key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredGrant {
    pub(crate) text: Arc<str>,
    pub(crate) key: Key,
}

/// A defined role, with the links that let changes find whom they affect.
#[derive(Debug, Clone, Default)]
pub(crate) struct Role {
    pub(crate) description: String,
    pub(crate) allow: Vec<StoredGrant>,
    pub(crate) deny: Vec<StoredGrant>,
    /// Roles this one inherits, sorted and unique.
    pub(crate) inherits: Vec<Arc<str>>,
    /// Roles that inherit this one.
    pub(crate) heirs: BTreeSet<Arc<str>>,
    /// Users assigned this role.
    pub(crate) holders: BTreeSet<Arc<str>>,
}

/// Checks a role name: 1 to [`MAX_ROLE_NAME_LEN`] bytes of `[A-Za-z0-9_.-]`.
pub(crate) fn check_role_name(name: &str) -> Result<(), InvalidName> {
    let invalid = |reason: String| Err(InvalidName::new("role", name, reason));
    if name.is_empty() {
        return invalid("it is empty".into());
    }
    if name.len() > MAX_ROLE_NAME_LEN {
        return invalid(format!("it is over the limit of {MAX_ROLE_NAME_LEN} bytes"));
    }
    match name.chars().find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))) {
        Some(c) => invalid(format!(
            "it contains `{}`; role names use letters, digits, `_`, `.` and `-`",
            c.escape_debug()
        )),
        None => Ok(()),
    }
}

/// Checks a user name: 1 to [`MAX_USER_NAME_LEN`] bytes, no control characters, no
/// whitespace at either end.
pub(crate) fn check_user_name(name: &str) -> Result<(), InvalidName> {
    let invalid = |reason: String| Err(InvalidName::new("user", name, reason));
    if name.is_empty() {
        return invalid("it is empty".into());
    }
    if name.len() > MAX_USER_NAME_LEN {
        return invalid(format!("it is over the limit of {MAX_USER_NAME_LEN} bytes"));
    }
    if name.chars().any(char::is_control) {
        return invalid("it contains a control character".into());
    }
    if name.trim() != name {
        return invalid("it starts or ends with whitespace".into());
    }
    Ok(())
}

/// The cycle `role` would close by inheriting `parents`, if any, as
/// `role -> parent -> ... -> role`. The existing graph must be acyclic.
pub(crate) fn cycle_through(
    roles: &NameMap<Arc<str>, Role>,
    role: &str,
    parents: &[Arc<str>],
) -> Option<CyclicInheritance> {
    let mut came_from: HashMap<&str, &str> = HashMap::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    for parent in parents {
        if came_from.insert(parent, role).is_none() {
            queue.push_back(parent);
        }
    }

    while let Some(current) = queue.pop_front() {
        if current == role {
            let mut cycle = vec![role.to_string()];
            let mut step = came_from.get(role).copied();
            while let Some(name) = step.filter(|&n| n != role) {
                cycle.push(name.to_string());
                step = came_from.get(name).copied();
            }
            cycle.push(role.to_string());
            // Walked backwards from `role`: turn it into inheritance order.
            cycle.reverse();
            return Some(CyclicInheritance::new(cycle));
        }
        for next in roles.get(current).map(|r| r.inherits.as_slice()).unwrap_or_default() {
            if !came_from.contains_key(next.as_ref()) {
                came_from.insert(next, current);
                queue.push_back(next);
            }
        }
    }
    None
}

/// The first cycle in the whole role graph, trying roles in name order.
pub(crate) fn find_cycle(roles: &NameMap<Arc<str>, Role>) -> Option<CyclicInheritance> {
    // Sorting a great many names costs more than the walk: walk in any order first,
    // and only when there is a cycle again in name order, to report the same one
    // every time.
    first_cycle(roles, roles.keys())?;
    let mut names: Vec<&Arc<str>> = roles.keys().collect();
    super::sorted::sort_by_text(&mut names, |name| name);
    first_cycle(roles, names)
}

/// The first cycle found walking from each of `starts` in turn.
fn first_cycle<'a>(
    roles: &'a NameMap<Arc<str>, Role>,
    starts: impl IntoIterator<Item = &'a Arc<str>>,
) -> Option<CyclicInheritance> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }

    let mut marks: HashMap<&str, Mark> = HashMap::with_capacity(roles.len());
    for start in starts {
        if marks.contains_key(start.as_ref()) {
            continue;
        }
        // Depth-first, with an explicit stack of (role, index of the next parent).
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Active);
        while let Some((current, next)) = stack.last_mut() {
            let current: &str = current;
            let parents = roles.get(current).map(|r| r.inherits.as_slice()).unwrap_or_default();
            let Some(parent) = parents.get(*next) else {
                marks.insert(current, Mark::Done);
                stack.pop();
                continue;
            };
            *next += 1;
            match marks.get(parent.as_ref()) {
                Some(Mark::Done) => {}
                Some(Mark::Active) => {
                    let from = stack.iter().position(|(n, _)| *n == parent.as_ref());
                    let mut cycle: Vec<String> = stack
                        .get(from.unwrap_or(0)..)
                        .unwrap_or_default()
                        .iter()
                        .map(|(n, _)| n.to_string())
                        .collect();
                    cycle.push(parent.to_string());
                    return Some(CyclicInheritance::new(cycle));
                }
                None => {
                    marks.insert(parent, Mark::Active);
                    stack.push((parent, 0));
                }
            }
        }
    }
    None
}

/// `role` and every role that inherits it, directly or not.
pub(crate) fn with_heirs(roles: &NameMap<Arc<str>, Role>, role: &str) -> Vec<Arc<str>> {
    let mut seen: HashSet<Arc<str>> = HashSet::new();
    let mut queue: Vec<Arc<str>> = Vec::new();
    if let Some((name, _)) = roles.get_key_value(role) {
        seen.insert(name.clone());
        queue.push(name.clone());
    }
    let mut i = 0;
    while let Some(current) = queue.get(i).cloned() {
        i += 1;
        for heir in roles.get(&current).map(|r| &r.heirs).into_iter().flatten() {
            if seen.insert(heir.clone()) {
                queue.push(heir.clone());
            }
        }
    }
    queue
}

/// Compiles every grant reachable from `assigned` (sorted role names) into one index.
///
/// The walk is breadth-first from all assigned roles at once, so when several roles
/// hold the same grant, the explanation names the closest one (an assigned role before
/// an inherited one), and ties go to the first name.
pub(crate) fn closure(roles: &NameMap<Arc<str>, Role>, assigned: &[Arc<str>]) -> GrantIndex {
    let mut index = GrantIndex::default();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<(&Arc<str>, &Role, &Arc<str>)> = VecDeque::new();
    for root in assigned {
        if let Some((name, role)) = roles.get_key_value(root.as_ref()) {
            if seen.insert(name) {
                queue.push_back((name, role, root));
            }
        }
    }

    while let Some((name, role, root)) = queue.pop_front() {
        let via = (name != root).then(|| root.clone());
        for (deny, grants) in [(false, &role.allow), (true, &role.deny)] {
            for grant in grants {
                index.insert(deny, grant.key, || Source {
                    grant: grant.text.clone(),
                    role: Some(name.clone()),
                    via: via.clone(),
                });
            }
        }
        for parent in &role.inherits {
            if let Some((parent_name, parent_role)) = roles.get_key_value(parent.as_ref()) {
                if seen.insert(parent_name) {
                    queue.push_back((parent_name, parent_role, root));
                }
            }
        }
    }
    index
}
