// `npm run analyze` on a folder holding every hostile input (test/fixtures/hostile/cases.ts) next to valid
// files, in one run: the report is written, every bad file is named with its record or line and what is
// wrong, the valid files are analysed (knowledge questions scored against content/knowledge/), and no
// escape sequence from a file reaches the terminal.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBanks } from '../../src/lib/import/knowledge-files.ts';
import { printable } from '../../src/lib/import/limits.ts';
import { signRecord } from '../../src/lib/records/sign.ts';
import type { ResultRecord, UnsignedRecord } from '../../src/lib/records/result-record.ts';
import { shippedInstrument } from '../fixtures/instruments.ts';
import { hostileCases, validFile, validRecords } from '../fixtures/hostile/cases.ts';
import { bundledCli } from './bundled-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = bundledCli();
const ESCAPED_NAME = 'esc-\u001b[31mred\u001b]0;title\u0007.csv';
// Anything a terminal would act on: C0 controls but tab and line feed, DEL, C1 controls, bidi overrides.
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
let dir = '';

const unsigned = ({ checksum: _, ...rest }: ResultRecord): UnsignedRecord => rest;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'analyze-hostile-'));
  const inst = shippedInstrument();
  writeFileSync(join(dir, validFile(inst).name), validFile(inst).text);
  for (const c of hostileCases) {
    const made = c.make(inst);
    if (made.bytes !== undefined) {
      // Over the size limit: a sparse file, so the test writes no 100 MB.
      const fd = openSync(join(dir, c.name), 'w');
      closeSync(fd);
      spawnSync('truncate', ['-s', String(made.bytes), join(dir, c.name)]);
    } else writeFileSync(join(dir, c.name), made.text);
  }
  // A name with escape sequences (red text, window title), and a folder whose name ends in .json.
  writeFileSync(join(dir, ESCAPED_NAME), `participant,timepoint,item,value,instrument,instrument_version\nMA-07-SA-2,pre,zz,1,${inst.id},${inst.version}\n`);
  mkdirSync(join(dir, 'folder.json'));
  // A learner with knowledge answers (format 2) before and after: scored against content/knowledge/.
  const bank = loadKnowledgeBanks(join(ROOT, 'content')).banks.find((b) => b.moduleId === 'mutual-support-basics')!;
  const answers = (correct: number) => Object.fromEntries(bank.questions.map((q, i) => [q.id, i < correct ? q.options.findIndex((o) => o.correct) : null]));
  const [pre, post] = validRecords(inst, 'KN-03-OW-1');
  const knowledge = (r: ResultRecord, correct: number) =>
    signRecord({ ...unsigned(r), modules: ['mutual-support-basics'], knowledge: answers(correct), knowledgeHashes: { 'mutual-support-basics': bank.hash } });
  writeFileSync(join(dir, 'knowledge-learner.json'), JSON.stringify([knowledge(pre!, 2), knowledge(post!, 6)]));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run analyze on hostile inputs', { timeout: 120_000 }, () => {
  it('writes the report, names every bad file with what is wrong, analyses the valid ones, and prints no escape sequence', () => {
    const res = spawnSync(process.execPath, [...CLI, '--format', 'json', dir], { cwd: ROOT, encoding: 'utf8', timeout: 110_000, maxBuffer: 64 * 2 ** 20 });
    // Written from the valid files: some inputs were refused whole.
    expect(res.status, res.stderr).toBe(3);
    expect(res.stderr).toMatch(/analyze: the report was written from part of the input: [\d,]+ of [\d,]+ inputs could not be read or were refused whole/);
    const report = JSON.parse(res.stdout);
    type Problem = { file: string; line?: number; record?: number; severity: string; message: string; count?: number };
    const problems = (report.problems as Problem[]).map((p) => ({ ...p, file: p.file.slice(dir.length + 1) }));

    for (const c of hostileCases) {
      const got = problems.filter((p) => p.file === c.name && !/^identical copy/.test(p.message));
      expect(
        got.map((p) => p.message.slice(0, 200)),
        c.name,
      ).toHaveLength(c.problems.length);
      c.problems.forEach((want, i) => {
        expect(got[i], c.name).toMatchObject({ severity: want.severity, message: expect.stringMatching(want.message) });
        expect([got[i]!.line, got[i]!.record, got[i]!.count], c.name).toEqual([want.line, want.record, want.count]);
      });
    }
    expect(problems.find((p) => p.file === 'folder.json')).toMatchObject({
      severity: 'error',
      message: 'this file could not be read (not a regular file); nothing imported',
    });
    expect(problems.find((p) => p.file === ESCAPED_NAME)).toMatchObject({ line: 2, message: expect.stringMatching(/^unknown item "zz"/) });
    expect(problems.filter((p) => p.file === 'valid-learner.json' || p.file === 'knowledge-learner.json')).toEqual([]);

    // The valid learners are analysed: matched, scored, and their knowledge answers scored.
    // The valid and the knowledge learner's 2 records each, and what each case imports next to the valid file,
    // less the valid file's records where a case holds them too (an identical copy: counted once). The file
    // named with escape sequences gives none: its only row is set aside.
    const records = report.sampleFlow.imported as number;
    expect(report.sampleFlow.identicalCopies).toBe(1);
    expect(records).toBe(4 + hostileCases.reduce((n, c) => n + c.imported, 0) - report.sampleFlow.identicalCopies);
    expect(report.scales[0].n).toBeGreaterThanOrEqual(2);
    const knowledge = report.knowledge.find((k: { module: string }) => k.module === 'mutual-support-basics');
    expect(report.knowledge.map((k: { module: string }) => k.module)).toEqual([
      'mutual-support-basics',
      'knowing-the-landscape',
      'referrals-that-work',
      'lived-experience-and-peers',
    ]);
    expect(knowledge).toMatchObject({ n: 1, questions: 8, pre: { mean: 25 }, post: { mean: 75 } });

    // stderr: the summary, every bad file named (escape sequences shown, not sent), nothing raw.
    expect(res.stderr).toMatch(/^Questionnaire msg-attitudes 1\.0\.0\. Read \d+ files/);
    for (const c of hostileCases.filter((x) => x.problems.length)) expect(res.stderr, c.name).toContain(`${dir}/${c.name}`);
    expect(res.stderr).toContain(`${dir}/${printable(ESCAPED_NAME)}:2: error: unknown item "zz"`);
    expect(res.stderr).toContain('\\x1b[31mred\\x1b]0;title\\x07.csv');
    expect(res.stderr).toMatch(/empty-objects-50mb\.json: error: this file was not read: it holds more than 200,000 entries/);
    expect(res.stderr).toMatch(/many-bad-rows\.csv:2: error: 20,000 rows: the participant code is not a valid code/);
    expect(res.stderr).not.toMatch(RAW_CONTROL);
    expect(res.stderr).not.toMatch(/Maximum call stack|unexpected error|heap/i);
    expect(res.stdout).not.toMatch(RAW_CONTROL);
    expect(res.stderr.split('\n').length).toBeLessThan(60);
  });
});
