// CSV exports for R, SPSS, Stata and spreadsheets (pure string builders, shared with the browser).
// Every file is read by R's read.csv() without cleaning: one header row, syntactic column names (wide),
// numbers as plain numbers, missing = empty cell (read as NA). Text cells that a spreadsheet would run
// as a formula are neutralised with a leading single quote (export-util.ts).
import type { Instrument } from '../instrument/schema.ts';
import type { ImportedRecord } from '../import/import-types.ts';
import type { Dataset, Person } from './dataset.ts';
import { rName, toCsv, uniqueNames, type Cell } from './export-util.ts';
import type { AttritionResult, Report } from './report-types.ts';

export const LONG_FIELDS = ['participant', 'timepoint', 'item', 'value', 'cohort', 'module', 'instrument', 'instrument_version', 'participant_kind'] as const;

/** The participant_kind column of the long CSV: "code" for a participant code, "id" for an id from another system. */
export const longParticipantKind = (r: Pick<ImportedRecord, 'participantKind'>): 'code' | 'id' => (r.participantKind === 'opaque' ? 'id' : 'code');

/** Records the analysis used: each person's pre, post, then and follow-up record (duplicates left out). */
function usedRecords(ds: Dataset): ImportedRecord[] {
  const out: ImportedRecord[] = [];
  for (const p of ds.people) for (const r of [p.pre, p.post, p.then, p.followup]) if (r) out.push(r);
  return out;
}

/**
 * Long responses: one row per participant × timepoint × item (docs/formats.md, format 3), for the records the
 * analysis used (timepoints pre, post, then, followup). value is the raw answer (not reverse-keyed; the
 * non-substantive codes such as 8 = "not familiar" as they are), empty when not answered. With
 * `demographics: true`, background answers are added as rows with item "demo:<question id>" (the value
 * column then holds text too; leave it off for a purely numeric value column). participant_kind says what each
 * participant is ("code" or "id"), so that the import reads the file back as it was: an id from another system
 * that reads like a code stays an id, and codes and ids may share the file.
 */
export function exportLongCsv(ds: Dataset, options: { demographics?: boolean } = {}): string {
  const { instrument } = ds;
  const rows: Cell[][] = [];
  for (const r of usedRecords(ds)) {
    const base = [r.participant, r.timepoint] as const;
    const tail = [r.cohort, r.module, instrument.id, instrument.version, longParticipantKind(r)] as const;
    for (const item of instrument.items) {
      if (!(item.id in r.responses)) continue;
      rows.push([...base, item.id, r.responses[item.id] ?? null, ...tail]);
    }
    if (options.demographics) {
      for (const d of instrument.demographics) rows.push([...base, `demo:${d.id}`, r.demographics[d.id] ?? null, ...tail]);
    }
  }
  return toCsv(LONG_FIELDS, rows);
}

export interface WideColumn {
  name: string;
  /** What the column holds (used by the codebook). */
  kind: 'id' | 'item' | 'scale' | 'comparison' | 'demographic';
  source: string;
  timepoint?: 'pre' | 'post' | 'change' | 'then' | 'followup' | 'change_followup';
  value: (p: Person) => Cell;
}

