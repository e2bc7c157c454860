// Workers entry for the Go edge worker (worker/edge, built to build/app.wasm).
//
// syumai/workers' generated build/worker.mjs starts a new Go instance for
// every request (≈17 ms each). This entry instead:
//   1. answers GETs of a pack (latest, versions/{n}) and If-None-Match 304s
//      from a per-isolate memory cache, then the Cache API (caches.default),
//      before Go is involved at all;
//   2. otherwise hands the request to ONE Go instance per isolate, created
//      lazily on the first request that needs it (never at global scope,
//      where workerd forbids timers and I/O) and reused afterwards;
//   3. lets one request at a time into Go, so every D1 call and promise Go
//      makes belongs to the request it serves (workerd ties I/O to the
//      request that started it), and updates the caches while still holding
//      that turn: a successful publish or rollback drops the pack's cached
//      "latest" before the next request of this isolate can read it.
// Other isolates of the same data centre may serve the previous latest from
// memory for at most 10 s; other data centres from their edge cache for at
// most its max-age (60 s), as Cache-Control allows any HTTP cache to do.
import "./build/wasm_exec.js";
import wasmModule from "./build/app.wasm";

// syumai/workers' Go side calls globalThis.tryCatch.
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
};

// The runtime context Go reads as globalThis.context (see wasm_exec.js):
// persistent tells worker/edge to keep serving instead of exiting after one
// request; env and ctx are those of the request currently inside Go.
const runtime = { env: undefined, ctx: undefined, binding: {}, persistent: true };
let goRunning = false;
let onGoExit = null; // rejects the request inside Go if the program dies

function startGo() {
  const go = new Go();
  let ready;
  const readyPromise = new Promise((resolve) => (ready = resolve));
  const instance = new WebAssembly.Instance(wasmModule, {
    ...go.importObject,
    workers: { ready: () => ready() },
  });
  goRunning = true;
  go.run(instance, runtime).finally(() => {
    // The program exited (it should not): start a new one next time.
    goRunning = false;
    if (onGoExit) onGoExit(new Error("the Go program exited"));
  });
  return readyPromise;
}

// A FIFO lock: each waiter creates its own promise, so no request ever
// awaits a promise created by another request.
let busy = false;
const waiters = [];
function lock() {
  if (!busy) {
    busy = true;
    return null;
  }
  return new Promise((resolve) => waiters.push(resolve));
}
function unlock() {
  const next = waiters.shift();
  if (next) next();
  else busy = false;
}

// ---- caches ---------------------------------------------------------------

const NAME = "[a-z0-9][a-z0-9-]{0,63}";
const PACK_PATH = new RegExp(`^/v1/teams/(${NAME})/packs/(${NAME})(/versions/[1-9][0-9]{0,9})?$`);
const KEPT_HEADERS = [
  "content-type",
  "etag",
  "cache-control",
  "x-pack-version",
  "last-modified",
  "access-control-allow-origin",
  "access-control-expose-headers",
  "x-content-type-options",
];
const MEMORY_LIMIT = 256; // entries per isolate
const MEMORY_LATEST_MS = 10_000;
const memory = new Map(); // key → {headers, body, etag, expires}

function maxAge(cacheControl) {
  const m = /max-age=(\d+)/.exec(cacheControl || "");
  return m ? Number(m[1]) : 0;
}

function entryFrom(headers, body) {
  const kept = [];
  for (const name of KEPT_HEADERS) {
    const v = headers.get(name);
    if (v !== null) kept.push([name, v]);
  }
  return {
    headers: kept,
    body,
    etag: headers.get("etag"),
    expires: Date.now() + maxAge(headers.get("cache-control")) * 1000,
  };
}

function remember(key, entry) {
  if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value);
  memory.set(key, entry);
}

