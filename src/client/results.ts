// The learner's results page: each measure as what it can honestly show. Views as change before → after
// (with "not familiar" shares), practice as a starting point until the follow-up, knowledge as questions
// answered correctly per objective, and a calendar reminder for the follow-up.
import { changeChartSvg } from '../lib/charts/change-chart.ts';
import type { Instrument } from '../lib/instrument/schema.ts';
import { formatChange, summarizeChange, type MyAnswers } from '../lib/instrument/summary.ts';
import { correctOption, scoreByObjective, scoreKnowledge, type KnowledgeQuestion } from '../lib/knowledge/bank.ts';
import { followUpDue, isLast } from '../lib/learner/steps.ts';
import { shownAttempt } from '../stores/shown-attempt.ts';
import { downloadAttempt } from './result-file.ts';
import { downloadFile } from './download.ts';

interface Data {
  moduleId: string;
  moduleTitle: string;
  scalesByModule: Record<string, string[]>;
  instrument: Instrument;
  objectives: string[];
  knowledge: KnowledgeQuestion[];
}

const el = (tag: string, text: string) => Object.assign(document.createElement(tag), { textContent: text });
const describe = (value: number | null, max: number) => (value === null ? 'not enough answers' : `${value.toFixed(1)} (of 1–${max})`);

