// Charts for the evaluator: SVG as strings, built from the report and the data set, with every data-derived
// string escaped. Each chart says in words what it shows and points to the table that holds its numbers.
import type { Dataset } from './dataset.ts';
import type { Report } from './report-types.ts';
import { escapeHtml as esc } from './export-html.ts';
import { lookupFor, substantivePoints } from '../instrument/scoring.ts';
import { changeChartSvg } from '../charts/change-chart.ts';

export interface Chart {
  id: string;
  title: string;
  /** Plain-language summary: the chart's text equivalent, alongside the table it names. */
  summary: string;
  svg: string;
}

/** Pre and post mean of each scale on its response range: one row per scale, a line from pre to post. */
export function scaleChangeChart(report: Report, dataset: Dataset): Chart | null {
  const rows = report.scales.filter((s) => s.n > 0 && s.pre.mean !== null && s.post.mean !== null);
  if (!rows.length) return null;
  const lookup = lookupFor(dataset.instrument);
  const range = (scaleId: string) => {
    const scale = lookup.scales.get(scaleId)!;
    const values = substantivePoints(lookup.responseScaleOf(lookup.items.get(scale.items[0]!)!)).map((p) => p.value);
    return [Math.min(...values), Math.max(...values)] as const;
  };
  const [lo, hi] = rows.reduce<[number, number]>(
    ([a, b], s) => {
      const [x, y] = range(s.id);
      return [Math.min(a, x), Math.max(b, y)];
    },
    [Infinity, -Infinity],
  );
  const svg = changeChartSvg(
    rows.map((s) => ({ title: s.title, before: s.pre.mean!, after: s.post.mean! })),
    lo,
    hi,
    { before: 'before', after: 'after (mean of matched pairs)' },
  );
  const summary = rows.map((s) => `${s.title}: ${s.pre.mean!.toFixed(2)} before, ${s.post.mean!.toFixed(2)} after (n = ${s.n})`).join('; ');
  return {
    id: 'chart-scales',
    title: 'Mean scale scores before and after',
    summary: `${summary}. The numbers, with tests and confidence intervals, are in the scale table below.`,
    svg,
  };
}

export interface ItemDistribution {
  itemId: string;
  responseScale: string;
  text: string;
  points: { value: number; label: string }[];
  /** Share of matched pairs' answers at each point, pre and post (same order as points). */
  pre: number[];
  post: number[];
  n: number;
}

/** Answer distributions per item over matched pairs that answered the item at both timepoints. */
export function itemDistributions(dataset: Dataset): ItemDistribution[] {
  const lookup = lookupFor(dataset.instrument);
  const pairs = dataset.people.filter((p) => p.pre && p.post && (p.status === 'matched' || p.status === 'fuzzy'));
  // Counted person by person, every item of a person's two records in one pass, each answer's place on its
  // scale from a map: item by item, with a search of the scale for every answer, took 185 ms instead of
  // 30 for 10,000 pairs (Node, first run; the browser runs it once).
  const counts = dataset.instrument.items.map((item) => {
    const points = lookup.responseScaleOf(item).points;
    return { item, points, at: new Map(points.map((pt, i) => [pt.value, i])), pre: points.map(() => 0), post: points.map(() => 0), n: 0 };
  });
  for (const p of pairs) {
    const before = p.pre!.responses;
    const after = p.post!.responses;
    for (const c of counts) {
      const a = before[c.item.id];
      const b = after[c.item.id];
      if (a === null || a === undefined || b === null || b === undefined) continue;
      const i = c.at.get(a);
      const j = c.at.get(b);
      if (i === undefined || j === undefined) continue;
      c.pre[i]! += 1;
      c.post[j]! += 1;
      c.n += 1;
    }
  }
  return counts.map(({ item, points, pre, post, n }) => {
    const share = (counted: number[]) => counted.map((k) => (n ? k / n : 0));
    return { itemId: item.id, responseScale: item.responseScale, text: item.text, points, pre: share(pre), post: share(post), n };
  });
}

const DIVERGING = ['#b2182b', '#ef8a62', '#d5dae0', '#67a9cf', '#2166ac'];

