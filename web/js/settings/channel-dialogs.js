// Dialogs of Settings → Channels: health check in plain words, who can answer, rename/move, WhatsApp by hand.
import { el, toast } from '../ui.js';
import { kindName } from '../inbox/format.js';
import { busy, button, checkbox, clearErrors, dialog, field, fieldError, formAlert, input, loadFailed, loading, select, showFailure, timeText } from './common.js';

/**
 * The location options of a select: none first.
 * @param {any[]} locations Locations.
 * @returns {Array<[string, string]>}
 */
export function locationOptions(locations) {
  return [['', 'No location'], ...locations.map((l) => /** @type {[string, string]} */ ([String(l.id), l.name]))];
}

/**
 * Runs the health check and explains it.
 * @param {any} ctx App context.
 * @param {any} channel Channel summary.
 * @param {() => void} changed Called after the check (the status may have changed).
 */
export async function healthDialog(ctx, channel, changed) {
  const body = el('div', { class: 'health-body', 'aria-live': 'polite' }, loading());
  const close = button('Close', 'primary');
  const node = dialog(`Health of ${channel.name}`, body, el('div', { class: 'settings-dialog-actions' }, close));
  close.addEventListener('click', () => node.close());
  try {
    const r = await ctx.api('GET', `/api/v1/channels/${channel.id}/health`);
    const good = !(r.problems || []).length && r.status === 'active';
    const lines = [];
    if (r.token) {
      lines.push(r.token.valid ? 'Meta accepts Parley’s access token.' : 'Meta no longer accepts Parley’s access token.');
      if (r.token.expires_at) lines.push(`The token expires ${new Date(r.token.expires_at * 1000).toLocaleDateString()}.`);
      else if (r.token.valid) lines.push('The token does not expire.');
      if ((r.token.missing_scopes || []).length) lines.push(`Missing permissions: ${r.token.missing_scopes.join(', ')}.`);
    }
    if (r.subscription) {
      lines.push(r.subscription.present ? 'Meta sends new messages to Parley (webhooks are subscribed).' : 'Meta is not sending messages to Parley (no webhook subscription).');
      if (r.subscription.resubscribed) lines.push('Parley just subscribed it again.');
    }
    body.replaceChildren(...[
      el('div', { class: `health-verdict ${good ? 'is-good' : 'is-bad'}`, id: 'health-verdict' },
        good ? 'Everything looks fine.' : r.status === 'needs_reauth' ? 'This channel needs to be reconnected.' : 'Something needs attention.'),
      (r.problems || []).length ? el('ul', { class: 'health-problems' }, ...r.problems.map((/** @type {string} */ p) => el('li', {}, p))) : null,
      el('ul', { class: 'settings-plain-list' }, ...lines.map((l) => el('li', {}, l)),
        el('li', {}, 'Last message from Meta: ', timeText(r.last_webhook_at, 'none yet'), '.'))].filter((n) => n !== null));
  } catch (error) {
    body.replaceChildren(loadFailed('The health check', error));
  }
  changed();
}

/**
 * Edits who can see and answer a channel's conversations.
 * @param {any} ctx App context.
 * @param {any} channel Channel summary.
 */
export async function accessDialog(ctx, channel) {
  const body = el('div', {}, loading());
  const node = dialog(`Who can answer ${channel.name}`, body);
  try {
    const [users, teams, access] = await Promise.all([ctx.api('GET', '/api/v1/users'), ctx.api('GET', '/api/v1/teams'),
      ctx.api('GET', `/api/v1/channels/${channel.id}/access`)]);
    const people = (users?.users || []).filter((/** @type {any} */ u) => u.active);
    const seeAll = people.filter((/** @type {any} */ u) => (u.permissions || []).includes('view_all_conversations'));
    const others = people.filter((/** @type {any} */ u) => !seeAll.includes(u));
    const userBoxes = others.map((/** @type {any} */ u) => checkbox(`${u.name} (${u.role})`, access.user_ids.includes(u.id), { value: String(u.id), class: 'access-user' }));
    const teamBoxes = (teams?.teams || []).map((/** @type {any} */ t) => checkbox(`${t.name} (${(t.member_ids || []).length} people)`, access.team_ids.includes(t.id), { value: String(t.id), class: 'access-team' }));
    const submit = button('Save access', 'primary', { type: 'submit', id: 'access-save' });
    const cancel = button('Cancel');
    const form = el('form', { class: 'settings-form', novalidate: true, id: 'access-form' }, formAlert(),
      el('p', { class: 'muted' }, `People ticked here see and answer ${kindName(channel.kind)} conversations of ${channel.name}.`),
      el('fieldset', { class: 'settings-fieldset settings-checklist' }, el('legend', {}, 'People'),
        ...(userBoxes.length ? userBoxes.map((c) => c.row) : [el('p', { class: 'muted' }, 'Everyone already sees all conversations.')])),
      el('fieldset', { class: 'settings-fieldset settings-checklist' }, el('legend', {}, 'Teams'),
        ...(teamBoxes.length ? teamBoxes.map((c) => c.row) : [el('p', { class: 'muted' }, 'No teams yet (Settings → Teams).')])),
      seeAll.length ? el('p', { class: 'muted' }, `Always see every channel: ${seeAll.map((/** @type {any} */ u) => u.name).join(', ')}.`) : null,
      el('div', { class: 'settings-dialog-actions' }, cancel, submit));
    body.replaceChildren(form);
    cancel.addEventListener('click', () => node.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const payload = { user_ids: userBoxes.filter((c) => c.box.checked).map((c) => Number(c.box.value)),
        team_ids: teamBoxes.filter((c) => c.box.checked).map((c) => Number(c.box.value)) };
      try {
        await busy(submit, () => ctx.api('PUT', `/api/v1/channels/${channel.id}/access`, payload));
        toast(`Access to ${channel.name} saved.`);
        node.close();
      } catch (error) {
        showFailure(form, error);
      }
    });
  } catch (error) {
    body.replaceChildren(loadFailed('Access', error));
  }
}

