// Assembling records from CSV cells, shared by every CSV reader: the long CSV (import-csv.ts: one answer
// per row), REDCap's export (redcap-csv.ts) and Qualtrics' export (qualtrics-csv.ts: many answers per row).
//
// A record is started once per participant × timepoint × cohort × module × instrument (and, for the wide
// exports, per row: `instance`); every answer is checked against the instrument here, in one place, and
// the caller decides what a problem costs (the long CSV drops the row, the wide exports set the answer
// aside). At the end of a file, `finish` counts the records, keeps those of another questionnaire apart
// and imports the rest.
import type { Timepoint } from '../records/result-record.ts';
import { describePoints, type ImportContext } from './import-context.ts';
import type { ImportedRecord } from './import-types.ts';
import { quoted } from './limits.ts';
import { quotedId, type ParticipantKind } from './participant-ids.ts';
import { rowBlocks } from '../util/row-blocks.ts';
import { equalsAt } from './csv-rows.ts';

export const DEMOGRAPHIC_ITEM_PREFIX = 'demo:';
/** A record's participant as messages name it: "participant MA-07-SA-2", or "participant id \"K016\"" (quotedId). */
export const whoOf = (r: Pick<ImportedRecord, 'participant' | 'participantKind'>): string =>
  r.participantKind === 'opaque' ? `participant id ${quotedId(r.participant)}` : `participant ${r.participant}`;

/** The version of a record whose rows name a questionnaire but no version. */
export const NO_VERSION = '(none given)';

export interface Assembled {
  /** The record's key in RecordAssembler.assembled. */
  key: string;
  record: ImportedRecord;
  /**
   * Line where the value of each of the questionnaire's items was read, plus one (by item position; 0: not yet),
   * for a record of the chosen questionnaire; null for one of another questionnaire.
   */
  itemLines: Int32Array | null;
  /**
   * The value kept for each of the questionnaire's items (by position; NaN: none, or asked and not answered),
   * for a record of the chosen questionnaire: its `responses` are made from these at the end of the file.
   */
  values: Float64Array | null;
  /** How many of the questionnaire's items have a row or cell accepted ("NA" and empty ones included: asked, not answered). */
  answered: number;
  /** Items (by position) asked with the answer set aside (a wide export's cell that was not used): listed as null. */
  askedOnly: Set<number> | null;
  /** The position of the item after the one last answered (rows usually follow the questionnaire's order). */
  nextItem: number;
  /** The position of the background question after the one last answered (their rows follow their order too). */
  nextBackground: number;
  /**
   * Line where the answer to each background question was read, plus one (by position; 0: not yet), for a
   * record of the chosen questionnaire; null until one is (a post record has none).
   */
  backgroundLines: Int32Array | null;
  /** Every item (demo:id too) of a record of another questionnaire → line where its value was read; null until one is. */
  seenAt: Map<string, number> | null;
  /**
   * Item (or demo:id) → the text read, only where it is not the text of the value kept ("NA" or "3.0", not
   * "" or "3"): a repeated row is compared with the text first read, and a long CSV has one entry per row,
   * so the usual case costs no object per row.
   */
  readAs: Map<string, string> | null;
  /** Why the record cannot be analysed with the chosen questionnaire (another one), or null. */
  otherReason: string | null;
}

/** What starts a record: who, when, where, with which questionnaire. */
export interface RecordStart {
  participant: string;
  participantRaw: string;
  participantKind: ParticipantKind;
  timepoint: Timepoint;
  cohort: string | null;
  module: string | null;
  /** The questionnaire the file names ('' version: none given). */
  instrument: { id: string; version: string; hash: string | null };
  /** Tells apart records that share everything above (one per row of a wide export); absent in a long CSV. */
  instance?: string;
  startedAt?: string | null;
  completedAt?: string | null;
}

/** A problem with one answer: a warning (an identical repeat, counted once) or an error (not used). */
export interface AnswerProblem {
  severity: 'error' | 'warning';
  message: string;
  /** The message without this occurrence's details, for grouping (ImportContext.problem). */
  kind: string;
}

/** An empty value or NA: not answered. */
// (Only a text of two characters can read NA: the length test spares an upper-case copy of every value.)
export const isMissing = (v: string): boolean => v === '' || (v.length === 2 && v.toUpperCase() === 'NA');
const WHOLE_NUMBER = /^[+-]?\d+(\.0*)?$/;

