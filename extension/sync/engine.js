// @ts-check
// The Go engine in the background service worker, started only when a
// fetched pack must be checked (most syncs are 304s and never start it). It is
// extension/build/abh-full.wasm: the engine the frame runs (same rules code,
// same built-in pack) plus the signature checks the frame build leaves out,
// so a pack is accepted here exactly when the frame can load it. Nothing lives
// only in Go memory: if the service worker stops, the next check starts Go
// again.
import '../build/wasm_exec.js';
import { startGo } from '../lib/go-wasm.js';

/** @type {any} */
const g = globalThis;

/** @type {Promise<void> | null} */
let starting = null;

async function start() {
  const { exited } = await startGo('abh-full.wasm');
  exited.finally(() => { starting = null; });
}

/** Starts Go once; a failed start is retried on the next call. */
function engine() {
  if (!starting) starting = start().catch((e) => { starting = null; throw e; });
  return starting;
}

/**
 * Checks a fetched pack: parse, signature (when publicKey is set), compile
 * with the built-in pack, examples.
 * @param {string} text the response body
 * @param {string} publicKey "ed25519:…" or ""
 * @returns {Promise<{ok: true, name: string, version: string, rules: number} | {ok: false, error: string}>}
 */
export async function validatePack(text, publicKey) {
  try {
    await engine();
  } catch (e) {
    return { ok: false, error: 'the engine that checks packs could not start: ' + String(e && /** @type {any} */ (e).message || e) };
  }
  return JSON.parse(g.abhValidatePack(text, publicKey || ''));
}
