// Classic content script: content scripts cannot be ES modules, so this loads
// the real code (extension/content/main.js, an ES module listed in
// web_accessible_resources) into the same isolated world.
(() => {
  if (window.top !== window) return;
  // When the content script really started, for the start-up benchmarks
  // (main.js's own modules take 25–55 ms more to load).
  /** @type {any} */ (globalThis).abhLoaderStart = performance.now();
  // main.js's imports, requested in the same round as main.js: a module's
  // own imports are otherwise only requested once it has loaded (three
  // rounds of extension file reads before anything runs).
  for (const m of ['lib/settings.js', 'lib/answer-channel.js', 'content/engine.js', 'content/overlay.js',
    'content/styles.js', 'content/discover.js', 'content/controller.js', 'content/extract.js',
    'content/schedule.js', 'content/badge.js', 'content/card.js', 'content/apply.js']) {
    import(chrome.runtime.getURL('extension/' + m)).catch(() => {}); // main.js reports failures
  }
  import(chrome.runtime.getURL('extension/content/main.js')).catch((err) => {
    console.error('Always Be Helping: content script failed to load', err);
  });
})();
