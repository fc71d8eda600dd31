// The header of every CSV the evaluator reads (long CSV, REDCap, Qualtrics, LMS interactions): a column
// named twice is refused, naming the file, the column and both positions; Excel's `sep=;` first line names
// the delimiter and is left out, line numbers still counting the file's lines (src/lib/import/csv-rows.ts).
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { columnLetters, excelSeparator, repeatedColumn } from '../../../src/lib/import/csv-rows.ts';
import { detectFormat, importFiles, listInstruments, type ImportOptions, type ImportResult } from '../../../src/lib/import/import.ts';
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

// ---- Excel's sep= line --------------------------------------------------------------------------------------

/** The text with its values separated by `delimiter` (quoted where needed), lines ending with `newline`. */
function withDelimiter(text: string, delimiter: string, newline = '\n'): string {
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: false }).data.filter((r) => !(r.length === 1 && r[0] === ''));
  return Papa.unparse(rows, { delimiter, newline }) + newline;
}

/** A result with every line number one less, for comparing a file that has a sep= line with the same file without it. */
const oneLineUp = (r: ImportResult) => ({
  records: r.records.map((x) => (x.line === undefined ? x : { ...x, line: x.line - 1 })),
  problems: r.problems.map((p) =>
    p.line === undefined ? p : { ...p, line: p.line - 1, message: p.message.replace(/\bline (\d+)/g, (_, n: string) => `line ${Number(n) - 1}`) },
  ),
  counts: r.counts,
});
const asRead = (r: ImportResult) => ({ records: r.records, problems: r.problems, counts: r.counts });

describe('excelSeparator', () => {
  it('reads the delimiter Excel names on the first line, and where the header starts', () => {
    expect(excelSeparator('sep=;\nparticipant;timepoint')).toEqual({ delimiter: ';', next: 6 });
    expect(excelSeparator('sep=,\r\nparticipant,timepoint')).toEqual({ delimiter: ',', next: 7 });
    expect(excelSeparator('sep=\t\rparticipant\ttimepoint')).toEqual({ delimiter: '\t', next: 6 });
    expect(excelSeparator('sep=\\t\nparticipant\ttimepoint')).toEqual({ delimiter: '\t', next: 7 });
    expect(excelSeparator('\ufeffSEP=|\n')).toEqual({ delimiter: '|', next: 7 });
    // Written back by a spreadsheet that read the line as a row of empty cells.
    expect(excelSeparator('sep=;;;;\na;b;c;d')).toEqual({ delimiter: ';', next: 9 });
  });

  it('is null for any other first line', () => {
    for (const text of ['participant,timepoint', 'sep=;x\n', 'sep=\n', 'sep= \n', 'sep=a\n', 'sep="\n', ' sep=;\n', 'sep;\n', 'x\nsep=;\n']) {
      expect(excelSeparator(text), text).toBeNull();
    }
  });
});

