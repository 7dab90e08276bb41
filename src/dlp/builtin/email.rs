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
        // The TLD is the letters a label starts with, when a hyphen or a
        // non-word character follows them: `a@example.co.uk-` ends at `uk`.
        let letters = label.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let after = label_start + letters;
        let tld_ends =
            letters == label.len() && !is_word(at(text, after)) || at(text, after) == b'-';
        if labels >= 2 && letters >= 2 && tld_ends {
            end = Some(after);
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
    fn hyphens_after_the_address_are_not_part_of_it() {
        assert_eq!(emails("a@example.com-"), ["a@example.com"]);
        assert_eq!(emails("a@example.co.uk--and more"), ["a@example.co.uk"]);
        assert_eq!(emails("ops@my-host.example.org-x"), ["ops@my-host.example.org"]);
        assert_eq!(emails("mail a@x.my-host.org"), ["a@x.my-host.org"]);
    }

    #[test]
    fn not_addresses() {
        for bad in ["a@b", "a@b.c", "@example.com", "a@-x.com", "a@example.123", "a@@b.com"] {
            assert!(emails(bad).is_empty(), "{bad}");
        }
        assert_eq!(emails("a@b@c.com"), ["b@c.com"]);
    }
}
