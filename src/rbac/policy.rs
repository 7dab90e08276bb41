//! Reading the rbac section of a policy document, and writing its canonical form.
//!
//! The section is checked strictly: a key this module does not know, or a value of
//! the wrong type, is an [`InvalidPolicy`] error naming its path (a misspelt `deny`
//! must not silently drop a denial). Grants outside the permission catalogue are
//! only warnings.

use serde_json::{json, Map, Value};

use super::catalogue::{Catalogue, Entry};
use super::error::{quote, InvalidPermission, InvalidPolicy, RbacError};
use super::permission::{Grant, Request};
use super::role::RoleSpec;
use super::sorted::sort_by_text;
use super::user::UserSpec;
use super::Rbac;
use crate::policy::{type_name, PolicyDocument, PolicyError};

impl From<PolicyError> for RbacError {
    fn from(error: PolicyError) -> Self {
        RbacError::InvalidPolicy(InvalidPolicy::new(error.to_string()))
    }
}

fn shape_error(path: &str, expected: &str, found: &Value) -> RbacError {
    RbacError::InvalidPolicy(InvalidPolicy::new(format!(
        "{} must be {expected}, found {}",
        quote(path),
        type_name(found)
    )))
}

fn unknown_key(path: &str, key: &str, known: &str) -> RbacError {
    RbacError::InvalidPolicy(InvalidPolicy::new(format!(
        "unknown key {}; expected {known}",
        quote(&join(path, key))
    )))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// An object, or an empty one for `null`.
fn object<'a>(value: &'a Value, path: &str) -> Result<Option<&'a Map<String, Value>>, RbacError> {
    match value {
        Value::Null => Ok(None),
        Value::Object(map) => Ok(Some(map)),
        other => Err(shape_error(path, "an object", other)),
    }
}

/// A list of strings; `null` is an empty list.
fn strings(value: Option<&Value>, path: &str) -> Result<Vec<String>, RbacError> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => return Err(shape_error(path, "an array of strings", other)),
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(text) => out.push(text.clone()),
            other => return Err(shape_error(&format!("{path}[{i}]"), "a string", other)),
        }
    }
    Ok(out)
}

/// A string; `null` is empty.
fn text(value: Option<&Value>, path: &str) -> Result<String, RbacError> {
    match value {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(other) => Err(shape_error(path, "a string", other)),
    }
}

impl RoleSpec {
    /// Reads a role definition: `{description, permissions, inherits, deny}` (each
    /// optional), or a bare list of permissions.
    ///
    /// # Errors
    ///
    /// [`RbacError::InvalidPolicy`] naming the field of the wrong type or unknown.
    pub fn from_value(value: &Value) -> Result<RoleSpec, RbacError> {
        role_spec(value, "")
    }

    /// [`from_value`](Self::from_value) for role `name`: errors name the path
    /// `roles.<name>.<field>`, as in a policy.
    ///
    /// # Errors
    ///
    /// As [`from_value`](Self::from_value).
    pub fn from_value_of(value: &Value, name: &str) -> Result<RoleSpec, RbacError> {
        role_spec(value, &join("roles", name))
    }
}

fn role_spec(value: &Value, path: &str) -> Result<RoleSpec, RbacError> {
    if let Value::Array(_) = value {
        return Ok(RoleSpec { permissions: strings(Some(value), path)?, ..RoleSpec::default() });
    }
    let Some(map) = object(value, path)? else { return Ok(RoleSpec::default()) };
    for key in map.keys() {
        if !matches!(key.as_str(), "description" | "permissions" | "inherits" | "deny") {
            let known = "`description`, `permissions`, `inherits` or `deny`";
            return Err(unknown_key(path, key, known));
        }
    }
    Ok(RoleSpec {
        description: text(map.get("description"), &join(path, "description"))?,
        permissions: strings(map.get("permissions"), &join(path, "permissions"))?,
        inherits: strings(map.get("inherits"), &join(path, "inherits"))?,
        deny: strings(map.get("deny"), &join(path, "deny"))?,
    })
}

impl UserSpec {
    /// Reads a user definition: `{roles, permissions, deny}` (each optional; `direct`
    /// is accepted for `permissions`), or a bare list of roles.
    ///
    /// # Errors
    ///
    /// [`RbacError::InvalidPolicy`] naming the field of the wrong type or unknown.
    pub fn from_value(value: &Value) -> Result<UserSpec, RbacError> {
        user_spec(value, "")
    }

    /// [`from_value`](Self::from_value) for user `name`: errors name the path
    /// `users.<name>.<field>`, as in a policy.
    ///
    /// # Errors
    ///
    /// As [`from_value`](Self::from_value).
    pub fn from_value_of(value: &Value, name: &str) -> Result<UserSpec, RbacError> {
        user_spec(value, &join("users", name))
    }
}

