// @ts-check
// When syncs run: every PERIOD_MINUTES on a chrome.alarms schedule (alarms
// survive the service worker stopping), plus one alarm at the earliest retry
// time after a failure.
import { syncAll, nextRetry } from './sync.js';

export const PERIODIC = 'abh-sync';
export const RETRY = 'abh-sync-retry';
export const PERIOD_MINUTES = 15;

/** Creates the periodic alarm unless it exists (keeps its phase across restarts). */
export async function ensurePeriodic() {
  const a = await chrome.alarms.get(PERIODIC);
  if (!a || a.periodInMinutes !== PERIOD_MINUTES) {
    await chrome.alarms.create(PERIODIC, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: PERIOD_MINUTES });
  }
}

/** Sets (or clears) the retry alarm to the earliest retry time. */
export async function scheduleRetry() {
  const at = await nextRetry();
  if (!at) {
    await chrome.alarms.clear(RETRY);
    return;
  }
  await chrome.alarms.create(RETRY, { when: Math.max(at, Date.now() + 1000) });
}

/**
 * Syncs and then re-arms the retry alarm.
 * @param {{force?: boolean, url?: string}} [o]
 */
export async function syncAndSchedule(o = {}) {
  try {
    return await syncAll(o);
  } finally {
    await scheduleRetry().catch((e) => console.warn('abh: cannot schedule the retry:', e));
  }
}

/** @param {chrome.alarms.Alarm} alarm */
export function onAlarm(alarm) {
  if (alarm.name === PERIODIC || alarm.name === RETRY) return syncAndSchedule();
  return undefined;
}
