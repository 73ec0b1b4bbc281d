// The Review tab (publish_posts only): posts waiting for review, with Approve or Send back with a comment.
import { el, panelMessage, toast } from '../ui.js';
import { errorText } from '../assets/dialog.js';
import { fileUrl } from '../assets/format.js';
import { kindLabel, kindMark, shortTime } from './format.js';

/**
 * Creates the tab.
 * @param {any} ctx App context.
 * @param {(count: number) => void} onCount Reports how many posts wait.
 * @returns {{el: HTMLElement, refresh: () => Promise<void>}}
 */
export function createReviewTab(ctx, onCount) {
  const list = el('div', { class: 'review-list', id: 'review-list' });
  const root = el('div', { class: 'review-tab' }, list);
  /** @type {Map<number, string>} */
  let names = new Map();
  ctx.api('GET', '/api/v1/users').then((/** @type {any} */ a) => {
    names = new Map((a?.users || []).map((/** @type {any} */ u) => [u.id, u.name || u.email]));
  }, () => {});

  /**
   * One post waiting for review.
   * @param {any} post Post JSON.
   * @returns {HTMLElement}
   */
  function card(post) {
    const error = el('p', { class: 'review-error', role: 'alert' });
    const approve = el('button', { class: 'button button--primary button--small review-approve', type: 'button' }, 'Approve');
    const back = el('button', { class: 'button button--small review-back', type: 'button', 'aria-expanded': 'false' }, 'Send back…');
    const comment = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'input', id: `review-comment-${post.id}`, rows: '2', maxlength: '2000',
      placeholder: 'What should change?' }));
    const sendBack = el('button', { class: 'button button--small review-send', type: 'button' }, 'Send back to author');
    const backForm = el('div', { class: 'review-back-form', hidden: true },
      el('label', { for: `review-comment-${post.id}` }, 'Comment for the author'), comment, sendBack);
    const author = names.get(post.created_by) || (post.created_by ? `User #${post.created_by}` : 'Someone');
    const at = post.scheduled_at ? `publish at ${shortTime(new Date(post.scheduled_at))}` : 'publish as soon as approved';
    const node = el('article', { class: 'review-card card', 'data-id': String(post.id) },
      el('div', { class: 'review-head' }, el('strong', {}, author), el('span', { class: 'muted' }, ` asks to ${at}`)),
      el('p', { class: 'post-text' }, post.text || '(no text)'),
      (post.asset_ids || []).length ? el('div', { class: 'review-media' }, ...post.asset_ids.slice(0, 6).map((/** @type {number} */ id) => {
        const img = el('img', { src: fileUrl(id), alt: '', loading: 'lazy' });
        img.addEventListener('error', () => img.replaceWith(el('span', { class: 'post-media-file' }, '▶')), { once: true });
        return img;
      })) : null,
      el('ul', { class: 'review-targets' }, ...(post.targets || []).map((/** @type {any} */ t) =>
        el('li', {}, kindMark(t.kind), `${t.channel_name} `, el('span', { class: 'muted' }, `(${kindLabel(t.kind)})`)))),
      error,
      el('div', { class: 'post-actions' }, approve, back),
      backForm);

    approve.addEventListener('click', async () => {
      error.textContent = '';
      approve.setAttribute('disabled', '');
      try {
        const answer = await ctx.api('POST', `/api/v1/posts/${post.id}/approve`);
        toast(answer?.post?.scheduled_at ? 'Approved and scheduled.' : 'Approved. Publishing now.');
        refresh();
      } catch (e) {
        error.textContent = errorText(e);
        approve.removeAttribute('disabled');
      }
    });
    back.addEventListener('click', () => {
      backForm.hidden = !backForm.hidden;
      back.setAttribute('aria-expanded', String(!backForm.hidden));
      if (!backForm.hidden) comment.focus();
    });
    sendBack.addEventListener('click', async () => {
      error.textContent = '';
      if (!comment.value.trim()) {
        error.textContent = 'Say what should change, so the author knows what to fix.';
        comment.focus();
        return;
      }
      sendBack.setAttribute('disabled', '');
      try {
        await ctx.api('POST', `/api/v1/posts/${post.id}/reject`, { comment: comment.value.trim() });
        toast('Sent back to the author as a draft.');
        refresh();
      } catch (e) {
        error.textContent = errorText(e);
        sendBack.removeAttribute('disabled');
      }
    });
    return node;
  }

  async function refresh() {
    list.replaceChildren(el('div', { class: 'loading' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…'));
    try {
      const page = await ctx.api('GET', '/api/v1/posts?state=pending_review&limit=100');
      const posts = page?.posts || [];
      onCount(posts.length);
      list.replaceChildren(...(posts.length ? posts.map(card) : [panelMessage('Nothing to review', 'Posts your team submits for review appear here.')]));
    } catch (e) {
      list.replaceChildren(panelMessage('Posts could not be loaded', errorText(e), true));
    }
  }

  return { el: root, refresh };
}
