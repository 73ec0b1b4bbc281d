// Inbox: conversations from every connected channel. For now an empty state that points to Settings.
import { emptyState, viewHeader } from '../ui.js';

/**
 * Shows the inbox in `el`.
 * @param {HTMLElement} el The view container.
 * @param {{can: (permission: string) => boolean}} ctx The app context.
 */
export function mount(el, ctx) {
  el.append(
    viewHeader('Inbox', 'Messages from your pages, accounts and numbers, in one place.'),
    emptyState({
      section: 'inbox',
      title: 'No conversations yet',
      text: 'Connect a channel in Settings and new messages will show up here.',
      action: { label: 'Connect a channel', href: '/settings#channels' },
    }),
  );
  void ctx;
}
