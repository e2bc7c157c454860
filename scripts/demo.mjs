// The browser half of `make run` (scripts/run.sh starts the worker and
// publishes the team pack first, then runs this).
//
// Opens Debian's Chromium with the unpacked extension (the repository root),
// subscribes it to the team pack on the local worker, and opens a copy of
// Gmail's compose window (scripts/e2e/fixtures/gmail.html, served at the real
// https://mail.google.com address with a strict CSP like Gmail's) with a pushy
// draft typed in.
//
//   With a display (DISPLAY set): a normal window you can type into; waits
//   until you close it (or Ctrl+C).
//   Without one: headless; walks through the demo (marks, the card, a rewrite
//   applied, Ctrl+Z) and saves out/demo-*.png, printing their paths.
//
// Environment:
//   ABH_DEMO_PACK_URL    team pack to subscribe to (unset: built-in pack only)
//   ABH_DEMO_PUBLIC_KEY  its signing key ("ed25519:…"; may be empty)
//   ABH_DEMO_HEADLESS    1 / 0 to force headless / headful (default: !DISPLAY)
//   ABH_DEMO_OUT         screenshot folder (default out/)
//   ABH_DEMO_SCREENSHOT  also write the card screenshot here (make screenshot)
//   CHROMIUM             the browser (default /usr/bin/chromium)
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, dirname } from 'node:path';
import {
  ROOT, CSP, NONCE, GMAIL, waitFor, marksInside, settle, editorText,
} from './e2e/harness.mjs';

const FIX = join(ROOT, 'scripts', 'e2e', 'fixtures');
const NEW = '[id=":new"]';
// The card the headless walk-through opens: the team pack's rule when it
// arrived, else a built-in one with a visible rewrite.
const PREFERRED = ['acme-sales/discount-without-approval', 'always-be-helping/booked-time-on-their-calendar'];
const DRAFT = [
  'Hi {FirstName},',
  '',
  'I hope this email finds you well. Just checking in on the proposal I sent last week.',
  '',
  'Unlike Globex, we are the industry-leading platform for freight teams, and our Synergy connector plugs into your ERP. ' +
    'If you sign before the end of the quarter, I can give you 25% off. This offer expires Friday.',
  '',
  "I've put 30 minutes on your calendar for Tuesday.",
  '',
  'Sam',
].join('\n');

const env = process.env;
let closing = false;
const headless = env.ABH_DEMO_HEADLESS ? env.ABH_DEMO_HEADLESS === '1' : !env.DISPLAY;
const packURL = env.ABH_DEMO_PACK_URL || '';
const outDir = env.ABH_DEMO_OUT || join(ROOT, 'out');
const say = (/** @type {string} */ s) => { if (!closing) console.log(`demo: ${s}`); };

/** @type {import('playwright-core').BrowserContext | null} */
let context = null;
let userDataDir = '';

/** Closes Chromium and removes its profile; safe to call twice. */
async function shutdown() {
  if (closing) return;
  closing = true;
  const c = context;
  context = null;
  if (c) await Promise.race([c.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
}

for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(sig, () => { shutdown().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143)); });
}

/** The fixture page, with the demo's heading so nobody mistakes it for the real Gmail. */
function fixture(file) {
  let html = readFileSync(join(FIX, file), 'utf8').replaceAll('NONCE', NONCE);
  if (file === 'gmail.html') {
    html = html.replace(' 🙂', '') // no emoji font on a bare server
      .replace('</style>', `  .abh-demo-banner { position: fixed; left: 16px; top: 80px; width: 150px; font-size: 12px; color: #5f6368; }
  .nH.Hd { width: 640px; }
</style>`).replace('<div class="nH bkK" role="main">',
      '<div class="abh-demo-banner">Always Be Helping demo: a local copy of Gmail\'s compose window. Nothing is sent anywhere.</div>\n<div class="nH bkK" role="main">');
  }
  return html;
}

