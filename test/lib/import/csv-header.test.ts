// The header of every CSV the evaluator reads (long CSV, REDCap, Qualtrics, LMS interactions): a column
// named twice is refused, naming the file, the column and both positions (src/lib/import/csv-rows.ts).
import { describe, expect, it } from 'vitest';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { columnLetters, repeatedColumn } from '../../../src/lib/import/csv-rows.ts';
import { importFiles, type ImportOptions, type ImportResult } from '../../../src/lib/import/import.ts';
import { qualtricsExport, redcapExport, type QualtricsResponse, type RedcapPerson } from '../../fixtures/exports/other-systems.ts';
import { shippedInstrument } from '../../fixtures/instruments.ts';

const inst = shippedInstrument();
const hash = instrumentFingerprint(inst);
const run = (files: { name: string; text: string }[], options: ImportOptions = {}) => importFiles(files, inst, hash, options);
const errors = (r: ImportResult) => r.problems.filter((p) => p.severity === 'error');
const [item1, item2] = inst.items.map((i) => i.id) as [string, string];

const longCsv = (header: string, rows: string[]) => [header, ...rows].join('\n') + '\n';
const longRows = ['MA-07-SA-2,pre,' + item1 + ',4,4', 'MA-07-SA-2,post,' + item1 + ',5,5', 'MA-07-SA-2,post,' + item2 + ',2,2'];
/** A long CSV file that is fine, to show that the other files of an import are still read. */
const goodLong = { name: 'good.csv', text: longCsv('participant,timepoint,item,value', ['LU-12-RO-0,pre,' + item1 + ',3']) };

/** Replaces the `n`th (0-based) column name of a text's first line. */
function renameColumn(text: string, n: number, name: string): string {
  const end = text.search(/\r?\n/);
  const names = text.slice(0, end).split(',');
  names[n] = name;
  return names.join(',') + text.slice(end);
}

