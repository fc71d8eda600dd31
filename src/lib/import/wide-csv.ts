// What the readers of wide exports (REDCap: redcap-csv.ts, Qualtrics: qualtrics-csv.ts) share: one row per
// person and occasion, one column per question. Each row with answers becomes one record (assemble.ts,
// shared with the long CSV); an answer that is not valid is set aside and the rest of the row kept.
//
// Participants are resolved at the end of the file, when every id in it is known: the kind of a participant
// field (codes or ids from another system) is decided over the whole file (participant-ids.ts), and a row
// without one takes its record's (REDCap: the record's other events) or its system id (record id,
// ExternalReference, ResponseId), which is always an id from another system.
//
// Only the columns named here are ever read: names, e-mails, addresses and locations in other columns are
// never copied into a record, a problem message or any output.
import { demographicField, itemIdFromRedcap, redcapFieldName } from '../export/redcap-dictionary.ts';
import type { Instrument } from '../instrument/schema.ts';
import { normalizeParticipantCode } from '../records/participant-code.ts';
import { RecordAssembler, type Assembled, type RecordStart } from './assemble.ts';
import { participantLikeColumn, type CsvRowReader } from './csv-rows.ts';
import type { ImportContext, Where } from './import-context.ts';
import { cyrb53 } from '../util/cyrb53.ts';
import { formatCount, listColumns, quoted } from './limits.ts';
import {
  badIdProblem,
  classifyId,
  codeLikeIdWarning,
  decideIdKind,
  invalidCodeProblem,
  opaqueIdProblem,
  idProblemMessage,
  quotedId,
  type ParticipantKind,
} from './participant-ids.ts';

/** What a column of a wide export holds. */
export type AnswerColumn =
  | { index: number; name: string; item: string }
  | { index: number; name: string; demographic: string }
  /** A REDCap checkbox column (`field___code`): 1 when the option is ticked. */
  | { index: number; name: string; demographic: string; option: string };

/**
 * The position of the first of `names` (lower case, in order of preference) that is a column of `lower`,
 * where its first occurrence is at position `from` or later; -1 when none is. (A REDCap export's first
 * column is its record id, whatever it is called: a role is never read from it.)
 */
export function columnOf(lower: readonly string[], names: readonly string[], from = 0): number {
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= from) return i;
  }
  return -1;
}

/**
 * What each column of a wide export is read as, for refuseRepeatedColumn: a role's column (`roles`: role →
 * position, -1 when absent) by its name, so a second column of that name is a repeat; an answer column by
 * its question (a question named by its field name and by its id is one question twice; a REDCap checkbox
 * column by its question and option); null for a column not read.
 */
export function wideColumnKeys(lower: readonly string[], roles: Readonly<Record<string, number>>, columns: readonly AnswerColumn[]): (string | null)[] {
  const roleNames = new Set(Object.values(roles).flatMap((i) => (i >= 0 ? [lower[i]!] : [])));
  const keys = lower.map((name) => (roleNames.has(name) ? `column ${quoted(name, 40)}` : null));
  for (const c of columns) {
    keys[c.index] ??=
      'item' in c
        ? `item "${c.item}"`
        : 'option' in c
          ? `option "${c.option}" of background question "${c.demographic}"`
          : `background question "${c.demographic}"`;
  }
  return keys;
}

/**
 * The warnings every wide export gets on its header: columns not used, items of the questionnaire it
 * lacks, and that it does not say which questionnaire it holds (`what`: its rows, its responses).
 */
