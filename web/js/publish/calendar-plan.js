// "Plan a month": asks the server to draft a month of posts, follows it live (`calendar.progress` events on
// /api/v1/events) with a progress bar, and can stop it part-way (the drafts made so far are kept).
import { el, toast } from '../ui.js';
import { errorText, field, modal } from '../assets/dialog.js';

/** Longest quiet spell on the stream before the dialog asks the server directly. */
const QUIET_MS = 10_000;
/** Posts a plan may hold (CalendarService.countRange). */
const MIN = 5;
const MAX = 31;

/**
 * @typedef {object} Progress A calendar's progress (CalendarService.Progress, or its live event).
 * @property {number} id Calendar id.
 * @property {string} state running, done, cancelled or failed.
 * @property {number} done Posts drafted so far.
 * @property {number} total Posts asked for.
 * @property {string} [error] What went wrong.
 * @property {boolean} [final] Event only: the job's last event; no draft is made after it.
 * @property {boolean} [running] GET only: the job is still at work (after a cancel it finishes the post it was writing).
 */

/**
 * Opens the live stream and resolves once it is connected (or has failed, or after 3 s), so that no event of a
 * job started afterwards is missed: a new stream begins at the newest event.
 * @param {(p: Progress) => void} onProgress Every `calendar.progress` event.
 * @param {() => void} onTrouble The stream failed or went quiet: check with the server.
 * @returns {Promise<{close: () => void, closed: () => boolean}>}
 */
function openProgressStream(onProgress, onTrouble) {
  const source = new EventSource('/api/v1/events');
  let quiet = 0;
  const wake = () => {
    window.clearTimeout(quiet);
    quiet = window.setTimeout(() => { wake(); onTrouble(); }, QUIET_MS);
  };
  wake();
  source.addEventListener('calendar.progress', (event) => {
    wake();
    try {
      onProgress(JSON.parse(/** @type {MessageEvent} */ (event).data));
    } catch {
      onTrouble();
    }
  });
  // The browser reconnects by itself (resuming with Last-Event-ID); a GET covers the gap or a stream given up on.
  source.addEventListener('error', () => { wake(); onTrouble(); });
  const handle = {
    close() { window.clearTimeout(quiet); source.close(); },
    closed: () => source.readyState === EventSource.CLOSED,
  };
  return new Promise((resolve) => {
    const ready = () => resolve(handle);
    source.addEventListener('open', ready, { once: true });
    source.addEventListener('error', ready, { once: true });
    window.setTimeout(ready, 3000);
  });
}

/**
 * Opens the dialog.
 * @param {any} ctx App context.
 * @param {{onFinished: (month: string, done: number) => Promise<void>, onStopped: (month: string) => Promise<void>}} handlers
 *   `onFinished` when every post is drafted (the dialog has closed); `onStopped` after a cancel (the dialog stays open).
 */
