// Filters of the conversation list: status tabs, channel kind/page/location/assignee/team/label selects and a search box.
import { el } from '../ui.js';
import { kindName } from './format.js';

/** Status tabs in display order. */
export const statusTabs = [
  ['open', 'Open'], ['pending', 'Pending'], ['snoozed', 'Snoozed'], ['resolved', 'Resolved'], ['all', 'All'],
];

/**
 * The default filter values.
 * @returns {Record<string, string>}
 */
export function defaultFilters() {
  return { status: 'open', kind: '', channel_id: '', location_id: '', assignee: 'all', team_id: '', label: '', q: '' };
}

/**
 * The query string of the list API for these filters.
 * @param {Record<string, string>} filters Current filters.
 * @returns {URLSearchParams}
 */
export function filterQuery(filters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value && !(key === 'assignee' && value === 'all')) params.set(key, value);
  }
  return params;
}

/**
 * Whether a conversation matches the filters, as far as the browser can tell (search text excepted).
 * Used for live updates so a resolved conversation leaves the Open tab without a reload.
 * @param {any} item A conversation.
 * @param {Record<string, string>} f Filters.
 * @param {number} meId The signed-in user's id.
 * @returns {boolean}
 */
export function matches(item, f, meId) {
  if (f.status !== 'all' && item.status !== f.status) return false;
  if (f.kind && item.channel?.kind !== f.kind) return false;
  if (f.channel_id && String(item.channel?.id) !== f.channel_id) return false;
  if (f.location_id && String(item.channel?.location_id ?? '') !== f.location_id) return false;
  if (f.team_id && String(item.team_id ?? '') !== f.team_id) return false;
  if (f.label && !(item.labels || []).includes(f.label)) return false;
  if (f.assignee === 'me' && item.assignee_id !== meId) return false;
  if (f.assignee === 'unassigned' && item.assignee_id) return false;
  return true;
}

/**
 * A labelled select.
 * @param {string} id Element id.
 * @param {string} label Visible label.
 * @param {Array<[string, string]>} options Value/label pairs.
 * @returns {{wrap: HTMLElement, select: HTMLSelectElement}}
 */
function labelledSelect(id, label, options) {
  const select = /** @type {HTMLSelectElement} */ (el('select', { class: 'input input--small', id, name: id }));
  for (const [value, text] of options) select.append(el('option', { value }, text));
  return { wrap: el('div', { class: 'filter-field' }, el('label', { for: id }, label), select), select };
}

/**
 * Creates the filter bar.
 * @param {any} store Shared state (filters, refs).
 * @param {() => void} onChange Called after any filter changed.
 * @returns {{el: HTMLElement, tabs: HTMLElement, search: HTMLInputElement, sync: () => void}}
 */
