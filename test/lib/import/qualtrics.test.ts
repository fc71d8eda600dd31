// Qualtrics' CSV export (three header rows), read by the evaluator's import (src/lib/import/qualtrics-csv.ts).
// Fixtures: test/fixtures/exports/other-systems.ts, laid out as Qualtrics writes its exports.
import { describe, expect, it } from 'vitest';
import { redcapFieldName } from '../../../src/lib/export/redcap-dictionary.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { detectFormat, importFiles, listInstruments, type ImportOptions, type ImportResult } from '../../../src/lib/import/import.ts';
import { parseTimepoints } from '../../../src/lib/import/source-options.ts';
import { matchPrePost } from '../../../src/lib/matching/match.ts';
import { answers, HOSTILE, HOSTILE_MARKERS, qualtricsExport, type QualtricsResponse, importExports } from '../../fixtures/exports/other-systems.ts';
import { shippedInstrument } from '../../fixtures/instruments.ts';

const inst = shippedInstrument();
const hash = instrumentFingerprint(inst);
const run = (text: string, options: ImportOptions = {}, name = 'qualtrics.csv') => importFiles([{ name, text }], inst, hash, options);
const runFiles = (files: [name: string, text: string][], options: ImportOptions = {}) => importExports(files, inst, hash, options);
const errors = (r: ImportResult) => r.problems.filter((p) => p.severity === 'error');
const noLeak = (r: ImportResult) => {
  const text = JSON.stringify(r);
  for (const marker of HOSTILE_MARKERS) expect(text, marker).not.toContain(marker);
};
const responses: QualtricsResponse[] = [
  { responseId: 'R_2YPOQ602ER1jkf1', participant: 'MA-07-SA-2', timepoint: 'pre', shift: 0, person: 0, background: 4 },
  { responseId: 'R_1abcDEF234ghiJK', participant: 'ma 07 sa 2', timepoint: 'post', shift: 1, person: 0 },
  { responseId: 'R_3xyzXYZ567uvwRS', participant: 'LU-12-RO-0', timepoint: 'pre', shift: 0, person: 1 },
];

describe('Qualtrics: recognising the export', () => {
  it('is recognised from its header rows, whatever the file is called; it names no questionnaire', () => {
    const text = qualtricsExport(inst, responses);
    for (const name of ['survey.csv', 'survey.txt', 'Mutual+support+pre_October+1,+2026_10.08']) expect(detectFormat({ name, text }), name).toBe('qualtrics');
    expect(listInstruments([{ name: 'q.csv', text }])).toEqual([]);
  });

  it('the sample from the qualtRics package (three header rows) is recognised', () => {
    // tests/testthat/files/sample.csv of ropensci/qualtRics, its first row and one response (values shortened).
    const sample =
      'StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,RecipientLastName,RecipientFirstName,RecipientEmail,ExternalReference,LocationLatitude,LocationLongitude,DistributionChannel,UserLanguage,Q1,Q2\n' +
      'Start Date,End Date,Response Type,IP Address,Progress,Duration (in seconds),Finished,Recorded Date,Response ID,Recipient Last Name,Recipient First Name,Recipient Email,External Data Reference,Location Latitude,Location Longitude,Distribution Channel,User Language,A question,Another\n' +
      '"{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""status""}","{""ImportId"":""ipAddress""}","{""ImportId"":""progress""}","{""ImportId"":""duration""}","{""ImportId"":""finished""}","{""ImportId"":""recordedDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""recipientLastName""}","{""ImportId"":""recipientFirstName""}","{""ImportId"":""recipientEmail""}","{""ImportId"":""externalDataReference""}","{""ImportId"":""locationLatitude""}","{""ImportId"":""locationLongitude""}","{""ImportId"":""distributionChannel""}","{""ImportId"":""userLanguage""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}"\n' +
      '2017-07-18 08:28:09,2017-07-18 08:28:48,0,130.92.34.66,100,38,1,2017-07-18 08:28:48,R_2YPOQ602ER1jkf1,,,,,47.11,7.23,anonymous,DE,2,Hello World!\n';
    expect(detectFormat({ name: 'sample.csv', text: sample })).toBe('qualtrics');
    const r = run(sample);
    expect(errors(r)).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/^this Qualtrics export has no question named as an item of questionnaire "msg-attitudes"/),
      }),
    ]);
  });

  it('refuses an export whose only questions of the questionnaire are background questions (before: records of no item)', () => {
    const r = run(qualtricsExport({ ...inst, items: [] }, responses));
    expect(errors(r)).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringMatching(/^this Qualtrics export has no question named as an item/) }),
    ]);
    expect(r.counts).toMatchObject({ filesRejected: 1, imported: 0 });
  });
});

