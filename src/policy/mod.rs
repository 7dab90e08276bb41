//! The policy document: one JSON (or YAML, read on the JavaScript side) document
//! with a section per engine.
//!
//! Accepted shapes, alone or together in one document:
//!
//! ```text
//! { "dlp": { "rules": [...], "useDefaults": true },
//!   "mfa": { "totp": {...}, "backup_codes": {...} },
//!   "rbac": { "roles": {...}, "permissions": {...} } }
//!
//! { "security": { "mfa": {...} } }               the original mfa-config shape
//! { "roles": {...}, "permissions": {...} }       the original rbac-config shape
//! ```
//!
//! This module only splits a document into its sections and reports keys it does
//! not know as warnings (the original files carry examples and unrelated sections,
//! and must load as they are). Each engine reads its own section.

use std::fmt;

use serde_json::{Map, Value};

use crate::error::NamedError;

/// The policy that ships inside the module: the built-in DLP rules and the
/// platform's MFA and RBAC configuration.
pub const DEFAULT_POLICY_JSON: &str = include_str!("default-policy.json");

/// A policy document split into its engine sections.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyDocument {
    /// The `dlp` section, if present.
    pub dlp: Option<Value>,
    /// The `mfa` section, from `mfa` or the original `security.mfa`.
    pub mfa: Option<Value>,
    /// The `rbac` section, from `rbac` or the original top-level `roles`.
    pub rbac: Option<Value>,
    /// Keys the document carries that no engine reads, by their path.
    pub warnings: Vec<String>,
}

/// A policy document that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    message: String,
}

impl PolicyError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        PolicyError { message: message.into() }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PolicyError {}

impl NamedError for PolicyError {
    fn name(&self) -> &'static str {
        "InvalidPolicy"
    }
}

impl PolicyDocument {
    /// The embedded default policy.
    pub fn default_policy() -> Self {
        // OK because the embedded document is checked by the tests.
        Self::from_json_str(DEFAULT_POLICY_JSON).unwrap_or_default()
    }

    /// Reads a document from JSON text.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] naming the line and column of a JSON syntax error, or the
    /// section whose shape is wrong.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::policy::PolicyDocument;
    ///
    /// let doc = PolicyDocument::from_json_str(r#"{"security": {"mfa": {"enabled": true}}}"#)
    ///     .unwrap();
    /// assert!(doc.mfa.is_some() && doc.dlp.is_none());
    /// ```
    pub fn from_json_str(text: &str) -> Result<Self, PolicyError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| PolicyError::new(json_problem("policy", &e)))?;
        Self::from_value(value)
    }

    /// Splits an already parsed document into its sections.
    ///
    /// # Errors
    ///
    /// [`PolicyError`] when the document is not an object, or a section is not one.
    pub fn from_value(value: Value) -> Result<Self, PolicyError> {
        let Value::Object(mut top) = value else {
            return Err(PolicyError::new(format!(
                "policy must be an object, found {}",
                type_name(&value)
            )));
        };
        let mut doc = PolicyDocument {
            dlp: take_object(&mut top, "dlp")?,
            mfa: take_object(&mut top, "mfa")?,
            rbac: take_object(&mut top, "rbac")?,
            warnings: Vec::new(),
        };

        if let Some(mut security) = take_object(&mut top, "security")? {
            if let Some(mfa) = security.as_object_mut().and_then(|s| s.remove("mfa")) {
                if doc.mfa.is_some() {
                    return Err(PolicyError::new("policy has both `mfa` and `security.mfa`"));
                }
                expect_object(&mfa, "security.mfa")?;
                doc.mfa = Some(mfa);
            }
            for key in security.as_object().into_iter().flat_map(Map::keys) {
                doc.warnings.push(format!("unused key `security.{key}`"));
            }
        }

        if top.contains_key("roles") {
            if doc.rbac.is_some() {
                return Err(PolicyError::new("policy has both `rbac` and top-level `roles`"));
            }
            let mut rbac = Map::new();
            for key in ["roles", "permissions", "users"] {
                if let Some(section) = top.remove(key) {
                    rbac.insert(key.to_string(), section);
                }
            }
            doc.rbac = Some(Value::Object(rbac));
        }

        for key in top.keys() {
            doc.warnings.push(format!("unused key `{key}`"));
        }
        Ok(doc)
    }
}

/// What is wrong with JSON text, and where: a syntax error, or nesting deeper
/// than the reader allows. Never the text itself.
pub(crate) fn json_problem(what: &str, error: &serde_json::Error) -> String {
    let (line, column) = (error.line(), error.column());
    if error.to_string().starts_with("recursion limit exceeded") {
        format!("{what} nests too deeply at line {line} column {column}")
    } else {
        format!("{what} is not valid JSON at line {line} column {column}")
    }
}

fn take_object(map: &mut Map<String, Value>, key: &str) -> Result<Option<Value>, PolicyError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => {
            expect_object(&value, key)?;
            Ok(Some(value))
        }
    }
}

fn expect_object(value: &Value, path: &str) -> Result<(), PolicyError> {
    if value.is_object() {
        Ok(())
    } else {
        Err(PolicyError::new(format!("`{path}` must be an object, found {}", type_name(value))))
    }
}

/// The JSON name of a value's type, for error messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn original_shapes_are_recognised() {
        let doc = PolicyDocument::from_value(json!({
            "security": {"mfa": {"enabled": true}},
            "roles": {"r": {"permissions": ["a:b"]}},
            "permissions": {},
            "soc2_controls": {}
        }))
        .unwrap();
        assert_eq!(doc.mfa, Some(json!({"enabled": true})));
        assert_eq!(
            doc.rbac,
            Some(json!({"roles": {"r": {"permissions": ["a:b"]}}, "permissions": {}}))
        );
        assert_eq!(doc.warnings, vec!["unused key `soc2_controls`"]);
    }

    #[test]
    fn sections_must_be_objects() {
        let err = PolicyDocument::from_value(json!({"dlp": [1]})).unwrap_err();
        assert_eq!(err.to_string(), "`dlp` must be an object, found an array");
        let err = PolicyDocument::from_json_str("{\n  \"dlp\": ").unwrap_err();
        assert!(err.to_string().starts_with("policy is not valid JSON at line 2"), "{err}");
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let err = PolicyDocument::from_json_str(&deep).unwrap_err();
        assert!(err.to_string().starts_with("policy nests too deeply at line 1"), "{err}");
    }

    #[test]
    fn embedded_default_policy_reads() {
        let doc = PolicyDocument::from_json_str(DEFAULT_POLICY_JSON).unwrap();
        assert!(doc.dlp.is_some() && doc.mfa.is_some() && doc.rbac.is_some());
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    }
}