/** Columns of the wide file, in order, with syntactic R names (see rName). */
export function wideColumns(instrument: Instrument): WideColumn[] {
  const cols: (Omit<WideColumn, 'name'> & { base: string })[] = [];
  const add = (base: string, c: Omit<WideColumn, 'name'>) => cols.push({ ...c, base });
  add('participant', { kind: 'id', source: 'participant', value: (p) => p.participant });
  add('participant_post', { kind: 'id', source: 'participant_post', value: (p) => p.participantPost });
  add('module', { kind: 'id', source: 'module', value: (p) => p.module });
  add('cohort', { kind: 'id', source: 'cohort', value: (p) => p.cohort });
  add('status', { kind: 'id', source: 'status', value: (p) => p.status });
  for (const item of instrument.items) {
    for (const tp of ['pre', 'post', 'then', 'followup'] as const) {
      add(`${rName(item.id)}_${tp}`, { kind: 'item', source: item.id, timepoint: tp, value: (p) => p[tp]?.responses[item.id] ?? null });
    }
  }
  const scoresOf = { pre: 'preScores', post: 'postScores', then: 'thenScores', followup: 'followupScores' } as const;
  const score = (p: Person, side: keyof typeof scoresOf, id: string) => p[scoresOf[side]]?.score[id] ?? NaN;
  for (const s of instrument.scales) {
    add(`${rName(s.id)}_pre`, { kind: 'scale', source: s.id, timepoint: 'pre', value: (p) => score(p, 'pre', s.id) });
    add(`${rName(s.id)}_post`, { kind: 'scale', source: s.id, timepoint: 'post', value: (p) => score(p, 'post', s.id) });
    add(`${rName(s.id)}_change`, { kind: 'scale', source: s.id, timepoint: 'change', value: (p) => score(p, 'post', s.id) - score(p, 'pre', s.id) });
    add(`${rName(s.id)}_then`, { kind: 'scale', source: s.id, timepoint: 'then', value: (p) => score(p, 'then', s.id) });
    add(`${rName(s.id)}_followup`, { kind: 'scale', source: s.id, timepoint: 'followup', value: (p) => score(p, 'followup', s.id) });
    add(`${rName(s.id)}_change_followup`, {
      kind: 'scale',
      source: s.id,
      timepoint: 'change_followup',
      value: (p) => score(p, 'followup', s.id) - score(p, 'pre', s.id),
    });
  }
  for (const c of instrument.comparisons) {
    add(`${rName(c.id)}_pre`, { kind: 'comparison', source: c.id, timepoint: 'pre', value: (p) => p.preComparisons[c.id] ?? NaN });
    add(`${rName(c.id)}_post`, { kind: 'comparison', source: c.id, timepoint: 'post', value: (p) => p.postComparisons[c.id] ?? NaN });
    add(`${rName(c.id)}_change`, {
      kind: 'comparison',
      source: c.id,
      timepoint: 'change',
      value: (p) => (p.postComparisons[c.id] ?? NaN) - (p.preComparisons[c.id] ?? NaN),
    });
  }
  for (const d of instrument.demographics) add(rName(d.id), { kind: 'demographic', source: d.id, value: (p) => p.demographics[d.id] ?? null });
  const names = uniqueNames(cols.map((c) => c.base));
  return cols.map(({ base: _base, ...c }, i) => ({ ...c, name: names[i]! }));
}

/** Wide: one row per participant × module (matched, fuzzy, pre-only and post-only people). */
export function exportWideCsv(ds: Dataset): string {
  const cols = wideColumns(ds.instrument);
  return toCsv(
    cols.map((c) => c.name),
    ds.people.map((p) => cols.map((c) => c.value(p))),
  );
}

/** The columns of scale_scores.csv: five about the record, then each scale's score and items answered. */
export const scaleScoreColumns = (instrument: Instrument): string[] =>
  uniqueNames(['participant', 'module', 'cohort', 'timepoint', 'status', ...instrument.scales.flatMap((s) => [rName(s.id), `${rName(s.id)}_answered`])]);

/** Scale scores: one row per person × timepoint used, with the number of items answered per scale. */
export function exportScaleScoresCsv(ds: Dataset): string {
  const { instrument } = ds;
  const fields = scaleScoreColumns(instrument);
  const rows: Cell[][] = [];
  for (const p of ds.people) {
    for (const side of ['pre', 'post', 'then', 'followup'] as const) {
      const r = p[side];
      const s = { pre: p.preScores, post: p.postScores, then: p.thenScores, followup: p.followupScores }[side];
      if (!r || !s) continue;
      rows.push([r.participant, p.module, p.cohort, side, p.status, ...instrument.scales.flatMap((sc) => [s.score[sc.id] ?? NaN, s.answered[sc.id] ?? 0])]);
    }
  }
  return toCsv(fields, rows);
}

/** The columns of attrition.csv and attrition_followup.csv, whose two groups are named `first` and `second`. */
const attritionColumns = (first: string, second: string) => [
  'scale',
  ...[first, second].flatMap((group) => [`${group}_n`, `${group}_mean`, `${group}_sd`]),
  'difference',
  'ci_low',
  'ci_high',
  't',
  'df',
  'p',
  'note',
];

