//! Byte-level helpers shared by the built-in detectors.
//!
//! Detectors work on the UTF-8 bytes of the text. Every read goes through [`at`],
//! which answers 0 past either end, so a detector can look one byte beyond a
//! candidate without a bounds check of its own, and never panics.

/// The byte at `i`, or 0 when `i` is outside the text.
#[inline(always)]
pub(crate) fn at(text: &[u8], i: usize) -> u8 {
    text.get(i).copied().unwrap_or(0)
}

/// The byte just before `i`, or 0 at the start of the text.
#[inline(always)]
pub(crate) fn before(text: &[u8], i: usize) -> u8 {
    i.checked_sub(1).map_or(0, |j| at(text, j))
}

/// ASCII word characters, as `\w` in ASCII mode: letters, digits and `_`.
///
/// Bytes of non-ASCII characters are never word bytes, so PII written right after
/// CJK text still starts at a word boundary.
#[inline(always)]
pub(crate) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Counts the ASCII digits starting at `i`.
#[inline(always)]
pub(crate) fn digits_at(text: &[u8], i: usize) -> usize {
    text.get(i..).map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// The separators allowed inside card and phone numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separator {
    Space,
    Hyphen,
    Dot,
    /// U+00A0 NO-BREAK SPACE.
    NoBreakSpace,
    /// U+202F NARROW NO-BREAK SPACE.
    NarrowNoBreakSpace,
    /// U+2009 THIN SPACE.
    ThinSpace,
}

/// The separator starting at `i` and its length in bytes.
#[inline(always)]
pub(crate) fn separator_at(text: &[u8], i: usize) -> Option<(Separator, usize)> {
    match at(text, i) {
        b' ' => Some((Separator::Space, 1)),
        b'-' => Some((Separator::Hyphen, 1)),
        b'.' => Some((Separator::Dot, 1)),
        0xC2 if at(text, i + 1) == 0xA0 => Some((Separator::NoBreakSpace, 2)),
        0xE2 if at(text, i + 1) == 0x80 => match at(text, i + 2) {
            0xAF => Some((Separator::NarrowNoBreakSpace, 3)),
            0x89 => Some((Separator::ThinSpace, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the text before `i` continues a number: `.`, `,` or `-` right after
/// a digit (a decimal, a version, a range). A number found at `i` would then be
/// a fragment of a longer one.
#[inline(always)]
pub(crate) fn continues_number_before(text: &[u8], i: usize) -> bool {
    matches!(before(text, i), b'.' | b',' | b'-') && before(text, i - 1).is_ascii_digit()
}

/// Whether the text at `i` continues a number: `.` or `-` and then a digit.
#[inline(always)]
pub(crate) fn continues_number_after(text: &[u8], i: usize) -> bool {
    matches!(at(text, i), b'.' | b'-') && at(text, i + 1).is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_bytes_are_not_word_bytes() {
        assert!("李".bytes().all(|b| !is_word(b)));
        assert!(is_word(b'_') && is_word(b'7') && !is_word(b'-'));
        assert_eq!(before(b"ab", 0), 0);
        assert_eq!(at(b"ab", 2), 0);
    }

    #[test]
    fn separators_cover_the_unicode_spaces() {
        for (s, want) in [("\u{a0}", 2), ("\u{202f}", 3), ("\u{2009}", 3), (" ", 1), ("-", 1)] {
            assert_eq!(separator_at(s.as_bytes(), 0).map(|(_, n)| n), Some(want), "{s:?}");
        }
        assert_eq!(separator_at("\u{2003}".as_bytes(), 0), None);
        assert_eq!(separator_at(b"", 0), None);
    }

    #[test]
    fn number_continuations() {
        assert!(continues_number_before(b"7.0340", 2));
        assert!(!continues_number_before(b"a.0340", 2));
        assert!(!continues_number_before(b".0340", 1));
        assert!(continues_number_after(b"12.5", 2));
        assert!(!continues_number_after(b"12.", 2));
    }
}
