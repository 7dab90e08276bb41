//! Bringing a JavaScript string into wasm memory as UTF-8, in one native call.
//!
//! wasm-bindgen's own string passing copies ASCII text one UTF-16 unit at a
//! time in a JavaScript loop, which costs more than scanning the text does.
//! `TextEncoder.encodeInto` writes straight into wasm memory at native speed;
//! it is available in every runtime this package supports.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "const encoder = new TextEncoder();
let target = new Uint8Array(0);
export function utf16Length(text) {
    return typeof text === 'string' ? text.length : -1;
}
export function encodeText(text, memory, at, capacity) {
    // The buffer stays where it is from copy to copy, so its view is kept, until
    // memory grows (which replaces memory.buffer) or the buffer moves.
    const current = target.buffer === memory.buffer;
    if (!current || target.byteOffset !== at || target.length !== capacity) {
        target = new Uint8Array(memory.buffer, at, capacity);
    }
    const { read, written } = encoder.encodeInto(text, target);
    return read === text.length ? written : -1;
}")]
extern "C" {
    /// The length of `text` in UTF-16 units, or -1 when it is not a string.
    #[wasm_bindgen(js_name = utf16Length)]
    fn utf16_length(text: &JsValue) -> f64;

    /// Writes `text` as UTF-8 at `at`; the bytes written, or -1 when
    /// `capacity` bytes did not hold it all.
    #[wasm_bindgen(js_name = encodeText)]
    fn encode_text(text: &JsValue, memory: &JsValue, at: u32, capacity: u32) -> f64;
}

/// Copies JavaScript strings into one buffer, reused from copy to copy.
pub(crate) struct Utf8Copier {
    memory: JsValue,
    buffer: Vec<u8>,
}

impl Utf8Copier {
    pub(crate) fn new() -> Self {
        Utf8Copier { memory: wasm_bindgen::memory(), buffer: Vec::new() }
    }

    /// The text as UTF-8 and its length in UTF-16 units, or `None` when
    /// `text` is not a string. Lone surrogates become U+FFFD, each still one
    /// UTF-16 unit long, so UTF-16 offsets computed from the copy hold for the
    /// original.
    pub(crate) fn copy(&mut self, text: &JsValue) -> Option<(&str, u32)> {
        let units = utf16_length(text);
        if units < 0.0 {
            return None;
        }
        let units = units as usize;

        // ASCII takes one byte per unit: try that first, and three bytes per
        // unit, always enough, when the text is not all ASCII.
        let mut written = self.encode(text, units);
        if written.is_none() {
            written = self.encode(text, 3 * units);
        }
        let bytes = self.buffer.get(..written.unwrap_or(0)).unwrap_or_default();

        // encodeInto writes well-formed UTF-8 only; the check costs little.
        let copy = std::str::from_utf8(bytes).unwrap_or_default();
        Some((copy, units as u32))
    }

    /// Encodes `text` at the start of the buffer, grown to at least `capacity`
    /// bytes; it never shrinks, and what an earlier copy left after the end is
    /// never read, nor cleared. The whole buffer is offered each time, so the
    /// JavaScript side can keep its view of it from copy to copy.
    fn encode(&mut self, text: &JsValue, capacity: usize) -> Option<usize> {
        if self.buffer.len() < capacity {
            self.buffer.resize(capacity, 0);
        }
        let at = self.buffer.as_mut_ptr() as usize as u32;
        let written = encode_text(text, &self.memory, at, self.buffer.len() as u32);
        (written >= 0.0).then_some(written as usize)
    }
}
