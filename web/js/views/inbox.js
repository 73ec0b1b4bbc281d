// Inbox: conversation list | thread | details, live over Server-Sent Events. Small modules live in ../inbox/.
import { ApiError } from '../api.js';
import { el, panelMessage } from '../ui.js';
import { shortcutsDialog, simulateDialog } from '../inbox/dialogs.js';
import { createContact } from '../inbox/contact.js';
import { createDetails } from '../inbox/details.js';
import { createFilters, defaultFilters, filterQuery, matches } from '../inbox/filters.js';
import { contactName, isSandbox, toMillis } from '../inbox/format.js';
import { inboxShortcuts } from '../inbox/keys.js';
import { createList } from '../inbox/list.js';
import { createLiveDot, startLiveUpdates } from '../inbox/live-updates.js';
import { createNotifyButton } from '../inbox/notify-button.js';
import { createThread } from '../inbox/thread.js';

const PAGE = 50;

/**
 * Reads a list from an API answer, or [] when the call failed (a missing list only hides a filter).
 * @param {PromiseSettledResult<any>} result Settled API call.
 * @param {string} key The list's key.
 * @returns {any[]}
 */
function listOf(result, key) {
  return result.status === 'fulfilled' && Array.isArray(result.value?.[key]) ? result.value[key] : [];
}

/**
 * Orders conversations as the server does: newest last message first.
 * @param {any} a Conversation.
 * @param {any} b Conversation.
 * @returns {number}
 */
function newestFirst(a, b) {
  return (toMillis(b.last_message_at) - toMillis(a.last_message_at)) || (b.id - a.id);
}

/**
 * Shows the inbox in `view`.
 * @param {HTMLElement} view The view container.
 * @param {any} ctx The app context (user, api, can, signal).
 * @returns {Promise<() => void>} Unmount.
 */
