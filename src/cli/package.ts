// `npm run package`: LMS packages from the built site (dist/): for each module and for the whole course,
// a SCORM 1.2 zip, a SCORM 2004 4th edition zip and a cmi5 zip, written to dist-packages/.
//
// Every package holds the whole built site (so links between pages keep working) with root-relative URLs
// rewritten to relative ones (src/lib/scorm-cmi5/relative-urls.ts): the site is built normally, then made
// relocatable here. Scripts must not build root-relative URLs (they take links from their page, and the
// build writes worker and chunk URLs relative to the script); the packager refuses a site where one does. Each SCO / AU launches lms/launch/index.html?lms=…&module=<id>.
//
//   node src/cli/package.ts [--build] [--dist dist] [--out dist-packages] [--modules a,b]
//        [--mastery-score 0.8] [--move-on Completed] [--include-lms-learner-id] [--cohort CODE]
//        [--id-base IRI] [--allow-origin https://lrs.example.org]...
//
// Inside a package the wrapper talks only to the origin that serves the package and the origins given
// with --allow-origin (a cmi5 LRS on another host); every other endpoint or returnURL is refused, and the
// launch page's Content-Security-Policy allows no other connection.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, type Zippable } from 'fflate';
import { userPath } from './invocation.ts';
import type { LmsConfig } from '../lib/scorm-cmi5/config.ts';
import { parseOrigins } from '../lib/scorm-cmi5/course-config.ts';
import { contentSecurityPolicy } from '../lib/site.ts';
import { preloadHelperIsRelative, relativizeHtml, rootRelativeInScript, rootRelativeLeft } from '../lib/scorm-cmi5/relative-urls.ts';
import { SITE_NAME } from '../lib/site.ts';
import {
  cmi5CourseStructure,
  defaultPackageOptions,
  LAUNCH_PAGE,
  scorm12Manifest,
  scorm2004Manifest,
  type PackageDescription,
  type PackageModule,
  type PackageOptions,
  type PackageRuntime,
} from '../lib/scorm-cmi5/manifests.ts';

export interface PackagerOptions extends PackageOptions {
  dist: string;
  out: string;
  /** Module ids to package one by one (default: all); the course package always has every module. */
  modules: string[] | null;
  /** Origins besides the package's own that the wrapper may send to (a cmi5 LRS elsewhere). */
  allowOrigins: string[];
  log: (line: string) => void;
}

export interface BuiltPackage {
  file: string;
  runtime: PackageRuntime;
  scope: string;
  bytes: number;
}

const RUNTIMES: PackageRuntime[] = ['scorm12', 'scorm2004', 'cmi5'];
const COURSE_TITLE = SITE_NAME;
const COURSE_DESCRIPTION = 'Short lessons for mental-health staff about mutual support groups, with the same questionnaire before and after.';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The launch page's embedded course description. */
export function readLaunchConfig(dist: string): LmsConfig {
  const page = join(dist, LAUNCH_PAGE);
  if (!existsSync(page)) throw new Error(`${page} not found: build the site first (npm run build, or pass --build)`);
  const match = /<script[^>]*id="lms-config"[^>]*>([\s\S]*?)<\/script>/.exec(readFileSync(page, 'utf8'));
  if (!match) throw new Error(`${page}: no lms-config script`);
  return JSON.parse(match[1]!) as LmsConfig;
}

const CONFIG_SCRIPT = /(<script[^>]*id="lms-config"[^>]*>)([\s\S]*?)(<\/script>)/;
const CSP_META = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/;

/**
 * The launch page as a package serves it: marked as packaged (its own origin allowed) with the extra
 * origins, and a Content-Security-Policy that lets it connect to those and nothing else.
 */
