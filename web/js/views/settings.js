// Settings: a sub-navigation (a select on phones) over one section per area, each shown only when the user may use it.
// The URL names the section (/settings/users); sections live in ../settings/<id>.js and export `render(panel, ctx)`.
import { el, viewHeader } from '../ui.js';

/** Sections in display order; `can` is the permission needed (null = everyone). */
const sections = [
  { id: 'account', label: 'Your account', can: null },
  { id: 'users', label: 'Users', can: 'manage_users' },
  { id: 'teams', label: 'Teams', can: 'manage_users' },
  { id: 'channels', label: 'Channels', can: 'manage_channels' },
  { id: 'business', label: 'Business', can: 'manage_settings' },
  { id: 'locations', label: 'Locations', can: 'manage_settings' },
  { id: 'labels', label: 'Labels', can: 'manage_settings' },
  { id: 'canned', label: 'Canned replies', can: 'manage_settings' },
  { id: 'tokens', label: 'API tokens', can: null },
  { id: 'audit', label: 'Audit log', can: 'manage_settings' },
  { id: 'webhooks', label: 'Webhook events', can: 'manage_settings' },
  { id: 'system', label: 'System', can: 'manage_settings' },
];

/**
 * The section named by the URL, or the first allowed one.
 * @param {typeof sections} allowed Sections this user may open.
 * @returns {typeof sections[number]}
 */
function fromPath(allowed) {
  const id = location.pathname.split('/').filter(Boolean)[1] || '';
  return allowed.find((s) => s.id === id) || allowed[0];
}

/**
 * Shows the banner when a channel needs to be connected again (admins only, inside Settings).
 * @param {HTMLElement} banner The banner node.
 * @param {any} ctx App context.
 */
async function checkReauth(banner, ctx) {
  if (!ctx.can('manage_channels')) return;
  try {
    const data = await ctx.api('GET', '/api/v1/channels');
    const broken = (data?.channels || []).filter((/** @type {any} */ c) => c.status === 'needs_reauth');
    if (ctx.signal.aborted) return;
    banner.hidden = broken.length === 0;
    if (!broken.length) return;
    const names = broken.map((/** @type {any} */ c) => c.name).join(', ');
    banner.replaceChildren(
      el('strong', {}, broken.length === 1 ? 'A channel needs to be reconnected.' : `${broken.length} channels need to be reconnected.`),
      el('span', {}, ` Parley cannot receive or send messages on ${names} until an admin reconnects it. `),
      el('a', { href: '/settings/channels', 'data-settings-link': 'channels' }, 'Go to Channels'));
  } catch {
    banner.hidden = true;
  }
}

/**
 * Mounts Settings into the view.
 * @param {HTMLElement} root The view container.
 * @param {any} ctx The app context (api, can, user, signal).
 * @returns {() => void} Cleanup.
 */
export function mount(root, ctx) {
  const allowed = sections.filter((s) => !s.can || ctx.can(s.can));
  const banner = el('div', { class: 'reauth-banner', role: 'alert', hidden: true });
  const nav = el('nav', { class: 'settings-nav', 'aria-label': 'Settings sections' },
    el('ul', {}, ...allowed.map((s) => el('li', {}, el('a', { href: `/settings/${s.id}`, class: 'settings-nav-link', 'data-settings-link': s.id }, s.label)))));
  const picker = /** @type {HTMLSelectElement} */ (el('select', { class: 'input', id: 'settings-section-select' },
    ...allowed.map((s) => el('option', { value: s.id }, s.label))));
  const phoneNav = el('div', { class: 'settings-select field' }, el('label', { for: 'settings-section-select' }, 'Section'), picker);
  const panel = el('section', { class: 'settings-panel', 'aria-labelledby': 'settings-section-title' });
  root.append(
    viewHeader('Settings', 'Your account, people, access and connected channels of this workspace.'),
    banner,
    el('div', { class: 'settings-layout' }, nav, phoneNav, panel));

  let current = '';
  /** @type {AbortController|null} */
  let sectionCtl = null;

  /**
   * Shows a section.
   * @param {typeof sections[number]} section The section.
   * @param {boolean} push Whether to add a history entry.
   * @param {boolean} focus Whether to move focus to its heading.
   */
  const show = async (section, push, focus) => {
    const path = `/settings/${section.id}`;
    if (push && location.pathname !== path) history.pushState(null, '', path);
    else if (location.pathname !== path) history.replaceState(null, '', path + location.search);
    for (const link of nav.querySelectorAll('a')) {
      if (link.getAttribute('data-settings-link') === section.id) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    picker.value = section.id;
    current = section.id;
    document.title = `${section.label} · Settings · ${ctx.tenant?.name || 'Parley'}`;
    sectionCtl?.abort();
    const controller = new AbortController();
    sectionCtl = controller;
    ctx.signal.addEventListener('abort', () => controller.abort(), { once: true });
    panel.dataset.section = section.id;
    panel.replaceChildren(el('div', { class: 'loading panel-message' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…'));
    const module = await import(`../settings/${section.id}.js`);
    if (controller.signal.aborted) return;
    panel.replaceChildren();
    await module.render(panel, { ...ctx, signal: controller.signal, refreshBanner: () => checkReauth(banner, ctx) });
    if (focus && !controller.signal.aborted) document.getElementById('settings-section-title')?.focus();
  };

  // Section links (sub-navigation, banner) switch in place instead of remounting the whole view.
  const onClick = (/** @type {MouseEvent} */ event) => {
    const link = /** @type {Element} */ (event.target).closest?.('a[data-settings-link]');
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = allowed.find((s) => s.id === link.getAttribute('data-settings-link'));
    if (!target) return;
    event.preventDefault();
    if (target.id !== current || location.search) show(target, true, true);
  };
  root.addEventListener('click', onClick);
  picker.addEventListener('change', () => {
    const target = allowed.find((s) => s.id === picker.value);
    if (target) show(target, true, false);
  });

  checkReauth(banner, ctx);
  show(fromPath(allowed), false, false);
  return () => {
    sectionCtl?.abort();
    root.removeEventListener('click', onClick);
  };
}
