// What Facebook and Instagram accept, checked in the browser while typing (the server checks again: PostRules.swift).
import { charCount, hashtagCount, kindLabel } from './format.js';

/** Instagram caption limit. */
export const IG_CAPTION_MAX = 2200;
/** Instagram hashtag limit. */
export const IG_HASHTAG_MAX = 30;
/** Facebook post text limit. */
export const FB_TEXT_MAX = 63206;
/** Pictures per post (Instagram carousel). */
export const MAX_IMAGES = 10;

/**
 * Everything wrong with sending `text` + `assets` to `channel`, in plain words.
 * @param {string} text Post text.
 * @param {any[]} assets Attached assets.
 * @param {any} channel Channel JSON.
 * @returns {string[]}
 */
export function targetProblems(text, assets, channel) {
  const out = [];
  const images = assets.filter((a) => String(a.media_type).startsWith('image/'));
  const chars = charCount(text);
  if (channel.kind === 'instagram') {
    if (!assets.length) out.push('Instagram needs at least one picture.');
    if (images.length !== assets.length) out.push('Instagram videos (Reels) are not supported yet; attach pictures only.');
    if (assets.length > MAX_IMAGES) out.push(`Instagram allows at most ${MAX_IMAGES} pictures in one post.`);
    for (const a of images) {
      if (a.media_type !== 'image/jpeg') out.push(`Instagram accepts JPEG only: “${a.name}” is ${a.media_type.slice(6).toUpperCase()}.`);
      if (a.width && a.height) {
        const r = a.width / a.height;
        if (r < 0.8 - 0.0005 || r > 1.91 + 0.0005) out.push(`“${a.name}” is ${a.width}×${a.height}; Instagram needs an aspect ratio between 4:5 and 1.91:1.`);
      }
      if (a.size > 8 * 1024 * 1024) out.push(`“${a.name}” is larger than Instagram’s 8 MB.`);
    }
    if (chars > IG_CAPTION_MAX) out.push(`The caption has ${chars.toLocaleString()} characters; Instagram allows ${IG_CAPTION_MAX.toLocaleString()}.`);
    const tags = hashtagCount(text);
    if (tags > IG_HASHTAG_MAX) out.push(`The caption has ${tags} hashtags; Instagram allows ${IG_HASHTAG_MAX}.`);
  } else if (channel.kind === 'messenger') {
    if (!text.trim() && !assets.length) out.push('Facebook needs text or at least one picture.');
    if (images.length !== assets.length) out.push('Facebook videos are not supported yet; attach pictures only.');
    for (const a of images) if (a.size > 4 * 1024 * 1024) out.push(`“${a.name}” is larger than Facebook’s 4 MB photo limit.`);
    if (assets.length > 1 && !text.trim()) out.push('A Facebook post with several pictures needs some text.');
    if (chars > FB_TEXT_MAX) out.push('The text is longer than Facebook allows.');
  } else {
    out.push(`Posts go to Facebook Pages and Instagram accounts only; this is a ${kindLabel(channel.kind)} channel.`);
  }
  if (channel.status && channel.status !== 'active') out.push(`“${channel.name}” needs to be reconnected first.`);
  return out;
}
