//! The totp engine against the RFC 4226 and RFC 6238 vectors, pyotp's answers on
//! random cases, the TOTP cases in `data/cases.json`, and bad input.
//!
//! Runs natively and, through the wasm-bindgen test runner, as WebAssembly.

#![allow(clippy::indexing_slicing, reason = "a fixture without the key or index fails the test")]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::HashSet;

use promptward::policy::PolicyDocument;
use promptward::totp::{
    generate_secret, hotp, normalize_secret, os_random, qr_png, qr_svg, qr_terminal, unix_seconds,
    verify_hotp, verify_totp, Algorithm, BackupCodeConfig, BackupCodes, Digits, MfaConfig, OtpKind,
    OtpUri, Secret, TerminalBackground, TotpError, TotpErrorKind, TotpParams, VerifyOptions,
    VerifyRequest, Window, MAX_MATCHED,
};
use serde_json::{json, Value};

const CASES: &str = include_str!("data/cases.json");
const RFC4226: &str = include_str!("data/rfc4226.json");
const RFC6238: &str = include_str!("data/rfc6238.json");
const PYOTP: &str = include_str!("data/totp-pyotp.json");
const MFA_YAML: &str = include_str!("data/policy/mfa-config.yaml");

fn case(id: &str) -> Value {
    let all: Value = serde_json::from_str(CASES).expect("cases.json parses");
    let cases = all["cases"].as_array().expect("cases is an array");
    cases.iter().find(|c| c["id"] == id).cloned().expect("case exists")
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().expect("an array").iter().map(|v| v.as_str().expect("a string")).collect()
}

fn secret(text: &str) -> Secret {
    Secret::from_base32(text).expect("valid secret")
}

fn params(algorithm: &str, digits: u64, period: u64) -> TotpParams {
    let algorithm: Algorithm = algorithm.parse().expect("known algorithm");
    TotpParams::new(algorithm, digits, period).expect("valid params")
}

fn options(window: u64, after_step: Option<u64>) -> VerifyOptions {
    VerifyOptions { window: Window::new(window).expect("valid window"), after_step }
}

/// A test-only random source: a fixed xorshift stream (never for real secrets).
fn fake_random(seed: u64) -> impl FnMut(&mut [u8]) -> Result<(), TotpError> {
    let mut state = seed.max(1);
    move |buf: &mut [u8]| {
        for byte in buf.iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *byte = state.to_le_bytes()[0];
        }
        Ok(())
    }
}

fn cheap_backup_config() -> BackupCodeConfig {
    BackupCodeConfig::default().with_iterations(50).expect("valid iterations")
}

// ---- RFC vectors ----

#[test]
fn rfc4226_appendix_d() {
    let data: Value = serde_json::from_str(RFC4226).expect("rfc4226.json parses");
    let key = Secret::from_bytes(data["secret_ascii"].as_str().expect("seed").into()).expect("key");
    assert_eq!(secret(data["secret_base32"].as_str().expect("b32")), key);

    let vectors = data["vectors"].as_array().expect("vectors");
    assert_eq!(vectors.len(), 10);
    for v in vectors {
        let counter = v["counter"].as_u64().expect("counter");
        let code = hotp(&key, counter, Algorithm::Sha1, Digits::SIX).expect("code");
        assert_eq!(code, v["hotp"].as_str().expect("hotp"), "counter {counter}");
    }
}

#[test]
fn rfc6238_appendix_b() {
    let data: Value = serde_json::from_str(RFC6238).expect("rfc6238.json parses");
    let vectors = data["vectors"].as_array().expect("vectors");
    assert_eq!(vectors.len(), 18);

    for v in vectors {
        let algorithm = v["algorithm"].as_str().expect("algorithm");
        let seed = &data["seeds"][algorithm];
        let key = Secret::from_bytes(seed["ascii"].as_str().expect("seed").into()).expect("key");
        assert_eq!(secret(seed["base32"].as_str().expect("b32")), key, "{algorithm} seed");

        let p = params(algorithm, 8, 30);
        let time = v["time"].as_u64().expect("time");
        let expected = v["totp"].as_str().expect("totp");
        let step = u64::from_str_radix(v["step_hex"].as_str().expect("step"), 16).expect("hex");
        assert_eq!(p.step_at(time), Some(step));
        assert_eq!(p.code_at(&key, time).expect("code"), expected, "{algorithm} at {time}");
        assert_eq!(verify_totp(&key, expected, time, &p, &options(0, None)), Some(step));
    }
}

// ---- pyotp, an independent implementation ----

