// @ts-check
// Runs an async job after input without ever blocking typing: the job starts
// in a later task (never inside the input event), at most one runs at a time,
// and input that arrives meanwhile is folded into one more run afterwards.

/**
 * @param {() => Promise<void>} job
 * @param {number} [delay] ms to wait after the last poke before starting (0 = next task)
 */
export function scheduler(job, delay = 0) {
  let timer = 0;
  let running = false;
  let dirty = false;
  let stopped = false;

  const start = async () => {
    timer = 0;
    if (stopped) return;
    running = true;
    dirty = false;
    try { await job(); } catch (err) { console.error('Always Be Helping:', err); }
    running = false;
    if (dirty && !stopped) arm();
  };
  const arm = () => {
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