fn user_spec(value: &Value, path: &str) -> Result<UserSpec, RbacError> {
    if let Value::Array(_) = value {
        return Ok(UserSpec { roles: strings(Some(value), path)?, ..UserSpec::default() });
    }
    let Some(map) = object(value, path)? else { return Ok(UserSpec::default()) };
    for key in map.keys() {
        if !matches!(key.as_str(), "roles" | "permissions" | "direct" | "deny") {
            return Err(unknown_key(path, key, "`roles`, `permissions` or `deny`"));
        }
    }
    let permissions = match (map.get("permissions"), map.get("direct")) {
        (Some(_), Some(_)) => {
            let message = format!("{} has both `permissions` and `direct`", quote(path));
            return Err(RbacError::InvalidPolicy(InvalidPolicy::new(message)));
        }
        (Some(list), None) => strings(Some(list), &join(path, "permissions"))?,
        (None, list) => strings(list, &join(path, "direct"))?,
    };
    Ok(UserSpec {
        roles: strings(map.get("roles"), &join(path, "roles"))?,
        permissions,
        deny: strings(map.get("deny"), &join(path, "deny"))?,
    })
}

/// Reads the catalogue; entries filed under another resource are noted.
fn catalogue(value: &Value, notes: &mut Vec<String>) -> Result<Option<Catalogue>, RbacError> {
    let Some(groups) = object(value, "permissions")? else { return Ok(None) };
    let mut catalogue = Catalogue::default();
    for (group, entries) in groups {
        let path = join("permissions", group);
        let entries = match entries {
            Value::Null => continue,
            Value::Array(entries) => entries,
            other => return Err(shape_error(&path, "an array", other)),
        };
        for (i, entry) in entries.iter().enumerate() {
            let path = format!("{path}[{i}]");
            let (name, description) = match entry {
                Value::String(name) => (name.clone(), String::new()),
                Value::Object(map) => {
                    if let Some(key) =
                        map.keys().find(|k| !matches!(k.as_str(), "name" | "description"))
                    {
                        return Err(unknown_key(&path, key, "`name` or `description`"));
                    }
                    match map.get("name") {
                        Some(Value::String(_)) => {}
                        Some(other) => {
                            return Err(shape_error(&join(&path, "name"), "a string", other))
                        }
                        None => {
                            let message = format!("{} has no `name`", quote(&path));
                            return Err(RbacError::InvalidPolicy(InvalidPolicy::new(message)));
                        }
                    }
                    let description = text(map.get("description"), &join(&path, "description"))?;
                    (text(map.get("name"), &path)?, description)
                }
                other => return Err(shape_error(&path, "an object with `name`", other)),
            };
            let request = Request::parse(&name).map_err(|e| {
                let place = format!("in the permission catalogue at {}", quote(&path));
                RbacError::InvalidPermission(InvalidPermission::new(&name, e, place))
            })?;
            if request.resource != group {
                notes.push(format!(
                    "the permission catalogue lists {} under resource {}",
                    quote(&name),
                    quote(group)
                ));
            }
            catalogue.add(group, &request, Entry { name: name.clone(), description });
        }
    }
    Ok(Some(catalogue))
}

impl Rbac {
    /// Reads the rbac section of a policy document: `roles`, and optionally the
    /// `permissions` catalogue and `users`.
    ///
    /// # Errors
    ///
    /// [`RbacError::InvalidPolicy`] naming a path of the wrong shape, and every error
    /// of [`define_role`](Self::define_role) and [`define_user`](Self::define_user).
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::rbac::Rbac;
    /// use serde_json::json;
    ///
    /// let rbac = Rbac::from_section(&json!({
    ///     "roles": {
    ///         "viewer": {"description": "Reads", "permissions": ["docs:read"]},
    ///         "editor": {"permissions": ["docs:*"], "inherits": ["viewer"],
    ///                    "deny": ["docs:delete"]}
    ///     },
    ///     "users": {"ed": {"roles": ["editor"]}}
    /// }))?;
    /// assert!(rbac.check("ed", "docs:write"));
    /// assert!(!rbac.check("ed", "docs:delete"));
    /// # Ok::<(), promptward::rbac::RbacError>(())
    /// ```
    pub fn from_section(section: &Value) -> Result<Rbac, RbacError> {
        let Some(map) = object(section, "rbac")? else { return Ok(Rbac::new()) };
        for key in map.keys() {
            if !matches!(key.as_str(), "roles" | "permissions" | "users") {
                return Err(unknown_key("rbac", key, "`roles`, `permissions` or `users`"));
            }
        }

        let mut rbac = Rbac::new();
        let mut specs = Vec::new();
        if let Some(roles) = map.get("roles").map(|r| object(r, "roles")).transpose()?.flatten() {
            for (name, value) in roles {
                specs.push((name.clone(), role_spec(value, &join("roles", name))?));
            }
        }
        rbac.load_roles(&specs)?;

        if let Some(value) = map.get("permissions") {
            let mut notes = Vec::new();
            rbac.catalogue = catalogue(value, &mut notes)?;
            rbac.notes.extend(notes);
        }

        if let Some(users) = map.get("users").map(|u| object(u, "users")).transpose()?.flatten() {
            for (name, value) in users {
                rbac.define_user(name, &user_spec(value, &join("users", name))?)?;
            }
        }
        Ok(rbac)
    }