function etagMatches(header, etag) {
  return header.split(",").some((t) => {
    t = t.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}

function fromEntry(entry, request, source) {
  const headers = new Headers(entry.headers);
  headers.set("x-abh-cache", source);
  const inm = request.headers.get("if-none-match");
  if (inm && entry.etag && etagMatches(inm, entry.etag)) {
    headers.delete("content-type");
    return new Response(null, { status: 304, headers });
  }
  return new Response(entry.body, { status: 200, headers });
}

function edgeCache() {
  return typeof caches !== "undefined" && caches.default ? caches.default : null;
}

// Memory keys are paths (whatever host name the client used); edge cache keys
// are full URLs on the request's own origin.
async function cachedAnswer(request, url) {
  const key = url.pathname;
  const now = Date.now();
  let entry = memory.get(key);
  if (entry && entry.expires > now) return fromEntry(entry, request, "memory");
  if (entry) memory.delete(key);
  const cache = edgeCache();
  if (!cache) return null;
  let res;
  try {
    res = await cache.match(url.origin + key);
  } catch {
    return null;
  }
  if (!res || res.status !== 200) return null;
  entry = entryFrom(res.headers, await res.arrayBuffer());
  // The edge cache honours max-age; keep the copy in memory only briefly so
  // an invalidation elsewhere in this data centre is seen soon.
  entry.expires = Math.min(entry.expires, now + MEMORY_LATEST_MS);
  remember(key, entry);
  return fromEntry(entry, request, "edge");
}

// ---- Go ------------------------------------------------------------------

function jsonError(status, code, message) {
  return new Response(JSON.stringify({ error: { code, message, details: [] } }) + "\n", {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

const NULL_BODY = new Set([101, 204, 205, 304]);

// The worker accepts packs of up to 1 MiB (worker.DefaultMaxPackBytes); one
// byte more is enough for Go to answer 413, so never buffer more than that.
const BODY_CAP = (1 << 20) + 1;

async function readCapped(request) {
  if (!request.body) return null;
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  while (size < BODY_CAP) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= BODY_CAP) await reader.cancel().catch(() => {});
  const out = new Uint8Array(Math.min(size, BODY_CAP));
  let off = 0;
  for (const c of chunks) {
    const n = Math.min(c.byteLength, out.length - off);
    out.set(c.subarray(0, n), off);
    off += n;
    if (off >= out.length) break;
  }
  return out;
}

// Runs request through Go, holding the lock until the body is read and the
// caches are updated.
async function viaGo(request, env, ctx, url, cacheKey, latestKey) {
  const wait = lock();
  if (wait) await wait;
  try {
    if (!goRunning) await startGo();
    runtime.env = env;
    runtime.ctx = ctx;
    let res;
    try {
      const plain = {
        method: request.method,
        url: request.url,
        headers: [...request.headers],
        body: await readCapped(request),
      };
      res = await new Promise((resolve, reject) => {
        onGoExit = reject;
        runtime.binding.serve(plain, resolve);
      });
    } catch (e) {
      console.error("abh worker: Go failed:", e && e.stack ? e.stack : String(e));
      return jsonError(500, "internal", "internal error; try again later");
    }
    const status = res.status;
    const body = NULL_BODY.has(status) || request.method === "HEAD" ? null : res.body;
    const headers = new Headers(res.headers);
    headers.set("x-abh-cache", "miss");
    const cache = edgeCache();
    if (cacheKey && status === 200 && request.method === "GET") {
      const entry = entryFrom(headers, body);
      // Another isolate may publish: hold "latest" in memory for at most
      // MEMORY_LATEST_MS, then look again (edge cache, which a publish
      // purges in this data centre, or Go).
      if (!cacheKey.includes("/versions/")) entry.expires = Math.min(entry.expires, Date.now() + MEMORY_LATEST_MS);
      remember(cacheKey, entry);
      if (cache) {
        const stored = new Response(body, { status: 200, headers: entry.headers });
        try {
          await cache.put(url.origin + cacheKey, stored);
        } catch (e) {
          console.warn("abh worker: cache put failed:", String(e));
        }
      }
    }
    if (latestKey && (status === 201 || status === 200)) {
      memory.delete(latestKey);
      if (cache) {
        try {
          await cache.delete(url.origin + latestKey);
        } catch (e) {
          console.warn("abh worker: cache delete failed:", String(e));
        }
      }
    }
    return new Response(body, { status, headers });
  } finally {
    onGoExit = null;
    unlock();
  }
}

async function fetch(request, env, ctx) {
  const url = new URL(request.url);
  const m = PACK_PATH.exec(url.pathname);
  let cacheKey = null;
  let latestKey = null;
  if (m) {
    const latest = `/v1/teams/${m[1]}/packs/${m[2]}`;
    if (request.method === "GET" && !url.search) {
      cacheKey = url.pathname;
      const hit = await cachedAnswer(request, url);
      if (hit) return hit;
    } else if (request.method === "PUT" && !m[3]) {
      latestKey = latest;
    }
  } else if (request.method === "POST") {
    const r = /^\/v1\/teams\/([a-z0-9][a-z0-9-]{0,63})\/packs\/([a-z0-9][a-z0-9-]{0,63})\/rollback$/.exec(url.pathname);
    if (r) latestKey = `/v1/teams/${r[1]}/packs/${r[2]}`;
  }
  return viaGo(request, env, ctx, url, cacheKey, latestKey);
}

export default { fetch };
