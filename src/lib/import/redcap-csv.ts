// REDCap's standard CSV export ("CSV / Microsoft Excel (raw data)", or the API's records export as CSV with
// raw values and raw headers), of a project made from the dictionary `npm run instrument -- --format
// redcap` writes (src/lib/export/redcap-dictionary.ts). docs/formats.md, "REDCap export".
//
//   record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,participant_code,timepoint,
//   att_12_helpful,…,discipline,…,msg_attitudes_complete
//
// - The first column is the record id, whatever the project calls it (REDCap's first field).
// - Longitudinal projects: redcap_event_name gives the timepoint, by the mapping given (`--redcap-events`)
//   and then by defaultEventTimepoint; an event mapped to none is an error naming it, and its rows are left
//   out. Projects without events: the `timepoint` field, or the timepoint given for the file (`--timepoint`).
// - The participant: the `participant_code` (or `participant`) field when the export has one (a row
//   without it takes its record's from the record's other rows); otherwise the record id, an id from
//   another system (participant-ids.ts). Rows of one record that name different participants are each read
//   as the one they name, with a warning (wide-csv.ts).
// - One column per field, named as the dictionary names them (itemIdFromRedcap maps them back);
//   background questions as radio fields (codes) or checkboxes (field___code: 1 ticked, 0 not; any other
//   value is an error, and the question's answer is set aside). Each row with answers is one record; rows
//   without any (other forms, other events) are left out with a warning. A row that repeats the header
//   (two exports pasted together) is skipped with a warning.
// - redcap_repeat_instrument / redcap_repeat_instance: each instance is its own record (the matching keeps
//   one per timepoint, as for any duplicate). <form>_complete, <form>_timestamp, redcap_survey_identifier
//   are not used; redcap_data_access_group is the cohort when there is no `cohort` field.
// - The "labels" export (headers and answers as labels) is refused with a message asking for raw data.
import { REDCAP_IMPORT_FIELDS, REDCAP_SYSTEM_FIELDS } from './redcap-fields.ts';
import type { Timepoint } from '../records/result-record.ts';
import { headerCell, headerKey, openCsv, readCsvRows, refuseRepeatedColumn } from './csv-rows.ts';
import type { ImportContext, Where } from './import-context.ts';
import { formatCount, quoted } from './limits.ts';
import { givenTimepoint, timepointFromText, type GivenTimepoint } from './source-options.ts';
import { quotedId } from './participant-ids.ts';
import { answerColumnFor, columnOf, reportWideHeader, WideReader, wideColumnKeys, type AnswerColumn } from './wide-csv.ts';

const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(REDCAP_SYSTEM_FIELDS);
const isFormColumn = (name: string) => /_(complete|timestamp)$/.test(name);
/** Column names of the labels export (rawOrLabelHeaders=label). */
const LABEL_HEADERS = /^(record id|event name|repeat instrument|repeat instance|survey identifier|data access group)$|complete\?$/i;

/** 'raw' for REDCap's export with raw headers, 'labels' for the export with labels, else null. */
export function redcapHeaderKind(header: readonly string[]): 'raw' | 'labels' | null {
  const names = header.map(headerCell);
  const lower = names.map((n) => n.toLowerCase());
  if (lower.includes('item') && lower.includes('value')) return null; // a long CSV
  if (lower.some((n) => SYSTEM_COLUMNS.has(n) || (/^[a-z][a-z0-9_]*$/.test(n) && isFormColumn(n)))) return 'raw';
  if (names.filter((n) => LABEL_HEADERS.test(n)).length >= 1 && !/^[a-z][a-z0-9_]*$/.test(names[0] ?? '')) return 'labels';
  return null;
}

