// The import under hostile and broken input (test/fixtures/hostile/cases.ts): every case next to a valid
// file, which must still be imported; every problem names the file and the record or line; limits hold.
import { describe, expect, it } from 'vitest';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { importFiles, listInstruments } from '../../../src/lib/import/import.ts';
import type { ImportFile, ImportResult } from '../../../src/lib/import/import-types.ts';
import { countTopLevel } from '../../../src/lib/import/import-json.ts';
import { DEFAULT_LIMITS, formatBytes, formatCount, printable, quoted } from '../../../src/lib/import/limits.ts';
import { tinyInstrument } from '../../fixtures/instruments.ts';
import { makeRecord, jsonFile } from '../../fixtures/evaluator/records.ts';
import { hostileCases, validFile, validRecords } from '../../fixtures/hostile/cases.ts';

const tiny = tinyInstrument();
const tinyHash = instrumentFingerprint(tiny);
const run = (files: ImportFile[], limits = {}) => importFiles(files, tiny, tinyHash, { limits });
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function expectAccounted(r: ImportResult) {
  const c = r.counts;
  expect(c.imported + c.rejected + c.otherInstrument + c.identicalCopies).toBe(c.recordsRead);
  expect(r.records).toHaveLength(c.imported);
  expect(r.problems.filter((p) => p.severity === 'error')).toHaveLength(c.errors);
  expect(r.problems.filter((p) => p.severity === 'warning')).toHaveLength(c.warnings);
}

