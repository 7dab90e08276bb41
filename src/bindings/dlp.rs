//! `Scanner` for JavaScript: the DLP engine with UTF-16 offsets, plain result
//! objects, statistics and scan ids.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use js_sys::Array;

use super::text::Utf8Copier;
use super::{parse_json, plain_data, policy_from_js, to_js, to_plain, type_error};
use crate::dlp::{self, utf16, Action, ScanBuffers, ScanStats, Sensitivity, Verdict};

#[wasm_bindgen(typescript_custom_section)]
const TS: &str = r#"
/** How sensitive the data a rule finds is. */
export type DlpSensitivity = 'public' | 'internal' | 'confidential' | 'restricted';

/** What a rule asks for when it matches. */
export type DlpAction = 'block' | 'redact' | 'warn' | 'log';

/** The overall verdict of a scan: the strictest action among its matches. */
export type DlpVerdict = DlpAction | 'allow';

/** How a `block` or `redact` match is replaced by `redact()`. */
export interface DlpRedaction {
  /** The replacement text, as it is. */
  token?: string;
  /** A label, written as `[LABEL]`. */
  label?: string;
  /** One character written over each character of the match. */
  mask?: string;
  /** With `mask`: how many trailing characters stay visible. */
  keepLast?: number;
}

/** A rule for `addRule()` or a policy's `dlp.rules`: a `pattern` or a built-in `detector`. */
export interface DlpRule {
  name: string;
  pattern?: string;
  detector?: 'credit_card' | 'ssn' | 'email' | 'phone' | 'api_key' | 'ip_address';
  sensitivity: DlpSensitivity;
  action: DlpAction;
  description?: string;
  validator?: 'luhn' | 'credit_card' | 'ssn' | 'ipv4';
  caseSensitive?: boolean;
  redaction?: DlpRedaction;
}

/** A policy for `new Scanner()`: a policy document with a `dlp` section. */
export interface DlpPolicy {
  dlp?: { useDefaults?: boolean; rules?: DlpRule[] };
  [section: string]: unknown;
}

/** One match; `text.slice(start, end)` is the matched text (UTF-16 offsets). */
export interface ScanMatch {
  rule: string;
  start: number;
  end: number;
  sensitivity: DlpSensitivity;
  action: DlpAction;
}

/** The result of `scan()`: the verdict and every match, never the text itself. */
export interface ScanResult {
  action: DlpVerdict;
  matches: ScanMatch[];
  /** The length of the scanned text in UTF-16 code units. */
  textLength: number;
  /** The content hash of the ruleset that scanned, `sha256:<hex>`. */
  policyHash: string;
  /** Unique per scan, not derived from the text. */
  scanId: string;
}

/** Counts kept by a scanner; never any matched text. */
export interface ScanStats {
  totalScans: number;
  totalMatches: number;
  verdicts: Record<DlpVerdict, number>;
  matchesByRule: Record<string, number>;
}

/** A rule of a scanner, as `rules()` lists it. */
export interface DlpRuleView {
  name: string;
  sensitivity: DlpSensitivity;
  action: DlpAction;
  description?: string | null;
  kind: 'pattern' | 'builtin';
}
"#;

#[derive(Serialize)]
struct RuleView<'a> {
    name: &'a str,
    sensitivity: &'static str,
    action: &'static str,
    description: Option<&'a str>,
    kind: &'static str,
}

/// The strings a scan result is made of, made into JavaScript strings once per
/// scanner rather than once per scan: the rule names, the names of
/// actions and sensitivities, the policy hash and the scan id prefix.
struct ResultStrings {
    rule_names: Vec<JsValue>,
    verdicts: [JsValue; 5],
    sensitivities: [JsValue; 4],
    policy_hash: JsValue,
    scan_id_prefix: Option<JsValue>,
    scans: u64,
    /// What a lookup out of range gives; no lookup here is.
    undefined: JsValue,
}

impl ResultStrings {
    fn new(scanner: &dlp::Scanner) -> Self {
        let verdict_names = Verdict::ALL.map(|v| JsValue::from_str(v.as_str()));
        let sensitivities = [
            Sensitivity::Public,
            Sensitivity::Internal,
            Sensitivity::Confidential,
            Sensitivity::Restricted,
        ]
        .map(|s| JsValue::from_str(s.as_str()));
        ResultStrings {
            rule_names: scanner.rules().iter().map(|r| JsValue::from_str(&r.name)).collect(),
            verdicts: verdict_names,
            sensitivities,
            policy_hash: JsValue::from_str(scanner.policy_hash()),
            scan_id_prefix: None,
            scans: 0,
            undefined: JsValue::UNDEFINED,
        }
    }

