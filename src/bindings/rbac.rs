//! `Rbac` for JavaScript: checks, explanations, a guard for request handlers, and
//! changes to roles and users, over the rbac engine.
//!
//! A subject is a user's name, or `{ roles, grants, deny }` given with the check.
//! `check` never throws for the text of a permission (a malformed one is denied);
//! a value of the wrong JavaScript type is a `TypeError`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::ascii_pair::{is_well_formed, AsciiPair};
use super::{is_array, js_error, plain_data, policy_from_js, to_js, to_plain, type_error};
use crate::rbac::permission::Request;
use crate::rbac::{
    AccessDenied, Explanation, InvalidPermission, Rbac, RbacError, RoleSpec, Subject, UserSpec,
};

#[wasm_bindgen(typescript_custom_section)]
const TS: &str = r#"
/**
 * Who a check is about: the name of a user of the policy, or the roles and grants a
 * session holds, given with the check (other properties are ignored, so a session
 * object can be passed as it is). `null` and `undefined` hold nothing.
 */
export type RbacSubject = string | RbacHolder | null | undefined;

/** Roles and grants given with a check. Roles the policy does not define hold nothing. */
export interface RbacHolder {
  roles?: readonly string[];
  /** The subject's own grants, `resource:action[:scope]` with `*` wildcards. */
  grants?: readonly string[];
  /** Grants denied to the subject, overriding any allow. */
  deny?: readonly string[];
}

/** A role: its grants, the roles it inherits, and what it denies. */
export interface RbacRoleDefinition {
  description?: string;
  permissions?: string[];
  inherits?: string[];
  deny?: string[];
}

/** A user of the policy: assigned roles and the user's own grants and denials. */
export interface RbacUserDefinition {
  roles?: string[];
  permissions?: string[];
  deny?: string[];
}

/**
 * A policy for `new Rbac()`: a policy document with an `rbac` section, or the original
 * rbac-config shape (top-level `roles` and `permissions`), as an object or JSON text.
 */
export interface RbacPolicy {
  rbac?: {
    roles?: Record<string, RbacRoleDefinition | string[] | null>;
    permissions?: Record<string, Array<{ name: string; description?: string } | string>>;
    users?: Record<string, RbacUserDefinition | string[] | null>;
  };
  roles?: Record<string, RbacRoleDefinition | string[] | null>;
  permissions?: Record<string, Array<{ name: string; description?: string } | string>>;
  users?: Record<string, RbacUserDefinition | string[] | null>;
  [section: string]: unknown;
}

/** What decided a check. */
export type RbacDecisionKind =
  'grant' | 'deny' | 'noGrant' | 'unknownUser' | 'invalidRequest' | 'invalidSubject';

/** A decision with what made it. */
export interface RbacExplanation {
  allowed: boolean;
  kind: RbacDecisionKind;
  /** One sentence naming the grant and role, or the deny, that decided. */
  reason: string;
  /** The allow grant that decided (canonical spelling). */
  grant?: string;
  /** The deny grant that decided. */
  deny?: string;
  /** The role holding that grant; absent for the subject's own grant. */
  role?: string;
  /** The assigned role through which `role` was inherited. */
  via?: string;
  policyHash: string;
}

/** Throws `AccessDeniedError` unless the subject holds the guard's permission. */
export type RbacGuard = (subject: RbacSubject) => void;

/** Thrown by `require` and by guards. */
export interface AccessDeniedError extends Error {
  name: 'AccessDenied';
  code: 'AccessDenied';
  /** The permission that was required. */
  permission: string;
}
"#;

fn string_arg(value: &JsValue, method: &str, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| type_error(&format!("{method}: {name} must be a string")))
}

/// Whether a JavaScript string has a lone surrogate, which turns into U+FFFD on its
/// way into wasm and would make two different names one.
fn has_lone_surrogate(value: &JsValue) -> bool {
    value.is_string() && !is_well_formed(value)
}

/// A role or user name: a string without lone surrogates.
fn name_arg(value: &JsValue, method: &str, name: &str) -> Result<String, JsValue> {
    let text = string_arg(value, method, name)?;
    if has_lone_surrogate(value) {
        let message = format!("{method}: {name} contains a lone UTF-16 surrogate");
        return Err(js_error("InvalidName", &message));
    }
    Ok(text)
}

