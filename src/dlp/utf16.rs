//! Byte offsets to UTF-16 offsets, the unit of JavaScript strings.

/// Converts byte offsets of `text` (each at a character boundary) to UTF-16
/// code unit offsets, in place, in one pass over the text.
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
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets.get(i).copied().unwrap_or(0));

    let bytes = text.as_bytes();
    let (mut byte, mut unit) = (0usize, 0usize);
    for i in order {
        let Some(slot) = offsets.get_mut(i) else { continue };
        let target = (*slot).min(bytes.len());
        unit += bytes.get(byte..target).map_or(0, utf16_units);
        byte = byte.max(target);
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
/// more for each four-byte sequence (a surrogate pair).
fn utf16_units(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
}
