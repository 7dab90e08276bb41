//! One-time passwords for JavaScript: `Totp` (codes, verification, enrolment URIs
//! and QR codes under a policy's MFA settings), HOTP, `otpauth://` parsing, QR
//! renderings and backup codes.
//!
//! Options are plain objects read key by key: a value of the wrong type is a
//! `TypeError` naming the key, an unknown key is `InvalidConfig`, so a misspelt
//! option never falls back to a default. Results are plain objects. An absent
//! `time` is the caller's clock, `Date.now() / 1000`; the core never reads one.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{is_array, js_error, plain_data, to_js, to_plain, type_error};
use crate::hash::content_hash;
use crate::policy::PolicyDocument;
use crate::totp::{
    self, counter_of, os_random, qr_svg as svg_of, qr_terminal as terminal_of, verify_hotp,
    verify_totp, BackupCodeConfig, BackupCodes, BackupRequest, CodeRequest, HotpRequest, MfaConfig,
    MfaConfigView, OtpUri, Secret, TerminalBackground, UriRequest, VerifyRequest,
};

#[wasm_bindgen(typescript_custom_section)]
const TS: &str = r#"
/** The MFA section of a policy (`mfa`, or `security.mfa` of mfa-config.yaml). */
export interface TotpConfig {
  enabled?: boolean;
  required_for_admin?: boolean;
  requiredForAdmin?: boolean;
  required_for_api?: boolean;
  requiredForApi?: boolean;
  totp?: {
    issuer?: string;
    algorithm?: TotpAlgorithm;
    digits?: number;
    period?: number;
    window?: number;
  };
  backup_codes?: BackupCodeOptions & { enabled?: boolean };
  backupCodes?: BackupCodeOptions & { enabled?: boolean };
}

/** `SHA1`, `SHA256` or `SHA512`, in any case, with or without a `-`. */
export type TotpAlgorithm = string;

/** The settings a `Totp` applies, every one resolved. */
export interface TotpSettings {
  enabled: boolean;
  requiredForAdmin: boolean;
  requiredForApi: boolean;
  issuer: string | null;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  period: number;
  window: number;
  backupCodes: { enabled: boolean; count: number; length: number };
}

/** Overrides of the policy's code parameters; `time` in Unix seconds. */
export interface CodeOptions {
  time?: number;
  algorithm?: TotpAlgorithm;
  digits?: number;
  period?: number;
  t0?: number;
}

/**
 * `window`: steps accepted each way (0-10). `afterStep`: the step last
 * accepted for this secret; it and every earlier step are refused. Options are
 * a plain object's own properties; an unknown key is an `InvalidConfig` error.
 */
export interface VerifyOptions extends CodeOptions {
  window?: number;
  afterStep?: number | null;
}

/**
 * The step the token matched (the later one, when two steps of the window share
 * its code) and its distance from the current step. Keep `step` as the next
 * `afterStep`, and the code is accepted once.
 */
export interface VerifyResult {
  step: number;
  delta: number;
}

/** `window`: counters looked ahead when verifying (0-10, default 0). */
export interface HotpOptions {
  algorithm?: TotpAlgorithm;
  digits?: number;
  window?: number;
}

/** What an `otpauth://` URI holds. */
export interface OtpauthUri {
  type?: 'totp' | 'hotp';
  secret: string;
  account: string;
  issuer?: string;
  algorithm?: TotpAlgorithm;
  digits?: number;
  period?: number;
  counter?: number;
}

export interface EnrolOptions {
  account: string;
  issuer?: string;
}

/** A new secret, its URI and the URI's QR code: show them once, store the secret. */
export interface Enrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

export interface QrTerminalOptions {
  /** The terminal's background; `dark` (default) prints light modules as blocks. */
  background?: 'dark' | 'light';
}

export interface BackupCodeOptions {
  count?: number;
  length?: number;
}

/** Plaintext codes to show once, and the store (JSON of salted hashes) to keep. */
export interface BackupCodeSet {
  codes: string[];
  store: string;
}

/**
 * Whether the code was valid, and the store to save in place of the old one
 * (the used code removed). Save it only if the stored value is still the one
 * read, so two concurrent uses of one code cannot both succeed.
 */