describe('columnLetters and repeatedColumn', () => {
  it('gives the letters a spreadsheet shows', () => {
    expect([1, 2, 26, 27, 52, 53, 702, 703].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('finds the first key given twice, columns not read (null) left out', () => {
    expect(repeatedColumn(['a', null, 'b', null, 'a', 'b'])).toEqual({ key: 'a', first: 0, second: 4 });
    expect(repeatedColumn(['a', null, null, 'b'])).toBeNull();
  });
});

describe('a long CSV whose header names a column twice', () => {
  it('is refused, naming the column, both positions and both names; the other files are read', () => {
    const text = longCsv('participant,timepoint,item,value,Value ', longRows);
    const r = run([{ name: 'twice.csv', text }, goodLong]);
    expect(errors(r)).toEqual([
      {
        file: 'twice.csv',
        line: 1,
        severity: 'error',
        message:
          'the header names column "value" twice: column 4 (D), "value", and column 5 (E), "Value " (names are matched without regard to case, and spaces and dots count as underscores), so which of them holds the values cannot be told; rename or remove one of them. Nothing in this file was imported',
      },
    ]);
    expect(r.counts.filesRejected).toBe(1);
    expect(r.records.map((x) => [x.file, x.participant])).toEqual([['good.csv', 'LU-12-RO-0']]);
  });

  it('matches names as the reader does: "Participant" and "participant", "instrument.version" and "instrument_version"', () => {
    const a = run([
      {
        name: 'a.csv',
        text: longCsv(
          'Participant,timepoint,item,value,participant',
          longRows.map((l) => `${l.split(',').slice(0, 4).join(',')},x`),
        ),
      },
    ]);
    expect(errors(a)[0]!.message).toMatch(/^the header names column "participant" twice: column 1 \(A\), "Participant", and column 5 \(E\), "participant"/);
    const b = run([
      { name: 'b.csv', text: longCsv('participant,timepoint,item,value,instrument.version,instrument_version', ['MA-07-SA-2,pre,x,1,1.0.0,1.0.0']) },
    ]);
    expect(errors(b)[0]!.message).toMatch(/^the header names column "instrument_version" twice: column 5 \(E\), "instrument\.version", and column 6 \(F\)/);
  });

  it('is read when the name given twice is a column it does not read, or empty (trailing delimiters)', () => {
    const text = longCsv(
      'participant,timepoint,item,value,note,note,,',
      longRows.map((l) => `${l.split(',').slice(0, 4).join(',')},a,b,,`),
    );
    const r = run([{ name: 'notes.csv', text }]);
    expect(errors(r)).toEqual([]);
    expect(r.records).toHaveLength(2);
  });
});

describe('a REDCap export whose header names a column twice', () => {
  const people: RedcapPerson[] = [{ recordId: 'K016', code: 'MA-07-SA-2', events: { baseline_arm_1: 0, post_training_arm_1: 1 } }];
  const text = redcapExport(inst, people, { participantCode: true });

  it('is refused for a role column named twice (case ignored)', () => {
    // Column 5 (first_name) renamed: two participant code fields.
    const r = run([{ name: 'redcap.csv', text: renameColumn(text, 4, 'Participant_Code') }, goodLong]);
    expect(errors(r)).toEqual([
      expect.objectContaining({
        file: 'redcap.csv',
        line: 1,
        message: expect.stringMatching(
          /^the header names column "participant_code" twice: column 5 \(E\), "Participant_Code", and column 10 \(J\), "participant_code" \(names are matched without regard to case.*Nothing in this file was imported$/,
        ),
      }),
    ]);
    expect(r.records.map((x) => x.file)).toEqual(['good.csv']);
  });

  it("is refused for a question named by its field name and by its id (before: one of the two columns' answers was taken)", () => {
    const r = run([{ name: 'redcap.csv', text: renameColumn(text, 5, item1.toUpperCase()) }]);
    expect(errors(r).map((p) => p.message)).toEqual([
      expect.stringMatching(
        new RegExp(`^the header names item "${item1}" twice: column 6 \\(F\\), "${item1.toUpperCase()}", and column 11 \\(K\\), "${item1.replace(/-/g, '_')}"`),
      ),
    ]);
    expect(r.counts.filesRejected).toBe(1);
  });

  it('is refused for a second column named as the record id (the first column)', () => {
    const r = run([{ name: 'redcap.csv', text: renameColumn(text, 6, 'RECORD_ID') }]);
    expect(errors(r).map((p) => p.message)).toEqual([
      expect.stringMatching(/^the header names column "record_id" twice: column 1 \(A\), "record_id", and column 7 \(G\)/),
    ]);
  });

  it('is read when the name given twice is a column it does not read (an identifier field)', () => {
    const r = run([{ name: 'redcap.csv', text: renameColumn(text, 5, 'first_name') }]);
    expect(errors(r)).toEqual([]);
    expect(r.records).toHaveLength(2);
  });
});

describe('a Qualtrics export whose header names a column twice', () => {
  const responses: QualtricsResponse[] = [
    { responseId: 'R_2YPOQ602ER1jkf1', participant: 'MA-07-SA-2', timepoint: 'pre', shift: 0, person: 0 },
    { responseId: 'R_1abcDEF234ghiJK', participant: 'MA-07-SA-2', timepoint: 'post', shift: 1, person: 0 },
  ];
  const text = qualtricsExport(inst, responses);

  it('is refused for an embedded data field named as a column it reads (Status twice)', () => {
    // UserLanguage (column 17, Q) renamed.
    const r = run([{ name: 'q.csv', text: renameColumn(text, 16, 'status') }, goodLong]);
    expect(errors(r)).toEqual([
      expect.objectContaining({
        file: 'q.csv',
        line: 1,
        message: expect.stringMatching(/^the header names column "status" twice: column 3 \(C\), "Status", and column 17 \(Q\), "status"/),
      }),
    ]);
    expect(r.records.map((x) => x.file)).toEqual(['good.csv']);
  });

  it('is refused for a question whose export tag is given twice', () => {
    const r = run([{ name: 'q.csv', text: renameColumn(text, 18, item1) }]);
    expect(errors(r).map((p) => p.message)).toEqual([
      expect.stringMatching(
        new RegExp(`^the header names item "${item1}" twice: column 18 \\(R\\), "${item1.replace(/-/g, '_')}", and column 19 \\(S\\), "${item1}"`),
      ),
    ]);
  });

  it('is read when the name given twice is a column it does not read', () => {
    const r = run([{ name: 'q.csv', text: renameColumn(text, 16, 'DistributionChannel') }]);
    expect(errors(r)).toEqual([]);
    expect(r.records).toHaveLength(2);
  });
});

describe('an LMS interactions report whose header names a column twice', () => {
  it('the generic CSV is refused', () => {
    const r = run([{ name: 'lms.csv', text: 'learner,attempt,interaction_id,response,Learner\nx,1,y,1,z\n' }]);
    expect(errors(r).map((p) => [p.file, p.line, p.message])).toEqual([
      ['lms.csv', 1, expect.stringMatching(/^the header names column "learner" twice: column 1 \(A\), "learner", and column 5 \(E\), "Learner"/)],
    ]);
  });

  it("Moodle's report is refused", () => {
    const text =
      'Name\tEmail address\tAttempt\tStarted on\tLast accessed on\tScore\tQuestion 0\tResponse 0\tQuestion  0\tResponse 1\nA\ta@b\t1\t-\t-\t-\tx\t1\ty\t2\n';
    const r = run([{ name: 'moodle.txt', text }]);
    expect(errors(r).map((p) => [p.file, p.line, p.message])).toEqual([
      [
        'moodle.txt',
        1,
        expect.stringMatching(/^the header names column "question 0" twice: column 7 \(G\), "Question 0", and column 9 \(I\), "Question {2}0"/),
      ],
    ]);
  });
});
