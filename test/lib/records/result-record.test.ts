import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/lib/util/canonical-json.ts';
import { sha256BytesHex, sha256Hex } from '../../../src/lib/util/sha256.ts';
import { resultRecordSchema } from '../../../src/lib/records/record-schema.ts';
import type { UnsignedRecord } from '../../../src/lib/records/result-record.ts';
import { checksumMatches, recordChecksum, signRecord, verificationCode } from '../../../src/lib/records/sign.ts';

const unsigned = (over: Partial<UnsignedRecord> = {}): UnsignedRecord => ({
  format: 'msg-result-record',
  formatVersion: 1,
  appVersion: '0.1.0',
  attemptId: 'attempt-1',
  module: 'mutual-support-basics',
  instrument: { id: 'msg-attitudes', version: '1.0.0', hash: 'a'.repeat(64) },
  participant: 'MA-07-SA-2',
  cohort: null,
  timepoint: 'pre',
  startedAt: '2026-11-26T10:00:00.000Z',
  completedAt: '2026-11-26T10:08:00.000Z',
  responses: { 'att-12-helpful': 4, 'att-psy-helpful': null },
  demographics: { discipline: 'nurse' },
  ...over,
});

describe('sha256', () => {
  it('agrees with Node crypto', () => {
    for (const text of ['', 'abc', 'Ünïcødé ✓', 'x'.repeat(10_000)]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      expect(sha256BytesHex(new TextEncoder().encode(text))).toBe(sha256Hex(text));
    }
  });
});

describe('record checksum', () => {
  it('signs a record so that it validates and matches', () => {
    const record = signRecord(unsigned());
    expect(record.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(checksumMatches(record)).toBe(true);
    expect(resultRecordSchema.safeParse(record).success).toBe(true);
  });
  it('is the SHA-256 of the canonical JSON of everything but the checksum', () => {
    const record = signRecord(unsigned());
    const { checksum, ...rest } = record;
    expect(checksum).toBe(createHash('sha256').update(canonicalJson(rest)).digest('hex'));
  });
  it('detects an edited answer, code or timestamp', () => {
    const record = signRecord(unsigned());
    expect(checksumMatches({ ...record, responses: { ...record.responses, 'att-12-helpful': 5 } })).toBe(false);
    expect(checksumMatches({ ...record, participant: 'MA-07-SA-3' })).toBe(false);
    expect(checksumMatches({ ...record, completedAt: '2026-11-27T10:08:00.000Z' })).toBe(false);
  });
  it('does not depend on key order', () => {
    const a = unsigned();
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as UnsignedRecord;
    expect(recordChecksum(reordered)).toBe(recordChecksum(a));
  });
});

describe('record schema', () => {
  const issues = (over: Record<string, unknown>) => {
    const r = resultRecordSchema.safeParse({ ...signRecord(unsigned()), ...over });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it('accepts whole-number or null answers and option text or null background answers', () => {
    expect(issues({ responses: { a: 1, b: null, c: -3 }, demographics: { d: 'nurse', e: null } })).toEqual([]);
    expect(issues({ responses: {}, demographics: {} })).toEqual([]);
  });
  it('names every answer of the wrong type, at its key', () => {
    expect(issues({ responses: { a: '4', b: 2.5, c: [1], d: 3 } })).toEqual([
      'responses.a: Invalid input: expected a whole number or null, received string',
      'responses.b: Invalid input: expected a whole number or null, received 2.5',
      'responses.c: Invalid input: expected a whole number or null, received array',
    ]);
    expect(issues({ demographics: { d: 3, e: 'x'.repeat(101), f: 'ok' } })).toEqual([
      'demographics.d: Invalid input: expected text of at most 100 characters or null, received number',
      'demographics.e: Invalid input: expected text of at most 100 characters or null, received 101 characters',
    ]);
  });
  it('rejects answers that are not an object of answers', () => {
    expect(issues({ responses: [1, 2] })).toEqual(['responses: Invalid input: expected record, received array']);
    expect(issues({ demographics: null })).toEqual(['demographics: Invalid input: expected record, received null']);
    expect(issues({ responses: undefined })).toEqual(['responses: Invalid input: expected record, received undefined']);
  });
});

describe('verification code', () => {
  const pre = signRecord(unsigned());
  const post = signRecord(unsigned({ timepoint: 'post', completedAt: '2026-11-26T10:30:00.000Z' }));
  it('looks like XXXX-XXXX in Crockford base 32', () => {
    expect(verificationCode([pre, post])).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
  it('is derived from the records: order-independent, different for different records', () => {
    expect(verificationCode([pre, post])).toBe(verificationCode([post, pre]));
    const other = signRecord(unsigned({ timepoint: 'post', completedAt: '2026-11-26T10:31:00.000Z' }));
    expect(verificationCode([pre, other])).not.toBe(verificationCode([pre, post]));
  });
  it('equals the first 40 bits of SHA-256 over the sorted checksums, in base 32', () => {
    const digest = createHash('sha256').update([pre.checksum, post.checksum].sort().join('\n')).digest('hex');
    const value = parseInt(digest.slice(0, 10), 16);
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let expected = '';
    for (let i = 7; i >= 0; i--) expected += alphabet[Math.floor(value / 32 ** i) % 32];
    expect(verificationCode([pre, post])).toBe(`${expected.slice(0, 4)}-${expected.slice(4)}`);
  });
});
