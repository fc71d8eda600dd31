// The import's quick record test (src/lib/import/record-precheck.ts) is a hand copy of the record schema's
// rules for the usual record. When the schema gains or loses a field, this fails until the copy follows.
import { describe, expect, it } from 'vitest';
import { isPlainValidRecord } from '../../../src/lib/import/record-precheck.ts';
import { resultRecordSchema } from '../../../src/lib/records/record-schema.ts';
import { makeRecord } from '../../fixtures/evaluator/records.ts';
import { tinyInstrument } from '../../fixtures/instruments.ts';

describe('the quick record test follows the record schema', () => {
  const fullest = {
    ...JSON.parse(JSON.stringify(makeRecord(tinyInstrument(), { participant: 'MA-07-SA-2' }))),
    modules: ['a', 'b'],
    knowledge: { 'k-1': 1 },
    knowledgeHashes: { 'k-1': 'c'.repeat(64) },
  };

  it('vouches for a record with every field the schema knows, and for no other field', () => {
    const shape = (resultRecordSchema as unknown as { shape: Record<string, unknown> }).shape;
    expect(Object.keys(fullest).sort()).toEqual(Object.keys(shape).sort());
    expect(isPlainValidRecord(fullest)).toBe(true);
    expect(resultRecordSchema.parse(fullest)).toStrictEqual(fullest);
    expect(isPlainValidRecord({ ...fullest, name: 'Ana' })).toBe(false);
    expect(isPlainValidRecord({ ...fullest, instrument: { ...fullest.instrument, note: '' } })).toBe(false);
  });
});
