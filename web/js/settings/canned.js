// Settings → Canned replies: saved answers agents insert by typing "/" and the shortcut.
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
    title: 'Canned replies',
    intro: 'Saved answers. In the reply box, type “/” and the shortcut to insert one.',
    noun: 'canned reply',
    path: '/api/v1/canned-responses',
    key: 'canned_responses',
    listID: 'canned-list',
    empty: { title: 'No canned replies yet', text: 'Save answers you send often, like your opening hours.' },
    name: (c) => `/${c.shortcut}`,
    row: (c) => [el('div', { class: 'cell-title mono' }, `/${c.shortcut}`), el('div', { class: 'muted cell-sub clamp' }, c.text)],
    form: (c) => {
      const shortcut = input({ maxlength: '40', value: c?.shortcut || '', required: true, placeholder: 'hours' });
      const text = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'input', rows: '5', maxlength: '2000', required: true }));
      text.value = c?.text || '';
      return {
        fields: [field('shortcut', 'Shortcut', shortcut, 'Letters, digits and dashes; typed after “/”.'), field('text', 'Reply text', text)],
        read: () => ({ shortcut: shortcut.value.trim().replace(/^\//, ''), text: text.value.trim() }),
        check: (form) => {
          const hasShortcut = required(form, 'shortcut', shortcut, 'Choose a shortcut.');
          return required(form, 'text', text, 'Write the reply.') && hasShortcut;
        },
      };
    },
  });
}
