// The middle pane: the header (thread-header.js), the message log with paging, the typing line and the composer.
import { ApiError } from '../api.js';
import { el, panelMessage, toast } from '../ui.js';
import { createComposer } from './composer.js';
import { contactName } from './format.js';
import { renderLog } from './messages.js';
import { openTemplates } from './templates.js';
import { createThreadHeader } from './thread-header.js';
import { createTyping } from './typing.js';

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

  const head = createThreadHeader(store, canSend, {
    onPatch: (changes) => patch(changes),
    onResolve: () => resolveToggle(),
    onBack: () => handlers.onBack(),
    onToggleDetails: () => handlers.onToggleDetails(),
    onSimulate: () => item && handlers.onSimulate(item),
    onTemplate: () => item && templates(item),
  });
  const typing = createTyping();
  const older = el('button', { class: 'button button--small thread-older', type: 'button', hidden: true }, 'Load earlier messages');
  const log = el('div', { class: 'thread-log', role: 'log', 'aria-label': 'Messages', tabindex: '0' });
  const scroller = el('div', { class: 'thread-scroll' }, older, log);
  const composer = createComposer(store, { onSend: sendReply, onNote: addNote, onTyping: sendTyping }, canSend);
  const body = el('div', { class: 'thread-body', hidden: true }, head.header, head.banner, scroller, typing.el, composer.el);

  /** Tells the server this agent is typing in the open conversation (best effort). */
  function sendTyping() {
    if (!item) return;
    ctx.api('POST', `/api/v1/conversations/${item.id}/typing`).catch(() => {});
  }
  const empty = panelMessage('No conversation selected', 'Pick a conversation from the list, or press j / k to move through it.');
  const root = el('section', { class: 'inbox-thread', 'aria-labelledby': 'thread-title' }, empty, body);

  older.addEventListener('click', () => loadOlder());

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
      head.render(item);
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
   * Opens the WhatsApp template dialog and shows the sent template in the log.
   * @param {any} conv The open conversation.
   */
  function templates(conv) {
    const id = conv.id;
    openTemplates(ctx, conv, {
      onSent: (message) => {
        if (item?.id === id && message?.id) {
          messages.set(message.id, message);
          renderMessages(true);
        }
      },
      announce: handlers.announce,
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
      typing.show(data.name);
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
        head.render(item);
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
        head.render(item);
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
        head.render(item);
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
      head.setDetailsOpen(open);
    },
    /** Clears the unread badge when the tab becomes visible again. */
    markRead,
  };
}