function palette(k: number): string[] {
  if (k === 5) return DIVERGING;
  return Array.from({ length: k }, (_, i) => DIVERGING[Math.round((i / (k - 1)) * 4)]!);
}

/** One diverging chart per response scale (agreement, frequency, …), so each has its own labelled legend. */
export function itemDivergingCharts(distributions: readonly ItemDistribution[], minN = 5): Chart[] {
  const scales = [...new Set(distributions.map((d) => d.responseScale))];
  return scales
    .map((id) =>
      itemDivergingChart(
        distributions.filter((d) => d.responseScale === id),
        id,
        minN,
      ),
    )
    .filter((c): c is Chart => c !== null);
}

/**
 * Diverging stacked bars: for each item a "before" and an "after" bar, the lower answers to the left of
 * the centre line and the higher to the right (a middle point is split across it).
 */
function itemDivergingChart(distributions: readonly ItemDistribution[], scaleId: string, minN: number): Chart | null {
  const rows = distributions.filter((d) => d.n >= minN);
  if (!rows.length) return null;
  const width = 720;
  const left = 300;
  const right = 20;
  const barH = 12;
  const rowH = 2 * barH + 16;
  const top = 44;
  const height = top + rows.length * rowH + 10;
  const centre = left + (width - left - right) / 2;
  const half = (width - left - right) / 2;
  const parts: string[] = [`<line x1="${centre}" x2="${centre}" y1="${top - 6}" y2="${height - 6}" stroke="#1b1f24"/>`];
  const colours = palette(rows[0]!.points.length);
  rows[0]!.points.forEach((p, i) => {
    const lx = 10 + i * 140;
    parts.push(
      `<rect x="${lx}" y="4" width="12" height="12" fill="${colours[i]}"/><text x="${lx + 16}" y="14" font-size="11" fill="#1b1f24">${esc(truncate(p.label, 22))}</text>`,
    );
  });
  parts.push(
    `<text x="${centre - 6}" y="34" text-anchor="end" font-size="11" fill="#4a535e">lower answers</text><text x="${centre + 6}" y="34" font-size="11" fill="#4a535e">higher answers</text>`,
  );
  rows.forEach((d, r) => {
    const y0 = top + r * rowH;
    parts.push(`<text x="${left - 8}" y="${y0 + barH + 4}" text-anchor="end" font-size="11" fill="#1b1f24">${esc(truncate(d.itemId, 40))}</text>`);
    (['pre', 'post'] as const).forEach((when, b) => {
      const shares = d[when];
      const k = shares.length;
      const mid = (k - 1) / 2;
      // Left edge: everything below the middle, plus half of a middle point.
      const leftShare = shares.reduce((s, v, i) => s + (i < mid ? v : i === mid ? v / 2 : 0), 0);
      let xPos = centre - leftShare * half;
      const y = y0 + b * (barH + 2);
      shares.forEach((v, i) => {
        const w = v * half;
        if (w > 0) parts.push(`<rect x="${xPos.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${barH}" fill="${colours[i] ?? palette(k)[i]}"/>`);
        xPos += w;
      });
      parts.push(`<text x="${left + 2}" y="${y + barH - 2}" font-size="9" fill="#4a535e">${when === 'pre' ? 'before' : 'after'}</text>`);
    });
  });
  return {
    id: `chart-items-${scaleId}`,
    title: `Answers before and after: questions answered on the "${rows[0]!.points[0]!.label} … ${rows[0]!.points.at(-1)!.label}" scale`,
    summary: `For each question (${rows.length} with at least ${minN} matched pairs), two bars show the share of answers at each point before and after; lower answers extend left of the centre line and higher answers right. The means and the share agreeing are in the item table below.`,
    svg: svg(width, height, parts),
  };
}

function svg(width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false" font-family="system-ui, sans-serif">${parts.join('')}</svg>`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A chart as a figure whose caption carries the text equivalent. */
export function chartFigure(chart: Chart): string {
  return `<figure class="chart" id="${esc(chart.id)}"><figcaption>${esc(chart.title)}</figcaption>${chart.svg}<p class="chart-summary">${esc(chart.summary)}</p></figure>`;
}
