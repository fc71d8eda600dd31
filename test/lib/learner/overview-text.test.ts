// The module overview's words on questionnaires and progress, for a module alone and for each position in a
// trainer's assignment of several modules (first, middle, last).
import { describe, expect, it } from 'vitest';
import { emptyPhase, type Attempt, type LearnerState, type Phase } from '../../../src/lib/learner/learner-state.ts';
import { attemptsElsewhere, progressText, questionnaireText, unitItemCount } from '../../../src/lib/learner/overview-text.ts';
import type { ResultRecord } from '../../../src/lib/records/result-record.ts';

describe('questionnaireText', () => {
  it('a module alone: two questionnaires, items and knowledge questions each time (the text the page always had)', () => {
    expect(questionnaireText(['a'], 'a', 34, 8)).toBe('two short questionnaires of 42 questions each');
  });

  it('in an assignment: the questionnaire before the first module and after the last, knowledge questions in each module', () => {
    const unit = ['a', 'b', 'c'];
    expect(questionnaireText(unit, 'a', 40, 8)).toBe(
      "the assignment's questionnaire (48 questions) before the lessons and 8 short knowledge questions after them",
    );
    expect(questionnaireText(unit, 'b', 40, 7)).toBe('7 short knowledge questions before the lessons and the same 7 after them');
    expect(questionnaireText(unit, 'c', 40, 5)).toBe(
      "5 short knowledge questions before the lessons and the assignment's questionnaire (45 questions) after them",
    );
    expect(questionnaireText(['a', 'c'], 'c', 40, 8)).toBe(
      "8 short knowledge questions before the lessons and the assignment's questionnaire (48 questions) after them",
    );
  });

  it('refuses a module that is not in the unit', () => {
    expect(() => questionnaireText(['a', 'b'], 'x', 40, 8)).toThrow(/module "x" is not part of this unit \(a, b\)/);
  });
});

describe('unitItemCount', () => {
  it("counts each item once across the unit's modules, and nothing for a module the page does not know", () => {
    const items = { a: [0, 1, 2, 3], b: [2, 3, 4], c: [5] };
    expect(unitItemCount(items, ['a'])).toBe(4);
    expect(unitItemCount(items, ['a', 'b'])).toBe(5);
    expect(unitItemCount(items, ['b', 'c', 'a'])).toBe(6);
    expect(unitItemCount(items, ['a', 'gone'])).toBe(4);
  });
});

describe('progressText', () => {
  const done: Phase = { ...emptyPhase(), completedAt: '2026-11-26T10:00:00Z' };
  const draft: Phase = { ...emptyPhase(), responses: { q1: 3 }, startedAt: '2026-11-26T09:00:00Z' };
  const attempt = (modules: string[], steps: Record<string, Phase>): Pick<Attempt, 'modules' | 'options' | 'steps'> => ({
    modules,
    options: { thenTest: false, followUpDays: null, followUpKnowledge: false },
    steps,
  });

  it('a module alone: started, answered the questions before the lessons, finished', () => {
    expect(progressText(undefined, 'a')).toBe('You have started this module.');
    expect(progressText(attempt(['a'], {}), 'a')).toBe('You have started this module.');
    // Answers not yet submitted are not "answered".
    expect(progressText(attempt(['a'], { pre: draft }), 'a')).toBe('You have started this module.');
    expect(progressText(attempt(['a'], { pre: done }), 'a')).toBe('You have answered the questions before the lessons.');
    expect(progressText(attempt(['a'], { pre: done, post: done }), 'a')).toBe('You have finished this module.');
  });

  it("in an assignment: each module by its own steps, not by the unit's", () => {
    const unit = ['a', 'b'];
    // The questionnaire before the first module says nothing about the second.
    expect(progressText(attempt(unit, { pre: done }), 'a')).toBe('You have answered the questions before the lessons.');
    expect(progressText(attempt(unit, { pre: done }), 'b')).toBe('You have started this module.');
    // The first module is finished with its own questions after the lessons, before the unit's questionnaire after the last.
    expect(progressText(attempt(unit, { pre: done, 'post:a': done }), 'a')).toBe('You have finished this module.');
    expect(progressText(attempt(unit, { pre: done, 'post:a': done, 'pre:b': done }), 'b')).toBe('You have answered the questions before the lessons.');
    expect(progressText(attempt(unit, { pre: done, 'post:a': done, 'pre:b': done, post: done }), 'b')).toBe('You have finished this module.');
  });

  it('an attempt of another unit says only that the module was started', () => {
    expect(progressText(attempt(['x', 'y'], { pre: done, post: done }), 'a')).toBe('You have started this module.');
  });
});

