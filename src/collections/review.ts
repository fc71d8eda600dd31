// A module's review and authorship statement (the `review` block of content/modules/<module>.yaml): the
// schema, and the rule that fails the build when a review is older than two years. Pure (zod only), so
// the content checks in test/content use the same rule as the build.
import { z } from 'astro/zod';

/** A review older than this, counted from the build date, fails the build. */
export const REVIEW_MAX_AGE_YEARS = 2;

// YAML reads an unquoted 2026-12-02 as a Date; accept that or the same text, and keep the text.
const isoDay = z.union([z.date().transform((d) => d.toISOString().slice(0, 10)), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')]);

export const reviewSchema = z.object({
  /** Date of the last content review. */
  lastReviewed: isoDay,
  /** Date the evidence was last searched. */
  evidenceSearched: isoDay,
  /** What that search covered (a targeted search is not a full update). */
  evidenceSearchScope: z.string().min(1).optional(),
  /** Roles, never invented names, and what each reviewed. */
  reviewers: z.array(z.object({ role: z.string().min(1), reviewed: z.string().min(1) })).min(1),
  /** Whether people with lived experience have reviewed the module; say so plainly when they have not. */
  livedExperienceReview: z.string().min(1),
  conflicts: z.string().min(1),
  reportErrors: z.string().min(1),
});

export type Review = z.infer<typeof reviewSchema>;

/**
 * The date the site is built, as YYYY-MM-DD (UTC): SOURCE_DATE_EPOCH (seconds) when it is set, for
 * reproducible builds, otherwise today.
 */
export function buildDay(env: Record<string, string | undefined> = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const date = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return date.toISOString().slice(0, 10);
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The last day on which a review done on `day` still counts as current: the same date two years on. */
export function reviewExpires(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // 29 February rolls over to 1 March, which is still within two years.
  return new Date(Date.UTC(y + REVIEW_MAX_AGE_YEARS, m - 1, d)).toISOString().slice(0, 10);
}

/**
 * What is wrong with a module's review for a build on `today` (YYYY-MM-DD): missing, older than two
 * years, or dated after the build. Each problem names the module and the file.
 */
export function reviewProblems(moduleId: string, review: Review | undefined, today: string): string[] {
  const file = `content/modules/${moduleId}.yaml`;
  if (!review) return [`${file}: module "${moduleId}" has no review block (review.lastReviewed, reviewers, livedExperienceReview, conflicts, reportErrors)`];
  const problems: string[] = [];
  if (dayNumber(reviewExpires(review.lastReviewed)) < dayNumber(today)) {
    problems.push(
      `${file}: module "${moduleId}" was last reviewed on ${review.lastReviewed}, more than ${REVIEW_MAX_AGE_YEARS} years before the build date ${today}. Review the content and update review.lastReviewed.`,
    );
  }
  // One day's grace for a reviewer whose time zone is ahead of the build machine's.
  for (const field of ['lastReviewed', 'evidenceSearched'] as const) {
    if (dayNumber(review[field]) > dayNumber(today) + 1)
      problems.push(`${file}: module "${moduleId}": review.${field} ${review[field]} is after the build date ${today}`);
  }
  return problems;
}

/** Throws (failing the build) when the module's review is missing, stale or dated in the future. */
export function assertReviewCurrent(moduleId: string, review: Review | undefined, today = buildDay()): Review {
  const problems = reviewProblems(moduleId, review, today);
  if (problems.length) throw new Error(`Module review out of date:\n  - ${problems.join('\n  - ')}`);
  return review!;
}

/** "2 December 2026" for a YYYY-MM-DD day. */
export function longDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
