import { describe, expect, it } from 'vitest';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { CSV_CHUNK_SIZE } from '../../../src/lib/import/csv-rows.ts';
import { detectFormat, importFiles, listInstruments } from '../../../src/lib/import/import.ts';
import type { ImportResult } from '../../../src/lib/import/import-types.ts';
import { shippedInstrument, tinyInstrument } from '../../fixtures/instruments.ts';
import { jsonFile, makeRecord } from '../../fixtures/evaluator/records.ts';
import { signRecord } from '../../../src/lib/records/sign.ts';
import type { ResultRecord, UnsignedRecord } from '../../../src/lib/records/result-record.ts';

const unsigned = ({ checksum: _, ...rest }: ResultRecord): UnsignedRecord => rest;

const tiny = tinyInstrument();
const tinyHash = instrumentFingerprint(tiny);
const full = { a: 4, b: 2, c: 5, d: 1, e: 4, f: 3, g: 3 };
const rec = (participant: string, timepoint: 'pre' | 'post' | 'then' | 'followup' = 'pre', responses: Record<string, number | null> = full) =>
  makeRecord(tiny, { participant, timepoint, responses });
const run = (files: { name: string; text: string }[]) => importFiles(files, tiny, tinyHash);
/** Blank rows (of four empty values) enough to bring the rows after them past a long CSV's first chunk. */
const pastFirstChunk = Math.ceil(CSV_CHUNK_SIZE / 4);

/** Every record read is accounted for exactly once. */
function expectAccounted(r: ImportResult) {
  const c = r.counts;
  expect(c.imported + c.rejected + c.otherInstrument + c.identicalCopies).toBe(c.recordsRead);
  expect(r.records).toHaveLength(c.imported);
  expect(r.otherInstruments.reduce((s, g) => s + g.count, 0)).toBe(c.otherInstrument);
  expect(r.problems.filter((p) => p.severity === 'error')).toHaveLength(c.errors);
  expect(r.problems.filter((p) => p.severity === 'warning')).toHaveLength(c.warnings);
}

