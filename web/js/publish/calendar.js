// The Calendar tab: a month grid (an agenda list on phones) of scheduled, published and planned posts, and
// "Plan a month": drafts a month of posts on the server, with progress, then shows them on the grid.
import { el, toast } from '../ui.js';
import { errorText, field, modal } from '../assets/dialog.js';
import { EDITABLE, POST_STATES, postDate } from './format.js';

const DAY = 86_400_000;

/**
 * Creates the tab.
 * @param {any} ctx App context.
 * @param {(post: any) => void} onEdit Opens a post in the composer.
 * @returns {{el: HTMLElement, refresh: () => Promise<void>}}
 */
export function createCalendarTab(ctx, onEdit) {
  const now = new Date();
  let year = now.getFullYear();
  let month = now.getMonth();
  /** @type {any[]} */
  let posts = [];
  const title = el('h2', { class: 'cal-title', id: 'cal-title', 'aria-live': 'polite' });
  const prev = el('button', { class: 'button button--small', type: 'button', 'aria-label': 'Previous month' }, '‹');
  const next = el('button', { class: 'button button--small', type: 'button', 'aria-label': 'Next month' }, '›');
  const today = el('button', { class: 'button button--small button--ghost', type: 'button' }, 'Today');
  const plan = el('button', { class: 'button button--primary button--small', type: 'button', id: 'plan-month', hidden: !ctx.can('publish_posts') }, '✦ Plan a month');
  const grid = el('div', { class: 'cal-grid', role: 'grid', 'aria-labelledby': 'cal-title' });
  const agenda = el('ol', { class: 'cal-agenda', 'aria-label': 'Posts this month' });
  const legend = el('p', { class: 'cal-legend' }, ...['scheduled', 'published', 'draft', 'pending_review', 'failed'].map((s) =>
    el('span', { class: `cal-key cal-post--${s}` }, POST_STATES[/** @type {keyof POST_STATES} */ (s)])));
  const root = el('div', { class: 'calendar-tab' },
    el('div', { class: 'cal-head' }, el('div', { class: 'cal-nav' }, prev, title, next, today), plan), legend, grid, agenda);

  prev.addEventListener('click', () => { month -= 1; if (month < 0) { month = 11; year -= 1; } render(); });
  next.addEventListener('click', () => { month += 1; if (month > 11) { month = 0; year += 1; } render(); });
  today.addEventListener('click', () => { year = now.getFullYear(); month = now.getMonth(); render(); });
  plan.addEventListener('click', () => openPlan());

  /**
   * A post on the calendar: a button for editable posts, else text.
   * @param {any} post Post.
   * @param {Date} when Its time.
   * @returns {HTMLElement}
   */
  function chip(post, when) {
    const time = when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    const words = (post.text || '(no text)').slice(0, 60);
    const label = `${POST_STATES[/** @type {keyof POST_STATES} */ (post.state)] || post.state}, ${time}: ${words}`;
    const attrs = { class: `cal-post cal-post--${post.state}`, 'data-id': String(post.id), title: label };
    const content = [el('span', { class: 'cal-time' }, time), ' ', el('span', { class: 'cal-text' }, words)];
    if (!EDITABLE.has(post.state)) return el('span', attrs, ...content);
    const b = el('button', { ...attrs, type: 'button', 'aria-label': `Edit: ${label}` }, ...content);
    b.addEventListener('click', () => onEdit(post));
    return b;
  }

  function render() {
    const first = new Date(year, month, 1);
    title.textContent = first.toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
    const start = new Date(year, month, 1 - ((first.getDay() + 6) % 7));
    /** @type {Map<string, {post: any, when: Date}[]>} */
    const byDay = new Map();
    for (const post of posts) {
      const when = postDate(post);
      if (!when) continue;
      const key = when.toDateString();
      if (!byDay.has(key)) byDay.set(key, []);
      byDay.get(key)?.push({ post, when });
    }
    for (const list of byDay.values()) list.sort((a, b) => a.when.getTime() - b.when.getTime());
    const head = el('div', { class: 'cal-row cal-row--head', role: 'row' }, ...[0, 1, 2, 3, 4, 5, 6].map((i) =>
      el('span', { class: 'cal-dow', role: 'columnheader' }, new Date(start.getTime() + i * DAY).toLocaleDateString(undefined, { weekday: 'short' }))));
    const rows = [];
    for (let w = 0; w < 6; w++) {
      const cells = [];
      for (let i = 0; i < 7; i++) {
        const day = new Date(start.getFullYear(), start.getMonth(), start.getDate() + w * 7 + i);
        const items = byDay.get(day.toDateString()) || [];
        const cls = ['cal-day', day.getMonth() !== month ? 'is-other' : '', day.toDateString() === now.toDateString() ? 'is-today' : ''].filter(Boolean).join(' ');
        cells.push(el('div', { class: cls, role: 'gridcell', 'data-date': isoDay(day) },
          el('span', { class: 'cal-num' }, String(day.getDate())), ...items.slice(0, 3).map((x) => chip(x.post, x.when)),
          items.length > 3 ? el('span', { class: 'cal-more' }, `+${items.length - 3} more`) : null));
      }
      if (w === 5 && cells.every((c) => c.classList.contains('is-other'))) break;
      rows.push(el('div', { class: 'cal-row', role: 'row' }, ...cells));
    }
    grid.replaceChildren(head, ...rows);
    const inMonth = [...byDay.entries()].map(([, items]) => items).filter((items) => items[0].when.getMonth() === month && items[0].when.getFullYear() === year)
      .sort((a, b) => a[0].when.getTime() - b[0].when.getTime());
    agenda.replaceChildren(...(inMonth.length ? inMonth.map((items) => el('li', { class: 'cal-agenda-day' },
      el('span', { class: 'cal-agenda-date' }, items[0].when.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })),
      el('div', { class: 'cal-agenda-posts' }, ...items.map((x) => chip(x.post, x.when)))))
      : [el('li', { class: 'muted cal-agenda-empty' }, 'Nothing planned this month.')]));
  }

  /**
   * "2026-03-07" in local time.
   * @param {Date} d Day.
   * @returns {string}
   */
  function isoDay(d) {
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }

  /** Loads up to 500 posts (newest first) for the grid. */
  async function refresh() {
    /** @type {any[]} */
    const all = [];
    /** @type {string|null} */
    let cursor = null;
    try {
      for (let i = 0; i < 5; i++) {
        const page = await ctx.api('GET', `/api/v1/posts?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        all.push(...(page?.posts || []));
        cursor = page?.next_cursor || null;
        if (!cursor) break;
      }
    } catch (e) {
      toast(errorText(e));
    }
    posts = all;
    render();
  }

  function openPlan() {
    const nextMonth = new Date(now.getFullYear(), now.getMonth() + 1, 1);
    const monthInput = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'plan-month-input', type: 'month', required: true }));
    monthInput.value = `${nextMonth.getFullYear()}-${String(nextMonth.getMonth() + 1).padStart(2, '0')}`;
    const count = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'plan-count', type: 'number', min: '1', max: '60', value: '8' }));
    const useAI = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'plan-ai', checked: true }));
    const error = el('div', { class: 'alert', role: 'alert' });
    const bar = /** @type {HTMLProgressElement} */ (el('progress', { max: '1', value: '0', id: 'plan-progress', 'aria-label': 'Drafting progress' }));
    const progressText = el('p', { class: 'plan-progress-text', 'aria-live': 'polite' });
    const progress = el('div', { class: 'plan-progress', hidden: true }, bar, progressText);
    const submit = el('button', { class: 'button button--primary', type: 'submit', id: 'plan-submit' }, 'Draft the posts');
    const cancel = el('button', { class: 'button', type: 'button' }, 'Cancel');
    const form = el('form', { class: 'pdialog-form', novalidate: true },
      el('p', { class: 'muted' }, 'Parley drafts posts spread over the month, with captions in varied tones. Add pictures and channels to each draft, then schedule it.'),
      error, field('plan-month-input', 'Month', monthInput), field('plan-count', 'How many posts', count, '1 to 60.'),
      el('div', { class: 'check-row' }, useAI, el('label', { for: 'plan-ai' }, 'Write captions with AI (templates are used when AI is not available)')),
      progress, el('div', { class: 'pdialog-actions' }, cancel, submit));
    const d = modal('Plan a month', {}, form);
    let polling = 0;
    d.node.addEventListener('close', () => window.clearTimeout(polling));
    cancel.addEventListener('click', () => d.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      const n = Number(count.value);
      if (!/^\d{4}-\d{2}$/.test(monthInput.value)) return void (error.textContent = 'Choose a month.');
      if (!Number.isInteger(n) || n < 1 || n > 60) return void (error.textContent = 'Choose 1 to 60 posts.');
      submit.setAttribute('disabled', '');
      try {
        const started = await ctx.api('POST', '/api/v1/calendars', { month: monthInput.value, count: n, use_ai: useAI.checked });
        progress.hidden = false;
        for (const c of [monthInput, count, useAI]) c.disabled = true;
        const poll = async () => {
          try {
            const p = await ctx.api('GET', `/api/v1/calendars/${started.id}`);
            bar.max = Math.max(1, p.total);
            bar.value = p.done;
            progressText.textContent = `Drafted ${p.done} of ${p.total} posts…`;
            if (p.state === 'running') return void (polling = window.setTimeout(poll, 500));
            if (p.state === 'failed') throw new Error(p.error || 'Drafting stopped part-way.');
            const [y, m] = monthInput.value.split('-').map(Number);
            year = y;
            month = m - 1;
            d.close();
            await refresh();
            toast(`${p.done} draft posts added to ${title.textContent || 'the calendar'}.`);
          } catch (e) {
            error.textContent = errorText(e);
            submit.removeAttribute('disabled');
          }
        };
        poll();
      } catch (e) {
        error.textContent = errorText(e);
        submit.removeAttribute('disabled');
      }
    });
    monthInput.focus();
  }

  render();
  return { el: root, refresh };
}
