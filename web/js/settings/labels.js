// Settings → Labels: tags agents put on conversations.
import { el } from '../ui.js';
import { field, input } from './common.js';
import { renderList, required } from './lists.js';

/**
 * A colour swatch; the colour is set through CSSOM (allowed by the CSP, unlike a style attribute).
 * @param {string} color "#rrggbb".
 * @returns {HTMLElement}
 */
function swatch(color) {
  const node = el('span', { class: 'label-swatch', 'aria-hidden': 'true' });
  if (/^#[0-9a-fA-F]{6}$/.test(color || '')) node.style.backgroundColor = color;
  return node;
}

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export function render(panel, ctx) {
  return renderList(panel, ctx, {
    title: 'Labels',
    intro: 'Labels sort conversations, for example “vip” or “booking”.',
    noun: 'label',
    path: '/api/v1/labels',
    key: 'labels',
    listID: 'labels-list',
    empty: { title: 'No labels yet', text: 'Create labels here; agents add them to conversations from the inbox.' },
    name: (l) => l.name,
    deleteText: 'It is taken off every conversation.',
    row: (l) => [el('div', { class: 'cell-title label-title' }, swatch(l.color), l.name)],
    form: (l) => {
      const name = input({ maxlength: '40', value: l?.name || '', required: true });
      const color = input({ type: 'color', value: /^#[0-9a-fA-F]{6}$/.test(l?.color || '') ? l.color : '#6d66f0', class: 'input input--color' });
      return {
        fields: [field('name', 'Name', name), field('color', 'Colour', color)],
        read: () => ({ name: name.value.trim(), color: color.value }),
        check: (form) => required(form, 'name', name, 'Give the label a name.'),
      };
    },
  });
}
