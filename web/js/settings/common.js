// Shared pieces of the Settings sections: form fields with inline errors, dialogs, confirmations, loading states.
import { ApiError } from '../api.js';
import { el, panelMessage } from '../ui.js';
import { fullTime, relativeTime, toMillis } from '../inbox/format.js';

let uid = 0;

/**
 * A labelled form field whose error line the server's `fields` can fill.
 * @param {string} name Field name as the API knows it (also the error key).
 * @param {string} label Visible label.
 * @param {HTMLElement} control The input, select or textarea.
 * @param {string} [hint] Help text under the control.
 * @returns {HTMLElement}
 */
export function field(name, label, control, hint) {
  const id = control.id || `f-${name}-${++uid}`;
  control.id = id;
  control.setAttribute('name', name);
  const error = el('span', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hintNode = hint ? el('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', `${id}-hint`);
  return el('div', { class: 'field', 'data-field': name }, el('label', { for: id }, label), control, hintNode, error);
}

/**
 * A text-like input.
 * @param {Record<string, string|boolean|undefined>} [attrs] Extra attributes (type, required, maxlength…).
 * @returns {HTMLInputElement}
 */
export function input(attrs = {}) {
  return /** @type {HTMLInputElement} */ (el('input', { class: 'input', type: 'text', autocomplete: 'off', ...attrs }));
}

/**
 * A select with options.
 * @param {Array<[string, string]>} options Value and label pairs.
 * @param {string} [value] Selected value.
 * @returns {HTMLSelectElement}
 */
export function select(options, value = '') {
  const node = /** @type {HTMLSelectElement} */ (el('select', { class: 'input' },
    ...options.map(([v, label]) => el('option', { value: v }, label))));
  node.value = value;
  return node;
}

/**
 * A checkbox with its label on one line.
 * @param {string} label Text.
 * @param {boolean} checked Initial state.
 * @param {Record<string, string|boolean|undefined>} [attrs] Extra attributes for the input.
 * @returns {{row: HTMLElement, box: HTMLInputElement}}
 */
export function checkbox(label, checked, attrs = {}) {
  const id = `cb-${++uid}`;
  const box = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id, ...attrs }));
  box.checked = checked;
  return { row: el('div', { class: 'settings-check' }, box, el('label', { for: id }, label)), box };
}

/** Removes every inline error of a form. @param {HTMLElement} form The form. */
export function clearErrors(form) {
  for (const node of form.querySelectorAll('.field-error')) { node.textContent = ''; node.hidden = true; }
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  const alert = form.querySelector('.form-alert');
  if (alert) alert.textContent = '';
}

/**
 * Shows one message under a field.
 * @param {HTMLElement} form The form.
 * @param {string} name Field name.
 * @param {string} message Text.
 * @returns {boolean} Whether the field exists in this form.
 */
export function fieldError(form, name, message) {
  const wrap = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
  if (!wrap) return false;
  const error = /** @type {HTMLElement} */ (wrap.querySelector('.field-error'));
  error.textContent = message;
  error.hidden = false;
  const control = wrap.querySelector('input, select, textarea');
  control?.setAttribute('aria-invalid', 'true');
  return true;
}

/**
 * Shows an API failure in a form: per-field messages inline, the rest in the form's alert.
 * @param {HTMLElement} form The form (with a `.form-alert`).
 * @param {unknown} error What was thrown.
 */
export function showFailure(form, error) {
  const failure = error instanceof ApiError ? error : new ApiError(0, 'unknown', 'Something went wrong. Please try again.');
  let unplaced = '';
  let first = null;
  for (const [name, message] of Object.entries(failure.fields || {})) {
    if (fieldError(form, name, String(message))) first ||= form.querySelector(`[data-field="${CSS.escape(name)}"] .input`);
    else unplaced += (unplaced ? ' ' : '') + String(message);
  }
  const alert = form.querySelector('.form-alert');
  if (alert) alert.textContent = first && !unplaced ? failure.message : [failure.message, unplaced].filter(Boolean).join(' ');
  (/** @type {HTMLElement|null} */ (first))?.focus();
}

/**
 * An empty alert box for form-level errors.
 * @returns {HTMLElement}
 */
export function formAlert() {
  return el('div', { class: 'alert form-alert', role: 'alert' });
}

/**
 * Runs `work` with a button showing it is busy.
 * @template T
 * @param {HTMLButtonElement} button The button.
 * @param {() => Promise<T>} work The action.
 * @returns {Promise<T>}
 */
export async function busy(button, work) {
  button.disabled = true;
  button.classList.add('is-busy');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.classList.remove('is-busy');
  }
}

/**
 * A button with a hidden spinner shown while busy.
 * @param {string} label Text.
 * @param {string} [kind] 'primary', 'danger', 'ghost' or '' for a plain button.
 * @param {Record<string, string|boolean|undefined>} [attrs] Extra attributes.
 * @returns {HTMLButtonElement}
 */
