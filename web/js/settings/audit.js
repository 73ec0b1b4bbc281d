// Settings → Audit log: who did what and when, with filters and "Load older".
import { el } from '../ui.js';
import { badge, busy, button, field, input, loadFailed, loading, sectionHeader, select, timeText } from './common.js';
import { emptyBlock } from './lists.js';

/**
 * A local calendar day as a UTC timestamp the API compares with, optionally the day after (for an inclusive "to").
 * @param {string} day "YYYY-MM-DD" from a date input.
 * @param {number} addDays Days to add.
 * @returns {string}
 */
function dayStart(day, addDays) {
  const date = new Date(`${day}T00:00`);
  date.setDate(date.getDate() + addDays);
  return date.toISOString().slice(0, 19) + 'Z';
}

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export async function render(panel, ctx) {
  const action = input({ placeholder: 'e.g. user.create', maxlength: '64', id: 'audit-action' });
  const result = select([['', 'Any result'], ['ok', 'OK'], ['denied', 'Denied'], ['failed', 'Failed']]);
  const actor = select([['', 'Anyone']]);
  const from = input({ type: 'date' });
  const to = input({ type: 'date' });
  const apply = button('Filter', 'primary', { type: 'submit' });
  const form = el('form', { class: 'card settings-card audit-filters', novalidate: true, role: 'search', 'aria-label': 'Filter the audit log' },
    field('action', 'Action', action), field('result', 'Result', result), field('actor_user_id', 'Who', actor),
    field('from', 'From', from), field('to', 'To', to), el('div', { class: 'audit-apply' }, apply));
  const body = el('div', {}, loading());
  const more = button('Load older entries', '', { id: 'audit-more', hidden: true });
  panel.append(sectionHeader('Audit log', 'Sign-ins, changes to people, channels and settings. Entries cannot be edited.'), form, body,
    el('div', { class: 'load-more' }, more));

  /** @type {number|null} */
  let nextBefore = null;
  /** @type {HTMLElement|null} */
  let tbody = null;

  ctx.api('GET', '/api/v1/users').then((/** @type {any} */ data) => {
    for (const u of data?.users || []) actor.append(el('option', { value: String(u.id) }, `${u.name} (${u.email})`));
  }).catch(() => {});

  /** @param {boolean} append Whether to add older entries below the current ones. */
  async function load(append) {
    const q = new URLSearchParams();
    if (action.value.trim()) q.set('action', action.value.trim());
    if (result.value) q.set('result', result.value);
    if (actor.value) q.set('actor_user_id', actor.value);
    if (from.value) q.set('from', dayStart(from.value, 0));
    if (to.value) q.set('to', dayStart(to.value, 1));
    q.set('limit', '50');
    if (append && nextBefore) q.set('before', String(nextBefore));
    if (!append) body.replaceChildren(loading());
    try {
      const data = await ctx.api('GET', `/api/v1/audit?${q}`);
      if (ctx.signal.aborted) return;
      const entries = data?.entries || [];
      nextBefore = data?.next_before ?? null;
      more.hidden = !nextBefore;
      const rows = entries.map((/** @type {any} */ e) => el('tr', { 'data-action': e.action },
        el('td', { class: 'nowrap' }, timeText(e.at)),
        el('td', {}, e.actor || '—', e.ip ? el('div', { class: 'muted cell-sub' }, e.ip) : null),
        el('td', {}, el('code', {}, e.action), e.target ? el('div', { class: 'muted cell-sub' }, e.target) : null),
        el('td', {}, badge(e.result, e.result === 'ok' ? 'ok' : e.result === 'denied' ? 'bad' : 'warn')),
        el('td', { class: 'audit-details' }, e.details || '')));
      if (append && tbody) { tbody.append(...rows); return; }
      if (!entries.length) { body.replaceChildren(emptyBlock('Nothing matches', 'No entries match these filters.')); return; }
      tbody = el('tbody', {}, ...rows);
      body.replaceChildren(el('div', { class: 'card table-wrap' }, el('table', { class: 'table settings-table', id: 'audit-table' },
        el('thead', {}, el('tr', {}, ...['When', 'Who', 'Action', 'Result', 'Details'].map((h) => el('th', { scope: 'col' }, h)))), tbody)));
    } catch (error) {
      body.replaceChildren(loadFailed('The audit log', error));
      more.hidden = true;
    }
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); busy(apply, () => load(false)); });
  more.addEventListener('click', () => busy(more, () => load(true)));
  await load(false);
}