describe('Qualtrics: responses with embedded data participant and timepoint', () => {
  const r = run(qualtricsExport(inst, responses));

  it('reads one record per response, from line 4 on; the participant field holds codes', () => {
    expect(r.records.map((x) => [x.participant, x.participantKind, x.timepoint, x.line])).toEqual([
      ['MA-07-SA-2', 'code', 'pre', 4],
      ['MA-07-SA-2', 'code', 'post', 5],
      ['LU-12-RO-0', 'code', 'pre', 6],
    ]);
    expect(r.records[0]!.responses).toEqual(answers(inst, 0, 0));
    expect(r.records[0]!.demographics.discipline).toBe('nurse'); // recode value 4: the 4th option
    expect(r.files).toEqual([{ file: 'qualtrics.csv', format: 'qualtrics', records: 3, codes: 3, otherIds: 0 }]);
    expect(errors(r)).toEqual([]);
    expect(matchPrePost(r.records).flow).toMatchObject({ matched: 1, preOnly: 1 });
  });

  it('never reads the columns that identify people, and says so', () => {
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        line: 1,
        message:
          'columns "IPAddress", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "LocationLatitude", "LocationLongitude" can identify people: they are not read, and nothing from them appears in any output',
      }),
    );
    noLeak(r);
  });

  it('says on its header which questionnaire its responses are read as, and which items it lacks', () => {
    // In this order: the columns that can identify people (checked above), then the questionnaire read as.
    const header = r.problems.filter((p) => p.line === 1).map((p) => [p.severity, p.message]);
    expect(header).toHaveLength(2);
    expect(header[0]![1]).toMatch(/can identify people/);
    const readAs = `a Qualtrics export does not say which questionnaire it holds; its responses are read as "${inst.id}" version ${inst.version}`;
    expect(header[1]).toEqual(['warning', readAs]);
    // An item's column renamed: the column is not used, the item is lacking, in that order.
    const lacking = run(qualtricsExport(inst, responses).replace(/,att_12_helpful\b/i, ',not_an_item'));
    expect(
      lacking.problems
        .filter((p) => p.line === 1 && p.severity === 'warning')
        .map((p) => p.message)
        .slice(1),
    ).toEqual([
      'column "not_an_item" not used (and never copied into any output)',
      expect.stringMatching(/^this export lacks 1 of the questionnaire's \d+ items \("att-12-helpful"\): they count as not answered$/),
      readAs,
    ]);
  });
});

describe('Qualtrics: the timepoint given for a file', () => {
  it('where the embedded timepoint differs from the one given for the file by name, the field is used and that is said', () => {
    const r = run(qualtricsExport(inst, responses), { timepoints: { files: { 'qualtrics.csv': 'pre' } } });
    expect(r.records.map((x) => x.timepoint)).toEqual(['pre', 'post', 'pre']);
    expect(r.problems.filter((p) => /given for this file/.test(p.message))).toEqual([
      expect.objectContaining({
        line: 5,
        severity: 'warning',
        message: 'the embedded data field "timepoint" says post, but pre is given for this file: the field is used',
      }),
    ]);
    // Given for every file, it is for the rows without a timepoint: not said, but said when no row needed it.
    const all = run(qualtricsExport(inst, responses), { timepoints: { all: 'post' } });
    expect(all.problems.filter((p) => /given/.test(p.message)).map((p) => p.file)).toEqual(['timepoint (option)']);
  });
});

