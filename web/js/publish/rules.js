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
/** Shortest Instagram Reel in ms (Reels run 3 s to 15 min). */
export const REEL_MIN_MS = 3000;
/** Longest Instagram Reel in ms. */
export const REEL_MAX_MS = 900000;
/** Facebook video length limit in ms. */
export const FB_VIDEO_MAX_MS = 240 * 60000;

/**
 * "2.5 seconds", "16 minutes 3 seconds" (as the server words it).
 * @param {number} ms Milliseconds.
 * @returns {string}
 */
function length(ms) {
  if (ms < 60000) return ms % 1000 === 0 ? `${ms / 1000} seconds` : `${Math.floor(ms / 1000)}.${Math.floor((ms % 1000) / 100)} seconds`;
  const m = Math.floor(ms / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  return s === 0 ? `${m} minutes` : `${m} minutes ${s} seconds`;
}

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
    if (!assets.length) out.push('Instagram needs at least one picture, or one video (a Reel).');
    if (images.length !== assets.length) {
      if (assets.length > 1) out.push('A Reel is one video on its own; remove the other files or post them separately.');
      for (const v of assets) {
        if (String(v.media_type).startsWith('image/') || !v.duration_ms) continue;
        if (v.duration_ms < REEL_MIN_MS) out.push(`“${v.name}” is ${length(v.duration_ms)} long; Instagram Reels must be at least 3 seconds.`);
        if (v.duration_ms > REEL_MAX_MS) out.push(`“${v.name}” is ${length(v.duration_ms)} long; Instagram Reels can be 15 minutes at most.`);
      }
    } else if (assets.length > MAX_IMAGES) out.push(`Instagram allows at most ${MAX_IMAGES} pictures in one post.`);
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
    const videos = assets.length - images.length;
    if (videos && assets.length > 1) out.push('A Facebook video is posted on its own; remove the other files or post them separately.');
    for (const v of assets) if (!String(v.media_type).startsWith('image/') && (v.duration_ms || 0) > FB_VIDEO_MAX_MS) out.push(`“${v.name}” is longer than Facebook’s 240 minutes.`);
    for (const a of images) if (a.size > 4 * 1024 * 1024) out.push(`“${a.name}” is larger than Facebook’s 4 MB photo limit.`);
    if (assets.length > 1 && !videos && !text.trim()) out.push('A Facebook post with several pictures needs some text.');
    if (chars > FB_TEXT_MAX) out.push('The text is longer than Facebook allows.');
  } else {
    out.push(`Posts go to Facebook Pages and Instagram accounts only; this is a ${kindLabel(channel.kind)} channel.`);
  }
  if (channel.status && channel.status !== 'active') out.push(`“${channel.name}” needs to be reconnected first.`);
  return out;
}
