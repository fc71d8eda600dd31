import { describe, expect, it } from 'vitest';
import { assignmentQuery, isCalendarDate, isOverdue, LIMITS, parseAssignment, validateAssignment, type Assignment } from '../../src/lib/assignment.ts';
import { cohortFor, emptyAssignments, readAssignments, unitOf } from '../../src/lib/learner/assignments.ts';
import { rememberAssignment } from '../../src/lib/learner/remember-assignment.ts';

const known = new Set(['mutual-support-basics', 'referrals-that-work', 'knowing-the-landscape']);
const options = { then: false, followUpDays: null, followUpKnowledge: false };
const good: Assignment = {
  modules: ['referrals-that-work', 'mutual-support-basics'],
  cohort: 'North team 2026',
  due: '2026-12-31',
  note: 'Please finish before the team meeting.',
  ...options,
};

describe('assignment links', () => {
  it('round-trips through the URL, keeping module order', () => {
    const parsed = parseAssignment(`?${assignmentQuery(good)}`, known);
    expect(parsed).toEqual({ ok: true, assignment: good });
  });

  it('treats due date and note as optional', () => {
    const parsed = parseAssignment('m=mutual-support-basics&c=A1', known);
    expect(parsed).toEqual({ ok: true, assignment: { modules: ['mutual-support-basics'], cohort: 'A1', due: null, note: null, ...options } });
  });

  it('names unknown modules, and rejects a link with no modules or no cohort', () => {
    expect(parseAssignment('m=mutual-support-basics,made-up&c=A', known)).toEqual({
      ok: false,
      errors: ['The link names a module that this site does not have: "made-up".'],
    });
    expect(parseAssignment('c=A', known)).toMatchObject({ ok: false, errors: [expect.stringMatching(/no modules/)] });
    expect(parseAssignment('m=mutual-support-basics', known)).toMatchObject({ ok: false, errors: ['The link has no cohort code.'] });
    expect(parseAssignment('m=mutual-support-basics,mutual-support-basics&c=A', known)).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/same module twice/)],
    });
  });

  it('rejects malformed dates, including impossible calendar days', () => {
    for (const due of ['2026-02-30', '31/12/2026', '2026-13-01', 'tomorrow']) {
      expect(parseAssignment(`m=mutual-support-basics&c=A&due=${encodeURIComponent(due)}`, known)).toMatchObject({
        ok: false,
        errors: [expect.stringMatching(/not a valid date/)],
      });
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

describe('the same rules for the trainer page and the landing page', () => {
  const today = '2026-12-02';

  it('refuses invisible and text-direction characters in the note, naming why', () => {
    for (const ch of [
      '\u200B',
      '\u200E',
      '\u200F',
      '\u061C',
      '\u2028',
      '\uFEFF',
      '\u2066',
      '\u00AD',
      '\u3164',
      '\u115F',
      '\uFFA0',
      '\u2800',
      '\u034F',
      '\u{E0041}',
    ]) {
      const params = new URLSearchParams({ m: 'mutual-support-basics', c: 'A', note: `a${ch}b` });
      expect(parseAssignment(params.toString(), known), `U+${ch.charCodeAt(0).toString(16)}`).toMatchObject({
        ok: false,
        errors: [expect.stringMatching(/invisible or text-direction/)],
      });
    }
  });

  it('refuses at creation a note that would make the link longer than the landing page accepts', () => {
    const note = '日'.repeat(LIMITS.note); // 280 characters, 9 characters each in a link
    const a = { ...good, note };
    const errors = validateAssignment(a, known, { today });
    expect(errors).toEqual([expect.stringMatching(/would be \d+ characters long, over the 2000/)]);
    // What the trainer page accepts, the landing page opens.
    const fits = { ...good, note: 'é'.repeat(100) };
    expect(validateAssignment(fits, known, { today })).toEqual([]);
    expect(parseAssignment(`?${assignmentQuery(fits)}`, known)).toEqual({ ok: true, assignment: fits });
  });

  it('refuses a due date in the past at creation; the landing page opens it and calls it overdue', () => {
    const old = { ...good, due: '1900-01-01' };
    expect(validateAssignment(old, known, { today })).toEqual(['The due date is in the past. Choose today or a later date.']);
    expect(validateAssignment({ ...good, due: today }, known, { today })).toEqual([]);
    expect(parseAssignment(`?${assignmentQuery(old)}`, known).ok).toBe(true);
    expect(isOverdue('1900-01-01', today)).toBe(true);
    expect(isOverdue(today, today)).toBe(false);
  });

  it('says what is wrong with a link edited by hand: a parameter twice, a yes/no option with another value', () => {
    expect(parseAssignment('m=mutual-support-basics&c=A&c=B', known)).toEqual({ ok: false, errors: ['The link has "c=" more than once.'] });
    expect(parseAssignment('m=mutual-support-basics&m=referrals-that-work&c=A', known)).toEqual({ ok: false, errors: ['The link has "m=" more than once.'] });
    expect(parseAssignment('m=mutual-support-basics&c=A&then=true&fk=yes', known)).toEqual({
      ok: false,
      errors: [
        'The link\'s "then=" can only be 1 (ask the questions looking back) or 0.',
        'The link\'s "fk=" can only be 1 (knowledge questions at the follow-up) or 0.',
      ],
    });
    expect(parseAssignment('m=mutual-support-basics&c=A&then=0&fk=0', known)).toEqual({
      ok: true,
      assignment: { modules: ['mutual-support-basics'], cohort: 'A', due: null, note: null, ...options },
    });
  });

  it('carries the then-test and follow-up options, within 30–180 days', () => {
    const a = { ...good, then: true, followUpDays: 45, followUpKnowledge: true };
    expect(parseAssignment(`?${assignmentQuery(a)}`, known)).toEqual({ ok: true, assignment: a });
    for (const fu of ['29', '181', 'abc', '90.5']) {
      expect(parseAssignment(`m=mutual-support-basics&c=A&fu=${fu}`, known)).toMatchObject({
        ok: false,
        errors: [expect.stringMatching(/between 30 and 180 days/)],
      });
    }
  });
});

describe('remembered assignments', () => {
  it('makes the unit the most recent assignment that includes the module, with its options', () => {
    const defaults = { thenTest: false, followUpDays: 90, followUpKnowledge: false };
    let stored = rememberAssignment(emptyAssignments(), { ...good, then: true, followUpDays: 30 }, new Date('2026-01-01'));
    expect(unitOf(stored, 'mutual-support-basics', defaults)).toEqual({
      modules: ['referrals-that-work', 'mutual-support-basics'],
      cohort: 'North team 2026',
      due: '2026-12-31',
      options: { thenTest: true, followUpDays: 30, followUpKnowledge: false },
    });
    expect(unitOf(stored, 'knowing-the-landscape', defaults)).toEqual({ modules: ['knowing-the-landscape'], cohort: null, due: null, options: defaults });
    stored = rememberAssignment(stored, { ...good, modules: ['mutual-support-basics'], cohort: 'Solo' }, new Date('2026-02-01'));
    expect(unitOf(stored, 'mutual-support-basics', defaults).modules).toEqual(['mutual-support-basics']);
  });

  it('reads assignments stored before the options existed, with their defaults', () => {
    const old = JSON.stringify({ version: 1, list: [{ modules: ['m'], cohort: 'A', due: null, note: null, openedAt: '2026-01-01T00:00:00.000Z' }] });
    expect(readAssignments(old).state.list[0]).toMatchObject({ then: false, followUpDays: null, followUpKnowledge: false });
  });

  it('gives the cohort of the most recent assignment that includes a module', () => {
    let stored = rememberAssignment(emptyAssignments(), { ...good, cohort: 'Old' }, new Date('2026-01-01'));
    stored = rememberAssignment(stored, { ...good, modules: ['mutual-support-basics'], cohort: 'New' }, new Date('2026-02-01'));
    expect(cohortFor(stored, 'mutual-support-basics')).toBe('New');
    expect(cohortFor(stored, 'referrals-that-work')).toBe('Old');
    expect(cohortFor(stored, 'knowing-the-landscape')).toBeNull();
  });
  it('reads damaged stored data as empty instead of failing', () => {
    const damaged = 'the list of assignment links opened in this browser could not be read';
    expect(readAssignments('{oops')).toEqual({ state: emptyAssignments(), problem: damaged });
    expect(readAssignments('garbage')).toEqual({ state: emptyAssignments(), problem: damaged });
    expect(readAssignments('[1,2]')).toEqual({ state: emptyAssignments(), problem: damaged });
    const partly = readAssignments(JSON.stringify({ version: 1, list: [{ cohort: 'A', modules: ['x'], openedAt: 'now' }, { bad: true }] }));
    expect(partly.state.list).toHaveLength(1);
    expect(partly.problem).toBe(damaged);
    // Nothing stored yet, or a list read whole, is no problem.
    expect(readAssignments(null)).toEqual({ state: emptyAssignments(), problem: null });
    expect(readAssignments(JSON.stringify(partly.state)).problem).toBeNull();
  });
});