describe('Qualtrics: participants', () => {
  it("lists a file's problems in line order, though participants are settled at the end of the file", () => {
    const r = run(
      qualtricsExport(inst, [
        { responseId: 'R_1', participant: 'MA-07-SA', timepoint: 'pre', shift: 0, person: 0 },
        { responseId: 'R_2', participant: 'MA-07-SA-2', timepoint: 'during', shift: 0, person: 1 },
        { responseId: 'R_3', participant: 'MA-07-SA', timepoint: 'post', shift: 0, person: 2 },
        { responseId: 'R_4', participant: 'MA-07-SA-3', timepoint: 'later', shift: 0, person: 3 },
      ]),
    );
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message.slice(0, 40)])).toEqual([
      [4, 'participant code "MA-07-SA" is not a val'],
      [5, 'the embedded data field "timepoint" hold'],
      [6, 'participant code "MA-07-SA" is not a val'],
      [7, 'the embedded data field "timepoint" hold'],
    ]);
  });

  it('without a participant field, uses ExternalReference (an id from another system) and matches pre and post files by it', () => {
    const pre = qualtricsExport(
      inst,
      [
        { responseId: 'R_a1', externalReference: 'EMP-1001', shift: 0, person: 0 },
        { responseId: 'R_a2', externalReference: 'EMP-1002', shift: 0, person: 1 },
      ],
      { embedded: [] },
    );
    const post = qualtricsExport(inst, [{ responseId: 'R_b1', externalReference: 'EMP-1001', shift: 1, person: 0 }], { embedded: [] });
    const { timepoints } = parseTimepoints('pre-survey.csv=pre, post-survey.csv=post');
    const r = runFiles(
      [
        ['exports/pre-survey.csv', pre],
        ['exports/post-survey.csv', post],
      ],
      { timepoints },
    );
    expect(r.records.map((x) => [x.participant, x.participantKind, x.timepoint])).toEqual([
      ['EMP-1001', 'opaque', 'pre'],
      ['EMP-1002', 'opaque', 'pre'],
      ['EMP-1001', 'opaque', 'post'],
    ]);
    expect(matchPrePost(r.records).flow).toMatchObject({ matched: 1, preOnly: 1 });
    expect(r.problems.some((p) => /ResponseId|no participant/.test(p.message))).toBe(false);
  });

  it('an ExternalReference holding an e-mail address is refused and never shown', () => {
    const text = qualtricsExport(
      inst,
      [
        { responseId: 'R_a1', externalReference: 'jane.hostile-doe@example.org', timepoint: 'pre', shift: 0, person: 0 },
        { responseId: 'R_a2', externalReference: 'EMP-1002', timepoint: 'pre', shift: 0, person: 1 },
      ],
      { embedded: ['timepoint'] },
    );
    const r = run(text);
    expect(r.records.map((x) => x.participant)).toEqual(['EMP-1002']);
    expect(errors(r)).toEqual([
      expect.objectContaining({
        line: 4,
        message:
          'the ExternalReference looks like an e-mail address, which is never copied into a report or export: use another id (a record id, an employee number); row not used',
      }),
    ]);
    noLeak(r);
  });

  it('with neither, falls back to the ResponseId and warns that pre and post can never match', () => {
    const text = qualtricsExport(
      inst,
      [
        { responseId: 'R_a1', timepoint: 'pre', shift: 0, person: 0 },
        { responseId: 'R_b1', timepoint: 'post', shift: 1, person: 0 },
      ],
      { embedded: ['timepoint'] },
    );
    const r = run(text);
    expect(r.records.map((x) => [x.participant, x.participantKind])).toEqual([
      ['R_a1', 'opaque'],
      ['R_b1', 'opaque'],
    ]);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        line: 4,
        message: expect.stringMatching(
          /^2 rows have no participant \(first on line 4\); they are matched by the ResponseId instead, .*which Qualtrics makes anew for every response, so pre and post answers can never be matched: set the embedded data field "participant" in the survey flow/,
        ),
      }),
    );
    expect(matchPrePost(r.records).flow).toMatchObject({ matched: 0, preOnly: 1, postOnly: 1 });
  });

  it('a participant field of other ids is read as ids from another system; a damaged code in a file of codes is an error', () => {
    const ids = run(
      qualtricsExport(inst, [
        { responseId: 'R_1', participant: 'staff-17', timepoint: 'pre', shift: 0, person: 0 },
        { responseId: 'R_2', participant: 'staff-17', timepoint: 'post', shift: 1, person: 0 },
      ]),
    );
    expect(ids.records.map((x) => [x.participant, x.participantKind])).toEqual([
      ['staff-17', 'opaque'],
      ['staff-17', 'opaque'],
    ]);
    const codes = run(qualtricsExport(inst, [...responses, { responseId: 'R_4', participant: 'MA-07-SA', timepoint: 'post', shift: 1, person: 2 }]));
    expect(errors(codes)).toEqual([
      expect.objectContaining({ line: 7, message: 'participant code "MA-07-SA" is not a valid code (expected four parts such as MA-07-SA-2); row not used' }),
    ]);
    // A response with an empty participant field: its ResponseId, with a warning.
    const empty = run(qualtricsExport(inst, [...responses, { responseId: 'R_5', participant: '', timepoint: 'post', shift: 1, person: 2 }]));
    expect(empty.records.at(-1)).toMatchObject({ participant: 'R_5', participantKind: 'opaque' });
    expect(empty.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        line: 7,
        message: expect.stringMatching(/^1 row has no participant \(first on line 7\); it is matched by the ResponseId instead.*can never be matched/),
      }),
    );
  });
});

