// Which attempt a module's results and certificate pages show: the page's unit's, else the one that
// finished the module under another unit (the module on its own before a trainer's link, say).
import { describe, expect, it } from 'vitest';
import { finishedAttemptFor, postStepOf } from '../../../src/lib/learner/finished.ts';
import type { LearnerState, Phase } from '../../../src/lib/learner/learner-state.ts';
import { attemptOf, submittedPhase } from '../../fixtures/learner/attempts.ts';

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
    b: unit(['b'], { pre: done('2026-12-01T09:10:00Z'), post: done('2026-12-01T10:00:00Z') }),
  };

  it("takes the page's unit's attempt once it has finished the module there", () => {
    expect(finishedAttemptFor(units, 'a', 'a')).toMatchObject({ unitId: 'a', elsewhere: false, finishedAt: '2026-10-01T10:00:00Z' });
    expect(finishedAttemptFor(units, 'c', 'c+a')).toMatchObject({ unitId: 'c+a', elsewhere: false, finishedAt: '2026-10-05T10:00:00Z' });
  });

  it('else the latest attempt that finished the module under another unit, never one without the module', () => {
    // a+b has not finished a: of "a" alone and "c+a", the later finish.
    expect(finishedAttemptFor(units, 'a', 'a+b')).toMatchObject({ unitId: 'c+a', elsewhere: true, finishedAt: '2026-10-06T10:00:00Z' });
    // b is finished only on its own (not in a+b, whose post it has not reached).
    expect(finishedAttemptFor(units, 'b', 'a+b')).toMatchObject({ unitId: 'b', elsewhere: true });
    expect(finishedAttemptFor(units, 'd', 'd')).toBeNull();
    expect(finishedAttemptFor({ 'a+b': units['a+b']! }, 'a', 'a+b')).toBeNull();
  });
});