export interface BackupCodeCheck {
  valid: boolean;
  store: string;
  remaining: number;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `globalThis.btoa`: base64 of a string whose chars are all below U+0100.
    #[wasm_bindgen(catch, js_namespace = globalThis)]
    fn btoa(data: &str) -> Result<String, JsValue>;
}

/// The caller's clock in Unix seconds, for an absent `time`.
fn now() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// A required string argument; anything else is a `TypeError` that names the
/// argument and never shows its value.
fn string_arg(value: &JsValue, method: &str, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        type_error(&format!("{method}: {name} must be a string, not {}", type_of(value)))
    })
}

fn secret_arg(value: &JsValue, method: &str) -> Result<Secret, JsValue> {
    Secret::from_base32(&string_arg(value, method, "secret")?).map_err(to_js)
}

fn type_of(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else if is_array(value) {
        "an array".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

#[wasm_bindgen(inline_js = "const own = Object.prototype.hasOwnProperty;
const tag = Object.prototype.toString;
export function readOptions(object, names) {
    try {
        // A Promise (a forgotten await), a Map or a Date is not options.
        if (tag.call(object) !== '[object Object]') return -2;
    } catch {
        return -1;
    }
    const values = new Array(names.length + 1);
    for (let i = 0; i < names.length; i += 1) {
        try {
            // Own properties only: what an object inherits is not its options.
            values[i] = own.call(object, names[i]) ? object[names[i]] : undefined;
        } catch {
            // What was thrown is not looked at: even that could throw.
            return i;
        }
    }
    try {
        const unknown = Reflect.ownKeys(object).find((key) => !names.includes(key));
        values[names.length] = unknown === undefined ? undefined : String(unknown);
    } catch {
        return -1;
    }
    return values;
}
export function verifyResult(step, delta) {
    return { step, delta };
}")]
extern "C" {
    /// The values of the keys `names` (an array) among the own properties of
    /// `object`, in order, then the first of its own keys (symbols and hidden
    /// ones too) that is none of them, or `undefined`. Otherwise the index of the
    /// key whose reading threw, -1 when listing its keys threw, or -2 when it is
    /// not a plain object. It never throws.
    #[wasm_bindgen(catch, js_name = readOptions)]
    fn read_options(object: &JsValue, names: &js_sys::Array) -> Result<JsValue, JsValue>;

    /// The result of a verification that matched: `{ step, delta }`.
    #[wasm_bindgen(js_name = verifyResult)]
    fn verify_result(step: f64, delta: i32) -> JsValue;
}

thread_local! {
    /// Each list of option names as a JavaScript array, made once.
    static KEY_LISTS: std::cell::RefCell<Vec<(&'static [&'static str], js_sys::Array)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// `keys` as a JavaScript array of strings, made once per list.
fn key_list(keys: &'static [&'static str]) -> js_sys::Array {
    KEY_LISTS.with(|lists| {
        let mut lists = lists.borrow_mut();
        if let Some((_, names)) = lists.iter().find(|(k, _)| std::ptr::eq(*k, keys)) {
            return names.clone();
        }
        let names: js_sys::Array = keys.iter().map(|key| JsValue::from_str(key)).collect();
        lists.push((keys, names.clone()));
        names
    })
}

/// An options object, its known keys read in one call; an unknown key is refused.
struct Options {
    what: &'static str,
    /// The known keys.
    keys: &'static [&'static str],
    /// Their values in order; empty for no options.
    values: Vec<JsValue>,
    /// An own key that is none of the known ones.
    unknown: Option<String>,
}

