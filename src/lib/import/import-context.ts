// Shared state of one import run: the instrument being checked against, the problems found, the counts,
// and the records kept. Used by every reader (import-json.ts, import-csv.ts, redcap-csv.ts, qualtrics-csv.ts,
// lms-interactions.ts).
//
// Problems are gathered per file: the same problem found more than `aggregateAfter` times in one file
// becomes one entry that says how many times and where the first ones are ("3,412 records: …; first at
// record 7"), so a file of a million bad rows gives a short list, in bounded memory.
import { lookupFor, type InstrumentLookup } from '../instrument/scoring.ts';
import type { Instrument } from '../instrument/schema.ts';
import { sha256Hex } from '../util/sha256.ts';
import type { ImportCounts, ImportedFileSummary, ImportedRecord, ImportOptions, ImportProblem, ImportResult, OtherInstrumentGroup } from './import-types.ts';
import { formatCount, quoted, withDefaults, type ImportLimits } from './limits.ts';
import { CourseModules, type ModuleReading, respeltModuleWarning, unknownModuleWarning } from './course-modules.ts';
import { lastCodeMemo, looksLikeName, personalDataIn, withoutPersonalData } from './participant-ids.ts';
import { statementNote } from './problem-place.ts';
import { StatementLedger, type StatementPlace, voidedRecordProblem } from './xapi.ts';

/** A problem's place: the file, and a CSV line or a JSON record (and the xAPI statement that carried it). */
export type Where = { file: string; record?: number; line?: number; statement?: string };

export function describeWhere(w: Where): string {
  if (w.line !== undefined) return `${w.file} line ${w.line}`;
  if (w.record !== undefined) return `${w.file} record ${w.record}${statementNote(w)}`;
  return w.file;
}

/** "1–5" for consecutive points, else "1, 3, 5". */
export function describePoints(values: readonly number[]): string {
  const consecutive = values.every((v, i) => i === 0 || v === (values[i - 1] as number) + 1);
  return consecutive && values.length > 2 ? `${values[0]}–${values[values.length - 1]}` : values.join(', ');
}

/** Where a record was read, as a problem names it. */
function placeOf(record: ImportedRecord): Where {
  const where: Where = { file: record.file };
  if (record.line !== undefined) where.line = record.line;
  else if (record.record !== undefined) where.record = record.record;
  if (record.statement !== undefined) where.statement = record.statement;
  return where;
}

const emptyCounts = (files: number): ImportCounts => ({
  files,
  lrsPages: 0,
  filesRejected: 0,
  filesWithoutRecords: 0,
  recordsRead: 0,
  imported: 0,
  rejected: 0,
  otherInstrument: 0,
  identicalCopies: 0,
  checksumMismatch: 0,
  valuesRejected: 0,
  notAnalysedTimepoint: 0,
  csvRows: 0,
  csvRowsRejected: 0,
  errors: 0,
  warnings: 0,
  unlistedErrors: 0,
  unlistedWarnings: 0,
});

/** "3 errors and 957 warnings", for a note of problems not listed. */
const unlistedKinds = (count: number, errors: number) =>
  `${formatCount(errors)} error${errors === 1 ? '' : 's'} and ${formatCount(count - errors)} warning${count - errors === 1 ? '' : 's'}`;

/** What one occurrence of a problem is counted as, in an aggregated entry ("3,412 rows: …"). */
export type ProblemUnit = 'record' | 'row' | 'answer' | 'time';
const PLURAL: Record<ProblemUnit, string> = { record: 'records', row: 'rows', answer: 'answers', time: 'times' };

/** The same problem (severity + kind) within one file. */
interface ProblemGroup {
  kind: string;
  severity: ImportProblem['severity'];
  unit: ProblemUnit;
  count: number;
  /** The entries listed one by one (the first `aggregateAfter`). */
  entries: ImportProblem[];
  /** Line or record numbers of the first few occurrences. */
  at: number[];
}

const SHOWN_LOCATIONS = 5;
/**
 * At most this many distinct texts are kept in each of the import's maps of texts (the copies `shared`
 * keeps, the cohort and module texts looked at, the module texts to say): past it, texts are looked at
 * again each time, so a file of a million different texts stays in bounded memory.
 */
const MAX_DISTINCT_TEXTS = 10_000;
/** How the stand-in for a withheld cohort or module text begins (its number and ")" follow). */
const WITHHELD = { cohort: '(withheld cohort ', module: '(withheld module ' } as const;
const NAME_AS_ID =
  'the participant id of this record reads as a person\'s name (two to four words of letters, no digit), which is never copied into a report or export: it is used only to match the records that carry it, and every output shows a salted hash ("name-" and 16 hex digits) in its place; export record ids or participant codes instead of names';
