import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPTIONS,
  emptyState,
  lostRecords,
  mergeStates,
  newAttempt,
  readStoredState,
  STATE_VERSION,
  stateProblem,
  type LearnerState,
  type Migration,
} from '../../../src/lib/learner/learner-state.ts';
import { readActivity, mergeActivity } from '../../../src/lib/learner/activity.ts';
import { setResponse, type Clock } from '../../../src/lib/learner/progress.ts';
import { setParticipant } from '../../../src/lib/learner/participant.ts';
import type { CompletionContext } from '../../../src/lib/learner/submit.ts';
import { completeSteps } from '../../../src/lib/learner/submit-sync.ts';
import { stepFor } from '../../../src/lib/learner/steps.ts';

const now = new Date('2026-11-26T10:00:00Z');

function fakeClock(start = '2026-11-26T10:00:00Z'): Clock {
  let t = Date.parse(start);
  let n = 0;
  return { now: () => new Date((t += 60_000)), id: () => `attempt-${++n}` };
}

const stateWithAnswers = (): LearnerState => {
  const attempt = newAttempt(now, () => 'attempt-1', 'MA-07-SA-2', ['m1']);
  attempt.steps.pre = {
    responses: { 'att-12-helpful': 4 },
    knowledge: {},
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    completedAt: null,
    record: null,
  };
  return { ...emptyState(), participant: { code: 'MA-07-SA-2', answers: { parent: 'ma' } }, units: { m1: { current: attempt, archived: [] } } };
};

const submission = (state: LearnerState, page: 'pre' | 'post', items = ['a', 'b']): CompletionContext => {
  const attempt = state.units.m1!.current;
  return {
    unitId: 'm1',
    attemptId: attempt.id,
    instrument: { id: 'tiny', version: '1.0.0', hash: 'b'.repeat(64) },
    demographicIds: [],
    appVersion: '0.1.0',
    submissions: [{ step: stepFor(attempt, 'm1', page), itemIds: items, knowledgeIds: [], knowledgeHashes: {} }],
  };
};

describe('reading saved progress', () => {
  it('starts empty when nothing is stored', () => {
    expect(readStoredState(undefined)).toEqual({ status: 'empty', state: emptyState() });
    expect(readStoredState('')).toEqual({ status: 'empty', state: emptyState() });
  });

  it('round-trips a valid state', () => {
    const state = stateWithAnswers();
    expect(readStoredState(JSON.stringify(state))).toEqual({ status: 'ok', state });
  });

  it('reports damaged text, keeps the raw text, and falls back to an empty state', () => {
    const raw = JSON.stringify(stateWithAnswers()).slice(0, 40);
    const result = readStoredState(raw);
    expect(result).toMatchObject({ status: 'corrupt', raw, reason: expect.stringMatching(/not readable/), state: emptyState() });
  });

  it('reports valid JSON of the wrong shape, naming the part', () => {
    const state = stateWithAnswers() as any;
    state.units.m1.current.steps.pre.responses['att-12-helpful'] = 'four';
    expect(readStoredState(JSON.stringify(state))).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/unit m1: pre answers/) });
    expect(readStoredState('[1,2]')).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/no format version/) });
    expect(readStoredState(`{"version":${STATE_VERSION},"participant":null,"codeDraft":{}}`)).toMatchObject({
      status: 'corrupt',
      reason: expect.stringMatching(/units/),
    });
  });

  it('checks archived attempts and their lesson activity as strictly as the current one (one validator)', () => {
    const state = stateWithAnswers() as any;
    state.units.m1.archived = [{ ...state.units.m1.current, id: 'old', activity: { m1: { visited: [1], checks: {}, lastPath: null } } }];
    expect(stateProblem(state)).toBe('unit m1: attempt activity');
  });

  it('refuses data from a newer format instead of misreading it', () => {
    const result = readStoredState(JSON.stringify({ ...stateWithAnswers(), version: STATE_VERSION + 1 }));
    expect(result).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/newer version/) });
  });
});

describe('migrating older formats', () => {
  it('upgrades format 1 (attempts per module with pre/post) to units and steps, keeping every record', () => {
    const record = { checksum: 'c'.repeat(64), completedAt: '2026-11-01T10:00:00.000Z' };
    const v1 = {
      version: 1,
      participant: { code: 'MA-07-SA-2', answers: {} },
      modules: {
        m1: {
          current: {
            id: 'a2',
            startedAt: '2026-11-02T10:00:00.000Z',
            participant: 'MA-07-SA-2',
            cohort: 'C',
            instrument: null,
            demographics: { discipline: 'nurse' },
            pre: { responses: { x: 3 }, startedAt: '2026-11-02T10:00:00.000Z', completedAt: null, record: null },
            post: { responses: {}, startedAt: null, completedAt: null, record: null },
          },
          archived: [
            {
              id: 'a1',
              startedAt: '2026-11-01T09:00:00.000Z',
              participant: 'MA-07-SA-2',
              cohort: null,
              instrument: null,
              demographics: {},
              pre: { responses: { x: 2 }, startedAt: '2026-11-01T09:00:00.000Z', completedAt: '2026-11-01T10:00:00.000Z', record },
              post: { responses: {}, startedAt: null, completedAt: null, record: null },
              activity: { visited: ['01-a'], checks: {}, lastPath: null },
            },
          ],
        },
      },
    };
    const result = readStoredState(JSON.stringify(v1));
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.migratedFrom).toBe(1);
    const unit = result.state.units.m1!;
    expect(unit.current).toMatchObject({
      id: 'a2',
      modules: ['m1'],
      cohort: 'C',
      options: DEFAULT_OPTIONS,
      steps: { pre: { responses: { x: 3 }, knowledge: {} } },
    });
    expect(unit.current.steps.post).toBeUndefined();
    expect(unit.archived[0]).toMatchObject({ id: 'a1', steps: { pre: { record } }, activity: { m1: { visited: ['01-a'] } } });
  });

  it('reports a missing or failing migration as damage, keeping the raw text', () => {
    expect(readStoredState(JSON.stringify({ version: 0 }), {}, 1)).toMatchObject({
      status: 'corrupt',
      reason: expect.stringMatching(/no migration from saved format 0/),
    });
    const failing: Record<number, Migration> = {
      0: () => {
        throw new Error('boom');
      },
    };
    expect(readStoredState(JSON.stringify({ version: 0 }), failing, 1)).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/boom/) });
  });
});

