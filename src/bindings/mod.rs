//! The JavaScript surface: the only module that knows about wasm-bindgen.
//!
//! Each engine has its own file here; this one holds what they share: turning a
//! [`NamedError`] into a JavaScript `Error` with a stable `name` and `code`, and
//! reading a policy document given from JavaScript.

use wasm_bindgen::JsValue;

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

/// Reads a policy given as `undefined`, an object or JSON text.
#[cfg(any(feature = "dlp", feature = "rbac"))]
pub(crate) fn policy_from_js(policy: &JsValue) -> Result<crate::policy::PolicyDocument, JsValue> {
    use crate::policy::PolicyDocument;

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
