// `npm run analyze` runs the CLI bundled into one file (tools/build-cli.mjs), rebuilt when a source changed:
// it must give exactly the report the TypeScript source gives, pass the exit status on, and rebuild when stale.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedInstrument } from '../fixtures/instruments.ts';
import { code, makeRecord } from '../fixtures/evaluator/records.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILD = join(ROOT, 'tools/build-cli.mjs');
const BUNDLE = join(ROOT, '.cache/cli/analyze.mjs');
const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'build-cli-'));
  const inst = shippedInstrument();
  const records = Array.from({ length: 12 }, (_, i) => [
    makeRecord(inst, { participant: code(i), responses: Object.fromEntries(inst.items.map((it, j) => [it.id, 1 + ((i + j) % 5)])) }),
    makeRecord(inst, { participant: code(i), timepoint: 'post', responses: Object.fromEntries(inst.items.map((it, j) => [it.id, 1 + ((2 * i + j) % 5)])) }),
  ]).flat();
  writeFileSync(join(dir, 'records.json'), JSON.stringify(records));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the bundled CLI', { timeout: 120_000 }, () => {
  it('is built when stale and gives the same report as the TypeScript source', () => {
    rmSync(join(ROOT, '.cache/compile'), { recursive: true, force: true }); // filled again by the runs below
    const built = node([BUILD]);
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout.trim()).toBe(BUNDLE);
    // Older than its sources: rebuilt on the next start.
    utimesSync(BUNDLE, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const rebuilt = node([BUILD, '--run', '--format', 'json', join(dir, 'records.json')]);
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    expect(statSync(BUNDLE).mtimeMs).toBeGreaterThan(new Date(2001, 0, 1).getTime());
    const source = node([join(ROOT, 'src/cli/analyze.ts'), '--format', 'json', join(dir, 'records.json')]);
    expect(source.status, source.stderr).toBe(0);
    const report = (text: string) => ({ ...JSON.parse(text), meta: { ...JSON.parse(text).meta, generatedAt: null } });
    expect(report(rebuilt.stdout).sampleFlow.matched).toBe(12);
    expect(report(rebuilt.stdout)).toEqual(report(source.stdout));
    expect(rebuilt.stderr.replace(/\s+/g, ' ')).toBe(source.stderr.replace(/\s+/g, ' '));
    // The entry turns Node's compile cache on and loads the bundle beside it, which the cache then holds.
    expect(readFileSync(BUNDLE, 'utf8')).toMatch(/enableCompileCache[\s\S]*import\('\.\/analyze-main\.mjs'\)/);
    expect(statSync(join(ROOT, '.cache/cli/analyze-main.mjs')).size).toBeGreaterThan(100_000);
    expect(readdirSync(join(ROOT, '.cache/compile')).length).toBeGreaterThan(0);
  });

  it('reads many large files one after another, never holding a file handle for each (a low limit on open files)', () => {
    expect(node([BUILD]).status).toBe(0);
    const folder = join(dir, 'large');
    mkdirSync(folder);
    // 40 files of 1 MB: read in the background, where 40 at once went over this limit of 40 handles.
    for (let i = 0; i < 40; i++) writeFileSync(join(folder, `empty-${i}.json`), `[]${' '.repeat(1 << 20)}`);
    writeFileSync(join(folder, 'records.json'), readFileSync(join(dir, 'records.json')));
    const run = spawnSync('sh', ['-c', `ulimit -n 40 && exec "${process.execPath}" "${BUNDLE}" --format json "${folder}"`], {
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 1 << 26,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/EMFILE|could not be read/);
    expect(run.stderr.match(/holds an empty list/g)).toHaveLength(40);
    expect(JSON.parse(run.stdout).sampleFlow.matched).toBe(12);
  });

  it('passes the arguments and the exit status through', () => {
    const help = node([BUILD, '--run', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run analyze/);
    const bad = node([BUILD, '--run', '--format', 'xml', join(dir, 'records.json')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format must be json, csv or html/);
    const missing = node([BUILD, '--run', join(dir, 'nothing-here.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such file or directory/);
  });
});
