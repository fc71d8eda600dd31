// The options that say how to read exports from other systems, as typed on the command line
// (`--redcap-events`, `--timepoint`) or on the evaluator page: parsed here once for both.
//
//   REDCap events:  baseline_arm_1=pre, post_arm_1=post, month_3_arm_1=followup
//   timepoint:      pre                                  (every export that carries no timepoint)
//                   pre-survey.csv=pre, post-survey.csv=post   (by file name)
// Pairs are separated by commas, semicolons or line breaks.
import { TIMEPOINTS, type Timepoint } from '../records/result-record.ts';
import type { ImportContext } from './import-context.ts';
import type { TimepointDefaults } from './import-types.ts';
import { quoted } from './limits.ts';

const TIMEPOINT_SET: ReadonlySet<string> = new Set(TIMEPOINTS);
const TIMEPOINT_LIST = TIMEPOINTS.join(', ');

/** A timepoint as typed ("Pre", "follow-up", "follow_up" also accepted), or null. */
export function timepointFromText(text: string): Timepoint | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  return TIMEPOINT_SET.has(t) ? (t as Timepoint) : null;
}

const pairsOf = (text: string): string[] =>
  text
    .split(/[,;\n]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');

/** REDCap unique event names: lower-case letters, digits and underscores. */
const EVENT_NAME = /^[a-z0-9_]{1,100}$/;

/** `name=timepoint` pairs for REDCap events; every pair that is not one is an error (and left out). */
export function parseRedcapEvents(text: string): { events: Record<string, Timepoint>; errors: string[] } {
  const events: Record<string, Timepoint> = {};
  const errors: string[] = [];
  for (const pair of pairsOf(text)) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? '' : pair.slice(0, eq).trim().toLowerCase();
    const tp = eq < 0 ? null : timepointFromText(pair.slice(eq + 1));
    if (eq < 0 || !EVENT_NAME.test(name)) {
      errors.push(`${quoted(pair)} is not event=timepoint (an event's unique name, such as baseline_arm_1, then = and a timepoint)`);
    } else if (!tp) {
      errors.push(`${quoted(pair.slice(eq + 1).trim())} (for event ${name}) is not a timepoint: one of ${TIMEPOINT_LIST}`);
    } else if (Object.hasOwn(events, name) && events[name] !== tp) {
      errors.push(`event ${name} is mapped twice, to ${events[name]} and to ${tp}: map each event once`);
    } else {
      events[name] = tp;
    }
  }
  return { events, errors };
}

/** A timepoint for every export without one, and/or `file=timepoint` pairs. */
export function parseTimepoints(text: string): { timepoints: TimepointDefaults; errors: string[] } {
  const files: Record<string, Timepoint> = {};
  const errors: string[] = [];
  let all: Timepoint | undefined;
  for (const pair of pairsOf(text)) {
    const eq = pair.lastIndexOf('=');
    if (eq < 0) {
      const tp = timepointFromText(pair);
      if (!tp) errors.push(`${quoted(pair)} is not a timepoint (one of ${TIMEPOINT_LIST}) nor file=timepoint`);
      else if (all && all !== tp) errors.push(`two timepoints for every file: ${all} and ${tp}`);
      else all = tp;
      continue;
    }
    const name = baseName(pair.slice(0, eq).trim());
    const tp = timepointFromText(pair.slice(eq + 1));
    if (name === '') errors.push(`${quoted(pair)} names no file before =`);
    else if (!tp) errors.push(`${quoted(pair.slice(eq + 1).trim())} (for ${quoted(name)}) is not a timepoint: one of ${TIMEPOINT_LIST}`);
    else if (Object.hasOwn(files, name.toLowerCase()) && files[name.toLowerCase()] !== tp)
      errors.push(`two timepoints for ${quoted(name)}: ${files[name.toLowerCase()]} and ${tp}`);
    else files[name.toLowerCase()] = tp;
  }
  const timepoints: TimepointDefaults = {};
  if (all) timepoints.all = all;
  if (Object.keys(files).length) timepoints.files = files;
  return { timepoints, errors };
}

/** A file name without its folders. */
const baseName = (name: string): string => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

/** The timepoint given for a file that carries none, and whether it was given for this file by its name (not for every file). */
export interface GivenTimepoint {
  timepoint: Timepoint;
  byName: boolean;
}

/** The timepoint given for a file that carries none, or null. */
export function givenTimepoint(defaults: TimepointDefaults | undefined, file: string): GivenTimepoint | null {
  if (!defaults) return null;
  const own = defaults.files ? Object.entries(defaults.files).find(([name]) => name.toLowerCase() === baseName(file).toLowerCase()) : undefined;
  if (own) return { timepoint: own[1], byName: true };
  return defaults.all ? { timepoint: defaults.all, byName: false } : null;
}

/** Where the import's problems about the options themselves are listed (as if they were files). */
export const EVENTS_OPTION = 'REDCap events (option)';
export const TIMEPOINT_OPTION = 'timepoint (option)';

/**
 * After every file is read: what in the options was not used, each a warning, so that a mistyped event or
 * file name is said rather than silently ignored. An event mapped that no REDCap export holds; a file named
 * that was not read; a timepoint for every file when no export needed one.
 */
export function reportUnusedOptions(ctx: ImportContext, fileNames: readonly string[]): void {
  const { options, optionUse } = ctx;
  const mapped = Object.entries(options.redcapEvents ?? {});
  if (mapped.length && optionUse.exportsWithEvents === 0) {
    ctx.problem(
      { file: EVENTS_OPTION },
      'warning',
      `${mapped.length === 1 ? 'an event is' : 'events are'} mapped to timepoints, but no REDCap export with events (a redcap_event_name column) was read: the mapping was not used`,
    );
  } else {
    const theirs = [...optionUse.eventsSeen].slice(0, 20).map((e) => quoted(e, 60));
    for (const [event, tp] of mapped) {
      if (optionUse.mappedSeen.has(event)) continue;
      ctx.problem(
        { file: EVENTS_OPTION },
        'warning',
        `event ${event} is mapped to ${tp}, but no REDCap export read holds it (their events: ${theirs.join(', ')}${optionUse.eventsSeen.size > theirs.length ? ', …' : ''}): check its unique name, as the export's redcap_event_name column writes it`,
      );
    }
  }
  const names = new Set(fileNames.map((f) => baseName(f).toLowerCase()));
  for (const [name, tp] of Object.entries(options.timepoints?.files ?? {})) {
    if (names.has(name.toLowerCase())) continue;
    ctx.problem(
      { file: TIMEPOINT_OPTION },
      'warning',
      `a timepoint (${tp}) is given for ${quoted(name)}, but no file read is called that (a file is named without its folders; case is ignored): check the name`,
    );
  }
  const all = options.timepoints?.all;
  if (all && !optionUse.allTimepoint) {
    ctx.problem(
      { file: TIMEPOINT_OPTION },
      'warning',
      `a timepoint (${all}) is given for the exports that carry none, but no row read needed it (every export read carries its own timepoints: REDCap events, or a timepoint field): it was not used`,
    );
  }
}
