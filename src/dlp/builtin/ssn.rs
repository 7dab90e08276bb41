//! US Social Security Numbers written `AAA-GG-SSSS`.
//!
//! The SSA never issues area 000, 666 or 900-999, group 00 or serial 0000, so
//! those shapes are not SSNs. A number that is part of a longer dashed or dotted
//! number (`1-123-45-6789`, `123-45-6789-0`) is not one either.

use std::ops::Range;

use super::text::{at, before, continues_number_after, continues_number_before, digits_at};

/// Finds SSNs among the digit runs of `text`.
pub(crate) fn find(text: &[u8], digit_runs: &[Range<usize>], out: &mut Vec<Range<usize>>) {
    for run in digit_runs {
        if run.len() != 3 || super::text::is_word(before(text, run.start)) {
            continue;
        }
        if continues_number_before(text, run.start) {
            continue;
        }
        let s = run.start;
        let shaped = at(text, s + 3) == b'-'
            && digits_at(text, s + 4) == 2
            && at(text, s + 6) == b'-'
            && digits_at(text, s + 7) == 4;
        let end = s + 11;
        if !shaped || super::text::is_word(at(text, end)) || continues_number_after(text, end) {
            continue;
        }
        if let Some(digits) = text.get(s..end) {
            if is_issuable(digits) {
                out.push(s..end);
            }
        }
    }
}

/// Whether `AAA-GG-SSSS` has an area, group and serial the SSA could issue.
fn is_issuable(ssn: &[u8]) -> bool {
    let area = ssn.get(0..3).unwrap_or_default();
    let group = ssn.get(4..6).unwrap_or_default();
    let serial = ssn.get(7..11).unwrap_or_default();
    area != b"000"
        && area != b"666"
        && area.first() != Some(&b'9')
        && group != b"00"
        && serial != b"0000"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ssns(text: &str) -> Vec<&str> {
        let mut c = super::super::candidates::Candidates::default();
        c.collect(text.as_bytes());
        let mut out = Vec::new();
        find(text.as_bytes(), &c.digit_runs, &mut out);
        out.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn issuable_numbers_only() {
        assert_eq!(ssns("a 536-22-1234, 899-12-3456."), ["536-22-1234", "899-12-3456"]);
        for bad in ["000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000"] {
            assert!(ssns(bad).is_empty(), "{bad}");
        }
    }

    #[test]
    fn not_inside_longer_numbers() {
        assert!(ssns("1-536-22-1234").is_empty());
        assert!(ssns("536-22-1234-5").is_empty());
        assert!(ssns("x536-22-1234").is_empty());
        assert!(ssns("536-22-12345").is_empty());
        assert_eq!(ssns("李536-22-1234"), ["536-22-1234"]);
    }
}
