#!/usr/bin/env node
// Benchmark of the extension in real Chromium (Debian /usr/bin/chromium via
// playwright-core), on the Gmail fixture served at mail.google.com with a
// strict CSP:
//   - wasm size, raw and gzip -9;
//   - time from navigation / page load to "engine ready" (several fresh loads);
//   - keystroke → highlight latency on a 5,000-character draft, measured in
//     the page with performance.now(): from the keydown to the overlay's
//     render (the content script bumps abh-root[data-abh-seq] after drawing)
//     and to the next animation frame after it (≈ paint);
//   - JS heap of the tab and of the engine frame, and the wasm linear memory.
// Usage: node scripts/bench-latency.mjs [--keys N] [--loads N] [--json]
// Needs the wasm built first: bash scripts/build-extension.sh
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { launch, openPage, GMAIL, ROOT, waitFor, settle } from './e2e/harness.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const KEYS = arg('--keys', 200);
const LOADS = arg('--loads', 5);
const JSON_OUT = process.argv.includes('--json');

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const med = (xs) => pct(xs, 50);
const f1 = (x) => (x == null ? 'n/a' : x.toFixed(1));
const mb = (b) => (b / 1048576).toFixed(2) + ' MB';

/** A 5,000-character draft with the usual mix of pushy and plain sentences. */
function draft(n = 5000, paragraphs = false) {
  const s = [
    'Hi {FirstName}, I hope this email finds you well.',
    'I wanted to reach out because our platform helps teams like yours ship faster.',
    'We only have 3 spots left this quarter, so ACT NOW and sign today.',
    'Last week I looked at how your team handles onboarding and noticed two places where a checklist would save time.',
    'Just checking in to see if you had a chance to look at my last email.',
    'Here is the case study from Acme: they cut their review time by 40 % in two months.',
    'Would it help if I sent over the numbers we discussed, so you can compare them with your current vendor?',
  ];
  let out = '';
  // One long paragraph by default (the worst case for layout); with
  // --paragraphs, a blank line after every fourth sentence, as emails are written.
  for (let i = 0; out.length < n; i++) out += (out ? (paragraphs && i % 4 === 0 ? '\n\n' : ' ') : '') + s[i % s.length];
  return out.slice(0, n);
}

