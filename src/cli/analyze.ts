// npm run analyze -- [--instrument FILE] [--fuzzy] [--format json|csv|html] [--out PATH] FILES...
// npm run analyze -- --lrs URL --activity IRI [--since DATE] [other options] [FILES...]
//   (LRS_KEY and LRS_SECRET in the environment: pulls the records cmi5 packages sent to the LRS)
// LMS_ID_SALT in the environment: the salt of hashed LMS learner ids and names used as ids (else random for each run)
// npm run analyze -- [--redcap-events EVENT=TP,…] [--timepoint TP | FILE=TP,…] REDCAP-OR-QUALTRICS-EXPORTS...
//
// Reads result-record JSON files, long CSV files, REDCap and Qualtrics CSV exports (or directories
// holding them), checks them against
// the questionnaire, scores the knowledge questions against content/knowledge/, matches pre to post and
// writes the evaluator's report:
//   json  one report object to --out or stdout (nothing else on stdout; messages go to stderr)
//   csv   every export (long, wide, scale scores, report tables, codebook, report.json) into --out (a directory)
//   html  a self-contained printable report to --out or stdout
// Exit status (EXIT below): 0 = report written from every input (records, rows or answers set aside within
// a file are listed on stderr and in the report's `problems`); 3 = report written from part of the input:
// some file could not be read, was refused whole or gave no record (every record or row in it an error),
// or the LRS pull stopped at the limit on records;
// 1 = nothing to analyse (no record imported: the report is still written, listing why), or a path, the
// questionnaire or the LRS could not be read; 2 = bad arguments.
// A file that is too large, too deep, not a regular file or otherwise hostile is a problem in the report
// (named, with the limit it broke), not a reason to stop: the other files are analysed. Everything from a
// file that is printed (names, messages) has its control characters and escape sequences made visible.
import { hash as digest } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Instrument } from '../lib/instrument/schema.ts';
import type { ChosenInstrument, NoInstrument } from '../lib/import/instrument-choice.ts';
import type { ImportFile, ImportOptions } from '../lib/import/import-types.ts';
import { DEFAULT_LIMITS, formatBytes, formatCount as n, printable } from '../lib/import/limits.ts';
import { statementNote } from '../lib/import/problem-place.ts';
import { cachedYamlParser } from './yaml-cache.ts';
import { invokedFrom } from './invocation.ts';
import { readWhole } from './read-whole.ts';
import { decodeText, mayBeOtherEncoding } from '../lib/util/text-encoding.ts';
import { TextChangedError, type TextPieces } from '../lib/import/text-pieces.ts';
import { readPieces } from './read-pieces.ts';
import { PAGES_ROLE, startPagesWorker, statementPagesInThread, type PagesJob } from './lrs-pages.ts';
import type { Worker } from 'node:worker_threads';

/** The evaluator's library, loaded once the arguments are known to be right (so --help and mistakes are quick). */
async function loadLibrary() {
  const [fingerprint, load, dataset, exportAll, report, imp, knowledge, choice] = await Promise.all([
    import('../lib/instrument/fingerprint.ts'),
    import('../lib/instrument/load.ts'),
    import('../lib/analysis/dataset.ts'),
    import('../lib/analysis/export-all.ts'),
    import('../lib/analysis/report.ts'),
    import('../lib/import/import.ts'),
    import('../lib/import/knowledge-files.ts'),
    import('../lib/import/instrument-choice.ts'),
  ]);
  return {
    instrumentFingerprint: fingerprint.instrumentFingerprint,
    InstrumentFileError: load.InstrumentFileError,
    parseInstrument: load.parseInstrument,
    buildDataset: dataset.buildDataset,
    exportAllFiles: exportAll.exportAllFiles,
    analyzeDataset: report.analyzeDataset,
    importFiles: imp.importFiles,
    listInstruments: imp.listInstruments,
    loadKnowledgeBanks: knowledge.loadKnowledgeBanks,
    courseModuleIds: knowledge.courseModuleIds,
    reportJsonText: exportAll.reportJsonText,
    reportHtmlText: exportAll.reportHtmlText,
    importWithChosen: choice.importWithChosen,
    MAX_INSTRUMENT_BYTES: load.MAX_INSTRUMENT_BYTES,
  };
}
type Library = Awaited<ReturnType<typeof loadLibrary>>;

