// The app shell: loads the session, fills the top bar and mounts one view per section.
import { api, ApiError, setCsrfToken, loginUrl } from './api.js';
import { panelMessage, toast } from './ui.js';

/** Sections of the app, by the first path segment. */
const sections = {
  inbox: 'Inbox',
  publish: 'Publish',
  assets: 'Assets',
  settings: 'Settings',
};

const view = /** @type {HTMLElement} */ (document.getElementById('view'));
/** @type {{user: any, tenant: any, permissions: string[]} | null} */
let session = null;
/** @type {AbortController|null} */
let mounted = null;
/** @type {(() => void) | void} */
let unmount;

/**
 * The section for a path: `/settings/users` → `settings`; unknown paths fall back to the inbox.
 * @param {string} pathname Location path.
 * @returns {string}
 */
function sectionFor(pathname) {
  const first = pathname.split('/').filter(Boolean)[0] || 'inbox';
  return Object.hasOwn(sections, first) ? first : 'inbox';
}

/**
 * Two-letter initials for the avatar.
 * @param {string} name Display name or email.
 * @returns {string}
 */
function initials(name) {
  const parts = name.replace(/@.*/, '').split(/[\s._-]+/).filter(Boolean);
  return ((parts[0]?.[0] || '?') + (parts[1]?.[0] || '')).toUpperCase();
}

/**
 * Fills the top bar with the tenant and the signed-in user.
 * @param {any} me The /auth/me answer.
 */
function fillTopbar(me) {
  const user = me.user || {};
  const tenant = me.tenant || {};
  const name = user.name || user.email || 'Signed in';
  document.getElementById('tenant-name').textContent = tenant.name || tenant.slug || 'Workspace';
  document.getElementById('tenant-slug').textContent = tenant.slug && tenant.name ? tenant.slug : '';
  document.getElementById('user-name').textContent = name;
  document.getElementById('user-role').textContent = user.role || '';
  document.getElementById('user-initials').textContent = initials(name);
  document.getElementById('user-box').hidden = false;
  document.getElementById('sidebar-footer').textContent = user.email || '';
}

/**
 * Marks the current section in the navigation.
 * @param {string} section Section name.
 */
function highlight(section) {
  for (const link of document.querySelectorAll('.nav-link')) {
    if (link.getAttribute('data-section') === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/**
 * Unmounts the current view and mounts the one for the current location.
 * @param {boolean} moveFocus Whether to move focus to the new view (after in-app navigation).
 */
async function render(moveFocus) {
  if (!session) return;
  const section = sectionFor(location.pathname);
  highlight(section);
  document.title = `${sections[section]} · ${session.tenant.name || 'Parley'}`;

  mounted?.abort();
  if (typeof unmount === 'function') unmount();
  unmount = undefined;
  const controller = new AbortController();
  mounted = controller;
  view.replaceChildren();

  try {
    // Relative import: resolves under the same /assets/<version>/js/ prefix as this module.
    const module = await import(`./views/${section}.js`);
    if (controller.signal.aborted) return;
    const ctx = {
      ...session,
      api,
      signal: controller.signal,
      /** @param {string} permission */
      can: (permission) => session.permissions.includes(permission),
    };
    unmount = await module.mount(view, ctx);
  } catch (error) {
    if (controller.signal.aborted) return;
    const message = error instanceof ApiError ? error.message : 'Reload the page to try again.';
    view.replaceChildren(panelMessage('This page could not be loaded', message, true));
  }
  if (moveFocus) (document.getElementById('view-title') || view).focus();
}

/**
 * Follows links to app sections (navigation, empty-state buttons) without reloading the page.
 * @param {MouseEvent} event Any click in the document.
 */
function onLinkClick(event) {
  const link = /** @type {Element} */ (event.target).closest?.('a[href]');
  if (!link || link.hasAttribute('target') || link.hasAttribute('download')) return;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.getAttribute('href') || '', location.href);
  const first = url.pathname.split('/').filter(Boolean)[0] || '';
  if (url.origin !== location.origin || !Object.hasOwn(sections, first)) return;
  event.preventDefault();
  if (url.pathname + url.search + url.hash === location.pathname + location.search + location.hash) return;
  history.pushState(null, '', url.pathname + url.search + url.hash);
  render(true);
}

/** Ends the session on the server, then opens the login page. */
async function signOut() {
  const button = /** @type {HTMLButtonElement} */ (document.getElementById('sign-out'));
  button.disabled = true;
  try {
    await api('POST', '/api/v1/auth/logout');
  } catch (error) {
    // 401 means the session is already gone; anything else is worth saying before leaving.
    if (error instanceof ApiError && error.status !== 401) {
      toast(error.message);
      button.disabled = false;
      return;
    }
  }
  location.assign('/login');
}

/** Loads the session and starts the app. */
async function start() {
  document.addEventListener('click', onLinkClick);
  document.getElementById('sign-out').addEventListener('click', signOut);
  window.addEventListener('popstate', () => render(true));
  try {
    const me = await api('GET', '/api/v1/auth/me');
    setCsrfToken(me.csrf_token);
    session = {
      user: me.user || {},
      tenant: me.tenant || {},
      permissions: Array.isArray(me.user?.permissions) ? me.user.permissions : [],
    };
    fillTopbar(me);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      location.replace(loginUrl());
      return;
    }
    const message = error instanceof ApiError ? error.message : 'Reload the page to try again.';
    view.replaceChildren(panelMessage('Parley could not start', message, true));
    return;
  }
  await render(false);
}

start();
