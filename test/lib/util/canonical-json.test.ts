import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonWithout } from '../../../src/lib/util/canonical-json.ts';
import { seededRandom } from '../../../src/lib/util/random.ts';

/** The definition: JSON.stringify with every object's keys sorted (written plainly, no caching). */
function reference(value: unknown): string | undefined {
  if (Array.isArray(value)) return `[${value.map((v) => reference(v) ?? 'null').join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const v = reference((value as Record<string, unknown>)[key]);
      if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

const TRICKY_STRINGS = [
  '',
  'plain',
  'quote " inside',
  'back\\slash',
  'tab\there',
  'new\nline',
  '\u0000\u001f',
  'é ü ✓',
  '😀',
  '\ud800 lone high',
  'lone low \udc00',
  '</script>',
  '\u2028\u2029',
];
const KEYS = ['a', 'b', 'B', '_', 'z', '10', '9', '1', 'é', 'att-12-helpful', 'att-psy-helpful', '__proto__', 'constructor', ''];

function randomValue(rand: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const r = rand();
  if (depth > 3 || r < 0.45) {
    return pick<unknown>([null, true, false, undefined, 0, -0, 1, -7, 0.1, 1e21, 1e-7, NaN, Infinity, ...TRICKY_STRINGS]);
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  // Objects built by JSON.parse, so "__proto__" is an ordinary own key, as in an imported file.
  const entries: string[] = [];
  const keys = [...KEYS].sort(() => rand() - 0.5).slice(0, Math.floor(rand() * KEYS.length));
  for (const key of keys) entries.push(`${JSON.stringify(key)}:${JSON.stringify(randomValue(rand, depth + 1)) ?? 'null'}`);
  return JSON.parse(`{${entries.join(',')}}`);
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('does not depend on key order, and sorts integer-like keys as text', () => {
    const a = JSON.parse('{"9":1,"10":2,"1":3,"b":4,"a":5}');
    const b = JSON.parse('{"a":5,"b":4,"1":3,"10":2,"9":1}');
    expect(canonicalJson(a)).toBe('{"1":3,"10":2,"9":1,"a":5,"b":4}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('keeps objects with the same first key but different keys apart', () => {
    expect(canonicalJson({ a: 1, c: 2 })).toBe('{"a":1,"c":2}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe('{"a":1,"b":2}');
    expect(canonicalJson({ a: 1, c: 2, b: 3 })).toBe('{"a":1,"b":3,"c":2}');
    expect(canonicalJson({ a: 1, b: 3, c: 2 })).toBe('{"a":1,"b":3,"c":2}');
  });

  it('leaves out one top-level key only', () => {
    const record = { checksum: 'x', b: { checksum: 'kept' }, a: 1 };
    expect(canonicalJsonWithout(record, 'checksum')).toBe('{"a":1,"b":{"checksum":"kept"}}');
    expect(canonicalJsonWithout(record, 'checksum')).toBe(canonicalJson({ a: 1, b: { checksum: 'kept' } }));
    expect(canonicalJsonWithout(record, 'absent')).toBe(canonicalJson(record));
  });

  it('escapes strings exactly as JSON.stringify does', () => {
    for (const s of TRICKY_STRINGS) expect(canonicalJson({ s })).toBe(`{"s":${JSON.stringify(s)}}`);
  });

  it('equals JSON.stringify of a key-sorted copy on 3,000 random values', () => {
    const rand = seededRandom(2026);
    const differing: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      const value = randomValue(rand, 0);
      const expected = reference(value) ?? 'null';
      if (canonicalJson(value) !== expected) differing.push(expected);
    }
    expect(differing).toEqual([]);
  });
});
