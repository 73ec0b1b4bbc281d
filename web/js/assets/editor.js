// The details dialog of one asset: preview, name, tags, description, folder, and delete with a confirm.
import { el, toast } from '../ui.js';
import { confirmDialog, errorText, field, modal } from './dialog.js';
import { folderSelect } from './folders.js';
import { assetMeta, fileUrl, formatDateTime, thumb } from './format.js';

/**
 * Splits "a, b ,c" into tags.
 * @param {string} text Comma-separated tags.
 * @returns {string[]}
 */
export function parseTags(text) {
  return [...new Set(text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];
}

/**
 * Opens the editor.
 * @param {any} asset Asset JSON.
 * @param {{api: Function, folders: any[], canManage: boolean}} options
 * @returns {Promise<{saved?: any, deleted?: boolean}|null>}
 */
export function openAssetEditor(asset, { api, folders, canManage }) {
  return new Promise((resolve) => {
    /** @type {{saved?: any, deleted?: boolean}|null} */
    let outcome = null;
    const name = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'asset-name', maxlength: '200', autocomplete: 'off' }));
    const tags = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'asset-tags', autocomplete: 'off', placeholder: 'brunch, summer, terrace' }));
    const description = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'input', id: 'asset-description', rows: '3', maxlength: '2000' }));
    const folder = folderSelect('asset-folder', folders, asset.folder_id ?? null, { rootLabel: 'No folder' });
    name.value = asset.name;
    tags.value = (asset.tags || []).join(', ');
    description.value = asset.description || '';
    for (const c of [name, tags, description, folder]) c.disabled = !canManage;

    const error = el('div', { class: 'alert', role: 'alert' });
    const save = el('button', { class: 'button button--primary', type: 'submit', hidden: !canManage }, 'Save');
    const del = el('button', { class: 'button button--danger-ghost', type: 'button', hidden: !canManage }, 'Delete file');
    const form = el('form', { class: 'asset-editor', novalidate: true },
      el('div', { class: 'asset-editor-preview' }, thumb(asset, 'asset-editor-thumb'),
        el('p', { class: 'asset-editor-meta' }, assetMeta(asset)),
        el('p', { class: 'muted' }, `Uploaded ${formatDateTime(asset.created_at)}`),
        el('a', { href: fileUrl(asset.id), target: '_blank', rel: 'noopener' }, 'Open the original')),
      el('div', { class: 'asset-editor-fields' }, error,
        field('asset-name', 'Name', name),
        field('asset-tags', 'Tags', tags, 'Separate tags with commas.'),
        field('asset-description', 'Description', description, 'Notes for your team, e.g. where and when it was taken.'),
        field('asset-folder', 'Folder', folder),
        el('div', { class: 'pdialog-actions pdialog-actions--split' }, del, save)));
    const d = modal(canManage ? 'Edit file' : 'File details', { wide: true }, form);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      save.setAttribute('disabled', '');
      try {
        /** @type {Record<string, unknown>} */
        const body = { name: name.value.trim(), tags: parseTags(tags.value), description: description.value };
        if (folder.value) body.folder_id = Number(folder.value);
        else body.move_to_root = true;
        const answer = await api('PATCH', `/api/v1/assets/${asset.id}`, body);
        outcome = { saved: answer?.asset };
        toast('File details saved.');
        d.close();
      } catch (e) {
        error.textContent = errorText(e);
      } finally {
        save.removeAttribute('disabled');
      }
    });
    del.addEventListener('click', async () => {
      const ok = await confirmDialog(`Delete “${asset.name}”?`, 'The file is removed from the library for everyone. Posts that use it must drop it first.',
        { confirmLabel: 'Delete file', danger: true });
      if (!ok) return;
      try {
        await api('DELETE', `/api/v1/assets/${asset.id}`);
        outcome = { deleted: true };
        toast(`“${asset.name}” deleted.`);
        d.close();
      } catch (e) {
        error.textContent = errorText(e);
      }
    });
    d.node.addEventListener('close', () => resolve(outcome));
    if (canManage) name.focus();
  });
}
