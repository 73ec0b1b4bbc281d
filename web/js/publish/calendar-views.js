// The Calendar tab's three layouts, built from posts grouped by day: the month grid, the week's seven day columns
// and the phone agenda. Weeks start on Monday everywhere. Every day cell is `.cal-day[data-date]`, so the tab's
// drag-to-reschedule code works on both the month grid and the week.
import { el } from '../ui.js';
import { postDate } from './format.js';

/** @typedef {{post: any, when: Date}} DayItem */
/** @typedef {(post: any, when: Date) => HTMLElement} ChipMaker */

/**
 * "2026-03-07" in local time.
 * @param {Date} d Day.
 * @returns {string}
 */
export function isoDay(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * "2026-03-07" → that local day, or null.
 * @param {string} s Day.
 * @returns {Date|null}
 */
export function parseDay(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/**
 * The local day `n` days after `d` (calendar days, so DST changes do not shift it).
 * @param {Date} d Day.
 * @param {number} n Days (may be negative).
 * @returns {Date}
 */
export function addDays(d, n) {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
}

/**
 * The Monday on or before `d`.
 * @param {Date} d Day.
 * @returns {Date}
 */
export function weekStart(d) {
  return addDays(d, -((d.getDay() + 6) % 7));
}

/**
 * "16 – 22 Nov 2026", "30 Nov – 6 Dec 2026" or "29 Dec 2026 – 4 Jan 2027".
 * @param {Date} start Monday.
 * @returns {string}
 */
export function weekTitle(start) {
  const end = addDays(start, 6);
  const mon = (/** @type {Date} */ d) => d.toLocaleDateString(undefined, { month: 'short' });
  if (start.getFullYear() !== end.getFullYear()) {
    return `${start.getDate()} ${mon(start)} ${start.getFullYear()} – ${end.getDate()} ${mon(end)} ${end.getFullYear()}`;
  }
  const from = start.getMonth() === end.getMonth() ? String(start.getDate()) : `${start.getDate()} ${mon(start)}`;
  return `${from} – ${end.getDate()} ${mon(end)} ${end.getFullYear()}`;
}

/**
 * Posts with a time, grouped by local day (`Date.toDateString()`), each day sorted by time.
 * @param {any[]} posts Posts.
 * @returns {Map<string, DayItem[]>}
 */
export function groupByDay(posts) {
  /** @type {Map<string, DayItem[]>} */
  const byDay = new Map();
  for (const post of posts) {
    const when = postDate(post);
    if (!when) continue;
    const key = when.toDateString();
    if (!byDay.has(key)) byDay.set(key, []);
    byDay.get(key)?.push({ post, when });
  }
  for (const list of byDay.values()) list.sort((a, b) => a.when.getTime() - b.when.getTime());
  return byDay;
}

/**
 * The weekday header row.
 * @param {Date} start Monday.
 * @param {boolean} withDates Week view: "Mon 16" instead of "Mon".
 * @returns {HTMLElement}
 */
function headRow(start, withDates) {
  return el('div', { class: 'cal-row cal-row--head', role: 'row' }, ...[0, 1, 2, 3, 4, 5, 6].map((i) => {
    const day = addDays(start, i);
    const name = day.toLocaleDateString(undefined, { weekday: 'short' });
    return el('span', { class: 'cal-dow', role: 'columnheader' }, withDates ? `${name} ${day.getDate()}` : name);
  }));
}

/**
 * The month grid: 5 or 6 weeks, up to three chips a day.
 * @param {number} year Year.
 * @param {number} month Month, 0–11.
 * @param {Map<string, DayItem[]>} byDay Posts by day.
 * @param {ChipMaker} chip Builds one post's chip.
 * @returns {HTMLElement[]} The rows.
 */
export function monthRows(year, month, byDay, chip) {
  const start = weekStart(new Date(year, month, 1));
  const today = new Date().toDateString();
  const rows = [headRow(start, false)];
  for (let w = 0; w < 6; w++) {
    const cells = [];
    for (let i = 0; i < 7; i++) {
      const day = addDays(start, w * 7 + i);
      const items = byDay.get(day.toDateString()) || [];
      const cls = ['cal-day', day.getMonth() !== month ? 'is-other' : '', day.toDateString() === today ? 'is-today' : ''].filter(Boolean).join(' ');
      cells.push(el('div', { class: cls, role: 'gridcell', 'data-date': isoDay(day) },
        el('span', { class: 'cal-num' }, String(day.getDate())), ...items.slice(0, 3).map((x) => chip(x.post, x.when)),
        items.length > 3 ? el('span', { class: 'cal-more' }, `+${items.length - 3} more`) : null));
    }
    if (w === 5 && cells.every((c) => c.classList.contains('is-other'))) break;
    rows.push(el('div', { class: 'cal-row', role: 'row' }, ...cells));
  }
  return rows;
}

/**
 * The week: seven day columns (Monday first) holding every post of the day in time order.
 * @param {Date} start Monday.
 * @param {Map<string, DayItem[]>} byDay Posts by day.
 * @param {ChipMaker} chip Builds one post's chip.
 * @returns {HTMLElement[]} The rows.
 */
export function weekRows(start, byDay, chip) {
  const today = new Date().toDateString();
  const cells = [0, 1, 2, 3, 4, 5, 6].map((i) => {
    const day = addDays(start, i);
    const items = byDay.get(day.toDateString()) || [];
    const label = day.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
    return el('div', { class: `cal-day cal-day--week${day.toDateString() === today ? ' is-today' : ''}`, role: 'gridcell', 'data-date': isoDay(day), 'aria-label': label },
      ...items.map((x) => chip(x.post, x.when)), items.length ? null : el('span', { class: 'cal-empty' }, 'No posts'));
  });
  return [headRow(start, true), el('div', { class: 'cal-row cal-row--week', role: 'row' }, ...cells)];
}

/**
 * The phone agenda: one entry per day with posts between `from` and `to` (exclusive).
 * @param {Date} from First day.
 * @param {Date} to Day after the last.
 * @param {Map<string, DayItem[]>} byDay Posts by day.
 * @param {ChipMaker} chip Builds one post's chip.
 * @param {string} empty Shown when nothing is planned.
 * @returns {HTMLElement[]} The list items.
 */
export function agendaItems(from, to, byDay, chip, empty) {
  const days = [...byDay.values()].filter((items) => items[0].when >= from && items[0].when < to)
    .sort((a, b) => a[0].when.getTime() - b[0].when.getTime());
  if (!days.length) return [el('li', { class: 'muted cal-agenda-empty' }, empty)];
  return days.map((items) => el('li', { class: 'cal-agenda-day' },
    el('span', { class: 'cal-agenda-date' }, items[0].when.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })),
    el('div', { class: 'cal-agenda-posts' }, ...items.map((x) => chip(x.post, x.when)))));
}