/** Module texts said one by one (course-modules.ts); the rest in one line. */
const MODULE_NOTES = 20;

export class ImportContext {
  readonly instrument: Instrument;
  readonly hash: string;
  readonly lookup: InstrumentLookup;
  /** Demographic question id → allowed option values. */
  readonly demographicOptions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Item id → allowed response values. */
  readonly itemPoints: ReadonlyMap<string, ReadonlySet<number>>;
  readonly sha256: (text: string) => string;
  /** SHA-256 (hex) of bytes, when the caller gave one (ImportOptions.sha256Bytes). */
  readonly sha256Bytes: ((bytes: Uint8Array) => string) | null;
  /** Where checksums go to be checked after the import (ImportOptions.checksumLater). */
  readonly checksumLater: ((bytes: Uint8Array, written: string) => void) | null;
  readonly problems: ImportProblem[] = [];
  readonly records: ImportedRecord[] = [];
  readonly counts: ImportCounts;
  readonly limits: ImportLimits;
  /** The options this import was started with (e.g. idSalt for import/lms-interactions.ts). */
  readonly options: ImportOptions;
  /** Bytes of the files read so far (for maxTotalBytes). */
  bytesRead = 0;
  /**
   * What the reading made of the options on other systems' exports (source-options.ts reportUnusedOptions):
   * the REDCap exports with events read, their events (the first few, to name them), the mapped events
   * found, and whether any row took the timepoint given for every file.
   */
  readonly optionUse = { exportsWithEvents: 0, eventsSeen: new Set<string>(), mappedSeen: new Set<string>(), allTimepoint: false };
  /** The xAPI statement ids and voiding statements read in this import, over all its files and pages (xapi.ts). */
  readonly statements = new StatementLedger();
  /**
   * The first row read of each response of a REDCap or Qualtrics export, over all the files of this import
   * (wide-csv.ts): its file, line and the hash of what it says. Another row of it is a copy
   * (the same values: overlapping exports) or not.
   */
  readonly wideRows = new Map<string, { file: string; line: number; values: number }>();
  private readonly others = new Map<string, OtherInstrumentGroup>();
  /** Content key → where the first copy was read. */
  private readonly seen = new Map<string, Where>();
  private seq = 0;
  /** One copy of each text that many records repeat (see `shared`). */
  private readonly sharedTexts = new Map<string, string>();
  /** The items of the last record's answers by position, and their response values (checkResponses). */
  private readonly lastItemIds: string[] = [];
  private readonly lastItemPoints: ReadonlySet<number>[] = [];
  /** The same for background questions and their options (checkDemographics). */
  private readonly lastQuestionIds: string[] = [];
  private readonly lastQuestionOptions: ReadonlySet<string>[] = [];
  private readonly files: ImportedFileSummary[] = [];
  private fileSummary: ImportedFileSummary | null = null;
  /** The file being read, where its entries start in `problems`, and its problems by kind. */
  private file: string | null = null;
  private fileStart = 0;
  private readonly groups = new Map<string, ProblemGroup>();
  private readonly groupOf = new Map<ImportProblem, ProblemGroup>();
  /** Problems of this file past its limit on different problems (and how many of them are errors). */
  private fileOverflow = { count: 0, errors: 0 };
  /** Problems past the limit on entries in all, from the first file that had one on (and how many are errors). */
  private totalOverflow: { count: number; errors: number; firstFile: string } | null = null;

  /** The notes that say how many problems are not listed: entries of the list, not problems. */
  private readonly unlistedNotes = new Set<ImportProblem>();

  /** Counts a problem that is not listed; the note that says so is an error when any such problem is one. */
  private unlisted(into: { count: number; errors: number }, severity: ImportProblem['severity'], n = 1): void {
    into.count += n;
    if (severity === 'error') {
      into.errors += n;
      this.counts.unlistedErrors += n;
    } else this.counts.unlistedWarnings += n;
  }
  /**
   * Errors found in each file (listed or not); -1 for a file refused whole (counted in filesRejected) or one
   * some records of which were kept apart or read as copies (not lost): what filesWithoutRecords counts.
   */
  private readonly fileErrors: number[] = [];
  /** Records kept apart and identical copies counted before the file being read. */
  private keptAtStart = 0;
  /** Per file, by its place in the import: the seq of its first record, and where its problems end once it is read. */
  private readonly fileSeqStart: number[] = [];
  private readonly segmentEnd: number[] = [];
  /** Per file: what its reader says when records of it are voided by a file read later (whenVoidedLater). */
  private readonly lateVoidNotes = new Map<number, (voided: number) => ImportProblem | null>();
  /** Statement ids of kept records that ImportedRecord.statement does not hold (ids that are not UUIDs). */
  private readonly hiddenStatementIds = new Map<ImportedRecord, string>();
  /**
   * Identical copies of records, noted once statements have been read (content key → each copy's place,
   * the statement that carried it and its file's place): one stands in for a record voided later.
   */
  private readonly copies = new Map<string, { where: Where; id: string | null; fileIndex: number }[]>();

