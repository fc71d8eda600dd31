// The facilitator guide's data (content/guide/<module>.yaml): how to deliver a module to a group in one
// 45–60 minute session. Pure (zod only): the build's collection and the content checks share it.
import { z } from 'astro/zod';

export const SESSION_MINUTES = { min: 45, max: 60 } as const;

/** The most pages a module's guide prints on, A4 or Letter; the page says so and the print test holds it to it. */
export const GUIDE_MAX_PRINTED_PAGES = 5;

const text = z.string().trim().min(1);

export const guideSchema = z
  .object({
    /** Length of the group session, questionnaires included. */
    sessionMinutes: z.number().int().min(SESSION_MINUTES.min).max(SESSION_MINUTES.max),
    /** The session in order; the minutes add up to sessionMinutes. */
    agenda: z.array(z.object({ minutes: z.number().int().positive(), activity: text })).min(2),
    /** Discussion questions for each of the module's lessons (lesson ids as in the module file). */
    lessons: z.array(z.object({ lesson: text, discussion: z.array(text).min(1) })).min(1),
    /** The lessons' vignettes and cases, run as group exercises. */
    exercises: z.array(z.object({ title: text, minutes: z.number().int().positive(), instructions: text })).min(1),
    beforeTheSession: z.array(text).min(1),
    /** Result files or the LMS route. */
    collectResults: text,
    /** What the facilitator says about the questionnaire: not a test, anonymous code. */
    sayAboutQuestionnaire: text,
  })
  .refine((g) => g.agenda.reduce((n, a) => n + a.minutes, 0) === g.sessionMinutes, {
    message: 'the agenda minutes must add up to sessionMinutes',
    path: ['agenda'],
  });

export type Guide = z.infer<typeof guideSchema>;

/** What the guide gets wrong about its module: lessons it misses or names that the module does not have. */
export function guideProblems(moduleId: string, guide: Guide | undefined, lessonIds: readonly string[]): string[] {
  const file = `content/guide/${moduleId}.yaml`;
  if (!guide) return [`${file}: module "${moduleId}" has no facilitator guide`];
  const problems: string[] = [];
  const inGuide = guide.lessons.map((l) => l.lesson);
  for (const id of lessonIds) if (!inGuide.includes(id)) problems.push(`${file}: lessons: no discussion questions for lesson "${id}"`);
  inGuide.forEach((id, i) => {
    if (!lessonIds.includes(id)) problems.push(`${file}: lessons[${i}].lesson: module "${moduleId}" has no lesson "${id}"`);
  });
  const exerciseMinutes = guide.exercises.reduce((n, e) => n + e.minutes, 0);
  if (exerciseMinutes > guide.sessionMinutes)
    problems.push(`${file}: exercises take ${exerciseMinutes} minutes, more than the ${guide.sessionMinutes}-minute session`);
  return problems;
}

/** Agenda rows with their clock offsets from the start of the session ("0–10"). */
export function agendaTimes(guide: Guide): { from: number; to: number; minutes: number; activity: string }[] {
  let t = 0;
  return guide.agenda.map((a) => {
    const row = { from: t, to: t + a.minutes, minutes: a.minutes, activity: a.activity };
    t += a.minutes;
    return row;
  });
}
