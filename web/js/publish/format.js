// Words and small elements shared by the publish tabs: state badges, channel kinds, counts, times.
import { el } from '../ui.js';

/** Post states in plain words. */
export const POST_STATES = {
  draft: 'Draft',
  pending_review: 'Waiting for review',
  scheduled: 'Scheduled',
  publishing: 'Publishing',
  published: 'Published',
  partially_published: 'Partly published',
  failed: 'Failed',
  uncertain: 'Check on Meta',
};

/** Target states in plain words. */
export const TARGET_STATES = {
  pending: 'Not queued',
  queued: 'Queued',
  publishing: 'Publishing',
  processing: 'Processing',
  published: 'Published',
  failed: 'Failed',
  uncertain: 'Check on Meta',
};

/**
 * A coloured state badge.
 * @param {string} state State key.
 * @param {Record<string, string>} [words] Labels (post states by default).
 * @returns {HTMLElement}
 */
export function stateBadge(state, words = POST_STATES) {
  return el('span', { class: `state-badge state--${state}`, 'data-state': state }, words[state] || state);
}

/**
 * "Facebook Page" / "Instagram".
 * @param {string} kind Channel kind.
 * @returns {string}
 */
export function kindLabel(kind) {
  return kind === 'instagram' ? 'Instagram' : kind === 'messenger' ? 'Facebook' : kind;
}

/**
 * A small round platform mark ("f" / "IG").
 * @param {string} kind Channel kind.
 * @returns {HTMLElement}
 */
export function kindMark(kind) {
  return el('span', { class: `kind-mark kind-mark--${kind}`, 'aria-hidden': 'true' }, kind === 'instagram' ? 'IG' : 'f');
}

/**
 * Characters as people (and Swift's String.count) count them: grapheme clusters.
 * @param {string} text Text.
 * @returns {number}
 */
export function charCount(text) {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    let n = 0;
    // eslint-disable-next-line no-unused-vars
    for (const _ of new Intl.Segmenter().segment(text)) n += 1;
    return n;
  }
  return [...text].length;
}

/**
 * Hashtags the way the server counts them: a "#" at the start, after a space or after another "#".
 * @param {string} text Text.
 * @returns {number}
 */
export function hashtagCount(text) {
  let n = 0;
  let prev = ' ';
  for (const ch of text) {
    if (ch === '#' && (/\s/.test(prev) || prev === '#')) n += 1;
    prev = ch;
  }
  return n;
}

/**
 * A local time for <input type="datetime-local">.
 * @param {string|number|Date} value Time.
 * @returns {string}
 */
export function toLocalInput(value) {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * When a post happens(ed): its schedule, or when a target was published.
 * @param {any} post Post JSON.
 * @returns {Date|null}
 */
export function postDate(post) {
  const published = (post.targets || []).map((/** @type {any} */ t) => t.published_at).filter(Boolean).sort()[0];
  const raw = post.scheduled_at || published;
  if (!raw) return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * "Today 14:05", "Mon 3 Mar, 09:00".
 * @param {Date} d Time.
 * @returns {string}
 */
export function shortTime(d) {
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (sameDay) return `Today ${time}`;
  return d.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** Post states that may still be edited or deleted (PostStore.editable). */
export const EDITABLE = new Set(['draft', 'pending_review', 'scheduled', 'failed']);

/** Labels of the kinds of post a content plan drafts (posts.plan_kind). */
export const PLAN_KINDS = /** @type {Record<string, string>} */ ({
  product_showcase: 'Product showcase', promotional: 'Promotional', weekend_driver: 'Weekend driver',
  engagement_poll: 'Engagement poll', customer_appreciation: 'Customer appreciation',
});
