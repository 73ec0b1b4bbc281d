// The upload zone: drag-and-drop or a file picker, then one row per file with its own progress and outcome.
import { el } from '../ui.js';
import { errorText } from './dialog.js';
import { formatBytes } from './format.js';
import { ACCEPT, uploadAsset } from './upload.js';

let seq = 0;

/**
 * Creates the drop zone and its queue.
 * @param {{folderId: () => (number|null), onUploaded: (asset: any, created: boolean) => void, onOpen?: (asset: any) => void, compact?: boolean}} options
 * @returns {{el: HTMLElement, add: (files: Iterable<File>) => void}}
 */
export function createUploader({ folderId, onUploaded, onOpen, compact = false }) {
  const id = `asset-file-${++seq}`;
  const input = /** @type {HTMLInputElement} */ (el('input', { type: 'file', id, class: 'visually-hidden asset-file-input', multiple: true, accept: ACCEPT }));
  const zone = el('div', { class: compact ? 'drop-zone drop-zone--compact' : 'drop-zone' },
    input,
    el('span', { class: 'drop-icon', 'aria-hidden': 'true' }, '⇪'),
    el('span', { class: 'drop-text' }, compact ? 'Drop files here or ' : 'Drag pictures and videos here, or ',
      el('label', { for: id, class: 'drop-pick' }, 'choose files')),
    compact ? null : el('span', { class: 'drop-hint' }, 'JPEG, PNG, GIF, WebP or MP4 · up to 50 MB each'));
  const list = el('ul', { class: 'upload-list', 'aria-live': 'polite' });
  const clear = el('button', { class: 'button button--small button--ghost upload-clear', type: 'button', hidden: true }, 'Clear finished');
  const root = el('div', { class: 'uploader' }, zone, list, clear);

  /** @type {{file: File, row: HTMLElement, bar: HTMLProgressElement, status: HTMLElement}[]} */
  const waiting = [];
  let running = 0;

  input.addEventListener('change', () => {
    add(input.files ? [...input.files] : []);
    input.value = '';
  });
  for (const name of ['dragenter', 'dragover']) {
    zone.addEventListener(name, (event) => {
      const e = /** @type {DragEvent} */ (event);
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      zone.classList.add('is-over');
    });
  }
  zone.addEventListener('dragleave', (event) => {
    if (!zone.contains(/** @type {Node|null} */ (event.relatedTarget))) zone.classList.remove('is-over');
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('is-over');
    add(event.dataTransfer?.files ? [...event.dataTransfer.files] : []);
  });
  clear.addEventListener('click', () => {
    for (const row of [...list.querySelectorAll('.upload-item.is-done, .upload-item.is-failed')]) row.remove();
    clear.hidden = true;
  });

  /**
   * Queues files; two upload at a time.
   * @param {Iterable<File>} files Files from the picker or a drop.
   */
  function add(files) {
    for (const file of files) {
      const bar = /** @type {HTMLProgressElement} */ (el('progress', { max: '100', value: '0', 'aria-label': `Upload progress of ${file.name}` }));
      const status = el('span', { class: 'upload-status' }, 'Waiting…');
      const row = el('li', { class: 'upload-item' },
        el('span', { class: 'upload-name' }, file.name), el('span', { class: 'upload-size' }, formatBytes(file.size)), bar, status);
      list.append(row);
      waiting.push({ file, row, bar, status });
    }
    pump();
  }

  function pump() {
    while (running < 2 && waiting.length) {
      const job = /** @type {(typeof waiting)[number]} */ (waiting.shift());
      running += 1;
      run(job).finally(() => {
        running -= 1;
        clear.hidden = !list.querySelector('.is-done, .is-failed');
        pump();
      });
    }
  }

  /**
   * Uploads one file and shows how it went.
   * @param {(typeof waiting)[number]} job Queued file.
   */
  async function run({ file, row, bar, status }) {
    row.classList.add('is-running');
    status.textContent = 'Uploading…';
    try {
      const { asset, created } = await uploadAsset(file, {
        folderId: folderId(),
        onProgress: (f) => {
          bar.value = Math.round(f * 100);
          status.textContent = f >= 1 ? 'Checking…' : `${Math.round(f * 100)}%`;
        },
      });
      bar.value = 100;
      row.classList.add('is-done', created ? 'is-new' : 'is-duplicate');
      status.textContent = created ? 'Uploaded' : `Already in the library as “${asset.name}”; no second copy was stored.`;
      if (onOpen) {
        const open = el('button', { class: 'text-button upload-open', type: 'button' }, created ? 'Add tags…' : 'Show it');
        open.addEventListener('click', () => onOpen(asset));
        status.append(' ', open);
      }
      onUploaded(asset, created);
    } catch (e) {
      row.classList.add('is-failed');
      bar.hidden = true;
      status.textContent = errorText(e);
      status.setAttribute('role', 'alert');
    } finally {
      row.classList.remove('is-running');
    }
  }

  return { el: root, add };
}