/** The exit statuses (docs/evaluators.md, README). */
const EXIT = { ok: 0, failed: 1, badArguments: 2, partial: 3 } as const;

const USAGE = `Usage: npm run analyze -- [options] FILES...

FILES are result-record JSON files (as learners download them), xAPI statements as an LRS exports
them (JSON), long CSV files (participant,timepoint,item,value[,cohort,module,instrument,
instrument_version,instrument_hash]), SCORM interaction reports (Moodle's, or the generic
learner,attempt,interaction_id,response CSV), REDCap CSV exports (raw data) and Qualtrics CSV exports
(numeric values), or directories holding them (their .json, .jsonl, .ndjson, .csv, .tsv and .txt
files are read; a spreadsheet among them is named with what to do, other entries are listed as not
read). JSON Lines (one statement or record per line) is read too. Exports are recognised by their
contents, whatever the file is called.

Options:
  --instrument FILE   questionnaire definition (YAML or JSON). Default: the one the records name,
                      looked up in content/instruments/ by id and version.
  --fuzzy             also match codes that differ in exactly one element (only unique candidates)
  --lrs URL           also read the records a cmi5 package sent to this LRS (its xAPI endpoint), page by
                      page; the key and secret come from the environment (LRS_KEY, LRS_SECRET), never
                      from the command line
  --activity IRI      with --lrs: the AU (or, where the LMS names it in statements, course) whose records to read
  --since DATE        with --lrs: only statements stored since this date (ISO 8601)
  --redcap-events MAP REDCap events to timepoints, e.g. baseline_arm_1=pre,post_arm_1=post; events not
                      named: pre/baseline/month_0 → pre, post → post, then → then, follow/fu or 4 weeks
                      or more (month_3, 6mo, post_3_months) → followup; a name saying pre with post,
                      follow-up or a later time (pre_post, baseline_month_3) needs a mapping
  --timepoint TP      the timepoint (pre, post, then, followup) of REDCap exports without events and
                      Qualtrics exports without a "timepoint" field; or FILE=TP,… per file name
  --format FORMAT     json (default), csv or html
  --out PATH          json/html: file to write (default: stdout); csv: directory to write (required)
  -h, --help          show this help

Environment:
  LRS_KEY, LRS_SECRET the LRS credentials for --lrs (never shown in any output)
  LMS_ID_SALT         the salt of the hashes that stand for LMS learner ids (lms-…) in interaction
                      reports without participant codes, and for participant ids that read as names
                      (name-…); without it the salt is random for each run, so the same learner gets
                      another id in each run's outputs

Exit status:
  0  the report was written from every input (records, rows or answers set aside are listed)
  3  the report was written from part of the input: some file could not be read, was refused whole or
     gave no record (every record or row in it an error), or the LRS pull stopped at the limit on
     records; the rest was analysed
  1  nothing to analyse (no record imported; the report is still written, listing why), or a path, the
     questionnaire or the LRS could not be read
  2  bad arguments

Limits (what goes over one is reported and left out; the rest is analysed):
  ${formatBytes(DEFAULT_LIMITS.maxFileBytes)} per file, ${formatBytes(DEFAULT_LIMITS.maxTotalBytes)} in all; ${n(DEFAULT_LIMITS.maxRecordsPerFile)} records per JSON file, ${n(DEFAULT_LIMITS.maxRecordsTotal)} in all;
  ${n(DEFAULT_LIMITS.maxCsvRows)} rows per CSV file; JSON nested at most ${DEFAULT_LIMITS.maxJsonDepth} levels; texts of at most ${n(DEFAULT_LIMITS.maxStringChars)} characters.
`;

