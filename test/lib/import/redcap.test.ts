// REDCap's CSV export (raw data), read by the evaluator's import (src/lib/import/redcap-csv.ts). Fixtures:
// test/fixtures/exports/other-systems.ts, laid out as REDCap writes its exports.
import { describe, expect, it } from 'vitest';
import { redcapFieldName } from '../../../src/lib/export/redcap-dictionary.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { detectFormat, importFiles, listInstruments, type ImportOptions, type ImportResult } from '../../../src/lib/import/import.ts';
import { defaultEventTimepoint } from '../../../src/lib/import/redcap-csv.ts';
import { parseRedcapEvents, parseTimepoints } from '../../../src/lib/import/source-options.ts';
import { matchPrePost } from '../../../src/lib/matching/match.ts';
import { analyze } from '../../../src/lib/analysis/report.ts';
import { answers, HOSTILE_MARKERS, redcapExport, type RedcapPerson, importExports } from '../../fixtures/exports/other-systems.ts';
import { shippedInstrument } from '../../fixtures/instruments.ts';

const inst = shippedInstrument();
const hash = instrumentFingerprint(inst);
const run = (text: string, options: ImportOptions = {}, name = 'redcap-export.csv') => importFiles([{ name, text }], inst, hash, options);
const runFiles = (files: [name: string, text: string][], options: ImportOptions = {}) => importExports(files, inst, hash, options);
const errors = (r: ImportResult) => r.problems.filter((p) => p.severity === 'error');
const noLeak = (r: ImportResult) => {
  const text = JSON.stringify(r);
  for (const marker of HOSTILE_MARKERS) expect(text, marker).not.toContain(marker);
};
const people: RedcapPerson[] = [
  { recordId: 'K016', code: 'MA-07-SA-2', events: { baseline_arm_1: 0, post_training_arm_1: 1, month_3_arm_1: 2 }, background: 'nurse' },
  { recordId: 'K017', code: 'LU-12-RO-0', events: { baseline_arm_1: 0, post_training_arm_1: 2 } },
  { recordId: 'K018', code: 'AB-01-CD-3', events: { baseline_arm_1: 1 } },
];

describe('REDCap: recognising the export', () => {
  it('is recognised from its header, whatever the file is called', () => {
    const text = redcapExport(inst, people);
    for (const name of ['export.csv', 'export.txt', 'MyProject_DATA_2026-10-01_1200', 'data.tsv']) expect(detectFormat({ name, text }), name).toBe('redcap');
    // A project without events or repeating forms: the <form>_complete column says it is REDCap.
    expect(detectFormat({ name: 'x', text: redcapExport(inst, people, { longitudinal: false }) })).toBe('redcap');
    expect(detectFormat({ name: 'long.csv', text: 'participant,timepoint,item,value\n' })).toBe('csv');
  });

  it('names no questionnaire: listInstruments finds none, and the import says which one it read it as', () => {
    const text = redcapExport(inst, people);
    expect(listInstruments([{ name: 'r.csv', text }])).toEqual([]);
    expect(run(text).problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        line: 1,
        message: expect.stringMatching(/does not say which questionnaire.*"msg-attitudes" version 1\.0\.0/),
      }),
    );
  });
});

describe('REDCap: longitudinal export, record ids as participants', () => {
  const text = redcapExport(inst, people, { screening: true });
  const r = run(text);

  it('makes one record per row with answers; events give the timepoints; record ids are ids from another system', () => {
    expect(r.records.map((x) => [x.participant, x.participantKind, x.timepoint, x.line])).toEqual([
      ['K016', 'opaque', 'pre', 3],
      ['K016', 'opaque', 'post', 4],
      ['K016', 'opaque', 'followup', 5],
      ['K017', 'opaque', 'pre', 7],
      ['K017', 'opaque', 'post', 8],
      ['K018', 'opaque', 'pre', 10],
    ]);
    expect(r.records[0]!.responses).toEqual(answers(inst, 0, 0));
    expect(r.records[0]!.demographics.discipline).toBe('nurse');
    expect(r.records[0]).toMatchObject({
      source: 'csv',
      module: null,
      cohort: null,
      checksum: 'none',
      instrument: { id: inst.id, version: inst.version, hash: null },
    });
    expect(r.files).toEqual([{ file: 'redcap-export.csv', format: 'redcap', records: 6, codes: 0, otherIds: 6 }]);
    expect(errors(r)).toEqual([]);
  });

  it('leaves out the rows of other forms (the screening event) with a warning, and never reads identifier fields', () => {
    expect(r.counts).toMatchObject({ csvRows: 9, csvRowsRejected: 3, recordsRead: 6, imported: 6 });
    const skipped = r.problems.filter((p) => /holds no answer/.test(p.message));
    expect(skipped.map((p) => [p.severity, p.line, p.message])).toEqual(
      [2, 6, 9].map((line) => ['warning', line, 'this row holds no answer to the questionnaire (a row of another form or event); row not used']),
    );
    expect(r.problems).toContainEqual(
      expect.objectContaining({ line: 1, message: 'columns "first_name", "last_name", "email" not used (and never copied into any output)' }),
    );
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        line: 1,
        message: `a REDCap export does not say which questionnaire it holds; its rows are read as "${inst.id}" version ${inst.version}`,
      }),
    );
    noLeak(r);
  });

  it('matches pre and post by record id', () => {
    const m = matchPrePost(r.records);
    expect(m.pairs.map((p) => p.pre.participant)).toEqual(['K016', 'K017']);
    expect(m.flow).toMatchObject({ matched: 2, preOnly: 1, matchedFuzzy: 0 });
  });
});

