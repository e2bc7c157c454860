// @ts-check
// Starts a Go WebAssembly program of the extension (extension/build/*.wasm)
// with Go's glue (build/wasm_exec.js, loaded by the caller's page or module).
// One job: instantiate, run, and wait until the program says it is ready
// (globalThis.abhReady) or failed (globalThis.abhFailed).

/** @type {any} */
const g = globalThis;

/**
 * @param {string} file the wasm file under extension/build/, e.g. "abh.wasm"
 * @param {{marks?: Record<string, number>, early?: Promise<WebAssembly.Module | null>, env?: Record<string, string>, before?: Promise<unknown>}} [opts]
 *   marks: if given, gets performance.now() when the module was compiled and
 *   instantiated ("instantiated") and when the program said it was ready
 *   ("ready"), for the start-up benchmark; early: the module, compiled
 *   already (null if that failed: then this compiles it); env: the Go
 *   program's environment (e.g. GOGC); before: what must be done (e.g.
 *   globals the program reads at start set) before the program runs
 * @returns {Promise<{exited: Promise<void>}>} resolves once the program is
 *   ready; `exited` settles when it stops running.
 */
export async function startGo(file, opts = {}) {
  const { marks, early, env, before } = opts;
  const go = new g.Go();
  if (env) go.env = env;
  const ready = new Promise((resolve) => { g.abhReady = resolve; });
  const failed = new Promise((_, reject) => { g.abhFailed = (/** @type {string} */ m) => reject(new Error(m)); });
  const url = chrome.runtime.getURL('extension/build/' + file);
  const mod = early ? await early : null;
  let instance;
  if (mod) {
    instance = await WebAssembly.instantiate(mod, go.importObject);
  } else {
    try {
      ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
    } catch {
      // instantiateStreaming needs the application/wasm MIME type; fall back.
      const bytes = await (await fetch(url)).arrayBuffer();
      ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
    }
  }
  if (marks) marks.instantiated = performance.now();
  if (before) await before;
  const exited = go.run(instance);
  await Promise.race([ready, failed]);
  if (marks) marks.ready = performance.now();
  return { exited };
}