fn check_pyotp_vectors(text: &str) -> usize {
    let data: Value = serde_json::from_str(text).expect("vectors parse");
    let mut checked = 0;

    for row in data["totp"].as_array().expect("totp rows") {
        let (key, p) = (secret(row[0].as_str().expect("s")), row_params(row, 3));
        let time = row[4].as_u64().expect("time");
        assert_eq!(p.code_at(&key, time).expect("code"), row[5].as_str().expect("code"), "{row}");
        checked += 1;
    }

    for row in data["hotp"].as_array().expect("hotp rows") {
        let key = secret(row[0].as_str().expect("s"));
        let p = row_params(row, 0);
        let counter = row[3].as_u64().expect("counter");
        let code = hotp(&key, counter, p.algorithm(), p.digits()).expect("code");
        assert_eq!(code, row[4].as_str().expect("code"), "{row}");
        checked += 1;
    }

    for row in data["verify"].as_array().expect("verify rows") {
        let (key, p) = (secret(row[0].as_str().expect("s")), row_params(row, 3));
        let time = row[4].as_u64().expect("time");
        let window = row[5].as_u64().expect("window");
        let found =
            verify_totp(&key, row[6].as_str().expect("token"), time, &p, &options(window, None));
        assert_eq!(found.is_some(), row[7].as_bool().expect("valid"), "{row}");
        checked += 1;
    }
    checked
}

/// Reads algorithm and digits (columns 1 and 2) and the period from `period_column`
/// (0 when the row has none).
fn row_params(row: &Value, period_column: usize) -> TotpParams {
    let period = if period_column == 0 { 30 } else { row[period_column].as_u64().expect("p") };
    params(row[1].as_str().expect("algorithm"), row[2].as_u64().expect("digits"), period)
}

/// The committed vectors, and natively also a fresh file from
/// `tests/differential/totp_pyotp.py --fresh N` when it names one.
#[test]
fn pyotp_vectors() {
    assert_eq!(check_pyotp_vectors(PYOTP), 3500);

    #[cfg(not(target_arch = "wasm32"))]
    if let Ok(path) = std::env::var("PROMPTWARD_PYOTP_VECTORS") {
        let text = std::fs::read_to_string(&path).expect("fresh vectors readable");
        let checked = check_pyotp_vectors(&text);
        println!("{checked} fresh pyotp cases agree");
    }
}

// ---- cases.json ----

