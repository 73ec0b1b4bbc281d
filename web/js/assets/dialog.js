// Modal dialogs shared by the asset library and the publish pages: a titled <dialog>, a confirm box and a form box.
import { ApiError } from '../api.js';
import { el } from '../ui.js';

let seq = 0;

/**
 * Opens a one-shot modal <dialog> (removed from the page when closed).
 * @param {string} title Heading.
 * @param {{wide?: boolean, className?: string}} options Wide dialogs hold grids.
 * @param {...(Node|null)} content Body.
 * @returns {{node: HTMLDialogElement, body: HTMLElement, close: () => void}}
 */
export function modal(title, { wide = false, className = '' }, ...content) {
  const id = `pdlg-${++seq}`;
  const close = el('button', { class: 'button button--small button--ghost pdialog-close', type: 'button', 'aria-label': 'Close' }, '×');
  const body = el('div', { class: 'pdialog-body' }, ...content);
  const node = /** @type {HTMLDialogElement} */ (el('dialog', {
    class: ['pdialog', wide ? 'pdialog--wide' : '', className].filter(Boolean).join(' '), 'aria-labelledby': `${id}-title`,
  }, el('div', { class: 'pdialog-inner' }, el('div', { class: 'pdialog-head' }, el('h2', { id: `${id}-title` }, title), close), body)));
  close.addEventListener('click', () => node.close());
  // The dialog box itself has no padding, so a click whose target is the <dialog> landed on the backdrop.
  node.addEventListener('click', (event) => { if (event.target === node) node.close(); });
  node.addEventListener('close', () => node.remove());
  document.body.append(node);
  node.showModal();
  return { node, body, close: () => node.close() };
}

/**
 * Asks a yes/no question.
 * @param {string} title Heading (the question).
 * @param {string} text What will happen.
 * @param {{confirmLabel?: string, danger?: boolean}} [options]
 * @returns {Promise<boolean>}
 */
export function confirmDialog(title, text, { confirmLabel = 'OK', danger = false } = {}) {
  return new Promise((resolve) => {
    let answer = false;
    const yes = el('button', { class: danger ? 'button button--danger' : 'button button--primary', type: 'button', 'data-confirm': '' }, confirmLabel);
    const no = el('button', { class: 'button', type: 'button' }, 'Cancel');
    const d = modal(title, { className: 'pdialog--confirm' }, el('p', {}, text), el('div', { class: 'pdialog-actions' }, no, yes));
    yes.addEventListener('click', () => { answer = true; d.close(); });
    no.addEventListener('click', () => d.close());
    d.node.addEventListener('close', () => resolve(answer));
    no.focus();
  });
}

/**
 * A dialog holding a form; `onSubmit` may throw (ApiError or Error) to show a message and keep it open.
 * @param {string} title Heading.
 * @param {{fields: Node[], submitLabel: string, onSubmit: () => Promise<unknown>, intro?: string}} options
 * @returns {Promise<unknown>} What onSubmit returned, or undefined when cancelled.
 */
export function formDialog(title, { fields, submitLabel, onSubmit, intro }) {
  return new Promise((resolve) => {
    /** @type {unknown} */
    let result;
    const error = el('div', { class: 'alert', role: 'alert' });
    const submit = el('button', { class: 'button button--primary', type: 'submit' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), submitLabel);
    const cancel = el('button', { class: 'button', type: 'button' }, 'Cancel');
    const form = el('form', { class: 'pdialog-form', novalidate: true },
      intro ? el('p', { class: 'muted' }, intro) : null, error, ...fields, el('div', { class: 'pdialog-actions' }, cancel, submit));
    const d = modal(title, {}, form);
    cancel.addEventListener('click', () => d.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      submit.setAttribute('disabled', '');
      submit.classList.add('is-busy');
      try {
        result = await onSubmit();
        d.close();
      } catch (e) {
        error.textContent = errorText(e);
      } finally {
        submit.removeAttribute('disabled');
        submit.classList.remove('is-busy');
      }
    });
    d.node.addEventListener('close', () => resolve(result));
    /** @type {HTMLElement|null} */ (form.querySelector('input, select, textarea'))?.focus();
  });
}

/**
 * A readable sentence for any error: the server's message plus its per-field messages.
 * @param {unknown} e Error.
 * @returns {string}
 */
export function errorText(e) {
  if (e instanceof ApiError) {
    const extra = Object.values(e.fields || {}).filter((v) => typeof v === 'string' && v !== e.message);
    return [e.message, ...extra].join(' ');
  }
  return e instanceof Error && e.message ? e.message : 'Something went wrong. Please try again.';
}

/**
 * A labelled input for dialogs.
 * @param {string} id Input id.
 * @param {string} label Label text.
 * @param {Node} control The input, select or textarea (its id must be `id`).
 * @param {string} [hint] Help line.
 * @returns {HTMLElement}
 */
export function field(id, label, control, hint) {
  return el('div', { class: 'field' }, el('label', { for: id }, label), control, hint ? el('span', { class: 'hint' }, hint) : null);
}
