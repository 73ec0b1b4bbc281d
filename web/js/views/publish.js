// Publish: posts for connected pages and accounts. For now an empty state.
import { emptyState, viewHeader } from '../ui.js';

/**
 * Shows the publishing view in `el`.
 * @param {HTMLElement} el The view container.
 * @param {object} ctx The app context (unused until posts arrive).
 */
export function mount(el, ctx) {
  el.append(
    viewHeader('Publish', 'Plan, schedule and publish posts to your connected pages.'),
    emptyState({
      section: 'publish',
      title: 'No posts yet',
      text: 'Once a channel is connected you can write a post here and publish it now or schedule it for later.',
      action: { label: 'Connect a channel', href: '/settings#channels' },
    }),
  );
  void ctx;
}
