// The thread's header (contact, channel, Simulate / Snooze / Resolve / Details) and the 24-hour window banner.
import { el } from '../ui.js';
import { channelIcon, contactName, initials, kindName, tintClass } from './format.js';
import { windowNotice } from './messages.js';
import { snoozeMenu } from './snooze.js';

/**
 * @typedef {object} HeaderHandlers
 * @property {(changes: Record<string, unknown>) => Promise<boolean>} onPatch Changes the conversation (snooze, pending).
 * @property {() => void} onResolve Resolve / Reopen was clicked.
 * @property {() => void} onBack Back to the list (phone width).
 * @property {() => void} onToggleDetails Shows or hides the side panel.
 * @property {() => void} onSimulate Simulate was clicked.
 * @property {() => void} onTemplate "Send a template" was clicked.
 */

/**
 * Creates the thread header and the window banner below it.
 * @param {any} store Shared state (ctx, refs).
 * @param {boolean} canSend Whether the user may reply and change conversations.
 * @param {HeaderHandlers} handlers Callbacks.
 * @returns {{header: HTMLElement, banner: HTMLElement, render: (item: any) => void, setDetailsOpen: (open: boolean) => void}}
 */
export function createThreadHeader(store, canSend, handlers) {
  const { ctx } = store;
  const back = el('button', { class: 'button button--small button--ghost thread-back', type: 'button', 'aria-label': 'Back to conversations' }, '← Back');
  const avatar = el('span', { class: 'inbox-avatar', 'aria-hidden': 'true' });
  const title = el('h2', { class: 'thread-title', id: 'thread-title', tabindex: '-1' });
  const where = el('div', { class: 'thread-where' });
  const statusButton = el('button', { class: 'button button--small button--primary thread-resolve', type: 'button', disabled: !canSend }, 'Resolve');
  const snooze = snoozeMenu((changes) => handlers.onPatch(changes), !canSend);
  const simulate = el('button', { class: 'button button--small thread-simulate', type: 'button', hidden: true, 'aria-label': 'Simulate a customer message' }, 'Simulate');
  const details = el('button', { class: 'button button--small thread-details', type: 'button', 'aria-controls': 'inbox-side', 'aria-expanded': 'false' }, 'Details');
  const header = el('header', { class: 'thread-header' },
    back, avatar, el('div', { class: 'thread-heading' }, title, where),
    el('div', { class: 'thread-actions' }, simulate, snooze.el, statusButton, details));
  const banner = el('div', { class: 'window-banner', role: 'note', hidden: true });
  const bannerText = el('span', { class: 'window-banner-text' });
  const templateButton = el('button', { class: 'button button--small window-template', type: 'button', hidden: true }, 'Send a template');
  banner.append(bannerText, templateButton);

  back.addEventListener('click', () => handlers.onBack());
  details.addEventListener('click', () => handlers.onToggleDetails());
  simulate.addEventListener('click', () => handlers.onSimulate());
  statusButton.addEventListener('click', () => handlers.onResolve());
  templateButton.addEventListener('click', () => handlers.onTemplate());

  return {
    header,
    banner,
    /**
     * Fills the header and banner from the conversation.
     * @param {any} item The open conversation.
     */
    render(item) {
      const name = contactName(item.contact);
      avatar.className = `inbox-avatar ${tintClass(name)}`;
      avatar.textContent = initials(name);
      title.textContent = name;
      const channel = item.channel || {};
      const sandbox = store.refs.channelById.get(channel.id);
      where.replaceChildren(channelIcon(channel.kind), el('span', {},
        [kindName(channel.kind), channel.name, channel.location].filter(Boolean).join(' · ')));
      if (channel.sandbox) where.append(el('span', { class: 'chip chip--demo', title: 'Demo sandbox channel' }, 'demo'));
      const resolved = item.status === 'resolved';
      statusButton.textContent = resolved ? 'Reopen' : 'Resolve';
      statusButton.classList.toggle('button--primary', !resolved);
      snooze.setStatus(item.status, item.snoozed_until);
      simulate.hidden = !(sandbox?.sandbox && ctx.can('manage_channels'));
      const notice = windowNotice(item);
      bannerText.textContent = notice || '';
      banner.hidden = !notice;
      // Outside WhatsApp's 24-hour window only an approved template reaches the customer.
      templateButton.hidden = !(notice && channel.kind === 'whatsapp' && canSend);
    },
    /**
     * Marks the Details button as expanded or not.
     * @param {boolean} open Whether the side panel shows.
     */
    setDetailsOpen(open) {
      details.setAttribute('aria-expanded', open ? 'true' : 'false');
    },
  };
}
