import { describe, expect, it } from 'vitest';
import { emptyState } from '../../../src/lib/learner/learner-state.ts';
import { LockedError, setDemographic, setParticipant, setResponse, startNewAttempt, withAttempt, type Clock } from '../../../src/lib/learner/progress.ts';
import { completePhase, NotReadyError, type CompletionContext } from '../../../src/lib/learner/submit.ts';
import { checksumMatches } from '../../../src/lib/records/result-record.ts';

function fakeClock(): Clock {
  let t = Date.parse('2026-11-26T10:00:00Z');
  let n = 0;
  return { now: () => new Date((t += 60_000)), id: () => `attempt-${++n}` };
}
const ctx = (timepoint: 'pre' | 'post'): CompletionContext => ({
  moduleId: 'm1',
  timepoint,
  instrument: { id: 'tiny', version: '1.0.0', hash: 'b'.repeat(64) },
  itemIds: ['a', 'b', 'c'],
  demographicIds: ['discipline', 'setting'],
  appVersion: '0.1.0',
});

describe('answering and submitting', () => {
  it('saves answers and demographics, then freezes them into a signed record with nulls for gaps', () => {
    const clock = fakeClock();
    let s = setParticipant(emptyState(), 'MA-07-SA-2', { parent: 'ma' });
    s = setResponse(s, 'm1', 'pre', 'a', 4, clock);
    s = setResponse(s, 'm1', 'pre', 'b', 2, clock);
    s = setResponse(s, 'm1', 'pre', 'b', 3, clock);
    s = setDemographic(s, 'm1', 'discipline', 'nurse', clock);
    s = completePhase(s, ctx('pre'), clock);
    const record = s.modules.m1!.current.pre.record!;
    expect(record).toMatchObject({
      participant: 'MA-07-SA-2',
      timepoint: 'pre',
      module: 'm1',
      responses: { a: 4, b: 3, c: null },
      demographics: { discipline: 'nurse', setting: null },
    });
    expect(checksumMatches(record)).toBe(true);
    expect(Date.parse(record.startedAt)).toBeLessThan(Date.parse(record.completedAt));
  });

  it('locks a submitted questionnaire and the demographics with it', () => {
    const clock = fakeClock();
    let s = setParticipant(emptyState(), 'MA-07-SA-2', {});
    s = completePhase(setResponse(s, 'm1', 'pre', 'a', 4, clock), ctx('pre'), clock);
    expect(() => setResponse(s, 'm1', 'pre', 'a', 5, clock)).toThrow(LockedError);
    expect(() => setDemographic(s, 'm1', 'discipline', 'nurse', clock)).toThrow(LockedError);
    expect(setResponse(s, 'm1', 'post', 'a', 5, clock).modules.m1!.current.post.responses).toEqual({ a: 5 });
  });

  it('needs a participant code, and the pre before the post', () => {
    const clock = fakeClock();
    expect(() => completePhase(emptyState(), ctx('pre'), clock)).toThrow(NotReadyError);
    const s = setParticipant(emptyState(), 'MA-07-SA-2', {});
    expect(() => completePhase(s, ctx('post'), clock)).toThrow(/pre-questionnaire comes first/);
  });

  it('carries demographics asked once into the post record too', () => {
    const clock = fakeClock();
    let s = setParticipant(emptyState(), 'MA-07-SA-2', {});
    s = setDemographic(s, 'm1', 'discipline', 'nurse', clock);
    s = completePhase(s, ctx('pre'), clock);
    s = completePhase(s, ctx('post'), clock);
    expect(s.modules.m1!.current.post.record!.demographics).toEqual({ discipline: 'nurse', setting: null });
  });
});

describe('starting again', () => {
  it('archives the finished attempt with its records and lesson activity', () => {
    const clock = fakeClock();
    let s = setParticipant(emptyState(), 'MA-07-SA-2', {});
    s = completePhase(completePhase(s, ctx('pre'), clock), ctx('post'), clock);
    const finished = s.modules.m1!.current;
    const activity = { visited: ['01-a'], checks: { q: 1 }, lastPath: '/x/' };
    s = startNewAttempt(s, 'm1', clock, activity);
    expect(s.modules.m1!.archived).toEqual([{ ...finished, activity }]);
    expect(s.modules.m1!.current.pre.record).toBeNull();
    expect(s.modules.m1!.current.id).not.toBe(finished.id);
  });

  it('does not archive an untouched attempt', () => {
    const clock = fakeClock();
    const [s] = withAttempt(emptyState(), 'm1', clock);
    expect(startNewAttempt(s, 'm1', clock).modules.m1!.archived).toEqual([]);
  });

  it('gives a new code to attempts not yet submitted, and keeps the code of submitted records', () => {
    const clock = fakeClock();
    let s = setParticipant(emptyState(), 'MA-07-SA-2', {});
    s = completePhase(s, ctx('pre'), clock);
    [s] = withAttempt(s, 'm2', clock);
    s = setParticipant(s, 'MB-07-SA-2', {});
    expect(s.modules.m1!.current.participant).toBe('MA-07-SA-2');
    expect(s.modules.m2!.current.participant).toBe('MB-07-SA-2');
  });
});
