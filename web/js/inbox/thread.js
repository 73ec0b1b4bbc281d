// The middle pane: header with status actions, the 24-hour notice, the message log and the composer.
import { ApiError } from '../api.js';
import { el, panelMessage, toast } from '../ui.js';
import { createComposer } from './composer.js';
import { channelIcon, contactName, initials, kindName, tintClass } from './format.js';
import { renderLog, windowNotice } from './messages.js';
import { snoozeMenu } from './snooze.js';

const PAGE = 50;

/**
 * @typedef {object} ThreadHandlers
 * @property {(item: any) => void} onItem The conversation changed (status, read, new messages).
 * @property {() => void} onBack Back to the list (phone width).
 * @property {() => void} onToggleDetails Shows or hides the side panel.
 * @property {(item: any) => void} onSimulate Opens the "Simulate a customer message" dialog.
 * @property {(text: string) => void} announce Reads a sentence to screen readers.
 */

/**
 * Creates the thread pane.
 * @param {any} store Shared state (ctx, refs).
 * @param {ThreadHandlers} handlers Callbacks.
 * @returns {{el: HTMLElement, open: (id: number) => Promise<any|null>, refresh: () => Promise<void>, close: () => void,
 *   setItem: (item: any) => void, focusReply: () => void, resolveToggle: () => Promise<void>, current: () => any}}
 */
