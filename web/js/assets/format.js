// Small helpers for assets: kinds, sizes, dates, preview URLs and thumbnails.
import { el } from '../ui.js';

/**
 * "image" or "video".
 * @param {any} asset Asset JSON.
 * @returns {'image'|'video'}
 */
export function mediaKind(asset) {
  return String(asset?.media_type || '').startsWith('video/') ? 'video' : 'image';
}

/**
 * Whether an asset matches an accept list like "image/*,video/mp4" (empty: anything).
 * @param {any} asset Asset JSON.
 * @param {string} [accept] Comma-separated media types, with type/* wildcards.
 * @returns {boolean}
 */
export function accepts(asset, accept) {
  if (!accept) return true;
  const type = String(asset?.media_type || '');
  return accept.split(',').map((s) => s.trim()).filter(Boolean).some((a) => a.endsWith('/*') ? type.startsWith(a.slice(0, -1)) : type === a);
}

/**
 * "1.4 MB", "820 KB".
 * @param {number} bytes Size.
 * @returns {string}
 */
export function formatBytes(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/**
 * "0:12", "16:03", "1:02:03" for a video's length.
 * @param {number} ms Milliseconds.
 * @returns {string}
 */
export function formatDuration(ms) {
  const total = Math.round((Number(ms) || 0) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * "JPEG · 1080×1080 · 240 KB", "MP4 · 1080×1920 · 0:12 · 8.1 MB".
 * @param {any} asset Asset JSON.
 * @returns {string}
 */
export function assetMeta(asset) {
  const type = String(asset.media_type || '').split('/')[1]?.toUpperCase() || 'FILE';
  const dims = asset.width && asset.height ? `${asset.width}×${asset.height}` : '';
  const length = asset.duration_ms ? formatDuration(asset.duration_ms) : '';
  return [type, dims, length, formatBytes(asset.size)].filter(Boolean).join(' · ');
}

/**
 * The staff preview URL of an asset (same origin, so img-src 'self' allows it).
 * @param {number} id Asset id.
 * @returns {string}
 */
export function fileUrl(id) {
  return `/api/v1/assets/${encodeURIComponent(String(id))}/file`;
}

/**
 * A thumbnail: the picture itself, or a play badge for videos (the CSP has no media-src, so no inline video).
 * @param {any} asset Asset JSON.
 * @param {string} [className] Extra class.
 * @returns {HTMLElement}
 */
export function thumb(asset, className = '') {
  const box = el('span', { class: `thumb ${className}`.trim() });
  if (mediaKind(asset) === 'video') {
    box.classList.add('thumb--video');
    box.append(el('span', { class: 'thumb-play', 'aria-hidden': 'true' }, '▶'), el('span', { class: 'thumb-type' }, 'Video'));
  } else {
    box.append(el('img', { src: fileUrl(asset.id), alt: '', loading: 'lazy', decoding: 'async' }));
  }
  return box;
}

/**
 * A date and time in the user's locale.
 * @param {string|number|null|undefined} value ISO string or ms.
 * @returns {string}
 */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
