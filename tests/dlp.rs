//! The DLP engine against the cases in `data/cases.json` (answers computed
//! independently of this crate), the original design's sample, and bad input.
//!
//! Runs natively and, through the wasm-bindgen test runner, as WebAssembly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use promptward::dlp::{Scanner, Verdict};
use promptward::policy::PolicyDocument;
use serde_json::{json, Value};

const CASES: &str = include_str!("data/cases.json");
const DLP_RULES_YAML: &str = include_str!("data/policy/dlp-rules.yaml");

fn dlp_cases() -> Vec<Value> {
    let all: Value = serde_json::from_str(CASES).expect("cases.json parses");
    all["cases"]
        .as_array()
        .expect("cases is an array")
        .iter()
        .filter(|c| c["component"].as_str().is_some_and(|s| s.starts_with("dlp")))
        .cloned()
        .collect()
}

/// Maps the cases' key stems to rule names.
fn rule_of(stem: &str) -> &str {
    match stem {
        "ip" => "ip_address",
        other => other,
    }
}

/// The (rule, byte range) pairs a scan reports.
fn found(scanner: &Scanner, text: &str) -> Vec<(String, usize, usize)> {
    let report = scanner.scan(text);
    report.matches.iter().map(|m| (scanner.rules()[m.rule].name.clone(), m.start, m.end)).collect()
}