export function createThread(store, handlers) {
  const { ctx } = store;
  const canSend = ctx.can('send_messages');
  /** @type {any} */
  let item = null;
  /** @type {Map<number, any>} */
  let messages = new Map();
  /** @type {Map<number, any>} */
  let notes = new Map();
  let hasOlder = false;
  let generation = 0;

  const back = el('button', { class: 'button button--small button--ghost thread-back', type: 'button', 'aria-label': 'Back to conversations' }, '← Back');
  const avatar = el('span', { class: 'inbox-avatar', 'aria-hidden': 'true' });
  const title = el('h2', { class: 'thread-title', id: 'thread-title', tabindex: '-1' });
  const where = el('div', { class: 'thread-where' });
  const statusButton = el('button', { class: 'button button--small button--primary thread-resolve', type: 'button', disabled: !canSend }, 'Resolve');
  const snooze = snoozeMenu((changes) => patch(changes), !canSend);
  const simulate = el('button', { class: 'button button--small thread-simulate', type: 'button', hidden: true, 'aria-label': 'Simulate a customer message' }, 'Simulate');
  const details = el('button', { class: 'button button--small thread-details', type: 'button', 'aria-controls': 'inbox-side', 'aria-expanded': 'false' }, 'Details');
  const header = el('header', { class: 'thread-header' },
    back, avatar, el('div', { class: 'thread-heading' }, title, where),
    el('div', { class: 'thread-actions' }, simulate, snooze.el, statusButton, details));
  const banner = el('div', { class: 'window-banner', role: 'note', hidden: true });
  const bannerText = el('span', { class: 'window-banner-text' });
  const templateButton = el('button', { class: 'button button--small window-template', type: 'button', hidden: true }, 'Send a template');
  banner.append(bannerText, templateButton);
  const typing = el('div', { class: 'thread-typing', 'aria-live': 'polite', hidden: true });
  let typingTimer = 0;
  const older = el('button', { class: 'button button--small thread-older', type: 'button', hidden: true }, 'Load earlier messages');
  const log = el('div', { class: 'thread-log', role: 'log', 'aria-label': 'Messages', tabindex: '0' });
  const scroller = el('div', { class: 'thread-scroll' }, older, log);
  const composer = createComposer(store, { onSend: sendReply, onNote: addNote, onTyping: sendTyping }, canSend);
  const body = el('div', { class: 'thread-body', hidden: true }, header, banner, scroller, typing, composer.el);

  /** Tells the server this agent is typing in the open conversation (best effort). */
  function sendTyping() {
    if (!item) return;
    ctx.api('POST', `/api/v1/conversations/${item.id}/typing`).catch(() => {});
  }
  const empty = panelMessage('No conversation selected', 'Pick a conversation from the list, or press j / k to move through it.');
  const root = el('section', { class: 'inbox-thread', 'aria-labelledby': 'thread-title' }, empty, body);

  back.addEventListener('click', () => handlers.onBack());
  details.addEventListener('click', () => handlers.onToggleDetails());
  simulate.addEventListener('click', () => item && handlers.onSimulate(item));
  statusButton.addEventListener('click', () => resolveToggle());
  older.addEventListener('click', () => loadOlder());
  templateButton.addEventListener('click', () => item && openTemplates(item));

  /**
   * Whether the log is scrolled to (near) the bottom.
   * @returns {boolean}
   */
  function atBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  /** Re-renders the log, keeping the reader's place unless they were at the bottom. */
  function renderMessages(stickToBottom = atBottom()) {
    const top = scroller.scrollTop;
    const kind = item?.channel?.kind || '';
    log.replaceChildren(renderLog(messages, notes, { channelKind: kind, userById: store.refs.userById, onRetry: retry }));
    if (!messages.size && !notes.size) log.append(el('p', { class: 'thread-empty muted' }, 'No messages yet.'));
    older.hidden = !hasOlder;
    if (stickToBottom) scroller.scrollTop = scroller.scrollHeight;
    else scroller.scrollTop = top;
  }

  /** Fills the header and banner from the conversation. */
  function renderHeader() {
    const name = contactName(item.contact);
    avatar.className = `inbox-avatar ${tintClass(name)}`;
    avatar.textContent = initials(name);
    title.textContent = name;
    const channel = item.channel || {};
    const sandbox = store.refs.channelById.get(channel.id);
    where.replaceChildren(channelIcon(channel.kind), el('span', {},
      [kindName(channel.kind), channel.name, channel.location].filter(Boolean).join(' · ')));
    if (channel.sandbox) where.append(el('span', { class: 'chip chip--demo', title: 'Demo sandbox channel' }, 'demo'));
    const resolved = item.status === 'resolved';
    statusButton.textContent = resolved ? 'Reopen' : 'Resolve';
    statusButton.classList.toggle('button--primary', !resolved);
    snooze.setStatus(item.status, item.snoozed_until);
    simulate.hidden = !(sandbox?.sandbox && ctx.can('manage_channels'));
    const notice = windowNotice(item);
    bannerText.textContent = notice || '';
    banner.hidden = !notice;
    // Outside WhatsApp's 24-hour window only an approved template reaches the customer.
    templateButton.hidden = !(notice && channel.kind === 'whatsapp' && canSend);
  }

  /**
   * Reads the newest page of messages and notes and merges it in.
   * @param {number} id Conversation id.
   * @param {number} gen Generation that asked (stale answers are dropped).
   * @returns {Promise<boolean>} false when the answer was stale.
   */
  async function fetchThread(id, gen) {
    const data = await ctx.api('GET', `/api/v1/conversations/${id}/messages?limit=${PAGE}`);
    if (gen !== generation) return false;
    const known = new Set(messages.keys());
    const first = messages.size === 0;
    for (const m of data.messages || []) messages.set(m.id, m);
    notes = new Map((data.notes || []).map((/** @type {any} */ n) => [n.id, n]));
    if (first) hasOlder = (data.messages || []).length >= PAGE;
    else {
      for (const m of data.messages || []) {
        if (!known.has(m.id) && m.direction === 'in') handlers.announce(`New message from ${contactName(item?.contact)}: ${m.text || 'attachment'}`);
      }
    }
    return true;
  }

  /** Loads messages before the oldest one shown. */
  async function loadOlder() {
    if (!item || !messages.size) return;
    const oldest = Math.min(...messages.keys());
    older.disabled = true;
    try {
      const data = await ctx.api('GET', `/api/v1/conversations/${item.id}/messages?limit=${PAGE}&before=${oldest}`);
      const list = data.messages || [];
      for (const m of list) messages.set(m.id, m);
      hasOlder = list.length >= PAGE;
      const height = scroller.scrollHeight;
      renderMessages(false);
      scroller.scrollTop = scroller.scrollHeight - height;
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not load earlier messages.');
    } finally {
      older.disabled = false;
    }
  }

  /** Marks the open conversation read on the server and in the list. */
  async function markRead() {
    if (!item || !item.unread || document.hidden) return;
    try {
      await ctx.api('POST', `/api/v1/conversations/${item.id}/read`);
      item = { ...item, unread: 0 };
      handlers.onItem(item);
    } catch {
      // Not worth interrupting the agent: the badge stays until next time.
    }
  }

  /**
   * Changes the conversation (status, assignee…) and reports the new state.
   * @param {Record<string, unknown>} changes PATCH body.
   * @returns {Promise<boolean>}
   */
  async function patch(changes) {
    if (!item) return false;
    try {
      const data = await ctx.api('PATCH', `/api/v1/conversations/${item.id}`, changes);
      item = store.decorate(data.conversation);
      renderHeader();
      handlers.onItem(item);
      return true;
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'The change could not be saved.');
      return false;
    }
  }

  /** Resolves an open conversation or reopens a resolved one. */
  async function resolveToggle() {
    if (!item || !canSend) return;
    const resolved = item.status === 'resolved';
    if (await patch({ status: resolved ? 'open' : 'resolved' })) handlers.announce(resolved ? 'Conversation reopened.' : 'Conversation resolved.');
  }

  /**
   * Sends a reply and shows it at once as queued.
   * @param {string} text Reply text (may be empty when files are attached).
   * @param {number[]} [assetIds] Library files to attach.
   * @returns {Promise<boolean>}
   */
  async function sendReply(text, assetIds = []) {
    if (!item) return false;
    const id = item.id;
    try {
      const data = await ctx.api('POST', `/api/v1/conversations/${id}/messages`, assetIds.length ? { text, asset_ids: assetIds } : { text });
      if (item?.id === id && data?.message?.id) {
        messages.set(data.message.id, data.message);
        renderMessages(true);
      }
      return true;
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'The reply could not be sent.');
      return false;
    }
  }

  /**
   * Sends the text of a failed message again, as a new message.
   * @param {any} m The failed message.
   */
  async function retry(m) {
    if (!canSend) return;
    const assetIds = (Array.isArray(m.attachments) ? m.attachments : [])
      .map((/** @type {any} */ a) => Number(a?.asset_id)).filter((n) => Number.isInteger(n) && n > 0);
    if (await sendReply(m.text || '', assetIds)) handlers.announce('Sent again.');
  }

  /**
   * Opens the WhatsApp template dialog: pick an approved template, fill its {{n}} parameters, send.
   * @param {any} conv The open conversation.
   */
  function openTemplates(conv) {
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
        if (item?.id === id && data?.message?.id) {
          messages.set(data.message.id, data.message);
          renderMessages(true);
        }
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

  /**
   * Posts a private note.
   * @param {string} text Note text.
   * @returns {Promise<boolean>}
   */
  async function addNote(text) {
    if (!item) return false;
    try {
      const data = await ctx.api('POST', `/api/v1/conversations/${item.id}/notes`, { text });
      if (data?.note?.id) notes.set(data.note.id, data.note);
      renderMessages(true);
      return true;
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'The note could not be saved.');
      return false;
    }
  }

  return {
    el: root,
    /**
     * Shows "Name is typing…" for a few seconds when another agent types in the open conversation.
     * @param {{conversation_id: number, name: string}} data The typing event.
     */
    showTyping(data) {
      if (!item || Number(data?.conversation_id) !== item.id) return;
      typing.textContent = `${data.name || 'A teammate'} is typing…`;
      typing.hidden = false;
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(() => { typing.hidden = true; }, 5000);
    },
    /**
     * Opens a conversation.
     * @param {number} id Conversation id.
     * @returns {Promise<any|null>} The conversation, or null when it cannot be seen.
     */
    async open(id) {
      const gen = ++generation;
      messages = new Map();
      notes = new Map();
      hasOlder = false;
      composer.reset();
      empty.hidden = true;
      body.hidden = false;
      log.replaceChildren(el('div', { class: 'loading' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading messages…'));
      try {
        const data = await ctx.api('GET', `/api/v1/conversations/${id}`);
        if (gen !== generation) return null;
        item = store.decorate(data.conversation);
        renderHeader();
        if (!(await fetchThread(id, gen))) return null;
        renderMessages(true);
        markRead();
        return item;
      } catch (error) {
        if (gen !== generation) return null;
        item = null;
        body.hidden = true;
        empty.hidden = false;
        empty.replaceChildren(...panelMessage('This conversation is not available',
          error instanceof ApiError ? error.message : 'Reload the page to try again.', true).childNodes);
        return null;
      }
    },
    /** Reloads the open conversation (after a live event). */
    async refresh() {
      if (!item) return;
      const gen = generation;
      const id = item.id;
      try {
        const data = await ctx.api('GET', `/api/v1/conversations/${id}`);
        if (gen !== generation) return;
        item = store.decorate(data.conversation);
        renderHeader();
        const stick = atBottom();
        if (await fetchThread(id, gen)) renderMessages(stick);
        markRead();
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && gen === generation) {
          item = null;
          body.hidden = true;
          empty.hidden = false;
          empty.replaceChildren(...panelMessage('This conversation is no longer available', '', true).childNodes);
        }
      }
    },
    /** Shows the "nothing selected" state. */
    close() {
      generation++;
      item = null;
      body.hidden = true;
      empty.hidden = false;
      empty.replaceChildren(...panelMessage('No conversation selected', 'Pick a conversation from the list, or press j / k to move through it.').childNodes);
    },
    /**
     * Takes a newer copy of the open conversation (changed from the side panel).
     * @param {any} next The conversation.
     */
    setItem(next) {
      if (item && next && next.id === item.id) {
        item = next;
        renderHeader();
      }
    },
    /** Focuses the reply box. */
    focusReply() {
      if (item) composer.focus();
    },
    resolveToggle,
    /**
     * The open conversation.
     * @returns {any}
     */
    current() {
      return item;
    },
    /**
     * Marks the Details button as expanded or not.
     * @param {boolean} open Whether the side panel shows.
     */
    setDetailsOpen(open) {
      details.setAttribute('aria-expanded', open ? 'true' : 'false');
    },
    /** Clears the unread badge when the tab becomes visible again. */
    markRead,
  };
}
