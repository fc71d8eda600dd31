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
  /** Statement ids of the records, in the same order (for messages). */
  statementIds: string[];
  counts: { statements: number; duplicates: number; voided: number; otherStatements: number };
}

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

/** Takes the result records out of a list of statements (voided and repeated statements left out). */
export function recordsFromStatements(statements: readonly unknown[]): StatementRecords {
  const voided = new Set<string>();
  for (const s of statements) {
    if (looksLikeStatement(s) && (s.verb as Obj).id === VOIDED_VERB && isObj(s.object) && s.object.objectType === 'StatementRef' && typeof s.object.id === 'string') {
      voided.add(s.object.id);
    }
  }
  const seen = new Set<string>();
  const out: StatementRecords = { records: [], statementIds: [], counts: { statements: statements.length, duplicates: 0, voided: 0, otherStatements: 0 } };
  for (const s of statements) {
    const id = looksLikeStatement(s) && typeof s.id === 'string' ? s.id : null;
    if (id !== null) {
      if (seen.has(id)) {
        out.counts.duplicates++;
        continue;
      }
      seen.add(id);
    }
    const record = looksLikeStatement(s) && (s.verb as Obj).id === SUBMITTED_VERB.id && isObj(s.result) && isObj(s.result.extensions) ? s.result.extensions[RECORD_EXTENSION] : undefined;
    if (record === undefined) {
      out.counts.otherStatements++;
      continue;
    }
    if (id !== null && voided.has(id)) {
      out.counts.voided++;
      continue;
    }
    out.records.push(record);
    out.statementIds.push(id ?? '(no id)');
  }
  return out;
}
