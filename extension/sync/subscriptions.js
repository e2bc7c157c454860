// @ts-check
// Which team packs this browser follows: the person's own subscriptions
// (chrome.storage.local["abh:subscriptions"]) and the organisation's policy
// (chrome.storage.managed: packUrl, publicKey; see extension/managed_schema.json).
// Policy subscriptions come first, then the person's own, in the order they
// were added: that order is the order the packs are loaded in.

/** @typedef {{url: string, publicKey: string, source: 'user' | 'policy'}} Subscription */

export const SUBSCRIPTIONS_KEY = 'abh:subscriptions';

/**
 * A subscription as stored, or null when it is unusable.
 * @param {any} raw @param {'user' | 'policy'} source
 * @returns {Subscription | null}
 */
export function normalizeSubscription(raw, source) {
  if (!raw || typeof raw !== 'object' || typeof raw.url !== 'string') return null;
  const url = raw.url.trim();
  if (!isPackURL(url)) return null;
  const publicKey = typeof raw.publicKey === 'string' ? raw.publicKey.trim() : '';
  return { url, publicKey, source };
}

/**
 * Whether url may be fetched: https anywhere, plain http only on this machine.
 * (The options page checks what people type with the same rule, in Go.)
 * @param {string} url
 */
export function isPackURL(url) {
  let u;
  try { u = new URL(url); } catch { return false; }
  if (u.username || u.password) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '[::1]' || u.hostname.startsWith('127.'));
}

/** @returns {Promise<Subscription[]>} the person's own subscriptions */
export async function userSubscriptions() {
  const got = await chrome.storage.local.get(SUBSCRIPTIONS_KEY);
  const list = Array.isArray(got[SUBSCRIPTIONS_KEY]) ? got[SUBSCRIPTIONS_KEY] : [];
  return list.map((s) => normalizeSubscription(s, 'user')).filter((s) => s !== null);
}

/** @returns {Promise<{packUrl?: string, publicKey?: string, alwaysOnSites?: string[]}>} */
export async function policy() {
  try {
    // Rejects (or is missing) where no managed storage exists.
    return (await chrome.storage.managed.get(null)) || {};
  } catch {
    return {};
  }
}

/** @returns {Promise<Subscription[]>} the organisation's subscriptions */
export async function policySubscriptions() {
  const p = await policy();
  const s = normalizeSubscription({ url: p.packUrl, publicKey: p.publicKey }, 'policy');
  return s ? [s] : [];
}

/** @returns {Promise<Subscription[]>} policy first, then the person's own; one per URL */
export async function effectiveSubscriptions() {
  const [pol, user] = await Promise.all([policySubscriptions(), userSubscriptions()]);
  /** @type {Subscription[]} */
  const out = [];
  for (const s of [...pol, ...user]) {
    if (!out.some((o) => o.url === s.url)) out.push(s);
  }
  return out;
}
