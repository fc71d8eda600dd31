// Codebook of the exported files: every column, what it means, its values and labels, reverse keying.
import type { Instrument, Item } from '../instrument/schema.ts';
import { lookupFor, minimumAnswered, substantivePoints } from '../instrument/scoring.ts';
import { LONG_FIELDS, scaleScoreColumns, wideColumns } from './export-csv.ts';
import { toCsv } from './export-util.ts';

export interface CodebookRow {
  file: string;
  column: string;
  meaning: string;
  type: 'text' | 'integer' | 'number' | 'logical';
  values: string;
}

const MISSING = 'empty = missing (NA in R)';

function itemValues(instrument: Instrument, item: Item): string {
  const points = lookupFor(instrument).responseScaleOf(item).points;
  const label = (p: (typeof points)[number]) =>
    `${p.value} = ${p.label}${p.missing ? ' (non-substantive: not a point of the scale; set to NA before averaging, as the scale scores do)' : ''}`;
  return `${points.map(label).join('; ')}; empty = not answered`;
}

function reverseNote(instrument: Instrument, item: Item): string {
  if (!item.reverse) return '';
  const values = substantivePoints(lookupFor(instrument).responseScaleOf(item)).map((p) => p.value);
  const sum = Math.min(...values) + Math.max(...values);
  return ` REVERSE-KEYED: the raw answer is stored; scale scores use ${sum} − value (agreeing is the less favourable view).`;
}

const scaleMeaning = (instrument: Instrument, id: string): string => {
  const s = instrument.scales.find((x) => x.id === id)!;
  return `${s.title}: mean of items ${s.items.join(', ')} after reverse keying, if at least ${minimumAnswered(s)} of ${s.items.length} answered. ${s.higherMeans}`;
};

const TIMEPOINT_VALUES =
  'pre = before the lessons; post = after; then = "thinking back to before", answered with post (retrospective pre); followup = some weeks after post';

const STATUS_VALUES =
  'matched = exact pre/post match; fuzzy = matched allowing one differing code element (only with fuzzy matching on); pre_only = no post record; post_only = no pre record';

