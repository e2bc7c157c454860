// Gmail: marks of the right categories while typing, nothing from the quoted
// thread or the signature, the card, apply + Ctrl+Z (and the page's autosave
// sees the edit), ignore / turn-rule-off, and no request carrying the draft.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, GMAIL, marks, marksInside, settle, waitFor, editorText, extensionPage,
  screenshotPath, leaks,
} from './harness.mjs';

const REPLY = '[id=":reply"]';
const NEW = '[id=":new"]';
// A distinctive phrase that must never leave the browser.
const SECRET = 'Vermilion otter ledger';
const DRAFT = `Hi {FirstName},\nI wanted to reach out because our platform is amazing and we only have 3 spots left this quarter. ACT NOW and you will thank me later.\n${SECRET} is attached.`;

/** @type {Awaited<ReturnType<typeof launch>>} */
let h;
/** @type {import('playwright-core').Page} */
let page;

before(async () => {
  h = await launch();
  page = await openPage(h.context, GMAIL);
});
after(async () => { await h?.close(); });

const cats = (ms) => [...new Set(ms.map((m) => m.category))].sort();

test('inline reply: the rep\'s own text is marked, the quoted thread and the signature are not', async () => {
  const own = await waitFor(async () => { const m = await marksInside(page, REPLY); return m.length ? m : null; },
    { message: 'a mark in the inline reply' });
  assert.deepEqual(cats(own), ['empty-activity'], 'only “Just checking in” in the rep\'s words');
  assert.equal((await marksInside(page, '#reply-line')).length, 1, 'the mark sits on the rep\'s line');
  assert.equal((await marksInside(page, `${REPLY} .gmail_quote`)).length, 0, 'no mark in the quoted thread');
  assert.equal((await marksInside(page, `${REPLY} .gmail_signature`)).length, 0, 'no mark in the signature');
  // The signature's number would have silenced “Just checking in” had it been read.
  assert.equal((await marks(page)).length, 1, 'exactly one mark on the page');
  assert.equal(await page.locator('abh-root .abh-score').count(), 1, 'one score badge per compose box');
});

test('new message: typing a pushy draft produces marks of the right categories', async () => {
  await page.click('[gh="cm"]');
  await page.waitForSelector(NEW);
  await page.click(NEW);
  await page.keyboard.type(DRAFT, { delay: 4 });
  assert.equal(await editorText(page, NEW), DRAFT, 'the editor holds exactly what was typed');
  const inNew = await waitFor(async () => {
    const m = await marksInside(page, NEW);
    const c = cats(m);
    return c.includes('scripted') && c.includes('closing-pressure') ? m : null;
  }, { message: 'scripted and closing-pressure marks in the new message' });
  assert.ok(inNew.every((m) => m.category !== 'metric'), 'metric findings are not drawn');
  assert.ok(inNew.length >= 3, `several marks (got ${inNew.length})`);
  await waitFor(async () => (await page.locator('abh-root .abh-score').count()) === 2, { message: 'two badges' });
  // The badge shows the reasons on click.
  const badges = page.locator('abh-root .abh-score');
  const scores = await badges.allTextContents();
  assert.ok(scores.every((s) => /^\d+$/.test(s)), `badges show scores: ${scores}`);
});

/** Clicks marks in the new message until a card with a rewrite shows; returns its match and first rewrite. */
async function openCardWithRewrite() {
  const ms = await marksInside(page, NEW);
  for (const m of ms) {
    await page.mouse.click(m.x + m.w / 2, m.y + m.h / 2);
    const card = page.locator('abh-root .abh-card');
    await card.waitFor({ state: 'visible', timeout: 3000 });
    if (await card.locator('[data-action="apply"]').count()) {
      const match = (await card.locator('.abh-match').textContent()).replace(/^“|”$/g, '');
      const rewrite = await card.locator('[data-action="apply"]').first().textContent();
      return { match, rewrite, card, mark: m };
    }
    await page.keyboard.press('Escape');
  }
  throw new Error('no mark with a rewrite in the new message');
}

