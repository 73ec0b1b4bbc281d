// Uploads one file to the asset library with XMLHttpRequest (fetch has no upload progress), with the CSRF header.
import { api, ApiError, loginUrl } from '../api.js';

/** The server's upload limit (AssetRoutes.maxUpload). */
export const MAX_UPLOAD = 50 * 1024 * 1024;
/** What the file picker offers; the server checks magic bytes whatever the browser says. */
export const ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,video/mp4';

/** @type {Promise<string>|null} */
let tokenPromise = null;

/**
 * The session's CSRF token: api.js keeps its copy private, so ask /auth/me once (the token is fixed per session).
 * @returns {Promise<string>}
 */
export function csrfToken() {
  tokenPromise ??= api('GET', '/api/v1/auth/me').then((me) => String(me?.csrf_token || ''), (e) => {
    tokenPromise = null;
    throw e;
  });
  return tokenPromise;
}

/**
 * Uploads a file.
 * @param {File} file The file.
 * @param {{folderId?: number|null, tags?: string, description?: string, onProgress?: (fraction: number) => void, signal?: AbortSignal}} options
 * @returns {Promise<{asset: any, created: boolean}>} created is false when the same bytes were already in the library.
 * @throws {ApiError} With a message fit to show next to the file name.
 */
export async function uploadAsset(file, { folderId = null, tags = '', description = '', onProgress, signal } = {}) {
  if (file.size > MAX_UPLOAD) throw new ApiError(413, 'payload_too_large', tooLarge());
  const token = await csrfToken();
  const form = new FormData();
  if (folderId) form.append('folder_id', String(folderId));
  if (tags) form.append('tags', tags);
  if (description) form.append('description', description);
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/assets');
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.withCredentials = true;
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      const data = parse(xhr);
      if (xhr.status === 200 || xhr.status === 201) {
        if (data?.asset) resolve({ asset: data.asset, created: xhr.status === 201 });
        else reject(new ApiError(xhr.status, 'bad_answer', 'The server answered without the file.'));
        return;
      }
      if (xhr.status === 401) location.assign(loginUrl());
      reject(failure(xhr.status, data));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network_error', 'The upload was interrupted. Check your connection and try again.')));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** @returns {string} */
function tooLarge() {
  return 'This file is larger than 50 MB, the upload limit. Make it smaller and try again.';
}

/**
 * @param {XMLHttpRequest} xhr Finished request.
 * @returns {any}
 */
function parse(xhr) {
  if (!(xhr.getResponseHeader('Content-Type') || '').includes('json')) return null;
  try {
    return JSON.parse(xhr.responseText);
  } catch {
    return null;
  }
}

/**
 * The error for a refused upload, worded for people.
 * @param {number} status HTTP status.
 * @param {any} data Parsed body.
 * @returns {ApiError}
 */
function failure(status, data) {
  const envelope = data && typeof data.error === 'object' && data.error ? data.error : {};
  const fields = envelope.fields && typeof envelope.fields === 'object' ? envelope.fields : {};
  let message = typeof envelope.message === 'string' ? envelope.message : '';
  if (status === 413) message = tooLarge();
  else if (status === 415 && !message) message = 'Only JPEG, PNG, GIF, WebP images and MP4 videos are accepted.';
  else if (status === 403) message = 'You do not have permission to upload files.';
  else if (status === 422) message = Object.values(fields).filter((v) => typeof v === 'string').join(' ') || message;
  else if (status === 0) message = 'Could not reach the server. Check your connection and try again.';
  else if (!message) message = status >= 500 ? 'The server had a problem. Please try again.' : `The upload failed (${status}).`;
  return new ApiError(status, typeof envelope.code === 'string' ? envelope.code : `http_${status}`, message, fields);
}
