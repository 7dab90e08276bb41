//! The canonical JSON text of a policy, written straight from the engine's tables.
//!
//! It is byte for byte `serde_json::to_vec(&rbac.to_value())`: keys sorted, lists
//! sorted and de-duplicated, empty fields left out. Writing it from borrowed views,
//! without building a `Value` tree of copies first, makes the policy hash of a large
//! policy several times cheaper to compute after each change.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::catalogue::Entry;
use super::role::{Role, StoredGrant};
use super::sorted::{sort_by_text, sort_dedup};
use super::Rbac;

/// The canonical JSON text of the rbac section of `rbac`.
pub(crate) fn canonical_json(rbac: &Rbac) -> Vec<u8> {
    serde_json::to_vec(&Section(rbac)).unwrap_or_default()
}

/// `{"permissions": .., "roles": .., "users": ..}`, the first and last only when
/// there are any.
struct Section<'a>(&'a Rbac);

impl Serialize for Section<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rbac = self.0;
        let mut map = serializer.serialize_map(None)?;
        if let Some(catalogue) = &rbac.catalogue {
            // A BTreeMap already: groups in key order.
            let groups: Vec<(&str, Group<'_>)> = catalogue
                .groups
                .iter()
                .map(|(name, entries)| (name.as_str(), Group(entries)))
                .collect();
            map.serialize_entry("permissions", &Sorted(groups))?;
        }
        let mut roles: Vec<(&str, RoleView<'_>)> =
            rbac.roles_iter().map(|(name, role)| (name.as_ref(), RoleView(role))).collect();
        sort_by_text(&mut roles, |(name, _)| name);
        map.serialize_entry("roles", &Sorted(roles))?;

        let mut users: Vec<_> =
            rbac.user_specs().map(|(name, spec)| (name.as_ref(), spec)).collect();
        if !users.is_empty() {
            sort_by_text(&mut users, |(name, _)| name);
            let users: Vec<(&str, UserView<'_>)> =
                users.iter().map(|(name, spec)| (*name, UserView(spec))).collect();
            map.serialize_entry("users", &Sorted(users))?;
        }
        map.end()
    }
}

/// Entries already in key order, written as an object.
struct Sorted<'a, V>(Vec<(&'a str, V)>);

impl<V: Serialize> Serialize for Sorted<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

/// A catalogue group: its entries by name, then description.
struct Group<'a>(&'a [Entry]);

impl Serialize for Group<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // By name, then description: each in turn, least significant first.
        let mut entries: Vec<&Entry> = self.0.iter().collect();
        sort_by_text(&mut entries, |entry| &entry.description);
        sort_by_text(&mut entries, |entry| &entry.name);
        serializer.collect_seq(entries.iter().map(|entry| {
            let fields = [("description", entry.description.as_str()), ("name", &entry.name)];
            Sorted(fields.to_vec())
        }))
    }
}

/// A role: `deny`, `description`, `inherits`, `permissions`, each when not empty.
struct RoleView<'a>(&'a Role);

impl Serialize for RoleView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let role = self.0;
        let (deny, allow) = (sorted_texts(&role.deny), sorted_texts(&role.allow));
        let inherits: Vec<&str> = role.inherits.iter().map(|r| r.as_ref()).collect();
        let mut map = serializer.serialize_map(None)?;
        if !deny.is_empty() {
            map.serialize_entry("deny", &deny)?;
        }
        if !role.description.is_empty() {
            map.serialize_entry("description", &role.description)?;
        }
        if !inherits.is_empty() {
            map.serialize_entry("inherits", &inherits)?;
        }
        if !allow.is_empty() {
            map.serialize_entry("permissions", &allow)?;
        }
        map.end()
    }
}

/// The texts of `grants`, sorted, without repeats.
fn sorted_texts(grants: &[StoredGrant]) -> Vec<&str> {
    let mut texts: Vec<&str> = grants.iter().map(|g| g.text.as_ref()).collect();
    sort_dedup(&mut texts);
    texts
}

/// A user: `deny`, `permissions`, `roles`, each when not empty.
struct UserView<'a>(&'a super::user::UserSpec);

impl Serialize for UserView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let spec = self.0;
        let mut map = serializer.serialize_map(None)?;
        for (key, list) in
            [("deny", &spec.deny), ("permissions", &spec.permissions), ("roles", &spec.roles)]
        {
            if !list.is_empty() {
                map.serialize_entry(key, list)?;
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyDocument;

    fn both(rbac: &Rbac) -> (String, String) {
        let streamed = String::from_utf8(canonical_json(rbac)).unwrap_or_default();
        let from_value = serde_json::to_string(&rbac.to_value()).unwrap_or_default();
        (streamed, from_value)
    }

    #[test]
    fn the_streamed_text_is_the_value_tree_s_byte_for_byte() {
        let platform = include_str!("../../tests/data/policy/rbac-config.yaml");
        let platform: serde_json::Value = serde_yaml_ng::from_str(platform).expect("YAML");
        let handmade = serde_json::json!({ "rbac": {
            "roles": {
                "b": { "description": "quote \" tab \t é 😀 \u{1}", "permissions":
                    ["x:y", "a:*", "x:y", "*"], "deny": ["z:z:1", "a:b"], "inherits": ["a"] },
                "a": ["docs:read"],
                "empty": {},
            },
            "permissions": { "docs": [
                { "name": "docs:read", "description": "z" },
                { "name": "docs:read", "description": "a" },
                { "name": "docs:edit", "description": "" },
            ], "empty": [] },
            "users": { "zed": { "roles": ["b", "a"], "permissions": ["q:r"], "deny": ["q:r:s"] },
                "amy": [], "bob": ["a"] },
        }});
        let roles_only = serde_json::json!({ "rbac": { "roles": { "r": ["a:b"] } } });
        for value in [platform, handmade, roles_only] {
            let document = PolicyDocument::from_value(value).expect("a policy");
            let rbac = Rbac::from_policy(&document).expect("a valid policy");
            let (streamed, from_value) = both(&rbac);
            assert_eq!(streamed, from_value);
            assert!(streamed.len() > 30, "{streamed}");
        }
        let (streamed, from_value) = both(&Rbac::new());
        assert_eq!(streamed, from_value);
    }
}
