// Publish: Posts, Compose, Review and Calendar tabs for Facebook Pages and Instagram accounts.
// Small modules live in ../publish/.
import { el, emptyState, viewHeader } from '../ui.js';
import { createCalendarTab } from '../publish/calendar.js';
import { createComposer } from '../publish/compose.js';
import { createPostsTab } from '../publish/posts.js';
import { createReviewTab } from '../publish/review.js';

/**
 * Shows the publishing view in `view`.
 * @param {HTMLElement} view The view container.
 * @param {any} ctx The app context (api, can, signal).
 * @returns {Promise<() => void>} Unmount.
 */
export async function mount(view, ctx) {
  const canPublish = ctx.can('publish_posts');
  view.replaceChildren(el('div', { class: 'loading' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…'));
  let channels = [];
  try {
    channels = ((await ctx.api('GET', '/api/v1/channels'))?.channels || []).filter((/** @type {any} */ c) => c.kind === 'messenger' || c.kind === 'instagram');
  } catch {
    channels = [];
  }
  if (ctx.signal.aborted) return () => {};

  /** @type {Record<string, {label: string, el: HTMLElement, show?: () => void}>} */
  const tabs = {};
  const posts = createPostsTab(ctx, (post) => editPost(post));
  const composer = createComposer(ctx, channels, () => select('posts'));
  const calendar = createCalendarTab(ctx, (post) => editPost(post));
  tabs.posts = { label: 'Posts', el: posts.el, show: () => posts.refresh() };
  tabs.compose = { label: 'Compose', el: composer.el };
  /** @type {HTMLElement|null} */
  let reviewCount = null;
  if (canPublish) {
    reviewCount = el('span', { class: 'tab-count', hidden: true });
    const review = createReviewTab(ctx, (n) => {
      if (!reviewCount) return;
      reviewCount.textContent = String(n);
      reviewCount.hidden = n === 0;
    });
    tabs.review = { label: 'Review', el: review.el, show: () => review.refresh() };
    // The count shows on the tab before it is opened.
    review.refresh();
  }
  tabs.calendar = { label: 'Calendar', el: calendar.el, show: () => calendar.refresh() };

  const tabList = el('div', { class: 'tabs publish-tabs', role: 'tablist', 'aria-label': 'Publishing' });
  const panels = el('div', { class: 'publish-panels' });
  for (const [key, tab] of Object.entries(tabs)) {
    const button = el('button', { class: 'tab', type: 'button', role: 'tab', id: `tab-${key}`, 'aria-controls': `panel-${key}`, 'aria-selected': 'false', 'data-tab': key },
      tab.label, key === 'review' ? reviewCount : null);
    button.addEventListener('click', () => select(key));
    button.addEventListener('keydown', (event) => {
      const keys = Object.keys(tabs);
      const i = keys.indexOf(key);
      const to = event.key === 'ArrowRight' ? keys[(i + 1) % keys.length] : event.key === 'ArrowLeft' ? keys[(i + keys.length - 1) % keys.length] : null;
      if (!to) return;
      event.preventDefault();
      select(to);
      document.getElementById(`tab-${to}`)?.focus();
    });
    tabList.append(button);
    panels.append(el('section', { class: 'tab-panel', role: 'tabpanel', id: `panel-${key}`, 'aria-labelledby': `tab-${key}`, tabindex: '0', hidden: true }, tab.el));
  }

  const newPost = el('button', { class: 'button button--primary', type: 'button', id: 'new-post' }, '+ New post');
  newPost.addEventListener('click', () => {
    composer.reset();
    select('compose');
    document.getElementById('compose-text')?.focus();
  });
  view.replaceChildren(viewHeader('Publish', 'Write, review, schedule and publish posts to your Facebook Pages and Instagram accounts.', newPost));
  if (!channels.length && ctx.can('manage_channels')) {
    view.append(el('div', { class: 'publish-notice' }, 'No Facebook Page or Instagram account is connected. ',
      el('a', { href: '/settings#channels' }, 'Connect one in Settings'), ' to publish.'));
  }
  view.append(tabList, panels);
  if (!channels.length && !ctx.can('manage_channels')) {
    panels.prepend(emptyState({ section: 'publish', title: 'No channels yet', text: 'An admin needs to connect a Facebook Page or Instagram account first.' }));
  }

  /**
   * Shows one tab and remembers it in the URL.
   * @param {string} key Tab key.
   */
  function select(key) {
    if (!tabs[key]) key = 'posts';
    for (const b of tabList.children) b.setAttribute('aria-selected', String(b.getAttribute('data-tab') === key));
    for (const p of panels.querySelectorAll('.tab-panel')) /** @type {HTMLElement} */ (p).hidden = p.id !== `panel-${key}`;
    const url = key === 'posts' ? location.pathname : `${location.pathname}?tab=${key}`;
    if (location.pathname + location.search !== url) history.replaceState(null, '', url);
    tabs[key].show?.();
  }

  /**
   * Opens a post in the composer.
   * @param {any} post Post JSON.
   */
  function editPost(post) {
    select('compose');
    composer.edit(post);
  }

  select(new URLSearchParams(location.search).get('tab') || 'posts');
  return () => posts.stop();
}
