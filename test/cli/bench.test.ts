// `npm run bench` at a small size: it must run end to end and check its own data (the timings are not
// tested); and the R script it compares the CLI with must compute what the report computes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { CLI_NODE_OPTIONS, generate } from '../../src/cli/bench.ts';
import { instrumentFingerprint } from '../../src/lib/instrument/fingerprint.ts';
import { parseInstrument } from '../../src/lib/instrument/load.ts';
import { bundledCli } from './bundled-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const bench = (parts: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'src/cli/bench.ts'), ...parts], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, BENCH_RUNS: '1', BENCH_R: 'off', ...env },
  });
const line = (label: string) => new RegExp(`${label.replace(/[+()]/g, '\\$&')}\\s+median\\s+\\d+ ms`);

// Spawns the bench, which runs the CLI four times: seconds on a shared 2-CPU machine, not the default 5.
it('times the CLI with the Node options npm run analyze gives it', () => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(scripts.analyze).toBe(`node ${CLI_NODE_OPTIONS.join(' ')} tools/build-cli.mjs --run`);
});

it('generates data, checks it imports cleanly, times the library and the CLI (with its CPU time and memory)', { timeout: 120_000 }, () => {
  const res = bench(['library', 'cli'], { BENCH_PEOPLE: '60' });
  expect(res.status, res.stderr).toBe(0);
  // Every generated record imports and pairs up; alpha is computable on the generated answers.
  expect(res.stdout).toMatch(/check: 120 imported, 0 errors, 60 pairs, alpha\(attitude-twelve-step, pre\) = 0\.\d{3}/);
  for (const label of ['JSON, 60 files, checksums with node:crypto', 'long CSV, one file', 'match + analysis only']) expect(res.stdout).toMatch(line(label));
  for (const label of [
    'bundled CLI, directory of 60 JSON files',
    'bundled CLI, one long CSV (4,380 rows)',
    'node src/cli/analyze.ts (TypeScript source), the same CSV',
  ]) {
    expect(res.stdout).toMatch(new RegExp(`${line(label).source}, CPU\\s+\\d+ ms, peak memory\\s+\\d+ MB`));
  }
  expect(res.stdout).toMatch(/BENCH_R=off: no comparison with R/);
  expect(res.stdout).toMatch(/target \(under 1,000 ms\) is set for 10,000 participants; this run had 60/);
});

it('pulls learners from a local LRS through analyze --lrs, page by page, and checks every pair arrived', { timeout: 120_000 }, () => {
  // 1,200 statements: three pages of 500 as the CLI asks for them.
  const res = bench(['lrs'], { BENCH_LRS_PEOPLE: '600' });
  expect(res.status, `${res.stdout}\n${res.stderr}`).toBe(0);
  expect(res.stdout).toMatch(/check: 1,200 statements in 3 pages read; 1,200 records imported, 600 pairs/);
  expect(res.stdout).toMatch(new RegExp(`${line('analyze --lrs, 600 learners').source}, CPU\\s+\\d+ ms, peak memory\\s+\\d+ MB`));
  expect(res.stdout).toMatch(/target \(under 10 s and 1 GB\) is set for 100,000 learners; this run had 600/);
});

it('stops on a part it does not know', { timeout: 60_000 }, () => {
  const res = bench(['everything'], {});
  expect(res.status).toBe(2);
  expect(res.stderr).toMatch(/unknown part everything \(choose from library, cli, lrs\)/);
});

const hasR = spawnSync('Rscript', ['--version'], { stdio: 'ignore' }).status === 0;

// The side-by-side figure is only fair if R does the same work: its results must be the report's.
it.skipIf(!hasR)('tools/bench-r.R reads, scores and tests the long CSV as the report does', { timeout: 120_000 }, () => {
  const path = join(ROOT, 'content/instruments/msg-attitudes-1.0.0.yaml');
  const instrument = parseInstrument(readFileSync(path, 'utf8'), path);
  const dir = mkdtempSync(join(tmpdir(), 'bench-r-'));
  try {
    const csv = join(dir, 'long.csv');
    writeFileSync(csv, generate(instrument, instrumentFingerprint(instrument), 300).csv);
    const r = spawnSync('Rscript', [join(ROOT, 'tools/bench-r.R'), csv], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const cli = spawnSync(process.execPath, [...bundledCli(), '--format', 'json', csv], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(cli.status, cli.stderr).toBe(0);
    const report = JSON.parse(cli.stdout);
    expect(r.stdout).toMatch(new RegExp(`^\\d+ rows read, ${report.sampleFlow.recordsRead} records, ${report.sampleFlow.matched} matched pairs`));
    for (const scale of report.scales) {
      const row = new RegExp(`^${scale.id}\\s+n (\\d+)\\s+t (\\S+)\\s+p \\S+\\s+V (\\S+)\\s+p \\S+\\s+d_z (\\S+)`, 'm').exec(r.stdout);
      expect(row, scale.id).not.toBeNull();
      expect(Number(row![1])).toBe(scale.n);
      expect(Number(row![2])).toBeCloseTo(scale.tTest.t, 3);
      expect(Number(row![3])).toBe(scale.wilcoxon.V);
      expect(Number(row![4])).toBeCloseTo(scale.effectSize.dz, 3);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