describe('importFiles: result-record JSON', () => {
  it('imports a single record, an array, and several files', () => {
    const r = run([jsonFile('one.json', rec('MA-07-SA-2')), jsonFile('two.json', [rec('MA-07-SA-2', 'post'), rec('LU-12-RO-0')])]);
    expect(r.counts).toMatchObject({ files: 2, recordsRead: 3, imported: 3, rejected: 0, errors: 0, warnings: 0 });
    expect(r.records.map((x) => x.participant)).toEqual(['MA-07-SA-2', 'MA-07-SA-2', 'LU-12-RO-0']);
    expect(r.records[1]).toMatchObject({ source: 'json', file: 'two.json', record: 1, timepoint: 'post', checksum: 'valid' });
    expectAccounted(r);
  });

  it('reports a truncated file with one clear error and imports nothing from it', () => {
    const text = JSON.stringify([rec('MA-07-SA-2'), rec('LU-12-RO-0')]);
    const r = run([{ name: 'cut.json', text: text.slice(0, Math.floor(text.length * 0.6)) }, jsonFile('ok.json', rec('AB-01-CD-3'))]);
    expect(r.problems.filter((p) => p.file === 'cut.json')).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: 'cut.json', severity: 'error' });
    expect(r.problems[0]!.message).toMatch(/not complete.*cut off/);
    expect(r.counts).toMatchObject({ filesRejected: 1, imported: 1 });
    expectAccounted(r);
  });

  it('rejects records with wrong types but imports the valid records of the same file', () => {
    const bad = { ...rec('LU-12-RO-0'), responses: { a: '4' } };
    const worse = { ...rec('XY-02-ZZ-1'), completedAt: 'yesterday', timepoint: 'during' };
    const r = run([jsonFile('mixed.json', [rec('MA-07-SA-2'), bad, 42, worse, { hello: 'world' }])]);
    expect(r.counts).toMatchObject({ recordsRead: 5, imported: 1, rejected: 4 });
    const byRecord = new Map(r.problems.map((p) => [p.record, p]));
    expect(byRecord.get(2)!.message).toMatch(/responses\.a/);
    expect(byRecord.get(3)!.message).toMatch(/not a result record/);
    expect(byRecord.get(4)!.message).toMatch(/timepoint|completedAt/);
    expect(byRecord.get(5)!.message).toMatch(/msg-result-record/);
    expect(r.problems.every((p) => p.severity === 'error' && p.file === 'mixed.json')).toBe(true);
    expectAccounted(r);
  });

  it('sets aside unknown items and values off the response scale, keeping the rest of the record', () => {
    const r = run([jsonFile('x.json', makeRecord(tiny, { participant: 'MA-07-SA-2', responses: { ...full, zz: 3, a: 7, b: 0 } }))]);
    expect(r.counts).toMatchObject({ imported: 1, valuesRejected: 3, errors: 3 });
    expect(r.records[0]!.responses).toEqual({ ...full, a: null, b: null });
    const messages = r.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/unknown item "zz"/);
    expect(messages).toMatch(/answer 7 to item "a".*\(1–5\)/);
    expect(r.problems[0]).toMatchObject({ file: 'x.json', record: 1 });
  });

  it('rejects participant codes that cannot be normalised, and normalises the others', () => {
    const r = run([jsonFile('codes.json', [rec('ma 07 sa 2'), rec('má-07-sá-2'), rec('ABC'), rec('=cmd|x')])]);
    expect(r.records.map((x) => x.participant)).toEqual(['MA-07-SA-2', 'MA-07-SA-2']);
    expect(r.records[1]!.participantRaw).toBe('má-07-sá-2');
    expect(r.counts.rejected).toBe(2);
    expect(r.problems.map((p) => p.record)).toEqual([3, 4]);
  });

  it('keeps a record edited after download, with a warning, and counts it', () => {
    const edited = { ...rec('MA-07-SA-2'), responses: { ...full, a: 5 } };
    const r = run([jsonFile('edited.json', [edited, rec('LU-12-RO-0')])]);
    expect(r.counts).toMatchObject({ imported: 2, checksumMismatch: 1, warnings: 1, errors: 0 });
    expect(r.records[0]).toMatchObject({ checksum: 'mismatch', responses: { a: 5 } });
    expect(r.problems[0]).toMatchObject({ severity: 'warning', record: 1 });
    expect(r.problems[0]!.message).toMatch(/edited after it was downloaded/);
  });

  it('counts an identical copy (the same file imported twice) once', () => {
    const records = [rec('MA-07-SA-2'), rec('MA-07-SA-2', 'post')];
    const r = run([jsonFile('a.json', records), jsonFile('a-copy.json', records)]);
    expect(r.counts).toMatchObject({ recordsRead: 4, imported: 2, identicalCopies: 2 });
    expect(r.problems[0]!.message).toMatch(/identical copy of a\.json record 1/);
    expectAccounted(r);
  });

  it('keeps records of other instruments and versions apart, never mixed', () => {
    const v2 = { id: 'tiny', version: '2.0.0', hash: 'b'.repeat(64) };
    const sameVersionOtherHash = { id: 'tiny', version: '1.0.0', hash: 'c'.repeat(64) };
    const other = { id: 'other', version: '1.0.0', hash: 'd'.repeat(64) };
    const r = run([
      jsonFile('mixed.json', [
        rec('MA-07-SA-2'),
        makeRecord(tiny, { participant: 'MA-07-SA-2', timepoint: 'post', instrument: v2 }),
        makeRecord(tiny, { participant: 'LU-12-RO-0', instrument: sameVersionOtherHash }),
        makeRecord(tiny, { participant: 'LU-12-RO-0', timepoint: 'post', instrument: other }),
      ]),
    ]);
    expect(r.records).toHaveLength(1);
    expect(r.counts.otherInstrument).toBe(3);
    expect(r.otherInstruments.map((g) => [g.id, g.version, g.count])).toEqual([
      ['tiny', '2.0.0', 1],
      ['tiny', '1.0.0', 1],
      ['other', '1.0.0', 1],
    ]);
    expect(r.otherInstruments[1]!.reason).toMatch(/different content/);
    expect(r.problems.filter((p) => p.severity === 'warning')).toHaveLength(3);
    expectAccounted(r);
  });

  it('imports then/followup records (for the follow-up and then-test sections) without a warning, and counts them', () => {
    const r = run([jsonFile('t.json', [rec('MA-07-SA-2'), rec('MA-07-SA-2', 'then'), rec('LU-12-RO-0', 'then'), rec('LU-12-RO-0', 'followup')])]);
    expect(r.counts).toMatchObject({ imported: 4, notAnalysedTimepoint: 3, warnings: 0, errors: 0 });
    expect(r.records.map((x) => x.timepoint)).toEqual(['pre', 'then', 'then', 'followup']);
  });

  it("copies format 2 fields (knowledge answers, their questions' fingerprints, the unit's modules); knowledge-only records import", () => {
    const hash = 'f'.repeat(64);
    const unit = 'mutual-support-basics+referrals-that-work';
    const withKnowledge = signRecord({
      ...unsigned(rec('MA-07-SA-2')),
      module: unit,
      modules: ['mutual-support-basics', 'referrals-that-work'],
      knowledge: { 'msb-k1': 0, 'msb-k2': null, 'rtw-k1': 3 },
      knowledgeHashes: { 'mutual-support-basics': hash, 'referrals-that-work': hash },
    });
    const knowledgeOnly = signRecord({
      ...unsigned(rec('MA-07-SA-2', 'post')),
      responses: {},
      knowledge: { 'msb-k1': 1 },
      knowledgeHashes: { 'mutual-support-basics': hash },
    });
    const formatOne = { ...unsigned(rec('LU-12-RO-0')), formatVersion: 1 as const };
    const r = run([jsonFile('v2.json', [withKnowledge, knowledgeOnly, signRecord(formatOne)])]);
    expect(r.counts).toMatchObject({ imported: 3, errors: 0, warnings: 0 });
    expect(r.records[0]).toMatchObject({
      module: unit,
      modules: ['mutual-support-basics', 'referrals-that-work'],
      knowledge: { 'msb-k1': 0, 'msb-k2': null, 'rtw-k1': 3 },
      knowledgeHashes: { 'mutual-support-basics': hash, 'referrals-that-work': hash },
      checksum: 'valid',
    });
    expect(r.records[1]).toMatchObject({ responses: {}, knowledge: { 'msb-k1': 1 }, checksum: 'valid' });
    expect(r.records[2]).not.toHaveProperty('knowledge');
    expect(r.records[2]).not.toHaveProperty('modules');
  });

  it('rejects format 2 fields of the wrong type, naming them', () => {
    const bad = signRecord({ ...unsigned(rec('MA-07-SA-2')), knowledge: { 'msb-k1': 'B' } as never, knowledgeHashes: { m: 'nope' } });
    const r = run([jsonFile('bad.json', [bad])]);
    expect(r.problems).toEqual([
      expect.objectContaining({ record: 1, message: expect.stringMatching(/knowledge\.msb-k1: .*whole number.*knowledgeHashes\.m: must be a 64-character/) }),
    ]);
  });

  it('treats markup and formula payloads in text fields as data', () => {
    const payload = makeRecord(tiny, { participant: 'MA-07-SA-2', cohort: '<script>alert(1)</script>', module: '=HYPERLINK("http://x","y")' });
    const r = run([jsonFile('<img src=x onerror=alert(1)>.json', payload)]);
    expect(r.records[0]).toMatchObject({ cohort: '<script>alert(1)</script>', module: '=HYPERLINK("http://x","y")' });
  });

  it('reports empty files, non-JSON/CSV files and files that hold no records', () => {
    const r = run([
      { name: 'empty.json', text: '  \n' },
      { name: 'notes.txt', text: 'hello' },
      { name: 'n.json', text: '42' },
      { name: 'e.json', text: '[]' },
    ]);
    expect(r.counts.filesRejected).toBe(3);
    expect(r.problems.map((p) => [p.file, p.severity])).toEqual([
      ['empty.json', 'error'],
      ['notes.txt', 'error'],
      ['n.json', 'error'],
      ['e.json', 'warning'],
    ]);
  });

  it('checks records against the shipped instrument', () => {
    const inst = shippedInstrument();
    const responses = Object.fromEntries(inst.items.map((i) => [i.id, 4]));
    const demographics = Object.fromEntries(inst.demographics.map((d) => [d.id, d.options[0]!.value]));
    const r = importFiles(
      [jsonFile('learner.json', [makeRecord(inst, { participant: 'MA-07-SA-2', responses, demographics })])],
      inst,
      instrumentFingerprint(inst),
    );
    expect(r.counts).toMatchObject({ imported: 1, errors: 0, warnings: 0 });
    expect(r.records[0]!.demographics).toEqual(demographics);
  });
});

