// The contact section of the side panel: editable name, identities per channel, other conversations,
// and for settings managers the GDPR actions (export everything Parley holds on them; erase them for good).
import { ApiError } from '../api.js';
import { el, toast } from '../ui.js';
import { confirmAction } from '../settings/common.js';
import { channelIcon, contactName, initials, kindName, tintClass } from './format.js';

/**
 * Creates the contact section.
 * @param {any} store Shared state (ctx, refs).
 * @param {{onOpen: (id: number) => void, onRenamed: (contact: any) => void, onErased?: (contactId: number) => void}} handlers
 *   Callbacks; without `onErased` the page reloads after an erase.
 * @returns {{el: HTMLElement, show: (contactId: number, conversationId: number) => Promise<void>, identities: () => any[]}}
 */
export function createContact(store, handlers) {
  const { ctx } = store;
  const canEdit = ctx.can('send_messages');
  const avatar = el('span', { class: 'inbox-avatar inbox-avatar--large', 'aria-hidden': 'true' });
  const name = /** @type {HTMLInputElement} */ (el('input', { class: 'input input--small', id: 'contact-name', maxlength: '200', autocomplete: 'off', disabled: !canEdit }));
  const save = el('button', { class: 'button button--small', type: 'submit', disabled: !canEdit }, 'Save');
  const form = el('form', { class: 'contact-form', novalidate: true },
    el('label', { for: 'contact-name' }, 'Name'), el('div', { class: 'inline-form' }, name, save));
  const extra = el('dl', { class: 'contact-extra' });
  const identities = el('ul', { class: 'identity-list' });
  const others = el('ul', { class: 'other-list' });
  const canManage = ctx.can('manage_settings');
  // A plain same-origin link: the session cookie rides along and the browser saves the file itself.
  const exportLink = el('a', { class: 'button button--small', id: 'contact-export', download: '', hidden: true }, 'Export data');
  const erase = el('button', { class: 'button button--small button--danger-text', type: 'button', id: 'contact-erase', hidden: true }, 'Erase contact…');
  const privacy = canManage ? el('div', { class: 'contact-privacy' }, el('h4', {}, 'Privacy'), el('div', { class: 'inline-form' }, exportLink, erase)) : null;
  const root = el('section', { class: 'side-section', 'aria-labelledby': 'contact-title' },
    el('h3', { id: 'contact-title' }, 'Contact'),
    el('div', { class: 'contact-card' }, avatar, form),
    extra,
    el('h4', {}, 'Channels'), identities,
    el('h4', {}, 'Other conversations'), others,
    privacy);
  /** @type {any} */
  let details = null;
  let generation = 0;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!details) return;
    const value = name.value.trim();
    if (!value) {
      name.setAttribute('aria-invalid', 'true');
      return;
    }
    name.removeAttribute('aria-invalid');
    try {
      const data = await ctx.api('PATCH', `/api/v1/contacts/${details.contact.id}`, { name: value });
      details.contact = data.contact || { ...details.contact, name: value };
      render();
      handlers.onRenamed(details.contact);
      toast('Contact saved.');
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'The contact could not be saved.');
    }
  });

  erase.addEventListener('click', () => {
    if (!details) return;
    const id = Number(details.contact.id);
    const who = contactName(details.contact);
    const count = (details.conversations || []).length;
    confirmAction({
      title: `Erase ${who}?`,
      text: `This deletes ${who} and all their conversations (${count}) and messages for good. It cannot be undone. Export their data first if they asked for a copy.`,
      confirm: 'Erase for good',
      action: async () => {
        await ctx.api('DELETE', `/api/v1/contacts/${id}`);
        toast(`${who} was erased.`);
        details = null;
        if (handlers.onErased) handlers.onErased(id);
        else window.setTimeout(() => location.reload(), 600);
      },
    });
  });

  /**
   * Fills the section.
   * @param {number} [currentId] The open conversation.
   */
  function render(currentId = Number(root.getAttribute('data-conversation'))) {
    const display = contactName(details.contact);
    avatar.className = `inbox-avatar inbox-avatar--large ${tintClass(display)}`;
    avatar.textContent = initials(display);
    name.value = details.contact.name || '';
    name.placeholder = display;
    extra.replaceChildren();
    for (const [label, value] of [['E-mail', details.contact.email], ['Phone', details.contact.phone]]) {
      if (value) extra.append(el('dt', {}, label), el('dd', {}, value));
    }
    identities.replaceChildren(...(details.identities || []).map((/** @type {any} */ i) => el('li', {},
      channelIcon(i.kind),
      el('span', { class: 'identity-name' }, `${kindName(i.kind)} · ${i.channel_name}`),
      el('span', { class: 'identity-id mono', title: 'Id on this channel' }, i.external_id))));
    const list = (details.conversations || []).filter((/** @type {any} */ c) => Number(c.id) !== currentId);
    others.replaceChildren(...list.map((/** @type {any} */ c) => {
      const button = el('button', { class: 'link-button', type: 'button' }, `Conversation #${c.id}`);
      button.addEventListener('click', () => handlers.onOpen(Number(c.id)));
      return el('li', {}, button, el('span', { class: `chip chip--status chip--${c.status}` }, c.status));
    }));
    if (!list.length) others.append(el('li', { class: 'muted' }, 'None'));
    exportLink.setAttribute('href', `/api/v1/contacts/${encodeURIComponent(details.contact.id)}/export`);
    exportLink.hidden = false;
    erase.hidden = false;
  }

  return {
    el: root,
    /**
     * Loads and shows a contact.
     * @param {number} contactId Contact id.
     * @param {number} conversationId The open conversation (left out of "other conversations").
     */
    async show(contactId, conversationId) {
      const gen = ++generation;
      root.setAttribute('data-conversation', String(conversationId));
      try {
        const data = await ctx.api('GET', `/api/v1/contacts/${contactId}`);
        if (gen !== generation) return;
        details = data;
        render(conversationId);
      } catch (error) {
        if (gen !== generation) return;
        details = null;
        exportLink.hidden = true;
        erase.hidden = true;
        identities.replaceChildren(el('li', { class: 'muted' }, error instanceof ApiError ? error.message : 'Could not load the contact.'));
      }
    },
    /**
     * The contact's identities (for simulating a message from them).
     * @returns {any[]}
     */
    identities() {
      return details?.identities || [];
    },
  };
}
