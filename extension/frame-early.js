// @ts-check
// First script of the engine frame (a classic script, so it runs while the
// document is still being parsed): starts fetching and compiling the engine's
// wasm at once, before wasm_exec.js and the frame's modules have loaded.
// frame.js picks the compiled module up from globalThis.abhEarlyModule.

/** @type {any} */ (globalThis).abhEarlyModule = WebAssembly.compileStreaming(fetch('build/abh.wasm')).catch(() => null);