const CONTENT_DIR = resolve(import.meta.dirname, '../../content');
/** The shipped questionnaires' and knowledge banks' YAML as parsed before (src/cli/yaml-cache.ts). */
const parseYaml = cachedYamlParser(resolve(import.meta.dirname, '../../.cache/yaml'));
const INSTRUMENTS_DIR = join(CONTENT_DIR, 'instruments');
const MAX_PROBLEM_LINES = 50;
/** A date, or a date and time with seconds, fraction and zone optional, as ISO 8601 writes them. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
/** The questionnaire is guessed from this much of each long CSV (then checked against the import's count of its records). */
const GUESS_CHARS = 1024 * 1024;
/** SHA-256 of a text, to verify the records' checksums: node:crypto's, the same as the library's own, faster. */
const sha256 = (text: string) => digest('sha256', text, 'hex');
const sha256Bytes = (bytes: Uint8Array) => digest('sha256', bytes, 'hex');

class CliError extends Error {
  readonly code: number;
  constructor(message: string, code: number) {
    super(message);
    this.code = code;
  }
}

/** Writes a message to stderr, every line made printable (no escape sequence from a file reaches the terminal). */
const say = (text: string) => process.stderr.write(`${text.replace(/\n$/, '').split('\n').map(printable).join('\n')}\n`);

/** A file's bytes as text: UTF-8 (the usual case, at native speed), else decoded otherwise (text-encoding.ts). */
function textOf(name: string, bytes: number, content: Buffer): ImportFile {
  const text = content.toString('utf8');
  if (!mayBeOtherEncoding(text)) return { name, text, bytes };
  const decoded = decodeText(content);
  return { name, text: decoded.text, bytes, ...(decoded.note ? { encodingNote: decoded.note } : {}) };
}

/**
 * Files of at least this size that read the same in pieces (text-pieces.ts: most long CSVs) are read so, a
 * megabyte at a time into one buffer, when the import reads them (and once before, to check them). The
 * others are read whole in the background (Node's thread pool) while the library loads, one after another,
 * so that hundreds of them never hold hundreds of file handles at once (a system's limit, 256 on macOS,
 * would make some unreadable). Smaller ones are read at once; reading thousands of them each in turn by
 * promise would cost more than it saves.
 */
const LARGE_FILE_BYTES = 1024 * 1024;

const unreadable = (name: string, error: unknown): ImportFile => ({ name, text: '', unreadable: (error as Error).message });

/**
 * The files of a directory named that are read (Moodle downloads its interactions report as .txt), and
 * spreadsheets, read only to say how to save them as CSV.
 */
const READ_EXTENSIONS = ['json', 'jsonl', 'ndjson', 'csv', 'tsv', 'txt'];
const READ_IN_DIRECTORY = new RegExp(`\\.(${[...READ_EXTENSIONS, 'xlsx', 'xls', 'ods'].join('|')})$`, 'i');
/** ".json, .jsonl, … and .txt", for messages. */
const READ_LIST = READ_EXTENSIONS.map((e) => `.${e}`)
  .join(', ')
  .replace(/, ([^,]*)$/, ' and $1');

/**
 * Reads the files named (and the files of the directories named that READ_IN_DIRECTORY takes, saying which
 * entries it does not). A path that does not exist
 * stops the run (a typing mistake); a file that is not a regular file, cannot be read, or is over the size
 * limits is passed on unread, so the import reports it and analyses the others.
 */
