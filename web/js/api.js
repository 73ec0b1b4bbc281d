// The one fetch helper every page uses: JSON in and out, the CSRF header, and error envelopes as exceptions.

/** Error thrown by {@link api} for any non-2xx answer or network failure. */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, or 0 when the server could not be reached.
   * @param {string} code Machine-readable code from the error envelope (snake_case).
   * @param {string} message Human-readable message, safe to show to the user as text.
   * @param {Record<string, string>} fields Per-field messages from the envelope, keyed by field name.
   * @param {number|null} retryAfter Seconds to wait, from the Retry-After header, when given.
   */
  constructor(status, code, message, fields = {}, retryAfter = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

/** Token sent as X-CSRF-Token on every non-GET request; set from /auth/me or the login answer. */
let csrfToken = '';

/**
 * Remembers the CSRF token for later state-changing requests.
 * @param {string} token The `csrf_token` value from the server.
 */
export function setCsrfToken(token) {
  csrfToken = typeof token === 'string' ? token : '';
}

/**
 * Builds the login URL that brings the user back to `next` after signing in.
 * @param {string} [next] A same-origin path; defaults to the current path and query.
 * @returns {string}
 */
export function loginUrl(next = location.pathname + location.search) {
  return '/login?next=' + encodeURIComponent(next);
}

/**
 * Reads Retry-After as seconds; it may be a number of seconds or an HTTP date.
 * @param {string|null} value The header value.
 * @returns {number|null}
 */
function parseRetryAfter(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * A message for a failed answer that carried no error envelope.
 * @param {number} status HTTP status.
 * @returns {string}
 */
function fallbackMessage(status) {
  if (status === 401) return 'Please sign in again.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests. Please wait a moment.';
  if (status >= 500) return 'The server had a problem. Please try again.';
  return `Request failed (${status}).`;
}

/**
 * Calls the JSON API.
 * Sends cookies (same origin), JSON bodies and the CSRF header on non-GET requests. A 401 outside
 * /api/v1/auth/ sends the browser to the login page (the session ended); the error is still thrown so
 * callers stop.
 * @param {string} method HTTP method, e.g. 'GET' or 'POST'.
 * @param {string} path Absolute API path, e.g. '/api/v1/auth/me'.
 * @param {unknown} [body] Value sent as JSON; omitted when undefined.
 * @returns {Promise<any>} The parsed JSON answer, or null for an empty one.
 * @throws {ApiError}
 */
export async function api(method, path, body) {
  const upper = method.toUpperCase();
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (upper !== 'GET' && upper !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response;
  try {
    response = await fetch(path, {
      method: upper,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }

  const data = await readJson(response);
  if (response.ok) {
    if (data && typeof data.csrf_token === 'string') setCsrfToken(data.csrf_token);
    return data;
  }

  const envelope = data && typeof data === 'object' && data.error && typeof data.error === 'object' ? data.error : {};
  const error = new ApiError(
    response.status,
    typeof envelope.code === 'string' ? envelope.code : `http_${response.status}`,
    typeof envelope.message === 'string' && envelope.message ? envelope.message : fallbackMessage(response.status),
    envelope.fields && typeof envelope.fields === 'object' ? envelope.fields : {},
    parseRetryAfter(response.headers.get('Retry-After')),
  );
  if (response.status === 401 && !path.startsWith('/api/v1/auth/')) location.assign(loginUrl());
  throw error;
}

/**
 * Parses a response body as JSON when it says it is JSON.
 * @param {Response} response The fetch response.
 * @returns {Promise<any>} The value, or null when empty or not JSON.
 */
async function readJson(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}