describe('Qualtrics: rows and values', () => {
  it('leaves out survey previews, imports unfinished responses with a warning, reads -99 as not answered', () => {
    const text = qualtricsExport(inst, [
      ...responses,
      { responseId: 'R_prev', participant: 'XY-02-ZZ-1', timepoint: 'pre', shift: 0, person: 3, status: '1' },
      { responseId: 'R_part', participant: 'EF-02-GH-4', timepoint: 'pre', shift: 0, person: 4, finished: '0' },
    ]);
    const field = redcapFieldName(inst.items[0]!.id);
    const col = text.split('\r\n')[0]!.split(',').indexOf(field);
    const lines = text.split('\r\n');
    const cells = lines[3]!.split(',');
    cells[col] = '-99';
    lines[3] = cells.join(',');
    const r = run(lines.join('\r\n'));
    expect(r.records.map((x) => x.participant)).toEqual(['MA-07-SA-2', 'MA-07-SA-2', 'LU-12-RO-0', 'EF-02-GH-4']);
    expect(r.records[0]!.responses[inst.items[0]!.id]).toBeNull();
    expect(r.problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', line: 7, message: 'a survey preview (Status: Survey Preview), not a response; row not used' }),
    );
    expect(r.problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', line: 8, message: 'an unfinished response (Finished: false): its answers are imported' }),
    );
    expect(errors(r)).toEqual([]);
  });

  it("leaves out tests, spam and previews by Qualtrics' Status code, each with a warning; IP Address, Imported and Offline are responses", () => {
    const codes = ['0', '4', '16', '1', '2', '9', '17', '8', '12'];
    const text = qualtricsExport(
      inst,
      codes.map((status, i) => ({ responseId: `R_s${i}`, participant: `staff-${status}`, timepoint: 'pre', shift: 0, person: i, status })),
    );
    const r = run(text);
    expect(r.records.map((x) => [x.participant, x.line])).toEqual([
      ['staff-0', 4],
      ['staff-4', 5],
      ['staff-16', 6],
    ]);
    expect(r.problems.filter((p) => p.line !== undefined && p.line > 6).map((p) => [p.severity, p.line, p.message])).toEqual([
      ['warning', 7, 'a survey preview (Status: Survey Preview), not a response; row not used'],
      ['warning', 8, 'a test response (Status: Survey Test, as made by "Generate test responses"), not a response; row not used'],
      ['warning', 9, 'a survey preview marked as spam (Status: Survey Preview Spam), not a response; row not used'],
      ['warning', 10, 'a survey preview in the offline app (Status: Offline Survey Preview), not a response; row not used'],
      ['warning', 11, 'a response Qualtrics marked as spam (Status: Spam); row not used'],
      ['warning', 12, 'an imported response Qualtrics marked as spam (Status: Imported Spam); row not used'],
    ]);
    expect(r.problems.some((p) => /response types/.test(p.message))).toBe(false);
    expect(r.counts).toMatchObject({ imported: 3, csvRowsRejected: 6 });
    expect(errors(r)).toEqual([]);
  });

  it('reads the Status labels of an export with choice texts the same way (case and spaces ignored)', () => {
    const labels = [
      'IP Address',
      'imported',
      ' Offline ',
      'Survey Preview',
      'Survey  Test',
      'Survey Preview Spam',
      'Offline Survey Preview',
      'SPAM',
      'Imported Spam',
    ];
    const r = run(
      qualtricsExport(
        inst,
        labels.map((status, i) => ({ responseId: `R_l${i}`, participant: `staff-${i}`, timepoint: 'pre', shift: 0, person: i, status })),
      ),
    );
    expect(r.records.map((x) => x.line)).toEqual([4, 5, 6]);
    expect(r.problems.filter((p) => /; row not used$/.test(p.message)).map((p) => [p.line, p.message.replace(/ \(.*/, '')])).toEqual([
      [7, 'a survey preview'],
      [8, 'a test response'],
      [9, 'a survey preview marked as spam'],
      [10, 'a survey preview in the offline app'],
      [11, 'a response Qualtrics marked as spam'],
      [12, 'an imported response Qualtrics marked as spam'],
    ]);
    expect(errors(r)).toEqual([]);
  });

  it('keeps a row whose Status is no response type, with one warning per value; hostile values are not shown', () => {
    const statuses = ['3', '=2', '3', 'Synthetic', HOSTILE.markup, HOSTILE.formula, '3', '=2'];
    const r = run(
      qualtricsExport(
        inst,
        statuses.map((status, i) => ({ responseId: `R_u${i}`, participant: `staff-${i}`, timepoint: 'pre', shift: 0, person: i, status })),
      ),
    );
    expect(r.records).toHaveLength(8);
    const warned = r.problems.filter((p) => /response types/.test(p.message));
    expect(warned.map((p) => [p.severity, p.line, p.message])).toEqual([
      [
        'warning',
        4,
        '3 rows have Status "3" (first on line 4), not one of Qualtrics\' response types (IP Address, Imported, Offline; Survey Preview, Survey Test, Spam…): they are read as responses; if they are not, leave them out in Qualtrics and export again',
      ],
      [
        'warning',
        5,
        expect.stringMatching(
          /^4 rows have Status values that are not shown \(first on line 5\), not one of Qualtrics' response types .*\. A Status is shown only when it is letters, digits and spaces \(up to 40 characters\), for the first 20 different values$/,
        ),
      ],
      [
        'warning',
        7,
        expect.stringMatching(/^1 row has Status "Synthetic" \(first on line 7\), not one of .*: it is read as a response; if it is not, leave it out/),
      ],
    ]);
    expect(JSON.stringify(r.problems)).not.toMatch(/=2|=HYPERLINK/);
    noLeak(r);
    expect(errors(r)).toEqual([]);
  });

  it('names at most 20 different unknown Status values; the rest are counted together', () => {
    const r = run(
      qualtricsExport(
        inst,
        Array.from({ length: 25 }, (_, i) => ({ responseId: `R_v${i}`, participant: `staff-${i}`, timepoint: 'pre', shift: 0, person: i, status: `X${i}` })),
      ),
    );
    expect(r.records).toHaveLength(25);
    const warned = r.problems.filter((p) => /response types/.test(p.message)).map((p) => p.message);
    expect(warned).toHaveLength(21);
    expect(warned[19]).toMatch(/^1 row has Status "X19" \(first on line 23\)/);
    expect(warned[20]).toMatch(/^5 rows have Status values that are not shown \(first on line 24\)/);
  });

  it('accepts questions named by item id instead of field name', () => {
    const r = run(qualtricsExport(inst, responses, { itemIds: true }));
    expect(r.records[0]!.responses).toEqual(answers(inst, 0, 0));
    expect(errors(r)).toEqual([]);
  });

  it('refuses an export of choice texts with a clear message', () => {
    const r = run(qualtricsExport(inst, responses, { choiceText: true }));
    expect(errors(r)).toEqual([
      expect.objectContaining({
        line: 4,
        message: expect.stringMatching(
          /^this Qualtrics export holds answer texts, not codes \(for example ".+" in column "att_12_helpful" on line 4\): export the responses again with "Use numeric values"/,
        ),
      }),
    ]);
    expect(r.counts).toMatchObject({ filesRejected: 1, imported: 0 });
    noLeak(r);
  });

  it('without a timepoint field, needs the timepoint for the file; a wrong timepoint is an error naming the line', () => {
    const text = qualtricsExport(inst, responses, { embedded: ['participant'] });
    const r = run(text);
    expect(errors(r)).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringMatching(/^this Qualtrics export has no embedded data field "timepoint"/) }),
    ]);
    expect(run(text, { timepoints: { all: 'followup' } }).records.map((x) => x.timepoint)).toEqual(['followup', 'followup', 'followup']);
    const wrong = run(qualtricsExport(inst, [{ ...responses[0]!, timepoint: 'during' }]));
    expect(errors(wrong)).toEqual([
      expect.objectContaining({ line: 4, message: 'the embedded data field "timepoint" holds "during", not one of pre, post, then, followup; row not used' }),
    ]);
  });

  it('reads an export with two header rows (no import ids): data from line 3', () => {
    const lines = qualtricsExport(inst, responses).split('\r\n');
    lines.splice(2, 1);
    const r = run(lines.join('\r\n'));
    expect(r.records.map((x) => x.line)).toEqual([3, 4, 5]);
  });

  it('reads an export whose two header rows under the column names were deleted from line 2, and says they are missing (before: the first response was lost)', () => {
    const lines = qualtricsExport(inst, responses).split('\r\n');
    lines.splice(1, 2);
    const r = run(lines.join('\r\n'));
    expect(r.records.map((x) => [x.participant, x.timepoint, x.line])).toEqual([
      ['MA-07-SA-2', 'pre', 2],
      ['MA-07-SA-2', 'post', 3],
      ['LU-12-RO-0', 'pre', 4],
    ]);
    expect(r.records[0]!.responses).toEqual(answers(inst, 0, 0));
    expect(r.problems).toContainEqual({
      file: 'qualtrics.csv',
      severity: 'warning',
      line: 2,
      message:
        'the two rows Qualtrics writes under the column names (the question texts, then import ids such as {"ImportId":"QID1"}) are missing, as when they are deleted in a spreadsheet: the responses are read from line 2 on',
    });
    expect(errors(r)).toEqual([]);
    expect(r.counts).toMatchObject({ imported: 3, csvRowsRejected: 0 });
    noLeak(r);
  });

  it('without the header rows, a first response that is a preview, or has a hostile Status, is judged as a response row', () => {
    const lines = qualtricsExport(inst, [
      { ...responses[0]!, status: 'Survey Preview' },
      { ...responses[1]!, status: '=2' },
      { ...responses[2]!, status: HOSTILE.markup },
    ]).split('\r\n');
    lines.splice(1, 2);
    const r = run(lines.join('\r\n'));
    expect(r.records.map((x) => x.line)).toEqual([3, 4]);
    expect(r.problems).toContainEqual(
      expect.objectContaining({ line: 2, severity: 'warning', message: 'a survey preview (Status: Survey Preview), not a response; row not used' }),
    );
    expect(r.problems).toContainEqual(
      expect.objectContaining({ line: 2, message: expect.stringMatching(/^the two rows Qualtrics writes under the column names/) }),
    );
    expect(JSON.stringify(r.problems)).not.toContain('=2');
    noLeak(r);
  });

  it('with only one of the two header rows, reads the responses from line 3; a missing question texts row is named', () => {
    const full = qualtricsExport(inst, responses).split('\r\n');
    // The question texts deleted, the import ids kept.
    const noTexts = run(full.filter((_, i) => i !== 1).join('\r\n'));
    expect(noTexts.records.map((x) => x.line)).toEqual([3, 4, 5]);
    expect(noTexts.problems).toContainEqual({
      file: 'qualtrics.csv',
      severity: 'warning',
      line: 2,
      message:
        'the row of question texts that Qualtrics writes under the column names is missing (line 2 holds the import ids): the responses are read from line 3 on',
    });
    // The two rows in the other order: both are header rows.
    const swapped = run([full[0], full[2], full[1], ...full.slice(3)].join('\r\n'));
    expect(swapped.records.map((x) => x.line)).toEqual([4, 5, 6]);
    expect(swapped.problems.filter((p) => p.line === 2)).toEqual([]);
    // Question texts in another language (nothing repeats a column name): still the question texts.
    const texts = full[1]!.split(',').map((_, i) => `Frage ${i + 1}`);
    const other = run([full[0], texts.join(','), full[2], ...full.slice(3)].join('\r\n'));
    expect(other.records.map((x) => x.line)).toEqual([4, 5, 6]);
    expect(errors(other)).toEqual([]);
    expect(other.problems.filter((p) => p.line === 2)).toEqual([]);
    // A first response whose dates a spreadsheet rewrote and whose ResponseId was cleared is still a response.
    const cells = full[3]!.split(',');
    cells[0] = '10/1/2026 10:00';
    cells[8] = '';
    const edited = run([full[0], cells.join(','), ...full.slice(4)].join('\r\n'));
    expect(edited.records.map((x) => x.line)).toEqual([2, 3, 4]);
  });

  it('refuses the export from before 2017 with a message', () => {
    const legacy =
      'V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,Q2\nResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,Finished,Q one,Q two\nR_2YPOQ602ER1jkf1,Default,Jane Hostile-Doe,,jane.hostile-doe@example.org,203.0.113.66,0,2017-07-18 08:28:09,2017-07-18 08:28:48,1,2,3\n';
    expect(detectFormat({ name: 'legacy.csv', text: legacy })).toBe('qualtrics');
    const r = run(legacy);
    expect(errors(r)).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/^this is Qualtrics' export from before 2017/) })]);
    noLeak(r);
  });
});

