// `npm run <script>` runs the script in the repository's root whatever folder it was typed in, and names that
// folder in INIT_CWD. Paths a user types (input files, --out, --instrument, --dist) are read from the folder
// they typed them in, as with any command; the CLIs find their own files from their own place, never from
// the working folder.
import { resolve } from 'node:path';

/** The folder the user ran `npm run <script>` in; the working folder when the CLI was started otherwise. */
export function invokedFrom(script: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  // Only for this script: a CLI started by another one (a test run by `npm test`) inherits an INIT_CWD that is not its user's.
  return env.npm_lifecycle_event === script && env.INIT_CWD ? env.INIT_CWD : cwd;
}

/** A path the user typed for `npm run <script>`, absolute. */
export const userPath = (script: string, path: string): string => resolve(invokedFrom(script), path);