  constructor(instrument: Instrument, hash: string, files: number, options: ImportOptions) {
    this.instrument = instrument;
    this.hash = hash;
    this.lookup = lookupFor(instrument);
    this.demographicOptions = new Map(instrument.demographics.map((d) => [d.id, new Set(d.options.map((o) => o.value))]));
    this.itemPoints = new Map(instrument.items.map((item) => [item.id, new Set(this.lookup.responseScaleOf(item).points.map((p) => p.value))]));
    this.sha256 = options.sha256 ?? sha256Hex;
    this.sha256Bytes = options.sha256Bytes ?? null;
    this.checksumLater = options.checksumLater ?? null;
    this.counts = emptyCounts(files);
    this.limits = withDefaults(options.limits);
    this.options = options;
    this.course = options.courseModules?.length ? new CourseModules(options.courseModules) : null;
  }

  /** Starts the problems of one file (problems are grouped and limited per file). */
  beginFile(file: string): void {
    if (this.file !== null) this.endFile();
    this.file = file;
    this.fileSummary = { file, format: null, records: 0, codes: 0, otherIds: 0 };
    this.files.push(this.fileSummary);
    this.fileErrors.push(0);
    this.keptAtStart = this.counts.otherInstrument + this.counts.identicalCopies;
    this.fileSeqStart.push(this.seq);
    this.fileStart = this.problems.length;
    this.groups.clear();
    this.groupOf.clear();
    this.fileOverflow = { count: 0, errors: 0 };
  }

  /** Ends a file: repeated problems become one entry each, and what was not listed is counted. */
  endFile(): void {
    if (this.file === null) return;
    const { aggregateAfter } = this.limits;
    if ([...this.groups.values()].some((g) => g.count > aggregateAfter)) {
      const segment: ImportProblem[] = [];
      for (const p of this.problems.slice(this.fileStart)) {
        const g = this.groupOf.get(p);
        if (!g || g.count <= aggregateAfter) segment.push(p);
        else if (g.entries[0] === p) segment.push(this.aggregate(g, p));
      }
      this.problems.splice(this.fileStart, this.problems.length - this.fileStart, ...segment);
    }
    // In the order of the file: readers that settle rows at the end (REDCap, Qualtrics: participants) say
    // those problems last. Entries without a place (about the whole file) stay first.
    const at = (p: ImportProblem) => p.line ?? p.record ?? -1;
    const entries = this.problems.slice(this.fileStart);
    if (entries.some((p, i) => i > 0 && at(p) < at(entries[i - 1]!))) {
      this.problems.splice(this.fileStart, entries.length, ...entries.sort((a, b) => at(a) - at(b)));
    }
    const { count, errors } = this.fileOverflow;
    if (count > 0) {
      const note: ImportProblem = {
        file: this.file,
        severity: errors > 0 ? 'error' : 'warning',
        message: `${formatCount(count)} more problem${count === 1 ? '' : 's'} in this file ${count === 1 ? 'is' : 'are'} not listed (${unlistedKinds(count, errors)}; the list stops at ${formatCount(this.limits.maxProblemsPerFile)} different problems per file)${errors > 0 ? '; whatever their errors concern was not imported or was set aside as the listed ones say' : ''}`,
      };
      this.unlistedNotes.add(note);
      this.problems.push(note);
    }
    this.segmentEnd[this.files.length - 1] = this.problems.length;
    // Records kept apart or read as copies of others were not lost: such a file did not give nothing by error.
    if (this.counts.otherInstrument + this.counts.identicalCopies > this.keptAtStart) this.fileErrors[this.files.length - 1] = -1;
    this.file = null;
    this.groups.clear();
    this.groupOf.clear();
  }

  private aggregate(g: ProblemGroup, first: ImportProblem): ImportProblem {
    const unit = first.line !== undefined ? 'line' : first.record !== undefined ? 'record' : null;
    const firstAt = unit ? ` First at ${unit} ${g.at[0]}` : '';
    const detail = g.kind === first.message ? '' : `: ${first.message}`;
    const then = unit && g.at.length > 1 ? `; then ${unit}s ${g.at.slice(1).join(', ')}${g.count > g.at.length ? ', …' : ''}` : '';
    const out = this.entry(first, g.severity, `${formatCount(g.count)} ${PLURAL[g.unit]}: ${g.kind}.${firstAt}${detail}${then}`);
    out.count = g.count;
    return out;
  }

