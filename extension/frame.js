// @ts-check
// The engine frame (extension/frame.html): starts the Go wasm and answers the
// content script's requests, which come over a MessageChannel.
//
//   content → window: {type: 'abh-connect', answers} with a MessagePort (transfer)
//   content → port:   {id, type: 'analyze', text, settings}
//   content → port:   {type: 'answers', name}   reopen the answers' port
//   frame → content:  {id, type: 'result', json} (json: the result as JSON text)
//                     | {id, type: 'error', message}
//                     over the MessagePort and, when it is open, the extension
//                     port named `answers` (lib/answer-channel.js); the
//                     content script takes the first copy
//   port → content:   {type: 'ready', packs}   when the engine is ready, and
//                     again whenever the team packs change
//
// Requests that arrive before the engine is ready are queued and answered in
// order once it is. Team packs come from chrome.storage.local["abh:teamPacks"]
// (array of {url, publicKey, pack, ...}) at start and on every change.

import { startGo } from './lib/go-wasm.js';
import { openAnswers } from './lib/answer-channel.js';

const TEAM_PACKS_KEY = 'abh:teamPacks';

/** @type {any} */
const g = globalThis;

/** @type {MessagePort | null} */
let port = null;
/** @type {{send: (msg: any) => boolean, close: () => void} | null} the extension port answers go over */
let answers = null;
/** @type {'starting' | 'ready' | 'failed'} */
let state = 'starting';
let failure = '';
/** @type {{port: MessagePort, msg: any, recv: number}[]} */
const queue = [];

/**
 * Start-up marks (performance.now() of this frame): script start, wasm
 * instantiated, Go ready. Sent with 'ready' as absolute times
 * (performance.timeOrigin + mark) so the page can line them up with its own.
 * @type {Record<string, number>}
 */
const marks = { script: performance.now() };

/**
 * Loads and starts the Go program; resolves when it has called abhReady.
 * @param {Promise<any[]>} teamPacks the stored team packs: Go reads them at
 *   start (abhInitialTeamPacks) and compiles them with the built-in pack
 *   once, instead of compiling the built-in pack alone first
 */
async function startWasm(teamPacks) {
  const before = teamPacks.then((packs) => { g.abhInitialTeamPacks = packs.length ? JSON.stringify(packs) : ''; });
  // GOGC=400: the collector runs a quarter as often. Measured in Chromium on
  // a 5,000-character draft, engine p95 18 → 9.5 ms and start-up compile
  // 56 → 45 ms, for 34 MB of wasm memory instead of 18 MB.
  const { exited } = await startGo('abh.wasm', { marks, early: g.abhEarlyModule, env: { GOGC: '400' }, before });
  exited.then(() => {
    state = 'failed';
    failure = 'the engine stopped';
  });
}

/** @returns {Promise<any[]>} the compiled team pack objects stored locally */
async function readTeamPacks() {
  try {
    const got = await chrome.storage.local.get(TEAM_PACKS_KEY);
    return packObjects(got[TEAM_PACKS_KEY]);
  } catch (e) {
    console.warn('abh: cannot read team packs:', e);
    return [];
  }
}

/** @param {any} stored @returns {any[]} */
function packObjects(stored) {
  if (!Array.isArray(stored)) return [];
  return stored.map((s) => s && s.pack).filter((p) => p && typeof p === 'object');
}

/**
 * Hands the team packs to the engine. On error the previous packs stay in use.
 * @param {any[]} packs
 * @returns {boolean} whether they were loaded
 */
function setTeamPacks(packs) {
  const err = g.abhSetPacks(JSON.stringify(packs));
  if (err) {
    console.warn('abh:', err);
    return false;
  }
  return true;
}

/** @returns {any[]} */
function loadedPacks() {
  try {
    return JSON.parse(g.abhPacks());
  } catch {
    return [];
  }
}

/** @param {MessagePort} p */
function announce(p) {
  /** @type {Record<string, number>} */
  const timing = {};
  for (const [k, v] of Object.entries(marks)) timing[k] = performance.timeOrigin + v;
  timing.frameOrigin = performance.timeOrigin;
  p.postMessage({ type: 'ready', packs: loadedPacks(), timing });
}

