// The composer: text with per-target counts, attachments, target channels, live previews with validation,
// "Write with AI", and Publish now / Schedule / Save draft (or "Submit for review" without publish rights).
import { ApiError } from '../api.js';
import { el, toast } from '../ui.js';
import { errorText } from '../assets/dialog.js';
import { openCaptionDialog } from './caption.js';
import { openCaptionLog } from './captionlog.js';
import { charCount, hashtagCount, kindMark, toLocalInput } from './format.js';
import { createMediaStrip } from './media.js';
import { previewCard } from './preview.js';
import { FB_TEXT_MAX, IG_CAPTION_MAX, IG_HASHTAG_MAX, targetProblems } from './rules.js';

/**
 * Creates the composer.
 * @param {any} ctx App context.
 * @param {any[]} channels Facebook Pages and Instagram accounts.
 * @param {(post: any) => void} onDone Called after a post was saved, submitted or published.
 * @returns {{el: HTMLElement, edit: (post: any) => Promise<void>, reset: () => void}}
 */
export function createComposer(ctx, channels, onDone) {
  const canPublish = ctx.can('publish_posts');
  /** @type {any|null} */
  let editing = null;
  /** @type {Record<string, string>} */
  let serverProblems = {};

  const text = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'input compose-text', id: 'compose-text', rows: '7',
    placeholder: 'What would you like to share?' }));
  const ai = el('button', { class: 'button button--small', type: 'button', id: 'compose-ai' }, '✦ Write with AI');
  const logButton = el('button', { class: 'button button--small button--ghost', type: 'button', id: 'compose-caption-log',
    hidden: !(canPublish || ctx.can('manage_settings')) }, 'Caption log');
  const aiNote = el('p', { class: 'ai-note', 'aria-live': 'polite', hidden: true });
  const counts = el('div', { class: 'compose-counts', 'aria-live': 'polite' });
  const media = createMediaStrip(() => update());
  const boxes = channels.map((c) => {
    const box = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: `target-${c.id}`, value: String(c.id), 'data-kind': c.kind }));
    box.addEventListener('change', () => update());
    return box;
  });
  const targets = el('fieldset', { class: 'compose-targets' }, el('legend', { class: 'compose-label' }, 'Publish to'),
    channels.length ? el('div', { class: 'target-list' }, ...channels.map((c, i) => el('label', { class: 'target-option', for: `target-${c.id}` },
      boxes[i], kindMark(c.kind), el('span', { class: 'target-name' }, c.name),
      el('span', { class: 'target-kind' }, c.kind === 'instagram' ? 'Instagram account' : 'Facebook Page'),
      c.status !== 'active' ? el('span', { class: 'target-warn' }, 'Reconnect needed') : null)))
      : el('p', { class: 'muted' }, 'No Facebook Page or Instagram account is connected yet. ', el('a', { href: '/settings#channels' }, 'Connect one in Settings'), '.'));
  const when = /** @type {HTMLInputElement} */ (el('input', { class: 'input compose-when', id: 'compose-when', type: 'datetime-local' }));
  const whenField = el('div', { class: 'field compose-when-field' },
    el('label', { for: 'compose-when' }, canPublish ? 'Schedule for' : 'Publish at (optional)'), when,
    el('span', { class: 'hint' }, canPublish ? 'Pick a time, then choose Schedule. Times are in your time zone.' : 'The reviewer publishes it then, or right away if left empty.'));
  const error = el('div', { class: 'alert', role: 'alert', id: 'compose-error' });
  const editBanner = el('div', { class: 'edit-banner', hidden: true });
  const draft = el('button', { class: 'button', type: 'button', id: 'compose-draft' }, 'Save draft');
  const schedule = el('button', { class: 'button', type: 'button', id: 'compose-schedule', hidden: !canPublish }, 'Schedule');
  const primary = el('button', { class: 'button button--primary', type: 'button', id: 'compose-submit' },
    el('span', { class: 'spinner', 'aria-hidden': 'true' }), canPublish ? 'Publish now' : 'Submit for review');
  const draftHint = el('p', { class: 'hint compose-draft-hint', hidden: true }, 'Saving as a draft removes its planned time.');
  const previews = el('div', { class: 'preview-list', id: 'compose-previews' });

  const root = el('div', { class: 'compose' },
    el('div', { class: 'compose-form card' }, editBanner,
      el('div', { class: 'field' }, el('div', { class: 'label-row' }, el('label', { for: 'compose-text', class: 'compose-label' }, 'Post text'), el('span', { class: 'compose-ai-actions' }, logButton, ai)),
        text, counts, aiNote),
      media.el, targets, whenField, error,
      el('div', { class: 'compose-actions' }, draft, schedule, primary), draftHint),
    el('aside', { class: 'compose-previews', 'aria-label': 'Previews' }, el('h2', { class: 'compose-label' }, 'Preview'), previews));

  /** @returns {any[]} */
  const chosen = () => channels.filter((c, i) => boxes[i].checked);

  /** Recomputes counts, previews and messages. */
  function update() {
    const value = text.value;
    const selected = chosen();
    const chars = charCount(value);
    const tags = hashtagCount(value);
    const items = [];
    if (!selected.length || selected.some((c) => c.kind === 'messenger')) {
      items.push(counter('Facebook', `${chars.toLocaleString()} / ${FB_TEXT_MAX.toLocaleString()}`, chars > FB_TEXT_MAX));
    }
    if (selected.some((c) => c.kind === 'instagram')) {
      items.push(counter('Instagram', `${chars.toLocaleString()} / ${IG_CAPTION_MAX.toLocaleString()}`, chars > IG_CAPTION_MAX));
      items.push(counter('Hashtags', `${tags} / ${IG_HASHTAG_MAX}`, tags > IG_HASHTAG_MAX));
    } else if (tags) items.push(counter('Hashtags', String(tags), false));
    counts.replaceChildren(...items);
    const assets = media.get();
    previews.replaceChildren(...(selected.length ? selected.map((c) => {
      const problems = targetProblems(value, assets, c);
      const server = serverProblems[`targets.${c.id}`];
      if (server) problems.push(server);
      return previewCard(c, value, assets, [...new Set(problems)]);
    }) : [el('p', { class: 'preview-empty muted' }, 'Choose where to publish to see how the post will look there.')]));
    schedule.toggleAttribute('disabled', !when.value);
    draftHint.hidden = !(canPublish && editing?.scheduled_at);
  }

  /**
   * One count chip.
   * @param {string} label What is counted.
   * @param {string} value "12 / 2,200".
   * @param {boolean} over Over the limit.
   * @returns {HTMLElement}
   */
  function counter(label, value, over) {
    return el('span', { class: over ? 'count is-over' : 'count' }, `${label} `, el('strong', {}, value));
  }

  /** @returns {{text: string, asset_ids: number[], channel_ids: number[]}} */
  function body() {
    return { text: text.value, asset_ids: media.get().map((a) => a.id), channel_ids: chosen().map((c) => c.id) };
  }

  /** @returns {string|null} An ISO time from the picker, or null. */
  function whenISO() {
    if (!when.value) return null;
    const d = new Date(when.value);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }

  /**
   * Problems that stop publishing, found in the browser.
   * @returns {string|null}
   */
  function blockers() {
    if (!chosen().length) return 'Choose at least one Facebook Page or Instagram account.';
    const bad = chosen().filter((c) => targetProblems(text.value, media.get(), c).length);
    return bad.length ? `Fix the problems shown under ${bad.map((c) => c.name).join(' and ')} first.` : null;
  }

  /**
   * Runs a save action with the buttons disabled and errors shown.
   * @param {HTMLElement} button The clicked button.
   * @param {() => Promise<{post: any, message: string}>} action The API calls.
   */
  async function run(button, action) {
    error.textContent = '';
    serverProblems = {};
    const buttons = [draft, schedule, primary];
    for (const b of buttons) b.setAttribute('disabled', '');
    button.classList.add('is-busy');
    try {
      const { post, message } = await action();
      toast(message);
      reset();
      onDone(post);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        serverProblems = e.fields || {};
        const general = Object.entries(serverProblems).filter(([k]) => !k.startsWith('targets.')).map(([, v]) => v);
        error.textContent = general.length ? general.join(' ') : 'Some channels cannot take this post yet; see the messages under their previews.';
      } else error.textContent = errorText(e);
    } finally {
      for (const b of buttons) b.removeAttribute('disabled');
      button.classList.remove('is-busy');
      update();
    }
  }

  /**
   * Saves content: PATCH when editing, else POST.
   * @param {Record<string, unknown>} extra Fields for this action.
   * @returns {Promise<any>} The post.
   */
  async function save(extra) {
    if (editing) return (await ctx.api('PATCH', `/api/v1/posts/${editing.id}`, { ...body(), ...extra }))?.post;
    const post = (await ctx.api('POST', '/api/v1/posts', { ...body(), ...extra }))?.post;
    editing = post;
    return post;
  }

  draft.addEventListener('click', () => run(draft, async () => {
    const post = await save(editing ? { unschedule: true } : { draft: true });
    return { post, message: 'Draft saved.' };
  }));

  schedule.addEventListener('click', () => {
    const at = whenISO();
    if (!at) return void (error.textContent = 'Pick a date and time first.');
    const problem = blockers();
    if (problem) return void ((error.textContent = problem), update());
    run(schedule, async () => {
      const post = await save({ scheduled_at: at });
      return { post, message: `Scheduled for ${new Date(at).toLocaleString()}.` };
    });
  });

  primary.addEventListener('click', () => {
    const problem = blockers();
    if (problem) return void (error.textContent = problem);
    run(primary, async () => {
      if (canPublish) {
        const saved = await save(editing ? { unschedule: true } : {});
        const post = (await ctx.api('POST', `/api/v1/posts/${saved.id}/publish`))?.post;
        return { post, message: 'Publishing now. Follow it under Posts.' };
      }
      const at = whenISO();
      if (editing && editing.state === 'pending_review') {
        const post = await save(at ? { scheduled_at: at } : { unschedule: true });
        return { post, message: 'Changes sent for review.' };
      }
      // A draft (new, or sent back by a reviewer) is saved, then submitted: the same post, its review comment kept.
      const saved = editing ? await save(at ? { scheduled_at: at } : { unschedule: true })
        : (await ctx.api('POST', '/api/v1/posts', { ...body(), draft: true, ...(at ? { scheduled_at: at } : {}) }))?.post;
      editing = saved;
      const post = (await ctx.api('POST', `/api/v1/posts/${saved.id}/submit`))?.post;
      editing = post;
      return { post, message: 'Sent for review. Someone with publishing rights will approve it.' };
    });
  });

  logButton.addEventListener('click', () => openCaptionLog(ctx.api));
  ai.addEventListener('click', async () => {
    const platform = chosen().some((c) => c.kind === 'instagram') ? 'instagram' : 'facebook';
    const result = await openCaptionDialog(ctx.api, platform);
    if (!result) return;
    text.value = result.caption;
    aiNote.hidden = false;
    aiNote.className = `ai-note ai-note--${result.source === 'ai' ? 'ai' : 'template'}`;
    aiNote.textContent = result.source === 'ai' ? '✦ Written by AI. Read it through before publishing.'
      : 'Written from a built-in template (AI is not available right now). Adjust it to your voice.';
    update();
    text.focus();
  });

  text.addEventListener('input', () => update());
  when.addEventListener('input', () => update());

  /** Empties the composer. */
  function reset() {
    editing = null;
    serverProblems = {};
    text.value = '';
    when.value = '';
    media.set([]);
    for (const b of boxes) b.checked = channels.length === 1;
    aiNote.hidden = true;
    editBanner.hidden = true;
    error.textContent = '';
    update();
  }

  /**
   * Loads a post for editing.
   * @param {any} post Post JSON.
   */
  async function edit(post) {
    reset();
    editing = post;
    text.value = post.text || '';
    when.value = post.scheduled_at ? toLocalInput(post.scheduled_at) : '';
    const ids = new Set((post.targets || []).map((/** @type {any} */ t) => t.channel_id));
    boxes.forEach((b, i) => { b.checked = ids.has(channels[i].id); });
    const cancel = el('button', { class: 'text-button', type: 'button' }, 'Start a new post instead');
    cancel.addEventListener('click', () => reset());
    editBanner.replaceChildren(el('span', {}, `Editing a ${post.state.replace('_', ' ')} post. `),
      post.review_comment ? el('span', { class: 'review-note' }, `Reviewer: “${post.review_comment}” `) : null, cancel);
    editBanner.hidden = false;
    const assets = await Promise.all((post.asset_ids || []).map((/** @type {number} */ id) =>
      ctx.api('GET', `/api/v1/assets/${id}`).then((/** @type {any} */ a) => a?.asset, () => null)));
    media.set(assets.filter(Boolean));
    update();
  }

  reset();
  return { el: root, edit, reset };
}
