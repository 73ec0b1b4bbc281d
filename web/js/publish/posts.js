// The Posts tab: every post with a badge per target, permalinks, plain-language errors, engagement numbers and a
// small chart; filters by state; refreshes itself while something is on its way.
import { el, panelMessage, toast } from '../ui.js';
import { confirmDialog, errorText } from '../assets/dialog.js';
import { fileUrl } from '../assets/format.js';
import { engagementChart } from './chart.js';
import { EDITABLE, PLAN_KINDS, POST_STATES, TARGET_STATES, kindLabel, kindMark, postDate, shortTime, stateBadge } from './format.js';

const FILTERS = [['', 'All'], ['draft', 'Drafts'], ['pending_review', 'In review'], ['scheduled', 'Scheduled'], ['publishing', 'Publishing'],
  ['published', 'Published'], ['partially_published', 'Partly published'], ['failed', 'Failed'], ['uncertain', 'Check on Meta']];
const BUSY = new Set(['scheduled', 'publishing']);

/**
 * Creates the tab.
 * @param {any} ctx App context.
 * @param {(post: any) => void} onEdit Opens a post in the composer.
 * @returns {{el: HTMLElement, refresh: () => Promise<void>, stop: () => void}}
 */
export function createPostsTab(ctx, onEdit) {
  const canPublish = ctx.can('publish_posts');
  let filter = '';
  /** @type {string|null} */
  let cursor = null;
  let timer = 0;
  let token = 0;
  const filters = el('div', { class: 'state-filters', role: 'group', 'aria-label': 'Filter by state' }, ...FILTERS.map(([value, label]) => {
    const b = el('button', { class: 'filter-chip', type: 'button', 'data-filter': value, 'aria-pressed': String(value === filter) }, label);
    b.addEventListener('click', () => {
      filter = value;
      for (const x of filters.children) x.setAttribute('aria-pressed', String(x.getAttribute('data-filter') === filter));
      refresh();
    });
    return b;
  }));
  const list = el('div', { class: 'post-list', id: 'post-list' });
  const status = el('div', { class: 'posts-status', 'aria-live': 'polite' });
  const more = el('button', { class: 'button posts-more', type: 'button', hidden: true }, 'Load more');
  more.addEventListener('click', () => load(false));
  const root = el('div', { class: 'posts-tab' }, filters, list, status, more);

  /**
   * One target row: where, how it went, the link, the problem, the numbers (reach and views when Meta's insights answered).
   * @param {any} t Target JSON.
   * @returns {HTMLElement}
   */
  function targetRow(t) {
    const numbers = [['likes', 'likes'], ['comments', 'comments'], ['shares', 'shares'], ['reach', 'reached'], ['views', 'views']]
      .filter(([k]) => typeof t[k] === 'number').map(([k, w]) => `${Number(t[k]).toLocaleString()} ${w}`);
    return el('li', { class: 'post-target', 'data-target': String(t.id), 'data-channel': String(t.channel_id), 'data-state': t.state },
      el('span', { class: 'target-where' }, kindMark(t.kind), el('span', { class: 'target-channel' }, t.channel_name),
        el('span', { class: 'visually-hidden' }, ` (${kindLabel(t.kind)})`)),
      stateBadge(t.state, TARGET_STATES),
      t.permalink ? el('a', { class: 'permalink', href: t.permalink, target: '_blank', rel: 'noopener noreferrer' }, `View on ${kindLabel(t.kind)} ↗`) : null,
      String(t.external_id || '').startsWith('sandbox_') ? el('span', { class: 'target-numbers sandbox-note' }, 'Demo channel: nothing was sent to Meta') : null,
      numbers.length ? el('span', { class: 'target-numbers' }, numbers.join(' · ')) : null,
      t.error ? el('p', { class: 'target-error' }, t.error) : null);
  }

  /**
   * One post card.
   * @param {any} post Post JSON.
   * @returns {HTMLElement}
   */
  function card(post) {
    const when = postDate(post);
    const whenText = post.state === 'scheduled' && when ? `Scheduled for ${shortTime(when)}`
      : when && post.state === 'published' ? `Published ${shortTime(when)}`
        : when ? `Planned for ${shortTime(when)}` : `Created ${shortTime(new Date(post.created_at))}`;
    const ids = post.asset_ids || [];
    const media = ids.length ? el('div', { class: 'post-media' }, picture(ids[0]), ids.length > 1 ? el('span', { class: 'post-media-count' }, `+${ids.length - 1}`) : null)
      : el('div', { class: 'post-media post-media--text', 'aria-hidden': 'true' }, 'Aa');
    const actions = el('div', { class: 'post-actions' });
    if (EDITABLE.has(post.state)) actions.append(button('Edit', () => onEdit(post)));
    if (canPublish && ['draft', 'failed', 'partially_published'].includes(post.state) && (post.targets || []).length) {
      actions.append(button(post.state === 'draft' ? 'Publish now' : 'Retry', () => act(post, 'publish')));
    }
    if (EDITABLE.has(post.state)) actions.append(button('Delete', () => remove(post), 'button--danger-ghost'));
    const chart = engagementChart(post.targets || []);
    return el('article', { class: 'post-card card', 'data-id': String(post.id), 'data-state': post.state },
      media,
      el('div', { class: 'post-body' },
        el('div', { class: 'post-top' }, stateBadge(post.state), el('span', { class: 'post-when' }, whenText),
          post.calendar_id ? el('span', { class: 'tag' }, post.plan_kind ? `Content plan · ${PLAN_KINDS[post.plan_kind] || post.plan_kind}` : 'From a content plan') : null),
        el('p', { class: 'post-text' }, post.text || '(no text)'),
        post.review_comment && post.state === 'draft' ? el('p', { class: 'review-note' }, `Sent back: “${post.review_comment}”`) : null,
        (post.targets || []).length ? el('ul', { class: 'post-targets' }, ...post.targets.map(targetRow))
          : el('p', { class: 'muted post-no-target' }, 'No channel chosen yet.'),
        chart ? el('div', { class: 'post-chart' }, chart) : null,
        actions.children.length ? actions : null));
  }

  /**
   * @param {string} label Text.
   * @param {() => void} onClick Action.
   * @param {string} [extra] Extra class.
   * @returns {HTMLElement}
   */
  function button(label, onClick, extra = '') {
    const b = el('button', { class: `button button--small ${extra}`.trim(), type: 'button' }, label);
    b.addEventListener('click', onClick);
    return b;
  }

  /**
   * A picture thumbnail (videos fall back to a badge).
   * @param {number} id Asset id.
   * @returns {HTMLElement}
   */
  function picture(id) {
    const img = el('img', { src: fileUrl(id), alt: '', loading: 'lazy' });
    img.addEventListener('error', () => img.replaceWith(el('span', { class: 'post-media-file' }, '▶')), { once: true });
    return img;
  }

  /**
   * @param {any} post Post.
   * @param {'publish'} action Action.
   */
  async function act(post, action) {
    try {
      await ctx.api('POST', `/api/v1/posts/${post.id}/${action}`);
      toast('Publishing now.');
      refresh();
    } catch (e) {
      toast(errorText(e));
    }
  }

  /** @param {any} post Post. */
  async function remove(post) {
    const ok = await confirmDialog('Delete this post?', 'It is removed from Parley. Nothing already on Facebook or Instagram changes.',
      { confirmLabel: 'Delete post', danger: true });
    if (!ok) return;
    try {
      await ctx.api('DELETE', `/api/v1/posts/${post.id}`);
      toast('Post deleted.');
      refresh();
    } catch (e) {
      toast(errorText(e));
    }
  }

  /**
   * Loads posts; a reset replaces only cards whose content changed (focus stays put during refreshes).
   * @param {boolean} reset First page.
   */
  async function load(reset) {
    const my = ++token;
    const q = new URLSearchParams({ limit: '30' });
    if (filter) q.set('state', filter);
    if (!reset && cursor) q.set('cursor', cursor);
    try {
      const page = await ctx.api('GET', `/api/v1/posts?${q}`);
      if (my !== token || ctx.signal.aborted) return;
      const posts = page?.posts || [];
      if (reset) {
        const old = new Map([...list.children].map((c) => [c.getAttribute('data-id'), c]));
        const next = posts.map((/** @type {any} */ p) => {
          const key = JSON.stringify(p);
          const prev = old.get(String(p.id));
          if (prev && prev.getAttribute('data-key') === key) return prev;
          const c = card(p);
          c.setAttribute('data-key', key);
          return c;
        });
        list.replaceChildren(...next);
      } else {
        list.append(...posts.map((/** @type {any} */ p) => { const c = card(p); c.setAttribute('data-key', JSON.stringify(p)); return c; }));
      }
      cursor = page?.next_cursor || null;
      more.hidden = !cursor;
      status.replaceChildren(list.children.length ? '' : panelMessage(filter ? `No ${(POST_STATES[filter] || filter).toLowerCase()} posts` : 'No posts yet',
        filter ? 'Try another filter.' : 'Write one under Compose.'));
      schedulePoll(posts);
    } catch (e) {
      if (my === token) status.replaceChildren(panelMessage('Posts could not be loaded', errorText(e), true));
    }
  }

  /**
   * Polls every 2 s while a post is publishing or due within a minute.
   * @param {any[]} posts Loaded posts.
   */
  function schedulePoll(posts) {
    window.clearTimeout(timer);
    const soon = Date.now() + 60_000;
    const busy = posts.some((p) => BUSY.has(p.state) && (p.state === 'publishing' || !p.scheduled_at || Date.parse(p.scheduled_at) <= soon)
      || (p.targets || []).some((/** @type {any} */ t) => ['queued', 'publishing', 'processing'].includes(t.state) && p.state !== 'scheduled'));
    if (busy && !ctx.signal.aborted) timer = window.setTimeout(() => load(true), 2000);
  }

  function refresh() {
    cursor = null;
    return load(true);
  }

  return { el: root, refresh, stop: () => window.clearTimeout(timer) };
}
