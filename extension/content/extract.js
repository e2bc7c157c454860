// @ts-check
// Extracts the text the person wrote in a compose box, with a map from text
// offsets (UTF-16 code units, as JS strings and the engine's results use)
// back to DOM Text nodes. Quoted replies and signatures are left out, <br>
// and block elements become "\n". Nothing here writes to the DOM.

/** Subtrees that are not the person's own words. */
export const EXCLUDE = [
  '.gmail_quote', '.gmail_quote_container', '.gmail_attr', 'blockquote',
  '.gmail_signature', '.gmail_signature_prefix', '[data-smartmail="gmail_signature"]',
  '.msg-form__quoted-content', '.msg-s-message-quote', '.msg-form__signature',
  '[contenteditable="false"]', '.abh-ignore',
].join(',');

const BLOCK = new Set([
  'DIV', 'P', 'LI', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'TABLE', 'TR', 'SECTION', 'ARTICLE',
]);

/** @typedef {{start: number, end: number, node: Text}} Segment a Text node's place in the text */
/** @typedef {{text: string, segments: Segment[]}} Extract */

/**
 * @param {Element} root the contenteditable
 * @returns {Extract}
 */
export function extract(root) {
  /** @type {string[]} */
  const parts = [];
  let len = 0;
  let last = ''; // last character emitted
  /** @type {Segment[]} */
  const segments = [];
  /** @param {string} s */
  const emit = (s) => { parts.push(s); len += s.length; last = s[s.length - 1]; };
  const newline = () => { if (len > 0 && last !== '\n') emit('\n'); };

  /** @param {Node} node */
  const visit = (node) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        const t = /** @type {Text} */ (c);
        const data = t.data;
        if (!data) continue;
        // Same length, so offsets stay valid: no-break spaces (which editors
        // insert for runs of spaces) and source line breaks read as spaces.
        const clean = data.replace(/[\u00a0\n\r\t]/g, ' ');
        segments.push({ start: len, end: len + data.length, node: t });
        emit(clean);
      } else if (c.nodeType === 1) {
        const el = /** @type {Element} */ (c);
        if (el.matches(EXCLUDE)) continue;
        const tag = el.tagName;
        if (tag === 'BR') { emit('\n'); continue; }
        if (tag === 'IMG') { const alt = el.getAttribute('data-emoji') ? ' ' : ''; if (alt) emit(alt); continue; }
        if (tag === 'STYLE' || tag === 'SCRIPT' || tag === 'TEMPLATE') continue;
        const block = BLOCK.has(tag);
        if (block) newline();
        visit(el);
        if (block) newline();
      }
    }
  };
  visit(root);
  return { text: parts.join(''), segments };
}

/**
 * Index of the segment containing offset (start <= off < end), or of the first
 * segment after it when off falls on a character with no Text node ("\n").
 * @param {Segment[]} segs @param {number} off
 */
function segAtOrAfter(segs, off) {
  let lo = 0, hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].end <= off) lo = mid + 1; else hi = mid;
  }
  return lo; // first seg with end > off
}

/**
 * A DOM Range covering text[start:end], or null when it maps to no text.
 * @param {Extract} ex @param {number} start @param {number} end
 * @returns {Range | null}
 */
export function rangeFor(ex, start, end) {
  const segs = ex.segments;
  if (!(start < end) || start < 0 || end > ex.text.length) return null;
  const i = segAtOrAfter(segs, start);
  if (i >= segs.length) return null;
  const a = segs[i];
  // The last segment that starts before end.
  let j = segAtOrAfter(segs, end - 1);
  if (j >= segs.length || segs[j].start >= end) j = j - 1;
  if (j < i) return null;
  const b = segs[j];
  const range = document.createRange();
  range.setStart(a.node, Math.max(0, start - a.start));
  range.setEnd(b.node, Math.min(b.end, end) - b.start);
  return range;
}
