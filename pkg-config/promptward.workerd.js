// Edge workers (workerd): a `.wasm` import is a precompiled WebAssembly.Module there,
// and compiling from bytes is refused, so this entry imports the module file.
import { initSync } from './promptward_web.js';
import wasmModule from './promptward_bg.wasm';

initSync({ module: wasmModule });

export * from './promptward_web.js';
