// @ts-check
// Loader of the options page: starts the Go engine with the options UI
// (build/abh-full.wasm; the per-tab frame uses the smaller build/abh.wasm),
// which
// finds #abh-options and renders the page itself (wasm/options). The page is
// usable when #abh-options has data-state="ready".

import { startGo } from './lib/go-wasm.js';

async function start() {
  const root = document.getElementById('abh-options');
  try {
    await startGo('abh-full.wasm');
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
