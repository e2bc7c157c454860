// @ts-check
// Applies a rewrite through the editor's own input path: select exactly the
// span (via a fresh offset map), then execCommand('insertText'), so the
// editor's undo stack (Ctrl+Z) and the page's input listeners (Gmail's draft
// autosave, LinkedIn's Quill/React state) see an ordinary edit. A finding
// whose span no longer holds the expected text is never applied blindly.
import { extract, rangeFor } from './extract.js';

/** @typedef {import('./engine.js').Finding} Finding */

/**
 * Where the finding's match is now: its own offsets if they still hold it,
 * else the nearest occurrence of the same text (the draft moved under it),
 * else null.
 * @param {string} text @param {Finding} f
 * @returns {[number, number] | null}
 */
export function locate(text, f) {
  if (text.slice(f.start, f.end) === f.match) return [f.start, f.end];
  if (!f.match) return null;
  let best = -1;
  for (let i = text.indexOf(f.match); i >= 0; i = text.indexOf(f.match, i + 1)) {
    if (best < 0 || Math.abs(i - f.start) < Math.abs(best - f.start)) best = i;
  }
  return best < 0 ? null : [best, best + f.match.length];
}

/**
 * @param {HTMLElement} box the contenteditable
 * @param {Finding} f
 * @param {string} suggestion
 * @returns {boolean} whether the draft was changed
 */
export function applySuggestion(box, f, suggestion) {
  const ex = extract(box);
  const at = locate(ex.text, f);
  if (!at) return false;
  const range = rangeFor(ex, at[0], at[1]);
  if (!range) return false;
  // The live DOM must hold exactly the match (no hidden nodes in between).
  if (range.toString().replace(/\u00a0/g, ' ') !== f.match.replace(/\u00a0/g, ' ')) return false;
  if (document.activeElement !== box && !box.contains(document.activeElement)) box.focus({ preventScroll: true });
  const sel = window.getSelection();
  if (!sel) return false;
  sel.removeAllRanges();
  sel.addRange(range);
  // Deprecated but still the only way to make an edit the browser's undo
  // stack and the page's beforeinput/input listeners treat as typing.
  const ok = document.execCommand('insertText', false, suggestion);
  return ok;
}
