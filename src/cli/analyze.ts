// npm run analyze -- [--instrument FILE] [--fuzzy] [--format json|csv|html] [--out PATH] FILES...
//
// Reads result-record JSON files and long CSV files (or directories holding them), checks them against
// the questionnaire, matches pre to post and writes the evaluator's report:
//   json  one report object to --out or stdout (nothing else on stdout; messages go to stderr)
//   csv   every export (long, wide, scale scores, report tables, codebook, report.json) into --out (a directory)
//   html  a self-contained printable report to --out or stdout
// Exit status: 0 = report written (even if some records were rejected: they are listed on stderr and in
// the report's `problems`); 1 = a file or the questionnaire could not be read; 2 = bad arguments.
import { hash as digest } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { instrumentFingerprint } from '../lib/instrument/fingerprint.ts';
import { InstrumentFileError, parseInstrument } from '../lib/instrument/load.ts';
import type { Instrument } from '../lib/instrument/schema.ts';
import { buildDataset } from '../lib/analysis/dataset.ts';
import { exportAllFiles } from '../lib/analysis/export-all.ts';
import { renderReportHtml } from '../lib/analysis/export-html.ts';
import { analyzeDataset } from '../lib/analysis/report.ts';
import { importFiles, listInstruments } from '../lib/import/import.ts';
import type { ImportFile } from '../lib/import/import-types.ts';

const USAGE = `Usage: npm run analyze -- [options] FILES...

FILES are result-record JSON files (as learners download them) and long CSV files
(participant,timepoint,item,value[,cohort,module,instrument,instrument_version]), or directories
holding them (their .json and .csv files are read).

Options:
  --instrument FILE   questionnaire definition (YAML or JSON). Default: the one the records name,
                      looked up in content/instruments/ by id and version.
  --fuzzy             also match codes that differ in exactly one element (only unique candidates)
  --format FORMAT     json (default), csv or html
  --out PATH          json/html: file to write (default: stdout); csv: directory to write (required)
  -h, --help          show this help
`;

const INSTRUMENTS_DIR = resolve(import.meta.dirname, '../../content/instruments');
const MAX_PROBLEM_LINES = 50;

class CliError extends Error {
  readonly code: number;
  constructor(message: string, code: number) {
    super(message);
    this.code = code;
  }
}

const say = (text: string) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);

function readInputs(paths: readonly string[]): ImportFile[] {
  const files: ImportFile[] = [];
  for (const path of paths) {
    let names: string[];
    try {
      names = statSync(path).isDirectory()
        ? readdirSync(path).filter((n) => /\.(json|csv)$/i.test(n)).sort().map((n) => join(path, n))
        : [path];
    } catch (error) {
      throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`, 1);
    }
    if (names.length === 0) say(`warning: directory ${path} holds no .json or .csv files`);
    for (const name of names) {
      try {
        files.push({ name, text: readFileSync(name, 'utf8') });
      } catch (error) {
        throw new CliError(`cannot read ${name}: ${(error as Error).message}`, 1);
      }
    }
  }
  return files;
}

function loadInstrumentFile(path: string): Instrument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the questionnaire file ${path}: ${(error as Error).message}`, 1);
  }
  try {
    return parseInstrument(text, path);
  } catch (error) {
    if (error instanceof InstrumentFileError) throw new CliError(`the questionnaire file is not valid: ${error.message}`, 1);
    throw error;
  }
}

