// Typing is never blocked: a long draft typed key by key while the engine
// analyses ends up exactly as typed, marks keep coming while typing, and the
// page's main thread sees no long task. The engine frame answers over its
// extension port, which the page does not hold back after a keystroke.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, GMAIL, marksInside, waitFor, editorText, renderSeq } from './harness.mjs';

const NEW = '[id=":new"]';
const PARA = [
  'Hi {FirstName}, I hope this finds you well.',
  'I wanted to reach out because we only have 3 spots left this quarter, so ACT NOW before the price goes up.',
  'Our platform is the best on the market and everyone loves it; you would be crazy to miss out. Ça coûte moins cher — 20 % off.',
  'Let me know when you are free for a quick call this week, I can walk you through the numbers and the roll-out plan for your team.',
];
const TEXT = [PARA.join(' '), PARA.slice(1).join(' '), PARA.slice(0, 3).join(' ')].join('\n');

/** @type {Awaited<ReturnType<typeof launch>>} */
let h;
before(async () => { h = await launch(); });
after(async () => { await h?.close(); });

test('a long draft typed while analysis runs ends up exactly as typed', async (t) => {
  const page = await openPage(h.context, GMAIL);
  await page.click('[gh="cm"]');
  await page.waitForSelector(NEW);
  await page.click(NEW);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
  });
  const seq0 = await renderSeq(page);
  const half = Math.floor(TEXT.length / 2);
  await page.keyboard.type(TEXT.slice(0, half), { delay: 2 });
  const seqMid = await renderSeq(page);
  await page.keyboard.type(TEXT.slice(half), { delay: 2 });
  assert.equal(await editorText(page, NEW), TEXT, 'the editor holds exactly what was typed');
  assert.ok(seqMid > seq0 + 5, `analysis ran while typing (${seqMid - seq0} renders in the first half)`);
  const m = await waitFor(async () => { const x = await marksInside(page, NEW); return x.length >= 5 ? x : null; },
    { message: 'marks after typing' });
  const longTasks = await page.evaluate(() => window.__longTasks);
  t.diagnostic(`${TEXT.length} characters, ${await renderSeq(page) - seq0} renders, ${m.length} marks, long tasks: ${JSON.stringify(longTasks.map(Math.round))}`);
  assert.ok(longTasks.every((d) => d < 200), `no long task blocked typing: ${longTasks}`);
});

test('the engine frame answers over its extension port as well as the MessageChannel', async () => {
  const page = await openPage(h.context, GMAIL);
  await page.click('[gh="cm"]');
  await page.waitForSelector(NEW);
  await page.click(NEW);
  const seq0 = await renderSeq(page);
  await page.keyboard.type('ACT NOW');
  await waitFor(async () => (await renderSeq(page)) > seq0, { message: 'an analysis drawn' });
  // lib/answer-channel.js: the content script accepted the frame's port.
  await waitFor(() => page.evaluate(() => document.querySelector('abh-root')?.dataset.abhAnswers === 'port'),
    { message: 'abh-root[data-abh-answers="port"]' });
  await page.close();
});
