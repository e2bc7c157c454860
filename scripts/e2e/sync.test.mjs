// The background pack sync (extension/sync/) under Node, without a browser:
// a fake chrome.storage, a local HTTP server standing in for the worker, the
// real Go engine (extension/build/abh.wasm) checking packs, and packs built
// and signed with the real CLI. Covers what the browser test does not reach
// quickly: 5xx, bad JSON, unsigned packs, failing examples, backoff, policy
// subscriptions and pruning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, requireBuild } from './harness.mjs';

const run = promisify(execFile);

// ---- fake chrome --------------------------------------------------------------
const local = new Map();
let managed = {};
globalThis.chrome = /** @type {any} */ ({
  runtime: { getURL: (p) => 'abh-ext://test/' + p, id: 'test' },
  storage: {
    local: {
      get: async (k) => {
        const keys = k == null ? [...local.keys()] : Array.isArray(k) ? k : [k];
        return Object.fromEntries(keys.filter((x) => local.has(x)).map((x) => [x, structuredClone(local.get(x))]));
      },
      set: async (o) => { for (const [k, v] of Object.entries(o)) local.set(k, structuredClone(v)); },
    },
    managed: { get: async () => structuredClone(managed) },
  },
});
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (url.startsWith('abh-ext://test/')) {
    return new Response(readFileSync(join(ROOT, url.slice('abh-ext://test/'.length))), { headers: { 'content-type': 'application/wasm' } });
  }
  return realFetch(input, init);
};

// ---- a stand-in worker --------------------------------------------------------
/** @type {{status: number, body: string, etag: string}} what GET /pack answers next */
let serve = { status: 200, body: '', etag: '' };
const seen = /** @type {{path: string, inm: string}[]} */ ([]);
const server = createServer((req, res) => {
  seen.push({ path: req.url || '', inm: String(req.headers['if-none-match'] || '') });
  if (serve.status === 200 && serve.etag && req.headers['if-none-match'] === serve.etag) {
    res.writeHead(304, { etag: serve.etag }).end();
    return;
  }
  const headers = { 'content-type': 'application/json' };
  if (serve.etag) headers.etag = serve.etag;
  res.writeHead(serve.status, headers).end(serve.body);
});

let tmp = '';
let base = '';
let pub = '';
/** @type {Record<string, string>} */
const packs = {};
/** @type {typeof import('../../extension/sync/sync.js')} */
let sync;

const yaml = (version, phrase) => `name: acme
version: "${version}"
rules:
  - id: zebra
    kind: phrase
    category: scripted
    severity: warning
    message: Code name
    why: Plain words help the reader.
    patterns: ["${phrase}"]
    examples:
      fire: ["We use the ${phrase}."]
      pass: ["We explain it."]
`;

before(async () => {
  requireBuild();
  tmp = mkdtempSync(join(tmpdir(), 'abh-sync-'));
  const abh = join(tmp, 'abh');
  await run('go', ['build', '-o', abh, './cmd/abh'], { cwd: ROOT, timeout: 120000 });
  await run(abh, ['keygen', '-o', tmp]);
  pub = readFileSync(join(tmp, 'abh-pack.pub'), 'utf8').trim();
  for (const [name, version, phrase] of [['v1', '1.0.0', 'zebra protocol'], ['v2', '2.0.0', 'zebra process']]) {
    writeFileSync(join(tmp, `${name}.yaml`), yaml(version, phrase));
    await run(abh, ['pack', 'sign', join(tmp, `${name}.yaml`), '--key', join(tmp, 'abh-pack.key'), '-o', join(tmp, `${name}.json`)]);
    packs[name] = readFileSync(join(tmp, `${name}.json`), 'utf8');
  }
  await run(abh, ['pack', 'build', join(tmp, 'v1.yaml'), '-o', join(tmp, 'unsigned.json')]);
  packs.unsigned = readFileSync(join(tmp, 'unsigned.json'), 'utf8');
  const bad = JSON.parse(packs.unsigned);
  bad.version = '9.9.9';
  bad.rules[0].examples.fire = ['nothing to see'];
  packs.badExamples = JSON.stringify(bad);
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  base = `http://127.0.0.1:${/** @type {any} */ (server.address()).port}`;
  sync = await import('../../extension/sync/sync.js');
});

