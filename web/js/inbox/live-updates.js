// Live events applied to the inbox: the status dot, collecting changed conversations and refetching them,
// the title badge and notifications for new customer messages, and catching up when the tab is visible again.
import { ApiError } from '../api.js';
import { el } from '../ui.js';
import { contactName } from './format.js';
import { connectLive, notify, titleBadge } from './live.js';

/**
 * @typedef {object} LiveInbox
 * @property {HTMLElement} dot The status dot from createLiveDot.
 * @property {any} list The conversation list (renderItem).
 * @property {any} thread The thread pane (showTyping, refresh, current, markRead).
 * @property {any} details The details section (show).
 * @property {(reset: boolean) => Promise<void>} loadList Reloads the list.
 * @property {(item: any, known: boolean) => void} upsert Puts a fresher copy of a conversation in the list.
 * @property {(id: number) => void} select Opens a conversation.
 */

/**
 * Creates the "Connecting… / Live / Reconnecting…" status dot.
 * @returns {HTMLElement}
 */
export function createLiveDot() {
  return el('span', { class: 'live-state is-connecting', role: 'status', title: 'Live updates' },
    el('span', { class: 'live-dot', 'aria-hidden': 'true' }), el('span', { class: 'live-text' }, 'Connecting…'));
}

/**
 * Opens the live stream and applies its events to the inbox.
 * @param {any} store Shared state (ctx, items, selectedId).
 * @param {LiveInbox} inbox The parts of the inbox that events change.
 * @returns {{close: () => void}} Stops the stream, the pending refresh and the visibility listener.
 */
export function startLiveUpdates(store, inbox) {
  const { ctx } = store;
  const { dot, list, thread, details } = inbox;
  const badge = titleBadge();
  /** @type {Set<number>} */
  const pending = new Set();
  let reloadAll = false;
  let flushTimer = 0;

  /** Applies the collected events: refetch changed conversations and the open thread. */
  async function flush() {
    const ids = [...pending];
    pending.clear();
    if (reloadAll) {
      reloadAll = false;
      await inbox.loadList(true);
    }
    for (const id of ids) {
      try {
        const data = await ctx.api('GET', `/api/v1/conversations/${id}`);
        inbox.upsert(store.decorate(data.conversation), false);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          const index = store.items.findIndex((/** @type {any} */ i) => i.id === id);
          if (index >= 0) {
            store.items.splice(index, 1);
            list.renderItem(id);
          }
        }
      }
      if (id === store.selectedId) thread.refresh();
    }
    const open = thread.current();
    if (open) details.show(open);
  }

  const live = connectLive({
    onEvent(type, data) {
      if (type === 'typing') {
        thread.showTyping(data);
        return;
      }
      const id = Number(data?.conversation_id ?? (type === 'conversation.updated' ? data?.id : NaN));
      if (Number.isFinite(id) && id > 0) pending.add(id);
      else reloadAll = true;
      if (type === 'message.created' && data?.direction === 'in') {
        badge.bump();
        const item = store.items.find((/** @type {any} */ i) => i.id === id);
        notify(item ? contactName(item.contact) : 'New message', String(data.text || 'New message'), () => inbox.select(id));
      }
      window.clearTimeout(flushTimer);
      flushTimer = window.setTimeout(flush, 200);
    },
    onState(state) {
      dot.className = `live-state is-${state}`;
      dot.querySelector('.live-text').textContent = state === 'live' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : 'Connecting…';
    },
  });

  /** Clears the title badge and the unread count when the agent comes back to the tab. */
  function onVisibility() {
    if (!document.hidden) {
      badge.reset();
      thread.markRead();
    }
  }
  document.addEventListener('visibilitychange', onVisibility);

  return {
    /** Closes the stream, drops the pending refresh and clears the title badge. */
    close() {
      live.close();
      window.clearTimeout(flushTimer);
      document.removeEventListener('visibilitychange', onVisibility);
      badge.reset();
    },
  };
}
