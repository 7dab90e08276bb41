//! Prefilter hints for custom patterns: where a match can start, read from the
//! pattern itself, so the regex engine runs only on short windows there.
//!
//! Running a regex over a whole prompt costs far more than looking at each byte
//! once. Most custom rules start with a few fixed kinds of bytes (`EMP` then a
//! digit, `\d{3}-`, `[A-Z]{2}\d`), and most are bounded in length. For such a
//! pattern the scanner looks for its first bytes with table lookups, and at each
//! candidate runs the pattern anchored on a window as long as its longest match.
//!
//! The reading is conservative: every set is a superset of what the pattern can
//! match there, and any syntax it does not fully understand gives no hint, so
//! the scan falls back to the plain regex search over the whole text. A hinted
//! scan finds exactly the matches of `Regex::find_iter`, which the tests check
//! on random patterns and texts.
//!
//! # Example
//!
//! ```text
//! \bEMP\d{6}\b   case-insensitive   prefix [Ee] [Mm] [Pp] [0-9], at most 36 bytes
//! a.*b                              no hint: a match can be as long as the text
//! ```

use std::ops::Range;

use regex_lite::{Regex, RegexBuilder};

/// How many leading byte positions a hint checks before running the regex.
const MAX_PREFIX: usize = 4;

/// Patterns whose longest match is longer than this get no hint: each false
/// candidate would cost a long anchored search.
const MAX_WINDOW: usize = 512;

/// How many times the text's length the candidate windows of one search may
/// add up to before the search goes on without the hint.
const WINDOW_WORK_FACTOR: usize = 4;

/// Bytes any one character of the pattern can take, at most.
const MAX_CHAR_LEN: usize = 4;

/// A set of bytes, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn insert(&mut self, byte: u8) {
        if let Some(word) = self.0.get_mut(usize::from(byte >> 6)) {
            *word |= 1 << (byte & 63);
        }
    }

    fn insert_range(&mut self, from: u8, to: u8) {
        for byte in from..=to {
            self.insert(byte);
        }
    }

    #[inline(always)]
    fn contains(&self, byte: u8) -> bool {
        self.0.get(usize::from(byte >> 6)).is_some_and(|word| word >> (byte & 63) & 1 != 0)
    }

    fn union(self, other: ByteSet) -> ByteSet {
        let mut words = self.0;
        for (word, other) in words.iter_mut().zip(other.0) {
            *word |= other;
        }
        ByteSet(words)
    }

    /// Adds the other case of every ASCII letter in the set.
    fn fold_case(mut self) -> ByteSet {
        for letter in b'a'..=b'z' {
            let upper = letter.to_ascii_uppercase();
            if self.contains(letter) || self.contains(upper) {
                self.insert(letter);
                self.insert(upper);
            }
        }
        self
    }
}

/// What the reading found out about a piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    /// The sets of the first bytes of every match, as far as they are known.
    prefix: Vec<ByteSet>,
    /// Whether every match is exactly `prefix.len()` bytes, one from each set.
    exact: bool,
    /// The longest match in bytes; `None` when unbounded.
    max_len: Option<usize>,
}

impl Shape {
    /// Matches the empty string only: an anchor or a word boundary.
    fn empty() -> Shape {
        Shape { prefix: Vec::new(), exact: true, max_len: Some(0) }
    }

    /// One ASCII byte from `set`.
    fn byte(set: ByteSet) -> Shape {
        Shape { prefix: vec![set], exact: true, max_len: Some(1) }
    }

    /// One character of which nothing useful is known.
    fn any_char() -> Shape {
        Shape { prefix: Vec::new(), exact: false, max_len: Some(MAX_CHAR_LEN) }
    }

    fn then(mut self, next: Shape) -> Shape {
        if self.exact {
            self.prefix.extend(next.prefix);
            self.exact = next.exact;
        }
        if self.prefix.len() > MAX_PREFIX {
            self.prefix.truncate(MAX_PREFIX);
            self.exact = false;
        }
        self.max_len = self.max_len.zip(next.max_len).map(|(a, b)| a.saturating_add(b));
        self
    }

