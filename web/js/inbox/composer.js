// The reply box: Enter sends, Shift+Enter breaks the line, a Note toggle writes private notes,
// and "/" at the start opens the canned-reply picker (type to search, arrows + Enter to pick).
// The paperclip attaches images from the asset library; they show as removable chips until sent.
import { openAssetPicker } from '../assets/picker.js';
import { el } from '../ui.js';

/** Most library files one reply may carry. */
const MAX_ATTACHMENTS = 10;

/**
 * @typedef {object} ComposerHandlers
 * @property {(text: string, assetIds: number[]) => Promise<boolean>} onSend Sends a reply (with library files); resolves true when accepted.
 * @property {(text: string) => Promise<boolean>} onNote Posts a private note; resolves true when saved.
 * @property {() => void} [onTyping] Called (at most every few seconds) while the agent types a reply.
 */

let serial = 0;

/**
 * A small paperclip icon drawn as SVG (an emoji would depend on the fonts installed).
 * @returns {SVGElement}
 */
function paperclip() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M21 12.5l-8.5 8.5a5 5 0 0 1-7-7L14 5.5a3.5 3.5 0 0 1 5 5L10.5 19a2 2 0 0 1-3-3L15 8.5');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linecap', 'round');
  svg.append(path);
  return svg;
}

/**
 * Creates the composer.
 * @param {any} store Shared state (refs.canned: [{id, shortcut, text}]).
 * @param {ComposerHandlers} handlers Callbacks.
 * @param {boolean} canSend Whether the user may send messages.
 * @returns {{el: HTMLElement, focus: () => void, reset: () => void, textarea: HTMLTextAreaElement}}
 */
