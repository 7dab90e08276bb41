//! Content hashes of policies, so a client and a server can show they enforced
//! the same one.

use sha2::{Digest, Sha256};

/// Returns `sha256:` followed by the lowercase hex SHA-256 of `bytes`.
///
/// # Example
///
/// ```
/// let h = promptward::hash::content_hash(b"abc");
/// assert_eq!(
///     h,
///     "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push(hex_digit(byte >> 4));
        out.push(hex_digit(byte & 0x0f));
    }
    out
}

fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16).unwrap_or('0')
}