/** One row of attrition.csv or attrition_followup.csv: the pre scores of two groups and their Welch test. */
const attritionRow = (a: AttritionResult) => [
  a.scale,
  a.completers.n,
  a.completers.mean,
  a.completers.sd,
  a.preOnly.n,
  a.preOnly.mean,
  a.preOnly.sd,
  a.welch?.difference,
  a.welch?.ciLow,
  a.welch?.ciHigh,
  a.welch?.t,
  a.welch?.df,
  a.welch?.p,
  a.note,
];

/** The report's tables as CSV files (file name → content). Suppressed counts appear as "< 5" / "suppressed". */
export function exportReportTablesCsv(report: Report): Record<string, string> {
  const f = report.sampleFlow;
  const flowRows: Cell[][] = [
    ['files', f.files],
    ['lrs_pages', f.lrsPages],
    ['records_read', f.recordsRead],
    ['imported', f.imported],
    ['rejected', f.rejected],
    ['other_instrument', f.otherInstrument],
    ['identical_copies', f.identicalCopies],
    ['checksum_mismatch', f.checksumMismatch],
    ['pre_records', f.preRecords],
    ['post_records', f.postRecords],
    ['pre', f.pre],
    ['post', f.post],
    ['matched', f.matched],
    ['matched_fuzzy', f.matchedFuzzy],
    ['pre_only', f.preOnly],
    ['post_only', f.postOnly],
    ['duplicates', f.duplicates],
    ['ambiguous_fuzzy', f.ambiguousFuzzy],
    ['fuzzy_available', f.fuzzyAvailable],
    ['followup_records', f.followup],
    ['matched_followup', f.matchedFollowUp],
    ['pre_post_followup', f.allThree],
    ['then_records', f.then],
    ['knowledge_only_records', f.knowledgeOnly],
    ...f.excluded.map((e) => [`excluded: ${e.reason}`, e.count]),
  ];
  const paired = (x: {
    tTest: { t: number | null; df: number | null; p: number | null };
    wilcoxon: { V: number | null; p: number | null; method: string };
    effectSize: { dz: number | null; dzCiLow: number | null; dzCiHigh: number | null; gz: number | null };
  }): Cell[] => [
    x.tTest.t,
    x.tTest.df,
    x.tTest.p,
    x.wilcoxon.V,
    x.wilcoxon.p,
    x.wilcoxon.method,
    x.effectSize.dz,
    x.effectSize.dzCiLow,
    x.effectSize.dzCiHigh,
    x.effectSize.gz,
  ];
  const pairedFields = ['t', 'df', 'p_t', 'wilcoxon_V', 'p_wilcoxon', 'wilcoxon_method', 'dz', 'dz_ci_low', 'dz_ci_high', 'gz'];
  return {
    'sample_flow.csv': toCsv(['measure', 'count'], flowRows),
    'scales.csv': toCsv(
      [
        'scale',
        'title',
        'n',
        'pre_mean',
        'pre_sd',
        'pre_alpha',
        'pre_alpha_ci_low',
        'pre_alpha_ci_high',
        'pre_alpha_n',
        'pre_alpha_left_out',
        'pre_prorated',
        'post_mean',
        'post_sd',
        'post_alpha',
        'post_alpha_ci_low',
        'post_alpha_ci_high',
        'post_alpha_n',
        'post_alpha_left_out',
        'post_prorated',
        'diff_mean',
        'diff_sd',
        'diff_ci_low',
        'diff_ci_high',
        ...pairedFields,
        'rci_improved',
        'rci_unchanged',
        'rci_deteriorated',
        'rci_n',
        'rci_min_reliable_change',
      ],
      report.scales.map((s) => [
        s.id,
        s.title,
        s.n,
        s.pre.mean,
        s.pre.sd,
        s.pre.alpha,
        s.pre.alphaCiLow,
        s.pre.alphaCiHigh,
        s.pre.alphaN,
        s.pre.alphaLeftOut.join(' '),
        s.pre.prorated,
        s.post.mean,
        s.post.sd,
        s.post.alpha,
        s.post.alphaCiLow,
        s.post.alphaCiHigh,
        s.post.alphaN,
        s.post.alphaLeftOut.join(' '),
        s.post.prorated,
        s.difference.mean,
        s.difference.sd,
        s.difference.ciLow,
        s.difference.ciHigh,
        ...paired(s),
        s.reliableChange.improved,
        s.reliableChange.unchanged,
        s.reliableChange.deteriorated,
        s.reliableChange.n,
        s.reliableChange.minimumReliableChange,
      ]),
    ),
    'items.csv': toCsv(
      ['item', 'scales', 'reverse', 'n', 'pre_mean', 'pre_agree_pct', 'post_mean', 'post_agree_pct', 'wilcoxon_V', 'p_wilcoxon', 'p_holm', 'wilcoxon_method'],
      report.items.map((i) => [
        i.id,
        i.scales.join(' '),
        i.reverse,
        i.n,
        i.pre.mean,
        i.pre.agree,
        i.post.mean,
        i.post.agree,
        i.wilcoxon.V,
        i.wilcoxon.p,
        i.wilcoxon.pHolm,
        i.wilcoxon.method,
      ]),
    ),
    'gap.csv': toCsv(
      [
        'comparison',
        'minuend',
        'subtrahend',
        'n',
        'pre_mean',
        'pre_sd',
        'post_mean',
        'post_sd',
        'change_mean',
        'change_sd',
        'change_ci_low',
        'change_ci_high',
        ...pairedFields,
      ],
      report.gap.map((g) => [
        g.id,
        g.minuend,
        g.subtrahend,
        g.n,
        g.pre.mean,
        g.pre.sd,
        g.post.mean,
        g.post.sd,
        g.change.mean,
        g.change.sd,
        g.change.ciLow,
        g.change.ciHigh,
        ...paired(g),
      ]),
    ),
    'subgroups.csv': toCsv(
      ['question', 'group', 'group_label', 'group_n', 'scale', 'n', 'mean_change', 'sd_change', 'ci_low', 'ci_high'],
      report.subgroups.flatMap((q) =>
        q.groups.flatMap((g) => g.scales.map((c) => [q.id, g.value ?? 'no_answer', g.label, g.n, c.scale, c.n, c.meanChange, c.sdChange, c.ciLow, c.ciHigh])),
      ),
    ),
    'subgroup_tests.csv': toCsv(
      ['question', 'scale', 'groups', 'n', 'welch_F', 'welch_df1', 'welch_df2', 'welch_p', 'kruskal_H', 'kruskal_df', 'kruskal_p', 'note'],
      report.subgroups.flatMap((q) =>
        q.tests.map((t) => [
          q.id,
          t.scale,
          t.groups.join(' '),
          t.n,
          t.welchAnova?.F,
          t.welchAnova?.df1,
          t.welchAnova?.df2,
          t.welchAnova?.p,
          t.kruskalWallis?.H,
          t.kruskalWallis?.df,
          t.kruskalWallis?.p,
          t.note,
        ]),
      ),
    ),
    'attrition.csv': toCsv(attritionColumns('completers', 'pre_only'), report.attrition.map(attritionRow)),
    'followup.csv': toCsv(
      [
        'scale',
        'n',
        'diff_mean',
        'diff_sd',
        'diff_ci_low',
        'diff_ci_high',
        ...pairedFields,
        'friedman_n',
        'friedman_chisq',
        'friedman_df',
        'friedman_p',
        'p_pre_post',
        'p_holm_pre_post',
        'p_pre_followup',
        'p_holm_pre_followup',
        'p_post_followup',
        'p_holm_post_followup',
      ],
      report.scales
        .filter((s) => s.followUp)
        .map((s) => {
          const b = s.followUp!;
          const fr = s.friedman;
          const pair = (a: string, c: string) => {
            const x = fr?.pairwise.find((y) => y.first === a && y.second === c);
            return [x?.p, x?.pHolm];
          };
          return [
            s.id,
            b.n,
            b.difference.mean,
            b.difference.sd,
            b.difference.ciLow,
            b.difference.ciHigh,
            ...paired(b),
            fr?.n,
            fr?.statistic,
            fr?.df,
            fr?.p,
            ...pair('pre', 'post'),
            ...pair('pre', 'followup'),
            ...pair('post', 'followup'),
          ];
        }),
    ),
    'then_test.csv': toCsv(
      [
        'scale',
        'shift_n',
        'shift_mean',
        'shift_sd',
        'shift_ci_low',
        'shift_ci_high',
        'shift_t',
        'shift_df',
        'shift_p',
        'then_post_n',
        'then_post_mean',
        'then_post_sd',
        'then_post_ci_low',
        'then_post_ci_high',
        'then_post_t',
        'then_post_df',
        'then_post_p',
      ],
      report.scales
        .filter((s) => s.thenTest)
        .map((s) => {
          const part = (x: NonNullable<typeof s.thenTest>['responseShift']) => [
            x.n,
            x.difference.mean,
            x.difference.sd,
            x.difference.ciLow,
            x.difference.ciHigh,
            x.tTest.t,
            x.tTest.df,
            x.tTest.p,
          ];
          return [s.id, ...part(s.thenTest!.responseShift), ...part(s.thenTest!.thenToPost)];
        }),
    ),
    'knowledge.csv': toCsv(
      [
        'module',
        'objective',
        'questions',
        'n',
        'pre_pct_mean',
        'pre_pct_sd',
        'post_pct_mean',
        'post_pct_sd',
        'diff_mean',
        'diff_ci_low',
        'diff_ci_high',
        ...pairedFields,
      ],
      report.knowledge.flatMap((k) => [
        [
          k.module,
          'all',
          k.questions,
          k.n,
          k.pre.mean,
          k.pre.sd,
          k.post.mean,
          k.post.sd,
          k.difference.mean,
          k.difference.ciLow,
          k.difference.ciHigh,
          ...paired(k),
        ],
        ...k.objectives.map((o) => [
          k.module,
          o.objective,
          o.questions.length,
          o.n,
          o.pre.mean,
          o.pre.sd,
          o.post.mean,
          o.post.sd,
          o.difference.mean,
          o.difference.ciLow,
          o.difference.ciHigh,
          ...paired(o),
        ]),
      ]),
    ),
    'knowledge_questions.csv': toCsv(
      [
        'module',
        'question',
        'objective',
        'n',
        'correct_pre',
        'correct_post',
        'mcnemar_b',
        'mcnemar_c',
        'mcnemar_statistic',
        'mcnemar_df',
        'mcnemar_p',
        'mcnemar_method',
      ],
      report.knowledge.flatMap((k) =>
        k.items.map((i) => [
          k.module,
          i.id,
          i.objective,
          i.n,
          i.correctPre,
          i.correctPost,
          i.mcnemar.b,
          i.mcnemar.c,
          i.mcnemar.statistic,
          i.mcnemar.df,
          i.mcnemar.p,
          i.mcnemar.method,
        ]),
      ),
    ),
    'familiarity.csv': toCsv(
      [
        'target',
        'n',
        'people_pre',
        'people_post',
        'share_pre',
        'share_post',
        'mcnemar_b',
        'mcnemar_c',
        'mcnemar_statistic',
        'mcnemar_df',
        'mcnemar_p',
        'mcnemar_method',
      ],
      report.familiarity.map((f) => [
        f.target,
        f.n,
        f.pre.people,
        f.post.people,
        f.pre.share,
        f.post.share,
        f.mcnemar.b,
        f.mcnemar.c,
        f.mcnemar.statistic,
        f.mcnemar.df,
        f.mcnemar.p,
        f.mcnemar.method,
      ]),
    ),
    'attrition_followup.csv': toCsv(attritionColumns('with_followup', 'without'), (report.attritionFollowUp ?? []).map(attritionRow)),
    'problems.csv': toCsv(
      ['file', 'line', 'record', 'statement', 'severity', 'message'],
      report.problems.map((p) => [p.file, p.line, p.record, p.statement, p.severity, p.message]),
    ),
  };
}

/** The files read: format, records imported, and which kind of participant ids they carry (report.meta.sources). */
export function exportSourcesCsv(report: Report): string {
  return toCsv(
    ['file', 'format', 'records', 'participant_codes', 'other_system_ids', 'participant_ids'],
    report.meta.sources.map((s) => [s.file, s.format, s.records, s.codes, s.otherIds, s.participantIds]),
  );
}