    fn or(self, other: Shape) -> Shape {
        let exact = self.exact && other.exact && self.prefix.len() == other.prefix.len();
        let prefix = self.prefix.iter().zip(&other.prefix).map(|(a, b)| a.union(*b)).collect();
        let max_len = self.max_len.zip(other.max_len).map(|(a, b)| a.max(b));
        Shape { prefix, exact, max_len }
    }

    fn repeat(self, min: usize, max: Option<usize>) -> Shape {
        let max_len = match (self.max_len, max) {
            (Some(0), _) => Some(0),
            (Some(len), Some(max)) => Some(len.saturating_mul(max)),
            _ => None,
        };
        let mut shape = Shape { prefix: Vec::new(), exact: true, max_len: Some(0) };
        for _ in 0..min.min(MAX_PREFIX) {
            shape = shape.then(self.clone());
        }
        shape.exact = shape.exact && max == Some(min) && min <= MAX_PREFIX;
        Shape { max_len, ..shape }
    }
}

/// Reads a pattern far enough to give its [`Shape`]; `None` for any syntax it
/// does not fully understand.
struct Reader<'a> {
    pattern: &'a [u8],
    at: usize,
    fold: bool,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.pattern.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn alternation(&mut self) -> Option<Shape> {
        let mut shape = self.sequence()?;
        while self.eat(b'|') {
            shape = shape.or(self.sequence()?);
        }
        Some(shape)
    }

    fn sequence(&mut self) -> Option<Shape> {
        let mut shape = Shape::empty();
        while !matches!(self.peek(), None | Some(b'|' | b')')) {
            let atom = self.atom()?;
            let atom = self.quantified(atom)?;
            shape = shape.then(atom);
        }
        Some(shape)
    }

    fn atom(&mut self) -> Option<Shape> {
        match self.next()? {
            b'(' => self.group(),
            b'[' => self.class(),
            b'\\' => self.escape(),
            b'^' | b'$' => Some(Shape::empty()),
            b'.' => Some(Shape::any_char()),
            b'*' | b'+' | b'?' | b'{' | b')' | b'|' => None,
            byte if byte.is_ascii() => Some(self.literal(byte)),
            _ => {
                // The rest of a multi-byte character.
                while self.peek().is_some_and(|b| b & 0xC0 == 0x80) {
                    self.at += 1;
                }
                Some(Shape::any_char())
            }
        }
    }

    fn literal(&self, byte: u8) -> Shape {
        let mut set = ByteSet::default();
        set.insert(byte);
        Shape::byte(if self.fold { set.fold_case() } else { set })
    }

    /// After `(`: a group, or flags that apply from here on.
    fn group(&mut self) -> Option<Shape> {
        if self.eat(b'?') {
            if self.eat(b'P') || self.peek() == Some(b'<') {
                // A named group: `(?P<name>...)` or `(?<name>...)`.
                self.eat(b'<').then_some(())?;
                while self.next()? != b'>' {}
            } else {
                let mut on = true;
                loop {
                    match self.next()? {
                        b':' => break,
                        b')' => return Some(Shape::empty()),
                        b'-' => on = false,
                        b'i' => self.fold |= on,
                        b's' | b'm' | b'R' | b'U' => {}
                        _ => return None,
                    }
                }
            }
        }
        let inner = self.alternation()?;
        self.eat(b')').then_some(inner)
    }

    fn escape(&mut self) -> Option<Shape> {
        let byte = self.next()?;
        if let Some(set) = perl_class(byte) {
            return Some(Shape::byte(set));
        }
        match byte {
            b'b' if self.peek() == Some(b'{') => {
                while self.next()? != b'}' {}
                Some(Shape::empty())
            }
            b'b' | b'B' | b'A' | b'z' | b'<' | b'>' => Some(Shape::empty()),
            b'D' | b'W' | b'S' => Some(Shape::any_char()),
            _ => Some(self.literal(escaped_byte(byte)?)),
        }
    }

    /// After `[`: a bracketed class, as a set of ASCII bytes.
    fn class(&mut self) -> Option<Shape> {
        if self.eat(b'^') {
            return self.skip_class().then(Shape::any_char);
        }
        // A leading `]` is a literal whose neighbours regex-lite reads in its own
        // way (`[]-a]` holds `]`, `-` and `a`): give no hint rather than guess.
        if self.peek() == Some(b']') {
            return None;
        }
        let mut set = ByteSet::default();
        loop {
            let byte = self.next()?;
            if byte == b']' {
                break;
            }
            let from = match byte {
                b'[' => {
                    set = set.union(self.posix_class()?);
                    continue;
                }
                b'\\' => {
                    let escaped = self.next()?;
                    if let Some(class) = perl_class(escaped) {
                        set = set.union(class);
                        continue;
                    }
                    escaped_byte(escaped)?
                }
                b'&' | b'~' if self.peek() == Some(byte) => return None,
                b'-' if self.peek() == Some(b'-') => return None,
                byte if byte.is_ascii() => byte,
                _ => return self.skip_class().then(Shape::any_char),
            };
            if self.peek() == Some(b'-') && self.pattern.get(self.at + 1) != Some(&b']') {
                self.at += 1;
                let to = match self.next()? {
                    b'\\' => escaped_byte(self.next()?)?,
                    b'[' => return None,
                    to if to.is_ascii() => to,
                    _ => return self.skip_class().then(Shape::any_char),
                };
                (from <= to).then_some(())?;
                set.insert_range(from, to);
            } else {
                set.insert(from);
            }
        }
        Some(Shape::byte(if self.fold { set.fold_case() } else { set }))
    }

    /// After `[` inside a class: `[:name:]`.
    fn posix_class(&mut self) -> Option<ByteSet> {
        self.eat(b':').then_some(())?;
        let start = self.at;
        while self.next()? != b':' {}
        let name = self.pattern.get(start..self.at - 1)?;
        self.eat(b']').then_some(())?;
        let mut set = ByteSet::default();
        let ranges: &[(u8, u8)] = match name {
            b"alnum" => &[(b'0', b'9'), (b'A', b'Z'), (b'a', b'z')],
            b"alpha" => &[(b'A', b'Z'), (b'a', b'z')],
            b"ascii" => &[(0, 0x7F)],
            b"blank" => &[(b'\t', b'\t'), (b' ', b' ')],
            b"cntrl" => &[(0, 0x1F), (0x7F, 0x7F)],
            b"digit" => &[(b'0', b'9')],
            b"graph" | b"punct" => &[(0x21, 0x7E)],
            b"lower" | b"upper" => &[(b'A', b'Z'), (b'a', b'z')],
            b"print" => &[(0x20, 0x7E)],
            b"space" => &[(b'\t', b'\r'), (b' ', b' ')],
            b"word" => &[(b'0', b'9'), (b'A', b'Z'), (b'a', b'z'), (b'_', b'_')],
            b"xdigit" => &[(b'0', b'9'), (b'A', b'F'), (b'a', b'f')],
            _ => return None,
        };
        for &(from, to) in ranges {
            set.insert_range(from, to);
        }
        Some(set)
    }

    /// Moves past the `]` that closes the class being read.
    fn skip_class(&mut self) -> bool {
        let mut first = true;
        let mut depth = 1;
        while let Some(byte) = self.next() {
            match byte {
                b'\\' => {
                    self.next();
                }
                // A nested class that starts with `]` or `^]`: not read here.
                b'[' if matches!(self.peek(), Some(b']' | b'^')) => return false,
                b'[' => depth += 1,
                b']' if !first => {
                    depth -= 1;
                    if depth == 0 {
                        return true;
                    }
                }
                _ => {}
            }
            first = false;
        }
        false
    }

    /// A quantifier after `atom`, if any.
    fn quantified(&mut self, atom: Shape) -> Option<Shape> {
        let (min, max) = match self.peek() {
            Some(b'?') => (0, Some(1)),
            Some(b'*') => (0, None),
            Some(b'+') => (1, None),
            Some(b'{') => {
                self.at += 1;
                let min = self.number()?;
                let max = if self.eat(b',') {
                    if self.peek() == Some(b'}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                (self.peek() == Some(b'}')).then_some(())?;
                (min, max)
            }
            _ => return Some(atom),
        };
        self.at += 1;
        self.eat(b'?');
        Some(atom.repeat(min, max))
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        std::str::from_utf8(self.pattern.get(start..self.at)?).ok()?.parse().ok()
    }
}

