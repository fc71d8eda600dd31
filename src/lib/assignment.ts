// Assignment links: a trainer's choice of modules (in order), a cohort code, an optional due date and
// note, carried entirely in the URL (no server). Parsing never throws: every problem becomes a message
// the landing page shows.
export interface Assignment {
  modules: string[];
  cohort: string;
  due: string | null;
  note: string | null;
}

export const LIMITS = { cohort: 40, note: 280, modules: 20, url: 2000 } as const;
const COHORT = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
// Control characters and angle brackets have no place in a cohort note; reject rather than display them.
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F<>\u202A-\u202E\u2066-\u2069]/;

export type ParsedAssignment = { ok: true; assignment: Assignment } | { ok: false; errors: string[] };

export function assignmentQuery(a: Assignment): string {
  const params = new URLSearchParams();
  params.set('m', a.modules.join(','));
  params.set('c', a.cohort);
  if (a.due) params.set('due', a.due);
  if (a.note) params.set('note', a.note);
  return params.toString();
}

export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

export function validateAssignment(a: Assignment, knownModules: ReadonlySet<string>): string[] {
  const errors: string[] = [];
  if (a.modules.length === 0) errors.push('The link names no modules.');
  if (a.modules.length > LIMITS.modules) errors.push(`The link names more than ${LIMITS.modules} modules.`);
  const unknown = a.modules.filter((m) => !knownModules.has(m));
  if (unknown.length) errors.push(`The link names ${unknown.length === 1 ? 'a module' : 'modules'} that this site does not have: ${unknown.map((m) => `"${m.slice(0, 60)}"`).join(', ')}.`);
  if (new Set(a.modules).size !== a.modules.length) errors.push('The link names the same module twice.');
  if (!a.cohort) errors.push('The link has no cohort code.');
  else if (a.cohort.length > LIMITS.cohort) errors.push(`The cohort code is longer than ${LIMITS.cohort} characters.`);
  else if (!COHORT.test(a.cohort)) errors.push('The cohort code may use only letters, digits, spaces, dots, hyphens and underscores.');
  if (a.due !== null && !isCalendarDate(a.due)) errors.push('The due date is not a valid date (expected YYYY-MM-DD).');
  if (a.note !== null) {
    if (a.note.length > LIMITS.note) errors.push(`The note is longer than ${LIMITS.note} characters.`);
    if (UNSAFE.test(a.note)) errors.push('The note contains characters that are not allowed (control characters or < >).');
  }
  return errors;
}

/** Reads an assignment from a URL query string (with or without the leading "?"). */
export function parseAssignment(search: string, knownModules: ReadonlySet<string>): ParsedAssignment {
  if (search.length > LIMITS.url) return { ok: false, errors: [`The link is too long (over ${LIMITS.url} characters).`] };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { ok: false, errors: ['The link could not be read.'] };
  }
  const modulesParam = params.get('m');
  if (modulesParam === null) return { ok: false, errors: ['This page needs an assignment link from your trainer. The link you used has no modules in it.'] };
  const assignment: Assignment = {
    modules: modulesParam.split(',').map((m) => m.trim()).filter(Boolean),
    cohort: (params.get('c') ?? '').trim(),
    due: params.get('due')?.trim() || null,
    note: params.get('note')?.trim() || null,
  };
  const errors = validateAssignment(assignment, knownModules);
  return errors.length ? { ok: false, errors } : { ok: true, assignment };
}