export function reportWideHeader(
  ctx: ImportContext,
  file: string,
  line: number,
  system: string,
  what: string,
  columns: readonly AnswerColumn[],
  unused: readonly string[],
  /** The names a participant field is read by, when the export has none of them (else null). */
  participantNames: readonly string[] | null = null,
): void {
  if (unused.length)
    ctx.problem({ file, line }, 'warning', `column${unused.length === 1 ? '' : 's'} ${listColumns(unused)} not used (and never copied into any output)`);
  const meant = participantNames ? participantLikeColumn(unused) : null;
  if (meant && participantNames) {
    ctx.problem(
      { file, line },
      'warning',
      `column ${quoted(meant, 40)} is not read as the participant: only a field named ${participantNames.map((n) => `"${n}"`).join(' or ')} is; if it holds the participant codes or ids, rename it (in ${system}, or in the export's header row)`,
    );
  }
  const missing = ctx.instrument.items.filter((item) => !columns.some((c) => 'item' in c && c.item === item.id));
  if (missing.length) {
    ctx.problem(
      { file, line },
      'warning',
      `this export lacks ${missing.length} of the questionnaire's ${ctx.instrument.items.length} items (${listColumns(missing.map((m) => m.id))}): they count as not answered`,
    );
  }
  ctx.problem(
    { file, line },
    'warning',
    `a ${system} export does not say which questionnaire it holds; its ${what} are read as "${ctx.instrument.id}" version ${ctx.instrument.version}`,
  );
}

/**
 * The question a column holds, by its name: an item's REDCap field name (att_12_helpful) or its id
 * (att-12-helpful), a background question's field name or id, or a REDCap checkbox column of a background
 * question (field___code). Case is ignored. Null for any other column.
 */
export function answerColumnFor(instrument: Instrument, rawName: string, index: number): AnswerColumn | null {
  const name = rawName.trim().toLowerCase();
  const [field, option] = name.split('___', 2) as [string, string | undefined];
  const id = itemIdFromRedcap(field);
  if (option === undefined && instrument.items.some((i) => i.id === id || redcapFieldName(i.id) === field)) {
    return { index, name: rawName, item: instrument.items.find((i) => i.id === id || redcapFieldName(i.id) === field)!.id };
  }
  const d = instrument.demographics.find((q) => q.id === id || demographicField(q.id) === field);
  if (!d) return null;
  if (option === undefined) return { index, name: rawName, demographic: d.id };
  const value = optionValueFor(instrument, d.id, option);
  return value === null ? null : { index, name: rawName, demographic: d.id, option: value };
}

/**
 * A background question's option from what an export holds: its value (nurse), its REDCap code (the value
 * as a field name: prefer_not_to_say), or, when `positions` (Qualtrics' recode values), its 1-based place in
 * the list of options. Null when it is none of them.
 */
function optionValueFor(instrument: Instrument, questionId: string, text: string, positions = false): string | null {
  const d = instrument.demographics.find((q) => q.id === questionId);
  if (!d) return null;
  const t = text.trim();
  const found = d.options.find((o) => o.value === t || redcapFieldName(o.value) === t.toLowerCase());
  if (found) return found.value;
  if (positions && /^\d+$/.test(t)) return d.options[Number(t) - 1]?.value ?? null;
  return null;
}

const WHOLE_NUMBER = /^[+-]?\d+(\.0*)?$/;

/** A row waiting for its participant, resolved at the end of the file. */
interface Pending {
  a: Assembled;
  line: number;
  /** The participant field's value (participant code or id), '' when empty or absent. */
  field: string;
  /** Rows of one REDCap record share a participant; null: the row stands alone (Qualtrics). */
  group: string | null;
  /**
   * The system's own id for the row: always an id from another system. `perResponse`: made anew for every
   * response (Qualtrics' ResponseId), so it matches nothing; a row that falls back to it is always warned about.
   */
  fallback: { id: string; what: string; perResponse?: boolean };
}

export interface WideExport {
  /** 'REDCap' or 'Qualtrics', for messages. */
  system: string;
  /** What identifies a response in the export, for messages ("record id, event and repeat instance", "ResponseId"). */
  responseId: string;
  /** What to do when the answers are labels or choice texts instead of codes (ends the message). */
  exportAgain: string;
  columns: readonly AnswerColumn[];
  /** Values read as not answered besides empty and NA (Qualtrics: -99, "seen but unanswered"). */
  missing?: ReadonlySet<string>;
  /** Background answers may be 1-based positions in the option list (Qualtrics recode values). */
  positions?: boolean;
  /**
   * Rows matched by their system id (record id, ExternalReference, ResponseId) are expected (the export has
   * no participant field, and a warning about the file already says so): no warning per row.
   */
  quietFallback: boolean;
}