function readInputs(paths: readonly string[]): Promise<ImportFile[]> {
  const files: (ImportFile | Promise<ImportFile>)[] = [];
  let background: Promise<unknown> = Promise.resolve();
  let total = 0;
  for (const path of paths) {
    let names: string[];
    try {
      if (statSync(path).isDirectory()) {
        const entries = readdirSync(path).sort();
        // A spreadsheet or JSON Lines file among them is read too: the import says what to do with it.
        names = entries.filter((n) => READ_IN_DIRECTORY.test(n)).map((n) => join(path, n));
        const skipped = entries.filter((n) => !READ_IN_DIRECTORY.test(n) && !n.startsWith('.'));
        if (skipped.length > 0) {
          const shown = skipped.slice(0, 5).join(', ') + (skipped.length > 5 ? `, and ${skipped.length - 5} more` : '');
          say(
            `warning: directory ${path}: ${skipped.length} ${skipped.length === 1 ? 'entry was' : 'entries were'} not read, as only ${READ_LIST} files are (and spreadsheets, to say how to save them as CSV): ${shown}`,
          );
        }
      } else names = [path];
    } catch (error) {
      throw new CliError(
        `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`,
        1,
      );
    }
    if (names.length === 0) say(`warning: directory ${path} holds no ${READ_LIST.replace(/ and (\S+)$/, ' or $1')} files`);
    for (const name of names) {
      let stats: Stats;
      try {
        stats = statSync(name);
      } catch (error) {
        files.push({ name, text: '', unreadable: (error as Error).message });
        continue;
      }
      if (!stats.isFile()) {
        files.push({ name, text: '', unreadable: 'not a regular file' });
        continue;
      }
      if (stats.size > DEFAULT_LIMITS.maxFileBytes || total + stats.size > DEFAULT_LIMITS.maxTotalBytes) {
        files.push({ name, text: '', bytes: stats.size }); // reported by the import, not read
        continue;
      }
      total += stats.size;
      if (stats.size >= LARGE_FILE_BYTES) {
        // A large file that reads the same in pieces is read so, never whole (text-pieces.ts says why).
        let pieces: TextPieces | null = null;
        try {
          pieces = readPieces(name);
        } catch (error) {
          files.push(unreadable(name, error));
          continue;
        }
        if (pieces) {
          files.push({ name, text: '', bytes: stats.size, pieces });
          continue;
        }
        const file = background
          .then(() => readWhole(name, stats.size))
          .then((content) => textOf(name, stats.size, content))
          .catch((error: unknown) => unreadable(name, error));
        background = file;
        files.push(file);
        continue;
      }
      try {
        files.push(textOf(name, stats.size, readFileSync(name)));
      } catch (error) {
        files.push(unreadable(name, error));
      }
    }
  }
  return Promise.all(files);
}

