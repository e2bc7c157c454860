// @ts-check
// Syncs every subscribed team pack: a conditional fetch, the Go engine's check
// of a new pack, and the stored state. A pack replaces the stored one only
// when it passed every check; any failure keeps the last good pack, records
// the reason in plain words and schedules a retry with backoff.
import { effectiveSubscriptions } from './subscriptions.js';
import { readEntries, writeEntries, reconcile, same } from './state.js';
import { fetchPack } from './fetch-pack.js';
import { validatePack } from './engine.js';
import { retryDelay } from './backoff.js';

/**
 * @typedef {{url: string, status: 'updated' | 'unchanged' | 'failed' | 'waiting',
 *   error?: string, name?: string, version?: string, nextRetryAt?: number}} Result
 */

/** @type {Promise<any>} syncs run one at a time (alarms, messages and storage events may overlap) */
let chain = Promise.resolve();

/**
 * @template T @param {() => Promise<T>} fn @returns {Promise<T>}
 */
function serialized(fn) {
  const run = chain.then(fn, fn);
  chain = run.catch(() => {});
  return run;
}

/**
 * Syncs the subscriptions that are due (all of them with force, e.g. "sync
 * now"; only `url` when given).
 * @param {{force?: boolean, url?: string, now?: () => number}} [o]
 * @returns {Promise<Result[]>}
 */
export function syncAll(o = {}) {
  return serialized(() => run(o));
}

/** @param {{force?: boolean, url?: string, now?: () => number}} o @returns {Promise<Result[]>} */
async function run({ force = false, url = '', now = Date.now }) {
  const subs = await effectiveSubscriptions();
  const stored = await readEntries();
  const entries = reconcile(subs, stored);
  if (!same(entries, stored)) await writeEntries(entries);
  /** @type {Result[]} */
  const results = [];
  for (const sub of subs) {
    if (url && sub.url !== url) continue;
    const cur = (await readEntries()).find((e) => e.url === sub.url);
    if (!cur) continue;
    if (!force && cur.nextRetryAt > now()) {
      results.push({ url: sub.url, status: 'waiting', error: cur.lastError, nextRetryAt: cur.nextRetryAt });
      continue;
    }
    const { patch, result } = await syncOne(cur, now);
    // Re-read: the subscription may have been removed meanwhile.
    const latest = await readEntries();
    const i = latest.findIndex((e) => e.url === sub.url);
    if (i >= 0) {
      latest[i] = { ...latest[i], ...patch };
      await writeEntries(latest);
    }
    results.push(result);
  }
  return results;
}

/**
 * @param {import('./state.js').Entry} e
 * @param {() => number} now
 * @returns {Promise<{patch: Partial<import('./state.js').Entry>, result: Result}>}
 */
async function syncOne(e, now) {
  const attempt = now();
  const fail = (/** @type {string} */ error) => {
    const failures = (e.failures || 0) + 1;
    const nextRetryAt = now() + retryDelay(failures);
    const kept = e.pack ? ` The last good version (${e.version}) stays in use.` : '';
    const lastError = capitalise(error) + '.' + kept;
    return { patch: { lastAttempt: attempt, lastError, failures, nextRetryAt }, result: /** @type {Result} */ ({ url: e.url, status: 'failed', error: lastError, nextRetryAt }) };
  };
  const got = await fetchPack(e.url, e.pack ? e.etag : '');
  if (got.kind === 'failed') return fail(got.error);
  const ok = { lastAttempt: attempt, lastSync: now(), lastError: '', failures: 0, nextRetryAt: 0 };
  if (got.kind === 'unchanged') {
    return { patch: ok, result: { url: e.url, status: 'unchanged', name: e.name, version: e.version } };
  }
  const v = await validatePack(got.text, e.publicKey);
  if (!v.ok) return fail(v.error);
  const others = (await readEntries()).filter((o) => o.url !== e.url && o.pack && o.name === v.name);
  if (others.length) return fail(`pack "${v.name}" is already provided by ${others[0].url}; two subscriptions cannot load packs of the same name`);
  let pack;
  try {
    pack = JSON.parse(got.text);
  } catch {
    return fail('the pack is not valid JSON');
  }
  return {
    patch: { ...ok, pack, name: v.name, version: v.version, etag: got.etag, serverVersion: got.serverVersion },
    result: { url: e.url, status: 'updated', name: v.name, version: v.version },
  };
}

/** @param {string} s */
function capitalise(s) {
  s = s.replace(/\.\s*$/, '');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** @returns {Promise<number>} the earliest scheduled retry (0 = none) */
export async function nextRetry() {
  const times = (await readEntries()).map((e) => e.nextRetryAt || 0).filter((t) => t > 0);
  return times.length ? Math.min(...times) : 0;
}