  /** Says what the file being read is read as (ImportedFileSummary.format). */
  setFormat(format: string): void {
    if (this.fileSummary) this.fileSummary.format = format;
  }

  /** Number of records read so far, against the import's limit. */
  recordsLeft(): number {
    return this.limits.maxRecordsTotal - this.counts.recordsRead;
  }

  nextSeq(): number {
    return this.seq++;
  }

  /** The participant code a record's raw participant text reads as (null: not a code). */
  readonly participantCode = lastCodeMemo();

  /**
   * The one copy kept of a text that most records repeat (questionnaire id, version and fingerprint,
   * module): each record parsed from JSON has its own copy, and 200,000 records' 64-character
   * fingerprints alone are 16 MB. Distinct texts are kept up to a bound (a file of all-different values
   * keeps its own copies).
   */
  shared(text: string): string {
    const kept = this.sharedTexts.get(text);
    if (kept !== undefined) return kept;
    if (this.sharedTexts.size < MAX_DISTINCT_TEXTS) this.sharedTexts.set(text, text);
    return text;
  }

  /** A file (or what is left of it) not read: counted, and the reason reported as an error. */
  rejectFile(where: Where, message: string): void {
    this.counts.filesRejected += 1;
    if (this.file !== null) this.fileErrors[this.fileErrors.length - 1] = -1;
    this.problem(where, 'error', message);
  }

  /** A record (read and counted as read) not imported: counted as rejected, and the reason reported as an error. */
  rejectRecord(where: Where, message: string, kind: string = message): void {
    this.counts.rejected += 1;
    this.problem(where, 'error', message, kind, 'record');
  }

  /**
   * Notes a problem. `kind` is the problem without the details of this occurrence (no value, no code):
   * occurrences of the same kind in one file are listed together once there are many of them. Without
   * it, the message itself is the kind. Returns the entry listed for it (null when it is not listed on its own).
   */
  problem(where: Where, severity: ImportProblem['severity'], message: string, kind: string = message, unit?: ProblemUnit): ImportProblem | null {
    if (severity === 'error' && this.file !== null && this.fileErrors[this.fileErrors.length - 1]! >= 0) this.fileErrors[this.fileErrors.length - 1]! += 1;
    const key = `${severity}\u0000${kind}`;
    let g = this.groups.get(key);
    if (!g) {
      if (this.groups.size >= this.limits.maxProblemsPerFile) {
        this.unlisted(this.fileOverflow, severity);
        return null;
      }
      g = { kind, severity, unit: unit ?? (where.line !== undefined ? 'row' : where.record !== undefined ? 'record' : 'time'), count: 0, entries: [], at: [] };
      this.groups.set(key, g);
    }
    g.count += 1;
    const at = where.line ?? where.record;
    if (at !== undefined && g.at.length < SHOWN_LOCATIONS && g.at[g.at.length - 1] !== at) g.at.push(at);
    if (g.count > this.limits.aggregateAfter && g.entries.length > 0) return null;
    if (this.problems.length >= this.limits.maxProblemsTotal) {
      this.totalOverflow ??= { count: 0, errors: 0, firstFile: where.file };
      this.unlisted(this.totalOverflow, severity);
      return null;
    }
    // A value quoted in a message (an answer, an event, a column name) never brings an e-mail or IP address along.
    const p = this.entry(where, severity, withoutPersonalData(message));
    this.problems.push(p);
    g.entries.push(p);
    this.groupOf.set(p, g);
    return p;
  }

  /** Why a record with this instrument reference cannot be analysed with the chosen one (null if it can). */
  instrumentMismatch(id: string, version: string, hash: string | null): string | null {
    const own = this.instrument;
    if (id !== own.id) return `made with questionnaire "${id}" (version ${version}), not "${own.id}"`;
    if (version !== own.version) return `made with version ${version} of "${id}", not version ${own.version}`;
    if (hash !== null && hash !== this.hash) {
      return `made with "${id}" version ${version} but with different content (wording, response options or scoring were changed without a new version number)`;
    }
    return null;
  }

  /** Registers a record's content; returns where an identical copy was read before, if any. */
  firstCopy(key: string, where: Where): Where | null {
    const before = this.seen.get(key);
    if (before) return before;
    this.seen.set(key, where);
    return null;
  }

  private salt: string | null = null;