async function launch() {
  userDataDir = mkdtempSync(join(tmpdir(), 'abh-demo-'));
  const flags = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-default-browser-check',
    `--disable-extensions-except=${ROOT}`, `--load-extension=${ROOT}`,
  ];
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: env.CHROMIUM || '/usr/bin/chromium',
    headless: false, // the new headless mode (below) is the one that runs extensions
    args: headless ? ['--headless=new', ...flags] : [...flags, '--window-size=1320,960'],
    viewport: headless ? { width: 1280, height: 860 } : null,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
  const page = readFileSync(join(FIX, 'page.js'), 'utf8');
  const serve = (/** @type {string} */ file) => (/** @type {import('playwright-core').Route} */ route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/fixture/page.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: page });
    if (url.pathname === '/favicon.ico') return route.fulfill({ status: 404, body: '' });
    return route.fulfill({
      status: 200, contentType: 'text/html; charset=utf-8',
      headers: { 'content-security-policy': CSP, 'x-frame-options': 'SAMEORIGIN' },
      body: fixture(file),
    });
  };
  await context.route('https://mail.google.com/**', serve('gmail.html'));
  await context.route('https://www.linkedin.com/**', serve('linkedin.html'));
  let [sw] = context.serviceWorkers();
  if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 20000 });
  return new URL(sw.url()).host;
}

/**
 * Subscribes the extension to the team pack and asks the background to sync
 * now. Never fails the demo: a pack that does not arrive is a one-line note.
 * @returns {Promise<boolean>} whether the team pack is loaded
 */
async function subscribe(extId) {
  if (!packURL || !context) return false;
  const ext = await context.newPage();
  try {
    await ext.goto(`chrome-extension://${extId}/extension/popup.html`);
    const answer = await ext.evaluate(async ({ url, publicKey }) => {
      await chrome.storage.local.set({ 'abh:subscriptions': [{ url, publicKey, source: 'user' }] });
      const timeout = new Promise((resolve) => setTimeout(() => resolve({ ok: false, error: 'no answer within 30 s' }), 30000));
      const asked = chrome.runtime.sendMessage({ type: 'abh-sync-now' })
        .then((r) => r || { ok: false, error: 'this build of the extension does not sync team packs yet' })
        .catch((e) => ({ ok: false, error: String(e && e.message || e) }));
      return Promise.race([asked, timeout]);
    }, { url: packURL, publicKey: env.ABH_DEMO_PUBLIC_KEY || '' });
    const r = (answer.results || []).find((x) => x.url === packURL);
    if (answer.ok && r && (r.status === 'updated' || r.status === 'unchanged')) {
      say(`subscribed to ${packURL} — team pack ${r.name} ${r.version} loaded`);
      return true;
    }
    const why = !answer.ok ? answer.error : r ? (r.error || r.status) : 'the sync did not report this subscription';
    say(`note: the team pack did not arrive (${String(why).replace(/\.$/, '')}); the demo goes on with the built-in pack only`);
    return false;
  } catch (e) {
    say(`note: could not subscribe to the team pack (${e instanceof Error ? e.message.split('\n')[0] : e}); the demo goes on with the built-in pack only`);
    return false;
  } finally {
    await ext.close().catch(() => {});
  }
}

/** Clicks the first mark with a rewrite, preferred rules first, and returns its open card. */
async function openCard(page, preferred) {
  const ms = await marksInside(page, NEW);
  const rank = (m) => { const i = preferred.indexOf(m.rule); return i < 0 ? preferred.length : i; };
  const order = [...ms].sort((a, b) => rank(a) - rank(b));
  const card = page.locator('abh-root .abh-card');
  for (const m of order) {
    await page.mouse.click(m.x + m.w / 2, m.y + m.h / 2);
    await card.waitFor({ state: 'visible', timeout: 3000 });
    if (await card.locator('[data-action="apply"]').count()) {
      const match = (await card.locator('.abh-match').textContent() || '').replace(/^“|”$/g, '');
      return { card, match, rule: m.rule };
    }
    await page.keyboard.press('Escape');
  }
  throw new Error('no mark with a rewrite in the draft');
}