export function packagedLaunchPage(html: string, extraOrigins: readonly string[]): string {
  const config = CONFIG_SCRIPT.exec(html);
  if (!config || !CSP_META.test(html)) throw new Error(`${LAUNCH_PAGE}: no lms-config script or Content-Security-Policy to set`);
  const current = JSON.parse(config[2]!) as LmsConfig;
  const origins = [...new Set([...current.allowedOrigins, ...extraOrigins])];
  const json = JSON.stringify({ ...current, packaged: true, allowedOrigins: origins }).replace(/</g, '\\u003c');
  const csp = contentSecurityPolicy('lms-wrapper', origins).replace(/'/g, '&#39;');
  return html
    .replace(CONFIG_SCRIPT, (_, open: string, _old: string, close: string) => open + json + close)
    .replace(CSP_META, (_, a: string, _old: string, c: string) => a + csp + c);
}

/** The built site as package content: HTML rewritten to relative URLs. */
export function siteFiles(dist: string, allowOrigins: readonly string[] = []): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const problems: string[] = [];
  for (const file of filesUnder(dist).sort()) {
    const path = relative(dist, file).split('\\').join('/');
    let bytes: Uint8Array = readFileSync(file);
    if (path.endsWith('.html')) {
      let html = relativizeHtml(Buffer.from(bytes).toString('utf8'), path);
      if (path === LAUNCH_PAGE) html = packagedLaunchPage(html, allowOrigins);
      // An organisation-LRS build carries that LRS's write key; inside an LMS it is never used (the LMS
      // reports), so a package would only spread the key.
      if (html.includes('id="org-lrs-data"')) {
        throw new Error(
          `${path} offers to send results to an organisation LRS: this site was built with ORG_LRS_ENDPOINT set. Build the site for packages without the ORG_LRS_* variables (see docs/organisation-lrs.md)`,
        );
      }
      for (const left of rootRelativeLeft(html)) problems.push(`${path}: ${left}`);
      bytes = Buffer.from(html, 'utf8');
    } else if (path.endsWith('.js')) {
      const code = Buffer.from(bytes).toString('utf8');
      if (!preloadHelperIsRelative(code)) problems.push(`${path}: the bundler's preload helper loads chunks from the site's root`);
      for (const url of rootRelativeInScript(code)) problems.push(`${path}: builds the root-relative URL ${url} in script`);
    }
    files.set(path, bytes);
  }
  if (problems.length) throw new Error(`root-relative URLs the packager could not rewrite:\n  ${problems.join('\n  ')}`);
  return files;
}

function describe(scope: string, modules: PackageModule[], files: string[], options: PackageOptions): PackageDescription {
  const one = modules.length === 1 ? modules[0]! : null;
  return {
    id: scope,
    title: one ? one.title : COURSE_TITLE,
    description: one ? one.summary : COURSE_DESCRIPTION,
    modules,
    files,
    options,
  };
}

export function packageZip(runtime: PackageRuntime, description: PackageDescription, files: Map<string, Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const [path, bytes] of files) entries[path] = [bytes, { mtime }];
  const text =
    runtime === 'scorm12' ? scorm12Manifest(description) : runtime === 'scorm2004' ? scorm2004Manifest(description) : cmi5CourseStructure(description);
  entries[runtime === 'cmi5' ? 'cmi5.xml' : 'imsmanifest.xml'] = [Buffer.from(text, 'utf8'), { mtime }];
  return zipSync(entries, { level: 9 });
}

/** A mistake in the options that only the built site shows (a module it does not have): a bad argument, status 2. */
export class PackageArgumentError extends Error {}

export function buildPackages(options: PackagerOptions): BuiltPackage[] {
  const config = readLaunchConfig(options.dist);
  const files = siteFiles(options.dist, options.allowOrigins);
  const paths = [...files.keys()];
  const all: PackageModule[] = config.modules.map((m) => ({ id: m.id, title: m.title, summary: m.summary }));
  const unknown = (options.modules ?? []).filter((id) => !all.some((m) => m.id === id));
  if (unknown.length) throw new PackageArgumentError(`unknown module(s): ${unknown.join(', ')} (known: ${all.map((m) => m.id).join(', ')})`);
  const scopes: [string, PackageModule[]][] = [
    ...all.filter((m) => !options.modules || options.modules.includes(m.id)).map((m): [string, PackageModule[]] => [m.id, [m]]),
    ['course', all],
  ];
  mkdirSync(options.out, { recursive: true });
  const built: BuiltPackage[] = [];
  for (const [scope, modules] of scopes) {
    for (const runtime of RUNTIMES) {
      const zip = packageZip(runtime, describe(scope, modules, paths, options), files);
      const file = join(options.out, `${scope}-${runtime}.zip`);
      writeFileSync(file, zip);
      built.push({ file, runtime, scope, bytes: zip.length });
    }
  }
  return built;
}

