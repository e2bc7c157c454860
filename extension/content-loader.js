// Classic content script: content scripts cannot be ES modules, so this loads
// the real code (extension/content/main.js, an ES module listed in
// web_accessible_resources) into the same isolated world.
(() => {
  if (window.top !== window) return;
  import(chrome.runtime.getURL('extension/content/main.js')).catch((err) => {
    console.error('Always Be Helping: content script failed to load', err);
  });
})();
