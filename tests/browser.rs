//! The integration tests again, in headless Chromium: every file listed below runs
//! here as a module, under `wasm_bindgen_test_configure!(run_in_browser)`.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target
//! wasm32-unknown-unknown --test browser`. Natively this file compiles to nothing
//! (the listed files run as their own test targets there). Add each new
//! `tests/<name>.rs` to the list.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test as test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

// The list of test files, one `#[path]` module each.
#[path = "dlp.rs"]
mod dlp;
#[path = "rbac.rs"]
mod rbac;
#[path = "totp.rs"]
mod totp;

#[test]
fn default_policy_loads_in_the_browser() {
    let policy = promptward::policy::PolicyDocument::default_policy();
    assert!(policy.dlp.is_some());
}

#[test]
fn content_hash_is_sha256_hex() {
    let hash = promptward::hash::content_hash(b"abc");
    let expected = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assert_eq!(hash, expected);
}

#[test]
fn totp_secret_from_web_crypto_generates_and_verifies() {
    use promptward::totp::{generate_secret, os_random, verify_totp, TotpParams, VerifyOptions};

    let secret = generate_secret(&mut os_random).expect("crypto.getRandomValues");
    let params = TotpParams::default();
    let now = 1_700_000_000;
    let code = params.code_at(&secret, now).expect("code");
    let step = verify_totp(&secret, &code, now, &params, &VerifyOptions::default());
    assert_eq!(step, params.step_at(now));
    let replay = VerifyOptions { after_step: step, ..VerifyOptions::default() };
    assert_eq!(verify_totp(&secret, &code, now, &params, &replay), None);
}
