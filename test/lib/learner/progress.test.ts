import { describe, expect, it } from 'vitest';
import { emptyState, type LearnerState } from '../../../src/lib/learner/learner-state.ts';
import { forgetCodeAnswers, holdsCodeAnswers, setParticipant } from '../../../src/lib/learner/participant.ts';
import { contextConflict, retagAttempt, startNewAttempt } from '../../../src/lib/learner/attempts.ts';
import {
  LockedError,
  setDemographic,
  setKnowledgeAnswer,
  setResponse,
  StaleAttemptError,
  withAttempt,
  type AttemptContext,
  type Clock,
} from '../../../src/lib/learner/progress.ts';
import { NotReadyError, type StepSubmission } from '../../../src/lib/learner/submit.ts';
import { completeSteps } from '../../../src/lib/learner/submit-sync.ts';
import { followUpDue, followUpStatus, followUpStep, prerequisiteOf, stepFor, THEN_STEP } from '../../../src/lib/learner/steps.ts';
import { checksumMatches } from '../../../src/lib/records/sign.ts';

function fakeClock(): Clock {
  let t = Date.parse('2026-11-26T10:00:00Z');
  let n = 0;
  return { now: () => new Date((t += 60_000)), id: () => `attempt-${++n}` };
}
const instrument = { id: 'tiny', version: '1.0.0', hash: 'b'.repeat(64) };
const context = (overrides: Partial<AttemptContext['options']> = {}, cohort: string | null = null): AttemptContext => ({
  cohort,
  options: { thenTest: false, followUpDays: 90, followUpKnowledge: false, ...overrides },
});

function start(modules: string[], ctx = context()): { state: LearnerState; clock: Clock; unit: string; id: string } {
  const clock = fakeClock();
  const [state, attempt] = withAttempt(setParticipant(emptyState(), 'MA-07-SA-2'), modules, clock, ctx);
  return { state, clock, unit: modules.join('+'), id: attempt.id };
}

function submit(state: LearnerState, unit: string, clock: Clock, subs: StepSubmission[], demographicIds: string[] = []) {
  const attempt = state.units[unit]!.current;
  return completeSteps(state, { unitId: unit, attemptId: attempt.id, instrument, demographicIds, appVersion: '0.1.0', submissions: subs }, clock);
}
const sub = (
  state: LearnerState,
  unit: string,
  moduleId: string,
  page: 'pre' | 'post',
  itemIds = ['a', 'b', 'c'],
  knowledgeIds: string[] = [],
): StepSubmission => ({
  step: stepFor(state.units[unit]!.current, moduleId, page),
  itemIds: stepFor(state.units[unit]!.current, moduleId, page).instrument ? itemIds : [],
  knowledgeIds,
  knowledgeHashes: knowledgeIds.length ? { m1: 'a'.repeat(64) } : {},
});

