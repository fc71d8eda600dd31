// Qualtrics' CSV export ("Download data table" → CSV, "Use numeric values"), as Qualtrics has written it
// since 2017: three header rows, then one row per response. docs/formats.md, "Qualtrics export".
//
//   row 1  column names: StartDate, EndDate, Status, IPAddress, Progress, Duration (in seconds), Finished,
//          RecordedDate, ResponseId, RecipientLastName, RecipientFirstName, RecipientEmail,
//          ExternalReference, LocationLatitude, LocationLongitude, DistributionChannel, UserLanguage,
//          then the questions (by their export tags) and the embedded data fields
//   row 2  the question texts
//   row 3  import ids, e.g. {"ImportId":"QID1"}, {"ImportId":"_recordId"}
//
// - Rows 2 and 3 are recognised by what they hold (headerRowKind), not by their place: people delete them
//   in a spreadsheet. Without both, line 2 is the first response (a warning says the rows are missing);
//   with one of them, the responses start on line 3 (without the question texts, a warning says so; an
//   export without the import ids is a layout read as it is).
// - Questions: a question's export tag must be the item's REDCap field name (att_12_helpful) or its id
//   (att-12-helpful), and its recode values the item's codes; a background question's recode values are
//   its options' positions (1, 2, …) or its REDCap codes. -99 ("seen but unanswered") is not answered.
//   An export of choice texts instead of numbers is refused with a message.
// - The participant: embedded data `participant` or `participant_code` (codes or ids, participant-ids.ts);
//   else ExternalReference (an id from the contact list); else the ResponseId, which Qualtrics makes anew
//   for every response, so pre and post answers never match by it (a warning says so).
// - The timepoint: embedded data `timepoint`, or the timepoint given for the file (`--timepoint`).
// - Status (Qualtrics' response type, a code or, exported with choice texts, its label): previews and tests
//   (1 Survey Preview, 2 Survey Test, 9 Survey Preview Spam, 17 Offline Survey Preview) and spam (8 Spam,
//   12 Imported Spam) are left out, each with a warning; 0 IP Address, 4 Imported and 16 Offline are
//   responses. Any other value: the rows are read as responses, with one warning per value. Unfinished
//   responses are imported with a warning.
// - IPAddress, Recipient… names and e-mail, LocationLatitude/Longitude are never read: nothing from them
//   reaches a record, a message or any output.
// The export from before 2017 (V1, V2, … in row 1, ResponseID in row 2) is refused with a message.
import { headerCell, headerKey, openCsv, readCsvRows, refuseRepeatedColumn } from './csv-rows.ts';
import type { ImportContext, Where } from './import-context.ts';
import { formatCount, listColumns, quoted } from './limits.ts';
import { givenTimepoint, timepointFromText, type GivenTimepoint } from './source-options.ts';
import { answerColumnFor, columnOf, reportWideHeader, WideReader, wideColumnKeys, type AnswerColumn } from './wide-csv.ts';

/** Qualtrics' own columns (row 1), read or not; lower case. */
const METADATA = [
  'startdate',
  'enddate',
  'status',
  'ipaddress',
  'progress',
  'duration (in seconds)',
  'finished',
  'recordeddate',
  'responseid',
  'recipientlastname',
  'recipientfirstname',
  'recipientemail',
  'externalreference',
  'externaldatareference',
  'locationlatitude',
  'locationlongitude',
  'distributionchannel',
  'userlanguage',
  'q_recaptchascore',
  'q_relevantidduplicate',
  'q_relevantidduplicatescore',
  'q_relevantidfraudscore',
  'q_relevantidlaststartdate',
  'q_ballotboxstuffing',
  'q_totalduration',
  'q_url',
];
/** The embedded data field names read as the participant. */
const QUALTRICS_PARTICIPANT = ['participant', 'participant_code', 'participantcode'];

/** Columns that identify a person: never read. */
const IDENTIFYING = new Set(['ipaddress', 'recipientlastname', 'recipientfirstname', 'recipientemail', 'locationlatitude', 'locationlongitude']);

