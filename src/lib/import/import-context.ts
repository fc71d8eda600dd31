// Shared state of one import run: the instrument being checked against, the problems found, the counts,
// and the records kept. Used by the JSON and CSV readers (import-json.ts, import-csv.ts).
import { lookupFor, type InstrumentLookup } from '../instrument/scoring.ts';
import type { Instrument } from '../instrument/schema.ts';
import { sha256Hex } from '../util/sha256.ts';
import type {
  ImportCounts, ImportedRecord, ImportOptions, ImportProblem, ImportResult, OtherInstrumentGroup,
} from './import-types.ts';

export type Where = { file: string; record?: number; line?: number };

export function describeWhere(w: Where): string {
  if (w.line !== undefined) return `${w.file} line ${w.line}`;
  if (w.record !== undefined) return `${w.file} record ${w.record}`;
  return w.file;
}

/** "1–5" for consecutive points, else "1, 3, 5". */
export function describePoints(values: readonly number[]): string {
  const consecutive = values.every((v, i) => i === 0 || v === (values[i - 1] as number) + 1);
  return consecutive && values.length > 2 ? `${values[0]}–${values[values.length - 1]}` : values.join(', ');
}

const emptyCounts = (files: number): ImportCounts => ({
  files, filesRejected: 0, recordsRead: 0, imported: 0, rejected: 0, otherInstrument: 0, identicalCopies: 0,
  checksumMismatch: 0, valuesRejected: 0, notAnalysedTimepoint: 0, csvRows: 0, csvRowsRejected: 0, errors: 0, warnings: 0,
});

export class ImportContext {
  readonly instrument: Instrument;
  readonly hash: string;
  readonly lookup: InstrumentLookup;
  /** Demographic question id → allowed option values. */
  readonly demographicOptions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Item id → allowed response values. */
  readonly itemPoints: ReadonlyMap<string, ReadonlySet<number>>;
  readonly sha256: (text: string) => string;
  readonly problems: ImportProblem[] = [];
  readonly records: ImportedRecord[] = [];
  readonly counts: ImportCounts;
  private readonly others = new Map<string, OtherInstrumentGroup>();
  /** Content key → where the first copy was read. */
  private readonly seen = new Map<string, Where>();
  private seq = 0;

  constructor(instrument: Instrument, hash: string, files: number, options: ImportOptions) {
    this.instrument = instrument;
    this.hash = hash;
    this.lookup = lookupFor(instrument);
    this.demographicOptions = new Map(instrument.demographics.map((d) => [d.id, new Set(d.options.map((o) => o.value))]));
    this.itemPoints = new Map(
      instrument.items.map((item) => [item.id, new Set(this.lookup.responseScaleOf(item).points.map((p) => p.value))]),
    );
    this.sha256 = options.sha256 ?? sha256Hex;
    this.counts = emptyCounts(files);
  }

  nextSeq(): number {
    return this.seq++;
  }

  problem(where: Where, severity: ImportProblem['severity'], message: string): void {
    const p: ImportProblem = { file: where.file, severity, message };
    if (where.line !== undefined) p.line = where.line;
    if (where.record !== undefined) p.record = where.record;
    this.problems.push(p);
    if (severity === 'error') this.counts.errors += 1;
    else this.counts.warnings += 1;
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

  keepApart(record: ImportedRecord, reason: string): void {
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
    this.records.push(record);
    this.counts.imported += 1;
    if (record.checksum === 'mismatch') this.counts.checksumMismatch += 1;
    if (record.timepoint !== 'pre' && record.timepoint !== 'post') this.counts.notAnalysedTimepoint += 1;
  }

  /**
   * Keeps the answers that are valid for the instrument; every answer set aside is reported as an error
   * (the rest of the record is still imported). Returns the same object when every answer is valid.
   */
  checkResponses(responses: Record<string, number | null>, where: Where): Record<string, number | null> {
    let clean = true;
    for (const itemId in responses) {
      const value = responses[itemId];
      const points = this.itemPoints.get(itemId);
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
        this.rejectValue(where, `answer to unknown item "${itemId}" set aside: the questionnaire "${this.instrument.id}" ${this.instrument.version} has no such item`);
      } else if (value === null || value === undefined) {
        out[itemId] = null;
      } else if (typeof value === 'number' && points.has(value)) {
        out[itemId] = value;
      } else {
        out[itemId] = null;
        this.rejectValue(where, `answer ${JSON.stringify(value)} to item "${itemId}" set aside: it is not one of the item's response options (${describePoints([...points])})`);
      }
    }
    return out;
  }

  /** Every background question of the instrument, answered with one of its options or null. */
  checkDemographics(demographics: Record<string, string | null>, where: Where): Record<string, string | null> {
    let clean = true;
    let known = 0;
    for (const id in demographics) {
      const value = demographics[id];
      const options = this.demographicOptions.get(id);
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
        this.rejectValue(where, `answer to unknown background question "${id}" set aside`);
        continue;
      }
      if (value === null || value === undefined || value === '') continue;
      if (typeof value === 'string' && options.has(value)) out[id] = value;
      else this.rejectValue(where, `answer ${JSON.stringify(value)} to background question "${id}" set aside: it is not one of its options`);
    }
    return out;
  }

  private rejectValue(where: Where, message: string): void {
    this.counts.valuesRejected += 1;
    this.problem(where, 'error', message);
  }

  result(): ImportResult {
    return {
      instrument: { id: this.instrument.id, version: this.instrument.version, hash: this.hash },
      records: this.records,
      problems: this.problems,
      otherInstruments: [...this.others.values()],
      counts: this.counts,
    };
  }
}
