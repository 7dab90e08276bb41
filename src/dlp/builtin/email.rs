//! Email addresses: a local part, `@`, and a domain of dot-separated labels whose
//! last label (the TLD) is at least two letters.
//!
//! The whole address is one match, plus-tags and subdomains included; trailing
//! punctuation is not. A TLD with digits or other characters (`example.c|m`)
//! does not make an address.

use std::ops::Range;

use super::text::{at, before, is_word};

/// Local parts longer than this are not addresses (RFC 5321 allows 64).
const MAX_LOCAL: usize = 64;

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_label(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Finds email addresses around the `@` signs of `text`.
pub(crate) fn find(text: &[u8], at_signs: &[usize], out: &mut Vec<Range<usize>>) {
    let mut covered = 0;
    let mut previous_at = 0;
    for &sign in at_signs {
        let floor = previous_at.max(covered);
        previous_at = sign + 1;
        let Some(start) = local_start(text, sign, floor) else { continue };
        if let Some(end) = domain_end(text, sign + 1) {
            out.push(start..end);
            covered = end;
        }
    }
}

/// Where the local part before the `@` at `sign` starts: the first letter or
/// digit of the run of local-part characters, not before `floor`.
fn local_start(text: &[u8], sign: usize, floor: usize) -> Option<usize> {
    let mut start = sign;
    while start > floor && is_local(before(text, start)) {
        start -= 1;
    }
    // The address starts at a word boundary: skip leading dots, signs and hyphens.
    while start < sign && !at(text, start).is_ascii_alphanumeric() && at(text, start) != b'_' {
        start += 1;
    }
    let len = sign - start;
    (len > 0 && len <= MAX_LOCAL && !is_word(before(text, start))).then_some(start)
}

/// Where the domain starting at `from` ends, at the end of its last letter-only
/// label, or `None` when no such domain follows.
fn domain_end(text: &[u8], from: usize) -> Option<usize> {
    let mut p = from;
    let mut labels = 0;
    let mut end = None;
    loop {
        let label_start = p;
        while is_label(at(text, p)) {
            p += 1;
        }
        let label = text.get(label_start..p).unwrap_or_default();
        if label.is_empty() || label.first() == Some(&b'-') {
            break;
        }
        labels += 1;
        let tld = label.len() >= 2 && label.iter().all(u8::is_ascii_alphabetic);
        if labels >= 2 && tld && !is_word(at(text, p)) {
            end = Some(p);
        }
        if at(text, p) != b'.' || p - from > 253 {
            break;
        }
        p += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(text: &str) -> Vec<&str> {
        let signs: Vec<usize> =
            text.bytes().enumerate().filter(|&(_, b)| b == b'@').map(|(i, _)| i).collect();
        let mut out = Vec::new();
        find(text.as_bytes(), &signs, &mut out);
        out.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn whole_addresses_without_trailing_punctuation() {
        let text = "Mail jane.doe+billing@mail.eu.example.co.uk, ops@example.c|m, x@y.z or \
                    BOB@EXAMPLE.ORG.";
        assert_eq!(emails(text), ["jane.doe+billing@mail.eu.example.co.uk", "BOB@EXAMPLE.ORG"]);
        assert_eq!(emails("李雷jane@example.org"), ["jane@example.org"]);
        assert_eq!(emails("foo_bar@example.com"), ["foo_bar@example.com"]);
        assert_eq!(emails(".a@b.cd"), ["a@b.cd"]);
    }

    #[test]
    fn not_addresses() {
        for bad in ["a@b", "a@b.c", "@example.com", "a@-x.com", "a@example.123", "a@@b.com"] {
            assert!(emails(bad).is_empty(), "{bad}");
        }
        assert_eq!(emails("a@b@c.com"), ["b@c.com"]);
    }
}
