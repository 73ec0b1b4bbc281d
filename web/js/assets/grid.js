// Thumbnail cards of the asset grid (library and picker).
import { el } from '../ui.js';
import { ASSET_DRAG } from './folders.js';
import { assetMeta, thumb } from './format.js';

/**
 * One card: thumbnail, name, type/size and tags.
 * @param {any} asset Asset JSON.
 * @param {{onOpen: (asset: any) => void, onTag?: (tag: string) => void, draggable?: boolean, selectable?: boolean, selected?: boolean}} options
 *   Selectable cards (the picker) toggle aria-pressed instead of opening the editor.
 * @returns {HTMLElement}
 */
export function assetCard(asset, { onOpen, onTag, draggable = false, selectable = false, selected = false }) {
  const label = selectable ? `Select ${asset.name}` : `Edit ${asset.name}`;
  const button = el('button', { class: 'asset-open', type: 'button', 'aria-label': label,
    'aria-pressed': selectable ? String(selected) : undefined }, thumb(asset, 'asset-thumb'),
  selectable ? el('span', { class: 'asset-check', 'aria-hidden': 'true' }, '✓') : null);
  button.addEventListener('click', () => onOpen(asset));
  const tags = el('span', { class: 'asset-tags' }, ...(asset.tags || []).slice(0, 4).map((/** @type {string} */ t) => {
    if (!onTag) return el('span', { class: 'tag' }, t);
    const chip = el('button', { class: 'tag tag--button', type: 'button', title: `Show files tagged ${t}` }, t);
    chip.addEventListener('click', () => onTag(t));
    return chip;
  }));
  const card = el('li', { class: 'asset-card', 'data-id': String(asset.id), title: asset.description || undefined },
    button,
    el('span', { class: 'asset-info' }, el('span', { class: 'asset-name' }, asset.name), el('span', { class: 'asset-meta' }, assetMeta(asset)), tags));
  if (draggable) {
    card.setAttribute('draggable', 'true');
    card.addEventListener('dragstart', (event) => {
      event.dataTransfer?.setData(ASSET_DRAG, String(asset.id));
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    });
  }
  return card;
}
