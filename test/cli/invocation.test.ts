// `npm run analyze`, `npm run instrument` and `npm run package` run in the repository's root whatever folder
// they are typed in; the paths the user types are read from that folder (npm names it in INIT_CWD).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokedFrom, userPath } from '../../src/cli/invocation.ts';
import { main as instrumentMain } from '../../src/cli/instrument.ts';
import { parseArgs } from '../../src/cli/package.ts';
import { shippedInstrument } from '../fixtures/instruments.ts';
import { code, makeRecord } from '../fixtures/evaluator/records.ts';
import { bundledCli } from './bundled-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let work = '';
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'invocation-'));
  mkdirSync(join(work, 'results'));
  const inst = shippedInstrument();
  const resp = (i: number, shift: number) => Object.fromEntries(inst.items.map((it, j) => [it.id, 1 + ((i * 3 + j + shift) % 5)]));
  for (let i = 0; i < 3; i++) {
    const records = [
      makeRecord(inst, { participant: code(i), responses: resp(i, 0) }),
      makeRecord(inst, { participant: code(i), timepoint: 'post', responses: resp(i, 1) }),
    ];
    writeFileSync(join(work, 'results', `learner-${i}.json`), JSON.stringify(records));
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe('the folder a command was typed in', () => {
  it("is npm's INIT_CWD for the script npm ran, and the working folder otherwise (a CLI started by a test, or by hand)", () => {
    expect(invokedFrom('analyze', { npm_lifecycle_event: 'analyze', INIT_CWD: '/home/me/data' }, '/repo')).toBe('/home/me/data');
    expect(invokedFrom('analyze', { npm_lifecycle_event: 'test', INIT_CWD: '/home/me' }, '/repo')).toBe('/repo');
    expect(invokedFrom('analyze', { npm_lifecycle_event: 'analyze' }, '/repo')).toBe('/repo');
    expect(invokedFrom('analyze', {}, '/repo')).toBe('/repo');
  });

  it('reads the input files and writes --out where `npm run analyze` was typed', () => {
    const run = spawnSync(
      process.execPath,
      [...bundledCli(), '--format', 'html', '--out', 'report.html', 'results/learner-0.json', 'results/learner-1.json', 'results/learner-2.json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, npm_lifecycle_event: 'analyze', INIT_CWD: work },
      },
    );
    expect(run.stderr).toMatch(/Matched 3 pairs/);
    expect(run.status).toBe(0);
    // Named as typed in the report, and written beside them, not in the repository.
    expect(readFileSync(join(work, 'report.html'), 'utf8')).toContain('results/learner-0.json');
    expect(existsSync(join(ROOT, 'report.html'))).toBe(false);
  }, 60_000);

  it('reads --instrument and writes --out where `npm run instrument` was typed, and finds the questionnaire from anywhere', () => {
    vi.stubEnv('npm_lifecycle_event', 'instrument');
    vi.stubEnv('INIT_CWD', work);
    expect(instrumentMain(['--format', 'redcap', '--out', 'dictionary.csv'], () => {})).toBe(0);
    const dictionary = readFileSync(join(work, 'dictionary.csv'), 'utf8');
    expect(dictionary).toMatch(/^"?Variable \/ Field Name/);
    writeFileSync(join(work, 'mine.yaml'), readFileSync(join(ROOT, 'content/instruments/msg-attitudes-1.0.0.yaml')));
    expect(instrumentMain(['--format', 'redcap', '--instrument', 'mine.yaml', '--out', 'mine.csv'], () => {})).toBe(0);
    expect(existsSync(join(work, 'mine.csv'))).toBe(true);
  });

  it('reads --dist and --out of `npm run package` from where it was typed', () => {
    vi.stubEnv('npm_lifecycle_event', 'package');
    vi.stubEnv('INIT_CWD', work);
    expect(parseArgs(['--dist', 'site', '--out', 'zips'])).toMatchObject({ dist: join(work, 'site'), out: join(work, 'zips') });
    expect(userPath('package', '/abs/x')).toBe('/abs/x');
  });
});