#[test]
fn totp_01_base32_forms() {
    let c = case("TOTP-01");
    let (input, expect) = (&c["input"], &c["expect"]);
    let p = params(input["algorithm"].as_str().expect("a"), 6, 30);
    let time = input["time"].as_u64().expect("time");
    let code = expect["generate_for_every_equivalent_form"].as_str().expect("code");
    let canonical = expect["canonical_secret_returned_by_normaliser"].as_str().expect("c");
    let key_hex = input["key_hex"].as_str().expect("hex");

    for form in strings(&input["equivalent_secret_forms"]) {
        let key = secret(form);
        assert_eq!(hex(key.as_bytes()), key_hex, "{form:?}");
        assert_eq!(p.code_at(&key, time).expect("code"), code, "{form:?}");
        assert!(verify_totp(&key, code, time, &p, &options(1, None)).is_some(), "{form:?}");
        assert_eq!(normalize_secret(form).expect("normalises"), canonical);
    }
    for form in strings(&input["invalid_secret_forms"]) {
        let err = Secret::from_base32(form).expect_err(form);
        assert_eq!(err.kind(), TotpErrorKind::InvalidSecret, "{form:?}");
        assert!(normalize_secret(form).is_err());
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn totp_03_token_format() {
    let c = case("TOTP-03");
    let input = &c["input"];
    let key = secret(input["secret_base32"].as_str().expect("secret"));
    let p = params(input["algorithm"].as_str().expect("a"), 6, 30);
    let time = input["time"].as_u64().expect("time");
    let o = options(1, None);

    let valid = input["valid_token"].as_str().expect("valid");
    assert_eq!(p.code_at(&key, time).expect("code"), c["expect"]["generate_returns_string"]);
    assert!(verify_totp(&key, valid, time, &p, &o).is_some());
    for neighbour in strings(&input["neighbour_codes_in_window"]) {
        assert!(verify_totp(&key, neighbour, time, &p, &o).is_some(), "{neighbour}");
    }
    for token in strings(&input["tokens_that_must_fail"]) {
        assert_eq!(verify_totp(&key, token, time, &p, &o), None, "{token:?}");
    }
}

#[test]
fn totp_04_steps_and_windows() {
    let c = case("TOTP-04");
    let (input, expect) = (&c["input"], &c["expect"]);
    let key = secret(input["secret_base32"].as_str().expect("secret"));
    let p = TotpParams::default();

    for (step, code) in input["codes_by_step"].as_object().expect("codes") {
        let step: u64 = step.parse().expect("step");
        assert_eq!(p.code_for_step(&key, step).expect("code"), code.as_str().expect("code"));
    }

    let checks = input["checks"].as_array().expect("checks");
    let expected = expect["checks"].as_array().expect("expected");
    assert_eq!(checks.len(), expected.len());
    for (check, want) in checks.iter().zip(expected) {
        let time = check["time"].as_u64().expect("time");
        let window = check["window"].as_u64().expect("window");
        let token = check["token"].as_str().expect("token");
        let found = verify_totp(&key, token, time, &p, &options(window, None));
        assert_eq!(found.is_some(), want.as_bool().expect("bool"), "{check}");
    }

    let count = &input["window_count_check"];
    let time = count["time"].as_u64().expect("time");
    let accepted: Vec<&str> = strings(&count["candidate_codes_steps_minus3_to_plus3"])
        .into_iter()
        .filter(|code| verify_totp(&key, code, time, &p, &options(1, None)).is_some())
        .collect();
    assert_eq!(accepted, strings(&expect["window_count_check_accepted"]));

    // Bad configurations, as a caller would pass them on (JSON numbers).
    for bad in input["bad_config"].as_array().expect("bad") {
        let err = config_from_json(bad).expect_err("rejected");
        assert_eq!(err.kind(), TotpErrorKind::InvalidConfig, "{bad}");
    }

    // No underflow at step 0, whatever the window.
    for time in 0..30 {
        for window in 0..=10 {
            let found = verify_totp(&key, "755224", time, &p, &options(window, None));
            assert_eq!(found, Some(0));
        }
    }
}

/// Reads `digits`, `period` and `window` as the JavaScript bindings do.
fn config_from_json(config: &Value) -> Result<(TotpParams, u64, VerifyOptions), TotpError> {
    let request: VerifyRequest = serde_json::from_value(config.clone()).expect("known options");
    request.resolve(&MfaConfig::default(), 0.0)
}

#[test]
fn totp_06_backup_codes_single_use() {
    let config = cheap_backup_config();
    let mut fill = fake_random(6);
    let (mut store, codes) = BackupCodes::generate(&config, &mut fill).expect("generate");

    assert_eq!(codes.len(), 10);
    let distinct: HashSet<&String> = codes.iter().collect();
    assert_eq!(distinct.len(), 10);
    for code in &codes {
        let parts: Vec<&str> = code.split('-').collect();
        assert_eq!(parts.len(), 2, "{code}");
        assert!(parts.iter().all(|p| p.len() == 4));
        assert!(parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())));
    }

    assert!(store.consume(&codes[2]));
    assert!(!store.consume(&codes[2]));
    assert!(store.consume(&codes[5]));
    assert!(store.consume(&codes[9]));
    assert_eq!(store.remaining(), 7);
    assert!(!store.consume(""));
    assert!(store.consume(&codes[7].to_lowercase().replacen('-', "", 1)));
    assert_eq!(store.remaining(), 6);

    let codes2 = store.regenerate(&config, &mut fill).expect("regenerate");
    assert!(!store.consume(&codes[0]));
    assert!(store.consume(&codes2[0]));
    let twice = [store.consume(&codes2[1]), store.consume(&codes2[1])];
    assert_eq!(twice, [true, false]);

    // The persisted store holds hashes, not codes, and round-trips.
    let json = store.to_json();
    for code in codes.iter().chain(&codes2) {
        assert!(!json.contains(code.as_str()) && !json.contains(&code.replace('-', "")));
    }
    let mut loaded = BackupCodes::from_json(&json).expect("loads");
    assert_eq!(loaded, store);
    assert!(loaded.consume(&codes2[3]));
    assert!(!loaded.consume(&codes2[1]));
}