describe('REDCap: events and timepoints', () => {
  it('reads event names by default rules', () => {
    const cases: [string, string | null][] = [
      ['baseline_arm_1', 'pre'],
      ['pre_arm_1', 'pre'],
      ['pretest_arm_2', 'pre'],
      ['post_arm_1', 'post'],
      ['post_training_arm_1', 'post'],
      ['then_arm_1', 'then'],
      ['retrospective_arm_1', 'then'],
      ['follow_up_arm_1', 'followup'],
      ['followup_arm_1', 'followup'],
      ['fu1_arm_1', 'followup'],
      ['month_3_arm_1', 'followup'],
      ['3_months_arm_1', 'followup'],
      ['post_3_months_arm_1', 'followup'],
      ['visit_1_arm_1', null],
      ['screening_arm_1', null],
      ['prescreening_arm_1', null],
      ['enrollment_arm_1', null],
    ];
    for (const [event, tp] of cases) expect(defaultEventTimepoint(event), event).toBe(tp);
  });

  it.each([
    // Before the training: baseline, pre, intake, or time zero.
    ['baseline_arm_1', 'pre'],
    ['baseline_month_0_arm_1', 'pre'],
    ['month_0_arm_1', 'pre'],
    ['week_0_arm_1', 'pre'],
    ['day0_arm_1', 'pre'],
    ['pre_training_arm_1', 'pre'],
    ['pretraining_arm_1', 'pre'],
    ['intake_arm_1', 'pre'],
    ['bl_arm_2', 'pre'],
    ['baseline_day_1_arm_1', 'pre'],
    // Right after it.
    ['post_arm_1', 'post'],
    ['posttraining_arm_1', 'post'],
    ['post_training_arm_1', 'post'],
    ['posttest_arm_1', 'post'],
    ['post_week_1_arm_1', 'post'],
    // Looking back.
    ['then_arm_1', 'then'],
    ['retrospective_pre_arm_1', 'then'],
    ['retro_pre_arm_1', 'then'],
    // A later time, clearly said.
    ['month_3_arm_1', 'followup'],
    ['3_month_followup_arm_1', 'followup'],
    ['6_month_followup_arm_1', 'followup'],
    ['6mo_arm_1', 'followup'],
    ['m6_arm_1', 'followup'],
    ['12_months_arm_1', 'followup'],
    ['week_12_arm_1', 'followup'],
    ['followup_arm_1', 'followup'],
    ['fu_arm_1', 'followup'],
    ['fu2_arm_1', 'followup'],
    ['1_year_arm_1', 'followup'],
    ['post_6_months_arm_1', 'followup'],
    ['followup_week_2_arm_1', 'followup'],
    ['fu_1_week_arm_1', 'followup'],
    ['month_arm_1', 'followup'],
    // Ambiguous, or saying no time: not guessed (the import asks for a mapping).
    ['enrollment_arm_1', null],
    ['screening_arm_1', null],
    ['visit_2_arm_1', null],
    ['pre_post_arm_1', null],
    ['post_baseline_arm_1', null],
    ['baseline_month_3_arm_1', null],
    ['week_1_arm_1', null],
    ['day_7_arm_1', null],
    ['monthly_arm_1', null],
    ['year_2024_arm_1', null],
    ['baseline_followup_arm_1', null],
    ['t0_arm_1', null],
  ] as [string, string | null][])('guesses %s as %s', (event, tp) => {
    expect(defaultEventTimepoint(event)).toBe(tp);
  });

  it('an unmapped event is one error naming the event, how many of its rows are left out and their lines; the mapping reads them', () => {
    const visits: RedcapPerson[] = [
      { recordId: '1', events: { visit_1_arm_1: 0, visit_2_arm_1: 1 } },
      { recordId: '2', events: { visit_1_arm_1: 0, visit_2_arm_1: 1 } },
    ];
    const text = redcapExport(inst, visits);
    const without = run(text);
    expect(without.records).toEqual([]);
    expect(errors(without).map((p) => [p.line, p.message])).toEqual([
      [
        2,
        'REDCap event "visit_1_arm_1" is not mapped to a timepoint: its 2 rows with answers are not used (lines 2, 4); map it with --redcap-events visit_1_arm_1=pre (or post, then, followup), or on the evaluator page',
      ],
      [3, expect.stringMatching(/^REDCap event "visit_2_arm_1" is not mapped to a timepoint: its 2 rows with answers are not used \(lines 3, 5\)/)],
    ]);
    expect(without.counts).toMatchObject({ csvRowsRejected: 4 });
    const { events } = parseRedcapEvents('visit_1_arm_1=pre, Visit_2_arm_1 = Post');
    const mapped = run(text, { redcapEvents: events });
    expect(mapped.records.map((x) => [x.participant, x.timepoint])).toEqual([
      ['1', 'pre'],
      ['1', 'post'],
      ['2', 'pre'],
      ['2', 'post'],
    ]);
    expect(errors(mapped)).toEqual([]);
  });

  it('counts the rows of each unmapped event, however many, and beside a mapped one; says which events were read from their names', () => {
    const many: RedcapPerson[] = Array.from({ length: 7 }, (_, i) => ({
      recordId: String(i + 1),
      events: { baseline_arm_1: 0, visit_2_arm_1: 1, ...(i < 2 ? { visit_3_arm_1: 2 } : {}) },
    }));
    const r = run(redcapExport(inst, many));
    expect(errors(r).map((p) => p.message)).toEqual([
      expect.stringMatching(/^REDCap event "visit_2_arm_1" is not mapped to a timepoint: its 7 rows with answers are not used \(lines 3, 6, 9, 11, 13, …\)/),
      expect.stringMatching(/^REDCap event "visit_3_arm_1" is not mapped to a timepoint: its 2 rows with answers are not used \(lines 4, 7\)/),
    ]);
    expect(r.counts).toMatchObject({ csvRowsRejected: 9, imported: 7 });
    expect(r.problems).toContainEqual({
      file: 'redcap-export.csv',
      line: 2,
      severity: 'warning',
      message:
        'an event was given its timepoint by its name, not by a mapping: "baseline_arm_1" → pre (7 rows); if one is wrong, map it (--redcap-events, or on the evaluator page)',
    });
    // Mapped: no word about it.
    const mapped = run(redcapExport(inst, many), { redcapEvents: { baseline_arm_1: 'pre', visit_2_arm_1: 'post', visit_3_arm_1: 'followup' } });
    expect(mapped.problems.filter((p) => /by its name|by their names|not mapped/.test(p.message))).toEqual([]);
    expect(mapped.counts).toMatchObject({ csvRowsRejected: 0, imported: 16 });
  });

  it('says a mapped event that no export holds (a typo), and a mapping when no export has events', () => {
    const text = redcapExport(inst, [{ recordId: '1', events: { visit_1_arm_1: 0, visit_2_arm_1: 1 } }]);
    const typo = run(text, { redcapEvents: { visit_1_arm_1: 'pre', visit_2_arm1: 'post' } });
    expect(typo.problems).toContainEqual({
      file: 'REDCap events (option)',
      severity: 'warning',
      message:
        'event visit_2_arm1 is mapped to post, but no REDCap export read holds it (their events: "visit_1_arm_1", "visit_2_arm_1"): check its unique name, as the export\'s redcap_event_name column writes it',
    });
    expect(errors(typo)).toEqual([expect.objectContaining({ line: 3, message: expect.stringMatching(/^REDCap event "visit_2_arm_1" is not mapped/) })]);
    const noEvents = run(redcapExport(inst, [{ recordId: '1', events: { a: 0 } }], { longitudinal: false, timepointOf: { a: 'pre' } }), {
      redcapEvents: { visit_1_arm_1: 'pre' },
    });
    expect(noEvents.problems).toContainEqual(
      expect.objectContaining({
        file: 'REDCap events (option)',
        message: expect.stringMatching(/^an event is mapped to timepoints, but no REDCap export with events/),
      }),
    );
  });

  it('a timepoint given by file name that the file does not use is said: its rows carry events, or a timepoint field that differs', () => {
    const text = redcapExport(inst, [{ recordId: '1', events: { baseline_arm_1: 0, post_arm_1: 1 } }]);
    const withEvents = run(text, { timepoints: { files: { 'redcap-export.csv': 'post' } } });
    expect(withEvents.problems).toContainEqual(
      expect.objectContaining({
        line: 1,
        severity: 'warning',
        message: expect.stringMatching(/^a timepoint \(post\) is given for this file, but its rows carry REDCap events, .*the timepoint given is not used/),
      }),
    );
    expect(withEvents.records.map((x) => x.timepoint)).toEqual(['pre', 'post']);
    const single = redcapExport(inst, [{ recordId: '7', events: { a: 0, b: 1 } }], { longitudinal: false, timepointOf: { a: 'pre', b: '' } });
    const r = run(single, { timepoints: { files: { 'redcap-export.csv': 'post' } } });
    expect(r.records.map((x) => x.timepoint)).toEqual(['pre', 'post']);
    expect(r.problems).toContainEqual(
      expect.objectContaining({ line: 2, severity: 'warning', message: 'the timepoint field says pre, but post is given for this file: the field is used' }),
    );
    // Given for every file, it fills the empty field without a word.
    expect(run(single, { timepoints: { all: 'post' } }).problems.filter((p) => /given/.test(p.message))).toEqual([]);
  });

  it('a timepoint given for a file not read, or for every file when no row needed it, is said', () => {
    const text = redcapExport(inst, [{ recordId: '1', events: { baseline_arm_1: 0, post_arm_1: 1 } }]);
    const r = run(text, { timepoints: { all: 'pre', files: { 'pre-survey.csv': 'pre' } } });
    expect(r.problems.filter((p) => p.file === 'timepoint (option)').map((p) => p.message)).toEqual([
      'a timepoint (pre) is given for "pre-survey.csv", but no file read is called that (a file is named without its folders; case is ignored): check the name',
      'a timepoint (pre) is given for the exports that carry none, but no row read needed it (every export read carries its own timepoints: REDCap events, or a timepoint field): it was not used',
    ]);
  });

  it('the given mapping wins over the default rules', () => {
    const text = redcapExport(inst, [{ recordId: '1', events: { baseline_arm_1: 0, post_arm_1: 1 } }]);
    const r = run(text, { redcapEvents: { post_arm_1: 'then' } });
    expect(r.records.map((x) => x.timepoint)).toEqual(['pre', 'then']);
  });

  it('a project without events reads the timepoint field, or the timepoint given for the file', () => {
    const single: RedcapPerson[] = [
      { recordId: '7', events: { a: 0, b: 1 } },
      { recordId: '8', events: { a: 0 } },
    ];
    const withField = run(redcapExport(inst, single, { longitudinal: false, timepointOf: { a: 'pre', b: 'post' } }));
    expect(withField.records.map((x) => [x.participant, x.timepoint])).toEqual([
      ['7', 'pre'],
      ['7', 'post'],
      ['8', 'pre'],
    ]);
    // Timepoint field empty: the timepoint given for this file (by name), or for every file.
    const empty = redcapExport(inst, single, { longitudinal: false });
    expect(errors(run(empty)).map((p) => [p.line, p.message])).toEqual(
      [2, 3, 4].map((line) => [
        line,
        'the timepoint field is empty and no timepoint was given for this file (--timepoint, or on the evaluator page); row not used',
      ]),
    );
    expect(run(empty, { timepoints: { files: { 'redcap-export.csv': 'followup' }, all: 'pre' } }).records.map((x) => x.timepoint)).toEqual([
      'followup',
      'followup',
      'followup',
    ]);
    expect(run(empty, { timepoints: { all: 'post' } }, 'dir/other.csv').records.map((x) => x.timepoint)).toEqual(['post', 'post', 'post']);
  });

  it('a project without events and without a timepoint field needs the timepoint: otherwise the file is refused', () => {
    const text = redcapExport(inst, people, { longitudinal: false }).replace(/,timepoint,/, ',when_asked,');
    const r = run(text);
    expect(errors(r)).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/^this REDCap export has no events \(redcap_event_name\) and no timepoint field.*--timepoint/),
      }),
    ]);
    expect(r.counts).toMatchObject({ filesRejected: 1, imported: 0 });
    expect(run(text, { timepoints: { all: 'pre' } }).counts.imported).toBe(6);
  });
});

