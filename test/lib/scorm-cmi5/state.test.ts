// The wrapper reads the pages' stored state with its own small checks (to stay out of the pages'
// bundles); they must agree with the pages' readers.
import { describe, expect, it } from 'vitest';
import { readStoredState, validateState } from '../../../src/lib/learner/learner-state.ts';
import { readActivity } from '../../../src/lib/learner/activity.ts';
import { readAssignments, cohortFor } from '../../../src/lib/learner/assignments.ts';
import { parseActivity, parseLearner, withCohort } from '../../../src/lib/scorm-cmi5/state.ts';
import { sameJson } from '../../../src/lib/scorm-cmi5/suspend-data.ts';
import { canonicalJson } from '../../../src/lib/util/canonical-json.ts';
import { MODULE, moduleDictionary, moduleState, twoAttempts } from '../../fixtures/lms/course.ts';

const dict = moduleDictionary();

function damagedLearners(): string[] {
  const good = twoAttempts(dict).learner;
  const variants: ((s: any) => void)[] = [
    (s) => (s.modules[MODULE].current.id = 3),
    (s) => (s.modules[MODULE].current.pre.responses['att-12-helpful'] = 'x'),
    (s) => (s.modules[MODULE].current.pre.responses['att-12-helpful'] = 2.5),
    (s) => (s.modules[MODULE].current.demographics.discipline = 4),
    (s) => (s.modules[MODULE].current.post.record = 'x'),
    (s) => (s.modules[MODULE].current.instrument = { id: 'x' }),
    (s) => (s.modules[MODULE].archived = {}),
    (s) => (s.modules[MODULE].archived[0].pre = null),
    (s) => (s.participant = { code: 5, answers: {} }),
    (s) => (s.participant.answers.parent = 1),
    (s) => (s.modules = []),
    (s) => (s.version = 2),
    (s) => delete s.version,
  ];
  return [JSON.stringify(good), '{', 'null', '[]', ...variants.map((change) => {
    const copy = structuredClone(good);
    change(copy);
    return JSON.stringify(copy);
  })];
}

describe('reading the stored state', () => {
  it('agrees with the learner pages on what is readable', () => {
    for (const raw of damagedLearners()) {
      const pages = readStoredState(raw);
      const mine = parseLearner(raw);
      expect(mine.ok, raw.slice(0, 80)).toBe(pages.status === 'ok');
      if (mine.ok && pages.status === 'ok') expect(mine.state).toEqual(pages.state);
    }
    expect(parseLearner(null)).toEqual({ ok: true, state: readStoredState(null).state });
  });

  it('agrees on lesson activity', () => {
    const good = moduleState(dict).activity;
    const samples = [good, { ...good, version: 2 }, { version: 1, modules: { m: { visited: [1], checks: {}, lastPath: null } } }, { version: 1, modules: { m: { visited: [], checks: { a: 'x' }, lastPath: null } } }, { version: 1, modules: { m: { visited: [], checks: {}, lastPath: 3 } } }];
    for (const sample of [...samples.map((s) => JSON.stringify(s)), 'x{', '']) {
      expect(parseActivity(sample).ok, sample.slice(0, 60)).toBe(readActivity(sample || undefined).ok);
    }
  });

  it('compares JSON values like canonical JSON does', () => {
    const a = moduleState(dict).learner;
    const b = JSON.parse(JSON.stringify(a, Object.keys(a).reverse()));
    expect(sameJson(a, structuredClone(a))).toBe(true);
    expect(sameJson({ x: 1, y: undefined }, { x: 1 })).toBe(true);
    expect(sameJson({ x: [1, 2] }, { x: [2, 1] })).toBe(false);
    expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
    expect(validateState(a as unknown as Record<string, unknown>)).toBeNull();
  });

  it('records the launch link cohort where the pages look for it', () => {
    const started = moduleState(dict, { lessonsDone: 0, post: false });
    // Before the first questionnaire is submitted the attempt takes the cohort; after, it keeps its own.
    const fresh = { ...started.learner, modules: { [MODULE]: { ...started.learner.modules[MODULE]!, current: { ...started.learner.modules[MODULE]!.current, pre: { responses: {}, startedAt: null, completedAt: null, record: null } } } } };
    const old = JSON.stringify({ version: 1, list: [{ modules: [MODULE], cohort: 'OLD', due: null, note: null, openedAt: '2026-01-01T00:00:00.000Z' }] });
    const next = withCohort(old, fresh, MODULE, 'Ward 7 2026', new Date('2026-11-26T10:00:00Z'));
    expect(cohortFor(readAssignments(JSON.stringify(next.assignments)), MODULE)).toBe('Ward 7 2026');
    expect(next.learner.modules[MODULE]!.current.cohort).toBe('Ward 7 2026');
    const submitted = withCohort(null, started.learner, MODULE, 'Ward 7 2026', new Date());
    expect(submitted.learner).toBe(started.learner);
  });
});
