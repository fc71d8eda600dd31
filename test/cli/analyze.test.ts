// Runs the CLI as a user would: `npm run analyze`, which starts the bundle (test/cli/bundled-cli.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { instrumentFingerprint } from '../../src/lib/instrument/fingerprint.ts';
import { shippedInstrument, tinyInstrument } from '../fixtures/instruments.ts';
import { code, makeRecord } from '../fixtures/evaluator/records.ts';
import { bundledCli, bundledEntry } from './bundled-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = bundledCli();
const inst0 = shippedInstrument();
let dir = '';

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
  const inst = shippedInstrument();
  const resp = (i: number, shift: number) => Object.fromEntries(inst.items.map((it, j) => [it.id, 1 + ((i * 3 + j + shift) % 5)]));
  // One file per learner, as downloaded: [pre, post].
  for (let i = 0; i < 8; i++) {
    writeFileSync(
      file(`learner-${i}.json`),
      JSON.stringify(
        [
          makeRecord(inst, { participant: code(i), responses: resp(i, 0) }),
          makeRecord(inst, { participant: code(i), timepoint: 'post', responses: resp(i, i % 2) }),
        ],
        null,
        2,
      ),
    );
  }
  // A partly bad batch: one good pre-only record, one damaged record.
  writeFileSync(
    file('partly-bad.json'),
    JSON.stringify([
      makeRecord(inst, { participant: code(20), responses: resp(20, 0) }),
      { ...makeRecord(inst, { participant: code(21) }), responses: { 'att-12-helpful': 'four' } },
    ]),
  );
  writeFileSync(file('truncated.json'), JSON.stringify([makeRecord(inst, { participant: code(22) })]).slice(0, 200));
  writeFileSync(
    file('long.csv'),
    `participant,timepoint,item,value,instrument,instrument_version\r\n${code(30)},pre,att-12-helpful,4,msg-attitudes,${inst.version}\r\n${code(30)},pre,att-12-harm,9,msg-attitudes,${inst.version}\r\n`,
  );
  writeFileSync(
    file('v2.json'),
    JSON.stringify(makeRecord(inst, { participant: code(40), instrument: { id: inst.id, version: '9.9.9', hash: 'e'.repeat(64) } })),
  );
  const tiny = tinyInstrument();
  writeFileSync(file('tiny.yaml'), stringify(tiny));
  mkdirSync(file('tinydir'));
  writeFileSync(
    join(file('tinydir'), 'tiny.json'),
    JSON.stringify([
      makeRecord(tiny, { participant: 'MA-07-SA-2', responses: { a: 2, b: 4, c: 2, d: 4, e: 2, f: 2, g: 2 } }),
      makeRecord(tiny, { participant: 'MA-07-SA-2', timepoint: 'post', responses: { a: 4, b: 2, c: 4, d: 2, e: 4, f: 4, g: 4 } }),
    ]),
  );
  expect(instrumentFingerprint(tiny)).toMatch(/^[0-9a-f]{64}$/);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run analyze', { timeout: 60_000 }, () => {
  it('--format json writes one report object to stdout and nothing else; messages go to stderr', () => {
    const learners = Array.from({ length: 8 }, (_, i) => file(`learner-${i}.json`));
    const r = cli('--format', 'json', ...learners, file('long.csv'));
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.meta.instrument).toMatchObject({ id: 'msg-attitudes', hash: instrumentFingerprint(shippedInstrument()) });
    expect(report.sampleFlow).toMatchObject({ files: 9, imported: 17, matched: 8, preOnly: 1, postOnly: 0 });
    expect(report.scales.map((s: { id: string }) => s.id)).toEqual(shippedInstrument().scales.map((s) => s.id));
    expect(report.scales[0].n).toBe(8);
    expect(report.problems).toEqual([expect.objectContaining({ file: file('long.csv'), line: 3, severity: 'error' })]);
    expect(r.stderr).toMatch(/Matched 8 pairs/);
    expect(r.stderr).toContain(`${file('long.csv')}:3: error:`);
  });

  it('a partly bad batch (a file refused whole among them) exits 3, lists the problems on stderr and in the report', () => {
    const r = cli(
      '--instrument',
      join(ROOT, 'content/instruments/msg-attitudes-1.0.0.yaml'),
      file('learner-0.json'),
      file('partly-bad.json'),
      file('truncated.json'),
      file('v2.json'),
    );
    expect(r.status).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.sampleFlow).toMatchObject({ recordsRead: 5, imported: 3, rejected: 1, otherInstrument: 1, matched: 1, preOnly: 1 });
    expect(report.meta.otherInstruments).toEqual([expect.objectContaining({ version: '9.9.9', count: 1 })]);
    const where = report.problems.map((p: { file: string; record?: number }) => `${p.file.split('/').pop()}#${p.record ?? ''}`);
    expect(where).toEqual(['partly-bad.json#2', 'truncated.json#', 'v2.json#1']);
    expect(r.stderr).toMatch(/partly-bad\.json record 2: error: this record is damaged/);
    expect(r.stderr).toMatch(/truncated\.json: error: this file is not complete/);
  });

  it('a file read whose every row is an error gave no record: exit 3, said on the last line and in the sample flow', () => {
    const bad = file('all-rows-bad.csv');
    writeFileSync(
      bad,
      `participant,timepoint,item,value,instrument,instrument_version\r\n${code(31)},during,att-12-helpful,4,msg-attitudes,${inst0.version}\r\n`,
    );
    const r = cli('--format', 'json', file('learner-0.json'), bad);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /the report was written from part of the input: 1 input gave no record: every record or row in it was an error \(listed above\)\. Exit status 3\.\n$/,
    );
    expect(JSON.parse(r.stdout).sampleFlow.excluded).toContainEqual({ reason: expect.stringMatching(/^file read that gave no record/), count: 1 });
    // Records of another questionnaire kept apart beside a damaged one: kept, not lost, so not a file that gave nothing.
    const kept = file('kept-apart.json');
    writeFileSync(kept, `[${readFileSync(file('v2.json'), 'utf8')}, {"not": "a record"}]`);
    const keptRun = cli('--format', 'json', file('learner-0.json'), kept);
    expect(keptRun.status, keptRun.stderr).toBe(0);
    expect(JSON.parse(keptRun.stdout).sampleFlow.excluded).not.toContainEqual(
      expect.objectContaining({ reason: expect.stringMatching(/^file read that gave no record/) }),
    );
    // Only copies of records read before: nothing is lost, so the report stands for every input.
    writeFileSync(file('learner-0-copy.json'), readFileSync(file('learner-0.json')));
    const copies = cli('--format', 'json', file('learner-0.json'), file('learner-0-copy.json'));
    expect(copies.status, copies.stderr).toBe(0);
    expect(JSON.parse(copies.stdout).sampleFlow.identicalCopies).toBeGreaterThan(0);
  });

  it("a directory's spreadsheet is named with what to do; its other entries not read are listed in one warning", () => {
    const folder = file('mixed-folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'learner-0.json'), readFileSync(file('learner-0.json')));
    writeFileSync(join(folder, 'results.xlsx'), Buffer.from('PK\u0003\u0004rest of a workbook'));
    writeFileSync(join(folder, 'notes.pdf'), '%PDF-1.7');
    writeFileSync(join(folder, '.DS_Store'), '');
    const r = cli('--format', 'json', folder);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/results\.xlsx: error: this file is a ZIP archive \(as an Excel workbook, \.xlsx, is\).*save the sheet as "CSV UTF-8"/);
    expect(r.stderr).toMatch(/warning: directory .*mixed-folder: 1 entry was not read, as only \.json, .* are .*: notes\.pdf\n/);
    expect(r.stderr).not.toMatch(/DS_Store/);
  });

  it('reads a directory, takes --instrument, and applies --fuzzy', () => {
    const r = cli('--instrument', file('tiny.yaml'), '--fuzzy', file('tinydir'));
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.meta).toMatchObject({ instrument: { id: 'tiny' }, options: { fuzzy: true } });
    expect(report.scales[0]).toMatchObject({ id: 'five', n: 1 });
    expect(report.scales[0].difference.mean).toBe(2);
  });

  it('--format csv writes every export into --out; --format html writes a report file', () => {
    const out = file('csv-out');
    // The directory holds two questionnaires: the one most records name is analysed, the other kept apart.
    const r = cli('--format', 'json', dir);
    expect(r.status, r.stderr).toBe(3); // truncated.json is refused

    expect(r.stderr).toMatch(
      /more than one questionnaire or version: msg-attitudes 1\.0\.0 \(18\), msg-attitudes 9\.9\.9 \(1\)\. Analysing msg-attitudes 1\.0\.0.*--instrument/,
    );
    expect(r.stderr).toMatch(/1 kept apart \(other questionnaire\)/);
    expect(JSON.parse(r.stdout).meta.instrument.id).toBe('msg-attitudes');
    const ok = cli('--format', 'csv', '--out', out, file('learner-0.json'), file('learner-1.json'));
    expect(ok.status, ok.stderr).toBe(0);
    // Every export of the report (the list grows with the report's sections; these are always there).
    const written = readdirSync(out).sort();
    expect(written).toEqual(
      expect.arrayContaining([
        'attrition.csv',
        'attrition_followup.csv',
        'codebook.csv',
        'codebook.md',
        'familiarity.csv',
        'followup.csv',
        'gap.csv',
        'items.csv',
        'knowledge.csv',
        'knowledge_questions.csv',
        'problems.csv',
        'report.json',
        'responses_long.csv',
        'sample_flow.csv',
        'scale_scores.csv',
        'scales.csv',
        'sources.csv',
        'subgroup_tests.csv',
        'subgroups.csv',
        'then_test.csv',
        'wide.csv',
      ]),
    );
    for (const name of written) expect(name).toMatch(/^[a-z_]+\.(csv|md|json)$/);
    expect(ok.stderr).toContain(`Wrote ${written.length} files to ${out}`);
    expect(readFileSync(join(out, 'wide.csv'), 'utf8')).toMatch(/^participant,participant_post,module,cohort,status,att_12_helpful_pre,/);
    expect(ok.stdout).toBe('');
    const html = file('report.html');
    const h = cli('--format', 'html', '--out', html, file('learner-0.json'));
    expect(h.status).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
  });

  it('exit status: 0 when every input was read (records set aside within files included), 3 when the report comes from part of the input, 1 when nothing could be analysed; the report is written each time', () => {
    const instrument = ['--instrument', join(ROOT, 'content/instruments/msg-attitudes-1.0.0.yaml')];
    // Records and values set aside within files: every file was read.
    const within = cli(...instrument, file('learner-0.json'), file('partly-bad.json'), file('v2.json'), file('long.csv'));
    expect(within.status, within.stderr).toBe(0);
    expect(within.stderr).not.toMatch(/Exit status/);
    // A file refused whole (not complete, not a results file, not a regular file): the others make the report.
    writeFileSync(file('notes.txt'), 'Remember to ask about the follow-up.\n');
    const out = file('partial-out');
    const partial = cli(...instrument, '--format', 'csv', '--out', out, file('learner-0.json'), file('truncated.json'), file('notes.txt'), file('tinydir'));
    expect(partial.status, partial.stderr).toBe(3);
    expect(partial.stderr).toMatch(
      /analyze: the report was written from part of the input: 2 of 4 inputs could not be read or were refused whole \(listed above\)\. Exit status 3\.\n$/,
    );
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).sampleFlow).toMatchObject({ imported: 2, matched: 1 });
    // Nothing imported: the report still lists why, and the status says nothing was analysed.
    const nothing = cli(...instrument, file('truncated.json'), file('notes.txt'));
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toMatch(
      /analyze: nothing to analyse: no record was imported from the 2 inputs \(the problems above say why\); the report written lists them\. Exit status 1\.\n$/,
    );
    expect(JSON.parse(nothing.stdout).problems).toHaveLength(2);
  });

  it('bad arguments exit 2 with a message', () => {
    for (const args of [['--format', 'xml', file('learner-0.json')], ['--bogus', file('learner-0.json')], [], ['--format', 'csv', file('learner-0.json')]]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^analyze: /);
      expect(r.stdout).toBe('');
    }
  });

  it('an unreadable file or questionnaire exits 1 with a message', () => {
    const missing = cli(file('learner-0.json'), file('nope.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json: no such file/);
    expect(missing.stdout).toBe('');
    const badInstrument = cli('--instrument', file('long.csv'), file('learner-0.json'));
    expect(badInstrument.status).toBe(1);
    expect(badInstrument.stderr).toMatch(/questionnaire file is not valid/);
    const unknown = cli(file('v2.json'));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/"msg-attitudes" version 9\.9\.9 is not in .*--instrument/);
  });

  it('reads CSV files saved as Windows-1252 (with a warning) or UTF-16 (with a warning when it has no byte order mark), keeping accented names', () => {
    const folder = file('encodings');
    mkdirSync(folder);
    const inst = shippedInstrument();
    const csv = (who: string) =>
      `participant,timepoint,item,value,cohort,instrument,instrument_version\n${inst.items
        .slice(0, 3)
        .flatMap((it) => ['pre', 'post'].map((tp) => `${who},${tp},${it.id},${tp === 'pre' ? 2 : 4},Équipe été,msg-attitudes,1.0.0`))
        .join('\n')}\n`;
    writeFileSync(join(folder, 'excel.csv'), Buffer.from(csv(code(500)), 'latin1'));
    writeFileSync(join(folder, 'unicode.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(code(501)), 'utf16le')]));
    // In ASCII only: read as UTF-8 it is valid but for a NUL beside every character.
    writeFileSync(join(folder, 'unicode-no-mark.csv'), Buffer.from(csv(code(503)).replaceAll('Équipe été', 'Equipe ete'), 'utf16le'));
    // Over 1 MB: read in the background while the library loads, and decoded by the same rule.
    writeFileSync(join(folder, 'excel-big.csv'), Buffer.from(csv(code(502)) + ',,,,,,\n'.repeat(160_000), 'latin1')); // a spreadsheet's empty rows
    expect(statSync(join(folder, 'excel-big.csv')).size).toBeGreaterThan(1024 * 1024);
    const out = join(folder, 'out');
    const r = cli(
      '--format',
      'csv',
      '--out',
      out,
      join(folder, 'excel.csv'),
      join(folder, 'unicode.csv'),
      join(folder, 'excel-big.csv'),
      join(folder, 'unicode-no-mark.csv'),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/excel\.csv: warning: this file is not UTF-8, so it was read as Windows-1252/);
    expect(r.stderr).toMatch(/excel-big\.csv: warning: this file is not UTF-8, so it was read as Windows-1252/);
    expect(r.stderr).not.toMatch(/unicode\.csv: (warning|error)/);
    expect(r.stderr).toMatch(/unicode-no-mark\.csv: warning: this file has no byte order mark, but its bytes are those of UTF-16 \(little-endian\)/);
    const wide = readFileSync(join(out, 'wide.csv'), 'utf8');
    expect(wide.match(/Équipe été/g)).toHaveLength(3);
    expect(wide.match(/Equipe ete/g)).toHaveLength(1); // one row per person, one person of the questionnaire from each file
    expect(wide).not.toContain('\uFFFD');
    rmSync(folder, { recursive: true });
  });

  /**
   * A folder of 30 learners' result files (one record each) on 1.0.0, and a long CSV of 10 people on
   * `questionnaire` `version`: more rows than there are records of 1.0.0, fewer records.
   */
  function filesAgainstLongCsv(name: string, questionnaire: string, version: string): string {
    const inst = shippedInstrument(); // 1.0.0
    const folder = file(name);
    mkdirSync(folder);
    for (let i = 0; i < 30; i++) writeFileSync(join(folder, `learner-${i}.json`), JSON.stringify([makeRecord(inst, { participant: code(200 + i) })]));
    const lines = Array.from({ length: 10 }, (_, p) => inst.items.map((it) => `${code(300 + p)},pre,${it.id},3,${questionnaire},${version}`).join('\n'));
    writeFileSync(join(folder, 'long.csv'), `participant,timepoint,item,value,instrument,instrument_version\n${lines.join('\n')}\n`);
    return folder;
  }

  it('analyses the questionnaire most records name, not most rows: result files against a long CSV of another version', () => {
    const folder = filesAgainstLongCsv('records-not-rows', 'msg-attitudes', '1.1.0');
    const r = cli('--format', 'json', folder);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('msg-attitudes 1.0.0 (30), msg-attitudes 1.1.0 (10). Analysing msg-attitudes 1.0.0, which most records name');
    expect(JSON.parse(r.stdout).meta.instrument.version).toBe(shippedInstrument().version);
    rmSync(folder, { recursive: true });
  });

  it('counts records even when most rows name a questionnaire that is not shipped', () => {
    const folder = filesAgainstLongCsv('unshipped-rows', 'elsewhere', '2.0.0');
    const r = cli('--format', 'json', folder);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('msg-attitudes 1.0.0 (30), elsewhere 2.0.0 (10). Analysing msg-attitudes 1.0.0, which most records name');
    rmSync(folder, { recursive: true });
  });

  it('analyses the questionnaire most records of a long CSV name, when its first megabyte names another', () => {
    const inst = shippedInstrument();
    const rows = (from: number, people: number, version: string, id = 'msg-attitudes') =>
      Array.from({ length: people }, (_, p) => inst.items.map((it, j) => `${code(from + p)},pre,${it.id},${1 + ((p + j) % 5)},${id},${version}`).join('\n'));
    // Some 1.4 MB of rows naming 1.1.0 (or a questionnaire not shipped), then more rows naming 1.0.0.
    const csv = (firstId: string, firstVersion: string) =>
      `participant,timepoint,item,value,instrument,instrument_version\n${rows(0, 700, firstVersion, firstId).join('\n')}\n${rows(1000, 900, '1.0.0').join('\n')}\n`;
    writeFileSync(file('versions.csv'), csv('msg-attitudes', '1.1.0'));
    const r = cli('--format', 'json', file('versions.csv'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('more than one questionnaire or version: msg-attitudes 1.0.0 (900), msg-attitudes 1.1.0 (700). Analysing msg-attitudes 1.0.0');
    const report = JSON.parse(r.stdout);
    expect(report.meta.instrument.version).toBe('1.0.0');
    const given = cli('--format', 'json', '--instrument', join(ROOT, 'content/instruments/msg-attitudes-1.0.0.yaml'), file('versions.csv'));
    const same = (text: string) => ({ ...JSON.parse(text), meta: { ...JSON.parse(text).meta, generatedAt: '' } });
    expect(same(r.stdout)).toEqual(same(given.stdout));

    writeFileSync(file('unshipped-first.csv'), csv('elsewhere', '2.0.0'));
    const u = cli('--format', 'json', file('unshipped-first.csv'));
    expect(u.status, u.stderr).toBe(0);
    expect(u.stderr).toContain('elsewhere 2.0.0 (700). Analysing msg-attitudes 1.0.0');
    rmSync(file('versions.csv'));
    rmSync(file('unshipped-first.csv'));
  });

  it('reports on a large long CSV read in pieces (no quote, no carriage return) as on the same rows read whole', () => {
    const inst = shippedInstrument();
    const demo = inst.demographics[0]!;
    const lines = ['participant,timepoint,item,value,cohort,module,instrument,instrument_version'];
    for (let p = 0; p < 1500; p++) {
      for (const tp of ['pre', 'post']) {
        lines.push(`${code(p)},${tp},demo:${demo.id},${demo.options[p % demo.options.length]!.value},spring,m,msg-attitudes,1.0.0`);
        inst.items.forEach((it, j) => lines.push(`${code(p)},${tp},${it.id},${1 + ((p + j + (tp === 'post' ? 1 : 0)) % 5)},spring,m,msg-attitudes,1.0.0`));
      }
      if (p % 400 === 7) lines.push(`${code(p)},pre,att-unknown,3,spring,m,msg-attitudes,1.0.0`, 'K016,pre', 'Zoë,later,x,1');
    }
    const text = `${lines.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    mkdirSync(file('pieces'));
    mkdirSync(file('whole'));
    writeFileSync(file('pieces/big.csv'), text);
    writeFileSync(file('whole/big.csv'), text.replaceAll('\n', '\r\n')); // CRLF: read whole
    const [inPieces, whole] = ['pieces', 'whole'].map((d) => cli('--format', 'json', file(`${d}/big.csv`)));
    expect(inPieces!.status, inPieces!.stderr).toBe(0);
    const same = (text: string, d: string) => JSON.parse(text.replaceAll(file(d), 'DIR'), (key, value) => (key === 'generatedAt' ? undefined : value));
    const report = same(inPieces!.stdout, 'pieces');
    expect(report.meta.import.imported).toBe(3000);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report).toStrictEqual(same(whole!.stdout, 'whole'));
    expect(inPieces!.stderr.replaceAll(file('pieces'), 'DIR')).toBe(whole!.stderr.replaceAll(file('whole'), 'DIR'));
    rmSync(file('pieces'), { recursive: true });
    rmSync(file('whole'), { recursive: true });
  });

  it('stops with status 1, naming the file and writing nothing, when a large CSV changes between its readings', () => {
    const items = shippedInstrument().items;
    const rows = Array.from({ length: 40_000 }, (_, p) => `${code(p)},pre,${items[p % 10]!.id},3`);
    const text = `participant,timepoint,item,value\n${rows.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(1024 * 1024);
    writeFileSync(file('changing.csv'), text);
    const preload = resolve(ROOT, 'test/fixtures/cli/change-file-between-readings.mjs');
    const res = spawnSync(process.execPath, ['--import', preload, bundledEntry(), '--format', 'json', '--out', file('changing.json'), file('changing.csv')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, CHANGE_FILE: file('changing.csv') },
    });
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toContain(`analyze: ${file('changing.csv')} changed while it was being read; run the analysis again once nothing writes to it`);
    expect(readdirSync(dir)).not.toContain('changing.json');
    // The same file, unchanged since, is analysed.
    const again = cli('--format', 'json', '--out', file('changing.json'), file('changing.csv'));
    expect(again.status, again.stderr).toBe(0);
    rmSync(file('changing.csv'));
    rmSync(file('changing.json'));
  });
});