describe('REDCap events and timepoints as typed (source-options.ts)', () => {
  it('an event mapped twice to different timepoints is an error; the same mapping twice is one', () => {
    expect(parseRedcapEvents('visit_1_arm_1=pre, visit_2_arm_1=post, Visit_1_arm_1=post')).toEqual({
      events: { visit_1_arm_1: 'pre', visit_2_arm_1: 'post' },
      errors: ['event visit_1_arm_1 is mapped twice, to pre and to post: map each event once'],
    });
    expect(parseRedcapEvents('visit_1_arm_1=pre; visit_1_arm_1=Pre')).toEqual({ events: { visit_1_arm_1: 'pre' }, errors: [] });
    expect(parseRedcapEvents('visit_1_arm_1=baseline').errors).toEqual([
      '"baseline" (for event visit_1_arm_1) is not a timepoint: one of pre, post, then, followup',
    ]);
  });

  it('a file given two timepoints is an error', () => {
    expect(parseTimepoints('a.csv=pre, dir/A.csv=post').errors).toEqual(['two timepoints for "A.csv": pre and post']);
    expect(parseTimepoints('a.csv=pre, a.csv=pre').errors).toEqual([]);
  });
});

describe('REDCap: participant codes in a participant_code field', () => {
  it("uses the code; a row without it takes its record's code from the record's other events", () => {
    const r = run(redcapExport(inst, people, { participantCode: true }));
    expect(r.records.map((x) => [x.participant, x.participantKind, x.timepoint])).toEqual([
      ['MA-07-SA-2', 'code', 'pre'],
      ['MA-07-SA-2', 'code', 'post'],
      ['MA-07-SA-2', 'code', 'followup'],
      ['LU-12-RO-0', 'code', 'pre'],
      ['LU-12-RO-0', 'code', 'post'],
      ['AB-01-CD-3', 'code', 'pre'],
    ]);
    expect(r.files[0]).toMatchObject({ codes: 6, otherIds: 0 });
    expect(errors(r)).toEqual([]);
  });

  it("an event not mapped (a mapping typed wrong) still gives its record's code to the record's other rows", () => {
    const visits: RedcapPerson[] = [
      { recordId: '1', code: 'MA-07-SA-2', events: { visit_1_arm_1: 0, post_training_arm_1: 1 } },
      { recordId: '2', code: 'LU-12-RO-0', events: { visit_1_arm_1: 0, post_training_arm_1: 1 } },
    ];
    const { events } = parseRedcapEvents('vist_1_arm_1=pre');
    const r = run(redcapExport(inst, visits, { participantCode: true }), { redcapEvents: events });
    expect(r.records.map((x) => [x.participant, x.participantKind, x.timepoint])).toEqual([
      ['MA-07-SA-2', 'code', 'post'],
      ['LU-12-RO-0', 'code', 'post'],
    ]);
    expect(errors(r).map((p) => p.message)).toContainEqual(expect.stringMatching(/^REDCap event "visit_1_arm_1" is not mapped to a timepoint/));
    expect(r.problems.some((p) => /no participant/.test(p.message))).toBe(false);
  });

  it("the code entered at an event without answers (enrolment) is its record's code", () => {
    const fields = inst.items.map((i) => redcapFieldName(i.id));
    const text = [
      `record_id,redcap_event_name,participant_code,${fields.join(',')}`,
      `7,enrolment_arm_1,MA-07-SA-2,${fields.map(() => '').join(',')}`,
      `7,pre_arm_1,,${fields.map(() => 2).join(',')}`,
      `7,post_arm_1,,${fields.map(() => 3).join(',')}`,
    ].join('\n');
    const r = run(text);
    expect(r.records.map((x) => [x.participant, x.participantKind, x.timepoint])).toEqual([
      ['MA-07-SA-2', 'code', 'pre'],
      ['MA-07-SA-2', 'code', 'post'],
    ]);
    expect(r.problems.some((p) => /no participant/.test(p.message))).toBe(false);
  });

  it("a damaged code is an error (its record's other rows too), and a record without any code is matched by its record id", () => {
    const r = run(
      redcapExport(
        inst,
        [
          ...people,
          { recordId: 'K019', code: 'MA-07-SA', events: { baseline_arm_1: 0, post_arm_1: 1 } },
          { recordId: 'K020', events: { baseline_arm_1: 0, post_arm_1: 1 } },
        ],
        { participantCode: true },
      ),
    );
    expect(errors(r).map((p) => [p.line, p.message])).toEqual([
      [8, 'participant code "MA-07-SA" is not a valid code (expected four parts such as MA-07-SA-2); row not used'],
    ]);
    // K019's post row has no code of its own and its record names no valid one: the record id, with a warning.
    expect(r.records.filter((x) => x.participantKind === 'opaque').map((x) => [x.participant, x.timepoint])).toEqual([
      ['K019', 'post'],
      ['K020', 'pre'],
      ['K020', 'post'],
    ]);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        line: 9,
        message: expect.stringMatching(/^3 rows have no participant \(first on line 9\); they are matched by the record id instead/),
      }),
    );
  });
});