/**
 * Renames a channel or moves it to another location.
 * @param {any} ctx App context.
 * @param {any} channel Channel summary.
 * @param {any[]} locations Locations.
 * @param {() => void} done Called after saving.
 */
export function editDialog(ctx, channel, locations, done) {
  const name = input({ maxlength: '100', value: channel.name, required: true });
  const place = select(locationOptions(locations), channel.location_id ? String(channel.location_id) : '');
  const submit = button('Save', 'primary', { type: 'submit' });
  const cancel = button('Cancel');
  const form = el('form', { class: 'settings-form', novalidate: true }, formAlert(), field('name', 'Name in Parley', name),
    field('location_id', 'Location', place), el('div', { class: 'settings-dialog-actions' }, cancel, submit));
  const node = dialog(`Edit ${channel.name}`, form);
  cancel.addEventListener('click', () => node.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!name.value.trim()) { fieldError(form, 'name', 'Give the channel a name.'); name.focus(); return; }
    try {
      await busy(submit, () => ctx.api('PATCH', `/api/v1/channels/${channel.id}`, { name: name.value.trim(), location_id: place.value ? Number(place.value) : null }));
      toast('Channel saved.');
      node.close();
      done();
    } catch (error) {
      showFailure(form, error);
    }
  });
}

/**
 * Connects (or reconnects) a WhatsApp Cloud API number with a system-user token.
 * @param {any} ctx App context.
 * @param {any[]} locations Locations.
 * @param {any|null} channel The channel to reconnect, if any.
 * @param {() => void} done Called after connecting.
 */
export function whatsappDialog(ctx, locations, channel, done) {
  const name = input({ maxlength: '100', value: channel?.name || '', placeholder: 'e.g. Downtown WhatsApp' });
  const phone = input({ maxlength: '40', inputmode: 'numeric', value: channel?.external_id || '', required: true });
  const waba = input({ maxlength: '40', inputmode: 'numeric', required: true });
  const token = input({ type: 'password', autocomplete: 'off', required: true });
  const place = select(locationOptions(locations), channel?.location_id ? String(channel.location_id) : '');
  const submit = button(channel ? 'Reconnect' : 'Connect', 'primary', { type: 'submit', id: 'whatsapp-submit' });
  const cancel = button('Cancel');
  const form = el('form', { class: 'settings-form', novalidate: true, id: 'whatsapp-form' }, formAlert(),
    el('p', { class: 'muted' }, 'Find these in Meta Business Suite → WhatsApp Manager and in your system user’s settings. Parley checks them with Meta before saving.'),
    field('name', 'Name in Parley', name, 'Optional; the phone number’s display name is used otherwise.'),
    field('phone_number_id', 'Phone number ID', phone), field('waba_id', 'WhatsApp Business Account ID', waba),
    field('token', 'System user access token', token, 'Stored encrypted; never shown again.'),
    field('location_id', 'Location', place), el('div', { class: 'settings-dialog-actions' }, cancel, submit));
  const node = dialog(channel ? `Reconnect ${channel.name}` : 'Connect a WhatsApp number', form);
  cancel.addEventListener('click', () => node.close());
  (channel ? waba : phone).focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    let bad = false;
    if (!/^\d{5,}$/.test(phone.value.trim())) bad = fieldError(form, 'phone_number_id', 'Enter the phone number ID (digits only, not the phone number).');
    if (!/^\d{5,}$/.test(waba.value.trim())) bad = fieldError(form, 'waba_id', 'Enter the WhatsApp Business Account ID (digits only).') || bad;
    if (!token.value.trim()) bad = fieldError(form, 'token', 'Paste the access token.') || bad;
    if (bad) { (/** @type {HTMLElement|null} */ (form.querySelector('[aria-invalid="true"]')))?.focus(); return; }
    /** @type {Record<string, unknown>} */
    const payload = { kind: 'whatsapp', phone_number_id: phone.value.trim(), waba_id: waba.value.trim(), token: token.value.trim(), name: name.value.trim() };
    if (place.value) payload.location_id = Number(place.value);
    try {
      const r = await busy(submit, () => ctx.api('POST', '/api/v1/channels', payload));
      toast(`${r?.channel?.name || 'WhatsApp'} is connected.`);
      node.close();
      done();
    } catch (error) {
      showFailure(form, error);
    }
  });
}
