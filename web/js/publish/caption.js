// "Write with AI": tone + topic → a caption from the AI API, or from the built-in templates when AI is not available.
import { el } from '../ui.js';
import { field, formDialog } from '../assets/dialog.js';

/** Tones the server has templates for (Resources/captions/<tone>.txt). */
const TONES = [['friendly', 'Friendly'], ['casual', 'Casual'], ['professional', 'Professional'], ['promotional', 'Promotional'], ['educational', 'Educational'], ['humorous', 'Humorous'], ['inspirational', 'Inspirational']];

/**
 * Asks for a tone and topic, then for a caption.
 * @param {Function} api The API helper.
 * @param {'facebook'|'instagram'} platform Which platform's limits to write for.
 * @returns {Promise<{caption: string, source: string}|undefined>}
 */
export function openCaptionDialog(api, platform) {
  const tone = /** @type {HTMLSelectElement} */ (el('select', { class: 'input', id: 'caption-tone' }, ...TONES.map(([v, l]) => el('option', { value: v }, l))));
  const topic = /** @type {HTMLInputElement} */ (el('input', { class: 'input', id: 'caption-topic', maxlength: '200', autocomplete: 'off',
    placeholder: 'e.g. our new summer brunch menu' }));
  const details = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'input', id: 'caption-details', rows: '3', maxlength: '1000',
    placeholder: 'Anything it should mention: dates, prices, a call to action' }));
  return /** @type {Promise<any>} */ (formDialog('Write with AI', {
    intro: `Writes a ${platform === 'instagram' ? 'Instagram caption with a few hashtags' : 'Facebook post'} for you to check and edit.`,
    fields: [field('caption-tone', 'Tone', tone), field('caption-topic', 'Topic', topic), field('caption-details', 'Details (optional)', details)],
    submitLabel: 'Write caption',
    onSubmit: async () => {
      if (!topic.value.trim()) throw new Error('Say what the post is about.');
      const body = { platform, tone: tone.value, topic: topic.value.trim(), details: details.value.trim() || undefined };
      const answer = await api('POST', '/api/v1/captions', body);
      return { caption: String(answer?.caption || ''), source: String(answer?.source || 'template') };
    },
  }));
}
