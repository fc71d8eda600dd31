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

/** An attempt that holds this module's questionnaires under another unit than the page's, and how the page names it. */
export interface AttemptElsewhere {
  unitId: string;
  attempt: Attempt;
  /** "On its own, started 2026-11-02: 2 questionnaires submitted." */
  text: string;
  /** The download button's words: "Download the attempt of 2026-11-02 (on its own)". */
  button: string;
}

/**
 * Attempts with submitted questionnaires that include this module under a unit other than the page's: the
 * module taken on its own before a trainer's link for several, or under another link. A module page
 * belongs to one unit (the latest link that includes it), so the overview lists these beside the unit's
 * own earlier attempts: opening a new link never hides work done before it. Oldest first.
 */
export function attemptsElsewhere(units: LearnerState['units'], moduleId: string, unitId: string): AttemptElsewhere[] {
  const out: AttemptElsewhere[] = [];
  for (const [id, progress] of Object.entries(units)) {
    const modules = id.split('+');
    if (id === unitId || !modules.includes(moduleId)) continue;
    const where = modules.length === 1 ? 'on its own' : `with ${modules.length - 1} other module${modules.length === 2 ? '' : 's'}, under another assignment`;
    for (const attempt of [...progress.archived, progress.current]) {
      const records = attemptRecords(attempt).length;
      if (!records) continue;
      const date = (attempt.conflict?.keptAt ?? attempt.startedAt).slice(0, 10);
      const text = attempt.conflict
        ? `Copy kept on ${date} because ${attempt.conflict.reason} (${where}).`
        : `${where[0]!.toUpperCase()}${where.slice(1)}, started ${date}: ${records} questionnaire${records === 1 ? '' : 's'} submitted.`;
      out.push({
        unitId: id,
        attempt,
        text,
        button: `Download the ${attempt.conflict ? 'copy' : 'attempt'} of ${date} (${modules.length === 1 ? 'on its own' : 'another assignment'})`,
      });
    }
  }
  return out.sort((a, b) => (a.attempt.startedAt < b.attempt.startedAt ? -1 : a.attempt.startedAt > b.attempt.startedAt ? 1 : 0));
}
