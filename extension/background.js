// @ts-check
// Background service worker: seeds the default settings on install and keeps
// the team packs in sync (extension/sync/). The engine that analyses drafts
// does not run here: it runs in the per-tab extension frame
// (extension/frame.html), which has no idle shutdown; here Go starts only to
// check a newly fetched pack.
//
// Sync runs on install, on browser start, every 15 minutes (chrome.alarms),
// at the retry time after a failure, when the subscriptions or the managed
// policy change, and on the message {type: "abh-sync-now", url?} from an
// extension page, which is answered with {ok: true, results} or
// {ok: false, error}.
import { KEY, defaults, normalize } from './lib/settings.js';
import { SUBSCRIPTIONS_KEY } from './sync/subscriptions.js';
import { ensurePeriodic, onAlarm, syncAndSchedule } from './sync/schedule.js';

/** Logs instead of leaving a rejected promise unhandled. @param {Promise<any>} p */
const quietly = (p) => p.catch((e) => console.warn('abh: pack sync failed:', e));

chrome.runtime.onInstalled.addListener(async () => {
  const got = await chrome.storage.sync.get(KEY);
  // Keep what the person already chose (sync brings it from other devices).
  await chrome.storage.sync.set({ [KEY]: got[KEY] ? normalize(got[KEY]) : defaults() });
  await quietly(ensurePeriodic());
  await quietly(syncAndSchedule({ force: true }));
});

chrome.runtime.onStartup.addListener(() => {
  quietly(ensurePeriodic());
  quietly(syncAndSchedule({ force: true }));
});

chrome.alarms.onAlarm.addListener((alarm) => { const p = onAlarm(alarm); if (p) quietly(p); });

chrome.storage.onChanged.addListener((changes, area) => {
  if ((area === 'local' && SUBSCRIPTIONS_KEY in changes) || area === 'managed') quietly(syncAndSchedule());
});

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!msg || msg.type !== 'abh-sync-now') return false;
  // Only the extension's own pages (options, popup) may ask.
  if (sender.id !== chrome.runtime.id || !(sender.url || '').startsWith(chrome.runtime.getURL(''))) return false;
  const url = typeof msg.url === 'string' ? msg.url : '';
  syncAndSchedule({ force: true, url }).then(
    (results) => sendResponse({ ok: true, results }),
    (e) => sendResponse({ ok: false, error: String(e && e.message || e) }),
  );
  return true; // answered asynchronously
});

// The periodic alarm survives restarts; make sure it exists (e.g. after an
// update that did not fire onInstalled in this profile).
quietly(ensurePeriodic());
