// Result records rebuilt from an LMS's SCORM interactions, so an evaluator can analyse a cohort that took
// the module in an LMS without asking learners for files. Two layouts are read:
//
//   moodle   Moodle's interactions report (mod/scorm/report/interactions), downloaded with "Download in
//            text format": tab-separated, one row per learner and attempt, with the columns Name, the
//            site's identity fields (Email address, Username, ID number, …), Attempt, Started on, Last
//            accessed on, Score, one column per SCO, then Question 0, Response 0, Question 1, Response 1, …
//            ("Summary of question" and "Summary of responses" ticked in the report's options; Right
//            answer N and Result N columns are not needed and not read). Cells are HTML-escaped by Moodle.
//   generic  one row per interaction: learner, attempt, interaction_id, response, time, and optionally
//            module (docs/lms.md), that any other LMS's export can be mapped to.
//
// The packages write each submitted record whole as interactions whose ids say which record they belong
// to and what they hold (src/lib/scorm-cmi5/interaction-ids.ts). The records are rebuilt per learner × LMS
// attempt: a record interaction (R) carries the participant code, module, times and attempt id; the
// item, knowledge (K) and background (D) interactions with the same id suffix are its answers. Ids
// written before R existed are read too: the record then has no participant code, and the LMS learner
// id is the match key.
//
// Privacy: names and e-mail addresses in the export are never copied anywhere. The LMS learner id (from
// Username, ID number or Email address, else the name) is used only to tell learners apart, and where a
// record needs it as its participant id it is replaced by a salted hash ("lms-" + 16 hex digits:
// ImportContext.saltedId). Problems name the line, never the learner.
//
// Values are checked against the instrument by ImportContext (checkResponses, checkDemographics), as for
// every other format; records made with another instrument or version are kept apart.
import Papa from 'papaparse';
import { normalizeParticipantCode } from '../records/participant-code.ts';
import { decodeField, parseInteractionId, type ParsedInteractionId } from '../scorm-cmi5/interaction-ids.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import { describeWhere, type ImportContext, type Where } from './import-context.ts';
import {
  csvBody,
  DELIMITERS,
  guessChunkDelimiter,
  headerKey,
  normalizeHeader,
  normalizeLineBreaks,
  openCsv,
  parseCsvChunks,
  readCsvRows,
  refuseRepeatedColumn,
  type CsvFile,
} from './csv-rows.ts';
import type { ImportedRecord } from './import-types.ts';
import { DEFAULT_LIMITS, formatCount, quoted } from './limits.ts';

export type InteractionsLayout = 'moodle' | 'generic';

const QUESTION = /^question (\d+)$/;
const RESPONSE = /^response (\d+)$/;
/** Moodle's identity fields (core_user\fields::get_display_name), in the order they are used as the learner id. */
const MOODLE_IDENTITY = ['username', 'id number', 'email address'];
/** The generic interactions CSV's columns that must be there (import-csv.ts names them when one is renamed). */
export const GENERIC_REQUIRED = ['learner', 'interaction_id', 'response'] as const;
const GENERIC_OPTIONAL = ['attempt', 'time', 'module'] as const;

const moodleHeader = (h: string) => headerKey(h).replace(/\s+/g, ' ');

/**
 * Which interactions layout a header row is: Moodle's interactions report (Attempt, Started on, Last
 * accessed on, and Question N or Response N columns), the generic interactions CSV (learner,
 * interaction_id, response), or neither.
 */
export function isInteractionsCsv(headerFields: readonly string[]): InteractionsLayout | null {
  const moodle = headerFields.map(moodleHeader);
  if (['attempt', 'started on', 'last accessed on'].every((c) => moodle.includes(c)) && moodle.some((c) => QUESTION.test(c) || RESPONSE.test(c)))
    return 'moodle';
  const generic = headerFields.map(normalizeHeader);
  return GENERIC_REQUIRED.every((c) => generic.includes(c)) ? 'generic' : null;
}

