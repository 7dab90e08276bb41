//! Reading one rule of a policy: every field checked by name, so an error says
//! which rule and which field is wrong, and what it should be.
//!
//! ```text
//! rule `employee_id`, field `sensitivity`: `secret` is not one of public, internal,
//! confidential, restricted
//! rule `employee_id`: unknown field `patern`; a rule has name, pattern, detector, ...
//! ```

use serde_json::{Map, Value};

use super::error::InvalidRule;
use super::rule::{Action, Redaction, RuleSpec, Sensitivity, Validator};
use crate::policy::type_name;

/// The fields of a rule, as the policy writes them, with their other spellings.
const RULE_FIELDS: [(&str, Option<&str>); 9] = [
    ("name", None),
    ("pattern", None),
    ("detector", None),
    ("sensitivity", None),
    ("action", None),
    ("description", None),
    ("validator", None),
    ("caseSensitive", Some("case_sensitive")),
    ("redaction", None),
];

/// The fields of a rule's `redaction`.
const REDACTION_FIELDS: [(&str, Option<&str>); 4] =
    [("token", None), ("label", None), ("mask", None), ("keepLast", Some("keep_last"))];

/// Reads a rule, naming it on error; one without a name is named by its
/// `position` in a rule list (counted from 0), or `(unnamed)` outside one.
///
/// # Example
///
/// ```text
/// {"name": "x", "pattern": "a", "sensitivity": "internal", "action": "shout"}
///     rule `x`, field `action`: `shout` is not one of block, redact, warn, log
/// ```
pub(crate) fn read_rule(position: Option<usize>, item: &Value) -> Result<RuleSpec, InvalidRule> {
    let label = match (item.get("name"), position) {
        (Some(Value::String(name)), _) => name.clone(),
        (_, Some(index)) => format!("#{}", index + 1),
        (_, None) => "(unnamed)".to_string(),
    };
    let Value::Object(map) = item else {
        let found = type_name(item);
        return Err(InvalidRule::new(&label, None, format!("must be an object, found {found}")));
    };
    let fields = Fields { map, rule: &label, path: "" };
    fields.known_only(&RULE_FIELDS, "a rule")?;

    let name = fields.required("name", fields.string("name")?)?.to_string();
    let sensitivity =
        fields.required("sensitivity", fields.choice("sensitivity", &SENSITIVITIES)?)?;
    let action = fields.required("action", fields.choice("action", &ACTIONS)?)?;
    let redaction = match fields.value("redaction", None)? {
        None => None,
        Some(value) => Some(read_redaction(&label, value)?),
    };
    Ok(RuleSpec {
        name,
        pattern: fields.string("pattern")?.map(str::to_string),
        detector: fields.string("detector")?.map(str::to_string),
        sensitivity,
        action,
        description: fields.string("description")?.map(str::to_string),
        validator: fields.choice("validator", &VALIDATORS)?,
        case_sensitive: fields.boolean("caseSensitive", Some("case_sensitive"))?.unwrap_or(false),
        redaction,
    })
}

fn read_redaction(rule: &str, value: &Value) -> Result<Redaction, InvalidRule> {
    let Value::Object(map) = value else {
        let found = type_name(value);
        let reason = format!("must be an object, found {found}");
        return Err(InvalidRule::new(rule, Some("redaction"), reason));
    };
    let fields = Fields { map, rule, path: "redaction." };
    fields.known_only(&REDACTION_FIELDS, "a redaction")?;

    let mask = match fields.string("mask")? {
        None => None,
        Some(text) => {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => return Err(fields.wrong("mask", "must be a single character".to_string())),
            }
        }
    };
    let keep_last = match fields.value("keepLast", Some("keep_last"))? {
        None => None,
        Some(value) => match value.as_u64().and_then(|n| u8::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                let reason = "must be a whole number from 0 to 255".to_string();
                return Err(fields.wrong("keepLast", reason));
            }
        },
    };
    Ok(Redaction {
        token: fields.string("token")?.map(str::to_string),
        label: fields.string("label")?.map(str::to_string),
        mask,
        keep_last,
    })
}

const SENSITIVITIES: [Sensitivity; 4] = [
    Sensitivity::Public,
    Sensitivity::Internal,
    Sensitivity::Confidential,
    Sensitivity::Restricted,
];

const ACTIONS: [Action; 4] = [Action::Block, Action::Redact, Action::Warn, Action::Log];

const VALIDATORS: [Validator; 4] =
    [Validator::Luhn, Validator::CreditCard, Validator::Ssn, Validator::Ipv4];

/// A value with a name in a policy, for [`Fields::choice`].
trait Named: Copy {
    fn as_str(self) -> &'static str;
}

impl Named for Sensitivity {
    fn as_str(self) -> &'static str {
        Sensitivity::as_str(self)
    }
}

impl Named for Action {
    fn as_str(self) -> &'static str {
        Action::as_str(self)
    }
}

impl Named for Validator {
    fn as_str(self) -> &'static str {
        Validator::as_str(self)
    }
}

/// The fields of one object of a rule, read one by one. `null` is taken as
/// absent, as YAML writes an empty field.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    rule: &'a str,
    /// What comes before a field's name in messages: empty, or `redaction.`.
    path: &'static str,
}

