//! Two short ASCII strings brought into wasm memory in one call, for the checks
//! that run on every request.
//!
//! Passing a string the usual way costs an allocation, a call back into
//! JavaScript and a free; for a user name and a permission that is most of the
//! cost of a check. Here one call writes both, side by side, into a buffer that
//! stays in place. Anything else (a subject object, non-ASCII text, long text)
//! is left to the general path.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "let bytes = new Uint8Array(0);
export function copyAsciiPair(first, second, memory, at, capacity) {
    if (typeof first !== 'string' || typeof second !== 'string') return -1;
    const split = first.length;
    const total = split + second.length;
    if (total > capacity) return -1;
    // Growing memory replaces its buffer; so would another instance's memory.
    if (bytes.buffer !== memory.buffer) bytes = new Uint8Array(memory.buffer);
    for (let i = 0; i < split; i += 1) {
        const unit = first.charCodeAt(i);
        if (unit > 0x7f) return -1;
        bytes[at + i] = unit;
    }
    for (let i = split; i < total; i += 1) {
        const unit = second.charCodeAt(i - split);
        if (unit > 0x7f) return -1;
        bytes[at + i] = unit;
    }
    return split * 0x10000 + total;
}
export function isWellFormed(text) {
    return typeof text.isWellFormed === 'function'
        ? text.isWellFormed()
        : !/\\p{Surrogate}/u.test(text);
}")]
extern "C" {
    /// Writes `first` then `second` at `at`; `split * 0x10000 + total` in bytes, or
    /// -1 when either is not a string, has a non-ASCII unit, or they exceed
    /// `capacity` bytes together. It never throws.
    #[wasm_bindgen(js_name = copyAsciiPair)]
    fn copy_ascii_pair(
        first: &JsValue,
        second: &JsValue,
        memory: &JsValue,
        at: u32,
        capacity: u32,
    ) -> f64;

    /// Whether a string has no lone surrogate.
    #[wasm_bindgen(js_name = isWellFormed)]
    pub(crate) fn is_well_formed(text: &JsValue) -> bool;
}

/// The most bytes the two strings may take together: a user name and a permission
/// have at most 256 bytes each, so longer pairs decide nothing here.
const CAPACITY: usize = 512;

/// The buffer both strings are written to. It is never resized, so its address
/// stays valid; no borrow of it is held while JavaScript writes (a call that
/// throws, say on a full stack, then leaves nothing borrowed).
pub(crate) struct AsciiPair {
    memory: JsValue,
    buffer: Vec<u8>,
}

impl AsciiPair {
    pub(crate) fn new() -> Self {
        AsciiPair { memory: wasm_bindgen::memory(), buffer: vec![0; CAPACITY] }
    }

    /// Both strings, when both are ASCII and short; `None` sends the caller down
    /// its general path.
    pub(crate) fn copy(&self, first: &JsValue, second: &JsValue) -> Option<(&str, &str)> {
        let at = self.buffer.as_ptr() as usize as u32;
        let packed = copy_ascii_pair(first, second, &self.memory, at, CAPACITY as u32);
        if packed < 0.0 {
            return None;
        }
        let packed = packed as u32;
        let (split, total) = ((packed >> 16) as usize, (packed & 0xffff) as usize);
        let (first, second) = self.buffer.get(..total)?.split_at_checked(split)?;
        Some((std::str::from_utf8(first).ok()?, std::str::from_utf8(second).ok()?))
    }
}
