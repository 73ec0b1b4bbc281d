// Settings → API tokens: your own tokens (admins see everyone's). A new token is shown once, with a copy button.
import { el, toast } from '../ui.js';
import { badge, busy, button, clearErrors, confirmAction, field, fieldError, formAlert, input, loadFailed, loading, sectionHeader, showFailure, timeText } from './common.js';
import { emptyBlock } from './lists.js';

/**
 * Copies text, with a fallback for browsers without the async clipboard.
 * @param {string} text What to copy.
 * @param {HTMLInputElement} source The read-only field holding it (selected for the fallback).
 * @returns {Promise<boolean>}
 */
async function copy(text, source) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    source.select();
    return document.execCommand?.('copy') ?? false;
  }
}

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export async function render(panel, ctx) {
  const isAdmin = ctx.user.role === 'admin';
  const name = input({ maxlength: '80', placeholder: 'e.g. Zapier integration', id: 'token-name' });
  const create = button('Create token', 'primary', { type: 'submit', id: 'token-create' });
  const form = el('form', { class: 'card settings-card settings-form settings-inline-form', novalidate: true, id: 'token-form' },
    formAlert(), el('div', { class: 'inline-row' }, field('name', 'Token name', name, 'What will use it? You will recognise it by this name.'), create));
  const reveal = el('div', { class: 'token-reveal', hidden: true, role: 'status' });
  const body = el('div', {}, loading());
  panel.append(sectionHeader('API tokens', isAdmin
    ? 'Tokens let scripts call the Parley API as a person. As an admin you see everyone’s tokens.'
    : 'Tokens let your scripts call the Parley API as you, with your permissions.'), form, reveal, body);
  /** @type {Map<number, string>} */
  let people = new Map();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!name.value.trim()) { fieldError(form, 'name', 'Name the token so you can recognise it later.'); name.focus(); return; }
    try {
      const made = await busy(create, () => ctx.api('POST', '/api/v1/tokens', { name: name.value.trim() }));
      name.value = '';
      showSecret(made);
      load();
    } catch (error) {
      showFailure(form, error);
    }
  });

  /** @param {any} made The POST answer (holds the only copy of the secret). */
  function showSecret(made) {
    const value = /** @type {HTMLInputElement} */ (el('input', { class: 'input mono', id: 'token-secret', readonly: true, 'aria-label': 'Your new token' }));
    value.value = made.token;
    const copyBtn = button('Copy', 'primary', { id: 'token-copy' });
    const dismiss = button('I have saved it', '', { id: 'token-dismiss' });
    copyBtn.addEventListener('click', async () => {
      toast(await copy(made.token, value) ? 'Token copied.' : 'Select the token and copy it yourself.');
    });
    dismiss.addEventListener('click', () => { reveal.hidden = true; reveal.replaceChildren(); });
    reveal.replaceChildren(
      el('strong', {}, `Your new token “${made.name}”`),
      el('p', {}, 'Copy it now and keep it somewhere safe. You won’t see it again: Parley stores only a fingerprint.'),
      el('div', { class: 'inline-row' }, value, copyBtn),
      el('p', { class: 'muted' }, 'Send it as the header “Authorization: Bearer <token>”.'),
      dismiss);
    reveal.hidden = false;
    value.focus();
    value.select();
  }

  async function load() {
    try {
      const [data, users] = await Promise.all([ctx.api('GET', '/api/v1/tokens'), isAdmin ? ctx.api('GET', '/api/v1/users') : null]);
      if (ctx.signal.aborted) return;
      if (users) people = new Map((users.users || []).map((/** @type {any} */ u) => [u.id, u.name]));
      const tokens = data?.tokens || [];
      if (!tokens.length) { body.replaceChildren(emptyBlock('No API tokens yet', 'Create one above when a script needs to call Parley.')); return; }
      body.replaceChildren(el('div', { class: 'card table-wrap' }, el('table', { class: 'table settings-table', id: 'tokens-table' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Name'), isAdmin ? el('th', { scope: 'col' }, 'Owner') : null,
          el('th', { scope: 'col' }, 'Created'), el('th', { scope: 'col' }, 'Last used'), el('th', { scope: 'col' }, 'Status'),
          el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')))),
        el('tbody', {}, ...tokens.map((/** @type {any} */ t) => {
          const actions = el('td', { class: 'row-actions' });
          if (!t.revoked_at) {
            const revoke = button('Revoke', 'ghost', { class: 'button--small button--danger-text token-revoke', 'aria-label': `Revoke ${t.name}` });
            revoke.addEventListener('click', () => confirmAction({
              title: `Revoke “${t.name}”?`,
              text: 'Anything using this token stops working at once. This cannot be undone.',
              confirm: 'Revoke token',
              action: async () => { await ctx.api('DELETE', `/api/v1/tokens/${t.id}`); toast(`${t.name} was revoked.`); load(); },
            }));
            actions.append(revoke);
          }
          return el('tr', { 'data-token-id': String(t.id) },
            el('td', {}, el('div', { class: 'cell-title' }, t.name), el('div', { class: 'muted cell-sub mono' }, `${t.prefix}…`)),
            isAdmin ? el('td', {}, t.user_id === ctx.user.id ? 'You' : people.get(t.user_id) || `User #${t.user_id}`) : null,
            el('td', {}, timeText(t.created_at)),
            el('td', {}, timeText(t.last_used_at)),
            el('td', {}, t.revoked_at ? badge('Revoked', 'muted') : badge('Active', 'ok')),
            actions);
        })))));
    } catch (error) {
      body.replaceChildren(loadFailed('Tokens', error));
    }
  }

  await load();
}
