//! Reading the `dlp` section of a policy document.

use serde_json::Value;

use super::error::DlpError;
use super::rule::RuleSpec;
use super::rule_reader::read_rule;
use crate::policy::{type_name, PolicyError};

/// The `dlp` section, read but not yet compiled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DlpSection {
    pub(crate) use_defaults: bool,
    pub(crate) rules: Vec<RuleSpec>,
    pub(crate) warnings: Vec<String>,
}

impl DlpSection {
    /// The section of a policy without one: the built-in rules.
    pub(crate) fn defaults() -> Self {
        DlpSection { use_defaults: true, rules: Vec::new(), warnings: Vec::new() }
    }

    /// Reads `{ "rules": [...], "useDefaults": bool }`.
    ///
    /// Without `rules`, the built-in rules apply. With `rules`, they are the whole
    /// ruleset unless `useDefaults` is true. Other keys (the original file keeps
    /// examples there) are reported as warnings.
    pub(crate) fn from_value(section: &Value) -> Result<Self, DlpError> {
        let Value::Object(map) = section else {
            let found = type_name(section);
            return Err(PolicyError::new(format!("`dlp` must be an object, found {found}")).into());
        };
        let mut out = DlpSection::defaults();
        let mut explicit_defaults = None;
        for (key, value) in map {
            match key.as_str() {
                "rules" => out.rules = read_rules(value)?,
                "useDefaults" | "use_defaults" => match value {
                    Value::Bool(b) => explicit_defaults = Some(*b),
                    other => {
                        let found = type_name(other);
                        let msg = format!("`dlp.{key}` must be a boolean, found {found}");
                        return Err(PolicyError::new(msg).into());
                    }
                },
                _ => out.warnings.push(format!("unused key `dlp.{key}`")),
            }
        }
        out.use_defaults = explicit_defaults.unwrap_or(!map.contains_key("rules"));
        Ok(out)
    }
}

fn read_rules(value: &Value) -> Result<Vec<RuleSpec>, DlpError> {
    let Value::Array(items) = value else {
        let found = type_name(value);
        return Err(PolicyError::new(format!("`dlp.rules` must be an array, found {found}")).into());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| read_rule(Some(i), item).map_err(DlpError::from))
        .collect()
}
