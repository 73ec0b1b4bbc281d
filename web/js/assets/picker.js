// A modal asset picker over the library grid, for the post composer (and later the inbox):
// `openAssetPicker({multiple, accept})` resolves with the chosen assets, or [] when cancelled.
import { api } from '../api.js';
import { el } from '../ui.js';
import { errorText, modal } from './dialog.js';
import { folderSelect } from './folders.js';
import { accepts } from './format.js';
import { assetCard } from './grid.js';
import { createUploader } from './queue.js';

/**
 * Opens the picker.
 * @param {{multiple?: boolean, accept?: string, max?: number, title?: string}} [options]
 *   accept: media types like "image/*,video/mp4" (others are hidden); max: most assets at once.
 * @returns {Promise<any[]>} Chosen assets in the order they were picked.
 */
export function openAssetPicker({ multiple = true, accept = 'image/*,video/*', max = Infinity, title } = {}) {
  return new Promise((resolve) => {
    /** @type {Map<number, any>} */
    const chosen = new Map();
    /** @type {any[]} */
    let result = [];
    /** @type {string|null} */
    let cursor = null;
    let loadToken = 0;

    const search = /** @type {HTMLInputElement} */ (el('input', { class: 'input input--small', id: 'picker-search', type: 'search',
      placeholder: 'Search by name or tag', 'aria-label': 'Search files', autocomplete: 'off' }));
    const folder = folderSelect('picker-folder', [], null, { rootLabel: 'All folders' });
    folder.classList.add('input--small');
    folder.setAttribute('aria-label', 'Folder');
    const grid = el('ul', { class: 'asset-grid asset-grid--picker' });
    const status = el('p', { class: 'picker-status muted', 'aria-live': 'polite' });
    const more = el('button', { class: 'button button--small picker-more', type: 'button', hidden: true }, 'Load more');
    const count = el('span', { class: 'picker-count muted' });
    const add = el('button', { class: 'button button--primary', type: 'button', id: 'picker-add', disabled: true }, 'Add');
    const cancel = el('button', { class: 'button', type: 'button' }, 'Cancel');
    const uploader = createUploader({
      compact: true,
      folderId: () => (folder.value ? Number(folder.value) : null),
      onUploaded: (asset) => {
        if (!accepts(asset, accept)) return;
        grid.querySelector(`[data-id="${asset.id}"]`)?.remove();
        grid.prepend(card(asset));
        status.textContent = '';
        toggle(asset, true);
      },
    });
    const d = modal(title || (multiple ? 'Choose files' : 'Choose a file'), { wide: true, className: 'picker' },
      el('div', { class: 'picker-tools' }, search, folder),
      uploader.el,
      el('div', { class: 'picker-scroll' }, grid, status, more),
      el('div', { class: 'pdialog-actions picker-foot' }, count, cancel, add));

    /**
     * @param {any} asset Asset.
     * @returns {HTMLElement}
     */
    function card(asset) {
      return assetCard(asset, { selectable: true, selected: chosen.has(asset.id), onOpen: (a) => toggle(a, !chosen.has(a.id)) });
    }

    /**
     * Selects or unselects an asset.
     * @param {any} asset Asset.
     * @param {boolean} on Select.
     */
    function toggle(asset, on) {
      if (on && !multiple) chosen.clear();
      if (on && chosen.size >= max && !chosen.has(asset.id)) {
        status.textContent = `You can add at most ${max} here.`;
        return;
      }
      if (on) chosen.set(asset.id, asset);
      else chosen.delete(asset.id);
      for (const b of grid.querySelectorAll('.asset-card')) {
        b.querySelector('.asset-open')?.setAttribute('aria-pressed', String(chosen.has(Number(b.getAttribute('data-id')))));
      }
      count.textContent = chosen.size ? `${chosen.size} selected` : '';
      add.toggleAttribute('disabled', chosen.size === 0);
    }

    /**
     * Loads a page of assets.
     * @param {boolean} reset Start over (new search or folder).
     */
    async function load(reset) {
      const token = ++loadToken;
      if (reset) cursor = null;
      const q = new URLSearchParams({ limit: '60' });
      if (search.value.trim()) q.set('q', search.value.trim());
      if (folder.value) q.set('folder_id', folder.value);
      if (cursor) q.set('cursor', cursor);
      status.textContent = 'Loading…';
      try {
        const page = await api('GET', `/api/v1/assets?${q}`);
        if (token !== loadToken) return;
        const items = (page?.assets || []).filter((/** @type {any} */ a) => accepts(a, accept));
        if (reset) grid.replaceChildren();
        grid.append(...items.map(card));
        cursor = page?.next_cursor || null;
        more.hidden = !cursor;
        status.textContent = grid.children.length ? '' : (search.value.trim() ? 'No files match.' : 'No files here yet. Upload one above.');
      } catch (e) {
        if (token === loadToken) status.textContent = errorText(e);
      }
    }

    let timer = 0;
    search.addEventListener('input', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => load(true), 250);
    });
    folder.addEventListener('change', () => load(true));
    more.addEventListener('click', () => load(false));
    cancel.addEventListener('click', () => d.close());
    add.addEventListener('click', () => {
      result = [...chosen.values()];
      d.close();
    });
    d.node.addEventListener('close', () => resolve(result));

    api('GET', '/api/v1/asset-folders').then((answer) => {
      const fresh = folderSelect('picker-folder', answer?.folders || [], null, { rootLabel: 'All folders' });
      folder.replaceChildren(...fresh.children);
    }, () => {});
    load(true);
    search.focus();
  });
}
