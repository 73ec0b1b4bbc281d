// "Name is typing…": the line under the message log while another agent types in the open conversation.
import { el } from '../ui.js';

/**
 * Creates the typing line (hidden until someone types).
 * @returns {{el: HTMLElement, show: (name: string) => void}}
 */
export function createTyping() {
  const root = el('div', { class: 'thread-typing', 'aria-live': 'polite', hidden: true });
  let timer = 0;
  return {
    el: root,
    /**
     * Shows "Name is typing…" for a few seconds.
     * @param {string} name Who types (empty for "A teammate").
     */
    show(name) {
      root.textContent = `${name || 'A teammate'} is typing…`;
      root.hidden = false;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => { root.hidden = true; }, 5000);
    },
  };
}