describe("a long CSV with Excel's sep= line", () => {
  // Cohorts holding commas and semicolons: the delimiter cannot be guessed right from the header alone.
  const plain = longCsv('participant,timepoint,item,value,cohort,extra', [
    `MA-07-SA-2,pre,${item1},4,"North; south, east",x`,
    `MA-07-SA-2,post,${item1},5,"North; south, east",x`,
    `MA-07-SA-2,post,${item2},7,"North; south, east",x`,
    `LU-12-RO-0,pre,${item1},,West,x`,
    'LU-12-RO-0,later,x,1,West,x',
  ]);

  it('reads the file with the delimiter named, each line numbered as in the file', () => {
    for (const [delimiter, sep] of [
      [';', 'sep=;'],
      [',', 'sep=,'],
      ['\t', 'sep=\t'],
      ['\t', 'sep=\\t'],
    ] as const) {
      for (const newline of ['\n', '\r\n']) {
        const text = `${sep}${newline}${withDelimiter(plain, delimiter, newline)}`;
        expect(detectFormat({ name: 'data.txt', text }), sep).toBe('csv');
        const r = run([{ name: 'data.csv', text }]);
        expect(oneLineUp(r), `${sep} ${JSON.stringify(newline)}`).toEqual(asRead(run([{ name: 'data.csv', text: plain }])));
        expect(r.records.map((x) => [x.participant, x.timepoint, x.cohort, x.line])).toEqual([
          ['MA-07-SA-2', 'pre', 'North; south, east', 3],
          ['MA-07-SA-2', 'post', 'North; south, east', 4],
          ['LU-12-RO-0', 'pre', 'West', 6],
        ]);
        expect(r.problems.map((p) => [p.line, p.severity])).toEqual([
          [2, 'warning'], // the header: column "extra" not used
          [2, 'warning'], // the header: no instrument column
          [5, 'error'], // 7 is not on the item's scale
          [7, 'error'], // timepoint "later"
        ]);
      }
    }
  });

  it('lists the questionnaires its instrument column names, with and without quotes in the file', () => {
    const rows = [`MA-07-SA-2;pre;${item1};4;${inst.id};${inst.version}`, `LU-12-RO-0;pre;${item1};3;${inst.id};${inst.version}`];
    const text = `sep=;\n${longCsv('participant;timepoint;item;value;instrument;instrument_version', rows)}`;
    const expected = [{ id: inst.id, version: inst.version, hash: null, records: 2 }];
    expect(listInstruments([{ name: 'a.csv', text }])).toEqual(expected);
    expect(listInstruments([{ name: 'b.csv', text: text.replace('LU-12-RO-0', '"LU-12-RO-0"') }])).toEqual(expected);
    expect(run([{ name: 'a.csv', text }]).records.map((x) => [x.participant, x.line])).toEqual([
      ['MA-07-SA-2', 3],
      ['LU-12-RO-0', 4],
    ]);
  });

  it('names the line a stray quote opens on, and the line a second kind of line break ends, as the lines of the file', () => {
    const rows = Array.from({ length: 5 }, (_, n) => `${['MA-07-SA-2', 'LU-12-RO-0', 'AB-01-CD-3', 'PE-28-OS-3', 'TI-15-RO-0'][n]};pre;${item1};${n + 1}`);
    rows[1] = `LU-12-RO-0;"pre;${item1};2`;
    const text = `sep=;\r\nparticipant;timepoint;item;value\r\n${rows.join('\n')}\n`;
    const r = run([{ name: 'stray.csv', text }], { limits: { maxStringChars: 30 } });
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message])).toEqual([
      [4, expect.stringMatching(/the quote that opens its value in column "timepoint" is not closed within 30 characters.*ending with line 4,/)],
    ]);
    expect(r.problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', line: 3, message: expect.stringMatching(/mixes kinds of line break.*ends line 3/) }),
    );
    expect(r.records.map((x) => x.line)).toEqual([3, 5, 6, 7]);
  });

  it('reads the header on line 2: a column named twice, or a column missing, is reported there', () => {
    const twice = run([{ name: 't.csv', text: 'sep=;\nparticipant;timepoint;item;value;VALUE\nMA-07-SA-2;pre;x;1;1\n' }]);
    expect(errors(twice).map((p) => [p.line, p.message])).toEqual([[2, expect.stringMatching(/^the header names column "value" twice/)]]);
    const missing = run([{ name: 'm.csv', text: 'sep=;\nparticipant;timepoint;item\nMA-07-SA-2;pre;x\n' }]);
    expect(errors(missing).map((p) => [p.line, p.message])).toEqual([[2, expect.stringMatching(/lacks the column "value"/)]]);
  });
});

describe("REDCap, Qualtrics and LMS exports with Excel's sep= line", () => {
  const people: RedcapPerson[] = [
    { recordId: 'K016', code: 'MA-07-SA-2', events: { baseline_arm_1: 0, post_training_arm_1: 1, visit_9_arm_1: 2 } },
    { recordId: 'K017', events: { baseline_arm_1: 1 } },
  ];

  it('REDCap: read as without it, every line number one more', () => {
    const plain = redcapExport(inst, people, { participantCode: true, screening: true });
    for (const [delimiter, sep] of [
      [';', 'sep=;'],
      ['\t', 'sep=\t'],
      [',', 'sep=,'],
    ] as const) {
      const text = `${sep}\r\n${withDelimiter(plain, delimiter, '\r\n')}`;
      expect(detectFormat({ name: 'export.csv', text })).toBe('redcap');
      const r = run([{ name: 'redcap.csv', text }]);
      expect(oneLineUp(r)).toEqual(asRead(run([{ name: 'redcap.csv', text: plain }])));
      expect(r.records.map((x) => x.line)).toEqual([4, 5, 8]);
      // The unmapped event's row, on its line of the file; the header's warnings on line 2.
      expect(errors(r).map((p) => p.line)).toEqual([6]);
      expect(
        r.problems.filter((p) => p.severity === 'warning' && /not used \(and never copied|does not say which questionnaire/.test(p.message)).map((p) => p.line),
      ).toEqual([2, 2]);
    }
  });

  it('Qualtrics: read as without it; without the two rows under the column names, the responses are read from line 3', () => {
    const responses: QualtricsResponse[] = [
      { responseId: 'R_2YPOQ602ER1jkf1', participant: 'MA-07-SA-2', timepoint: 'pre', shift: 0, person: 0 },
      { responseId: 'R_1abcDEF234ghiJK', participant: 'MA-07-SA-2', timepoint: 'post', shift: 1, person: 0, status: '1' },
    ];
    const plain = qualtricsExport(inst, responses);
    const text = `sep=;\r\n${withDelimiter(plain, ';', '\r\n')}`;
    expect(detectFormat({ name: 'survey.csv', text })).toBe('qualtrics');
    const r = run([{ name: 'q.csv', text }]);
    expect(oneLineUp(r)).toEqual(asRead(run([{ name: 'q.csv', text: plain }])));
    expect(r.records.map((x) => x.line)).toEqual([5]);
    expect(r.problems).toContainEqual(expect.objectContaining({ line: 6, message: expect.stringMatching(/^a survey preview/) }));

    const lines = withDelimiter(plain, ';', '\n').split('\n');
    lines.splice(1, 2);
    const without = run([{ name: 'q.csv', text: `sep=;\n${lines.join('\n')}` }]);
    expect(without.records.map((x) => x.line)).toEqual([3]);
    expect(without.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        line: 3,
        message: expect.stringMatching(/^the two rows Qualtrics writes under the column names .* are missing, .*: the responses are read from line 3 on$/),
      }),
    );
    const onlyIds = withDelimiter(plain, ';', '\n').split('\n');
    onlyIds.splice(1, 1);
    const noTexts = run([{ name: 'q.csv', text: `sep=;\n${onlyIds.join('\n')}` }]);
    expect(noTexts.records.map((x) => x.line)).toEqual([4]);
    expect(noTexts.problems).toContainEqual(
      expect.objectContaining({ line: 3, message: expect.stringMatching(/\(line 3 holds the import ids\): the responses are read from line 4 on$/) }),
    );
  });

  it("LMS: the generic interactions CSV and Moodle's report are recognised and read with their lines", () => {
    const generic = 'learner,attempt,interaction_id,response,time,email\n,1,x,1,,\nsomeone@example.org,1,,1,,\n';
    const text = `sep=;\n${withDelimiter(generic, ';')}`;
    expect(detectFormat({ name: 'lms.txt', text })).toBe('lms');
    const r = run([{ name: 'lms.csv', text }], { idSalt: 's' });
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'column "email" not used'],
      [3, 'the learner is empty; row not used'],
      [4, 'the interaction id is empty; row not used'],
    ]);
    const moodle = 'Name\tAttempt\tStarted on\tLast accessed on\tResponse 0\nA\t1\t-\t-\t1\n';
    const m = run([{ name: 'moodle.txt', text: `sep=\t\n${moodle}` }]);
    expect(errors(m).map((p) => [p.line, p.message])).toEqual([[2, expect.stringMatching(/has no "Question N" columns/)]]);
  });
});

