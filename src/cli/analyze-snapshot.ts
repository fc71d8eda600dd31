// The entry of the CLI's start-up snapshot (tools/build-cli.mjs bundles it as CommonJS and runs
// `node --snapshot-blob .cache/cli/analyze.blob --build-snapshot` on it). At build time it loads the CLI
// and its library and runs it once on a few made-up learners (a long CSV and a result-record file, into a
// folder of its own that is then removed), so that the questionnaire's code, the import and the analysis
// are already compiled in the snapshot. A run started from the snapshot (`node --snapshot-blob
// .cache/cli/analyze.blob -- ARGS`) begins at `main` with all of that in place: some 50 ms less per run.
//
// Nothing of a run's own is made at build time: the arguments, the environment (LRS_KEY, LMS_ID_SALT), the
// working folder, the clock and random salts are all read when a run starts, and the files (the
// questionnaires in content/ too) are read by each run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startupSnapshot } from 'node:v8';
import { instrumentFingerprint } from '../lib/instrument/fingerprint.ts';
import { parseInstrument } from '../lib/instrument/load.ts';
import type { Instrument } from '../lib/instrument/schema.ts';
import type { ResultRecord } from '../lib/records/result-record.ts';
import { signRecord } from '../lib/records/sign.ts';
import { main } from './analyze.ts';
import { newestInstrument } from './instrument.ts';
import { madeUpRecord } from './made-up-record.ts';

const LEARNERS = 12;
const MODULE = 'mutual-support-basics';

/** Made-up answers (1–5, some missing) for learner `i` at `timepoint`. */
function answers(instrument: Instrument, i: number, timepoint: 'pre' | 'post'): Record<string, number | null> {
  return Object.fromEntries(instrument.items.map((item, j) => [item.id, (i + j) % 11 === 0 ? null : 1 + ((i * 3 + j + (timepoint === 'post' ? 1 : 0)) % 5)]));
}

/** A long CSV (learners 0–5) and a result-record file (learners 6–11) for the newest shipped questionnaire. */
function warmUpInputs(dir: string): string[] {
  const file = newestInstrument();
  const instrument = parseInstrument(readFileSync(file, 'utf8'), file);
  const hash = instrumentFingerprint(instrument);
  const participant = (i: number) => `W${String.fromCharCode(65 + i)}-01-AA-${i % 10}`;
  const lines = ['participant,timepoint,item,value,cohort,module,instrument,instrument_version'];
  const records: ResultRecord[] = [];
  for (let i = 0; i < LEARNERS; i++) {
    for (const timepoint of ['pre', 'post'] as const) {
      const responses = answers(instrument, i, timepoint);
      const demographics = Object.fromEntries(instrument.demographics.map((d, j) => [d.id, d.options[(i + j) % d.options.length]!.value]));
      if (i < LEARNERS / 2) {
        const tail = `,,${MODULE},${instrument.id},${instrument.version}`;
        for (const [item, value] of Object.entries(responses)) lines.push(`${participant(i)},${timepoint},${item},${value ?? ''}${tail}`);
        if (timepoint === 'pre')
          for (const [id, value] of Object.entries(demographics)) lines.push(`${participant(i)},${timepoint},demo:${id},${value}${tail}`);
        continue;
      }
      records.push(
        signRecord(
          madeUpRecord({
            appVersion: '0.0.0',
            attemptId: `warm-up-${i}`,
            module: MODULE,
            instrument: { id: instrument.id, version: instrument.version, hash },
            participant: participant(i),
            timepoint,
            day: '2026-01-01',
            at: timepoint === 'pre' ? '10:00' : '10:40',
            responses,
            demographics,
          }),
        ),
      );
    }
  }
  const csv = join(dir, 'long.csv');
  const json = join(dir, 'records.json');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  writeFileSync(json, JSON.stringify(records));
  return [csv, json];
}

/** One run of the CLI on the made-up learners; the snapshot is taken once it has ended (Node waits for it). */
async function warmUp(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'analyze-warm-up-'));
  // The run's messages go nowhere: they are not the user's, and the process's own streams are then not
  // opened at build time (their state would be kept in the snapshot for every run).
  const streams = (['stdout', 'stderr'] as const).map((name) => [name, Object.getOwnPropertyDescriptor(process, name)!] as const);
  for (const [name] of streams) Object.defineProperty(process, name, { configurable: true, value: { write: () => true } });
  try {
    const status = await main(['--format', 'json', '--out', join(dir, 'report.json'), ...warmUpInputs(dir)]);
    // A warm-up that fails means the CLI is broken: no snapshot (tools/build-cli.mjs then uses the bundle).
    if (status !== 0) throw new Error(`the warm-up run ended with exit status ${status}`);
  } finally {
    for (const [name, descriptor] of streams) Object.defineProperty(process, name, descriptor);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * True when the arguments ask for an LRS pull. Such a run starts from the bundle's entry instead: in a
 * process started from a snapshot, a worker thread that loads node:http aborts the process (Node 24.21:
 * "Assertion failed: shutdown_wrap_template_.IsEmpty()", with any snapshot), and the pull fetches its
 * pages in such a thread (src/cli/lrs-pages.ts). The pull takes seconds; the second start, some 0.1 s.
 */
const pullsFromLrs = (argv: readonly string[]) => argv.some((arg) => arg === '--lrs' || arg.startsWith('--lrs='));

/** The run in a child process from the bundle's entry, with this process's Node options but the snapshot's. */
function runFromEntry(argv: readonly string[]): number {
  const { spawnSync } = process.getBuiltinModule('node:child_process');
  const options = process.execArgv.filter(
    (arg, i, all) => arg !== '--snapshot-blob' && all[i - 1] !== '--snapshot-blob' && !arg.startsWith('--snapshot-blob=') && arg !== '--',
  );
  const child = spawnSync(process.execPath, [...options, join(import.meta.dirname, 'analyze.mjs'), ...argv], { stdio: 'inherit' });
  return child.status ?? 1;
}

startupSnapshot.setDeserializeMainFunction(() => {
  // `node --snapshot-blob BLOB [node options] -- ARGS`: the arguments follow the executable.
  const argv = process.argv.slice(1);
  if (pullsFromLrs(argv)) {
    process.exitCode = runFromEntry(argv);
    return;
  }
  void main(argv).then((code) => {
    process.exitCode = code;
  });
});
warmUp().catch((error: Error) => {
  process.stderr.write(`analyze-snapshot: ${error.message}\n`);
  process.exit(1);
});