/** The number a response value's text names (a whole number, "+3" and "3.0" included), else NaN. */
function wholeNumber(value: string): number {
  const digit = value.charCodeAt(0) - 48;
  if (value.length === 1 && digit >= 0 && digit <= 9) return digit; // the usual "3", without the pattern
  return WHOLE_NUMBER.test(value) ? Number(value) : NaN;
}

/**
 * The text of the value kept for an item (or demo:id): "" when not answered. `index` is the position of an
 * item of the chosen questionnaire, whose value is kept in `values`.
 */
function keptText(a: Assembled, item: string, index?: number): string {
  const v =
    index !== undefined && a.values
      ? a.values[index]!
      : item.startsWith(DEMOGRAPHIC_ITEM_PREFIX)
        ? a.record.demographics[item.slice(DEMOGRAPHIC_ITEM_PREFIX.length)]
        : a.record.responses[item];
  return v === null || v === undefined || Number.isNaN(v) ? '' : String(v);
}

/** The text first read for an item (or demo:id) already seen. */
const textRead = (a: Assembled, item: string, index?: number): string => a.readAs?.get(item) ?? keptText(a, item, index);

/** Notes the text read for an item when it is not the kept value's ("NA" or "3.0", not "" or "3"). */
function noteText(a: Assembled, item: string, value: string, index?: number): void {
  if (value !== keptText(a, item, index)) (a.readAs ??= new Map()).set(item, value);
}

/** Notes where an item (or demo:id) of seenAt was read, after its value is kept. */
function seen(a: Assembled, item: string, line: number, value: string): void {
  (a.seenAt ??= new Map()).set(item, line);
  noteText(a, item, value);
}

export class RecordAssembler {
  readonly assembled = new Map<string, Assembled>();
  private readonly ctx: ImportContext;
  private readonly file: string;
  /** The questionnaire's items by id: their position (for Assembled.itemLines) and response values. */
  private readonly items: ReadonlyMap<string, { id: string; index: number; points: ReadonlySet<number> }>;
  /** The questionnaire's item ids, in order. */
  private readonly itemIds: readonly string[];
  /** Hands out each record's itemLines and values. */
  private readonly itemLineRows: () => Int32Array;
  private readonly valueRows: () => Float64Array;
  /** By item position, a bit for each digit (0–9) that is one of the item's response values. */
  private readonly digitPoints: Uint16Array;
  /**
   * The responses of a record that answered every item, all null, in the questionnaire's order: such a
   * record's responses are a copy of it, which V8 keeps as a fixed layout. An object given its keys one by one
   * becomes a hash table after a dozen, larger and slower to read and to collect.
   */
  private readonly allAnswered: Record<string, number | null>;
  /** The background questions in order: their ids, their rows' item (demo:id), their options as read. */
  private readonly backgroundIds: readonly string[];
  private readonly backgroundItems: readonly string[];
  private readonly backgroundOptions: readonly (readonly string[])[];
  private readonly backgroundIndex: ReadonlyMap<string, number>;
  /** Hands out each record's backgroundLines. */
  private readonly backgroundLineRows: () => Int32Array;

  constructor(ctx: ImportContext, file: string) {
    this.ctx = ctx;
    this.file = file;
    this.items = new Map([...ctx.itemPoints].map(([id, points], index) => [id, { id, index, points }]));
    this.itemIds = [...ctx.itemPoints.keys()];
    this.itemLineRows = rowBlocks(this.itemIds.length, (n) => new Int32Array(n));
    this.valueRows = rowBlocks(this.itemIds.length, (n) => new Float64Array(n).fill(NaN));
    this.allAnswered = Object.fromEntries(this.itemIds.map((id) => [id, null]));
    this.digitPoints = Uint16Array.from(this.itemIds, (id) => {
      let bits = 0;
      for (let digit = 0; digit <= 9; digit++) if (this.items.get(id)!.points.has(digit)) bits |= 1 << digit;
      return bits;
    });
    this.backgroundIds = [...ctx.demographicOptions.keys()];
    this.backgroundItems = this.backgroundIds.map((id) => DEMOGRAPHIC_ITEM_PREFIX + id);
    // (An option that reads as "not answered" (NA), or that trimming would change, is left to `answer`.)
    this.backgroundOptions = [...ctx.demographicOptions.values()].map((options) => [...options].filter((o) => !isMissing(o) && o.trim() === o));
    this.backgroundIndex = new Map(this.backgroundIds.map((id, q) => [id, q]));
    this.backgroundLineRows = rowBlocks(this.backgroundIds.length, (n) => new Int32Array(n));
  }