fn expected_spans(list: &Value, rule: Option<&str>) -> Vec<(String, usize, usize)> {
    list.as_array()
        .expect("a list of matches")
        .iter()
        .map(|m| {
            let name = rule.map(str::to_string).or_else(|| m["rule"].as_str().map(str::to_string));
            let utf8 = &m["utf8"];
            (
                name.expect("rule"),
                utf8[0].as_u64().unwrap() as usize,
                utf8[1].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

fn check_case(case: &Value) {
    let id = case["id"].as_str().unwrap_or("?");
    let input = &case["input"];
    if input.get("generator").is_some() {
        return; // The long-input case has its own test below.
    }
    assert_eq!(input["rules"], "defaults", "{id}");
    let text = input["text"].as_str().expect("text");
    let scanner = Scanner::new();
    let all = found(&scanner, text);
    let expect = case["expect"].as_object().expect("expect");

    for (key, value) in expect {
        if key == "matches" {
            assert_eq!(all, expected_spans(value, None), "{id}: all matches");
        } else if let Some(stem) = key.strip_suffix("_matches") {
            let rule = rule_of(stem);
            let got: Vec<_> = all.iter().filter(|(r, _, _)| r == rule).cloned().collect();
            assert_eq!(got, expected_spans(value, Some(rule)), "{id}: {rule} matches");
        } else if let Some(stem) = key
            .strip_prefix("not_")
            .or(key.strip_prefix("no_").and_then(|k| k.strip_suffix("_inside")))
        {
            let rule = rule_of(stem);
            for bad in value.as_array().expect("list").iter().filter_map(Value::as_str) {
                for (at, _) in text.match_indices(bad) {
                    let hit =
                        all.iter().any(|(r, s, e)| r == rule && *s < at + bad.len() && at < *e);
                    assert!(!hit, "{id}: {rule} found inside {bad:?}");
                }
            }
        } else if key == "overall_action" {
            assert_eq!(scanner.scan(text).verdict.as_str(), value.as_str().unwrap(), "{id}");
        } else if key == "redact_js" {
            assert_eq!(scanner.redact(text), value.as_str().unwrap(), "{id}: redaction");
        } else if key == "utf8_length" {
            assert_eq!(scanner.scan(text).text_len as u64, value.as_u64().unwrap(), "{id}");
        }
    }
}

#[test]
fn shared_dlp_cases() {
    let cases = dlp_cases();
    assert!(cases.len() >= 6, "expected the DLP cases, found {}", cases.len());
    for case in &cases {
        check_case(case);
    }
}

#[test]
fn long_input_with_many_matches() {
    let mut text = String::from("\u{1F600}\n");
    for i in 0..100_000 {
        text.push_str(&format!("row {i:06} contact u{i:06}@example.com ok\n"));
    }
    assert_eq!(text.len(), 4_200_005);
    let scanner = Scanner::new();
    let report = scanner.scan(&text);
    assert_eq!(report.matches.len(), 100_000);
    assert!(report.matches.iter().all(|m| scanner.rules()[m.rule].name == "email"));
    for (i, start) in [(0, 24), (49_999, 2_099_982), (99_999, 4_199_982)] {
        let m = report.matches[i];
        assert_eq!((m.start, m.end), (start, start + 19), "match {i}");
    }
}

#[test]
fn original_sample_text() {
    let doc: serde_json::Value = serde_yaml_ng::from_str(DLP_RULES_YAML).expect("yaml");
    let sample = doc["dlp"]["example_text"].as_str().expect("example_text");

    // The built-in rules: 4532-1234-5678-9012 fails Luhn, so it is no card.
    let mut scanner = Scanner::new();
    let names =
        |s: &Scanner| -> Vec<String> { found(s, sample).into_iter().map(|f| f.0).collect() };
    assert_eq!(names(&scanner), ["email", "phone"]);
    assert_eq!(scanner.scan(sample).verdict, Verdict::Warn);

    // The original design's custom rule, added at run time.
    scanner.add_rule_value(&doc["dlp"]["example_custom_rules"][0]).expect("employee_id compiles");
    assert_eq!(names(&scanner), ["email", "phone", "employee_id"]);
    assert!(found(&scanner, "emp123456").iter().any(|f| f.0 == "employee_id"), "case-insensitive");
}

#[test]
fn original_rules_file_loads_as_it_is() {
    let value: Value = serde_yaml_ng::from_str(DLP_RULES_YAML).expect("yaml");
    let doc = PolicyDocument::from_value(value).expect("document");
    let scanner = Scanner::from_policy(&doc).expect("original rules compile");
    let names: Vec<&str> = scanner.rules().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["credit_card", "ssn", "email", "phone", "api_key", "ip_address"]);
    assert!(
        scanner.rules().iter().all(|r| r.pattern.is_some()),
        "original patterns, not built-ins"
    );
    assert_eq!(
        scanner.warnings(),
        ["unused key `dlp.example_custom_rules`", "unused key `dlp.example_text`"]
    );
    // The original card pattern flags the Luhn-invalid sample number.
    let sample = "card 4532-1234-5678-9012";
    assert_eq!(found(&scanner, sample), [("credit_card".to_string(), 5, 24)]);
}

#[test]
fn policy_sections_select_rules() {
    let only = json!({"dlp": {"rules": [
        {"name": "ticket", "pattern": r"\bT-\d{4}\b", "sensitivity": "internal", "action": "log"}
    ]}});
    let scanner = Scanner::from_policy(&PolicyDocument::from_value(only).unwrap()).unwrap();
    assert_eq!(scanner.rules().len(), 1);

    let merged = json!({"dlp": {"useDefaults": true, "rules": [
        {"name": "email", "detector": "email", "sensitivity": "internal", "action": "redact",
         "redaction": {"label": "EMAIL"}}
    ]}});
    let scanner = Scanner::from_policy(&PolicyDocument::from_value(merged).unwrap()).unwrap();
    assert_eq!(scanner.rules().len(), 6);
    assert_eq!(scanner.redact("mail a@example.com now"), "mail [EMAIL] now");

    let none = Scanner::from_policy(&PolicyDocument::from_value(json!({})).unwrap()).unwrap();
    assert_eq!(none.policy_hash(), Scanner::new().policy_hash());
    assert_ne!(scanner.policy_hash(), none.policy_hash());
}

#[test]
fn redaction_merges_overlapping_and_touching_spans() {
    let mut scanner = Scanner::empty();
    for (name, pattern) in [("a", "abc"), ("b", "bcd"), ("c", "ef")] {
        let rule = json!({"name": name, "pattern": pattern, "sensitivity": "internal",
                          "action": "redact"});
        scanner.add_rule_value(&rule).unwrap();
    }
    assert_eq!(scanner.redact("xabcdefx"), "x***REDACTED***x");
    assert_eq!(scanner.redact("abc bcd"), "***REDACTED*** ***REDACTED***");

    let mut masked = Scanner::empty();
    let rule = json!({"name": "card", "detector": "credit_card", "sensitivity": "restricted",
                      "action": "redact", "redaction": {"mask": "*", "keepLast": 4}});
    masked.add_rule_value(&rule).unwrap();
    assert_eq!(masked.redact("4111-1111-1111-1111"), "***************1111");
}

#[test]
fn a_mask_keeps_at_most_half_of_a_match_visible() {
    let mut scanner = Scanner::empty();
    let rules = [
        json!({"name": "card", "detector": "credit_card", "sensitivity": "restricted",
               "action": "block", "redaction": {"mask": "#", "keepLast": 19}}),
        json!({"name": "ssn", "detector": "ssn", "sensitivity": "restricted",
               "action": "block", "redaction": {"mask": "#", "keepLast": 200}}),
    ];
    for rule in &rules {
        scanner.add_rule_value(rule).unwrap();
    }
    // 19 characters: 9 stay visible, 10 are masked; 11 characters: 5 and 6.
    assert_eq!(scanner.redact("card 4111 1111 1111 1111"), "card ##########1111 1111");
    assert_eq!(scanner.redact("ssn 123-45-6789"), "ssn ######-6789");
}

#[test]
fn bad_rules_are_named() {
    let cases = [
        (
            json!({"name": "x", "pattern": "(?=a)b", "sensitivity": "internal", "action": "warn"}),
            "look-around",
        ),
        (
            json!({"name": "x", "pattern": r"(a)\1", "sensitivity": "internal", "action": "warn"}),
            "back-reference",
        ),
        (
            json!({"name": "x", "pattern": "a*", "sensitivity": "internal", "action": "warn"}),
            "empty string",
        ),
        (
            json!({"name": "x", "pattern": "(", "sensitivity": "internal", "action": "warn"}),
            "not a valid pattern",
        ),
        (
            json!({"name": "x", "pattern": "a", "sensitivity": "secret", "action": "warn"}),
            "field `sensitivity`",
        ),
        (
            json!({"name": "x", "pattern": "a", "sensitivity": "internal", "action": "shout"}),
            "field `action`",
        ),
        (
            json!({"name": "x", "pattern": "a", "sensitivity": "internal"}),
            "field `action`: is missing",
        ),
        (
            json!({"name": "x", "patern": "a", "sensitivity": "internal", "action": "warn"}),
            "unknown field `patern`",
        ),
        (
            json!({"name": "x", "detector": "iban", "sensitivity": "internal", "action": "warn"}),
            "not a built-in",
        ),
        (
            json!({"name": "bad name", "pattern": "a", "sensitivity": "internal",
                   "action": "warn"}),
            "field `name`",
        ),
        (
            json!({"name": "email", "pattern": "a", "sensitivity": "internal", "action": "warn"}),
            "already a rule",
        ),
    ];
    for (rule, want) in cases {
        let mut scanner = Scanner::new();
        let err = scanner.add_rule_value(&rule).expect_err(want);
        let message = err.to_string();
        assert!(message.contains(want), "{message} should mention {want}");
        assert!(message.starts_with("rule `"), "{message} names the rule");
        assert_eq!(scanner.rules().len(), 6, "a refused rule leaves the scanner unchanged");
    }

    let twice = json!({"dlp": {"rules": [
        {"name": "d", "pattern": "a", "sensitivity": "internal", "action": "warn"},
        {"name": "d", "pattern": "b", "sensitivity": "internal", "action": "warn"}
    ]}});
    let err = Scanner::from_policy(&PolicyDocument::from_value(twice).unwrap()).unwrap_err();
    assert!(err.to_string().contains("used by two rules"), "{err}");
}

#[test]
fn hostile_patterns_stay_linear() {
    let mut scanner = Scanner::empty();
    let rule =
        json!({"name": "evil", "pattern": "(a+)+$", "sensitivity": "internal", "action": "log"});
    scanner.add_rule_value(&rule).unwrap();
    let text = format!("{}!", "a".repeat(20_000));
    assert_eq!(scanner.scan(&text).matches.len(), 0);
}

#[test]
fn empty_and_binary_text() {
    let scanner = Scanner::new();
    assert_eq!(scanner.scan("").verdict, Verdict::Allow);
    let weird = "\0\u{1}\u{FFFD}\u{10FFFF}@@@..--  \u{a0}";
    assert_eq!(scanner.scan(weird).verdict, Verdict::Allow);
}
