// Participant ids: the four-part codes learners make (MA-07-SA-2), and ids from other systems (REDCap
// record ids, Qualtrics ResponseIds, ExternalReference or embedded ids, LMS learner ids), called opaque.
//
// A code is normalised (case, spaces, accents) and may be fuzzy-matched; an opaque id is kept as written
// (trimmed, case kept) and matched exactly. Which kind a file's participant column holds is decided once
// per file, by `decideIdKind` (the rule in ID_KIND_RULE); one typo in a file of codes stays an error, so
// it never becomes a new person.
import { CODE_PROMPTS, normalizeParticipantCode } from '../records/participant-code.ts';
import { quoted, TEXT_DIRECTION_CLASS } from './limits.ts';

/**
 * A participant code function that remembers the last raw text it read (a learner's pre and post records
 * usually come together): one per import, so nothing is kept between imports.
 */
export function lastCodeMemo(): (raw: string) => string | null {
  let last = { raw: '', code: normalizeParticipantCode('') };
  return (raw) => {
    if (raw !== last.raw) last = { raw, code: normalizeParticipantCode(raw) };
    return last.code;
  };
}

export type ParticipantKind = 'code' | 'opaque';

export const ID_KIND_RULE =
  "Participant ids are either four-part participant codes (normalised, fuzzy matching allowed) or ids from another system (REDCap record ids, Qualtrics ResponseId, ExternalReference or embedded ids, LMS learner ids), which are matched exactly as written (spaces around them removed, case kept) and never fuzzily. An id never matches a participant code, even when they look the same. Which kind a file holds is decided per file, from its distinct ids (in a long CSV, those of its first 1 MB, before any row is read): when at least half of them are participant codes or look like damaged ones (three or more of the four parts in the code's pattern), the file holds codes and every other id in it is an error (a typo never becomes a new person); otherwise every id in it is read as an id from another system. A long CSV's participant_kind column (code or id), which the evaluator's own export writes, says the kind row by row instead. REDCap record ids, Qualtrics ResponseId and ExternalReference, and LMS learner ids are always ids from another system.";

/** Letters or digits, as each element of the code is made of. */
const elementShapes = CODE_PROMPTS.map((p) => (p.kind === 'letters' ? /^[A-Z]+$/ : /^[0-9]+$/));

/**
 * True when `raw` looks like a participant code typed wrongly: split at spaces and punctuation, it has three
 * to five parts, and at least three of the first four have the kind (letters or digits) of the code's
 * element at that place ("MA-07-SA", "MA-7-SA-2", "MA-07-SA-22").
 */
export function looksLikeDamagedCode(raw: string): boolean {
  const parts = raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((p) => p !== '');
  if (parts.length < 3 || parts.length > 5) return false;
  let fitting = 0;
  for (let i = 0; i < elementShapes.length && i < parts.length; i++) if (elementShapes[i]!.test(parts[i]!)) fitting++;
  return fitting >= 3;
}

/** 'code' for a valid participant code, 'near' for what looks like a damaged one, 'other' for anything else. */
export function classifyId(raw: string): 'code' | 'near' | 'other' {
  if (normalizeParticipantCode(raw) !== null) return 'code';
  return looksLikeDamagedCode(raw) ? 'near' : 'other';
}

/**
 * The kind of a file's participant ids (ID_KIND_RULE): 'code' when at least half of the distinct non-empty
 * ids are codes or look like damaged codes, else 'opaque'. A file without ids counts as 'code'.
 */
export function decideIdKind(ids: Iterable<string>): ParticipantKind {
  const distinct = new Set<string>();
  for (const id of ids) {
    const t = id.trim();
    if (t !== '') distinct.add(t);
  }
  let codeLike = 0;
  for (const id of distinct) if (classifyId(id) !== 'other') codeLike++;
  return codeLike * 2 >= distinct.size ? 'code' : 'opaque';
}

/** A word of a name: letters, with . - inside ("Mary-Ann", "St.", "J."). */
const NAME_WORD = '\\p{L}[\\p{L}\\p{M}.-]*';
const NAME_SHAPE = new RegExp(`^${NAME_WORD}(?: +${NAME_WORD}){1,3}$`, 'u');
const LETTERS = /\p{L}/gu;
const INITIAL = /^\p{L}\.$/u;

