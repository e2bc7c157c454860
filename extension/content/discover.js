// @ts-check
// Finds compose boxes as they appear and disappear, with a MutationObserver
// (no polling): Gmail's new message, inline reply and pop-out (several at
// once), LinkedIn's messaging box, post composer and InMail.

/** @type {Record<string, string>} */
export const SELECTORS = {
  'mail.google.com': [
    'div[contenteditable="true"][role="textbox"]',
    'div.editable[contenteditable="true"][g_editable="true"]',
  ].join(','),
  'www.linkedin.com': [
    '.msg-form__contenteditable[contenteditable="true"]',
    '.ql-editor[contenteditable="true"]',
    '[contenteditable="true"][role="textbox"][aria-multiline="true"]',
  ].join(','),
};

/**
 * Watches root for compose boxes.
 * @param {string} host location.hostname
 * @param {{added: (el: HTMLElement) => void, removed: (el: HTMLElement) => void}} cb
 * @param {ParentNode & Node} [root]
 * @returns {{boxes: Set<HTMLElement>, stop: () => void}}
 */
export function discover(host, cb, root = document) {
  const selector = SELECTORS[host] || SELECTORS['mail.google.com'];
  /** @type {Set<HTMLElement>} */
  const boxes = new Set();
  let queued = false;
  /** @type {Set<Node>} */
  const toScan = new Set();
  let checkRemoved = false;

  /** @param {HTMLElement} el */
  const consider = (el) => {
    if (boxes.has(el) || !el.isConnected) return;
    // A box nested in another box (rare) is handled by the outer one.
    for (const b of boxes) if (b.contains(el)) return;
    boxes.add(el);
    cb.added(el);
  };
  const flush = () => {
    queued = false;
    if (checkRemoved) {
      checkRemoved = false;
      for (const b of [...boxes]) {
        if (!b.isConnected || !b.matches(selector)) { boxes.delete(b); cb.removed(b); }
      }
    }
    for (const n of toScan) {
      if (!n.isConnected || n.nodeType !== 1) continue;
      const el = /** @type {HTMLElement} */ (n);
      if (el.matches(selector)) consider(el);
      for (const c of el.querySelectorAll(selector)) consider(/** @type {HTMLElement} */ (c));
    }
    toScan.clear();
  };
  const queue = () => { if (!queued) { queued = true; queueMicrotask(flush); } };

  const insideBox = (/** @type {Node} */ n) => { for (const b of boxes) if (b.contains(n)) return true; return false; };

  const mo = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') {
        toScan.add(r.target);
        if (boxes.has(/** @type {HTMLElement} */ (r.target))) checkRemoved = true;
        continue;
      }
      // Typing inside a box mutates it all the time: nothing to find there.
      if (insideBox(r.target)) continue;
      if (r.removedNodes.length && boxes.size) checkRemoved = true;
      for (const n of r.addedNodes) if (n.nodeType === 1) toScan.add(n);
    }
    if (toScan.size || checkRemoved) queue();
  });
  mo.observe(root, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['contenteditable', 'role'],
  });
  toScan.add(root instanceof Document ? root.documentElement : /** @type {Node} */ (root));
  flush();
  return { boxes, stop: () => { mo.disconnect(); } };
}