/** Lines shown of the rows that repeat rows read before (the rest are counted). */
const SHOWN_COPY_LINES = 5;

/** The shared part of the REDCap and Qualtrics readers: answers, records, participants. */
export abstract class WideReader implements CsvRowReader {
  readonly assembler: RecordAssembler;
  protected readonly ctx: ImportContext;
  protected readonly file: string;
  protected readonly layout: WideExport;
  private readonly pending: Pending[] = [];
  private checkedCodes = false;
  /** The answer columns, each with its name in the questionnaire (item or question), in that name's order. */
  private readonly answerKeys: [index: number, key: string][];
  /** The first row of each response in this file: its line and the hash of what it says (valuesHash). */
  private readonly firstRows = new Map<string, { line: number; values: number }>();
  /**
   * The participant fields of rows not used (copies, rows of an event not mapped, rows of another form):
   * their records' other rows may need them (REDCap: the code is often entered at one event only).
   */
  private readonly unusedRowFields: Omit<Pending, 'a' | 'line' | 'fallback'>[] = [];
  /** An earlier file's name (null: this file) → the lines of this file that repeat its rows with the same values. */
  private readonly repeatsOf = new Map<string | null, number[]>();
  /** The file turned out to hold labels or choice texts: nothing in it is imported. */
  rejected = false;