describe('answering and submitting one module', () => {
  it('saves answers and demographics, then freezes them into a signed format 2 record with nulls for gaps', () => {
    let { state: s, clock, unit, id } = start(['m1']);
    s = setResponse(s, unit, id, 'pre', 'a', 4, clock);
    s = setResponse(s, unit, id, 'pre', 'b', 2, clock);
    s = setResponse(s, unit, id, 'pre', 'b', 3, clock);
    s = setKnowledgeAnswer(s, unit, id, 'pre', 'msb-k1', 2, clock);
    s = setDemographic(s, unit, id, 'discipline', 'nurse');
    s = submit(s, unit, clock, [sub(s, unit, 'm1', 'pre', ['a', 'b', 'c'], ['msb-k1', 'msb-k2'])], ['discipline', 'setting']);
    const record = s.units.m1!.current.steps.pre!.record!;
    expect(record).toMatchObject({
      formatVersion: 2,
      participant: 'MA-07-SA-2',
      timepoint: 'pre',
      module: 'm1',
      modules: ['m1'],
      responses: { a: 4, b: 3, c: null },
      knowledge: { 'msb-k1': 2, 'msb-k2': null },
      knowledgeHashes: { m1: 'a'.repeat(64) },
      demographics: { discipline: 'nurse', setting: null },
    });
    expect(checksumMatches(record)).toBe(true);
    expect(Date.parse(record.startedAt)).toBeLessThan(Date.parse(record.completedAt));
  });

  it('locks a submitted questionnaire and the demographics with it', () => {
    let { state: s, clock, unit, id } = start(['m1']);
    s = submit(setResponse(s, unit, id, 'pre', 'a', 4, clock), unit, clock, [sub(s, unit, 'm1', 'pre')]);
    expect(() => setResponse(s, unit, id, 'pre', 'a', 5, clock)).toThrow(LockedError);
    expect(() => setKnowledgeAnswer(s, unit, id, 'pre', 'k', 1, clock)).toThrow(LockedError);
    expect(() => setDemographic(s, unit, id, 'discipline', 'nurse')).toThrow(LockedError);
    expect(setResponse(s, unit, id, 'post', 'a', 5, clock).units.m1!.current.steps.post!.responses).toEqual({ a: 5 });
  });

  it('needs a participant code, and the pre before the post', () => {
    const clock = fakeClock();
    const [noCode] = withAttempt(emptyState(), ['m1'], clock);
    expect(() => submit(noCode, 'm1', clock, [sub(noCode, 'm1', 'm1', 'pre')])).toThrow(NotReadyError);
    const { state } = start(['m1']);
    expect(() => submit(state, 'm1', clock, [sub(state, 'm1', 'm1', 'post')])).toThrow(/before the lessons comes first/);
  });

  it('refuses an answer for an attempt that another tab has replaced, instead of writing it into the new one', () => {
    let { state: s, clock, unit, id } = start(['m1']);
    s = setResponse(s, unit, id, 'pre', 'a', 4, clock);
    const restarted = startNewAttempt(s, ['m1'], clock);
    expect(() => setResponse(restarted, unit, id, 'pre', 'a', 2, clock)).toThrow(StaleAttemptError);
    expect(restarted.units.m1!.archived[0]!.steps.pre!.responses).toEqual({ a: 4 });
  });

  it('carries demographics asked once into every later record', () => {
    let { state: s, clock, unit, id } = start(['m1']);
    s = setDemographic(s, unit, id, 'discipline', 'nurse');
    s = submit(s, unit, clock, [sub(s, unit, 'm1', 'pre')], ['discipline']);
    s = submit(s, unit, clock, [sub(s, unit, 'm1', 'post')], ['discipline']);
    expect(s.units.m1!.current.steps.post!.record!.demographics).toEqual({ discipline: 'nurse' });
  });

  it('keeps only the code once it is made, and forgets the answers a state saved by an earlier version kept', () => {
    const old: LearnerState = {
      ...emptyState(),
      codeDraft: { parent: 'Ma' },
      participant: { code: 'MA-07-SA-2', answers: { parent: 'Maria', town: 'Salta' } },
    };
    expect(holdsCodeAnswers(old)).toBe(true);
    const made = setParticipant(old, 'MA-07-SA-2');
    expect(made.codeDraft).toEqual({});
    expect(made.participant).toEqual({ code: 'MA-07-SA-2', answers: {} });
    expect(JSON.stringify(made)).not.toMatch(/Ma"|Maria|Salta/);
    const forgotten = forgetCodeAnswers(old);
    expect(holdsCodeAnswers(forgotten)).toBe(false);
    expect(forgotten.participant).toEqual({ code: 'MA-07-SA-2', answers: {} });
    expect(JSON.stringify(forgotten)).not.toMatch(/Ma"|Maria|Salta/);
    expect(forgetCodeAnswers({ ...old, participant: null }).participant).toBeNull();
  });
});

describe('one questionnaire per assignment, knowledge questions per module', () => {
  it("asks the instrument before the first module and after the last, and each module's knowledge with its lessons", () => {
    const { state } = start(['m1', 'm2', 'm3']);
    const attempt = state.units['m1+m2+m3']!.current;
    expect(stepFor(attempt, 'm1', 'pre')).toMatchObject({ id: 'pre', instrument: true, demographics: true, knowledge: ['m1'] });
    expect(stepFor(attempt, 'm1', 'post')).toMatchObject({ id: 'post:m1', instrument: false, knowledge: ['m1'] });
    expect(stepFor(attempt, 'm2', 'pre')).toMatchObject({ id: 'pre:m2', instrument: false, knowledge: ['m2'] });
    expect(stepFor(attempt, 'm3', 'post')).toMatchObject({ id: 'post', instrument: true, knowledge: ['m3'] });
    expect(prerequisiteOf(attempt, 'pre:m2')).toBe('post:m1');
    expect(prerequisiteOf(attempt, 'post')).toBe('pre:m3');
    expect(prerequisiteOf(attempt, 'post:m1')).toBe('pre');
    expect(() => stepFor(attempt, 'm9', 'pre')).toThrow(/not part of this unit/);
  });

  it('records every step under the unit id, so pre and post match across modules', () => {
    let { state: s, clock, unit } = start(['m1', 'm2'], context({ thenTest: true }));
    s = submit(s, unit, clock, [sub(s, unit, 'm1', 'pre', ['a'], ['m1-k1'])]);
    s = submit(s, unit, clock, [sub(s, unit, 'm1', 'post', ['a'], ['m1-k1'])]);
    expect(() => submit(s, unit, clock, [sub(s, unit, 'm2', 'post', ['a'], ['m2-k1'])])).toThrow(NotReadyError);
    s = submit(s, unit, clock, [sub(s, unit, 'm2', 'pre', ['a'], ['m2-k1'])]);
    const post = sub(s, unit, 'm2', 'post', ['a'], ['m2-k1']);
    expect(post.step.thenBlock).toBe(true);
    s = submit(s, unit, clock, [post, { step: THEN_STEP, itemIds: ['a'], knowledgeIds: [], knowledgeHashes: {} }]);
    const steps = s.units[unit]!.current.steps;
    expect(Object.keys(steps).sort()).toEqual(['post', 'post:m1', 'pre', 'pre:m2', 'then']);
    for (const phase of Object.values(steps)) expect(phase.record).toMatchObject({ module: 'm1+m2', modules: ['m1', 'm2'] });
    expect(steps['post:m1']!.record).toMatchObject({ timepoint: 'post', responses: {}, knowledge: { 'm1-k1': null } });
    expect(steps.then!.record).toMatchObject({ timepoint: 'then', responses: { a: null }, knowledge: {} });
  });

  it('makes the follow-up due the given number of days after the questionnaire after', () => {
    let { state: s, clock, unit } = start(['m1'], context({ followUpDays: 30, followUpKnowledge: true }));
    s = submit(s, unit, clock, [sub(s, unit, 'm1', 'pre')]);
    const attempt0 = s.units.m1!.current;
    expect(followUpStatus(attempt0, new Date('2030-01-01'))).toBe('none');
    s = submit(s, unit, clock, [sub(s, unit, 'm1', 'post')]);
    const attempt = s.units.m1!.current;
    const due = followUpDue(attempt)!;
    expect(due.getTime() - Date.parse(attempt.steps.post!.completedAt!)).toBe(30 * 86_400_000);
    expect(followUpStatus(attempt, new Date(due.getTime() - 1))).toBe('not-yet');
    expect(followUpStatus(attempt, due)).toBe('due');
    expect(followUpStep(attempt)).toMatchObject({ id: 'followup', timepoint: 'followup', knowledge: ['m1'] });
    s = submit(s, unit, clock, [{ step: followUpStep(attempt), itemIds: ['a'], knowledgeIds: [], knowledgeHashes: {} }]);
    expect(followUpStatus(s.units.m1!.current, due)).toBe('done');
  });
});

describe('cohorts and starting again', () => {
  it('never changes the cohort of an attempt under way on its own; it reports the conflict for the page to ask', () => {
    let { state: s, clock, unit, id } = start(['m1'], context({}, 'North'));
    expect(contextConflict(s, unit, context({}, 'South'))).toBeNull(); // nothing under way yet
    s = setResponse(s, unit, id, 'pre', 'a', 3, clock);
    expect(withAttempt(s, ['m1'], clock, context({}, 'South'))[1].cohort).toBe('North');
    expect(contextConflict(s, unit, context({}, 'South'))).toEqual({ cohort: 'North' });
    expect(retagAttempt(s, unit, 'South').units.m1!.current.cohort).toBe('South');
    s = submit(s, unit, clock, [sub(s, unit, 'm1', 'pre')]);
    expect(() => retagAttempt(s, unit, 'South')).toThrow(LockedError);
  });

  it('archives the finished attempt with its records and lesson activity', () => {
    let { state: s, clock, unit } = start(['m1']);
    s = submit(s, unit, clock, [sub(s, unit, 'm1', 'pre')]);
    s = submit(s, unit, clock, [sub(s, unit, 'm1', 'post')]);
    const finished = s.units.m1!.current;
    const activity = { m1: { visited: ['01-a'], checks: { q: 1 }, lastPath: '/x/' } };
    s = startNewAttempt(s, ['m1'], clock, activity, context({}, 'Next'));
    expect(s.units.m1!.archived).toEqual([{ ...finished, activity }]);
    expect(s.units.m1!.current.steps).toEqual({});
    expect(s.units.m1!.current.cohort).toBe('Next');
    expect(s.units.m1!.current.id).not.toBe(finished.id);
  });

  it('does not archive an attempt that was never touched', () => {
    const { state, clock } = start(['m1']);
    expect(startNewAttempt(state, ['m1'], clock).units.m1!.archived).toEqual([]);
  });
});