/// How common a byte is in English prose, roughly, in parts per thousand
/// letters: the hint looks for the rarest of its positions.
fn prose_weight(byte: u8) -> u32 {
    let lower = byte.to_ascii_lowercase();
    let letter = match lower {
        b'e' => 120,
        b't' => 90,
        b'a' | b'o' => 80,
        b'i' | b'n' | b's' | b'h' | b'r' => 65,
        b'd' | b'l' => 40,
        b'c' | b'u' | b'm' | b'w' | b'f' | b'g' | b'y' | b'p' => 22,
        b'b' | b'v' | b'k' => 10,
        b'j' | b'x' | b'q' | b'z' => 2,
        _ => 0,
    };
    match byte {
        b' ' | b'\n' => 180,
        b'a'..=b'z' => letter,
        b'A'..=b'Z' => (letter / 8).max(1),
        b',' | b'.' => 12,
        b'0'..=b'9' => 2,
        _ => 1,
    }
}

/// `\d`, `\w` and `\s`, which are ASCII-only in this engine.
fn perl_class(letter: u8) -> Option<ByteSet> {
    let mut set = ByteSet::default();
    match letter {
        b'd' => set.insert_range(b'0', b'9'),
        b'w' => {
            set.insert_range(b'0', b'9');
            set.insert_range(b'A', b'Z');
            set.insert_range(b'a', b'z');
            set.insert(b'_');
        }
        b's' => {
            set.insert_range(b'\t', b'\r');
            set.insert(b' ');
        }
        _ => return None,
    }
    Some(set)
}

