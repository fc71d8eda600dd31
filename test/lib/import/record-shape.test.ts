// The safety check of a parsed record (import-json.ts shapeProblem) first takes a quick look that allocates
// nothing, and walks the record again only to name a problem. The quick look must find a problem exactly
// when there is one: checked here against the rule written out plainly, on random records near the limits.
import { describe, expect, it } from 'vitest';
import { shapeProblem } from '../../../src/lib/import/import-json.ts';
import { withDefaults } from '../../../src/lib/import/limits.ts';
import { seededRandom } from '../../../src/lib/util/random.ts';

/** Whether a record breaks a limit: an object or list nested too deep, a text or field name too long, too many values. */
function breaksALimit(value: unknown, limits: { maxJsonDepth: number; maxStringChars: number; maxRecordValues: number }, depth: number): boolean {
  let values = 0;
  let broken = false;
  const visit = (v: unknown, d: number): void => {
    if (typeof v === 'string') {
      if (v.length > limits.maxStringChars) broken = true;
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (d > limits.maxJsonDepth) broken = true;
    if (Array.isArray(v)) {
      values += v.length;
      for (const x of v) visit(x, d + 1);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (k.length > limits.maxStringChars) broken = true;
      values++;
      visit(x, d + 1);
    }
  };
  visit(value, depth);
  return broken || values > limits.maxRecordValues;
}

describe('a record’s safety check', () => {
  it('finds a problem exactly when a record breaks a limit (2,000 random records at and around the limits)', () => {
    const random = seededRandom(12);
    const int = (n: number) => Math.floor(random() * n);
    const text = (max: number) => 'x'.repeat(int(max + 2));
    const make = (d: number): unknown => {
      const kind = d > 6 ? int(4) : int(7);
      if (kind === 0) return int(10);
      if (kind === 1) return null;
      if (kind === 2) return random() < 0.5;
      if (kind === 3) return text(12);
      if (kind === 4) return Array.from({ length: int(4) }, () => make(d + 1));
      return Object.fromEntries(Array.from({ length: int(4) }, (_, i) => [`${text(11)}${i}`, make(d + 1)]));
    };
    let withProblem = 0;
    for (let i = 0; i < 2_000; i++) {
      const limits = withDefaults({ maxStringChars: 8 + int(4), maxJsonDepth: 2 + int(4), maxRecordValues: 5 + int(20) });
      const record = make(0);
      const depth = 1 + int(2);
      const expected = breaksALimit(record, limits, depth);
      const problem = shapeProblem(record, limits, depth);
      expect(problem !== null, `${JSON.stringify(record)} ${JSON.stringify(limits)}: ${problem}`).toBe(expected);
      if (expected) withProblem++;
    }
    // Both kinds well represented, so the comparison means something.
    expect(withProblem).toBeGreaterThan(400);
    expect(withProblem).toBeLessThan(1_600);
  });

  it('takes values at each limit and refuses one past it', () => {
    const limits = withDefaults({ maxStringChars: 5, maxJsonDepth: 3, maxRecordValues: 4 });
    expect(shapeProblem({ a: 'abcde' }, limits, 1)).toBeNull();
    expect(shapeProblem({ a: 'abcdef' }, limits, 1)).toMatch(/^a is a text of 6 characters/);
    expect(shapeProblem({ abcde: 1 }, limits, 1)).toBeNull();
    expect(shapeProblem({ abcdef: 1 }, limits, 1)).toMatch(/field name of 6 characters/);
    expect(shapeProblem({ a: { b: { c: 1 } } }, limits, 1)).toBeNull();
    expect(shapeProblem({ a: { b: { c: {} } } }, limits, 1)).toMatch(/nested more than 3 levels deep/);
    expect(shapeProblem({ a: [1, 2, 3] }, limits, 1)).toBeNull();
    expect(shapeProblem({ a: [1, 2, 3, 4] }, limits, 1)).toMatch(/more than 4 values/);
  });
});