after(() => {
  server.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const entries = () => structuredClone(local.get('abh:teamPacks') || []);
const entry = (url) => entries().find((e) => e.url === url);

test('first sync stores the checked pack; the next one revalidates with If-None-Match (304)', async () => {
  const url = `${base}/pack`;
  local.set('abh:subscriptions', [{ url, publicKey: pub, source: 'user' }]);
  serve = { status: 200, body: packs.v1, etag: '"v1"' };
  const [r] = await sync.syncAll();
  assert.equal(r.status, 'updated', r.error);
  let e = entry(url);
  assert.equal(e.name, 'acme');
  assert.equal(e.version, '1.0.0');
  assert.equal(e.etag, '"v1"');
  assert.equal(e.pack.rules[0].patterns[0], 'zebra protocol');
  assert.ok(e.lastSync > 0 && e.lastError === '' && e.failures === 0);
  const first = e.lastSync;
  await new Promise((r) => setTimeout(r, 5));
  const [r2] = await sync.syncAll();
  assert.equal(r2.status, 'unchanged');
  assert.equal(seen.at(-1).inm, '"v1"');
  e = entry(url);
  assert.ok(e.lastSync > first, 'lastSync moves on a 304');
  assert.equal(e.version, '1.0.0');
});

test('failures keep the last good pack, say why in plain words and back off 1, 2, 4 minutes', async () => {
  const url = `${base}/pack`;
  let now = 1_000_000_000_000;
  const clock = () => now;
  const cases = [
    [{ status: 503, body: '{"error":{"code":"unavailable","message":"D1 is down"}}', etag: '' }, /had a problem \(HTTP 503: D1 is down\)/],
    [{ status: 200, body: '<html>captive portal</html>', etag: '"x"' }, /did not send a usable compiled pack/],
    [{ status: 200, body: packs.unsigned, etag: '"u"' }, /not signed but this subscription requires key/],
    [{ status: 200, body: packs.v2.replace('zebra process', 'zebra prozess'), etag: '"t"' }, /signature does not match/],
    [{ status: 404, body: '{"error":{"code":"not_found","message":"team \\"x\\" has no pack"}}', etag: '' }, /no pack at this address/],
  ];
  let failures = 0;
  for (const [answer, want] of cases) {
    serve = answer;
    const [r] = await sync.syncAll({ force: true, now: clock });
    failures++;
    assert.equal(r.status, 'failed');
    const e = entry(url);
    assert.match(e.lastError, want);
    assert.match(e.lastError, /The last good version \(1\.0\.0\) stays in use\./);
    assert.equal(e.version, '1.0.0');
    assert.equal(e.pack.rules[0].patterns[0], 'zebra protocol');
    assert.equal(e.etag, '"v1"');
    assert.equal(e.failures, failures);
    assert.equal(e.nextRetryAt - now, Math.min(60, 2 ** (failures - 1)) * 60000);
  }
  // Not due yet: an unforced sync (the periodic alarm) does not ask the server.
  const before = seen.length;
  const [w] = await sync.syncAll({ now: clock });
  assert.equal(w.status, 'waiting');
  assert.equal(seen.length, before);
  assert.equal(await sync.nextRetry(), entry(url).nextRetryAt);
  // Due: the retry picks up the new version and clears the failure state.
  now = entry(url).nextRetryAt + 1;
  serve = { status: 200, body: packs.v2, etag: '"v2"' };
  const [ok] = await sync.syncAll({ now: clock });
  assert.equal(ok.status, 'updated', ok.error);
  const e = entry(url);
  assert.equal(e.version, '2.0.0');
  assert.equal(e.failures, 0);
  assert.equal(e.nextRetryAt, 0);
  assert.equal(e.lastError, '');
  assert.equal(await sync.nextRetry(), 0);
});

test('a pack failing its own examples and an unreachable server are refused too', async () => {
  const url = `${base}/other`;
  local.set('abh:subscriptions', [{ url, publicKey: '', source: 'user' }]);
  serve = { status: 200, body: packs.badExamples, etag: '"b"' };
  const [r] = await sync.syncAll({ force: true });
  assert.equal(r.status, 'failed');
  assert.match(entry(url).lastError, /Pack "acme" version 9\.9\.9 fails 1 of its own examples/);
  assert.equal(entry(url).pack, null);
  assert.equal(entries().length, 1, 'the removed subscription\'s entry is pruned');
  local.set('abh:subscriptions', [{ url: 'http://127.0.0.1:9/pack', publicKey: '', source: 'user' }]);
  const [down] = await sync.syncAll({ force: true });
  assert.equal(down.status, 'failed');
  assert.match(entry('http://127.0.0.1:9/pack').lastError, /^Could not reach 127\.0\.0\.1:9/);
});

test('the organisation\'s policy subscription comes first, then the person\'s own; packs of the same name are refused', async () => {
  managed = { packUrl: `${base}/policy`, publicKey: pub };
  local.set('abh:subscriptions', [
    { url: `${base}/mine`, publicKey: '', source: 'user' },
    { url: 'javascript:alert(1)', publicKey: '', source: 'user' },
    { url: `http://example.com/plain-http`, publicKey: '', source: 'user' },
  ]);
  serve = { status: 200, body: packs.v1, etag: '"v1"' };
  const results = await sync.syncAll({ force: true });
  assert.deepEqual(results.map((r) => r.url), [`${base}/policy`, `${base}/mine`], 'unusable addresses are skipped');
  const [pol, mine] = entries();
  assert.equal(pol.source, 'policy');
  assert.equal(pol.version, '1.0.0');
  assert.equal(mine.source, 'user');
  assert.match(mine.lastError, /Pack "acme" is already provided by .*\/policy/);
  managed = {};
});
