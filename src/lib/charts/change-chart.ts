// The before/after chart: one row per score, an open circle before, a filled circle after, a line
// between them, on the response range. One drawing for the learner's results page and the evaluator's
// report. SVG as a string, every label escaped. Pure.
export interface ChangeRow {
  title: string;
  before: number;
  after: number;
}

const BEFORE_COLOUR = '#8a939d';
const AFTER_COLOUR = '#0b5cad';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
export const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function changeChartSvg(rows: readonly ChangeRow[], lo: number, hi: number, labels = { before: 'before', after: 'after' }): string {
  const width = 640;
  const left = 230;
  const right = 30;
  const rowH = 36;
  const top = 30;
  const height = top + rows.length * rowH + 30;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (width - left - right);
  const parts: string[] = [];
  for (let v = lo; v <= hi; v++) {
    parts.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${top - 10}" y2="${height - 25}" stroke="#d5dae0"/>`);
    parts.push(`<text x="${x(v)}" y="${height - 8}" text-anchor="middle" font-size="12" fill="#4a535e">${v}</text>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    const a = x(r.before);
    const b = x(r.after);
    parts.push(`<text x="${left - 10}" y="${y + 4}" text-anchor="end" font-size="12" fill="#1b1f24">${escapeXml(truncate(r.title, 34))}</text>`);
    parts.push(`<line x1="${a}" x2="${b}" y1="${y}" y2="${y}" stroke="${AFTER_COLOUR}" stroke-width="2"/>`);
    parts.push(`<circle cx="${a}" cy="${y}" r="6" fill="#fff" stroke="${BEFORE_COLOUR}" stroke-width="2.5"/>`);
    parts.push(`<circle cx="${b}" cy="${y}" r="6" fill="${AFTER_COLOUR}"/>`);
  });
  parts.push(
    `<g font-size="12" fill="#1b1f24"><circle cx="${left}" cy="12" r="5" fill="#fff" stroke="${BEFORE_COLOUR}" stroke-width="2.5"/><text x="${left + 10}" y="16">${escapeXml(labels.before)}</text>` +
      `<circle cx="${left + 80}" cy="12" r="5" fill="${AFTER_COLOUR}"/><text x="${left + 90}" y="16">${escapeXml(labels.after)}</text></g>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false" font-family="system-ui, sans-serif">${parts.join('')}</svg>`;
}
