// The composer's attachments: up to 10 pictures or one video from the asset library, reordered and removed in place.
import { el } from '../ui.js';
import { mediaKind, thumb } from '../assets/format.js';
import { openAssetPicker } from '../assets/picker.js';
import { MAX_IMAGES } from './rules.js';

/**
 * Creates the strip.
 * @param {(assets: any[]) => void} onChange Called after every change.
 * @returns {{el: HTMLElement, get: () => any[], set: (assets: any[]) => void}}
 */
export function createMediaStrip(onChange) {
  /** @type {any[]} */
  let assets = [];
  const list = el('ol', { class: 'media-strip', 'aria-label': 'Attached files in order' });
  const note = el('p', { class: 'media-note', 'aria-live': 'polite' });
  const add = el('button', { class: 'button button--small', type: 'button', id: 'compose-add-media' }, '+ Add from library');
  const root = el('div', { class: 'compose-media' },
    el('div', { class: 'label-row' }, el('span', { class: 'compose-label' }, 'Pictures and video'),
      el('span', { class: 'optional' }, `Up to ${MAX_IMAGES} pictures, or one video`)),
    list, el('div', { class: 'media-tools' }, add, note));

  /**
   * A small icon button.
   * @param {string} text Symbol.
   * @param {string} label Accessible name.
   * @param {() => void} action Click.
   * @param {boolean} [disabled] Disabled.
   * @returns {HTMLElement}
   */
  function tool(text, label, action, disabled = false) {
    const b = el('button', { class: 'media-tool', type: 'button', 'aria-label': label, title: label, disabled }, text);
    b.addEventListener('click', action);
    return b;
  }

  function render() {
    list.replaceChildren(...assets.map((a, i) => el('li', { class: 'media-item', 'data-id': String(a.id) },
      thumb(a, 'media-thumb'),
      el('span', { class: 'media-pos' }, String(i + 1)),
      el('span', { class: 'media-tools-row' },
        tool('←', `Move ${a.name} earlier`, () => move(i, -1), i === 0),
        tool('→', `Move ${a.name} later`, () => move(i, 1), i === assets.length - 1),
        tool('×', `Remove ${a.name}`, () => { assets.splice(i, 1); changed(); })))));
    const video = assets.some((a) => mediaKind(a) === 'video');
    add.toggleAttribute('disabled', video || assets.length >= MAX_IMAGES);
    list.hidden = !assets.length;
  }

  /**
   * @param {number} i Index.
   * @param {number} by -1 or +1.
   */
  function move(i, by) {
    const j = i + by;
    if (j < 0 || j >= assets.length) return;
    [assets[i], assets[j]] = [assets[j], assets[i]];
    changed();
    /** @type {HTMLElement|null} */ (list.children[j]?.querySelector(by < 0 ? '.media-tool' : '.media-tool:nth-child(2)'))?.focus();
  }

  function changed() {
    render();
    onChange(assets);
  }

  add.addEventListener('click', async () => {
    note.textContent = '';
    const picked = await openAssetPicker({ multiple: true, accept: 'image/*,video/*', max: MAX_IMAGES - assets.length, title: 'Attach files' });
    const fresh = picked.filter((a) => !assets.some((b) => b.id === a.id));
    if (!fresh.length) return;
    const next = [...assets, ...fresh];
    const videos = next.filter((a) => mediaKind(a) === 'video');
    if (videos.length && next.length > 1) {
      note.textContent = 'A post holds up to 10 pictures, or one video on its own. Keep one kind.';
      if (!assets.length && videos.length === 1 && fresh.length === 1) assets = next;
      else assets = [...assets, ...fresh.filter((a) => mediaKind(a) === 'image')].filter((a) => mediaKind(a) === 'image').slice(0, MAX_IMAGES);
    } else {
      assets = next.slice(0, MAX_IMAGES);
      if (next.length > MAX_IMAGES) note.textContent = `Only the first ${MAX_IMAGES} pictures were kept.`;
    }
    changed();
  });

  render();
  return {
    el: root,
    get: () => assets,
    set(list2) {
      assets = [...list2];
      note.textContent = '';
      render();
    },
  };
}
