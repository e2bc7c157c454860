// @ts-check
// Content script entry (loaded by extension/content-loader.js): wires the
// settings, the engine frame, compose-box discovery, the overlay, the card,
// apply, and the popup's "counts for this page" question.
import * as settingsStore from '../lib/settings.js';
import { Engine } from './engine.js';
import { createRoot } from './overlay.js';
import { discover } from './discover.js';
import { BoxController } from './controller.js';
import { Card } from './card.js';
import { applySuggestion } from './apply.js';

const startedAt = performance.now();
const host = location.hostname;
let settings = settingsStore.defaults();
const alwaysOnP = settingsStore.alwaysOnSites();
try { settings = await settingsStore.load(); } catch (err) { console.error('Always Be Helping: settings', err); }
/** sites the organisation's policy keeps on */
const alwaysOn = await alwaysOnP;
let snoozeTimer = 0;

const { host: rootEl, shadow } = createRoot();
rootEl.dataset.abhStarted = startedAt.toFixed(1);
// content-loader.js's start: the content script's real start, before this
// module and its imports loaded.
rootEl.dataset.abhLoaderStarted = (/** @type {any} */ (globalThis).abhLoaderStart ?? startedAt).toFixed(1);
const engine = new Engine(shadow);
engine.ready.then(() => {
  rootEl.dataset.abhReady = engine.readyAt.toFixed(1);
  // The frame's start-up, for the benchmark: name=ms after this page's navigation.
  rootEl.dataset.abhStartup = Object.entries(engine.startup).map(([k, v]) => k + '=' + v.toFixed(1)).join(',');
});
const card = new Card(shadow);

/** @type {Map<HTMLElement, BoxController>} */
const controllers = new Map();
let renders = 0;
/** @type {{c: BoxController, i: number} | null} the mark the card shows */
let current = null;

const active = () => settingsStore.activeOn(settings, host, Date.now(), alwaysOn);

/** @type {import('./controller.js').Context} */
const ctx = {
  engine, shadow,
  settings: () => settings,
  active,
  rendered: (c) => {
    // Debug hook for tests and the latency benchmark: a counter and a time,
    // never any text.
    rootEl.dataset.abhSeq = String(++renders);
    rootEl.dataset.abhRenderedAt = performance.now().toFixed(2);
    if (c.timing) rootEl.dataset.abhTiming = c.timing.map((t) => t.toFixed(2)).join(',');
    // Whether the engine frame answers over its extension port (see
    // lib/answer-channel.js) or only over the MessageChannel.
    rootEl.dataset.abhAnswers = engine.answers.open() ? 'port' : 'channel';
    // Keep the card on its finding if a re-analysis still has it, else close it.
    if (current && card.open && current.c === c) {
      const f = card.finding;
      const i = f ? c.layer.items.findIndex((it) => it.finding.rule === f.rule && it.finding.match === f.match &&
        Math.abs(it.finding.start - f.start) <= 64) : -1;
      if (i < 0) closeCard();
      else { current.i = i; c.layer.items[i].el.classList.add('abh-active'); }
    }
  },
};

// ---- geometry: scroll (any scroller, capture), resize, box size ----
let frameQueued = false;
const reposition = () => {
  if (frameQueued) return;
  frameQueued = true;
  requestAnimationFrame(() => {
    frameQueued = false;
    for (const c of controllers.values()) c.position();
    if (current && card.open) {
      const r = anchorOf(current.c, current.i);
      if (r) card.place(r); else closeCard();
    }
  });
};
const resizeObs = new ResizeObserver((entries) => {
  for (const e of entries) controllers.get(/** @type {HTMLElement} */ (e.target))?.layer.refreshClips();
  reposition();
});
window.addEventListener('scroll', reposition, { capture: true, passive: true });
window.addEventListener('resize', reposition, { passive: true });

// ---- compose boxes ----
const watcher = discover(host, {
  added: (el) => {
    const c = new BoxController(ctx, el);
    controllers.set(el, c);
    resizeObs.observe(el);
  },
  removed: (el) => {
    const c = controllers.get(el);
    if (!c) return;
    if (current?.c === c) closeCard();
    c.destroy();
    controllers.delete(el);
    resizeObs.unobserve(el);
  },
});
void watcher;