/** The words REDCap builds unique event names from (label lower-cased, then _arm_N), for the defaults. */
const EVENT_WORDS: [RegExp, Timepoint][] = [
  [/^(then|retro.*)$/, 'then'],
  [/^(follow.*|fu\d*)$/, 'followup'],
  [/^post(test|training|course|survey|assessment)?$/, 'post'],
  [/^(pre(test|training|course|survey|assessment)?|baseline|bl|intake)$/, 'pre'],
];
/** Units of a time in an event name (month_3, 6mo, week_12, 1_year), each in days. */
const TIME_UNITS: [RegExp, number][] = [
  [/^(d|days?)$/, 1],
  [/^(w|wks?|weeks?)$/, 7],
  [/^(m|mos?|mths?|months?)$/, 30],
  [/^(y|yrs?|years?)$/, 365],
];
/** A time this many days on or later is a follow-up; a shorter one (day 1, week 2) says nothing by itself. */
const FOLLOWUP_DAYS = 28;
/** Longer than this is no time after a training ("year_2024" is a year, not 2,024 years). */
const MAX_DAYS = 3650;

/** The days a time in the words says (a number next to a unit, either way round: month_3, 6mo), each. */
function eventTimes(words: readonly string[]): number[] {
  const days: number[] = [];
  const unitOf = (w: string | undefined) => (w === undefined ? undefined : TIME_UNITS.find(([re]) => re.test(w))?.[1]);
  words.forEach((w, i) => {
    if (!/^\d+$/.test(w)) return;
    const unit = unitOf(words[i + 1]) ?? unitOf(words[i - 1]);
    if (unit !== undefined && Number(w) * unit <= MAX_DAYS) days.push(Number(w) * unit);
  });
  return days;
}

/**
 * The timepoint an event name says by itself, from the words of the name without its _arm_N: then/retro…
 * → then (retrospective_pre too); follow…, fu → followup (followup_week_2 too); baseline, pre, intake or a
 * time of zero (month_0, week_0) → pre, also with a short time (baseline_day_1); a time of four weeks or
 * more (month_3, 6mo, week_12, 1_year, post_3_months), or "month" alone → followup; post → post (post_week_1
 * too). A name that says pre and post or a later time (pre_post, post_baseline, baseline_month_3), only a
 * short time (week_1), or no timepoint at all (visit_2, enrollment, screening) gives null: the import asks
 * for a mapping.
 */
export function defaultEventTimepoint(event: string): Timepoint | null {
  const words = event
    .toLowerCase()
    .replace(/_arm_\d+$/, '')
    .split(/[^a-z0-9]+|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])/)
    .filter((w) => w !== '');
  const says = new Set<Timepoint>();
  for (const [pattern, tp] of EVENT_WORDS) if (words.some((w) => pattern.test(w))) says.add(tp);
  if (says.has('then')) return 'then';
  const times = eventTimes(words);
  const pre = says.has('pre') || times.includes(0);
  if (says.has('followup')) return pre ? null : 'followup';
  const later = times.some((d) => d >= FOLLOWUP_DAYS) || (times.length === 0 && words.some((w) => /^(months?|mos?)$/.test(w)));
  if (pre) return says.has('post') || later ? null : 'pre';
  if (later) return 'followup';
  return says.has('post') ? 'post' : null;
}

