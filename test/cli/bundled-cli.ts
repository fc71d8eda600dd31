// The CLI as `npm run analyze` runs it: from the start-up snapshot of the bundle tools/build-cli.mjs makes
// (built here if a source changed). The tests that run the CLI many times start it so, as users do: from
// the TypeScript source every start reads and type-strips some hundred modules (0.8 s a run against 0.1 s).
// test/cli/build-cli.test.ts checks that the snapshot, the bundle and the source give the same report.
import { join, resolve } from 'node:path';
import { buildBundledCli } from '../../src/cli/bench.ts';

const ROOT = resolve(import.meta.dirname, '../..');

let built: string[] | null = null;

/** The Node arguments that start the bundled CLI (before its own), built first if stale (once per test thread). */
export function bundledCli(): string[] {
  built ??= buildBundledCli();
  return built;
}

/** The bundled CLI's entry (without the snapshot), for runs with Node options a snapshot does not take (--import). */
export function bundledEntry(): string {
  bundledCli();
  return join(ROOT, '.cache/cli/analyze.mjs');
}
