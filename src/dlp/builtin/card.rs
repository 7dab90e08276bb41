//! Payment card numbers: 13 to 19 digits that pass the Luhn checksum and start
//! with a prefix a card network issues at that length.
//!
//! Digits may be written as one run or in the usual groups (4-4-4-4, 4-4-4-4-3,
//! Amex 4-6-5, Diners 4-6-4), with one kind of separator throughout: space, `-`,
//! `.`, or the no-break, narrow no-break and thin spaces. A number glued inside a
//! longer run of digits or letters is not a card.

use std::ops::Range;

use super::text::{at, is_word, separator_at, Separator};

/// A maximal chain of digit groups joined by single separators.
struct Group {
    range: Range<usize>,
    /// The separator that joins this group to the next one, if any.
    joint: Option<Separator>,
}

/// Finds the card numbers among the digit runs of `text`.
pub(crate) fn find(text: &[u8], digit_runs: &[Range<usize>], out: &mut Vec<Range<usize>>) {
    let mut chain: Vec<Group> = Vec::new();
    let mut next_run = 0;
    while let Some(first) = digit_runs.get(next_run) {
        next_run += 1;
        if is_word(super::text::before(text, first.start)) {
            continue;
        }
        chain.clear();
        chain.push(Group { range: first.clone(), joint: None });

        // Extend the chain while a single separator leads to the next digit run.
        while let Some(run) = digit_runs.get(next_run) {
            let Some(last) = chain.last_mut() else { break };
            let Some((sep, len)) = separator_at(text, last.range.end) else { break };
            if last.range.end + len != run.start {
                break;
            }
            last.joint = Some(sep);
            chain.push(Group { range: run.clone(), joint: None });
            next_run += 1;
        }
        find_in_chain(text, &chain, out);
    }
}

/// Picks card numbers out of one chain, leftmost and longest first.
fn find_in_chain(text: &[u8], chain: &[Group], out: &mut Vec<Range<usize>>) {
    let mut first = 0;
    while first < chain.len() {
        let found = (first..chain.len().min(first + 5))
            .rev()
            .find(|&last| chain.get(first..=last).is_some_and(|g| is_card(text, g)));
        match found {
            Some(last) => {
                if let (Some(a), Some(b)) = (chain.get(first), chain.get(last)) {
                    out.push(a.range.start..b.range.end);
                }
                first = last + 1;
            }
            None => first += 1,
        }
    }
}

fn is_card(text: &[u8], groups: &[Group]) -> bool {
    let (Some(head), Some(tail)) = (groups.first(), groups.last()) else { return false };
    if is_word(at(text, tail.range.end)) {
        return false;
    }
    // One kind of separator throughout.
    let joint = head.joint;
    if groups.iter().take(groups.len() - 1).any(|g| g.joint != joint) {
        return false;
    }
    let mut lengths = [0usize; 5];
    for (slot, g) in lengths.iter_mut().zip(groups) {
        *slot = g.range.len();
    }
    if groups.len() > lengths.len() || !is_card_grouping(lengths.get(..groups.len()).unwrap_or(&[]))
    {
        return false;
    }
    let mut digits = [0u8; 19];
    let mut count = 0;
    for b in groups.iter().flat_map(|g| text.get(g.range.clone()).unwrap_or_default()) {
        if let Some(slot) = digits.get_mut(count) {
            *slot = b - b'0';
            count += 1;
        }
    }
    let digits = digits.get(..count).unwrap_or_default();
    luhn_valid(digits) && issuer_accepts(digits)
}

/// Whether digit groups of these lengths are a way card numbers are written.
fn is_card_grouping(lengths: &[usize]) -> bool {
    let total: usize = lengths.iter().sum();
    if !(13..=19).contains(&total) {
        return false;
    }
    match lengths {
        [_] => true,
        [4, 6, 5] | [4, 6, 4] => true,
        [init @ .., last] => init.iter().all(|&n| n == 4) && (1..=4).contains(last),
        [] => false,
    }
}

/// The Luhn checksum over decimal digit values.
///
/// # Example
///
/// ```ignore
/// assert!(luhn_valid(&[4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]));
/// ```
pub(crate) fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    !digits.is_empty() && sum % 10 == 0
}

/// Whether a card network issues numbers of this length with this prefix.
pub(crate) fn issuer_accepts(digits: &[u8]) -> bool {
    let len = digits.len();
    let prefix =
        |n: usize| -> u32 { digits.iter().take(n).fold(0u32, |acc, &d| acc * 10 + u32::from(d)) };
    let (p1, p2, p3, p4, p6) = (prefix(1), prefix(2), prefix(3), prefix(4), prefix(6));
    let visa = p1 == 4 && matches!(len, 13 | 16 | 19);
    let mastercard = ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16;
    let amex = matches!(p2, 34 | 37) && len == 15;
    let discover =
        (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 || (622126..=622925).contains(&p6))
            && (16..=19).contains(&len);
    let diners = ((300..=305).contains(&p3) || p4 == 3095 || matches!(p2, 36 | 38 | 39))
        && (14..=19).contains(&len);
    // JCB's assigned range is 3528-3589; numbers across the whole 35 block are
    // generated as JCB by common test-data tools and read as such by people.
    let jcb = p2 == 35 && (16..=19).contains(&len);
    let jcb_legacy = matches!(p4, 2131 | 1800) && len == 15;
    let uatp = p1 == 1 && len == 15;
    let unionpay = (p2 == 62 || p2 == 81) && (16..=19).contains(&len);
    let mir = (2200..=2204).contains(&p4) && (16..=19).contains(&len);
    let maestro = (p2 == 50 || (56..=69).contains(&p2)) && (13..=19).contains(&len);
    visa || mastercard
        || amex
        || discover
        || diners
        || jcb
        || jcb_legacy
        || uatp
        || unionpay
        || mir
        || maestro
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(text: &str) -> Vec<&str> {
        let mut c = super::super::candidates::Candidates::default();
        c.collect(text.as_bytes());
        let mut out = Vec::new();
        find(text.as_bytes(), &c.digit_runs, &mut out);
        out.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn groupings_and_separators() {
        assert_eq!(cards("4111111111111111"), ["4111111111111111"]);
        assert_eq!(cards("x 4111-1111-1111-1111."), ["4111-1111-1111-1111"]);
        assert_eq!(cards("3782 822463 10005"), ["3782 822463 10005"]);
        assert_eq!(
            cards("4111\u{a0}1111\u{a0}1111\u{a0}1111"),
            ["4111\u{a0}1111\u{a0}1111\u{a0}1111"]
        );
        assert_eq!(cards("4111 1111-1111 1111"), Vec::<&str>::new());
        assert_eq!(cards("ref 12 4111 1111 1111 1111"), ["4111 1111 1111 1111"]);
    }

    #[test]
    fn rejects_what_is_not_a_card() {
        assert!(cards("4111 1111 1111 1112").is_empty());
        assert!(cards("1718035200000005").is_empty());
        assert!(cards("9876541111111111111111112468").is_empty());
        assert!(cards("a4111111111111111").is_empty());
        assert!(cards("4111111111111111b").is_empty());
    }
}
