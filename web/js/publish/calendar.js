// The Calendar tab: a month grid (an agenda list on phones) of scheduled, published and planned posts, and
// "Plan a month": drafts a month of posts on the server, with progress, then shows them on the grid.
// Scheduled posts (and drafts with a time) can be dragged to another day, or moved with "Move to…" from the keyboard;
// the time of day is kept and the server has the last word.
import { el, toast } from '../ui.js';
import { errorText, field, modal } from '../assets/dialog.js';
import { EDITABLE, POST_STATES, postDate } from './format.js';

const DAY = 86_400_000;
/** States whose time the calendar may move (a draft only when it already has a time). */
const MOVABLE = new Set(['scheduled', 'draft']);

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
  /** @type {any} The post being dragged, if any. */
  let dragging = null;
  grid.addEventListener('dragover', (event) => {
    const cell = dropCell(event);
    if (!cell) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    for (const c of grid.querySelectorAll('.cal-day.is-drop-target')) if (c !== cell) c.classList.remove('is-drop-target');
    cell.classList.add('is-drop-target');
  });
  grid.addEventListener('dragleave', (event) => {
    const cell = dropCell(event);
    if (cell && !cell.contains(/** @type {Node|null} */ (event.relatedTarget))) cell.classList.remove('is-drop-target');
  });
  grid.addEventListener('drop', (event) => {
    const cell = dropCell(event);
    const post = dragging;
    dragging = null;
    for (const c of grid.querySelectorAll('.cal-day.is-drop-target')) c.classList.remove('is-drop-target');
    if (!cell || !post) return;
    event.preventDefault();
    const day = cell.dataset.date || '';
    if (postDate(post)?.toDateString() === parseDay(day)?.toDateString()) return;
    move(post, day).catch((e) => toast(errorText(e)));
  });

  /**
   * The day cell under a drag, while a movable post is being dragged.
   * @param {DragEvent} event Event.
   * @returns {HTMLElement|null}
   */
  function dropCell(event) {
    if (!dragging || !(event.target instanceof Element)) return null;
    return /** @type {HTMLElement|null} */ (event.target.closest('.cal-day[data-date]'));
  }

  /**
   * "2026-03-07" → that local day, or null.
   * @param {string} s Day.
   * @returns {Date|null}
   */
  function parseDay(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  }

  /**
   * Moves a post to another day at the same local time of day, then reloads the grid (also after a refusal).
   * @param {any} post Post.
   * @param {string} day "YYYY-MM-DD".
   */
  async function move(post, day) {
    const when = postDate(post);
    const d = parseDay(day);
    if (!when || !d) throw new Error('Choose a day.');
    const at = new Date(d.getFullYear(), d.getMonth(), d.getDate(), when.getHours(), when.getMinutes(), when.getSeconds());
    try {
      await ctx.api('PATCH', `/api/v1/posts/${post.id}`, { scheduled_at: at.toISOString() });
      toast(`Moved to ${at.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })}.`);
    } finally {
      await refresh();
    }
  }

  /**
   * "Move to…": the keyboard way to drag a post to another day.
   * @param {any} post Post.
   */
  function openMove(post) {
    const when = postDate(post);
    if (!when) return;
    const input = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'move-date', type: 'date', required: true, value: isoDay(when) }));
    const error = el('div', { class: 'alert', role: 'alert' });
    const submit = el('button', { class: 'button button--primary', type: 'submit', id: 'move-submit' }, 'Move');
    const cancel = el('button', { class: 'button', type: 'button' }, 'Cancel');
    const time = when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    const form = el('form', { class: 'pdialog-form', novalidate: true },
      el('p', { class: 'muted' }, `“${(post.text || '(no text)').slice(0, 80)}” keeps its time, ${time}.`), error,
      field('move-date', 'Move to', input), el('div', { class: 'pdialog-actions' }, cancel, submit));
    const d = modal('Move post', {}, form);
    cancel.addEventListener('click', () => d.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      if (!parseDay(input.value)) return void (error.textContent = 'Choose a day.');
      submit.setAttribute('disabled', '');
      try {
        await move(post, input.value);
        d.close();
      } catch (e) {
        error.textContent = errorText(e);
        submit.removeAttribute('disabled');
      }
    });
    input.focus();
  }

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
    if (!(MOVABLE.has(post.state) && post.scheduled_at)) return b;
    b.setAttribute('draggable', 'true');
    b.addEventListener('dragstart', (event) => {
      dragging = post;
      event.dataTransfer?.setData('text/plain', String(post.id));
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      b.classList.add('is-dragging');
    });
    b.addEventListener('dragend', () => { b.classList.remove('is-dragging'); dragging = null; });
    const moveButton = el('button', { class: 'cal-move', type: 'button', 'data-id': String(post.id), 'aria-label': `Move to another day: ${label}`, title: 'Move to…' }, '⇄');
    moveButton.addEventListener('click', () => openMove(post));
    return el('div', { class: 'cal-chip' }, b, moveButton);
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
