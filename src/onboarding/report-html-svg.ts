/**
 * The small pieces the onboarding report page is built from: escaping, numbers that are always
 * finite, and the horizontal bar chart (inline SVG) used per department and per phase.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from the data (names come from imported files) as HTML text or an attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A count as the data gives it, or 0 when it is missing or not a number: never NaN on the page. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** `part / whole` between 0 and 1; 0 when there is no whole (an empty phase, a department without items). */
export function ratio(part: number, whole: number): number {
  const p = count(part);
  const w = count(whole);
  if (w <= 0 || p <= 0) return 0;
  return Math.min(1, p / w);
}

/** A number for an SVG attribute: finite, at most 2 decimals, no exponent. */
export function attr(value: number): string {
  const v = Number.isFinite(value) ? Math.round(value * 100) / 100 : 0;
  return String(v === 0 ? 0 : v);
}

/**
 * A share for people: `92.5%`, `100%`, `0%`. Rounded down, so `100%` means done; a start that
 * rounds to nothing reads `<0.1%`, not `0%`.
 */
export function percent(part: number, whole: number): string {
  const r = ratio(part, whole);
  const tenths = Math.floor(r * 1000 + 1e-9) / 10;
  return tenths === 0 && r > 0 ? '<0.1%' : `${tenths}%`;
}

/** 1234567 → `1,234,567`. */
export function formatCount(value: number): string {
  return count(value).toLocaleString('en-US');
}

export interface Bar {
  /** The attribute name and value that identify the bar, e.g. `['data-department', 'city-amr']`. */
  key: [string, string];
  label: string;
  part: number;
  whole: number;
  /** The figures written beside the bar: short, so they fit beside it on a phone. */
  figures: string;
  /** The figures in words, read out in the chart's aria-label (the short ones when not given). */
  spoken?: string;
}

export interface BarChart {
  /** `data-chart` value: `department`, `phase`. */
  kind: string;
  title: string;
  bars: Bar[];
}

/**
 * The bar track's share of the chart's width; the figures are written in the rest, which holds
 * `12,345 / 67,890 · 18.2%` on a 360px-wide phone.
 */
const TRACK = 60;
/**
 * Longer labels are cut (with …) to fit the width: one cut for a wide screen, a shorter one shown
 * instead on a phone (CSS picks); the aria-label and the tables have them whole.
 */
const LABEL_WIDE = 110;
const LABEL_NARROW = 48;
const ROW = 42;
const LABEL_Y = 15;
const BAR_Y = 22;
const BAR_H = 14;

/**
 * A horizontal bar chart that scales with the page without a viewBox: bar widths are percentages
 * of the chart's width, so text keeps its size on a phone as on a wide screen. Each row is a label
 * line and, under it, the track, the bar (its width proportional to part/whole) and the figures.
 */
export function barChart(chart: BarChart): string {
  const height = Math.max(1, chart.bars.length) * ROW;
  const spoken = chart.bars.map((b) => `${b.label}: ${b.spoken ?? b.figures}`).join('; ');
  const out: string[] = [];
  out.push(
    `<svg class="chart" role="img" data-chart="${escapeHtml(chart.kind)}" width="100%" height="${height}" ` +
      `aria-label="${escapeHtml(`${chart.title}. ${spoken}`)}">`,
    `<title>${escapeHtml(chart.title)}</title>`,
  );
  chart.bars.forEach((b, i) => {
    const top = i * ROW;
    const width = ratio(b.part, b.whole) * TRACK;
    out.push(
      `<g class="row">`,
      label(b.label, top + LABEL_Y),
      `<rect class="track" x="0" y="${top + BAR_Y}" width="${TRACK}%" height="${BAR_H}" rx="3"></rect>`,
      `<rect class="bar" ${b.key[0]}="${escapeHtml(b.key[1])}" x="0" y="${top + BAR_Y}" width="${attr(width)}%" height="${BAR_H}" rx="3"></rect>`,
      `<text class="figures" x="${TRACK + 2}%" y="${top + BAR_Y + BAR_H - 2}">${escapeHtml(b.figures)}</text>`,
      `</g>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

/**
 * Cut to at most `max` width units (with …): a wide character (Chinese) counts 2, others 1, so a
 * cut label fits the same width on a phone whatever its script. Code points, never half a character.
 */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  const widths = chars.map(charWidth);
  if (widths.reduce((sum, w) => sum + w, 0) <= max) return text;
  let kept = 0;
  let used = 1; // the ellipsis
  while (kept < chars.length && used + widths[kept] <= max) used += widths[kept++];
  return `${chars.slice(0, kept).join('')}…`;
}

/** East Asian wide and fullwidth characters take about two Latin characters' width. */
function charWidth(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  const wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

function label(text: string, y: number): string {
  const wide = truncate(text, LABEL_WIDE);
  const narrow = truncate(text, LABEL_NARROW);
  if (wide === narrow) return `<text class="label" x="0" y="${y}">${escapeHtml(wide)}</text>`;
  return (
    `<text class="label label-wide" x="0" y="${y}">${escapeHtml(wide)}</text>` +
    `<text class="label label-narrow" x="0" y="${y}">${escapeHtml(narrow)}</text>`
  );
}

export interface Segment {
  key: string;
  label: string;
  value: number;
}

/** One bar split into segments proportional to their values (the stage strip); empty when all are 0. */
export function stackedBar(kind: string, title: string, segments: Segment[]): string {
  const total = segments.reduce((sum, s) => sum + Math.max(0, count(s.value)), 0);
  const spoken = segments.map((s) => `${s.label} ${formatCount(s.value)}`).join(', ');
  const out: string[] = [
    `<svg class="strip" role="img" data-chart="${escapeHtml(kind)}" width="100%" height="18" ` +
      `aria-label="${escapeHtml(`${title}: ${spoken}`)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<rect class="track" x="0" y="0" width="100%" height="18" rx="3"></rect>`,
  ];
  let x = 0;
  for (const s of segments) {
    const width = ratio(Math.max(0, count(s.value)), total) * 100;
    if (width <= 0) continue;
    out.push(`<rect class="seg-${escapeHtml(s.key)}" data-stage="${escapeHtml(s.key)}" x="${attr(x)}%" y="0" width="${attr(width)}%" height="18"></rect>`);
    x += width;
  }
  out.push('</svg>');
  return out.join('');
}
