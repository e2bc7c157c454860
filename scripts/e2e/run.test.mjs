// Keeps `make run` honest: runs scripts/run.sh headless (DISPLAY unset) on a
// free port, as a newcomer on a server would, and checks that it
//   - exits 0 and prints the paths of the four demo screenshots, which exist,
//     are fresh PNGs and were taken after the team pack marked the draft;
//   - leaves nothing running: no process that inherited its TMPDIR (worker,
//     wrangler, workerd, Chromium, node) and nothing listening on the port;
//   - stops everything on Ctrl+C (SIGINT to its process group) while the
//     worker is starting, with nothing left behind either.
// Reuses the build: run.sh skips `make build` when the outputs are fresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import { ROOT } from './harness.mjs';

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = /** @type {net.AddressInfo} */ (s.address()); s.close(() => res(port)); });
  });
}

function portOpen(port) {
  return new Promise((res) => {
    const c = net.connect({ host: '127.0.0.1', port }, () => { c.destroy(); res(true); });
    c.on('error', () => res(false));
  });
}

/** Processes whose environment carries TMPDIR=dir (everything run.sh started inherits it). */
function processesUnder(dir) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (env.includes(`TMPDIR=${dir}`) || env.some((e) => e.startsWith('TMPDIR=') && e.slice(7).startsWith(dir + '/'))) {
        out.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 160)}`);
      }
    } catch { /* gone, or not ours to read */ }
  }
  return out;
}

/** Waits (briefly) for stragglers to exit, then returns those left. */
async function leftovers(dir) {
  for (let i = 0; i < 20; i++) {
    const left = processesUnder(dir);
    if (!left.length) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
  return processesUnder(dir);
}

/**
 * Starts scripts/run.sh in its own process group (as a terminal would) with
 * no DISPLAY; resolves with its exit code, signal and output.
 */
function runScript(port, tmp, { onOutput } = {}) {
  const env = { ...process.env, PORT: String(port), TMPDIR: tmp };
  delete env.DISPLAY;
  delete env.ABH_DEMO_HEADLESS;
  delete env.ABH_DEMO_SCREENSHOT;
  delete env.ABH_DEMO_OUT;
  const child = spawn('bash', [join(ROOT, 'scripts', 'run.sh')], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const add = (d) => { out += d; onOutput?.(out, child); };
  child.stdout.on('data', add);
  child.stderr.on('data', add);
  const done = new Promise((res) => child.on('close', (code, signal) => res({ code, signal, out })));
  return { child, done };
}

test('make run (headless): screenshots printed and saved, exit 0, nothing left running', { timeout: 240000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'abh-run-test-'));
  const port = await freePort();
  const started = Date.now();
  try {
    const { done } = runScript(port, tmp);
    const { code, signal, out } = await done;
    assert.equal(signal, null, out);
    assert.equal(code, 0, `run.sh exited ${code}:\n${out}`);
    assert.match(out, new RegExp(`worker is up: http://127\\.0\\.0\\.1:${port}`), 'the worker ran on the chosen PORT');
    assert.match(out, /demo: \d+ marks in the draft \([^)]*,[^)]*,[^)]*\)/, 'marks of at least three categories');
    if (!/note: the team pack did not arrive|could not subscribe/.test(out)) {
      assert.match(out, /team pack acme-sales 1\.0\.0 loaded/, out);
      assert.match(out, /from the team pack: [^\n]*acme-sales\//, 'a team-pack rule marked the draft');
    }
    assert.match(out, /applied, then undone with Ctrl\+Z/);

    const listed = out.split('\n').filter((l) => /^\s+\S+\.png$/.test(l)).map((l) => resolve(ROOT, l.trim()));
    const want = ['demo-1-marks.png', 'demo-2-card.png', 'demo-3-applied.png', 'demo-4-undone.png'].map((f) => join(ROOT, 'out', f));
    assert.deepEqual(listed, want, 'the printed paths are out/demo-1…4');
    for (const f of want) {
      assert.ok(existsSync(f), `${f} exists`);
      const st = statSync(f);
      assert.ok(st.mtimeMs >= started - 1000, `${f} was written by this run`);
      assert.ok(st.size > 20000, `${f} is a real screenshot (${st.size} bytes)`);
      assert.deepEqual([...readFileSync(f).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${f} is a PNG`);
    }
    assert.deepEqual(await leftovers(tmp), [], 'no process started by run.sh is still running');
    assert.equal(await portOpen(port), false, `nothing listens on ${port} any more`);
    assert.deepEqual(readdirSync(tmp).filter((f) => f.startsWith('abh-')), [], 'run.sh removed its temp folder');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('Ctrl+C while the worker starts stops everything', { timeout: 120000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'abh-run-test-'));
  const port = await freePort();
  try {
    let sent = false;
    const { done } = runScript(port, tmp, {
      onOutput: (out, child) => {
        if (!sent && /starting the rule-pack worker/.test(out)) {
          sent = true;
          // Give wrangler a moment to spawn its children, then press Ctrl+C.
          setTimeout(() => { try { process.kill(-/** @type {number} */ (child.pid), 'SIGINT'); } catch { /* gone */ } }, 3000);
        }
      },
    });
    const { code, out } = await done;
    assert.ok(sent, `run.sh reached the worker start:\n${out}`);
    assert.equal(code, 130, `exit 130 after Ctrl+C:\n${out}`);
    assert.match(out, /stopped; the worker and Chromium are closed/);
    assert.deepEqual(await leftovers(tmp), [], 'nothing left running after Ctrl+C');
    assert.equal(await portOpen(port), false, `nothing listens on ${port}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('a busy PORT is one line naming the port and how to pick another', { timeout: 60000 }, async () => {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = /** @type {net.AddressInfo} */ (srv.address()).port;
  const tmp = mkdtempSync(join(tmpdir(), 'abh-run-test-'));
  try {
    const { done } = runScript(port, tmp);
    const { code, out } = await done;
    assert.equal(code, 1, out);
    const lines = out.trim().split('\n');
    assert.equal(lines.length, 1, `exactly one line:\n${out}`);
    assert.match(lines[0], new RegExp(`port ${port} .*already in use.*make run PORT=${port + 1}`));
  } finally {
    srv.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});
