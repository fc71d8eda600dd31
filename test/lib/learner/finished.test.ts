// Which attempt a module's results and certificate pages show: the page's unit's, else the one that
// finished the module under another unit (the module on its own before a trainer's link, say).
import { describe, expect, it } from 'vitest';
import { finishedAttemptFor, postStepOf } from '../../../src/lib/learner/finished.ts';
import type { LearnerState, Phase } from '../../../src/lib/learner/learner-state.ts';
import { attemptOf, CODE, submittedPhase } from '../../fixtures/learner/attempts.ts';

const done = submittedPhase;
const attempt = (modules: string[], steps: Record<string, Phase>) => attemptOf(modules, '2026-10-01T09:00:00Z', steps);
const unit = (modules: string[], steps: Record<string, Phase>) => ({ archived: [], current: attempt(modules, steps) });

describe('postStepOf', () => {
  it("is the unit's questionnaire after the last module, else the module's own questions after its lessons", () => {
    expect(postStepOf(['a'], 'a')).toBe('post');
    expect(postStepOf(['a', 'b'], 'b')).toBe('post');
    expect(postStepOf(['a', 'b'], 'a')).toBe('post:a');
  });
});

describe('finishedAttemptFor', () => {
  const units: LearnerState['units'] = {
    a: unit(['a'], { pre: done('2026-10-01T09:10:00Z'), post: done('2026-10-01T10:00:00Z') }),
    'a+b': unit(['a', 'b'], { pre: done('2026-11-01T09:10:00Z') }),
    'c+a': unit(['c', 'a'], { pre: done('2026-10-05T09:10:00Z'), 'post:c': done('2026-10-05T10:00:00Z'), post: done('2026-10-06T10:00:00Z') }),
    // Listed after the later finish, so that "latest" cannot be "last in the list".
    'a+d': unit(['a', 'd'], { pre: done('2026-09-01T09:10:00Z'), 'post:a': done('2026-09-02T10:00:00Z') }),
    b: unit(['b'], { pre: done('2026-12-01T09:10:00Z'), post: done('2026-12-01T10:00:00Z') }),
  };
  const learner = { participant: { code: CODE, answers: {} }, units };

  it("takes the page's unit's attempt once it has finished the module there", () => {
    expect(finishedAttemptFor(learner, 'a', 'a')).toMatchObject({ unitId: 'a' });
    expect(finishedAttemptFor(learner, 'c', 'c+a')).toMatchObject({ unitId: 'c+a' });
  });

  it('else the latest attempt that finished the module under another unit, never one without the module', () => {
    // a+b has not finished a: of "a" alone, "c+a" and "a+d", the latest finish.
    expect(finishedAttemptFor(learner, 'a', 'a+b')).toMatchObject({ unitId: 'c+a' });
    // b is finished only on its own (not in a+b, whose post it has not reached).
    expect(finishedAttemptFor(learner, 'b', 'a+b')).toMatchObject({ unitId: 'b' });
    expect(finishedAttemptFor(learner, 'd', 'd')).toBeNull();
    expect(finishedAttemptFor({ ...learner, units: { 'a+b': units['a+b']! } }, 'a', 'a+b')).toBeNull();
  });

  it("never shows an attempt kept when starting again, nor one finished under another participant's code", () => {
    const kept = {
      archived: [attemptOf(['a'], '2026-10-01T09:00:00Z', { pre: done('2026-10-01T09:10:00Z'), post: done('2026-10-01T10:00:00Z') })],
      current: attemptOf(['a'], '2026-10-02T09:00:00Z', {}),
    };
    expect(finishedAttemptFor({ ...learner, units: { a: kept, 'a+b': units['a+b']! } }, 'a', 'a+b')).toBeNull();
    // Someone else in the same browser, under their own code: the first person's finished module is theirs.
    const other = unit(['a'], { pre: submittedPhase('2026-10-01T09:10:00Z', 'JO-11-KL-4'), post: submittedPhase('2026-10-01T10:00:00Z', 'JO-11-KL-4') });
    expect(finishedAttemptFor({ ...learner, units: { a: other, 'a+b': units['a+b']! } }, 'a', 'a+b')).toBeNull();
    expect(finishedAttemptFor({ participant: null, units: { a: units.a!, 'a+b': units['a+b']! } }, 'a', 'a+b')).toBeNull();
  });
});
