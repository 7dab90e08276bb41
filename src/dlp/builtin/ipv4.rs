//! Dotted IPv4 addresses: four octets 0-255 without leading zeros.
//!
//! The boundary applies to the whole address: `1.2.3.256` holds no address (not
//! even `1.2.3.25`), and neither does a longer dotted number such as `1.2.3.4.5`.

use std::ops::Range;

use super::text::{at, before, continues_number_after, is_word};

/// Finds IPv4 addresses among the digit runs of `text`.
pub(crate) fn find(text: &[u8], digit_runs: &[Range<usize>], out: &mut Vec<Range<usize>>) {
    let mut i = 0;
    while let Some(first) = digit_runs.get(i) {
        i += 1;
        let lead = before(text, first.start);
        if is_word(lead) || (lead == b'.' && before(text, first.start - 1).is_ascii_digit()) {
            continue;
        }
        let Some(octets) = digit_runs.get(i - 1..i + 3) else { continue };
        let dotted = octets.windows(2).all(|w| match w {
            [a, b] => a.end + 1 == b.start && at(text, a.end) == b'.',
            _ => false,
        });
        let Some(last) = octets.last() else { continue };
        if !dotted || !octets.iter().all(|r| is_octet(text, r)) {
            continue;
        }
        if is_word(at(text, last.end)) || continues_number_after(text, last.end) {
            continue;
        }
        out.push(first.start..last.end);
        i += 3;
    }
}

fn is_octet(text: &[u8], run: &Range<usize>) -> bool {
    match text.get(run.clone()) {
        Some([d]) => d.is_ascii_digit(),
        Some([b'1'..=b'9', _]) => true,
        Some([b'1', _, _]) => true,
        Some([b'2', b'0'..=b'4', _]) => true,
        Some([b'2', b'5', b'0'..=b'5']) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ips(text: &str) -> Vec<&str> {
        let mut c = super::super::candidates::Candidates::default();
        c.collect(text.as_bytes());
        let mut out = Vec::new();
        find(text.as_bytes(), &c.digit_runs, &mut out);
        out.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn octets_and_boundaries() {
        assert_eq!(ips("Hosts 10.0.0.1, 255.255.255.255."), ["10.0.0.1", "255.255.255.255"]);
        for bad in [
            "256.1.1.1",
            "999.999.999.999",
            "1.2.3.256",
            "10.0.0.300",
            "01.2.3.4",
            "1.2.3.4.5",
            "v1.2.3.4",
            "1.2.3.4a",
            "9.1.2.3.4",
        ] {
            assert!(ips(bad).is_empty(), "{bad}");
        }
        assert_eq!(ips("李192.0.2.1"), ["192.0.2.1"]);
    }
}