/**
 * True when an id reads as a person's name ("Jane Doe", "jane doe", "Mary-Ann van Dyke", "J. R. Tolkien"):
 * two to four words of letters and no digit, of which at least two are words of two letters or more or
 * initials (a letter and a dot), and one a word. The ids systems make (record ids, ResponseIds, employee
 * numbers, usernames) hold digits or are one word; "Site A" is not a name.
 */
export function looksLikeName(id: string): boolean {
  if (!NAME_SHAPE.test(id)) return false;
  let words = 0;
  let parts = 0;
  for (const word of id.split(/ +/)) {
    if ((word.match(LETTERS)?.length ?? 0) >= 2) words++;
    else if (INITIAL.test(word)) parts++;
  }
  return words >= 1 && words + parts >= 2;
}

/** Longest opaque id accepted (as long as an attempt id). */
const MAX_OPAQUE_ID_CHARS = 100;
// Control characters and the characters that reorder text: no system writes them into an id.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_ID = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${TEXT_DIRECTION_CLASS}]`);
/**
 * What record ids, response ids, employee numbers and LMS ids are made of: letters and digits, with spaces
 * and . _ - : # / + inside. Markup (< > & quotes), formula starts (= + - @ first) and separators (, ;) are not.
 */
const ID_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N} ._:#/+-]*$/u;

/** Why `id` (trimmed) cannot be an opaque id, or null when it can. */
export function opaqueIdProblem(id: string): string | null {
  if (id === '') return 'is empty';
  // An e-mail address would be copied into every report and export: refused, and never shown (said first,
  // whatever else is wrong with it, as the message never quotes it).
  if (holdsEmail(id)) return 'looks like an e-mail address, which is never copied into a report or export: use another id (a record id, an employee number)';
  if (id.length > MAX_OPAQUE_ID_CHARS) return `is longer than ${MAX_OPAQUE_ID_CHARS} characters`;
  if (UNSAFE_IN_ID.test(id)) return 'holds control or text-direction characters';
  if (!ID_SHAPE.test(id)) return 'holds characters no system id holds (ids are letters and digits, with spaces and . _ - : # / + inside)';
  return null;
}

/**
 * An e-mail address anywhere in a text ("Jane Doe <jane@example.org>", "mailto: jane@example.org"), also
 * one without a dot in its domain ("jdoe@clinic", an intranet's), with the full-width or small at sign
 * that some keyboards type ("jdoe＠clinic.org"), or percent-encoded ("mailto:jdoe%40clinic.org"). A domain
 * of digits only ("Q1@2024") is none. The tool's own cohort codes never hold an at sign (assignment.ts); a
 * cohort typed elsewhere as "Team@Home" is withheld too: its records still match, only its text is not shown.
 */
const AT = '(?:[@\\uFF20\\uFE6B]|%40)';
const NOT_IN_ADDRESS = '\\s@\\uFF20\\uFE6B<>"\'(),;:%';
const EMAIL_PART = `[^${NOT_IN_ADDRESS}]+`;
const DOMAIN = `(?=[^${NOT_IN_ADDRESS}]*[^${NOT_IN_ADDRESS}0-9])${EMAIL_PART}`;
// From the start of a run of address characters only: tried from every character of a long run, the
// pattern would take time growing with the square of its length.
const EMAIL_INSIDE = new RegExp(`(?<![^${NOT_IN_ADDRESS}])${EMAIL_PART}${AT}${DOMAIN}`);
const HAS_AT = new RegExp(AT);
/** The at sign first (a linear scan): the address pattern alone takes time on a long text without one. */
const holdsEmail = (text: string) => HAS_AT.test(text) && EMAIL_INSIDE.test(text);
/** Three letters or more in a row (a code's parts have two at most): more likely a name than a slip. */
const WORD = /\p{L}{3,}/u;
const EMAIL_NOT_SHOWN = '(an e-mail address, not shown)';
const NAME_NOT_SHOWN = '(not shown: it may be a name)';

