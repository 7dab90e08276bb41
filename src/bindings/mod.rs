//! The JavaScript surface: the only module that knows about wasm-bindgen.
//!
//! Each engine has its own file here; this one holds what they share: turning a
//! [`NamedError`] into a JavaScript `Error` with a stable `name` and `code`, and
//! reading a policy document given from JavaScript.

use wasm_bindgen::prelude::*;

use crate::error::NamedError;

#[cfg(feature = "dlp")]
mod dlp;
#[cfg(feature = "rbac")]
mod rbac;
#[cfg(feature = "dlp")]
mod text;
#[cfg(feature = "totp")]
mod totp;

/// Builds a JavaScript `Error` whose `name` and `code` are `name`.
pub(crate) fn js_error(name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(name));
    error.into()
}

/// Converts any of the crate's errors into a JavaScript `Error`.
pub(crate) fn to_js<E: NamedError>(error: E) -> JsValue {
    js_error(error.name(), &error.to_string())
}

/// Builds a JavaScript `TypeError`, for a value of the wrong JavaScript type.
pub(crate) fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// How deep an object given from JavaScript may nest: far beyond any policy, and
/// well within the stack the conversion into Rust values needs.
const MAX_PLAIN_DEPTH: u32 = 64;

/// How many objects and arrays one value given from JavaScript may hold, counting
/// each time a shared one is reached again.
const MAX_PLAIN_NODES: u32 = 1_000_000;

#[wasm_bindgen(inline_js = "export function plainDataProblem(value, maxDepth, maxNodes) {
    const pending = [[value, 1]];
    let nodes = 0;
    while (pending.length > 0) {
        const [item, depth] = pending.pop();
        if (item === null || typeof item !== 'object') continue;
        if (depth > maxDepth) {
            return `it nests deeper than ${maxDepth} levels (a circular reference?)`;
        }
        if (++nodes > maxNodes) return `it holds more than ${maxNodes} objects and arrays`;
        const children = Array.isArray(item) ? item
            : item instanceof Map ? Array.from(item.values()) : Object.values(item);
        for (const child of children) pending.push([child, depth + 1]);
    }
    return undefined;
}
export function jsonText(value) {
    try {
        return JSON.stringify(value, (key, item) => item instanceof Map
            ? Object.fromEntries(item) : item);
    } catch (error) {
        return { problem: String(error && error.message) };
    }
}
export function parseJson(text) {
    return JSON.parse(text);
}")]
extern "C" {
    /// What makes `value` unfit to convert, or `None`: too deep (a cycle is
    /// endlessly deep) or too large. An iterative walk, so it needs no stack.
    #[wasm_bindgen(js_name = plainDataProblem)]
    fn plain_data_problem(value: &JsValue, max_depth: u32, max_nodes: u32) -> Option<String>;

    /// `JSON.stringify(value)`, with maps as objects; `{ problem }` when it throws
    /// (a `BigInt`, a getter that throws).
    #[wasm_bindgen(js_name = jsonText)]
    fn json_text(value: &JsValue) -> JsValue;

    /// `JSON.parse(text)`, for JSON this module wrote.
    #[wasm_bindgen(js_name = parseJson)]
    fn parse_json(text: &str) -> JsValue;
}

/// Converts an object given from JavaScript into a JSON value, by way of
/// `JSON.stringify`. A circular, too deeply nested or too large object is refused
/// with the error `name`, before it could exhaust the stack or the memory.
pub(crate) fn plain_data(
    value: &JsValue,
    what: &str,
    name: &str,
) -> Result<serde_json::Value, JsValue> {
    let not_plain = |problem: &str| js_error(name, &format!("{what} is not plain data: {problem}"));
    if let Some(problem) = plain_data_problem(value, MAX_PLAIN_DEPTH, MAX_PLAIN_NODES) {
        return Err(not_plain(&problem));
    }
    let text = json_text(value);
    let Some(text) = text.as_string() else {
        let problem = js_sys::Reflect::get(&text, &JsValue::from_str("problem"))
            .ok()
            .and_then(|p| p.as_string())
            .unwrap_or_default();
        return Err(not_plain(&problem));
    };
    serde_json::from_str(&text).map_err(|e| not_plain(&e.to_string()))
}

/// Converts a Rust value into a plain JavaScript object, as `JSON.parse` of its
/// JSON would give.
pub(crate) fn to_plain<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text =
        serde_json::to_string(value).map_err(|e| js_error("InternalError", &e.to_string()))?;
    Ok(parse_json(&text))
}

/// A JavaScript value from JSON text this module holds.
#[cfg(feature = "dlp")]
pub(crate) fn from_json_text(text: &str) -> JsValue {
    parse_json(text)
}

/// Reads a policy given as `undefined`, an object or JSON text.
#[cfg(any(feature = "dlp", feature = "rbac"))]
pub(crate) fn policy_from_js(policy: &JsValue) -> Result<crate::policy::PolicyDocument, JsValue> {
    use crate::policy::PolicyDocument;

    if policy.is_undefined() || policy.is_null() {
        return Ok(PolicyDocument::default_policy());
    }
    if let Some(text) = policy.as_string() {
        let looks_like_json = text.trim_start().starts_with(['{', '[']);
        let parsed = serde_json::from_str::<serde_json::Value>(&text);
        return match parsed {
            Ok(value) => PolicyDocument::from_value(value).map_err(to_js),
            // A JSON syntax error names its place; other text is likely YAML.
            Err(_) if looks_like_json => PolicyDocument::from_json_str(&text).map_err(to_js),
            Err(_) => {
                let hint = "policy text is not JSON; read YAML policies with `parsePolicyText` \
                            from `promptward/yaml` and pass the object";
                Err(js_error("InvalidPolicy", hint))
            }
        };
    }
    if !policy.is_object() {
        return Err(type_error("policy must be an object, a JSON string or undefined"));
    }
    let value = plain_data(policy, "policy", "InvalidPolicy")?;
    PolicyDocument::from_value(value).map_err(to_js)
}