export function importRedcap(ctx: ImportContext, file: string, original: string): void {
  const csv = openCsv(original);
  const header = (csv.head[0] ?? []).map(headerCell);
  if (redcapHeaderKind(header) === 'labels') {
    ctx.rejectFile(
      { file, line: csv.headerLine },
      'this is REDCap\'s export with labels (columns such as "Record ID", "Event Name", "… Complete?"), whose answers are texts: export the data again as "CSV / Microsoft Excel (raw data)"; nothing in this file was imported',
    );
    return;
  }
  const lower = header.map((h) => h.toLowerCase());
  const at = (...names: string[]) => columnOf(lower, names, 1); // column 0 is the record id
  const columns: AnswerColumn[] = [];
  const unused: string[] = [];
  const roles = {
    event: at('redcap_event_name'),
    // The dictionary (redcap-dictionary.ts) gives no question these names.
    participant: at(...REDCAP_IMPORT_FIELDS.participant),
    timepoint: at(...REDCAP_IMPORT_FIELDS.timepoint),
    cohort: at(...REDCAP_IMPORT_FIELDS.cohort),
    module: at(...REDCAP_IMPORT_FIELDS.module),
    dag: at('redcap_data_access_group'),
    repeatInstrument: at('redcap_repeat_instrument'),
    repeatInstance: at('redcap_repeat_instance'),
  };
  const roleIndexes = new Set(Object.values(roles));
  lower.forEach((name, i) => {
    if (i === 0 || roleIndexes.has(i)) return;
    const c = answerColumnFor(ctx.instrument, name, i);
    if (c) columns.push(c);
    else if (!SYSTEM_COLUMNS.has(name) && !isFormColumn(name) && name !== '') unused.push(header[i]!);
  });
  if (refuseRepeatedColumn(ctx, file, csv.headerLine, header, wideColumnKeys(lower, { ...roles, recordId: 0 }, columns), REDCAP_MATCHING)) return;
  // Background questions alone give nothing to analyse (and no record without an item is imported).
  if (!columns.some((c) => 'item' in c)) {
    ctx.rejectFile(
      { file, line: csv.headerLine },
      `this REDCap export has none of the item fields of questionnaire "${ctx.instrument.id}" ${ctx.instrument.version} (such as ${columnExamples(ctx)}); was the project made from the dictionary that \`npm run instrument -- --format redcap\` writes? Nothing in this file was imported`,
    );
    return;
  }
  const given = givenTimepoint(ctx.options.timepoints, file);
  const fallbackTimepoint = given?.timepoint ?? null;
  if (roles.event < 0 && roles.timepoint < 0 && !fallbackTimepoint) {
    ctx.rejectFile(
      { file, line: csv.headerLine },
      'this REDCap export has no events (redcap_event_name) and no timepoint field, so nothing says whether its answers come before or after the training: give the timepoint for this file (--timepoint, or on the evaluator page) or add the timepoint field; nothing in this file was imported',
    );
    return;
  }
  reportWideHeader(ctx, file, csv.headerLine, 'REDCap', 'rows', columns, unused, roles.participant < 0 ? REDCAP_IMPORT_FIELDS.participant : null);
  if (roles.event >= 0) {
    ctx.optionUse.exportsWithEvents += 1;
    if (given?.byName) {
      ctx.problem(
        { file, line: csv.headerLine },
        'warning',
        `a timepoint (${given.timepoint}) is given for this file, but its rows carry REDCap events, which give their timepoints (as mapped, or read from their names): the timepoint given is not used; map the events instead (--redcap-events, or on the evaluator page)`,
      );
    }
  }

  const reader = new RedcapReader(ctx, file, columns, roles, given, lower);
  readCsvRows(
    ctx,
    file,
    csv,
    { headerRows: 1, fields: header, checked: [0, ...[...roleIndexes].filter((i) => i >= 0), ...columns.map((c) => c.index)] },
    reader,
  );
  reader.finish();
}

/** How a REDCap export's column names are matched, for the message on a column named twice. */
const REDCAP_MATCHING =
  'names are matched without regard to case, and a field name such as att_12_helpful and the item id att-12-helpful are the same question';

const columnExamples = (ctx: ImportContext) =>
  ctx.instrument.items
    .slice(0, 3)
    .map((i) => i.id.replace(/-/g, '_'))
    .join(', ');

interface Roles {
  event: number;
  participant: number;
  timepoint: number;
  cohort: number;
  module: number;
  dag: number;
  repeatInstrument: number;
  repeatInstance: number;
}

/** Events of one export whose rows are told apart, at most (a project has a few dozen): the others are counted together. */
const MAX_EVENTS = 200;
/** Lines shown for the rows of an event not mapped. */
const SHOWN_LINES = 5;

/** The rows of one event with answers: how its timepoint was found (mapped, from its name, or not at all), how many, where. */
interface EventRows {
  timepoint: Timepoint | null;
  how: 'mapped' | 'name' | 'none';
  rows: number;
  lines: number[];
}