/// The most entries a list in a subject may have.
const MAX_SUBJECT_LIST: u32 = 100_000;

#[wasm_bindgen(inline_js = "const KEYS = ['roles', 'grants', 'deny'];
export function subjectLists(object, limit) {
    let key = KEYS[0];
    const lists = [];
    let packable = true;
    try {
        for (key of KEYS) {
            const value = object[key];
            if (value === undefined || value === null) {
                lists.push([]);
                continue;
            }
            if (!Array.isArray(value)) return `!${key} must be an array of strings`;
            // The length is read once: a getter that changes the array changes
            // nothing here, and leaves no hole.
            const length = value.length;
            if (!(length <= limit)) return `!${key} has more than ${limit} entries`;
            const list = [];
            for (let i = 0; i < length; i += 1) {
                const item = value[i];
                if (typeof item !== 'string') return `!${key} must be an array of strings`;
                packable &&= !item.includes('\\u0000');
                list.push(item);
            }
            lists.push(list);
        }
    } catch {
        // What was thrown is not looked at: even that could throw.
        return `!${key} could not be read (reading it threw)`;
    }
    if (!packable) return lists;
    try {
        let packed = lists.map((list) => list.length).join(',');
        for (const list of lists) {
            for (const item of list) packed += '\\u0000' + item;
        }
        return packed;
    } catch {
        return '!roles, grants and deny are too long together';
    }
}")]
extern "C" {
    /// The `roles`, `grants` and `deny` lists of a subject object (absent ones
    /// empty), read in one call. Usually one string: the three lengths joined by
    /// `,`, then every entry in order, each after a NUL. When an entry itself holds
    /// a NUL, an array of the three lists instead. `!` then the key and what is
    /// wrong with it when a list is not an array of strings. It never throws.
    #[wasm_bindgen(catch, js_name = subjectLists)]
    fn read_subject_lists(object: &JsValue, limit: u32) -> Result<JsValue, JsValue>;
}

/// The `roles`, `grants` and `deny` of a subject object; absent (`undefined`,
/// `null`) lists are empty.
fn subject_lists(object: &JsValue, method: &str) -> Result<[Vec<String>; 3], JsValue> {
    let lists = read_subject_lists(object, MAX_SUBJECT_LIST).map_err(|_| {
        type_error(&format!("{method}: subject could not be read (reading it threw)"))
    })?;
    let Some(packed) = lists.as_string() else {
        // Plain arrays of strings, made just now.
        let list = |i: u32| Array::from(&Array::from(&lists).get(i));
        let strings = |i| list(i).iter().filter_map(|item| item.as_string()).collect();
        return Ok([strings(0), strings(1), strings(2)]);
    };
    if let Some(problem) = packed.strip_prefix('!') {
        return Err(type_error(&format!("{method}: subject.{problem}")));
    }
    let mut entries = packed.split('\0');
    let mut lengths = entries.next().unwrap_or_default().split(',');
    let mut take = || -> Vec<String> {
        let length = lengths.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        entries.by_ref().take(length).map(str::to_string).collect()
    };
    Ok([take(), take(), take()])
}

/// A subject as the engine takes it: a user's name, or roles and grants.
enum SubjectArg {
    User(String),
    Holder(UserSpec),
}

impl SubjectArg {
    fn read(value: &JsValue, method: &str) -> Result<SubjectArg, JsValue> {
        if let Some(name) = value.as_string() {
            // No user has such a name (names are checked when defined), and the
            // empty name is never a user's.
            let name = if has_lone_surrogate(value) { String::new() } else { name };
            return Ok(SubjectArg::User(name));
        }
        if value.is_undefined() || value.is_null() {
            return Ok(SubjectArg::Holder(UserSpec::default()));
        }
        if !value.is_object() || is_array(value) {
            let message = format!(
                "{method}: subject must be a user name or an object {{ roles, grants, deny }}"
            );
            return Err(type_error(&message));
        }
        let [roles, permissions, deny] = subject_lists(value, method)?;
        Ok(SubjectArg::Holder(UserSpec { roles, permissions, deny }))
    }