    fn verdict(&self, verdict: Verdict) -> &JsValue {
        self.verdicts.get(verdict as usize).unwrap_or(&self.undefined)
    }

    fn action(&self, action: Action) -> &JsValue {
        self.verdict(Verdict::from(action))
    }

    fn sensitivity(&self, sensitivity: Sensitivity) -> &JsValue {
        self.sensitivities.get(sensitivity as usize).unwrap_or(&self.undefined)
    }

    fn rule_name(&self, rule: usize) -> &JsValue {
        self.rule_names.get(rule).unwrap_or(&self.undefined)
    }

    /// The next scan id: a random prefix per scanner, drawn at its first scan
    /// (never at module load), and a counter. Nothing of the text goes in.
    /// Returns the count, which JavaScript joins to [`ResultStrings::scan_id_prefix`].
    fn next_scan_id(&mut self) -> f64 {
        self.scan_id_prefix.get_or_insert_with(|| {
            let mut bytes = [0u8; 8];
            let hex: String = match getrandom::fill(&mut bytes) {
                Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
                // Scan ids need uniqueness, not secrecy: without a random source
                // they stay unique per scanner.
                Err(_) => "0".repeat(16),
            };
            JsValue::from_str(&format!("{hex}-"))
        });
        self.scans += 1;
        // Counts stay exact as JavaScript numbers far beyond any scanner's life.
        self.scans as f64
    }

    fn scan_id_prefix(&self) -> &JsValue {
        self.scan_id_prefix.as_ref().unwrap_or(&self.undefined)
    }
}

#[wasm_bindgen(inline_js = "export function scanResult(
    action, matches, textLength, policyHash, idPrefix, count,
) {
    return { action, matches: matches ?? [], textLength, policyHash, scanId: idPrefix + count };
}
export function scanMatch(rule, start, end, sensitivity, action) {
    return { rule, start, end, sensitivity, action };
}
export function spliceRedactions(text, offsets, replacements) {
    let out = '';
    let copied = 0;
    for (let i = 0; i < replacements.length; i += 1) {
        const [start, keepFrom, end] = offsets.subarray(3 * i, 3 * i + 3);
        out += text.slice(copied, start) + replacements[i] + text.slice(keepFrom, end);
        copied = end;
    }
    return out + text.slice(copied);
}")]
extern "C" {
    #[wasm_bindgen(js_name = scanResult)]
    fn scan_result(
        action: &JsValue,
        matches: Option<Array>,
        text_length: u32,
        policy_hash: &JsValue,
        scan_id_prefix: &JsValue,
        scan_count: f64,
    ) -> JsValue;

    /// `text` with each span `offsets[3i]..offsets[3i + 2]` replaced by
    /// `replacements[i]` followed by `text.slice(offsets[3i + 1], offsets[3i + 2])`.
    #[wasm_bindgen(js_name = spliceRedactions)]
    fn splice_redactions(text: &JsValue, offsets: &[u32], replacements: &Array) -> JsValue;

    #[wasm_bindgen(js_name = scanMatch)]
    fn scan_match(
        rule: &JsValue,
        start: u32,
        end: u32,
        sensitivity: &JsValue,
        action: &JsValue,
    ) -> JsValue;
}

/// A compiled DLP ruleset that scans and redacts prompts.
#[wasm_bindgen(js_name = Scanner)]
pub struct JsScanner {
    inner: dlp::Scanner,
    stats: ScanStats,
    strings: ResultStrings,
    /// Whether rules were added since `strings` was made.
    strings_stale: bool,
    copier: Utf8Copier,
    buffers: ScanBuffers,
    /// The matches' offsets, reused from scan to scan.
    offsets: Vec<usize>,
}

