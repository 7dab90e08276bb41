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
    pub(crate) fn collect(&mut self, text: &[u8]) {
        self.digit_runs.clear();
        self.at_signs.clear();
        self.long_tokens.clear();

        let mut bytes = text.iter().enumerate().peekable();
        while let Some((i, &b)) = bytes.next() {
            let class = class_of(b);
            if class & TOKEN == 0 {
                if class & AT != 0 {
                    self.at_signs.push(i);
                }
                continue;
            }

            // A token run starts at `i`: walk to its end, noting digit runs inside.
            let mut digits_from = (class & DIGIT != 0).then_some(i);
            let mut end = i + 1;
            while let Some(&(j, &b)) = bytes.peek() {
                let class = class_of(b);
                if class & TOKEN == 0 {
                    break;
                }
                match (class & DIGIT != 0, digits_from) {
                    (true, None) => digits_from = Some(j),
                    (false, Some(from)) => {
                        self.digit_runs.push(from..j);
                        digits_from = None;
                    }
                    _ => {}
                }
                end = j + 1;
                bytes.next();
            }
            if let Some(from) = digits_from {
                self.digit_runs.push(from..end);
            }
            if end - i >= MIN_TOKEN_LEN {
                self.long_tokens.push(i..end);
            }
        }
    }
}

#[inline]
fn class_of(b: u8) -> u8 {
    CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

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