    fn subject(&self) -> Subject<'_> {
        match self {
            SubjectArg::User(name) => Subject::User(name),
            SubjectArg::Holder(spec) => Subject::Holder(spec),
        }
    }
}

/// `AccessDenied` as a JavaScript `Error` with a `permission` property.
fn access_denied(error: &AccessDenied) -> JsValue {
    let value = to_js(error.clone());
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&value, &"permission".into(), &error.permission().into());
    value
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExplanationView<'a> {
    allowed: bool,
    kind: &'static str,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    grant: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deny: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
    policy_hash: &'a str,
}

impl<'a> ExplanationView<'a> {
    fn new(e: &'a Explanation, policy_hash: &'a str) -> Self {
        let deciding = e.grant.as_deref();
        let denied = matches!(e.kind, crate::rbac::DecisionKind::Deny);
        ExplanationView {
            allowed: e.allowed,
            kind: e.kind.as_str(),
            reason: &e.reason,
            grant: deciding.filter(|_| !denied),
            deny: deciding.filter(|_| denied),
            role: e.role.as_deref(),
            via: e.via.as_deref(),
            policy_hash,
        }
    }
}

/// Reads a role or user definition: an object, or a list (of grants for a role, of
/// roles for a user).
fn definition_value(value: JsValue, method: &str) -> Result<serde_json::Value, JsValue> {
    if !value.is_object() {
        return Err(type_error(&format!("{method}: definition must be an object or an array")));
    }
    plain_data(&value, &format!("{method}: definition"), "InvalidPolicy")
}

/// A role-based access control policy, compiled for checking. Changes are visible to
/// the very next check, guards included.
#[wasm_bindgen(js_name = Rbac)]
pub struct JsRbac {
    // Shared with the guards this engine hands out.
    inner: Rc<RefCell<Rbac>>,
    // Where `check` and `require` take a user name and a permission.
    names: AsciiPair,
}

impl JsRbac {
    fn engine(&self) -> Result<std::cell::Ref<'_, Rbac>, JsValue> {
        self.inner.try_borrow().map_err(|_| js_error("InternalError", "rbac engine is busy"))
    }

    /// The decision for a user's name and a permission, both short ASCII strings
    /// (the common case, taken without allocating); `None` for anything else.
    fn check_names(
        &self,
        subject: &JsValue,
        permission: &JsValue,
    ) -> Result<Option<bool>, JsValue> {
        let Some((user, permission)) = self.names.copy(subject, permission) else {
            return Ok(None);
        };
        Ok(Some(self.engine()?.check(user, permission)))
    }

    fn engine_mut(&self) -> Result<std::cell::RefMut<'_, Rbac>, JsValue> {
        self.inner.try_borrow_mut().map_err(|_| js_error("InternalError", "rbac engine is busy"))
    }
}