describe('REDCap: one record, two participants', () => {
  const header = `record_id,redcap_event_name,participant_code,${inst.items.map((i) => redcapFieldName(i.id)).join(',')},q_complete`;
  const row = (id: string, event: string, code: string, v = 3) => `${id},${event},${code},${inst.items.map(() => v).join(',')},2`;

  it('rows of one record id naming different participant codes: a warning naming the record id and the lines; each row is read as the code it names', () => {
    const r = run(
      [
        header,
        row('600', 'baseline_arm_1', 'AA-01-QQ-0'),
        row('600', 'post_arm_1', 'AB-02-QQ-1', 4),
        row('601', 'baseline_arm_1', 'AC-03-QQ-2'),
        row('601', 'post_arm_1', 'ac-03-qq-2', 4),
        row('602', 'baseline_arm_1', 'AD-04-QQ-3'),
        row('602', 'post_arm_1', '', 4),
        row('602', 'month_3_arm_1', 'AE-05-QQ-4', 5),
      ].join('\n'),
    );
    expect(r.problems.filter((p) => /different participants/.test(p.message))).toEqual([
      {
        file: 'redcap-export.csv',
        line: 2,
        severity: 'warning',
        message:
          'the rows of record id "600" name 2 different participants (lines 2, 3): each row is read as the participant it names, so they are not matched as one person; if they are one, correct the participant field in REDCap',
      },
      expect.objectContaining({
        line: 6,
        severity: 'warning',
        message: expect.stringMatching(/^the rows of record id "602" name 2 different participants \(lines 6, 8\): each row is read/),
      }),
      {
        file: 'redcap-export.csv',
        line: 7,
        severity: 'error',
        message: 'the participant field is empty, and the other rows of record id "602" name 2 different participants; row not used',
      },
    ]);
    expect(r.records.map((x) => [x.participant, x.timepoint])).toEqual([
      ['AA-01-QQ-0', 'pre'],
      ['AB-02-QQ-1', 'post'],
      ['AC-03-QQ-2', 'pre'],
      ['AC-03-QQ-2', 'post'],
      ['AD-04-QQ-3', 'pre'],
      ['AE-05-QQ-4', 'followup'],
    ]);
    // The codes themselves are never in the messages.
    for (const p of r.problems) expect(p.message).not.toMatch(/AA-01|AB-02|AD-04|AE-05/);
  });
});