class RedcapReader extends WideReader {
  private readonly roles: Roles;
  private readonly given: GivenTimepoint | null;
  private readonly events: Readonly<Record<string, Timepoint>>;
  /** Each event's rows with answers, by the event's name as written (the first MAX_EVENTS events). */
  private readonly eventRows = new Map<string, EventRows>();
  /** Rows of events past MAX_EVENTS that no mapping or name gives a timepoint, and how many such events. */
  private readonly moreUnmapped = { rows: 0, events: new Set<string>(), firstLine: 0 };
  /** The header's names, lower case: a row that repeats them is a header (two exports pasted together). */
  private readonly headerNames: readonly string[];
  /** The lines of rows that repeat the header (the first SHOWN_LINES), and how many. */
  private readonly headerRepeats = { lines: [] as number[], count: 0 };
  /** The checkbox columns (field___code) of background questions. */
  private readonly checkboxes: readonly Extract<AnswerColumn, { option: string }>[];

  constructor(ctx: ImportContext, file: string, columns: AnswerColumn[], roles: Roles, given: GivenTimepoint | null, headerNames: readonly string[]) {
    super(ctx, file, {
      system: 'REDCap',
      responseId: 'record id, event and repeat instance',
      exportAgain: 'export the data again as "CSV / Microsoft Excel (raw data)" (or through the API with raw values)',
      columns,
      quietFallback: roles.participant < 0,
    });
    this.roles = roles;
    this.given = given;
    this.events = ctx.options.redcapEvents ?? {};
    this.headerNames = headerNames;
    this.checkboxes = columns.filter((c) => 'option' in c);
  }

  /**
   * The row with its checkbox columns checked: REDCap writes 1 for an option ticked and 0 for one not
   * ticked. Any other value (even "Checked" or "Unchecked", which its export with labels writes, an export
   * this import does not read) is an error naming the column and the value, and the answer to that
   * background question is set aside: its columns are read as empty, not as options not ticked.
   */
  private checkedBoxes(row: readonly string[], where: Where): readonly string[] {
    let bad: Set<string> | null = null;
    for (const c of this.checkboxes) {
      const value = this.cell(row, c.index);
      if (value === '' || value === '0' || value === '1' || bad?.has(c.demographic)) continue;
      (bad ??= new Set()).add(c.demographic);
      const labels = /^(un)?checked$/i.test(value) ? `: REDCap's export with labels writes "Checked" and "Unchecked"; ${this.layout.exportAgain}` : '';
      this.ctx.rejectValue(
        where,
        `column ${quoted(c.name, 40)}: value ${quoted(value)} for background question "${c.demographic}" is not 0 or 1 (REDCap writes a ticked checkbox as 1, one not ticked as 0)${labels}; answer set aside`,
        `a checkbox column of background question "${c.demographic}" holds a value that is not 0 or 1; answer set aside`,
      );
    }
    if (!bad) return row;
    const kept = [...row];
    for (const c of this.checkboxes) if (bad.has(c.demographic)) kept[c.index] = '';
    return kept;
  }

  /**
   * True when the row repeats the header's names (case ignored): two exports pasted one after the other. It
   * is counted as a row not used and said once for the file, with its lines (finish); the rows after it are
   * read as usual.
   */
  private repeatsHeader(row: readonly string[], where: Where): boolean {
    const names = this.headerNames;
    const same = (name: string, i: number) => headerKey(this.cell(row, i)) === name;
    if (row.length !== names.length || !names.every(same)) return false;
    this.ctx.counts.csvRowsRejected += 1;
    const { lines } = this.headerRepeats;
    this.headerRepeats.count += 1;
    if (lines.length < SHOWN_LINES) lines.push(where.line ?? 0);
    return true;
  }

