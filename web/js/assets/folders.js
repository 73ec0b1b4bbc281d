// The folder tree of the asset library: pick a folder, create, rename, move and delete (empty) folders,
// and drop a thumbnail on a folder to move the file there.
import { el, toast } from '../ui.js';
import { confirmDialog, errorText, field, formDialog } from './dialog.js';

/** Drag data type of a thumbnail being moved. */
export const ASSET_DRAG = 'application/x-parley-asset';

/**
 * Folders in tree order with their depth.
 * @param {any[]} folders Flat list from the API.
 * @returns {{folder: any, depth: number}[]}
 */
export function treeOrder(folders) {
  /** @type {Map<number|null, any[]>} */
  const kids = new Map();
  for (const f of folders) {
    const key = f.parent_id ?? null;
    if (!kids.has(key)) kids.set(key, []);
    kids.get(key)?.push(f);
  }
  /** @type {{folder: any, depth: number}[]} */
  const out = [];
  const seen = new Set();
  /** @param {number|null} parent @param {number} depth */
  const walk = (parent, depth) => {
    for (const f of (kids.get(parent) || []).sort((a, b) => a.name.localeCompare(b.name))) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      out.push({ folder: f, depth });
      walk(f.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/**
 * A <select> of folders (indented by depth).
 * @param {string} id Element id.
 * @param {any[]} folders Folders.
 * @param {number|null} selected Selected id.
 * @param {{rootLabel: string, exclude?: Set<number>}} options
 * @returns {HTMLSelectElement}
 */
export function folderSelect(id, folders, selected, { rootLabel, exclude = new Set() }) {
  const select = /** @type {HTMLSelectElement} */ (el('select', { class: 'input', id }, el('option', { value: '' }, rootLabel)));
  for (const { folder, depth } of treeOrder(folders)) {
    if (exclude.has(folder.id)) continue;
    select.append(el('option', { value: String(folder.id) }, `${'\u2003'.repeat(depth)}${folder.name}`));
  }
  select.value = selected ? String(selected) : '';
  return select;
}

/**
 * Creates the folder pane.
 * @param {{api: Function, canManage: boolean, onSelect: (id: number|null) => void, onChanged: () => Promise<void>, onDropAsset: (assetId: number, folderId: number|null) => void}} options
 * @returns {{el: HTMLElement, render: (folders: any[], selected: number|null) => void}}
 */
export function createFolders({ api, canManage, onSelect, onChanged, onDropAsset }) {
  let folders = /** @type {any[]} */ ([]);
  /** @type {number|null} */
  let selected = null;
  const toggle = el('button', { class: 'button button--small folder-toggle', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'folder-body' });
  const tree = el('ul', { class: 'folder-tree' });
  const add = el('button', { class: 'button button--small', type: 'button', id: 'folder-new' }, 'New folder');
  const rename = el('button', { class: 'button button--small button--ghost', type: 'button', id: 'folder-rename' }, 'Rename');
  const move = el('button', { class: 'button button--small button--ghost', type: 'button', id: 'folder-move' }, 'Move');
  const remove = el('button', { class: 'button button--small button--ghost', type: 'button', id: 'folder-delete' }, 'Delete');
  const actions = el('div', { class: 'folder-actions', hidden: !canManage }, add, rename, move, remove);
  const body = el('div', { class: 'folder-body', id: 'folder-body' }, tree, actions);
  const pane = el('nav', { class: 'folder-pane card', 'aria-label': 'Folders' }, toggle, body);

  toggle.addEventListener('click', () => {
    const open = !pane.classList.contains('is-open');
    pane.classList.toggle('is-open', open);
    toggle.setAttribute('aria-expanded', String(open));
  });

  /**
   * One tree row (a button that is also a drop target).
   * @param {any|null} folder Folder, or null for "All files".
   * @returns {HTMLElement}
   */
  function item(folder) {
    const id = folder ? folder.id : null;
    const button = el('button', { class: 'folder-item', type: 'button', 'data-folder': id === null ? '' : String(id),
      'aria-current': selected === id ? 'true' : undefined }, el('span', { class: 'folder-icon', 'aria-hidden': 'true' }, id === null ? '▦' : '▸'),
    el('span', { class: 'folder-name' }, folder ? folder.name : 'All files'));
    button.addEventListener('click', () => {
      pane.classList.remove('is-open');
      toggle.setAttribute('aria-expanded', 'false');
      onSelect(id);
    });
    if (canManage) {
      button.addEventListener('dragover', (event) => {
        if (!event.dataTransfer?.types.includes(ASSET_DRAG)) return;
        event.preventDefault();
        button.classList.add('is-drop');
      });
      button.addEventListener('dragleave', () => button.classList.remove('is-drop'));
      button.addEventListener('drop', (event) => {
        button.classList.remove('is-drop');
        const assetId = Number(event.dataTransfer?.getData(ASSET_DRAG));
        if (!assetId) return;
        event.preventDefault();
        onDropAsset(assetId, id);
      });
    }
    return button;
  }

  /**
   * Builds the nested list under a parent.
   * @param {number|null} parent Parent id.
   * @param {Set<number>} seen Guards against a cycle in bad data.
   * @returns {HTMLElement[]}
   */
  function branch(parent, seen) {
    return folders.filter((f) => (f.parent_id ?? null) === parent && !seen.has(f.id))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((f) => {
        seen.add(f.id);
        const kids = branch(f.id, seen);
        return el('li', {}, item(f), kids.length ? el('ul', {}, ...kids) : null);
      });
  }

  /** @returns {any|undefined} */
  const current = () => folders.find((f) => f.id === selected);

  /**
   * Descendants of a folder, itself included (it cannot move into them).
   * @param {number} id Folder id.
   * @returns {Set<number>}
   */
  function family(id) {
    const out = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const f of folders) if (f.parent_id && out.has(f.parent_id) && !out.has(f.id)) { out.add(f.id); grew = true; }
    }
    return out;
  }

  add.addEventListener('click', async () => {
    const name = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'folder-name', maxlength: '80', autocomplete: 'off', required: true }));
    const parent = folderSelect('folder-parent', folders, selected, { rootLabel: 'Top level' });
    const created = await formDialog('New folder', {
      fields: [field('folder-name', 'Name', name), field('folder-parent', 'Inside', parent)],
      submitLabel: 'Create folder',
      onSubmit: async () => {
        if (!name.value.trim()) throw new Error('Give the folder a name.');
        const body = { name: name.value.trim(), parent_id: parent.value ? Number(parent.value) : undefined };
        return (await api('POST', '/api/v1/asset-folders', body))?.folder;
      },
    });
    if (created) {
      await onChanged();
      onSelect(created.id);
    }
  });

  rename.addEventListener('click', async () => {
    const folder = current();
    if (!folder) return;
    const name = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'folder-rename-name', maxlength: '80', autocomplete: 'off' }));
    name.value = folder.name;
    const done = await formDialog('Rename folder', {
      fields: [field('folder-rename-name', 'Name', name)],
      submitLabel: 'Rename',
      onSubmit: () => api('PATCH', `/api/v1/asset-folders/${folder.id}`, { name: name.value.trim() }),
    });
    if (done) await onChanged();
  });

  move.addEventListener('click', async () => {
    const folder = current();
    if (!folder) return;
    const parent = folderSelect('folder-move-parent', folders, folder.parent_id ?? null, { rootLabel: 'Top level', exclude: family(folder.id) });
    const done = await formDialog(`Move “${folder.name}”`, {
      fields: [field('folder-move-parent', 'Move into', parent)],
      submitLabel: 'Move',
      onSubmit: () => api('PATCH', `/api/v1/asset-folders/${folder.id}`, parent.value ? { parent_id: Number(parent.value) } : { move_to_root: true }),
    });
    if (done) await onChanged();
  });

  remove.addEventListener('click', async () => {
    const folder = current();
    if (!folder) return;
    const ok = await confirmDialog(`Delete “${folder.name}”?`, 'Only empty folders can be deleted. Files elsewhere are not affected.',
      { confirmLabel: 'Delete folder', danger: true });
    if (!ok) return;
    try {
      await api('DELETE', `/api/v1/asset-folders/${folder.id}`);
      toast(`Folder “${folder.name}” deleted.`);
      onSelect(folder.parent_id ?? null);
      await onChanged();
    } catch (e) {
      toast(errorText(e));
    }
  });

  return {
    el: pane,
    render(list, sel) {
      folders = list;
      selected = sel;
      tree.replaceChildren(el('li', {}, item(null)), ...branch(null, new Set()));
      const f = current();
      toggle.textContent = `Folder: ${f ? f.name : 'All files'}`;
      for (const b of [rename, move, remove]) b.hidden = !f;
    },
  };
}