describe('REDCap: values', () => {
  it('sets aside an answer that is not a code of the item, keeping the rest of the row', () => {
    const field = redcapFieldName(inst.items[0]!.id);
    const text = redcapExport(inst, people.slice(0, 1));
    const lines = text.split('\n');
    const col = lines[0]!.split(',').indexOf(field);
    const cells = lines[2]!.split(',');
    cells[col] = '7';
    lines[2] = cells.join(',');
    const r = run(lines.join('\n'));
    expect(errors(r)).toEqual([
      expect.objectContaining({
        line: 3,
        message: `column "${field}": value "7" for item "${inst.items[0]!.id}" is not one of its response options (1–5); answer set aside`,
      }),
    ]);
    expect(r.counts).toMatchObject({ valuesRejected: 1, imported: 3 });
    expect(r.records[1]!.responses[inst.items[0]!.id]).toBeNull(); // line 3: the post row
  });

  it('reads a background question exported as checkboxes (field___code)', () => {
    const header = `record_id,redcap_event_name,${inst.items.map((i) => redcapFieldName(i.id)).join(',')},discipline___nurse,discipline___social_worker,discipline___prefer_not_to_say,q_complete`;
    const row = (id: string, ticks: string) => `${id},baseline_arm_1,${inst.items.map(() => '3').join(',')},${ticks},2`;
    const r = run([header, row('1', '1,0,0'), row('2', '0,1,1'), row('3', '0,0,0')].join('\n'));
    expect(r.records.map((x) => x.demographics.discipline)).toEqual(['nurse', null, null]);
    expect(errors(r)).toEqual([
      expect.objectContaining({
        line: 3,
        message: 'more than one option of background question "discipline" is ticked (social-worker, prefer-not-to-say); answer set aside',
      }),
    ]);
  });

  it('a checkbox column holding anything but 0 or 1 is an error naming the line, the column and the value: that answer is set aside, the row kept', () => {
    const header = `record_id,redcap_event_name,${inst.items.map((i) => redcapFieldName(i.id)).join(',')},discipline___nurse,discipline___social_worker,q_complete`;
    const row = (id: string, ticks: string) => `${id},baseline_arm_1,${inst.items.map(() => '3').join(',')},${ticks},2`;
    const because = '(REDCap writes a ticked checkbox as 1, one not ticked as 0)';
    const labels = `: REDCap's export with labels writes "Checked" and "Unchecked"; export the data again as "CSV / Microsoft Excel (raw data)" (or through the API with raw values)`;
    for (const value of ['<b>1</b>', '2', 'yes', 'x', '-1', '1.0', 'Checked', 'Unchecked']) {
      const r = run([header, row('1', '0,1'), row('2', `${value},0`)].join('\n'));
      expect(
        r.records.map((x) => [x.participant, x.demographics.discipline]),
        value,
      ).toEqual([
        ['1', 'social-worker'],
        ['2', null],
      ]);
      expect(Object.values(r.records[1]!.responses).every((v) => v === 3)).toBe(true);
      expect(errors(r).map((p) => [p.line, p.message])).toEqual([
        [
          3,
          `column "discipline___nurse": value ${JSON.stringify(value)} for background question "discipline" is not 0 or 1 ${because}${/checked/i.test(value) ? labels : ''}; answer set aside`,
        ],
      ]);
      expect(r.counts).toMatchObject({ valuesRejected: 1, imported: 2 });
    }
    // One error for the question, whichever of its columns is wrong; a tick beside it is set aside with it.
    const r = run([header, row('1', '1,x'), row('2', 'yes,Checked'), row('3', ',')].join('\n'));
    expect(r.records.map((x) => x.demographics.discipline)).toEqual([null, null, null]);
    expect(errors(r).map((p) => [p.line, p.message])).toEqual([
      [2, `column "discipline___social_worker": value "x" for background question "discipline" is not 0 or 1 ${because}; answer set aside`],
      [3, `column "discipline___nurse": value "yes" for background question "discipline" is not 0 or 1 ${because}; answer set aside`],
    ]);
  });

  it("a repeating instrument's instances are records of their own (duplicates for matching)", () => {
    const header = `record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,${inst.items.map((i) => redcapFieldName(i.id)).join(',')},msg_attitudes_complete`;
    const row = (event: string, instance: string, v: number) => `5,${event},msg_attitudes,${instance},${inst.items.map(() => v).join(',')},2`;
    const r = run([header, row('baseline_arm_1', '1', 2), row('baseline_arm_1', '2', 3), row('post_arm_1', '1', 4)].join('\n'));
    expect(r.records).toHaveLength(3);
    const m = matchPrePost(r.records);
    expect(m.flow).toMatchObject({ matched: 1, duplicates: 1 });
  });

  it('uses redcap_data_access_group as the cohort when there is no cohort field', () => {
    const header = `record_id,redcap_data_access_group,${inst.items.map((i) => redcapFieldName(i.id)).join(',')},timepoint,msg_attitudes_complete`;
    const r = run(`${header}\n331-1,site_a,${inst.items.map(() => 2).join(',')},pre,2\n`);
    expect(r.records[0]).toMatchObject({ participant: '331-1', cohort: 'site_a', timepoint: 'pre' });
  });
});

