// Result records from xAPI statements, as an LRS returns or exports them: a JSON array of statements, a
// statement result page `{ statements, more }`, or an array of such pages. A cmi5 package sends each
// submitted questionnaire whole, signed, in a "submitted" statement (src/lib/scorm-cmi5/cmi5-statements.ts);
// this takes those records out, exactly as the learner would have downloaded them. As xAPI says
// (xAPI-Data 2.3, statement immutability and voiding; xAPI-Communication 2.1, a statement id already
// stored): a statement id counts once, a second statement with the same id and other content is a
// conflict (the first is kept), and a statement voided by a "voided" statement is left out. Statement ids
// are UUIDs, compared without regard to case (RFC 4122). One StatementLedger holds the ids and the voiding
// statements of a whole import, so these hold over all its files and LRS pages. Pure.
import { RECORD_EXTENSION, SUBMITTED_VERB, VOIDED_VERB } from '../records/xapi-vocabulary.ts';
import { cyrb53Halves } from '../util/cyrb53.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ReaderCounts {
  statements: number;
  /** Statements whose id was read before in the import, with the same content (counted once). */
  duplicates: number;
  /** Statements carrying a record that a "voided" statement voids (left out). */
  voided: number;
  /** "voided" statements (they void another statement and carry no record). */
  voiding: number;
  otherStatements: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id as it may be shown in a message: only an id of the form xAPI gives ids, so no other text from a file is. */
export const shownStatementId = (id: string | null | undefined): string | null => (typeof id === 'string' && UUID.test(id) ? id : null);

/**
 * A statement id as compared: UUIDs are case-insensitive (RFC 4122), so lower case. An id already in lower
 * case (as LRSs write them) is itself, not a copy: the ledger keeps one key per statement.
 */
export const statementKey = (id: string): string => (HAS_UPPER.test(id) ? id.toLowerCase() : id);
const HAS_UPPER = /[A-Z]|[^\x00-\x7f]/;

const looksLikeStatement = (v: unknown): v is Obj => isObj(v) && isObj(v.verb) && typeof v.verb.id === 'string' && 'actor' in v && 'object' in v;
const looksLikePage = (v: unknown): v is Obj => isObj(v) && Array.isArray(v.statements);

/** True when parsed JSON is xAPI statements or statement pages (not result records). */
export function isStatementData(data: unknown): boolean {
  if (looksLikePage(data)) return true;
  if (!Array.isArray(data) || data.length === 0) return false;
  return looksLikeStatement(data[0]) || looksLikePage(data[0]);
}

/** The statements in a parsed file: one page, an array of pages, or an array of statements. */
export function statementsIn(data: unknown): unknown[] {
  if (looksLikePage(data)) return data.statements as unknown[];
  if (!Array.isArray(data)) return [];
  return data.flatMap((entry) => (looksLikePage(entry) ? (entry.statements as unknown[]) : [entry]));
}

/** The id of the statement a "voided" statement voids, or null when `s` is not one. */
export function voidedTarget(s: unknown): string | null {
  // The verb first: most statements are not "voided" ones, and that is the cheapest test.
  const verb = isObj(s) ? s.verb : undefined;
  if (
    isObj(verb) &&
    verb.id === VOIDED_VERB &&
    looksLikeStatement(s) &&
    isObj(s.object) &&
    s.object.objectType === 'StatementRef' &&
    typeof s.object.id === 'string'
  ) {
    return s.object.id;
  }
  return null;
}

/**
 * Where a statement was read, for messages: its file (or LRS page) and either the position of the record
 * it carried there (as the import's other messages count records) or, for a statement carrying none, its
 * position among the file's statements; and its id when it is a UUID.
 */
export interface StatementPlace {
  file: string;
  /** The position of the record it carried among the records of its file (as the import's messages count them). */
  record?: number;
  /** For a statement carrying no record: its position among the statements of its file (or page). */
  position?: number;
  /** Its id, when it is a UUID. */
  statement?: string;
}

/** "a.json record 2" or "b.json statement 7". */
export function describeStatementPlace(p: StatementPlace): string {
  const at = p.record !== undefined ? ` record ${p.record}` : p.position !== undefined ? ` statement ${p.position}` : '';
  return `${p.file}${at}`;
}

