// The Calendar tab: a month grid or a week of day columns (an agenda list on phones) of scheduled, published and
// planned posts, and "Plan a month" (calendar-plan.js). The chosen view is kept in localStorage and in the URL
// (?tab=calendar&view=week). Scheduled posts (and drafts with a time) can be dragged to another day in either view,
// or moved with "Move to…" from the keyboard; the time of day is kept and the server has the last word.
import { el, toast } from '../ui.js';
import { errorText, field, modal } from '../assets/dialog.js';
import { EDITABLE, POST_STATES, postDate } from './format.js';
import { openPlanDialog } from './calendar-plan.js';
import { addDays, agendaItems, groupByDay, isoDay, monthRows, parseDay, weekRows, weekStart, weekTitle } from './calendar-views.js';

/** States whose time the calendar may move (a draft only when it already has a time). */
const MOVABLE = new Set(['scheduled', 'draft']);
const VIEW_KEY = 'parley.calendar.view';

/**
 * The view to open with: the URL's, else the last one chosen, else the month.
 * @returns {'month'|'week'}
 */
function initialView() {
  let stored = null;
  try {
    stored = localStorage.getItem(VIEW_KEY);
  } catch {
    // Storage may be off (private mode); the URL still carries the view.
  }
  const v = new URLSearchParams(location.search).get('view') || stored;
  return v === 'week' ? 'week' : 'month';
}

/**
 * Creates the tab.
 * @param {any} ctx App context.
 * @param {(post: any) => void} onEdit Opens a post in the composer.
 * @returns {{el: HTMLElement, refresh: () => Promise<void>}}
 */
export function createCalendarTab(ctx, onEdit) {
  let view = initialView();
  /** The day the view is built around: any day of the week shown, or of the month shown. */
  let focus = new Date();
  /** @type {any[]} */
  let posts = [];
  const title = el('h2', { class: 'cal-title', id: 'cal-title', 'aria-live': 'polite' });
  const prev = el('button', { class: 'button button--small', type: 'button', id: 'cal-prev' }, '‹');
  const next = el('button', { class: 'button button--small', type: 'button', id: 'cal-next' }, '›');
  const today = el('button', { class: 'button button--small button--ghost', type: 'button', id: 'cal-today' }, 'Today');
  const viewButtons = ['month', 'week'].map((v) => el('button', { class: 'segment', type: 'button', id: `cal-view-${v}`, 'data-view': v, 'aria-pressed': 'false' },
    v === 'month' ? 'Month' : 'Week'));
  const toggle = el('div', { class: 'segmented cal-views', role: 'group', 'aria-label': 'Calendar view' }, ...viewButtons);
  const plan = el('button', { class: 'button button--primary button--small', type: 'button', id: 'plan-month', hidden: !ctx.can('publish_posts') }, '✦ Plan a month');
  const grid = el('div', { class: 'cal-grid', role: 'grid', 'aria-labelledby': 'cal-title' });
  const agenda = el('ol', { class: 'cal-agenda' });
  const legend = el('p', { class: 'cal-legend' }, ...['scheduled', 'published', 'draft', 'pending_review', 'failed'].map((s) =>
    el('span', { class: `cal-key cal-post--${s}` }, POST_STATES[/** @type {keyof POST_STATES} */ (s)])));
  const root = el('div', { class: 'calendar-tab' },
    el('div', { class: 'cal-head' }, el('div', { class: 'cal-nav' }, prev, title, next, today, toggle), plan), legend, grid, agenda);

  /**
   * Moves the view one month or week back (-1) or forward (1).
   * @param {number} step Direction.
   */
  function go(step) {
    if (view === 'week') focus = addDays(focus, 7 * step);
    else {
      const first = new Date(focus.getFullYear(), focus.getMonth() + step, 1);
      const now = new Date();
      focus = first.getFullYear() === now.getFullYear() && first.getMonth() === now.getMonth() ? now : first;
    }
    render();
  }
  prev.addEventListener('click', () => go(-1));
  next.addEventListener('click', () => go(1));
  today.addEventListener('click', () => { focus = new Date(); render(); });
  for (const b of viewButtons) b.addEventListener('click', () => setView(b.getAttribute('data-view') === 'week' ? 'week' : 'month'));
  plan.addEventListener('click', () => openPlanDialog(ctx, {
    onFinished: async (month, done) => {
      showMonth(month);
      await refresh();
      toast(`${done} draft posts added to ${title.textContent || 'the calendar'}.`);
    },
    onStopped: async (month) => {
      showMonth(month);
      await refresh();
    },
  }));

  /**
   * Shows the month just planned ("2026-12"; in the week view, its first week).
   * @param {string} month Month.
   */
  function showMonth(month) {
    const [y, m] = month.split('-').map(Number);
    if (y && m) focus = new Date(y, m - 1, 1);
  }

  /**
   * Switches between the month grid and the week, and remembers the choice.
   * @param {'month'|'week'} v View.
   */
  function setView(v) {
    if (v === view) return;
    view = v;
    try {
      localStorage.setItem(VIEW_KEY, v);
    } catch {
      // Not stored: the URL still keeps it for a reload.
    }
    render();
  }

  /** Keeps ?view=week in the address while the Calendar tab is the one shown (publish.js owns ?tab=). */
  function syncURL() {
    const params = new URLSearchParams(location.search);
    if (params.get('tab') !== 'calendar') return;
    if (view === 'week') params.set('view', 'week');
    else params.delete('view');
    const url = `${location.pathname}?${params}`;
    if (location.pathname + location.search !== url) history.replaceState(null, '', url);
  }

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
   * The day cell (month grid or week column) under a drag, while a movable post is being dragged.
   * @param {DragEvent} event Event.
   * @returns {HTMLElement|null}
   */
  function dropCell(event) {
    if (!dragging || !(event.target instanceof Element)) return null;
    return /** @type {HTMLElement|null} */ (event.target.closest('.cal-day[data-date]'));
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
    const byDay = groupByDay(posts);
    const week = view === 'week';
    for (const b of viewButtons) b.setAttribute('aria-pressed', String(b.getAttribute('data-view') === view));
    prev.setAttribute('aria-label', week ? 'Previous week' : 'Previous month');
    next.setAttribute('aria-label', week ? 'Next week' : 'Next month');
    grid.classList.toggle('cal-grid--week', week);
    let from;
    let to;
    if (week) {
      from = weekStart(focus);
      to = addDays(from, 7);
      title.textContent = weekTitle(from);
      grid.replaceChildren(...weekRows(from, byDay, chip));
    } else {
      from = new Date(focus.getFullYear(), focus.getMonth(), 1);
      to = new Date(focus.getFullYear(), focus.getMonth() + 1, 1);
      title.textContent = from.toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
      grid.replaceChildren(...monthRows(from.getFullYear(), from.getMonth(), byDay, chip));
    }
    agenda.setAttribute('aria-label', week ? 'Posts this week' : 'Posts this month');
    agenda.replaceChildren(...agendaItems(from, to, byDay, chip, week ? 'Nothing planned this week.' : 'Nothing planned this month.'));
    syncURL();
  }

  /** Loads up to 500 posts (newest first) for the grid. */
  async function refresh() {
    syncURL();
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

  render();
  return { el: root, refresh };
}