impl Options {
    /// Reads `keys` of `value`. `undefined` and `null` are no options; anything
    /// but a plain object is a `TypeError`.
    fn new(
        value: &JsValue,
        what: &'static str,
        keys: &'static [&'static str],
    ) -> Result<Self, JsValue> {
        let mut options = Options { what, keys, values: Vec::new(), unknown: None };
        if value.is_undefined() || value.is_null() {
            return Ok(options);
        }
        if !value.is_object() || is_array(value) {
            return Err(type_error(&format!("{what} must be an object, not {}", type_of(value))));
        }
        let read = read_options(value, &key_list(keys)).unwrap_or(JsValue::from_f64(-1.0));
        if let Some(index) = read.as_f64() {
            let key = usize::try_from(index as i64).ok().and_then(|i| keys.get(i));
            let message = match key {
                Some(key) => format!("{what}: `{key}` could not be read (reading it threw)"),
                None if index == -2.0 => format!("{what} must be a plain object"),
                None => format!("{what}: its keys could not be read (listing them threw)"),
            };
            return Err(type_error(&message));
        }
        // An array made just now: one value per key, then the unknown key.
        let mut values: Vec<JsValue> = js_sys::Array::from(&read).iter().collect();
        options.unknown = values.pop().and_then(|key| key.as_string());
        options.values = values;
        Ok(options)
    }

    /// The value of `key`; `undefined` and `null` count as absent.
    fn get(&self, key: &'static str) -> Option<&JsValue> {
        let index = self.keys.iter().position(|known| *known == key)?;
        self.values.get(index).filter(|v| !v.is_undefined() && !v.is_null())
    }

    fn number(&self, key: &'static str) -> Result<Option<f64>, JsValue> {
        self.typed(key, "a number", JsValue::as_f64)
    }

    fn string(&self, key: &'static str) -> Result<Option<String>, JsValue> {
        self.typed(key, "a string", JsValue::as_string)
    }

    fn typed<T>(
        &self,
        key: &'static str,
        expected: &str,
        convert: impl Fn(&JsValue) -> Option<T>,
    ) -> Result<Option<T>, JsValue> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let what = self.what;
        convert(value).map(Some).ok_or_else(|| {
            type_error(&format!("{what}: `{key}` must be {expected}, not {}", type_of(value)))
        })
    }

    /// Refuses an own key that is none of the known ones.
    fn finish(self) -> Result<(), JsValue> {
        let Some(key) = self.unknown else {
            return Ok(());
        };
        let known = self.keys.join("`, `");
        let message = format!("{}: unknown option `{key}` (known: `{known}`)", self.what);
        Err(js_error("InvalidConfig", &message))
    }
}

fn code_request(options: &JsValue, what: &'static str) -> Result<CodeRequest, JsValue> {
    let o = Options::new(options, what, &["time", "algorithm", "digits", "period", "t0"])?;
    let request = CodeRequest {
        time: o.number("time")?,
        algorithm: o.string("algorithm")?,
        digits: o.number("digits")?,
        period: o.number("period")?,
        t0: o.number("t0")?,
    };
    o.finish()?;
    Ok(request)
}

fn verify_request(options: &JsValue) -> Result<VerifyRequest, JsValue> {
    let keys = &["time", "algorithm", "digits", "period", "t0", "window", "afterStep"];
    let o = Options::new(options, "verify options", keys)?;
    let request = VerifyRequest {
        time: o.number("time")?,
        algorithm: o.string("algorithm")?,
        digits: o.number("digits")?,
        period: o.number("period")?,
        t0: o.number("t0")?,
        window: o.number("window")?,
        after_step: o.number("afterStep")?,
    };
    o.finish()?;
    Ok(request)
}

fn hotp_request(options: &JsValue, what: &'static str) -> Result<HotpRequest, JsValue> {
    let o = Options::new(options, what, &["algorithm", "digits", "window"])?;
    let request = HotpRequest {
        algorithm: o.string("algorithm")?,
        digits: o.number("digits")?,
        window: o.number("window")?,
    };
    o.finish()?;
    Ok(request)
}

fn uri_request(fields: &JsValue, what: &'static str) -> Result<UriRequest, JsValue> {
    let keys = &["type", "secret", "account", "issuer", "algorithm", "digits", "period", "counter"];
    let o = Options::new(fields, what, keys)?;
    let required = |value: Option<String>, key: &str| {
        value.ok_or_else(|| type_error(&format!("{what}: `{key}` must be a string")))
    };
    let request = UriRequest {
        kind: o.string("type")?,
        secret: required(o.string("secret")?, "secret")?,
        account: required(o.string("account")?, "account")?,
        issuer: o.string("issuer")?,
        algorithm: o.string("algorithm")?,
        digits: o.number("digits")?,
        period: o.number("period")?,
        counter: o.number("counter")?,
    };
    o.finish()?;
    Ok(request)
}