    /// Builds the engine from a whole policy document (an empty one if the document
    /// has no rbac section). The document's own warnings are kept.
    ///
    /// # Errors
    ///
    /// As [`from_section`](Self::from_section).
    pub fn from_policy(document: &PolicyDocument) -> Result<Rbac, RbacError> {
        let mut rbac = match &document.rbac {
            Some(section) => Rbac::from_section(section)?,
            None => Rbac::new(),
        };
        rbac.notes.splice(0..0, document.warnings.iter().cloned());
        Ok(rbac)
    }

    /// Builds the engine from JSON text: a whole document, or the original
    /// `roles`/`permissions` shape.
    ///
    /// # Errors
    ///
    /// [`RbacError::InvalidPolicy`] for text that is not a JSON object, and as
    /// [`from_section`](Self::from_section).
    pub fn from_json_str(text: &str) -> Result<Rbac, RbacError> {
        Rbac::from_policy(&PolicyDocument::from_json_str(text)?)
    }

    /// The canonical rbac section: grants canonically spelled, every list sorted and
    /// de-duplicated, empty fields left out. Reading it back gives an equal policy.
    pub fn to_value(&self) -> Value {
        let mut roles = Map::new();
        for (name, _) in self.roles_iter() {
            let Some(spec) = self.role(name) else { continue };
            let mut role = Map::new();
            put_text(&mut role, "description", spec.description);
            put_list(&mut role, "permissions", spec.permissions);
            put_list(&mut role, "inherits", spec.inherits);
            put_list(&mut role, "deny", spec.deny);
            roles.insert(name.to_string(), Value::Object(role));
        }
        let mut section = Map::new();
        section.insert("roles".into(), Value::Object(roles));

        if let Some(catalogue) = &self.catalogue {
            let mut groups = Map::new();
            for (group, entries) in &catalogue.groups {
                let mut entries = entries.clone();
                // By name, then description: each in turn, least significant first.
                sort_by_text(&mut entries, |entry| &entry.description);
                sort_by_text(&mut entries, |entry| &entry.name);
                let entries = entries
                    .into_iter()
                    .map(|e| json!({"name": e.name, "description": e.description}))
                    .collect();
                groups.insert(group.clone(), Value::Array(entries));
            }
            section.insert("permissions".into(), Value::Object(groups));
        }

        let mut users = Map::new();
        for (name, spec) in self.user_specs() {
            let mut user = Map::new();
            put_list(&mut user, "roles", spec.roles);
            put_list(&mut user, "permissions", spec.permissions);
            put_list(&mut user, "deny", spec.deny);
            users.insert(name.to_string(), Value::Object(user));
        }
        if !users.is_empty() {
            section.insert("users".into(), Value::Object(users));
        }
        Value::Object(section)
    }

    /// What the policy does that is allowed but probably not meant: keys no engine
    /// reads, and grants that cover nothing in the permission catalogue (when there is
    /// one). Computed from the current definitions.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = self.notes.clone();
        let Some(catalogue) = &self.catalogue else { return out };
        for (owner, deny, grant) in self.all_grants() {
            if catalogue.covers_something(&grant) {
                continue;
            }
            let verb = if deny { "denies" } else { "grants" };
            let wildcard = Grant::parse(&grant).is_ok_and(|g| g.canonical().contains('*'));
            let what = if wildcard {
                "which matches nothing in the permission catalogue"
            } else {
                "which is not in the permission catalogue"
            };
            out.push(format!("{owner} {verb} {}, {what}", quote(&grant)));
        }
        out
    }
}

fn put_text(map: &mut Map<String, Value>, key: &str, text: String) {
    if !text.is_empty() {
        map.insert(key.into(), Value::String(text));
    }
}

fn put_list(map: &mut Map<String, Value>, key: &str, list: Vec<String>) {
    if !list.is_empty() {
        map.insert(key.into(), Value::Array(list.into_iter().map(Value::String).collect()));
    }
}