export function createFilters(store, onChange) {
  const { refs } = store;
  const tabs = el('div', { class: 'status-tabs', role: 'tablist', 'aria-label': 'Status' });
  for (const [value, label] of statusTabs) {
    const tab = el('button', { class: 'status-tab', type: 'button', role: 'tab', 'data-status': value }, label);
    tab.addEventListener('click', () => {
      store.filters.status = value;
      sync();
      onChange();
    });
    tabs.append(tab);
  }
  tabs.addEventListener('keydown', (event) => {
    // Arrow keys move between tabs, as in any tab list.
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const all = [...tabs.querySelectorAll('.status-tab')];
    const index = all.indexOf(/** @type {Element} */ (document.activeElement));
    const next = all[(index + (event.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length];
    /** @type {HTMLElement} */ (next).focus();
    /** @type {HTMLElement} */ (next).click();
    event.preventDefault();
  });

  const search = /** @type {HTMLInputElement} */ (el('input', {
    class: 'input input--small', id: 'inbox-search', type: 'search', placeholder: 'Search messages and names',
    autocomplete: 'off', 'aria-label': 'Search conversations',
  }));
  let debounce = 0;
  search.addEventListener('input', () => {
    window.clearTimeout(debounce);
    debounce = window.setTimeout(() => {
      store.filters.q = search.value.trim();
      onChange();
    }, 300);
  });

  const kinds = [...new Set(refs.channels.map((/** @type {any} */ c) => String(c.kind)))];
  const selects = {
    assignee: labelledSelect('filter-assignee', 'Assignee', [['all', 'All'], ['me', 'Mine'], ['unassigned', 'Unassigned']]),
    kind: labelledSelect('filter-kind', 'Channel type', [['', 'All types'], ...kinds.map((k) => /** @type {[string,string]} */ ([k, kindName(k)]))]),
    channel_id: labelledSelect('filter-channel', 'Page / account', [['', 'All'], ...refs.channels.map((/** @type {any} */ c) => /** @type {[string,string]} */ ([String(c.id), c.name]))]),
    location_id: labelledSelect('filter-location', 'Location', [['', 'All'], ...refs.locations.map((/** @type {any} */ l) => /** @type {[string,string]} */ ([String(l.id), l.name]))]),
    team_id: labelledSelect('filter-team', 'Team', [['', 'All'], ...refs.teams.map((/** @type {any} */ t) => /** @type {[string,string]} */ ([String(t.id), t.name]))]),
    label: labelledSelect('filter-label', 'Label', [['', 'All'], ...refs.labels.map((/** @type {any} */ l) => /** @type {[string,string]} */ ([l.name, l.name]))]),
  };
  for (const [key, { select }] of Object.entries(selects)) {
    select.addEventListener('change', () => {
      store.filters[key] = select.value;
      onChange();
    });
  }
  // Selects with nothing to choose from stay out of the way.
  if (kinds.length < 2) selects.kind.wrap.hidden = true;
  if (refs.channels.length < 2) selects.channel_id.wrap.hidden = true;
  if (!refs.locations.length) selects.location_id.wrap.hidden = true;
  if (!refs.teams.length) selects.team_id.wrap.hidden = true;
  if (!refs.labels.length) selects.label.wrap.hidden = true;

  const count = el('span', { class: 'filter-count', 'aria-hidden': 'true' });
  const more = el('details', { class: 'filter-more' },
    el('summary', { class: 'button button--small button--ghost' }, 'Filters', count),
    el('div', { class: 'filter-grid' }, ...Object.entries(selects).filter(([key]) => key !== 'assignee').map(([, s]) => s.wrap)));
  // Whose conversations: a small segmented control, as the most used filter.
  const who = el('div', { class: 'segmented', role: 'group', 'aria-label': 'Assignee' });
  for (const [value, label] of [['me', 'Mine'], ['unassigned', 'Unassigned'], ['all', 'All']]) {
    const button = el('button', { class: 'segment', type: 'button', 'data-assignee': value, 'aria-pressed': 'false' }, label);
    button.addEventListener('click', () => {
      store.filters.assignee = value;
      sync();
      onChange();
    });
    who.append(button);
  }
  const root = el('div', { class: 'inbox-filters' },
    el('div', { class: 'filter-row' }, el('div', { class: 'search-wrap' }, search), more),
    el('div', { class: 'filter-row' }, who), tabs);

  /** Shows the current filter values in the controls. */
  function sync() {
    for (const tab of tabs.querySelectorAll('.status-tab')) {
      const on = tab.getAttribute('data-status') === store.filters.status;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      tab.setAttribute('tabindex', on ? '0' : '-1');
    }
    for (const [key, { select }] of Object.entries(selects)) select.value = store.filters[key] ?? '';
    for (const button of who.querySelectorAll('.segment')) {
      button.setAttribute('aria-pressed', button.getAttribute('data-assignee') === store.filters.assignee ? 'true' : 'false');
    }
    const active = Object.keys(selects).filter((key) => key !== 'assignee' && store.filters[key] && store.filters[key] !== 'all').length;
    count.textContent = active ? String(active) : '';
    count.hidden = !active;
    if (search.value.trim() !== store.filters.q) search.value = store.filters.q;
  }
  sync();
  return { el: root, tabs, search, sync };
}
