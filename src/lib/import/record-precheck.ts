// A quick test that a parsed result record is one the record schema (src/lib/records/record-schema.ts)
// accepts as it is, for the usual record: the import then skips the schema's own parse, which builds a
// copy of every record and was a fifth of importing 200,000 records. The test is narrower than the schema,
// never wider: whatever it does not vouch for (a record with knowledge answers, an unusual date, any field
// out of the plain shape) goes through the schema, whose messages name what is wrong. So nothing passes
// here that the schema would refuse, and a record that passes reads exactly as the schema's copy would
// (the answers and background objects are the record's own in both cases).
import { RECORD_FORMAT, TIMEPOINTS, type ResultRecord } from '../records/result-record.ts';

const TIMEPOINT_SET: ReadonlySet<unknown> = new Set(TIMEPOINTS);
// The schema drops fields it does not know (a copy without them); a record with any goes through it, so
// an extra field (a name, say) never travels on with a record that skipped the schema.
const RECORD_KEYS: ReadonlySet<string> = new Set([
  'format',
  'formatVersion',
  'appVersion',
  'attemptId',
  'module',
  'instrument',
  'participant',
  'cohort',
  'timepoint',
  'modules',
  'knowledge',
  'knowledgeHashes',
  'startedAt',
  'completedAt',
  'responses',
  'demographics',
  'checksum',
]);
const INSTRUMENT_KEYS: ReadonlySet<string> = new Set(['id', 'version', 'hash']);
const onlyKeys = (o: Obj, allowed: ReadonlySet<string>): boolean => {
  for (const key in o) if (!allowed.has(key)) return false;
  return true;
};
/** /^[0-9a-f]{64}$/ as a loop: tested twice per record, the regular expression was a tenth of checking 200,000 records from an LRS. */
function isHex64(v: unknown): boolean {
  if (typeof v !== 'string' || v.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
// A subset of what z.iso.datetime({ offset: true }) accepts: days 01–28 exist in every month, so no
// calendar rule is needed; any other valid date goes through the schema.
const PLAIN_DATETIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

type Obj = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;

function answersAreWholeNumbersOrNull(answers: Obj): boolean {
  for (const key in answers) {
    const v = answers[key];
    if (v !== null && !Number.isInteger(v)) return false;
  }
  return true;
}

function backgroundIsShortTextOrNull(answers: Obj): boolean {
  for (const key in answers) {
    const v = answers[key];
    if (v !== null && !(typeof v === 'string' && v.length <= 100)) return false;
  }
  return true;
}

function modulesAreShortTexts(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v) || v.length < 1 || v.length > 20) return false;
  for (const m of v) if (!text(m, 1, 100)) return false;
  return true;
}

function hashesByShortKey(v: unknown): boolean {
  if (v === undefined) return true;
  if (!isPlainObject(v)) return false;
  for (const key in v) {
    // z.record builds its own copy; an unusual key is left to it.
    if (key.length > 100 || key === '__proto__') return false;
    const h = v[key];
    if (!isHex64(h)) return false;
  }
  return true;
}

/** True only for a record the schema surely accepts unchanged (format 1 or 2). */
export function isPlainValidRecord(r: Obj): r is Obj & ResultRecord {
  if (r.format !== RECORD_FORMAT || (r.formatVersion !== 1 && r.formatVersion !== 2)) return false;
  if (!onlyKeys(r, RECORD_KEYS)) return false;
  if (!text(r.appVersion, 1, Infinity) || !text(r.attemptId, 1, 100) || !text(r.module, 1, 420) || !text(r.participant, 1, 40)) return false;
  if (!(r.cohort === null || text(r.cohort, 0, 64)) || !TIMEPOINT_SET.has(r.timepoint)) return false;
  const inst = r.instrument;
  if (!isPlainObject(inst) || !onlyKeys(inst, INSTRUMENT_KEYS) || !text(inst.id, 1, 100) || !text(inst.version, 1, 40) || !isHex64(inst.hash)) return false;
  if (!isHex64(r.checksum)) return false;
  if (!modulesAreShortTexts(r.modules) || !hashesByShortKey(r.knowledgeHashes)) return false;
  if (r.knowledge !== undefined && !(isPlainObject(r.knowledge) && answersAreWholeNumbersOrNull(r.knowledge))) return false;
  if (typeof r.startedAt !== 'string' || !PLAIN_DATETIME.test(r.startedAt) || typeof r.completedAt !== 'string' || !PLAIN_DATETIME.test(r.completedAt))
    return false;
  return (
    isPlainObject(r.responses) && answersAreWholeNumbersOrNull(r.responses) && isPlainObject(r.demographics) && backgroundIsShortTextOrNull(r.demographics)
  );
}
