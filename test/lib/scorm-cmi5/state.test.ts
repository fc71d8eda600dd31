// The wrapper reads, checks and merges the pages' stored state with the pages' own functions; these tests
// hold it to the promise the pages make: nothing submitted is ever lost, whichever copy arrives last.
import { describe, expect, it } from 'vitest';
import { lostRecords, readStoredState, recordChecksums } from '../../../src/lib/learner/learner-state.ts';
import { emptyActivity } from '../../../src/lib/learner/activity.ts';
import { readAssignments, unitOf } from '../../../src/lib/learner/assignments.ts';
import { DEFAULT_OPTIONS } from '../../../src/lib/learner/learner-state.ts';
import { mergeSnapshot, parseLearner, snapshotProblem, takeSnapshot, withCohort } from '../../../src/lib/scorm-cmi5/state.ts';
import { MODULE, moduleDictionary, moduleState, testClock, twoAttempts } from '../../fixtures/lms/course.ts';

const dict = moduleDictionary();

describe('reading the stored state', () => {
  it('is the pages’ reader: the same verdict and the same (upgraded) state', () => {
    const good = JSON.stringify(twoAttempts(dict).learner);
    for (const raw of [good, '{', 'null', '[]', JSON.stringify({ version: 9 }), JSON.stringify({ ...JSON.parse(good), units: [] })]) {
      const pages = readStoredState(raw);
      const mine = parseLearner(raw);
      expect(mine.ok, raw.slice(0, 60)).toBe(pages.status === 'ok');
      expect(mine.state).toEqual(pages.state);
    }
  });
});

describe('merging the LMS copy', () => {
  it('fills an empty browser with everything from the LMS, relative paths made absolute', () => {
    const state = moduleState(dict);
    const snapshot = takeSnapshot(state.learner, state.activity, MODULE);
    expect(snapshot.activity?.lastPath).toBe('results/');
    const merged = mergeSnapshot(readStoredState(null).state, emptyActivity(), snapshot, '/pkg/modules/mutual-support-basics/');
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.learner.units[MODULE]).toEqual(state.learner.units[MODULE]);
    expect(merged.learner.participant).toEqual({ code: 'MA-07-SA-2', answers: {} });
    expect(merged.activity.modules[MODULE]!.lastPath).toBe('/pkg/modules/mutual-support-basics/results/index.html');
    expect(merged.conflicts).toEqual([]);
  });

  it('never lets the LMS copy replace records submitted in this browser; two different versions are both kept', () => {
    const clock = testClock();
    const browser = moduleState(dict, {}, clock);
    // The LMS holds an older copy of the same attempt (pre only) and, from a crafted or stale session,
    // a different signed "post" for the same attempt.
    const lmsState = structuredClone(browser.learner);
    const other = moduleState(dict, { skipPre: [0] }, testClock('2026-11-27T10:00:00.000Z'));
    lmsState.units[MODULE]!.current.steps.post = structuredClone(other.learner.units[MODULE]!.current.steps.post!);
    const merged = mergeSnapshot(browser.learner, browser.activity, takeSnapshot(lmsState, browser.activity, MODULE), '/m/', new Date('2026-12-01T00:00:00Z'));
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(lostRecords(browser.learner, merged.learner)).toEqual([]);
    expect(merged.learner.units[MODULE]!.current.steps.post!.record!.checksum).toBe(browser.learner.units[MODULE]!.current.steps.post!.record!.checksum);
    expect(recordChecksums(merged.learner).has(other.learner.units[MODULE]!.current.steps.post!.record!.checksum)).toBe(true);
    expect(merged.conflicts).toHaveLength(1);
    expect(merged.learner.units[MODULE]!.archived.at(-1)!.conflict?.reason).toMatch(/two different submitted versions/);
  });

  it('keeps unsubmitted answers and lessons from both copies, and other modules untouched', () => {
    const lms = moduleState(dict, { lessonsDone: 3, post: false });
    const here = structuredClone(lms);
    here.activity.modules[MODULE]!.visited.push('extra-lesson');
    const elsewhere = moduleState(moduleDictionary('referrals-that-work'), { lessonsDone: 1, post: false });
    const browser = { ...here.learner, units: { ...here.learner.units, ...elsewhere.learner.units } };
    const merged = mergeSnapshot(browser, here.activity, takeSnapshot(lms.learner, lms.activity, MODULE), '/m/');
    expect(merged.ok && merged.activity.modules[MODULE]!.visited).toContain('extra-lesson');
    expect(merged.ok && merged.learner.units['referrals-that-work']).toEqual(elsewhere.learner.units['referrals-that-work']);
  });

  it('refuses a damaged or foreign snapshot instead of writing it', () => {
    const state = moduleState(dict);
    const snapshot = structuredClone(takeSnapshot(state.learner, state.activity, MODULE));
    (snapshot.progress!.current as unknown as Record<string, unknown>).id = 7;
    expect(mergeSnapshot(readStoredState(null).state, emptyActivity(), snapshot, '/m/')).toMatchObject({ ok: false });
    const foreign = structuredClone(takeSnapshot(state.learner, state.activity, MODULE));
    foreign.moduleId = 'referrals-that-work';
    expect(snapshotProblem(foreign)).toBe('progress of another module');
  });
});

describe('cohort from the launch link', () => {
  it('makes the module its own unit with the cohort, and never re-tags an attempt under way', () => {
    const started = moduleState(dict, { lessonsDone: 0, post: false });
    const old = JSON.stringify({
      version: 1,
      list: [{ modules: [MODULE, 'referrals-that-work'], cohort: 'OLD', due: null, note: null, openedAt: '2026-01-01T00:00:00.000Z' }],
    });
    const next = withCohort(old, started.learner, MODULE, 'Ward 7 2026', new Date('2026-11-26T10:00:00Z'));
    const unit = unitOf(readAssignments(JSON.stringify(next.assignments)).state, MODULE, DEFAULT_OPTIONS);
    expect(unit).toMatchObject({ modules: [MODULE], cohort: 'Ward 7 2026' });
    expect(next.keptCohort).toEqual({ cohort: null });
    expect(withCohort(null, readStoredState(null).state, MODULE, 'Ward 7 2026', new Date()).keptCohort).toBeNull();
  });
});
