// A small inline SVG bar chart of engagement (likes, comments, shares per target), built with DOM APIs.
const NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an SVG element with attributes.
 * @param {string} tag Tag.
 * @param {Record<string, string|number>} attrs Attributes.
 * @returns {SVGElement}
 */
function svg(tag, attrs) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const METRICS = /** @type {const} */ ([['likes', 'Likes'], ['comments', 'Comments'], ['shares', 'Shares']]);

/**
 * The chart for a post's published targets, or null when no numbers were fetched yet.
 * @param {any[]} targets Post targets.
 * @returns {SVGSVGElement|null}
 */
export function engagementChart(targets) {
  const rows = targets.filter((t) => t.state === 'published' && [t.likes, t.comments, t.shares].some((v) => typeof v === 'number'));
  if (!rows.length) return null;
  const bars = rows.flatMap((t) => METRICS.filter(([k]) => k !== 'shares' || t.kind === 'messenger')
    .map(([k, label]) => ({ target: t, key: k, label, value: Number(t[k]) || 0 })));
  const max = Math.max(1, ...bars.map((b) => b.value));
  const labelW = 128, barW = 150, numW = 40, rowH = 16, groupGap = 8;
  const width = labelW + barW + numW;
  const height = rows.length * groupGap + bars.length * rowH;
  const summary = rows.map((t) => `${t.channel_name}: ${METRICS.map(([k, l]) => `${Number(t[k]) || 0} ${l.toLowerCase()}`).join(', ')}`).join('; ');
  const root = /** @type {SVGSVGElement} */ (svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'engagement-chart', role: 'img', 'aria-label': `Engagement. ${summary}` }));
  const title = svg('title', {});
  title.textContent = `Engagement. ${summary}`;
  root.append(title);
  let y = 0;
  for (const t of rows) {
    y += groupGap / 2;
    for (const b of bars.filter((x) => x.target === t)) {
      const label = svg('text', { x: 0, y: y + 11, class: 'chart-label' });
      label.textContent = b.key === 'likes' ? `${shorten(t.channel_name)} · ${b.label}` : b.label;
      const w = Math.max(2, Math.round((b.value / max) * barW));
      const track = svg('rect', { x: labelW, y: y + 3, width: barW, height: 10, rx: 2, class: 'chart-track' });
      const bar = svg('rect', { x: labelW, y: y + 3, width: w, height: 10, rx: 2, class: `chart-bar chart-bar--${b.key}` });
      const num = svg('text', { x: labelW + barW + 6, y: y + 11, class: 'chart-num' });
      num.textContent = b.value.toLocaleString();
      root.append(label, track, bar, num);
      y += rowH;
    }
    y += groupGap / 2;
  }
  return root;
}

/**
 * @param {string} name Channel name.
 * @returns {string}
 */
function shorten(name) {
  const s = String(name || '');
  return s.length > 12 ? `${s.slice(0, 11)}…` : s;
}