// ---- card ----
/** @param {BoxController} c @param {number} i */
function anchorOf(c, i) {
  const it = c.layer.items[i];
  const r = it?.rects[0] || it?.range.getClientRects()[0];
  return r || null;
}

function closeCard() {
  if (current) current.c.layer.items[current.i]?.el.classList.remove('abh-active');
  current = null;
  card.hide();
}

/** @param {BoxController} c @param {number} i */
function openCard(c, i) {
  const it = c.layer.items[i];
  const anchor = anchorOf(c, i);
  if (!it || !anchor) return;
  if (current) current.c.layer.items[current.i]?.el.classList.remove('abh-active');
  current = { c, i };
  it.el.classList.add('abh-active');
  const f = it.finding;
  card.show(f, anchor, {
    apply: (s) => {
      closeCard();
      if (!applySuggestion(c.box, f, s)) c.refresh();
    },
    ignore: () => {
      closeCard();
      settingsStore.update((st) => { settingsStore.addTo(st.ignored, f.match.toLowerCase()); });
    },
    disableRule: () => {
      closeCard();
      settingsStore.update((st) => { settingsStore.addTo(st.disabledRules, f.rule); });
    },
  });
}

/** @param {number} x @param {number} y */
function hitAt(x, y) {
  for (const c of controllers.values()) {
    const it = c.layer.hit(x, y);
    if (it) return { c, i: c.layer.items.indexOf(it) };
  }
  return null;
}

document.addEventListener('click', (e) => {
  if (e.composedPath().includes(card.el)) return;
  const h = hitAt(e.clientX, e.clientY);
  if (h) openCard(h.c, h.i); else if (card.open) closeCard();
}, true);

let hoverTimer = 0;
let lastMove = { x: 0, y: 0 };
document.addEventListener('mousemove', (e) => {
  lastMove = { x: e.clientX, y: e.clientY };
  if (hoverTimer) return;
  hoverTimer = /** @type {any} */ (setTimeout(() => {
    hoverTimer = 0;
    const h = hitAt(lastMove.x, lastMove.y);
    if (h && !(current && current.c === h.c && current.i === h.i)) openCard(h.c, h.i);
  }, 350));
}, { passive: true, capture: true });

// Alt+Shift+J / H: next / previous mark in the focused box; Alt+Shift+A
// applies the card's first rewrite; Esc closes the card.
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && card.open) { closeCard(); e.stopPropagation(); return; }
  if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
  if (e.code !== 'KeyJ' && e.code !== 'KeyH' && e.code !== 'KeyA') return;
  if (e.code === 'KeyA') {
    if (!current || !card.open) return;
    const f = card.finding;
    if (f?.suggestions?.length) { e.preventDefault(); e.stopPropagation(); card.actions?.apply(f.suggestions[0]); }
    return;
  }
  const focused = [...controllers.values()].find((c) => c.box.contains(document.activeElement));
  const c = focused || current?.c || controllers.values().next().value;
  if (!c || !c.layer.items.length) return;
  e.preventDefault();
  e.stopPropagation();
  const n = c.layer.items.length;
  const from = current?.c === c ? current.i : -1;
  const i = e.code === 'KeyJ' ? (from + 1) % n : (from <= 0 ? n - 1 : from - 1);
  c.layer.items[i].range.startContainer.parentElement?.scrollIntoView({ block: 'nearest' });
  openCard(c, i);
}, true);

// ---- settings ----
function applySettings() {
  if (snoozeTimer) clearTimeout(snoozeTimer);
  const wait = settings.snoozeUntil - Date.now();
  if (wait > 0) snoozeTimer = /** @type {any} */ (setTimeout(applySettings, Math.min(wait + 50, 2 ** 31 - 1)));
  if (!active()) closeCard();
  for (const c of controllers.values()) c.refresh();
}
applySettings();
settingsStore.onChange((s) => { settings = s; applySettings(); });

// ---- the popup asks for this page's counts ----
chrome.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
  if (!msg || msg.type !== 'abh-counts') return;
  /** @type {Record<string, number>} */
  const counts = {};
  let total = 0;
  for (const c of controllers.values()) {
    for (const [k, v] of Object.entries(c.counts())) { counts[k] = (counts[k] || 0) + v; total += v; }
  }
  sendResponse({ host, active: active(), boxes: controllers.size, counts, total });
});
