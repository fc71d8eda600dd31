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
// - Questions: a question's export tag must be the item's REDCap field name (att_12_helpful) or its id
//   (att-12-helpful), and its recode values the item's codes; a background question's recode values are
//   its options' positions (1, 2, …) or its REDCap codes. -99 ("seen but unanswered") is not answered.
//   An export of choice texts instead of numbers is refused with a message.
// - The participant: embedded data `participant` or `participant_code` (codes or ids, participant-ids.ts);
//   else ExternalReference (an id from the contact list); else the ResponseId, which Qualtrics makes anew
//   for every response, so pre and post answers never match by it (a warning says so).
// - The timepoint: embedded data `timepoint`, or the timepoint given for the file (`--timepoint`).
// - Survey previews (Status 1 or "Survey Preview") are left out; unfinished responses are imported with a
//   warning.
// - IPAddress, Recipient… names and e-mail, LocationLatitude/Longitude are never read: nothing from them
//   reaches a record, a message or any output.
// The export from before 2017 (V1, V2, … in row 1, ResponseID in row 2) is refused with a message.
import type { Timepoint } from '../records/result-record.ts';
import { openCsv, readCsvRows } from './csv-rows.ts';
import type { ImportContext, Where } from './import-context.ts';
import { listColumns, quoted } from './limits.ts';
import { timepointForFile, timepointFromText } from './source-options.ts';
import { answerColumnFor, columnOf, reportWideHeader, WideReader, type AnswerColumn } from './wide-csv.ts';

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
/** Columns that identify a person: never read. */
const IDENTIFYING = new Set(['ipaddress', 'recipientlastname', 'recipientfirstname', 'recipientemail', 'locationlatitude', 'locationlongitude']);

/** True when the first rows are a Qualtrics export's header (current, or the legacy one refused on import). */
export function isQualtricsHeader(head: readonly (readonly string[])[]): boolean {
  const names = (head[0] ?? []).map((h) =>
    h
      .replace(/^\ufeff/, '')
      .trim()
      .toLowerCase(),
  );
  if (names.includes('responseid') && names.some((n) => ['startdate', 'enddate', 'recordeddate', 'finished', 'status'].includes(n))) return true;
  return isLegacy(head);
}

function isLegacy(head: readonly (readonly string[])[]): boolean {
  const first = (head[0] ?? []).map((h) => h.replace(/^\ufeff/, '').trim());
  const second = (head[1] ?? []).map((h) => h.trim().toLowerCase());
  return first[0] === 'V1' && first[1] === 'V2' && second.includes('responseid');
}

