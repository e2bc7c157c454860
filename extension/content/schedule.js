// @ts-check
// Runs an async job after input without ever blocking typing: at most one
// runs at a time and input that arrives meanwhile is folded into one more run
// afterwards. With delay 0 the job starts in a microtask right after the edit
// (its synchronous part — reading the box's text, well under a millisecond
// for 5,000 characters — is all that runs on the page's thread; the engine
// runs in the extension frame's own process); with delay > 0 it is debounced.

/**
 * @param {() => Promise<void>} job
 * @param {number} [delay] ms to wait after the last poke before starting (0 = a microtask right after the poke)
 */
export function scheduler(job, delay = 0) {
  let timer = 0;
  let micro = false;
  let running = false;
  let dirty = false;
  let stopped = false;

  const start = async () => {
    timer = 0;
    micro = false;
    if (stopped) return;
    running = true;
    dirty = false;
    try { await job(); } catch (err) { console.error('Always Be Helping:', err); }
    running = false;
    if (dirty && !stopped) arm();
  };
  const arm = () => {
    if (delay <= 0) {
      if (!micro) { micro = true; queueMicrotask(start); }
      return;
    }
    if (timer) clearTimeout(timer);
    timer = /** @type {any} */ (setTimeout(start, delay));
  };
  return {
    /** Something changed: analyse again soon. */
    poke() {
      if (stopped) return;
      if (running) { dirty = true; return; }
      arm();
    },
    stop() { stopped = true; if (timer) clearTimeout(timer); },
  };
}