export function buildCodebook(instrument: Instrument): CodebookRow[] {
  const rows: CodebookRow[] = [];
  const items = new Map(instrument.items.map((i) => [i.id, i]));
  // Long responses
  const long: Record<(typeof LONG_FIELDS)[number], Omit<CodebookRow, 'file' | 'column'>> = {
    participant: {
      meaning:
        'Participant code, normalised (upper case, no accents or spaces), or an id from another system (REDCap record id, Qualtrics id) as written; sources.csv says which kind each file held',
      type: 'text',
      values: 'four parts such as MA-07-SA-2, or an id such as K016',
    },
    timepoint: { meaning: 'When the questionnaire was answered', type: 'text', values: TIMEPOINT_VALUES },
    item: {
      meaning:
        'Item id (see the wide file rows of this codebook for each item\'s text and response options); rows whose item is "demo:<question id>" hold background answers',
      type: 'text',
      values: instrument.items.map((i) => i.id).join(', '),
    },
    value: {
      meaning:
        'Raw answer (not reverse-keyed); on "demo:" rows, the background answer\'s option value (text), so keep those rows apart before reading the column as numbers',
      type: 'text',
      values: `response value of the item, or a background option value; ${MISSING}`,
    },
    cohort: { meaning: 'Cohort named in the record', type: 'text', values: MISSING },
    module: { meaning: 'Training module id', type: 'text', values: MISSING },
    instrument: { meaning: 'Questionnaire id', type: 'text', values: instrument.id },
    instrument_version: { meaning: 'Questionnaire version', type: 'text', values: instrument.version },
    participant_kind: {
      meaning:
        'What the participant column holds: a participant code (normalised, fuzzy matching allowed) or an id from another system (matched exactly as written); the import reads each row back as this says',
      type: 'text',
      values: 'code, id',
    },
  };
  for (const f of LONG_FIELDS) rows.push({ file: 'responses_long.csv', column: f, ...long[f] });

  // Wide
  for (const c of wideColumns(instrument)) {
    const tp = c.timepoint === 'change' ? 'change (post − pre)' : c.timepoint === 'change_followup' ? 'change (follow-up − pre)' : c.timepoint;
    let row: Omit<CodebookRow, 'file' | 'column'>;
    switch (c.kind) {
      case 'id':
        row = {
          participant: {
            meaning:
              'Participant code (of the pre record; of the post record for post-only people), or an id from another system as written (sources.csv says which kind each file held)',
            type: 'text' as const,
            values: 'four parts such as MA-07-SA-2, or an id such as K016',
          },
          participant_post: { meaning: 'Code of the post record when it differs from the pre code (fuzzy pairs)', type: 'text' as const, values: MISSING },
          module: { meaning: 'Training module id', type: 'text' as const, values: MISSING },
          cohort: { meaning: 'Cohort', type: 'text' as const, values: MISSING },
          status: { meaning: 'Matching status', type: 'text' as const, values: STATUS_VALUES },
        }[c.source] ?? { meaning: c.source, type: 'text', values: '' };
        break;
      case 'item': {
        const item = items.get(c.source)!;
        row = { meaning: `${item.id} at ${tp}: "${item.text}"${reverseNote(instrument, item)}`, type: 'integer', values: itemValues(instrument, item) };
        break;
      }
      case 'scale':
        row = { meaning: `Scale score at ${tp}. ${scaleMeaning(instrument, c.source)}`, type: 'number', values: MISSING };
        break;
      case 'comparison': {
        const cmp = instrument.comparisons.find((x) => x.id === c.source)!;
        row = {
          meaning: `${cmp.title} at ${tp}: ${cmp.minuend} score minus ${cmp.subtrahend} score (positive = ${cmp.minuend} rated more favourably)`,
          type: 'number',
          values: MISSING,
        };
        break;
      }
      case 'demographic': {
        const d = instrument.demographics.find((x) => x.id === c.source)!;
        row = {
          meaning: `${d.text} (taken from the pre record, or the post record if the pre record has no answer)`,
          type: 'text',
          values: `${d.options.map((o) => `${o.value} = ${o.label}`).join('; ')}; ${MISSING}`,
        };
        break;
      }
    }
    rows.push({ file: 'wide.csv', column: c.name, ...row });
  }

  // Scale scores
  const scoreCols = scaleScoreColumns(instrument);
  const fixed: Omit<CodebookRow, 'file' | 'column'>[] = [
    {
      meaning:
        'Participant code of this record, or an id from another system as written (LMS learner ids and ids that read as names: a salted hash, lms-… or name-…)',
      type: 'text',
      values: 'four parts such as MA-07-SA-2, or an id such as K016',
    },
    { meaning: 'Training module id', type: 'text', values: MISSING },
    { meaning: 'Cohort', type: 'text', values: MISSING },
    { meaning: 'Timepoint of this record', type: 'text', values: TIMEPOINT_VALUES },
    { meaning: 'Matching status of the person', type: 'text', values: STATUS_VALUES },
  ];
  scoreCols.forEach((col, i) => {
    if (i < fixed.length) rows.push({ file: 'scale_scores.csv', column: col, ...fixed[i]! });
    else {
      const scale = instrument.scales[Math.floor((i - fixed.length) / 2)]!;
      rows.push(
        (i - fixed.length) % 2 === 0
          ? { file: 'scale_scores.csv', column: col, meaning: `Scale score. ${scaleMeaning(instrument, scale.id)}`, type: 'number', values: MISSING }
          : { file: 'scale_scores.csv', column: col, meaning: `Items of ${scale.id} answered`, type: 'integer', values: `0–${scale.items.length}` },
      );
    }
  });

  // Report tables (summary)
  const tables: [string, string][] = [
    [
      'sample_flow.csv',
      'Sample flow: measure, count (files read, LRS pages among them as lrs_pages, records read, imported, rejected, matched, pre-only, post-only, duplicates, exclusions with reasons)',
    ],
    [
      'scales.csv',
      'Per scale: n of matched pairs; pre/post mean, SD, Cronbach alpha with Feldt 95% CI and its n, and the items left out of alpha (answered alike by all); mean change with 95% CI; paired t (t, df, p_t); Wilcoxon (V, p); Cohen d_z with noncentral-t CI; Hedges g_z; reliable change counts',
    ],
    [
      'items.csv',
      'Per item: raw (not reverse-keyed) means and % agree (top two response points) at pre and post over pairs answering both; Wilcoxon V and p, Holm-adjusted p over all items',
    ],
    ['gap.csv', 'Per comparison (e.g. 12-step minus psychiatric attitude): gap at pre and post, change of the gap with CI and paired tests'],
    [
      'subgroups.csv',
      'Per background question, group and scale: n, mean change, SD, 95% CI. "< 5" = fewer than 5 people (suppressed); "suppressed" = hidden so a small group cannot be recovered by subtraction',
    ],
    [
      'subgroup_tests.csv',
      'Welch ANOVA (oneway.test) and Kruskal–Wallis test of change across groups with at least 5 pairs (no answer / prefer not to say not tested)',
    ],
    ['attrition.csv', 'Pre scores of completers vs pre-only respondents, Welch t-test (completers − pre-only)'],
    [
      'followup.csv',
      'Per scale: follow-up − pre on people with both (mean change with CI, paired t, Wilcoxon, d_z, g_z); Friedman test over pre, post and follow-up; pairwise Wilcoxon p with Holm adjustment',
    ],
    ['then_test.csv', 'Per scale: response shift (then − pre) and then → post (post − then), n, mean with CI, paired t'],
    [
      'knowledge.csv',
      'Per module and objective: % correct before and after (an unanswered question counts as not correct), change with CI, paired t, Wilcoxon, d_z',
    ],
    [
      'knowledge_questions.csv',
      'Per knowledge question: people correct before and after; McNemar b (correct before only), c (correct after only), exact binomial when b + c < 25, otherwise chi-squared with continuity correction',
    ],
    [
      'familiarity.csv',
      'Per kind of group: matched pairs answering "Not familiar enough to say" at least once before and after, share of answers, McNemar test',
    ],
    ['attrition_followup.csv', 'Pre scores of people with vs without a follow-up record, Welch t-test'],
    [
      'problems.csv',
      'Every import problem: file, line (CSV) or record (JSON), the id of the xAPI statement that carried the record (statements from an LRS), severity (error = not imported; warning = imported, check), message',
    ],
    [
      'sources.csv',
      'Every file read: format (json, csv, redcap, qualtrics; empty = not read), records imported, how many carry a participant code and how many an id from another system (matched exactly, never fuzzily), participant_ids in words',
    ],
  ];
  for (const [file, meaning] of tables)
    rows.push({ file, column: '(all)', meaning, type: 'text', values: 'numbers at full precision; empty = not computable' });
  return rows;
}

