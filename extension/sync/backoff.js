// @ts-check
// When to try again after a failed sync: 1, 2, 4, 8 … minutes, capped at an
// hour, so a worker that is down is not hammered and one that comes back is
// picked up soon.

export const FIRST_RETRY_MS = 60 * 1000;
export const MAX_RETRY_MS = 60 * 60 * 1000;

/**
 * Delay before the next try after `failures` failures in a row (>= 1).
 * @param {number} failures
 */
export function retryDelay(failures) {
  const n = Math.max(1, Math.floor(failures));
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(n - 1, 20));
}
