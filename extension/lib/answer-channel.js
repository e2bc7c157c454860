// @ts-check
// The engine frame's answers to the content script travel over an extension
// port (chrome.tabs.connect from the frame to its tab's top frame) as well as
// over the MessageChannel that carries the requests; the content script takes
// the first copy of each answer.
//
// Why: after a keystroke Chromium defers the page's posted-message tasks
// (MessagePort and window.postMessage, task type kPostedMessage) until the
// frame that shows the keystroke has been committed (the scheduler's
// "discrete input response" use case, feature DeferRendererTasksAfterInput).
// An answer sent over the MessageChannel therefore waited in the page for
// the next vsync even when the engine had finished long before: 7 ms of a
// 16.5 ms keystroke-to-highlight median. Extension messages are not deferred,
// so the highlight is drawn before that frame and painted with the keystroke.
// The MessageChannel copy still wins when nothing is deferred (no hop through
// the browser process), and it is the only one when the port cannot be opened
// or has dropped (back/forward cache, extension reload): slower after
// keystrokes, never lost.
//
// Both ends live here. The name is a random token the content script hands
// the frame over the MessageChannel; the content script accepts only a port
// with that name from its own extension.

/** Prefix of the port's name (the token follows). */
export const PREFIX = 'abh-answers:';

/** A fresh, unguessable port name for one content script. */
export function newName() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return PREFIX + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Frame side: opens the port to the top frame of the tab this frame is in.
 * @param {string} name the name the content script asked for
 * @returns {Promise<{send: (msg: any) => boolean, close: () => void} | null>}
 *   null when it cannot be opened; send returns false when the port is gone
 */
export async function openAnswers(name) {
  if (typeof name !== 'string' || !name.startsWith(PREFIX)) return null;
  let tab;
  try {
    tab = await chrome.tabs.getCurrent();
  } catch {
    return null;
  }
  if (!tab || typeof tab.id !== 'number') return null;
  /** @type {chrome.runtime.Port | null} */
  let port = chrome.tabs.connect(tab.id, { frameId: 0, name });
  port.onDisconnect.addListener(() => {
    void chrome.runtime.lastError; // "Receiving end does not exist": not an error here
    port = null;
  });
  return {
    send(msg) {
      if (!port) return false;
      try {
        port.postMessage(msg);
        return true;
      } catch {
        port = null;
        return false;
      }
    },
    close() {
      port?.disconnect();
      port = null;
    },
  };
}

/**
 * Content-script side: accepts the frame's port with the given name and
 * hands every message on it to onMessage. Keeps only the newest such port.
 * @param {string} name from newName()
 * @param {(msg: any) => void} onMessage
 * @returns {{open: () => boolean}} whether such a port is open now
 */
export function acceptAnswers(name, onMessage) {
  /** @type {chrome.runtime.Port | null} */
  let current = null;
  chrome.runtime.onConnect.addListener((port) => {
    if (port.name !== name || port.sender?.id !== chrome.runtime.id) return;
    if (current) current.disconnect();
    current = port;
    port.onMessage.addListener((msg) => onMessage(msg));
    port.onDisconnect.addListener(() => { if (current === port) current = null; });
  });
  return { open: () => current !== null };
}
