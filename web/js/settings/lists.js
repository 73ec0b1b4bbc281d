// A small editable list (locations, labels, canned replies): rows with Edit/Delete and one dialog form for both.
import { el, sectionIcon, toast } from '../ui.js';
import { busy, button, clearErrors, confirmAction, dialog, fieldError, formAlert, loadFailed, loading, sectionHeader, showFailure } from './common.js';

/**
 * A compact empty state for a settings section.
 * @param {string} title Bold line.
 * @param {string} text Explanation.
 * @returns {HTMLElement}
 */
export function emptyBlock(title, text) {
  return el('div', { class: 'card settings-empty' }, el('div', { class: 'empty-icon' }, sectionIcon('settings')), el('h3', {}, title), el('p', { class: 'muted' }, text));
}

/**
 * @typedef {object} ListSpec
 * @property {string} title Section heading.
 * @property {string} intro One sentence under it.
 * @property {string} noun Singular noun ("location").
 * @property {string} path Collection path.
 * @property {string} key Array key in the GET answer.
 * @property {string} listID Id of the list element (for tests).
 * @property {{title: string, text: string}} empty Empty state.
 * @property {(item: any) => Node[]} row Cells of one row (title, details).
 * @property {(item: any|null) => {fields: HTMLElement[], read: () => Record<string, unknown>, check: (form: HTMLElement) => boolean}} form
 *   The dialog fields, a reader for the payload and a local check (returns false after marking errors).
 * @property {(item: any) => string} name How to name an item in messages.
 * @property {string} [deleteText] Extra sentence in the delete confirmation.
 */

/**
 * Renders a list section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 * @param {ListSpec} spec What to show.
 */
export async function renderList(panel, ctx, spec) {
  const add = button(`New ${spec.noun}`, 'primary', { id: `${spec.listID}-add` });
  const body = el('div', {}, loading());
  panel.append(sectionHeader(spec.title, spec.intro, add), body);
  add.addEventListener('click', () => edit(null));

  async function load() {
    try {
      const data = await ctx.api('GET', spec.path);
      if (ctx.signal.aborted) return;
      const items = data?.[spec.key] || [];
      if (!items.length) { body.replaceChildren(emptyBlock(spec.empty.title, spec.empty.text)); return; }
      body.replaceChildren(el('ul', { class: 'card settings-rows', id: spec.listID }, ...items.map((/** @type {any} */ item) => {
        const editBtn = button('Edit', '', { class: 'button--small', 'aria-label': `Edit ${spec.name(item)}` });
        editBtn.addEventListener('click', () => edit(item));
        const del = button('Delete', 'ghost', { class: 'button--small button--danger-text', 'aria-label': `Delete ${spec.name(item)}` });
        del.addEventListener('click', () => confirmAction({
          title: `Delete ${spec.name(item)}?`,
          text: `This removes the ${spec.noun}. ${spec.deleteText || ''}`.trim(),
          confirm: `Delete ${spec.noun}`,
          action: async () => { await ctx.api('DELETE', `${spec.path}/${item.id}`); toast(`${spec.name(item)} was deleted.`); load(); },
        }));
        return el('li', { class: 'settings-row', 'data-id': String(item.id) },
          el('div', { class: 'settings-row-main' }, ...spec.row(item)), el('div', { class: 'row-actions' }, editBtn, del));
      })));
    } catch (error) {
      body.replaceChildren(loadFailed(spec.title, error));
    }
  }

  /** @param {any|null} item */
  function edit(item) {
    const f = spec.form(item);
    const submit = button(item ? 'Save' : `Create ${spec.noun}`, 'primary', { type: 'submit' });
    const cancel = button('Cancel');
    const form = el('form', { class: 'settings-form', novalidate: true }, formAlert(), ...f.fields,
      el('div', { class: 'settings-dialog-actions' }, cancel, submit));
    const node = dialog(item ? `Edit ${spec.name(item)}` : `New ${spec.noun}`, form);
    cancel.addEventListener('click', () => node.close());
    (/** @type {HTMLElement|null} */ (form.querySelector('.input')))?.focus();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      if (!f.check(form)) { (/** @type {HTMLElement|null} */ (form.querySelector('[aria-invalid="true"]')))?.focus(); return; }
      const payload = f.read();
      try {
        await busy(submit, () => item ? ctx.api('PATCH', `${spec.path}/${item.id}`, payload) : ctx.api('POST', spec.path, payload));
        toast(item ? 'Saved.' : `${spec.noun.charAt(0).toUpperCase() + spec.noun.slice(1)} created.`);
        node.close();
        load();
      } catch (error) {
        showFailure(form, error);
      }
    });
  }

  await load();
}

/**
 * Marks a required text field empty.
 * @param {HTMLElement} form The form.
 * @param {string} name Field name.
 * @param {HTMLInputElement|HTMLTextAreaElement} control Its control.
 * @param {string} message What to say.
 * @returns {boolean} Whether it is filled.
 */
export function required(form, name, control, message) {
  if (control.value.trim()) return true;
  fieldError(form, name, message);
  return false;
}
