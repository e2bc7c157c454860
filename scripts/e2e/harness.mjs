// Shared set-up for the end-to-end tests: real Chromium (Debian's
// /usr/bin/chromium through playwright-core) with the unpacked extension
// loaded from the repository root, and fixture pages served at the real
// Gmail / LinkedIn addresses with a strict CSP like theirs.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIX = join(ROOT, 'scripts', 'e2e', 'fixtures');
export const NONCE = 'e2eN0nce9f3a';
export const CSP = `script-src 'self' 'nonce-${NONCE}'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'`;
export const GMAIL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKpfqRCtqqBvkdqz';
export const LINKEDIN = 'https://www.linkedin.com/messaging/thread/2-abc/';

/** Fails with a clear message when the wasm has not been built. */
export function requireBuild() {
  for (const f of ['extension/build/abh.wasm', 'extension/build/wasm_exec.js']) {
    if (!existsSync(join(ROOT, f))) {
      throw new Error(`${f} is missing: run \`bash scripts/build-extension.sh\` (or make build) first`);
    }
  }
}

/**
 * Launches Chromium with the extension and the fixture routes.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, sw: import('playwright-core').Worker, extId: string, requests: {url: string, method: string, body: string, from: string}[], close: () => Promise<void>}>}
 */
export async function launch() {
  requireBuild();
  const userDataDir = mkdtempSync(join(tmpdir(), 'abh-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: false,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${ROOT}`, `--load-extension=${ROOT}`,
    ],
  });
  /** every request seen, from pages, frames and workers */
  const requests = [];
  const record = (/** @type {import('playwright-core').Request} */ r, from) => {
    let body = '';
    try { body = r.postData() || ''; } catch { /* binary */ }
    requests.push({ url: r.url(), method: r.method(), body, from });
  };
  context.on('request', (r) => record(r, 'context'));

  // Anything not served below stays inside the machine: abort it.
  await context.route((u) => u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:', (route) => route.abort('blockedbyclient'));
  const page = readFileSync(join(FIX, 'page.js'), 'utf8');
  const serve = (/** @type {string} */ file) => (/** @type {import('playwright-core').Route} */ route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/fixture/page.js') {
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: page });
    }
    if (url.pathname === '/favicon.ico') return route.fulfill({ status: 404, body: '' });
    return route.fulfill({
      status: 200, contentType: 'text/html; charset=utf-8',
      headers: { 'content-security-policy': CSP, 'x-frame-options': 'SAMEORIGIN' },
      body: readFileSync(join(FIX, file), 'utf8').replaceAll('NONCE', NONCE),
    });
  };
  await context.route('https://mail.google.com/**', serve('gmail.html'));
  await context.route('https://www.linkedin.com/**', serve('linkedin.html'));

  let [sw] = context.serviceWorkers();
  if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 15000 });
  const extId = new URL(sw.url()).host;
  return {
    context, extId, requests, sw,
    close: async () => { await context.close(); rmSync(userDataDir, { recursive: true, force: true }); },
  };
}

/**
 * Polls fn until it returns a truthy value.
 * @template T @param {() => Promise<T>} fn @param {{timeout?: number, interval?: number, message?: string}} [o]
 * @returns {Promise<T>}
 */
export async function waitFor(fn, { timeout = 10000, interval = 50, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${message} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Opens a fixture page and waits until the engine frame said ready. */
export async function openPage(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await waitFor(() => page.evaluate(() => !!document.querySelector('abh-root')?.dataset.abhReady),
    { timeout: 15000, message: 'the engine to be ready (abh-root[data-abh-ready])' });
  return page;
}

/**
 * Marks drawn in the overlay, with their viewport boxes.
 * @returns {Promise<{rule: string, category: string, x: number, y: number, w: number, h: number, visible: boolean}[]>}
 */
export function marks(page) {
  return page.evaluate(() => {
    const root = document.querySelector('abh-root')?.shadowRoot;
    if (!root) return [];
    return [...root.querySelectorAll('.abh-mark')].map((m) => {
      const r = m.getBoundingClientRect();
      return { rule: m.dataset.rule, category: m.dataset.category, x: r.x, y: r.y, w: r.width, h: r.height,
        visible: getComputedStyle(m).display !== 'none' && r.width > 0 };
    });
  });
}

/** Marks whose centre lies inside the element matched by selector. */
export async function marksInside(page, selector) {
  const box = await page.locator(selector).first().boundingBox();
  const all = await marks(page);
  if (!box) return [];
  return all.filter((m) => m.visible && m.x + m.w / 2 >= box.x && m.x + m.w / 2 <= box.x + box.width &&
    m.y + m.h / 2 >= box.y && m.y + m.h / 2 <= box.y + box.height);
}

/**
 * The viewport rect of the first occurrence of sub inside one Text node of the
 * element (computed by the page itself, independently of the extension).
 */
export function textRect(page, selector, sub) {
  return page.locator(selector).evaluate((el, sub) => {
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const i = n.data.indexOf(sub);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i); r.setEnd(n, i + sub.length);
      const b = r.getBoundingClientRect();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    }
    return null;
  }, sub);
}

/** The render counter the content script bumps after each analysis drawn. */
export function renderSeq(page) {
  return page.evaluate(() => Number(document.querySelector('abh-root')?.dataset.abhSeq || 0));
}

/** Waits until the overlay has settled: no new render for quietMs. */
export async function settle(page, quietMs = 250, timeout = 8000) {
  const end = Date.now() + timeout;
  let seq = await renderSeq(page);
  for (;;) {
    await page.waitForTimeout(quietMs);
    const now = await renderSeq(page);
    if (now === seq || Date.now() > end) return;
    seq = now;
  }
}

/** The editor's text as the user sees it (no-break spaces as spaces). */
export function editorText(page, selector) {
  return page.locator(selector).evaluate((el) => el.innerText.replace(/\u00a0/g, ' '));
}

/** Reads / writes the extension settings through an extension page. */
export async function extensionPage(context, extId, path = 'extension/popup.html') {
  const p = await context.newPage();
  await p.goto(`chrome-extension://${extId}/${path}`);
  return p;
}

export async function setSettings(extPage, settings) {
  await extPage.evaluate((s) => chrome.storage.sync.set({ 'abh:settings': s }), settings);
}

export function screenshotPath(name) {
  const dir = join(ROOT, 'out');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** Asserts that no recorded request carries any of the phrases (URL or body, raw or encoded). */
export function leaks(requests, phrases) {
  const out = [];
  for (const r of requests) {
    const hay = [r.url, r.body, safeDecode(r.url), safeDecode(r.body)].join('\n').toLowerCase();
    for (const p of phrases) {
      const needles = [p, encodeURIComponent(p), p.replace(/ /g, '+')].map((s) => s.toLowerCase());
      if (needles.some((n) => hay.includes(n))) out.push({ phrase: p, url: r.url, from: r.from });
    }
  }
  return out;
}
function safeDecode(s) { try { return decodeURIComponent((s || '').replace(/\+/g, ' ')); } catch { return s || ''; } }