  /** Records started in this file so far. */
  get size(): number {
    return this.assembled.size;
  }

  /** The record these fields name, started on first use (at `line`). */
  start(fields: RecordStart, line: number): Assembled {
    const { ctx } = this;
    const { id, hash } = fields.instrument;
    const version = fields.instrument.version || (id === ctx.instrument.id ? ctx.instrument.version : '');
    // Joined at once: a template of this many parts makes a string of a dozen pieces, then a flat copy to look it up.
    const key = [
      id,
      version,
      hash ?? '',
      fields.participantKind,
      fields.participant,
      fields.timepoint,
      fields.cohort ?? '',
      ctx.moduleKey(fields.module) ?? '',
      fields.instance ?? '',
    ].join('\u0000');
    let a = this.assembled.get(key);
    if (!a) {
      a = {
        key,
        record: {
          source: 'csv',
          file: this.file,
          line,
          seq: ctx.nextSeq(),
          attemptId: null,
          module: fields.module,
          cohort: fields.cohort,
          participant: fields.participant,
          participantRaw: fields.participantRaw,
          participantKind: fields.participantKind,
          timepoint: fields.timepoint,
          instrument: { id, version: version || NO_VERSION, hash },
          startedAt: fields.startedAt ?? null,
          completedAt: fields.completedAt ?? null,
          responses: {},
          demographics: {},
          checksum: 'none',
          appVersion: null,
        },
        itemLines: null,
        values: null,
        answered: 0,
        askedOnly: null,
        nextItem: 0,
        nextBackground: 0,
        backgroundLines: null,
        seenAt: null,
        readAs: null,
        otherReason: ctx.instrumentMismatch(id, version || NO_VERSION, hash),
      };
      if (!a.otherReason) {
        a.itemLines = this.itemLineRows();
        a.values = this.valueRows();
      }
      this.assembled.set(key, a);
    }
    return a;
  }

  /**
   * The id of the item that follows the one last answered in this record, when text[from..to) is that id
   * exactly (a long CSV lists a record's items in order): found without a copy of the text; else null.
   */
  expectedItemAt(a: Assembled, text: string, from: number, to: number): string | null {
    const id = this.expectedItem(a);
    return id !== undefined && equalsAt(text, from, to, id) ? id : null;
  }

  /** The id of the item that follows the one last answered in this record (undefined after the last item). */
  expectedItem(a: Assembled): string | undefined {
    return this.itemIds[a.nextItem];
  }

  /**
   * Keeps the answer `digit` (a value of one character, 0–9) to the item expected next (expectedItemAt) when
   * `answer` would keep it without more ado: a record of the chosen questionnaire, the item not answered yet,
   * the digit one of its response values. Returns false, having done nothing, otherwise: then `answer` decides.
   * Most rows of a long CSV are such answers, and this way they cost no string.
   */
  answerExpectedDigit(a: Assembled, digit: number, line: number): boolean {
    const index = a.nextItem;
    const lines = a.itemLines;
    if (lines === null || index >= lines.length || lines[index] !== 0 || (this.digitPoints[index]! & (1 << digit)) === 0) return false;
    this.keep(a, index, digit, line);
    return true;
  }

  /**
   * The row item (demo:id) of the background question that follows the one last answered in this record, by
   * its position (`nextBackground`): undefined after the last one.
   */
  expectedBackground(a: Assembled): string | undefined {
    return this.backgroundItems[a.nextBackground];
  }

