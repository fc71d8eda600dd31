// Review and authorship: every module has a review block, and its last content review is no more than two
// years before the build date (the same rule fails `astro build`: src/collections/review.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { moduleSchema } from '../../src/lib/curriculum/schemas.ts';
import { buildDay, REVIEW_MAX_AGE_YEARS, reviewExpires, reviewProblems, reviewSchema, type Review } from '../../src/collections/review.ts';

const moduleFiles = readdirSync('content/modules')
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const today = buildDay();

describe.each(moduleFiles)('module %s', (file) => {
  const id = file.replace(/\.yaml$/, '');
  const data = moduleSchema.extend({ review: reviewSchema.optional() }).parse(parse(readFileSync(`content/modules/${file}`, 'utf8')));

  it(`has a review block, last reviewed within ${REVIEW_MAX_AGE_YEARS} years of the build date`, () => {
    expect(reviewProblems(id, data.review, today)).toEqual([]);
  });

  it('names reviewers by role, says whether people with lived experience have reviewed it, and how to report an error', () => {
    const review = data.review!;
    for (const r of review.reviewers) expect(r.role, 'a role, not a person').not.toMatch(/^(Dr|Mr|Mrs|Ms|Prof)\.? [A-Z]/);
    expect(review.livedExperienceReview.length).toBeGreaterThan(10);
    expect(review.conflicts.length).toBeGreaterThan(3);
    expect(review.reportErrors).toMatch(/issue|e-?mail|tell|report/i);
  });
});

describe('the review-date rule', () => {
  const review = (lastReviewed: string): Review => ({
    lastReviewed,
    evidenceSearched: lastReviewed,
    reviewers: [{ role: 'Content author', reviewed: 'All lessons' }],
    livedExperienceReview: 'Not yet done.',
    conflicts: 'None declared.',
    reportErrors: 'Open an issue.',
  });

  it('accepts a review up to the same date two years on, and names the module when it is older', () => {
    expect(reviewProblems('example-module', review('2024-12-02'), '2026-12-02')).toEqual([]);
    const stale = reviewProblems('example-module', review('2024-12-01'), '2026-12-02');
    expect(stale).toHaveLength(1);
    expect(stale[0]).toContain('content/modules/example-module.yaml');
    expect(stale[0]).toContain('"example-module" was last reviewed on 2024-12-01');
  });

  it('counts 29 February to 1 March two years on', () => {
    expect(reviewExpires('2024-02-29')).toBe('2026-03-01');
    expect(reviewProblems('m', review('2024-02-29'), '2026-03-01')).toEqual([]);
    expect(reviewProblems('m', review('2024-02-29'), '2026-03-02')).toHaveLength(1);
  });

  it('fails a missing review and a date after the build', () => {
    expect(reviewProblems('m', undefined, '2026-12-02')[0]).toContain('has no review block');
    expect(reviewProblems('m', review('2027-01-10'), '2026-12-02')).toHaveLength(2);
    expect(reviewProblems('m', review('2026-12-03'), '2026-12-02'), "one day's grace for time zones").toEqual([]);
  });

  it('takes the build date from SOURCE_DATE_EPOCH when set', () => {
    expect(buildDay({ SOURCE_DATE_EPOCH: String(Date.UTC(2027, 5, 1) / 1000) })).toBe('2027-06-01');
    expect(buildDay({})).toBe(new Date().toISOString().slice(0, 10));
  });
});