export function button(label, kind = '', attrs = {}) {
  const cls = ['button', kind ? `button--${kind}` : '', attrs.class || ''].filter(Boolean).join(' ');
  return /** @type {HTMLButtonElement} */ (el('button', { type: 'button', ...attrs, class: cls },
    el('span', { class: 'spinner', 'aria-hidden': 'true' }), label));
}

/**
 * A modal dialog with a heading, a close button and a body; removed from the page when closed.
 * @param {string} title Heading.
 * @param {...(Node|null)} content Body.
 * @returns {HTMLDialogElement}
 */
export function dialog(title, ...content) {
  const id = `dlg-${++uid}`;
  const close = el('button', { class: 'button button--small button--ghost dialog-x', type: 'button', 'aria-label': 'Close' }, '×');
  const node = /** @type {HTMLDialogElement} */ (el('dialog', { class: 'settings-dialog', 'aria-labelledby': `${id}-t` },
    el('div', { class: 'settings-dialog-head' }, el('h2', { id: `${id}-t` }, title), close), ...content));
  close.addEventListener('click', () => node.close());
  node.addEventListener('close', () => node.remove());
  document.body.append(node);
  node.showModal();
  return node;
}

/**
 * Asks before a destructive action.
 * @param {{title: string, text: string, confirm: string, action: () => Promise<void>}} options
 *   `action` runs on confirm; its ApiError is shown in the dialog, which stays open.
 */
export function confirmAction({ title, text, confirm, action }) {
  const ok = button(confirm, 'danger', { class: 'confirm-ok' });
  const cancel = button('Cancel', '', { class: 'confirm-cancel' });
  const alert = formAlert();
  const node = dialog(title, el('p', {}, text), alert, el('div', { class: 'settings-dialog-actions' }, cancel, ok));
  node.classList.add('settings-dialog--confirm');
  cancel.addEventListener('click', () => node.close());
  ok.addEventListener('click', async () => {
    try {
      await busy(ok, action);
      node.close();
    } catch (error) {
      alert.textContent = error instanceof ApiError ? error.message : 'That did not work. Please try again.';
    }
  });
  cancel.focus();
}

/**
 * A loading line for a panel.
 * @returns {HTMLElement}
 */
export function loading() {
  return el('div', { class: 'loading panel-message settings-loading' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…');
}

/**
 * A panel message for a failed load.
 * @param {string} what What could not be loaded.
 * @param {unknown} error What was thrown.
 * @returns {HTMLElement}
 */
export function loadFailed(what, error) {
  const failure = error instanceof ApiError ? error : null;
  if (failure?.status === 403) return panelMessage('No access', failure.message, true);
  return panelMessage(`${what} could not be loaded`, failure ? failure.message : 'Reload the page to try again.', true);
}

/**
 * A section header inside the settings panel.
 * @param {string} title Heading.
 * @param {string} text One sentence.
 * @param {...Node} actions Buttons on the right.
 * @returns {HTMLElement}
 */
export function sectionHeader(title, text, ...actions) {
  return el('div', { class: 'settings-head' },
    el('div', {}, el('h2', { id: 'settings-section-title', tabindex: '-1' }, title), el('p', { class: 'muted' }, text)),
    actions.length ? el('div', { class: 'settings-head-actions' }, ...actions) : null);
}

/**
 * A time as "3h ago" text with the full time as its tooltip.
 * @param {number|string|null|undefined} value Unix ms/seconds or an ISO/SQLite time.
 * @param {string} [never] Text when there is no time.
 * @returns {HTMLElement}
 */
export function timeText(value, never = 'Never') {
  const ms = toMillis(value ?? NaN);
  if (!Number.isFinite(ms)) return el('span', { class: 'muted' }, never);
  const rel = relativeTime(ms);
  const text = rel === 'now' ? 'just now' : /^\d+[mh]$/.test(rel) ? `${rel} ago` : rel;
  return el('time', { datetime: new Date(ms).toISOString(), title: fullTime(ms) }, text);
}

/**
 * A small coloured status badge.
 * @param {string} text Label.
 * @param {'ok'|'bad'|'warn'|'muted'} tone Colour.
 * @returns {HTMLElement}
 */
export function badge(text, tone) {
  return el('span', { class: `s-badge s-badge--${tone}` }, text);
}

/** People-friendly names of permissions. */
export const permissionNames = {
  manage_settings: 'Manage settings (locations, labels, audit log)',
  manage_users: 'Manage users and teams',
  manage_channels: 'Connect and manage channels',
  send_messages: 'Reply to customers',
  view_all_conversations: 'See every conversation',
  publish_posts: 'Publish posts',
  manage_assets: 'Manage the asset library',
};

/** Default permissions of each role (mirrors the server, for showing what extras add). */
export const roleDefaults = {
  admin: Object.keys(permissionNames),
  manager: ['manage_channels', 'send_messages', 'view_all_conversations', 'publish_posts', 'manage_assets'],
  agent: ['send_messages'],
  viewer: [],
};
