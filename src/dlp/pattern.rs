//! Custom patterns: compiled once on regex-lite, a linear-time engine, with
//! limits that keep hostile patterns cheap.
//!
//! regex-lite has no look-around and no back-references, so every search runs in
//! time proportional to the pattern size times the text length. On top of its
//! own checks, a pattern that can match the empty string is refused: it would
//! report a match at every position of every prompt.

use regex_lite::{Regex, RegexBuilder};

use super::error::InvalidRule;

/// The longest pattern accepted, in bytes.
pub const MAX_PATTERN_LEN: usize = 4096;

/// The most memory one compiled pattern may use, in bytes.
///
/// A search costs time in proportion to the compiled size for every byte it
/// reads, so this bounds the worst case per scanned byte as well as memory.
/// Measured in wasm (Node 20) on a run of letters that never matches: patterns
/// near this limit (`a[a-z]{0,500}z`, 44 KiB; `\w{1,300}Z`, 31 KiB) read 20 to
/// 35 KB a second, the worst case; a list of 100 eleven-letter words (44 KiB)
/// fits; the ordinary patterns of a ruleset (`\bEMP\d{6}\b`) compile to under
/// 1 KiB and are passed over by the prefilter at hundreds of MB a second. The
/// engine's own default let a 25-byte pattern read 5 KB a second.
const SIZE_LIMIT: usize = 64 << 10;

/// The deepest nesting of groups and repetitions accepted.
const NEST_LIMIT: u32 = 64;

/// Compiles the pattern of rule `rule`.
///
/// # Errors
///
/// [`InvalidRule`] naming the rule and its `pattern` field when the pattern is
/// too long, uses a feature outside the linear-time dialect (look-around,
/// back-references), is malformed, or can match the empty string.
pub(crate) fn compile(
    rule: &str,
    pattern: &str,
    case_sensitive: bool,
) -> Result<Regex, InvalidRule> {
    let invalid = |reason: String| InvalidRule::new(rule, Some("pattern"), reason);
    if pattern.is_empty() {
        return Err(invalid("is empty".into()));
    }
    if pattern.len() > MAX_PATTERN_LEN {
        return Err(invalid(format!(
            "is {} bytes long, over the limit of {MAX_PATTERN_LEN}",
            pattern.len()
        )));
    }
    if let Some(feature) = unsupported_feature(pattern) {
        return Err(invalid(format!(
            "uses {feature}, which the linear-time pattern engine does not support"
        )));
    }
    let regex = build(pattern, case_sensitive).map_err(|e| {
        let message = e.to_string();
        if message.contains("size limit") {
            let kib = SIZE_LIMIT >> 10;
            invalid(format!(
                "compiles to more than {kib} KiB, the limit on what a pattern may cost"
            ))
        } else {
            invalid(format!("is not a valid pattern: {}", one_line(&message)))
        }
    })?;
    if can_match_empty(pattern, case_sensitive) {
        return Err(invalid("can match the empty string".into()));
    }
    Ok(regex)
}

fn build(pattern: &str, case_sensitive: bool) -> Result<Regex, regex_lite::Error> {
    RegexBuilder::new(pattern)
        .case_insensitive(!case_sensitive)
        .size_limit(SIZE_LIMIT)
        .nest_limit(NEST_LIMIT)
        .build()
}

/// Names a feature the pattern uses that the engine refuses, so the error says
/// why in words a rule author knows.
fn unsupported_feature(pattern: &str) -> Option<&'static str> {
    let mut escaped = false;
    let bytes = pattern.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if escaped {
            escaped = false;
            if b.is_ascii_digit() && b != b'0' || b == b'k' && bytes.get(i + 1) == Some(&b'<') {
                return Some("a back-reference");
            }
            continue;
        }
        match b {
            b'\\' => escaped = true,
            b'(' => {
                let rest = bytes.get(i + 1..).unwrap_or_default();
                if rest.starts_with(b"?=")
                    || rest.starts_with(b"?!")
                    || rest.starts_with(b"?<=")
                    || rest.starts_with(b"?<!")
                {
                    return Some("look-around");
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether the pattern matches the empty string anywhere.
///
/// An empty match consumes nothing, so whether it happens at a position depends
/// only on the assertions the pattern makes there (`^`, `$`, `\b`, `\B`, ...),
/// and those see only the characters on each side: none, a word character, a
/// non-word character or a line break. Trying every pair of such neighbours
/// decides the question exactly.
fn can_match_empty(pattern: &str, case_sensitive: bool) -> bool {
    const SIDES: [&str; 4] = ["", "a", " ", "\n"];
    // In verbose mode (`(?x)`) a comment runs to the end of its line, and one on
    // the last line would swallow the closing parenthesis: end that line first.
    // That newline is whitespace to a verbose pattern, which it is at its end
    // exactly when its grouped form fails to compile.
    let grouped = build(&format!("(?:{pattern})"), case_sensitive);
    let body = if grouped.is_ok() { pattern.to_string() } else { format!("{pattern}\n") };
    SIDES.iter().any(|left| {
        SIDES.iter().any(|right| {
            let anchored = format!("\\A{}(?:{body}){}\\z", escape(left), escape(right));
            // A pattern that compiled alone compiles inside a group; if it does
            // not, refusing it is the safe answer.
            build(&anchored, case_sensitive)
                .map_or(true, |re| re.is_match(&format!("{left}{right}")))
        })
    })
}

fn escape(s: &str) -> &'static str {
    match s {
        "a" => "a",
        " " => "\\x20",
        "\n" => "\\n",
        _ => "",
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(pattern: &str) -> String {
        compile("r", pattern, false).map(|_| String::new()).unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn accepts_ordinary_patterns() {
        for p in [r"\bEMP\d{6}\b", r"[a-z]+@corp", r"(?m)^secret:", "a|b", r"\d{3}-\d{4}"] {
            assert_eq!(reason(p), "", "{p}");
        }
    }

    #[test]
    fn refuses_empty_matches_in_every_context() {
        for p in ["", "a*", r"\b", r"\B", "(?m)^", "$", "(?:x|)", r"\bfoo|\b", "(?m:$)", "x?"] {
            assert!(reason(p).contains("empty"), "{p}: {}", reason(p));
        }
    }

    #[test]
    fn verbose_patterns_may_end_in_a_comment() {
        assert_eq!(reason("(?x) ab # the letters a and b"), "");
        assert!(reason("(?x) a? # maybe a").contains("empty"));
    }

    #[test]
    fn names_unsupported_features() {
        assert!(reason(r"foo(?=bar)").contains("look-around"));
        assert!(reason(r"(?<!x)y").contains("look-around"));
        assert!(reason(r"(a)\1").contains("back-reference"));
        assert!(reason(r"[a-").contains("not a valid pattern"));
        assert!(reason(&"a".repeat(5000)).contains("over the limit"));
        assert!(reason(r"\\1x").is_empty());
    }

    #[test]
    fn refuses_patterns_that_compile_too_large() {
        // Small sources whose counted repetitions compile to many states: each
        // would cost far more per scanned byte than the limit allows.
        for p in [r"a(?:[a-z]{0,100}){0,100}z", r"a[a-z]{0,1000}z", r"[a-z0-9]{0,2000}@"] {
            assert!(reason(p).contains("KiB"), "{p}: {}", reason(p));
        }
        // A long list of literal alternatives of ordinary size still compiles.
        let words: Vec<String> = (0..100).map(|i| format!("project{i:03}")).collect();
        assert_eq!(reason(&words.join("|")), "");
    }
}
