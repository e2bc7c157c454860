// @ts-check
// Settings shared by the content script, popup, options page and background:
// one object in chrome.storage.sync under "abh:settings" (absent = defaults).

/** @typedef {{disabledSites: string[], disabledCategories: string[], disabledRules: string[], ignored: string[], snoozeUntil: number}} Settings */

export const KEY = 'abh:settings';

/** The categories the engine reports (metric goes to the score badge only). */
export const CATEGORIES = Object.freeze([
  'closing-pressure', 'manipulation', 'empty-activity', 'forced-process', 'self-centred', 'scripted',
]);

/** @returns {Settings} */
export function defaults() {
  return { disabledSites: [], disabledCategories: [], disabledRules: [], ignored: [], snoozeUntil: 0 };
}

/**
 * Fills in missing or malformed fields so callers can rely on the shape.
 * @param {any} raw
 * @returns {Settings}
 */
export function normalize(raw) {
  const d = defaults();
  if (!raw || typeof raw !== 'object') return d;
  /** @param {any} v */
  const list = (v) => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);
  return {
    disabledSites: list(raw.disabledSites),
    disabledCategories: list(raw.disabledCategories),
    disabledRules: list(raw.disabledRules),
    ignored: list(raw.ignored),
    snoozeUntil: typeof raw.snoozeUntil === 'number' && isFinite(raw.snoozeUntil) ? raw.snoozeUntil : d.snoozeUntil,
  };
}

/** @returns {Promise<Settings>} */
export async function load() {
  const got = await chrome.storage.sync.get(KEY);
  return normalize(got[KEY]);
}

/** @param {Settings} s */
export async function save(s) {
  await chrome.storage.sync.set({ [KEY]: normalize(s) });
}

/**
 * Read-modify-write.
 * @param {(s: Settings) => void | Settings} fn mutates s in place or returns a new one
 * @returns {Promise<Settings>}
 */
export async function update(fn) {
  const s = await load();
  const out = fn(s) || s;
  await save(out);
  return normalize(out);
}

/**
 * Calls fn with the new settings whenever they change (in any tab or page).
 * @param {(s: Settings) => void} fn
 * @returns {() => void} unsubscribe
 */
export function onChange(fn) {
  /** @type {(changes: Record<string, chrome.storage.StorageChange>, area: string) => void} */
  const listener = (changes, area) => {
    if (area === 'sync' && KEY in changes) fn(normalize(changes[KEY].newValue));
  };
  chrome.storage.onChanged.addListener(listener);
  return () => chrome.storage.onChanged.removeListener(listener);
}

/**
 * Whether suggestions should be shown on host at time now. Sites the
 * organisation's policy keeps on (alwaysOn) ignore the site switch and snooze.
 * @param {Settings} s
 * @param {string} host
 * @param {number} [now]
 * @param {string[]} [alwaysOn]
 */
export function activeOn(s, host, now = Date.now(), alwaysOn = []) {
  if (alwaysOn.includes(host)) return true;
  return !s.disabledSites.includes(host) && !(s.snoozeUntil > now);
}

/**
 * Host names the organisation's policy keeps on (chrome.storage.managed
 * "alwaysOnSites", see extension/managed_schema.json); [] without a policy.
 * @returns {Promise<string[]>}
 */
export async function alwaysOnSites() {
  try {
    const got = await chrome.storage.managed.get('alwaysOnSites');
    const v = got && got.alwaysOnSites;
    return Array.isArray(v) ? v.filter((s) => typeof s === 'string') : [];
  } catch {
    return []; // no managed storage here
  }
}

/** Adds v to the list if absent (returns the same array). @param {string[]} list @param {string} v */
export function addTo(list, v) {
  if (!list.includes(v)) list.push(v);
  return list;
}

/** Removes v from the list. @param {string[]} list @param {string} v */
export function removeFrom(list, v) {
  const i = list.indexOf(v);
  if (i >= 0) list.splice(i, 1);
  return list;
}
