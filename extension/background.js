// @ts-check
// Background service worker. For now it only seeds the default settings on
// install; pack sync (alarms, ETag, signature check) is added here later as
// its own module. The engine does not run here: it runs in the per-tab
// extension frame (extension/frame.html), which has no idle shutdown.
import { KEY, defaults, normalize } from './lib/settings.js';

chrome.runtime.onInstalled.addListener(async () => {
  const got = await chrome.storage.sync.get(KEY);
  // Keep what the person already chose (sync brings it from other devices).
  await chrome.storage.sync.set({ [KEY]: got[KEY] ? normalize(got[KEY]) : defaults() });
});
