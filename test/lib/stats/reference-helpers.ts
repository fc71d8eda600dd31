/**
 * Assertion helpers for comparing against R reference values.
 *
 * - expectRel: full-precision references (R printed 10–16 digits); fails when
 *   the relative error exceeds `tol` (absolute error when expected is 0).
 * - expectPrinted: references only known to the digits R printed (e.g.
 *   "0.739376", "6.901e-06"); passes when the actual value rounds to the same
 *   printed value, i.e. |actual − printed| ≤ half a unit in the last place.
 *
 * Both record the worst relative error per reference set; run with
 * STATS_REPORT=1 to print the table after each file.
 */
import { afterAll, expect } from 'vitest';

const worst = new Map<string, number>();

function record(set: string, relErr: number): void {
  worst.set(set, Math.max(worst.get(set) ?? 0, relErr));
}

export function relativeError(actual: number, expected: number): number {
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

export function expectRel(set: string, actual: number, expected: number, tol = 1e-9): void {
  expect(Number.isFinite(actual), `${set}: got ${actual}, expected ${expected}`).toBe(true);
  const err = relativeError(actual, expected);
  record(set, err);
  expect(err, `${set}: got ${actual}, expected ${expected} (rel err ${err})`).toBeLessThanOrEqual(tol);
}

export function expectPrinted(set: string, actual: number, printed: string): void {
  const expected = Number(printed);
  const match = /^-?(\d*)\.?(\d*)(?:e([-+]?\d+))?$/i.exec(printed);
  if (match === null) throw new Error(`cannot parse printed value ${printed}`);
  const decimals = (match[2] ?? '').length;
  const exponent = match[3] === undefined ? 0 : Number(match[3]);
  const halfUnit = 0.5 * 10 ** (exponent - decimals);
  const diff = Math.abs(actual - expected);
  record(`${set} (printed digits)`, relativeError(actual, expected));
  expect(diff, `${set}: got ${actual}, R printed ${printed}`).toBeLessThanOrEqual(halfUnit * (1 + 1e-9));
}

afterAll(() => {
  if (process.env['STATS_REPORT'] === undefined) return;
  const lines = [...worst.entries()].map(([k, v]) => `  ${k}: max rel err ${v.toExponential(2)}`);
  console.log(`Reference sets:\n${lines.join('\n')}`);
});