describe('hostile inputs: each next to a valid file', () => {
  for (const c of hostileCases) {
    it(`${c.name}: ${c.what}`, () => {
      const made = c.make(tiny);
      const started = performance.now();
      const r = run([validFile(tiny), { name: c.name, ...made }]);
      // Every case is dealt with quickly (the 50 MB list is refused before it is parsed).
      expect(performance.now() - started).toBeLessThan(5_000);
      const problems = r.problems.filter((p) => p.file === c.name);
      expect(problems.map((p) => `${p.severity} ${p.line ?? ''}/${p.record ?? ''} ${p.message.slice(0, 300)}`)).toHaveLength(c.problems.length);
      c.problems.forEach((want, i) => {
        const got = problems[i]!;
        expect(got.severity).toBe(want.severity);
        expect(got.message).toMatch(want.message);
        expect(got.line).toBe(want.line);
        expect(got.record).toBe(want.record);
        expect(got.count).toBe(want.count);
      });
      expect(r.records.filter((x) => x.file === c.name)).toHaveLength(c.imported);
      // The valid file is always imported in full, and nothing from the files reaches a message raw.
      expect(r.records.filter((x) => x.file === 'valid-learner.json')).toHaveLength(2);
      expect(r.problems.filter((p) => p.file === 'valid-learner.json')).toEqual([]);
      for (const p of r.problems) {
        expect(p.message).not.toMatch(UNPRINTABLE);
        expect(p.message.length).toBeLessThan(2_000);
      }
      expectAccounted(r);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('all of them at once: one import, every file named, the valid one analysed', () => {
    const files = [validFile(tiny), ...hostileCases.map((c) => ({ name: c.name, ...c.make(tiny) }))];
    const r = run(files);
    // (Some cases hold the same valid record, so later copies are also reported as identical copies.)
    for (const c of hostileCases) expect(r.problems.filter((p) => p.file === c.name && !/^identical copy/.test(p.message))).toHaveLength(c.problems.length);
    expect(r.records.filter((x) => x.file === 'valid-learner.json')).toHaveLength(2);
    expect(r.problems.length).toBeLessThan(50);
    expectAccounted(r);
  });

  it('keeps the parts of the CSV cases that are right: rows after a stray LF, a value split by any line break', () => {
    const byName = (name: string) => hostileCases.find((c) => c.name === name)!;
    const r = run([
      { name: 'stray.csv', ...byName('crlf-stray-lf.csv').make(tiny) },
      { name: 'mixed.csv', ...byName('mixed-quoted.csv').make(tiny) },
    ]);
    expect(r.records.filter((x) => x.file === 'stray.csv').map((x) => [x.participant, x.timepoint, x.line, x.responses])).toEqual([
      ['MA-07-SA-2', 'pre', 2, { a: 4 }],
      ['LU-12-RO-0', 'pre', 3, { a: 3 }],
      ['AB-01-CD-3', 'post', 5, { a: 2 }],
    ]);
    // "A\r\nB", "A\rB" and "A\nB" are the same cohort: one record with both answers (LU-12-RO-0's only row is set aside).
    expect(r.records.filter((x) => x.file === 'mixed.csv').map((x) => [x.participant, x.cohort, x.responses])).toEqual([
      ['MA-07-SA-2', 'A\nB', { a: 4, b: 5 }],
    ]);
  });
});

describe('limits', () => {
  const csv = (rows: number, code = (n: number) => `A${String.fromCharCode(65 + (n % 26))}-${String((n % 28) + 1).padStart(2, '0')}-QQ-${n % 10}`) =>
    `participant,timepoint,item,value\n${Array.from({ length: rows }, (_, n) => `${code(n)},pre,a,${(n % 5) + 1}`).join('\n')}\n`;

  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxFileBytes: 100 * 2 ** 20,
      maxTotalBytes: 512 * 2 ** 20,
      maxRecordsPerFile: 200_000,
      maxJsonValues: 10_000_000,
      maxRecordsTotal: 500_000,
      maxCsvRows: 2_000_000,
      maxJsonDepth: 20,
      maxStringChars: 1_000,
      maxRecordValues: 2_000,
      maxProblemsPerFile: 200,
      maxProblemsTotal: 5_000,
      aggregateAfter: 3,
    });
  });

  it('CSV rows over the limit: the first rows are read, the rest named by line', () => {
    const r = run([{ name: 'rows.csv', text: csv(10) }], { maxCsvRows: 6 });
    expect(r.counts).toMatchObject({ csvRows: 6, imported: 6 });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([
      {
        file: 'rows.csv',
        line: 8,
        severity: 'error',
        message: 'this file has more than 6 data rows, the limit per file; lines 8 to the end were not read. Split the file',
      },
    ]);
  });

  it('a record cut off by a limit: at the row limit it is not imported (it would be incomplete); at the record limit its rows are still read', () => {
    const [a, b] = tiny.items.map((item) => item.id);
    const text = `participant,timepoint,item,value\nMA-07-SA-2,pre,${a},2\nMA-07-SA-2,pre,${b},3\nMA-07-SA-2,post,${a},4\nMA-07-SA-2,post,${b},5\n`;
    const rowLimit = run([{ name: 'cut.csv', text }], { maxCsvRows: 3 });
    expect(rowLimit.records.map((r) => [r.timepoint, Object.keys(r.responses).length])).toEqual([['pre', 2]]);
    expect(rowLimit.counts).toMatchObject({ recordsRead: 2, imported: 1, rejected: 1 });
    expect(rowLimit.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message])).toEqual([
      [5, 'the rows for participant MA-07-SA-2 (post) go on past the limit on rows, so that record was not imported (it would be incomplete)'],
      [5, 'this file has more than 3 data rows, the limit per file; lines 5 to the end were not read. Split the file'],
    ]);
    const recordLimit = run([{ name: 'cut.csv', text: `${text}LU-12-RO-0,pre,${a},1\n` }], { maxRecordsTotal: 2 });
    expect(recordLimit.records.map((r) => [r.timepoint, Object.keys(r.responses).length])).toEqual([
      ['pre', 2],
      ['post', 2],
    ]);
    expect(recordLimit.problems.filter((p) => p.severity === 'error').map((p) => p.line)).toEqual([6]);
  });

  it("records over the import's limit: later files are not read, and say why", () => {
    const two = jsonFile('two.json', validRecords(tiny, 'MA-07-SA-2'));
    const r = run(
      [
        two,
        jsonFile('three.json', [...validRecords(tiny, 'LU-12-RO-0'), makeRecord(tiny, { participant: 'AB-01-CD-3' })]),
        { name: 'rows.csv', text: csv(3) },
        jsonFile('late.json', validRecords(tiny, 'XY-02-ZZ-1')),
      ],
      { maxRecordsTotal: 4 },
    );
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.file, p.line, p.message])).toEqual([
      [
        'three.json',
        undefined,
        expect.stringMatching(/^this file was not read: it holds together with the files before it, more than 4 records, the limit for one import/),
      ],
      ['rows.csv', 4, expect.stringMatching(/^the import reached its limit of 4 records; lines 4 to the end of this file were not read/)],
      ['late.json', undefined, expect.stringMatching(/^this file was not read: the files before it already hold 4 records, the limit for one import/)],
    ]);
    expect(r.counts).toMatchObject({ imported: 4, filesRejected: 2 });
  });

  it('files over the size limits are not read', () => {
    const a = jsonFile('a.json', validRecords(tiny));
    const c = jsonFile('c.json', validRecords(tiny, 'LU-12-RO-0'));
    const r = run([a, { name: 'b.json', text: '', bytes: 5_000 }, c, jsonFile('d.json', validRecords(tiny, 'AB-01-CD-3'))], {
      maxFileBytes: 4_000,
      maxTotalBytes: a.text.length + c.text.length,
    });
    expect(r.problems.map((p) => [p.file, p.message])).toEqual([
      ['b.json', expect.stringMatching(/^this file is 4\.9 KB, more than the limit of 3\.9 KB per file/)],
      ['d.json', expect.stringMatching(/^this file was not read: the files before it already hold \d\.\d KB and the limit for one import is \d\.\d KB/)],
    ]);
    expect(r.counts).toMatchObject({ imported: 4, filesRejected: 2 });
  });

  it('a problem found up to 3 times is listed each time; from 4 times on it is one entry with the count', () => {
    // The last row gives the record an answer (a record without any is an error of its own).
    const rows = (n: number) => `participant,timepoint,item,value\n${'MA-07-SA-2,pre,zz,1\n'.repeat(n)}MA-07-SA-2,pre,a,1\n`;
    const three = run([{ name: 'three.csv', text: rows(3) }]).problems.filter((p) => p.severity === 'error');
    expect(three.map((p) => [p.line, p.count])).toEqual([
      [2, undefined],
      [3, undefined],
      [4, undefined],
    ]);
    const four = run([{ name: 'four.csv', text: rows(4) }]).problems.filter((p) => p.severity === 'error');
    expect(four).toEqual([
      {
        file: 'four.csv',
        line: 2,
        severity: 'error',
        count: 4,
        message:
          '4 rows: unknown item (not in questionnaire "tiny" 1.0.0); row not used. First at line 2: unknown item "zz" (not in questionnaire "tiny" 1.0.0); row not used; then lines 3, 4, 5',
      },
    ]);
  });

  it('answers set aside are counted as answers, and different items stay apart', () => {
    const responses = { a: 9, b: 9, c: 9, d: 9, e: 1 };
    const r = run([
      jsonFile('x.json', [makeRecord(tiny, { participant: 'MA-07-SA-2', responses }), makeRecord(tiny, { participant: 'LU-12-RO-0', responses })]),
    ]);
    expect(r.counts.valuesRejected).toBe(8);
    expect(r.problems.map((p) => [p.record, p.message])).toEqual(
      ['a', 'b', 'c', 'd']
        .flatMap((id) => [
          [1, expect.stringMatching(new RegExp(`^answer 9 to item "${id}" set aside`))],
          [2, expect.stringMatching(new RegExp(`^answer 9 to item "${id}"`))],
        ])
        .sort((x, y) => (x[0] as number) - (y[0] as number)),
    );
  });

  it('stops listing at the per-file and whole-import limits, and says how many more there are', () => {
    // Five different problems, the last three of them twice; and a record whose every row was set aside.
    const rows = ['MA-07-SA-2,pre,zz,1', 'MA-07-SA-2,pre,a,9', 'MA-07-SA-2,pre,b,9', 'MA-07-SA-2,later,a,1', 'BAD,pre,a,1'];
    const text = `participant,timepoint,item,value,instrument,instrument_version\n${[...rows, ...rows.slice(2)].map((r) => `${r},tiny,1.0.0`).join('\n')}\n`;
    const r = run([{ name: 'values.csv', text }], { maxProblemsPerFile: 2 });
    expect(r.problems).toHaveLength(3);
    expect(r.problems[2]).toMatchObject({
      file: 'values.csv',
      severity: 'error',
      message: expect.stringMatching(
        /^7 more problems in this file are not listed \(7 errors and 0 warnings; the list stops at 2 different problems per file\)/,
      ),
    });
    // The note is no problem of its own: the counts are those listed, and those not listed.
    expect(r.counts).toMatchObject({ errors: 2, warnings: 0, unlistedErrors: 7, unlistedWarnings: 0 });
    const many = run(
      Array.from({ length: 10 }, (_, n) => ({ name: `bad-${n}.json`, text: '[' })),
      { maxProblemsTotal: 4 },
    );
    expect(many.problems.map((p) => p.file)).toEqual(['bad-0.json', 'bad-1.json', 'bad-2.json', 'bad-3.json', 'bad-4.json']);
    expect(many.problems[4]!).toMatchObject({
      severity: 'error',
      message: '6 more problems in this and later files are not listed (6 errors and 0 warnings; the list stops at 4 entries)',
    });
    expect(many.counts).toMatchObject({ filesRejected: 10, errors: 4, unlistedErrors: 6 });
  });

  it('says a note of problems not listed is a warning when all of them are (before: an error, counted against the file it names)', () => {
    // Ten identical copies of one signed record: nine warnings, of which the list holds three.
    const record = makeRecord(tinyInstrument(), { participant: 'MA-07-SA-2', timepoint: 'pre' });
    const files = Array.from({ length: 10 }, (_, n) => ({ name: `copy-${n}.json`, text: JSON.stringify([record]) }));
    const r = run(files, { maxProblemsTotal: 3 });
    expect(r.problems.map((p) => p.severity)).toEqual(['warning', 'warning', 'warning', 'warning']);
    expect(r.problems[3]!.message).toBe('6 more problems in this and later files are not listed (0 errors and 6 warnings; the list stops at 3 entries)');
    expect(r.counts).toMatchObject({ errors: 0, warnings: 3, unlistedErrors: 0, unlistedWarnings: 6, identicalCopies: 9 });
  });

  it('counts the entries of a top-level list and its values without being fooled by strings', () => {
    expect(countTopLevel('[1,2,3]', 5)).toBeNull(); // too few commas to need counting
    expect(countTopLevel('[1,2,3,4,5,6]', 5)).toEqual({ entries: 6, values: 6 });
    expect(countTopLevel('["a,b,c,d,e,f,g", {"x": [1,2,3,4]}, "\\\\", "\\",,,,"]', 3)).toEqual({ entries: 4, values: 7 });
    expect(countTopLevel(`[${'{},'.repeat(1_000_000)}{}]`, 10)).toEqual({ entries: 11, values: 11 });
    expect(countTopLevel(`[[${'1,'.repeat(1_000)}1]]`, 10, 100)).toEqual({ entries: 1, values: 101 });
  });

  it('refuses a JSON file of more values than the limit before parsing it', () => {
    const r = run([{ name: 'numbers.json', text: `[[${'1,'.repeat(5_000)}1]]` }, validFile(tiny)], { maxJsonValues: 1_000, maxRecordsPerFile: 10 });
    expect(r.problems).toEqual([
      {
        file: 'numbers.json',
        severity: 'error',
        message: 'this file was not read: it holds more than 1,000 values, the limit per file; split it into smaller files. Nothing in it was imported',
      },
    ]);
    expect(r.counts.imported).toBe(2);
    const one = run([{ name: 'one.json', text: `{"a":[${'1,'.repeat(5_000)}1]}` }], { maxJsonValues: 1_000 });
    expect(one.problems.map((p) => p.message)).toEqual([expect.stringMatching(/more than 1,000 values/)]);
  });

  it('lists instruments without reading files over the limit or ids longer than any valid one', () => {
    const refs = listInstruments([
      jsonFile('a.json', validRecords(tiny)),
      { name: 'big.json', text: '', bytes: 200 * 2 ** 20 },
      { name: 'long.csv', text: `participant,timepoint,item,value,instrument,instrument_version\nMA-07-SA-2,pre,a,1,${'x'.repeat(500)},1.0.0\n` },
      { name: 'cr.csv', text: 'participant,timepoint,item,value,instrument,instrument_version\rMA-07-SA-2,pre,a,1,tiny,2.0.0\r' },
    ]);
    expect(refs).toEqual([
      { id: 'tiny', version: '1.0.0', hash: tinyHash, records: 2 },
      { id: 'tiny', version: '2.0.0', hash: null, records: 1 },
    ]);
  });

  it('reports progress after each file', () => {
    const seen: string[] = [];
    importFiles([jsonFile('a.json', validRecords(tiny)), { name: 'b.json', text: '[' }], tiny, tinyHash, {
      onFile: (done, total, name) => seen.push(`${done}/${total} ${name}`),
    });
    expect(seen).toEqual(['1/2 a.json', '2/2 b.json']);
  });
});