describe('importFiles: long CSV', () => {
  it('reads BOM, CRLF, quoted fields and demographic rows, assembling one record per participant × timepoint', () => {
    const inst = shippedInstrument();
    const hash = instrumentFingerprint(inst);
    const text =
      '\ufeffParticipant,Timepoint,Item,Value,Cohort,Module,Instrument,Instrument_Version\r\n' +
      '"ma 07 sa 2",pre,att-12-helpful,4,"North, 2026",mutual-support-basics,msg-attitudes,1.0.0\r\n' +
      'MA-07-SA-2,PRE,att-12-harm,2,"North, 2026",mutual-support-basics,msg-attitudes,1.0.0\r\n' +
      'MA-07-SA-2,pre,demo:discipline,nurse,"North, 2026",mutual-support-basics,msg-attitudes,1.0.0\r\n' +
      'MA-07-SA-2,post,att-12-helpful,5,"North, 2026",mutual-support-basics,msg-attitudes,1.0.0\r\n' +
      'MA-07-SA-2,post,att-12-harm,NA,"North, 2026",mutual-support-basics,msg-attitudes,1.0.0\r\n';
    const r = importFiles([{ name: 'export.csv', text }], inst, hash);
    expect(r.counts).toMatchObject({ csvRows: 5, csvRowsRejected: 0, recordsRead: 2, imported: 2, errors: 0, warnings: 0 });
    expect(r.records[0]).toMatchObject({
      source: 'csv',
      line: 2,
      participant: 'MA-07-SA-2',
      timepoint: 'pre',
      cohort: 'North, 2026',
      module: 'mutual-support-basics',
      checksum: 'none',
      responses: { 'att-12-helpful': 4, 'att-12-harm': 2 },
      instrument: { id: 'msg-attitudes', version: '1.0.0', hash: null },
    });
    expect(r.records[0]!.demographics.discipline).toBe('nurse');
    expect(r.records[0]!.demographics.setting).toBeNull();
    expect(r.records[1]!.responses).toEqual({ 'att-12-helpful': 5, 'att-12-harm': null });
  });

  it('reports bad rows with their line numbers (multi-line quoted values and blank lines counted) and keeps the good ones', () => {
    const text = [
      'participant,timepoint,item,value,cohort',
      'MA-07-SA-2,pre,a,4,"two',
      'lines"',
      '',
      'MA-07-SA-2,pre,zz,3,',
      'MA-07-SA-2,pre,b,9,',
      'not a code,pre,c,3,',
      'MA-07-SA-2,later,c,3,',
      'MA-07-SA-2,pre,c,three,',
      'MA-07-SA-2,pre,c',
      'MA-07-SA-2,pre,demo:discipline,nurse,',
      'MA-07-SA-2,pre,d,2,"two\nlines"',
      'MA-07-SA-2,pre,e,5,"two\nlines"',
    ].join('\n');
    const r = run([{ name: 'rows.csv', text }]);
    const lines = r.problems.filter((p) => p.severity === 'error').map((p) => p.line);
    // In the file's order: after line 5's own problem, the record every row of which was set aside (cohort
    // none, from line 5), found at the end of the file.
    expect(lines).toEqual([5, 5, 6, 7, 8, 9, 10, 11]);
    expect(r.problems.filter((p) => p.severity === 'error')[1]).toMatchObject({
      line: 5,
      severity: 'error',
      message: expect.stringMatching(/^no answer to an item of the questionnaire was read for participant MA-07-SA-2 \(pre\)/),
    });
    expect(r.problems.find((p) => p.line === 5)!.message).toMatch(/unknown item "zz"/);
    expect(r.problems.find((p) => p.line === 6)!.message).toMatch(/"9".*response options \(1–5\)/);
    expect(r.problems.find((p) => p.line === 7)!.message).toMatch(/participant code/);
    expect(r.problems.find((p) => p.line === 8)!.message).toMatch(/timepoint "later"/);
    expect(r.problems.find((p) => p.line === 10)!.message).toMatch(/fewer fields/);
    expect(r.problems.find((p) => p.line === 11)!.message).toMatch(/background question "discipline"/);
    expect(r.counts).toMatchObject({ csvRows: 10, csvRowsRejected: 7, imported: 1, rejected: 1 });
    const byCohort = new Map(r.records.map((x) => [x.cohort, x]));
    expect(byCohort.get('two\nlines')!.responses).toEqual({ a: 4, d: 2, e: 5 });
    expect(byCohort.get('two\nlines')!.line).toBe(2);
    expectAccounted(r);
  });

  it('skips empty spreadsheet rows (",,," or spaces) without counting them, keeping line numbers right', () => {
    const r = run([{ name: 'blank.csv', text: 'participant,timepoint,item,value\r\n,,,\r\n   \r\n\r\nMA-07-SA-2,pre,a,4\r\nMA-07-SA-2,pre,zz,4\r\n,,,\r\n' }]);
    expect(r.counts).toMatchObject({ csvRows: 2, csvRowsRejected: 1, imported: 1 });
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.line)).toEqual([6]);
  });

  it('reads semicolon-separated files (spreadsheet exports in many locales)', () => {
    const r = run([{ name: 'semi.csv', text: 'participant;timepoint;item;value\nMA-07-SA-2;pre;a;4\nMA-07-SA-2;post;a;5\n' }]);
    expect(r.records.map((x) => x.responses.a)).toEqual([4, 5]);
    expect(r.problems.map((p) => p.message)).toEqual([expect.stringMatching(/does not say which questionnaire/)]);
  });

  it('rejects a file without the required columns, warns about unused columns', () => {
    const r = run([
      { name: 'wide.csv', text: 'participant,a_pre,a_post\nMA-07-SA-2,4,5\n' },
      { name: 'extra.csv', text: 'participant,timepoint,item,value,instrument,instrument_version,comment\nMA-07-SA-2,pre,a,4,tiny,1.0.0,hi\n' },
    ]);
    expect(r.problems[0]).toMatchObject({ file: 'wide.csv', line: 1, severity: 'error' });
    expect(r.problems[0]!.message).toMatch(/"timepoint", "item", "value"/);
    expect(r.problems[1]).toMatchObject({ file: 'extra.csv', severity: 'warning' });
    expect(r.problems[1]!.message).toMatch(/"comment" not used/);
    expect(r.counts).toMatchObject({ filesRejected: 1, imported: 1 });
  });

  it('flags conflicting and repeated rows for the same participant, timepoint and item', () => {
    const r = run([{ name: 'dup.csv', text: 'participant,timepoint,item,value\nMA-07-SA-2,pre,a,4\nMA-07-SA-2,pre,a,4\nMA-07-SA-2,pre,a,2\n' }]);
    expect(r.records[0]!.responses.a).toBe(4);
    const [, repeat, conflict] = r.problems;
    expect(repeat).toMatchObject({ line: 3, severity: 'warning' });
    expect(conflict).toMatchObject({ line: 4, severity: 'error' });
    expect(conflict!.message).toMatch(/second, different value.*line 2/);
  });

  it('flags repeated and conflicting background rows, keeping the first answer to each question, in the first chunk and read in place', () => {
    const shipped = shippedInstrument();
    const [first, second] = shipped.demographics;
    const option = (i: number) => first!.options[i]!.value;
    const rows = [
      `${shipped.items[0]!.id},3`,
      `demo:${first!.id},${option(0)}`,
      `demo:${first!.id},${option(0)}`,
      `demo:${second!.id},NA`,
      `demo:${first!.id},${option(1)}`,
      `demo:${second!.id},na`,
      `demo:${second!.id},NA`,
    ].map((r) => `MA-07-SA-2,pre,${r}`);
    // Without blank rows, the rows are in the file's first chunk and read as they are; after them, past the
    // first chunk, they are read in place (where a background row that follows the questions' order is kept
    // without a string).
    for (const blank of [0, pastFirstChunk]) {
      const text = `participant,timepoint,item,value\n${',,,\n'.repeat(blank)}${rows.join('\n')}\n`;
      const r = importFiles([{ name: 'background.csv', text }], shipped, instrumentFingerprint(shipped));
      expect(r.records[0]!.demographics).toMatchObject({ [first!.id]: option(0), [second!.id]: null });
      const at = (row: number) => 1 + blank + row;
      // (Line 1: the file names no questionnaire.)
      expect(r.problems.slice(1).map((p) => [p.line, p.severity, p.message])).toEqual([
        [at(3), 'warning', expect.stringMatching(`^repeats line ${at(2)} `)],
        [
          at(5),
          'error',
          `a second, different value for item "demo:${first!.id}" of participant MA-07-SA-2 at pre (line ${at(2)} has "${option(0)}", which is used); row not used`,
        ],
        [
          at(6),
          'error',
          `a second, different value for item "demo:${second!.id}" of participant MA-07-SA-2 at pre (line ${at(4)} has "NA", which is used); row not used`,
        ],
        [at(7), 'warning', expect.stringMatching(`^repeats line ${at(4)} `)],
      ]);
    }
  });

  it('reads a row whose item holds the delimiter as the values it splits into, after a background row read in place', () => {
    // Excel's sep= line names a hyphen, which every item id holds: a background row (demo:discipline) is
    // five values, as the header, and starts a record; then an item row is seven and cannot be read.
    const shipped = shippedInstrument();
    const question = shipped.demographics.find((d) => !d.id.includes('-'))!;
    const text = `sep=-\nparticipant-participant_kind-timepoint-item-value\n${'----\n'.repeat(pastFirstChunk)}R_1abc-id-pre-demo:${question.id}-${question.options.find((o) => !o.value.includes('-'))!.value}\nR_1abc-id-pre-${shipped.items[0]!.id}-3\n`;
    const r = importFiles([{ name: 'hyphens.csv', text }], shipped, instrumentFingerprint(shipped));
    expect(r.counts.imported).toBe(0);
    expect(r.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/more fields than the header/),
        expect.stringMatching(/no answer to an item of the questionnaire was read/),
      ]),
    );
  });

  it('compares a repeated row with the text first read, not with the value kept ("3.0" and "NA" as written)', () => {
    const rows = ['a,3.0', 'a,3.0', 'a,3', 'b,NA', 'b,NA', 'b,na', 'c,+2', 'c,2', 'd,5', 'd,5', 'd,05'];
    const text = `participant,timepoint,item,value\n${rows.map((r) => `MA-07-SA-2,pre,${r}`).join('\n')}\n`;
    const r = run([{ name: 'repeats.csv', text }]);
    expect(r.records[0]!.responses).toMatchObject({ a: 3, b: null, c: 2, d: 5 });
    const found = r.problems.slice(1).map((p) => [p.line, p.severity, p.message]);
    expect(found).toEqual([
      [3, 'warning', expect.stringMatching(/^repeats line 2 /)],
      // Lines 4, 7, 9 and 12: "3" after "3.0", "na" after "NA", "2" after "+2", "05" after "5".
      [4, 'error', expect.stringMatching(/^4 rows: a second, different value.*\(line 2 has "3\.0", which is used\).*then lines 7, 9, 12$/)],
      [6, 'warning', expect.stringMatching(/^repeats line 5 /)],
      [11, 'warning', expect.stringMatching(/^repeats line 10 /)],
    ]);
  });

  it('starts a new record when only the cohort, module, questionnaire, version or fingerprint changes from the row before', () => {
    // Each record's first row differs from the row before in one of the columns that place a record (the
    // import reuses the row before's reading of those columns when they are the same texts).
    const header = 'participant,timepoint,item,value,cohort,module,instrument,instrument_version,instrument_hash';
    const rows = [
      ['spring', 'm1', 'tiny', '1.0.0', tinyHash],
      ['autumn', 'm1', 'tiny', '1.0.0', tinyHash],
      ['autumn', 'm2', 'tiny', '1.0.0', tinyHash],
      ['autumn', 'm2', 'tiny', '1.0.0', tinyHash.toUpperCase()],
      ['autumn', 'm2', 'tiny', '0.9.0', tinyHash.toUpperCase()],
      ['autumn', 'm2', 'tiny', '0.9.0', 'f'.repeat(64)],
      ['autumn', 'm2', 'other', '0.9.0', 'f'.repeat(64)],
      ['', 'm2', 'tiny', '1.0.0', ''],
      ["'=cohort", 'm2', 'tiny', '1.0.0', ''],
      ["'=cohort", "'=module", 'tiny', '1.0.0', ''],
    ];
    const lines = rows.flatMap((place) => ['a,4', 'b,2'].map((answer) => `MA-07-SA-2,pre,${answer},${place.join(',')}`));
    const r = run([{ name: 'places.csv', text: `${header}\n${lines.join('\n')}\n` }]);
    expect(r.records.map((x) => [x.cohort, x.module, x.instrument.id, x.instrument.version, x.instrument.hash, x.responses])).toEqual([
      ['spring', 'm1', 'tiny', '1.0.0', tinyHash, { a: 4, b: 2 }],
      // (the fingerprint read in lower case: the same record as the row before's)
      ['autumn', 'm1', 'tiny', '1.0.0', tinyHash, { a: 4, b: 2 }],
      ['autumn', 'm2', 'tiny', '1.0.0', tinyHash, { a: 4, b: 2 }],
      [null, 'm2', 'tiny', '1.0.0', null, { a: 4, b: 2 }],
      ['=cohort', 'm2', 'tiny', '1.0.0', null, { a: 4, b: 2 }],
      ['=cohort', '=module', 'tiny', '1.0.0', null, { a: 4, b: 2 }],
    ]);
    expect(r.problems.filter((p) => p.severity === 'warning' && /repeats line/.test(p.message)).map((p) => p.line)).toEqual([8, 9]);
    expect(r.otherInstruments.map((g) => `${g.id}@${g.version} ${g.hash?.slice(0, 4)}:${g.count}`)).toEqual([
      `tiny@0.9.0 ${tinyHash.slice(0, 4)}:1`,
      'tiny@0.9.0 ffff:1',
      'other@0.9.0 ffff:1',
    ]);
    expectAccounted(r);
  });

  it('keeps rows of another instrument or version apart', () => {
    const text =
      'participant,timepoint,item,value,instrument,instrument_version\nMA-07-SA-2,pre,a,4,tiny,1.0.0\nMA-07-SA-2,post,a,5,tiny,0.9.0\nLU-12-RO-0,pre,x,1,other,1.0.0\n';
    const r = run([{ name: 'v.csv', text }]);
    expect(r.records).toHaveLength(1);
    expect(r.otherInstruments.map((g) => `${g.id}@${g.version}:${g.count}`)).toEqual(['tiny@0.9.0:1', 'other@1.0.0:1']);
    expectAccounted(r);
  });

  it('keeps CSV injection payloads in text fields as data', () => {
    const r = run([
      { name: 'inj.csv', text: 'participant,timepoint,item,value,cohort,module\nMA-07-SA-2,pre,a,4,"=HYPERLINK(""http://evil"",""x"")",@SUM(1+1)\n' },
    ]);
    expect(r.records[0]).toMatchObject({ cohort: '=HYPERLINK("http://evil","x")', module: '@SUM(1+1)' });
  });
});

