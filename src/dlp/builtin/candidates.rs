//! The prefilter: one pass over the text that finds the only places where a
//! built-in detector can match.
//!
//! Every built-in detector starts from one of three kinds of landmark: a run of
//! ASCII digits (cards, SSNs, phones, IP addresses), an `@` (emails) or a long
//! run of token characters (API keys). Text without any of them, which is most
//! prose, is passed over at the cost of one table lookup per byte.

use std::ops::Range;

/// Token runs shorter than this cannot hold an API key.
pub(crate) const MIN_TOKEN_LEN: usize = 20;

const DIGIT: u8 = 1;
const TOKEN: u8 = 2;
const AT: u8 = 4;

/// The class of each byte: digits are also token bytes.
// `b` runs over 0..256, the indices of the table.
#[allow(clippy::indexing_slicing)]
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            DIGIT | TOKEN
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'-' {
            TOKEN
        } else if c == b'@' {
            AT
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Where the built-in detectors should look.
#[derive(Debug, Default)]
pub(crate) struct Candidates {
    /// Maximal runs of ASCII digits.
    pub(crate) digit_runs: Vec<Range<usize>>,
    /// Positions of `@`.
    pub(crate) at_signs: Vec<usize>,
    /// Maximal runs of `[A-Za-z0-9_-]` at least [`MIN_TOKEN_LEN`] long.
    pub(crate) long_tokens: Vec<Range<usize>>,
}

impl Candidates {
    /// Clears the lists and fills them from `text`.
    ///
    /// Eight bytes at a time, it skips words that cannot hold a landmark: no
    /// digit, no `@`, and no room for a long token run. Around the other words
    /// it runs [`Candidates::collect_exact`], widened to whole token runs, so
    /// the result is exactly that of the byte-by-byte pass over the whole text.
    pub(crate) fn collect(&mut self, text: &[u8]) {
        self.clear();
        let words = text.len() / 8;
        let mut region: Option<(usize, usize)> = None;
        let mut done = 0;
        let mut mark = |start: usize, region: &mut Option<(usize, usize)>, this: &mut Self| {
            // The pass widens the word to the token runs at its ends, which is
            // all the context a landmark needs.
            let (from, to) = (start, (start + 8).min(text.len()));
            *region = match *region {
                Some((a, b)) if from <= b => Some((a, to)),
                Some((a, b)) => {
                    done = this.collect_range(text, a, b, done);
                    Some((from, to))
                }
                None => Some((from, to)),
            };
        };

        // Word k is marked when it holds a digit or `@`, or when it may lie inside
        // a long token run. Such a run holds at least one whole word without
        // whitespace; when it holds only one, word k, it takes at least five bytes
        // of each neighbour, so the end of word k-1 and the start of word k+1 are
        // whitespace-free as well. The decision for word k is taken at word k+1.
        let mut before: Option<u64> = None;
        let mut previous: Option<u64> = None;
        for (k, chunk) in text.chunks_exact(8).enumerate() {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if let Some(middle) = previous {
                let solid = !has_whitespace(middle);
                let inside_run = solid
                    && (!has_whitespace(word)
                        || before.is_some_and(ends_solid) && starts_solid(word));
                if has_digit_or_at(middle) || inside_run {
                    mark((k - 1) * 8, &mut region, self);
                }
            }
            before = previous;
            previous = Some(word);
        }
        // The last whole word and the tail that does not fill a word are always
        // scanned.
        let tail = (words * 8).saturating_sub(8);
        region = match region {
            Some((a, b)) if tail <= b => Some((a, text.len())),
            Some((a, b)) => {
                done = self.collect_range(text, a, b, done);
                Some((tail, text.len()))
            }
            None => Some((tail, text.len())),
        };
        if let Some((a, b)) = region {
            self.collect_range(text, a, b, done);
        }
    }

    /// The byte-by-byte pass over the whole text: the reference the fast path
    /// must agree with.
    #[cfg(test)]
    pub(crate) fn collect_exact(&mut self, text: &[u8]) {
        self.clear();
        self.collect_range(text, 0, text.len(), 0);
    }

    fn clear(&mut self) {
        self.digit_runs.clear();
        self.at_signs.clear();
        self.long_tokens.clear();
    }

    /// Collects the landmarks of `text[from..to]`, widened to whole token runs
    /// at both ends but never back into `text[..done]`, which an earlier call
    /// covered. Returns where this call stopped.
    fn collect_range(&mut self, text: &[u8], from: usize, to: usize, done: usize) -> usize {
        let mut from = from.max(done);
        while from > done && class_of(text.get(from - 1).copied().unwrap_or(0)) & TOKEN != 0 {
            from -= 1;
        }
        let mut i = from;
        while i < to {
            let class = class_of(text.get(i).copied().unwrap_or(0));
            if class & TOKEN == 0 {
                if class & AT != 0 {
                    self.at_signs.push(i);
                }
                i += 1;
                continue;
            }

            // A token run starts at `i`: walk to its end, noting digit runs inside.
            let run_start = i;
            let mut digits_from = (class & DIGIT != 0).then_some(i);
            i += 1;
            while let Some(&b) = text.get(i) {
                let class = class_of(b);
                if class & TOKEN == 0 {
                    break;
                }
                match (class & DIGIT != 0, digits_from) {
                    (true, None) => digits_from = Some(i),
                    (false, Some(from)) => {
                        self.digit_runs.push(from..i);
                        digits_from = None;
                    }
                    _ => {}
                }
                i += 1;
            }
            if let Some(from) = digits_from {
                self.digit_runs.push(from..i);
            }
            if i - run_start >= MIN_TOKEN_LEN {
                self.long_tokens.push(run_start..i);
            }
        }
        i
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `w` is below `n` (for `n` <= 128). Borrows can only
/// make a byte above a true hit look like a hit, so "any" is exact.
#[inline(always)]
fn has_byte_below(w: u64, n: u8) -> bool {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS != 0
}

/// Whether any byte of `w` is an ASCII digit or `@`. Each byte is tested in its
/// seven low bits, so no carry crosses bytes; bytes of 0x80 and above never
/// count.
#[inline(always)]
fn has_digit_or_at(w: u64) -> bool {
    let low7 = w & (ONES * 0x7f);
    let at_most_9 = (ONES * (0x80 + 0x39)).wrapping_sub(low7);
    let at_least_0 = low7 + ONES * (0x80 - 0x30);
    let digit = at_most_9 & at_least_0;
    // 0x80 less the low bits XOR 0x40 has its high bit set only where those are
    // zero: where the byte is `@`.
    let at = (ONES * 0x80).wrapping_sub(low7 ^ (ONES * 0x40));
    (digit | at) & !w & HIGHS != 0
}

/// Whether the last five bytes of `w` are free of whitespace.
#[inline(always)]
fn ends_solid(w: u64) -> bool {
    !has_whitespace((w >> 24) | FILLER_HIGH3)
}

/// Whether the first five bytes of `w` are free of whitespace.
#[inline(always)]
fn starts_solid(w: u64) -> bool {
    !has_whitespace((w & 0xff_ffff_ffff) | FILLER_HIGH3)
}

/// Three letters in the top bytes, standing in for bytes a test leaves out.
const FILLER_HIGH3: u64 = 0x4141_4100_0000_0000;

/// Whether `w` has a space, a tab, a line break or another control byte.
#[inline(always)]
fn has_whitespace(w: u64) -> bool {
    has_byte_below(w, 0x21)
}

#[inline(always)]
fn class_of(b: u8) -> u8 {
    CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &[u8]) -> (Candidates, Candidates) {
        let (mut fast, mut exact) = (Candidates::default(), Candidates::default());
        fast.collect(text);
        exact.collect_exact(text);
        (fast, exact)
    }

    #[test]
    fn fast_path_agrees_with_the_exact_pass() {
        let samples: [&[u8]; 6] = [
            b"plain words only, nothing to see here at all, really nothing at all.",
            b"a1b22 @x 333-4 sk-abcdefghijklmnopqrstu9 and more words after it ok",
            b"supercalifragilisticexpialidocious_tokens_are_long x",
            b"12",
            b"",
            "caf\u{e9} \u{1F600} mail jane@example.org \u{674e}4111111111111111".as_bytes(),
        ];
        for text in samples {
            let (fast, exact) = both(text);
            assert_eq!(fast.digit_runs, exact.digit_runs, "{:?}", String::from_utf8_lossy(text));
            assert_eq!(fast.at_signs, exact.at_signs);
            assert_eq!(fast.long_tokens, exact.long_tokens);
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn fast_path_agrees_on_random_text(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Z", "7", "0", " ", "\n", "@", "-", "_", ".", "\u{e9}", "\u{1F600}",
                "abcdefgh", "12345678", "longtokenwithoutspaces", "x@y.com",
                "abcdefghijklmnopqrs", "abcdefghijklmnopqrst", "abcde", "tuvwxyzab",
            ]), 0..120)
        ) {
            let text = parts.concat();
            let (fast, exact) = both(text.as_bytes());
            proptest::prop_assert_eq!(fast.digit_runs, exact.digit_runs);
            proptest::prop_assert_eq!(fast.at_signs, exact.at_signs);
            proptest::prop_assert_eq!(fast.long_tokens, exact.long_tokens);
        }
    }

    #[test]
    fn word_tests() {
        let word = |s: &[u8; 8]| u64::from_le_bytes(*s);
        assert!(has_digit_or_at(word(b"abcdefg7")) && has_digit_or_at(word(b"@bcdefgh")));
        assert!(!has_digit_or_at(word(b"abc/ !AZ")) && !has_digit_or_at(word(b"abc/:?AZ")));
        assert!(has_digit_or_at(word(b"abc/0!AZ")) && has_digit_or_at(word(b"9bc/!AZ\x80")));
        assert!(!has_digit_or_at(word(b"ABC`?[{\xc0")) && has_digit_or_at(word(b"ABCD@FGH")));
        assert!(has_whitespace(word(b"abcd\nfgh")) && !has_whitespace(word(b"abcdefgh")));
        assert!(!has_digit_or_at(word(&[0xb0, 0xb9, 0xc0, 0x2f, 0x41, 0x7f, 0x20, 0x00])));
    }

    #[test]
    fn digit_or_at_test_is_exact_for_every_byte() {
        for byte in 0..=255u8 {
            for lane in 0..8 {
                let mut bytes = *b"xxxxxxxx";
                bytes[lane] = byte;
                let want = byte.is_ascii_digit() || byte == b'@';
                assert_eq!(has_digit_or_at(u64::from_le_bytes(bytes)), want, "{byte:#x} at {lane}");
            }
        }
    }

    #[test]
    fn finds_every_landmark() {
        let mut c = Candidates::default();
        c.collect(b"a1b22 @x 333-4 sk-abcdefghijklmnopqrstu9");
        assert_eq!(c.digit_runs, vec![1..2, 3..5, 9..12, 13..14, 39..40]);
        assert_eq!(c.at_signs, vec![6]);
        assert_eq!(
            c.long_tokens,
            vec![9..14, 15..40].into_iter().filter(|r| r.len() >= 20).collect::<Vec<_>>()
        );
    }
}
