// Assets: the shared media library — a folder tree, a thumbnail grid with search and tags, uploads with progress.
// Small modules live in ../assets/.
import { el, panelMessage, toast, viewHeader } from '../ui.js';
import { errorText } from '../assets/dialog.js';
import { openAssetEditor } from '../assets/editor.js';
import { createFolders } from '../assets/folders.js';
import { assetCard } from '../assets/grid.js';
import { createUploader } from '../assets/queue.js';

/**
 * Shows the asset library in `view`.
 * @param {HTMLElement} view The view container.
 * @param {any} ctx The app context (api, can, signal).
 * @returns {Promise<() => void>} Unmount.
 */
export async function mount(view, ctx) {
  const canManage = ctx.can('manage_assets');
  const params = new URLSearchParams(location.search);
  const state = {
    /** @type {any[]} */ folders: [],
    /** @type {number|null} */ folderId: Number(params.get('folder')) || null,
    q: params.get('q') || '',
    tag: params.get('tag') || '',
    /** @type {string|null} */ cursor: null,
    loadToken: 0,
  };

  const search = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'asset-search', type: 'search', autocomplete: 'off',
    placeholder: 'Search by name, description or tag', 'aria-label': 'Search files' }));
  search.value = state.q;
  const tagFilter = el('span', { class: 'tag-filter', hidden: true });
  const grid = el('ul', { class: 'asset-grid', id: 'asset-grid', 'aria-label': 'Files' });
  const status = el('div', { class: 'assets-status', 'aria-live': 'polite' });
  const more = el('button', { class: 'button assets-more', type: 'button', hidden: true }, 'Load more');
  const heading = el('h2', { class: 'assets-heading', id: 'assets-heading' });
  const uploader = canManage ? createUploader({
    folderId: () => state.folderId,
    onUploaded: (asset, created) => {
      if (created || !grid.querySelector(`[data-id="${asset.id}"]`)) load(true);
    },
    onOpen: (asset) => edit(asset),
  }) : null;
  const folders = createFolders({
    api: ctx.api,
    canManage,
    onSelect: (id) => {
      state.folderId = id;
      syncUrl();
      folders.render(state.folders, state.folderId);
      load(true);
    },
    onChanged: () => loadFolders(),
    onDropAsset: async (assetId, folderId) => {
      try {
        await ctx.api('PATCH', `/api/v1/assets/${assetId}`, folderId ? { folder_id: folderId } : { move_to_root: true });
        const name = state.folders.find((f) => f.id === folderId)?.name;
        toast(name ? `Moved to “${name}”.` : 'Moved out of its folder.');
        load(true);
      } catch (e) {
        toast(errorText(e));
      }
    },
  });

  view.replaceChildren(
    viewHeader('Assets', 'Pictures and videos your team reuses in posts and replies.'),
    el('div', { class: 'assets-layout' },
      folders.el,
      el('section', { class: 'assets-main', 'aria-labelledby': 'assets-heading' },
        el('div', { class: 'assets-tools' }, heading, el('div', { class: 'assets-search' }, search, tagFilter)),
        uploader ? uploader.el : el('p', { class: 'muted' }, 'You can browse the library; ask a manager to upload files.'),
        grid, status, more)));

  function syncUrl() {
    const q = new URLSearchParams();
    if (state.folderId) q.set('folder', String(state.folderId));
    if (state.q) q.set('q', state.q);
    if (state.tag) q.set('tag', state.tag);
    const qs = q.toString();
    history.replaceState(null, '', location.pathname + (qs ? `?${qs}` : ''));
  }

  function renderTagFilter() {
    tagFilter.hidden = !state.tag;
    if (!state.tag) return tagFilter.replaceChildren();
    const clear = el('button', { class: 'tag-clear', type: 'button', 'aria-label': `Stop filtering by ${state.tag}` }, '×');
    clear.addEventListener('click', () => {
      state.tag = '';
      syncUrl();
      load(true);
    });
    tagFilter.replaceChildren(el('span', { class: 'tag' }, `Tag: ${state.tag}`, clear));
  }

  /**
   * Opens the editor and refreshes what changed.
   * @param {any} asset Asset.
   */
  async function edit(asset) {
    const outcome = await openAssetEditor(asset, { api: ctx.api, folders: state.folders, canManage });
    if (outcome?.saved || outcome?.deleted) load(true);
  }

  async function loadFolders() {
    try {
      state.folders = (await ctx.api('GET', '/api/v1/asset-folders'))?.folders || [];
    } catch (e) {
      toast(errorText(e));
    }
    if (state.folderId && !state.folders.some((f) => f.id === state.folderId)) state.folderId = null;
    folders.render(state.folders, state.folderId);
    heading.textContent = state.folders.find((f) => f.id === state.folderId)?.name || 'All files';
  }

  /**
   * Loads the first (or next) page of the grid.
   * @param {boolean} reset Start over.
   */
  async function load(reset) {
    const token = ++state.loadToken;
    if (reset) state.cursor = null;
    heading.textContent = state.folders.find((f) => f.id === state.folderId)?.name || 'All files';
    renderTagFilter();
    const q = new URLSearchParams({ limit: '60' });
    if (state.folderId) q.set('folder_id', String(state.folderId));
    if (state.q) q.set('q', state.q);
    if (state.tag) q.set('tag', state.tag);
    if (state.cursor) q.set('cursor', state.cursor);
    if (reset) status.replaceChildren(el('div', { class: 'loading' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading files…'));
    try {
      const page = await ctx.api('GET', `/api/v1/assets?${q}`);
      if (token !== state.loadToken || ctx.signal.aborted) return;
      const cards = (page?.assets || []).map((/** @type {any} */ a) => assetCard(a, {
        onOpen: edit,
        onTag: (tag) => {
          state.tag = tag;
          syncUrl();
          load(true);
        },
        draggable: canManage,
      }));
      if (reset) grid.replaceChildren(...cards);
      else grid.append(...cards);
      state.cursor = page?.next_cursor || null;
      more.hidden = !state.cursor;
      if (grid.children.length) status.replaceChildren();
      else if (state.q || state.tag) status.replaceChildren(panelMessage('No files match', 'Try another word or clear the tag filter.'));
      else status.replaceChildren(panelMessage(state.folderId ? 'This folder is empty' : 'No files yet',
        canManage ? 'Drop pictures or videos above to add them.' : 'Files your team uploads appear here.'));
    } catch (e) {
      if (token === state.loadToken) status.replaceChildren(panelMessage('Files could not be loaded', errorText(e), true));
    }
  }

  let timer = 0;
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      state.q = search.value.trim();
      syncUrl();
      load(true);
    }, 250);
  });
  more.addEventListener('click', () => load(false));

  await loadFolders();
  await load(true);
  return () => window.clearTimeout(timer);
}
