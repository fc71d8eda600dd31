// npm run bench [-- library cli lrs]: times the evaluator on synthetic data (not a test). Without names,
// every part runs:
//   library  10,000 participants × pre and post × every item of content/instruments/msg-attitudes-1.0.0.yaml,
//            as result records (one JSON file per learner, as downloaded) and as one long CSV: import +
//            analysis in the library (median and minimum of several runs, plus CPU time: the machine is
//            shared, so the minimum is the fairest figure).
//   cli      the bundled CLI (tools/build-cli.mjs) end to end on the same files, with its peak memory; the
//            TypeScript source on the CSV for comparison; and, when Rscript is on PATH, R reading, scoring
//            and testing the same CSV (tools/bench-r.R), run in turn with the CLI, and the ratio pair by pair.
//   lrs      100,000 learners (200,000 records) as xAPI statement pages served by a local endpoint that
//            follows the xAPI statement resource (`more` paging, X-Experience-API-Version, Basic auth),
//            read by `analyze --lrs`: time and the CLI's peak memory (target: under 10 s and 1 GB).
// BENCH_PEOPLE, BENCH_LRS_PEOPLE and BENCH_RUNS change the sizes and runs; BENCH_R=off leaves R out.
import { spawn, spawnSync } from 'node:child_process';
import { hash as digest } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDataset } from '../lib/analysis/dataset.ts';
import { analyzeDataset } from '../lib/analysis/report.ts';
import { instrumentFingerprint } from '../lib/instrument/fingerprint.ts';
import { parseInstrument } from '../lib/instrument/load.ts';
import type { Instrument } from '../lib/instrument/schema.ts';
import { importFiles } from '../lib/import/import.ts';
import type { ImportFile } from '../lib/import/import-types.ts';
import { PAGE_LIMIT } from '../lib/import/lrs-paging.ts';
import { checksumInput, type ResultRecord } from '../lib/records/result-record.ts';
import { SUBMITTED_VERB } from '../lib/records/xapi-vocabulary.ts';
import { recordStatement } from '../lib/scorm-cmi5/cmi5-statements.ts';
import { seededRandom } from '../lib/util/random.ts';
import { madeUpRecord } from './made-up-record.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const LRS_PEOPLE = Number(process.env.BENCH_LRS_PEOPLE ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PARTS = ['library', 'cli', 'lrs'] as const;

// Node's one-shot hash: the CLI's checksum function (the browser uses @noble/hashes).
const nodeSha256 = (text: string) => digest('sha256', text, 'hex');
const count = (n: number) => n.toLocaleString('en');

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
function code(i: number): string {
  const a = i % 676;
  const day = (Math.floor(i / 676) % 28) + 1;
  const b = Math.floor(i / (676 * 28)) % 676;
  return `${LETTERS[Math.floor(a / 26)]}${LETTERS[a % 26]}-${String(day).padStart(2, '0')}-${LETTERS[Math.floor(b / 26)]}${LETTERS[b % 26]}-${i % 10}`;
}

/** Each learner's signed pre and post records, with a trait and a change, 3 % of answers missing. */
export function* learners(instrument: Instrument, hash: string, people: number): Generator<ResultRecord[]> {
  const rand = seededRandom(42);
  for (let i = 0; i < people; i++) {
    const participant = code(i);
    const trait = rand() * 2 - 1;
    const demographics = Object.fromEntries(instrument.demographics.map((d) => [d.id, d.options[Math.floor(rand() * d.options.length)]!.value]));
    const pair: ResultRecord[] = [];
    for (const timepoint of ['pre', 'post'] as const) {
      const shift = timepoint === 'post' ? 0.4 : 0;
      const responses: Record<string, number | null> = {};
      for (const item of instrument.items) {
        if (rand() < 0.03) {
          responses[item.id] = null;
          continue;
        }
        const latent = 3 + trait + (item.reverse ? -shift : shift) + (rand() - 0.5) * 2;
        responses[item.id] = Math.min(5, Math.max(1, Math.round(item.reverse ? 6 - latent : latent)));
      }
      const unsigned = madeUpRecord({
        appVersion: '0.1.0',
        attemptId: `attempt-${i}`,
        module: 'mutual-support-basics',
        instrument: { id: instrument.id, version: instrument.version, hash },
        participant,
        timepoint,
        day: '2026-11-26',
        at: timepoint === 'pre' ? '10:00' : '10:30',
        responses,
        demographics,
      });
      // signRecord's checksum, with node:crypto's SHA-256 (quicker for a cohort of 100,000).
      pair.push({ ...unsigned, checksum: nodeSha256(checksumInput(unsigned)) });
    }
    yield pair;
  }
}