describe('importFiles: long CSV, larger than one parsing chunk (1 MB)', () => {
  // 40,000 people × item a: about 1.3 MB, so rows, quoted line breaks and errors fall in later chunks.
  const people = 40_000;
  const pair = (n: number) => String.fromCharCode(65 + (n % 26)) + String.fromCharCode(65 + (Math.floor(n / 26) % 26));
  const code = (i: number) => `${pair(i)}-${String((Math.floor(i / 676) % 28) + 1).padStart(2, '0')}-${pair(Math.floor(i / (676 * 28)))}-${i % 10}`;
  function build(special: Map<number, string>): { text: string; lineOf: Map<number, number> } {
    const rows = ['participant,timepoint,item,value,cohort'];
    const lineOf = new Map<number, number>();
    let line = 2;
    for (let i = 0; i < people; i++) {
      const row = special.get(i) ?? `${code(i)},pre,a,${(i % 5) + 1},"North\nsite"`;
      rows.push(row);
      lineOf.set(i, line);
      line += 1 + (row.match(/\n/g)?.length ?? 0);
    }
    return { text: rows.join('\n') + '\n', lineOf };
  }

  it('numbers lines right across chunks, counting line breaks inside quoted values', () => {
    const special = new Map([
      [5, `${code(5)},pre,zz,3,`],
      [25_000, `${code(25_000)},pre,a,9,"x\ny\nz"`],
      [39_998, `${code(39_998)},later,a,3,`],
      [39_999, `${code(39_999)},pre,a`],
    ]);
    const { text, lineOf } = build(special);
    expect(text.length).toBeGreaterThan(1.2 * 2 ** 20);
    const r = run([{ name: 'big.csv', text }]);
    const errors = r.problems.filter((p) => p.severity === 'error');
    const records = [lineOf.get(5), lineOf.get(25_000)];
    // In the file's order, each record's problem after its first row's.
    expect(errors.map((p) => p.line)).toEqual([records[0], records[0], records[1], records[1], lineOf.get(39_998), lineOf.get(39_999)]);
    const noAnswer = expect.stringMatching(/^no answer to an item of the questionnaire was read/);
    expect(errors.map((p) => p.message)).toEqual([
      expect.stringMatching(/unknown item "zz"/),
      noAnswer,
      expect.stringMatching(/"9"/),
      noAnswer,
      expect.stringMatching(/timepoint "later"/),
      expect.stringMatching(/fewer fields/),
    ]);
    // Rows 5 and 25,000 start their records, whose only answers are set aside: not imported. The last two start none.
    expect(r.counts).toMatchObject({ csvRows: people, csvRowsRejected: 4, imported: people - 4, rejected: 2 });
    expect(r.records.at(-1)).toMatchObject({
      participant: code(39_997),
      cohort: 'North\nsite',
      line: lineOf.get(39_997),
      responses: { a: (39_997 % 5) + 1 },
    });
    expectAccounted(r);
  });

  it('reports a malformed quote on its own line, says which lines it swallowed, and reads the rest', () => {
    const { text, lineOf } = build(new Map([[30_000, `${code(30_000)},pre,a,4,"North" site`]]));
    const r = run([{ name: 'quote.csv', text }]);
    // The parser reads on to the next quote, so the next row goes into this one: the message says so.
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message])).toEqual([
      [
        lineOf.get(30_000),
        expect.stringMatching(
          new RegExp(
            `cannot be read: .*quote.*runs on to line ${lineOf.get(30_001)! + 1}: lines ${lineOf.get(30_001)}–${lineOf.get(30_001)! + 1} were read as part of it`,
            'i',
          ),
        ),
      ],
    ]);
    expect(r.counts).toMatchObject({ imported: people - 2, csvRowsRejected: 1 });
  });
});

