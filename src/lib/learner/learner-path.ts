// The order of a module's steps and their URLs: one definition for page navigation, the overview's
// progress list and "continue where you left off".
export type StepKind = 'overview' | 'code' | 'pre' | 'lesson' | 'post' | 'results' | 'certificate' | 'followup';

export interface Step {
  kind: StepKind;
  /** Lesson slug for lesson steps, else the kind. */
  id: string;
  label: string;
  path: string;
}

export function moduleSteps(moduleId: string, lessons: readonly { slug: string; title: string }[]): Step[] {
  const base = `/modules/${moduleId}/`;
  return [
    { kind: 'overview', id: 'overview', label: 'Overview', path: base },
    { kind: 'code', id: 'code', label: 'Your participant code', path: `${base}code/` },
    { kind: 'pre', id: 'pre', label: 'Questionnaire before the lessons', path: `${base}pre/` },
    ...lessons.map((l, i): Step => ({ kind: 'lesson', id: l.slug, label: `Lesson ${i + 1}: ${l.title}`, path: `${base}lessons/${l.slug}/` })),
    { kind: 'post', id: 'post', label: 'Questionnaire after the lessons', path: `${base}post/` },
    { kind: 'results', id: 'results', label: 'Your results', path: `${base}results/` },
    { kind: 'certificate', id: 'certificate', label: 'Certificate', path: `${base}certificate/` },
    { kind: 'followup', id: 'followup', label: 'Follow-up questionnaire (some weeks later)', path: `${base}follow-up/` },
  ];
}

export function neighbours(steps: readonly Step[], kind: StepKind, id: string = kind): { previous?: Step; next?: Step; index: number } {
  const index = steps.findIndex((s) => s.kind === kind && s.id === id);
  if (index < 0) throw new Error(`no step ${kind}/${id}`);
  return { previous: steps[index - 1], next: steps[index + 1], index };
}

export type ModuleLinks = Record<string, Record<'overview' | 'pre' | 'post' | 'followup', string>>;

/**
 * The pages of each module that scripts link to (a unit's next module, a missing earlier questionnaire, a
 * follow-up). Pages hand them to their scripts in their HTML, where the LMS packager rewrites them like
 * every other link (relative, index.html named); a link a script built from the site's root would not
 * resolve inside an LMS, which serves the package from a sub-folder.
 */
export function moduleLinks(moduleIds: readonly string[]): ModuleLinks {
  return Object.fromEntries(
    moduleIds.map((id) => {
      const steps = moduleSteps(id, []);
      const path = (kind: StepKind) => steps.find((s) => s.kind === kind)!.path;
      return [id, { overview: path('overview'), pre: path('pre'), post: path('post'), followup: path('followup') }];
    }),
  );
}
