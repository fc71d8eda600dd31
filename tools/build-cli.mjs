// The analyze CLI as one bundled file (.cache/cli/analyze-main.mjs, and beside it the thread that fetches an
// LRS's pages: lrs-pages-worker.mjs), rebuilt only when a source it was made
// from changed. Node can run src/cli/analyze.ts directly, but then it reads and type-strips some hundred
// modules at every start; the bundle is one file of plain JavaScript, which starts in a fraction of that.
// The CLI is started by a small entry beside it (.cache/cli/analyze.mjs) that turns on Node's compile cache
// (.cache/compile) before it loads the bundle: later runs skip compiling the bundle's 2 MB (some 35 ms).
//
//   node tools/build-cli.mjs             build if stale; print where the bundle is
//   node tools/build-cli.mjs --run ARGS  build if stale, then run the CLI with ARGS in this same process
//                                        (what `npm run analyze -- ARGS` does)
//
// Stale means: no bundle, or the bundle is older than one of the files it was made from (listed in the
// esbuild metafile kept beside it), than package-lock.json, or than this script. Uses the esbuild that
// Astro already brings (Vite's). Without esbuild, --run runs the TypeScript source instead, with a note.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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
/** The entry: the compile cache on (where the platform allows it; a cache that cannot be written is passed by), then the bundle. */
const ENTRY_TEXT = `// Written by tools/build-cli.mjs: Node's compile cache, then the bundled CLI.
import { enableCompileCache } from 'node:module';
try {
  enableCompileCache?.(\`\${import.meta.dirname}/../compile\`);
} catch {}
await import('./analyze-main.mjs');
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
  const result = await build({
    entryPoints: [
      { in: SOURCE, out: 'analyze-main' },
      { in: WORKER_SOURCE, out: 'lrs-pages-worker' },
    ],
    absWorkingDir: ROOT,
    outdir: dirname(BUNDLE),
    outExtension: { '.js': '.mjs' },
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    // CommonJS dependencies (papaparse) may call require() for Node's own modules.
    banner: { js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);" },
  });
  mkdirSync(dirname(ENTRY_FILE), { recursive: true });
  const put = (path, contents) => {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  };
  put(METAFILE, JSON.stringify(result.metafile));
  for (const path of [BUNDLE, WORKER_BUNDLE]) put(path, result.outputFiles.find((f) => f.path === path).contents);
  put(ENTRY_FILE, ENTRY_TEXT);
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
if (process.argv[2] === '--run') {
  // The CLI reads process.argv.slice(2): take out "--run" so it sees its own arguments only.
  process.argv.splice(2, 1);
  process.argv[1] = entry;
  await import(pathToFileURL(entry).href);
} else if (entry === ENTRY_FILE) {
  console.log(ENTRY_FILE);
} else {
  process.exitCode = 1;
}
