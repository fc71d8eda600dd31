// The module overview's words on questionnaires and progress, for a module alone and for each position in a
// trainer's assignment of several modules (first, middle, last).
import { describe, expect, it } from 'vitest';
import { emptyPhase, type Attempt, type LearnerState, type Phase } from '../../../src/lib/learner/learner-state.ts';
import { archiveEntries, progressText, questionnaireText, unitItemCount } from '../../../src/lib/learner/overview-text.ts';
import { attemptOf, submittedPhase } from '../../fixtures/learner/attempts.ts';

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

describe('archiveEntries', () => {
  const submitted = submittedPhase;
  const attempt = attemptOf;
  const units: LearnerState['units'] = {
    // Module a on its own: started twice the same day (both questionnaires the first time, the first only
    // the second), then a third time, with nothing submitted yet.
    a: {
      archived: [
        attempt(['a'], '2026-10-01T09:00:00Z', { pre: submitted('2026-10-01T09:10:00Z'), post: submitted('2026-10-01T10:00:00Z') }),
        attempt(['a'], '2026-10-01T14:30:00Z', { pre: submitted('2026-10-01T14:40:00Z') }),
      ],
      current: attempt(['a'], '2026-11-01T09:00:00Z', {}),
    },
    // The trainer's link for a and b, opened later, with an earlier attempt and a copy kept after a disagreement.
    'a+b': {
      archived: [
        attempt(['a', 'b'], '2026-11-05T09:00:00Z', { pre: submitted('2026-11-05T09:10:00Z') }),
        attempt(
          ['a', 'b'],
          '2026-11-05T09:00:00Z',
          { pre: submitted('2026-11-05T09:20:00Z') },
          { keptAt: '2026-11-06T08:00:00Z', reason: 'two tabs disagreed (pre)' },
        ),
      ],
      current: attempt(['a', 'b'], '2026-11-20T09:00:00Z', { pre: submitted('2026-11-20T09:10:00Z') }),
    },
    // Another link with c, a and d, on the same day as one of a's own: one questionnaire submitted.
    'c+a+d': { archived: [], current: attempt(['c', 'a', 'd'], '2026-10-01T09:00:00Z', { pre: submitted('2026-10-01T09:10:00Z') }) },
    // A unit without module a.
    b: { archived: [], current: attempt(['b'], '2026-08-01T09:00:00Z', { pre: submitted('2026-08-01T09:10:00Z') }) },
  };
  const entries = (moduleId: string, unitId: string) => archiveEntries(units, moduleId, unitId).map((e) => [e.unitId, e.text, e.button]);

  it("lists the unit's own earlier attempts first, as numbered, then the module's attempts under other units, oldest first", () => {
    expect(entries('a', 'a+b')).toEqual([
      ['a+b', 'Attempt 1, started 2026-11-05: 1 questionnaire submitted.', 'Download attempt 1'],
      ['a+b', 'Copy kept on 2026-11-06 08:00 UTC because two tabs disagreed (pre).', 'Download the copy kept on 2026-11-06 08:00 UTC'],
      ['a', 'On its own, started 2026-10-01 09:00 UTC: 2 questionnaires submitted.', 'Download the attempt started 2026-10-01 09:00 UTC (on its own)'],
      [
        'c+a+d',
        'In an assignment of 3 modules, started 2026-10-01 09:00 UTC: 1 questionnaire submitted.',
        'Download the attempt started 2026-10-01 09:00 UTC (assignment of 3 modules)',
      ],
      ['a', 'On its own, started 2026-10-01 14:30 UTC: 1 questionnaire submitted.', 'Download the attempt started 2026-10-01 14:30 UTC (on its own)'],
    ]);
  });

  it("gives every download button words of its own; the module alone lists the assignments' attempts, and their copies", () => {
    const buttons = archiveEntries(units, 'a', 'a+b').map((e) => e.button);
    expect(new Set(buttons).size).toBe(buttons.length);
    expect(entries('a', 'a').slice(2)).toEqual([
      [
        'c+a+d',
        'In an assignment of 3 modules, started 2026-10-01 09:00 UTC: 1 questionnaire submitted.',
        'Download the attempt started 2026-10-01 09:00 UTC (assignment of 3 modules)',
      ],
      [
        'a+b',
        'In an assignment of 2 modules, started 2026-11-05 09:00 UTC: 1 questionnaire submitted.',
        'Download the attempt started 2026-11-05 09:00 UTC (assignment of 2 modules)',
      ],
      [
        'a+b',
        'Copy kept on 2026-11-06 08:00 UTC because two tabs disagreed (pre); the module in an assignment of 2 modules.',
        'Download the copy kept on 2026-11-06 08:00 UTC (assignment of 2 modules)',
      ],
      [
        'a+b',
        'In an assignment of 2 modules, started 2026-11-20 09:00 UTC: 1 questionnaire submitted.',
        'Download the attempt started 2026-11-20 09:00 UTC (assignment of 2 modules)',
      ],
    ]);
    expect(entries('e', 'e')).toEqual([]);
    expect(archiveEntries({}, 'a', 'a')).toEqual([]);
  });

  it('numbers the buttons of copies kept in one merge, which share their time', () => {
    const kept = { keptAt: '2026-11-06T08:00:00Z', reason: 'two tabs disagreed' };
    const copies: LearnerState['units'] = {
      a: {
        archived: [
          attempt(['a'], '2026-11-01T09:00:00Z', { pre: submitted('2026-11-01T09:10:00Z') }, kept),
          attempt(['a'], '2026-11-02T09:00:00Z', { pre: submitted('2026-11-02T09:10:00Z') }, kept),
        ],
        current: attempt(['a'], '2026-11-07T09:00:00Z', {}),
      },
    };
    expect(archiveEntries(copies, 'a', 'a').map((e) => e.button)).toEqual([
      'Download the copy kept on 2026-11-06 08:00 UTC',
      'Download the copy kept on 2026-11-06 08:00 UTC (2)',
    ]);
  });

  it('offers no download for an earlier attempt of the unit with nothing submitted, and leaves out such attempts of other units', () => {
    const empty: LearnerState['units'] = {
      a: { archived: [attempt(['a'], '2026-10-01T09:00:00Z', {})], current: attempt(['a'], '2026-10-02T09:00:00Z', {}) },
      'a+b': { archived: [], current: attempt(['a', 'b'], '2026-10-03T09:00:00Z', {}) },
    };
    expect(archiveEntries(empty, 'a', 'a').map((e) => [e.text, e.button])).toEqual([['Attempt 1, started 2026-10-01: 0 questionnaires submitted.', null]]);
  });
});
