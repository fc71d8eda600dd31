// The CLI as `npm run analyze` runs it: the bundle tools/build-cli.mjs makes (built here if a source
// changed). The tests that run the CLI many times start it from the bundle, as users do: from the
// TypeScript source every start reads and type-strips some hundred modules (0.8 s a run against 0.3 s).
// test/cli/build-cli.test.ts checks that the bundle and the source give the same report.
import { buildBundledCli } from '../../src/cli/bench.ts';

let built: string | null = null;

/** The bundled CLI's path, built first if stale (once per test thread). */
export function bundledCli(): string {
  built ??= buildBundledCli();
  return built;
}