export async function mount(view, ctx) {
  view.classList.add('view--inbox');
  view.replaceChildren(el('div', { class: 'loading' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading inbox…'));
  const results = await Promise.allSettled([
    ctx.api('GET', '/api/v1/channels'), ctx.api('GET', '/api/v1/locations'), ctx.api('GET', '/api/v1/users'),
    ctx.api('GET', '/api/v1/teams'), ctx.api('GET', '/api/v1/labels'), ctx.api('GET', '/api/v1/canned-responses'),
  ]);
  const channels = listOf(results[0], 'channels').map((c) => ({ ...c, sandbox: isSandbox(c) }));
  const users = listOf(results[2], 'users');
  const store = {
    ctx,
    user: ctx.user || {},
    refs: {
      channels,
      channelById: new Map(channels.map((c) => [c.id, c])),
      locations: listOf(results[1], 'locations'),
      users,
      userById: new Map(users.map((u) => [u.id, u])),
      teams: listOf(results[3], 'teams'),
      labels: listOf(results[4], 'labels'),
      canned: listOf(results[5], 'canned_responses'),
    },
    filters: defaultFilters(),
    /** @type {any[]} */
    items: [],
    /** @type {string|null} */
    nextCursor: null,
    /** @type {number|null} */
    selectedId: null,
    /**
     * Adds what the browser knows about a conversation's channel (sandbox or not).
     * @param {any} item Conversation from the API.
     * @returns {any}
     */
    decorate(item) {
      if (item?.channel) item.channel.sandbox = !!store.refs.channelById.get(item.channel.id)?.sandbox;
      return item;
    },
  };
  if (ctx.signal?.aborted) return () => {};

  const announcer = el('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
  /**
   * Reads a sentence to screen-reader users.
   * @param {string} text Sentence.
   */
  const announce = (text) => {
    announcer.textContent = '';
    window.setTimeout(() => { announcer.textContent = text; }, 50);
  };

  const liveDot = createLiveDot();
  const notifyButton = createNotifyButton();
  const helpButton = el('button', { class: 'button button--small button--ghost', type: 'button', 'aria-label': 'Keyboard shortcuts', title: 'Keyboard shortcuts (?)' }, '?');
  const canSimulate = ctx.can('manage_channels') && channels.some((c) => c.sandbox);
  const simulateButton = el('button', { class: 'button button--small', type: 'button', hidden: !canSimulate }, 'Simulate');
  simulateButton.setAttribute('aria-label', 'Simulate a customer message');

  const filters = createFilters(store, () => {
    filters.sync();
    loadList(true);
  });
  const list = createList(store, { onSelect: (id) => select(id), onLoadMore: () => loadList(false) });
  const side = el('aside', { class: 'inbox-side', id: 'inbox-side', 'aria-label': 'Conversation details' });
  const root = el('div', { class: 'inbox' });
  const thread = createThread(store, {
    onItem: (item) => {
      upsert(item, true);
      details.show(item);
    },
    onBack: () => deselect(),
    onToggleDetails: () => toggleSide(),
    onSimulate: (item) => openSimulate(item),
    announce,
  });
  const details = createDetails(store, (item) => {
    upsert(item, true);
    thread.setItem(item);
  });
  const contact = createContact(store, {
    onOpen: (id) => select(id),
    onRenamed: (c) => {
      for (const item of store.items) if (item.contact?.id === c.id) {
        item.contact = { ...item.contact, name: c.name };
        list.renderItem(item.id);
      }
      thread.refresh();
    },
    onErased: (contactId) => {
      // Their conversations are gone on the server; the open one was theirs (the panel shows its contact), so close it.
      store.items = store.items.filter((i) => i.contact?.id !== contactId);
      list.render();
      if (store.selectedId) deselect();
    },
  });
  side.append(details.el, contact.el);
  const shortcuts = shortcutsDialog();
  const simulate = simulateDialog(store, () => undefined);

  const listPane = el('section', { class: 'inbox-list-pane', 'aria-labelledby': 'view-title' },
    el('div', { class: 'list-head' },
      el('h1', { id: 'view-title', tabindex: '-1' }, 'Inbox'), liveDot,
      el('div', { class: 'list-head-actions' }, notifyButton, simulateButton, helpButton)),
    filters.el, list.el);
  root.append(listPane, thread.el, side, announcer, shortcuts, simulate.el);
  view.replaceChildren(root);

  if (!channels.length && results[0].status === 'fulfilled') {
    list.el.prepend(el('div', { class: 'inbox-hint' }, panelMessage('No channels connected yet',
      ctx.can('manage_channels') ? 'Connect a page, account or number in Settings → Channels.' : 'Ask an admin to give you access to a channel.')));
  }

  // ---- list loading -------------------------------------------------------------------------------------
  let listGeneration = 0;
  /**
   * Loads the first page (reset) or the next page of conversations.
   * @param {boolean} reset Start over with the current filters.
   */
  async function loadList(reset) {
    if (!reset && !store.nextCursor) return;
    const gen = reset ? ++listGeneration : listGeneration;
    const params = filterQuery(store.filters);
    params.set('limit', String(PAGE));
    if (!reset && store.nextCursor) params.set('cursor', store.nextCursor);
    if (reset) {
      store.items = [];
      store.nextCursor = null;
      list.render();
    }
    list.setLoading(true);
    try {
      const data = await ctx.api('GET', `/api/v1/conversations?${params}`);
      if (gen !== listGeneration) return;
      const seen = new Set(store.items.map((i) => i.id));
      for (const item of data.conversations || []) if (!seen.has(item.id)) store.items.push(store.decorate(item));
      store.nextCursor = data.next_cursor || null;
      list.setLoading(false);
      performance.mark('inbox-list-render-start');
      list.render();
      performance.measure('inbox-list-render', 'inbox-list-render-start');
      list.setSelected(store.selectedId);
    } catch (error) {
      if (gen !== listGeneration) return;
      list.setLoading(false);
      list.setError(error instanceof ApiError ? error.message : 'The conversations could not be loaded.');
    }
  }

  /**
   * Puts a fresher copy of a conversation in the list, or takes it out when it no longer matches the filters.
   * @param {any} item Conversation.
   * @param {boolean} known Whether the change came from this page (so search results keep it).
   */
  function upsert(item, known) {
    const index = store.items.findIndex((i) => i.id === item.id);
    const fits = matches(item, store.filters, store.user.id) && (!store.filters.q || index >= 0 || !known);
    if (index >= 0) store.items.splice(index, 1);
    if (!fits || (store.filters.q && index < 0)) {
      if (index >= 0) list.renderItem(item.id);
      return;
    }
    const at = store.items.findIndex((i) => newestFirst(item, i) < 0);
    // Past the loaded pages it belongs to a later page: leave it for "Load more".
    if (at < 0 && store.nextCursor) {
      if (index >= 0) list.renderItem(item.id);
      return;
    }
    store.items.splice(at < 0 ? store.items.length : at, 0, item);
    list.renderItem(item.id);
  }

  // ---- selection ----------------------------------------------------------------------------------------
  /**
   * Opens a conversation and remembers it in the URL.
   * @param {number} id Conversation id.
   */
  async function select(id) {
    if (!Number.isFinite(id) || id <= 0) return;
    store.selectedId = id;
    list.setSelected(id);
    root.classList.add('has-selection');
    history.replaceState(null, '', `/inbox?c=${id}`);
    const item = await thread.open(id);
    if (!item || store.selectedId !== id) return;
    const index = store.items.findIndex((i) => i.id === id);
    if (index >= 0) {
      store.items[index] = item;
      list.renderItem(id);
      list.setSelected(id);
    }
    details.show(item);
    contact.show(item.contact.id, item.id);
  }

  /** Back to the list (phone width). */
  function deselect() {
    const id = store.selectedId;
    store.selectedId = null;
    root.classList.remove('has-selection', 'side-open');
    history.replaceState(null, '', '/inbox');
    thread.close();
    list.setSelected(null);
    const button = id ? list.el.querySelector(`.conv[data-id="${id}"]`) : null;
    /** @type {HTMLElement|null} */ (button || listPane.querySelector('#view-title'))?.focus();
  }

  /** Shows or hides the side panel on narrower screens. */
  function toggleSide() {
    const open = !root.classList.contains('side-open');
    root.classList.toggle('side-open', open);
    thread.setDetailsOpen(open);
    if (open) /** @type {HTMLElement|null} */ (side.querySelector('select, input, button'))?.focus();
  }

  /**
   * Opens the simulate dialog for the open conversation's channel, as its customer when possible.
   * @param {any} [item] The open conversation.
   */
  function openSimulate(item) {
    const channelId = item?.channel?.id;
    const identity = contact.identities().find((i) => i.channel_id === channelId);
    simulate.open(channelId, identity && item ? { id: identity.external_id, name: contactName(item.contact) } : null);
  }

  // ---- live updates -------------------------------------------------------------------------------------
  const live = startLiveUpdates(store, { dot: liveDot, list, thread, details, loadList, upsert, select });

  helpButton.addEventListener('click', () => shortcuts.showModal());
  simulateButton.addEventListener('click', () => openSimulate(thread.current()));

  // ---- keyboard -----------------------------------------------------------------------------------------
  const onKey = inboxShortcuts(store, { root, side, list, thread, details, filters, shortcuts, select, toggleSide });
  document.addEventListener('keydown', onKey);

  // ---- start ----------------------------------------------------------------------------------------------
  const initial = Number(new URLSearchParams(location.search).get('c'));
  await loadList(true);
  if (Number.isFinite(initial) && initial > 0) select(initial);

  return () => {
    live.close();
    document.removeEventListener('keydown', onKey);
    view.classList.remove('view--inbox');
  };
}
