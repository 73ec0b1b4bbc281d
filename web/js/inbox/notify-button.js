// The bell button in the list head that asks the browser for permission to show notifications.
import { el } from '../ui.js';

/**
 * A bell icon for the notifications button.
 * @returns {SVGSVGElement}
 */
function bellIcon() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M5 8a5 5 0 0 1 10 0c0 4 1.5 5.5 1.5 5.5h-13S5 12 5 8Zm3.5 8a1.5 1.5 0 0 0 3 0');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.6');
  path.setAttribute('stroke-linecap', 'round');
  svg.append(path);
  return svg;
}

/**
 * Creates the "Enable notifications" button, shown only while the browser has not been asked.
 * @returns {HTMLElement}
 */
export function createNotifyButton() {
  const button = el('button', { class: 'button button--small button--ghost icon-button', type: 'button', hidden: true,
    'aria-label': 'Enable notifications', title: 'Notify me of new messages while this tab is in the background' }, bellIcon());

  /** Shows the button only while the browser has not been asked. */
  function sync() {
    button.hidden = !('Notification' in window) || Notification.permission !== 'default';
  }
  button.addEventListener('click', async () => {
    try {
      await Notification.requestPermission();
    } finally {
      sync();
    }
  });
  sync();
  return button;
}
