// Inbox keyboard shortcuts: j / k to move, r reply, e resolve, a assign, / search, ? help, Escape closes the side panel.

/**
 * Whether a key event comes from a place where typing is expected.
 * @param {KeyboardEvent} event Key event.
 * @returns {boolean}
 */
function isTyping(event) {
  const target = /** @type {HTMLElement} */ (event.target);
  return !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || !!target.closest?.('dialog[open]'));
}

/**
 * @typedef {object} ShortcutTargets
 * @property {HTMLElement} root The inbox element (has `side-open` while the side panel shows).
 * @property {HTMLElement} side The side panel.
 * @property {any} list The conversation list (neighbour).
 * @property {any} thread The thread pane (focusReply, resolveToggle, current).
 * @property {any} details The details section (focusAssign).
 * @property {any} filters The filters (search).
 * @property {HTMLDialogElement} shortcuts The keyboard-shortcuts dialog.
 * @property {(id: number) => void} select Opens a conversation.
 * @property {() => void} toggleSide Shows or hides the side panel.
 */

/**
 * Creates the keydown handler for the inbox shortcuts (ignored while typing).
 * @param {any} store Shared state (selectedId).
 * @param {ShortcutTargets} targets What the shortcuts act on.
 * @returns {(event: KeyboardEvent) => void}
 */
export function inboxShortcuts(store, targets) {
  const { root, side, list, thread, details, filters, shortcuts } = targets;
  return (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
    const key = event.key;
    if (key === 'j' || key === 'k') {
      const next = list.neighbour(key === 'j' ? 1 : -1);
      if (next !== null && next !== store.selectedId) targets.select(next);
    } else if (key === 'r') thread.focusReply();
    else if (key === 'e') thread.resolveToggle();
    else if (key === 'a') {
      if (!thread.current()) return;
      if (getComputedStyle(side).display === 'none' || !side.offsetParent) targets.toggleSide();
      details.focusAssign();
    } else if (key === '/') filters.search.focus();
    else if (key === '?') shortcuts.showModal();
    else if (key === 'Escape' && root.classList.contains('side-open')) targets.toggleSide();
    else return;
    event.preventDefault();
  };
}
