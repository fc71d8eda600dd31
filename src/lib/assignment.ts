// Assignment links: a trainer's choice of modules (in order), a cohort code, an optional due date and
// note, and the evaluation options (then-test, follow-up days, knowledge at follow-up), carried entirely
// in the URL (no server). Parsing never throws: every problem becomes a message the page shows. The
// trainer page and the landing page apply the same rules, so a link the trainer can make always opens.
export interface Assignment {
  modules: string[];
  cohort: string;
  due: string | null;
  note: string | null;
  /** Ask the retrospective "then" block after the lessons. */
  then: boolean;
  /** Days to the follow-up (FOLLOW_UP_DAYS range), or null for the site's default. */
  followUpDays: number | null;
  /** Ask the knowledge questions again at the follow-up. */
  followUpKnowledge: boolean;
}

export const LIMITS = { cohort: 40, note: 280, modules: 20, url: 2000 } as const;
export const FOLLOW_UP_DAYS = { min: 30, max: 180, default: 90 } as const;

const COHORT = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
// Control characters and angle brackets have no place in a note; neither have characters a reader cannot
// see (zero-width, soft hyphen, combining grapheme joiner, Hangul and Khmer fillers, the blank Braille
// pattern, word joiner, byte-order mark, line and paragraph separators, tag characters) or that reorder
// the text (direction marks, embeddings, overrides and isolates).
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F<>\u00AD\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\u2800\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}]|\u034F/u;
/** The link's parameters, each of which may appear once. */
const PARAMETERS = ['m', 'c', 'due', 'note', 'then', 'fu', 'fk'];

export type ParsedAssignment = { ok: true; assignment: Assignment } | { ok: false; errors: string[] };

export function assignmentQuery(a: Assignment): string {
  const params = new URLSearchParams();
  params.set('m', a.modules.join(','));
  params.set('c', a.cohort);
  if (a.due) params.set('due', a.due);
  if (a.note) params.set('note', a.note);
  if (a.then) params.set('then', '1');
  if (a.followUpDays !== null) params.set('fu', String(a.followUpDays));
  if (a.followUpKnowledge) params.set('fk', '1');
  return params.toString();
}

export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/** The learner's local calendar day as YYYY-MM-DD. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** True when the due date has passed (the due day itself still counts as on time). */
export const isOverdue = (due: string, today: string): boolean => due < today;

export function validateAssignment(a: Assignment, knownModules: ReadonlySet<string>, creating?: { today: string }): string[] {
  const errors: string[] = [];
  if (a.modules.length === 0) errors.push('The link names no modules.');
  if (a.modules.length > LIMITS.modules) errors.push(`The link names more than ${LIMITS.modules} modules.`);
  const unknown = a.modules.filter((m) => !knownModules.has(m));
  if (unknown.length)
    errors.push(
      `The link names ${unknown.length === 1 ? 'a module' : 'modules'} that this site does not have: ${unknown.map((m) => `"${m.slice(0, 60)}"`).join(', ')}.`,
    );
  if (new Set(a.modules).size !== a.modules.length) errors.push('The link names the same module twice.');
  if (!a.cohort) errors.push('The link has no cohort code.');
  else if (a.cohort.length > LIMITS.cohort) errors.push(`The cohort code is longer than ${LIMITS.cohort} characters.`);
  else if (!COHORT.test(a.cohort)) errors.push('The cohort code may use only letters, digits, spaces, dots, hyphens and underscores.');
  if (a.due !== null) {
    if (!isCalendarDate(a.due)) errors.push('The due date is not a valid date (expected YYYY-MM-DD).');
    else if (creating && isOverdue(a.due, creating.today)) errors.push('The due date is in the past. Choose today or a later date.');
  }
  if (a.note !== null) {
    if (a.note.length > LIMITS.note) errors.push(`The note is longer than ${LIMITS.note} characters.`);
    if (UNSAFE.test(a.note))
      errors.push('The note contains characters that are not allowed (control characters, invisible or text-direction characters, or < >).');
  }
  if (a.followUpDays !== null && !(Number.isInteger(a.followUpDays) && a.followUpDays >= FOLLOW_UP_DAYS.min && a.followUpDays <= FOLLOW_UP_DAYS.max)) {
    errors.push(`The follow-up must be between ${FOLLOW_UP_DAYS.min} and ${FOLLOW_UP_DAYS.max} days after the course.`);
  }
  if (creating && errors.length === 0) {
    const length = `?${assignmentQuery(a)}`.length;
    if (length > LIMITS.url)
      errors.push(
        `The link would be ${length} characters long, over the ${LIMITS.url} a link may have. Shorten the note (letters outside A–Z take more room in a link).`,
      );
  }
  return errors;
}

/** A yes/no option of the link: absent or 0 is no, 1 is yes; anything else is a mistake (null). */
const flag = (value: string | null): boolean | null => (value === null || value === '0' ? false : value === '1' ? true : null);

/** Reads an assignment from a URL query string (with or without the leading "?"). */
export function parseAssignment(search: string, knownModules: ReadonlySet<string>): ParsedAssignment {
  const query = search.startsWith('?') ? search : `?${search}`;
  if (query.length > LIMITS.url) return { ok: false, errors: [`The link is too long (over ${LIMITS.url} characters).`] };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query);
  } catch {
    return { ok: false, errors: ['The link could not be read.'] };
  }
  const modulesParam = params.get('m');
  if (modulesParam === null) return { ok: false, errors: ['This page needs an assignment link from your trainer. The link you used has no modules in it.'] };
  const fu = params.get('fu')?.trim();
  const then = flag(params.get('then'));
  const followUpKnowledge = flag(params.get('fk'));
  // A link edited by hand: a parameter twice, or a yes/no option with another value, is said, not guessed.
  const linkErrors = PARAMETERS.filter((name) => params.getAll(name).length > 1).map((name) => `The link has "${name}=" more than once.`);
  if (then === null) linkErrors.push('The link\'s "then=" can only be 1 (ask the questions looking back) or 0.');
  if (followUpKnowledge === null) linkErrors.push('The link\'s "fk=" can only be 1 (knowledge questions at the follow-up) or 0.');
  const assignment: Assignment = {
    modules: modulesParam
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean),
    cohort: (params.get('c') ?? '').trim(),
    due: params.get('due')?.trim() || null,
    note: params.get('note')?.trim() || null,
    then: then === true,
    followUpDays: fu ? (/^\d{1,4}$/.test(fu) ? Number(fu) : NaN) : null,
    followUpKnowledge: followUpKnowledge === true,
  };
  const errors = [...linkErrors, ...validateAssignment(assignment, knownModules)];
  return errors.length ? { ok: false, errors } : { ok: true, assignment };
}