/** An IPv4 address (each part 0–255), not part of a longer run of digits and dots (a version such as 1.2.3.4.5). */
const IPV4_INSIDE = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/;
/** An IPv6 address: eight groups, or fewer around "::" (not inside a longer word or run of colons: "Team::A" is none). */
const IPV6_INSIDE =
  /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?|::[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})(?![\w:])/i;
/** The same three, to replace every one in a text. */
const PERSONAL_ALL = new RegExp(`${EMAIL_INSIDE.source}|${IPV4_INSIDE.source}|${IPV6_INSIDE.source}`, 'gi');

/**
 * What in a free text copied into outputs (a cohort, a module) would identify a person or a machine: 'an
 * e-mail address' or 'an IP address', or null. The tool's own cohort codes (assignment links, packages) can
 * hold neither; an export's cohort field, typed by anyone, can (a learner's e-mail typed as the cohort).
 */
export function personalDataIn(text: string): 'an e-mail address' | 'an IP address' | null {
  if (holdsEmail(text)) return 'an e-mail address';
  if ((text.includes('.') && IPV4_INSIDE.test(text)) || (text.includes(':') && IPV6_INSIDE.test(text))) return 'an IP address';
  return null;
}

/** A text with every e-mail or IP address in it replaced by a note (a problem message that quotes a value). */
export function withoutPersonalData(text: string): string {
  if (!HAS_AT.test(text) && !text.includes('.') && !text.includes(':')) return text;
  return text.replace(PERSONAL_ALL, (found) => (HAS_AT.test(found) ? EMAIL_NOT_SHOWN : '(an IP address, not shown)'));
}

/**
 * An id quoted for a message; one that holds an e-mail address or reads as a name (looksLikeName: such an
 * id reaches outputs only as a salted hash) is not shown at all.
 */
export const quotedId = (id: string): string => (holdsEmail(id) ? EMAIL_NOT_SHOWN : looksLikeName(id) ? NAME_NOT_SHOWN : quoted(id));

/**
 * A text that is not a valid participant code or id, quoted for a message only when it reads like a
 * mistyped code ("MA-07-SA", "K016"): one that may be a name or holds an e-mail address is not shown, so
 * it reaches no report, export or terminal (the message's line says where it is).
 */
export const quotedBadCode = (text: string): string =>
  holdsEmail(text) ? EMAIL_NOT_SHOWN : WORD.test(text) || text.trim().length > 24 ? NAME_NOT_SHOWN : quoted(text);

/** A problem as the importers report it: the message, and its kind without this occurrence's details. */
export interface ParticipantProblem {
  message: string;
  kind: string;
}

/** A participant code that cannot be normalised (every importer's wording). */
export const invalidCodeProblem = (raw: string): ParticipantProblem => {
  if (holdsEmail(raw)) {
    // Said as what it is; the address itself is never shown.
    const kind =
      'the participant field holds an e-mail address, not a participant code (four parts such as MA-07-SA-2); it is never copied into a report or export';
    return { message: kind, kind };
  }
  return {
    message: `participant code ${quotedBadCode(raw)} is not a valid code (expected four parts such as MA-07-SA-2)`,
    kind: 'the participant code is not a valid code (expected four parts such as MA-07-SA-2)',
  };
};

/** A participant id from another system that cannot be used (`problem`: opaqueIdProblem's reason). */
export const badIdProblem = (raw: string, problem: string): ParticipantProblem => ({
  message: idProblemMessage('participant id', raw, problem),
  kind: `the participant id ${problem}`,
});

/**
 * "[the ]<what> <the id quoted> <problem>", or for an e-mail address, never shown and named by the problem
 * itself, "the <what> <problem>".
 */
export const idProblemMessage = (what: string, raw: string, problem: string, article = ''): string =>
  holdsEmail(raw) ? `the ${what} ${problem}` : `${article}${what} ${quotedBadCode(raw)} ${problem}`;

/** The warning for an id that looks like a participant code in a file of ids from another system. */
export const codeLikeIdWarning = (raw: string): ParticipantProblem => ({
  message: `participant id ${quotedId(raw)} looks like a participant code, but most ids in this file are ids from another system: it is read as such an id, matched exactly and never with a participant code`,
  kind: 'an id looks like a participant code, but most ids in this file are ids from another system: read as such an id, matched exactly and never with a participant code',
});
