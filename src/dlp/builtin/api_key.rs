//! API keys and access tokens.
//!
//! Two kinds are found: tokens with a well-known vendor prefix (`sk-`, `ghp_`,
//! `AKIA`, `xoxb-`, ...), whole; and, as in the original design, any run of 32
//! or more ASCII letters and digits standing alone, when it mixes letters and
//! digits (random keys do; long words and long numbers do not).

use std::ops::Range;

use super::text::{at, before, is_word};

/// Vendor prefixes and the shortest token, prefix included, that counts.
const PREFIXES: &[(&[u8], usize)] = &[
    (b"sk-", 23),
    (b"sk_live_", 24),
    (b"sk_test_", 24),
    (b"rk_live_", 24),
    (b"pk_live_", 24),
    (b"ghp_", 40),
    (b"gho_", 40),
    (b"ghu_", 40),
    (b"ghs_", 40),
    (b"ghr_", 40),
    (b"github_pat_", 40),
    (b"glpat-", 26),
    (b"xoxb-", 24),
    (b"xoxp-", 24),
    (b"xoxa-", 24),
    (b"xoxs-", 24),
    (b"AKIA", 20),
    (b"ASIA", 20),
    (b"AIza", 39),
];

/// The shortest generic key.
const MIN_GENERIC: usize = 32;

/// Finds API keys in the long token runs of `text`.
pub(crate) fn find(text: &[u8], long_tokens: &[Range<usize>], out: &mut Vec<Range<usize>>) {
    for run in long_tokens {
        // A token glued to a word on either side is not a key: `_` is a word byte
        // that token runs may end on, letters and digits cannot be outside a run.
        if let Some(key) = prefixed_key(text, run.clone()) {
            out.push(key);
            continue;
        }
        generic_keys(text, run.clone(), out);
    }
}

/// A vendor-prefixed key in `run`, from the run's start or from just after one
/// of its hyphens (`-AKIA...`, `deploy-key-ghp_...`) to the end of the run.
fn prefixed_key(text: &[u8], run: Range<usize>) -> Option<Range<usize>> {
    let mut start = run.start;
    loop {
        if !is_word(before(text, start)) && is_prefixed_key(text.get(start..run.end)?) {
            return Some(trim_trailing_hyphens(text, start..run.end));
        }
        // The next candidate starts just after the next hyphen at or after `start`.
        let hyphen = start + text.get(start..run.end)?.iter().position(|&b| b == b'-')?;
        start = hyphen + 1;
        if start >= run.end {
            return None;
        }
    }
}

/// Whether a byte starts one of [`PREFIXES`]: most long tokens are passed over
/// at the first byte.
// `i` runs over the prefixes and a byte indexes a 256-entry table.
#[allow(clippy::indexing_slicing)]
static PREFIX_FIRST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < PREFIXES.len() {
        let prefix = PREFIXES[i].0;
        if !prefix.is_empty() {
            table[prefix[0] as usize] = true;
        }
        i += 1;
    }
    table
};

fn is_prefixed_key(token: &[u8]) -> bool {
    let first = token.first().map_or(0, |&b| usize::from(b));
    PREFIX_FIRST_BYTES.get(first) == Some(&true)
        && PREFIXES
            .iter()
            .any(|(prefix, min_len)| token.starts_with(prefix) && token.len() >= *min_len)
}

fn trim_trailing_hyphens(text: &[u8], mut run: Range<usize>) -> Range<usize> {
    while run.end > run.start && at(text, run.end - 1) == b'-' {
        run.end -= 1;
    }
    run
}

/// Runs of letters and digits inside `run`, split at `-` and `_`, that are long
/// enough and stand at ASCII word boundaries.
fn generic_keys(text: &[u8], run: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start = run.start;
    while start < run.end {
        let mut end = start;
        let (mut letters, mut digits) = (false, false);
        while end < run.end && at(text, end).is_ascii_alphanumeric() {
            letters |= at(text, end).is_ascii_alphabetic();
            digits |= at(text, end).is_ascii_digit();
            end += 1;
        }
        let bounded = !is_word(before(text, start)) && !is_word(at(text, end));
        if end - start >= MIN_GENERIC && letters && digits && bounded {
            out.push(start..end);
        }
        start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<&str> {
        let mut c = super::super::candidates::Candidates::default();
        c.collect(text.as_bytes());
        let mut out = Vec::new();
        find(text.as_bytes(), &c.long_tokens, &mut out);
        out.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn prefixed_and_generic() {
        let gh = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        assert_eq!(keys(&format!("token {gh}.")), [gh]);
        assert_eq!(keys("key=AKIAIOSFODNN7EXAMPLE"), ["AKIAIOSFODNN7EXAMPLE"]);
        let generic = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
        assert_eq!(keys(&format!("x {generic} y")), [generic]);
        assert_eq!(keys(&format!("x-{generic}-y")), [generic]);
    }

    #[test]
    fn prefixed_keys_after_hyphens() {
        let aws = "AKIAIOSFODNN7EXAMPLE";
        let gh = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        let openai = "sk-abcdefghijklmnopqrstuvwxyz012345";
        assert_eq!(keys(&format!("-{aws}")), [aws]);
        assert_eq!(keys(&format!("key:-{gh}")), [gh]);
        assert_eq!(keys(&format!("--{openai}")), [openai]);
        assert_eq!(keys(&format!("deploy-key-{aws}-")), [aws]);
        // Glued to a word, or a prefix inside a word, is not a key.
        assert!(keys(&format!("x{aws}")).is_empty());
        assert!(keys("task-risk-assessment-abcdefghijklmnopqrstuvwxyz").is_empty());
    }

    #[test]
    fn not_keys() {
        assert!(keys("abcdefghijklmnopqrstuvwxyzabcdefghij").is_empty());
        assert!(keys("123456789012345678901234567890123456").is_empty());
        assert!(keys("x_a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6").is_empty());
        assert!(keys("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5").is_empty());
    }
}
