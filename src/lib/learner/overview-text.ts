// What a module's overview page says about its questionnaires and about the learner's progress, for a module
// taken alone or as one module of a trainer's assignment (a unit of several). Which step asks what is
// stepFor's rule (steps.ts); this only puts it into words. Pure: the page renders the text for a module alone
// at build time, and the browser again for the unit the module belongs to.
import { attemptRecords, DEFAULT_OPTIONS, type Attempt, type LearnerState } from './learner-state.ts';
import { stepFor } from './steps.ts';

/** How many questionnaire items a unit asks: each module's items (indexes in the instrument), counted once. */
export const unitItemCount = (itemsByModule: Readonly<Record<string, readonly number[]>>, modules: readonly string[]): number =>
  new Set(modules.flatMap((m) => itemsByModule[m] ?? [])).size;

/**
 * The questions a module asks around its lessons, to follow "about N minutes, including": `items` are the
 * questionnaire items of the unit (its modules' scales together), `knowledge` this module's scored questions
 * (5 to 8: knowledgeSchema), so every count is plural. Kept short: every overview page ships it.
 */
export function questionnaireText(modules: readonly string[], moduleId: string, items: number, knowledge: number): string {
  const unit = { modules: [...modules], options: DEFAULT_OPTIONS };
  const before = stepFor(unit, moduleId, 'pre').instrument;
  const after = stepFor(unit, moduleId, 'post').instrument;
  const all = `the assignment's questionnaire (${items + knowledge} questions)`;
  const own = `${knowledge} short knowledge questions`;
  return before && after
    ? `two short questionnaires of ${items + knowledge} questions each`
    : before
      ? `${all} before the lessons and ${own} after them`
      : after
        ? `${own} before the lessons and ${all} after them`
        : `${own} before the lessons and the same ${knowledge} after them`;
}

/** "Welcome back": how far the learner is with this module, by its own steps in the unit's attempt. */
export function progressText(attempt: Pick<Attempt, 'modules' | 'options' | 'steps'> | undefined, moduleId: string): string {
  const done = (page: 'pre' | 'post') => !!attempt?.modules.includes(moduleId) && !!attempt.steps[stepFor(attempt, moduleId, page).id]?.completedAt;
  return done('post')
    ? 'You have finished this module.'
    : done('pre')
      ? 'You have answered the questions before the lessons.'
      : 'You have started this module.';
}

/** One entry of the overview's "Earlier attempts": its words, and its download button's (null: nothing to download). */
export interface ArchiveEntry {
  unitId: string;
  attempt: Attempt;
  text: string;
  button: string | null;
}

/** A time as the list shows it: "2026-11-02 09:30 UTC" (the times are stored in UTC). */
const shown = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const submitted = (n: number) => `${n} questionnaire${n === 1 ? '' : 's'} submitted`;

/**
 * What the overview lists under "Earlier attempts": first the earlier attempts of the page's own unit, as
 * it numbers them; then, oldest first, every attempt with a submitted questionnaire that includes this
 * module under another unit: the module taken on its own before a trainer's link for several, or under
 * another link. A module page belongs to one unit (the latest link that includes it), so without these a
 * new link would hide work done before it. Every button's words say which attempt it downloads, and no two
 * buttons have the same words.
 */
export function archiveEntries(units: LearnerState['units'], moduleId: string, unitId: string): ArchiveEntry[] {
  const own: ArchiveEntry[] = (units[unitId]?.archived ?? []).map((attempt, i) => {
    const records = attemptRecords(attempt).length;
    return attempt.conflict
      ? {
          unitId,
          attempt,
          text: `Copy kept on ${shown(attempt.conflict.keptAt)} because ${attempt.conflict.reason}.`,
          button: records ? `Download the copy kept on ${shown(attempt.conflict.keptAt)}` : null,
        }
      : {
          unitId,
          attempt,
          text: `Attempt ${i + 1}, started ${attempt.startedAt.slice(0, 10)}: ${submitted(records)}.`,
          button: records ? `Download attempt ${i + 1}` : null,
        };
  });
  const elsewhere: (ArchiveEntry & { at: string })[] = [];
  for (const [id, progress] of Object.entries(units)) {
    const { modules } = progress.current;
    if (id === unitId || !modules.includes(moduleId)) continue;
    const where = modules.length === 1 ? 'on its own' : `in an assignment of ${modules.length} modules`;
    const tag = modules.length === 1 ? 'on its own' : `assignment of ${modules.length} modules`;
    for (const attempt of [...progress.archived, progress.current]) {
      const records = attemptRecords(attempt).length;
      if (!records) continue;
      const at = attempt.conflict?.keptAt ?? attempt.startedAt;
      elsewhere.push(
        attempt.conflict
          ? {
              unitId: id,
              attempt,
              at,
              text: `Copy kept on ${shown(at)} because ${attempt.conflict.reason}; the module ${where}.`,
              button: `Download the copy kept on ${shown(at)} (${tag})`,
            }
          : {
              unitId: id,
              attempt,
              at,
              text: `${where[0]!.toUpperCase()}${where.slice(1)}, started ${shown(at)}: ${submitted(records)}.`,
              button: `Download the attempt started ${shown(at)} (${tag})`,
            },
      );
    }
  }
  elsewhere.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const entries: ArchiveEntry[] = [...own, ...elsewhere.map(({ at: _, ...entry }) => entry)];
  // Copies kept in one merge share their time: a button whose words repeat gets a number.
  const seen = new Map<string, number>();
  for (const entry of entries) {
    if (entry.button === null) continue;
    const n = (seen.get(entry.button) ?? 0) + 1;
    seen.set(entry.button, n);
    if (n > 1) entry.button = `${entry.button} (${n})`;
  }
  return entries;
}