export function initResults(): void {
  const data = JSON.parse(document.getElementById('results-data')!.textContent!) as Data;
  const $ = (selector: string) => document.querySelector<HTMLElement>(selector)!;
  // The page's unit's attempt, or the one that finished the module under another unit (finished.ts).
  const { pageUnitId, found } = shownAttempt(data.moduleId);
  if (!found) {
    $('[data-results-missing]').hidden = false;
    return;
  }
  const { attempt, unitId } = found;
  const elsewhere = unitId !== pageUnitId;
  if (elsewhere) {
    // The words are the page's; only how and when are filled in.
    if (attempt.modules.length > 1) $('[data-elsewhere-how]').textContent = `in an assignment of ${attempt.modules.length} modules`;
    $('[data-elsewhere-date]').textContent = new Date(found.record.completedAt).toLocaleDateString(undefined, { dateStyle: 'long' });
    $('[data-results-elsewhere]').hidden = false;
  }
  const last = isLast(attempt.modules, data.moduleId);
  const record = (id: string) => attempt.steps[id]?.record?.responses ?? null;
  const answers: MyAnswers = { pre: record('pre'), post: record('post'), then: record('then'), followup: record('followup') };
  const scaleIds = [...new Set(attempt.modules.flatMap((m) => data.scalesByModule[m] ?? []))];
  const summary = summarizeChange(data.instrument, scaleIds, answers);

  // Views (and every scale that is not practice): change before → after.
  if (answers.post) {
    const rows = summary.scales.filter((s) => s.kind === 'other');
    for (const row of rows) {
      const tr = document.createElement('tr');
      tr.dataset.scale = row.scaleId;
      const th = el('th', row.title) as HTMLTableCellElement;
      th.scope = 'row';
      tr.append(
        th,
        el('td', describe(row.pre, row.max)),
        el('td', describe(row.after, row.max)),
        el('td', row.change === null ? '–' : formatChange(row.change)),
      );
      $('[data-results-body]').append(tr);
      if (row.change !== null) {
        const direction = Math.abs(row.change) < 0.05 ? 'stayed about the same' : row.change > 0 ? 'went up' : 'went down';
        $('[data-results-text]').append(el('p', `${row.title}: your score ${direction} (${formatChange(row.change)}). ${row.higherMeans}`));
      }
      if (row.then !== null && row.pre !== null && row.after !== null) {
        $('[data-then-text]').append(
          el(
            'p',
            `${row.title}: looking back after the lessons, you put your view before them at ${row.then.toFixed(1)}, against ${row.pre.toFixed(1)} when you answered before. From that looking-back view, your score changed by ${formatChange(row.after - row.then)}.`,
          ),
        );
      }
    }
    const charted = rows.filter((r) => r.pre !== null && r.after !== null);
    if (charted.length) {
      $('[data-chart-svg]').innerHTML = changeChartSvg(
        charted.map((r) => ({ title: r.title, before: r.pre!, after: r.after! })),
        1,
        5,
      );
      $('[data-chart]').hidden = false;
    }
    for (const f of summary.familiarity) {
      if (!f.pre || !f.post) continue;
      const kind = f.target === 'twelve-step' ? '12-step groups' : f.target === 'psychiatric' ? 'psychiatric mutual support groups' : 'groups';
      $('[data-familiarity-text]').append(
        el(
          'p',
          `Questions about ${kind} you answered "Not familiar enough to say": ${f.pre.notFamiliar} of ${f.pre.asked} before, ${f.post.notFamiliar} of ${f.post.asked} after.`,
        ),
      );
    }
    $('[data-familiarity-note]').hidden = !$('[data-familiarity-text]').childElementCount;
    for (const c of summary.comparisons) {
      const phrase = (gap: number | null) =>
        gap === null
          ? 'there were not enough answers to compare'
          : Math.abs(gap) < 0.05
            ? 'you rated both kinds of group about the same'
            : `you rated 12-step groups ${Math.abs(gap).toFixed(1)} points ${gap > 0 ? 'more' : 'less'} favourably than psychiatric mutual support groups`;
      const p = el('p', `Before the lessons, ${phrase(c.pre)}. After the lessons, ${phrase(c.post)}.`);
      p.dataset.comparison = c.comparisonId;
      $('[data-comparison-text]').append(p);
    }
    $('[data-views-section]').hidden = false;
  } else $('[data-views-later]').hidden = false;

  // Practice: the past 3 months cannot change in the minutes between two questionnaires.
  const practice = summary.scales.find((s) => s.kind === 'practice');
  if (practice && practice.pre !== null) {
    $('[data-practice-text]').textContent =
      practice.after !== null
        ? `Your practice score was ${practice.pre.toFixed(1)} before the module and ${practice.after.toFixed(1)} at the follow-up (${formatChange(practice.change!)}). ${practice.higherMeans}`
        : `Your starting point: ${practice.pre.toFixed(1)} (of 1–5).`;
    // Why it is a starting point: the page's words, shown until the follow-up.
    $('[data-practice-later]').hidden = practice.after !== null;
    $('[data-practice-section]').hidden = false;
  }

  // Knowledge: share correct before and after, per objective.
  if (data.knowledge.length) {
    // The module's own knowledge questions: before its lessons, and in the record that finished it.
    const before = attempt.steps[attempt.modules[0] === data.moduleId ? 'pre' : `pre:${data.moduleId}`]?.record?.knowledge ?? null;
    const after = found.record.knowledge ?? null;
    const b = before ? scoreKnowledge(data.knowledge, before) : null;
    const a = after ? scoreKnowledge(data.knowledge, after) : null;
    // The sentence is the page's; only the counts are filled in.
    const count = (s: typeof a) => (s ? `${s.correct} of ${s.asked}` : 'none');
    $('[data-knowledge-before]').textContent = count(b);
    $('[data-knowledge-after]').textContent = count(a);
    for (const o of scoreByObjective(data.knowledge, before, after)) {
      const tr = document.createElement('tr');
      const th = el('th', data.objectives[o.objective - 1] ?? `Objective ${o.objective}`) as HTMLTableCellElement;
      th.scope = 'row';
      const cell = (n: number | null) => (n === null ? '–' : `${n} of ${o.asked}`);
      tr.append(th, el('td', cell(o.correctBefore)), el('td', cell(o.correctAfter)));
      $('[data-knowledge-body]').append(tr);
    }
    for (const q of data.knowledge) {
      const li = el('li', `${q.text} Answer: ${q.options[correctOption(q)]!.text} ${q.explanation}`);
      $('[data-knowledge-answers]').append(li);
    }
    $('[data-knowledge-results]').hidden = false;
  }

  // Follow-up reminder: an .ics file made here; its link lets another browser find the same unit.
  // Not for another unit's attempt: the follow-up page goes on in the page's own unit.
  const due = last && !elsewhere ? followUpDue(attempt) : null;
  if (due && !attempt.steps.followup?.completedAt) {
    $('[data-followup-when]').textContent = `Your follow-up questionnaire will be ready on ${due.toLocaleDateString(undefined, { dateStyle: 'long' })}.`;
    $('[data-ics]').addEventListener('click', () => {
      const o = attempt.options;
      const query = new URLSearchParams({ m: attempt.modules.join(','), c: attempt.cohort ?? '', fu: String(o.followUpDays), go: 'follow-up' });
      if (o.followUpKnowledge) query.set('fk', '1');
      // Inside an LMS package the pages' address is the LMS's file store, not a page to come back to.
      const inLms = !!window.frameElement?.hasAttribute('data-lms-frame');
      const url = inLms ? null : attempt.cohort ? `${location.origin}/assignment/?${query}` : `${location.origin}/modules/${data.moduleId}/follow-up/`;
      const worker = new Worker(new URL('./ics-worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<string>) => {
        downloadFile(`follow-up-${data.moduleId}.ics`, event.data, 'text/calendar');
        worker.terminate();
      };
      worker.postMessage({ due: due.toISOString(), url, moduleTitle: data.moduleTitle, uid: `${attempt.id}@mutual-support-training` });
    });
    $('[data-followup-offer]').hidden = false;
  }

  $('[data-results]').hidden = false;
  $('[data-download-record]').addEventListener('click', () => downloadAttempt(unitId, attempt));
}