fn backup_request(options: &JsValue) -> Result<BackupRequest, JsValue> {
    let o = Options::new(options, "backup code options", &["count", "length"])?;
    let request = BackupRequest { count: o.number("count")?, length: o.number("length")? };
    o.finish()?;
    Ok(request)
}

/// Keys that make a configuration object a policy document, not an MFA section.
const DOCUMENT_KEYS: [&str; 5] = ["mfa", "security", "dlp", "rbac", "roles"];

/// Reads the MFA settings: the embedded policy's when absent; a policy document
/// (an object with `mfa`, `security`, `dlp` or `rbac`, or JSON text); or an MFA
/// section itself.
fn config_from_js(config: &JsValue) -> Result<MfaConfig, JsValue> {
    if config.is_undefined() || config.is_null() {
        return MfaConfig::from_policy(&PolicyDocument::default_policy()).map_err(to_js);
    }
    let value: serde_json::Value = if let Some(text) = config.as_string() {
        serde_json::from_str(&text)
            .map_err(|e| js_error("InvalidConfig", &crate::policy::json_problem("config", &e)))?
    } else if config.is_object() && !is_array(config) {
        plain_data(config, "config", "InvalidConfig")?
    } else {
        let found = type_of(config);
        return Err(type_error(&format!(
            "Totp: config must be an object, a JSON string or undefined, not {found}"
        )));
    };

    let is_document = value
        .as_object()
        .is_some_and(|section| DOCUMENT_KEYS.iter().any(|key| section.contains_key(*key)));
    if is_document {
        let document = PolicyDocument::from_value(value).map_err(to_js)?;
        MfaConfig::from_policy(&document).map_err(to_js)
    } else {
        MfaConfig::from_value(&value).map_err(to_js)
    }
}

/// TOTP under a policy's MFA settings: codes, verification, enrolment.
#[wasm_bindgen(js_name = Totp)]
pub struct JsTotp {
    config: MfaConfig,
    hash: String,
}

