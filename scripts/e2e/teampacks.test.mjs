// Team packs across the real parts: the edge worker under `wrangler dev`
// (scripts/worker-dev.sh, local D1 in a temp dir), the real CLI (keygen,
// publish with signing, rollback) and the extension in headless Chromium
// (options page subscribe + "sync now", background sync validating with the
// Go engine, the engine frame on the Gmail fixture).
//
//   publish v1 → subscribe → v1's rule marks the draft
//   publish v2 → sync now → v2's new rule fires
//   rollback → v1 again (v2's rule gone)
//   tampered pack (changed in transit, signature kept) → rejected, the last
//     good pack stays, the options page says why
//   worker down → sync now records the error, the extension keeps working
//
// The worker's process group is killed at the end, whatever happened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, openSync, closeSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { launch, openPage, GMAIL, marks, waitFor, extensionPage, ROOT } from './harness.mjs';

const run = promisify(execFile);
const TEAM = 'demo';
const PACK = 'e2e-team';
const TOKEN = 'e2e-publish-token';
const ZEBRA = `${PACK}/zebra-protocol`;
const UNICORN = `${PACK}/unicorn-handshake`;
const NEW = '[id=":new"]';
const DRAFT = 'Before we start, we follow the zebra protocol and then the unicorn handshake with your team.';

/** A team pack with the given rules (each flags its id's words). */
function packYAML(version, ids) {
  const rules = ids.map((id) => {
    const phrase = id.replace(/-/g, ' ');
    return `  - id: ${id}
    kind: phrase
    category: scripted
    severity: warning
    message: "Team rule: ${phrase}"
    why: Our team explains its process in plain words instead of code names.
    patterns:
      - "${phrase}"
    examples:
      fire:
        - "We use the ${phrase} here."
      pass:
        - "We explain how we work."
`;
  }).join('');
  return `name: ${PACK}\nversion: "${version}"\ndescription: End-to-end test pack.\nrules:\n${rules}`;
}

let tmp = '';
/** @type {import('node:child_process').ChildProcess | null} */
let worker = null;
let workerExit = /** @type {Promise<void>} */ (Promise.resolve());
let base = '';
let packURL = '';
let abh = '';
let pub = '';
/** @type {Awaited<ReturnType<typeof launch>>} */
let h;
/** @type {import('playwright-core').Page} */
let gmail;
/** @type {import('playwright-core').Page} */
let options;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** Kills the worker's whole process group (bash → node wrangler → workerd). */
function killWorker(signal = 'SIGTERM') {
  if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
  try { process.kill(-/** @type {number} */ (worker.pid), signal); } catch { /* already gone */ }
}
process.on('exit', () => killWorker('SIGKILL'));

async function stopWorker() {
  if (!worker) return;
  killWorker('SIGTERM');
  const t = setTimeout(() => killWorker('SIGKILL'), 5000);
  await workerExit;
  clearTimeout(t);
  // wrangler's children may outlive the leader briefly: make sure of the group.
  try { process.kill(-/** @type {number} */ (worker.pid), 'SIGKILL'); } catch { /* gone */ }
}