impl<'a> Fields<'a> {
    /// Refuses a key that is none of `known`, naming the fields there are.
    fn known_only(&self, known: &[(&str, Option<&str>)], what: &str) -> Result<(), InvalidRule> {
        let is_known =
            |key: &str| known.iter().any(|&(name, alias)| key == name || Some(key) == alias);
        match self.map.keys().find(|key| !is_known(key)) {
            None => Ok(()),
            Some(key) => {
                let names: Vec<&str> = known.iter().map(|&(name, _)| name).collect();
                let reason =
                    format!("unknown field `{}{key}`; {what} has {}", self.path, names.join(", "));
                Err(InvalidRule::new(self.rule, None, reason))
            }
        }
    }

    /// The value of `key` (or of its other spelling), `None` when absent or null.
    fn value(
        &self,
        key: &'static str,
        alias: Option<&str>,
    ) -> Result<Option<&'a Value>, InvalidRule> {
        let present = |k: &str| self.map.get(k).filter(|v| !v.is_null());
        match (present(key), alias.and_then(present)) {
            (Some(_), Some(_)) => {
                let other = alias.unwrap_or_default();
                Err(self.wrong(key, format!("is given twice, also as `{}{other}`", self.path)))
            }
            (value, other) => Ok(value.or(other)),
        }
    }

    fn string(&self, key: &'static str) -> Result<Option<&'a str>, InvalidRule> {
        match self.value(key, None)? {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => {
                Err(self.wrong(key, format!("must be a string, found {}", type_name(other))))
            }
        }
    }

    fn boolean(&self, key: &'static str, alias: Option<&str>) -> Result<Option<bool>, InvalidRule> {
        match self.value(key, alias)? {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => {
                Err(self.wrong(key, format!("must be a boolean, found {}", type_name(other))))
            }
        }
    }

    /// One of `options`, by its name.
    fn choice<T: Named>(&self, key: &'static str, options: &[T]) -> Result<Option<T>, InvalidRule> {
        let Some(text) = self.string(key)? else {
            return Ok(None);
        };
        match options.iter().find(|option| option.as_str() == text) {
            Some(&option) => Ok(Some(option)),
            None => {
                let names: Vec<&str> = options.iter().map(|option| option.as_str()).collect();
                Err(self.wrong(key, format!("`{text}` is not one of {}", names.join(", "))))
            }
        }
    }

    fn required<T>(&self, key: &'static str, value: Option<T>) -> Result<T, InvalidRule> {
        value.ok_or_else(|| self.wrong(key, "is missing".to_string()))
    }

    fn wrong(&self, key: &'static str, reason: String) -> InvalidRule {
        // `redaction.` fields are reported under `redaction`, which is what a
        // caller can point at; the reason names the inner field.
        if self.path.is_empty() {
            InvalidRule::new(self.rule, Some(key), reason)
        } else {
            InvalidRule::new(self.rule, Some("redaction"), format!("`{key}` {reason}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error(rule: Value) -> String {
        read_rule(Some(0), &rule).expect_err("refused").to_string()
    }

    #[test]
    fn reads_every_field() {
        let rule = json!({
            "name": "emp", "pattern": "EMP\\d+", "sensitivity": "confidential",
            "action": "redact", "description": null, "validator": "luhn",
            "case_sensitive": true, "redaction": {"mask": "#", "keep_last": 2},
        });
        let spec = read_rule(Some(0), &rule).expect("reads");
        assert_eq!(spec.name, "emp");
        assert_eq!(spec.pattern.as_deref(), Some("EMP\\d+"));
        assert_eq!((spec.sensitivity, spec.action), (Sensitivity::Confidential, Action::Redact));
        assert_eq!((spec.description, spec.validator), (None, Some(Validator::Luhn)));
        assert!(spec.case_sensitive);
        let redaction = spec.redaction.expect("redaction");
        assert_eq!((redaction.mask, redaction.keep_last), (Some('#'), Some(2)));
    }

    #[test]
    fn errors_name_the_rule_and_field() {
        let base =
            || json!({"name": "x", "pattern": "a", "sensitivity": "internal", "action": "warn"});
        let with = |key: &str, value: Value| {
            let mut rule = base();
            rule[key] = value;
            rule
        };
        assert_eq!(
            error(with("sensitivity", json!({"restricted": null}))),
            "rule `x`, field `sensitivity`: must be a string, found an object"
        );
        assert_eq!(
            error(with("action", json!("shout"))),
            "rule `x`, field `action`: `shout` is not one of block, redact, warn, log"
        );
        assert_eq!(
            error(with("caseSensitive", json!("yes"))),
            "rule `x`, field `caseSensitive`: must be a boolean, found a string"
        );
        let unknown = error(with("patern", json!("a")));
        assert!(unknown.starts_with("rule `x`: unknown field `patern`; "), "{unknown}");
        assert_eq!(
            error(json!({"name": 7, "sensitivity": "internal", "action": "warn"})),
            "rule `#1`, field `name`: must be a string, found a number"
        );
        assert_eq!(
            error(json!({"name": "x", "sensitivity": "internal"})),
            "rule `x`, field `action`: is missing"
        );
        assert_eq!(
            error(with("redaction", json!({"mask": "**"}))),
            "rule `x`, field `redaction`: `mask` must be a single character"
        );
        assert!(error(with("redaction", json!({"keepLast": 1, "keep_last": 2})))
            .contains("is given twice"));
        assert!(error(with("redaction", json!({"lable": "X"})))
            .contains("unknown field `redaction.lable`"));
    }
}
