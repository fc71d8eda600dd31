// `npm run analyze` on REDCap and Qualtrics CSV exports and LMS interaction reports, run as a user would
// (the bundle npm run analyze starts: test/cli/bundled-cli.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstrument } from '../../src/lib/instrument/load.ts';
import { HOSTILE_MARKERS, qualtricsExport, redcapExport, type RedcapPerson } from '../fixtures/exports/other-systems.ts';
import { bundledCli } from './bundled-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = bundledCli();
const NEWEST = join(ROOT, 'content/instruments/msg-attitudes-1.1.0.yaml');
let dir = '';

function cli(...args: string[]) {
  return cliWith({}, ...args);
}
function cliWith(env: Record<string, string>, ...args: string[]) {
  const res = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}
const file = (name: string) => join(dir, name);
const expectNoLeak = (name: string, text: string) => {
  for (const marker of HOSTILE_MARKERS) expect(text.includes(marker), `${marker} in ${name}`).toBe(false);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'analyze-other-'));
  // The questionnaire `npm run instrument -- --format redcap` writes by default: the newest shipped one.
  const inst = parseInstrument(readFileSync(NEWEST, 'utf8'), NEWEST);
  const people = Array.from(
    { length: 8 },
    (_, i): RedcapPerson => ({
      recordId: `K0${16 + i}`,
      events: i < 6 ? { visit_1_arm_1: 0, visit_2_arm_1: 1 + (i % 2) } : { visit_1_arm_1: 0 },
    }),
  );
  writeFileSync(file('MyProject_DATA_2026-11-30_1200.csv'), redcapExport(inst, people, { screening: true }));
  const qualtrics = (timepoint: number) =>
    Array.from({ length: 6 }, (_, i) => ({
      responseId: `R_${timepoint}x${i}abcDEF234`,
      participant: ['MA-07-SA-2', 'LU-12-RO-0', 'AB-01-CD-3', 'EF-02-GH-4', 'IJ-03-KL-5', 'MN-04-OP-6'][i]!,
      shift: timepoint + (i % 3),
      person: i,
    }));
  writeFileSync(file('pre-survey.csv'), qualtricsExport(inst, qualtrics(0), { embedded: ['participant'] }));
  writeFileSync(file('post-survey.csv'), qualtricsExport(inst, qualtrics(1).slice(0, 5), { embedded: ['participant'] }));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run analyze: REDCap and Qualtrics exports', { timeout: 60_000 }, () => {
  it('--help documents --redcap-events, --timepoint and the exit statuses', () => {
    const r = cli('--help');
    expect(r.stdout).toMatch(/--redcap-events MAP/);
    expect(r.stdout).toMatch(/--timepoint TP/);
    expect(r.stdout).toMatch(/Exit status:\n {2}0 .*\n {2}3 {2}the report was written from part of the input/);
  });

  it('a REDCap export with --redcap-events: record ids matched exactly; the newest questionnaire, with a note', () => {
    const r = cli('--redcap-events', 'visit_1_arm_1=pre,visit_2_arm_1=post', file('MyProject_DATA_2026-11-30_1200.csv'));
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.meta.instrument).toMatchObject({ id: 'msg-attitudes', version: '1.1.0' });
    expect(report.sampleFlow).toMatchObject({ files: 1, imported: 14, matched: 6, preOnly: 2, matchedFuzzy: 0 });
    expect(report.meta.sources).toEqual([
      expect.objectContaining({ format: 'redcap', records: 14, otherIds: 14, codes: 0, participantIds: 'ids from another system' }),
    ]);
    expect(report.matching.duplicates).toEqual([]);
    expect(r.stderr).toMatch(/note: the files do not say which questionnaire they hold; analysing msg-attitudes 1\.1\.0/);
    expect(r.stderr).toMatch(/Matched 6 pairs/);
    expectNoLeak('stdout', r.stdout);
    expectNoLeak('stderr', r.stderr);
  });

  it('without the mapping, each unmapped event is one error naming it, its rows left out and their lines', () => {
    const r = cli(file('MyProject_DATA_2026-11-30_1200.csv'));
    expect(r.stderr).toMatch(
      /MyProject_DATA_2026-11-30_1200\.csv:3: error: REDCap event "visit_1_arm_1" is not mapped to a timepoint: its 8 rows with answers are not used \(lines 3, 6, 9, 12, 15, …\); map it with --redcap-events visit_1_arm_1=pre/,
    );
    expect(r.stderr).toMatch(
      /MyProject_DATA_2026-11-30_1200\.csv:4: error: REDCap event "visit_2_arm_1" is not mapped to a timepoint: its 6 rows with answers are not used/,
    );
    expect(JSON.parse(r.stdout).sampleFlow).toMatchObject({ imported: 0 });
  });

  it('a mistyped mapping is a bad argument (exit 2)', () => {
    const r = cli('--redcap-events', 'visit_1_arm_1:pre', file('MyProject_DATA_2026-11-30_1200.csv'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--redcap-events: "visit_1_arm_1:pre" is not event=timepoint/);
    const t = cli('--timepoint', 'during', file('pre-survey.csv'));
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/--timepoint: "during" is not a timepoint/);
  });

  it('Qualtrics pre and post surveys with --timepoint per file: matched by the embedded participant code; CSV and HTML outputs hold no identifying data', () => {
    const out = file('out');
    const r = cli('--timepoint', 'pre-survey.csv=pre,post-survey.csv=post', '--format', 'csv', '--out', out, file('pre-survey.csv'), file('post-survey.csv'));
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.sampleFlow).toMatchObject({ files: 2, imported: 11, matched: 5, preOnly: 1 });
    expect(report.meta.sources.map((s: { participantIds: string }) => s.participantIds)).toEqual(['participant codes', 'participant codes']);
    expect(readFileSync(join(out, 'sources.csv'), 'utf8')).toMatch(
      /^file,format,records,participant_codes,other_system_ids,participant_ids\r?\n.*pre-survey\.csv,qualtrics,6,6,0,participant codes/,
    );
    for (const name of readdirSync(out)) expectNoLeak(name, readFileSync(join(out, name), 'utf8'));
    expectNoLeak('stderr', r.stderr);
    const html = cli('--timepoint', 'pre-survey.csv=pre,post-survey.csv=post', '--format', 'html', file('pre-survey.csv'), file('post-survey.csv'));
    expect(html.status).toBe(0);
    expect(html.stdout).toMatch(/Qualtrics export/);
    expectNoLeak('report.html', html.stdout);
  });

  it('a Qualtrics export without a timepoint, and none given: the file is refused with a clear message', () => {
    const r = cli(file('pre-survey.csv'));
    expect(r.status).toBe(1); // nothing to analyse
    expect(r.stderr).toMatch(/pre-survey\.csv:1: error: this Qualtrics export has no embedded data field "timepoint"/);
  });
});