/// The byte an escape stands for, for the escapes read here.
fn escaped_byte(letter: u8) -> Option<u8> {
    match letter {
        b'n' => Some(b'\n'),
        b't' => Some(b'\t'),
        b'r' => Some(b'\r'),
        b'f' => Some(0x0C),
        b'v' => Some(0x0B),
        b'a' => Some(0x07),
        b if b.is_ascii_punctuation() || b == b' ' => Some(b),
        _ => None,
    }
}

/// A custom pattern's hint: its first bytes and the pattern compiled to run
/// anchored at a candidate.
#[derive(Debug, Clone)]
pub(crate) struct PatternHint {
    prefix: Vec<ByteSet>,
    /// The position in `prefix` whose bytes are rarest in prose: the search
    /// looks for these, then checks the other positions around them.
    anchor: usize,
    /// The bytes of `prefix[anchor]`, one lookup each.
    anchor_bytes: [bool; 256],
    /// The smallest and largest byte of `prefix[anchor]` when both are ASCII:
    /// eight bytes at a time, the search passes over words with none in range.
    anchor_range: Option<ByteRange>,
    /// Whether every anchor byte is an ASCII digit.
    on_digits: bool,
    max_len: usize,
    /// `^(?:pattern)`, for a candidate at the start of the text.
    at_start: Regex,
    /// `^(?s:.)(?:pattern)`: one character of context before the candidate, so
    /// word boundaries and anchors see what the whole text has there.
    after_context: Regex,
}