  constructor(ctx: ImportContext, file: string, layout: WideExport) {
    this.ctx = ctx;
    this.file = file;
    this.layout = layout;
    this.assembler = new RecordAssembler(ctx, file);
    const key = (c: AnswerColumn) => ('item' in c ? c.item : 'option' in c ? `demo:${c.demographic}:${c.option}` : `demo:${c.demographic}`);
    this.answerKeys = layout.columns.map((c): [number, string] => [c.index, key(c)]).sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] - b[0]));
  }

  /**
   * A hash of what a row says: `fields` (name → value: the participant field, the timepoint the row is read
   * as…) and every answer, each with its name, so that the columns' order does not count; an empty or
   * missing value counts as absent (a column that one export has and another lacks).
   */
  protected valuesHash(row: readonly string[], fields: Readonly<Record<string, string>>): number {
    const parts: string[] = [];
    for (const [name, value] of Object.entries(fields)) if (value !== '') parts.push(`${name}=${value}`);
    for (const [i, key] of this.answerKeys) {
      const value = this.cell(row, i);
      if (!this.isMissing(value)) parts.push(`${key}=${value}`);
    }
    return cyrb53(parts.join('\u0000'));
  }

  /**
   * True when the row repeats what a row of the same response (`identity`: the system's id of it) read
   * before says: in this file (an export pasted twice) or in another of the import (two exports that
   * overlap). It is then counted as an identical copy, left out, and said once per file it repeats
   * (finish). When the response was read before with other values, both rows are read (the matching uses
   * one, and lists the other as a duplicate) and `otherValues` says so (null: nothing is said). `who`: the
   * row's participant field, which its record's other rows may need even when the row is left out.
   */
  protected repeatsEarlierRow(
    identity: string,
    values: number,
    where: Where,
    who: Omit<Pending, 'a' | 'line' | 'fallback'>,
    otherValues: (first: { file: string; line: number; thisFile: boolean }) => string | null,
  ): boolean {
    const line = where.line ?? 0;
    const own = this.firstRows.get(identity);
    let first: { file: string; line: number; values: number; thisFile: boolean };
    if (own) first = { file: this.file, line: own.line, values: own.values, thisFile: true };
    else {
      this.firstRows.set(identity, { line, values });
      const key = `${this.layout.system}\u0000${identity}`;
      const earlier = this.ctx.wideRows.get(key);
      if (!earlier) {
        this.ctx.wideRows.set(key, { file: this.file, line, values });
        return false;
      }
      first = { ...earlier, thisFile: false };
    }
    if (first.values !== values) {
      const message = otherValues(first);
      if (message) {
        this.ctx.problem(where, 'warning', message, 'a response read before is read again with other values: both are read, as two records', 'row');
      }
      return false;
    }
    this.ctx.counts.recordsRead += 1;
    this.ctx.counts.identicalCopies += 1;
    this.keepParticipantOf(who);
    const from = first.thisFile ? null : first.file;
    const lines = this.repeatsOf.get(from) ?? [];
    lines.push(line);
    this.repeatsOf.set(from, lines);
    return true;
  }

  /** The copies found by repeatsEarlierRow, one warning for each file they repeat. */
  private reportRepeats(): void {
    const { ctx, file } = this;
    const id = this.layout.responseId;
    for (const [earlier, lines] of this.repeatsOf) {
      const n = lines.length;
      const shown = `line${n === 1 ? '' : 's'} ${lines.slice(0, SHOWN_COPY_LINES).join(', ')}${n > SHOWN_COPY_LINES ? ', …' : ''}`;
      const of = earlier === null ? 'earlier rows of this file' : `rows of ${quoted(earlier, 120)}`;
      ctx.problem(
        { file, line: lines[0]! },
        'warning',
        `${formatCount(n)} row${n === 1 ? '' : 's'} of this file (${shown}) repeat${n === 1 ? 's' : ''} ${of} with the same ${id}, and the same values (the same response${n === 1 ? '' : 's'} exported twice, as overlapping exports hold them): identical cop${n === 1 ? 'y' : 'ies'}, read once`,
        `rows repeat rows read before with the same ${id}, and the same values (overlapping exports): identical copies, read once`,
        'record',
      );
    }
  }

  abstract read(row: readonly string[], where: Where): boolean | void;

  rowError(where: Where, message: string, kind: string = message): void {
    this.ctx.counts.csvRowsRejected += 1;
    this.ctx.problem(where, 'error', `${message}; row not used`, `${kind}; row not used`);
  }

  /** A row left out without an error (a preview, a row of another form). */
  protected rowSkipped(where: Where, message: string, kind: string = message): void {
    this.ctx.counts.csvRowsRejected += 1;
    this.ctx.problem(where, 'warning', `${message}; row not used`, `${kind}; row not used`);
  }

  newRecordsLeft(): number {
    return this.ctx.recordsLeft() - this.assembler.size;
  }

  private isMissing(value: string): boolean {
    return value === '' || value.toUpperCase() === 'NA' || (this.layout.missing?.has(value) ?? false);
  }

  /** The trimmed value of column i of a row ('' for a column the export lacks: i < 0). */
  protected cell(row: readonly string[], i: number): string {
    return i < 0 ? '' : (row[i] ?? '').trim();
  }

  /** The questionnaire every row is read as (a wide export names none). */
  protected get chosenInstrument(): RecordStart['instrument'] {
    return { id: this.ctx.instrument.id, version: this.ctx.instrument.version, hash: null };
  }

  /** True when the row answers at least one question of the questionnaire. */
  protected hasAnswers(row: readonly string[]): boolean {
    for (const c of this.layout.columns) {
      const v = this.cell(row, c.index);
      if ('option' in c ? v === '1' : !this.isMissing(v)) return true;
    }
    return false;
  }

  /**
   * On the first row with answers: when most of its answers to items are not whole numbers, the export
   * holds labels or choice texts, not codes. The file is then rejected (returns false) with a message that
   * says how to export it again.
   */
  protected checkCodes(row: readonly string[], where: Where): boolean {
    if (this.checkedCodes) return true;
    this.checkedCodes = true;
    let answered = 0;
    let text: { value: string; column: string } | null = null;
    let texts = 0;
    for (const c of this.layout.columns) {
      if (!('item' in c)) continue;
      const v = (row[c.index] ?? '').trim();
      if (this.isMissing(v)) continue;
      answered++;
      if (!WHOLE_NUMBER.test(v)) {
        texts++;
        text ??= { value: v, column: c.name };
      }
    }
    if (!text || texts * 2 <= answered) return true;
    this.rejected = true;
    this.ctx.rejectFile(
      where,
      `this ${this.layout.system} export holds answer texts, not codes (for example ${quoted(text.value, 40)} in column ${quoted(text.column, 40)} on line ${where.line}): ${this.layout.exportAgain}; nothing in this file was imported`,
    );
    return false;
  }

  /** A row not used still names its record's participant, which the record's other rows may need (resolveParticipants). */
  protected keepParticipantOf(who: Omit<Pending, 'a' | 'line' | 'fallback'>): void {
    if (who.field !== '') this.unusedRowFields.push(who);
  }

  /** Starts the row's record (its participant is set at the end of the file) and adds its answers. */
  protected addRow(
    row: readonly string[],
    where: Where,
    start: Omit<RecordStart, 'participant' | 'participantRaw' | 'participantKind' | 'instance'>,
    who: Omit<Pending, 'a' | 'line'>,
  ): void {
    const line = where.line ?? 0;
    const a = this.assembler.start({ ...start, participant: '', participantRaw: '', participantKind: 'opaque', instance: String(line) }, line);
    this.pending.push({ a, line, ...who });
    const ticked = new Map<string, string[]>();
    for (const c of this.layout.columns) {
      const raw = (row[c.index] ?? '').trim();
      if ('option' in c) {
        if (raw === '1') ticked.set(c.demographic, [...(ticked.get(c.demographic) ?? []), c.option]);
        continue;
      }
      const value = this.isMissing(raw) ? '' : raw;
      let problem: ReturnType<typeof this.assembler.answer>;
      if ('item' in c) {
        problem = this.assembler.answer(a, c.item, value, line);
        if (problem) this.assembler.askedWithoutAnswer(a, c.item);
      } else {
        const option = value === '' ? '' : (optionValueFor(this.ctx.instrument, c.demographic, value, this.layout.positions) ?? value);
        problem = this.assembler.answer(a, `demo:${c.demographic}`, option, line);
      }
      if (problem) this.setAside(where, `column ${quoted(c.name, 40)}: ${problem.message}`, problem.kind);
    }
    for (const [id, options] of ticked) {
      if (options.length > 1) {
        this.setAside(
          where,
          `more than one option of background question "${id}" is ticked (${options.join(', ')})`,
          `more than one option of a background question is ticked`,
        );
      } else {
        const problem = this.assembler.answer(a, `demo:${id}`, options[0]!, line);
        if (problem) this.setAside(where, problem.message, problem.kind);
      }
    }
  }

  private setAside(where: Where, message: string, kind: string): void {
    this.ctx.rejectValue(where, `${message}; answer set aside`, `${kind}; answer set aside`);
  }

  /** Ends the file: gives every row its participant, then imports the records (assemble.ts). */
  finish(): void {
    if (this.rejected) return;
    this.reportRepeats();
    this.resolveParticipants();
    this.assembler.finish();
  }

  private resolveParticipants(): void {
    const { ctx, file } = this;
    const kind: ParticipantKind = decideIdKind([...this.pending, ...this.unusedRowFields].map((p) => p.field));
    const resolved = new Map<Pending, { participant: string; raw: string; kind: ParticipantKind }>();
    const drop = (p: Pending, message: string, kindText: string) => {
      this.assembler.drop(p.a);
      this.rowError({ file, line: p.line }, message, kindText);
    };
    const warned = new Set<string>();
    // Rows with a participant field first: each a code or an id, by the file's kind.
    for (const p of this.pending) {
      if (p.field === '') continue;
      if (kind === 'code') {
        const code = normalizeParticipantCode(p.field);
        if (code === null) {
          const invalid = invalidCodeProblem(p.field);
          drop(p, invalid.message, invalid.kind);
        } else {
          resolved.set(p, { participant: code, raw: p.field, kind: 'code' });
        }
        continue;
      }
      const problem = opaqueIdProblem(p.field);
      if (problem) {
        const bad = badIdProblem(p.field, problem);
        drop(p, bad.message, bad.kind);
        continue;
      }
      if (!warned.has(p.field) && classifyId(p.field) !== 'other') {
        warned.add(p.field);
        const warning = codeLikeIdWarning(p.field);
        ctx.problem({ file, line: p.line }, 'warning', warning.message, warning.kind, 'record');
      }
      resolved.set(p, { participant: p.field, raw: p.field, kind: 'opaque' });
    }
    // A record's participant, when its rows agree on one (REDCap: the code is often entered at one event only).
    const ofGroup = new Map<string, Set<string>>();
    const byKey = new Map<string, { participant: string; raw: string; kind: ParticipantKind }>();
    const addToGroup = (group: string | null, who: { participant: string; raw: string; kind: ParticipantKind }) => {
      if (group === null) return;
      const key = `${who.kind}\u0000${who.participant}`;
      byKey.set(key, who);
      ofGroup.set(group, (ofGroup.get(group) ?? new Set()).add(key));
    };
    for (const [p, who] of resolved) addToGroup(p.group, who);
    // A record whose rows name different participants: each such row is read as the one it names (as a
    // file of one row per person would be), said once per record; its rows without one are not used (below).
    const named = new Map<string, { first: Pending; lines: number[]; count: number }>();
    for (const p of resolved.keys()) {
      if (p.group === null || ofGroup.get(p.group)!.size < 2) continue;
      const rows = named.get(p.group) ?? named.set(p.group, { first: p, lines: [], count: 0 }).get(p.group)!;
      rows.count += 1;
      if (rows.lines.length < SHOWN_COPY_LINES) rows.lines.push(p.line);
    }
    for (const [group, { first, lines, count }] of named) {
      const { what, id } = first.fallback;
      const shown = `${count === 1 ? 'line' : 'lines'} ${lines.join(', ')}${count > lines.length ? ', …' : ''}`;
      ctx.problem(
        { file, line: first.line },
        'warning',
        `the rows of ${what} ${quotedId(id)} name ${formatCount(ofGroup.get(group)!.size)} different participants (${shown}): each row is read as the participant it names, so they are not matched as one person; if they are one, correct the participant field in ${this.layout.system}`,
        `the rows of a ${what} name different participants: each row is read as the participant it names`,
        'record',
      );
    }
    // A row not used still names its record's participant (a copy's is said in the file it copies if wrong).
    for (const { field, group } of this.unusedRowFields) {
      if (kind === 'code') {
        const code = normalizeParticipantCode(field);
        if (code !== null) addToGroup(group, { participant: code, raw: field, kind: 'code' });
      } else if (!opaqueIdProblem(field)) addToGroup(group, { participant: field, raw: field, kind: 'opaque' });
    }
    let fellBack = 0;
    let fellBackAt: Pending | null = null;
    for (const p of this.pending) {
      if (p.field !== '') continue;
      const keys = p.group === null ? undefined : ofGroup.get(p.group);
      if (keys && keys.size === 1) {
        resolved.set(p, byKey.get([...keys][0]!)!);
        continue;
      }
      if (keys && keys.size > 1) {
        drop(
          p,
          `the participant field is empty, and the other rows of ${p.fallback.what} ${quotedId(p.fallback.id)} name ${formatCount(keys.size)} different participants`,
          'the participant field is empty, and the other rows of the record name different participants',
        );
        continue;
      }
      const problem = opaqueIdProblem(p.fallback.id);
      if (problem) {
        drop(p, idProblemMessage(p.fallback.what, p.fallback.id, problem, 'the '), `the ${p.fallback.what} ${problem}`);
        continue;
      }
      if (!this.layout.quietFallback || p.fallback.perResponse) {
        fellBack++;
        fellBackAt ??= p;
      }
      resolved.set(p, { participant: p.fallback.id, raw: p.fallback.id, kind: 'opaque' });
    }
    if (fellBack && fellBackAt) {
      const { what, perResponse } = fellBackAt.fallback;
      ctx.problem(
        { file, line: fellBackAt.line },
        'warning',
        `${formatCount(fellBack)} row${fellBack === 1 ? ' has' : 's have'} no participant (first on line ${fellBackAt.line}); ${fellBack === 1 ? 'it is' : 'they are'} matched by the ${what} instead, an id from another system that never matches a participant code${perResponse ? ', and which Qualtrics makes anew for every response, so pre and post answers can never be matched: set the embedded data field "participant" in the survey flow, or send the survey to a contact list whose ExternalReference identifies people' : ''}`,
      );
    }
    for (const [p, who] of resolved) {
      p.a.record.participant = who.participant;
      p.a.record.participantRaw = who.raw;
      p.a.record.participantKind = who.kind;
    }
  }
}