  /**
   * Keeps the answer text[from..to) to the background question expected next (expectedBackground) when it is
   * one of the question's options exactly and `answer` would keep it without more ado: a record of the chosen
   * questionnaire, the question not answered yet. Returns false, having done nothing, otherwise: then `answer`
   * decides. The option's own text is kept, so the row costs no string.
   */
  answerExpectedBackground(a: Assembled, text: string, from: number, to: number, line: number): boolean {
    const q = a.nextBackground;
    const item = this.backgroundItems[q];
    if (a.itemLines === null || item === undefined || (a.backgroundLines !== null && a.backgroundLines[q] !== 0)) return false;
    const options = this.backgroundOptions[q]!;
    for (let o = 0; o < options.length; o++) {
      const option = options[o]!;
      if (!equalsAt(text, from, to, option)) continue;
      a.record.demographics[this.backgroundIds[q]!] = option;
      this.keepBackgroundLine(a, q, line);
      return true;
    }
    return false;
  }

  /** Notes the line where the answer to background question `q` was read (its value kept). */
  private keepBackgroundLine(a: Assembled, q: number, line: number): void {
    (a.backgroundLines ??= this.backgroundLineRows())[q] = line + 1;
    a.nextBackground = q + 1;
  }

  /** Keeps an answer (NaN: asked, not answered) to the item at `index`, read on `line`. */
  private keep(a: Assembled, index: number, value: number, line: number): void {
    a.values![index] = value;
    a.answered += 1;
    a.itemLines![index] = line + 1;
    a.nextItem = index + 1;
  }

  /**
   * Adds one answer: `item` is an item id or `demo:<question id>`; `value` the text read (a response value,
   * or for a background question an option value). Returns what is wrong with it, or null when it was kept.
   */
  answer(a: Assembled, item: string, value: string, line: number): AnswerProblem | null {
    const { ctx } = this;
    // An item or background question of the chosen questionnaire: its line is kept by position (most rows of a file).
    const known = a.itemLines ? this.items.get(item) : undefined;
    // A background question's id (demo:id), else null.
    const background = !known && item.startsWith(DEMOGRAPHIC_ITEM_PREFIX) ? item.slice(DEMOGRAPHIC_ITEM_PREFIX.length) : null;
    const question = a.itemLines && background !== null ? this.backgroundIndex.get(background) : undefined;
    const beforeLine = known ? a.itemLines![known.index]! - 1 : question !== undefined ? (a.backgroundLines?.[question] ?? 0) - 1 : a.seenAt?.get(item);
    if (beforeLine !== undefined && beforeLine !== -1) {
      const before = { line: beforeLine, value: textRead(a, item, known?.index) };
      if (before.value === value) {
        return {
          severity: 'warning',
          message: `repeats line ${before.line} (same participant, timepoint, item and value); counted once`,
          kind: 'repeats an earlier row (same participant, timepoint, item and value); counted once',
        };
      }
      const who = whoOf(a.record);
      return {
        severity: 'error',
        message: `a second, different value for item ${quoted(item)} of ${who} at ${a.record.timepoint} (line ${before.line} has ${quoted(before.value)}, which is used)`,
        kind: 'a second, different value for the same participant, timepoint and item (the first one is used)',
      };
    }

    if (a.otherReason) {
      // Another instrument: kept as read, without checking items against the chosen instrument.
      if (background !== null) a.record.demographics[background] = isMissing(value) ? null : value;
      else a.record.responses[item] = isMissing(value) || !/^-?\d+$/.test(value) ? null : Number(value);
      seen(a, item, line, value);
      return null;
    }

    if (background !== null) {
      const id = background;
      const options = ctx.demographicOptions.get(id);
      if (!options || question === undefined)
        return { severity: 'error', message: `unknown background question ${quoted(id)}`, kind: 'unknown background question' };
      if (!isMissing(value) && !options.has(value)) {
        const listed = `options: ${[...options].join(', ')}`;
        return {
          severity: 'error',
          message: `${quoted(value)} is not an option of background question "${id}" (${listed})`,
          kind: `not an option of background question "${id}" (${listed})`,
        };
      }
      a.record.demographics[id] = isMissing(value) ? null : value;
      this.keepBackgroundLine(a, question, line);
      noteText(a, item, value);
      return null;
    }
    if (!known) {
      const questionnaire = `questionnaire "${ctx.instrument.id}" ${ctx.instrument.version}`;
      return { severity: 'error', message: `unknown item ${quoted(item)} (not in ${questionnaire})`, kind: `unknown item (not in ${questionnaire})` };
    }
    let v: number | null = null;
    if (!isMissing(value)) {
      v = wholeNumber(value);
      if (!known.points.has(v)) {
        const scale = `response options (${describePoints([...known.points])})`;
        return {
          severity: 'error',
          message: `value ${quoted(value)} for item "${item}" is not one of its ${scale}`,
          kind: `value for item "${item}" is not one of its ${scale}`,
        };
      }
    }
    this.keep(a, known.index, v === null ? NaN : v, line);
    if (value.length !== 1 || v === null) noteText(a, item, value, known.index); // a single character kept is the value's own text
    return null;
  }