#[wasm_bindgen(js_class = Scanner)]
impl JsScanner {
    /// Builds a scanner from a policy document (an object or JSON text), or from
    /// the embedded default policy when none is given.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "DlpPolicy | string | null")]
        policy: JsValue,
    ) -> Result<JsScanner, JsValue> {
        let document = policy_from_js(&policy)?;
        let inner = dlp::Scanner::from_policy(&document).map_err(to_js)?;
        let strings = ResultStrings::new(&inner);
        let copier = Utf8Copier::new();
        let buffers = ScanBuffers::default();
        let stats = ScanStats::default();
        let offsets = Vec::new();
        Ok(JsScanner { inner, stats, strings, strings_stale: false, copier, buffers, offsets })
    }

    /// Adds a rule `{ name, pattern | detector, sensitivity, action, ... }`.
    #[wasm_bindgen(js_name = addRule)]
    pub fn add_rule(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "DlpRule")] rule: JsValue,
    ) -> Result<(), JsValue> {
        if !rule.is_object() {
            return Err(type_error("addRule: rule must be an object"));
        }
        let value = plain_data(&rule, "rule", "InvalidRule")?;
        self.inner.add_rule_value(&value).map_err(to_js)?;
        // Remade at the next scan, so that adding many rules stays linear.
        self.strings_stale = true;
        Ok(())
    }

    /// Scans `text`; offsets are UTF-16 code units, so `text.slice(start, end)`
    /// is the match.
    #[wasm_bindgen(unchecked_return_type = "ScanResult")]
    pub fn scan(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        if self.strings_stale {
            let scan_id_prefix = self.strings.scan_id_prefix.take();
            let scans = self.strings.scans;
            let fresh = ResultStrings::new(&self.inner);
            self.strings = ResultStrings { scan_id_prefix, scans, ..fresh };
            self.strings_stale = false;
        }
        let Some((text, text_length)) = self.copier.copy(&text) else {
            return Err(type_error("scan: text must be a string"));
        };
        let report = self.inner.scan_reusing(text, &mut self.buffers);
        self.stats.record(&self.inner, &report);

        let offsets = &mut self.offsets;
        offsets.clear();
        offsets.extend(report.matches.iter().flat_map(|m| [m.start, m.end]));
        utf16::convert(text, offsets);
        // No array is made here for the common case of no match.
        let matches = (!report.matches.is_empty())
            .then(|| Array::new_with_length(report.matches.len() as u32));
        let strings = &self.strings;
        for (i, (m, span)) in report.matches.iter().zip(offsets.chunks_exact(2)).enumerate() {
            let [start, end] = [span.first(), span.get(1)].map(|o| o.copied().unwrap_or(0));
            let view = scan_match(
                strings.rule_name(m.rule),
                start as u32,
                end as u32,
                strings.sensitivity(self.inner.sensitivity_of(m)),
                strings.action(self.inner.action_of(m)),
            );
            if let Some(matches) = &matches {
                matches.set(i as u32, view);
            }
        }

        let count = self.strings.next_scan_id();
        let strings = &self.strings;
        let verdict = strings.verdict(report.verdict);
        let prefix = strings.scan_id_prefix();
        Ok(scan_result(verdict, matches, text_length, &strings.policy_hash, prefix, count))
    }

    /// Returns `text` with its `block` and `redact` matches replaced. The text
    /// between them is the original's, lone surrogates included: the result is
    /// put together from slices of `text` itself, never from a copy.
    #[wasm_bindgen(unchecked_return_type = "string")]
    pub fn redact(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let Some((copy, _)) = self.copier.copy(&text) else {
            return Err(type_error("redact: text must be a string"));
        };
        let report = self.inner.scan_reusing(copy, &mut self.buffers);
        let spans = self.inner.redacted_spans(copy, &report);

        let mut offsets: Vec<usize> =
            spans.iter().flat_map(|s| [s.start, s.keep_from, s.end]).collect();
        utf16::convert(copy, &mut offsets);
        let offsets: Vec<u32> = offsets.into_iter().map(|o| o as u32).collect();
        let replacements = Array::new_with_length(spans.len() as u32);
        for (i, span) in spans.iter().enumerate() {
            replacements.set(i as u32, JsValue::from_str(&span.replacement));
        }
        Ok(splice_redactions(&text, &offsets, &replacements))
    }

    /// Counts of scans, verdicts and matches per rule; never any matched text.
    #[wasm_bindgen(unchecked_return_type = "ScanStats")]
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        to_plain(&self.stats)
    }

    /// The rules of this scanner, in order.
    #[wasm_bindgen(unchecked_return_type = "DlpRuleView[]")]
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
#[wasm_bindgen(js_name = defaultPolicy, unchecked_return_type = "DlpPolicy")]
pub fn default_policy() -> JsValue {
    parse_json(crate::policy::DEFAULT_POLICY_JSON)
}