test('clicking a mark shows the card; apply changes only that span; Ctrl+Z restores it', async () => {
  await settle(page);
  const { match, rewrite, card } = await openCardWithRewrite();
  assert.ok(await card.locator('[data-action="ignore"]').isVisible());
  assert.ok(await card.locator('[data-action="disable-rule"]').isVisible());
  assert.ok((await card.locator('.abh-why').textContent()).length > 10, 'the card says why');
  await page.screenshot({ path: screenshotPath('e2e-gmail.png') });

  const before = await editorText(page, NEW);
  const at = before.indexOf(match);
  assert.ok(at >= 0 && before.indexOf(match, at + 1) < 0, `“${match}” occurs once in the draft`);
  const expected = before.slice(0, at) + rewrite + before.slice(at + match.length);

  await card.locator('[data-action="apply"]').first().click();
  await waitFor(async () => (await editorText(page, NEW)) !== before, { message: 'the rewrite to land' });
  assert.equal(await editorText(page, NEW), expected, 'only the span changed');
  assert.ok(!(await card.isVisible()), 'the card closed');
  // The page's own input listeners (Gmail's autosave) saw an ordinary edit.
  const saved = await page.evaluate(() => window.__fixtureAutosave.last[':new']);
  assert.equal(saved.replace(/\u00a0/g, ' '), expected, 'autosave recorded the applied rewrite');

  await page.keyboard.press('Control+z');
  await waitFor(async () => (await editorText(page, NEW)) === before, { message: 'Ctrl+Z to restore the draft' });
  assert.equal(await editorText(page, NEW), before);
  // The mark comes back for the restored phrase.
  await waitFor(async () => (await marksInside(page, NEW)).length >= 3, { message: 'marks after undo' });
});

test('keyboard shortcut Alt+Shift+J opens the card, Escape closes it', async () => {
  await page.click(NEW);
  await page.keyboard.press('Alt+Shift+J');
  const card = page.locator('abh-root .abh-card');
  await card.waitFor({ state: 'visible', timeout: 3000 });
  await page.keyboard.press('Escape');
  await card.waitFor({ state: 'hidden', timeout: 3000 });
});

test('ignore and turn-this-rule-off change what is marked and are saved in settings', async () => {
  await settle(page);
  const ext = await extensionPage(h.context, h.extId);
  const read = () => ext.evaluate(async () => (await chrome.storage.sync.get('abh:settings'))['abh:settings'] || {});

  // Ignore: the phrase's mark goes and the phrase lands in settings.ignored.
  const first = await openCardWithRewrite();
  const same = (a, b) => a.rule === b.rule && Math.abs(a.x - b.x) < 2 && Math.abs(a.y - b.y) < 2;
  await first.card.locator('[data-action="ignore"]').click();
  await waitFor(async () => !(await marksInside(page, NEW)).some((m) => same(m, first.mark)),
    { message: 'the ignored mark to go' });
  assert.ok((await read()).ignored.includes(first.match.toLowerCase()));

  // Turn the rule off: every mark of that rule goes.
  const ms = await marksInside(page, NEW);
  const target = ms[0];
  await page.mouse.click(target.x + target.w / 2, target.y + target.h / 2);
  await page.locator('abh-root .abh-card').waitFor({ state: 'visible' });
  await page.locator('abh-root .abh-card [data-action="disable-rule"]').click();
  await waitFor(async () => !(await marksInside(page, NEW)).some((m) => m.rule === target.rule),
    { message: `marks of ${target.rule} to go` });
  assert.ok((await read()).disabledRules.includes(target.rule));
  await ext.evaluate(() => chrome.storage.sync.remove('abh:settings'));
  await waitFor(async () => (await marksInside(page, NEW)).some((m) => m.rule === target.rule), { message: 'reset brings them back' });
  await ext.close();
});

test('closing the compose dialog removes its marks and badge', async () => {
  await page.click('[role="dialog"] .Ha');
  await waitFor(async () => (await marks(page)).length === 1 && (await page.locator('abh-root .abh-score').count()) === 1,
    { message: 'only the reply\'s mark and badge to remain' });
});

test('no request made by the page or the extension contains the draft', async () => {
  assert.ok(h.requests.some((r) => r.url.startsWith('https://mail.google.com/')), 'requests were recorded');
  assert.ok(h.requests.some((r) => r.url.includes('/extension/build/abh.wasm')), 'the engine frame\'s requests are recorded');
  // The recorder also sees the background service worker's requests.
  await h.sw.evaluate(() => fetch('https://probe.invalid/sw', { method: 'POST', body: 'probe' }).catch(() => 0));
  await waitFor(() => h.requests.some((r) => r.url === 'https://probe.invalid/sw' && r.body === 'probe'),
    { message: 'the service worker probe request to be recorded' });
  const found = leaks(h.requests, [SECRET, 'thank me later', 'I wanted to reach out', 'Just checking in on the proposal']);
  assert.deepEqual(found, []);
});
