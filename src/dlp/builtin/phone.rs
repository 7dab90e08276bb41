//! Telephone numbers, with the span starting at `+`, `(` or the first digit,
//! never at a space before them.
//!
//! Three shapes are recognised:
//! - North American numbers, `[+]1` optional: `(415) 555-0134`, `415.555.0134`,
//!   `+1 415-555-0199`, `4155550134`, an extension such as `x4587` included. The
//!   area code starts with 2-9, and so does the exchange of a number written
//!   without separators, which rules out timestamps, years and most counters.
//! - International numbers written with `+` and a country code: 8 to 15 digits in
//!   groups, with an optional trunk `(0)`: `+44 20 7946 0958`.
//!   `00` may stand for the `+`.
//! - National numbers with a trunk `0` and one kind of separator: `07700 900 123`,
//!   `03.93.92.16.85` (10 or 11 digits, groups of 2 to 8).
//! - A short area code in parentheses and two or three groups: `(08) 8747 6301`.
//!
//! A number that continues a decimal, a version or a range (`-77.0340407239`,
//! `v2.10.1234`) is not a phone number.

use std::ops::Range;

use super::text::{at, before, continues_number_after, continues_number_before, digits_at};
use super::text::{is_word, separator_at, Separator};

/// Finds phone numbers among the digit runs of `text`.
pub(crate) fn find(text: &[u8], digit_runs: &[Range<usize>], out: &mut Vec<Range<usize>>) {
    let mut covered = 0;
    for run in digit_runs {
        if run.start < covered {
            continue;
        }
        let start = match before(text, run.start) {
            b'+' | b'(' => run.start - 1,
            _ => run.start,
        };
        if is_word(before(text, start)) || continues_number_before(text, start) {
            continue;
        }
        let end = parse_north_american(text, start)
            .or_else(|| parse_international(text, start))
            .or_else(|| parse_national(text, start))
            .or_else(|| parse_parenthesized(text, start));
        if let Some(end) = end {
            if !is_word(at(text, end)) && !continues_number_after(text, end) {
                out.push(start..end);
                covered = end;
            }
        }
    }
}

/// `[+]1` optional, area code (in parentheses or not), exchange, line number.
fn parse_north_american(text: &[u8], start: usize) -> Option<usize> {
    let mut p = start;
    let plus = at(text, p) == b'+';
    if plus {
        p += 1;
    }
    if at(text, p) == b'1' && !at(text, p + 1).is_ascii_digit() {
        p = skip_separator(text, p + 1);
    } else if at(text, p) == b'1' && at(text, p + 1) == b'(' {
        p += 1;
    } else if plus {
        return None;
    }

    if at(text, p) == b'(' {
        p = three_digits(text, p + 1, true)?;
        if at(text, p) != b')' {
            return None;
        }
        p = skip_separator(text, p + 1);
    } else {
        p = three_digits(text, p, true)?;
        p = skip_separator(text, p);
    }
    // Exchanges start with 2-9 too; written with separators, a number shaped
    // like `555-123-4567` still reads as a phone number and is kept.
    let before_exchange = p;
    p = three_digits(text, p, false)?;
    let separated = before_exchange > start && !at(text, before_exchange - 1).is_ascii_digit();
    if at(text, before_exchange) < b'2' && !separated {
        return None;
    }
    p = skip_separator(text, p);
    if digits_at(text, p) < 4 {
        return None;
    }
    p += 4;
    if at(text, p).is_ascii_digit() {
        return None;
    }
    Some(extension(text, p).unwrap_or(p))
}

/// An extension right after a number: `x123`, `ext. 123`, `#123`, with an
/// optional space before it.
fn extension(text: &[u8], end: usize) -> Option<usize> {
    let mut p = if at(text, end) == b' ' { end + 1 } else { end };
    let marker = text.get(p..p + 4).unwrap_or_default().to_ascii_lowercase();
    p += if marker.starts_with(b"ext.") {
        4
    } else if marker.starts_with(b"ext") {
        3
    } else if matches!(at(text, p), b'x' | b'X' | b'#') {
        1
    } else {
        return None;
    };
    if at(text, p) == b' ' {
        p += 1;
    }
    let n = digits_at(text, p);
    (1..=6).contains(&n).then_some(p + n)
}

/// `+` or `00`, a country code and groups of digits: 8 to 15 digits in all.
fn parse_international(text: &[u8], start: usize) -> Option<usize> {
    let mut p = match (at(text, start), at(text, start + 1)) {
        (b'+', _) => start + 1,
        (b'0', b'0') => start + 2,
        _ => return None,
    };
    if !matches!(at(text, p), b'1'..=b'9') {
        return None;
    }
    let mut total = 0;
    let mut groups = 0;
    loop {
        let n = digits_at(text, p);
        total += n;
        groups += 1;
        p += n;
        if groups > 7 || total > 15 {
            return None;
        }
        // The next group: after one separator, a digit or a trunk `(0)`.
        let after = skip_separator(text, p);
        if text.get(after..after + 3) == Some(b"(0)") && groups == 1 {
            p = skip_separator(text, after + 3);
            if !at(text, p).is_ascii_digit() {
                return None;
            }
            continue;
        }
        if after == p || !at(text, after).is_ascii_digit() {
            break;
        }
        p = after;
    }
    (8..=15).contains(&total).then_some(p)
}

