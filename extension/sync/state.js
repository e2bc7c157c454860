// @ts-check
// The sync state of every subscription, in chrome.storage.local["abh:teamPacks"]
// (the engine frame and the options page read the same key): one entry per
// subscription, in load order, holding the last good pack and how the last
// tries went. Everything lives in storage, so a stopped service worker loses
// nothing.

/**
 * @typedef {{
 *   url: string, publicKey: string, source: 'user' | 'policy',
 *   pack: any, name: string, version: string, serverVersion: number, etag: string,
 *   lastSync: number, lastAttempt: number, lastError: string, failures: number, nextRetryAt: number
 * }} Entry
 * pack is the last good compiled pack object (null until one was accepted);
 * lastSync is when the server last answered with a good pack or "not
 * modified"; lastError is "" after a success; nextRetryAt is 0 unless a
 * failure scheduled a retry.
 */

export const TEAM_PACKS_KEY = 'abh:teamPacks';

/** @param {import('./subscriptions.js').Subscription} sub @returns {Entry} */
export function newEntry(sub) {
  return {
    url: sub.url, publicKey: sub.publicKey, source: sub.source,
    pack: null, name: '', version: '', serverVersion: 0, etag: '',
    lastSync: 0, lastAttempt: 0, lastError: '', failures: 0, nextRetryAt: 0,
  };
}

/** @returns {Promise<Entry[]>} */
export async function readEntries() {
  const got = await chrome.storage.local.get(TEAM_PACKS_KEY);
  const list = got[TEAM_PACKS_KEY];
  return Array.isArray(list) ? list.filter((e) => e && typeof e.url === 'string') : [];
}

/** @param {Entry[]} entries */
export async function writeEntries(entries) {
  await chrome.storage.local.set({ [TEAM_PACKS_KEY]: entries });
}

/**
 * One entry per subscription, in subscription order: existing entries are
 * kept (with source and key brought up to date), new subscriptions get a
 * fresh entry, entries of removed subscriptions go. A changed public key
 * drops the ETag so the pack is fetched and checked against the new key
 * (the last good pack stays until then).
 * @param {import('./subscriptions.js').Subscription[]} subs
 * @param {Entry[]} entries
 * @returns {Entry[]}
 */
export function reconcile(subs, entries) {
  return subs.map((s) => {
    const old = entries.find((e) => e.url === s.url);
    if (!old) return newEntry(s);
    const e = { ...newEntry(s), ...old, source: s.source };
    if (old.publicKey !== s.publicKey) Object.assign(e, { publicKey: s.publicKey, etag: '', nextRetryAt: 0 });
    return e;
  });
}

/** Whether entries differ in anything stored. @param {Entry[]} a @param {Entry[]} b */
export function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