export function createComposer(store, handlers, canSend) {
  const id = `composer-${++serial}`;
  const textarea = /** @type {HTMLTextAreaElement} */ (el('textarea', {
    class: 'composer-input', id, rows: '2', 'aria-label': 'Reply',
    placeholder: 'Write a reply… (Enter sends, Shift+Enter for a new line, / for canned replies)',
    'aria-autocomplete': 'list', 'aria-controls': `${id}-canned`, 'aria-expanded': 'false', disabled: !canSend,
  }));
  const noteToggle = el('button', { class: 'button button--small composer-note-toggle', type: 'button', 'aria-pressed': 'false', disabled: !canSend },
    'Private note');
  const send = el('button', { class: 'button button--primary button--small composer-send', type: 'submit', disabled: !canSend }, 'Send');
  const picker = el('ul', { class: 'canned-picker', id: `${id}-canned`, role: 'listbox', 'aria-label': 'Canned replies', hidden: true });
  const attach = el('button', { class: 'button button--small button--ghost composer-attach', type: 'button', disabled: !canSend,
    'aria-label': 'Attach from library', title: 'Attach from library' }, paperclip());
  const chips = el('ul', { class: 'composer-chips', 'aria-label': 'Attached files', hidden: true });
  const hint = el('span', { class: 'composer-hint' }, canSend ? '' : 'You can read this conversation but not reply.');
  const form = el('form', { class: 'composer', novalidate: true },
    picker,
    chips,
    textarea,
    el('div', { class: 'composer-bar' }, attach, noteToggle, hint, send));
  /** @type {Map<number, any>} Library files to send with the next reply, by asset id. */
  const attached = new Map();
  let noteMode = false;
  let busy = false;
  /** @type {any[]} */
  let matchesShown = [];
  let active = 0;

  /**
   * Switches between reply and private-note mode.
   * @param {boolean} on Note mode.
   */
  function setNote(on) {
    noteMode = on;
    noteToggle.setAttribute('aria-pressed', on ? 'true' : 'false');
    form.classList.toggle('is-note', on);
    textarea.setAttribute('aria-label', on ? 'Private note' : 'Reply');
    textarea.placeholder = on ? 'Private note: only your team sees this' : 'Write a reply… (Enter sends, Shift+Enter for a new line, / for canned replies)';
    send.textContent = on ? 'Add note' : 'Send';
    renderChips();
  }

  /** Redraws the attachment chips (and hides the attach button in note mode: notes carry no files). */
  function renderChips() {
    chips.replaceChildren();
    for (const asset of attached.values()) {
      const name = String(asset.name || asset.filename || `File ${asset.id}`);
      const remove = el('button', { class: 'composer-chip-remove', type: 'button', 'aria-label': `Remove ${name}` }, '×');
      remove.addEventListener('click', () => {
        attached.delete(asset.id);
        renderChips();
        textarea.focus();
      });
      chips.append(el('li', { class: 'composer-chip', 'data-asset-id': String(asset.id) },
        el('span', { class: 'composer-chip-name', title: name }, `📎 ${name}`), remove));
    }
    chips.hidden = noteMode || !attached.size;
    attach.hidden = noteMode;
  }

  /** Opens the asset picker and adds the chosen images (up to the per-reply limit). */
  async function pickFiles() {
    const room = MAX_ATTACHMENTS - attached.size;
    if (room <= 0 || !canSend) return;
    // The picker matches media types ("image/*"), so a bare "image" would hide every file.
    const chosen = await openAssetPicker({ multiple: true, max: room, accept: 'image/*', title: 'Attach from library' });
    for (const asset of chosen || []) {
      if (asset && Number.isFinite(Number(asset.id)) && attached.size < MAX_ATTACHMENTS) attached.set(Number(asset.id), asset);
    }
    renderChips();
    textarea.focus();
  }

  /** Closes the canned picker. */
  function closePicker() {
    picker.hidden = true;
    matchesShown = [];
    textarea.setAttribute('aria-expanded', 'false');
    textarea.removeAttribute('aria-activedescendant');
  }

  /** Opens or updates the canned picker from the "/query" at the start of the box. */
  function updatePicker() {
    const match = /^\/(\S*)$/.exec(textarea.value);
    if (!match) return closePicker();
    const query = match[1].toLowerCase();
    const canned = store.refs.canned || [];
    matchesShown = canned.filter((/** @type {any} */ c) => c.shortcut.toLowerCase().includes(query) || c.text.toLowerCase().includes(query)).slice(0, 8);
    active = Math.min(active, Math.max(0, matchesShown.length - 1));
    picker.replaceChildren();
    if (!matchesShown.length) {
      picker.append(el('li', { class: 'canned-empty', role: 'option', 'aria-disabled': 'true' },
        canned.length ? 'No canned reply matches.' : 'No canned replies yet. Admins add them in Settings.'));
    }
    matchesShown.forEach((canned, index) => {
      const option = el('li', { class: 'canned-option', role: 'option', id: `${id}-opt-${index}`, 'aria-selected': index === active ? 'true' : 'false' },
        el('span', { class: 'canned-shortcut' }, '/' + canned.shortcut), el('span', { class: 'canned-text' }, canned.text));
      option.addEventListener('mousedown', (event) => {
        event.preventDefault();
        choose(index);
      });
      picker.append(option);
    });
    picker.hidden = false;
    textarea.setAttribute('aria-expanded', 'true');
    if (matchesShown.length) {
      textarea.setAttribute('aria-activedescendant', `${id}-opt-${active}`);
      picker.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
    }
  }

  /**
   * Puts a canned reply in the box.
   * @param {number} index Index in the shown matches.
   */
  function choose(index) {
    const canned = matchesShown[index];
    if (!canned) return;
    textarea.value = canned.text;
    closePicker();
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    autosize();
  }

  /** Grows the box with its text, up to a limit set in CSS. */
  function autosize() {
    textarea.classList.toggle('is-tall', textarea.value.split('\n').length > 2 || textarea.value.length > 120);
  }

  /** Sends the reply or note. */
  async function submit() {
    const text = textarea.value.trim();
    const assetIds = noteMode ? [] : [...attached.keys()];
    if ((!text && !assetIds.length) || busy || !canSend) return;
    busy = true;
    send.classList.add('is-busy');
    send.setAttribute('disabled', '');
    const ok = await (noteMode ? handlers.onNote(text) : handlers.onSend(text, assetIds));
    busy = false;
    send.classList.remove('is-busy');
    send.removeAttribute('disabled');
    if (ok) {
      textarea.value = '';
      if (assetIds.length) {
        for (const assetId of assetIds) attached.delete(assetId);
        renderChips();
      }
      autosize();
      textarea.focus();
    }
  }

  attach.addEventListener('click', () => { pickFiles(); });
  noteToggle.addEventListener('click', () => {
    setNote(!noteMode);
    textarea.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  let lastTyping = 0;
  textarea.addEventListener('input', () => {
    active = 0;
    updatePicker();
    autosize();
    // Tell other agents someone is answering (not for private notes, and not more than every 3 s).
    const now = Date.now();
    if (!noteMode && textarea.value.trim() && now - lastTyping > 3000 && handlers.onTyping) {
      lastTyping = now;
      handlers.onTyping();
    }
  });
  textarea.addEventListener('blur', () => window.setTimeout(closePicker, 150));
  textarea.addEventListener('keydown', (event) => {
    if (!picker.hidden) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (matchesShown.length) active = (active + (event.key === 'ArrowDown' ? 1 : matchesShown.length - 1)) % matchesShown.length;
        updatePicker();
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && matchesShown.length) {
        event.preventDefault();
        choose(active);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        closePicker();
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });

  return {
    el: form,
    textarea,
    /** Moves focus into the box. */
    focus() {
      textarea.focus();
    },
    /** Empties the box and leaves note mode (another conversation was opened). */
    reset() {
      textarea.value = '';
      attached.clear();
      setNote(false);
      closePicker();
      autosize();
    },
  };
}