function loadInstrumentFile({ parseInstrument, InstrumentFileError, MAX_INSTRUMENT_BYTES }: Library, path: string): Instrument {
  let text: string;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Error('not a regular file');
    if (stats.size > MAX_INSTRUMENT_BYTES)
      throw new Error(`it is ${formatBytes(stats.size)}, more than the limit of ${formatBytes(MAX_INSTRUMENT_BYTES)} for a questionnaire definition`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the questionnaire file ${path}: ${(error as Error).message}`, 1);
  }
  try {
    return parseInstrument(text, path); // a file being edited: parsed every time, its warnings shown every time
  } catch (error) {
    if (error instanceof InstrumentFileError) throw new CliError(`the questionnaire file is not valid: ${error.message}`, 1);
    throw error;
  }
}

/** The questionnaires shipped in content/instruments/ (an invalid definition cannot be the one wanted). */
function shippedInstruments({ parseInstrument }: Library): Instrument[] {
  try {
    return readdirSync(INSTRUMENTS_DIR)
      .filter((n) => /\.(ya?ml|json)$/i.test(n))
      .flatMap((n) => {
        const path = join(INSTRUMENTS_DIR, n);
        try {
          return [parseInstrument(readFileSync(path, 'utf8'), path, parseYaml)];
        } catch {
          return [];
        }
      });
  } catch {
    return []; // no instruments directory: handled by the caller
  }
}

/** Why no questionnaire could be chosen (instrument-choice.ts), and how to give one. */
function noInstrumentError(none: NoInstrument): CliError {
  if (none.reason === 'none named') {
    return new CliError(
      'the files do not say which questionnaire they belong to (for example a CSV without an "instrument" column, or a REDCap or Qualtrics export); name it with --instrument FILE',
      1,
    );
  }
  if (none.reason === 'shipped twice')
    return new CliError(`more than one definition of "${none.id}" ${none.version} in ${INSTRUMENTS_DIR}; choose one with --instrument FILE`, 1);
  return new CliError(
    `questionnaire "${none.id}" version ${none.version || '(none)'} is not in ${INSTRUMENTS_DIR}; give its definition with --instrument FILE`,
    1,
  );
}

/** What to say about the questionnaire chosen: read as the newest shipped, or chosen among several named. */
function choiceNotes({ instrument, named, fallback }: ChosenInstrument): string[] {
  if (fallback) {
    // REDCap and Qualtrics exports (and long CSV without an instrument column) name no questionnaire.
    return [
      `note: the files do not say which questionnaire they hold; analysing ${instrument.id} ${instrument.version}, the newest in ${INSTRUMENTS_DIR}. Choose another with --instrument FILE.`,
    ];
  }
  if (named.length <= 1) return [];
  // The questionnaire most records name is analysed; the others' records are counted and kept apart
  // (a stray entry or a few records of another version never stop the run).
  const list = named.map((r) => `${r.id} ${r.version || '(no version)'} (${n(r.records)})`).join(', ');
  return [
    `note: the files name more than one questionnaire or version: ${list}. Analysing ${named[0]!.id} ${named[0]!.version}, which most records name; the others are kept apart. Choose another with --instrument FILE.`,
  ];
}

/** "2 files", "120 LRS pages with records", "1 file and 120 LRS pages with records": an LRS's pages are read as files, and said apart. */
function inputsRead(c: { files: number; lrsPages: number }): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const files = c.files - c.lrsPages;
  if (!c.lrsPages) return count(files, 'file');
  const pages = `${count(c.lrsPages, 'LRS page')} with records`;
  return files ? `${count(files, 'file')} and ${pages}` : pages;
}

/**
 * Imports the files with the questionnaire most of their records name (or the one given). The first guess
 * comes from listInstruments, which reads only the first megabyte of each long CSV and counts its rows (a
 * quick look, without a second pass over the file); the import then counts the records naming each
 * questionnaire (the one imported and those kept apart), and those counts decide. When they name another
 * one, the files are imported again with it: the result is always the import with the questionnaire most
 * records name, whatever the files' formats (a long CSV's rows are not records).
 */
function importWithInstrument(lib: Library, files: ImportFile[], given: string | undefined, options: ImportOptions) {
  const { importFiles, instrumentFingerprint, listInstruments, importWithChosen } = lib;
  // Each file's text (or records read from an LRS) is let go once it is imported for good: 100,000
  // learners are some 250 MB of either.
  const letGo = (file: ImportFile) => {
    file.text = '';
    delete file.pieces;
    delete file.entries;
    delete file.checked;
  };
  const importWith = (instrument: Instrument, onFile?: ImportOptions['onFile']) =>
    importFiles(files, instrument, instrumentFingerprint(instrument), { ...options, onFile });
  const letEachGo: ImportOptions['onFile'] = (done) => letGo(files[done - 1]!);
  if (given) {
    const instrument = loadInstrumentFile(lib, given);
    return { instrument, imported: importWith(instrument, letEachGo) };
  }
  const cut = new Set<ImportFile>();
  const named = listInstruments(files, { firstChars: GUESS_CHARS, onCut: (file) => cut.add(file) });
  // When the first megabyte of a file names no questionnaire that is shipped, the whole files may name one.
  const done = importWithChosen(
    shippedInstruments(lib),
    named,
    (instrument, final) => importWith(instrument, final ? letEachGo : undefined),
    cut.size ? () => listInstruments(files) : undefined,
  );
  if ('reason' in done) throw noInstrumentError(done);
  for (const note of choiceNotes(done.chosen)) say(note);
  files.forEach(letGo);
  return { instrument: done.chosen.instrument, imported: done.imported };
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`, 1);
  }
}

/**
 * The records a cmi5 package sent to an LRS, as import files (one per page): pages are read one at a time
 * and only the records are kept, so memory grows with the records, not with every statement the packages
 * sent. (An LRS leaves voided statements out of query results itself.)
 */