  /**
   * What stands for an id that must reach no output (an LMS learner id, a name used as an id): `prefix`,
   * a hyphen and 16 hex digits of a salted SHA-256. The salt is ImportOptions.idSalt (the same hashes run
   * after run), else random for this import; the same id gives the same hash throughout the import.
   */
  saltedId(prefix: string, id: string): string {
    if (this.salt === null) {
      if (this.options.idSalt !== undefined) this.salt = this.options.idSalt;
      else {
        const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
        this.salt = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      }
    }
    return `${prefix}-${this.sha256(`${this.salt}\u0000${id}`).slice(0, 16)}`;
  }

  /** Cohort and module texts already looked at: null when they may be copied into outputs, else what stands for them. */
  private readonly freeTexts = { cohort: new Map<string, string | null>(), module: new Map<string, string | null>() };
  private readonly withheldCount = { cohort: 0, module: 0 };

  /**
   * A record's cohort and module, which every output copies, with any that holds an e-mail or IP address
   * (personalDataIn) replaced by "(withheld cohort N)" or "(withheld module N)": the same text is replaced by
   * the same stand-in throughout the import, so its records still match one another, and it never reaches a
   * report, an export or a message. Each such text is said once, with the first record that holds it. (At most
   * one entry per record is kept, so the import's limit on records bounds them.)
   */
  private withholdPersonalData(record: ImportedRecord): void {
    if (record.participantKind === 'opaque' && looksLikeName(record.participant)) {
      // The same name gives the same hash, so its records still match; the name reaches no output.
      record.participant = record.participantRaw = this.saltedId('name', record.participant);
      this.problem(placeOf(record), 'warning', NAME_AS_ID, NAME_AS_ID, 'record');
    }
    for (const field of ['cohort', 'module'] as const) {
      const text = record[field];
      if (text === null) continue;
      // A map for each field: no key made for each record.
      const texts = this.freeTexts[field];
      let standIn = texts.get(text);
      if (standIn === undefined) {
        const what = personalDataIn(text);
        standIn = what === null ? null : `${WITHHELD[field]}${++this.withheldCount[field]})`;
        // Past the bound, a text that may be copied is looked at again each time; a stand-in is always kept.
        if (texts.size < MAX_DISTINCT_TEXTS || standIn !== null) texts.set(text, standIn);
        if (standIn !== null) {
          this.problem(
            placeOf(record),
            'warning',
            `the ${field} of this record holds what looks like ${what}, which is never copied into a report or export: it is shown as "${standIn}", as is the same ${field} in every other record (so they still match)`,
          );
        }
      }
      if (standIn === null) continue;
      record[field] = standIn;
      if (field === 'module' && record.modules) record.modules = record.modules.map((m) => (personalDataIn(m) ? standIn : m));
    }
  }

  private readonly course: CourseModules | null;
  /** Module texts that are not the course's module ids as written: what each reads as, how often, where first. */
  private readonly moduleTexts = new Map<string, { reading: ModuleReading; count: number; where: Where }>();
  /** Whether texts past the bound on moduleTexts were read (so the count of texts is a lower bound). */
  private moreModuleTexts = false;

  /**
   * The module rows are assembled under (assemble.ts): the course's module a text names, so rows of one
   * record that spell it differently ("Mutual-Support-Basics", "mutual-support-basics") make one record.
   */
  moduleKey(text: string | null): string | null {
    if (text === null || this.course === null) return text;
    return this.course.read(text)?.as ?? text;
  }

  /** A record's module, read as the course's module it names (course-modules.ts); said once per text, at the end. */
  private placeModule(record: ImportedRecord): void {
    if (this.course === null) return;
    const read = (text: string): string => {
      if (text.startsWith(WITHHELD.module)) return text;
      let seen = this.moduleTexts.get(text);
      if (seen === undefined) {
        const reading = this.course!.read(text);
        if (reading?.exact) return text;
        // Past the bound, a text is read again each time, and neither listed nor counted (the last note says so).
        if (this.moduleTexts.size >= MAX_DISTINCT_TEXTS) {
          this.moreModuleTexts = true;
          return reading?.as ?? text;
        }
        seen = { reading, count: 0, where: placeOf(record) };
        this.moduleTexts.set(text, seen);
      }
      seen.count += 1;
      return seen.reading?.as ?? text;
    };
    if (record.module !== null) record.module = read(record.module);
    if (record.modules) record.modules = record.modules.map(read);
  }