export function importQualtrics(ctx: ImportContext, file: string, original: string): void {
  const csv = openCsv(original, 3);
  if (isLegacy(csv.head)) {
    ctx.rejectFile(
      { file, line: 1 },
      'this is Qualtrics\' export from before 2017 (V1, V2, … as column names): export the responses again from "Data & Analysis" as CSV with "Use numeric values"; nothing in this file was imported',
    );
    return;
  }
  const header = (csv.head[0] ?? []).map((h) => h.replace(/^\ufeff/, '').trim());
  const lower = header.map((h) => h.toLowerCase());
  // Row 3 holds import ids ({"ImportId":…}); exports without it have two header rows.
  const headerRows = /^\s*\{\s*"ImportId"/.test(csv.head[2]?.[0] ?? '') ? 3 : 2;
  const at = (...names: string[]) => columnOf(lower, names);
  const roles = {
    responseId: at('responseid'),
    external: at('externalreference', 'externaldatareference'),
    status: at('status'),
    finished: at('finished'),
    participant: at('participant', 'participant_code', 'participantcode'),
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
  // Background questions alone give nothing to analyse (and no record without an item is imported).
  if (!columns.some((c) => 'item' in c)) {
    ctx.rejectFile(
      { file, line: 1 },
      `this Qualtrics export has no question named as an item of questionnaire "${ctx.instrument.id}" ${ctx.instrument.version}: give each question the item's field name as its export tag (such as ${ctx.instrument.items
        .slice(0, 3)
        .map((i) => i.id.replace(/-/g, '_'))
        .join(', ')}); nothing in this file was imported`,
    );
    return;
  }
  const fallbackTimepoint = timepointForFile(ctx.options.timepoints, file);
  if (roles.timepoint < 0 && !fallbackTimepoint) {
    ctx.rejectFile(
      { file, line: 1 },
      'this Qualtrics export has no embedded data field "timepoint", so nothing says whether its answers come before or after the training: give the timepoint for this file (--timepoint, or on the evaluator page) or set the embedded data field in the survey flow; nothing in this file was imported',
    );
    return;
  }
  const identifying = header.filter((_, i) => IDENTIFYING.has(lower[i]!));
  if (identifying.length) {
    ctx.problem(
      { file, line: 1 },
      'warning',
      `column${identifying.length === 1 ? '' : 's'} ${listColumns(identifying)} can identify people: ${identifying.length === 1 ? 'it is' : 'they are'} not read, and nothing from ${identifying.length === 1 ? 'it' : 'them'} appears in any output`,
    );
  }
  reportWideHeader(ctx, file, 'Qualtrics', 'responses', columns, unused);

  const reader = new QualtricsReader(ctx, file, columns, roles, fallbackTimepoint);
  readCsvRows(ctx, file, csv, { headerRows, fields: header, checked: [...[...roleIndexes].filter((i) => i >= 0), ...columns.map((c) => c.index)] }, reader);
  reader.finish();
}

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
  private readonly fallbackTimepoint: Timepoint | null;

  constructor(ctx: ImportContext, file: string, columns: AnswerColumn[], roles: Roles, fallbackTimepoint: Timepoint | null) {
    super(ctx, file, {
      system: 'Qualtrics',
      exportAgain: 'export the responses again with "Use numeric values" (and the questions\' recode values set to the questionnaire\'s codes)',
      columns,
      missing: SEEN_UNANSWERED,
      positions: true,
      quietFallback: roles.participant < 0, // ExternalReference is then the designed id; a ResponseId is always warned about
    });
    this.roles = roles;
    this.fallbackTimepoint = fallbackTimepoint;
  }

  read(row: readonly string[], where: Where): boolean | void {
    const status = this.cell(row, this.roles.status);
    if (status === '1' || /preview/i.test(status)) return this.rowSkipped(where, 'a survey preview (Status: Survey Preview), not a response');
    if (!this.hasAnswers(row)) return this.rowSkipped(where, "this response answers none of the questionnaire's questions");
    if (!this.checkCodes(row, where)) return false;
    const tpText = this.cell(row, this.roles.timepoint);
    const timepoint = tpText === '' ? this.fallbackTimepoint : timepointFromText(tpText);
    if (!timepoint) {
      return this.rowError(
        where,
        tpText === ''
          ? 'the embedded data field "timepoint" is empty and no timepoint was given for this file (--timepoint, or on the evaluator page)'
          : `the embedded data field "timepoint" holds ${quoted(tpText, 40)}, not one of pre, post, then, followup`,
        tpText === '' ? 'no timepoint' : 'the embedded data field "timepoint" is not one of pre, post, then, followup',
      );
    }
    const finished = this.cell(row, this.roles.finished).toLowerCase();
    if (finished === '0' || finished === 'false') {
      this.ctx.problem(
        where,
        'warning',
        'an unfinished response (Finished: false): its answers are imported',
        'an unfinished response (Finished: false): its answers are imported',
        'row',
      );
    }
    const responseId = this.cell(row, this.roles.responseId);
    const external = this.cell(row, this.roles.external);
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
        field: this.cell(row, this.roles.participant),
        group: null,
        fallback: external !== '' ? { id: external, what: 'ExternalReference' } : { id: responseId, what: 'ResponseId', perResponse: true },
      },
    );
  }
}
