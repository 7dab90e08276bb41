//! The JavaScript surface: the only module that knows about wasm-bindgen.
//!
//! Each engine has its own file here; this one holds what they share: turning a
//! [`NamedError`] into a JavaScript `Error` with a stable `name` and `code`, and
//! reading a policy document given from JavaScript.

use wasm_bindgen::prelude::*;

use crate::error::NamedError;

#[cfg(feature = "rbac")]
mod ascii_pair;
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

/// How many values (array elements and object entries, each counted every time a
/// shared object is reached again) one value given from JavaScript may hold.
const MAX_PLAIN_VALUES: u32 = 1_000_000;

#[wasm_bindgen(inline_js = "function pathOf(entry) {
    const keys = [];
    for (let at = entry; at.parent !== null; at = at.parent) keys.push(at.key);
    const path = keys.reverse().map((key) => typeof key === 'number' ? `[${key}]`
        : /^[A-Za-z_$][\\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`).join('');
    const shown = path.length > 120 ? `${path.slice(0, 120)}…` : path;
    return shown === '' ? 'it' : `\\`${shown.replace(/^\\./, '')}\\``;
}
export function plainCopy(value, maxDepth, maxValues) {
    let current = null;
    try {
        const root = { copy: undefined };
        const pending = [{ item: value, depth: 1, parent: null, key: null, into: root,
            slot: 'copy' }];
        let values = 0;
        while (pending.length > 0) {
            current = pending.pop();
            const { item, depth } = current;
            const kind = typeof item;
            if (kind === 'function' || kind === 'symbol' || kind === 'bigint') {
                return `${pathOf(current)} is a ${kind === 'bigint' ? 'BigInt' : kind}`;
            }
            if (kind === 'number' && !Number.isFinite(item)) return `${pathOf(current)} is ${item}`;
            if (item === null || kind !== 'object') {
                current.into[current.slot] = item;
                continue;
            }
            if (depth > maxDepth) {
                return `it nests deeper than ${maxDepth} levels (a circular reference?)`;
            }
            if (typeof item.toJSON === 'function') {
                return `${pathOf(current)} is a ${item.constructor?.name ?? 'value'} with its own `
                    + 'JSON form, not plain data';
            }
            const entries = Array.isArray(item) ? null
                : item instanceof Map ? Array.from(item) : Object.entries(item);
            // Each property is read here, once; the copy is what is converted.
            const length = entries === null ? item.length : entries.length;
            values += 1 + length;
            if (values > maxValues) return `it holds more than ${maxValues} values`;
            const next = { depth: depth + 1, parent: current };
            if (entries === null) {
                const copy = new Array(length);
                current.into[current.slot] = copy;
                for (let i = 0; i < length; i += 1) {
                    pending.push({ ...next, item: item[i], key: i, into: copy, slot: i });
                }
            } else {
                // No prototype, so that a key `__proto__` is a key like any other.
                const copy = Object.create(null);
                current.into[current.slot] = copy;
                for (const [key, child] of entries) {
                    const name = String(key);
                    copy[name] = undefined;
                    pending.push({ ...next, item: child, key: name, into: copy, slot: name });
                }
            }
        }
        return root;
    } catch {
        // What was thrown is not looked at: even that could throw.
        return `reading ${current === null ? 'it' : pathOf(current)} threw`;
    }
}
export function jsonText(value) {
    try {
        const text = JSON.stringify(value);
        return text === undefined ? { problem: 'it has no JSON form' } : text;
    } catch {
        return { problem: 'turning it into JSON threw' };
    }
}
export function parseJson(text) {
    return JSON.parse(text);
}
export function isArray(value) {
    try {
        return Array.isArray(value);
    } catch {
        return false;
    }
}")]
extern "C" {
    /// `{ copy }`, a copy of `value` made of plain objects, arrays and
    /// primitives, with each property of `value` read once; or what makes it unfit
    /// to convert: too deep (a cycle is endlessly deep), too large, a value JSON
    /// cannot hold (a function, a symbol, a `BigInt`, `NaN`, an infinity), or a
    /// getter or proxy trap that throws. An iterative walk, so it needs no stack,
    /// and it never throws.
    #[wasm_bindgen(catch, js_name = plainCopy)]
    fn plain_copy(value: &JsValue, max_depth: u32, max_values: u32) -> Result<JsValue, JsValue>;

    /// `JSON.stringify(value)`; `{ problem }` when it throws or gives nothing. It
    /// never throws.
    #[wasm_bindgen(catch, js_name = jsonText)]
    fn json_text(value: &JsValue) -> Result<JsValue, JsValue>;

    /// `JSON.parse(text)`, for JSON this module wrote or holds.
    #[wasm_bindgen(js_name = parseJson)]
    pub(crate) fn parse_json(text: &str) -> JsValue;

    /// `Array.isArray(value)`; `false` for a revoked proxy, where it throws. No
    /// call into JavaScript on a caller's value may throw: an exception unwinding
    /// through wasm leaves the engine it passes through unusable.
    #[wasm_bindgen(catch, js_name = isArray)]
    fn is_array_or_throw(value: &JsValue) -> Result<bool, JsValue>;
}

/// `Array.isArray(value)`; `false` for a revoked proxy, where it throws.
#[cfg(any(feature = "rbac", feature = "totp"))]
pub(crate) fn is_array(value: &JsValue) -> bool {
    is_array_or_throw(value).unwrap_or(false)
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
    // The helpers catch what they can; `catch` here stops anything else from
    // unwinding through wasm.
    let copied = plain_copy(value, MAX_PLAIN_DEPTH, MAX_PLAIN_VALUES)
        .map_err(|_| not_plain("reading it threw"))?;
    if let Some(problem) = copied.as_string() {
        return Err(not_plain(&problem));
    }
    // The copy holds no getter or proxy: what was checked is what is converted.
    let copy = js_sys::Reflect::get(&copied, &JsValue::from_str("copy"))
        .map_err(|_| not_plain("reading it threw"))?;
    let text = json_text(&copy).map_err(|_| not_plain("turning it into JSON threw"))?;
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
            Err(e) if looks_like_json => Err(to_js(crate::policy::PolicyError::new(
                crate::policy::json_problem("policy", &e),
            ))),
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
