// LinkedIn: the messaging box and the post composer get marks too, and no
// request carries the draft.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, LINKEDIN, marksInside, waitFor, editorText, leaks, textRect } from './harness.mjs';

const MSG = '.msg-form__contenteditable';
const POST = '.ql-editor';
const SECRET = 'Saffron heron quarterly';

/** @type {Awaited<ReturnType<typeof launch>>} */
let h;
/** @type {import('playwright-core').Page} */
let page;
before(async () => { h = await launch(); page = await openPage(h.context, LINKEDIN); });
after(async () => { await h?.close(); });

const cats = (ms) => [...new Set(ms.map((m) => m.category))].sort();

test('messaging box: a pushy message gets marks of the right categories', async () => {
  // Emoji (surrogate pairs) and accents before the phrases: offsets must survive UTF-8 ↔ UTF-16.
  const text = `🚀👋🏽 Ça marche — hi {FirstName}, thanks for connecting! We only have 3 spots left, ACT NOW. ${SECRET}.`;
  await page.click(MSG);
  await page.keyboard.type(text, { delay: 3 });
  assert.equal(await editorText(page, MSG), text);
  const ms = await waitFor(async () => {
    const m = await marksInside(page, MSG);
    const c = cats(m);
    return c.includes('scripted') && c.includes('closing-pressure') ? m : null;
  }, { message: 'scripted and closing-pressure marks in the messaging box' });
  assert.ok(ms.length >= 2);
  // The scripted mark covers exactly “{FirstName}” as the page lays it out.
  const want = await textRect(page, MSG, '{FirstName}');
  const got = ms.find((m) => m.category === 'scripted' && Math.abs(m.x - want.x) < 1.5);
  assert.ok(got, `a scripted mark at x=${want.x.toFixed(1)} (marks: ${JSON.stringify(ms.map((m) => [m.category, Math.round(m.x), Math.round(m.w)]))})`);
  assert.ok(Math.abs(got.w - want.w) < 1.5 && Math.abs(got.y - want.y) < 1.5, 'same width and line');
  // The card opens from a mark here too.
  await page.mouse.click(ms[0].x + ms[0].w / 2, ms[0].y + ms[0].h / 2);
  await page.locator('abh-root .abh-card').waitFor({ state: 'visible', timeout: 3000 });
  await page.keyboard.press('Escape');
});

test('post composer: marks as well', async () => {
  await page.click(POST);
  await page.keyboard.type('Excited to share our new product! Only 3 spots left for the launch webinar — ACT NOW.', { delay: 3 });
  await waitFor(async () => cats(await marksInside(page, POST)).includes('closing-pressure'),
    { message: 'closing-pressure marks in the post composer' });
  assert.equal(await page.locator('abh-root .abh-score').count(), 2, 'one badge per compose box');
});

test('no request contains the LinkedIn drafts', async () => {
  assert.ok(h.requests.some((r) => r.url.startsWith('https://www.linkedin.com/')));
  assert.deepEqual(leaks(h.requests, [SECRET, 'thanks for connecting', 'launch webinar']), []);
});
