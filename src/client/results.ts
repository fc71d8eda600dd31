import type { Instrument } from '../lib/instrument/schema.ts';
import { formatChange, summarizeChange } from '../lib/instrument/summary.ts';
import { currentAttempt } from '../stores/learner.ts';
import { downloadAttempt } from './result-file.ts';

function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

const describe = (value: number | null, min: number, max: number) => (value === null ? 'not enough answers' : `${value.toFixed(1)} (of ${min}–${max})`);

export function initResults(): void {
  const data = JSON.parse(document.getElementById('results-data')!.textContent!) as {
    moduleId: string;
    scaleIds: string[];
    instrument: Instrument;
  };
  const attempt = currentAttempt(data.moduleId);
  const pre = attempt?.pre.record;
  const post = attempt?.post.record;
  if (!attempt || !pre || !post) {
    document.querySelector<HTMLElement>('[data-results-missing]')!.hidden = false;
    return;
  }
  const summary = summarizeChange(data.instrument, data.scaleIds, pre.responses, post.responses);
  const body = document.querySelector('[data-results-body]')!;
  const text = document.querySelector('[data-results-text]')!;
  for (const row of summary.scales) {
    const tr = document.createElement('tr');
    tr.dataset.scale = row.scaleId;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = row.title;
    tr.append(th);
    for (const cell of [describe(row.pre, row.min, row.max), describe(row.post, row.min, row.max), row.change === null ? '–' : formatChange(row.change)]) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.append(td);
    }
    body.append(tr);
    if (row.change !== null) {
      const direction = Math.abs(row.change) < 0.05 ? 'stayed about the same' : row.change > 0 ? 'went up' : 'went down';
      text.append(paragraph(`${row.title}: your score ${direction} (${formatChange(row.change)}). ${row.higherMeans}`));
    }
  }
  const comparisonBox = document.querySelector('[data-comparison-text]')!;
  for (const c of summary.comparisons) {
    const phrase = (gap: number | null) =>
      gap === null
        ? 'there were not enough answers to compare'
        : Math.abs(gap) < 0.05
          ? 'you rated both kinds of group about the same'
          : `you rated 12-step groups ${Math.abs(gap).toFixed(1)} points ${gap > 0 ? 'more' : 'less'} favourably than psychiatric mutual support groups`;
    const p = paragraph(`Before the lessons, ${phrase(c.pre)}. After the lessons, ${phrase(c.post)}.`);
    p.dataset.comparison = c.comparisonId;
    comparisonBox.append(p);
  }
  document.querySelector<HTMLElement>('[data-results]')!.hidden = false;
  document.querySelector('[data-download-record]')!.addEventListener('click', () => downloadAttempt(data.moduleId, attempt));
}
