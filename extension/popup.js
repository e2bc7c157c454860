// @ts-check
// The toolbar popup: on/off for the current site, per-category switches,
// snooze for an hour, and counts for the current page (asked from the tab's
// content script, which also tells us the hostname — no "tabs" permission).
// `?host=NAME` (used by tests, where the popup is opened as a page) picks the
// site by name and gathers counts from every tab on that site.
import * as store from './lib/settings.js';

const LABELS = /** @type {Record<string, string>} */ ({
  'closing-pressure': 'Closing pressure', manipulation: 'Manipulation', 'empty-activity': 'Empty activity',
  'forced-process': 'Forced process', 'self-centred': 'Self-centred', scripted: 'Scripted',
});
const SUPPORTED = ['mail.google.com', 'www.linkedin.com'];
const HOUR = 60 * 60 * 1000;

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const siteBox = /** @type {HTMLInputElement} */ ($('site'));
let settings = store.defaults();
/** @type {string[]} sites the organisation's policy keeps on */
let alwaysOn = [];
/** @type {string} */
let host = new URLSearchParams(location.search).get('host') || '';
const hostFromQuery = !!host;

/** @typedef {{host: string, active: boolean, boxes: number, counts: Record<string, number>, total: number}} Counts */

/** @param {number} tabId @returns {Promise<Counts | null>} */
async function ask(tabId) {
  try {
    return await chrome.tabs.sendMessage(tabId, { type: 'abh-counts' });
  } catch {
    return null; // no content script in that tab
  }
}

/** @returns {Promise<Counts[]>} */
async function gatherCounts() {
  if (hostFromQuery) {
    const tabs = await chrome.tabs.query({});
    const all = await Promise.all(tabs.map((t) => (t.id == null ? null : ask(t.id))));
    return /** @type {Counts[]} */ (all.filter((a) => a && a.host === host));
  }
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  if (!tab || tab.id == null) return [];
  const a = await ask(tab.id);
  if (a) host = a.host;
  return a ? [a] : [];
}

function renderSettings() {
  const known = SUPPORTED.includes(host);
  $('host').textContent = known ? host : 'Works in Gmail and LinkedIn compose boxes.';
  $('site-name').textContent = host || 'this site';
  const locked = known && alwaysOn.includes(host);
  siteBox.disabled = !known || locked;
  siteBox.checked = known && (locked || !settings.disabledSites.includes(host));
  siteBox.title = locked ? 'Your organisation keeps suggestions on for this site.' : '';
  const cats = $('categories');
  if (!cats.childElementCount) {
    for (const c of store.CATEGORIES) {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.dataset.category = c;
      box.addEventListener('change', () => {
        store.update((s) => { box.checked ? store.removeFrom(s.disabledCategories, c) : store.addTo(s.disabledCategories, c); });
      });
      label.append(box, LABELS[c] || c);
      cats.appendChild(label);
    }
  }
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (cats.querySelectorAll('input'))) {
    box.checked = !settings.disabledCategories.includes(box.dataset.category || '');
  }
  const snoozed = settings.snoozeUntil > Date.now();
  $('snooze').textContent = snoozed ? 'Resume now' : 'Snooze for 1 hour';
  $('snooze').dataset.action = snoozed ? 'resume' : 'snooze';
  $('snooze-state').textContent = snoozed
    ? 'Snoozed until ' + new Date(settings.snoozeUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
      + (locked ? ' (elsewhere: your organisation keeps suggestions on here)' : '')
    : '';
}

/** @param {Counts[]} list */
function renderCounts(list) {
  const el = $('counts');
  el.replaceChildren();
  const boxes = list.reduce((n, a) => n + a.boxes, 0);
  if (!list.length || !boxes) { el.textContent = 'No compose box open.'; return; }
  /** @type {Record<string, number>} */
  const sum = {};
  let total = 0;
  for (const a of list) for (const [k, v] of Object.entries(a.counts)) { sum[k] = (sum[k] || 0) + v; total += v; }
  el.dataset.total = String(total);
  if (!total) { el.textContent = list.some((a) => !a.active) ? 'Off or snoozed here.' : 'Nothing pushy found.'; return; }
  const ul = document.createElement('ul');
  for (const [k, v] of Object.entries(sum)) {
    const li = document.createElement('li');
    li.dataset.category = k;
    li.textContent = `${LABELS[k] || k}: ${v}`;
    ul.appendChild(li);
  }
  el.appendChild(ul);
}

siteBox.addEventListener('change', () => {
  if (!host) return;
  const on = siteBox.checked;
  store.update((s) => { on ? store.removeFrom(s.disabledSites, host) : store.addTo(s.disabledSites, host); });
});
$('snooze').addEventListener('click', () => {
  const resume = $('snooze').dataset.action === 'resume';
  store.update((s) => { s.snoozeUntil = resume ? 0 : Date.now() + HOUR; });
});
$('options').addEventListener('click', (e) => { e.preventDefault(); chrome.runtime.openOptionsPage(); });

store.onChange((s) => {
  settings = s;
  renderSettings();
  // The tabs redraw after the change; ask again a moment later.
  setTimeout(() => gatherCounts().then(renderCounts), 150);
});

// Render the stored settings at once, then fill in the host and counts.
store.load().then((s) => { settings = s; renderSettings(); });
store.alwaysOnSites().then((l) => { alwaysOn = l; if (l.length) renderSettings(); });
Promise.all([store.load(), gatherCounts()]).then(([s, counts]) => {
  settings = s;
  renderSettings();
  renderCounts(counts);
  document.body.dataset.ready = '1';
});