export function exportCodebookCsv(instrument: Instrument): string {
  return toCsv(
    ['file', 'column', 'meaning', 'type', 'values'],
    buildCodebook(instrument).map((r) => [r.file, r.column, r.meaning, r.type, r.values]),
  );
}

const mdCell = (s: string) =>
  s
    .replace(/[\\|]/g, (c) => `\\${c}`)
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/\r?\n|\r/g, ' ');

export function exportCodebookMarkdown(instrument: Instrument): string {
  const rows = buildCodebook(instrument);
  const files = [...new Set(rows.map((r) => r.file))];
  const out = [
    `# Codebook: ${mdCell(instrument.title)} (${mdCell(instrument.id)} ${mdCell(instrument.version)})`,
    '',
    'Missing values are empty cells (read as NA by R `read.csv`). Item values are raw answers; reverse-keyed items are marked and are reversed only inside scale scores.',
    '',
  ];
  for (const file of files) {
    out.push(`## ${file}`, '', '| column | meaning | type | values |', '|---|---|---|---|');
    for (const r of rows.filter((x) => x.file === file)) out.push(`| ${mdCell(r.column)} | ${mdCell(r.meaning)} | ${r.type} | ${mdCell(r.values)} |`);
    out.push('');
  }
  return out.join('\n');
}
