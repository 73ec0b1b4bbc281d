// The conversation list: one button per conversation, newest first, with "Load more" and infinite scroll.
import { el } from '../ui.js';
import { channelIcon, contactName, fullTime, initials, kindName, relativeTime, tintClass, toMillis } from './format.js';

/**
 * @typedef {object} ListHandlers
 * @property {(id: number) => void} onSelect Opens a conversation.
 * @property {() => void} onLoadMore Asks for the next page.
 */

/**
 * Creates the list pane body.
 * @param {any} store Shared inbox state (items, selectedId, refs).
 * @param {ListHandlers} handlers Callbacks.
 * @returns {{el: HTMLElement, render: () => void, renderItem: (id: number) => void, setSelected: (id: number|null) => void,
 *   setLoading: (loading: boolean) => void, setError: (message: string) => void, neighbour: (delta: number) => number|null}}
 */
export function createList(store, handlers) {
  const list = el('ul', { class: 'conv-list', 'aria-label': 'Conversations' });
  const status = el('div', { class: 'conv-list-status', role: 'status' });
  const more = el('button', { class: 'button button--small conv-more', type: 'button', hidden: true }, 'Load more');
  const sentinel = el('div', { class: 'conv-sentinel', 'aria-hidden': 'true' });
  const root = el('div', { class: 'conv-scroll' }, list, status, more, sentinel);
  /** @type {Map<number, HTMLElement>} */
  const nodes = new Map();
  let loading = false;

  more.addEventListener('click', () => handlers.onLoadMore());
  list.addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest?.('.conv');
    if (button) handlers.onSelect(Number(button.getAttribute('data-id')));
  });
  // Infinite scroll: when the end of the list comes into view, fetch the next page.
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting) && store.nextCursor && !loading) handlers.onLoadMore();
  }, { root, rootMargin: '200px' });
  observer.observe(sentinel);

  /**
   * Builds the button for one conversation.
   * @param {any} item A conversation from the list API.
   * @returns {HTMLElement}
   */
  function itemNode(item) {
    const name = contactName(item.contact);
    const channel = item.channel || {};
    const last = toMillis(item.last_message_at);
    const assignee = item.assignee_id ? store.refs.userById.get(item.assignee_id) : null;
    const preview = (item.last_message_direction === 'out' ? 'You: ' : '') + (item.last_message_preview || '');
    const where = [channel.name, channel.location].filter(Boolean).join(' · ');
    const unread = Number(item.unread) || 0;
    const button = el('button', {
      class: 'conv' + (unread ? ' is-unread' : ''),
      type: 'button',
      'data-id': String(item.id),
      'aria-current': store.selectedId === item.id ? 'true' : undefined,
    },
    el('span', { class: `inbox-avatar ${tintClass(name)}`, 'aria-hidden': 'true' }, initials(name)),
    el('span', { class: 'conv-body' },
      el('span', { class: 'conv-top' },
        el('span', { class: 'conv-name' }, name),
        el('time', { class: 'conv-time', datetime: Number.isFinite(last) ? new Date(last).toISOString() : undefined, title: fullTime(last) },
          relativeTime(last))),
      el('span', { class: 'conv-where' }, channelIcon(channel.kind), el('span', { class: 'visually-hidden' }, kindName(channel.kind) + ': '),
        el('span', { class: 'conv-where-text' }, where), channel.sandbox ? el('span', { class: 'chip chip--demo', title: 'Demo sandbox channel' }, 'demo') : null),
      el('span', { class: 'conv-bottom' },
        el('span', { class: 'conv-preview' }, preview || '—'),
        unread ? el('span', { class: 'badge badge--unread', title: `${unread} unread` },
          String(unread > 99 ? '99+' : unread), el('span', { class: 'visually-hidden' }, ' unread')) : null),
      (assignee || item.status !== 'open' || (item.labels || []).length || (item.priority && item.priority !== 'normal'))
        ? el('span', { class: 'conv-tags' },
          item.status !== 'open' ? el('span', { class: `chip chip--status chip--${item.status}` }, item.status) : null,
          item.priority && item.priority !== 'normal' ? el('span', { class: `chip chip--prio-${item.priority}` }, item.priority) : null,
          assignee ? el('span', { class: 'chip chip--assignee', title: 'Assigned to ' + assignee.name }, '@ ' + assignee.name) : null,
          ...(item.labels || []).slice(0, 3).map((label) => el('span', { class: 'chip chip--label' }, label)))
        : null));
    return el('li', { 'data-id': String(item.id) }, button);
  }

  return {
    el: root,
    /** Re-renders every item in store order. */
    render() {
      nodes.clear();
      const fragment = document.createDocumentFragment();
      for (const item of store.items) {
        const node = itemNode(item);
        nodes.set(item.id, node);
        fragment.append(node);
      }
      list.replaceChildren(fragment);
      more.hidden = !store.nextCursor;
      status.textContent = store.items.length || loading ? '' : 'No conversations match these filters.';
    },
    /**
     * Re-renders one item in place (or re-renders all when its position changed).
     * @param {number} id Conversation id.
     */
    renderItem(id) {
      const index = store.items.findIndex((item) => item.id === id);
      const old = nodes.get(id);
      if (index < 0) {
        old?.remove();
        nodes.delete(id);
        status.textContent = store.items.length ? '' : 'No conversations match these filters.';
        return;
      }
      const node = itemNode(store.items[index]);
      const before = store.items[index + 1] ? nodes.get(store.items[index + 1].id) : null;
      old?.remove();
      if (before && before.isConnected) list.insertBefore(node, before);
      else if (index === 0) list.prepend(node);
      else list.append(node);
      nodes.set(id, node);
      status.textContent = '';
    },
    /**
     * Marks the selected conversation.
     * @param {number|null} id Conversation id.
     */
    setSelected(id) {
      for (const [key, node] of nodes) {
        const button = node.firstElementChild;
        if (key === id) button?.setAttribute('aria-current', 'true');
        else button?.removeAttribute('aria-current');
      }
      const node = id === null ? null : nodes.get(id);
      node?.scrollIntoView({ block: 'nearest' });
    },
    /**
     * Shows or hides the loading state.
     * @param {boolean} value Loading.
     */
    setLoading(value) {
      loading = value;
      more.disabled = value;
      more.textContent = value ? 'Loading…' : 'Load more';
      if (value && !store.items.length) status.textContent = 'Loading conversations…';
    },
    /**
     * Shows an error under the list.
     * @param {string} message Plain text.
     */
    setError(message) {
      status.textContent = message;
    },
    /**
     * The id of the conversation `delta` places from the selected one (j/k).
     * @param {number} delta +1 or -1.
     * @returns {number|null}
     */
    neighbour(delta) {
      if (!store.items.length) return null;
      const index = store.items.findIndex((item) => item.id === store.selectedId);
      const next = index < 0 ? 0 : Math.min(store.items.length - 1, Math.max(0, index + delta));
      return store.items[next].id;
    },
  };
}