describe('merging two copies (two tabs, this tab and storage, the browser and the LMS)', () => {
  const clock = fakeClock();
  const started = () => setParticipant(stateWithAnswers(), 'MA-07-SA-2');

  it('never replaces a submitted record with unsubmitted answers, whichever side holds it', () => {
    const submitted = completeSteps(started(), submission(started(), 'pre'), clock);
    const stale = setResponse(started(), 'm1', 'attempt-1', 'pre', 'a', 5, clock);
    for (const [a, b] of [
      [submitted, stale],
      [stale, submitted],
    ] as const) {
      const merged = mergeStates(a, b, now);
      expect(merged.state.units.m1!.current.steps.pre!.record).toEqual(submitted.units.m1!.current.steps.pre!.record);
      expect(merged.conflicts).toEqual([]);
      expect(lostRecords(submitted, merged.state)).toEqual([]);
    }
  });

  it('joins unsubmitted answers, the copy changed last winning where both answered', () => {
    const base = started();
    const tabA = setResponse(setResponse(base, 'm1', 'attempt-1', 'pre', 'a', 1, clock), 'm1', 'attempt-1', 'pre', 'b', 1, clock);
    const tabB = setResponse(base, 'm1', 'attempt-1', 'pre', 'b', 5, clock);
    const merged = mergeStates(tabA, tabB, now).state.units.m1!.current.steps.pre!;
    expect(merged.responses).toEqual({ 'att-12-helpful': 4, a: 1, b: 5 });
  });

  it('never brings back the four answers a code is made from, which a copy saved by an earlier version held', () => {
    const old = { ...started(), codeDraft: { parent: 'Maria' } };
    for (const [a, b] of [
      [old, started()],
      [started(), old],
    ] as const)
      expect(JSON.stringify(mergeStates(a, b, now).state)).not.toContain('Maria');
  });

  it('keeps both when two copies hold different submitted records for the same questionnaire, and says so', () => {
    const a = completeSteps(setResponse(started(), 'm1', 'attempt-1', 'pre', 'a', 1, clock), submission(started(), 'pre'), clock);
    const b = completeSteps(setResponse(started(), 'm1', 'attempt-1', 'pre', 'a', 5, clock), submission(started(), 'pre'), clock);
    const merged = mergeStates(a, b, now);
    expect(merged.conflicts).toHaveLength(1);
    expect(merged.conflicts[0]).toMatch(/both are kept/);
    expect(lostRecords(a, merged.state)).toEqual([]);
    expect(lostRecords(b, merged.state)).toEqual([]);
    expect(merged.state.units.m1!.archived.at(-1)!.conflict).toMatchObject({ reason: expect.stringMatching(/two different submitted versions/) });
  });

  it('keeps the most recently started attempt current and archives the other', () => {
    const a = started();
    const later = newAttempt(new Date('2026-11-27T10:00:00Z'), () => 'attempt-2', 'MA-07-SA-2', ['m1']);
    const b: LearnerState = { ...a, units: { m1: { current: later, archived: [a.units.m1!.current] } } };
    const merged = mergeStates(a, b, now).state.units.m1!;
    expect(merged.current.id).toBe('attempt-2');
    expect(merged.archived.map((x) => x.id)).toEqual(['attempt-1']);
  });

  it('forgets no lesson visited when activity from two copies is merged', () => {
    const a = { version: 1 as const, modules: { m1: { visited: ['01'], checks: { q: 0 }, lastPath: '/a/' } } };
    const b = { version: 1 as const, modules: { m1: { visited: ['02'], checks: { r: 1 }, lastPath: '/b/' } } };
    expect(mergeActivity(a, b).modules.m1).toEqual({ visited: ['01', '02'], checks: { q: 0, r: 1 }, lastPath: '/b/' });
  });
});

describe('lesson activity', () => {
  it('reads valid activity and rejects damaged activity', () => {
    const valid = { version: 1, modules: { m1: { visited: ['01-a'], checks: { q: 1 }, lastPath: '/modules/m1/' } } };
    expect(readActivity(JSON.stringify(valid))).toEqual({ state: valid, problem: null });
    expect(readActivity(null)).toEqual({ state: { version: 1, modules: {} }, problem: null });
    const damaged = { state: { version: 1, modules: {} }, problem: 'the record of lessons visited is damaged' };
    expect(readActivity('{"version":1,"modules":{"m1":{"visited":[1]}}}')).toEqual(damaged);
    expect(readActivity('{"version":1,"modules":{"m1":{"visited":[],"checks":{},"lastPath":3}}}')).toEqual(damaged);
    expect(readActivity('not json')).toEqual(damaged);
    expect(readActivity('null')).toEqual(damaged);
  });
});