describe('Qualtrics: a response read twice', () => {
  const text = qualtricsExport(inst, responses);
  const rows = text.trimEnd().split('\n');
  const copies = (r: ImportResult) => r.problems.filter((p) => /same ResponseId/.test(p.message));

  it('a row repeated in the file (same ResponseId and values) is an identical copy: read once, said once with its lines', () => {
    const r = run([...rows, rows[3]!, rows[5]!, rows[3]!].join('\n'));
    expect(r.counts).toMatchObject({ recordsRead: 6, imported: 3, identicalCopies: 3, csvRowsRejected: 0 });
    expect(copies(r)).toEqual([
      {
        file: 'qualtrics.csv',
        line: 7,
        severity: 'warning',
        message:
          '3 rows of this file (lines 7, 8, 9) repeat earlier rows of this file with the same ResponseId, and the same values (the same responses exported twice, as overlapping exports hold them): identical copies, read once',
      },
    ]);
    expect(matchPrePost(r.records).flow).toMatchObject({ matched: 1, preOnly: 1, duplicates: 0 });
  });

  it("two exports that overlap (Monday's, then Friday's with every response so far): the responses in both are read once", () => {
    const later: QualtricsResponse = { responseId: 'R_9newRESPONSE0001', participant: 'LU-12-RO-0', timepoint: 'post', shift: 1, person: 1 };
    const monday = qualtricsExport(inst, responses.slice(0, 2));
    const friday = qualtricsExport(inst, [...responses, later]);
    const r = runFiles([
      ['monday.csv', monday],
      ['friday.csv', friday],
    ]);
    expect(r.counts).toMatchObject({ recordsRead: 6, imported: 4, identicalCopies: 2 });
    expect(copies(r)).toEqual([
      {
        file: 'friday.csv',
        line: 4,
        severity: 'warning',
        message:
          '2 rows of this file (lines 4, 5) repeat rows of "monday.csv" with the same ResponseId, and the same values (the same responses exported twice, as overlapping exports hold them): identical copies, read once',
      },
    ]);
    expect(errors(r)).toEqual([]);
    expect(matchPrePost(r.records).flow).toMatchObject({ matched: 2, duplicates: 0 });
  });

  it('an export with its columns named otherwise (item ids) and without the embedded timepoint, given per file, still holds the same responses', () => {
    const renamed = qualtricsExport(inst, responses.slice(0, 1), { itemIds: true, embedded: ['participant'] }).replace(/\bR_1abcDEF234ghiJK\b/g, 'R_unused');
    const r = runFiles(
      [
        ['all.csv', text],
        ['pre-only.csv', renamed],
      ],
      { timepoints: { files: { 'pre-only.csv': 'pre' } } },
    );
    expect(r.counts).toMatchObject({ imported: 3, identicalCopies: 1 });
  });

  it('the same ResponseId with other answers (edited between two exports) is read twice, with a warning naming the first', () => {
    const edited = qualtricsExport(inst, [{ ...responses[0]!, shift: 2 }]);
    const r = runFiles([
      ['monday.csv', text],
      ['friday.csv', edited],
    ]);
    expect(r.counts).toMatchObject({ imported: 4, identicalCopies: 0 });
    expect(copies(r)).toEqual([
      {
        file: 'friday.csv',
        line: 4,
        severity: 'warning',
        message:
          'this response has the same ResponseId as line 4 of "monday.csv", but other values (edited in Qualtrics between two exports?): both are read, as two records (the matching uses one, and lists the other as a duplicate)',
      },
    ]);
    expect(matchPrePost(r.records).flow).toMatchObject({ duplicates: 1 });
  });
});