#[test]
fn totp_07_generated_secrets() {
    let mut seen = HashSet::new();
    let mut ones = 0u64;
    for _ in 0..10_000 {
        let secret = generate_secret(&mut os_random).expect("platform RNG");
        let text = secret.to_base32();
        assert_eq!(text.len(), 32);
        assert!(text.bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
        assert_eq!(Secret::from_base32(&text).expect("decodes").as_bytes().len(), 20);
        ones += secret.as_bytes().iter().map(|b| u64::from(b.count_ones())).sum::<u64>();
        assert!(seen.insert(text));
    }
    let fraction = ones as f64 / (10_000.0 * 160.0);
    assert!((0.49..=0.51).contains(&fraction), "{fraction}");

    // A failing source is an error, never a weaker fallback.
    let mut broken = |_: &mut [u8]| Err(Window::new(99).expect_err("stand-in error"));
    assert!(generate_secret(&mut broken).is_err());
}

// ---- configuration ----

#[test]
fn mfa_section_of_the_original_file() {
    let yaml: Value = serde_yaml_ng::from_str(MFA_YAML).expect("yaml parses");
    let doc = PolicyDocument::from_value(yaml).expect("policy");
    let config = MfaConfig::from_policy(&doc).expect("mfa section");

    assert!(config.enabled && config.required_for_admin && !config.required_for_api);
    assert_eq!(config.issuer.as_deref(), Some("CoAI.Dev Enterprise"));
    assert_eq!(config.totp, TotpParams::default());
    assert_eq!(config.window, Window::default());
    assert!(config.backup_codes.enabled());
    assert_eq!((config.backup_codes.count(), config.backup_codes.length()), (10, 8));

    let embedded = MfaConfig::from_policy(&PolicyDocument::default_policy()).expect("default");
    assert_eq!(embedded, config);
    let empty = PolicyDocument::from_value(json!({})).expect("empty policy");
    assert_eq!(MfaConfig::from_policy(&empty).expect("defaults"), MfaConfig::default());
}

#[test]
fn mfa_section_aliases_and_errors() {
    let config = MfaConfig::from_value(&json!({
        "requiredForApi": true,
        "totp": {"algorithm": "SHA-256", "digits": 8, "period": 60, "window": 2},
        "backupCodes": {"enabled": false, "count": 12, "length": 10}
    }))
    .expect("camelCase section");
    assert!(config.required_for_api);
    assert_eq!(config.totp, params("SHA256", 8, 60));
    assert_eq!(config.window.get(), 2);
    assert!(!config.backup_codes.enabled());
    assert_eq!((config.backup_codes.count(), config.backup_codes.length()), (12, 10));

    let bad = [
        (json!({"totp": {"digits": 4}}), "mfa.totp: digits must be 6, 7 or 8, not 4"),
        (
            json!({"totp": {"digits": "6"}}),
            "mfa.totp.digits must be a whole number, found a string",
        ),
        (json!({"totp": {"period": 0}}), "mfa.totp: period must be at least 1 second"),
        (
            json!({"totp": {"window": 1000000}}),
            "mfa.totp: window must be 0 to 10 steps, not 1000000",
        ),
        (json!({"totp": {"window": -1}}), "mfa.totp.window must not be negative"),
        (
            json!({"totp": {"algorithm": "md5"}}),
            "mfa.totp: algorithm must be SHA1, SHA256 or SHA512",
        ),
        (
            json!({"totp": {"issuer": "A:B"}}),
            "mfa.totp.issuer must be non-empty, without `:` or control characters",
        ),
        (json!({"totp": {"digit": 8}}), "unknown key `mfa.totp.digit`"),
        (
            json!({"backup_codes": {}, "backupCodes": {}}),
            "mfa.backup_codes and mfa.backupCodes are the same setting; give one",
        ),
        (
            json!({"backup_codes": {"count": 0}}),
            "mfa.backup_codes: backup code count must be 1 to 100, not 0",
        ),
        (
            json!({"backup_codes": {"length": 4}}),
            "mfa.backup_codes: backup code length must be 6 to 32 characters, not 4",
        ),
        (json!({"enabled": "yes"}), "mfa.enabled must be a boolean, found a string"),
        (json!({"totp": {"period": 1e20}}), "mfa.totp.period is too large"),
        (
            json!({"totp": {"digits": 6.5}}),
            "mfa.totp.digits must be a whole number, found a fraction",
        ),
        (json!({"totp": []}), "mfa.totp must be an object, found an array"),
    ];
    for (section, message) in bad {
        let err = MfaConfig::from_value(&section).expect_err("rejected");
        assert_eq!(err.kind(), TotpErrorKind::InvalidConfig);
        assert_eq!(err.to_string(), message);
    }
}

// ---- bad input ----

#[test]
fn times_from_javascript() {
    assert_eq!(unix_seconds(0.0).expect("zero"), 0);
    assert_eq!(unix_seconds(59.999).expect("fraction"), 59);
    assert_eq!(unix_seconds(2f64.powi(53)).expect("2^53"), 1 << 53);
    for bad in [-1.0, -0.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, 2f64.powi(54)] {
        let err = unix_seconds(bad).expect_err("rejected");
        assert_eq!(err.kind(), TotpErrorKind::InvalidConfig, "{bad}");
    }
}

#[test]
fn extreme_times_counters_and_windows() {
    let key = secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    let p = params("SHA1", 6, 1);
    let o = options(10, None);

    // Matches stop at 2^53 - 1, so that the step after a match is still exact as a
    // JavaScript number: the window stops there, and the top of u64 overflows nothing.
    let last = p.code_at(&key, MAX_MATCHED).expect("code");
    assert_eq!(verify_totp(&key, &last, MAX_MATCHED, &p, &o), Some(MAX_MATCHED));
    assert_eq!(verify_totp(&key, &last, MAX_MATCHED - 10, &p, &o), Some(MAX_MATCHED));
    let beyond = p.code_at(&key, MAX_MATCHED + 1).expect("code");
    assert_eq!(verify_totp(&key, &beyond, MAX_MATCHED, &p, &o), None);
    let top = p.code_at(&key, u64::MAX).expect("code");
    assert_eq!(verify_totp(&key, &top, u64::MAX, &p, &o), None);
    let ten = Window::new(10).expect("w");
    let counter = hotp(&key, MAX_MATCHED, Algorithm::Sha1, Digits::SIX).expect("code");
    let found = verify_hotp(&key, &counter, MAX_MATCHED - 3, ten, Algorithm::Sha1, Digits::SIX);
    assert_eq!(found, Some(MAX_MATCHED));
    let counter = hotp(&key, MAX_MATCHED + 1, Algorithm::Sha1, Digits::SIX).expect("code");
    let found = verify_hotp(&key, &counter, MAX_MATCHED - 3, ten, Algorithm::Sha1, Digits::SIX);
    assert_eq!(found, None);
    let counter = hotp(&key, u64::MAX, Algorithm::Sha1, Digits::SIX).expect("code");
    assert_eq!(verify_hotp(&key, &counter, u64::MAX, ten, Algorithm::Sha1, Digits::SIX), None);

    // after_step at the very top refuses everything.
    let o = options(10, Some(u64::MAX));
    assert_eq!(verify_totp(&key, &last, MAX_MATCHED, &p, &o), None);

    // T0 in the future: no step yet, so no code and no match.
    let later = TotpParams::default().with_t0(1000);
    assert!(later.code_at(&key, 999).is_err());
    assert_eq!(later.step_at(999), None);
    let first = later.code_for_step(&key, 0).expect("code");
    assert_eq!(verify_totp(&key, &first, 999, &later, &options(1, None)), Some(0));
    assert_eq!(verify_totp(&key, &first, 900, &later, &options(1, None)), None);

    for bad in [11, 1_000_000, u64::from(u32::MAX), 1 << 40] {
        let error = Window::new(bad).expect_err("window");
        assert_eq!(error.kind(), TotpErrorKind::InvalidConfig);
        assert!(error.to_string().ends_with(&format!("not {bad}")), "{error}");
    }
    for bad in [0, 5, 9, 10] {
        assert_eq!(Digits::new(bad).expect_err("digits").kind(), TotpErrorKind::InvalidConfig);
    }
    assert!(TotpParams::new(Algorithm::Sha1, 6, 0).is_err());
}

#[test]
fn replay_protection() {
    let key = secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    let p = TotpParams::default();
    // At t = 59 (step 1), "287082" is step 1 and "359152" step 2.
    let step = verify_totp(&key, "287082", 59, &p, &options(1, None)).expect("valid");
    assert_eq!(step, 1);
    assert_eq!(verify_totp(&key, "287082", 59, &p, &options(1, Some(step))), None);
    assert_eq!(verify_totp(&key, "755224", 59, &p, &options(1, Some(step))), None);
    assert_eq!(verify_totp(&key, "359152", 59, &p, &options(1, Some(step))), Some(2));

    // Steps 153567 and 153569 of the RFC 4226 key share the code 468457 (checked
    // with Python's hmac): the later step is returned, so the code is accepted once.
    let rfc = Secret::from_bytes(b"12345678901234567890".to_vec()).expect("key");
    let time = 153_568 * 30 + 1;
    let step = verify_totp(&rfc, "468457", time, &p, &options(1, None));
    assert_eq!(step, Some(153_569));
    assert_eq!(verify_totp(&rfc, "468457", time, &p, &options(1, step)), None);
    let look_ahead = Window::new(2).expect("w");
    let counter = verify_hotp(&rfc, "468457", 153_567, look_ahead, Algorithm::Sha1, Digits::SIX);
    assert_eq!(counter, Some(153_569));
}

#[test]
fn algorithm_names() {
    for (text, algorithm) in [
        ("SHA1", Algorithm::Sha1),
        ("sha1", Algorithm::Sha1),
        ("SHA-256", Algorithm::Sha256),
        ("sha512", Algorithm::Sha512),
    ] {
        assert_eq!(text.parse::<Algorithm>().expect("known"), algorithm);
    }
    for bad in ["", "MD5", "SHA3", "SHA 1", "SHA-1-"] {
        assert!(bad.parse::<Algorithm>().is_err(), "{bad}");
    }
}

#[test]
fn base32_forms() {
    let same =
        ["MFRGGZDFMZTWQ2LK", "mfrg gzdf mztw q2lk", "MFRG-GZDF-MZTW-Q2LK", "\tmfrggzdfmztwq2lk\n"];
    for form in same {
        assert_eq!(secret(form).as_bytes(), b"abcdefghij", "{form:?}");
    }
    assert_eq!(secret("MFRGGZDFMZTWQ2LKNM======").as_bytes(), b"abcdefghijk");
    assert_eq!(secret("mfrggzdfmztwq2lknm").as_bytes(), b"abcdefghijk");

    let bad = [
        "MFRGGZDF MZTWQ2LK!",       // punctuation
        "MFRGGZDFMZTWQ2LÄ",         // non-ASCII letter
        "MFRGGZDFMZTWQ2L１",        // fullwidth digit
        "MFRGGZDFMZTWQ2L8",         // 8 is not base32
        "MFRG=GZDFMZTWQ2LK",        // padding inside
        "MFRGGZDFMZTWQ2LKNM====",   // short padding
        "MFRGGZDFMZTWQ2LK========", // padding after a full block
        "MFRGGZDFMZTWQ2",           // impossible length
        "   ",
        "-",
    ];
    for form in bad {
        let err = Secret::from_base32(form).expect_err(form);
        assert_eq!(err.kind(), TotpErrorKind::InvalidSecret, "{form:?}");
        assert!(!err.to_string().contains("MFRG"), "message repeats the secret: {err}");
    }
    assert!(Secret::from_bytes(Vec::new()).is_err());
    assert_eq!(format!("{:?}", secret("MFRGGZDFMZTWQ2LK")), "Secret(10 bytes)");
}

// ---- otpauth URIs ----

#[test]
fn uri_round_trips() {
    let key = secret("JBSWY3DPEHPK3PXP");
    let names = [
        ("jo@example.org", Some("ACME Co")),
        ("a+b&c=d@x.y", Some("Smith & Wesson + Co")),
        ("Jörg Müller", Some("Bücher 📚 GmbH")),
        ("用户@例子.中国", Some("公司")),
        ("100% #1 /path?x", Some("50% off")),
        ("plain", None),
    ];
    for (account, issuer) in names {
        for p in [TotpParams::default(), params("SHA512", 8, 60)] {
            let uri = OtpUri::totp(key.clone(), account, issuer, &p);
            let text = uri.to_uri().expect("builds");
            assert!(text.is_ascii(), "{text}");
            assert!(!text.contains(' ') && !text.contains('+') && !text.contains('@'));
            assert_eq!(OtpUri::parse(&text).expect("parses"), uri, "{text}");
        }
    }
}

#[test]
fn uri_exact_form() {
    let key = secret("JBSWY3DPEHPK3PXP");
    let uri =
        OtpUri::totp(key.clone(), "alice@google.com", Some("Example"), &TotpParams::default());
    assert_eq!(
        uri.to_uri().expect("builds"),
        "otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
    );
    let uri = OtpUri::totp(key, "é", Some("A B"), &params("SHA256", 7, 45));
    assert_eq!(
        uri.to_uri().expect("builds"),
        "otpauth://totp/A%20B:%C3%A9?secret=JBSWY3DPEHPK3PXP&issuer=A%20B\
         &algorithm=SHA256&digits=7&period=45"
    );
}

#[test]
fn uri_variants_from_apps() {
    let parse = |text: &str| OtpUri::parse(text).expect(text);

    // Google's documented example, with an image parameter.
    let uri = parse(
        "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&image=x",
    );
    assert_eq!(
        (uri.account.as_str(), uri.issuer.as_deref()),
        ("alice@google.com", Some("Example"))
    );

    // Encoded colon, space after it, `+` for spaces in parameters, upper-case scheme.
    let uri = parse(
        "OTPAUTH://TOTP/ACME%20Co%3A%20john.doe%40email.com?SECRET=jbswy3dpehpk3pxp\
         &issuer=ACME+Co&Algorithm=sha1&digits=6&period=30",
    );
    assert_eq!(uri.account, "john.doe@email.com");
    assert_eq!(uri.issuer.as_deref(), Some("ACME Co"));

    // Issuer only as parameter; only as label prefix; neither.
    assert_eq!(
        parse("otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP&issuer=X").issuer.as_deref(),
        Some("X")
    );
    assert_eq!(parse("otpauth://totp/X:bob?secret=JBSWY3DPEHPK3PXP").issuer.as_deref(), Some("X"));
    assert_eq!(parse("otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP&issuer=").issuer, None);

    // Padded secret; HOTP with a counter; a literal `+` in the label stays a `+`.
    let uri = parse("otpauth://hotp/a+b?secret=MFRGGZDFMZTWQ2LKNM%3D%3D%3D%3D%3D%3D&counter=42");
    assert_eq!((uri.kind, uri.counter, uri.account.as_str()), (OtpKind::Hotp, 42, "a+b"));
    assert_eq!(parse(&uri.to_uri().expect("builds")), uri);
}

#[test]
fn hostile_uris() {
    let long = format!("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&x={}", "a".repeat(5000));
    let bad = [
        "",
        "https://totp/a?secret=JBSWY3DPEHPK3PXP",
        "otpauth:/totp/a?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp",
        "otpauth://motp/a?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/a",
        "otpauth://totp/?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/a?secret=",
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PX1",
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=4",
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=+6",
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=99999999999999999999999",
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=0",
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=-30",
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
        "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP",
        "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551616",
        "otpauth://totp/A:b:c?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/:b?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/A:?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=B",
        "otpauth://totp/a%0Ab?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=x%00y",
        "otpauth://totp/a%?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/a%C3?secret=JBSWY3DPEHPK3PXP",
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=%FF",
        long.as_str(),
    ];
    for text in bad {
        let err = OtpUri::parse(text).expect_err(text);
        assert_eq!(err.kind(), TotpErrorKind::InvalidUri, "{text:?}");
        assert!(!err.to_string().contains("JBSWY3DP"), "message repeats the secret: {err}");
    }

    let key = secret("JBSWY3DPEHPK3PXP");
    let p = TotpParams::default();
    for (account, issuer) in
        [("", None), ("a:b", None), ("a", Some("I:J")), ("a", Some("")), ("a\u{7}", None)]
    {
        let err = OtpUri::totp(key.clone(), account, issuer, &p).to_uri().expect_err("rejected");
        assert_eq!(err.kind(), TotpErrorKind::InvalidUri);
    }
}

// ---- QR codes (the package's are decoded by zbar in tests/differential/qr_zbar.py) ----

#[test]
fn qr_renderings() {
    let uri = "otpauth://totp/ACME%20Co:jo%40x.org?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co";
    let svg = qr_svg(uri).expect("svg");
    assert!(svg.starts_with("<?xml") && svg.contains("<svg") && svg.trim_end().ends_with("</svg>"));

    let dark = qr_terminal(uri, TerminalBackground::Dark).expect("terminal");
    let light = qr_terminal(uri, TerminalBackground::Light).expect("terminal");
    let lines: Vec<&str> = dark.lines().collect();
    assert!(lines.len() > 10);
    assert!(lines.iter().all(|l| l.chars().count() == lines[0].chars().count()));
    assert!(dark.chars().all(|c| matches!(c, ' ' | '\n' | '\u{2580}' | '\u{2584}' | '\u{2588}')));

    // A cell holds two modules, one above the other. With its quiet zone a code is
    // an odd number of modules high, so the lower half of the last line lies below
    // the code: neither rendering draws there, and the terminal's own background
    // shows. Over the code itself, the dark-background drawing is the light one
    // inverted.
    let (dark, light) = (half_rows(&dark), half_rows(&light));
    let size = light[0].len();
    assert_eq!((size % 2, light.len(), dark.len()), (1, size + 1, size + 1));
    for (row, (d, l)) in dark.iter().zip(&light).take(size).enumerate() {
        assert!(d.iter().zip(l).all(|(d, l)| d != l), "row {row} is not inverted");
    }
    assert!(!dark[size].contains(&true) && !light[size].contains(&true));
    // Light-background view: a quiet zone of four light modules, then the top-left
    // finder pattern's seven dark modules.
    assert!(light[..4].iter().all(|row| !row.contains(&true)));
    assert!(light[4..size - 4].iter().all(|row| !row[..4].contains(&true)));
    assert_eq!(
        light[4][..12],
        [false, false, false, false, true, true, true, true, true, true, true, false]
    );

    let too_long = "x".repeat(3000);
    assert_eq!(qr_svg(&too_long).expect_err("too long").kind(), TotpErrorKind::InvalidUri);
}

#[test]
fn qr_png_matches_the_terminal_rendering() {
    let uri = "otpauth://totp/B%C3%BCcher:j%C3%B6%40x.org?secret=JBSWY3DPEHPK3PXP\
               &issuer=B%C3%BCcher";
    let png = qr_png(uri).expect("png");
    let modules = half_rows(&qr_terminal(uri, TerminalBackground::Light).expect("terminal"));
    let side = modules[0].len();

    // The chunks, each CRC checked by the bitwise definition.
    assert_eq!(png[..8], *b"\x89PNG\r\n\x1a\n");
    let mut chunks: Vec<(&[u8], &[u8])> = Vec::new();
    let mut rest = &png[8..];
    while !rest.is_empty() {
        let length = be32(&rest[..4]) as usize;
        let (typed, crc) = (&rest[4..8 + length], be32(&rest[8 + length..12 + length]));
        assert_eq!(crc, crc32(typed), "{}", String::from_utf8_lossy(&typed[..4]));
        chunks.push((&typed[..4], &typed[4..]));
        rest = &rest[12 + length..];
    }
    let kinds: Vec<&[u8]> = chunks.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(kinds, [b"IHDR".as_slice(), b"IDAT", b"IEND"]);

    // 1-bit greyscale, square, a whole number of pixels per module, at least 256.
    let header = chunks[0].1;
    let pixels = be32(&header[..4]) as usize;
    assert_eq!((be32(&header[4..8]) as usize, &header[8..]), (pixels, [1, 0, 0, 0, 0].as_slice()));
    assert!(pixels >= 256 && pixels % side == 0, "{pixels} pixels for {side} modules");
    let scale = pixels / side;

    // zlib header, stored deflate blocks, Adler-32 of the data.
    let zlib = chunks[1].1;
    assert_eq!(zlib[..2], [0x78, 0x01]);
    let (mut data, mut at) = (Vec::new(), 2);
    loop {
        let last = zlib[at] == 1;
        assert!(zlib[at] <= 1, "only stored blocks");
        let length = u16::from_le_bytes([zlib[at + 1], zlib[at + 2]]);
        assert_eq!(!length, u16::from_le_bytes([zlib[at + 3], zlib[at + 4]]));
        data.extend_from_slice(&zlib[at + 5..at + 5 + usize::from(length)]);
        at += 5 + usize::from(length);
        if last {
            break;
        }
    }
    assert_eq!(be32(&zlib[at..]), adler32(&data));
    assert_eq!(zlib.len(), at + 4);

    // Every pixel is its module's colour (0 is black); every row has filter 0.
    let row_bytes = 1 + pixels.div_ceil(8);
    assert_eq!(data.len(), row_bytes * pixels);
    for (y, row) in data.chunks(row_bytes).enumerate() {
        assert_eq!(row[0], 0, "filter of row {y}");
        for x in 0..pixels {
            let black = row[1 + x / 8] & (0x80 >> (x % 8)) == 0;
            assert_eq!(black, modules[y / scale][x / scale], "pixel {x},{y}");
        }
    }
}

fn be32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes(bytes[..4].try_into().expect("four bytes"))
}