describe('attemptsElsewhere', () => {
  const submitted = (completedAt: string): Phase => ({
    ...emptyPhase(),
    completedAt,
    record: { completedAt, checksum: completedAt } as unknown as ResultRecord,
  });
  const attempt = (modules: string[], startedAt: string, steps: Record<string, Phase>, conflict?: Attempt['conflict']): Attempt => ({
    id: `${modules.join('+')}@${startedAt}`,
    startedAt,
    participant: null,
    cohort: null,
    instrument: null,
    modules,
    options: { thenTest: false, followUpDays: null, followUpKnowledge: false },
    demographics: {},
    steps,
    ...(conflict ? { conflict } : {}),
  });
  const units: LearnerState['units'] = {
    // Module a on its own: an earlier attempt with both questionnaires, then one with the first only.
    a: {
      archived: [attempt(['a'], '2026-10-01T09:00:00Z', { pre: submitted('2026-10-01T09:10:00Z'), post: submitted('2026-10-02T09:00:00Z') })],
      current: attempt(['a'], '2026-11-01T09:00:00Z', { pre: submitted('2026-11-01T09:10:00Z') }),
    },
    // The trainer's link for a and b, opened later: the page's unit.
    'a+b': { archived: [], current: attempt(['a', 'b'], '2026-11-20T09:00:00Z', { pre: submitted('2026-11-20T09:10:00Z') }) },
    // Another link with a, c and d: nothing submitted in its current attempt, and a copy kept after a disagreement.
    'c+a+d': {
      archived: [
        attempt(
          ['c', 'a', 'd'],
          '2026-09-01T09:00:00Z',
          { pre: submitted('2026-09-01T09:10:00Z') },
          { keptAt: '2026-09-03T10:00:00Z', reason: 'two tabs disagreed' },
        ),
      ],
      current: attempt(['c', 'a', 'd'], '2026-11-10T09:00:00Z', {}),
    },
    // A unit without module a.
    b: { archived: [], current: attempt(['b'], '2026-08-01T09:00:00Z', { pre: submitted('2026-08-01T09:10:00Z') }) },
  };

  it("lists, oldest first, every attempt with a submitted questionnaire of this module under another unit than the page's", () => {
    const listed = attemptsElsewhere(units, 'a', 'a+b');
    expect(listed.map((e) => [e.unitId, e.attempt.startedAt.slice(0, 10)])).toEqual([
      ['c+a+d', '2026-09-01'],
      ['a', '2026-10-01'],
      ['a', '2026-11-01'],
    ]);
    expect(listed.map((e) => e.text)).toEqual([
      'Copy kept on 2026-09-03 because two tabs disagreed (with 2 other modules, under another assignment).',
      'On its own, started 2026-10-01: 2 questionnaires submitted.',
      'On its own, started 2026-11-01: 1 questionnaire submitted.',
    ]);
    expect(listed.map((e) => e.button)).toEqual([
      'Download the copy of 2026-09-03 (another assignment)',
      'Download the attempt of 2026-10-01 (on its own)',
      'Download the attempt of 2026-11-01 (on its own)',
    ]);
  });

  it("leaves out the page's own unit, and lists the assignment's attempts on the module's page taken alone", () => {
    expect(attemptsElsewhere(units, 'a', 'a').map((e) => e.unitId)).toEqual(['c+a+d', 'a+b']);
    expect(attemptsElsewhere(units, 'a', 'a').at(-1)!.text).toBe(
      'With 1 other module, under another assignment, started 2026-11-20: 1 questionnaire submitted.',
    );
    expect(attemptsElsewhere(units, 'e', 'e')).toEqual([]);
    expect(attemptsElsewhere({}, 'a', 'a')).toEqual([]);
  });
});