  /** The module notes: one per text, at its first record, up to MODULE_NOTES, then one line for the rest. */
  private moduleNotes(): ImportProblem[] {
    const notes: ImportProblem[] = [];
    let more = 0;
    for (const [text, { reading, count, where }] of this.moduleTexts) {
      if (notes.length === MODULE_NOTES) {
        more += 1;
        continue;
      }
      const message = reading ? respeltModuleWarning(text, reading.as, count) : unknownModuleWarning(text, this.course!, count);
      notes.push(this.entry(where, 'warning', withoutPersonalData(message)));
    }
    if (more > 0 || this.moreModuleTexts) {
      const first = notes[0]!;
      notes.push({
        file: first.file,
        severity: 'warning',
        message: `${this.moreModuleTexts ? 'at least ' : ''}${formatCount(more)} more module texts are not this course's module ids as written (not listed one by one)`,
      });
    }
    return notes;
  }

  keepApart(record: ImportedRecord, reason: string): void {
    this.withholdPersonalData(record);
    this.placeModule(record);
    const key = `${record.instrument.id}\u0000${record.instrument.version}\u0000${record.instrument.hash ?? ''}`;
    let group = this.others.get(key);
    if (!group) {
      group = { id: record.instrument.id, version: record.instrument.version, hash: record.instrument.hash, reason, count: 0, records: [] };
      this.others.set(key, group);
    }
    group.count += 1;
    group.records.push(record);
    this.counts.otherInstrument += 1;
  }

  accept(record: ImportedRecord): void {
    this.withholdPersonalData(record);
    this.placeModule(record);
    this.records.push(record);
    this.counts.imported += 1;
    if (this.fileSummary) {
      this.fileSummary.records += 1;
      if (record.participantKind === 'opaque') this.fileSummary.otherIds += 1;
      else this.fileSummary.codes += 1;
    }
    if (record.checksum === 'mismatch') this.counts.checksumMismatch += 1;
    if (record.timepoint !== 'pre' && record.timepoint !== 'post') this.counts.notAnalysedTimepoint += 1;
  }

  /**
   * Keeps the answers that are valid for the instrument; every answer set aside is reported as an error
   * (the rest of the record is still imported). Returns the same object when every answer is valid.
   */
  checkResponses(responses: Record<string, number | null>, where: Where): Record<string, number | null> {
    let clean = true;
    // Records list their items in the same order: the item at each position is looked up once, not per record.
    const ids = this.lastItemIds;
    const sets = this.lastItemPoints;
    let i = 0;
    for (const itemId in responses) {
      const value = responses[itemId];
      let points: ReadonlySet<number> | undefined;
      if (ids[i] === itemId) points = sets[i];
      else {
        points = this.itemPoints.get(itemId);
        if (points !== undefined) {
          ids[i] = itemId;
          sets[i] = points;
        }
      }
      i++;
      if (points === undefined || (value !== null && value !== undefined && !(typeof value === 'number' && points.has(value)))) {
        clean = false;
        break;
      }
    }
    if (clean) return responses;
    const out: Record<string, number | null> = {};
    for (const itemId in responses) {
      const value = responses[itemId];
      const points = this.itemPoints.get(itemId);
      if (points === undefined) {
        const kind = `answer to an item the questionnaire "${this.instrument.id}" ${this.instrument.version} does not have, set aside`;
        this.rejectValue(
          where,
          `answer to unknown item ${quoted(itemId)} set aside: the questionnaire "${this.instrument.id}" ${this.instrument.version} has no such item`,
          kind,
        );
      } else if (value === null || value === undefined) {
        out[itemId] = null;
      } else if (typeof value === 'number' && points.has(value)) {
        out[itemId] = value;
      } else {
        out[itemId] = null;
        this.rejectValue(
          where,
          `answer ${quoted(value)} to item "${itemId}" set aside: it is not one of the item's response options (${describePoints([...points])})`,
          `answer to item "${itemId}" set aside: not one of the item's response options (${describePoints([...points])})`,
        );
      }
    }
    return out;
  }

  /** Every background question of the instrument, answered with one of its options or null. */
  checkDemographics(demographics: Record<string, string | null>, where: Where): Record<string, string | null> {
    let clean = true;
    let known = 0;
    const ids = this.lastQuestionIds;
    const sets = this.lastQuestionOptions;
    for (const id in demographics) {
      const value = demographics[id];
      let options: ReadonlySet<string> | undefined;
      if (ids[known] === id) options = sets[known];
      else {
        options = this.demographicOptions.get(id);
        if (options !== undefined) {
          ids[known] = id;
          sets[known] = options;
        }
      }
      if (options === undefined || (value !== null && !options.has(value as string))) {
        clean = false;
        break;
      }
      known++;
    }
    if (clean && known === this.demographicOptions.size) return demographics;
    const out: Record<string, string | null> = {};
    for (const d of this.instrument.demographics) out[d.id] = null;
    for (const [id, value] of Object.entries(demographics)) {
      const options = this.demographicOptions.get(id);
      if (!options) {
        this.rejectValue(where, `answer to unknown background question ${quoted(id)} set aside`, 'answer to an unknown background question set aside');
        continue;
      }
      if (value === null || value === undefined || value === '') continue;
      if (typeof value === 'string' && options.has(value)) out[id] = value;
      else
        this.rejectValue(
          where,
          `answer ${quoted(value)} to background question "${id}" set aside: it is not one of its options`,
          `answer to background question "${id}" set aside: not one of its options`,
        );
    }
    return out;
  }

