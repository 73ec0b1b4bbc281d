// Settings → Locations: branches or shops; channels can belong to one.
import { el } from '../ui.js';
import { field, input } from './common.js';
import { renderList, required } from './lists.js';

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export function render(panel, ctx) {
  return renderList(panel, ctx, {
    title: 'Locations',
    intro: 'Branches or shops of the business. Put each channel in the location it answers for.',
    noun: 'location',
    path: '/api/v1/locations',
    key: 'locations',
    listID: 'locations-list',
    empty: { title: 'No locations yet', text: 'Add your first branch, for example “Downtown”.' },
    name: (l) => l.name,
    deleteText: 'Its channels stay connected, without a location.',
    row: (l) => [el('div', { class: 'cell-title' }, l.name),
      el('div', { class: 'muted cell-sub' }, [l.address, `${l.channel_count || 0} channel${l.channel_count === 1 ? '' : 's'}`].filter(Boolean).join(' · '))],
    form: (l) => {
      const name = input({ maxlength: '100', value: l?.name || '', required: true });
      const address = input({ maxlength: '300', value: l?.address || '' });
      return {
        fields: [field('name', 'Name', name), field('address', 'Address', address, 'Optional.')],
        read: () => ({ name: name.value.trim(), address: address.value.trim() }),
        check: (form) => required(form, 'name', name, 'Give the location a name.'),
      };
    },
  });
}
