// The analyze CLI as one bundled file (.cache/cli/analyze-main.mjs, and beside it the thread that fetches an
// LRS's pages: lrs-pages-worker.mjs), and a start-up snapshot of it (.cache/cli/analyze.blob), rebuilt only
// when a source it was made from changed. Node can run src/cli/analyze.ts directly, but then it reads and
// type-strips some hundred modules at every start; the bundle is one file of plain JavaScript, which starts
// in a fraction of that. The bundle is started by a small entry beside it (.cache/cli/analyze.mjs) that
// turns on Node's compile cache (.cache/compile) before it loads the bundle: later runs skip compiling the
// bundle's 2 MB (some 35 ms).
// The snapshot (src/cli/analyze-snapshot.ts, bundled as CommonJS, which Node's snapshot builder needs) holds
// the CLI and its library loaded and run once on made-up learners, so a run from it starts with the code
// compiled: some 50 ms less a run (a third of a small file's run). It is made by this Node (a snapshot
// runs only in the Node that made it) for this checkout (its paths are in it); where it cannot be made,
// or with ANALYZE_SNAPSHOT=off, the CLI runs from the bundle's entry.
//
//   node tools/build-cli.mjs             build if stale; print the Node arguments that start the CLI (a
//                                        JSON array: the snapshot's, or the entry's path), before the CLI's own
//   node tools/build-cli.mjs --run ARGS  build if stale, then run the CLI with ARGS (what `npm run analyze --
//                                        ARGS` does): from the snapshot in a child process of this Node, with
//                                        this process's Node options; else in this same process
//
// Stale means: no bundle, or the bundle is older than one of the files it was made from (listed in the
// esbuild metafile kept beside it), than package-lock.json, or than this script; or the snapshot was made
// by another Node or for another folder. Uses the esbuild that Astro already brings (Vite's). Without
// esbuild, --run runs the TypeScript source instead, with a note.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE = join(ROOT, 'src/cli/analyze.ts');
// Two folders below the root, like src/cli/analyze.ts: the CLI finds content/ at ../../content.
const ENTRY_FILE = join(ROOT, '.cache/cli/analyze.mjs');
const BUNDLE = join(ROOT, '.cache/cli/analyze-main.mjs');
// The thread that fetches an LRS's pages (src/cli/lrs-pages.ts starts it from the file beside the bundle).
const WORKER_SOURCE = join(ROOT, 'src/cli/lrs-pages-worker.ts');
const WORKER_BUNDLE = join(ROOT, '.cache/cli/lrs-pages-worker.mjs');
const METAFILE = `${BUNDLE}.meta.json`;
const SNAPSHOT_SOURCE = join(ROOT, 'src/cli/analyze-snapshot.ts');
const SNAPSHOT_ENTRY = join(ROOT, '.cache/cli/analyze-snapshot.cjs');
const SNAPSHOT = join(ROOT, '.cache/cli/analyze.blob');
/** Which Node made the snapshot, for which folder, or why it could not be made. */
const SNAPSHOT_STAMP = `${SNAPSHOT}.json`;
const snapshotFor = () => ({ node: process.version, execPath: process.execPath, arch: process.arch, root: ROOT });
/** The entry: the compile cache on (where the platform allows it; a cache that cannot be written is passed by), then the bundle. */
const ENTRY_TEXT = `// Written by tools/build-cli.mjs: Node's compile cache, then the bundled CLI.
import { enableCompileCache } from 'node:module';
try {
  enableCompileCache?.(\`\${import.meta.dirname}/../compile\`);
} catch {}
const { main } = await import('./analyze-main.mjs');
process.exitCode = await main(process.argv.slice(2));
`;

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Infinity; // a source that is gone: rebuild
  }
};

/** True when the bundle is missing or older than any file it was made from. */
function isStale() {
  if (![ENTRY_FILE, BUNDLE, WORKER_BUNDLE, METAFILE].every((path) => existsSync(path))) return true;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(SNAPSHOT_STAMP, 'utf8'));
  } catch {
    return true;
  }
  const wanted = snapshotFor();
  if (Object.keys(wanted).some((key) => stamp[key] !== wanted[key])) return true;
  if (!stamp.failed && !existsSync(SNAPSHOT)) return true;
  if (readFileSync(ENTRY_FILE, 'utf8') !== ENTRY_TEXT) return true;
  const built = Math.min(mtime(ENTRY_FILE), mtime(BUNDLE), mtime(WORKER_BUNDLE));
  let inputs;
  try {
    inputs = Object.keys(JSON.parse(readFileSync(METAFILE, 'utf8')).inputs);
  } catch {
    return true;
  }
  return [...inputs.map((p) => join(ROOT, p)), join(ROOT, 'package-lock.json'), import.meta.filename].some((p) => mtime(p) > built);
}

