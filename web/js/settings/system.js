// Settings → System: what this server runs and how busy it is, webhook health per channel, and scheduled backups.
// Backups are server-wide, so the API sends `backups: null` when the server hosts several businesses.
import { ApiError } from '../api.js';
import { el, toast } from '../ui.js';
import { formatBytes } from '../assets/format.js';
import { kindName } from '../inbox/format.js';
import { badge, busy, button, checkbox, clearErrors, field, formAlert, input, loadFailed, loading, sectionHeader, showFailure, timeText } from './common.js';

/**
 * "3 days 4 h", "2 h 5 min", "40 s".
 * @param {number} seconds Duration.
 * @returns {string}
 */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days) return `${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} h` : ''}`;
  if (hours) return `${hours} h${minutes ? ` ${minutes} min` : ''}`;
  if (minutes) return `${minutes} min`;
  return `${s} s`;
}

/**
 * Bytes as text, going past MB for whole-server data.
 * @param {number} bytes Size.
 * @returns {string}
 */
export function bytesText(bytes) {
  const n = Number(bytes) || 0;
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  return formatBytes(n);
}

/**
 * The facts about the server.
 * @param {any} system `system` from the API.
 * @returns {HTMLElement}
 */
function facts(system) {
  const lag = Number(system.scheduler_lag_seconds) || 0;
  const rows = [
    ['Version', system.version || '—'],
    ['Running for', duration(system.uptime_seconds)],
    ['Data of this business', bytesText(system.tenant_data_bytes)],
    system.data_bytes == null ? null : ['All data on this server', bytesText(system.data_bytes)],
    ['Incoming messages waiting', String(system.ingest_backlog ?? 0)],
    ['Outgoing messages waiting', String(system.outbox_backlog ?? 0)],
    ['Scheduler delay', lag < 1 ? 'On time' : duration(lag)],
  ].filter(Boolean);
  return el('div', { class: 'card settings-card', id: 'system-facts' },
    el('h3', {}, 'Server'),
    el('dl', { class: 'settings-facts' }, ...rows.flatMap((r) => [el('dt', {}, /** @type {string[]} */ (r)[0]), el('dd', {}, /** @type {string[]} */ (r)[1])])));
}

/** @type {Record<string, string>} */
const statusText = { active: 'Active', needs_reauth: 'Needs reconnecting', disconnected: 'Disconnected' };

/**
 * The webhook health table.
 * @param {any[]} channels `channels` from the API.
 * @returns {HTMLElement}
 */
function health(channels) {
  const card = el('div', { class: 'card settings-card', id: 'system-webhooks' }, el('h3', {}, 'Webhook health'));
  if (!channels.length) {
    card.append(el('p', { class: 'muted' }, 'No channels are connected yet.'));
    return card;
  }
  const rows = channels.map((c) => el('tr', { 'data-channel': String(c.id) },
    el('td', {}, c.name || `Channel #${c.id}`, el('div', { class: 'muted cell-sub' }, kindName(c.kind))),
    el('td', {}, badge(statusText[c.status] || String(c.status || 'Unknown'), c.status === 'active' ? 'ok' : c.status === 'disconnected' ? 'muted' : 'bad')),
    el('td', { class: 'nowrap' }, timeText(c.last_webhook_at, 'No webhook yet')),
    el('td', {}, c.last_error || '—')));
  card.append(el('div', { class: 'table-wrap' }, el('table', { class: 'table settings-table' },
    el('thead', {}, el('tr', {}, ...['Channel', 'Status', 'Last webhook', 'Last error'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows))));
  return card;
}

/**
 * The last backup's result.
 * @param {any} last `backups.last` from the API.
 * @returns {HTMLElement}
 */
function lastBackup(last) {
  if (!last) return el('p', { class: 'muted', id: 'backup-last' }, 'No backup has been taken yet.');
  const parts = [timeText(last.at), ' · ', last.ok ? badge('OK', 'ok') : badge('Failed', 'bad')];
  if (last.archive) parts.push(' · ', el('span', { class: 'mono' }, last.archive));
  if (last.size != null) parts.push(` · ${bytesText(last.size)}`);
  if (Number.isFinite(last.seconds)) parts.push(` · took ${duration(Math.ceil(last.seconds))}`);
  return el('div', { id: 'backup-last' }, el('p', {}, 'Last backup: ', ...parts),
    !last.ok && last.error ? el('p', { class: 'alert', role: 'alert' }, last.error) : null);
}

/**
 * The backups card: schedule form, last result and "Back up now".
 * @param {any} backups `backups` from the API (null on a shared server).
 * @param {any} ctx App context.
 * @returns {HTMLElement}
 */
function backupsCard(backups, ctx) {
  if (!backups) {
    return el('div', { class: 'card settings-card', id: 'system-backups' }, el('h3', {}, 'Backups'),
      el('p', { class: 'muted' }, 'This server hosts several businesses; the operator manages backups with ', el('code', {}, 'parley backup'), '.'));
  }
  const s = backups.settings || {};
  const enabled = checkbox('Take backups automatically', !!s.enabled, { name: 'enabled' });
  const every = input({ type: 'number', min: '1', step: '1', required: true, inputmode: 'numeric' });
  every.value = String(s.interval_hours ?? 24);
  const keep = input({ type: 'number', min: '1', step: '1', required: true, inputmode: 'numeric' });
  keep.value = String(s.keep ?? 7);
  const save = button('Save', 'primary', { type: 'submit' });
  const form = el('form', { class: 'settings-form', novalidate: true, id: 'backup-form' },
    formAlert(), enabled.row,
    el('div', { class: 'inline-row' }, field('interval_hours', 'Every (hours)', every), field('keep', 'Keep (archives)', keep)),
    el('div', { class: 'form-actions' }, save));
  let last = lastBackup(backups.last);
  const now = button('Back up now', '', { id: 'backup-run' });
  const card = el('div', { class: 'card settings-card', id: 'system-backups' }, el('h3', {}, 'Backups'), form, last,
    el('div', { class: 'form-actions' }, now));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = { enabled: enabled.box.checked, interval_hours: Number(every.value), keep: Number(keep.value) };
    try {
      await busy(save, () => ctx.api('PUT', '/api/v1/system/backups', body));
      toast('Backup schedule saved.');
    } catch (error) {
      showFailure(form, error);
    }
  });
  /** @param {any} status The newest backup status. */
  const showLast = (status) => {
    const fresh = lastBackup(status);
    last.replaceWith(fresh);
    last = fresh;
  };
  now.addEventListener('click', () => busy(now, async () => {
    try {
      const data = await ctx.api('POST', '/api/v1/system/backups/run');
      if (ctx.signal.aborted) return;
      showLast(data?.last || null);
      toast('Backup taken.');
    } catch (error) {
      toast(error instanceof ApiError ? `The backup failed: ${error.message}` : 'The backup could not be started.');
      // A failed run is recorded as the last status (the error answer's body is not kept by api()), so read it back.
      try {
        const data = await ctx.api('GET', '/api/v1/system');
        if (!ctx.signal.aborted && data?.backups) showLast(data.backups.last || null);
      } catch { /* the toast already said it failed */ }
    }
  }));
  return card;
}

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export async function render(panel, ctx) {
  const body = el('div', {}, loading());
  panel.append(sectionHeader('System', 'Version, load and health of this server, and its backups.'), body);
  try {
    const data = await ctx.api('GET', '/api/v1/system');
    if (ctx.signal.aborted) return;
    body.replaceChildren(facts(data?.system || {}), health(data?.channels || []), backupsCard(data?.backups ?? null, ctx));
  } catch (error) {
    if (!ctx.signal.aborted) body.replaceChildren(loadFailed('System information', error));
  }
}
