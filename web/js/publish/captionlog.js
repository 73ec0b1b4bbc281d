// "Caption log": the recent caption requests (AI or template), newest first, with the text asked and answered.
import { el } from '../ui.js';
import { errorText, modal } from '../assets/dialog.js';

/**
 * One log row: when, source, platform/tone, topic and the caption; request/response/error fold out.
 * @param {any} e Entry from GET /api/v1/captions/log.
 * @returns {HTMLElement}
 */
function row(e) {
  const at = new Date(e.at);
  const time = Number.isNaN(at.getTime()) ? String(e.at || '') : at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const source = e.source === 'ai' ? 'AI' : 'Template';
  /** @type {[string, string|null|undefined][]} */
  const parts = [['Request', e.request], ['Response', e.response], ['Error', e.error]];
  const shown = parts.filter(([, v]) => v);
  return el('li', { class: 'caption-log-item', 'data-id': String(e.id) },
    el('div', { class: 'caption-log-head' },
      el('span', { class: `caption-log-source caption-log-source--${e.source === 'ai' ? 'ai' : 'template'}` }, source),
      el('time', { class: 'caption-log-time', datetime: String(e.at || '') }, time),
      el('span', { class: 'caption-log-meta' }, [e.platform, e.tone, e.model].filter(Boolean).join(' · '))),
    el('p', { class: 'caption-log-topic' }, e.topic || '(no topic)'),
    e.caption ? el('p', { class: 'caption-log-caption' }, e.caption) : null,
    shown.length ? el('details', { class: 'caption-log-details' }, el('summary', {}, e.error ? 'Request, response and error' : 'Request and response'),
      ...shown.map(([label, v]) => el('div', { class: 'caption-log-part' }, el('h4', {}, label), el('pre', { class: 'caption-log-text' }, String(v))))) : null);
}

/**
 * Opens the caption log in a dialog, with "Load older" paging.
 * @param {(method: string, path: string, body?: any) => Promise<any>} api App API call.
 */
export function openCaptionLog(api) {
  const list = el('ol', { class: 'caption-log', id: 'caption-log', 'aria-live': 'polite' });
  const status = el('p', { class: 'muted caption-log-status' }, 'Loading…');
  const more = el('button', { class: 'button button--small', type: 'button', id: 'caption-log-more', hidden: true }, 'Load older');
  modal('Caption log', { wide: true, className: 'caption-log-dialog' },
    el('p', { class: 'muted' }, 'Recent captions written for your team, newest first: what was asked, and what the AI (or a template) answered.'),
    status, list, more);
  /** @type {number|null} */
  let before = null;
  async function load() {
    more.setAttribute('disabled', '');
    try {
      const page = await api('GET', `/api/v1/captions/log?limit=50${before ? `&before=${before}` : ''}`);
      const entries = Array.isArray(page?.entries) ? page.entries : [];
      list.append(...entries.map(row));
      before = page?.next_before ?? null;
      more.hidden = !before;
      status.textContent = list.children.length ? '' : 'No captions written yet.';
      status.hidden = !status.textContent;
    } catch (e) {
      status.hidden = false;
      status.textContent = errorText(e);
    } finally {
      more.removeAttribute('disabled');
    }
  }
  more.addEventListener('click', () => load());
  load();
}
