//! Byte offsets to UTF-16 offsets, the unit of JavaScript strings.

/// Converts byte offsets of `text` (each at a character boundary) to UTF-16
/// code unit offsets, in place.
///
/// A cursor walks from each offset to the next, forwards or back, so the cost
/// is the text up to the last offset plus the distance of each step back. For
/// the start and end of each match of sorted, per-rule non-overlapping matches,
/// that is at most the text once per rule.
///
/// # Example
///
/// ```
/// let text = "😀 a";
/// let mut offsets = [5, 0, 4];
/// promptward::dlp::utf16::convert(text, &mut offsets);
/// assert_eq!(offsets, [3, 0, 2]);
/// ```
pub fn convert(text: &str, offsets: &mut [usize]) {
    if offsets.is_empty() || text.is_ascii() {
        return;
    }
    let bytes = text.as_bytes();
    let (mut byte, mut unit) = (0usize, 0usize);
    for slot in offsets.iter_mut() {
        let target = (*slot).min(bytes.len());
        if target >= byte {
            unit += utf16_units(bytes.get(byte..target).unwrap_or_default());
        } else {
            unit -= utf16_units(bytes.get(target..byte).unwrap_or_default());
        }
        byte = target;
        *slot = unit;
    }
}

/// The UTF-16 length of a text, in code units.
pub fn len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        utf16_units(text.as_bytes())
    }
}

/// UTF-16 code units of whole UTF-8 sequences: one per leading byte, and one
/// more for each four-byte sequence (a surrogate pair). Eight bytes at a time:
/// the bytes less the continuation bytes (`10xxxxxx`), plus the leading bytes of
/// four-byte sequences (`11110xxx`).
#[inline(always)]
fn utf16_units(bytes: &[u8]) -> usize {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut units = bytes.len();
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // Shifting left by k brings bit 7 - k of each byte to its bit 7.
        let continuation = w & !(w << 1) & HIGHS;
        let four_byte_lead = w & (w << 1) & (w << 2) & (w << 3) & HIGHS;
        units -= continuation.count_ones() as usize;
        units += four_byte_lead.count_ones() as usize;
    }
    for &b in chunks.remainder() {
        units -= usize::from(b & 0xC0 == 0x80);
        units += usize::from(b >= 0xF0);
    }
    units
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn counts_units_of_every_kind_of_character_at_every_alignment() {
        let text = "a\u{e9}\u{674e}\u{1F600}b\u{10FFFF}\u{7FF}\u{800}\u{FFFF}\u{10000}z";
        for start in 0..text.len() {
            for end in start..=text.len() {
                if text.is_char_boundary(start) && text.is_char_boundary(end) {
                    let want = text[start..end].encode_utf16().count();
                    assert_eq!(utf16_units(&text.as_bytes()[start..end]), want);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_encode_utf16_in_any_order(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "é", "李", "😀", " ", "7"]), 0..40),
            picks in proptest::collection::vec(0usize..1000, 0..12),
        ) {
            let text = parts.concat();
            let boundaries: Vec<usize> =
                (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut offsets: Vec<usize> =
                picks.iter().map(|p| boundaries[p % boundaries.len()]).collect();
            let want: Vec<usize> =
                offsets.iter().map(|&o| text[..o].encode_utf16().count()).collect();
            convert(&text, &mut offsets);
            proptest::prop_assert_eq!(offsets, want);
        }
    }
}
