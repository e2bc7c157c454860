// @ts-check
// Loader of the options page: starts the Go engine with the options UI
// (build/abh-options.wasm; the per-tab frame uses the smaller build/abh.wasm), which
// finds #abh-options and renders the page itself (wasm/options). The page is
// usable when #abh-options has data-state="ready".

/** @type {any} */
const g = globalThis;

async function start() {
  const root = document.getElementById('abh-options');
  const url = chrome.runtime.getURL('extension/build/abh-options.wasm');
  const go = new g.Go();
  const ready = new Promise((resolve) => { g.abhReady = resolve; });
  try {
    let instance;
    try {
      ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
    } catch {
      const bytes = await (await fetch(url)).arrayBuffer();
      ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
    }
    go.run(instance);
    await ready;
  } catch (e) {
    console.error('abh: options engine failed to start:', e);
    if (root) {
      root.dataset.state = 'failed';
      root.textContent = 'The engine could not start: ' + String(e && /** @type {any} */ (e).message || e)
        + '. Run `make build` and reload the extension.';
    }
  }
}

start();
