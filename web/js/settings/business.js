// Settings → Business: the name and description captions speak for, and whether captions may come from the AI server.
import { el, toast } from '../ui.js';
import { busy, button, checkbox, clearErrors, field, formAlert, input, loadFailed, loading, sectionHeader, showFailure } from './common.js';

/**
 * Renders the section.
 * @param {HTMLElement} panel Where to render.
 * @param {any} ctx App context.
 */
export async function render(panel, ctx) {
  panel.append(sectionHeader('Business', 'How captions and content plans describe your business.'));
  const wait = loading();
  panel.append(wait);
  /** @type {any} */
  let data;
  try {
    data = await ctx.api('GET', '/api/v1/settings/business');
  } catch (error) {
    wait.replaceWith(loadFailed('The business profile', error));
    return;
  }
  if (ctx.signal.aborted) return;
  const name = input({ maxlength: '100', value: data.name || '', id: 'business-name' });
  const description = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'input', rows: '3', maxlength: '1000', id: 'business-description' }));
  description.value = data.description || '';
  const ai = checkbox('Write captions with the AI model', data.ai_captions !== false, { id: 'business-ai' });
  const aiState = el('p', { class: 'muted', id: 'business-ai-state' }, data.ai_available
    ? `This server uses the model “${data.ai_model}”. Off: captions and content plans use Parley's built-in templates, and nothing is sent to the AI server.`
    : 'No AI server is configured (OPENAI_BASE_URL), so captions come from Parley\'s built-in templates either way.');
  const submit = button('Save', 'primary', { type: 'submit', id: 'business-save' });
  const form = el('form', { class: 'card settings-card settings-form', novalidate: true, id: 'business-form' },
    formAlert(),
    field('name', 'Business name', name, 'Used in captions and as their sign-off. Empty: the workspace name.'),
    field('description', 'About the business', description, 'A sentence or two the AI model gets as context, e.g. “Family café by the harbour, known for cinnamon buns.”'),
    el('fieldset', { class: 'settings-fieldset' }, el('legend', {}, 'AI captions'), ai.row, aiState),
    el('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const saved = await busy(submit, () => ctx.api('PUT', '/api/v1/settings/business',
        { name: name.value.trim(), description: description.value.trim(), ai_captions: ai.box.checked }));
      name.value = saved.name || '';
      toast('Business profile saved.');
    } catch (error) {
      showFailure(form, error);
    }
  });
  wait.replaceWith(form);
}
