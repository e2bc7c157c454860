// Integration test of the edge worker under `wrangler dev` (workerd + local
// D1) with the real CLI: publish, fetch, 304, bad token (401), another team
// (403), bad pack (400 with details; the previous version stays served),
// publish v2 (visible on the very next GET), rollback, history; then the
// server's whole process group is stopped.
//
//   node --test scripts/worker/worker.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, readFileSync, rmSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const testdata = join(root, "worker", "testdata");
const TOKEN = "it-token-" + process.pid;
const tmp = mkdtempSync(join(tmpdir(), "abh-worker-it-"));
const abh = join(tmp, "abh");
let server; // the worker-dev.sh process, leader of its own process group
let serverLog = "";
let base;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url, ms) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`worker-dev.sh exited (${server.exitCode}):\n${serverLog}`);
    try {
      const r = await fetch(url);
      if (r.status === 200) return;
      last = `status ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no 200 from ${url} after ${ms} ms (${last}):\n${serverLog}`);
}

// cli runs the real abh binary; it never throws, it reports the exit code.
async function cli(args, env = {}) {
  try {
    const { stdout, stderr } = await run(abh, args, {
      cwd: root,
      env: { ...process.env, ABH_PUBLISH_TOKEN: TOKEN, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    return { code: e.code ?? 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const sha = (buf) => createHash("sha256").update(buf).digest("hex");
const packURL = () => `${base}/v1/teams/demo/packs/acme-sales`;

function groupPids(pgid) {
  // Processes whose process group is pgid (Linux /proc).
  const out = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") out.push(Number(d));
    } catch {}
  }
  return out;
}

before(async () => {
  await run("go", ["build", "-o", abh, "./cmd/abh"], { cwd: root });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(join(root, "scripts", "worker-dev.sh"), ["--port", String(port), "--state", join(tmp, "state")], {
    cwd: root,
    detached: true, // own process group, so the whole tree can be stopped
    env: { ...process.env, ABH_PUBLISH_TOKEN: TOKEN },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.on("data", (d) => (serverLog += d));
  server.stderr.on("data", (d) => (serverLog += d));
  await waitHealthy(`${base}/healthz`, 150_000);
});

after(async () => {
  if (server && server.pid) {
    const pgid = server.pid;
    try {
      process.kill(-pgid, "SIGTERM");
    } catch {}
    const end = Date.now() + 10_000;
    while (groupPids(pgid).length > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    if (groupPids(pgid).length > 0) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {}
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(groupPids(pgid), [], "processes of the dev server left running");
  }
  rmSync(tmp, { recursive: true, force: true });
});

test("publish, fetch, 304, auth, bad pack, v2, rollback", async (t) => {
  const v1 = readFileSync(join(testdata, "acme-sales.json"));
  const v1ETag = `"${sha(v1)}"`;

  await t.test("nothing published yet: 404 as JSON", async () => {
    const r = await fetch(packURL());
    assert.equal(r.status, 404);
    const body = await r.json();
    assert.equal(body.error.code, "not_found");
    assert.ok(Array.isArray(body.error.details));
  });

  await t.test("publish v1 with the CLI", async () => {
    const r = await cli(["pack", "publish", "--server", base, "--team", "demo", join(testdata, "acme-sales.json")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /published demo\/acme-sales version 1 /);
  });

  await t.test("GET latest, then If-None-Match → 304", async () => {
    const r = await fetch(packURL());
    assert.equal(r.status, 200);
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), v1, "served bytes equal the published ones");
    assert.equal(r.headers.get("etag"), v1ETag);
    assert.equal(r.headers.get("x-pack-version"), "1");
    assert.equal(r.headers.get("cache-control"), "public, max-age=60");
    const again = await fetch(packURL());
    assert.equal(again.headers.get("x-abh-cache"), "memory", "second GET answered before Go");
    await again.arrayBuffer();
    const nm = await fetch(packURL(), { headers: { "If-None-Match": v1ETag } });
    assert.equal(nm.status, 304);
    assert.equal(nm.headers.get("etag"), v1ETag);
    const imm = await fetch(`${packURL()}/versions/1`);
    assert.equal(imm.status, 200);
    assert.equal(imm.headers.get("cache-control"), "public, max-age=31536000, immutable");
    await imm.arrayBuffer();
  });

  await t.test("wrong token → 401, another team → 403", async () => {
    const bad = await cli(["pack", "publish", "--server", base, "--team", "demo", join(testdata, "acme-sales.json")], {
      ABH_PUBLISH_TOKEN: "not-the-token",
    });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /401 unauthorized/);
    const none = await cli(["pack", "publish", "--server", base, "--team", "demo", join(testdata, "acme-sales.json")], {
      ABH_PUBLISH_TOKEN: "",
    });
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /ABH_PUBLISH_TOKEN/);
    const other = await cli(["pack", "publish", "--server", base, "--team", "other", join(testdata, "acme-sales.json")]);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /403 forbidden/);
    const raw = await fetch(packURL(), { method: "PUT", body: v1 });
    assert.equal(raw.status, 401);
    assert.equal((await raw.json()).error.code, "unauthorized");
  });

  await t.test("bad pack → 400 with every problem; v1 stays served", async () => {
    const r = await cli(["pack", "publish", "--server", base, "--team", "demo", join(testdata, "bad-pack.json")]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /400 invalid_pack/);
    for (const line of [
      "rule Bad_ID: id: ",
      "rule Bad_ID: severity: ",
      "rule no-category: kind: ",
      "rule no-category: category: ",
      "rule no-category: message: ",
      "rule no-category: examples.fire: ",
    ]) {
      assert.ok(r.stderr.includes("\n  " + line), `missing "${line}" in:\n${r.stderr}`);
    }
    const latest = await fetch(packURL(), { headers: { "cache-control": "no-cache" } });
    assert.equal(latest.headers.get("x-pack-version"), "1");
    await latest.arrayBuffer();
    const h = await (await fetch(`${packURL()}/versions`)).json();
    assert.equal(h.versions.length, 1);
  });

  await t.test("publish v2 (YAML, signed): visible on the next GET", async () => {
    const keys = join(tmp, "keys");
    const kg = await cli(["keygen", "-o", keys]);
    assert.equal(kg.code, 0, kg.stderr);
    const r = await cli([
      "pack", "publish", join(testdata, "acme-sales-v2.yaml"),
      "--server", base, "--team", "demo", "--key", join(keys, "abh-pack.key"),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /version 2 .*signed with key/);
    const g = await fetch(packURL(), { headers: { "If-None-Match": v1ETag } });
    assert.equal(g.status, 200, "the old ETag no longer matches");
    assert.equal(g.headers.get("x-pack-version"), "2");
    const pack = await g.json();
    assert.equal(pack.version, "2.0.0");
    assert.equal(pack.signature.alg, "ed25519");
  });

  await t.test("rollback to v1 → version 3 with v1's bytes", async () => {
    const r = await cli(["pack", "rollback", "--server", base, "--team", "demo", "--pack", "acme-sales", "--version", "1"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /back to version 1: now version 3/);
    const g = await fetch(packURL());
    assert.equal(g.headers.get("x-pack-version"), "3");
    assert.equal(g.headers.get("etag"), v1ETag);
    assert.deepEqual(Buffer.from(await g.arrayBuffer()), v1);
    const unknown = await cli(["pack", "rollback", "--server", base, "--team", "demo", "--pack", "acme-sales", "--version", "99"]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /404/);
    const h = await (await fetch(`${packURL()}/versions`)).json();
    assert.deepEqual(
      h.versions.map((v) => `${v.version}:${v.action}`),
      ["3:rollback", "2:publish", "1:publish"],
    );
  });

  await t.test("unknown paths and methods are JSON errors", async () => {
    const nf = await fetch(`${base}/nope`);
    assert.equal(nf.status, 404);
    assert.equal((await nf.json()).error.code, "not_found");
    const na = await fetch(packURL(), { method: "DELETE" });
    assert.equal(na.status, 405);
    assert.equal((await na.json()).error.code, "method_not_allowed");
  });
});