/** The warning on a record left out because statement `statement` (its id as shown, or null) is voided by the statement at `by`. */
export const voidedRecordProblem = (statement: string | null | undefined, by: StatementPlace) => ({
  message: `statement ${statement ?? '(id not a UUID)'} is voided by statement ${by.statement ?? '(id not a UUID)'} at ${describeStatementPlace(by)}; the record it carries is left out`,
  kind: 'a statement voided by a statement in another file: the record it carries is left out',
});

/** A place of a statement at `position` in `file`, with its id when that is a UUID. */
const placeAt = (file: string, position: number, s: unknown): StatementPlace => {
  const id = shownStatementId(isObj(s) ? (s.id as string) : null);
  return id === null ? { file, position } : { file, position, statement: id };
};

/** What a statement id read again is: new, a repeat of the same statement, or a conflict with the first one read. */
export type Claim = { kind: 'new' } | { kind: 'repeat'; first: StatementPlace } | { kind: 'conflict'; first: StatementPlace };

const NEW: Claim = { kind: 'new' };

/**
 * The statement ids and voiding statements of one import (all its files and pages), ids compared in lower
 * case. For each statement id read it keeps only what a message may need, in typed arrays: the file (an
 * index into the import's file names), the record's or the statement's number there, and a digest of what
 * it carried (cyrb53Halves, 64 bits: a collision, 2^-64 for a pair, would count a conflicting statement as a
 * repeat, and either way the second one is left out); no object and no text per statement besides the id itself, the map's key.
 */
export class StatementLedger {
  /** Statement id (lower case) → its slot in the arrays below. */
  private readonly ids = new Map<string, number>();
  /** File (or LRS page) names, and each name's index. */
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  /** Per slot: the file's index; the record's number (> 0) or minus the statement's position (< 0), 0 for neither; the content digest. */
  private slotFile = new Int32Array(1024);
  private slotNumber = new Int32Array(1024);
  private slotDigest = new Int32Array(2048);
  /** Statement id voided (lower case) → the voiding statement's place (few: one per voiding statement). */
  private readonly voids = new Map<string, StatementPlace>();
  private readonly digest = new Int32Array(2);

  private indexOf(file: string): number {
    let i = this.fileIndex.get(file);
    if (i === undefined) {
      i = this.files.length;
      this.files.push(file);
      this.fileIndex.set(file, i);
    }
    return i;
  }

  /** The place kept in slot `slot` (without the statement id, which no message about a first statement shows). */
  private placeOf(slot: number): StatementPlace {
    const file = this.files[this.slotFile[slot]!]!;
    const n = this.slotNumber[slot]!;
    return n > 0 ? { file, record: n } : n < 0 ? { file, position: -n } : { file };
  }

  /**
   * Registers a statement id with what it carries (`content`: the record's content key, or what a statement
   * carrying no record says); says whether it was read before, and if so whether with the same content.
   */
  claim(id: string, content: string, place: StatementPlace): Claim {
    const key = statementKey(id);
    cyrb53Halves(content, this.digest);
    const d1 = this.digest[0]!;
    const d2 = this.digest[1]!;
    const before = this.ids.get(key);
    if (before !== undefined) {
      const same = this.slotDigest[2 * before] === d1 && this.slotDigest[2 * before + 1] === d2;
      return { kind: same ? 'repeat' : 'conflict', first: this.placeOf(before) };
    }
    const slot = this.ids.size;
    if (slot === this.slotFile.length) this.grow();
    this.ids.set(key, slot);
    this.slotFile[slot] = this.indexOf(place.file);
    this.slotNumber[slot] = place.record !== undefined ? place.record : place.position !== undefined ? -place.position : 0;
    this.slotDigest[2 * slot] = d1;
    this.slotDigest[2 * slot + 1] = d2;
    return NEW;
  }

  private grow(): void {
    const grown = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.slotFile = grown(this.slotFile);
    this.slotNumber = grown(this.slotNumber);
    this.slotDigest = grown(this.slotDigest);
  }

  /** Notes that the statement `target` is voided by the statement at `by` (the first voiding statement read is kept). */
  void(target: string, by: StatementPlace): void {
    const key = statementKey(target);
    if (!this.voids.has(key)) this.voids.set(key, by);
  }

  /** Where the statement voiding `id` was read, or undefined when none voids it. */
  voidedBy(id: string): StatementPlace | undefined {
    return this.voids.size === 0 ? undefined : this.voids.get(statementKey(id));
  }

  /** Statement ids claimed so far. */
  get size(): number {
    return this.ids.size;
  }

  /** True when some statement is voided. */
  get voiding(): boolean {
    return this.voids.size > 0;
  }
}