/// CRC-32 (ISO-HDLC, as PNG uses it), one bit at a time.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Adler-32 (RFC 1950), by its definition.
fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for byte in bytes {
        a = (a + u32::from(*byte)) % 65521;
        b = (b + a) % 65521;
    }
    b << 16 | a
}

/// The halves of a terminal rendering, two rows per line: `true` where a half
/// block is drawn.
fn half_rows(text: &str) -> Vec<Vec<bool>> {
    let drawn = |line: &str, halves: [char; 2]| line.chars().map(|c| halves.contains(&c)).collect();
    text.lines()
        .flat_map(|line| {
            [drawn(line, ['\u{2588}', '\u{2580}']), drawn(line, ['\u{2588}', '\u{2584}'])]
        })
        .collect()
}

// ---- backup codes ----

#[test]
fn backup_code_config_shapes() {
    let mut fill = fake_random(42);
    let config = BackupCodeConfig::new(3, 10).expect("valid").with_iterations(10).expect("valid");
    let (store, codes) = BackupCodes::generate(&config, &mut fill).expect("generate");
    assert_eq!(codes.len(), 3);
    assert!(codes.iter().all(|c| c.len() == 12 && c.matches('-').count() == 2), "{codes:?}");
    assert_eq!(store.length(), 10);

    for (count, length) in [(0, 8), (101, 8), (10, 5), (10, 33)] {
        let err = BackupCodeConfig::new(count, length).expect_err("rejected");
        assert_eq!(err.kind(), TotpErrorKind::InvalidConfig);
    }
    assert!(BackupCodeConfig::default().with_iterations(0).is_err());
    assert!(BackupCodeConfig::default().with_iterations(2_000_000).is_err());
}