/** Builds the bundle; written under a temporary name and renamed, so a CLI starting meanwhile never reads half a file. */
async function build() {
  const { build } = await import('esbuild');
  // What both bundles share: every module in one file, for this project's Node, with a metafile of inputs.
  const common = {
    absWorkingDir: ROOT,
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node22',
    metafile: true,
    legalComments: 'none',
    // No comments (esbuild keeps some, and theirs held → and …) or indentation: a smaller source, all ASCII,
    // which V8 keeps at one byte a character, in the snapshot too. (A stack trace then names columns of one
    // long line; `node src/cli/analyze.ts` runs the TypeScript source for debugging.)
    minifyWhitespace: true,
    logLevel: 'warning',
  };
  const result = await build({
    ...common,
    entryPoints: [
      { in: SOURCE, out: 'analyze-main' },
      { in: WORKER_SOURCE, out: 'lrs-pages-worker' },
    ],
    outdir: dirname(BUNDLE),
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    // CommonJS dependencies (papaparse) may call require() for Node's own modules.
    banner: { js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);" },
  });
  // The snapshot's entry, as CommonJS (Node's snapshot builder runs scripts, not modules), with the
  // bundle's own import.meta: its paths (content/, the LRS thread) are the bundle's.
  const snapshot = await build({
    ...common,
    entryPoints: [SNAPSHOT_SOURCE],
    outfile: SNAPSHOT_ENTRY,
    format: 'cjs',
    define: {
      'import.meta.url': JSON.stringify(pathToFileURL(BUNDLE).href),
      'import.meta.filename': JSON.stringify(BUNDLE),
      'import.meta.dirname': JSON.stringify(dirname(BUNDLE)),
    },
  });
  mkdirSync(dirname(ENTRY_FILE), { recursive: true });
  const put = (path, contents) => {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  };
  const inputs = { ...result.metafile.inputs, ...snapshot.metafile.inputs };
  put(METAFILE, JSON.stringify({ ...result.metafile, inputs }));
  for (const path of [BUNDLE, WORKER_BUNDLE]) put(path, result.outputFiles.find((f) => f.path === path).contents);
  put(SNAPSHOT_ENTRY, snapshot.outputFiles[0].contents);
  put(ENTRY_FILE, ENTRY_TEXT);
  buildSnapshot();
}

/**
 * Runs the snapshot's entry in Node's snapshot builder (which runs the CLI once: src/cli/analyze-snapshot.ts).
 * Where that fails (a Node without snapshots, a platform it does not support), the stamp says why and the
 * CLI runs from the bundle; the reason is printed once, here.
 */
function buildSnapshot() {
  const temporary = `${SNAPSHOT}.${process.pid}.tmp`;
  const made = spawnSync(process.execPath, ['--snapshot-blob', temporary, '--build-snapshot', SNAPSHOT_ENTRY], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const stamp = snapshotFor();
  if (made.status === 0 && existsSync(temporary)) {
    renameSync(temporary, SNAPSHOT);
    writeFileSync(SNAPSHOT_STAMP, JSON.stringify(stamp));
    return;
  }
  rmSync(temporary, { force: true });
  rmSync(SNAPSHOT, { force: true });
  const why = (made.error?.message ?? made.stderr.split('\n').find((line) => /error|analyze-snapshot:/i.test(line)) ?? `exit status ${made.status}`).trim();
  writeFileSync(SNAPSHOT_STAMP, JSON.stringify({ ...stamp, failed: why }));
  process.stderr.write(`note: the CLI's start-up snapshot could not be made (${why}); the CLI runs from its bundle\n`);
}

/** The Node arguments that start the CLI: from the snapshot when there is one (and ANALYZE_SNAPSHOT is not off), else the entry. */
function startArguments(entry) {
  if (entry === ENTRY_FILE && process.env.ANALYZE_SNAPSHOT !== 'off' && existsSync(SNAPSHOT)) return ['--snapshot-blob', SNAPSHOT, '--'];
  return [entry];
}

/** The bundle's path, built first when stale; the TypeScript source when it cannot be built. */
async function ensureBuilt() {
  if (!isStale()) return ENTRY_FILE;
  try {
    await build();
    return ENTRY_FILE;
  } catch (error) {
    process.stderr.write(`note: the CLI could not be bundled (${error.message.split('\n')[0]}); running the TypeScript source\n`);
    return SOURCE;
  }
}

const entry = await ensureBuilt();
const start = startArguments(entry);
if (process.argv[2] === '--run') {
  const args = process.argv.slice(3);
  if (start[0] === '--snapshot-blob') {
    // A child of this Node with this process's Node options (package.json's), its terminal and environment.
    const child = spawnSync(process.execPath, [...process.execArgv, ...start, ...args], { stdio: 'inherit' });
    if (child.error) throw child.error;
    process.exitCode = child.status ?? 1;
  } else {
    // The CLI reads process.argv.slice(2): take out "--run" so it sees its own arguments only.
    process.argv.splice(2, 1);
    process.argv[1] = entry;
    await import(pathToFileURL(entry).href);
  }
} else if (entry === ENTRY_FILE) {
  console.log(JSON.stringify(start));
} else {
  process.exitCode = 1;
}