describe('REDCap: rows repeated, rows without a record id', () => {
  const two: RedcapPerson[] = [
    { recordId: 'K016', events: { baseline_arm_1: 0, post_arm_1: 1 } },
    { recordId: 'K017', events: { baseline_arm_1: 0, post_arm_1: 2 } },
  ];
  const lines = redcapExport(inst, two).trimEnd().split('\n');

  it('a row exported twice (same record id, event and values) is an identical copy: read once, said once for the file with its lines', () => {
    const base = run(lines.join('\n'));
    const r = run([...lines, lines[1]!, lines[3]!, lines[1]!].join('\n'));
    expect(r.records.map((x) => [x.participant, x.timepoint, x.line])).toEqual(base.records.map((x) => [x.participant, x.timepoint, x.line]));
    expect(r.counts).toMatchObject({ identicalCopies: 3, imported: 4, recordsRead: 7, csvRowsRejected: 0 });
    expect(r.problems.filter((p) => /cop(y|ies)/.test(p.message))).toEqual([
      {
        file: 'redcap-export.csv',
        line: 6,
        severity: 'warning',
        message:
          '3 rows of this file (lines 6, 7, 8) repeat earlier rows of this file with the same record id, event and repeat instance, and the same values (the same responses exported twice, as overlapping exports hold them): identical copies, read once',
      },
    ]);
    expect(errors(r)).toEqual([]);
    const m = matchPrePost(r.records);
    expect(m.flow).toMatchObject({ matched: 2, duplicates: 0 });
    const report = analyze(r, inst);
    expect(report.sampleFlow).toMatchObject({ identicalCopies: 3, matched: 2 });
  });

  it('a second row of the same record id and event with other values is read, with a warning naming both lines', () => {
    const changed = lines[1]!.replace(/,2$/, ',1').replace(/(,[1-5]){3}/, ',1,1,1');
    expect(changed).not.toBe(lines[1]);
    const r = run([...lines, changed].join('\n'));
    expect(r.counts).toMatchObject({ identicalCopies: 0, imported: 5 });
    expect(r.problems).toContainEqual({
      file: 'redcap-export.csv',
      line: 6,
      severity: 'warning',
      message:
        'this row has the same record id "K016", event "baseline_arm_1" as line 2, but other values: both are read, as two records (the matching uses one, and lists the other as a duplicate)',
    });
    expect(matchPrePost(r.records).flow).toMatchObject({ duplicates: 1 });
  });

  it('two exports of the project that overlap: the rows in both are identical copies, read once and said once per file', () => {
    const r = runFiles([
      ['october.csv', lines.slice(0, 4).join('\n')],
      ['november.csv', lines.join('\n')],
    ]);
    const base = run(lines.join('\n'));
    expect(r.records.map((x) => [x.participant, x.timepoint])).toEqual(base.records.map((x) => [x.participant, x.timepoint]));
    expect(r.counts).toMatchObject({ recordsRead: 7, imported: 4, identicalCopies: 3 });
    expect(r.problems.filter((p) => /repeat/.test(p.message))).toEqual([
      {
        file: 'november.csv',
        line: 2,
        severity: 'warning',
        message:
          '3 rows of this file (lines 2, 3, 4) repeat rows of "october.csv" with the same record id, event and repeat instance, and the same values (the same responses exported twice, as overlapping exports hold them): identical copies, read once',
      },
    ]);
    expect(matchPrePost(r.records).flow).toMatchObject({ matched: 2, duplicates: 0 });
  });

  it('two exports of the same name (from two folders) are still two files: their overlap is found', () => {
    const r = runFiles([
      ['export.csv', lines.slice(0, 3).join('\n')],
      ['export.csv', lines.join('\n')],
    ]);
    expect(r.counts).toMatchObject({ imported: 4, identicalCopies: 2 });
  });

  it("a copy left out still gives its record's code to the record's other rows (the code entered at the first event only)", () => {
    const baselineOnly = people.map((p) => ({ ...p, events: { baseline_arm_1: p.events.baseline_arm_1! } }));
    const november = redcapExport(inst, people, { participantCode: true });
    const alone = run(november);
    const r = runFiles([
      ['october.csv', redcapExport(inst, baselineOnly, { participantCode: true })],
      ['november.csv', november],
    ]);
    expect(r.counts).toMatchObject({ identicalCopies: 3, imported: alone.counts.imported });
    expect(r.records.map((x) => [x.participant, x.timepoint]).sort()).toEqual(alone.records.map((x) => [x.participant, x.timepoint]).sort());
    expect(matchPrePost(r.records).flow).toMatchObject(matchPrePost(alone.records).flow);
    expect(errors(r)).toEqual([]);
  });

  it('two files without events, given as pre and post, whose record ids and answers agree are not copies', () => {
    const flat = (shift: number) =>
      redcapExport(inst, [{ recordId: '1', events: { baseline_arm_1: shift } }], { longitudinal: false, timepointOf: { baseline_arm_1: '' } });
    const r = runFiles(
      [
        ['pre.csv', flat(0)],
        ['post.csv', flat(0)],
      ],
      { timepoints: { files: { 'pre.csv': 'pre', 'post.csv': 'post' } } },
    );
    expect(r.counts).toMatchObject({ identicalCopies: 0, imported: 2 });
    expect(r.records.map((x) => x.timepoint).sort()).toEqual(['post', 'pre']);
  });

  it('two projects that use the same record ids for other people: both are read, without a warning', () => {
    const other = redcapExport(
      inst,
      two.map((p) => ({ ...p, events: { baseline_arm_1: 3, post_arm_1: 4 } })),
    );
    const r = runFiles([
      ['site-a.csv', lines.join('\n')],
      ['site-b.csv', other],
    ]);
    expect(r.counts).toMatchObject({ imported: 8, identicalCopies: 0 });
    expect(r.problems.filter((p) => /repeat|same record id/.test(p.message))).toEqual([]);
  });

  it('a header row repeated inside the file (two exports pasted together) is skipped with one warning naming its line; the rows after it are read', () => {
    const october = redcapExport(inst, people.slice(0, 2), { participantCode: true }).trimEnd();
    const november = redcapExport(inst, people, { participantCode: true });
    const r = run(`${october}\n${november}`);
    const alone = run(november);
    expect(r.records.map((x) => [x.participant, x.timepoint])).toEqual(alone.records.map((x) => [x.participant, x.timepoint]));
    expect(r.counts).toMatchObject({ identicalCopies: 5, imported: alone.counts.imported, csvRowsRejected: 1 });
    expect(errors(r)).toEqual([]);
    expect(r.problems.filter((p) => /header/.test(p.message))).toEqual([
      {
        file: 'redcap-export.csv',
        line: 7,
        severity: 'warning',
        message: 'line 7 repeats the header row; it is skipped, as two exports pasted together hold it',
      },
    ]);
    // Pasted three times, its names in another case: one warning for every such line.
    const third = november.split('\n')[0]!.toUpperCase();
    const three = run(`${october}\n${november.trimEnd()}\n${third}\n${november.split('\n').slice(1).join('\n')}`);
    expect(three.problems.filter((p) => /header/.test(p.message))).toEqual([
      expect.objectContaining({ line: 7, message: 'lines 7, 14 repeat the header row; they are skipped, as exports pasted together hold them' }),
    ]);
    expect(errors(three)).toEqual([]);
  });

  it('a row whose record id is empty is an error naming its line; the others are read', () => {
    const blank = (line: string, id: string) => id + line.slice(line.indexOf(','));
    const r = run([...lines.slice(0, 2), blank(lines[2]!, ''), blank(lines[3]!, '  '), ...lines.slice(4)].join('\n'));
    expect(errors(r).map((p) => [p.line, p.message])).toEqual([
      [3, 'the record id (first column) is empty; row not used'],
      [4, 'the record id (first column) is empty; row not used'],
    ]);
    expect(r.records.map((x) => [x.participant, x.timepoint])).toEqual([
      ['K016', 'pre'],
      ['K017', 'post'],
    ]);
  });
});