const MOVE_ON = ['Completed', 'Passed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;

export function parseArgs(argv: string[]): PackagerOptions & { build: boolean; help: boolean } {
  const o = {
    ...defaultPackageOptions(),
    dist: 'dist',
    out: 'dist-packages',
    modules: null as string[] | null,
    allowOrigins: [] as string[],
    build: false,
    help: false,
    log: console.log,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--build') o.build = true;
    else if (arg === '--dist') o.dist = userPath('package', value());
    else if (arg === '--out') o.out = userPath('package', value());
    else if (arg === '--help' || arg === '-h') o.help = true;
    else if (arg === '--modules')
      o.modules = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (arg === '--include-lms-learner-id') o.includeLmsLearnerId = true;
    else if (arg === '--cohort') o.cohort = value();
    else if (arg === '--id-base') o.idBase = value();
    else if (arg === '--allow-origin') o.allowOrigins.push(...parseOrigins(value(), '--allow-origin'));
    else if (arg === '--mastery-score') {
      const n = Number(value());
      if (!(n >= 0 && n <= 1)) throw new Error('--mastery-score takes a number from 0 to 1 (the share of knowledge checks answered correctly)');
      o.masteryScore = n;
    } else if (arg === '--move-on') {
      const v = value();
      if (!(MOVE_ON as readonly string[]).includes(v)) throw new Error(`--move-on takes one of ${MOVE_ON.join(', ')}`);
      o.moveOn = v as PackageOptions['moveOn'];
    } else throw new Error(`unknown option ${arg}`);
  }
  if ((o.moveOn === 'Passed' || o.moveOn === 'CompletedAndPassed') && o.masteryScore === null) {
    throw new Error(`--move-on ${o.moveOn} needs --mastery-score: the module sends "passed" only against a pass mark you set`);
  }
  return o;
}

const USAGE = `Usage: npm run package [-- options]   (or node src/cli/package.ts [--build] [options])
  --build                     build the site first (npm run package always does)
  --dist DIR                  the built site (default dist)
  --out DIR                   where the packages go (default dist-packages)
  --modules a,b               package only these modules (and the whole course)
  --mastery-score 0.8         share of knowledge checks to pass (sends "passed"/"failed")
  --move-on Completed         cmi5 moveOn: ${MOVE_ON.join(', ')}
  --include-lms-learner-id    records carry the LMS learner id
  --cohort CODE               every attempt started from the packages carries this cohort code
  --id-base IRI               base of the cmi5 course and AU ids (default urn:mutual-support-training:)
  --allow-origin ORIGIN[,…]   another origin the launch page may talk to (a cmi5 LRS on another host)
Bad options exit with status 2, a packaging problem with 1 (docs/lms.md).`;

function main(): number {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`package: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.build) {
    const astro = resolve('node_modules/astro/bin/astro.mjs');
    const run = spawnSync(process.execPath, [astro, 'build'], { stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
    if (run.status !== 0) return run.status ?? 1;
  }
  try {
    const built = buildPackages(options);
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`.padStart(8);
    console.log(`LMS packages in ${options.out}/ (site URLs rewritten to relative paths):`);
    for (const p of built) console.log(`${kb(p.bytes)}  ${relative(process.cwd(), p.file)}`);
    if (options.includeLmsLearnerId) console.log('note: --include-lms-learner-id: result records will carry the LMS learner id (lmsLearnerId)');
    return 0;
  } catch (error) {
    console.error(`package: ${(error as Error).message}`);
    return error instanceof PackageArgumentError ? 2 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