describe('a header meant as another layout, or with the participant column named otherwise', () => {
  it('a generic interactions CSV with a column renamed is named as such, with the column it lacks', () => {
    const text = 'learner,attempt,interaction,response,time\nu1,1,pre:att-12-helpful,4,2026-10-01T10:00:00Z\n';
    const r = run([{ name: 'lms.csv', text }, goodLong]);
    expect(errors(r).map((p) => [p.file, p.message])).toEqual([
      [
        'lms.csv',
        expect.stringMatching(
          /lacks the columns "participant", "timepoint", "item", "value" \(it looks like the generic interactions CSV, .* but it has no "interaction_id" column/,
        ),
      ],
    ]);
    expect(r.counts.imported).toBe(1);
  });

  it('a long CSV whose participant column is named otherwise says which column may be it', () => {
    const r = run([
      {
        name: 'ids.csv',
        text: longCsv(
          'Participant ID,timepoint,item,value',
          longRows.map((l) => l.slice(0, l.lastIndexOf(','))),
        ),
      },
    ]);
    expect(errors(r)[0]!.message).toMatch(
      /lacks the column "participant" \(.*; if column "Participant ID" holds the participant codes or ids, name it "participant"\)/,
    );
  });

  it('a REDCap or Qualtrics export whose participant field is named otherwise: a warning naming the fields read', () => {
    const redcap = renameColumn(
      redcapExport(inst, [{ recordId: 'K016', code: 'MA-07-SA-2', events: { baseline_arm_1: 0 } }], { participantCode: true }),
      9,
      'participant_id',
    );
    const r = run([{ name: 'redcap.csv', text: redcap }]);
    expect(r.problems.map((p) => p.message)).toContainEqual(
      'column "participant_id" is not read as the participant: only a field named "participant_code" or "participant" is; if it holds the participant codes or ids, rename it (in REDCap, or in the export\'s header row)',
    );
    const exported = qualtricsExport(inst, [{ responseId: 'R_1', participant: 'MA-07-SA-2', timepoint: 'pre', shift: 0, person: 0 }]);
    const qualtrics = renameColumn(exported, exported.slice(0, exported.indexOf('\n')).split(',').indexOf('participant'), 'subject_id');
    expect(run([{ name: 'q.csv', text: qualtrics }]).problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(
        /^column "subject_id" is not read as the participant: only a field named "participant" or "participant_code" or "participantcode" is/,
      ),
    );
    // Named as read: no such warning.
    const named = redcapExport(inst, [{ recordId: 'K016', code: 'MA-07-SA-2', events: { baseline_arm_1: 0 } }], { participantCode: true });
    expect(run([{ name: 'redcap.csv', text: named }]).problems.some((p) => /is not read as the participant/.test(p.message))).toBe(false);
  });
});