async function pullFromLrs(query: PagesJob['query'], thread: Worker): Promise<{ files: ImportFile[]; stoppedAtLimit: boolean }> {
  const { pullRecordFiles } = await import('../lib/import/lrs-client.ts');
  const { firstPageUrl, LrsError } = await import('../lib/import/lrs-paging.ts');
  const { activity, since } = query;
  try {
    const name = `LRS ${firstPageUrl(query).host}`;
    // Each page's records are checked as the page arrives (all that does not depend on the questionnaire,
    // which is chosen once every page is read), so the parsed statements are let go at once; the pages
    // are fetched by a thread of their own meanwhile.
    const pulled = await pullRecordFiles(query, name, { sha256, sha256Bytes, limits: DEFAULT_LIMITS }, (q) => statementPagesInThread(q, () => thread));
    // Statements carrying records that were read before (on an earlier page, or in a file) are counted
    // once by the import, which says so for each page.
    const { statements, duplicates } = pulled.counts;
    say(
      `LRS: read ${n(statements)} statements in ${n(pulled.pages)} page${pulled.pages === 1 ? '' : 's'}: ${n(pulled.records)} result record${pulled.records === 1 ? '' : 's'}${duplicates ? `, ${n(duplicates)} repeated statements without a record counted once` : ''}.`,
    );
    if (pulled.records === 0) {
      // Nothing else would say why: an empty answer is no problem of any file.
      say(
        `LRS: no result record for --activity ${activity}${since ? ` since ${since}` : ''}: the LRS sent no "submitted" statement carrying one. Check --activity (the AU's IRI, as the package's cmi5.xml names it)${since ? ' and --since' : ''}, and that the package was launched from this LRS's LMS.`,
      );
    }
    if (pulled.stoppedAtLimit) {
      say(
        `LRS: stopped reading after page ${n(pulled.pages)}: the pages read hold more than ${n(DEFAULT_LIMITS.maxRecordsTotal)} records, the most one analysis takes. Narrow the query (--since, or one AU's --activity) and analyse in parts.`,
      );
    }
    return { files: pulled.files, stoppedAtLimit: pulled.stoppedAtLimit === true };
  } catch (error) {
    if (error instanceof LrsError) throw new CliError(`LRS: ${error.message}`, 1);
    throw error;
  }
}

/**
 * --lrs's address and the credentials' form, checked before anything is read: a mistake there is a bad
 * argument (status 2), not a failed pull. The messages never hold the key or secret.
 */
async function checkLrsArguments(endpoint: string, activity: string): Promise<void> {
  const { firstPageUrl, LrsError } = await import('../lib/import/lrs-paging.ts');
  const { credentialProblem, credentialProblemText } = await import('../lib/util/lrs-address.ts');
  try {
    firstPageUrl({ endpoint, activity, key: '', secret: '' });
  } catch (error) {
    if (error instanceof LrsError) throw new CliError(`--lrs: ${error.message}`, 2);
    throw error;
  }
  for (const name of ['LRS_KEY', 'LRS_SECRET'] as const) {
    const problem = credentialProblem(process.env[name]!, name === 'LRS_KEY');
    if (problem === 'control' || problem === 'colon') throw new CliError(credentialProblemText(name, problem), 2);
  }
}

/** --redcap-events and --timepoint, parsed (src/lib/import/source-options.ts); a mistake is a bad argument. */
async function readSourceOptions(events: string | undefined, timepoint: string | undefined): Promise<Pick<ImportOptions, 'redcapEvents' | 'timepoints'>> {
  const out: Pick<ImportOptions, 'redcapEvents' | 'timepoints'> = {};
  if (events === undefined && timepoint === undefined) return out;
  const { parseRedcapEvents, parseTimepoints } = await import('../lib/import/source-options.ts');
  if (events !== undefined) {
    const parsed = parseRedcapEvents(events);
    if (parsed.errors.length) throw new CliError(`--redcap-events: ${parsed.errors.join('; ')}`, 2);
    out.redcapEvents = parsed.events;
  }
  if (timepoint !== undefined) {
    const parsed = parseTimepoints(timepoint);
    if (parsed.errors.length) throw new CliError(`--timepoint: ${parsed.errors.join('; ')}`, 2);
    out.timepoints = parsed.timepoints;
  }
  return out;
}