impl PatternHint {
    /// The hint for a pattern that compiles, or `None` when the pattern gives
    /// none (the scan then searches the whole text).
    pub(crate) fn new(pattern: &str, case_sensitive: bool) -> Option<PatternHint> {
        let mut reader = Reader { pattern: pattern.as_bytes(), at: 0, fold: !case_sensitive };
        let shape = reader.alternation()?;
        if reader.at != pattern.len() || shape.prefix.is_empty() {
            return None;
        }
        let max_len = shape.max_len.filter(|&len| len <= MAX_WINDOW)?;
        let build = |wrapped: String| {
            RegexBuilder::new(&wrapped).case_insensitive(!case_sensitive).build().ok()
        };
        let rarity = |set: &ByteSet| -> u32 {
            (0..=255u8).filter(|&b| set.contains(b)).map(prose_weight).sum()
        };
        let anchor = (0..shape.prefix.len())
            .min_by_key(|&i| shape.prefix.get(i).map_or(u32::MAX, rarity))
            .unwrap_or(0);
        let mut anchor_bytes = [false; 256];
        if let Some(set) = shape.prefix.get(anchor) {
            for (byte, slot) in (0..=255u8).zip(anchor_bytes.iter_mut()) {
                *slot = set.contains(byte);
            }
        }
        let anchor_set = shape.prefix.get(anchor).copied().unwrap_or_default();
        let lowest = (0..=255u8).find(|&b| anchor_set.contains(b));
        let highest = (0..=255u8).rev().find(|&b| anchor_set.contains(b));
        let anchor_range = lowest.zip(highest).and_then(|(lo, hi)| ByteRange::new(lo, hi));
        let on_digits = lowest.zip(highest).is_some_and(|(lo, hi)| lo >= b'0' && hi <= b'9');
        Some(PatternHint {
            anchor,
            anchor_bytes,
            anchor_range,
            on_digits,
            prefix: shape.prefix,
            max_len,
            at_start: build(format!("^(?:{pattern})"))?,
            after_context: build(format!("^(?s:.)(?:{pattern})"))?,
        })
    }

    /// Every match of `regex`, the pattern this hint was made for, in `text`, as
    /// `Regex::find_iter` finds them, passed to `found`.
    ///
    /// Each candidate costs a search over a window as long as the longest match.
    /// When candidates are so dense that the windows add up to several times the
    /// text (`\w{1,300}Z` over a run of letters), the rest of the text is
    /// searched by `regex` itself, which reads each byte once.
    pub(crate) fn find_iter(&self, text: &str, regex: &Regex, found: impl FnMut(Range<usize>)) {
        let bytes = text.as_bytes();
        self.search(text, regex, |from| self.next_anchor(bytes, from), found);
    }

    /// Whether every anchor byte is an ASCII digit, so that the digit runs the
    /// built-in detectors' prefilter collects hold every anchor.
    pub(crate) fn anchored_on_digits(&self) -> bool {
        self.on_digits
    }

    /// As [`PatternHint::find_iter`], taking the anchors from `digit_runs`, the
    /// maximal runs of ASCII digits of `text`, for a hint
    /// [anchored on digits](PatternHint::anchored_on_digits).
    pub(crate) fn find_iter_on_digits(
        &self,
        text: &str,
        regex: &Regex,
        digit_runs: &[Range<usize>],
        found: impl FnMut(Range<usize>),
    ) {
        let mut runs = digit_runs.iter().peekable();
        let next_digit = |from: usize| {
            while runs.next_if(|run| run.end <= from).is_some() {}
            runs.peek().map(|run| run.start.max(from))
        };
        self.search(text, regex, next_digit, found);
    }