function findInstrument(files: readonly ImportFile[]): Instrument {
  const refs = listInstruments(files);
  const named = [...new Map(refs.map((r) => [`${r.id}@${r.version}`, r])).values()];
  if (named.length === 0) {
    throw new CliError('the files do not say which questionnaire they belong to (for example a CSV without an "instrument" column); name it with --instrument FILE', 1);
  }
  if (named.length > 1) {
    const list = named.map((r) => `${r.id} ${r.version || '(no version)'}`).join(', ');
    throw new CliError(`the files name more than one questionnaire or version (${list}); choose one with --instrument FILE (records of the others are then kept apart)`, 1);
  }
  const want = named[0]!;
  let candidates: string[] = [];
  try {
    candidates = readdirSync(INSTRUMENTS_DIR).filter((n) => /\.(ya?ml|json)$/i.test(n)).map((n) => join(INSTRUMENTS_DIR, n));
  } catch {
    // no instruments directory: handled below
  }
  const matches: Instrument[] = [];
  for (const path of candidates) {
    try {
      const inst = parseInstrument(readFileSync(path, 'utf8'), path);
      if (inst.id === want.id && inst.version === want.version) matches.push(inst);
    } catch {
      // an invalid definition cannot be the one wanted
    }
  }
  if (matches.length === 0) {
    throw new CliError(`questionnaire "${want.id}" version ${want.version || '(none)'} is not in ${INSTRUMENTS_DIR}; give its definition with --instrument FILE`, 1);
  }
  if (matches.length > 1) throw new CliError(`more than one definition of "${want.id}" ${want.version} in ${INSTRUMENTS_DIR}; choose one with --instrument FILE`, 1);
  return matches[0]!;
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`, 1);
  }
}

function run(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        instrument: { type: 'string' },
        fuzzy: { type: 'boolean', default: false },
        format: { type: 'string', default: 'json' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = values.format;
  if (format !== 'json' && format !== 'csv' && format !== 'html') throw new CliError(`--format must be json, csv or html (got "${format}")\n\n${USAGE}`, 2);
  if (format === 'csv' && !values.out) throw new CliError('--format csv needs --out DIRECTORY (the files are written there)', 2);
  if (positionals.length === 0) throw new CliError(`no input files given\n\n${USAGE}`, 2);

  const files = readInputs(positionals);
  const instrument = values.instrument ? loadInstrumentFile(values.instrument) : findInstrument(files);
  const hash = instrumentFingerprint(instrument);
  const sha256 = (text: string) => digest('sha256', text, 'hex');
  const imported = importFiles(files, instrument, hash, { sha256 });
  const dataset = buildDataset(imported, instrument, { fuzzy: values.fuzzy });
  const report = analyzeDataset(dataset, { fuzzy: values.fuzzy });

  // Messages (stderr only).
  const c = imported.counts;
  const f = report.sampleFlow;
  say(`Questionnaire ${instrument.id} ${instrument.version}. Read ${c.files} file${c.files === 1 ? '' : 's'}, ${c.recordsRead} records: ${c.imported} imported, ${c.rejected} rejected, ${c.otherInstrument} kept apart (other questionnaire), ${c.identicalCopies} identical copies.`);
  say(`Matched ${f.matched} pairs${values.fuzzy ? ` + ${f.matchedFuzzy} fuzzy` : f.fuzzyAvailable ? ` (--fuzzy would add ${f.fuzzyAvailable})` : ''}; ${f.preOnly} pre only, ${f.postOnly} post only, ${f.duplicates} duplicate records set aside.`);
  if (imported.problems.length) {
    say(`${c.errors} error${c.errors === 1 ? '' : 's'} and ${c.warnings} warning${c.warnings === 1 ? '' : 's'}:`);
    for (const p of imported.problems.slice(0, MAX_PROBLEM_LINES)) {
      const at = p.line !== undefined ? `:${p.line}` : p.record !== undefined ? ` record ${p.record}` : '';
      say(`  ${p.file}${at}: ${p.severity}: ${p.message}`);
    }
    if (imported.problems.length > MAX_PROBLEM_LINES) say(`  … and ${imported.problems.length - MAX_PROBLEM_LINES} more (all are in the report's "problems")`);
  }

  if (format === 'json') {
    const text = JSON.stringify(report, null, 2) + '\n';
    if (values.out) write(values.out, text);
    else process.stdout.write(text);
  } else if (format === 'html') {
    const text = renderReportHtml(report, instrument);
    if (values.out) write(values.out, text);
    else process.stdout.write(text);
  } else {
    const dir = values.out!;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new CliError(`cannot create directory ${dir}: ${(error as Error).message}`, 1);
    }
    const out = exportAllFiles(dataset, report);
    for (const [name, text] of Object.entries(out)) write(join(dir, name), text);
    say(`Wrote ${Object.keys(out).length} files to ${dir}: ${Object.keys(out).join(', ')}`);
  }
  if (values.out && format !== 'csv') say(`Wrote ${values.out}`);
  return 0;
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (error) {
  if (error instanceof CliError) {
    say(`analyze: ${error.message}`);
    process.exitCode = error.code;
  } else {
    say(`analyze: unexpected error: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
}