  /**
   * An event's timepoint, by the mapping given and then by its name, with its rows counted (what finish()
   * reports: the rows of each event not mapped, and the events read from their names).
   */
  private eventTimepoint(event: string, line: number): Timepoint | null {
    let e = this.eventRows.get(event);
    if (!e) {
      const key = event.toLowerCase();
      const mapped = Object.hasOwn(this.events, key) ? this.events[key]! : null;
      const byName = mapped ? null : defaultEventTimepoint(event);
      const use = this.ctx.optionUse;
      if (mapped) use.mappedSeen.add(key);
      if (use.eventsSeen.size < 50) use.eventsSeen.add(event);
      const found: EventRows = { timepoint: mapped ?? byName, how: mapped ? 'mapped' : byName ? 'name' : 'none', rows: 0, lines: [] };
      if (this.eventRows.size >= MAX_EVENTS) {
        // A file of thousands of events is not a REDCap project's: only the count of its unmapped rows is kept.
        if (!found.timepoint) {
          this.moreUnmapped.rows += 1;
          this.moreUnmapped.firstLine ||= line;
          if (this.moreUnmapped.events.size < 100_000) this.moreUnmapped.events.add(event);
        }
        return found.timepoint;
      }
      e = found;
      this.eventRows.set(event, e);
    }
    e.rows += 1;
    if (e.lines.length < SHOWN_LINES) e.lines.push(line);
    return e.timepoint;
  }

  /**
   * True when the row is a copy of one read before (WideReader.repeatsEarlierRow): the same record id,
   * event, repeat instance and timepoint, saying the same. REDCap exports one row for each, so a second one
   * in the file with other values is said, naming both lines; in another file it is not (two projects may
   * well use the same record ids).
   */
  private repeats(row: readonly string[], recordId: string, timepoint: Timepoint, where: Where): boolean {
    const r = this.roles;
    const event = this.cell(row, r.event);
    const instance = this.cell(row, r.repeatInstance);
    // With the timepoint the row is read as: two files without events given as pre and post are not copies.
    const identity = [recordId, event, this.cell(row, r.repeatInstrument), instance, timepoint].join('\u0000');
    const participant = this.cell(row, r.participant);
    const values = this.valuesHash(row, { participant, cohort: this.cell(row, r.cohort), module: this.cell(row, r.module), dag: this.cell(row, r.dag) });
    const who = `record id ${quotedId(recordId)}${event ? `, event ${quoted(event, 60)}` : ''}${instance ? ' and repeat instance' : ''}`;
    return this.repeatsEarlierRow(identity, values, where, { field: participant, group: recordId }, ({ line, thisFile }) =>
      thisFile
        ? `this row has the same ${who} as line ${line}, but other values: both are read, as two records (the matching uses one, and lists the other as a duplicate)`
        : null,
    );
  }

  override finish(): void {
    const { ctx, file } = this;
    if (this.headerRepeats.count > 0) {
      const { lines, count } = this.headerRepeats;
      const shown = `${lines.join(', ')}${count > lines.length ? ', …' : ''}`;
      ctx.problem(
        { file, line: lines[0]! },
        'warning',
        count === 1
          ? `line ${shown} repeats the header row; it is skipped, as two exports pasted together hold it`
          : `lines ${shown} repeat the header row; they are skipped, as exports pasted together hold them`,
        'a row repeats the header row; it is skipped, as exports pasted together hold it',
      );
    }
    const byName: string[] = [];
    let firstNamed = 0;
    for (const [event, e] of this.eventRows) {
      if (e.how === 'name') {
        byName.push(`${quoted(event, 60)} → ${e.timepoint} (${formatCount(e.rows)} row${e.rows === 1 ? '' : 's'})`);
        firstNamed ||= e.lines[0]!;
      }
      if (e.how !== 'none') continue;
      // One entry per event, with how many of its rows are not used and where the first ones are.
      const lines = `${e.rows === 1 ? 'line' : 'lines'} ${e.lines.join(', ')}${e.rows > e.lines.length ? ', …' : ''}`;
      ctx.problem(
        { file, line: e.lines[0]! },
        'error',
        `REDCap event ${quoted(event, 60)} is not mapped to a timepoint: its ${formatCount(e.rows)} row${e.rows === 1 ? ' with answers is' : 's with answers are'} not used (${lines}); map it with --redcap-events ${event || 'EVENT'}=pre (or post, then, followup), or on the evaluator page`,
        `REDCap event ${quoted(event, 60)} is not mapped to a timepoint: its rows are not used`,
        'row',
      );
    }
    if (this.moreUnmapped.rows > 0) {
      const { rows, events, firstLine } = this.moreUnmapped;
      ctx.problem(
        { file, line: firstLine },
        'error',
        `${formatCount(rows)} more row${rows === 1 ? '' : 's'} with answers, of ${formatCount(events.size)} more events not mapped to a timepoint (first on line ${firstLine}), are not used: this export holds more than ${MAX_EVENTS} events`,
      );
    }
    if (byName.length) {
      ctx.problem(
        { file, line: firstNamed },
        'warning',
        `${byName.length === 1 ? 'an event was' : `${byName.length} events were`} given ${byName.length === 1 ? 'its timepoint' : 'their timepoints'} by ${byName.length === 1 ? 'its name' : 'their names'}, not by a mapping: ${byName.slice(0, 20).join(', ')}${byName.length > 20 ? ', …' : ''}; if one is wrong, map it (--redcap-events, or on the evaluator page)`,
      );
    }
    super.finish();
  }

