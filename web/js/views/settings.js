// Settings: one tab per admin area. Each tab asks its API and shows what comes back, or why it could not.
import { ApiError } from '../api.js';
import { el, panelMessage, viewHeader } from '../ui.js';

/** Tabs in display order: id (also the URL hash), label and the list endpoint. */
const tabs = [
  { id: 'users', label: 'Users', path: '/api/v1/users', empty: 'No users yet.' },
  { id: 'teams', label: 'Teams', path: '/api/v1/teams', empty: 'No teams yet. Teams group agents who share conversations.' },
  { id: 'tokens', label: 'API tokens', path: '/api/v1/tokens', empty: 'No API tokens yet.' },
  { id: 'audit', label: 'Audit log', path: '/api/v1/audit', empty: 'Nothing has been recorded yet.' },
  { id: 'channels', label: 'Channels', path: '/api/v1/channels', empty: 'No channels connected yet.' },
];

/** Keys never shown in tables, even if an API returns them. */
const hiddenKeys = new Set(['password', 'password_hash', 'token_hash', 'secret', 'access_token']);

/**
 * Turns `created_at` into "Created at".
 * @param {string} key JSON key.
 * @returns {string}
 */
function columnLabel(key) {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Formats one JSON value as short text for a table cell.
 * @param {string} key The column's key (dates end in `_at`).
 * @param {unknown} value The value.
 * @returns {string}
 */
function cellText(key, value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (key.endsWith('_at') && (typeof value === 'string' || typeof value === 'number')) {
    const date = new Date(typeof value === 'number' && value < 1e12 ? value * 1000 : value);
    if (!Number.isNaN(date.getTime())) return date.toLocaleString();
  }
  if (Array.isArray(value)) return value.map((item) => cellText('', item)).join(', ') || '—';
  if (typeof value === 'object') return String(value.name ?? value.id ?? JSON.stringify(value));
  return String(value);
}

/**
 * Finds the list in an answer: the answer itself, or its first array-valued field.
 * @param {unknown} data Parsed JSON.
 * @returns {any[]|null}
 */
function listIn(data) {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') {
    for (const value of Object.values(data)) if (Array.isArray(value)) return value;
  }
  return null;
}

/**
 * Renders a list of records as a table with up to six columns.
 * @param {any[]} rows Records.
 * @returns {HTMLElement}
 */
function table(rows) {
  const keys = [];
  for (const row of rows.slice(0, 20)) {
    if (!row || typeof row !== 'object') continue;
    for (const key of Object.keys(row)) if (!keys.includes(key) && !hiddenKeys.has(key)) keys.push(key);
  }
  const columns = keys.slice(0, 6);
  if (columns.length === 0) columns.push('value');
  const head = el('tr', {}, ...columns.map((key) => el('th', { scope: 'col' }, columnLabel(key))));
  const body = rows.map((row) => el('tr', {}, ...columns.map((key) =>
    el('td', {}, cellText(key, row && typeof row === 'object' ? row[key] : row)))));
  return el('div', { class: 'table-wrap' }, el('table', { class: 'table' }, el('thead', {}, head), el('tbody', {}, ...body)));
}

/**
 * Loads one tab's data into its panel.
 * @param {HTMLElement} panel The tab panel.
 * @param {typeof tabs[number]} tab The tab.
 * @param {{api: Function, signal: AbortSignal}} ctx App context.
 */
async function loadTab(panel, tab, ctx) {
  panel.replaceChildren(el('div', { class: 'loading panel-message' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…'));
  let content;
  try {
    const data = await ctx.api('GET', tab.path);
    const rows = listIn(data);
    if (rows === null) content = panelMessage('Nothing to show', 'The server answered without a list.');
    else if (rows.length === 0) content = panelMessage(tab.empty);
    else content = table(rows);
  } catch (error) {
    const failure = error instanceof ApiError ? error : new ApiError(0, 'unknown', 'Something went wrong.');
    if (failure.status === 404) content = panelMessage('Not available yet', `${tab.label} will appear here in a coming version.`);
    else if (failure.status === 403) content = panelMessage('No access', failure.message, true);
    else content = panelMessage(`${tab.label} could not be loaded`, failure.message, true);
  }
  if (!ctx.signal.aborted && panel.dataset.tab === tab.id) panel.replaceChildren(content);
}

/**
 * Shows the settings view in `root`, with the tab from the URL hash selected.
 * @param {HTMLElement} root The view container.
 * @param {{api: Function, signal: AbortSignal}} ctx The app context.
 * @returns {() => void} Cleanup that stops listening for hash changes.
 */
export function mount(root, ctx) {
  const list = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Settings sections' });
  const panel = el('div', { class: 'tab-panel card', role: 'tabpanel', id: 'settings-panel', tabindex: '0' });
  const buttons = tabs.map((tab) => el('button', {
    class: 'tab', role: 'tab', type: 'button', id: `tab-${tab.id}`, 'aria-controls': 'settings-panel',
  }, tab.label));
  list.append(...buttons);

  /**
   * Selects a tab, loads its data and records it in the URL hash.
   * @param {number} index Position in `tabs`.
   * @param {boolean} focus Whether to focus the tab button.
   */
  const select = (index, focus) => {
    const tab = tabs[index];
    buttons.forEach((button, i) => {
      button.setAttribute('aria-selected', String(i === index));
      button.tabIndex = i === index ? 0 : -1;
    });
    panel.dataset.tab = tab.id;
    panel.setAttribute('aria-labelledby', `tab-${tab.id}`);
    if (location.hash !== `#${tab.id}`) history.replaceState(null, '', `#${tab.id}`);
    if (focus) buttons[index].focus();
    loadTab(panel, tab, ctx);
  };

  list.addEventListener('click', (event) => {
    const index = buttons.indexOf(/** @type {any} */ (event.target).closest?.('.tab'));
    if (index >= 0) select(index, false);
  });
  list.addEventListener('keydown', (event) => {
    const current = buttons.indexOf(/** @type {any} */ (document.activeElement));
    if (current < 0) return;
    const moves = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    select((moves[event.key] + tabs.length) % tabs.length, true);
  });

  const fromHash = () => Math.max(0, tabs.findIndex((tab) => `#${tab.id}` === location.hash));
  const onHashChange = () => select(fromHash(), false);
  window.addEventListener('hashchange', onHashChange);

  root.append(viewHeader('Settings', 'People, access and connected channels of this workspace.'), list, panel);
  select(fromHash(), false);
  return () => window.removeEventListener('hashchange', onHashChange);
}
