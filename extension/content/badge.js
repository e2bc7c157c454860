// @ts-check
// The score badge `.abh-score` at the bottom-right of a compose box; a click
// shows the reasons (including the message-level metric signals, which are
// never drawn as marks).

/** @typedef {import('./engine.js').Reason} Reason */

/** The badge's height in px (.abh-score in styles.js). */
const BADGE_HEIGHT = 22;

export class Badge {
  /** @param {ShadowRoot} shadow */
  constructor(shadow) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'abh-score';
    b.hidden = true;
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => this.toggle());
    const panel = document.createElement('div');
    panel.className = 'abh-reasons';
    panel.hidden = true;
    panel.addEventListener('mousedown', (e) => e.preventDefault());
    shadow.append(b, panel);
    this.el = b;
    this.panel = panel;
    /** @type {Reason[]} */
    this.reasons = [];
    this.score = 100;
  }

  /** @param {number} score @param {Reason[]} reasons */
  set(score, reasons) {
    this.score = score;
    this.reasons = reasons || [];
    this.el.textContent = String(score);
    this.el.dataset.level = score >= 80 ? 'high' : score >= 50 ? 'mid' : 'low';
    this.el.title = `Helpfulness score ${score}/100 — click for the reasons`;
    this.el.setAttribute('aria-label', this.el.title);
    this.el.hidden = false;
    if (!this.panel.hidden) this._render();
  }

  /**
   * Puts the badge 6 px inside the bottom-right corner of the box. The
   * stylesheet shifts it by its own size (translate(-100%, -100%)), so this
   * reads no layout: reading the badge's size after the marks were moved
   * would make the browser lay the page out once more on every analysis.
   * @param {DOMRect} v visible rect of the box
   */
  place(v) {
    if (this.el.hidden) return;
    const show = v.width > 40 && v.height > 20;
    this.el.style.visibility = show ? '' : 'hidden';
    this.el.style.left = (v.right - 6) + 'px';
    this.el.style.top = (v.bottom - 6) + 'px';
    if (!this.panel.hidden) {
      const h = BADGE_HEIGHT;
      const ph = this.panel.offsetHeight, pw = this.panel.offsetWidth;
      let top = v.bottom - h - 10 - ph;
      if (top < 4) top = v.bottom + 4;
      this.panel.style.top = top + 'px';
      this.panel.style.left = Math.max(4, v.right - pw - 6) + 'px';
    }
  }

  toggle() {
    this.panel.hidden = !this.panel.hidden;
    if (!this.panel.hidden) this._render();
  }

  _render() {
    const p = this.panel;
    p.replaceChildren();
    const head = document.createElement('div');
    head.textContent = `Score ${this.score}/100`;
    head.style.fontWeight = '600';
    p.appendChild(head);
    const ul = document.createElement('ul');
    if (!this.reasons.length) {
      const li = document.createElement('li');
      li.textContent = 'Nothing pushy found.';
      ul.appendChild(li);
    }
    for (const r of this.reasons) {
      const li = document.createElement('li');
      const d = document.createElement('span');
      d.className = 'abh-delta';
      d.textContent = (r.delta > 0 ? '+' : '') + r.delta + ' ';
      li.append(d, r.text);
      li.dataset.category = r.category;
      ul.appendChild(li);
    }
    p.appendChild(ul);
  }

  hide() { this.el.hidden = true; this.panel.hidden = true; }

  destroy() { this.el.remove(); this.panel.remove(); }
}
