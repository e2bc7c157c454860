// @ts-check
// One compose box: watches its DOM for changes, asks the engine (through the
// scheduler), and hands the answer to its layer of marks and its badge.
import { extract, rangeFor } from './extract.js';
import { scheduler } from './schedule.js';
import { Layer } from './overlay.js';
import { Badge } from './badge.js';

/** @typedef {import('./engine.js').Engine} Engine */
/** @typedef {import('./engine.js').Result} Result */
/** @typedef {import('./engine.js').Finding} Finding */
/** @typedef {import('../lib/settings.js').Settings} Settings */
/** @typedef {{engine: Engine, shadow: ShadowRoot, settings: () => Settings, active: () => boolean, rendered: (c: BoxController) => void}} Context */

let counter = 0;

export class BoxController {
  /** @param {Context} ctx @param {HTMLElement} box */
  constructor(ctx, box) {
    this.ctx = ctx;
    this.box = box;
    this.key = 'box' + ++counter;
    this.layer = new Layer(ctx.shadow, box);
    this.badge = new Badge(ctx.shadow);
    /** DOM version: bumped on every change inside the box. */
    this.version = 0;
    /** @type {Result | null} */
    this.result = null;
    /** @type {string | null} text + settings of the last analysis drawn */
    this.drawnFor = null;
    /** @type {number[] | null} */
    this.timing = null;
    this.sched = scheduler(() => this.analyse());
    this.mo = new MutationObserver(() => { this.version++; this.sched.poke(); });
    this.mo.observe(box, { childList: true, subtree: true, characterData: true });
    this.sched.poke();
  }

  /** Analyse again even if the text did not change (settings changed). */
  refresh() { this.drawnFor = null; this.sched.poke(); }

  async analyse() {
    if (!this.ctx.active()) { this.clear(); return; }
    const version = this.version;
    const t0 = performance.now();
    const ex = extract(this.box);
    const settings = this.ctx.settings();
    const sig = JSON.stringify(settings) + '\u0000' + ex.text;
    if (sig === this.drawnFor) { this.layer.position(); this.ctx.rendered(this); return; }
    const t1 = performance.now();
    const res = await this.ctx.engine.analyze(this.key, ex.text, settings);
    const t2 = performance.now();
    if (!res) return; // superseded by a newer request
    // The draft changed while the engine worked: the next run draws.
    if (version !== this.version || !this.box.isConnected) return;
    if (!this.ctx.active()) { this.clear(); return; }
    this.result = res;
    this.drawnFor = sig;
    const s = settings;
    /** @type {{finding: Finding, range: Range}[]} */
    const list = [];
    for (const f of res.findings || []) {
      if (f.category === 'metric') continue; // goes to the badge's reasons
      if (s.disabledCategories.includes(f.category) || s.disabledRules.includes(f.rule)) continue;
      const range = rangeFor(ex, f.start, f.end);
      if (range) list.push({ finding: f, range });
    }
    this.layer.set(list);
    this.badge.set(res.score, res.reasons || []);
    this.badge.place(this.layer.visible);
    /** timings of the last run, ms: extract, engine round trip, draw, engine
     * alone, then the round trip's hops: to the frame, in it, back */
    this.timing = [t1 - t0, t2 - t1, performance.now() - t2, this.ctx.engine.lastTook, ...this.ctx.engine.lastHops];
    this.ctx.rendered(this);
  }

  /** Counts of drawn marks per category. @returns {Record<string, number>} */
  counts() {
    /** @type {Record<string, number>} */
    const c = {};
    for (const it of this.layer.items) c[it.finding.category] = (c[it.finding.category] || 0) + 1;
    return c;
  }

  position() {
    this.layer.position();
    this.badge.place(this.layer.visible);
  }

  clear() {
    this.layer.clear();
    this.badge.hide();
    this.result = null;
    this.drawnFor = null;
    this.ctx.rendered(this);
  }

  destroy() {
    this.sched.stop();
    this.mo.disconnect();
    this.ctx.engine.forget(this.key);
    this.layer.destroy();
    this.badge.destroy();
  }
}
