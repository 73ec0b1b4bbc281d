// Dialogs of the inbox: the keyboard-shortcut overlay and "Simulate a customer message".
import { ApiError } from '../api.js';
import { el, toast } from '../ui.js';

/** Shortcuts shown by `?`. */
const shortcuts = [
  ['j / k', 'Next / previous conversation'],
  ['r', 'Reply'],
  ['e', 'Resolve (or reopen)'],
  ['a', 'Assign'],
  ['/', 'Search conversations (in the reply box: canned replies)'],
  ['Enter', 'Send (Shift+Enter: new line)'],
  ['Esc', 'Close a menu or dialog'],
  ['?', 'This list'],
];

/**
 * A modal <dialog> with a title and a close button.
 * @param {string} id Dialog id.
 * @param {string} title Heading.
 * @param {...Node} content Body.
 * @returns {HTMLDialogElement}
 */
function dialog(id, title, ...content) {
  const close = el('button', { class: 'button button--small button--ghost dialog-close', type: 'button', 'aria-label': 'Close' }, '×');
  const node = /** @type {HTMLDialogElement} */ (el('dialog', { class: 'inbox-dialog', id, 'aria-labelledby': `${id}-title` },
    el('div', { class: 'dialog-head' }, el('h2', { id: `${id}-title` }, title), close), ...content));
  close.addEventListener('click', () => node.close());
  node.addEventListener('click', (event) => {
    if (event.target === node) node.close();
  });
  return node;
}

/**
 * Creates the shortcut overlay.
 * @returns {HTMLDialogElement}
 */
export function shortcutsDialog() {
  return dialog('shortcuts', 'Keyboard shortcuts',
    el('dl', { class: 'shortcut-list' }, ...shortcuts.flatMap(([keys, text]) => [el('dt', {}, el('kbd', {}, keys)), el('dd', {}, text)])));
}

/**
 * Creates the "Simulate a customer message" dialog for the demo's sandbox channels.
 * @param {any} store Shared state (ctx, refs).
 * @param {() => void} onSent Called after the server accepted the message.
 * @returns {{el: HTMLDialogElement, open: (channelId?: number, sender?: {id: string, name: string}|null) => void}}
 */
export function simulateDialog(store, onSent) {
  const channel = /** @type {HTMLSelectElement} */ (el('select', { class: 'input', id: 'sim-channel' }));
  const name = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'sim-name', placeholder: 'Test Customer', maxlength: '100', autocomplete: 'off' }));
  const text = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'input', id: 'sim-text', rows: '3', maxlength: '2000', required: true }));
  const asCurrent = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'sim-as-current' }));
  const currentLabel = el('label', { for: 'sim-as-current' }, 'As the customer of this conversation');
  const current = el('div', { class: 'check-field' }, asCurrent, currentLabel);
  const error = el('div', { class: 'alert', role: 'alert' });
  const submit = el('button', { class: 'button button--primary', type: 'submit' }, 'Send as customer');
  const form = el('form', { class: 'sim-form', method: 'dialog', novalidate: true },
    el('p', { class: 'muted' }, 'Sends a message into Parley as if a customer wrote on this demo channel.'),
    error,
    el('div', { class: 'field' }, el('label', { for: 'sim-channel' }, 'Channel'), channel),
    current,
    el('div', { class: 'field' }, el('label', { for: 'sim-name' }, 'Customer name'), name),
    el('div', { class: 'field' }, el('label', { for: 'sim-text' }, 'Message'), text),
    el('div', { class: 'dialog-actions' }, submit));
  const node = dialog('simulate', 'Simulate a customer message', form);
  /** @type {{id: string, name: string}|null} */
  let sender = null;
  let senderChannel = 0;

  /** Shows the "as this customer" option only for the conversation's own channel. */
  function syncCurrent() {
    const same = !!sender && Number(channel.value) === senderChannel;
    current.hidden = !same;
    name.disabled = same && asCurrent.checked;
  }
  channel.addEventListener('change', syncCurrent);
  asCurrent.addEventListener('change', syncCurrent);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = text.value.trim();
    if (!message) {
      text.setAttribute('aria-invalid', 'true');
      error.textContent = 'Write the customer\u2019s message.';
      text.focus();
      return;
    }
    text.removeAttribute('aria-invalid');
    error.textContent = '';
    /** @type {Record<string, unknown>} */
    const body = { channel_id: Number(channel.value), text: message };
    if (!current.hidden && asCurrent.checked && sender) {
      body.sender_id = sender.id;
      body.name = sender.name;
    } else if (name.value.trim()) body.name = name.value.trim();
    submit.setAttribute('disabled', '');
    try {
      await store.ctx.api('POST', '/api/v1/sandbox/messages', body);
      text.value = '';
      node.close();
      toast('Customer message sent. It appears in a moment.');
      onSent();
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : 'The message could not be sent.';
    } finally {
      submit.removeAttribute('disabled');
    }
  });

  return {
    el: node,
    /**
     * Opens the dialog.
     * @param {number} [channelId] Preselected channel.
     * @param {{id: string, name: string}|null} [from] The open conversation's customer on that channel.
     */
    open(channelId, from = null) {
      const sandboxes = store.refs.channels.filter((/** @type {any} */ c) => c.sandbox);
      channel.replaceChildren(...sandboxes.map((/** @type {any} */ c) => el('option', { value: String(c.id) }, c.name)));
      if (channelId) channel.value = String(channelId);
      sender = from;
      senderChannel = channelId || 0;
      asCurrent.checked = !!from;
      currentLabel.textContent = from ? `As ${from.name} (this conversation)` : 'As the customer of this conversation';
      error.textContent = '';
      syncCurrent();
      node.showModal();
      text.focus();
    },
  };
}
