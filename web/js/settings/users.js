// Settings → Users: list staff, add one, change role/permissions/password, disable or delete.
import { el, toast } from '../ui.js';
import {
  badge, busy, button, checkbox, clearErrors, confirmAction, dialog, field, fieldError, formAlert, input,
  loadFailed, loading, permissionNames, roleDefaults, sectionHeader, select, showFailure,
} from './common.js';

const roles = [['agent', 'Agent — replies to customers'], ['manager', 'Manager — channels, publishing, all conversations'],
  ['viewer', 'Viewer — reads only'], ['admin', 'Admin — everything']];

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export async function render(panel, ctx) {
  const add = button('Add user', 'primary', { id: 'user-add' });
  const body = el('div', {}, loading());
  panel.append(sectionHeader('Users', 'People who can sign in to this workspace.', add), body);
  add.addEventListener('click', () => editor(ctx, null, load));

  async function load() {
    try {
      const data = await ctx.api('GET', '/api/v1/users');
      if (ctx.signal.aborted) return;
      body.replaceChildren(table(data?.users || []));
    } catch (error) {
      body.replaceChildren(loadFailed('Users', error));
    }
  }

  /**
   * @param {any[]} users
   * @returns {HTMLElement}
   */
  function table(users) {
    const rows = users.map((u) => {
      const edit = button('Edit', '', { class: 'button--small user-edit', 'aria-label': `Edit ${u.name}` });
      edit.addEventListener('click', () => editor(ctx, u, load));
      const actions = el('td', { class: 'row-actions' }, edit);
      if (u.id !== ctx.user.id) {
        const del = button('Delete', 'ghost', { class: 'button--small button--danger-text user-delete', 'aria-label': `Delete ${u.name}` });
        del.addEventListener('click', () => confirmAction({
          title: `Delete ${u.name}?`,
          text: `${u.email} will be signed out and can no longer sign in. Their past replies stay in the conversations. This cannot be undone.`,
          confirm: 'Delete user',
          action: async () => {
            await ctx.api('DELETE', `/api/v1/users/${u.id}`);
            toast(`${u.name} was deleted.`);
            load();
          },
        }));
        actions.append(del);
      }
      const extras = (u.extra_permissions || []).map((/** @type {string} */ p) => permissionNames[p] || p);
      return el('tr', { 'data-user-id': String(u.id) },
        el('td', {}, el('div', { class: 'cell-title' }, u.name, u.id === ctx.user.id ? el('span', { class: 'muted' }, ' (you)') : null),
          el('div', { class: 'muted cell-sub' }, u.email)),
        el('td', { class: 'capitalize' }, u.role, extras.length ? el('div', { class: 'muted cell-sub' }, '+ ' + extras.join(', ')) : null),
        el('td', {}, u.active ? badge('Active', 'ok') : badge('Disabled', 'muted')),
        actions);
    });
    return el('div', { class: 'card table-wrap' }, el('table', { class: 'table settings-table', id: 'users-table' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Person'), el('th', { scope: 'col' }, 'Role'),
        el('th', { scope: 'col' }, 'Status'), el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')))),
      el('tbody', {}, ...rows)));
  }

  await load();
}

/**
 * Opens the add/edit dialog.
 * @param {any} ctx App context.
 * @param {any|null} user The user to edit, or null to add one.
 * @param {() => void} done Called after saving.
 */
function editor(ctx, user, done) {
  const isNew = !user;
  const name = input({ required: true, maxlength: '100', value: user?.name || '', id: 'user-name-input' });
  const email = input({ type: 'email', required: true, maxlength: '200', value: user?.email || '', id: 'user-email' });
  const canAdmin = ctx.user.role === 'admin';
  const role = select(roles.filter(([r]) => r !== 'admin' || canAdmin), user?.role || 'agent');
  role.id = 'user-role-select';
  const password = input({ type: 'password', autocomplete: 'new-password', id: 'user-password', minlength: '12' });
  const active = checkbox('Active — may sign in', user ? !!user.active : true, { id: 'user-active' });
  const extrasBox = el('fieldset', { class: 'settings-fieldset', 'data-field': 'extra_permissions' },
    el('legend', {}, 'Extra permissions'), el('span', { class: 'field-error', hidden: true }));
  /** @type {Map<string, HTMLInputElement>} */
  const boxes = new Map();
  for (const perm of Object.keys(permissionNames)) {
    if (!ctx.can(perm)) continue; // nobody can hand out what they lack
    const c = checkbox(permissionNames[perm], (user?.extra_permissions || []).includes(perm), { value: perm });
    boxes.set(perm, c.box);
    extrasBox.insertBefore(c.row, extrasBox.lastChild);
  }
  const syncExtras = () => {
    const defaults = roleDefaults[role.value] || [];
    for (const [perm, box] of boxes) {
      const included = defaults.includes(perm);
      box.disabled = included;
      box.closest('.settings-check')?.classList.toggle('is-included', included);
    }
  };
  role.addEventListener('change', syncExtras);
  syncExtras();

  const submit = button(isNew ? 'Add user' : 'Save changes', 'primary', { type: 'submit', id: 'user-save' });
  const cancel = button('Cancel');
  const form = el('form', { class: 'settings-form', novalidate: true, id: 'user-form' },
    formAlert(),
    field('name', 'Name', name),
    isNew ? field('email', 'E-mail', email, 'They sign in with this address.') : el('p', { class: 'muted' }, user.email),
    field('role', 'Role', role),
    field('password', isNew ? 'Password' : 'New password', password,
      isNew ? 'At least 12 characters. Share it with them privately; they can change it under Your account.'
        : 'Leave empty to keep their password. Setting one signs them out.'),
    isNew || user.id === ctx.user.id ? null : active.row,
    boxes.size ? extrasBox : null,
    el('div', { class: 'settings-dialog-actions' }, cancel, submit));
  const node = dialog(isNew ? 'Add a user' : `Edit ${user.name}`, form);
  cancel.addEventListener('click', () => node.close());
  name.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    let bad = false;
    if (!name.value.trim()) bad = fieldError(form, 'name', 'Enter their name.');
    if (isNew && !/^[^\s@]+@[^\s@]+$/.test(email.value.trim())) bad = fieldError(form, 'email', 'Enter an e-mail address like name@example.com.') || bad;
    if ((isNew || password.value) && password.value.length < 12) bad = fieldError(form, 'password', 'Use at least 12 characters.') || bad;
    if (bad) {
      (/** @type {HTMLElement|null} */ (form.querySelector('[aria-invalid="true"]')))?.focus();
      return;
    }
    const extras = [...boxes].filter(([, b]) => b.checked && !b.disabled).map(([p]) => p);
    /** @type {Record<string, unknown>} */
    const payload = { name: name.value.trim(), role: role.value, extra_permissions: extras };
    if (password.value) payload.password = password.value;
    try {
      if (isNew) {
        payload.email = email.value.trim();
        await busy(submit, () => ctx.api('POST', '/api/v1/users', payload));
        toast(`${payload.name} was added. They can sign in now.`);
      } else {
        if (user.id !== ctx.user.id) payload.active = active.box.checked;
        await busy(submit, () => ctx.api('PATCH', `/api/v1/users/${user.id}`, payload));
        toast(`${payload.name} was saved.`);
      }
      node.close();
      done();
    } catch (error) {
      showFailure(form, error);
    }
  });
}
