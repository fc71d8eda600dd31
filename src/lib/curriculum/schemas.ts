// Schemas for the teaching content (modules, lessons, references, resources). Pure zod, no Astro
// runtime, so content checks in tests can validate the same files the build does.
import * as z from 'astro/zod';

export const referenceSchema = z
  .object({
    authors: z.array(z.string().min(1)).min(1),
    year: z.number().int().min(1900).max(2100),
    title: z.string().min(1),
    /** Journal, book or publisher. */
    container: z.string().min(1),
    volume: z.string().optional(),
    issue: z.string().optional(),
    pages: z.string().optional(),
    doi: z
      .string()
      .regex(/^10\.\d{4,9}\/\S+$/, 'a DOI looks like 10.1002/jcop.10010 (no https://doi.org/ prefix)')
      .optional(),
    url: z.url().optional(),
    /** What the project uses it for and how strong the evidence is, for maintainers. */
    note: z.string().optional(),
    /** An encyclopedia or other secondary source: never cited where a primary source on the point exists. */
    secondary: z.boolean().default(false),
  })
  .refine((r) => r.doi || r.url, { message: 'a reference needs a doi or a url', path: ['doi'] });

// YAML reads an unquoted 2026-12-02 as a Date; accept that or the same text, and keep the text.
const isoDay = z.union([z.date().transform((d) => d.toISOString().slice(0, 10)), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')]);

export const lessonSchema = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
});

export const moduleSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1),
  order: z.number().int().positive(),
  minutes: z.number().int().min(5).max(60),
  objectives: z.array(z.string().min(1)).min(1),
  /** Lesson ids in teaching order: files under content/lessons/<module id>/. */
  lessons: z.array(z.string().min(1)).min(1),
  instrument: z.string().min(1),
  /** The instrument's scales this module's questionnaire asks (all items of each). */
  scales: z.array(z.string().min(1)).min(1),
  /** Who reviewed the content and when (shown on the module page; the build fails when it is stale). */
  review: z
    .object({
      lastReviewed: isoDay,
      evidenceSearched: isoDay,
      reviewers: z.array(z.object({ role: z.string().min(1), reviewed: z.string().min(1) })).min(1),
      livedExperienceReview: z.string().min(1),
      conflicts: z.string().min(1),
      reportErrors: z.string().min(1),
    })
    .optional(),
});

const questionId = z.string().regex(/^[a-z]+-k\d+$/, 'a knowledge question id looks like "msb-k1" (module prefix, "-k", number)');

const knowledgeQuestionSchema = z
  .object({
    id: questionId,
    /** 1-based index into the module's `objectives`. */
    objective: z.number().int().positive(),
    text: z.string().min(1),
    options: z
      .array(z.object({ text: z.string().min(1), correct: z.boolean().optional() }))
      .min(3)
      .max(4),
    /** Shown with the answer after the questionnaire: why the correct option is correct. */
    explanation: z.string().min(1),
    /**
     * Reference keys supporting the correct answer; empty only where the answer is the project's own
     * advice, which the explanation must then say.
     */
    sources: z.array(z.string().min(1)),
  })
  .refine((q) => q.options.filter((o) => o.correct).length === 1, { message: 'exactly one option must be correct', path: ['options'] })
  .refine((q) => q.sources.length > 0 || /project's (own )?advice/.test(q.explanation), {
    message: "cite a source, or say in the explanation that the answer is the project's own advice",
    path: ['sources'],
  });

/** A module's scored knowledge questions (content/knowledge/<module id>.yaml). */
export const knowledgeSchema = z.object({ questions: z.array(knowledgeQuestionSchema).min(5).max(8) });

export type Reference = z.infer<typeof referenceSchema>;

export const organisationKinds = [
  'twelve-step',
  'dual-focus',
  'cognitive-behavioural',
  'mixed',
  'diagnosis-specific',
  'peer-network',
  'family-and-advocacy',
  'secular-recovery',
] as const;

export const organisationSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(organisationKinds),
  focus: z.string().min(1),
  description: z.string().min(1),
  website: z.url({ protocol: /^https$/, message: 'the official website, as an https:// address' }),
  /** Reference keys supporting the description. */
  sources: z.array(z.string().min(1)).min(1),
});

const shortText = (max: number) => z.string().trim().min(1).max(max);

const localGroupSchema = z.object({
  name: shortText(120),
  focus: shortText(200),
  where: shortText(200),
  when: shortText(120),
  contact: shortText(160),
  /** Optional: the national organisation it belongs to (file name in content/resources/organisations). */
  organisation: z.string().optional(),
});

export const localGroupsFileSchema = z.object({
  groups: z
    .array(localGroupSchema)
    .nullable()
    .transform((g) => g ?? []),
});

export type Organisation = z.infer<typeof organisationSchema>;
export type LocalGroup = z.infer<typeof localGroupSchema>;