/** The same learners as result records (one file each) and as one long CSV with `demo:` rows. */
export function generate(instrument: Instrument, hash: string, people: number): { records: ResultRecord[][]; csv: string } {
  const records: ResultRecord[][] = [];
  const csvLines = ['participant,timepoint,item,value,cohort,module,instrument,instrument_version'];
  for (const pair of learners(instrument, hash, people)) {
    records.push(pair);
    for (const r of pair) {
      const tail = `,,${r.module},${instrument.id},${instrument.version}`;
      for (const [item, v] of Object.entries(r.responses)) csvLines.push(`${r.participant},${r.timepoint},${item},${v ?? ''}${tail}`);
      if (r.timepoint === 'pre') for (const [id, v] of Object.entries(r.demographics)) csvLines.push(`${r.participant},${r.timepoint},demo:${id},${v}${tail}`);
    }
  }
  return { records, csv: csvLines.join('\n') + '\n' };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Full garbage collection when node runs with --expose-gc (npm run bench does), so each run starts from a clean heap. */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/**
 * Median wall time and median CPU time (user + system, this process) of RUNS runs after one warm-up.
 * Each run starts after a full garbage collection: otherwise a run pays for the garbage earlier runs
 * left behind, and the figures depend on the order of the measurements.
 */
function time(label: string, fn: () => void): number {
  fn(); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    collectGarbage();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  console.log(
    `${label.padEnd(56)} median ${median(wall).toFixed(0).padStart(5)} ms wall (min ${Math.min(...wall)
      .toFixed(0)
      .padStart(5)}), CPU ${median(cpu).toFixed(0).padStart(5)} ms  [runs: ${wall.map((t) => t.toFixed(0)).join(', ')}]`,
  );
  return median(wall);
}

// ---- child processes: wall time, and a Node child's peak memory (reported by the child itself) ----

/**
 * Loaded into a Node child with --import: prints its peak resident memory (KiB) and CPU time (user and
 * system, seconds) as it exits. A child started from a snapshot loads no --import: GNU time, where there is
 * one, prints the same figures for it.
 */
const CHILD_HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nbench-child '+u.maxRSS+' '+u.userCPUTime/1e6+' '+u.systemCPUTime/1e6+'\\n')})`;
const CHILD_LINE = /\nbench-child (\d+) ([\d.]+) ([\d.]+)\n/;
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = () => spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;

interface ChildRun {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
  peakMb: number | null;
  cpuMs: number | null;
}

/** Runs a command to its end without blocking this process (the LRS endpoint answers from here meanwhile). */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<ChildRun> {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => {
      const ms = performance.now() - t0;
      const figures = CHILD_LINE.exec(stderr);
      done({
        ms,
        status,
        stdout,
        stderr: stderr.replace(CHILD_LINE, ''),
        peakMb: figures ? Number(figures[1]) / 1024 : null,
        cpuMs: figures ? (Number(figures[2]) + Number(figures[3])) * 1000 : null,
      });
    });
  });
}

/**
 * Node's options for the CLI, as `npm run analyze` gives them (package.json's script; test/cli/bench.test.ts
 * checks that the two agree): a young generation of at most 16 MB a half, where Node 24 lets it grow to
 * 64 MB. The CLI keeps most of what it reads, and copying that through a larger young generation cost time
 * and memory: on the 730,000-row long CSV, 10 % less wall time and a quarter less peak memory.
 */
export const CLI_NODE_OPTIONS = ['--max-semi-space-size=16'];