/** True when the first rows are a Qualtrics export's header (current, or the legacy one refused on import). */
export function isQualtricsHeader(head: readonly (readonly string[])[]): boolean {
  const names = (head[0] ?? []).map(headerKey);
  if (names.includes('responseid') && names.some((n) => ['startdate', 'enddate', 'recordeddate', 'finished', 'status'].includes(n))) return true;
  return isLegacy(head);
}

function isLegacy(head: readonly (readonly string[])[]): boolean {
  const first = (head[0] ?? []).map(headerCell);
  const second = (head[1] ?? []).map(headerKey);
  return first[0] === 'V1' && first[1] === 'V2' && second.includes('responseid');
}

export function importQualtrics(ctx: ImportContext, file: string, original: string): void {
  const csv = openCsv(original, 3);
  if (isLegacy(csv.head)) {
    ctx.rejectFile(
      { file, line: csv.headerLine },
      'this is Qualtrics\' export from before 2017 (V1, V2, … as column names): export the responses again from "Data & Analysis" as CSV with "Use numeric values"; nothing in this file was imported',
    );
    return;
  }
  const header = (csv.head[0] ?? []).map(headerCell);
  const lower = header.map((h) => h.toLowerCase());
  const at = (...names: string[]) => columnOf(lower, names);
  const roles = {
    responseId: at('responseid'),
    external: at('externalreference', 'externaldatareference'),
    status: at('status'),
    finished: at('finished'),
    participant: at(...QUALTRICS_PARTICIPANT),
    timepoint: at('timepoint'),
    cohort: at('cohort'),
    module: at('module'),
  };
  const roleIndexes = new Set(Object.values(roles));
  const columns: AnswerColumn[] = [];
  const unused: string[] = [];
  lower.forEach((name, i) => {
    if (roleIndexes.has(i) || METADATA.includes(name)) return;
    const c = answerColumnFor(ctx.instrument, name, i);
    if (c && !('option' in c)) columns.push(c);
    else if (name !== '') unused.push(header[i]!);
  });
  const matching = 'names are matched without regard to case, and an export tag such as att_12_helpful and the item id att-12-helpful are the same question';
  if (refuseRepeatedColumn(ctx, file, csv.headerLine, header, wideColumnKeys(lower, roles, columns), matching)) return;
  // Background questions alone give nothing to analyse (and no record without an item is imported).
  if (!columns.some((c) => 'item' in c)) {
    ctx.rejectFile(
      { file, line: csv.headerLine },
      `this Qualtrics export has no question named as an item of questionnaire "${ctx.instrument.id}" ${ctx.instrument.version}: give each question the item's field name as its export tag (such as ${ctx.instrument.items
        .slice(0, 3)
        .map((i) => i.id.replace(/-/g, '_'))
        .join(', ')}); nothing in this file was imported`,
    );
    return;
  }
  const given = givenTimepoint(ctx.options.timepoints, file);
  if (roles.timepoint < 0 && !given) {
    ctx.rejectFile(
      { file, line: csv.headerLine },
      'this Qualtrics export has no embedded data field "timepoint", so nothing says whether its answers come before or after the training: give the timepoint for this file (--timepoint, or on the evaluator page) or set the embedded data field in the survey flow; nothing in this file was imported',
    );
    return;
  }
  const identifying = header.filter((_, i) => IDENTIFYING.has(lower[i]!));
  if (identifying.length) {
    ctx.problem(
      { file, line: csv.headerLine },
      'warning',
      `column${identifying.length === 1 ? '' : 's'} ${listColumns(identifying)} can identify people: ${identifying.length === 1 ? 'it is' : 'they are'} not read, and nothing from ${identifying.length === 1 ? 'it' : 'them'} appears in any output`,
    );
  }
  reportWideHeader(ctx, file, csv.headerLine, 'Qualtrics', 'responses', columns, unused, roles.participant < 0 ? QUALTRICS_PARTICIPANT : null);
  const headerRows = countHeaderRows(ctx, file, csv.headerLine, csv.head, lower, roles, columns);

  const reader = new QualtricsReader(ctx, file, columns, roles, given);
  readCsvRows(ctx, file, csv, { headerRows, fields: header, checked: [...[...roleIndexes].filter((i) => i >= 0), ...columns.map((c) => c.index)] }, reader);
  reader.finish();
}