#[wasm_bindgen(js_class = Rbac)]
impl JsRbac {
    /// Builds the engine from a policy document (an object or JSON text: an `rbac`
    /// section, or the original `roles` + `permissions` shape), or from the embedded
    /// default policy when none is given.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "RbacPolicy | string | null")]
        policy: JsValue,
    ) -> Result<JsRbac, JsValue> {
        let document = policy_from_js(&policy)?;
        let rbac = Rbac::from_policy(&document).map_err(to_js)?;
        Ok(JsRbac { inner: Rc::new(RefCell::new(rbac)), names: AsciiPair::new() })
    }

    /// Whether `subject` may do `permission`. Never throws for a malformed permission
    /// (it is denied); deny by default.
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbacSubject")] subject: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] permission: JsValue,
    ) -> Result<bool, JsValue> {
        if let Some(allowed) = self.check_names(&subject, &permission)? {
            return Ok(allowed);
        }
        let subject = SubjectArg::read(&subject, "check")?;
        let permission = string_arg(&permission, "check", "permission")?;
        Ok(self.engine()?.check(subject.subject(), &permission))
    }

    /// The decision of `check` with the grant and role (or the deny) that made it.
    #[wasm_bindgen(unchecked_return_type = "RbacExplanation")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbacSubject")] subject: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] permission: JsValue,
    ) -> Result<JsValue, JsValue> {
        let subject = SubjectArg::read(&subject, "explain")?;
        let permission = string_arg(&permission, "explain", "permission")?;
        let engine = self.engine()?;
        let explanation = engine.explain(subject.subject(), &permission);
        to_plain(&ExplanationView::new(&explanation, engine.policy_hash()))
    }

    /// Throws an `AccessDenied` error (with a `permission` property) unless `subject`
    /// may do `permission`.
    pub fn require(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbacSubject")] subject: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] permission: JsValue,
    ) -> Result<(), JsValue> {
        // Allowed is the common case; a denial is worked out again to name it.
        if self.check_names(&subject, &permission)? == Some(true) {
            return Ok(());
        }
        let subject = SubjectArg::read(&subject, "require")?;
        let permission = string_arg(&permission, "require", "permission")?;
        let result = self.engine()?.require(subject.subject(), &permission);
        result.map_err(|e| access_denied(&e))
    }

    /// A function `(subject) => void` for request handlers that throws `AccessDenied`
    /// unless the subject may do `permission`; it sees every later change, and throws
    /// `InternalError` once the engine is freed. A malformed permission is an
    /// `InvalidPermission` error here, not a guard that denies all.
    #[wasm_bindgen(unchecked_return_type = "RbacGuard")]
    pub fn guard(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] permission: JsValue,
    ) -> Result<JsValue, JsValue> {
        let permission = string_arg(&permission, "guard", "permission")?;
        if let Err(e) = Request::parse(&permission) {
            let place = "required by a guard".to_string();
            let error = InvalidPermission::new(&permission, e, place);
            return Err(to_js(RbacError::InvalidPermission(error)));
        }
        // A guard does not keep its engine alive: once the engine is freed, it refuses.
        let engine = Rc::downgrade(&self.inner);
        let guard = move |subject: JsValue| -> Result<(), JsValue> {
            let subject = SubjectArg::read(&subject, "guard")?;
            let engine = engine
                .upgrade()
                .ok_or_else(|| js_error("InternalError", "guard: its rbac engine was freed"))?;
            let rbac = engine
                .try_borrow()
                .map_err(|_| js_error("InternalError", "rbac engine is busy"))?;
            rbac.require(subject.subject(), &permission).map_err(|e| access_denied(&e))
        };
        let closure = Closure::<dyn Fn(JsValue) -> Result<(), JsValue>>::new(guard);
        Ok(closure.into_js_value())
    }

    /// The subject's effective grants: sorted, de-duplicated, canonically spelled,
    /// without those a deny wholly overrides.
    #[wasm_bindgen(js_name = permissionsOf)]
    pub fn permissions_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbacSubject")] subject: JsValue,
    ) -> Result<Vec<String>, JsValue> {
        let subject = SubjectArg::read(&subject, "permissionsOf")?;
        Ok(self.engine()?.permissions_of(subject.subject()))
    }

    /// The subject's effective denials, sorted.
    #[wasm_bindgen(js_name = denialsOf)]
    pub fn denials_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbacSubject")] subject: JsValue,
    ) -> Result<Vec<String>, JsValue> {
        let subject = SubjectArg::read(&subject, "denialsOf")?;
        Ok(self.engine()?.denials_of(subject.subject()))
    }

    /// The roles the subject holds (not those inherited) that the policy defines,
    /// sorted.
    #[wasm_bindgen(js_name = rolesOf)]
    pub fn roles_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbacSubject")] subject: JsValue,
    ) -> Result<Vec<String>, JsValue> {
        let subject = SubjectArg::read(&subject, "rolesOf")?;
        Ok(self.engine()?.roles_of(subject.subject()))
    }

    /// The names of all roles, sorted.
    #[wasm_bindgen(js_name = roleNames)]
    pub fn role_names(&self) -> Result<Vec<String>, JsValue> {
        Ok(self.engine()?.role_names())
    }

    /// A role's definition (grants canonically spelled, lists sorted), or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "RbacRoleDefinition | undefined")]
    pub fn role(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> Result<JsValue, JsValue> {
        let name = name_arg(&name, "role", "name")?;
        match self.engine()?.role(&name) {
            Some(spec) => to_plain(&RoleView::from(&spec)),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Defines a role, or replaces an existing one (its users and heirs keep it).
    /// Throws `InvalidPermission`, `UnknownRole`, `CyclicInheritance`, `InvalidName`
    /// or `InvalidPolicy` naming the role and grant; on error nothing changes.
    #[wasm_bindgen(js_name = defineRole)]
    pub fn define_role(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RbacRoleDefinition | string[]")] definition: JsValue,
    ) -> Result<(), JsValue> {
        let name = name_arg(&name, "defineRole", "name")?;
        let value = definition_value(definition, "defineRole")?;
        let spec = RoleSpec::from_value_of(&value, &name).map_err(to_js)?;
        self.engine_mut()?.define_role(&name, &spec).map_err(to_js)
    }

    /// Deletes a role, taking it from every user and every role inheriting it.
    /// Throws `UnknownRole` if there is none.
    #[wasm_bindgen(js_name = deleteRole)]
    pub fn delete_role(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> Result<(), JsValue> {
        let name = name_arg(&name, "deleteRole", "name")?;
        self.engine_mut()?.delete_role(&name).map_err(to_js)
    }

    /// Defines a user (roles and own grants), or replaces an existing one's.
    #[wasm_bindgen(js_name = defineUser)]
    pub fn define_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RbacUserDefinition | string[]")] definition: JsValue,
    ) -> Result<(), JsValue> {
        let name = name_arg(&name, "defineUser", "name")?;
        let value = definition_value(definition, "defineUser")?;
        let spec = UserSpec::from_value_of(&value, &name).map_err(to_js)?;
        self.engine_mut()?.define_user(&name, &spec).map_err(to_js)
    }

    /// Deletes a user; `false` if there was none.
    #[wasm_bindgen(js_name = deleteUser)]
    pub fn delete_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> Result<bool, JsValue> {
        let name = name_arg(&name, "deleteUser", "name")?;
        Ok(self.engine_mut()?.delete_user(&name))
    }

    /// Assigns a role to a user (creating the user); `false` if it already had it.
    /// Throws `UnknownRole` for a role the policy does not define.
    pub fn assign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] user: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] role: JsValue,
    ) -> Result<bool, JsValue> {
        let user = name_arg(&user, "assign", "user")?;
        let role = name_arg(&role, "assign", "role")?;
        self.engine_mut()?.assign_role(&user, &role).map_err(to_js)
    }

    /// Takes a role from a user; `false` if it did not have it. Throws `UnknownRole`
    /// or `UnknownUser`, so that a misspelt revocation is not taken for a done one.
    pub fn revoke(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] user: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] role: JsValue,
    ) -> Result<bool, JsValue> {
        let user = name_arg(&user, "revoke", "user")?;
        let role = name_arg(&role, "revoke", "role")?;
        self.engine_mut()?.revoke_role(&user, &role).map_err(to_js)
    }

    /// Keys of the policy no engine reads, and grants outside the permission
    /// catalogue.
    pub fn warnings(&self) -> Result<Vec<String>, JsValue> {
        Ok(self.engine()?.warnings())
    }

    /// The content hash of the policy as it is now, `sha256:<hex>`.
    #[wasm_bindgen(getter, js_name = policyHash)]
    pub fn policy_hash(&self) -> Result<String, JsValue> {
        Ok(self.engine()?.policy_hash().to_string())
    }
}

#[derive(Serialize)]
struct RoleView<'a> {
    description: &'a str,
    permissions: &'a [String],
    inherits: &'a [String],
    deny: &'a [String],
}

impl<'a> From<&'a RoleSpec> for RoleView<'a> {
    fn from(spec: &'a RoleSpec) -> Self {
        RoleView {
            description: &spec.description,
            permissions: &spec.permissions,
            inherits: &spec.inherits,
            deny: &spec.deny,
        }
    }
}
