// Settings → Channels: connected pages, Instagram accounts and WhatsApp numbers with status, health and access;
// "Connect Facebook & Instagram" (Facebook Login, then the page picker) and "Connect WhatsApp" (by hand).
import { ApiError } from '../api.js';
import { el, toast } from '../ui.js';
import { channelIcon, kindName } from '../inbox/format.js';
import { badge, busy, button, confirmAction, loadFailed, loading, sectionHeader, timeText } from './common.js';
import { accessDialog, editDialog, healthDialog, whatsappDialog } from './channel-dialogs.js';
import { renderPicker } from './picker.js';
import { emptyBlock } from './lists.js';

/**
 * Starts Facebook Login: the server makes the dialog URL (with a single-use state) and the browser goes there.
 * @param {any} ctx App context.
 * @param {HTMLButtonElement} trigger The button pressed.
 */
export async function startFacebook(ctx, trigger) {
  try {
    const data = await busy(trigger, () => ctx.api('POST', '/api/v1/oauth/meta/start'));
    if (typeof data?.url === 'string' && /^https?:\/\//.test(data.url)) location.assign(data.url);
    else toast('The server did not give a Facebook address. Check the Meta app settings.');
  } catch (error) {
    toast(error instanceof ApiError ? error.message : 'Facebook Login could not start.');
  }
}

const statusText = { active: 'Active', needs_reauth: 'Needs reconnecting', disconnected: 'Disconnected' };

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export async function render(panel, ctx) {
  const fb = button('Connect Facebook & Instagram', 'primary', { id: 'connect-facebook' });
  const wa = button('Connect WhatsApp', '', { id: 'connect-whatsapp' });
  const pickerSlot = el('div', {});
  const body = el('div', {}, loading());
  panel.append(sectionHeader('Channels', 'Pages, Instagram accounts and WhatsApp numbers Parley answers on.', fb, wa), pickerSlot, body);
  /** @type {any[]} */
  let locations = [];
  fb.addEventListener('click', () => startFacebook(ctx, fb));
  wa.addEventListener('click', () => whatsappDialog(ctx, locations, null, load));

  async function load() {
    try {
      const [data, locs] = await Promise.all([ctx.api('GET', '/api/v1/channels'), ctx.api('GET', '/api/v1/locations')]);
      if (ctx.signal.aborted) return;
      locations = locs?.locations || [];
      const channels = (data?.channels || []).filter((/** @type {any} */ c) => c.status !== 'disconnected');
      const gone = (data?.channels || []).length - channels.length;
      ctx.refreshBanner?.();
      if (!channels.length) {
        body.replaceChildren(emptyBlock('No channels connected yet',
          'Connect a Facebook page (and its Instagram account) or a WhatsApp number to start answering customers here.'));
        return;
      }
      body.replaceChildren(el('ul', { class: 'card settings-rows channel-list', id: 'channels-list' }, ...channels.map(row)));
      if (gone) body.append(el('p', { class: 'muted list-note' }, `${gone} disconnected channel${gone === 1 ? ' is' : 's are'} hidden. Their conversations stay in the inbox.`));
    } catch (error) {
      body.replaceChildren(loadFailed('Channels', error));
    }
  }

  /** @param {any} c A channel summary. */
  function row(c) {
    const broken = c.status === 'needs_reauth';
    const actions = el('div', { class: 'row-actions channel-actions' });
    if (broken) {
      const again = button('Reconnect', 'danger', { class: 'button--small channel-reconnect' });
      again.addEventListener('click', () => c.kind === 'whatsapp' ? whatsappDialog(ctx, locations, c, load) : startFacebook(ctx, again));
      actions.append(again);
    }
    const health = button('Check health', '', { class: 'button--small channel-health' });
    health.addEventListener('click', () => healthDialog(ctx, c, load));
    const access = button('Who can answer', '', { class: 'button--small channel-access' });
    access.addEventListener('click', () => accessDialog(ctx, c));
    const edit = button('Edit', '', { class: 'button--small channel-edit', 'aria-label': `Edit ${c.name}` });
    edit.addEventListener('click', () => editDialog(ctx, c, locations, load));
    const off = button('Disconnect', 'ghost', { class: 'button--small button--danger-text channel-disconnect', 'aria-label': `Disconnect ${c.name}` });
    off.addEventListener('click', () => confirmAction({
      title: `Disconnect ${c.name}?`,
      text: `Parley stops receiving and sending ${kindName(c.kind)} messages for ${c.name} and forgets its access token. `
        + 'Existing conversations stay in the inbox. You can connect it again later.',
      confirm: 'Disconnect',
      action: async () => { await ctx.api('DELETE', `/api/v1/channels/${c.id}`); toast(`${c.name} was disconnected.`); load(); },
    }));
    actions.append(health, access, edit, off);
    return el('li', { class: `settings-row channel-row${broken ? ' is-broken' : ''}`, 'data-channel-id': String(c.id), 'data-kind': c.kind, 'data-status': c.status },
      el('div', { class: `channel-kind channel-kind--${c.kind}` }, channelIcon(c.kind, kindName(c.kind))),
      el('div', { class: 'settings-row-main' },
        el('div', { class: 'cell-title' }, c.name, ' ', badge(statusText[c.status] || c.status, c.status === 'active' ? 'ok' : 'bad')),
        el('div', { class: 'muted cell-sub' }, `${kindName(c.kind)} · ${c.location_name || 'No location'} · `,
          c.last_webhook_at ? el('span', {}, 'Last message ', timeText(c.last_webhook_at)) : 'No messages yet'),
        broken && c.last_error ? el('div', { class: 'channel-error' }, c.last_error) : null),
      actions);
  }

  const pickerID = new URLSearchParams(location.search).get('picker');
  if (pickerID) {
    renderPicker(pickerSlot, ctx, pickerID, () => {
      pickerSlot.replaceChildren();
      history.replaceState(null, '', '/settings/channels');
      load();
    }, load, fb);
  }
  await load();
}
