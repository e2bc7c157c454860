// @ts-check
// One conditional GET of a team pack: If-None-Match with the stored ETag, a
// time limit, a size limit, and every failure in plain words.

export const TIMEOUT_MS = 20000;
export const MAX_BYTES = 2 * 1024 * 1024;

/**
 * @typedef {{kind: 'unchanged'}
 *   | {kind: 'fetched', text: string, etag: string, serverVersion: number}
 *   | {kind: 'failed', error: string}} FetchOutcome
 */

/**
 * @param {string} url
 * @param {string} etag "" when there is no copy to revalidate
 * @returns {Promise<FetchOutcome>}
 */
export async function fetchPack(url, etag) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (etag) headers['If-None-Match'] = etag;
  const host = hostOf(url);
  let res;
  try {
    res = await fetch(url, {
      headers, cache: 'no-store', credentials: 'omit', redirect: 'follow',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const err = /** @type {any} */ (e);
    if (err && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      return { kind: 'failed', error: `${host} did not answer within ${TIMEOUT_MS / 1000} s` };
    }
    return { kind: 'failed', error: `could not reach ${host} (offline, or the server is down)` };
  }
  if (res.status === 304) return etag ? { kind: 'unchanged' } : { kind: 'failed', error: `${host} answered "not modified" to a first request` };
  if (res.status !== 200) {
    const why = await serverMessage(res);
    if (res.status === 404) return { kind: 'failed', error: `there is no pack at this address on ${host} (404${why})` };
    if (res.status >= 500) return { kind: 'failed', error: `${host} had a problem (HTTP ${res.status}${why}); it will be tried again` };
    return { kind: 'failed', error: `${host} refused the request (HTTP ${res.status}${why})` };
  }
  const declared = Number(res.headers.get('content-length') || 0);
  if (declared > MAX_BYTES) return { kind: 'failed', error: `the pack is too large (${declared} bytes; the limit is ${MAX_BYTES})` };
  let text;
  try {
    text = await res.text();
  } catch {
    return { kind: 'failed', error: `the download from ${host} broke off` };
  }
  if (text.length > MAX_BYTES) return { kind: 'failed', error: `the pack is too large (the limit is ${MAX_BYTES} bytes)` };
  return {
    kind: 'fetched', text,
    etag: res.headers.get('etag') || '',
    serverVersion: Number(res.headers.get('x-pack-version') || 0) || 0,
  };
}

/** @param {string} url */
function hostOf(url) {
  try { return new URL(url).host; } catch { return url; }
}

/** ": <message>" from the worker's {"error": {"message"}} body, or "". @param {Response} res */
async function serverMessage(res) {
  try {
    const body = await res.text();
    const m = JSON.parse(body)?.error?.message;
    return typeof m === 'string' && m ? ': ' + m.slice(0, 300) : '';
  } catch {
    return '';
  }
}