const h = await launch();
const report = {};
try {
  // ---- wasm size ----
  const wasm = readFileSync(join(ROOT, 'extension/build/abh.wasm'));
  report.wasm = { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length };

  // ---- page load → ready ----
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const p = await openPage(h.context, GMAIL);
    const t = await p.evaluate(() => {
      const r = document.querySelector('abh-root').dataset;
      const nav = /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]);
      /** @type {Record<string, number>} */
      const startup = {};
      for (const kv of (r.abhStartup || '').split(',')) {
        const [k, v] = kv.split('=');
        if (k) startup[k] = Number(v);
      }
      return { started: Number(r.abhStarted), loader: Number(r.abhLoaderStarted), ready: Number(r.abhReady), dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, startup };
    });
    loads.push(t);
    await p.close();
  }
  report.ready = {
    loads: LOADS,
    contentScriptStart_ms: med(loads.map((t) => t.started)),
    readyAfterNavigation_ms: med(loads.map((t) => t.ready)),
    readyAfterLoadEvent_ms: med(loads.map((t) => t.ready - t.load)),
    readyAfterContentScriptStart_ms: med(loads.map((t) => t.ready - t.started)),
    readyAfterContentScriptStart_max_ms: Math.max(...loads.map((t) => t.ready - t.started)),
    // From content-loader.js's start, before main.js and its imports load.
    readyAfterLoaderStart_ms: med(loads.map((t) => t.ready - t.loader)),
    // Where the time goes, medians in ms: content script start → engine
    // frame document created → frame script runs → wasm compiled and
    // instantiated → Go ready (built-in pack compiled) → page told.
    steps: {
      toFrameDocument: med(loads.map((t) => t.startup.frameOrigin - t.started)),
      frameDocumentToScript: med(loads.map((t) => t.startup.script - t.startup.frameOrigin)),
      wasmFetchCompileInstantiate: med(loads.map((t) => t.startup.instantiated - t.startup.script)),
      goStartAndPackCompile: med(loads.map((t) => t.startup.ready - t.startup.instantiated)),
      readyMessageToPage: med(loads.map((t) => t.ready - t.startup.ready)),
    },
  };

  // ---- keystroke → highlight on a 5,000-character draft ----
  const page = await openPage(h.context, GMAIL);
  await page.click('[gh="cm"]');
  const box = page.locator('[id=":new"]');
  await box.click();
  const text = draft(5000, process.argv.includes('--paragraphs'));
  // Paste-like insertion (one edit) so the draft is there at once.
  await page.evaluate((t) => document.execCommand('insertText', false, t), text);
  await waitFor(async () => (await box.evaluate((el) => el.innerText.length)) >= 5000, { message: 'the 5,000-character draft' });
  await settle(page, 400);
  const marks0 = await page.evaluate(() => document.querySelector('abh-root').shadowRoot.querySelectorAll('.abh-mark').length);

  await page.evaluate(() => {
    const root = document.querySelector('abh-root');
    const w = /** @type {any} */ (window);
    w.__bench = { t0: 0, tin: 0, resolve: null };
    document.addEventListener('keydown', () => { w.__bench.t0 = performance.now(); }, true);
    document.addEventListener('beforeinput', () => { w.__bench.tin = performance.now(); }, true);
    new MutationObserver(() => {
      const b = w.__bench;
      if (!b.t0 || !b.resolve) return;
      const t1 = performance.now();
      const t0 = b.t0, tin = b.tin || b.t0, res = b.resolve;
      b.t0 = 0; b.resolve = null;
      const parts = (root.dataset.abhTiming || '').split(',').map(Number);
      requestAnimationFrame(() => res({ render: t1 - t0, input: t1 - tin, frame: performance.now() - t0, parts }));
    }).observe(root, { attributes: true, attributeFilter: ['data-abh-seq'] });
  });
  const typed = ' Please ACT NOW, only 3 spots left. Just checking in, {FirstName}.';
  const render = [], input = [], frame = [], parts = [[], [], [], [], [], [], []];
  for (let i = 0; i < KEYS; i++) {
    const wait = page.evaluate(() => new Promise((res) => { /** @type {any} */ (window).__bench.resolve = res; }));
    await page.keyboard.type(typed[i % typed.length]);
    const r = await Promise.race([wait, new Promise((res) => setTimeout(() => res(null), 2000))]);
    if (r) { render.push(r.render); input.push(r.input); frame.push(r.frame); r.parts.forEach((x, k) => parts[k]?.push(x)); }
  }
  await settle(page, 300);
  const marks1 = await page.evaluate(() => document.querySelector('abh-root').shadowRoot.querySelectorAll('.abh-mark').length);
  report.latency = {
    draftChars: text.length, keys: KEYS, measured: render.length, marksBefore: marks0, marksAfter: marks1,
    render_p50_ms: med(render), render_p95_ms: pct(render, 95), render_max_ms: Math.max(...render),
    fromInput_p50_ms: med(input), fromInput_p95_ms: pct(input, 95),
    nextFrame_p50_ms: med(frame), nextFrame_p95_ms: pct(frame, 95),
    extract_p50_ms: med(parts[0]), engineRoundTrip_p50_ms: med(parts[1]), engineRoundTrip_p95_ms: pct(parts[1], 95),
    draw_p50_ms: med(parts[2]), draw_p95_ms: pct(parts[2], 95),
    engineAlone_p50_ms: med(parts[3]), engineAlone_p95_ms: pct(parts[3], 95),
    // The round trip's hops (clocks of page and frame lined up with
    // performance.timeOrigin): request to the frame, in the frame (engine +
    // encoding), answer back to the page's handler.
    hopToFrame_p50_ms: med(parts[4]), inFrame_p50_ms: med(parts[5]), inFrame_p95_ms: pct(parts[5], 95),
    hopBack_p50_ms: med(parts[6]), hopBack_p95_ms: pct(parts[6], 95),
  };

  // ---- memory: the tab (page + content script share one isolate) and the engine frame ----
  const cdp = await h.context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const tabHeap = await cdp.send('Runtime.getHeapUsage');
  const engineFrame = page.frames().find((f) => f.url().endsWith('/extension/frame.html'));
  const mem = { tabJsHeapUsed: tabHeap.usedSize, tabJsHeapTotal: tabHeap.totalSize };
  if (engineFrame) {
    try {
      const fc = await h.context.newCDPSession(engineFrame);
      await fc.send('HeapProfiler.collectGarbage').catch(() => {});
      const fh = await fc.send('Runtime.getHeapUsage');
      mem.frameJsHeapUsed = fh.usedSize;
      mem.frameJsHeapTotal = fh.totalSize;
      // Find every WebAssembly.Memory in the frame (the Go instance's linear memory).
      const proto = await fc.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
      const objs = await fc.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
      const sum = await fc.send('Runtime.callFunctionOn', {
        objectId: objs.objects.objectId,
        functionDeclaration: 'function () { return this.reduce((n, m) => n + m.buffer.byteLength, 0); }',
        returnByValue: true,
      });
      mem.wasmLinearMemory = sum.result.value;
    } catch (e) {
      mem.frameError = String(e.message || e);
    }
  }
  report.memory = mem;
} finally {
  await h.close();
}