/** The layout of a file's text (its header row, after Excel's `sep=` line if any), or null when it is not an interactions file. */
export function interactionsLayout(text: string): InteractionsLayout | null {
  const { body, delimiter } = csvBody(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const firstLine = body.slice(0, Math.max(0, body.search(/\r|\n|$/)));
  if (!/question|response|interaction_id|interaction id/i.test(firstLine)) return null;
  const header = Papa.parse<string[]>(firstLine, delimiter === null ? { preview: 1, delimitersToGuess: DELIMITERS } : { preview: 1, delimiter });
  return isInteractionsCsv(header.data[0] ?? []);
}

/**
 * The instruments an interactions file names (from its interaction ids), with how many interactions name
 * each: for picking the questionnaire when none is given (import.ts listInstruments). Reads at most
 * `maxRows` rows, in chunks.
 */
export function interactionInstruments(
  text: string,
  layout: InteractionsLayout,
  maxRows = DEFAULT_LIMITS.maxCsvRows,
  maxStringChars = DEFAULT_LIMITS.maxStringChars,
): { id: string; version: string; records: number }[] {
  const found = new Map<string, { id: string; version: string; records: number }>();
  let idColumns: number[] | null = null;
  let rows = 0;
  const { body, delimiter } = csvBody(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const lines = normalizeLineBreaks(body);
  // Papa.parse's rows and chunks (empty rows skipped), without its cost on a stray quote (parseCsvChunks).
  parseCsvChunks(lines, delimiter ?? guessChunkDelimiter(lines), { headerRows: 1, maxStringChars }, (data) => {
    for (const row of data) {
      if (row.length === 1 && row[0] === '') continue;
      if (idColumns === null) {
        idColumns =
          layout === 'moodle' ? row.flatMap((h, i) => (QUESTION.test(moodleHeader(h)) ? [i] : [])) : [row.map(normalizeHeader).indexOf('interaction_id')];
        continue;
      }
      if (++rows > maxRows) return false;
      for (const c of idColumns) {
        const parsed = parseInteractionId(decodeHtml((row[c] ?? '').trim()));
        if (!parsed) continue;
        const key = `${parsed.instrument.id}\u0000${parsed.instrument.version}`;
        const ref = found.get(key) ?? { ...parsed.instrument, records: 0 };
        ref.records += 1;
        found.set(key, ref);
      }
    }
    return true;
  });
  return [...found.values()];
}

// ---- reading -----------------------------------------------------------------------------------------

/** One interaction as the LMS listed it. */
interface Interaction {
  id: string;
  response: string;
  /** When the LMS says it was recorded (generic layout), if it says. */
  time: string | null;
  /** Where it was read: its line, and for Moodle the column pair ("Question 3"). */
  line: number;
  column?: number;
}

/** One learner's interactions in one LMS attempt. */
interface LearnerAttempt {
  learner: string;
  attempt: string;
  line: number;
  interactions: Interaction[];
  /** Moodle: "Started on" and "Last accessed on" as local times; generic: the module column. */
  startedAt: string | null;
  finishedAt: string | null;
  module: string | null;
}

/** Moodle's s(): the report HTML-escapes ids and responses (also in its downloads). */
function decodeHtml(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(/&(amp|lt|gt|quot|#0*39|#x0*27|#(\d{1,7})|#x([0-9a-f]{1,6}));/gi, (all, name: string, dec?: string, hex?: string) => {
    const lower = name.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    const code = dec !== undefined ? Number(dec) : hex !== undefined ? parseInt(hex, 16) : 39;
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * Moodle's userdate() in its default format, "Thursday, 26 November 2026, 10:08 AM", as a local time
 * "2026-11-26T10:08" (the report does not say the time zone); null for anything else ("-", other formats).
 */
export function moodleDate(text: string): string | null {
  const m = /(\d{1,2}) ([A-Za-z]+) (\d{4}), (\d{1,2}):(\d{2}) ?(AM|PM)?/i.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!.toLowerCase());
  if (month < 0) return null;
  let hour = Number(m[4]);
  if (m[6]) hour = (hour % 12) + (m[6].toUpperCase() === 'PM' ? 12 : 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${m[3]}-${pad(month + 1)}-${pad(Number(m[1]))}T${pad(hour)}:${m[5]}`;
}

/**
 * An LMS attempt number as the import keeps it: a whole number from 1, at most 9 digits, written without
 * leading zeros ("01" is attempt 1, as a spreadsheet may pad it: the same attempt as "1"). Null for anything
 * else ("abc", "-1", "0", "1.5", "1e3", ""): such a row is reported with its line and not used.
 */
export function attemptNumber(text: string): string | null {
  const m = /^0*([1-9]\d{0,8})$/.exec(text.trim());
  return m ? m[1]! : null;
}

/** Why a row's attempt cannot be read (attemptNumber): the message and its kind. */
const badAttempt = (text: string): [string, string] =>
  text === ''
    ? ['the attempt is empty', 'the attempt is empty']
    : [`the attempt ${shown(text)} is not an attempt number (a whole number from 1)`, 'the attempt is not an attempt number (a whole number from 1)'];

/** A value from the export shown in a message only when it cannot be a name or an e-mail address. */
const shown = (value: string): string => (/^[A-Za-z0-9_.:+-]{0,80}$/.test(value) && !/@/.test(value) ? quoted(value) : '(not shown)');

function rowError(ctx: ImportContext, where: Where, message: string, kind: string = message): void {
  ctx.counts.csvRowsRejected += 1;
  ctx.problem(where, 'error', `${message}; row not used`, `${kind}; row not used`);
}

/** An interactions report not read: reported on its header line. */
function rejectReport(ctx: ImportContext, file: string, line: number, message: string): void {
  ctx.rejectFile({ file, line }, `${message}; nothing in it was imported`);
}

/**
 * Reads an interactions file (the layout from isInteractionsCsv / interactionsLayout) and adds the
 * records rebuilt from it to the import.
 */
export function importInteractionsCsv(ctx: ImportContext, file: string, text: string, layout: InteractionsLayout): void {
  ctx.setFormat(layout === 'moodle' ? 'moodle-interactions' : 'lms-interactions');
  const csv = openCsv(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const rebuilder = new Rebuilder(ctx, file, layout);
  if (layout === 'moodle') readMoodle(ctx, file, csv, rebuilder);
  else readGeneric(ctx, file, csv, rebuilder);
}

function readMoodle(ctx: ImportContext, file: string, csv: CsvFile, rebuilder: Rebuilder): void {
  const fields = csv.head[0] ?? [];
  const names = fields.map(moodleHeader);
  const read = (h: string) =>
    QUESTION.test(h) || RESPONSE.test(h) || MOODLE_IDENTITY.includes(h) || ['attempt', 'started on', 'last accessed on', 'name'].includes(h);
  const keys = names.map((h) => (read(h) ? `column ${quoted(h, 40)}` : null));
  if (refuseRepeatedColumn(ctx, file, csv.headerLine, fields, keys, 'names are matched without regard to case or spaces')) return;
  const questions = new Map<number, number>();
  const responses = new Map<number, number>();
  names.forEach((h, i) => {
    const q = QUESTION.exec(h);
    const r = RESPONSE.exec(h);
    if (q) questions.set(Number(q[1]), i);
    if (r) responses.set(Number(r[1]), i);
  });
  if (questions.size === 0) {
    return rejectReport(
      ctx,
      file,
      csv.headerLine,
      'this Moodle interactions report has no "Question N" columns, which hold the interaction ids the records are rebuilt from. In the report\'s options tick "Summary of question" and "Summary of responses", then download it again',
    );
  }
  if (responses.size === 0)
    return rejectReport(
      ctx,
      file,
      csv.headerLine,
      'this Moodle interactions report has no "Response N" columns. In the report\'s options tick "Summary of responses", then download it again',
    );
  const c = {
    attempt: names.indexOf('attempt'),
    started: names.indexOf('started on'),
    last: names.indexOf('last accessed on'),
    identity: MOODLE_IDENTITY.map((h) => names.indexOf(h)).filter((i) => i >= 0),
    // The full name comes first (get_string('name')); a picture column is never in a download.
    name: Math.max(names.indexOf('name'), 0),
    pairs: [...questions].sort((a, b) => a[0] - b[0]).map(([n, question]) => ({ n, question, response: responses.get(n) ?? -1 })),
  };
  if (c.identity.length === 0) {
    ctx.problem(
      { file, line: csv.headerLine },
      'warning',
      'this report has no identity column (Username, ID number or Email address): learners are told apart by their names, so two learners with the same name are taken as one where their records carry no participant code',
    );
  }
  let withoutAttempt = 0;
  readCsvRows(
    ctx,
    file,
    csv,
    { headerRows: 1, fields },
    {
      rowError: (where, message, kind) => rowError(ctx, where, message, kind),
      newRecordsLeft: () => ctx.recordsLeft(),
      read: (row, where) => {
        const cell = (i: number) => (i >= 0 ? (row[i] ?? '').trim() : '');
        const attemptText = cell(c.attempt);
        // Moodle lists a learner without an attempt with "-" (or nothing) there, and no interactions.
        if ((attemptText === '' || attemptText === '-') && c.pairs.every((p) => cell(p.question) === '')) {
          withoutAttempt++;
          return;
        }
        const attempt = attemptNumber(attemptText);
        if (attempt === null) return rowError(ctx, where, ...badAttempt(attemptText));
        const id = c.identity.map(cell).find((v) => v !== '') ?? cell(c.name);
        if (id === '') return rowError(ctx, where, 'this row names no learner (no name and no identity field)');
        const interactions: Interaction[] = [];
        for (const p of c.pairs) {
          const interactionId = decodeHtml(cell(p.question));
          if (interactionId === '') continue;
          interactions.push({
            id: interactionId,
            response: decodeHtml(p.response >= 0 ? (row[p.response] ?? '') : ''),
            time: null,
            line: where.line!,
            column: p.n,
          });
        }
        rebuilder.add({
          learner: id.toLowerCase(),
          attempt,
          line: where.line!,
          interactions,
          startedAt: moodleDate(cell(c.started)),
          finishedAt: moodleDate(cell(c.last)),
          module: null,
        });
      },
    },
  );
  if (withoutAttempt > 0) {
    ctx.problem(
      { file },
      'warning',
      `${formatCount(withoutAttempt)} row${withoutAttempt === 1 ? '' : 's'} of this report ${withoutAttempt === 1 ? 'is a learner' : 'are learners'} without an attempt (the report lists everyone enrolled); nothing to import there`,
    );
  }
}

function readGeneric(ctx: ImportContext, file: string, csv: CsvFile, rebuilder: Rebuilder): void {
  const fields = csv.head[0] ?? [];
  const names = fields.map(normalizeHeader);
  const c = Object.fromEntries([...GENERIC_REQUIRED, ...GENERIC_OPTIONAL].map((h) => [h, names.indexOf(h)])) as Record<
    (typeof GENERIC_REQUIRED)[number] | (typeof GENERIC_OPTIONAL)[number],
    number
  >;
  const known = (n: string) => (GENERIC_REQUIRED as readonly string[]).includes(n) || (GENERIC_OPTIONAL as readonly string[]).includes(n);
  const keys = names.map((n) => (known(n) ? `column "${n}"` : null));
  if (refuseRepeatedColumn(ctx, file, csv.headerLine, fields, keys, 'names are matched without regard to case, and spaces and dots count as underscores'))
    return;
  const unknown = names.filter((n) => n !== '' && !known(n));
  // Column names, not values: a column called "email" is named, its content never shown.
  if (unknown.length)
    ctx.problem(
      { file, line: csv.headerLine },
      'warning',
      `column${unknown.length === 1 ? '' : 's'} ${unknown
        .slice(0, 10)
        .map((n) => quoted(n, 40))
        .join(', ')} not used`,
    );
  const groups = new Map<string, LearnerAttempt>();
  readCsvRows(
    ctx,
    file,
    csv,
    { headerRows: 1, fields },
    {
      rowError: (where, message, kind) => rowError(ctx, where, message, kind),
      newRecordsLeft: () => ctx.recordsLeft() - groups.size,
      read: (row, where) => {
        const cell = (i: number) => (i >= 0 ? (row[i] ?? '').trim() : '');
        const learner = cell(c.learner);
        if (learner === '') return rowError(ctx, where, 'the learner is empty');
        const interactionId = cell(c.interaction_id);
        if (interactionId === '') return rowError(ctx, where, 'the interaction id is empty');
        // Without an attempt column, every row is of the first attempt.
        const attempt = c.attempt < 0 ? '1' : attemptNumber(cell(c.attempt));
        if (attempt === null) return rowError(ctx, where, ...badAttempt(cell(c.attempt)));
        const key = `${learner}\u0000${attempt}`;
        let group = groups.get(key);
        if (!group) {
          group = { learner, attempt, line: where.line!, interactions: [], startedAt: null, finishedAt: null, module: cell(c.module) || null };
          groups.set(key, group);
        }
        group.interactions.push({ id: interactionId, response: c.response >= 0 ? (row[c.response] ?? '') : '', time: cell(c.time) || null, line: where.line! });
      },
    },
  );
  for (const group of groups.values()) rebuilder.add(group);
}

// ---- rebuilding records ------------------------------------------------------------------------------

/** What a record interaction (R) says. */
interface RecordInfo {
  code: string | null;
  codeRaw: string;
  module: string;
  startedAt: string;
  completedAt: string;
  attemptId: string;
}

interface Building {
  parsed: ParsedInteractionId;
  hasRecordInteraction: boolean;
  info: RecordInfo | null;
  cohort: string | null;
  knowledgeHashes: Record<string, string>;
  responses: Record<string, number | null>;
  knowledge: Record<string, number | null> | null;
  demographics: Record<string, string | null>;
  /** Interaction (kind:key) → response read, for repeats. */
  seen: Map<string, string>;
  line: number;
  latest: string | null;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/;

class Rebuilder {
  private readonly ctx: ImportContext;
  private readonly file: string;
  private readonly layout: InteractionsLayout;
  private stopped = false;

  constructor(ctx: ImportContext, file: string, layout: InteractionsLayout) {
    this.ctx = ctx;
    this.file = file;
    this.layout = layout;
  }

  /** One learner's attempt: its interactions grouped into records, each checked and kept. */
  add(group: LearnerAttempt): void {
    if (this.stopped) return;
    const open = new Map<string, Building>();
    const built: Building[] = [];
    for (const i of group.interactions) this.take(i, open, built);
    const hash = this.ctx.saltedId('lms', group.learner);
    for (const b of built) {
      if (this.ctx.recordsLeft() <= 0) {
        this.stopped = true;
        this.ctx.problem(
          { file: this.file, line: b.line },
          'error',
          `the import reached its limit of ${formatCount(this.ctx.limits.maxRecordsTotal)} records; the records from line ${b.line} to the end of this file were not read. Analyse the files in smaller batches`,
        );
        return;
      }
      this.keep(b, group, hash);
    }
  }

  private where(i: Interaction): Where {
    return { file: this.file, line: i.line };
  }

  private at(i: Interaction): string {
    return i.column !== undefined ? ` (Question ${i.column})` : '';
  }

  /** An interaction not used: a generic row, or one question of a Moodle row. */
  private drop(i: Interaction, message: string, kind: string = message): void {
    if (this.layout === 'generic') rowError(this.ctx, this.where(i), message, kind);
    else {
      this.ctx.counts.valuesRejected += 1;
      this.ctx.problem(this.where(i), 'error', `${message}${this.at(i)}; not used`, `${kind}; not used`, 'answer');
    }
  }

  private take(i: Interaction, open: Map<string, Building>, built: Building[]): void {
    const parsed = parseInteractionId(i.id);
    if (!parsed) {
      return this.drop(
        i,
        `interaction ${shown(i.id)} was not written by this course's packages (or the LMS cut its id short)`,
        "an interaction not written by this course's packages (or whose id the LMS cut short)",
      );
    }
    const key = `${parsed.timepoint}\u0000${parsed.instrument.id}\u0000${parsed.instrument.version}\u0000${parsed.tag}`;
    let b = open.get(key);
    // A record interaction starts a record, unless the interactions before it (an export sorted by id)
    // already started this one without it.
    if (!b || (parsed.kind === 'record' && b.hasRecordInteraction)) {
      b = {
        parsed,
        hasRecordInteraction: false,
        info: null,
        cohort: null,
        knowledgeHashes: {},
        responses: {},
        knowledge: null,
        demographics: {},
        seen: new Map(),
        line: i.line,
        latest: null,
      };
      open.set(key, b);
      built.push(b);
    }
    if (i.time && ISO.test(i.time) && (b.latest === null || i.time > b.latest)) b.latest = i.time;
    const response = i.response;
    const seenKey = `${parsed.kind}:${parsed.key}`;
    const before = b.seen.get(seenKey);
    if (before !== undefined && parsed.kind !== 'knowledgeHash') {
      if (before === response) {
        this.ctx.problem(
          this.where(i),
          'warning',
          `interaction ${shown(i.id)}${this.at(i)} repeats one before it with the same response; counted once`,
          'an interaction repeats one before it with the same response; counted once',
        );
      } else {
        this.drop(
          i,
          `a second, different response to interaction ${shown(i.id)} in the same record (the first one is used)`,
          'a second, different response to the same interaction in one record (the first one is used)',
        );
      }
      return;
    }
    b.seen.set(seenKey, response);
    switch (parsed.kind) {
      case 'record': {
        b.hasRecordInteraction = true;
        const fields = response.trim().split(' ').map(decodeField);
        const [codeRaw, module, startedAt, completedAt, attemptId] = fields as [string, string, string, string, string];
        if (fields.length !== 5 || !module || !ISO.test(startedAt) || !ISO.test(completedAt) || !attemptId) {
          this.drop(
            i,
            'the record interaction (participant code, module, times) cannot be read; the LMS learner id is used for this record',
            'a record interaction (participant code, module, times) cannot be read; the LMS learner id is used for its record',
          );
          return;
        }
        const code = normalizeParticipantCode(codeRaw);
        if (code === null) {
          this.ctx.problem(
            this.where(i),
            'warning',
            `the participant code in the record interaction${this.at(i)} is not a valid code; the LMS learner id (hashed) is used for this record`,
            'the participant code in a record interaction is not a valid code; the LMS learner id (hashed) is used',
          );
        }
        b.info = { code, codeRaw, module, startedAt, completedAt, attemptId };
        return;
      }
      case 'cohort':
        b.cohort = decodeField(response.trim()) || null;
        return;
      case 'knowledgeHash': {
        const m = /^(\S+):([0-9a-f]{64})$/.exec(response.trim());
        if (!m) return this.drop(i, 'the fingerprint of the knowledge questions cannot be read', 'a fingerprint of the knowledge questions cannot be read');
        b.knowledgeHashes[decodeField(m[1]!)] = m[2]!;
        return;
      }
      case 'item': {
        const value = response.trim();
        if (value === '') return;
        if (!/^[+-]?\d+$/.test(value)) {
          return this.drop(
            i,
            `response ${shown(value)} to item "${parsed.key}" is not a whole number`,
            `a response to item "${parsed.key}" is not a whole number`,
          );
        }
        b.responses[parsed.key] = Number(value);
        return;
      }
      case 'knowledge': {
        const value = response.trim();
        b.knowledge ??= {};
        if (value === '') b.knowledge[parsed.key] = null;
        else if (/^\d{1,3}$/.test(value)) b.knowledge[parsed.key] = Number(value);
        else
          this.drop(
            i,
            `response ${shown(value)} to knowledge question "${parsed.key}" is not an option number`,
            `a response to knowledge question "${parsed.key}" is not an option number`,
          );
        return;
      }
      case 'background': {
        const value = decodeField(response.trim());
        if (value !== '') b.demographics[parsed.key] = value;
        return;
      }
    }
  }

  private keep(b: Building, group: LearnerAttempt, hash: string): void {
    const { ctx } = this;
    const where: Where = { file: this.file, line: b.line };
    const { parsed, info } = b;
    // Nothing readable (every interaction of it was reported above): no record.
    if (
      !b.hasRecordInteraction &&
      b.cohort === null &&
      !b.knowledge &&
      !Object.keys(b.responses).length &&
      !Object.keys(b.demographics).length &&
      !Object.keys(b.knowledgeHashes).length
    )
      return;
    const participant = info?.code ?? hash;
    const module = info?.module ?? group.module;
    const instrument = { id: parsed.instrument.id, version: parsed.instrument.version, hash: null };
    const mismatch = ctx.instrumentMismatch(instrument.id, instrument.version, null);
    const knowledge = b.knowledge ?? undefined;
    const hashes = Object.keys(b.knowledgeHashes).length ? b.knowledgeHashes : undefined;
    // Content that makes two rebuilt records the same record: for the ids written before the record
    // interaction, neither the attempt id nor the times (made up here from the LMS's attempt and dates).
    const content = {
      participant,
      module,
      cohort: b.cohort,
      timepoint: parsed.timepoint,
      instrument,
      responses: b.responses,
      demographics: b.demographics,
      knowledge: knowledge ?? null,
      knowledgeHashes: hashes ?? null,
      ...(info ? { attemptId: info.attemptId, startedAt: info.startedAt, completedAt: info.completedAt } : {}),
    };
    ctx.counts.recordsRead += 1;
    const copyOf = ctx.firstCopy(`lms\u0000${ctx.sha256(canonicalJson(content))}`, where);
    if (copyOf) {
      ctx.counts.identicalCopies += 1;
      ctx.problem(
        where,
        'warning',
        `the record at ${parsed.timepoint} from these interactions is an identical copy of one read at ${describeWhere(copyOf)} (the LMS holds it twice, e.g. in two attempts); counted once`,
        'a record from these interactions is an identical copy of one read before (the LMS holds it twice, e.g. in two attempts); counted once',
        'record',
      );
      return;
    }
    const record: ImportedRecord = {
      source: 'csv',
      file: this.file,
      line: b.line,
      seq: ctx.nextSeq(),
      attemptId: info?.attemptId ?? `${hash}-${group.attempt}${parsed.tag ? `-${parsed.tag}` : ''}`,
      module,
      cohort: b.cohort,
      participant,
      participantRaw: info?.code ? info.codeRaw : hash,
      participantKind: info?.code ? 'code' : 'opaque',
      timepoint: parsed.timepoint,
      instrument,
      startedAt: info?.startedAt ?? group.startedAt,
      completedAt: info?.completedAt ?? b.latest ?? group.finishedAt,
      responses: mismatch ? b.responses : ctx.checkResponses(b.responses, where),
      demographics: mismatch ? b.demographics : ctx.checkDemographics(b.demographics, where),
      checksum: 'none',
      appVersion: null,
      ...(knowledge ? { knowledge } : {}),
      ...(hashes ? { knowledgeHashes: hashes } : {}),
      ...(info ? { modules: info.module.split('+') } : {}),
    };
    if (mismatch) {
      ctx.keepApart(record, mismatch);
      ctx.problem(
        where,
        'warning',
        `the interactions of a record at ${parsed.timepoint} were ${mismatch}; it is kept apart and not analysed with the others`,
        'interactions made with another questionnaire or version: kept apart and not analysed with the others',
        'record',
      );
      return;
    }
    ctx.accept(record);
  }
}
