// `npm run analyze` runs the CLI bundled into one file (tools/build-cli.mjs), from a start-up snapshot of it,
// rebuilt when a source changed: it must give exactly the report the TypeScript source gives, pass the exit
// status on, and rebuild when stale. The other CLI tests run it from the snapshot too (test/cli/bundled-cli.ts),
// which is how they show that a run reads its own arguments, environment (LRS_KEY, LMS_ID_SALT: a new random
// salt each run), working folder and files, not the build's.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedInstrument } from '../fixtures/instruments.ts';
import { code, makeRecord } from '../fixtures/evaluator/records.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILD = join(ROOT, 'tools/build-cli.mjs');
const BUNDLE = join(ROOT, '.cache/cli/analyze.mjs');
const SNAPSHOT = join(ROOT, '.cache/cli/analyze.blob');
/** A report without what differs from run to run (the time it was made). */
const report = (text: string) => ({ ...JSON.parse(text), meta: { ...JSON.parse(text).meta, generatedAt: null } });
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
    expect(JSON.parse(built.stdout)).toEqual(['--snapshot-blob', SNAPSHOT, '--']);
    // Older than its sources: rebuilt on the next start.
    utimesSync(BUNDLE, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const rebuilt = node([BUILD, '--run', '--format', 'json', join(dir, 'records.json')]);
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    expect(statSync(BUNDLE).mtimeMs).toBeGreaterThan(new Date(2001, 0, 1).getTime());
    const source = node([join(ROOT, 'src/cli/analyze.ts'), '--format', 'json', join(dir, 'records.json')]);
    expect(source.status, source.stderr).toBe(0);
    expect(report(rebuilt.stdout).sampleFlow.matched).toBe(12);
    expect(report(rebuilt.stdout)).toEqual(report(source.stdout));
    expect(rebuilt.stderr.replace(/\s+/g, ' ')).toBe(source.stderr.replace(/\s+/g, ' '));
    // Without the snapshot (ANALYZE_SNAPSHOT=off), from the entry, which turns Node's compile cache on and
    // loads the bundle beside it (the cache then holds it): the same report.
    const entry = spawnSync(process.execPath, [BUILD, '--run', '--format', 'json', join(dir, 'records.json')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ANALYZE_SNAPSHOT: 'off' },
    });
    expect(entry.status, entry.stderr).toBe(0);
    expect(report(entry.stdout)).toEqual(report(source.stdout));
    expect(readFileSync(BUNDLE, 'utf8')).toMatch(/enableCompileCache[\s\S]*import\('\.\/analyze-main\.mjs'\)/);
    expect(statSync(join(ROOT, '.cache/cli/analyze-main.mjs')).size).toBeGreaterThan(100_000);
    // ASCII only (no comments, escapes for the rest): V8 then keeps the bundle's source at one byte a
    // character, in the snapshot too (comments holding → or …, and a regular expression's "ł", once made it
    // two: 1.4 MB more).
    for (const file of ['analyze-main.mjs', 'analyze-snapshot.cjs', 'lrs-pages-worker.mjs']) {
      const text = readFileSync(join(ROOT, '.cache/cli', file), 'utf8');
      expect(text.match(/[^\x00-\x7f]/g), file).toBeNull();
    }
    expect(readdirSync(join(ROOT, '.cache/compile')).length).toBeGreaterThan(0);
  });

  it('reads many large files one after another, never holding a file handle for each (a low limit on open files)', () => {
    expect(node([BUILD]).status).toBe(0);
    const folder = join(dir, 'large');
    mkdirSync(folder);
    // 40 files of 1 MB: read in the background, where 40 at once went over this limit of 40 handles.
    for (let i = 0; i < 40; i++) writeFileSync(join(folder, `empty-${i}.json`), `[]${' '.repeat(1 << 20)}`);
    writeFileSync(join(folder, 'records.json'), readFileSync(join(dir, 'records.json')));
    const start = (JSON.parse(node([BUILD]).stdout) as string[]).map((a) => `"${a}"`).join(' ');
    const run = spawnSync('sh', ['-c', `ulimit -n 40 && exec "${process.execPath}" ${start} --format json "${folder}"`], {
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

  it('makes the snapshot for this Node and this folder only, and runs from the bundle where none can be made', () => {
    // In a copy of the checkout (its sources, content and tools; node_modules linked), so that the runs of
    // the other test files, which use this checkout's snapshot meanwhile, are not disturbed.
    const copy = join(dir, 'checkout');
    mkdirSync(copy);
    for (const part of ['src', 'tools', 'content', 'package.json', 'package-lock.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const build = join(copy, 'tools/build-cli.mjs');
    const snapshot = join(copy, '.cache/cli/analyze.blob');
    const stamp = `${snapshot}.json`;
    const built = node([build]);
    expect(built.status, built.stderr).toBe(0);
    expect(JSON.parse(built.stdout)).toEqual(['--snapshot-blob', snapshot, '--']);
    const made = JSON.parse(readFileSync(stamp, 'utf8'));
    expect(made).toEqual({ node: process.version, execPath: process.execPath, arch: process.arch, root: copy });
    // Made by another Node: made again.
    writeFileSync(stamp, JSON.stringify({ ...made, node: 'v0.0.1' }));
    utimesSync(snapshot, new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(node([build]).status).toBe(0);
    expect(statSync(snapshot).mtimeMs).toBeGreaterThan(new Date(2001, 0, 1).getTime());
    expect(JSON.parse(readFileSync(stamp, 'utf8'))).toEqual(made);
    const fromSnapshot = node([build, '--run', '--format', 'json', join(dir, 'records.json')]);
    expect(fromSnapshot.status, fromSnapshot.stderr).toBe(0);
    // One that could not be made (the stamp says why): the bundle's entry starts the CLI, with the same report.
    writeFileSync(stamp, JSON.stringify({ ...made, failed: 'made-up reason' }));
    rmSync(snapshot);
    expect(JSON.parse(node([build]).stdout)).toEqual([join(copy, '.cache/cli/analyze.mjs')]);
    const fromEntry = node([build, '--run', '--format', 'json', join(dir, 'records.json')]);
    expect(fromEntry.status, fromEntry.stderr).toBe(0);
    expect(report(fromEntry.stdout)).toEqual(report(fromSnapshot.stdout));
    expect(report(fromEntry.stdout).sampleFlow.matched).toBe(12);
  });
});
