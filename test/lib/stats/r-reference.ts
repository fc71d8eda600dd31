/**
 * Reads the R reference output committed in test/reference/r/*.out and checks
 * implementations against it, so tests and references cannot drift apart.
 *
 * Each .out file is printed by the .R script of the same name (run
 * `npm run refs:r` where R is installed). Format, one entry per line:
 *   # comment             ignored
 *   name = v1 v2 ...      a value or a vector; NA and NaN both read as NaN
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectRel } from './reference-helpers.ts';

const REFERENCE_DIRECTORY = new URL('../../reference/r/', import.meta.url);

export type ReferenceValues = ReadonlyMap<string, readonly number[]>;

function parseNumber(token: string, where: string): number {
  if (token === 'NA' || token === 'NaN') return NaN;
  if (token === 'Inf') return Infinity;
  if (token === '-Inf') return -Infinity;
  const x = Number(token);
  if (token === '' || Number.isNaN(x)) throw new Error(`${where}: not a number: "${token}"`);
  return x;
}

/** Parses the text of a .out file; throws on a malformed line or a repeated name. */
export function parseReference(text: string, file = 'reference'): Map<string, number[]> {
  const values = new Map<string, number[]>();
  text.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = /^(\S+) = (.+)$/.exec(line);
    if (match === null) throw new Error(`${where}: expected "name = value", got "${line}"`);
    const [, name, rest] = match as unknown as [string, string, string];
    if (values.has(name)) throw new Error(`${where}: ${name} appears twice`);
    values.set(
      name,
      rest
        .trim()
        .split(/\s+/)
        .map((token) => parseNumber(token, where)),
    );
  });
  return values;
}

const cache = new Map<string, ReferenceValues>();

/** All values of test/reference/r/<file> (e.g. 'wilcoxon.out'). */
export function readReference(file: string): ReferenceValues {
  let values = cache.get(file);
  if (values === undefined) {
    values = parseReference(readFileSync(new URL(file, REFERENCE_DIRECTORY), 'utf8'), file);
    cache.set(file, values);
  }
  return values;
}

/** A vector from test/reference/r/<file>. */
export function rVector(file: string, name: string): number[] {
  const v = readReference(file).get(name);
  if (v === undefined) throw new Error(`${name} is not in test/reference/r/${file}`);
  return [...v];
}

/** A single value from test/reference/r/<file>. */
export function rValue(file: string, name: string): number {
  const v = rVector(file, name);
  if (v.length !== 1) throw new Error(`${name} in ${file} has ${v.length} values, expected 1`);
  return v[0] as number;
}

/** What a check computes: a number or vector; null stands for "not computed" and matches R's NA/NaN. */
export type Actual = number | null | readonly (number | null)[];

export interface ReferenceCheck {
  readonly actual: () => Actual;
  /** Relative tolerance (absolute when R's value is 0); 0 asks for the same double. Default 1e-9. */
  readonly tol?: number;
}

export interface CheckOptions {
  /** Names that are inputs for the tests (data made by the R script), not results to check. */
  readonly inputs?: RegExp;
}

/**
 * Registers one test per value of test/reference/r/<file> plus one that the
 * checks and the file name the same values: a value R printed without a check,
 * or a check without a value, fails.
 */
export function checkReferenceFile(file: string, checks: Readonly<Record<string, (() => Actual) | ReferenceCheck>>, options: CheckOptions = {}): void {
  describe(`every value in test/reference/r/${file}`, () => {
    it('is checked, and every check has a value', () => {
      const names = [...readReference(file).keys()].filter((name) => !options.inputs?.test(name));
      expect(Object.keys(checks).sort()).toEqual(names.sort());
    });
    for (const [name, check] of Object.entries(checks)) {
      it(name, () => {
        const { actual, tol = 1e-9 } = typeof check === 'function' ? { actual: check } : check;
        const expected = rVector(file, name);
        const got = actual();
        const values = (Array.isArray(got) ? got : [got]) as readonly (number | null)[];
        expect(values, `${file}: ${name} length`).toHaveLength(expected.length);
        expected.forEach((want, i) => {
          const value = values[i] ?? NaN;
          const label = `${file}: ${name}${expected.length > 1 ? `[${i}]` : ''}`;
          if (Number.isNaN(want)) expect(value, label).toBeNaN();
          else if (tol === 0 || !Number.isFinite(want)) expect(value, label).toBe(want);
          else expectRel(`${file}: ${name}`, value, want, tol);
        });
      });
    }
  });
}