  read(row: readonly string[], where: Where): boolean | void {
    if (this.repeatsHeader(row, where)) return;
    const recordId = this.cell(row, 0);
    if (recordId === '') return this.rowError(where, 'the record id (first column) is empty');
    // A row not used (another form's, an event not mapped) may be the only one holding the record's code.
    const who = { field: this.cell(row, this.roles.participant), group: recordId };
    if (!this.hasAnswers(row)) {
      this.keepParticipantOf(who);
      return this.rowSkipped(where, 'this row holds no answer to the questionnaire (a row of another form or event)');
    }
    if (!this.checkCodes(row, where)) return false;
    const timepoint = this.timepointOf(row, where);
    if (!timepoint) return this.keepParticipantOf(who);
    if (this.repeats(row, recordId, timepoint, where)) return;
    const cohort = this.cell(row, this.roles.cohort) || this.cell(row, this.roles.dag) || null;
    this.addRow(
      this.checkedBoxes(row, where),
      where,
      {
        timepoint,
        cohort,
        module: this.cell(row, this.roles.module) || null,
        instrument: this.chosenInstrument,
      },
      { ...who, fallback: { id: recordId, what: 'record id' } },
    );
  }

  private timepointOf(row: readonly string[], where: Where): Timepoint | null {
    const fieldText = this.cell(row, this.roles.timepoint);
    const field = fieldText === '' ? null : timepointFromText(fieldText);
    if (fieldText !== '' && !field) {
      this.rowError(
        where,
        `the timepoint field holds ${quoted(fieldText, 40)}, not one of pre, post, then, followup`,
        'the timepoint field holds a value that is not one of pre, post, then, followup',
      );
      return null;
    }
    if (this.roles.event >= 0) {
      const event = this.cell(row, this.roles.event);
      const mapped = this.eventTimepoint(event, where.line ?? 0);
      if (!mapped) {
        // Said once per event, with its rows' count and lines, at the end of the file (finish).
        this.ctx.counts.csvRowsRejected += 1;
        return null;
      }
      if (field && field !== mapped) {
        this.ctx.problem(
          where,
          'warning',
          `the timepoint field says ${field}, but event ${quoted(event, 60)} is mapped to ${mapped}: the event is used`,
          'the timepoint field and the event disagree: the event is used',
          'row',
        );
      }
      return mapped;
    }
    if (field && this.given?.byName && field !== this.given.timepoint) {
      this.ctx.problem(
        where,
        'warning',
        `the timepoint field says ${field}, but ${this.given.timepoint} is given for this file: the field is used`,
        'the timepoint field differs from the timepoint given for this file: the field is used',
        'row',
      );
    }
    if (field) return field;
    if (!this.given) {
      this.rowError(where, 'the timepoint field is empty and no timepoint was given for this file (--timepoint, or on the evaluator page)');
      return null;
    }
    if (!this.given.byName) this.ctx.optionUse.allTimepoint = true;
    return this.given.timepoint;
  }
}