if (JSON_OUT) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const r = report;
  console.log('Always Be Helping — extension benchmark (headless Chromium, Gmail fixture, strict CSP)');
  console.log(`wasm: ${mb(r.wasm.raw)} raw, ${mb(r.wasm.gzip)} gzip -9 (target ≤ 1.0 MB gzip)`);
  console.log(`ready (median of ${r.ready.loads} loads): content script starts ${f1(r.ready.contentScriptStart_ms)} ms after navigation; ` +
    `engine ready ${f1(r.ready.readyAfterNavigation_ms)} ms after navigation, ${f1(r.ready.readyAfterLoadEvent_ms)} ms after the load event, ` +
    `${f1(r.ready.readyAfterContentScriptStart_ms)} ms after the content script (main.js) started (max ${f1(r.ready.readyAfterContentScriptStart_max_ms)}), ` +
    `${f1(r.ready.readyAfterLoaderStart_ms)} ms after content-loader.js started (target ≤ 150 ms)`);
  const st = r.ready.steps;
  console.log(`  steps (medians): to the engine frame's document ${f1(st.toFrameDocument)} ms, frame script starts ${f1(st.frameDocumentToScript)}, ` +
    `wasm fetched + compiled + instantiated ${f1(st.wasmFetchCompileInstantiate)}, Go start + built-in pack compile ${f1(st.goStartAndPackCompile)}, ready message to the page ${f1(st.readyMessageToPage)}`);
  const l = r.latency;
  console.log(`keystroke → highlight, ${l.draftChars}-char draft, ${l.measured}/${l.keys} keys: p50 ${f1(l.render_p50_ms)} ms, p95 ${f1(l.render_p95_ms)} ms, max ${f1(l.render_max_ms)} ms ` +
    `(to next frame: p50 ${f1(l.nextFrame_p50_ms)}, p95 ${f1(l.nextFrame_p95_ms)}) (target p95 ≤ 16 ms); marks ${l.marksBefore} → ${l.marksAfter}`);
  console.log(`  from the edit itself (beforeinput) to highlight: p50 ${f1(l.fromInput_p50_ms)} ms, p95 ${f1(l.fromInput_p95_ms)} ms`);
  console.log(`  breakdown (p50): extract ${f1(l.extract_p50_ms)} ms, engine round trip ${f1(l.engineRoundTrip_p50_ms)} ms (p95 ${f1(l.engineRoundTrip_p95_ms)}), draw ${f1(l.draw_p50_ms)} ms (p95 ${f1(l.draw_p95_ms)}); inside the round trip, the engine itself ${f1(l.engineAlone_p50_ms)} ms (p95 ${f1(l.engineAlone_p95_ms)})`);
  console.log(`  round trip hops (p50): to the frame ${f1(l.hopToFrame_p50_ms)} ms, in the frame ${f1(l.inFrame_p50_ms)} (p95 ${f1(l.inFrame_p95_ms)}), back to the page's handler ${f1(l.hopBack_p50_ms)} (p95 ${f1(l.hopBack_p95_ms)})`);
  const m = r.memory;
  console.log(`memory: tab JS heap ${mb(m.tabJsHeapUsed)} used / ${mb(m.tabJsHeapTotal)}; engine frame JS heap ` +
    `${m.frameJsHeapUsed != null ? mb(m.frameJsHeapUsed) : 'n/a'}; wasm linear memory ${m.wasmLinearMemory != null ? mb(m.wasmLinearMemory) : 'n/a'}` +
    (m.frameError ? ` (frame: ${m.frameError})` : ''));
}