describe('REDCap: exports it cannot read', () => {
  it('refuses the labels export with a message asking for raw data', () => {
    const text = '"Record ID","Event Name","First name","12-step groups help",Complete?\n"1","Baseline (Arm 1: Arm 1)","Jane","Agree","Complete"\n';
    expect(detectFormat({ name: 'labels.csv', text })).toBe('redcap');
    const r = run(text);
    expect(errors(r)).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/^this is REDCap's export with labels .*export the data again as "CSV \/ Microsoft Excel \(raw data\)"/),
      }),
    ]);
    expect(r.counts).toMatchObject({ filesRejected: 1, imported: 0 });
    noLeak(r);
  });

  it("refuses raw headers with label answers (the API's rawOrLabel=label) with the same advice", () => {
    const header = `record_id,redcap_event_name,${inst.items.map((i) => redcapFieldName(i.id)).join(',')},msg_attitudes_complete`;
    const r = run(
      `${header}\n1,baseline_arm_1,${inst.items.map(() => 'Agree').join(',')},Complete\n2,baseline_arm_1,${inst.items.map(() => '4').join(',')},2\n`,
    );
    expect(errors(r)).toEqual([
      expect.objectContaining({
        line: 2,
        message: expect.stringMatching(
          /^this REDCap export holds answer texts, not codes \(for example "Agree" in column "att_12_helpful" on line 2\): export the data again as "CSV \/ Microsoft Excel \(raw data\)"/,
        ),
      }),
    ]);
    expect(r.counts).toMatchObject({ filesRejected: 1, imported: 0, recordsRead: 0 });
  });

  it("refuses an export without any of the questionnaire's item fields (background questions alone included)", () => {
    const r = run('record_id,redcap_event_name,weight,height,vitals_complete\n1,baseline_arm_1,70,180,2\n');
    expect(errors(r)).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/has none of the item fields of questionnaire "msg-attitudes" 1\.0\.0 \(such as att_12_helpful/),
      }),
    ]);
    // Before, such rows were imported as records of no item, counted as "knowledge questions only".
    const background = inst.demographics[0]!;
    const only = run(`record_id,redcap_event_name,${background.id.replace(/-/g, '_')}\n1,baseline_arm_1,1\n`);
    expect(errors(only)).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/has none of the item fields/) })]);
    expect(only.counts).toMatchObject({ filesRejected: 1, imported: 0 });
  });

  it('names the line of a row that cannot be read and reads the rest', () => {
    const text = redcapExport(inst, people.slice(0, 2));
    const lines = text.split('\n');
    lines.splice(2, 0, 'K099,baseline_arm_1,"unclosed');
    const r = run(lines.join('\n'));
    expect(errors(r)[0]).toMatchObject({ line: 3 });
    expect(errors(r)[0]!.message).toMatch(/this row cannot be read/);
  });
});