async function main() {
  say(`starting Chromium (${headless ? 'headless: no DISPLAY' : `window on DISPLAY=${env.DISPLAY}`}) with the extension from ${ROOT}`);
  const extId = await launch();
  const teamPack = await subscribe(extId);

  const page = await /** @type {import('playwright-core').BrowserContext} */ (context).newPage();
  await page.goto(GMAIL);
  await waitFor(() => page.evaluate(() => !!document.querySelector('abh-root')?.dataset.abhReady),
    { timeout: 20000, message: 'the extension to start on the page (abh-root[data-abh-ready])' });
  for (const p of /** @type {import('playwright-core').BrowserContext} */ (context).pages()) {
    if (p !== page && p.url() === 'about:blank') await p.close().catch(() => {});
  }
  await page.click('[gh="cm"]');
  await page.waitForSelector(NEW);
  await page.click('[name="subjectbox"]');
  await page.keyboard.type('Following up on the Q3 rollout');
  await page.click(NEW);
  await page.keyboard.type(DRAFT, { delay: headless ? 1 : 8 });

  const cats = (/** @type {{category: string}[]} */ ms) => [...new Set(ms.map((m) => m.category))].sort();
  await waitFor(async () => {
    const ms = await marksInside(page, NEW);
    const ok = cats(ms).length >= 3 && (!teamPack || ms.some((m) => m.rule.startsWith('acme-sales/')));
    return ok ? ms : null;
  }, { timeout: 20000, message: 'marks of several categories in the draft' });
  await settle(page, 400);
  const drawn = await marksInside(page, NEW);
  const team = drawn.filter((m) => m.rule.startsWith('acme-sales/')).map((m) => m.rule);
  say(`${drawn.length} marks in the draft (${cats(drawn).join(', ')})${team.length ? `; from the team pack: ${[...new Set(team)].join(', ')}` : ''}`);

  if (!headless) {
    say('the window is yours: click a mark to see why and a rewrite, type your own message, or open Compose again.');
    say('close the window (or press Ctrl+C here) to stop everything.');
    await new Promise((resolve) => /** @type {import('playwright-core').BrowserContext} */ (context).once('close', resolve));
    context = null;
    await shutdown();
    return;
  }

  mkdirSync(outDir, { recursive: true });
  /** @type {string[]} */
  const shots = [];
  const shot = async (/** @type {string} */ name) => {
    const p = join(outDir, name);
    await page.screenshot({ path: p });
    shots.push(p);
    return p;
  };

  await shot('demo-1-marks.png');
  const { card, match, rule } = await openCard(page, PREFERRED);
  const rewrite = (await card.locator('[data-action="apply"]').first().textContent() || '').trim();
  const cardShot = await shot('demo-2-card.png');
  if (env.ABH_DEMO_SCREENSHOT) {
    mkdirSync(dirname(env.ABH_DEMO_SCREENSHOT), { recursive: true });
    copyFileSync(cardShot, env.ABH_DEMO_SCREENSHOT);
  }

  const before = await editorText(page, NEW);
  await card.locator('[data-action="apply"]').first().click();
  await waitFor(async () => (await editorText(page, NEW)).includes(rewrite) && (await editorText(page, NEW)) !== before,
    { message: `the rewrite “${rewrite}” to land` });
  await settle(page);
  await shot('demo-3-applied.png');

  await page.keyboard.press('Control+z');
  await waitFor(async () => (await editorText(page, NEW)) === before, { message: 'Ctrl+Z to restore the draft' });
  await waitFor(async () => (await marksInside(page, NEW)).some((m) => m.rule === rule), { message: 'the mark to come back after undo' });
  await settle(page);
  await shot('demo-4-undone.png');

  say(`card for ${rule}: “${match}” → “${rewrite}”; applied, then undone with Ctrl+Z`);
  console.log('screenshots:');
  for (const p of shots) console.log(`  ${relative(process.cwd(), p) || p}`);
  if (env.ABH_DEMO_SCREENSHOT) console.log(`  ${relative(process.cwd(), env.ABH_DEMO_SCREENSHOT)} (copy of demo-2-card.png)`);
  await shutdown();
}

main().then(() => process.exit(0), async (e) => {
  if (closing) return; // Ctrl+C: the signal handler closes Chromium and exits
  const msg = e instanceof Error ? e.message : String(e);
  if (!headless && /X server|\$DISPLAY|ozone|cannot open display/i.test(msg)) {
    console.error(`demo: Chromium cannot open a window on DISPLAY=${env.DISPLAY}; run the demo headless instead: DISPLAY= make run`);
  } else {
    console.error(`demo: failed: ${msg.split('\n')[0]}`);
  }
  await shutdown();
  process.exit(1);
});
