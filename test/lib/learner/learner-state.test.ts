import { describe, expect, it } from 'vitest';
import { emptyState, newAttempt, readStoredState, STATE_VERSION, type Migration } from '../../../src/lib/learner/learner-state.ts';
import { readActivity } from '../../../src/lib/learner/activity.ts';

const now = new Date('2026-11-26T10:00:00Z');
const stateWithAnswers = () => {
  const attempt = newAttempt(now, () => 'attempt-1', 'MA-07-SA-2');
  attempt.pre.responses = { 'att-12-helpful': 4 };
  return { ...emptyState(), participant: { code: 'MA-07-SA-2', answers: { parent: 'ma' } }, modules: { m1: { current: attempt, archived: [] } } };
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
    expect(result.status).toBe('corrupt');
    if (result.status === 'corrupt') {
      expect(result.raw).toBe(raw);
      expect(result.reason).toMatch(/not readable/);
      expect(result.state).toEqual(emptyState());
    }
  });

  it('reports valid JSON of the wrong shape, naming the part', () => {
    const state = stateWithAnswers() as any;
    state.modules.m1.current.pre.responses['att-12-helpful'] = 'four';
    const result = readStoredState(JSON.stringify(state));
    expect(result).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/module m1: pre/) });
    expect(readStoredState('[1,2]')).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/no format version/) });
    expect(readStoredState('{"version":1,"participant":null}')).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/modules/) });
  });

  it('refuses data from a newer format instead of misreading it', () => {
    const result = readStoredState(JSON.stringify({ ...stateWithAnswers(), version: STATE_VERSION + 1 }));
    expect(result).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/newer version/) });
  });
});

describe('migrating older formats', () => {
  // A format 1 → 2 change as a future release would add it: responses moved under "answers".
  const migrations: Record<number, Migration> = {
    0: (old) => ({ ...old, modules: old.modules ?? {}, participant: old.participant ?? null }),
  };

  it('applies each step from the stored version to the current one', () => {
    const legacy = { version: 0, participant: { code: 'MA-07-SA-2', answers: {} } };
    const result = readStoredState(JSON.stringify(legacy), migrations, 1);
    expect(result).toEqual({ status: 'ok', migratedFrom: 0, state: { version: 1, participant: { code: 'MA-07-SA-2', answers: {} }, modules: {} } });
  });

  it('reports a missing or failing migration as damage, keeping the raw text', () => {
    expect(readStoredState(JSON.stringify({ version: 0 }), {}, 1)).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/no migration from saved format 0/) });
    const failing = { 0: () => { throw new Error('boom'); } };
    expect(readStoredState(JSON.stringify({ version: 0 }), failing, 1)).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/boom/) });
  });
});

describe('lesson activity', () => {
  it('reads valid activity and rejects damaged activity', () => {
    const valid = { version: 1, modules: { m1: { visited: ['01-a'], checks: { q: 1 }, lastPath: '/modules/m1/' } } };
    expect(readActivity(JSON.stringify(valid))).toEqual({ ok: true, state: valid });
    expect(readActivity('{"version":1,"modules":{"m1":{"visited":[1]}}}')).toMatchObject({ ok: false });
    expect(readActivity('not json')).toMatchObject({ ok: false, state: { version: 1, modules: {} } });
  });
});
