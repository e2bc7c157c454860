// @ts-check
// Talks to the engine: injects the hidden extension frame
// (extension/frame.html, which runs the Go wasm in the extension's origin, out
// of reach of the page's CSP) and speaks its protocol: requests
// {id, type:'analyze', text, settings} over a MessageChannel; answers
// {id, type:'result', json} (the result as JSON text) or {id, type:'error',
// message} over both that channel and an extension port the frame opens to
// this tab, the first to arrive counts (../lib/answer-channel.js: after a
// keystroke the page holds the channel's message back until its next frame,
// not the port's). Answers to superseded requests (same key, newer id)
// resolve to null.

import { newName, acceptAnswers } from '../lib/answer-channel.js';

/** @typedef {{rule: string, category: string, severity: string, start: number, end: number, match: string, message: string, why: string, suggestions: string[]}} Finding */
/** @typedef {{delta: number, category: string, text: string}} Reason */
/** @typedef {{score: number, metrics: Record<string, number>, reasons: Reason[], findings: Finding[]}} Result */

export class Engine {
  /** @param {ShadowRoot | Element} parent where the hidden frame goes */
  constructor(parent) {
    /** @type {MessagePort | null} */
    this.port = null;
    this.nextId = 1;
    /** @type {Map<number, {key: string, sentAt: number, resolve: (r: Result | null) => void, reject: (e: Error) => void}>} sentAt: when posted (timeOrigin-based ms) */
    this.pending = new Map();
    /** @type {Map<string, number>} newest request id per key */
    this.latest = new Map();
    /** @type {any[]} messages waiting for the port */
    this.outbox = [];
    this.isReady = false;
    /** @type {number} performance.now() when the engine said ready */
    this.readyAt = 0;
    /** @type {number[]} the last answer's hops (see _onMessage) */
    this.lastHops = [];
    /** @type {Record<string, number>} the frame's start-up marks, as performance.now() of this page */
    this.startup = {};
    /** @type {(() => void) | null} */
    this.onReady = null;
    this.ready = new Promise((resolve) => { this._resolveReady = resolve; });

    /** name of the extension port the frame answers over */
    this.answersName = newName();
    /** whether that port is open (else answers come over the MessageChannel only) */
    this.answers = acceptAnswers(this.answersName, (msg) => this._onMessage(msg));
    // The back/forward cache closes extension ports: ask for a new one.
    window.addEventListener('pageshow', (e) => {
      if (e.persisted) this.port?.postMessage({ type: 'answers', name: this.answersName });
    });

    const frame = document.createElement('iframe');
    frame.src = chrome.runtime.getURL('extension/frame.html');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.className = 'abh-engine';
    Object.assign(frame.style, {
      position: 'fixed', width: '0', height: '0', border: '0', visibility: 'hidden', pointerEvents: 'none',
    });
    frame.addEventListener('load', () => this._connect(frame), { once: true });
    this.frame = frame;
    parent.appendChild(frame);
  }

  /** @param {HTMLIFrameElement} frame */
  _connect(frame) {
    const ch = new MessageChannel();
    this.port = ch.port1;
    this.port.onmessage = (e) => this._onMessage(e.data);
    frame.contentWindow?.postMessage({ type: 'abh-connect', answers: this.answersName }, new URL(frame.src).origin, [ch.port2]);
    for (const m of this.outbox) this.port.postMessage(m);
    this.outbox = [];
  }

  /** @param {any} msg from either channel (the frame answers over both) */
  _onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'ready') {
      if (!this.isReady) {
        this.isReady = true;
        this.readyAt = performance.now();
        if (msg.timing && typeof msg.timing === 'object') {
          for (const [k, v] of Object.entries(msg.timing)) {
            if (typeof v === 'number') this.startup[k] = v - performance.timeOrigin;
          }
        }
        this._resolveReady?.();
      }
      this.onReady?.();
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (this.latest.get(p.key) !== msg.id) { p.resolve(null); return; } // stale
    if (msg.type === 'result') {
      this.lastTook = typeof msg.took === 'number' ? msg.took : NaN;
      // For the benchmark: ms from posting the request to the frame getting
      // it, in the frame, and from the frame answering to this handler.
      const now = performance.timeOrigin + performance.now();
      this.lastHops = [msg.recv - p.sentAt, msg.sent - msg.recv, now - msg.sent];
      try {
        p.resolve(JSON.parse(msg.json));
      } catch (e) {
        p.reject(new Error('engine answer is not JSON: ' + String(e)));
      }
    }
    else p.reject(new Error(msg.message || 'engine error'));
  }

  /**
   * @param {string} key one per compose box; a newer request makes older answers stale
   * @param {string} text
   * @param {object} settings
   * @returns {Promise<Result | null>} null when superseded
   */
  analyze(key, text, settings) {
    const id = this.nextId++;
    this.latest.set(key, id);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { key, sentAt: performance.timeOrigin + performance.now(), resolve, reject });
      const m = { id, type: 'analyze', text, settings };
      if (this.port) this.port.postMessage(m); else this.outbox.push(m);
    });
  }

  /** Forgets a key (its box went away): outstanding answers become stale. @param {string} key */
  forget(key) { this.latest.delete(key); }
}
