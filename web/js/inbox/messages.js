// Rendering of the message log: day groups, bubbles with delivery state, echoes, attachments and private notes.
import { el } from '../ui.js';
import { clockTime, dayKey, dayLabel, fullTime, isSafeLink, isSameOrigin, kindName, toMillis } from './format.js';

/** What each delivery state shows next to an outgoing message. */
const statusText = {
  queued: ['⏳', 'Queued'],
  sending: ['⏳', 'Sending'],
  sent: ['✓', 'Sent'],
  delivered: ['✓✓', 'Delivered'],
  read: ['✓✓', 'Read'],
  failed: ['!', 'Failed'],
  received: ['', ''],
};

/**
 * A file an agent attached from the asset library: a small thumbnail for images and a "📎 name" line.
 * @param {any} a Attachment with asset_id, type and filename.
 * @returns {HTMLElement}
 */
function libraryAttachment(a) {
  const id = Number(a.asset_id);
  const name = String(a.filename || a.title || 'attachment');
  const src = `/api/v1/assets/${encodeURIComponent(String(id))}/file`;
  return el('div', { class: 'msg-asset', 'data-asset-id': String(id) },
    a.type === 'image' ? el('img', { class: 'msg-asset-thumb', src, alt: '', loading: 'lazy' }) : null,
    el('span', { class: 'msg-file msg-asset-name' }, `📎 ${name}`));
}

/**
 * The attachments of a message: library files as thumbnails, same-origin images inline, everything else as links.
 * @param {any[]} attachments From the API.
 * @param {boolean} out Whether the message is outbound (only those carry library files).
 * @returns {HTMLElement|null}
 */
function attachmentsNode(attachments, out) {
  if (!Array.isArray(attachments) || !attachments.length) return null;
  const box = el('div', { class: 'msg-attachments' });
  for (const a of attachments) {
    const label = a.title || a.filename || a.type || 'attachment';
    if (out && a && a.asset_id != null && Number.isInteger(Number(a.asset_id)) && Number(a.asset_id) > 0) {
      box.append(libraryAttachment(a));
    } else if (a.url && a.type === 'image' && isSameOrigin(a.url)) {
      box.append(el('a', { href: a.url, target: '_blank', rel: 'noopener' },
        el('img', { class: 'msg-image', src: a.url, alt: a.title || 'Image from the customer', loading: 'lazy' })));
    } else if (a.url && isSafeLink(a.url)) {
      box.append(el('a', { class: 'msg-file', href: a.url, target: '_blank', rel: 'noopener noreferrer' }, `📎 ${label} (${a.type || 'file'})`));
    } else {
      box.append(el('span', { class: 'msg-file' }, `📎 ${label}` + (a.type ? ` (${a.type})` : '')));
    }
  }
  return box;
}

/**
 * One message bubble.
 * @param {any} m A message.
 * @param {{channelKind: string, userById: Map<number, any>, onRetry: (m: any) => void}} opts Rendering context.
 * @returns {HTMLElement}
 */
function messageNode(m, opts) {
  const out = m.direction === 'out';
  const time = toMillis(m.sent_at);
  const status = String(m.status || '');
  const [icon, word] = statusText[status] || ['', status];
  const author = out && m.author_user_id ? opts.userById.get(m.author_user_id)?.name : '';
  const meta = el('div', { class: 'msg-meta' },
    m.is_echo ? el('span', { class: 'msg-echo' }, `Sent from ${opts.channelKind === 'messenger' ? 'Facebook' : kindName(opts.channelKind)}`) : null,
    author ? el('span', { class: 'msg-author' }, author) : null,
    el('time', { datetime: Number.isFinite(time) ? new Date(time).toISOString() : undefined, title: fullTime(time) }, clockTime(time)),
    out && word ? el('span', { class: `msg-status msg-status--${status}`, title: word },
      el('span', { 'aria-hidden': 'true' }, icon), ' ', word) : null);
  const failed = out && status === 'failed'
    ? el('div', { class: 'msg-error', role: 'note' },
      el('span', {}, m.error || 'The message could not be sent.'),
      el('button', { class: 'button button--small msg-retry', type: 'button', 'data-retry': String(m.id) }, 'Retry'))
    : null;
  const node = el('div', {
    class: `msg msg--${out ? 'out' : 'in'}${m.is_echo ? ' is-echo' : ''}${status === 'failed' ? ' is-failed' : ''}`,
    'data-id': String(m.id), 'data-status': status,
  },
  el('div', { class: 'msg-bubble' }, m.text ? el('p', { class: 'msg-text' }, m.text) : null, attachmentsNode(m.attachments, out)),
  m.reaction ? el('span', { class: 'msg-reaction', title: 'The customer reacted', 'aria-label': `The customer reacted ${m.reaction}` }, m.reaction) : null,
  meta, failed);
  failed?.querySelector('button')?.addEventListener('click', () => opts.onRetry(m));
  return node;
}

/**
 * One private note.
 * @param {any} n A note.
 * @returns {HTMLElement}
 */
function noteNode(n) {
  const time = toMillis(n.created_at);
  return el('div', { class: 'note', 'data-note-id': String(n.id) },
    el('div', { class: 'note-head' },
      el('strong', {}, 'Private note'),
      el('span', {}, n.author_name ? ` · ${n.author_name}` : ''),
      el('time', { title: fullTime(time) }, ' · ' + clockTime(time))),
    el('p', { class: 'note-text' }, n.text));
}

/**
 * Renders messages and notes, oldest first, grouped by day.
 * @param {Map<number, any>} messages Messages by id.
 * @param {Map<number, any>} notes Notes by id.
 * @param {{channelKind: string, userById: Map<number, any>, onRetry: (m: any) => void}} opts Rendering context.
 * @returns {DocumentFragment}
 */
export function renderLog(messages, notes, opts) {
  /** @type {Array<{t: number, order: number, node: () => HTMLElement}>} */
  const entries = [];
  for (const m of messages.values()) entries.push({ t: toMillis(m.sent_at), order: m.id, node: () => messageNode(m, opts) });
  for (const n of notes.values()) entries.push({ t: toMillis(n.created_at), order: n.id, node: () => noteNode(n) });
  entries.sort((a, b) => (a.t - b.t) || (a.order - b.order));
  const fragment = document.createDocumentFragment();
  let day = '';
  for (const entry of entries) {
    const key = Number.isFinite(entry.t) ? dayKey(entry.t) : '';
    if (key && key !== day) {
      day = key;
      fragment.append(el('div', { class: 'day-sep', role: 'separator' }, el('span', {}, dayLabel(entry.t))));
    }
    fragment.append(entry.node());
  }
  return fragment;
}

/**
 * The 24-hour window notice for a conversation, or null inside the window.
 * @param {any} item The conversation.
 * @param {number} [now] Reference time.
 * @returns {string|null}
 */
export function windowNotice(item, now = Date.now()) {
  const last = toMillis(item?.last_inbound_at);
  if (!Number.isFinite(last)) return null;
  const age = now - last;
  const kind = item.channel?.kind;
  if (age <= 86_400_000) return null;
  if (kind === 'whatsapp') return 'Outside the 24-hour window — WhatsApp needs a template message to reach this customer until they write again.';
  if (kind === 'messenger' || kind === 'instagram') {
    if (age > 7 * 86_400_000) return 'More than 7 days since the customer wrote — a reply cannot be delivered until they write again.';
    return 'Outside the 24-hour window — replies go out with the human-agent tag for up to 7 days.';
  }
  return 'The customer last wrote more than 24 hours ago.';
}
