// The page picker after Facebook Login: choose pages (and their Instagram accounts), put each in a location,
// connect, and see what happened to every account. Pages connected elsewhere are never taken over.
import { ApiError } from '../api.js';
import { el, panelMessage, toast } from '../ui.js';
import { channelIcon } from '../inbox/format.js';
import { badge, busy, button, checkbox, formAlert, loading, select } from './common.js';
import { locationOptions } from './channel-dialogs.js';

/**
 * Renders the picker into `slot`.
 * @param {HTMLElement} slot Where to render.
 * @param {any} ctx App context.
 * @param {string} pickerID The `?picker=` value.
 * @param {() => void} close Removes the picker (and the query) and reloads the list.
 * @param {() => void} connected Reloads the channel list after a connect.
 * @param {HTMLButtonElement} restart The "Connect Facebook & Instagram" button, to start again.
 */
export async function renderPicker(slot, ctx, pickerID, close, connected, restart) {
  const card = el('section', { class: 'card picker', id: 'picker', 'aria-labelledby': 'picker-title' },
    el('h3', { id: 'picker-title' }, 'Choose what to connect'), loading());
  slot.replaceChildren(card);
  let data;
  let locations = [];
  try {
    [data, locations] = await Promise.all([ctx.api('GET', `/api/v1/oauth/meta/pickers/${encodeURIComponent(pickerID)}`),
      ctx.api('GET', '/api/v1/locations').then((/** @type {any} */ r) => r?.locations || [])]);
  } catch (error) {
    const expired = error instanceof ApiError && (error.status === 404 || error.status === 410);
    const again = button('Start again', 'primary');
    again.addEventListener('click', () => restart.click());
    const dismiss = button('Dismiss');
    dismiss.addEventListener('click', close);
    card.replaceChildren(panelMessage(expired ? 'This Facebook sign-in has expired' : 'The pages could not be loaded',
      expired ? 'Pages from a Facebook sign-in can be chosen for a short while only, once. Sign in with Facebook again.'
        : error instanceof ApiError ? error.message : 'Please try again.', !expired),
    el('div', { class: 'picker-actions' }, dismiss, again));
    return;
  }
  if (ctx.signal.aborted) return;
  const pages = data?.pages || [];
  const declined = data?.declined_permissions || [];
  const alert = formAlert();
  /** @type {Array<{page: any, page_box: HTMLInputElement, ig_box: HTMLInputElement|null, place: HTMLSelectElement}>} */
  const choices = [];
  const list = el('ul', { class: 'picker-pages' });
  for (const page of pages) {
    const elsewhere = page.connected === 'other_workspace';
    const here = page.connected === 'this_workspace';
    const pageCheck = checkbox(page.name, false, { class: 'picker-page-box', value: page.page_id, disabled: elsewhere || undefined });
    const notes = [];
    if (elsewhere) notes.push(el('p', { class: 'picker-note is-bad' }, 'Connected to another Parley workspace. It stays there; disconnect it there first to move it here.'));
    if (here) notes.push(el('p', { class: 'picker-note' }, 'Already connected in this workspace. Connecting it again refreshes Parley’s access; conversations are kept.'));
    if (!page.can_message && !elsewhere) notes.push(el('p', { class: 'picker-note is-warn' }, 'Your Facebook role on this page cannot send messages, so replies may fail. Ask a page admin for the “Messages” task.'));
    let igBox = null;
    let igRow = null;
    if (page.instagram) {
      const ig = page.instagram;
      const igElsewhere = ig.connected === 'other_workspace';
      const label = `Also connect Instagram ${ig.username ? '@' + ig.username : ig.id}` + (igElsewhere ? ' (connected to another workspace)' : ig.connected === 'this_workspace' ? ' (already connected here)' : '');
      const c = checkbox(label, !igElsewhere, { class: 'picker-ig-box', value: ig.id, disabled: true });
      igBox = c.box;
      igBox.dataset.blocked = igElsewhere ? '1' : '';
      igRow = el('div', { class: 'picker-ig' }, channelIcon('instagram'), c.row);
    }
    const place = select(locationOptions(locations));
    place.classList.add('picker-location');
    place.disabled = true;
    place.setAttribute('aria-label', `Location for ${page.name}`);
    const sync = () => {
      place.disabled = !pageCheck.box.checked;
      if (igBox) igBox.disabled = !pageCheck.box.checked || igBox.dataset.blocked === '1';
      item.classList.toggle('is-chosen', pageCheck.box.checked);
      updateCount();
    };
    pageCheck.box.addEventListener('change', sync);
    const item = el('li', { class: `picker-page${elsewhere ? ' is-blocked' : ''}`, 'data-page-id': page.page_id },
      el('div', { class: 'picker-page-main' }, el('div', { class: 'picker-page-title' }, channelIcon('messenger'), pageCheck.row), ...notes, igRow),
      el('div', { class: 'picker-page-place' }, el('span', { class: 'picker-place-label', 'aria-hidden': 'true' }, 'Location'), place));
    list.append(item);
    choices.push({ page, page_box: pageCheck.box, ig_box: igBox, place });
  }
  const count = el('span', { class: 'muted picker-count', 'aria-live': 'polite' });
  const go = button('Connect', 'primary', { id: 'picker-connect', disabled: true });
  const cancel = button('Cancel', '', { id: 'picker-cancel' });
  function updateCount() {
    const n = choices.filter((c) => c.page_box.checked).length;
    count.textContent = n ? `${n} page${n === 1 ? '' : 's'} chosen` : 'Choose at least one page';
    go.disabled = n === 0;
  }
  updateCount();
  cancel.addEventListener('click', close);
  card.replaceChildren(...[
    el('h3', { id: 'picker-title' }, 'Choose what to connect'),
    el('p', { class: 'muted' }, 'Facebook gave Parley access to these pages. Tick the ones whose messages Parley should answer and put each in its location.'),
    declined.length ? el('div', { class: 'alert' }, `You declined these permissions: ${declined.join(', ')}. Some pages may not work until you allow them (Connect again and keep everything ticked).`) : null,
    pages.length ? list : panelMessage('No pages', 'This Facebook account manages no pages Parley can use. Sign in with an account that is an admin of your page.'),
    alert,
    el('div', { class: 'picker-actions' }, count, cancel, go)].filter((n) => n !== null));

  go.addEventListener('click', async () => {
    alert.textContent = '';
    const chosen = choices.filter((c) => c.page_box.checked);
    const body = { pages: chosen.map((c) => {
      /** @type {Record<string, unknown>} */
      const p = { page_id: c.page.page_id, include_instagram: !!c.ig_box && c.ig_box.checked && !c.ig_box.disabled };
      if (c.place.value) p.location_id = Number(c.place.value);
      return p;
    }) };
    try {
      const r = await busy(go, () => ctx.api('POST', `/api/v1/oauth/meta/pickers/${encodeURIComponent(pickerID)}/connect`, body));
      showOutcomes(r?.results || []);
      connected();
    } catch (error) {
      alert.textContent = error instanceof ApiError ? error.message : 'Connecting failed. Please try again.';
    }
  });

  /** @param {any[]} results Per-account outcomes. */
  function showOutcomes(results) {
    const names = new Map();
    for (const p of pages) {
      names.set(`messenger:${p.page_id}`, p.name);
      if (p.instagram) names.set(`instagram:${p.instagram.id}`, p.instagram.username ? '@' + p.instagram.username : p.instagram.id);
    }
    const ok = results.filter((o) => o.status === 'connected').length;
    const done = button('Done', 'primary', { id: 'picker-done' });
    done.addEventListener('click', close);
    card.replaceChildren(
      el('h3', { id: 'picker-title', tabindex: '-1' }, ok === results.length ? 'All connected' : ok ? 'Some accounts were not connected' : 'Nothing was connected'),
      el('ul', { class: 'picker-results', id: 'picker-results' }, ...results.map((o) => el('li', { 'data-status': o.status },
        channelIcon(o.kind), el('strong', {}, names.get(`${o.kind}:${o.external_id}`) || o.external_id),
        badge(o.status === 'connected' ? 'Connected' : o.status === 'conflict' ? 'Not moved' : 'Failed', o.status === 'connected' ? 'ok' : o.status === 'conflict' ? 'warn' : 'bad'),
        o.message ? el('span', { class: 'muted' }, o.message) : null))),
      el('div', { class: 'picker-actions' }, done));
    (/** @type {HTMLElement} */ (card.querySelector('#picker-title'))).focus();
    toast(ok ? `${ok} account${ok === 1 ? '' : 's'} connected.` : 'Nothing was connected.');
  }
}
