// `npm run bench` at a small size: it must run end to end and check its own data (the timings are not tested).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

// Spawns the bench, which runs the CLI twice: seconds on a shared 2-CPU machine, not the default 5.
it('generates data, checks it imports cleanly, times the library and the CLI', { timeout: 120_000 }, () => {
  const res = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'src/cli/bench.ts')], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, BENCH_PEOPLE: '60', BENCH_RUNS: '1' },
  });
  expect(res.status, res.stderr).toBe(0);
  // Every generated record imports and pairs up; alpha is computable on the generated answers.
  expect(res.stdout).toMatch(/check: 120 imported, 0 errors, 60 pairs, alpha\(attitude-twelve-step, pre\) = 0\.\d{3}/);
  for (const line of ['JSON, 60 files, checksums with node:crypto', 'long CSV, one file', 'match + analysis only', 'directory of 60 JSON files', 'one long CSV']) {
    expect(res.stdout).toMatch(new RegExp(`${line.replace(/[+()]/g, '\\$&')}\\s+median\\s+\\d+ ms`));
  }
  expect(res.stdout).toMatch(/target \(under 1,000 ms\) is set for 10,000 participants; this run had 60/);
});