export function openPlanDialog(ctx, { onFinished, onStopped }) {
  const now = new Date();
  const nextMonth = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  const monthInput = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'plan-month-input', type: 'month', required: true }));
  monthInput.value = `${nextMonth.getFullYear()}-${String(nextMonth.getMonth() + 1).padStart(2, '0')}`;
  const count = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'plan-count', type: 'number', min: String(MIN), max: String(MAX), value: '8' }));
  const useAI = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'plan-ai', checked: true }));
  const error = el('div', { class: 'alert', role: 'alert' });
  const bar = /** @type {HTMLProgressElement} */ (el('progress', { max: '1', value: '0', id: 'plan-progress', 'aria-label': 'Starting' }));
  const progressText = el('p', { class: 'plan-progress-text', id: 'plan-progress-text', 'aria-live': 'polite' });
  const progress = el('div', { class: 'plan-progress', hidden: true }, bar, progressText);
  const submit = el('button', { class: 'button button--primary', type: 'submit', id: 'plan-submit' }, 'Draft the posts');
  const cancel = el('button', { class: 'button', type: 'button', id: 'plan-cancel' }, 'Cancel');
  const stopHint = 'Stops drafting; the drafts made so far are kept';
  const form = el('form', { class: 'pdialog-form', novalidate: true },
    el('p', { class: 'muted' }, 'Parley drafts a mix of posts spread over the month (product showcases, promotions, weekend posts, polls and thank-yous), each with a caption and a picture from your library when one suits. Check each draft, choose its channels, then schedule it.'),
    error, field('plan-month-input', 'Month', monthInput), field('plan-count', 'How many posts', count, `${MIN} to ${MAX} (8 is about two a week).`),
    el('div', { class: 'check-row' }, useAI, el('label', { for: 'plan-ai' }, 'Write captions with AI (templates are used when AI is off in Settings → Business or not available)')),
    progress, el('div', { class: 'pdialog-actions' }, cancel, submit));
  const d = modal('Plan a month', {}, form);

  /** @type {'idle'|'running'|'stopping'|'stopped'|'over'} */
  let phase = 'idle';
  /** @type {number|null} */
  let calendarID = null;
  /** @type {Progress[]} Events that arrived before the POST answered with the id. */
  const early = [];
  let shown = { done: 0, total: 0, state: 'running' };
  /** @type {{close: () => void, closed: () => boolean}|null} */
  let stream = null;
  let polling = 0;
  let checking = false;

  d.node.addEventListener('close', () => {
    stream?.close();
    window.clearTimeout(polling);
    // Drafting goes on in the background when the dialog is closed mid-way; the grid shows what exists so far.
    if (phase === 'running' || phase === 'stopping') onStopped(monthInput.value).catch(() => {});
  });
  cancel.addEventListener('click', () => {
    if (phase === 'running' && calendarID !== null) stop();
    else d.close();
  });

  /**
   * Shows progress from an event or a GET; counts only grow and a finished state is never undone.
   * @param {Progress} p Progress.
   */
  function apply(p) {
    if (calendarID === null) return void early.push(p);
    if (p.id !== calendarID || phase === 'over') return;
    const state = shown.state === 'running' ? p.state : shown.state;
    const grew = p.done > shown.done;
    shown = { done: Math.max(shown.done, p.done), total: p.total || shown.total, state };
    bar.max = Math.max(1, shown.total);
    bar.value = shown.done;
    bar.setAttribute('aria-label', `${shown.done} of ${shown.total} drafted`);
    if (state === 'running') {
      if (phase === 'running') progressText.textContent = `Drafted ${shown.done} of ${shown.total} posts…`;
    } else if (state === 'done') {
      finish().catch((e) => toast(errorText(e)));
    } else if (state === 'cancelled') {
      // The job finishes the caption it was writing when the stop came: the count is final with its last event.
      const settled = p.final === true || p.running === false;
      if (!settled) {
        if (phase === 'stopped') return; // a late answer to the cancel request, after the final event
        phase = 'stopping';
        progressText.textContent = `Stopping after the post being written (${shown.done} drafted so far)…`;
        return;
      }
      const first = phase !== 'stopped';
      phase = 'stopped';
      stream?.close();
      progressText.textContent = `Stopped: ${shown.done} ${shown.done === 1 ? 'draft' : 'drafts'} kept.`;
      cancel.textContent = 'Close';
      cancel.removeAttribute('disabled');
      cancel.removeAttribute('title');
      submit.hidden = true;
      if (first || grew) onStopped(monthInput.value).catch((e) => toast(errorText(e)));
    } else {
      phase = 'over';
      stream?.close();
      error.textContent = p.error || 'Drafting stopped part-way.';
      cancel.textContent = 'Close';
      cancel.removeAttribute('disabled');
      cancel.removeAttribute('title');
    }
  }

  async function finish() {
    phase = 'over';
    stream?.close();
    d.close();
    await onFinished(monthInput.value, shown.done);
  }

  /** One GET of the progress (at the start, and whenever the stream cannot be trusted); polls while the stream is down. */
  async function check() {
    if (calendarID === null || checking || phase === 'over') return;
    checking = true;
    try {
      apply(await ctx.api('GET', `/api/v1/calendars/${calendarID}`));
    } catch (e) {
      error.textContent = errorText(e);
    } finally {
      checking = false;
    }
    window.clearTimeout(polling);
    if (stream?.closed() && (phase === 'running' || phase === 'stopping')) polling = window.setTimeout(check, 1000);
  }

  async function stop() {
    if (calendarID === null) return;
    phase = 'stopping';
    cancel.setAttribute('disabled', '');
    progressText.textContent = 'Stopping after the post being written…';
    try {
      apply(await ctx.api('POST', `/api/v1/calendars/${calendarID}/cancel`, {}));
    } catch (e) {
      phase = 'running';
      cancel.removeAttribute('disabled');
      error.textContent = errorText(e);
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (phase !== 'idle') return;
    error.textContent = '';
    const n = Number(count.value);
    if (!/^\d{4}-\d{2}$/.test(monthInput.value)) return void (error.textContent = 'Choose a month.');
    if (!Number.isInteger(n) || n < MIN || n > MAX) return void (error.textContent = `Choose ${MIN} to ${MAX} posts.`);
    submit.setAttribute('disabled', '');
    phase = 'running';
    try {
      stream = await openProgressStream(apply, () => void check());
      if (!d.node.open) return void stream.close();
      const started = await ctx.api('POST', '/api/v1/calendars', { month: monthInput.value, count: n, use_ai: useAI.checked });
      calendarID = Number(started.id);
      shown = { done: 0, total: n, state: 'running' };
      progress.hidden = false;
      progress.dataset.calendar = String(calendarID);
      cancel.setAttribute('title', stopHint);
      for (const c of [monthInput, count, useAI]) c.disabled = true;
      apply({ id: calendarID, state: 'running', done: 0, total: n });
      for (const p of early.splice(0)) apply(p);
      await check();
    } catch (e) {
      stream?.close();
      phase = 'idle';
      error.textContent = errorText(e);
      submit.removeAttribute('disabled');
    }
  });
  monthInput.focus();
}
