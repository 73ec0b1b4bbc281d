// Small DOM helpers shared by the views. User data only ever goes in through textContent.

/**
 * Creates an element with attributes and children; strings become text nodes, never markup.
 * @param {string} tag Tag name.
 * @param {Record<string, string|boolean|undefined>} [attrs] Attributes; `class` sets className, false/undefined skip.
 * @param {...(Node|string|null|undefined)} children Child nodes or text.
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/**
 * A copy of the navigation icon of a section, for headers and empty states.
 * @param {string} section Section name, as in data-section.
 * @returns {Node|null}
 */
export function sectionIcon(section) {
  const icon = document.querySelector(`.nav-link[data-section="${section}"] svg`);
  return icon ? icon.cloneNode(true) : null;
}

/**
 * The page header of a view: title and one line of description.
 * @param {string} title Heading text.
 * @param {string} description Sentence under the heading.
 * @param {...Node} actions Buttons or links shown on the right.
 * @returns {HTMLElement}
 */
export function viewHeader(title, description, ...actions) {
  return el('div', { class: 'view-header' },
    el('div', {}, el('h1', { id: 'view-title', tabindex: '-1' }, title), el('p', {}, description)),
    actions.length ? el('div', { class: 'view-actions' }, ...actions) : null);
}

/**
 * A friendly "nothing here yet" block.
 * @param {{section: string, title: string, text: string, action?: {label: string, href: string}}} options
 * @returns {HTMLElement}
 */
export function emptyState({ section, title, text, action }) {
  return el('div', { class: 'empty-state card' },
    el('div', { class: 'empty-icon' }, sectionIcon(section)),
    el('h2', {}, title),
    el('p', {}, text),
    action ? el('a', { class: 'button button--primary', href: action.href }, action.label) : null);
}

/**
 * A centred message inside a panel (loading, not available, errors).
 * @param {string} title Bold first line.
 * @param {string} [text] Detail under it.
 * @param {boolean} [isError] Styles it as an error.
 * @returns {HTMLElement}
 */
export function panelMessage(title, text = '', isError = false) {
  return el('div', { class: isError ? 'panel-message is-error' : 'panel-message', role: isError ? 'alert' : undefined },
    el('strong', {}, title), text ? el('span', {}, text) : null);
}

/**
 * Shows a short message at the bottom of the screen for a few seconds.
 * @param {string} message Text to show.
 */
export function toast(message) {
  document.querySelector('.toast')?.remove();
  const node = el('div', { class: 'toast', role: 'status' }, message);
  document.body.append(node);
  window.setTimeout(() => node.remove(), 5000);
}