/** What a statement carrying no record says, for comparing two statements with the same id: its verb and object. */
function plainContent(s: Obj): string {
  const object = isObj(s.object) ? s.object : {};
  return `${String((s.verb as Obj).id)}\u0000${String(object.objectType ?? '')}\u0000${String(object.id ?? '')}`;
}

/** A record carried by a statement that the import reads. */
export interface CarriedRecords {
  records: unknown[];
  /** Each record's statement id as shown in messages (null: none, or not a UUID). */
  statementIds: (string | null)[];
  /** Each record's statement id as given (null: none), to count each id once over the import. */
  ids: (string | null)[];
  /** Records voided by a statement in another file or page: the record's statement id (if a UUID), and where the voiding one was read. */
  voidedElsewhere: { statement: string | null; by: StatementPlace }[];
  /**
   * The voiding statements of this batch (the statement each voids, and where it was read): noted in the
   * ledger by the caller once it takes the batch, when the reader defers them (StatementRecordReader);
   * else already noted.
   */
  voids: { target: string; by: StatementPlace }[];
}

/**
 * Takes the result records out of statements read batch by batch (a file's statements, or an LRS's pages).
 * A record whose statement is voided by one read in this batch or in an earlier one is left out. Voiding
 * statements are noted in the ledger (of the whole import) as the batch is read, or, with `deferVoids`, are
 * handed back (CarriedRecords.voids) for the caller to note once it takes the batch (the import: only from a
 * file it does not refuse; a record in an earlier file is left out at the end of the import).
 * Statements carrying no record have their ids claimed here; the ids of statements carrying records are
 * claimed as their records are read (the import compares the records' content, import-json.ts).
 */
export class StatementRecordReader {
  readonly counts: ReaderCounts = { statements: 0, duplicates: 0, voided: 0, voiding: 0, otherStatements: 0 };
  readonly ledger: StatementLedger;
  private readonly deferVoids: boolean;

  constructor(ledger: StatementLedger = new StatementLedger(), options: { deferVoids?: boolean } = {}) {
    this.ledger = ledger;
    this.deferVoids = options.deferVoids ?? false;
  }

  /**
   * The records these statements carry, in statement order, with their statement ids. `file`: where they
   * were read (a file, or an LRS page), for messages; positions count from the first of `statements`.
   */
  read(statements: readonly unknown[], file = ''): CarriedRecords {
    const out: CarriedRecords = { records: [], statementIds: [], ids: [], voidedElsewhere: [], voids: [] };
    /** With deferVoids: the statements this batch voids (lower case), and the first voiding statement of each. */
    let batchVoids: Map<string, StatementPlace> | null = null;
    for (let i = 0; i < statements.length; i++) {
      const target = voidedTarget(statements[i]);
      if (target === null) continue;
      const by = placeAt(file, i + 1, statements[i]);
      if (!this.deferVoids) {
        this.ledger.void(target, by);
        continue;
      }
      out.voids.push({ target, by });
      batchVoids ??= new Map();
      const key = statementKey(target);
      if (!batchVoids.has(key)) batchVoids.set(key, by);
    }
    this.counts.statements += statements.length;
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i];
      const statement = looksLikeStatement(s);
      const id = statement && typeof s.id === 'string' ? s.id : null;
      const record =
        statement && (s.verb as Obj).id === SUBMITTED_VERB.id && isObj(s.result) && isObj(s.result.extensions)
          ? s.result.extensions[RECORD_EXTENSION]
          : undefined;
      if (record === undefined) {
        const voiding = voidedTarget(s) !== null;
        if (id !== null) {
          const claim = this.ledger.claim(id, plainContent(s as Obj), { file, position: i + 1 });
          // A statement carrying no record is not imported: a second one with the id is counted once, whatever it says.
          if (claim.kind !== 'new') {
            this.counts.duplicates++;
            continue;
          }
        }
        if (voiding) this.counts.voiding++;
        else this.counts.otherStatements++;
        continue;
      }
      const by = id === null ? undefined : (this.ledger.voidedBy(id) ?? batchVoids?.get(statementKey(id)));
      if (by !== undefined) {
        this.counts.voided++;
        if (by.file !== file) out.voidedElsewhere.push({ statement: shownStatementId(id), by });
        continue;
      }
      out.records.push(record);
      out.statementIds.push(shownStatementId(id));
      out.ids.push(id);
    }
    return out;
  }
}
