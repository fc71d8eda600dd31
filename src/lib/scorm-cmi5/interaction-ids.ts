// The SCORM interaction ids and responses these packages write (events.ts scormInteractions) and the
// evaluator reads back (src/lib/import/lms-interactions.ts). Kept apart from events.ts so the evaluator
// loads the id grammar without the LMS wrapper's code. Pure.
//
// Each submitted record is written as interactions whose ids share one suffix,
// `_<timepoint>_<instrument>_v<version>[_<tag>]` (version with hyphens, tag `a<n>` for the n-th attempt
// at the module when n > 1, or `x<8 characters of the attempt id>` when no answer sent with the record
// says n), and whose key before it says what the interaction holds:
//   R              fill-in: "<code> <module> <startedAt> <completedAt> <attempt id>" (each field escaped)
//   C              fill-in: the cohort (escaped), only when the record has one
//   H              fill-in: "<module>:<fingerprint of its knowledge questions>", one per module
//   <item id>      likert: the answer's value (the ids written before the other keys existed)
//   K-<question>   choice: the index of the option chosen (fill-in with no response when not answered)
//   D-<question>   fill-in: the background answer's option value (unanswered ones are not written)
// Item, question and module ids are slugs (lower case), so the upper-case keys never clash with them.
// Every id stays within SCORM 1.2's CMIIdentifier (printable ASCII, no spaces, at most 255 characters)
// and every response within its CMIString255 and SCORM 2004's type rules (a fill-in response holds no
// comma and does not start with "{").
import type { Timepoint } from '../records/result-record.ts';

/** SCORM 1.2 CMIIdentifier and CMIString255: at most 255 characters. */
export const SCORM12_MAX = 255;

export const safeId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '-');

/** The part of an interaction id that says which record it belongs to. `tag` is '' for the first attempt. */
export function interactionSuffix(timepoint: string, instrument: { id: string; version: string }, tag: string): string {
  return `_${timepoint}_${safeId(instrument.id)}_v${safeId(instrument.version)}${tag ? `_${tag}` : ''}`;
}

export const attemptTag = (attempt: number) => (attempt > 1 ? `a${attempt}` : '');

/**
 * A field of a fill-in response, escaped so the response holds no space (the field separator), comma
 * (SCORM 2004's fill-in separator), brace (a 2004 language tag) or control character: each becomes %XX.
 */
export function encodeField(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[%,{} \u0000-\u001f\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function decodeField(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export type InteractionKind = 'record' | 'cohort' | 'knowledgeHash' | 'item' | 'knowledge' | 'background';

export interface ParsedInteractionId {
  kind: InteractionKind;
  /** Item id (item), question id (knowledge, background); '' for the record's own interactions. */
  key: string;
  timepoint: Timepoint;
  instrument: { id: string; version: string };
  /** Which of the learner's records at this time point: '' (first attempt), 'a<n>', or 'x<attempt id>'. */
  tag: string;
}

const SLUG = '[a-z0-9]+(?:-[a-z0-9]+)*';
// Made on first use: the LMS wrapper, which only writes ids, does not carry it.
let idPattern: RegExp | null = null;
const makePattern = () =>
  new RegExp(`^(R|C|H|K-${SLUG}|D-${SLUG}|${SLUG})_(pre|post|then|followup)_(${SLUG})_v(\\d+-\\d+-\\d+)(?:_(a[1-9]\\d*|x[a-z0-9]{1,8}))?$`);

/**
 * What an interaction id written by these packages says (the ids from before R, C, H, K and D existed
 * included), or null for an id of any other form (another package's, or one an LMS cut short).
 */
export function parseInteractionId(id: string): ParsedInteractionId | null {
  idPattern ??= makePattern();
  const m = idPattern.exec(id);
  if (!m) return null;
  const [, head, timepoint, instrument, version, tag] = m as unknown as [string, string, Timepoint, string, string, string | undefined];
  const kind: InteractionKind =
    head === 'R'
      ? 'record'
      : head === 'C'
        ? 'cohort'
        : head === 'H'
          ? 'knowledgeHash'
          : head.startsWith('K-')
            ? 'knowledge'
            : head.startsWith('D-')
              ? 'background'
              : 'item';
  const key = kind === 'knowledge' || kind === 'background' ? head.slice(2) : kind === 'item' ? head : '';
  // Versions are semantic versions (1.2.0), written with hyphens (1-2-0).
  return { kind, key, timepoint, instrument: { id: instrument, version: version.replace(/-/g, '.') }, tag: tag === 'a1' ? '' : (tag ?? '') };
}
