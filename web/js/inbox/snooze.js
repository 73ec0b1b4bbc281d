// The "Snooze until…" menu: a few presets, a date-time field, and "Mark as pending".
import { el } from '../ui.js';
import { fullTime } from './format.js';

/**
 * Next occurrence of a local time of day, `days` days from today.
 * @param {number} days Days ahead (1 = tomorrow).
 * @param {number} hour Hour of day.
 * @returns {number} Unix ms.
 */
export function dayAt(days, hour) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(hour, 0, 0, 0);
  return d.getTime();
}

/**
 * Days until next Monday (1–7).
 * @returns {number}
 */
function daysToMonday() {
  const day = new Date().getDay();
  return ((8 - day) % 7) || 7;
}

/**
 * Creates the snooze menu.
 * @param {(changes: Record<string, unknown>) => Promise<boolean>} apply Sends a PATCH.
 * @param {boolean} disabled Whether the user may change conversations.
 * @returns {{el: HTMLElement, setStatus: (status: string, until?: number|null) => void}}
 */
export function snoozeMenu(apply, disabled) {
  const summary = el('summary', { class: 'button button--small', 'aria-label': 'Snooze or mark pending', 'aria-disabled': disabled ? 'true' : undefined }, 'Snooze ▾');
  const custom = /** @type {HTMLInputElement} */ (el('input', { class: 'input input--small', type: 'datetime-local', id: 'snooze-until' }));
  const customButton = el('button', { class: 'button button--small', type: 'button' }, 'Snooze');
  const state = el('p', { class: 'menu-note' });
  const presets = [
    ['For 1 hour', () => Date.now() + 3_600_000],
    ['Until tomorrow 9:00', () => dayAt(1, 9)],
    ['Until next Monday 9:00', () => dayAt(daysToMonday(), 9)],
  ];
  const menu = el('div', { class: 'menu-panel', role: 'group', 'aria-label': 'Snooze' }, state);
  const root = el('details', { class: 'menu snooze-menu' }, summary, menu);
  for (const [label, until] of presets) {
    const button = el('button', { class: 'menu-item', type: 'button' }, /** @type {string} */ (label));
    button.addEventListener('click', () => choose({ status: 'snoozed', snoozed_until: /** @type {() => number} */ (until)() }));
    menu.append(button);
  }
  menu.append(el('div', { class: 'menu-custom' }, el('label', { for: 'snooze-until' }, 'Until'), custom, customButton));
  const pending = el('button', { class: 'menu-item', type: 'button' }, 'Mark as pending');
  menu.append(pending);
  pending.addEventListener('click', () => choose({ status: 'pending' }));
  customButton.addEventListener('click', () => {
    const at = Date.parse(custom.value);
    if (!Number.isFinite(at) || at <= Date.now()) {
      custom.setAttribute('aria-invalid', 'true');
      custom.focus();
      return;
    }
    custom.removeAttribute('aria-invalid');
    choose({ status: 'snoozed', snoozed_until: at });
  });
  summary.addEventListener('click', (event) => {
    if (disabled) event.preventDefault();
  });
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && root.hasAttribute('open')) {
      event.stopPropagation();
      root.removeAttribute('open');
      summary.focus();
    }
  });
  // A click anywhere else closes the menu, as menus do.
  document.addEventListener('click', (event) => {
    if (root.isConnected && !root.contains(/** @type {Node} */ (event.target))) root.removeAttribute('open');
  });

  /**
   * Applies a choice and closes the menu.
   * @param {Record<string, unknown>} changes PATCH body.
   */
  async function choose(changes) {
    if (await apply(changes)) {
      root.removeAttribute('open');
      summary.focus();
    }
  }

  return {
    el: root,
    /**
     * Shows the current snooze state in the menu.
     * @param {string} status Conversation status.
     * @param {number|null} [until] Snoozed until (unix ms).
     */
    setStatus(status, until) {
      state.textContent = status === 'snoozed' && until ? `Snoozed until ${fullTime(until)}` : '';
      state.hidden = !state.textContent;
    },
  };
}