/**
 * Sends an answer to a request over both the extension port, when it is open,
 * and p; the content script takes whichever comes first. After a keystroke
 * the page holds p's message back until its next frame, but not the
 * extension port's; otherwise p is the quicker (no hop through the browser).
 * @param {MessagePort} p @param {any} msg
 */
function reply(p, msg) {
  if (p === port) answers?.send(msg);
  p.postMessage(msg);
}

/**
 * @param {MessagePort} p
 * @param {any} msg
 * @param {number} recv when the request arrived (timeOrigin-based ms)
 */
function answer(p, msg, recv) {
  const id = msg.id;
  if (state === 'failed') {
    reply(p, { id, type: 'error', message: 'engine unavailable: ' + failure });
    return;
  }
  if (typeof msg.text !== 'string') {
    reply(p, { id, type: 'error', message: 'analyze: text must be a string' });
    return;
  }
  let settings = '{}';
  if (typeof msg.settings === 'string') settings = msg.settings || '{}';
  else if (msg.settings && typeof msg.settings === 'object') settings = JSON.stringify(msg.settings);
  try {
    const t0 = performance.now();
    const out = g.abhAnalyze(msg.text, settings);
    if (typeof out !== 'string') {
      reply(p, { id, type: 'error', message: String(out && out.message || out) });
      return;
    }
    // The result goes as the engine's JSON text, parsed by the page: copying
    // one string between processes is cheaper than cloning the object.
    // took: ms in the engine itself; recv, sent: when this frame got the
    // request and answered it (performance.timeOrigin-based, comparable
    // across processes), for the latency benchmark's breakdown.
    reply(p, { id, type: 'result', json: out, took: performance.now() - t0, recv, sent: performance.timeOrigin + performance.now() });
  } catch (e) {
    reply(p, { id, type: 'error', message: String(e && /** @type {any} */ (e).message || e) });
  }
}

/**
 * (Re)opens the extension port the answers to p's requests go over.
 * @param {MessagePort} p @param {unknown} name
 */
function useAnswers(p, name) {
  answers?.close();
  answers = null;
  openAnswers(/** @type {string} */ (name)).then((a) => {
    if (port === p) answers = a; else a?.close();
  });
}

/** @param {MessagePort} p @param {MessageEvent} e */
function onPortMessage(p, e) {
  const msg = e.data;
  if (!msg || typeof msg !== 'object') return;
  // The page came back from the back/forward cache, which closed the port.
  if (msg.type === 'answers') { if (p === port) useAnswers(p, msg.name); return; }
  if (msg.type !== 'analyze') return;
  const recv = performance.timeOrigin + performance.now();
  if (state === 'starting') queue.push({ port: p, msg, recv });
  else answer(p, msg, recv);
}

window.addEventListener('message', (e) => {
  // Only the page that embeds this frame (its content script) may connect.
  if (e.source !== window.parent) return;
  if (!e.data || e.data.type !== 'abh-connect' || !e.ports || !e.ports[0]) return;
  const p = e.ports[0];
  if (port && port !== p) port.close();
  port = p;
  useAnswers(p, e.data.answers);
  p.onmessage = (ev) => onPortMessage(p, ev);
  if (state === 'ready') announce(p);
  else if (state === 'failed') p.postMessage({ type: 'error', message: 'engine unavailable: ' + failure });
});

async function main() {
  /** @type {any[] | null} team packs that changed while the engine was starting */
  let changedWhileStarting = null;
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(TEAM_PACKS_KEY in changes)) return;
    const packs = packObjects(changes[TEAM_PACKS_KEY].newValue);
    if (state !== 'ready') { changedWhileStarting = packs; return; }
    if (setTeamPacks(packs) && port) announce(port);
  });
  const packsRead = readTeamPacks();
  try {
    await startWasm(packsRead);
  } catch (e) {
    state = 'failed';
    failure = String(e && /** @type {any} */ (e).message || e);
    console.error('abh: engine failed to start:', e);
    for (const { port: p, msg, recv } of queue.splice(0)) answer(p, msg, recv);
    return;
  }
  const stored = await packsRead;
  // The stored packs are loaded already (the same JSON again is a no-op);
  // this reports them if they failed, or loads packs that changed meanwhile.
  setTeamPacks(changedWhileStarting || stored);
  state = 'ready';
  if (port) announce(port);
  for (const { port: p, msg, recv } of queue.splice(0)) answer(p, msg, recv);
}

main();