  /** One answer set aside (the rest of its record is imported): counted and reported as an error. */
  rejectValue(where: Where, message: string, kind: string): void {
    this.counts.valuesRejected += 1;
    this.problem(where, 'error', message, kind, 'answer');
  }

  /** The reader of the file being read says what to do when records of it are voided by a file read later. */
  whenVoidedLater(note: (voided: number) => ImportProblem | null): void {
    this.lateVoidNotes.set(this.files.length - 1, note);
  }

  /** A record kept from the statement with id `id` (as given): looked up at the end, when a later file may void it. */
  noteStatementOf(record: ImportedRecord, id: string): void {
    if (record.statement === undefined) this.hiddenStatementIds.set(record, id);
  }

  /**
   * An identical copy, at `where` (carried by statement `id`, or by none), of the record read before with
   * content `key`: noted once statements have been read, so that it can stand in for that record if a later
   * file voids its statement.
   */
  noteCopy(key: string, where: Where, id: string | null): void {
    if (this.statements.size === 0) return;
    let list = this.copies.get(key);
    if (!list) this.copies.set(key, (list = []));
    list.push({ where, id, fileIndex: this.files.length - 1 });
  }

  /** The place in the import of the file a record was read from (its seq lies in that file's range). */
  private fileIndexOf(record: ImportedRecord): number {
    let lo = 0;
    let hi = this.fileSeqStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.fileSeqStart[mid]! <= record.seq) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Once every file is read: the records kept from statements that a file read after theirs voids are left
   * out (xAPI: a voided statement is left out wherever the voiding one is). Voids are noted as each file
   * is read, only from files the import takes (import-json.ts), and apply at once to the files after it;
   * this applies them to the files before it, so that no file is parsed twice. An identical copy of such a
   * record, read as a copy and not voided itself, is kept in its place. Each is said on its record's file,
   * whose reader updates what it said of the file (whenVoidedLater).
   */
  applyLateVoids(): void {
    const ledger = this.statements;
    if (!ledger.voiding) return;
    const voidOf = (r: ImportedRecord): StatementPlace | undefined => {
      const id = r.statement ?? this.hiddenStatementIds.get(r);
      return id === undefined ? undefined : ledger.voidedBy(id);
    };
    const late: { record: ImportedRecord; by: StatementPlace; group: OtherInstrumentGroup | null }[] = [];
    for (const record of this.records) {
      const by = voidOf(record);
      if (by) late.push({ record, by, group: null });
    }
    for (const group of this.others.values()) {
      for (const record of group.records) {
        const by = voidOf(record);
        if (by) late.push({ record, by, group });
      }
    }
    if (late.length === 0) return;
    const placeKey = (w: { file: string; record?: number | undefined; statement?: string | undefined }) =>
      `${w.file}\u0000${w.record ?? ''}\u0000${w.statement ?? ''}`;
    // The content keys of these records, to find their copies (only when copies were noted).
    const contentOf = new Map<string, string>();
    if (this.copies.size > 0) {
      const wanted = new Set(late.map((l) => placeKey(l.record)));
      for (const [key, where] of this.seen) if (wanted.has(placeKey(where))) contentOf.set(placeKey(where), key);
    }
    const perFile = new Map<number, { where: Where; message: string; kind: string }[]>();
    const dropped = new Set<ImportedRecord>();
    for (const { record, by, group } of late) {
      const fileIndex = this.fileIndexOf(record);
      const where = placeOf(record);
      const problem = voidedRecordProblem(record.statement, by);
      const key = contentOf.get(placeKey(record));
      const copy = key === undefined ? undefined : this.copies.get(key)?.find((c) => c.id === null || ledger.voidedBy(c.id) === undefined);
      const accepted = group === null;
      const summary = this.files[fileIndex]!;
      if (accepted) {
        summary.records -= 1;
        if (record.participantKind === 'opaque') summary.otherIds -= 1;
        else summary.codes -= 1;
      }
      this.counts.recordsRead -= 1;
      if (copy) {
        // The copy, counted as an identical copy when it was read, is the record now.
        this.counts.identicalCopies -= 1;
        this.hiddenStatementIds.delete(record);
        record.file = copy.where.file;
        if (copy.where.record !== undefined) record.record = copy.where.record;
        else delete record.record;
        if (copy.where.statement !== undefined) record.statement = copy.where.statement;
        else delete record.statement;
        if (copy.id !== null && record.statement === undefined) this.hiddenStatementIds.set(record, copy.id);
        if (accepted) {
          const to = this.files[copy.fileIndex]!;
          to.records += 1;
          if (record.participantKind === 'opaque') to.otherIds += 1;
          else to.codes += 1;
        }
        problem.message += `; its identical copy at ${describeWhere(copy.where)}, read as a copy of it, is kept in its place`;
      } else {
        dropped.add(record);
        if (accepted) {
          this.counts.imported -= 1;
          if (record.checksum === 'mismatch') this.counts.checksumMismatch -= 1;
          if (record.timepoint !== 'pre' && record.timepoint !== 'post') this.counts.notAnalysedTimepoint -= 1;
        } else {
          this.counts.otherInstrument -= 1;
          group!.count -= 1;
        }
      }
      let list = perFile.get(fileIndex);
      if (!list) perFile.set(fileIndex, (list = []));
      list.push({ where, ...problem });
    }
    if (dropped.size > 0) {
      const kept = this.records.filter((r) => !dropped.has(r));
      this.records.length = 0;
      this.records.push(...kept);
      for (const [k, group] of this.others) {
        group.records = group.records.filter((r) => !dropped.has(r));
        if (group.records.length === 0) this.others.delete(k);
      }
    }
    // Said at the end of each file's problems, the last file first (each insertion moves the ones after it).
    for (const fileIndex of [...perFile.keys()].sort((a, b) => b - a)) {
      const entries = perFile.get(fileIndex)!;
      const added: ImportProblem[] = [];
      const note = this.lateVoidNotes.get(fileIndex)?.(entries.length);
      if (note) added.push(note);
      const first = entries[0]!;
      if (entries.length > this.limits.aggregateAfter) {
        const g: ProblemGroup = {
          kind: first.kind,
          severity: 'warning',
          unit: 'record',
          count: entries.length,
          entries: [],
          at: entries.slice(0, SHOWN_LOCATIONS).flatMap((e) => (e.where.record === undefined ? [] : [e.where.record])),
        };
        added.push(this.aggregate(g, this.entry(first.where, 'warning', first.message)));
      } else {
        for (const e of entries) added.push(this.entry(e.where, 'warning', e.message));
      }
      const room = Math.max(0, this.limits.maxProblemsTotal - this.problems.length);
      if (added.length > room) {
        this.totalOverflow ??= { count: 0, errors: 0, firstFile: this.files[fileIndex]!.file };
        this.unlisted(this.totalOverflow, 'warning', added.length - room);
      }
      this.problems.splice(this.segmentEnd[fileIndex] ?? this.problems.length, 0, ...added.slice(0, room));
    }
  }