#[test]
fn backup_code_input_forms() {
    let mut fill = fake_random(7);
    let config = cheap_backup_config();
    let (mut store, codes) = BackupCodes::generate(&config, &mut fill).expect("generate");
    let code = &codes[0];
    let spaced = format!(" {} ", code.replace('-', " ").to_lowercase());
    for wrong in [
        code[..8].to_string(),
        format!("{code}0"),
        code.replace('-', "_"),
        format!("{}\u{FF10}", &code[..8]),
        "0".repeat(8),
    ] {
        assert!(!store.consume(&wrong), "{wrong:?}");
    }
    assert_eq!(store.remaining(), 10);
    assert!(store.consume(&spaced));
    assert!(!store.consume(code));
}

#[test]
fn corrupted_backup_stores() {
    let mut fill = fake_random(9);
    let (store, _) = BackupCodes::generate(&cheap_backup_config(), &mut fill).expect("generate");
    let good = store.to_value();
    let first_hash = good["hashes"][0].clone();

    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut with = |field: &str, value: Value, why: &'static str| {
        let mut v = good.clone();
        v[field] = value;
        cases.push((v, why));
    };
    with("version", json!(2), "version");
    with("kdf", json!("sha1"), "kdf");
    with("iterations", json!(0), "iterations");
    with("iterations", json!(4_000_000_000u64), "iterations");
    with("length", json!(3), "length");
    with("salt", json!("00"), "salt");
    with("salt", json!(12), "salt type");
    with("hashes", json!(["zz"]), "hash");
    with("hashes", json!([first_hash.clone(), first_hash]), "duplicate");
    with("hashes", json!(vec![Value::Null; 3]), "null hash");
    with("hashes", json!("abc"), "hashes type");
    with("extra", json!(1), "unknown field");
    let mut missing = good.clone();
    missing.as_object_mut().expect("object").remove("salt");
    cases.push((missing, "missing salt"));
    cases.push((json!([]), "array"));
    cases.push((json!(null), "null"));

    for (value, why) in cases {
        let err = BackupCodes::from_value(value).expect_err(why);
        assert_eq!(err.kind(), TotpErrorKind::InvalidBackupStore, "{why}");
    }
    for text in ["", "{", "not json", "[1,2"] {
        let err = BackupCodes::from_json(text).expect_err(text);
        assert_eq!(err.kind(), TotpErrorKind::InvalidBackupStore);
    }
}
