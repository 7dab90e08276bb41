//! The JavaScript surface: the only module that knows about wasm-bindgen.
//!
//! Each engine has its own file here; this one holds what they share: turning a
//! [`NamedError`] into a JavaScript `Error` with a stable `name` and `code`.

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