/** What a row just under the column names holds. */
type HeadRow = 'questionTexts' | 'importIds' | 'data';

const IMPORT_ID = /^\{\s*"ImportId"\s*:/;
/** A ResponseId as Qualtrics makes them (R_ and 15 letters and digits). */
const RESPONSE_ID = /^R_[A-Za-z0-9]+$/;
/** A date as Qualtrics writes it (2026-10-01 10:00:00) or a spreadsheet shows it (10/1/2026 10:00). */
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:\D|$)/;
const compact = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/**
 * Row 2 or 3 of the file, judged by its content: import ids when most of its values (and the ResponseId's)
 * are {"ImportId":…}; a response when its ResponseId looks like one (R_…), its Status is a response type
 * or its StartDate, EndDate or RecordedDate is a date; else the question texts when a value repeats its
 * column's name (Qualtrics' texts for its own columns: "Start Date" under StartDate, "Response ID" under
 * ResponseId), its Status reads "Response Type", or most of its questions hold words, not codes. A row that
 * is none of these is read as a response: a response read as a header row would be lost without a word.
 */
function headerRowKind(row: readonly string[], lower: readonly string[], roles: Roles, columns: readonly AnswerColumn[]): HeadRow {
  const cell = (i: number) => (i < 0 ? '' : (row[i] ?? '').trim());
  const filled = row.map((v) => v.trim()).filter((v) => v !== '');
  const ids = filled.filter((v) => IMPORT_ID.test(v)).length;
  if (ids > 0 && ids * 2 > filled.length && (roles.responseId < 0 || IMPORT_ID.test(cell(roles.responseId)))) return 'importIds';
  if (RESPONSE_ID.test(cell(roles.responseId)) || statusOf(cell(roles.status)) !== undefined) return 'data';
  if (['startdate', 'enddate', 'recordeddate'].some((n) => DATE_LIKE.test(cell(lower.indexOf(n))))) return 'data';
  if (lower.some((name, i) => name !== '' && compact(cell(i)) === compact(name))) return 'questionTexts';
  if (compact(cell(roles.status)) === 'responsetype') return 'questionTexts';
  const answers = columns.filter((c) => 'item' in c).map((c) => cell(c.index));
  const texts = answers.filter((v) => v !== '' && !/^[+-]?\d+(\.\d*)?$/.test(v)).length;
  const given = answers.filter((v) => v !== '').length;
  return texts > 0 && texts * 2 > given ? 'questionTexts' : 'data';
}

/**
 * How many rows the header takes (1 to 3): the column names, then the question texts and the import ids
 * in whatever order, each at most once, where they are. When they are missing, a warning says so.
 */
function countHeaderRows(
  ctx: ImportContext,
  file: string,
  headerLine: number,
  head: readonly (readonly string[])[],
  lower: readonly string[],
  roles: Roles,
  columns: readonly AnswerColumn[],
): number {
  const found = new Set<HeadRow>();
  for (const row of head.slice(1, 3)) {
    const kind = headerRowKind(row, lower, roles, columns);
    if (kind === 'data' || found.has(kind)) break;
    found.add(kind);
  }
  const rows = 1 + found.size;
  if (head.length < 2) return rows; // the column names alone: nothing to read, nothing lost
  if (found.size === 0) {
    ctx.problem(
      { file, line: headerLine + 1 },
      'warning',
      `the two rows Qualtrics writes under the column names (the question texts, then import ids such as {"ImportId":"QID1"}) are missing, as when they are deleted in a spreadsheet: the responses are read from line ${headerLine + 1} on`,
    );
  } else if (!found.has('questionTexts')) {
    ctx.problem(
      { file, line: headerLine + 1 },
      'warning',
      `the row of question texts that Qualtrics writes under the column names is missing (line ${headerLine + 1} holds the import ids): the responses are read from line ${headerLine + rows} on`,
    );
  }
  return rows;
}