/// A trunk `0`, then groups of 2 to 8 digits joined by one kind of separator:
/// 10 or 11 digits in all, and not the `AAA-GG-SSSS` shape of an SSN.
fn parse_national(text: &[u8], start: usize) -> Option<usize> {
    if at(text, start) != b'0' {
        return None;
    }
    let mut p = start;
    let mut total = 0;
    let mut joint: Option<Separator> = None;
    let mut groups = 0;
    loop {
        let n = digits_at(text, p);
        if !(2..=8).contains(&n) {
            return None;
        }
        total += n;
        groups += 1;
        p += n;
        match separator_at(text, p) {
            Some((sep, len)) if at(text, p + len).is_ascii_digit() => {
                if joint.is_some_and(|j| j != sep) {
                    return None;
                }
                joint = Some(sep);
                p += len;
            }
            _ => break,
        }
    }
    ((10..=11).contains(&total) && groups >= 2).then_some(p)
}

/// An area code of 2 to 4 digits in parentheses, then groups of 3 to 5 digits:
/// `(08) 8747 6301`, `(71) 4233-6306`, 8 to 11 digits in all.
fn parse_parenthesized(text: &[u8], start: usize) -> Option<usize> {
    if at(text, start) != b'(' {
        return None;
    }
    let area = digits_at(text, start + 1);
    if !(2..=4).contains(&area) || at(text, start + 1 + area) != b')' {
        return None;
    }
    let mut p = skip_separator(text, start + area + 2);
    let mut total = area;
    let mut groups = 0;
    loop {
        let n = digits_at(text, p);
        if !(3..=5).contains(&n) {
            return None;
        }
        total += n;
        groups += 1;
        p += n;
        match separator_at(text, p) {
            Some((_, len)) if groups < 3 && at(text, p + len).is_ascii_digit() => p += len,
            _ => break,
        }
    }
    (8..=11).contains(&total).then_some(p)
}

/// Three digits starting at `p`, the first 2-9 when `leading_2_to_9`.
fn three_digits(text: &[u8], p: usize, leading_2_to_9: bool) -> Option<usize> {
    let ok = at(text, p).is_ascii_digit()
        && at(text, p + 1).is_ascii_digit()
        && at(text, p + 2).is_ascii_digit()
        && (!leading_2_to_9 || at(text, p) >= b'2');
    ok.then_some(p + 3)
}

fn skip_separator(text: &[u8], p: usize) -> usize {
    separator_at(text, p).map_or(p, |(_, len)| p + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(text: &str) -> Vec<&str> {
        let mut c = super::super::candidates::Candidates::default();
        c.collect(text.as_bytes());
        let mut out = Vec::new();
        find(text.as_bytes(), &c.digit_runs, &mut out);
        out.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn north_american_shapes() {
        let text = "Call (415) 555-0134 or +1 415-555-0199 or 212.555.0147.";
        assert_eq!(phones(text), ["(415) 555-0134", "+1 415-555-0199", "212.555.0147"]);
        assert_eq!(phones("4155550134"), ["4155550134"]);
        assert_eq!(phones("1-800-555-0199"), ["1-800-555-0199"]);
        assert_eq!(phones("345-899-3560x4587"), ["345-899-3560x4587"]);
        assert_eq!(phones("+1 (415) 555-0134"), ["+1 (415) 555-0134"]);
        assert_eq!(phones("call 555-123-4567."), ["555-123-4567"]);
        assert!(phones("5551234567").is_empty());
    }

    #[test]
    fn international_and_national() {
        assert_eq!(phones("+44 20 7946 0958"), ["+44 20 7946 0958"]);
        assert_eq!(phones("+46 (0)8 928 571 38"), ["+46 (0)8 928 571 38"]);
        assert_eq!(phones("+447700 921 916"), ["+447700 921 916"]);
        assert_eq!(phones("07700 063 966"), ["07700 063 966"]);
        assert_eq!(phones("03.93.92.16.85"), ["03.93.92.16.85"]);
        assert_eq!(phones("0341 8387176"), ["0341 8387176"]);
        assert_eq!(phones("001-518-640-0854"), ["001-518-640-0854"]);
        assert_eq!(phones("(08) 8747 6301"), ["(08) 8747 6301"]);
        assert_eq!(phones("(71) 4233-6306"), ["(71) 4233-6306"]);
        assert!(phones("054-28-6917").is_empty(), "SSN-shaped");
        assert!(phones("03262 2437").is_empty(), "too short");
    }

    #[test]
    fn not_dates_versions_or_decimals() {
        let text = "Released v2.10.1234 on 15.01.2024 at 12:30:45; epoch 1705312245; \
                    lat -77.0340407239; ISBN 978-0-306-40615-7; build 10.0.19045.3803.";
        assert!(phones(text).is_empty(), "{:?}", phones(text));
        assert!(phones("2024-01-15").is_empty());
        assert!(phones("01.02.2024").is_empty());
    }
}
