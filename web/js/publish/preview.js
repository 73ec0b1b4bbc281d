// Per-target preview cards: roughly how the post will look on a Facebook Page and on Instagram,
// with that target's problems listed under it.
import { el } from '../ui.js';
import { fileUrl, formatDuration, mediaKind } from '../assets/format.js';
import { kindMark } from './format.js';

/**
 * The Instagram crop of the first picture: 4:5, 1:1 or 1.91:1, whichever is nearest.
 * @param {any} asset First asset.
 * @returns {'portrait'|'square'|'landscape'}
 */
export function igAspect(asset) {
  if (mediaKind(asset) === 'video') return 'reel';
  const r = asset?.width && asset?.height ? asset.width / asset.height : 1;
  if (r < 0.9) return 'portrait';
  if (r > 1.4) return 'landscape';
  return 'square';
}

/**
 * A picture (or a video placeholder) filling its box.
 * @param {any} asset Asset.
 * @returns {HTMLElement}
 */
function media(asset) {
  if (mediaKind(asset) === 'video') {
    return el('span', { class: 'preview-video' }, el('span', { 'aria-hidden': 'true' }, '▶'), ` Video${asset.duration_ms ? ` · ${formatDuration(asset.duration_ms)}` : ''}`);
  }
  return el('img', { src: fileUrl(asset.id), alt: '', decoding: 'async' });
}

/**
 * Text with hashtags and links marked, as text nodes only.
 * @param {string} text Caption.
 * @returns {Node[]}
 */
function richText(text) {
  return text.split(/(#[\p{L}\p{N}_]+)/u).filter(Boolean)
    .map((part) => (part.startsWith('#') && part.length > 1 ? el('span', { class: 'preview-tag' }, part) : document.createTextNode(part)));
}

/**
 * The Facebook look: page header, text, a photo grid, the action bar.
 * @param {any} channel Channel.
 * @param {string} text Text.
 * @param {any[]} assets Assets.
 * @returns {HTMLElement}
 */
function facebook(channel, text, assets) {
  const shown = assets.slice(0, 4);
  const more = assets.length - shown.length;
  const grid = shown.length ? el('div', { class: `fb-media fb-media--${Math.min(shown.length, 4)}` }, ...shown.map((a, i) => el('span', { class: mediaKind(a) === 'video' ? 'fb-cell fb-cell--video' : 'fb-cell' }, media(a),
    i === shown.length - 1 && more > 0 ? el('span', { class: 'fb-more' }, `+${more}`) : null))) : null;
  const long = text.length > 400;
  return el('div', { class: 'preview preview--fb' },
    el('div', { class: 'preview-head' }, el('span', { class: 'preview-avatar' }, (channel.name || '?')[0]),
      el('span', {}, el('strong', {}, channel.name), el('span', { class: 'preview-sub' }, 'Just now · Public'))),
    text ? el('p', { class: 'preview-text' }, ...richText(long ? `${text.slice(0, 380)}… ` : text), long ? el('span', { class: 'preview-more' }, 'See more') : null) : null,
    grid,
    el('div', { class: 'fb-actions', 'aria-hidden': 'true' }, el('span', {}, 'Like'), el('span', {}, 'Comment'), el('span', {}, 'Share')));
}

/**
 * The Instagram look: account header, the first picture cropped to Instagram's aspect, the caption cut at 125 characters.
 * @param {any} channel Channel.
 * @param {string} text Caption.
 * @param {any[]} assets Assets.
 * @returns {HTMLElement}
 */
function instagram(channel, text, assets) {
  const first = assets[0];
  const cut = text.length > 125;
  return el('div', { class: 'preview preview--ig' },
    el('div', { class: 'preview-head' }, el('span', { class: 'preview-avatar preview-avatar--ig' }, (channel.name || '?')[0]), el('strong', {}, channel.name)),
    first ? el('div', { class: `ig-media ig-media--${igAspect(first)}` }, media(first),
      assets.length > 1 ? el('span', { class: 'ig-count' }, `1/${assets.length}`) : null)
      : el('div', { class: 'ig-media ig-media--square ig-media--empty' }, el('span', {}, 'Add a picture')),
    assets.length > 1 ? el('div', { class: 'ig-dots', 'aria-hidden': 'true' }, ...assets.slice(0, 10).map((_, i) => el('span', { class: i ? 'ig-dot' : 'ig-dot is-on' }))) : null,
    el('div', { class: 'ig-actions', 'aria-hidden': 'true' }, '♡  ◯  ➤'),
    el('p', { class: 'preview-text' }, el('strong', {}, channel.name), ' ', ...richText(cut ? `${text.slice(0, 125)}… ` : text),
      cut ? el('span', { class: 'preview-more' }, 'more') : null));
}

/**
 * One target's card with its problems.
 * @param {any} channel Channel.
 * @param {string} text Text.
 * @param {any[]} assets Assets.
 * @param {string[]} problems Messages (browser checks and the server's answer).
 * @returns {HTMLElement}
 */
export function previewCard(channel, text, assets, problems) {
  const look = channel.kind === 'instagram' ? instagram(channel, text, assets) : facebook(channel, text, assets);
  return el('section', { class: `preview-card${problems.length ? ' has-problems' : ''}`, 'data-channel': String(channel.id), 'aria-label': `Preview on ${channel.name}` },
    el('h3', { class: 'preview-title' }, kindMark(channel.kind), channel.kind === 'instagram' ? 'Instagram' : 'Facebook Page', el('span', { class: 'muted' }, ` · ${channel.name}`)),
    look,
    problems.length ? el('ul', { class: 'preview-problems', role: 'alert' }, ...problems.map((p) => el('li', {}, p)))
      : el('p', { class: 'preview-ok' }, '✓ Ready for this channel'));
}
