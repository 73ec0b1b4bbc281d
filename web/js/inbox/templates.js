// The "Send a template" dialog: pick an approved WhatsApp template, fill its {{n}} parameters, send.
import { ApiError } from '../api.js';
import { el } from '../ui.js';

/**
 * @typedef {object} TemplateHandlers
 * @property {(message: any) => void} onSent The message the server queued for the template (may be missing).
 * @property {(text: string) => void} announce Reads a sentence to screen readers.
 */

/**
 * Opens the WhatsApp template dialog: pick an approved template, fill its {{n}} parameters, send.
 * @param {any} ctx The app context (api).
 * @param {any} conv The open conversation.
 * @param {TemplateHandlers} handlers Callbacks.
 */
export function openTemplates(ctx, conv, handlers) {
  const id = conv.id;
  /** @type {any[]} */
  let approved = [];
  const choice = /** @type {HTMLSelectElement} */ (el('select', { class: 'input', id: 'tpl-choice', disabled: true }));
  const fields = el('div', { class: 'tpl-fields' });
  const preview = el('p', { class: 'tpl-preview', 'aria-live': 'polite' });
  const status = el('p', { class: 'muted tpl-status' }, 'Loading templates…');
  const error = el('div', { class: 'alert tpl-error', role: 'alert', hidden: true });
  const submit = el('button', { class: 'button button--primary', type: 'submit', disabled: true }, 'Send template');
  const cancel = el('button', { class: 'button', type: 'button' }, 'Cancel');
  const close = el('button', { class: 'button button--small button--ghost dialog-close', type: 'button', 'aria-label': 'Close' }, '×');
  const form = el('form', { class: 'tpl-form', novalidate: true },
    el('label', { for: 'tpl-choice' }, 'Template'), choice, status, fields,
    el('div', { class: 'tpl-preview-box' }, el('span', { class: 'muted' }, 'Preview'), preview),
    error, el('div', { class: 'dialog-actions' }, cancel, submit));
  const node = /** @type {HTMLDialogElement} */ (el('dialog', { class: 'inbox-dialog tpl-dialog', 'aria-labelledby': 'tpl-title' },
    el('div', { class: 'dialog-head' }, el('h2', { id: 'tpl-title' }, 'Send a template'), close), form));
  close.addEventListener('click', () => node.close());
  cancel.addEventListener('click', () => node.close());
  node.addEventListener('click', (event) => { if (event.target === node) node.close(); });
  node.addEventListener('close', () => node.remove());
  document.body.append(node);
  node.showModal();

  /** @returns {HTMLInputElement[]} The parameter inputs, in {{1}}, {{2}}… order. */
  const inputs = () => /** @type {HTMLInputElement[]} */ ([...fields.querySelectorAll('input')]);

  /** Shows the body with the typed values in place of their {{n}} placeholders. */
  function updatePreview() {
    const t = approved[Number(choice.value)];
    const values = inputs().map((input) => input.value);
    preview.textContent = t ? String(t.body || '').replace(/\{\{\s*(\d+)\s*\}\}/g,
      (whole, n) => values[Number(n) - 1] ? values[Number(n) - 1] : whole) : '';
  }

  /** Builds one text input per parameter of the chosen template. */
  function showTemplate() {
    const t = approved[Number(choice.value)];
    fields.replaceChildren();
    const count = Math.max(0, Math.min(Number(t?.parameter_count) || 0, 50));
    for (let n = 1; n <= count; n++) {
      const input = el('input', { class: 'input', id: `tpl-param-${n}`, type: 'text', required: true, autocomplete: 'off', maxlength: '1000' });
      input.addEventListener('input', updatePreview);
      fields.append(el('div', { class: 'tpl-field' }, el('label', { for: `tpl-param-${n}` }, `Parameter {{${n}}}`), input));
    }
    error.hidden = true;
    updatePreview();
  }
  choice.addEventListener('change', showTemplate);

  ctx.api('GET', `/api/v1/conversations/${id}/templates`).then((/** @type {any} */ data) => {
    const all = Array.isArray(data?.templates) ? data.templates : [];
    approved = all.filter((/** @type {any} */ t) => String(t?.status || '').toUpperCase() === 'APPROVED');
    choice.replaceChildren(...approved.map((t, index) => el('option', { value: String(index) }, `${t.name} (${t.language})`)));
    if (!approved.length) {
      status.textContent = all.length ? 'No approved templates yet: they must be approved by WhatsApp before use.' : 'This WhatsApp number has no message templates.';
      return;
    }
    status.textContent = '';
    status.hidden = true;
    choice.disabled = false;
    submit.removeAttribute('disabled');
    showTemplate();
    choice.focus();
  }).catch((/** @type {unknown} */ err) => {
    status.textContent = err instanceof ApiError ? err.message : 'The templates could not be loaded.';
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const t = approved[Number(choice.value)];
    if (!t || submit.hasAttribute('disabled')) return;
    const parameters = inputs().map((input) => input.value.trim());
    const missing = inputs().find((input) => !input.value.trim());
    if (missing) {
      error.textContent = 'Fill in every parameter.';
      error.hidden = false;
      missing.focus();
      return;
    }
    submit.setAttribute('disabled', '');
    error.hidden = true;
    try {
      const data = await ctx.api('POST', `/api/v1/conversations/${id}/messages`, { template: { name: t.name, language: t.language, parameters } });
      handlers.onSent(data?.message);
      node.close();
      handlers.announce('Template sent.');
    } catch (err) {
      const details = err instanceof ApiError ? Object.values(err.fields || {}).filter(Boolean).join(' ') : '';
      error.textContent = (err instanceof ApiError ? err.message : 'The template could not be sent.') + (details ? ` ${details}` : '');
      error.hidden = false;
    } finally {
      submit.removeAttribute('disabled');
    }
  });
}
