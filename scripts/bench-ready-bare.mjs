#!/usr/bin/env node
// Engine start-up without any automation attached: Debian Chromium is started
// as a plain process (no DevTools connection), with the unpacked extension,
// and the Gmail fixture is served over HTTPS from this script (a throwaway
// self-signed certificate; --host-resolver-rules maps mail.google.com here).
//
// Why: scripts/bench-latency.mjs drives Chromium with Playwright, whose
// request routing pauses *every* request of every frame (Fetch.enable with
// urlPattern "*"), the engine frame's chrome-extension:// files included, on
// a round trip through Node, and which holds each new frame until it has
// configured its DevTools session. A Chrome trace showed those pauses inside
// the frame's start-up; this measures the same start-up as a user gets it.
//
// The fixture page reports abh-root's start-up marks to this server, then
// reloads itself for the next sample. The first loads after Chromium starts
// are discarded (cold process, ~1.8 s).
//
// Usage: node scripts/bench-ready-bare.mjs [--loads N] [--warm N]
// Needs the wasm built first (make build) and /usr/bin/openssl.
import { createServer } from 'node:https';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, CSP, NONCE, requireBuild } from './e2e/harness.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const LOADS = arg('--loads', 9);
const WARM = arg('--warm', 2);
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const f1 = (x) => (x == null || Number.isNaN(x) ? 'n/a' : x.toFixed(1));

requireBuild();
const tmp = mkdtempSync(join(tmpdir(), 'abh-bare-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=mail.google.com',
  '-keyout', join(tmp, 'key.pem'), '-out', join(tmp, 'cert.pem')], { stdio: 'ignore' });

// Polls for the engine's "ready" and posts the marks, then loads the next sample.
const reporter = `
(() => {
  const t = setInterval(() => {
    const r = document.querySelector('abh-root');
    if (!r || !r.dataset.abhReady || !r.dataset.abhStartup) return;
    clearInterval(t);
    const nav = performance.getEntriesByType('navigation')[0];
    fetch('/report', { method: 'POST', body: JSON.stringify({ started: r.dataset.abhStarted, loader: r.dataset.abhLoaderStarted, load: nav && nav.loadEventEnd, ready: r.dataset.abhReady, startup: r.dataset.abhStartup }) })
      .then((res) => res.text()).then((next) => { if (next === 'again') location.reload(); });
  }, 20);
})();`;
const html = readFileSync(join(ROOT, 'scripts/e2e/fixtures/gmail.html'), 'utf8').replaceAll('NONCE', NONCE)
  .replace('</head>', `<script nonce="${NONCE}" src="/fixture/report.js"></script>\n</head>`);
const pageJs = readFileSync(join(ROOT, 'scripts/e2e/fixtures/page.js'), 'utf8');

/** @type {{started: number, loader: number, load: number, ready: number, startup: Record<string, number>}[]} */
const samples = [];
let finish;
const finished = new Promise((r) => { finish = r; });
const server = createServer({ key: readFileSync(join(tmp, 'key.pem')), cert: readFileSync(join(tmp, 'cert.pem')) }, (req, res) => {
  const url = new URL(req.url, 'https://mail.google.com');
  if (url.pathname === '/report') {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const d = JSON.parse(body);
      const startup = {};
      for (const kv of String(d.startup).split(',')) { const [k, v] = kv.split('='); if (k) startup[k] = Number(v); }
      samples.push({ started: Number(d.started), loader: Number(d.loader), load: Number(d.load), ready: Number(d.ready), startup });
      const more = samples.length < WARM + LOADS;
      res.end(more ? 'again' : 'done');
      if (!more) finish();
    });
    return;
  }
  if (url.pathname === '/fixture/page.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(pageJs); return; }
  if (url.pathname === '/fixture/report.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(reporter); return; }
  if (url.pathname === '/favicon.ico') { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'cache-control': 'no-store' });
  res.end(html);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;

const chrome = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--user-data-dir=${join(tmp, 'profile')}`, '--window-size=1280,900',
  `--disable-extensions-except=${ROOT}`, `--load-extension=${ROOT}`,
  `--host-resolver-rules=MAP mail.google.com 127.0.0.1:${port}`, '--ignore-certificate-errors',
  // ABH_CHROME_ARGS: extra flags, e.g. --trace-startup=… for a Chrome trace.
  ...(process.env.ABH_CHROME_ARGS ? process.env.ABH_CHROME_ARGS.split(' ') : []),
  'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKpfqRCtqqBvkdqz',
], { stdio: 'ignore' });
const timeout = setTimeout(() => { console.error('bench-ready-bare: timed out'); finish(); }, 60000);
await finished;
clearTimeout(timeout);
if (process.env.ABH_KILL_DELAY) await new Promise((r) => setTimeout(r, Number(process.env.ABH_KILL_DELAY)));
chrome.kill();
server.close();
await new Promise((r) => setTimeout(r, 300));
rmSync(tmp, { recursive: true, force: true });

const s = samples.slice(WARM);
if (!s.length) { console.error('bench-ready-bare: no samples'); process.exit(1); }
const m = (fn) => med(s.map(fn));
console.log(`ready, no automation attached (median of ${s.length} loads): ${f1(m((t) => t.ready - t.started))} ms after the content script started ` +
  `(min ${f1(Math.min(...s.map((t) => t.ready - t.started)))}, max ${f1(Math.max(...s.map((t) => t.ready - t.started)))}); ` +
  `${f1(m((t) => t.ready - t.loader))} ms after content-loader.js started (the content script's real start; main.js and its imports load in between), ` +
  `${f1(m((t) => t.ready - t.load))} ms after the page's load event (target ≤ 150 ms)`);
console.log(`  steps (medians): to the engine frame's document ${f1(m((t) => t.startup.frameOrigin - t.started))} ms, ` +
  `frame script starts ${f1(m((t) => t.startup.script - t.startup.frameOrigin))}, ` +
  `wasm fetched + compiled + instantiated ${f1(m((t) => t.startup.instantiated - t.startup.script))}, ` +
  `Go start + built-in pack compile ${f1(m((t) => t.startup.ready - t.startup.instantiated))}, ` +
  `ready message to the page ${f1(m((t) => t.ready - t.startup.ready))}`);