  /**
   * Lists an item of the chosen questionnaire as asked, with no answer, when nothing was kept for it: a wide
   * export's cell whose answer was set aside.
   */
  askedWithoutAnswer(a: Assembled, item: string): void {
    // A wide export's records are all of the chosen questionnaire, and its item columns are the questionnaire's.
    const known = this.items.get(item)!;
    if (a.itemLines![known.index] === 0) (a.askedOnly ??= new Set()).add(known.index);
  }

  /** A record's responses from the values kept, in the questionnaire's order (only the items it asked). */
  private responsesOf(a: Assembled): Record<string, number | null> {
    const { itemIds } = this;
    const values = a.values!;
    const itemLines = a.itemLines!;
    const all = a.answered === itemIds.length;
    const responses: Record<string, number | null> = all ? { ...this.allAnswered } : {};
    for (let j = 0; j < itemIds.length; j++) {
      if (!all && itemLines[j] === 0 && !a.askedOnly?.has(j)) continue;
      const v = values[j]!;
      responses[itemIds[j]!] = Number.isNaN(v) ? null : v;
    }
    return responses;
  }

  /** Ends the file: counts every record, keeps those of another questionnaire apart, imports the others. */
  finish(): void {
    const { ctx, file, backgroundIds } = this;
    for (const a of this.assembled.values()) {
      ctx.counts.recordsRead += 1;
      if (a.otherReason) {
        ctx.keepApart(a.record, a.otherReason);
        const who = whoOf(a.record);
        ctx.problem(
          { file, line: a.record.line ?? 1 },
          'warning',
          `the rows for ${who} (${a.record.timepoint}) were ${a.otherReason}; they are kept apart and not analysed with the others`,
          'rows made with another questionnaire or version: kept apart and not analysed with the others',
          'record',
        );
        continue;
      }
      if (a.answered === 0 && !a.askedOnly) {
        // A long CSV's rows for it were all set aside, or were background rows alone: nothing to analyse, and
        // no knowledge step (which a CSV cannot hold), so no record rather than one counted as "knowledge
        // questions only". (A wide export without item columns is refused at its header; its rows always
        // list every item column, answered or not.)
        ctx.rejectRecord(
          { file, line: a.record.line ?? 1 },
          `no answer to an item of the questionnaire was read for ${whoOf(a.record)} (${a.record.timepoint}): every item row was set aside (see above), or there were background rows only; no record was imported for them`,
          'no answer to an item of the questionnaire was read for a participant and timepoint: no record imported',
        );
        continue;
      }
      a.record.responses = this.responsesOf(a);
      // Background questions not given in the file are "not answered".
      const { demographics } = a.record;
      for (let q = 0; q < backgroundIds.length; q++) if (!(backgroundIds[q]! in demographics)) demographics[backgroundIds[q]!] = null;
      ctx.accept(a.record);
    }
  }

  /**
   * Leaves out a record whose rows go on past the limit on rows (reading stopped at `line`): it would be
   * incomplete. Counted as read and rejected, and reported.
   */
  leaveOutCut(a: Assembled, line: number): void {
    this.drop(a);
    this.ctx.counts.recordsRead += 1;
    this.ctx.rejectRecord(
      { file: this.file, line },
      `the rows for ${whoOf(a.record)} (${a.record.timepoint}) go on past the limit on rows, so that record was not imported (it would be incomplete)`,
      'a record goes on past the limit on rows: not imported (it would be incomplete)',
    );
  }

  /** Drops a record started in this file (the caller found it cannot be imported); it is not counted. */
  drop(a: Assembled): void {
    this.assembled.delete(a.key);
  }
}
