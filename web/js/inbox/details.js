// Conversation details in the side panel: assignee, team, priority and labels.
import { ApiError } from '../api.js';
import { el, toast } from '../ui.js';

/**
 * Creates the conversation-details section.
 * @param {any} store Shared state (ctx, refs, user).
 * @param {(item: any) => void} onItem Called with the updated conversation after a change.
 * @returns {{el: HTMLElement, show: (item: any) => void, focusAssign: () => void}}
 */
export function createDetails(store, onItem) {
  const { ctx, refs } = store;
  const canEdit = ctx.can('send_messages');
  /** @type {any} */
  let item = null;

  const assignee = /** @type {HTMLSelectElement} */ (el('select', { class: 'input input--small', id: 'assign-user', disabled: !canEdit }));
  assignee.append(el('option', { value: '' }, 'Unassigned'));
  const me = refs.userById.get(store.user.id);
  if (store.user.id) assignee.append(el('option', { value: String(store.user.id) }, `Me (${store.user.name || me?.name || 'you'})`));
  for (const user of refs.users) {
    if (user.id !== store.user.id && user.active !== false) assignee.append(el('option', { value: String(user.id) }, user.name || user.email));
  }
  const team = /** @type {HTMLSelectElement} */ (el('select', { class: 'input input--small', id: 'assign-team', disabled: !canEdit }));
  team.append(el('option', { value: '' }, 'No team'));
  for (const t of refs.teams) team.append(el('option', { value: String(t.id) }, t.name));
  const priority = /** @type {HTMLSelectElement} */ (el('select', { class: 'input input--small', id: 'conv-priority', disabled: !canEdit }));
  for (const p of ['low', 'normal', 'high', 'urgent']) priority.append(el('option', { value: p }, p[0].toUpperCase() + p.slice(1)));

  const chips = el('ul', { class: 'label-chips', 'aria-label': 'Labels on this conversation' });
  const labelInput = /** @type {HTMLInputElement} */ (el('input', {
    class: 'input input--small', id: 'label-add', list: 'label-options', placeholder: 'Add a label', autocomplete: 'off', maxlength: '40', disabled: !canEdit,
  }));
  const options = el('datalist', { id: 'label-options' }, ...refs.labels.map((/** @type {any} */ l) => el('option', { value: l.name })));
  const addButton = el('button', { class: 'button button--small', type: 'submit', disabled: !canEdit }, 'Add');
  const labelForm = el('form', { class: 'label-form', novalidate: true }, el('label', { class: 'visually-hidden', for: 'label-add' }, 'Add a label'), labelInput, options, addButton);

  const root = el('section', { class: 'side-section', 'aria-labelledby': 'details-title' },
    el('h3', { id: 'details-title' }, 'Conversation'),
    el('div', { class: 'side-field' }, el('label', { for: 'assign-user' }, 'Assignee'), assignee),
    el('div', { class: 'side-field' }, el('label', { for: 'assign-team' }, 'Team'), team),
    el('div', { class: 'side-field' }, el('label', { for: 'conv-priority' }, 'Priority'), priority),
    el('div', { class: 'side-field' }, el('span', { class: 'side-label', id: 'labels-title' }, 'Labels'), chips, labelForm));

  /**
   * Saves a change and reports the new conversation.
   * @param {Record<string, unknown>} changes PATCH body.
   * @returns {Promise<void>}
   */
  async function save(changes) {
    if (!item) return;
    try {
      const data = await ctx.api('PATCH', `/api/v1/conversations/${item.id}`, changes);
      item = store.decorate(data.conversation);
      render();
      onItem(item);
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'The change could not be saved.');
      render();
    }
  }

  /** Shows the conversation's current values. */
  function render() {
    if (!item) return;
    const assigned = item.assignee_id ? String(item.assignee_id) : '';
    if (assigned && !assignee.querySelector(`option[value="${assigned}"]`)) assignee.append(el('option', { value: assigned }, `User #${assigned}`));
    assignee.value = assigned;
    team.value = item.team_id ? String(item.team_id) : '';
    priority.value = item.priority || 'normal';
    chips.replaceChildren(...(item.labels || []).map((/** @type {string} */ name) => {
      const remove = el('button', { class: 'chip-remove', type: 'button', 'aria-label': `Remove label ${name}` }, '×');
      remove.addEventListener('click', () => save({ labels: item.labels.filter((/** @type {string} */ l) => l !== name) }));
      return el('li', { class: 'chip chip--label' }, el('span', {}, name), canEdit ? remove : null);
    }));
    if (!(item.labels || []).length) chips.append(el('li', { class: 'muted side-none' }, 'No labels'));
  }

  assignee.addEventListener('change', () => save({ assignee_id: assignee.value ? Number(assignee.value) : null }));
  team.addEventListener('change', () => save({ team_id: team.value ? Number(team.value) : null }));
  priority.addEventListener('change', () => save({ priority: priority.value }));
  labelForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = labelInput.value.trim();
    if (!name || !item) return;
    if ((item.labels || []).includes(name)) {
      labelInput.value = '';
      return;
    }
    await save({ labels: [...(item.labels || []), name] });
    labelInput.value = '';
    if (!refs.labels.some((/** @type {any} */ l) => l.name === name)) {
      refs.labels.push({ name });
      options.append(el('option', { value: name }));
    }
  });

  return {
    el: root,
    /**
     * Shows a conversation.
     * @param {any} next The conversation.
     */
    show(next) {
      item = next;
      render();
    },
    /** Focuses the assignee select (the `a` shortcut). */
    focusAssign() {
      assignee.focus();
    },
  };
}
