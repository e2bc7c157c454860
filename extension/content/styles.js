// @ts-check
// The overlay's styles, adopted by the <abh-root> shadow root as a
// constructed stylesheet (not a <style> element, which a page's style-src CSP
// could refuse).

export const CSS = `
:host { all: initial; }
.abh-layer { position: fixed; overflow: hidden; pointer-events: none; z-index: 1; }
.abh-mark { position: absolute; pointer-events: none; }
.abh-mark-line { position: absolute; border-bottom: 2px solid var(--abh-c, #d93025);
  background: color-mix(in srgb, var(--abh-c, #d93025) 12%, transparent); border-radius: 2px; }
.abh-mark.abh-active .abh-mark-line { background: color-mix(in srgb, var(--abh-c, #d93025) 28%, transparent); }
.abh-mark[data-category="closing-pressure"] { --abh-c: #d93025; }
.abh-mark[data-category="manipulation"] { --abh-c: #a142f4; }
.abh-mark[data-category="empty-activity"] { --abh-c: #e37400; }
.abh-mark[data-category="forced-process"] { --abh-c: #c5221f; }
.abh-mark[data-category="self-centred"] { --abh-c: #1a73e8; }
.abh-mark[data-category="scripted"] { --abh-c: #188038; }
.abh-mark[data-severity="info"] .abh-mark-line { border-bottom-style: dotted; }

.abh-card, .abh-score, .abh-reasons {
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124; }
.abh-card { position: fixed; z-index: 3; width: 320px; max-width: calc(100vw - 16px); box-sizing: border-box;
  background: #fff; border: 1px solid #dadce0; border-radius: 8px; padding: 12px;
  box-shadow: 0 4px 16px rgba(0,0,0,.18); pointer-events: auto; }
.abh-card[hidden], .abh-reasons[hidden] { display: none; }
.abh-card .abh-cat { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #5f6368; }
.abh-card .abh-msg { font-weight: 600; margin: 2px 0 4px; }
.abh-card .abh-match { font-style: italic; color: #5f6368; }
.abh-card .abh-why { margin: 4px 0 8px; color: #3c4043; }
.abh-card .abh-suggestions { display: flex; flex-direction: column; gap: 4px; margin-bottom: 8px; }
.abh-card button { font: inherit; cursor: pointer; border-radius: 4px; border: 1px solid #dadce0;
  background: #f8f9fa; padding: 4px 8px; text-align: left; }
.abh-card button[data-action="apply"] { background: #e8f0fe; border-color: #aecbfa; color: #174ea6; }
.abh-card button:focus-visible { outline: 2px solid #1a73e8; }
.abh-card .abh-row { display: flex; gap: 6px; flex-wrap: wrap; }
.abh-card .abh-hint { margin-top: 6px; font-size: 11px; color: #80868b; }

.abh-score { position: fixed; z-index: 2; min-width: 28px; height: 22px; padding: 0 6px; box-sizing: border-box;
  transform: translate(-100%, -100%); /* left/top name its bottom-right corner (badge.js) */
  border-radius: 11px; border: 0; color: #fff; font-weight: 600; font-size: 12px; cursor: pointer;
  pointer-events: auto; background: #188038; box-shadow: 0 1px 3px rgba(0,0,0,.25); }
.abh-score[data-level="mid"] { background: #e37400; }
.abh-score[data-level="low"] { background: #d93025; }
.abh-score[hidden] { display: none; }
.abh-reasons { position: fixed; z-index: 3; width: 300px; background: #fff; border: 1px solid #dadce0;
  border-radius: 8px; padding: 8px 12px; box-shadow: 0 4px 16px rgba(0,0,0,.18); pointer-events: auto; }
.abh-reasons ul { margin: 4px 0 0; padding-left: 18px; }
.abh-reasons .abh-delta { font-weight: 600; }
`;
