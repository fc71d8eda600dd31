// LRS pages checked as they arrive (import-json.ts checkEntries, ImportFile.checked) must import exactly
// as the same pages given as parsed entries (ImportFile.entries): the same records, problems, counts,
// questionnaires kept apart and questionnaires listed, whatever the mix of records.
import { hash as digest } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { importFiles, listInstruments } from '../../../src/lib/import/import.ts';
import { checkEntries, recordCheckEnv } from '../../../src/lib/import/import-json.ts';
import type { ImportFile, ImportOptions } from '../../../src/lib/import/import-types.ts';
import { type ImportLimits, withDefaults } from '../../../src/lib/import/limits.ts';
import { code, jsonFile, makeRecord } from '../../fixtures/evaluator/records.ts';
import { tinyInstrument } from '../../fixtures/instruments.ts';

const tiny = tinyInstrument();
const tinyHash = instrumentFingerprint(tiny);
const newer = tinyInstrument({ version: '1.1.0' });
const full = { a: 4, b: 2, c: 5, d: 1, e: 4, f: 3, g: 3 };
const sha256 = (text: string) => digest('sha256', text, 'hex');
const sha256Bytes = (bytes: Uint8Array) => digest('sha256', bytes, 'hex');

/** Pages of every kind of entry: valid, edited, copies, other versions, bad codes, bad answers, damaged, hostile. */
function pages(): unknown[][] {
  const rec = (i: number, extra: Partial<Parameters<typeof makeRecord>[1]> = {}) =>
    makeRecord(tiny, { participant: code(i), responses: full, ...extra }) as unknown as Record<string, unknown>;
  const deep: unknown = JSON.parse(`${'['.repeat(30)}1${']'.repeat(30)}`);
  const edited = { ...rec(3), cohort: 'edited after download' };
  return [
    [rec(0), rec(0, { timepoint: 'post' }), rec(1), edited, rec(2, { timepoint: 'then' })],
    [
      rec(0), // an identical copy of page 1's first record
      makeRecord(newer, { participant: code(5), responses: full }),
      makeRecord(newer, { participant: code(6), responses: full }),
      makeRecord(tiny, { participant: code(7), responses: full, instrument: { id: 'tiny', version: '1.0.0', hash: 'f'.repeat(64) } }),
      rec(8, { participant: 'not a code' }),
      rec(9, { responses: { ...full, a: 9, zz: 1 } }),
      rec(10, { demographics: { unknown: 'x' } }),
      { ...rec(11), format: 'other' },
      { ...rec(12), formatVersion: 99 },
      { ...rec(13), timepoint: 'sometime' },
      { ...rec(14), extra: 'a field the schema drops', participant: 'ab-01-cd-2' },
      { ...rec(15), note: 'é ü – non-ASCII', cohort: 'Zürich' },
      { ...rec(16), cohort: 'x'.repeat(5_000) },
      { ...rec(17), nested: deep },
      null,
      'text',
      [rec(18)],
    ],
    [],
    Array.from({ length: 12 }, (_, i) => rec(20 + i, { participant: i % 2 ? code(20 + i) : 'bad' })),
  ];
}

/** JSON-parsed copies, as an LRS client reads them (each call its own objects). */
const parsed = (): unknown[][] => JSON.parse(JSON.stringify(pages())) as unknown[][];

function both(limits: Partial<ImportLimits> = {}, options: ImportOptions = {}, lead: ImportFile[] = []) {
  const env = recordCheckEnv(sha256, options.sha256Bytes ?? null, withDefaults(limits));
  const asEntries: ImportFile[] = [...lead, ...parsed().map((entries, i) => ({ name: `LRS, page ${i + 1}`, text: '', entries }))];
  const asChecked: ImportFile[] = [...lead, ...parsed().map((entries, i) => ({ name: `LRS, page ${i + 1}`, text: '', checked: checkEntries(entries, env) }))];
  const opts: ImportOptions = { sha256, limits, ...options };
  return {
    entries: importFiles(asEntries, tiny, tinyHash, opts),
    checked: importFiles(asChecked, tiny, tinyHash, opts),
    listed: [listInstruments(asEntries, { limits }), listInstruments(asChecked, { limits })],
  };
}

describe('records checked page by page (ImportFile.checked)', () => {
  it('import exactly as the same records given as entries', () => {
    const { entries, checked, listed } = both();
    expect(checked).toEqual(entries);
    expect(listed[1]).toEqual(listed[0]);
    // The mix is what it claims to be.
    expect(entries.counts).toMatchObject({ recordsRead: 34, imported: 15, rejected: 10, identicalCopies: 6, otherInstrument: 3, checksumMismatch: 3 });
    expect(entries.problems.some((p) => /empty list/.test(p.message))).toBe(true);
  });

  it('with the checksum computed from bytes, and analysed against another version', () => {
    const { entries, checked } = both({}, { sha256Bytes });
    expect(checked).toEqual(entries);
    const env = recordCheckEnv(sha256, sha256Bytes, withDefaults());
    const files = (check: boolean): ImportFile[] =>
      parsed().map((entries, i) => (check ? { name: `p${i}`, text: '', checked: checkEntries(entries, env) } : { name: `p${i}`, text: '', entries }));
    const newerHash = instrumentFingerprint(newer);
    expect(importFiles(files(true), newer, newerHash, { sha256 })).toEqual(importFiles(files(false), newer, newerHash, { sha256 }));
  });

  it('under small limits: pages refused whole, problems aggregated and cut, records over the total', () => {
    for (const limits of [
      { maxRecordsPerFile: 6 },
      { maxRecordsTotal: 9 },
      { maxRecordsTotal: 20 },
      { aggregateAfter: 1, maxProblemsPerFile: 3 },
      { maxProblemsTotal: 4 },
      { maxStringChars: 20, maxRecordValues: 10, maxJsonDepth: 3 },
    ]) {
      const { entries, checked, listed } = both(limits);
      expect(checked, JSON.stringify(limits)).toEqual(entries);
      expect(listed[1]).toEqual(listed[0]);
    }
  });

  it('after files read before them (copies across files, records counted against the total)', () => {
    const lead = [
      jsonFile('first.json', [makeRecord(tiny, { participant: code(0), responses: full }), makeRecord(tiny, { participant: code(40), responses: full })]),
    ];
    for (const limits of [{}, { maxRecordsTotal: 12 }]) {
      const { entries, checked } = both(limits, {}, lead);
      expect(checked).toEqual(entries);
      if (!('maxRecordsTotal' in limits)) expect(entries.problems.some((p) => p.message.startsWith('identical copy of first.json record 1'))).toBe(true);
    }
  });

  it('refuses entries checked with other limits than the import', () => {
    const env = recordCheckEnv(sha256, null, withDefaults({ maxStringChars: 50 }));
    const file: ImportFile = { name: 'p', text: '', checked: checkEntries(parsed()[0]!, env) };
    expect(() => importFiles([file], tiny, tinyHash, { sha256 })).toThrow(/maxStringChars/);
  });
});