    /// The search of [`PatternHint::find_iter`], with `next_anchor(from)` giving
    /// the first position at or after `from` that holds an anchor byte.
    fn search(
        &self,
        text: &str,
        regex: &Regex,
        mut next_anchor: impl FnMut(usize) -> Option<usize>,
        mut found: impl FnMut(Range<usize>),
    ) {
        let bytes = text.as_bytes();
        let budget = WINDOW_WORK_FACTOR * text.len() + MAX_WINDOW;
        let mut spent = 0;
        // Where to look for the next anchor byte.
        let mut next = self.anchor;
        while let Some(at) = next_anchor(next) {
            let start = at - self.anchor;
            next = at + 1;
            if !self.prefix_at(bytes, start) {
                continue;
            }
            spent += self.max_len + 2;
            if spent > budget {
                // No match starts before `start` that has not been found.
                let mut from = start;
                while let Some(m) = regex.find_at(text, from) {
                    found(m.range());
                    // Rule patterns never match the empty string, so this moves on.
                    from = m.end().max(from + 1);
                }
                return;
            }
            if let Some(end) = self.anchored_at(text, start).filter(|&end| end > start) {
                found(start..end);
                // The next match starts at or after this one's end.
                next = next.max(end + self.anchor);
            }
        }
    }

    /// The first position at or after `from` that holds an anchor byte.
    fn next_anchor(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let mut at = from;
        loop {
            if let Some(range) = &self.anchor_range {
                while let Some(chunk) = bytes.get(at..at + 8) {
                    if range.any_in(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]))) {
                        break;
                    }
                    at += 8;
                }
            }
            // Byte by byte through the word that may hold one, or through the
            // rest of the text when the anchor bytes have no ASCII range.
            let stop = if self.anchor_range.is_some() { at + 8 } else { usize::MAX };
            while at < stop {
                let byte = *bytes.get(at)?;
                if self.anchor_bytes.get(usize::from(byte)) == Some(&true) {
                    return Some(at);
                }
                at += 1;
            }
        }
    }

    #[inline(always)]
    fn prefix_at(&self, bytes: &[u8], start: usize) -> bool {
        let Some(window) = bytes.get(start..start + self.prefix.len()) else {
            return false;
        };
        // Indices rather than `zip`, which some optimisation levels leave uninlined.
        let mut i = 0;
        while let (Some(set), Some(&byte)) = (self.prefix.get(i), window.get(i)) {
            if !set.contains(byte) {
                return false;
            }
            i += 1;
        }
        true
    }

    /// The end of the match that starts at `start`, if one does. `start` is
    /// the position of an ASCII byte, so a character boundary.
    fn anchored_at(&self, text: &str, start: usize) -> Option<usize> {
        // One character past the longest match, so that boundaries at its end
        // see the text that follows.
        let mut end = (start + self.max_len + 1).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if start == 0 {
            return self.at_start.find(text.get(..end)?).map(|m| m.end());
        }
        let mut context = start - 1;
        while !text.is_char_boundary(context) {
            context -= 1;
        }
        self.after_context.find(text.get(context..end)?).map(|m| context + m.end())
    }
}

/// A range of ASCII bytes, tested against eight bytes at a time.
#[derive(Debug, Clone, Copy)]
struct ByteRange {
    /// 0x80 plus the highest byte, in every byte.
    at_most: u64,
    /// 0x80 less the lowest byte, in every byte.
    at_least: u64,
}

impl ByteRange {
    const ONES: u64 = 0x0101_0101_0101_0101;

    /// The range `lo..=hi`, when `hi` is ASCII.
    fn new(lo: u8, hi: u8) -> Option<ByteRange> {
        (lo <= hi && hi < 0x80).then(|| ByteRange {
            at_most: Self::ONES * (0x80 + u64::from(hi)),
            at_least: Self::ONES * (0x80 - u64::from(lo)),
        })
    }