async function run(argv: string[]): Promise<number> {
  // biome-ignore lint/suspicious/noImplicitAnyLet: typed by the parseArgs call below (its options decide the type)
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        instrument: { type: 'string' },
        fuzzy: { type: 'boolean', default: false },
        lrs: { type: 'string' },
        activity: { type: 'string' },
        since: { type: 'string' },
        'redcap-events': { type: 'string' },
        timepoint: { type: 'string' },
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
  if (positionals.length === 0 && !values.lrs) throw new CliError(`no input files given\n\n${USAGE}`, 2);
  if (values.lrs && !values.activity) throw new CliError('--lrs needs --activity IRI (the AU whose records to read)', 2);
  if ((values.activity || values.since) && !values.lrs) throw new CliError('--activity and --since go with --lrs', 2);
  // Sent to the LRS as typed: xAPI's `since` is an ISO 8601 timestamp, and a local form (01/09/2026) reads as another day.
  if (values.since && (!ISO_8601.test(values.since) || Number.isNaN(Date.parse(values.since))))
    throw new CliError(`--since takes an ISO 8601 date or time, such as 2026-09-01 or 2026-09-01T08:00:00Z (got "${values.since.slice(0, 40)}")`, 2);
  if (values.lrs && (!process.env.LRS_KEY || !process.env.LRS_SECRET))
    throw new CliError('--lrs needs the LRS credentials in the environment: LRS_KEY and LRS_SECRET', 2);
  if (values.lrs) await checkLrsArguments(values.lrs, values.activity!);
  const sourceOptions = await readSourceOptions(values['redcap-events'], values.timepoint);

  // Started first: large files read whole are read while the library loads (those read in pieces are only
  // checked here, at once: src/cli/read-pieces.ts).
  const reading = readInputs(positionals);
  // So is the thread that fetches an LRS's pages: it is ready by the time the pull begins.
  const query = values.lrs
    ? { endpoint: values.lrs, activity: values.activity!, since: values.since, key: process.env.LRS_KEY!, secret: process.env.LRS_SECRET! }
    : null;
  const pagesThread = query ? startPagesWorker({ role: PAGES_ROLE, query }) : null;
  let lib: Awaited<ReturnType<typeof loadLibrary>>;
  let files: ImportFile[];
  let lrsStopped = false;
  try {
    lib = await loadLibrary();
    files = await reading;
    if (query && pagesThread) {
      const pulled = await pullFromLrs(query, pagesThread);
      files.push(...pulled.files);
      lrsStopped = pulled.stoppedAtLimit;
    }
  } finally {
    // The pull ends it; after an error before the pull, the process would wait for it.
    void pagesThread?.terminate();
  }
  const { loadKnowledgeBanks, courseModuleIds, buildDataset, analyzeDataset, exportAllFiles, reportJsonText, reportHtmlText } = lib;
  // Same salt, same hashed LMS ids from run to run (an evaluator joining this run's exports with the last's).
  const idSalt = process.env.LMS_ID_SALT || undefined;
  const { instrument, imported } = importWithInstrument(lib, files, values.instrument, {
    sha256,
    sha256Bytes,
    ...sourceOptions,
    courseModules: courseModuleIds(CONTENT_DIR),
    ...(idSalt ? { idSalt } : {}),
  });
  const knowledge = loadKnowledgeBanks(CONTENT_DIR, parseYaml);
  for (const problem of knowledge.problems) say(`warning: knowledge questions not used: ${problem}`);
  const dataset = buildDataset(imported, instrument, { fuzzy: values.fuzzy });
  const report = analyzeDataset(dataset, { fuzzy: values.fuzzy, knowledge: knowledge.banks });

  // Messages (stderr only).
  const c = imported.counts;
  const f = report.sampleFlow;
  say(
    `Questionnaire ${instrument.id} ${instrument.version}. Read ${inputsRead(c)}, ${c.recordsRead} records: ${c.imported} imported, ${c.rejected} rejected, ${c.otherInstrument} kept apart (other questionnaire), ${c.identicalCopies} identical copies.`,
  );
  say(
    `Matched ${f.matched} pairs${values.fuzzy ? ` + ${f.matchedFuzzy} fuzzy` : f.fuzzyAvailable ? ` (--fuzzy would add ${f.fuzzyAvailable})` : ''}; ${f.preOnly} pre only, ${f.postOnly} post only, ${f.duplicates} duplicate records set aside.`,
  );
  if (imported.problems.length) {
    const unlisted = c.unlistedErrors + c.unlistedWarnings;
    say(
      `${n(c.errors)} error${c.errors === 1 ? '' : 's'} and ${n(c.warnings)} warning${c.warnings === 1 ? '' : 's'}${unlisted ? `, and ${n(unlisted)} more not listed (${n(c.unlistedErrors)} error${c.unlistedErrors === 1 ? '' : 's'}, ${n(c.unlistedWarnings)} warning${c.unlistedWarnings === 1 ? '' : 's'}: the list stops at its limits)` : ''}:`,
    );
    for (const p of imported.problems.slice(0, MAX_PROBLEM_LINES)) {
      const at = p.line !== undefined ? `:${p.line}` : p.record !== undefined ? ` record ${p.record}${statementNote(p)}` : '';
      say(`  ${printable(p.file)}${at}: ${p.severity}: ${printable(p.message)}`);
    }
    if (imported.problems.length > MAX_PROBLEM_LINES) {
      const more = imported.problems.length - MAX_PROBLEM_LINES;
      say(
        `  … and ${n(more)} more entr${more === 1 ? 'y' : 'ies'} in the report's "problems"${unlisted ? ' (its notes say where the ones not listed are)' : ''}`,
      );
    }
  }

  if (format === 'json') {
    const text = `${reportJsonText(report)}\n`;
    if (values.out) write(values.out, text);
    else process.stdout.write(text);
  } else if (format === 'html') {
    const text = reportHtmlText(report, instrument);
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
  // The status says what the report stands for: every input, part of it, or nothing.
  if (c.imported === 0) {
    say(
      `analyze: nothing to analyse: no record was imported from ${c.files === 1 ? 'the file' : `the ${n(c.files)} inputs`} (the problems above say why); the report written lists them. Exit status ${EXIT.failed}.`,
    );
    return EXIT.failed;
  }
  if (c.filesRejected > 0 || c.filesWithoutRecords > 0 || lrsStopped) {
    const parts = [
      ...(c.filesRejected > 0
        ? [
            `${n(c.filesRejected)} of ${n(c.files)} input${c.files === 1 ? '' : 's'} could not be read or ${c.filesRejected === 1 ? 'was' : 'were'} refused whole (listed above)`,
          ]
        : []),
      ...(c.filesWithoutRecords > 0
        ? [
            `${n(c.filesWithoutRecords)} input${c.filesWithoutRecords === 1 ? '' : 's'} gave no record: every record or row in ${c.filesWithoutRecords === 1 ? 'it' : 'them'} was an error (listed above)`,
          ]
        : []),
      ...(lrsStopped ? ['the LRS pull stopped at the limit on records'] : []),
    ];
    say(`analyze: the report was written from part of the input: ${parts.join('; ')}. Exit status ${EXIT.partial}.`);
    return EXIT.partial;
  }
  return EXIT.ok;
}

/**
 * The CLI: runs with `argv` (the arguments after the script) and gives the exit status. Started by the
 * TypeScript source itself (below), by the bundle's entry (.cache/cli/analyze.mjs), or by the start-up
 * snapshot (src/cli/analyze-snapshot.ts), all through tools/build-cli.mjs.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    // Input files, --out and --instrument as the user typed them, from the folder they typed them in.
    process.chdir(invokedFrom('analyze'));
    return await run(argv);
  } catch (error) {
    if (error instanceof CliError) {
      say(`analyze: ${error.message}`);
      return error.code;
    }
    if (error instanceof TextChangedError) {
      // A file read in pieces that changed between readings (src/cli/read-pieces.ts): nothing is written.
      say(`analyze: ${error.message}`);
      return EXIT.failed;
    }
    say(`analyze: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

// `node src/cli/analyze.ts ARGS`; the bundle and the snapshot call main() themselves.
// (No top-level await: the snapshot's bundle is CommonJS, which has none.)
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