describe('importFiles: long CSV row order and line breaks', () => {
  it('assembles records whose rows are interleaved, not in runs', () => {
    const text =
      'participant,timepoint,item,value\nMA-07-SA-2,pre,a,4\nLU-12-RO-0,pre,a,2\nMA-07-SA-2,pre,b,5\nMA-07-SA-2,post,a,3\nLU-12-RO-0,pre,b,1\nMA-07-SA-2,pre,a,5\n';
    const r = run([{ name: 'mixed.csv', text }]);
    expect(r.records.map((x) => [x.participant, x.timepoint, x.responses])).toEqual([
      ['MA-07-SA-2', 'pre', { a: 4, b: 5 }],
      ['LU-12-RO-0', 'pre', { a: 2, b: 1 }],
      ['MA-07-SA-2', 'post', { a: 3 }],
    ]);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message])).toEqual([
      [7, expect.stringMatching(/second, different value.*line 2/)],
    ]);
  });

  it('imports no record for a participant and timepoint none of whose item rows gave an answer (before: counted as "knowledge questions only")', () => {
    const inst = shippedInstrument();
    const hash = instrumentFingerprint(inst);
    const [first, second] = [inst.items[0]!.id, inst.items[1]!.id];
    const text = [
      'participant,timepoint,item,value,instrument,instrument_version',
      `MA-07-SA-2,pre,${first},77,msg-attitudes,1.0.0`,
      `MA-07-SA-2,pre,${second},x,msg-attitudes,1.0.0`,
      `MA-07-SA-2,post,${first},4,msg-attitudes,1.0.0`,
      'LU-12-RO-0,pre,demo:discipline,nurse,msg-attitudes,1.0.0',
    ].join('\n');
    const r = importFiles([{ name: 'set-aside.csv', text }], inst, hash);
    expect(r.records.map((x) => [x.participant, x.timepoint])).toEqual([['MA-07-SA-2', 'post']]);
    expect(r.counts).toMatchObject({ recordsRead: 3, imported: 1, rejected: 2 });
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.message.slice(0, 90)])).toEqual([
      [2, expect.stringMatching(/^value "77"/)],
      [2, 'no answer to an item of the questionnaire was read for participant MA-07-SA-2 (pre): every'],
      [3, expect.stringMatching(/^value "x"/)],
      [5, 'no answer to an item of the questionnaire was read for participant LU-12-RO-0 (pre): every'],
    ]);
    expectAccounted(r);
  });

  it("lists a record's answers in the questionnaire's order, only the items it asked, whatever the order of its rows", () => {
    const rows = ['g,3', 'a,4', 'c,NA', 'b,2', 'f,1', 'e,5', 'd,4'];
    const text = `participant,timepoint,item,value\n${rows.map((r) => `MA-07-SA-2,pre,${r}`).join('\n')}\n${['d,2', 'a,1'].map((r) => `LU-12-RO-0,pre,${r}`).join('\n')}\n`;
    const r = run([{ name: 'shuffled.csv', text }]);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(Object.entries(r.records[0]!.responses)).toEqual([
      ['a', 4],
      ['b', 2],
      ['c', null],
      ['d', 4],
      ['e', 5],
      ['f', 1],
      ['g', 3],
    ]);
    expect(Object.entries(r.records[1]!.responses)).toEqual([
      ['a', 1],
      ['d', 2],
    ]);
  });

  it('ends a row at a stray line break of another kind, says so once, and counts it as a line (files edited on different systems)', () => {
    // \r\n file with one lone \n: both rows around it are read.
    const text = 'participant,timepoint,item,value\r\nMA-07-SA-2,pre,a,4\nMA-07-SA-2,pre,b,5\r\nMA-07-SA-2,pre,zz,3\r\n';
    const r = run([{ name: 'eol.csv', text }]);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.line)).toEqual([4]);
    expect(r.problems.find((p) => /line break/.test(p.message))).toMatchObject({ line: 2, severity: 'warning' });
    expect(r.records[0]!.responses).toEqual({ a: 4, b: 5 });
  });

  it('reads CR-only files with the right line numbers', () => {
    const r = run([{ name: 'mac.csv', text: 'participant,timepoint,item,value\rMA-07-SA-2,pre,a,4\rMA-07-SA-2,pre,zz,3\r\rMA-07-SA-2,post,a,9\r' }]);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.line)).toEqual([3, 5, 5]); // the post record's only row set aside
    expect(r.problems.filter((p) => p.severity === 'warning').map((p) => p.message)).toEqual([expect.stringMatching(/does not say which questionnaire/)]);
  });

  it('accepts every timepoint, then and followup included, in any case, without a warning', () => {
    const text =
      'participant,timepoint,item,value,instrument,instrument_version\nMA-07-SA-2,pre,a,4,tiny,1.0.0\nMA-07-SA-2,Then,a,3,tiny,1.0.0\nMA-07-SA-2,FOLLOWUP,a,5,tiny,1.0.0\nMA-07-SA-2,post,a,5,tiny,1.0.0\n';
    const r = run([{ name: 'tp.csv', text }]);
    expect(r.records.map((x) => x.timepoint)).toEqual(['pre', 'then', 'followup', 'post']);
    expect(r.problems).toEqual([]);
    expect(r.counts.notAnalysedTimepoint).toBe(2);
  });
});

