// Formatting helpers for the inbox: names, initials, times, channel icons. Pure functions plus SVG builders.

const SVG = 'http://www.w3.org/2000/svg';

/** Human names of channel kinds. */
export const kindNames = {
  messenger: 'Messenger',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  email: 'E-mail',
  sandbox: 'Sandbox',
};

/**
 * The name of a channel kind for people.
 * @param {string} kind Channel kind.
 * @returns {string}
 */
export function kindName(kind) {
  return kindNames[kind] || kind || 'Channel';
}

/**
 * The display name of a contact, or "Customer" with a short id when the channel gave no name.
 * @param {{id?: number, name?: string}|undefined} contact The contact summary.
 * @returns {string}
 */
export function contactName(contact) {
  const name = (contact?.name || '').trim();
  if (name) return name;
  return contact?.id ? `Customer #${contact.id}` : 'Customer';
}

/**
 * Up to two initials for an avatar ("Ana Ruiz" → "AR").
 * @param {string} name A display name.
 * @returns {string}
 */
export function initials(name) {
  const parts = name.replace(/#\d+$/, '').split(/[\s._@-]+/).filter(Boolean);
  const letters = parts.slice(0, 2).map((part) => Array.from(part)[0] || '').join('');
  return (letters || '?').toUpperCase();
}

/**
 * One of eight avatar tints chosen from the name, so a person keeps their colour.
 * @param {string} name Display name.
 * @returns {string} A class name, `tint-0` … `tint-7`.
 */
export function tintClass(name) {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return `tint-${hash % 8}`;
}

/**
 * Milliseconds since the epoch from unix ms, unix seconds or an ISO string.
 * @param {number|string|null|undefined} value A time.
 * @returns {number} NaN when unreadable.
 */
export function toMillis(value) {
  if (typeof value === 'number') return value < 1e12 ? value * 1000 : value;
  if (typeof value === 'string' && value) {
    // SQLite-style "2026-01-02 10:00:00" is UTC without a zone.
    const iso = /^\d{4}-\d\d-\d\d \d/.test(value) ? value.replace(' ', 'T') + 'Z' : value;
    return Date.parse(iso);
  }
  return NaN;
}

/**
 * Short relative time for lists: "now", "5m", "3h", "Tue", "12 Mar".
 * @param {number} ms Time in unix ms.
 * @param {number} [now] Reference time.
 * @returns {string}
 */
export function relativeTime(ms, now = Date.now()) {
  if (!Number.isFinite(ms)) return '';
  const diff = Math.max(0, now - ms);
  if (diff < 60_000) return 'now';
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)}m`;
  if (diff < 86_400_000) return `${Math.floor(diff / 3_600_000)}h`;
  const date = new Date(ms);
  if (diff < 6 * 86_400_000) return date.toLocaleDateString(undefined, { weekday: 'short' });
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString(undefined, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
}

/**
 * Full date and time, for tooltips.
 * @param {number} ms Time in unix ms.
 * @returns {string}
 */
export function fullTime(ms) {
  return Number.isFinite(ms) ? new Date(ms).toLocaleString() : '';
}

/**
 * Hours and minutes, for message bubbles.
 * @param {number} ms Time in unix ms.
 * @returns {string}
 */
export function clockTime(ms) {
  return Number.isFinite(ms) ? new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : '';
}

/**
 * A local-day key ("2026-3-14") used to group messages by day.
 * @param {number} ms Time in unix ms.
 * @returns {string}
 */
export function dayKey(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/**
 * The heading of a day group: "Today", "Yesterday" or a date.
 * @param {number} ms Time in unix ms.
 * @param {number} [now] Reference time.
 * @returns {string}
 */
export function dayLabel(ms, now = Date.now()) {
  if (dayKey(ms) === dayKey(now)) return 'Today';
  if (dayKey(ms) === dayKey(now - 86_400_000)) return 'Yesterday';
  return new Date(ms).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** SVG path data of the channel icons (24×24 viewBox, drawn with fill). */
const iconPaths = {
  messenger: 'M12 2C6.4 2 2 6.1 2 11.4c0 2.9 1.3 5.4 3.5 7.1V22l3.2-1.8c1 .3 2.1.4 3.3.4 5.6 0 10-4.1 10-9.3S17.6 2 12 2Zm1 12.4-2.6-2.7-4.9 2.7 5.4-5.7 2.6 2.7 4.8-2.7-5.3 5.7Z',
  instagram: 'M12 7a5 5 0 1 0 0 10 5 5 0 0 0 0-10Zm0 8.2a3.2 3.2 0 1 1 0-6.4 3.2 3.2 0 0 1 0 6.4ZM17.3 5.5a1.2 1.2 0 1 0 0 2.4 1.2 1.2 0 0 0 0-2.4ZM16.5 2h-9A5.5 5.5 0 0 0 2 7.5v9A5.5 5.5 0 0 0 7.5 22h9a5.5 5.5 0 0 0 5.5-5.5v-9A5.5 5.5 0 0 0 16.5 2Zm3.7 14.5a3.7 3.7 0 0 1-3.7 3.7h-9a3.7 3.7 0 0 1-3.7-3.7v-9a3.7 3.7 0 0 1 3.7-3.7h9a3.7 3.7 0 0 1 3.7 3.7Z',
  whatsapp: 'M12 2a10 10 0 0 0-8.6 15.1L2 22l5-1.3A10 10 0 1 0 12 2Zm0 18.2c-1.5 0-3-.4-4.3-1.2l-.3-.2-3 .8.8-2.9-.2-.3A8.2 8.2 0 1 1 12 20.2Zm4.5-6.1c-.2-.1-1.5-.7-1.7-.8-.2-.1-.4-.1-.6.1l-.8 1c-.1.2-.3.2-.5.1a6.7 6.7 0 0 1-3.3-2.9c-.2-.4.3-.4.8-1.3.1-.2 0-.3 0-.4l-.8-1.8c-.2-.5-.4-.4-.6-.4h-.5a1 1 0 0 0-.7.3 3 3 0 0 0-.9 2.2c0 1.3.9 2.5 1.1 2.7.1.2 1.8 2.8 4.4 3.9 1.6.7 2.3.8 3.1.6.5-.1 1.5-.6 1.7-1.2.2-.6.2-1.1.2-1.2-.1-.1-.2-.2-.5-.3Z',
  telegram: 'M21.5 3.6 2.9 10.8c-1.3.5-1.3 1.2-.2 1.5l4.8 1.5 1.8 5.6c.2.6.4.8.9.8.4 0 .6-.2.9-.4l2.2-2.1 4.6 3.4c.8.5 1.4.2 1.6-.8l3-14.3c.3-1.3-.5-1.9-1.4-1.5ZM9.3 14l9-5.7c.4-.3.8-.1.5.2l-7.5 6.8-.3 3.1L9.3 14Z',
  email: 'M3 5h18a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Zm1 2.2V17h16V7.2l-8 5.3-8-5.3ZM5.4 7 12 11.3 18.6 7H5.4Z',
  sandbox: 'M9 2h6v2h-1v5.2l5.6 9.7A2 2 0 0 1 17.9 22H6.1a2 2 0 0 1-1.7-3.1L10 9.2V4H9V2Zm3 8-2.3 4h4.6L12 10Z',
};

/**
 * A small channel icon as an SVG element (decorative: pair it with text or a label).
 * @param {string} kind Channel kind; a sandbox channel may pass 'sandbox'.
 * @param {string} [label] Accessible name; when given the icon is an image with this name.
 * @returns {SVGSVGElement}
 */
export function channelIcon(kind, label) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('class', `channel-icon channel-icon--${Object.hasOwn(iconPaths, kind) ? kind : 'email'}`);
  if (label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  } else {
    svg.setAttribute('aria-hidden', 'true');
  }
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', iconPaths[kind] || iconPaths.email);
  svg.append(path);
  return svg;
}

/**
 * Whether a channel is one of the demo's simulated channels.
 * @param {{external_id?: string}|undefined} channel A channel summary.
 * @returns {boolean}
 */
export function isSandbox(channel) {
  return typeof channel?.external_id === 'string' && channel.external_id.startsWith('sandbox-');
}

/**
 * Whether a URL is same-origin (so an image can be shown under the CSP).
 * @param {string} url Any URL.
 * @returns {boolean}
 */
export function isSameOrigin(url) {
  try {
    return new URL(url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

/**
 * Whether a URL is safe to put in a link (http, https or same-origin relative).
 * @param {string} url Any URL.
 * @returns {boolean}
 */
export function isSafeLink(url) {
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