/** Qualtrics' response types (the Status column), by code and by label (lower case): why such a row is left out, or null for a response. */
const STATUS: ReadonlyMap<string, string | null> = new Map(
  (
    [
      ['0', 'IP Address', null],
      ['4', 'Imported', null],
      ['16', 'Offline', null],
      ['1', 'Survey Preview', 'a survey preview (Status: Survey Preview), not a response'],
      ['2', 'Survey Test', 'a test response (Status: Survey Test, as made by "Generate test responses"), not a response'],
      ['9', 'Survey Preview Spam', 'a survey preview marked as spam (Status: Survey Preview Spam), not a response'],
      ['17', 'Offline Survey Preview', 'a survey preview in the offline app (Status: Offline Survey Preview), not a response'],
      ['8', 'Spam', 'a response Qualtrics marked as spam (Status: Spam)'],
      ['12', 'Imported Spam', 'an imported response Qualtrics marked as spam (Status: Imported Spam)'],
    ] as const
  ).flatMap(([code, label, reason]) => [
    [code, reason],
    [label.toLowerCase(), reason],
  ]),
);

/** A Status value: why its row is left out, null for a response, undefined for a value that is not a response type. */
function statusOf(value: string): string | null | undefined {
  const exact = STATUS.get(value); // a code: most rows
  return exact !== undefined ? exact : STATUS.get(value.toLowerCase().replace(/\s+/g, ' '));
}

/** A Status value shown in a message only when it is a short plain word or number (not "=2", not markup). */
const SHOWN_STATUS = /^[\p{L}\p{N}][\p{L}\p{N} ._()]{0,39}$/u;
/** At most this many unknown Status values are counted one by one; the rest are counted together. */
const SHOWN_STATUS_VALUES = 20;

interface Roles {
  responseId: number;
  external: number;
  status: number;
  finished: number;
  participant: number;
  timepoint: number;
  cohort: number;
  module: number;
}

/** "Seen but unanswered" as Qualtrics can export it. */
const SEEN_UNANSWERED: ReadonlySet<string> = new Set(['-99']);

class QualtricsReader extends WideReader {
  private readonly roles: Roles;
  private readonly given: GivenTimepoint | null;

  constructor(ctx: ImportContext, file: string, columns: AnswerColumn[], roles: Roles, given: GivenTimepoint | null) {
    super(ctx, file, {
      system: 'Qualtrics',
      responseId: 'ResponseId',
      exportAgain: 'export the responses again with "Use numeric values" (and the questions\' recode values set to the questionnaire\'s codes)',
      columns,
      missing: SEEN_UNANSWERED,
      positions: true,
      quietFallback: roles.participant < 0, // ExternalReference is then the designed id; a ResponseId is always warned about
    });
    this.roles = roles;
    this.given = given;
  }

  /** Status values that are not response types: shown value ('' for the others) → rows, first line. */
  private readonly unknownStatus = new Map<string, { rows: number; line: number }>();

