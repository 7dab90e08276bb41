//! Bringing a JavaScript string into wasm memory as UTF-8, in one native call.
//!
//! wasm-bindgen's own string passing copies ASCII text one UTF-16 unit at a
//! time in a JavaScript loop, which costs more than scanning the text does.
//! `TextEncoder.encodeInto` writes straight into wasm memory at native speed;
//! it is available in every runtime this package supports.

use js_sys::{JsString, Uint8Array, WebAssembly};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;

    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;

    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, text: &JsString, into: &Uint8Array) -> EncodeProgress;

    type EncodeProgress;

    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeProgress) -> u32;

    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeProgress) -> u32;
}

/// Reusable state for [`Utf8Copier::copy`]: the encoder, made once.
pub(crate) struct Utf8Copier {
    encoder: Utf8Encoder,
}

impl Utf8Copier {
    pub(crate) fn new() -> Self {
        Utf8Copier { encoder: Utf8Encoder::new() }
    }

    /// The text as a Rust string. Lone surrogates become U+FFFD, each still one
    /// UTF-16 unit long, so UTF-16 offsets computed from the copy hold for the
    /// original.
    pub(crate) fn copy(&self, text: &JsString) -> String {
        let units = text.length() as usize;

        // ASCII needs one byte per unit: try that first, and give the rest of
        // the text three bytes per unit when it is not all ASCII.
        let mut bytes = vec![0u8; units];
        let progress = self.encode_into(text, &mut bytes, 0);
        let (mut read, mut written) = (progress.read() as usize, progress.written() as usize);
        if read < units {
            let rest = text.slice(read as u32, units as u32);
            bytes.resize(written + 3 * (units - read), 0);
            let progress = self.encode_into(&rest, &mut bytes, written);
            read += progress.read() as usize;
            written += progress.written() as usize;
        }
        debug_assert_eq!(read, units);
        bytes.truncate(written);

        // encodeInto writes well-formed UTF-8 only; the check costs little.
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    fn encode_into(&self, text: &JsString, bytes: &mut [u8], from: usize) -> EncodeProgress {
        let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        let start = bytes.as_mut_ptr() as usize + from;
        let length = bytes.len().saturating_sub(from);
        let view = Uint8Array::new_with_byte_offset_and_length(
            &memory.buffer(),
            start as u32,
            length as u32,
        );
        self.encoder.encode_into(text, &view)
    }
}
