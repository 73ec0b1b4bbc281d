// Settings → Your account: who you are, what you may do, and changing your password.
import { el, toast } from '../ui.js';
import { busy, button, clearErrors, field, fieldError, formAlert, input, permissionNames, sectionHeader, showFailure } from './common.js';

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export async function render(panel, ctx) {
  const user = ctx.user || {};
  const perms = (ctx.permissions || []).map((/** @type {string} */ p) => permissionNames[p] || p);
  const profile = el('div', { class: 'card settings-card' },
    el('dl', { class: 'settings-facts' },
      el('dt', {}, 'Name'), el('dd', {}, user.name || '—'),
      el('dt', {}, 'E-mail'), el('dd', {}, user.email || '—'),
      el('dt', {}, 'Role'), el('dd', { class: 'capitalize' }, user.role || '—'),
      el('dt', {}, 'You may'), el('dd', {}, perms.length
        ? el('ul', { class: 'settings-plain-list' }, ...perms.map((/** @type {string} */ p) => el('li', {}, p)))
        : 'Read conversations you have access to')));

  const current = input({ type: 'password', autocomplete: 'current-password', required: true });
  const next = input({ type: 'password', autocomplete: 'new-password', required: true, minlength: '12' });
  const again = input({ type: 'password', autocomplete: 'new-password', required: true });
  const submit = button('Change password', 'primary', { type: 'submit' });
  const form = el('form', { class: 'card settings-card settings-form', novalidate: true, id: 'password-form' },
    el('h3', {}, 'Change your password'),
    formAlert(),
    field('current_password', 'Current password', current),
    field('new_password', 'New password', next, 'At least 12 characters. A few unrelated words make a good one.'),
    field('confirm_password', 'New password again', again),
    el('p', { class: 'muted' }, 'After the change you are signed out everywhere and sign in again with the new password.'),
    el('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    let bad = false;
    if (!current.value) bad = fieldError(form, 'current_password', 'Enter your current password.');
    if (next.value.length < 12) bad = fieldError(form, 'new_password', 'Use at least 12 characters.') || bad;
    else if (next.value !== again.value) bad = fieldError(form, 'confirm_password', 'The two new passwords are not the same.') || bad;
    if (bad) {
      (/** @type {HTMLElement|null} */ (form.querySelector('[aria-invalid="true"]')))?.focus();
      return;
    }
    try {
      await busy(submit, () => ctx.api('POST', '/api/v1/auth/password', { current_password: current.value, new_password: next.value }));
      toast('Password changed. Sign in again with your new password.');
      window.setTimeout(() => location.assign('/login'), 1500);
    } catch (error) {
      showFailure(form, error);
    }
  });

  panel.append(sectionHeader('Your account', 'Your profile and password.'), profile, form);
}
