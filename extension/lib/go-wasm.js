// @ts-check
// Starts a Go WebAssembly program of the extension (extension/build/*.wasm)
// with Go's glue (build/wasm_exec.js, loaded by the caller's page or module).
// One job: instantiate, run, and wait until the program says it is ready
// (globalThis.abhReady) or failed (globalThis.abhFailed).

/** @type {any} */
const g = globalThis;

/**
 * @param {string} file the wasm file under extension/build/, e.g. "abh.wasm"
 * @returns {Promise<{exited: Promise<void>}>} resolves once the program is
 *   ready; `exited` settles when it stops running.
 */
export async function startGo(file) {
  const go = new g.Go();
  const ready = new Promise((resolve) => { g.abhReady = resolve; });
  const failed = new Promise((_, reject) => { g.abhFailed = (/** @type {string} */ m) => reject(new Error(m)); });
  const url = chrome.runtime.getURL('extension/build/' + file);
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
  } catch {
    // instantiateStreaming needs the application/wasm MIME type; fall back.
    const bytes = await (await fetch(url)).arrayBuffer();
    ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
  }
  const exited = go.run(instance);
  await Promise.race([ready, failed]);
  return { exited };
}
