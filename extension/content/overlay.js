// @ts-check
// Draws the marks: one <abh-root> per page with an open shadow root; per
// compose box a clipped layer with `.abh-mark[data-rule][data-category]`
// elements placed from the client rects of live DOM Ranges. Follows scroll
// (capture), window resize and box resize. Never touches the editor's DOM.
import { CSS } from './styles.js';

/** @typedef {import('./engine.js').Finding} Finding */
/** @typedef {{finding: Finding, range: Range, el: HTMLElement, rects: DOMRect[]}} Item */

/** Creates (once) the <abh-root> host with its open shadow root. */
export function createRoot() {
  const host = document.createElement('abh-root');
  const shadow = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = CSS;
    shadow.appendChild(style);
  }
  // Fixed, zero-size host at the viewport origin: children use viewport coordinates.
  Object.assign(host.style, {
    position: 'fixed', top: '0', left: '0', width: '0', height: '0', overflow: 'visible',
    zIndex: '2147483646', pointerEvents: 'none', display: 'block',
  });
  document.documentElement.appendChild(host);
  return { host, shadow };
}

/** The part of el's box not clipped by scrolling ancestors or the viewport. @param {Element} el @param {Element[]} clips */
export function visibleRect(el, clips) {
  const r = el.getBoundingClientRect();
  let l = r.left, t = r.top, rt = r.right, b = r.bottom;
  for (const c of clips) {
    const cr = c.getBoundingClientRect();
    l = Math.max(l, cr.left); t = Math.max(t, cr.top); rt = Math.min(rt, cr.right); b = Math.min(b, cr.bottom);
  }
  l = Math.max(l, 0); t = Math.max(t, 0);
  rt = Math.min(rt, window.innerWidth); b = Math.min(b, window.innerHeight);
  return new DOMRect(l, t, Math.max(0, rt - l), Math.max(0, b - t));
}

/** Ancestors that clip their content (overflow other than visible). @param {Element} el */
export function clippingAncestors(el) {
  const out = [];
  for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
    const s = getComputedStyle(p);
    if (s.overflowX !== 'visible' || s.overflowY !== 'visible') out.push(p);
  }
  return out;
}

export class Layer {
  /** @param {ShadowRoot} shadow @param {HTMLElement} box */
  constructor(shadow, box) {
    this.box = box;
    this.el = document.createElement('div');
    this.el.className = 'abh-layer';
    shadow.appendChild(this.el);
    /** @type {Item[]} */
    this.items = [];
    this.clips = clippingAncestors(box);
    /** @type {DOMRect} */
    this.visible = new DOMRect();
    /** @type {HTMLElement[]} mark elements no longer needed, removed at the next write */
    this.spare = [];
    /** @type {WeakMap<HTMLElement, string>} the geometry the layer and each mark element show */
    this.drawn = new WeakMap();
  }

  /**
   * Replaces the marks.
   * @param {{finding: Finding, range: Range}[]} list
   */
  set(list) {
    const old = this.items;
    // New mark elements are created here but attached in position()'s writes.
    this.items = list.map((x, i) => ({ finding: x.finding, range: x.range, el: old[i]?.el || document.createElement('div'), rects: [] }));
    this.spare = old.slice(list.length).map((it) => it.el);
    this.position();
  }

  clear() { this.set([]); }

  refreshClips() { this.clips = clippingAncestors(this.box); }

  /**
   * Re-reads every geometry and moves the marks. All reads come first, then
   * all writes: a read after a write would make the browser lay the page out
   * again (once per mark).
   */
  position() {
    // ---- reads ----
    const v = visibleRect(this.box, this.clips);
    this.visible = v;
    /** @type {DOMRect[][]} the non-empty client rects of each item */
    const all = this.items.map((it) => {
      const rects = [];
      for (const r of it.range.getClientRects()) if (r.width > 0 && r.height > 0) rects.push(r);
      return rects;
    });
    // ---- writes ----
    for (const el of this.spare) el.remove();
    this.spare = [];
    const vkey = v.left + ',' + v.top + ',' + v.width + ',' + v.height;
    if (this.drawn.get(this.el) !== vkey) {
      this.drawn.set(this.el, vkey);
      const ls = this.el.style;
      ls.left = v.left + 'px'; ls.top = v.top + 'px'; ls.width = v.width + 'px'; ls.height = v.height + 'px';
    }
    this.items.forEach((it, i) => {
      const rects = all[i];
      it.rects = rects.filter((r) => r.right > v.left && r.left < v.right && r.bottom > v.top && r.top < v.bottom);
      const el = it.el, f = it.finding, d = el.dataset;
      if (el.parentNode !== this.el) this.el.appendChild(el);
      if (el.className !== 'abh-mark') el.className = 'abh-mark'; // drops abh-active: main.js puts it back
      // Unchanged attributes are left alone (no style invalidation).
      if (d.rule !== f.rule) d.rule = f.rule;
      if (d.category !== f.category) d.category = f.category;
      if (d.severity !== f.severity) d.severity = f.severity;
      if (d.index !== String(i)) d.index = String(i);
      // Geometry written last time for this element: the same rects need no
      // writes (typing moves only the marks after the caret).
      const key = rects.length ? v.left + ',' + v.top + rects.map((r) => '|' + r.left + ',' + r.top + ',' + r.width + ',' + r.height).join('') : '';
      if (this.drawn.get(el) === key) return;
      this.drawn.set(el, key);
      if (!rects.length) { el.style.display = 'none'; return; }
      el.style.display = '';
      let l = Infinity, t = Infinity, rt = -Infinity, b = -Infinity;
      for (const r of rects) { l = Math.min(l, r.left); t = Math.min(t, r.top); rt = Math.max(rt, r.right); b = Math.max(b, r.bottom); }
      Object.assign(el.style, { left: (l - v.left) + 'px', top: (t - v.top) + 'px', width: (rt - l) + 'px', height: (b - t) + 'px' });
      // One underline per line box, relative to the mark.
      while (el.childElementCount > rects.length) el.lastElementChild?.remove();
      while (el.childElementCount < rects.length) el.appendChild(document.createElement('div')).className = 'abh-mark-line';
      rects.forEach((r, k) => {
        const line = /** @type {HTMLElement} */ (el.children[k]);
        Object.assign(line.style, { left: (r.left - l) + 'px', top: (r.top - t) + 'px', width: r.width + 'px', height: r.height + 'px' });
      });
    });
  }

  /** The item under viewport point (x, y), if any. @param {number} x @param {number} y */
  hit(x, y) {
    for (const it of this.items) {
      for (const r of it.rects) {
        if (x >= r.left && x <= r.right && y >= r.top - 1 && y <= r.bottom + 2) return it;
      }
    }
    return null;
  }

  destroy() { this.el.remove(); this.items = []; this.spare = []; }
}
