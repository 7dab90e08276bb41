//! Validators: checks a custom pattern's match must pass to count.

use super::builtin::{issuer_accepts, luhn_valid};
use super::rule::Validator;

impl Validator {
    /// Whether `matched` passes this validator.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::dlp::Validator;
    ///
    /// assert!(Validator::Luhn.accepts("4111-1111-1111-1111"));
    /// assert!(!Validator::Luhn.accepts("4111-1111-1111-1112"));
    /// assert!(Validator::Ipv4.accepts("192.0.2.1") && !Validator::Ipv4.accepts("1.2.3.256"));
    /// ```
    pub fn accepts(self, matched: &str) -> bool {
        let digits: Vec<u8> =
            matched.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
        match self {
            Validator::Luhn => digits.len() >= 2 && luhn_valid(&digits),
            Validator::CreditCard => {
                (13..=19).contains(&digits.len()) && luhn_valid(&digits) && issuer_accepts(&digits)
            }
            Validator::Ssn => is_issuable_ssn(&digits),
            Validator::Ipv4 => is_ipv4(matched),
        }
    }
}

fn is_issuable_ssn(d: &[u8]) -> bool {
    let [a0, a1, a2, g0, g1, s0, s1, s2, s3] = d else { return false };
    let area = [*a0, *a1, *a2];
    area != [0, 0, 0]
        && area != [6, 6, 6]
        && *a0 != 9
        && [*g0, *g1] != [0, 0]
        && [*s0, *s1, *s2, *s3] != [0, 0, 0, 0]
}

fn is_ipv4(s: &str) -> bool {
    let octets: Vec<&str> = s.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && (o.len() == 1 || !o.starts_with('0'))
                && o.parse::<u16>().is_ok_and(|v| v <= 255)
        })
}