async function startWorker(port) {
  const log = join(tmp, 'worker.log');
  const fd = openSync(log, 'a');
  worker = spawn('bash', [join(ROOT, 'scripts', 'worker-dev.sh'), '--port', String(port), '--state', join(tmp, 'state'), '--log-level', 'warn'], {
    cwd: ROOT, detached: true, stdio: ['ignore', fd, fd],
    env: { ...process.env, ABH_PUBLISH_TOKEN: TOKEN },
  });
  closeSync(fd);
  workerExit = new Promise((resolve) => worker?.once('exit', () => resolve()));
  const tail = () => readFileSync(log, 'utf8').split('\n').slice(-30).join('\n');
  const end = Date.now() + 150000;
  for (;;) {
    if (worker.exitCode !== null) throw new Error(`the worker exited (${worker.exitCode}) before answering:\n${tail()}`);
    try {
      const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch { /* not yet */ }
    if (Date.now() > end) throw new Error(`the worker did not answer /healthz within 150 s:\n${tail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs the CLI; returns stdout. */
async function cli(...args) {
  try {
    const { stdout } = await run(abh, args, { cwd: tmp, env: { ...process.env, ABH_PUBLISH_TOKEN: TOKEN }, timeout: 60000 });
    return stdout;
  } catch (e) {
    throw new Error(`abh ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

async function publish(version, ids) {
  const file = join(tmp, `pack-${version}.yaml`);
  writeFileSync(file, packYAML(version, ids));
  return cli('pack', 'publish', '--server', base, '--team', TEAM, file, '--key', join(tmp, 'keys', 'abh-pack.key'));
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'abh-teampacks-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  packURL = `${base}/v1/teams/${TEAM}/packs/${PACK}`;
  abh = join(tmp, 'abh');
  // The worker build (~30-60 s cold), the CLI build and Chromium in parallel.
  const cliReady = run('go', ['build', '-o', abh, './cmd/abh'], { cwd: ROOT, timeout: 120000 })
    .then(() => cli('keygen', '-o', join(tmp, 'keys')));
  const browser = launch().then(async (got) => {
    h = got;
    // The harness aborts every http(s) request it does not serve; let the
    // extension reach the local worker.
    await h.context.route(`${base}/**`, (route) => route.continue());
  });
  await Promise.all([startWorker(port), cliReady, browser]);
  pub = readFileSync(join(tmp, 'keys', 'abh-pack.pub'), 'utf8').trim();
  assert.match(pub, /^ed25519:/);
});

after(async () => {
  await stopWorker();
  await h?.close().catch(() => {});
  if (tmp && existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
});

/** The entry of our subscription in the options page. */
const item = () => options.locator(`.abh-teampack[data-url="${packURL}"]`);
const field = (name) => item().locator(`[data-field="${name}"]`);

/** Waits until the options page shows version v of the pack. */
async function showsVersion(v) {
  await waitFor(async () => (await field('version').getAttribute('data-value')) === v,
    { timeout: 20000, message: `the options page to show version ${v} (error: ${await field('lastError').textContent().catch(() => '?')})` });
}

async function syncNow() {
  const before = await field('result').textContent();
  await item().locator('button[data-action="sync-now"]').click();
  // The button is disabled while syncing and the result line is rewritten after.
  await waitFor(async () => (await item().locator('button[data-action="sync-now"]').isEnabled()) &&
    (await field('result').isVisible()), { timeout: 30000, message: 'sync now to finish' });
  return before;
}

/** Retypes the draft and returns the team rules that mark it once both expectations hold. */
async function teamMarks(want, notWant) {
  await gmail.click(NEW);
  await gmail.keyboard.press('Control+A');
  await gmail.keyboard.press('Delete');
  await gmail.keyboard.type(DRAFT, { delay: 2 });
  const got = await waitFor(async () => {
    const rules = new Set((await marks(gmail)).map((m) => m.rule));
    const ok = want.every((r) => rules.has(r)) && notWant.every((r) => !rules.has(r));
    return ok ? [...rules].filter((r) => r.startsWith(PACK + '/')).sort() : null;
  }, { timeout: 15000, message: `marks ${JSON.stringify(want)} without ${JSON.stringify(notWant)}` });
  return got;
}

test('v1 published and subscribed in the options page: its rule marks the Gmail draft', { timeout: 60000 }, async () => {
  const out = await publish('1.0.0', ['zebra-protocol']);
  assert.match(out, /version 1\b/);
  options = await extensionPage(h.context, h.extId, 'extension/options.html');
  await options.waitForSelector('#abh-options[data-state="ready"]');
  // A bad address is refused in plain words before anything is stored.
  await options.fill('#abh-teampacks input[name=url]', 'packs.example.com/nothing');
  await options.click('button#abh-subscribe');
  await waitFor(async () => /not a web address/.test(await options.locator('#abh-teampacks-msg').textContent()),
    { message: 'the bad address to be refused' });
  assert.equal(await options.locator('.abh-teampack').count(), 0);

  await options.fill('#abh-teampacks input[name=url]', packURL);
  await options.fill('#abh-teampacks input[name=publicKey]', pub);
  await options.click('button#abh-subscribe');
  await showsVersion('1.0.0');
  assert.equal(await field('name').getAttribute('data-value'), PACK);
  assert.ok(Number(await field('lastSync').getAttribute('data-value')) > 0, 'last sync time set');
  assert.equal((await field('lastError').textContent()).trim(), '');
  assert.equal(await item().getAttribute('data-source'), 'user');

  gmail = await openPage(h.context, GMAIL);
  await gmail.click('[gh="cm"]');
  await gmail.waitForSelector(NEW);
  assert.deepEqual(await teamMarks([ZEBRA], [UNICORN]), [ZEBRA]);
});

test('v2 published: after "sync now" its new rule fires (even from a stopped service worker)', { timeout: 60000 }, async () => {
  await publish('2.0.0', ['zebra-protocol', 'unicorn-handshake']);
  // Chrome stops idle service workers after ~30 s: sync state and the Go
  // engine that checks packs must come back from storage and the wasm.
  const cdp = await h.context.newCDPSession(options);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await syncNow();
  await showsVersion('2.0.0');
  assert.match(await field('result').textContent(), /Loaded e2e-team version 2\.0\.0/);
  assert.deepEqual(await teamMarks([ZEBRA, UNICORN], []), [UNICORN, ZEBRA]);
});

test('rollback to version 1: the extension is back to v1 (v2\'s rule gone)', { timeout: 60000 }, async () => {
  const out = await cli('pack', 'rollback', '--server', base, '--team', TEAM, '--pack', PACK, '--version', '1');
  assert.match(out, /back to version 1/);
  await syncNow();
  await showsVersion('1.0.0');
  assert.deepEqual(await teamMarks([ZEBRA], [UNICORN]), [ZEBRA]);
});

test('a pack changed in transit is rejected: the last good pack stays and the options page says why', { timeout: 60000 }, async () => {
  let served = 0;
  /** @param {import('playwright-core').Route} route */
  const tamper = async (route) => {
    const req = route.request();
    const headers = { ...req.headers() };
    delete headers['if-none-match']; // get the full body to change
    const resp = await route.fetch({ headers });
    const pack = JSON.parse(await resp.text());
    assert.ok(pack.signature, 'the served pack is signed');
    pack.rules[0].message = 'Tampered: wire money now';
    served++;
    await route.fulfill({
      status: 200, body: JSON.stringify(pack),
      headers: { 'content-type': 'application/json', etag: '"tampered"', 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag, X-Pack-Version' },
    });
  };
  await h.context.route(packURL, tamper);
  try {
    await syncNow();
    assert.ok(served >= 1, 'the tampered pack was served');
    await waitFor(async () => /signature does not match/.test(await field('lastError').textContent()),
      { timeout: 10000, message: 'the signature error on the options page' });
    const err = await field('lastError').textContent();
    assert.match(err, /e2e-team/, 'the error names the pack');
    assert.match(err, /last good version \(1\.0\.0\) stays in use/);
    assert.match(await field('result').textContent(), /signature does not match/);
  } finally {
    await h.context.unroute(packURL, tamper);
  }
  await showsVersion('1.0.0');
  // The stored pack is still the signed v1, untouched.
  const stored = await options.evaluate(async () => (await chrome.storage.local.get('abh:teamPacks'))['abh:teamPacks']);
  assert.equal(stored.length, 1);
  assert.equal(stored[0].pack.rules[0].message, 'Team rule: zebra protocol');
  assert.ok(stored[0].failures >= 1 && stored[0].nextRetryAt > Date.now(), 'a retry is scheduled');
  assert.deepEqual(await teamMarks([ZEBRA], [UNICORN]), [ZEBRA]);
  // The mark's card text is the original message, not the tampered one.
  const msgs = await gmail.evaluate(() => [...document.querySelector('abh-root').shadowRoot.querySelectorAll('.abh-mark')]
    .map((m) => m.getAttribute('title') || '').join('|'));
  assert.doesNotMatch(msgs, /Tampered/);
  // The next sync against the real worker succeeds and clears the error.
  await syncNow();
  await waitFor(async () => (await field('lastError').textContent()).trim() === '', { message: 'the error to clear' });
});

test('worker down: "sync now" records the error and the extension keeps working with the last good pack', { timeout: 60000 }, async () => {
  await stopWorker();
  await syncNow();
  await waitFor(async () => /could not reach 127\.0\.0\.1/i.test(await field('lastError').textContent()),
    { timeout: 15000, message: 'the network error on the options page' });
  assert.match(await field('lastError').textContent(), /last good version \(1\.0\.0\) stays in use/);
  await showsVersion('1.0.0');
  assert.deepEqual(await teamMarks([ZEBRA], [UNICORN]), [ZEBRA]);
  // Retries back off: 1 minute after the first failure in a row, 2 after the second.
  const stored = await options.evaluate(async () => (await chrome.storage.local.get('abh:teamPacks'))['abh:teamPacks'][0]);
  assert.equal(stored.failures, 1);
  const delay = stored.nextRetryAt - stored.lastAttempt;
  assert.ok(delay >= 55000 && delay <= 65000, `first retry after about a minute (got ${delay} ms)`);
});