#[wasm_bindgen(js_class = Totp)]
impl JsTotp {
    /// Takes the MFA settings from `config`: an MFA section, a policy document
    /// (object or JSON text), or nothing for the embedded default policy.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "TotpConfig | object | string")]
        config: JsValue,
    ) -> Result<JsTotp, JsValue> {
        let config = config_from_js(&config)?;
        let canonical = serde_json::to_vec(&MfaConfigView::from(&config)).unwrap_or_default();
        Ok(JsTotp { config, hash: content_hash(&canonical) })
    }

    /// The settings in force, every one resolved.
    #[wasm_bindgen(getter, unchecked_return_type = "TotpSettings")]
    pub fn config(&self) -> Result<JsValue, JsValue> {
        to_plain(&MfaConfigView::from(&self.config))
    }

    /// The content hash of the settings, `sha256:<hex>`.
    #[wasm_bindgen(getter, js_name = policyHash)]
    pub fn policy_hash(&self) -> String {
        self.hash.clone()
    }

    /// The code of `secret` at `options.time` (default: now).
    pub fn code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CodeOptions")] options: JsValue,
    ) -> Result<String, JsValue> {
        let secret = secret_arg(&secret, "code")?;
        let request = code_request(&options, "code options")?;
        let (params, time) = request.resolve(&self.config, now()).map_err(to_js)?;
        params.code_at(&secret, time).map_err(to_js)
    }

    /// Checks `token`, a string of exactly `digits` ASCII digits: the matched
    /// step and its distance from the current one, or `null`.
    #[wasm_bindgen(unchecked_return_type = "VerifyResult | null")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let secret = secret_arg(&secret, "verify")?;
        let token = string_arg(&token, "verify", "token")?;
        let request = verify_request(&options)?;
        let (params, time, verify) = request.resolve(&self.config, now()).map_err(to_js)?;
        let Some(step) = verify_totp(&secret, &token, time, &params, &verify) else {
            return Ok(JsValue::NULL);
        };
        // Within the window: at most 10 steps either way.
        let delta = i32::try_from(i128::from(step) - params.signed_step_at(time)).unwrap_or(0);
        // Steps are at most 2^53 (times are), which a JavaScript number holds.
        Ok(verify_result(step as f64, delta))
    }

    /// The `otpauth://` URI of an account; the policy's issuer, algorithm,
    /// digits and period unless given.
    pub fn uri(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OtpauthUri")] fields: JsValue,
    ) -> Result<String, JsValue> {
        let request = uri_request(&fields, "uri")?;
        request.resolve(&self.config).and_then(|uri| uri.to_uri()).map_err(to_js)
    }

    /// A new secret for `account`, its URI and the URI's QR code as SVG.
    #[wasm_bindgen(unchecked_return_type = "Enrolment")]
    pub fn enrol(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EnrolOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let o = Options::new(&options, "enrol", &["account", "issuer"])?;
        let account = o.string("account")?;
        let issuer = o.string("issuer")?;
        o.finish()?;
        let account = account.ok_or_else(|| type_error("enrol: `account` must be a string"))?;

        let secret = totp::generate_secret(&mut os_random).map_err(to_js)?.to_base32();
        let request = UriRequest { secret: secret.clone(), account, issuer, ..Default::default() };
        let uri = request.resolve(&self.config).and_then(|uri| uri.to_uri()).map_err(to_js)?;
        let qr_svg = svg_of(&uri).map_err(to_js)?;
        to_plain(&EnrolmentView { secret, uri, qr_svg })
    }

    /// A new set of backup codes as the policy describes them.
    #[wasm_bindgen(js_name = generateBackupCodes, unchecked_return_type = "BackupCodeSet")]
    pub fn generate_backup_codes(&self) -> Result<JsValue, JsValue> {
        if !self.config.backup_codes.enabled() {
            let message = "backup codes are disabled by the policy (mfa.backup_codes.enabled)";
            return Err(js_error("InvalidConfig", message));
        }
        backup_set(&self.config.backup_codes)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnrolmentView {
    secret: String,
    uri: String,
    qr_svg: String,
}

#[derive(Serialize)]
struct BackupSetView {
    codes: Vec<String>,
    store: String,
}

#[derive(Serialize)]
struct BackupCheckView {
    valid: bool,
    store: String,
    remaining: usize,
}

fn backup_set(config: &BackupCodeConfig) -> Result<JsValue, JsValue> {
    let (store, codes) = BackupCodes::generate(config, &mut os_random).map_err(to_js)?;
    to_plain(&BackupSetView { codes, store: store.to_json() })
}

/// A new secret: 20 bytes from `crypto.getRandomValues`, as 32 base32 characters.
#[wasm_bindgen(js_name = generateSecret)]
pub fn generate_secret() -> Result<String, JsValue> {
    totp::generate_secret(&mut os_random).map(|secret| secret.to_base32()).map_err(to_js)
}

/// The canonical form of a base32 secret: uppercase, no separators or padding.
#[wasm_bindgen(js_name = normalizeSecret)]
pub fn normalize_secret(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
) -> Result<String, JsValue> {
    Ok(secret_arg(&secret, "normalizeSecret")?.to_base32())
}

/// The HOTP code of `secret` at `counter` (RFC 4226).
#[wasm_bindgen]
pub fn hotp(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] counter: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HotpOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let secret = secret_arg(&secret, "hotp")?;
    let counter = counter_arg(&counter, "hotp")?;
    let request = hotp_request(&options, "hotp options")?;
    let (algorithm, digits, _) = request.resolve(&MfaConfig::default()).map_err(to_js)?;
    totp::hotp(&secret, counter, algorithm, digits).map_err(to_js)
}

/// Checks an HOTP `token` against `counter` and up to `options.window` counters
/// after it; returns the counter matched (store it plus one), or `null`.
#[wasm_bindgen(js_name = verifyHotp, unchecked_return_type = "number | null")]
pub fn verify_hotp_token(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] counter: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HotpOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let secret = secret_arg(&secret, "verifyHotp")?;
    let token = string_arg(&token, "verifyHotp", "token")?;
    let counter = counter_arg(&counter, "verifyHotp")?;
    let request = hotp_request(&options, "verifyHotp options")?;
    let (algorithm, digits, look_ahead) = request.resolve(&MfaConfig::default()).map_err(to_js)?;
    let found = verify_hotp(&secret, &token, counter, look_ahead, algorithm, digits);
    Ok(found.map_or(JsValue::NULL, |counter| JsValue::from_f64(counter as f64)))
}