  read(row: readonly string[], where: Where): boolean | void {
    const status = this.cell(row, this.roles.status);
    const reason = statusOf(status);
    if (reason) return this.rowSkipped(where, reason);
    if (reason === undefined && status !== '') {
      if (/preview/i.test(status)) return this.rowSkipped(where, 'a survey preview (Status: Survey Preview), not a response');
      this.noteUnknownStatus(status, where.line ?? 0);
    }
    if (!this.hasAnswers(row)) return this.rowSkipped(where, "this response answers none of the questionnaire's questions");
    if (!this.checkCodes(row, where)) return false;
    const tpText = this.cell(row, this.roles.timepoint);
    const timepoint = tpText === '' ? (this.given?.timepoint ?? null) : timepointFromText(tpText);
    if (!timepoint) {
      return this.rowError(
        where,
        tpText === ''
          ? 'the embedded data field "timepoint" is empty and no timepoint was given for this file (--timepoint, or on the evaluator page)'
          : `the embedded data field "timepoint" holds ${quoted(tpText, 40)}, not one of pre, post, then, followup`,
        tpText === '' ? 'no timepoint' : 'the embedded data field "timepoint" is not one of pre, post, then, followup',
      );
    }
    if (tpText === '' && !this.given!.byName) this.ctx.optionUse.allTimepoint = true;
    const r = this.roles;
    const responseId = this.cell(row, r.responseId);
    const external = this.cell(row, r.external);
    const participant = this.cell(row, r.participant);
    // Qualtrics gives each response an id of its own: the same one again is the same response (exported
    // twice, as overlapping exports hold it), a copy when nothing in it changed, the timepoint it is read as
    // included. A copy is left out before the row's warnings, which were said of the first.
    if (responseId !== '') {
      const values = this.valuesHash(row, { participant, timepoint, cohort: this.cell(row, r.cohort), module: this.cell(row, r.module), external });
      const otherValues = (first: { file: string; line: number; thisFile: boolean }) =>
        `this response has the same ResponseId as line ${first.line}${first.thisFile ? '' : ` of ${quoted(first.file, 120)}`}, but other values (edited in Qualtrics between two exports?): both are read, as two records (the matching uses one, and lists the other as a duplicate)`;
      if (this.repeatsEarlierRow(responseId, values, where, { field: participant, group: null }, otherValues)) return;
    }
    if (tpText !== '' && this.given?.byName && timepoint !== this.given.timepoint) {
      this.ctx.problem(
        where,
        'warning',
        `the embedded data field "timepoint" says ${timepoint}, but ${this.given.timepoint} is given for this file: the field is used`,
        'the embedded data field "timepoint" differs from the timepoint given for this file: the field is used',
        'row',
      );
    }
    const finished = this.cell(row, r.finished).toLowerCase();
    if (finished === '0' || finished === 'false') {
      this.ctx.problem(
        where,
        'warning',
        'an unfinished response (Finished: false): its answers are imported',
        'an unfinished response (Finished: false): its answers are imported',
        'row',
      );
    }
    this.addRow(
      row,
      where,
      {
        timepoint,
        cohort: this.cell(row, this.roles.cohort) || null,
        module: this.cell(row, this.roles.module) || null,
        instrument: this.chosenInstrument,
      },
      {
        field: participant,
        group: null,
        fallback: external !== '' ? { id: external, what: 'ExternalReference' } : { id: responseId, what: 'ResponseId', perResponse: true },
      },
    );
  }

  private noteUnknownStatus(status: string, line: number): void {
    const shown = SHOWN_STATUS.test(status) ? status : '';
    const shownValues = this.unknownStatus.size - (this.unknownStatus.has('') ? 1 : 0);
    const key = this.unknownStatus.has(shown) || shownValues < SHOWN_STATUS_VALUES ? shown : '';
    const seen = this.unknownStatus.get(key);
    if (seen) seen.rows += 1;
    else this.unknownStatus.set(key, { rows: 1, line });
  }

  override finish(): void {
    if (!this.rejected) {
      for (const [value, { rows, line }] of [...this.unknownStatus].sort((a, b) => a[1].line - b[1].line)) {
        const one = rows === 1;
        const what = value === '' ? `${one ? 'a Status value' : 'Status values'} that ${one ? 'is' : 'are'} not shown` : `Status ${quoted(value, 40)}`;
        const hidden =
          value === ''
            ? `. A Status is shown only when it is letters, digits and spaces (up to 40 characters), for the first ${SHOWN_STATUS_VALUES} different values`
            : '';
        this.ctx.problem(
          { file: this.file, line },
          'warning',
          `${formatCount(rows)} row${one ? '' : 's'} ${one ? 'has' : 'have'} ${what} (first on line ${line}), not one of Qualtrics' response types (IP Address, Imported, Offline; Survey Preview, Survey Test, Spam…): ${one ? 'it is' : 'they are'} read as ${one ? 'a response' : 'responses'}; if ${one ? 'it is' : 'they are'} not, leave ${one ? 'it' : 'them'} out in Qualtrics and export again${hidden}`,
        );
      }
    }
    super.finish();
  }
}