describe('npm run analyze: hashed LMS learner ids', { timeout: 60_000 }, () => {
  // Interactions without a result-record row: the learner id stands for the participant, hashed.
  const report = [
    'learner,attempt,interaction_id,response,time',
    'jane.doe@example.org,1,att-12-helpful_pre_msg-attitudes_v1-1-0,4,2026-11-26T10:04:10Z',
    'jane.doe@example.org,1,att-12-helpful_post_msg-attitudes_v1-1-0,5,2026-11-27T10:04:10Z',
  ].join('\n');
  const idsIn = (env: Record<string, string>, name: string) => {
    writeFileSync(file('interactions.csv'), `${report}\n`);
    const out = file(name);
    const r = cliWith(env, '--format', 'csv', '--out', out, file('interactions.csv'));
    expect(r.status, r.stderr).toBe(0);
    const wide = readFileSync(join(out, 'wide.csv'), 'utf8');
    expect(wide).not.toContain('jane');
    return [...new Set(wide.match(/lms-[0-9a-f]{16}/g))];
  };

  it('LMS_ID_SALT gives the same ids run after run; without it each run has its own', () => {
    const first = idsIn({ LMS_ID_SALT: 'agency-2026' }, 'salted-1');
    expect(first).toHaveLength(1);
    expect(idsIn({ LMS_ID_SALT: 'agency-2026' }, 'salted-2')).toEqual(first);
    expect(idsIn({ LMS_ID_SALT: 'another' }, 'salted-3')).not.toEqual(first);
    const unsalted = idsIn({ LMS_ID_SALT: '' }, 'random-1');
    expect(unsalted).toHaveLength(1);
    expect(idsIn({ LMS_ID_SALT: '' }, 'random-2')).not.toEqual(unsalted);
  });

  it('--help names the environment variables', () => {
    expect(cli('--help').stdout).toMatch(/LMS_ID_SALT/);
  });
});
