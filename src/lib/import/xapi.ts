// Result records from xAPI statements, as an LRS returns or exports them: a JSON array of statements, a
// statement result page `{ statements, more }`, or an array of such pages. A cmi5 package sends each
// submitted questionnaire whole, signed, in a "submitted" statement (src/lib/scorm-cmi5/cmi5-statements.ts);
// this takes those records out, exactly as the learner would have downloaded them. As xAPI says: a
// statement id counts once, and a statement voided by a "voided" statement is left out. Pure.
import { RECORD_EXTENSION, SUBMITTED_VERB, VOIDED_VERB } from '../records/xapi-vocabulary.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface StatementRecords {
  /** The records carried, in statement order (as the LRS listed them). */
  records: unknown[];
  /** Statement ids of the records, in the same order (for messages): null where the id is not a UUID as xAPI has it. */
  statementIds: (string | null)[];
  counts: { statements: number; duplicates: number; voided: number; otherStatements: number };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/**
 * Takes the result records out of statements read batch by batch (an LRS's pages), as xAPI says: a
 * statement id counts once over every batch, and a statement voided by a "voided" statement in its own
 * batch or an earlier one is left out. (An LRS leaves voided statements out of query results itself, so
 * pages pulled from one never need a later page to void an earlier record.)
 */
export class StatementRecordReader {
  readonly counts = { statements: 0, duplicates: 0, voided: 0, otherStatements: 0 };
  private readonly seen = new Set<string>();
  private readonly voidedIds = new Set<string>();

  /** The records these statements carry, in statement order, with their statement ids. */
  read(statements: readonly unknown[]): { records: unknown[]; statementIds: (string | null)[] } {
    for (const s of statements) {
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
        this.voidedIds.add(s.object.id);
      }
    }
    const out: { records: unknown[]; statementIds: (string | null)[] } = { records: [], statementIds: [] };
    this.counts.statements += statements.length;
    for (const s of statements) {
      const statement = looksLikeStatement(s);
      const id = statement && typeof s.id === 'string' ? s.id : null;
      if (id !== null) {
        // Added once: a set that did not grow held the id already.
        const before = this.seen.size;
        this.seen.add(id);
        if (this.seen.size === before) {
          this.counts.duplicates++;
          continue;
        }
      }
      const record =
        statement && (s.verb as Obj).id === SUBMITTED_VERB.id && isObj(s.result) && isObj(s.result.extensions)
          ? s.result.extensions[RECORD_EXTENSION]
          : undefined;
      if (record === undefined) {
        this.counts.otherStatements++;
        continue;
      }
      if (id !== null && this.voidedIds.has(id)) {
        this.counts.voided++;
        continue;
      }
      out.records.push(record);
      // Shown in messages: only an id of the form xAPI gives ids, so no other text from the file is.
      out.statementIds.push(id !== null && UUID.test(id) ? id : null);
    }
    return out;
  }
}

/** Takes the result records out of a list of statements (voided and repeated statements left out). */
export function recordsFromStatements(statements: readonly unknown[]): StatementRecords {
  const reader = new StatementRecordReader();
  return { ...reader.read(statements), counts: reader.counts };
}
