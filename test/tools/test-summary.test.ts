// The closing line of `npm test` (tools/test-summary.mjs): every stage counts, so a failing stage fails the run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../tools/test-summary.mjs');

/** Runs the summary in a folder of its own (it reads .ci-out/ there) with these stages. */
function summary(stages: string[], reports: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'summary-'));
  mkdirSync(join(dir, '.ci-out'));
  for (const [name, report] of Object.entries(reports)) writeFileSync(join(dir, '.ci-out', `${name}.json`), JSON.stringify(report));
  const run = spawnSync(process.execPath, [SCRIPT, ...stages], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, last: run.stdout.trim().split('\n').at(-1) };
}

const vitest = { numPassedTests: 3, numFailedTests: 0, numTotalTests: 3 };

describe('npm test summary', () => {
  it('passes when every stage and runner passed', () => {
    expect(summary(['chromium:pass', 'astro check:pass', 'biome:pass', 'vitest:pass'], { vitest })).toEqual({ status: 0, last: '6 passed, 0 failed' });
  });

  it('fails when format and lint (Biome) failed, though every test passed', () => {
    expect(summary(['astro check:pass', 'biome:fail', 'vitest:pass'], { vitest })).toEqual({ status: 1, last: '4 passed, 1 failed' });
  });

  it('counts a stage it does not know by name', () => {
    expect(summary(['a new stage:fail'])).toEqual({ status: 1, last: '0 passed, 1 failed' });
  });

  it('fails when vitest was to run but left no report', () => {
    expect(summary(['vitest:fail'])).toMatchObject({ status: 1 });
  });
});
