// Reading result-record JSON files (a single record or an array of records) for the evaluator.
import { fieldPath } from '../instrument/load.ts';
import { normalizeParticipantCode } from '../records/participant-code.ts';
import { canonicalJsonWithout } from '../util/canonical-json.ts';
import { describeWhere, type ImportContext, type Where } from './import-context.ts';
import type { ImportedRecord } from './import-types.ts';
import { resultRecordSchema } from '../records/record-schema.ts';
import { RECORD_FORMAT, RECORD_FORMAT_VERSION, type ResultRecord } from '../records/result-record.ts';

/** A person-readable reason why JSON.parse failed; truncated files get their own wording. */
export function jsonErrorMessage(text: string, error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const truncated = /end of (json )?input|unterminated|Unexpected end/i.test(detail) || looksTruncated(text);
  return truncated
    ? `this file is not complete: it ends in the middle of the data, so it was probably cut off while downloading or copying. Nothing in it was imported; ask for the file again. (${detail})`
    : `this file is not valid JSON, so nothing in it was imported. (${detail})`;
}

/** True when brackets/braces are still open at the end of the text (outside strings). */
function looksTruncated(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash escape
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return inString || depth > 0;
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, 3).map((i) => `${fieldPath(i.path) || '(whole record)'}: ${i.message}`);
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
  return shown.join('; ') + more;
}

export function importJson(ctx: ImportContext, file: string, text: string): void {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    ctx.counts.filesRejected += 1;
    ctx.problem({ file }, 'error', jsonErrorMessage(text, error));
    return;
  }
  let items: unknown[];
  if (Array.isArray(data)) items = data;
  else if (data !== null && typeof data === 'object') items = [data];
  else {
    ctx.counts.filesRejected += 1;
    ctx.problem({ file }, 'error', 'this file holds no result records (expected one record or a list of records); nothing imported');
    return;
  }
  if (items.length === 0) {
    ctx.problem({ file }, 'warning', 'this file holds an empty list: no records in it');
    return;
  }
  const notAnalysed = new Map<string, number>();
  items.forEach((raw, index) => {
    const where: JsonWhere = { file, record: index + 1 };
    ctx.counts.recordsRead += 1;
    const tp = importOne(ctx, raw, where);
    if (tp && tp !== 'pre' && tp !== 'post') notAnalysed.set(tp, (notAnalysed.get(tp) ?? 0) + 1);
  });
  for (const [tp, n] of notAnalysed) {
    ctx.problem({ file }, 'warning', `${n} record${n === 1 ? '' : 's'} with timepoint "${tp}" kept but not analysed (the report compares pre and post)`);
  }
}

/** A JSON record's place: its file and its 1-based position there. */
type JsonWhere = Where & { record: number };

function reject(ctx: ImportContext, where: Where, message: string): undefined {
  ctx.counts.rejected += 1;
  ctx.problem(where, 'error', `${message}; record not imported`);
  return undefined;
}

/** Validates and keeps one record; returns its timepoint when it was imported. */
function importOne(ctx: ImportContext, raw: unknown, where: JsonWhere): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return reject(ctx, where, 'this entry is not a result record (not an object)');
  }
  const obj = raw as Record<string, unknown>;
  if (obj.format !== RECORD_FORMAT) {
    return reject(ctx, where, `this entry is not a result record of this app (it lacks "format": "${RECORD_FORMAT}")`);
  }
  if (typeof obj.formatVersion === 'number' && obj.formatVersion > RECORD_FORMAT_VERSION) {
    return reject(ctx, where, `this record was made by a newer version of the app (record format ${obj.formatVersion}; this version reads format ${RECORD_FORMAT_VERSION}). Update the app to read it`);
  }
  const parsed = resultRecordSchema.safeParse(raw);
  if (!parsed.success) {
    return reject(ctx, where, `this record is damaged or incomplete: ${describeIssues(parsed.error.issues)}`);
  }
  const record = parsed.data;
  // The checksum covers every field the file holds except the checksum itself (extra fields included).
  const computed = ctx.sha256(canonicalJsonWithout(obj, 'checksum'));
  const copyOf = ctx.firstCopy(computed === record.checksum ? computed : `${computed}|${record.checksum}`, where);
  if (copyOf) {
    ctx.counts.identicalCopies += 1;
    ctx.problem(where, 'warning', `identical copy of ${describeWhere(copyOf)} (the same record imported twice); counted once`);
    return undefined;
  }
  const checksum = computed === record.checksum ? 'valid' : 'mismatch';
  const code = normalizeParticipantCode(record.participant);
  const mismatch = ctx.instrumentMismatch(record.instrument.id, record.instrument.version, record.instrument.hash);
  if (mismatch) {
    const kept = toImported(ctx, record, where, code ?? record.participant, checksum, record.responses, record.demographics);
    ctx.keepApart(kept, mismatch);
    ctx.problem(where, 'warning', `this record was ${mismatch}; it is kept apart and not analysed with the others`);
    return undefined;
  }
  if (code === null) {
    return reject(ctx, where, `participant code ${JSON.stringify(record.participant)} is not a valid code (expected four parts such as MA-07-SA-2)`);
  }
  if (checksum === 'mismatch') {
    ctx.problem(where, 'warning', 'this record was edited after it was downloaded (its checksum does not match its content); it is imported and counted, but check where it came from');
  }
  const responses = ctx.checkResponses(record.responses, where);
  const demographics = ctx.checkDemographics(record.demographics, where);
  ctx.accept(toImported(ctx, record, where, code, checksum, responses, demographics));
  return record.timepoint;
}

function toImported(
  ctx: ImportContext,
  record: ResultRecord,
  where: JsonWhere,
  participant: string,
  checksum: 'valid' | 'mismatch',
  responses: Record<string, number | null>,
  demographics: Record<string, string | null>,
): ImportedRecord {
  return {
    source: 'json',
    file: where.file,
    record: where.record,
    seq: ctx.nextSeq(),
    attemptId: record.attemptId,
    module: record.module,
    cohort: record.cohort === null || record.cohort.trim() === '' ? null : record.cohort,
    participant,
    participantRaw: record.participant,
    timepoint: record.timepoint,
    instrument: { id: record.instrument.id, version: record.instrument.version, hash: record.instrument.hash },
    startedAt: record.startedAt,
    completedAt: record.completedAt,
    responses,
    demographics,
    checksum,
    appVersion: record.appVersion,
  };
}
