import { describe, expect, it } from 'vitest';
import { assignmentQuery, isCalendarDate, parseAssignment, type Assignment } from '../../src/lib/assignment.ts';
import { cohortFor, emptyAssignments, readAssignments, rememberAssignment } from '../../src/lib/learner/assignments.ts';

const known = new Set(['mutual-support-basics', 'referrals-that-work', 'knowing-the-landscape']);
const good: Assignment = { modules: ['referrals-that-work', 'mutual-support-basics'], cohort: 'North team 2026', due: '2026-12-31', note: 'Please finish before the team meeting.' };

describe('assignment links', () => {
  it('round-trips through the URL, keeping module order', () => {
    const parsed = parseAssignment(`?${assignmentQuery(good)}`, known);
    expect(parsed).toEqual({ ok: true, assignment: good });
  });

  it('treats due date and note as optional', () => {
    const parsed = parseAssignment('m=mutual-support-basics&c=A1', known);
    expect(parsed).toEqual({ ok: true, assignment: { modules: ['mutual-support-basics'], cohort: 'A1', due: null, note: null } });
  });

  it('names unknown modules, and rejects a link with no modules or no cohort', () => {
    expect(parseAssignment('m=mutual-support-basics,made-up&c=A', known)).toEqual({ ok: false, errors: ['The link names a module that this site does not have: "made-up".'] });
    expect(parseAssignment('c=A', known)).toMatchObject({ ok: false, errors: [expect.stringMatching(/no modules/)] });
    expect(parseAssignment('m=mutual-support-basics', known)).toMatchObject({ ok: false, errors: ['The link has no cohort code.'] });
    expect(parseAssignment('m=mutual-support-basics,mutual-support-basics&c=A', known)).toMatchObject({ ok: false, errors: [expect.stringMatching(/same module twice/)] });
  });

  it('rejects malformed dates, including impossible calendar days', () => {
    for (const due of ['2026-02-30', '31/12/2026', '2026-13-01', 'tomorrow']) {
      expect(parseAssignment(`m=mutual-support-basics&c=A&due=${encodeURIComponent(due)}`, known)).toMatchObject({ ok: false, errors: [expect.stringMatching(/not a valid date/)] });
    }
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
  });

  it('rejects hostile or over-long text with a message, never passing it on', () => {
    const hostile = [
      ['c', '<script>alert(1)</script>', /cohort code may use only/],
      ['c', 'x'.repeat(41), /longer than 40/],
      ['note', '<img src=x onerror=alert(1)>', /not allowed/],
      ['note', 'a\u0000b', /not allowed/],
      ['note', 'right-to-left \u202E override', /not allowed/],
      ['note', 'n'.repeat(281), /longer than 280/],
    ] as const;
    for (const [key, value, message] of hostile) {
      const params = new URLSearchParams({ m: 'mutual-support-basics', c: 'A', [key]: value });
      expect(parseAssignment(params.toString(), known)).toMatchObject({ ok: false, errors: [expect.stringMatching(message)] });
    }
    expect(parseAssignment('m=' + 'a'.repeat(3000), known)).toMatchObject({ ok: false, errors: [expect.stringMatching(/too long/)] });
    expect(parseAssignment('m=%E0%A4%A&c=A', known).ok).toBe(false);
  });
});

describe('remembered assignments', () => {
  it('gives the cohort of the most recent assignment that includes a module', () => {
    let stored = rememberAssignment(emptyAssignments(), { ...good, cohort: 'Old' }, new Date('2026-01-01'));
    stored = rememberAssignment(stored, { ...good, modules: ['mutual-support-basics'], cohort: 'New' }, new Date('2026-02-01'));
    expect(cohortFor(stored, 'mutual-support-basics')).toBe('New');
    expect(cohortFor(stored, 'referrals-that-work')).toBe('Old');
    expect(cohortFor(stored, 'knowing-the-landscape')).toBeNull();
  });
  it('reads damaged stored data as empty instead of failing', () => {
    expect(readAssignments('{oops')).toEqual(emptyAssignments());
    expect(readAssignments(JSON.stringify({ version: 1, list: [{ cohort: 'A', modules: ['x'], openedAt: 'now' }, { bad: true }] })).list).toHaveLength(1);
  });
});
