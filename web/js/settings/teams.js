// Settings → Teams: groups of people who share conversations and channel access.
import { el, toast } from '../ui.js';
import {
  busy, button, checkbox, clearErrors, confirmAction, dialog, field, fieldError, formAlert, input, loadFailed, loading, sectionHeader, showFailure,
} from './common.js';
import { emptyBlock } from './lists.js';

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export async function render(panel, ctx) {
  const add = button('New team', 'primary', { id: 'team-add' });
  const body = el('div', {}, loading());
  panel.append(sectionHeader('Teams', 'Teams group people; give a team access to a channel instead of each person.', add), body);
  /** @type {any[]} */
  let users = [];
  add.addEventListener('click', () => editor(null));

  async function load() {
    try {
      const [t, u] = await Promise.all([ctx.api('GET', '/api/v1/teams'), ctx.api('GET', '/api/v1/users')]);
      if (ctx.signal.aborted) return;
      users = u?.users || [];
      const teams = t?.teams || [];
      const byID = new Map(users.map((x) => [x.id, x.name]));
      if (!teams.length) {
        body.replaceChildren(emptyBlock('No teams yet', 'Create a team, for example “Front desk”, and add people to it.'));
        return;
      }
      body.replaceChildren(el('ul', { class: 'card settings-rows', id: 'teams-list' }, ...teams.map((team) => {
        const edit = button('Edit', '', { class: 'button--small' });
        edit.addEventListener('click', () => editor(team));
        const del = button('Delete', 'ghost', { class: 'button--small button--danger-text' });
        del.addEventListener('click', () => confirmAction({
          title: `Delete the team ${team.name}?`,
          text: 'Its members stay; channel access given through this team ends.',
          confirm: 'Delete team',
          action: async () => { await ctx.api('DELETE', `/api/v1/teams/${team.id}`); toast(`${team.name} was deleted.`); load(); },
        }));
        const members = (team.member_ids || []).map((/** @type {number} */ id) => byID.get(id) || `#${id}`);
        return el('li', { class: 'settings-row' },
          el('div', { class: 'settings-row-main' }, el('div', { class: 'cell-title' }, team.name),
            el('div', { class: 'muted cell-sub' }, members.length ? members.join(', ') : 'No members yet')),
          el('div', { class: 'row-actions' }, edit, del));
      })));
    } catch (error) {
      body.replaceChildren(loadFailed('Teams', error));
    }
  }

  /** @param {any|null} team */
  function editor(team) {
    const name = input({ required: true, maxlength: '80', value: team?.name || '' });
    const list = el('fieldset', { class: 'settings-fieldset settings-checklist', 'data-field': 'member_ids' }, el('legend', {}, 'Members'));
    const boxes = users.map((u) => {
      const c = checkbox(`${u.name} (${u.email})`, (team?.member_ids || []).includes(u.id), { value: String(u.id) });
      list.append(c.row);
      return c.box;
    });
    list.append(el('span', { class: 'field-error', hidden: true }));
    const submit = button(team ? 'Save team' : 'Create team', 'primary', { type: 'submit' });
    const cancel = button('Cancel');
    const form = el('form', { class: 'settings-form', novalidate: true }, formAlert(), field('name', 'Team name', name), list,
      el('div', { class: 'settings-dialog-actions' }, cancel, submit));
    const node = dialog(team ? `Edit ${team.name}` : 'New team', form);
    cancel.addEventListener('click', () => node.close());
    name.focus();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      if (!name.value.trim()) { fieldError(form, 'name', 'Give the team a name.'); name.focus(); return; }
      const payload = { name: name.value.trim(), member_ids: boxes.filter((b) => b.checked).map((b) => Number(b.value)) };
      try {
        await busy(submit, () => team ? ctx.api('PATCH', `/api/v1/teams/${team.id}`, payload) : ctx.api('POST', '/api/v1/teams', payload));
        toast(team ? 'Team saved.' : `Team ${payload.name} created.`);
        node.close();
        load();
      } catch (error) {
        showFailure(form, error);
      }
    });
  }

  await load();
}
