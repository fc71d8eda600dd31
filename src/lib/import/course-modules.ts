// A record's module, checked against the course's modules (content/modules/, given by the CLI and the
// evaluator page). The module decides which records pair, so a module written another way in a hand-made
// or exported file ("Mutual-Support-Basics ", "mutual_support_basics") silently split a learner's pre and
// post into two people. A text that differs from one of the course's module ids only in case, spaces or
// underscores is read as that module; any other text stays as written (a course made elsewhere, a unit of
// several modules "a+b"), and both are said once per text. Pure.
import { formatCount, quoted } from './limits.ts';

/** What a module text reads as: the course's module it names, or null when it names none. */
export type ModuleReading = { as: string; exact: boolean } | null;

const fold = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

export class CourseModules {
  private readonly ids: ReadonlySet<string>;
  private readonly byFold: ReadonlyMap<string, string>;

  constructor(ids: readonly string[]) {
    this.ids = new Set(ids);
    this.byFold = new Map(ids.map((id) => [fold(id), id]));
  }

  get list(): string {
    return [...this.ids].join(', ');
  }

  /** A unit of several modules ("a+b", as learners' records name it) reads as its parts do. */
  read(text: string): ModuleReading {
    if (this.ids.has(text)) return { as: text, exact: true };
    const parts = text.split('+').map((part) => this.byFold.get(fold(part)));
    if (parts.some((p) => p === undefined)) return null;
    const as = parts.join('+');
    return { as, exact: as === text };
  }
}

/** The warning for a module text read as one of the course's modules. */
export function respeltModuleWarning(text: string, as: string, records: number): string {
  return `module ${quoted(text)} is read as ${quoted(as)}, one of this course's modules (it differs only in case, spaces or underscores): ${formatCount(records)} record${records === 1 ? '' : 's'}`;
}

/** The warning for a module text that names none of the course's modules. */
export function unknownModuleWarning(text: string, course: CourseModules, records: number): string {
  const n = `${formatCount(records)} record${records === 1 ? '' : 's'}`;
  const own =
    records === 1 ? 'is analysed as a module of its own, paired only with records' : 'are analysed as a module of their own, paired only with records';
  return `module ${quoted(text)} is not one of this course's modules (${course.list}): its ${n} ${own} that name the same module`;
}