  /** A problem's entry as listed (see `problem`) at a place: the file, and its line, record and statement where it has them. */
  private entry(where: Where, severity: ImportProblem['severity'], message: string): ImportProblem {
    const p: ImportProblem = { file: where.file, severity, message };
    if (where.line !== undefined) p.line = where.line;
    if (where.record !== undefined) p.record = where.record;
    if (where.statement !== undefined) p.statement = where.statement;
    return p;
  }

  result(): ImportResult {
    this.endFile();
    this.problems.push(...this.moduleNotes());
    const listed = this.problems.filter((p) => !this.unlistedNotes.has(p));
    this.counts.errors = listed.filter((p) => p.severity === 'error').length;
    this.counts.warnings = listed.length - this.counts.errors;
    this.counts.filesWithoutRecords = this.files.filter((f, i) => f.records === 0 && this.fileErrors[i]! > 0).length;
    if (this.totalOverflow) {
      const { count, errors, firstFile } = this.totalOverflow;
      this.problems.push({
        file: firstFile,
        severity: errors > 0 ? 'error' : 'warning',
        message: `${formatCount(count)} more problem${count === 1 ? '' : 's'} in this and later files ${count === 1 ? 'is' : 'are'} not listed (${unlistedKinds(count, errors)}; the list stops at ${formatCount(this.limits.maxProblemsTotal)} entries)`,
      });
      this.totalOverflow = null;
    }
    return {
      instrument: { id: this.instrument.id, version: this.instrument.version, hash: this.hash },
      records: this.records,
      files: this.files,
      problems: this.problems,
      otherInstruments: [...this.others.values()],
      counts: this.counts,
    };
  }
}