    /// Whether any byte of `w` is in the range. Each byte is tested apart, in
    /// its seven low bits, so no carry crosses bytes; bytes of 0x80 and above
    /// never count.
    #[inline(always)]
    fn any_in(&self, w: u64) -> bool {
        let low7 = w & (Self::ONES * 0x7f);
        let at_most_hi = self.at_most.wrapping_sub(low7);
        let at_least_lo = low7.wrapping_add(self.at_least);
        at_most_hi & at_least_lo & !w & (Self::ONES * 0x80) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(pattern: &str) -> Option<(Vec<String>, Option<usize>)> {
        let mut reader = Reader { pattern: pattern.as_bytes(), at: 0, fold: false };
        let shape = reader.alternation()?;
        let show = |set: &ByteSet| {
            (0..=255u8).filter(|&b| set.contains(b)).map(char::from).collect::<String>()
        };
        Some((shape.prefix.iter().map(show).collect(), shape.max_len))
    }

    #[test]
    fn reads_prefixes_and_lengths() {
        assert_eq!(
            shape(r"\bEMP\d{6}\b"),
            Some((vec!["E".into(), "M".into(), "P".into(), "0123456789".into()], Some(9)))
        );
        assert_eq!(shape(r"ab|ac"), Some((vec!["a".into(), "bc".into()], Some(2))));
        assert_eq!(shape(r"x?y").map(|s| s.0), Some(vec![]));
        assert_eq!(shape(r"[a-c]+z").map(|s| s.1), Some(None));
        assert_eq!(shape(r"é\d").map(|s| s.1), Some(Some(5)));
        assert_eq!(shape(r"(?x)a b"), None);
        assert_eq!(shape(r"[[:digit:]_]-").map(|s| s.0.len()), Some(2));
    }

    #[test]
    fn hints_only_bounded_patterns() {
        assert!(PatternHint::new(r"\bEMP\d{6}\b", false).is_some());
        assert!(PatternHint::new(r"a.*b", false).is_none());
        assert!(PatternHint::new(r"(?:x|)y", false).is_none());
        assert!(PatternHint::new(r".{600}", false).is_none());
    }

    fn plain(pattern: &str, case_sensitive: bool, text: &str) -> Vec<Range<usize>> {
        let regex = RegexBuilder::new(pattern)
            .case_insensitive(!case_sensitive)
            .build()
            .expect("pattern compiles");
        regex.find_iter(text).map(|m| m.range()).collect()
    }

    /// The matches of `pattern` found through its hint.
    fn hinted(pattern: &str, case_sensitive: bool, text: &str) -> Vec<Range<usize>> {
        let hint = PatternHint::new(pattern, case_sensitive).expect("a hint");
        let regex = RegexBuilder::new(pattern)
            .case_insensitive(!case_sensitive)
            .build()
            .expect("pattern compiles");
        let mut found = Vec::new();
        hint.find_iter(text, &regex, |range| found.push(range));
        found
    }

    #[test]
    fn a_class_that_starts_with_a_bracket_gives_no_hint() {
        for pattern in [r"[]-c]", r"[]-a]x", r"[^]a]b\d", r"x[a[]b]]"] {
            if PatternHint::new(pattern, true).is_some() {
                let text = "foo-bar a -x ]x ]]b1 xa]b]";
                assert_eq!(hinted(pattern, true, text), plain(pattern, true, text), "{pattern}");
            }
        }
        assert!(PatternHint::new(r"[]-c]", true).is_none());
    }

    /// The maximal runs of ASCII digits of `text`, found the plain way.
    #[cfg(not(target_arch = "wasm32"))]
    fn digit_runs(text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                runs.push(start..i);
            } else {
                i += 1;
            }
        }
        runs
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn digit_anchored_hints_agree_when_fed_digit_runs(
            pattern in proptest::sample::select(vec![
                r"\bEMP\d{6}\b", r"\d{3}-\d{4}", r"[0-9]{2}x", r"\d{1,8}", r"(?:1|22)a", r"\d\d?",
            ]),
            text in "[EMPemp0-9 xa-]{0,120}",
        ) {
            let hint = PatternHint::new(pattern, false).expect("a hint");
            if !hint.anchored_on_digits() {
                return Ok(());
            }
            let regex =
                RegexBuilder::new(pattern).case_insensitive(true).build().expect("compiles");
            let mut found = Vec::new();
            hint.find_iter_on_digits(&text, &regex, &digit_runs(&text), |r| found.push(r));
            proptest::prop_assert_eq!(found, plain(pattern, false, &text));
        }
    }

    #[test]
    fn only_digit_anchors_count_as_digit_anchored() {
        for pattern in [r"\bEMP\d{6}\b", r"\d{1,8}", r"[0-9]{4}"] {
            let hint = PatternHint::new(pattern, false).expect("a hint");
            assert!(hint.anchored_on_digits(), "{pattern}: anchor {}", hint.anchor);
        }
        assert!(!PatternHint::new(r"EMP", false).expect("a hint").anchored_on_digits());
        assert!(!PatternHint::new(r"[a0-9]x", false).expect("a hint").anchored_on_digits());
    }

    #[test]
    fn dense_candidates_finish_without_the_hint_and_find_the_same() {
        let text = format!("{}Z {}Z{}", "a".repeat(5000), "b".repeat(200), "c".repeat(700));
        for pattern in [r"\w{1,300}Z", r"[a-z]{2,400}", r"a[a-z]{0,500}z"] {
            assert_eq!(hinted(pattern, true, &text), plain(pattern, true, &text), "{pattern}");
        }
    }

    #[test]
    fn agrees_with_a_whole_text_search() {
        let text = "emp123456 xEMP123456 EMP123456x EMP123456 é EMP654321\nEMP12345";
        let pattern = r"\bEMP\d{6}\b";
        assert_eq!(hinted(pattern, false, text), plain(pattern, false, text));
        assert_eq!(hinted(pattern, false, text).len(), 3);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_on_random_patterns_and_texts(
            atoms in proptest::collection::vec(proptest::sample::select(vec![
                "a", "B", "7", "-", "\\d", "\\w", "\\s", "\\b", "[a-c]", "[^x]", "[[:alpha:]]",
                ".", "é", "(?:ab|c)", "(x|yz|)", "\\.", "^", "$", "(?i)", "(?-i:q)",
                "\\D", "[0-9_]", "\\B", "[]-a]", "[^]x]", "[]]", "[a-]", "[-z]",
            ]), 1..6),
            quantifiers in proptest::collection::vec(proptest::sample::select(vec![
                "", "", "", "?", "{2}", "{1,3}", "{0,2}", "+", "*", "??",
            ]), 6),
            case_sensitive in proptest::bool::ANY,
            text in "[aAbB7c -.é_xyzq\n\\]\\[^]{0,90}",
        ) {
            let pattern: String = atoms
                .iter()
                .zip(&quantifiers)
                .map(|(atom, q)| {
                    let quantifiable = !matches!(*atom, "\\b" | "^" | "$" | "(?i)" | "\\B");
                    format!("{atom}{}", if quantifiable { *q } else { "" })
                })
                .collect();
            // Only patterns a rule may have: valid, and never matching empty.
            let Ok(regex) = crate::dlp::pattern::compile("random", &pattern, case_sensitive)
            else {
                return Ok(());
            };
            if PatternHint::new(&pattern, case_sensitive).is_some() {
                let expected: Vec<_> = regex.find_iter(&text).map(|m| m.range()).collect();
                proptest::prop_assert_eq!(
                    hinted(&pattern, case_sensitive, &text), expected, "{}", pattern
                );
            }
        }
    }

    #[test]
    fn byte_range_test_is_exact() {
        for (lo, hi) in [(0x30, 0x39), (0, 0x7f), (0x41, 0x41), (0x61, 0x7a), (1, 2)] {
            for byte in 0..=255u8 {
                for lane in [0, 3, 7] {
                    let word = u64::from(byte) << (8 * lane)
                        | 0x2020_2020_2020_2020 & !(0xff << (8 * lane));
                    let filler = (lo..=hi).contains(&0x20);
                    let want = (lo..=hi).contains(&byte) && byte < 0x80 || filler;
                    let range = ByteRange::new(lo, hi).expect("an ASCII range");
                    assert_eq!(
                        range.any_in(word),
                        want,
                        "{byte:#x} in lane {lane}, {lo:#x}..={hi:#x}"
                    );
                }
            }
        }
    }
}