let gnuTime: boolean | undefined;
/** A Node child with its peak memory and CPU time reported (by the child, or by GNU time for one started from a snapshot). */
function runNode(args: string[], env?: Record<string, string>): Promise<ChildRun> {
  if (!args.includes('--snapshot-blob')) return run(process.execPath, ['--import', CHILD_HOOK, ...args], env);
  gnuTime ??= hasGnuTime();
  return gnuTime ? run(GNU_TIME, ['-f', '\nbench-child %M %U %S', process.execPath, ...args], env) : run(process.execPath, args, env);
}

const ms = (xs: number[]) => `median ${median(xs).toFixed(0).padStart(6)} ms`;
/** CPU time and peak memory of Node children (median of the runs). */
const usage = (results: ChildRun[]) =>
  results.every((x) => x.peakMb !== null)
    ? `, CPU ${median(results.map((x) => x.cpuMs!))
        .toFixed(0)
        .padStart(5)} ms, peak memory ${median(results.map((x) => x.peakMb!))
        .toFixed(0)
        .padStart(4)} MB`
    : '';
const runsOf = (xs: number[]) => `(runs: ${xs.map((t) => t.toFixed(0)).join(', ')})`;

/** The Node arguments that start the bundled CLI (its snapshot, or its entry), built first if a source changed (tools/build-cli.mjs); the CLI tests start it so too. */
export function buildBundledCli(): string[] {
  const res = spawnSync(process.execPath, [join(ROOT, 'tools/build-cli.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0) throw new Error(`tools/build-cli.mjs failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout) as string[];
}

/** The Node arguments that start the bundled CLI (from its snapshot where there is one), with the time it took to be ready. */
function bundledCli(): string[] {
  const t0 = performance.now();
  const start = buildBundledCli();
  const shown = start.map((a) => a.replace(`${ROOT}/`, '')).join(' ');
  console.log(`(bundled CLI \`node ${shown}\` ready in ${(performance.now() - t0).toFixed(0)} ms)`);
  return start;
}

const hasRscript = () => spawnSync('Rscript', ['--version'], { stdio: 'ignore' }).status === 0;

// ---- the parts ----

function libraryPart(instrument: Instrument, hash: string, jsonFiles: ImportFile[], oneJson: ImportFile[], csvFiles: ImportFile[]): void {
  const check = importFiles(jsonFiles, instrument, hash, { sha256: nodeSha256 });
  const report = analyzeDataset(buildDataset(check, instrument));
  console.log(
    `check: ${check.counts.imported} imported, ${check.counts.errors} errors, ${report.sampleFlow.matched} pairs, alpha(attitude-twelve-step, pre) = ${report.scales[0]?.pre.alpha?.toFixed(3)}\n`,
  );

  console.log('Library (import + match + analysis):');
  const target = time(`JSON, ${jsonFiles.length} files, checksums with node:crypto`, () =>
    analyzeDataset(buildDataset(importFiles(jsonFiles, instrument, hash, { sha256: nodeSha256 }), instrument)),
  );
  time(`JSON, ${jsonFiles.length} files, checksums with @noble (browser)`, () =>
    analyzeDataset(buildDataset(importFiles(jsonFiles, instrument, hash), instrument)),
  );
  time('JSON, one file with every record, node:crypto', () =>
    analyzeDataset(buildDataset(importFiles(oneJson, instrument, hash, { sha256: nodeSha256 }), instrument)),
  );
  time('long CSV, one file', () => analyzeDataset(buildDataset(importFiles(csvFiles, instrument, hash), instrument)));
  console.log('Parts:');
  let imported = importFiles(jsonFiles, instrument, hash, { sha256: nodeSha256 });
  time('  import only (JSON files, node:crypto)', () => {
    imported = importFiles(jsonFiles, instrument, hash, { sha256: nodeSha256 });
  });
  time('  import only (CSV)', () => {
    importFiles(csvFiles, instrument, hash);
  });
  time('  match + analysis only', () => analyzeDataset(buildDataset(imported, instrument)));
  console.log(
    PEOPLE === 10_000
      ? `\nTarget (issue 4): the library imports, matches and analyses 10,000 learners' result files in under 1,000 ms: median ${target.toFixed(0)} ms, ${target < 1000 ? 'met' : 'NOT met'}.`
      : `\nThe target (under 1,000 ms) is set for 10,000 participants; this run had ${PEOPLE}.`,
  );
}

async function cliPart(jsonFiles: ImportFile[], csv: string, rows: number): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'msg-bench-'));
  try {
    const jsonDir = join(dir, 'json');
    mkdirSync(jsonDir);
    for (const f of jsonFiles) writeFileSync(join(jsonDir, f.name), f.text);
    const csvFile = join(dir, 'all.csv');
    writeFileSync(csvFile, csv);
    const out = ['--format', 'json', '--out', join(dir, 'report.json')];
    console.log("\nCLI end to end (--format json --out FILE), wall time and the CLI process's peak memory:");
    const bundle = bundledCli();
    const runs = Math.min(RUNS, 3);
    const cases: [string, string[]][] = [
      [`bundled CLI, directory of ${count(jsonFiles.length)} JSON files`, [...bundle, ...out, jsonDir]],
      [`bundled CLI, one long CSV (${count(rows)} rows)`, [...bundle, ...out, csvFile]],
      ['node src/cli/analyze.ts (TypeScript source), the same CSV', [join(ROOT, 'src/cli/analyze.ts'), ...out, csvFile]],
    ];
    for (const [label, args] of cases) {
      const results: ChildRun[] = [];
      for (let r = 0; r < runs; r++) {
        const res = await runNode([...CLI_NODE_OPTIONS, ...args]);
        if (res.status !== 0) {
          console.log(`CLI failed (${res.status}): ${res.stderr}`);
          return false;
        }
        results.push(res);
      }
      console.log(`  ${label.padEnd(62)} ${ms(results.map((x) => x.ms))}${usage(results)}  ${runsOf(results.map((x) => x.ms))}`);
    }
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    console.log(`  (node start-up alone: ${(performance.now() - t0).toFixed(0)} ms)`);

    if (process.env.BENCH_R === 'off' || !hasRscript()) {
      console.log(`  (${process.env.BENCH_R === 'off' ? 'BENCH_R=off' : 'Rscript is not on PATH'}: no comparison with R)`);
      return true;
    }
    // In turn, CLI then R, so both see the same load; the ratio is taken pair by pair, over BENCH_RUNS pairs
    // (5): on a noisy machine the median of 3 moved from 0.54 to 0.60 between two runs of the same code.
    const cli: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const a = await runNode([...CLI_NODE_OPTIONS, ...bundle, ...out, csvFile]);
      const b = await run('Rscript', [join(ROOT, 'tools/bench-r.R'), csvFile]);
      if (a.status !== 0 || b.status !== 0) {
        console.log(`  R comparison failed: ${a.status !== 0 ? a.stderr : b.stderr}`);
        return false;
      }
      cli.push(a.ms);
      r.push(b.ms);
    }
    const ratios = cli.map((t, i) => t / r[i]!);
    console.log(`  ${'Rscript tools/bench-r.R (read, score, test), the same CSV'.padEnd(62)} ${ms(r)}  ${runsOf(r)}`);
    const ratio = median(ratios);
    console.log(
      `  CLI / R, pair by pair: median ${ratio.toFixed(2)} (${ratios.map((x) => x.toFixed(2)).join(', ')}); target (issue 12) at most 0.50: ${ratio <= 0.5 ? 'met' : 'NOT met'}`,
    );
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LRS_ACTIVITY = 'https://lms.example/activities/mutual-support-basics';
const LRS_KEY = 'bench-key';
const LRS_SECRET = 'bench-secret';
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A local LRS serving `statements` (JSON texts) as the xAPI statement resource does: GET /xapi/statements
 * with verb, activity and limit (at most 1,000), `more` links relative to the host, the version header
 * required and sent, Basic auth (401 otherwise). Each page's bytes are made once and kept: the endpoint
 * shares the two cores with the CLI it serves, and a real LRS runs elsewhere (making each page's text
 * anew for every request took some 4 s of CPU a run, away from the CLI).
 */
async function localLrs(statements: string[]): Promise<{ endpoint: string; requests: () => number; close: () => void }> {
  const auth = `Basic ${Buffer.from(`${LRS_KEY}:${LRS_SECRET}`).toString('base64')}`;
  let requests = 0;
  const pages = new Map<string, Buffer>();
  const page = (from: number, limit: number): Buffer => {
    const key = `${from}.${limit}`;
    let body = pages.get(key);
    if (!body) {
      const next = from + limit < statements.length ? `/xapi/statements?more=${from + limit}.${limit}` : '';
      body = Buffer.from(`{"statements":[${statements.slice(from, from + limit).join(',')}],"more":"${next}"}`);
      pages.set(key, body);
    }
    return body;
  };
  // The pages analyze --lrs asks for, made before it is timed.
  for (let from = 0; from < statements.length; from += PAGE_LIMIT) page(from, PAGE_LIMIT);
  const server = createServer((req, res) => {
    requests++;
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3', ...headers }).end(body);
    if (!req.headers['x-experience-api-version']) return send(400, '{"message":"X-Experience-API-Version header missing"}');
    if (req.headers.authorization !== auth) return send(401, '{"message":"unauthorised"}', { 'www-authenticate': 'Basic realm="LRS"' });
    const url = new URL(req.url!, 'http://lrs');
    if (req.method !== 'GET' || url.pathname !== '/xapi/statements') return send(404, '{}');
    let from = 0;
    let limit = Math.min(Number(url.searchParams.get('limit')) || 100, 1000);
    const more = url.searchParams.get('more');
    if (more) [from, limit] = more.split('.').map(Number) as [number, number];
    else if (url.searchParams.get('verb') !== SUBMITTED_VERB.id || url.searchParams.get('activity') !== LRS_ACTIVITY)
      return send(200, '{"statements":[],"more":""}');
    send(200, page(from, limit));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi/`, requests: () => requests, close: () => server.close() };
}

async function lrsPart(instrument: Instrument, hash: string): Promise<boolean> {
  console.log(`\nLRS: ${count(LRS_PEOPLE)} learners (${count(2 * LRS_PEOPLE)} records) as xAPI statement pages from a local endpoint, read by analyze --lrs:`);
  const t0 = performance.now();
  const statements: string[] = [];
  let i = 0;
  for (const pair of learners(instrument, hash, LRS_PEOPLE)) {
    // As a cmi5 package sends them: one "submitted" statement per questionnaire, carrying the record.
    const ctx = {
      actor: { objectType: 'Agent', account: { homePage: 'https://lms.example', name: `learner-${i}` } },
      activityId: LRS_ACTIVITY,
      registration: uuid(i),
      contextTemplate: { contextActivities: { grouping: [{ id: 'urn:mutual-support-training:au/mutual-support-basics' }] } },
    };
    pair.forEach((record, k) => statements.push(JSON.stringify(recordStatement(ctx, record, uuid(2 * i + k + 1e9)))));
    i++;
  }
  const bytes = statements.reduce((s, t) => s + t.length + 1, 0);
  console.log(
    `  (${count(statements.length)} statements, ${(bytes / 1e6).toFixed(0)} MB of JSON, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const lrs = await localLrs(statements);
  const dir = mkdtempSync(join(tmpdir(), 'msg-bench-lrs-'));
  try {
    const bundle = bundledCli();
    const report = join(dir, 'report.json');
    const results: ChildRun[] = [];
    const reports: string[] = [];
    for (let r = 0; r < Math.min(RUNS, 3); r++) {
      const res = await runNode([...CLI_NODE_OPTIONS, ...bundle, '--lrs', lrs.endpoint, '--activity', LRS_ACTIVITY, '--format', 'json', '--out', report], {
        LRS_KEY,
        LRS_SECRET,
      });
      if (res.status !== 0) {
        console.log(`  analyze --lrs failed (${res.status}): ${res.stderr}`);
        return false;
      }
      results.push(res);
      reports.push(readFileSync(report, 'utf8'));
    }
    const flow = JSON.parse(readFileSync(report, 'utf8')).sampleFlow;
    // The report's fingerprint (all but the time it was made and the local endpoint's port, which names the
    // pages), to compare a change's output with the code before it.
    const host = new URL(lrs.endpoint).host;
    const fingerprint = (text: string) => digest('sha256', text.replace(/"generatedAt": ?"[^"]*"/, '"generatedAt": ""').replaceAll(host, 'lrs.local'), 'hex');
    const fingerprints = new Set(reports.map(fingerprint));
    console.log(`  report SHA-256 without meta.generatedAt and the port: ${[...fingerprints].join(', ')}${fingerprints.size > 1 ? ' (runs differ!)' : ''}`);
    const read = /LRS: read ([\d,]+) statements in ([\d,]+) pages?/.exec(results[0]!.stderr);
    console.log(`  check: ${read?.[1]} statements in ${read?.[2]} pages read; ${count(flow.imported)} records imported, ${count(flow.matched)} pairs`);
    if (flow.matched !== LRS_PEOPLE) {
      console.log(`  check FAILED: expected ${count(LRS_PEOPLE)} pairs`);
      return false;
    }
    const wall = median(results.map((x) => x.ms));
    const peak = median(results.map((x) => x.peakMb ?? Infinity));
    console.log(
      `  ${`analyze --lrs, ${count(LRS_PEOPLE)} learners`.padEnd(62)} ${ms(results.map((x) => x.ms))}${usage(results)}  ${runsOf(results.map((x) => x.ms))}`,
    );
    console.log(
      LRS_PEOPLE === 100_000
        ? `\nTarget (issue 12): 100,000 learners from an LRS in under 10 s and 1 GB: median ${(wall / 1000).toFixed(1)} s, ${peak.toFixed(0)} MB, ${wall < 10_000 && peak < 1024 ? 'met' : 'NOT met'}.`
        : `\nThe target (under 10 s and 1 GB) is set for 100,000 learners; this run had ${count(LRS_PEOPLE)}.`,
    );
    return true;
  } finally {
    lrs.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(PARTS as readonly string[]).includes(a));
  if (unknown.length) {
    console.error(`bench: unknown part ${unknown.join(', ')} (choose from ${PARTS.join(', ')})`);
    return 2;
  }
  const parts = new Set(asked.length ? asked : PARTS);
  const file = join(ROOT, 'content/instruments/msg-attitudes-1.0.0.yaml');
  const instrument = parseInstrument(readFileSync(file, 'utf8'), file);
  const hash = instrumentFingerprint(instrument);
  let ok = true;
  if (parts.has('library') || parts.has('cli')) {
    console.log(`Generating ${PEOPLE} participants × 2 timepoints × ${instrument.items.length} items…`);
    const { records, csv } = generate(instrument, hash, PEOPLE);
    const jsonFiles: ImportFile[] = records.map((pair, i) => ({ name: `learner-${i}.json`, text: JSON.stringify(pair, null, 2) }));
    const oneJson: ImportFile[] = [{ name: 'all.json', text: JSON.stringify(records.flat()) }];
    const csvFiles: ImportFile[] = [{ name: 'all.csv', text: csv }];
    const size = (files: ImportFile[]) => (files.reduce((s, f) => s + f.text.length, 0) / 1e6).toFixed(1);
    const rows = csv.split('\n').length - 2;
    console.log(`JSON: ${jsonFiles.length} files, ${size(jsonFiles)} MB; CSV: ${rows} rows, ${size(csvFiles)} MB. ${RUNS} runs each.\n`);
    if (parts.has('library')) libraryPart(instrument, hash, jsonFiles, oneJson, csvFiles);
    if (parts.has('cli')) ok = (await cliPart(jsonFiles, csv, rows)) && ok;
  }
  if (parts.has('lrs')) ok = (await lrsPart(instrument, hash)) && ok;
  return ok ? 0 : 1;
}

// Run as a script (npm run bench); tools/bench-browser.mjs imports learners() from here.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) process.exitCode = await main();
