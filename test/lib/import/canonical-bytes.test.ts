import { describe, expect, it } from 'vitest';
import { canonicalBytesWithout } from '../../../src/lib/import/canonical-bytes.ts';
import { canonicalJsonWithout } from '../../../src/lib/util/canonical-json.ts';
import { seededRandom } from '../../../src/lib/util/random.ts';

/**
 * The bytes must be canonicalJsonWithout's UTF-8 exactly, or null when that text is not ASCII only (or,
 * with `plain` false, when an object is not a plain one: then either null or the exact bytes).
 */
function check(record: object, omitted = 'checksum', plain = true): void {
  const text = canonicalJsonWithout(record, omitted);
  const bytes = canonicalBytesWithout(record, omitted);
  if (!plain && bytes === null) return;
  if (/^[\u0000-\u007f]*$/.test(text)) {
    expect(bytes, text).not.toBeNull();
    expect(Buffer.from(bytes!).toString('latin1')).toBe(text);
  } else expect(bytes, text).toBeNull();
}

const record = () => ({
  format: 'msg-result-record',
  formatVersion: 2,
  appVersion: '0.1.0',
  attemptId: 'attempt-1',
  module: 'mutual-support-basics',
  instrument: { id: 'msg-attitudes', version: '1.0.0', hash: 'a'.repeat(64) },
  participant: 'MA-07-SA-2',
  cohort: null,
  timepoint: 'pre',
  startedAt: '2026-11-26T10:00:00.000Z',
  completedAt: '2026-11-26T10:00:30.000Z',
  responses: { att_01: 3, att_02: null, att_10: 5, att_03: 1 },
  demographics: { role: 'nurse', years: null },
  checksum: 'b'.repeat(64),
});

describe('canonicalBytesWithout', () => {
  it('is the canonical JSON of a usual record, without the key left out', () => {
    check(record());
    check(record(), 'responses');
    check(record(), 'absent');
    check({});
    check({ checksum: 'x' });
  });

  it('writes every kind of value as canonical-json.ts does', () => {
    const values: unknown[] = [
      0,
      -0,
      7,
      9,
      10,
      -1,
      1.5,
      1e21,
      1e-7,
      -3.25e-10,
      Number.MAX_SAFE_INTEGER,
      2 ** 53 + 2,
      NaN,
      Infinity,
      -Infinity,
      '',
      'plain',
      'quote " and \\ backslash',
      'control \u0001 \n \t',
      'lone \ud800 surrogate',
      'pair \ud83d\ude00',
      'é',
      '\u007f',
      '\u0080',
      true,
      false,
      null,
      undefined,
      () => 1,
      Symbol('s'),
      [],
      [1, 'a', null, undefined, [2, [3]], { z: 1, a: 2 }],
      { b: 1, a: undefined, c: () => 0, d: [undefined] },
      { '2': 1, '10': 2, b: 3, a: 4, B: 5, _: 6, é: 7 },
      { '': 1, ' ': 2 },
    ];
    for (const v of values) {
      check({ value: v, checksum: 'c' });
      check({ z: [v, v], a: { v }, checksum: 'c' });
    }
  });

  it('matches on thousands of records of random shapes and values', () => {
    const rand = seededRandom(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const keys = ['a', 'b', 'B', 'checksum', 'responses', 'x_1', 'x_10', 'x_2', '1', '02', 'é', 'k"q', 'k\\b', '__proto__', ''];
    const leaf = (): unknown =>
      pick<() => unknown>([
        () => Math.floor(rand() * 12) - 1,
        () => rand() * 1e6 - 5e5,
        () => pick(['', 'abc', 'MA-07-SA-2', 'a"b', 'tab\t', 'ü', '\u2028', 'x'.repeat(50)]),
        () => pick([true, false, null, undefined]),
      ])();
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.6) return leaf();
      if (r < 0.8) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 6); i > 0; i--) o[pick(keys)] = value(depth + 1);
      return o;
    };
    for (let n = 0; n < 5_000; n++) {
      const r = record() as Record<string, unknown>;
      if (rand() < 0.3) (r.responses as Record<string, unknown>)[pick(keys)] = leaf();
      for (let i = Math.floor(rand() * 4); i > 0; i--) r[pick(keys)] = value(0);
      // Parsed from JSON, as the import reads records (own "__proto__" keys included).
      check(JSON.parse(JSON.stringify(r)));
      // Built in code, "__proto__" sets the prototype: such an object is left to canonicalJsonWithout.
      check(r, 'checksum', false);
    }
  });

  it('leaves objects that are not plain to canonicalJsonWithout', () => {
    const inherited = Object.create({ hidden: 1 }) as Record<string, unknown>;
    inherited.a = 1;
    expect(canonicalBytesWithout({ a: 1, o: inherited }, 'checksum')).toBeNull();
    expect(canonicalBytesWithout({ o: Object.assign(Object.create(null), { b: 2, a: 1 }) }, 'checksum')).not.toBeNull();
    check({ o: Object.assign(Object.create(null), { b: 2, a: 1 }) });
  });

  it('grows its buffer for a long record', () => {
    const long: Record<string, unknown> = { checksum: 'x' };
    for (let i = 0; i < 2_000; i++) long[`item_${i}`] = 'y'.repeat(40);
    check(long);
    check(record());
  });
});
