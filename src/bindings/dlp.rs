//! `Scanner` for JavaScript: the DLP engine with UTF-16 offsets, plain result
//! objects, statistics and scan ids.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{js_error, to_js, type_error};
use crate::dlp::{self, utf16, ScanStats};
use crate::policy::PolicyDocument;

/// Serialises with plain objects for maps, as JSON would.
fn to_plain<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| js_error("InternalError", &e.to_string()))
}

/// Reads a policy given as `undefined`, an object or JSON text.
pub(crate) fn policy_from_js(policy: &JsValue) -> Result<PolicyDocument, JsValue> {
    if policy.is_undefined() || policy.is_null() {
        return Ok(PolicyDocument::default_policy());
    }
    if let Some(text) = policy.as_string() {
        return PolicyDocument::from_json_str(&text).map_err(|e| {
            let looks_like_json = text.trim_start().starts_with(['{', '[']);
            if looks_like_json {
                to_js(e)
            } else {
                let hint = "policy text is not JSON; read YAML policies with `parsePolicyText` \
                            from `promptward/yaml` and pass the object";
                js_error("InvalidPolicy", hint)
            }
        });
    }
    if !policy.is_object() {
        return Err(type_error("policy must be an object, a JSON string or undefined"));
    }
    let value: serde_json::Value = serde_wasm_bindgen::from_value(policy.clone())
        .map_err(|e| js_error("InvalidPolicy", &format!("policy is not plain data: {e}")))?;
    PolicyDocument::from_value(value).map_err(to_js)
}

fn text_arg(text: &JsValue, method: &str) -> Result<String, JsValue> {
    text.as_string().ok_or_else(|| type_error(&format!("{method}: text must be a string")))
}

/// One match, as JavaScript sees it: UTF-16 offsets.
#[derive(Serialize)]
struct MatchView<'a> {
    rule: &'a str,
    start: usize,
    end: usize,
    sensitivity: &'static str,
    action: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScanView<'a> {
    action: &'static str,
    matches: Vec<MatchView<'a>>,
    text_length: usize,
    policy_hash: &'a str,
    scan_id: String,
}

#[derive(Serialize)]
struct RuleView<'a> {
    name: &'a str,
    sensitivity: &'static str,
    action: &'static str,
    description: Option<&'a str>,
    kind: &'static str,
}

/// Scan ids: a random prefix per scanner, drawn at its first scan (never at
/// module load), and a counter. Nothing of the text goes into them.
#[derive(Default)]
struct ScanIds {
    prefix: Option<String>,
    counter: u64,
}

impl ScanIds {
    fn next(&mut self) -> String {
        let prefix = self.prefix.get_or_insert_with(|| {
            let mut bytes = [0u8; 8];
            match getrandom::fill(&mut bytes) {
                Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
                // Scan ids need uniqueness, not secrecy: without a random source
                // they stay unique per scanner.
                Err(_) => "0000000000000000".to_string(),
            }
        });
        self.counter += 1;
        format!("{prefix}{:08x}", self.counter)
    }
}

/// A compiled DLP ruleset that scans and redacts prompts.
#[wasm_bindgen(js_name = Scanner)]
pub struct JsScanner {
    inner: dlp::Scanner,
    stats: ScanStats,
    ids: ScanIds,
}

#[wasm_bindgen(js_class = Scanner)]
impl JsScanner {
    /// Builds a scanner from a policy document (an object or JSON text), or from
    /// the embedded default policy when none is given.
    #[wasm_bindgen(constructor)]
    pub fn new(policy: JsValue) -> Result<JsScanner, JsValue> {
        let document = policy_from_js(&policy)?;
        let inner = dlp::Scanner::from_policy(&document).map_err(to_js)?;
        Ok(JsScanner { inner, stats: ScanStats::default(), ids: ScanIds::default() })
    }

    /// Adds a rule `{ name, pattern | detector, sensitivity, action, ... }`.
    #[wasm_bindgen(js_name = addRule)]
    pub fn add_rule(&mut self, rule: JsValue) -> Result<(), JsValue> {
        if !rule.is_object() {
            return Err(type_error("addRule: rule must be an object"));
        }
        let value: serde_json::Value = serde_wasm_bindgen::from_value(rule)
            .map_err(|e| js_error("InvalidRule", &format!("rule is not plain data: {e}")))?;
        self.inner.add_rule_value(&value).map_err(to_js)
    }

    /// Scans `text`; offsets are UTF-16 code units, so `text.slice(start, end)`
    /// is the match.
    pub fn scan(&mut self, text: JsValue) -> Result<JsValue, JsValue> {
        let text = text_arg(&text, "scan")?;
        let report = self.inner.scan(&text);
        self.stats.record(&self.inner, &report);

        let mut offsets: Vec<usize> =
            report.matches.iter().flat_map(|m| [m.start, m.end]).collect();
        utf16::convert(&text, &mut offsets);
        let matches = report
            .matches
            .iter()
            .zip(offsets.chunks_exact(2))
            .map(|(m, span)| MatchView {
                rule: self.inner.rules().get(m.rule).map_or("", |r| r.name.as_str()),
                start: span.first().copied().unwrap_or(0),
                end: span.get(1).copied().unwrap_or(0),
                sensitivity: self.inner.sensitivity_of(m).as_str(),
                action: self.inner.action_of(m).as_str(),
            })
            .collect();
        let view = ScanView {
            action: report.verdict.as_str(),
            matches,
            text_length: utf16::len(&text),
            policy_hash: self.inner.policy_hash(),
            scan_id: self.ids.next(),
        };
        to_plain(&view)
    }

    /// Returns `text` with its `block` and `redact` matches replaced.
    pub fn redact(&mut self, text: JsValue) -> Result<String, JsValue> {
        let text = text_arg(&text, "redact")?;
        Ok(self.inner.redact(&text))
    }

    /// Counts of scans, verdicts and matches per rule; never any matched text.
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        to_plain(&self.stats)
    }

    /// The rules of this scanner, in order.
    pub fn rules(&self) -> Result<JsValue, JsValue> {
        let views: Vec<RuleView> = self
            .inner
            .rules()
            .iter()
            .map(|r| RuleView {
                name: &r.name,
                sensitivity: r.sensitivity.as_str(),
                action: r.action.as_str(),
                description: r.description.as_deref(),
                kind: if r.pattern.is_some() { "pattern" } else { "builtin" },
            })
            .collect();
        to_plain(&views)
    }

    /// Keys of the policy no engine reads.
    pub fn warnings(&self) -> Vec<String> {
        self.inner.warnings().to_vec()
    }

    /// The content hash of the ruleset, `sha256:<hex>`.
    #[wasm_bindgen(getter, js_name = policyHash)]
    pub fn policy_hash(&self) -> String {
        self.inner.policy_hash().to_string()
    }
}

/// The embedded default policy document.
#[wasm_bindgen(js_name = defaultPolicy)]
pub fn default_policy() -> Result<JsValue, JsValue> {
    let value: serde_json::Value = serde_json::from_str(crate::policy::DEFAULT_POLICY_JSON)
        .map_err(|e| js_error("InternalError", &e.to_string()))?;
    to_plain(&value)
}