fn counter_arg(value: &JsValue, method: &str) -> Result<u64, JsValue> {
    let counter = value.as_f64().ok_or_else(|| {
        type_error(&format!("{method}: counter must be a number, not {}", type_of(value)))
    })?;
    counter_of(counter).map_err(to_js)
}

/// Reads an `otpauth://` URI: every field it implies (the issuer only when
/// it names one; `period` for TOTP, `counter` for HOTP).
#[wasm_bindgen(js_name = parseOtpauthUri, unchecked_return_type = "OtpauthUri")]
pub fn parse_otpauth_uri(
    #[wasm_bindgen(unchecked_param_type = "string")] uri: JsValue,
) -> Result<JsValue, JsValue> {
    let text = string_arg(&uri, "parseOtpauthUri", "uri")?;
    let parsed = OtpUri::parse(&text).map_err(to_js)?;
    to_plain(&UriRequest::from_uri(&parsed))
}

/// The QR code of `text` as an SVG image.
#[wasm_bindgen(js_name = qrSvg)]
pub fn qr_svg(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<String, JsValue> {
    svg_of(&string_arg(&text, "qrSvg", "text")?).map_err(to_js)
}

/// The QR code of `text` as a PNG `data:` URL (1-bit greyscale, uncompressed
/// image data, about 13 KB for an enrolment URI).
#[wasm_bindgen(js_name = qrPngDataUrl)]
pub fn qr_png_data_url(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<String, JsValue> {
    let png = totp::qr_png(&string_arg(&text, "qrPngDataUrl", "text")?).map_err(to_js)?;
    // The platform's base64 (browsers, Node, workers), on a string of one char per byte.
    let binary: String = png.iter().map(|byte| char::from(*byte)).collect();
    Ok(format!("data:image/png;base64,{}", btoa(&binary)?))
}

/// The QR code of `text` as lines of Unicode half blocks, for a terminal.
#[wasm_bindgen(js_name = qrTerminal)]
pub fn qr_terminal(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "QrTerminalOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let text = string_arg(&text, "qrTerminal", "text")?;
    let o = Options::new(&options, "qrTerminal options", &["background"])?;
    let background = match o.string("background")?.as_deref() {
        None | Some("dark") => TerminalBackground::Dark,
        Some("light") => TerminalBackground::Light,
        Some(_) => {
            let message = "qrTerminal options: `background` must be `dark` or `light`";
            return Err(js_error("InvalidConfig", message));
        }
    };
    o.finish()?;
    terminal_of(&text, background).map_err(to_js)
}

/// New backup codes: `{ codes, store }`, by default 10 codes `XXXX-XXXX`.
#[wasm_bindgen(js_name = generateBackupCodes, unchecked_return_type = "BackupCodeSet")]
pub fn generate_backup_codes(
    #[wasm_bindgen(unchecked_optional_param_type = "BackupCodeOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let config = backup_request(&options)?.resolve(&BackupCodeConfig::default()).map_err(to_js)?;
    backup_set(&config)
}

/// Checks a backup code against a store and uses it up: `{ valid, store,
/// remaining }`, where `store` replaces the one passed in.
#[wasm_bindgen(js_name = verifyBackupCode, unchecked_return_type = "BackupCodeCheck")]
pub fn verify_backup_code(
    #[wasm_bindgen(unchecked_param_type = "string")] store: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> Result<JsValue, JsValue> {
    let text = string_arg(&store, "verifyBackupCode", "store")?;
    let code = string_arg(&code, "verifyBackupCode", "code")?;
    let mut codes = BackupCodes::from_json(&text).map_err(to_js)?;
    let valid = codes.consume(&code);
    let store = if valid { codes.to_json() } else { text };
    to_plain(&BackupCheckView { valid, store, remaining: codes.remaining() })
}
