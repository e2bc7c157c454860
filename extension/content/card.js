// @ts-check
// The suggestion card `.abh-card`: what the phrase does, why it hurts, the
// rewrites, and buttons [data-action=apply|ignore|disable-rule]. Rendered in
// the <abh-root> shadow root; clicking it never takes focus from the editor.

/** @typedef {import('./engine.js').Finding} Finding */
/** @typedef {{apply: (suggestion: string) => void, ignore: () => void, disableRule: () => void}} Actions */

const LABELS = /** @type {Record<string, string>} */ ({
  'closing-pressure': 'Closing pressure', manipulation: 'Manipulation', 'empty-activity': 'Empty activity',
  'forced-process': 'Forced process', 'self-centred': 'Self-centred', scripted: 'Scripted',
});

export class Card {
  /** @param {ShadowRoot} shadow */
  constructor(shadow) {
    const el = document.createElement('div');
    el.className = 'abh-card';
    el.setAttribute('role', 'dialog');
    el.setAttribute('aria-label', 'Always Be Helping suggestion');
    el.hidden = true;
    // Keep the caret (and the selection apply needs) in the editor.
    el.addEventListener('mousedown', (e) => e.preventDefault());
    el.addEventListener('click', (e) => this._click(e));
    shadow.appendChild(el);
    this.el = el;
    /** @type {Actions | null} */
    this.actions = null;
    /** @type {Finding | null} */
    this.finding = null;
  }

  get open() { return !this.el.hidden; }

  /**
   * @param {Finding} f
   * @param {DOMRect} anchor viewport rect of the mark
   * @param {Actions} actions
   */
  show(f, anchor, actions) {
    this.finding = f;
    this.actions = actions;
    const el = this.el;
    el.replaceChildren();
    const add = (/** @type {string} */ tag, /** @type {string} */ cls, /** @type {string} */ text) => {
      const n = document.createElement(tag);
      if (cls) n.className = cls;
      n.textContent = text;
      el.appendChild(n);
      return n;
    };
    add('div', 'abh-cat', LABELS[f.category] || f.category);
    add('div', 'abh-msg', f.message);
    add('div', 'abh-match', `“${f.match}”`);
    add('div', 'abh-why', f.why);
    if (f.suggestions?.length) {
      const box = add('div', 'abh-suggestions', '');
      f.suggestions.forEach((s, i) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.action = 'apply';
        b.dataset.index = String(i);
        // An empty suggestion removes the phrase: say so instead of showing
        // an empty button.
        b.textContent = s === '' ? 'Remove this phrase' : s;
        b.title = s === '' ? 'Delete the underlined text' : 'Replace with this';
        box.appendChild(b);
      });
    }
    const row = add('div', 'abh-row', '');
    for (const [action, label] of [['ignore', 'Ignore'], ['disable-rule', 'Turn this rule off']]) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.action = action;
      b.textContent = label;
      row.appendChild(b);
    }
    add('div', 'abh-hint', 'Alt+Shift+J / H: next / previous · Esc: close');
    el.hidden = false;
    this.place(anchor);
  }

  /** @param {DOMRect} a */
  place(a) {
    const el = this.el;
    const h = el.offsetHeight, w = el.offsetWidth;
    // clientWidth/Height leave out the page's scroll bars, which
    // innerWidth/Height include (a card placed by those is clipped).
    const vw = document.documentElement.clientWidth || window.innerWidth;
    const vh = document.documentElement.clientHeight || window.innerHeight;
    let top = a.bottom + 6;
    if (top + h > vh - 4 && a.top - h - 6 >= 4) top = a.top - h - 6;
    const left = Math.max(4, Math.min(a.left, vw - w - 8));
    el.style.top = top + 'px';
    el.style.left = left + 'px';
  }

  hide() {
    this.el.hidden = true;
    this.finding = null;
    this.actions = null;
  }

  /** @param {MouseEvent} e */
  _click(e) {
    const t = /** @type {HTMLElement | null} */ (e.target instanceof Element ? e.target.closest('[data-action]') : null);
    if (!t || !this.actions || !this.finding) return;
    const a = this.actions, f = this.finding;
    switch (t.dataset.action) {
      case 'apply': a.apply(f.suggestions[Number(t.dataset.index) || 0]); break;
      case 'ignore': a.ignore(); break;
      case 'disable-rule': a.disableRule(); break;
    }
  }
}
