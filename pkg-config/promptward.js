// Default entry (browsers, bundlers, Node ESM, Deno, Bun): the wasm-bindgen web glue,
// instantiated synchronously from the module bytes embedded below as base64. It needs
// nothing from its host: no fetch, no import.meta.url, no fs, no top-level await.
import { initSync } from './promptward_web.js';
import { wasmBase64 } from './promptward_inline.js';

function decodeBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') {
    return Uint8Array.fromBase64(text);
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

initSync({ module: decodeBase64(wasmBase64) });

export * from './promptward_web.js';