describe('printable, quoted, formatBytes, formatCount', () => {
  it('shows control characters, escape sequences and bidi overrides as visible escapes', () => {
    expect(printable('a\u001b[2Jb\u0007\u009b\u202e\u2066c\td\r\n')).toBe('a\\x1b[2Jb\\x07\\x9b\\u202e\\u2066c\td\\x0d\\x0a');
    expect(printable('Ünïcødé – fine')).toBe('Ünïcødé – fine');
  });

  it('quotes values cut to a length, with their full length', () => {
    expect(quoted('ab')).toBe('"ab"');
    expect(quoted('x'.repeat(100), 10)).toBe('"xxxxxxxxxx…" (100 characters)');
    expect(quoted('\u001b\u202e')).toBe('"\\u001b\\u202e"');
    expect([quoted(4), quoted(null), quoted({}), quoted([])]).toEqual(['4', 'null', 'an object', 'a list']);
  });

  it('formats sizes and counts the same way everywhere', () => {
    expect([formatBytes(1), formatBytes(812), formatBytes(4_300), formatBytes(100 * 2 ** 20), formatBytes(5.3 * 2 ** 30)]).toEqual([
      '1 byte',
      '812 bytes',
      '4.2 KB',
      '100 MB',
      '5.3 GB',
    ]);
    expect([formatCount(0), formatCount(999), formatCount(1_000), formatCount(17_476_267)]).toEqual(['0', '999', '1,000', '17,476,267']);
  });
});