describe('detectFormat and listInstruments', () => {
  it('detects by content, then by extension', () => {
    expect(detectFormat({ name: 'x.JSON', text: '' })).toBe('json');
    // JSON named .csv (a browser or colleague renamed it) is JSON: no CSV header starts with { or [.
    expect(detectFormat({ name: 'x.csv', text: '{' })).toBe('json');
    expect(detectFormat({ name: 'x.json', text: 'participant,timepoint,item,value\n' })).toBe('csv');
    expect(detectFormat({ name: 'x.json', text: 'not json' })).toBe('json');
    expect(detectFormat({ name: 'download', text: ' [ {}]' })).toBe('json');
    expect(detectFormat({ name: 'export', text: 'participant;timepoint;item;value\n' })).toBe('csv');
    expect(detectFormat({ name: 'notes', text: 'hello' })).toBeNull();
  });

  it('reads a file named for another format as what it holds, and says so', () => {
    const json = jsonFile('records.csv', [rec('MA-07-SA-2'), rec('MA-07-SA-2', 'post')]);
    const csv = { name: 'long.json', text: 'participant,timepoint,item,value\nMA-08-SA-2,pre,a,4\n' };
    const result = run([json, csv]);
    expect(result.counts.imported).toBe(3);
    expect(result.problems.filter((p) => /is named/.test(p.message)).map((p) => [p.file, p.severity, p.message])).toEqual([
      ['records.csv', 'warning', 'this file is named .csv but holds JSON: it was read as JSON'],
      ['long.json', 'warning', 'this file is named .json but holds a long CSV: it was read as such'],
    ]);
  });

  it.each([
    ['book.csv', 'PK\u0003\u0004\u0014\u0000', 'a ZIP archive (as an Excel workbook, .xlsx, is)', 'save the sheet as "CSV UTF-8"'],
    ['old.csv', '\uFFFD\uFFFD\u0011\u0871\u001a', 'an old Excel workbook (.xls)', 'save the sheet as "CSV UTF-8"'],
    ['chart.csv', '\uFFFDPNG\r\n\u001a\n\u0000', 'a PNG image', null],
    ['chart.json', '\u2030PNG\r\n\u001a\n\u0000', 'a PNG image', null],
    ['photo.csv', '\u00ff\u00d8\u00ff\u00e0', 'a JPEG image', null],
    ['report.csv', '%PDF-1.7\n', 'a PDF document', null],
    ['data.csv.gz', '\u001f\uFFFD\b\u0000', 'a gzip archive', 'unpack it first'],
    ['results.csv', '  <!DOCTYPE html><html><body><table><tr><td>participant</td></tr></table>', 'a web page (HTML)', 'download the file itself again'],
  ])('names %s for what it is, not "a CSV file that lacks columns"', (name, text, what, todo) => {
    const result = run([{ name, text }, jsonFile('ok.json', [rec('MA-07-SA-2')])]);
    expect(result.counts).toMatchObject({ imported: 1, filesRejected: 1 });
    const [problem] = result.problems;
    expect(problem).toMatchObject({ file: name, severity: 'error' });
    expect(problem!.message).toContain(`this file is ${what}, not a results file (JSON or CSV), so nothing in it was imported`);
    if (todo) expect(problem!.message).toContain(todo);
  });

  it('lists the instruments named by records and CSV rows', () => {
    const refs = listInstruments([
      jsonFile('a.json', [rec('MA-07-SA-2'), rec('MA-07-SA-2', 'post')]),
      { name: 'b.csv', text: 'participant,timepoint,item,value,instrument,instrument_version\nMA-07-SA-2,pre,a,4,tiny,2.0.0\n' },
      { name: 'c.csv', text: 'participant,timepoint,item,value\nMA-07-SA-2,pre,a,4\n' },
      { name: 'bad.json', text: '[' },
    ]);
    expect(refs).toEqual([
      { id: 'tiny', version: '1.0.0', hash: tinyHash, records: 2 },
      { id: 'tiny', version: '2.0.0', hash: null, records: 1 },
    ]);
  });
});
