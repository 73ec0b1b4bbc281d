// Assets: the shared media library. For now an empty state.
import { emptyState, viewHeader } from '../ui.js';

/**
 * Shows the asset library in `el`.
 * @param {HTMLElement} el The view container.
 * @param {object} ctx The app context (unused until uploads arrive).
 */
export function mount(el, ctx) {
  el.append(
    viewHeader('Assets', 'Images and videos your team reuses in replies and posts.'),
    emptyState({
      section: 'assets',
      title: 'No assets yet',
      text: 'Uploaded images and videos will appear here, organised in folders and tags.',
    }),
  );
  void ctx;
}
