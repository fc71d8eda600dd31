// The module overview's words on questionnaires and progress, for a module alone and for each position in a
// trainer's assignment of several modules (first, middle, last).
import { describe, expect, it } from 'vitest';
import { emptyPhase, type Attempt, type Phase } from '../../../src/lib/learner/learner-state.ts';
import { progressText, questionnaireText, unitItemCount } from '../../../src/lib/learner/overview-text.ts';

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
