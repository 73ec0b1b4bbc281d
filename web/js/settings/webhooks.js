// Settings → Webhook events: deliveries from Meta that failed or could not be routed, with Replay.
import { ApiError } from '../api.js';
import { el, panelMessage, toast } from '../ui.js';
import { badge, busy, button, field, loadFailed, loading, sectionHeader, select, timeText } from './common.js';
import { emptyBlock } from './lists.js';

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export async function render(panel, ctx) {
  const status = select([['failed', 'Failed'], ['unroutable', 'Unroutable (no matching channel)'], ['pending', 'Waiting'], ['all', 'All']], 'failed');
  status.id = 'webhook-status';
  const counts = el('p', { class: 'muted webhook-counts' });
  const body = el('div', {}, loading());
  const more = button('Load older events', '', { hidden: true });
  const filters = el('div', { class: 'inline-row webhook-filters' }, field('status', 'Show', status), counts);
  panel.append(sectionHeader('Webhook events', 'Messages and updates Meta sent to Parley that were not processed. Replay one after fixing the cause.'),
    filters, body, el('div', { class: 'load-more' }, more));
  /** @type {number|null} */
  let oldest = null;
  /** @type {HTMLElement|null} */
  let tbody = null;

  /** @param {boolean} append */
  async function load(append) {
    if (!append) body.replaceChildren(loading());
    const q = new URLSearchParams({ status: status.value });
    if (append && oldest) q.set('before', String(oldest));
    try {
      const data = await ctx.api('GET', `/api/v1/webhook-events?${q}`);
      if (ctx.signal.aborted) return;
      const events = data?.events || [];
      const c = data?.counts || {};
      counts.textContent = `Failed: ${c.failed || 0} · Unroutable: ${c.unroutable || 0} · Waiting: ${c.pending || 0} · Done: ${c.done || 0}`;
      oldest = events.length ? events[events.length - 1].id : null;
      more.hidden = events.length < 100;
      const rows = events.map((/** @type {any} */ e) => {
        const actions = el('td', { class: 'row-actions' });
        if (e.status === 'failed' || e.status === 'unroutable') {
          const replay = button('Replay', '', { class: 'button--small' });
          replay.addEventListener('click', () => busy(replay, async () => {
            try {
              await ctx.api('POST', `/api/v1/webhook-events/${e.id}/replay`);
              toast(`Event #${e.id} is queued to be processed again.`);
              window.setTimeout(() => load(false), 800);
            } catch (error) {
              toast(error instanceof ApiError ? error.message : 'The event could not be replayed.');
            }
          }));
          actions.append(replay);
        }
        return el('tr', {},
          el('td', { class: 'nowrap' }, `#${e.id}`, el('div', { class: 'muted cell-sub' }, e.provider)),
          el('td', { class: 'nowrap' }, timeText(e.received_at)),
          el('td', {}, badge(e.status, e.status === 'done' ? 'ok' : e.status === 'pending' ? 'muted' : 'bad'),
            el('div', { class: 'muted cell-sub' }, `${e.attempts} attempt${e.attempts === 1 ? '' : 's'} · ${Math.ceil((e.size || 0) / 1024)} KB`)),
          el('td', {}, e.last_error || '—'),
          actions);
      });
      if (append && tbody) { tbody.append(...rows); return; }
      if (!events.length) { body.replaceChildren(emptyBlock('Nothing here', 'No webhook events with this status. Everything Meta sent was processed.')); return; }
      tbody = el('tbody', {}, ...rows);
      body.replaceChildren(el('div', { class: 'card table-wrap' }, el('table', { class: 'table settings-table', id: 'webhook-table' },
        el('thead', {}, el('tr', {}, ...['Event', 'Received', 'Status', 'Problem', ''].map((h) => el('th', { scope: 'col' }, h)))), tbody)));
    } catch (error) {
      more.hidden = true;
      if (error instanceof ApiError && error.status === 403) {
        filters.hidden = true;
        body.replaceChildren(el('div', { class: 'card' }, panelMessage('Not available on this server', error.message)));
      } else body.replaceChildren(loadFailed('Webhook events', error));
    }
  }

  status.addEventListener('change', () => load(false));
  more.addEventListener('click', () => busy(more, () => load(true)));
  await load(false);
}
